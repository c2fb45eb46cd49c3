//! Each mistake gets a clear message naming what is wrong and where, and a documented
//! exit code; none of them panics.

use crate::common::{Test, fixture};

/// Every file in the broken corpus fails `check` with exit code 3 and its own diagnostic.
#[test]
fn broken_routine_files() {
    insta::glob!("../fixtures/broken", "*.toml", |path| {
        let relative = path.strip_prefix(crate::common::root()).unwrap();
        let output = Test::new()
            .args(["check", relative.to_str().unwrap()])
            .status(3)
            .stderr_lacks("panicked")
            .run();
        assert!(output.stderr.starts_with("error: "), "{}", output.stderr);
        insta::assert_snapshot!(output.snapshot());
    });
}

#[test]
fn running_a_broken_file_shows_the_same_diagnostic() {
    Test::new()
        .args(["run", &fixture("broken/unknown-key.toml")])
        .status(3)
        .stderr_has("unknown-key.toml:6:1")
        .run();
}

#[test]
fn a_missing_file() {
    let output = Test::new()
        .args(["run", "no/such/routine.toml"])
        .status(4)
        .run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn an_unknown_routine_name_suggests_the_closest() {
    let output = Test::new().args(["constructive-rst"]).status(4).run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn a_length_outside_the_routines_range() {
    let output = Test::new()
        .args(["constructive-rest", "--for", "45m"])
        .status(2)
        .run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn a_length_for_a_routine_that_cannot_change() {
    let output = Test::new()
        .args(["run", &fixture("quick.toml"), "--for", "10s"])
        .status(2)
        .run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn a_length_that_is_not_a_duration() {
    Test::new()
        .args(["constructive-rest", "--for", "ten minutes"])
        .status(2)
        .stderr_has("`ten minutes` is not a duration")
        .run();
}

#[test]
fn a_session_over_a_day() {
    Test::new()
        .args(["constructive-rest", "--for", "25h"])
        .status(2)
        .stderr_has("longer than 24 hours")
        .run();
}

#[test]
fn check_reports_good_and_bad_files_together() {
    let output = Test::new()
        .args(["check", "routines/constructive-rest.toml"])
        .args([
            fixture("broken/zero-duration.toml").as_str(),
            "nowhere.toml",
        ])
        // The worst problem decides the exit code.
        .status(4)
        .run();
    insta::assert_snapshot!(output.snapshot());
}

/// A reader that goes away (`| head`) ends the command quietly: no panic, no message.
#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    let test = Test::new().args(["show", "psoas-slow-flow-50", "--format", "json"]);
    let mut child = test
        .command()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_breath_for_a_routine_that_paces_none() {
    let output = Test::new()
        .args(["show", "constructive-rest", "--breath", "4-6"])
        .status(2)
        .run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn an_exhale_longer_than_a_breath_phase_may_be() {
    Test::new()
        .args(["show", "extended-exhale", "--exhale-to", "90s"])
        .status(2)
        .stderr_has("`90s` is outside the 1s to 60s")
        .run();
}
