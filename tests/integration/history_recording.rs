//! Every session that starts is recorded, whole, however it ends; a killed session never
//! harms the lines before it; concurrent sessions never interleave.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

use psoas_timer::sinks::history::{HistoryFile, HistoryRecord, Loaded};

use crate::common::{Output, Test};

/// A routine whose first step lasts long enough to be interrupted.
const SLOW: &str = r#"
version = 1
name = "Slow settle"

[[steps]]
title = "Arrive"
duration = "30s"

[[steps]]
title = "Rest"
duration = "30s"
"#;

/// A routine short enough to run many times on the virtual clock.
const QUICK: &str = r#"
version = 1
name = "Quick check"

[[steps]]
title = "Breathe"
duration = "2m"
breath = { inhale = "4s", exhale = "6s" }

[[steps]]
title = "Rest"
duration = "1m"
"#;

/// A home with this routine as the user's own `practice`.
fn home_with(routine: &str) -> Test {
    Test::new().home_file("routines/practice.toml", routine)
}

/// The practice routine on the virtual clock, kept in the history.
const VIRTUAL_LOGGED: [&str; 6] = ["practice", "--clock", "virtual", "--ui", "quiet", "--log"];

/// The history in `home`, read as the timer reads it.
fn read(home: &Path) -> Loaded {
    HistoryFile::new(home.join("history.jsonl")).read().unwrap()
}

/// The practice routine on the real clock, in plain lines, in a zone nine hours east of UTC
/// (written the POSIX way).
fn real_session(test: Test) -> Test {
    test.args(["practice", "--ui", "plain", "--no-sound"])
        .env("TZ", "JST-9")
}

/// Starts a real-clock session and waits until it shows its first step.
fn start(session: &Test) -> Child {
    let mut child = session
        .command()
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let first_step = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|line| line.contains("step 1 of 2"));
    assert!(first_step, "the session never showed its first step");
    // Keep reading in the background so the session never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    child
}

/// Runs the practice routine on the virtual clock, kept in the history, after `earlier`.
fn run_virtual_logged(earlier: &Output) -> Output {
    earlier.then().args(VIRTUAL_LOGGED).run()
}

#[cfg(unix)]
fn stop_with(signal: nix::sys::signal::Signal, expected_code: i32) -> HistoryRecord {
    let session = real_session(home_with(SLOW));
    let mut child = start(&session);
    std::thread::sleep(Duration::from_millis(1_200));
    nix::sys::signal::kill(child_pid(&child), signal).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(expected_code));
    let loaded = read(&session.home());
    assert!(loaded.damaged.is_empty(), "{:?}", loaded.damaged);
    assert_eq!(
        loaded.records.len(),
        1,
        "the stopped session is recorded once"
    );
    loaded.records.into_iter().next().unwrap()
}

#[cfg(unix)]
fn assert_partial(record: &HistoryRecord) {
    assert_eq!(record.routine, "practice");
    assert_eq!(record.name, "Slow settle");
    assert!(!record.completed);
    assert_eq!(record.length_ms, 60_000);
    assert_eq!((record.steps_reached, record.steps), (1, 2));
    assert!(
        (1_000..30_000).contains(&record.practiced_ms),
        "practiced {} ms",
        record.practiced_ms
    );
    // The start is today's wall-clock time, not the virtual clock's fixed moment, in whole
    // seconds and with the local offset.
    assert!(record.start.timestamp.as_second() > 1_700_000_000);
    assert_eq!(record.start.offset, jiff::tz::offset(9));
    assert_eq!(
        record.start.to_string().len(),
        "2026-11-30T07:15:02+09:00".len()
    );
}

#[cfg(unix)]
#[test]
fn sigterm_records_the_partial_session() {
    let record = stop_with(nix::sys::signal::Signal::SIGTERM, 128 + 15);
    assert_partial(&record);
}

#[cfg(unix)]
#[test]
fn ctrl_c_records_the_partial_session() {
    let record = stop_with(nix::sys::signal::Signal::SIGINT, 128 + 2);
    assert_partial(&record);
}

#[test]
fn sigkill_leaves_every_earlier_line_intact() {
    let mut earlier = home_with(SLOW).args(VIRTUAL_LOGGED).run();
    for _ in 0..2 {
        earlier = run_virtual_logged(&earlier);
    }
    let before = std::fs::read(earlier.home().join("history.jsonl")).unwrap();
    let session = real_session(earlier.then());
    let mut child = start(&session);
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap(); // SIGKILL: nothing in the session gets to run
    child.wait().unwrap();
    let after = std::fs::read(earlier.home().join("history.jsonl")).unwrap();
    assert_eq!(after, before, "a killed session must not touch the file");
    let last = run_virtual_logged(&earlier);
    let loaded = read(&last.home());
    assert!(loaded.damaged.is_empty(), "{:?}", loaded.damaged);
    assert_eq!(loaded.records.len(), 4);
}

#[test]
fn twenty_concurrent_sessions_append_twenty_whole_lines() {
    let session = home_with(QUICK).args(VIRTUAL_LOGGED);
    let children: Vec<Child> = (0..20)
        .map(|_| session.command().spawn().unwrap())
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let text = std::fs::read_to_string(session.home().join("history.jsonl")).unwrap();
    assert!(text.ends_with('\n'));
    assert_eq!(text.lines().count(), 20);
    for line in text.lines() {
        let record: HistoryRecord = serde_json::from_str(line).unwrap();
        assert!(record.completed);
        assert_eq!(record.practiced_ms, 180_000);
        assert_eq!(record.steps_reached, 2);
    }
}

#[test]
fn previews_and_no_log_are_not_recorded() {
    let preview = [
        "practice",
        "--ui",
        "quiet",
        "--no-sound",
        "--clock",
        "virtual",
    ];
    let first = home_with(QUICK).args(preview).run();
    let second = first.then().args(preview).args(["--no-log"]).run();
    assert!(!second.home().join("history.jsonl").exists());
    let logged = second.then().args(preview).args(["--log"]).run();
    let record = read(&logged.home()).records.remove(0);
    assert_eq!(record.start.to_string(), "2000-01-01T00:00:00+00:00");
    assert_eq!(record.max_late_us, 0, "the virtual clock is never late");
}

#[test]
fn settings_can_turn_history_off() {
    let session = real_session(home_with(SLOW).config("history = false\n"));
    let mut child = start(&session);
    std::thread::sleep(Duration::from_millis(200));
    #[cfg(unix)]
    nix::sys::signal::kill(child_pid(&child), nix::sys::signal::Signal::SIGTERM).unwrap();
    #[cfg(not(unix))]
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!session.home().join("history.jsonl").exists());
}

/// The process id of a child, as the signal calls take it.
#[cfg(unix)]
fn child_pid(child: &std::process::Child) -> nix::unistd::Pid {
    nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("a process id fits"))
}
