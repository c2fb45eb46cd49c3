//! Every session that starts is recorded, whole, however it ends; a killed session never
//! harms the lines before it; concurrent sessions never interleave.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use psoas_timer::sinks::history::{HistoryFile, HistoryRecord, Loaded};

const BIN: &str = env!("CARGO_BIN_EXE_psoas-timer");

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

fn home_with(routine: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("routines")).unwrap();
    std::fs::write(home.path().join("routines/practice.toml"), routine).unwrap();
    home
}

fn psoas(home: &Path) -> Command {
    let mut command = Command::new(BIN);
    command.env("PSOAS_TIMER_HOME", home);
    command
}

fn read(home: &Path) -> Loaded {
    HistoryFile::new(home.join("history.jsonl")).read().unwrap()
}

/// Starts a real-clock session and waits until it shows its first step.
fn start_real_session(home: &Path) -> Child {
    let mut child = psoas(home)
        .args(["practice", "--ui", "plain", "--no-sound"])
        .env("TZ", "JST-9") // nine hours east of UTC, written the POSIX way
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

fn run_virtual_logged(home: &Path) {
    let status = psoas(home)
        .args(["practice", "--clock", "virtual", "--ui", "quiet", "--log"])
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
fn stop_with(signal: nix::sys::signal::Signal, expected_code: i32) -> HistoryRecord {
    let home = home_with(SLOW);
    let mut child = start_real_session(home.path());
    std::thread::sleep(Duration::from_millis(1_200));
    nix::sys::signal::kill(child_pid(&child), signal).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(expected_code));
    let loaded = read(home.path());
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
    let home = home_with(SLOW);
    for _ in 0..3 {
        run_virtual_logged(home.path());
    }
    let before = std::fs::read(home.path().join("history.jsonl")).unwrap();
    let mut child = start_real_session(home.path());
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap(); // SIGKILL: nothing in the session gets to run
    child.wait().unwrap();
    let after = std::fs::read(home.path().join("history.jsonl")).unwrap();
    assert_eq!(after, before, "a killed session must not touch the file");
    run_virtual_logged(home.path());
    let loaded = read(home.path());
    assert!(loaded.damaged.is_empty(), "{:?}", loaded.damaged);
    assert_eq!(loaded.records.len(), 4);
}

#[test]
fn twenty_concurrent_sessions_append_twenty_whole_lines() {
    let home = home_with(QUICK);
    let children: Vec<Child> = (0..20)
        .map(|_| {
            psoas(home.path())
                .args(["practice", "--clock", "virtual", "--ui", "quiet", "--log"])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let text = std::fs::read_to_string(home.path().join("history.jsonl")).unwrap();
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
    let home = home_with(QUICK);
    let run = |args: &[&str]| {
        let status = psoas(home.path())
            .args(["practice", "--ui", "quiet", "--no-sound"])
            .args(args)
            .status()
            .unwrap();
        assert!(status.success());
    };
    run(&["--clock", "virtual"]);
    run(&["--clock", "virtual", "--no-log"]);
    assert!(!home.path().join("history.jsonl").exists());
    run(&["--clock", "virtual", "--log"]);
    let record = read(home.path()).records.remove(0);
    assert_eq!(record.start.to_string(), "2000-01-01T00:00:00+00:00");
    assert_eq!(record.max_late_us, 0, "the virtual clock is never late");
}

#[test]
fn settings_can_turn_history_off() {
    let home = home_with(SLOW);
    std::fs::write(home.path().join("config.toml"), "history = false\n").unwrap();
    let mut child = start_real_session(home.path());
    std::thread::sleep(Duration::from_millis(200));
    #[cfg(unix)]
    nix::sys::signal::kill(child_pid(&child), nix::sys::signal::Signal::SIGTERM).unwrap();
    #[cfg(not(unix))]
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!home.path().join("history.jsonl").exists());
}

/// The process id of a child, as the signal calls take it.
#[cfg(unix)]
fn child_pid(child: &std::process::Child) -> nix::unistd::Pid {
    nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("a process id fits"))
}
