//! Whole sessions on the virtual clock: the event log is exactly the plan.

use crate::common::{Run, events, field};

fn virtual_log(length: &str) -> String {
    let run = Run::new([
        "constructive-rest",
        "--for",
        length,
        "--clock",
        "virtual",
        "--ui",
        "quiet",
        "--events",
        "-",
    ]);
    let output = run.output();
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert_eq!(output.stderr, "", "quiet mode prints nothing but errors");
    output.stdout
}

fn assert_actual_is_planned(log: &str) {
    for event in events(log) {
        assert_eq!(
            field(&event, "planned_ms"),
            field(&event, "actual_ms"),
            "{event}"
        );
        assert_eq!(field(&event, "late_us"), 0, "{event}");
    }
}

#[test]
fn constructive_rest_for_5_minutes() {
    let log = virtual_log("5m");
    assert_actual_is_planned(&log);
    insta::assert_snapshot!(log);
}

#[test]
fn constructive_rest_for_10_minutes() {
    let log = virtual_log("10m");
    assert_actual_is_planned(&log);
    insta::assert_snapshot!(log);
}

#[test]
fn constructive_rest_for_20_minutes() {
    let log = virtual_log("20m");
    assert_actual_is_planned(&log);
    insta::assert_snapshot!(log);
}

#[test]
fn the_default_length_is_ten_minutes() {
    let run = Run::new([
        "constructive-rest",
        "--clock",
        "virtual",
        "--ui",
        "quiet",
        "--events",
        "-",
    ]);
    let output = run.output();
    assert_eq!(output.stdout, virtual_log("10m"));
}

#[test]
fn events_can_go_to_a_file() {
    let run = Run::new(["constructive-rest", "--clock", "virtual", "--ui", "quiet"]);
    let path = run.home().join("events.jsonl");
    let mut command = run.command();
    let status = command
        .args(["--events", path.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let log = std::fs::read_to_string(&path).unwrap();
    let last = events(&log).pop().unwrap();
    assert_eq!(last["event"], "session_end");
    assert_eq!(last["completed"], true);
    assert_eq!(field(&last, "practiced_ms"), 600_000);
}

#[test]
fn plain_mode_prints_a_line_per_event() {
    let output = Run::new([
        "constructive-rest",
        "--for",
        "5m",
        "--clock",
        "virtual",
        "--ui",
        "plain",
    ])
    .output();
    assert_eq!(output.code, 0);
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn show_prints_the_timeline() {
    let output = Run::new(["show", "constructive-rest", "--for", "20m"]).output();
    assert_eq!(output.code, 0);
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn list_names_the_builtins_and_the_users_own() {
    let run = Run::new(["list"]);
    let routines = run.home().join("routines");
    std::fs::create_dir_all(&routines).unwrap();
    std::fs::copy("tests/fixtures/quick.toml", routines.join("quick.toml")).unwrap();
    std::fs::write(routines.join("broken.toml"), "version = 1\n").unwrap();
    let output = run.output();
    assert_eq!(output.code, 0);
    let stdout = output.stdout.replace(run.home().to_str().unwrap(), "$HOME");
    insta::assert_snapshot!(stdout);
}
