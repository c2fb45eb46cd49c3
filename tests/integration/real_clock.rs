//! Sessions on the real clock: generous bounds here; strict figures belong in benchmarks.

use std::time::Duration;

use crate::common::{Run, events, field, fixture};

/// Every cue of a three-second routine comes within 50 ms of plan, and so does the end.
#[test]
fn a_short_routine_keeps_time() {
    let output = Run::new([
        "run",
        &fixture("quick.toml"),
        "--ui",
        "quiet",
        "--no-sound",
        "--events",
        "-",
    ])
    .output();
    assert_eq!(output.code, 0, "{}", output.stderr);
    let events = events(&output.stdout);
    let cues: Vec<_> = events
        .iter()
        .filter(|e| e["event"] != "session_start" && e["event"] != "session_end")
        .collect();
    assert!(cues.len() >= 10, "only {} cues", cues.len());
    for event in &events {
        let late = field(event, "actual_ms").abs_diff(field(event, "planned_ms"));
        assert!(late <= 50, "{late} ms off plan: {event}");
        assert!(field(event, "late_us") <= 50_000, "{event}");
    }
    let end = events.last().unwrap();
    assert_eq!(end["event"], "session_end");
    assert_eq!(field(end, "planned_ms"), 3_000);
}

/// Ctrl-C ends the session cleanly: a summary, the end in the log, exit code 130.
#[cfg(unix)]
#[test]
fn ctrl_c_ends_with_a_summary() {
    let run = Run::new(["run", &fixture("quick.toml"), "--ui", "plain", "--no-sound"]);
    let log = run.home().join("events.jsonl");
    let mut command = run.command();
    command
        .args(["--events", log.to_str().unwrap()])
        .stdout(std::process::Stdio::piped());
    let child = command.spawn().unwrap();
    std::thread::sleep(Duration::from_millis(1_200));
    let pid = i32::try_from(child.id()).unwrap();
    assert!(
        std::process::Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last_line = stdout.lines().last().unwrap();
    assert!(
        last_line.contains("session stopped, practiced 1s of 3s"),
        "{last_line}"
    );
    let end = events(&std::fs::read_to_string(log).unwrap())
        .pop()
        .unwrap();
    assert_eq!(end["event"], "session_end");
    assert_eq!(end["completed"], false);
}
