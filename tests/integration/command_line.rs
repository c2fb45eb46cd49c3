//! The command line as a new user meets it: nothing at all is a welcome, a typo is answered
//! with what was meant, and a value a flag will not take is told with the flag, the value
//! and what the flag takes.

use crate::common::Test;

/// A session in the history, on 30 November 2026.
const ONE_SESSION: &str = r#"{"start":"2026-11-30T07:00:00+00:00","routine":"settle","name":"Settle","length_ms":300000,"practiced_ms":300000,"completed":true,"reached_end":true,"ended_in_step":3,"steps_reached":3,"steps":3,"skipped_ms":0,"steps_skipped":0,"max_late_us":0}
"#;

#[test]
fn nothing_at_all_is_a_welcome() {
    let output = Test::new().run();
    assert!(output.stdout.contains("  psoas-timer constructive-rest\n"));
    // Every routine `list` shows, as `list` shows it.
    let list = Test::new().args(["list"]).run();
    for line in list.stdout.lines().skip(1).take_while(|l| !l.is_empty()) {
        assert!(output.stdout.contains(line), "{line}");
    }
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn a_mistyped_verb_is_found_among_the_verbs() {
    let output = Test::new().args(["lsit"]).status(4).run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn a_mistyped_routine_is_found_among_the_routines() {
    let output = Test::new().args(["constructive-rset"]).status(4).run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn an_unknown_flag_gets_the_closest() {
    let output = Test::new().args(["--fro", "15m"]).status(2).run();
    insta::assert_snapshot!(output.snapshot());
    Test::new()
        .args(["show", "constructive-rest", "--fromat", "json"])
        .status(2)
        .stderr_has("tip: a similar argument exists: '--format'")
        .run();
}

#[test]
fn a_length_after_the_routine_is_meant_for_the_length() {
    let output = Test::new()
        .args(["constructive-rest", "5m"])
        .status(2)
        .run();
    insta::assert_snapshot!(output.snapshot());
    Test::new()
        .args(["run", "extended-exhale", "4-6", "--ui", "plain"])
        .status(2)
        .stderr("error: `4-6` is a word too many; did you mean `psoas-timer run extended-exhale --breath 4-6 --ui plain`?\n")
        .run();
}

#[test]
fn a_volume_may_have_a_percent_sign() {
    let with = Test::new()
        .args(["settings", "--volume", "50%"])
        .stdout_has("50")
        .run();
    let without = Test::new().args(["settings", "--volume", "50"]).run();
    assert_eq!(with.stdout, without.stdout);
    let output = Test::new()
        .args(["constructive-rest", "--volume", "loud"])
        .status(2)
        .run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn a_count_of_sessions_starts_at_one() {
    let output = Test::new().args(["history", "-n", "0"]).status(2).run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn a_day_is_today_yesterday_or_an_iso_date() {
    let output = Test::new()
        .args(["stats", "--as-of", "last tuesday"])
        .status(2)
        .run();
    insta::assert_snapshot!(output.snapshot());
    let test = Test::new().home_file("history.jsonl", ONE_SESSION);
    let yesterday = jiff::ZonedDateTime::now()
        .date()
        .yesterday()
        .unwrap()
        .to_string();
    let named = test.args(["stats", "--as-of", "yesterday"]).run();
    let dated = named
        .then()
        .args(["stats", "--as-of", yesterday.as_str()])
        .run();
    assert_eq!(named.stdout, dated.stdout);
    let today = jiff::ZonedDateTime::now().date().to_string();
    let named = named.then().args(["stats", "--as-of", "today"]).run();
    let dated = named
        .then()
        .args(["stats", "--as-of", today.as_str()])
        .run();
    assert_eq!(named.stdout, dated.stdout);
}

#[test]
fn a_day_before_the_first_session_says_when_that_was() {
    let output = Test::new()
        .home_file("history.jsonl", ONE_SESSION)
        .args(["stats", "--as-of", "2020-01-01"])
        .run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn help_has_help() {
    let output = Test::new().args(["help", "--help"]).run();
    let help = Test::new().args(["--help"]).run();
    assert_eq!(output.stdout, help.stdout);
    let list = Test::new().args(["help", "list", "--help"]).run();
    assert_eq!(
        list.stdout,
        Test::new().args(["list", "--help"]).run().stdout
    );
}

/// Every flag that takes a value tells a wrong one the same way: the flag, what it takes,
/// and the value.
#[test]
fn every_value_is_refused_in_one_wording() {
    let mut refused = String::new();
    for args in [
        &["constructive-rest", "--for", "ten minutes"][..],
        &["constructive-rest", "--breath", "4-x"],
        &["extended-exhale", "--exhale-to", "90s"],
        &["constructive-rest", "--sound", "bell"],
        &["constructive-rest", "--sound", "gong=a.wav"],
        &["constructive-rest", "--volume-of", "bellz=40"],
        &["constructive-rest", "--volume-of", "bells=400"],
        &["constructive-rest", "--speech-engine", "robot"],
        &["constructive-rest", "--speech-rate", "fast"],
        &["constructive-rest", "--speech-pitch", "100"],
        &["constructive-rest", "--volume", "101"],
        &["constructive-rest", "--clock", "later"],
        &["constructive-rest", "--ui", "fll"],
        &["show", "constructive-rest", "--format", "pdf"],
        &["stats", "--weeks", "53"],
        &["render", "settle", "-o", "a.wav", "--rate", "96000"],
        &["render", "settle", "-o", "a.wav", "--channels", "3"],
    ] {
        let output = Test::new().args(args).status(2).run();
        let flag = args.iter().rev().nth(1).unwrap();
        let value = args.last().unwrap();
        let line = output.stderr.lines().next().unwrap_or_default();
        assert_eq!(output.stderr.lines().count(), 1, "{}", output.stderr);
        assert!(line.starts_with(&format!("error: {flag} ")), "{line}");
        assert!(
            line.contains(" takes ") || line.contains(" cannot be "),
            "{line}"
        );
        assert!(
            line.contains(&format!("`{value}`")) || value.contains('='),
            "{line}"
        );
        refused.push_str(line);
        refused.push('\n');
    }
    insta::assert_snapshot!(refused);
}
