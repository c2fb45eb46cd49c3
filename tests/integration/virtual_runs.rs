//! Whole sessions on the virtual clock: the event log is exactly the plan.

use crate::common::{Test, assert_on_time, events, field, fixture};

fn virtual_log(length: &str) -> String {
    let mut args = vec!["constructive-rest"];
    if !length.is_empty() {
        args.extend(["--for", length]);
    }
    let output = Test::new()
        .args(args)
        .args(["--clock", "virtual", "--ui", "quiet", "--events", "-"])
        // Quiet mode prints nothing but errors.
        .stderr("")
        .run();
    output.stdout
}

#[test]
fn constructive_rest_for_9_minutes() {
    let log = virtual_log("9m");
    assert_on_time(&log);
    insta::assert_snapshot!(log);
}

#[test]
fn constructive_rest_for_10_minutes() {
    let log = virtual_log("10m");
    assert_on_time(&log);
    insta::assert_snapshot!(log);
}

#[test]
fn constructive_rest_for_20_minutes() {
    let log = virtual_log("20m");
    assert_on_time(&log);
    insta::assert_snapshot!(log);
}

#[test]
fn the_default_length_is_ten_minutes() {
    assert_eq!(virtual_log(""), virtual_log("10m"));
}

#[test]
fn events_can_go_to_a_file() {
    let output = Test::new()
        .args(["constructive-rest", "--clock", "virtual", "--ui", "quiet"])
        .args(["--events", "{dir}/events.jsonl"])
        .stdout("")
        .run();
    let log = std::fs::read_to_string(output.dir().join("events.jsonl")).unwrap();
    let last = events(&log).pop().unwrap();
    assert_eq!(last["event"], "session_end");
    assert_eq!(last["completed"], true);
    assert_eq!(field(&last, "practiced_ms"), 600_000);
}

#[test]
fn plain_mode_prints_a_line_per_event() {
    let output = Test::new()
        .args([
            "constructive-rest",
            "--for",
            "9m",
            "--clock",
            "virtual",
            "--ui",
            "plain",
        ])
        .run();
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn show_prints_the_timeline() {
    let output = Test::new()
        .args(["show", "constructive-rest", "--for", "20m"])
        .run();
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn list_names_the_builtins_and_the_users_own() {
    let quick = std::fs::read_to_string(fixture("quick.toml")).unwrap();
    let output = Test::new()
        .home_file("routines/quick.toml", &quick)
        .home_file("routines/broken.toml", "version = 1\n")
        .args(["list"])
        .run();
    insta::assert_snapshot!(output.stdout.replace("[HOME]", "$HOME"));
}
