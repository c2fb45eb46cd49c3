//! Sessions on the real clock: generous bounds here; strict figures belong in benchmarks.

#[cfg(unix)]
use std::time::Duration;

#[cfg(unix)]
use crate::common::events;
use crate::common::{Test, field, fixture};

/// Every cue of a three-second routine comes within 50 ms of plan, and so does the end.
#[test]
fn a_short_routine_keeps_time() {
    let output = Test::new()
        .args(["run", &fixture("quick.toml"), "--ui", "quiet", "--no-sound"])
        .args(["--events", "-"])
        .run();
    let events = output.events();
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
    let test = Test::new()
        .args(["run", &fixture("quick.toml"), "--ui", "plain", "--no-sound"])
        .args(["--events", "{dir}/events.jsonl"]);
    let child = test
        .command()
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
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
    let log = std::fs::read_to_string(test.dir().join("events.jsonl")).unwrap();
    let end = events(&log).pop().unwrap();
    assert_eq!(end["event"], "session_end");
    assert_eq!(end["completed"], false);
}
