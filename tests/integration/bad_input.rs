//! Each mistake gets a clear message naming what is wrong and where, and a documented
//! exit code; none of them panics.

use crate::common::{Output, Run, fixture};

fn snapshot_text(output: &Output) -> String {
    format!(
        "exit code: {}\n--- stdout\n{}--- stderr\n{}",
        output.code, output.stdout, output.stderr
    )
}

/// Every file in the broken corpus fails `check` with exit code 3 and its own diagnostic.
#[test]
fn broken_routine_files() {
    insta::glob!("../fixtures/broken", "*.toml", |path| {
        let relative = path.strip_prefix(crate::common::root()).unwrap();
        let output = Run::new(["check", relative.to_str().unwrap()]).output();
        assert_eq!(output.code, 3, "{}", output.stderr);
        assert!(output.stderr.starts_with("error: "), "{}", output.stderr);
        assert!(!output.stderr.contains("panicked"));
        insta::assert_snapshot!(snapshot_text(&output));
    });
}

#[test]
fn running_a_broken_file_shows_the_same_diagnostic() {
    let output = Run::new(["run", &fixture("broken/unknown-key.toml")]).output();
    assert_eq!(output.code, 3);
    assert!(
        output.stderr.contains("unknown-key.toml:6:1"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_missing_file() {
    let output = Run::new(["run", "no/such/routine.toml"]).output();
    assert_eq!(output.code, 4);
    insta::assert_snapshot!(snapshot_text(&output));
}

#[test]
fn an_unknown_routine_name_suggests_the_closest() {
    let output = Run::new(["constructive-rst"]).output();
    assert_eq!(output.code, 4);
    insta::assert_snapshot!(snapshot_text(&output));
}

#[test]
fn a_length_outside_the_routines_range() {
    let output = Run::new(["constructive-rest", "--for", "45m"]).output();
    assert_eq!(output.code, 2);
    insta::assert_snapshot!(snapshot_text(&output));
}

#[test]
fn a_length_for_a_routine_that_cannot_change() {
    let output = Run::new(["run", &fixture("quick.toml"), "--for", "10s"]).output();
    assert_eq!(output.code, 2);
    insta::assert_snapshot!(snapshot_text(&output));
}

#[test]
fn a_length_that_is_not_a_duration() {
    let output = Run::new(["constructive-rest", "--for", "ten minutes"]).output();
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("`ten minutes` is not a duration"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_session_over_a_day() {
    let output = Run::new(["constructive-rest", "--for", "25h"]).output();
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("longer than 24 hours"),
        "{}",
        output.stderr
    );
}

#[test]
fn check_reports_good_and_bad_files_together() {
    let output = Run::new([
        "check",
        "routines/constructive-rest.toml",
        &fixture("broken/zero-duration.toml"),
        "nowhere.toml",
    ])
    .output();
    assert_eq!(output.code, 4, "the worst problem decides the exit code");
    insta::assert_snapshot!(snapshot_text(&output));
}

/// A reader that goes away (`| head`) ends the command quietly: no panic, no message.
#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    let run = Run::new(["show", "psoas-slow-flow-50", "--format", "json"]);
    let mut child = run
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
    let output = Run::new(["show", "constructive-rest", "--breath", "4-6"]).output();
    assert_eq!(output.code, 2);
    insta::assert_snapshot!(snapshot_text(&output));
}

#[test]
fn an_exhale_longer_than_a_breath_phase_may_be() {
    let output = Run::new(["show", "extended-exhale", "--exhale-to", "90s"]).output();
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("`90s` is outside the 1s to 60s"),
        "{}",
        output.stderr
    );
}
