//! Notes on sessions, through the real binary: `--note` on a session, `note` later on the
//! last session or another by its number in `history`, how `history` shows them, and what
//! a note that will not do is told. Also what a session's record keeps of its pauses and
//! each step's changed time.

use psoas_timer::sinks::history::{HistoryFile, Loaded};

use crate::common::{Output, Test};

/// Two steps of a minute each.
const SHORT: &str = r#"
version = 1
name = "Two steps"

[[steps]]
title = "Arrive"
duration = "1m"

[[steps]]
title = "Rest"
duration = "1m"
"#;

/// A home with the two steps as the user's own `short`.
fn home() -> Test {
    Test::new().home_file("routines/short.toml", SHORT)
}

/// What `history` shows in `output`'s home, in a table 60 columns wide.
fn history(output: &Output) -> String {
    output
        .then()
        .args(["history"])
        .env("COLUMNS", "60")
        .run()
        .stdout
}

/// A session of `short` on the virtual clock, kept in the history, with `extra` arguments.
fn practice(test: Test, extra: &[&str]) -> Output {
    test.args(["short", "--clock", "virtual", "--ui", "quiet", "--log"])
        .args(extra)
        .run()
}

/// What the history in `output`'s home holds.
fn loaded(output: &Output) -> Loaded {
    HistoryFile::new(output.home().join("history.jsonl"))
        .read()
        .unwrap()
}

#[test]
fn a_record_keeps_the_pause_the_last_title_and_each_step_changed() {
    let output = practice(
        home(),
        &[
            "--press", "10s=p", "--press", "25s=p", // paused 15 s
            "--press", "40s=+", // a minute more for "Arrive"
            "--press", "100s=n", // 35 s of it passed over: 85 s in, it ends at 120 s
            "--press", "110s=q",
        ],
    );
    let record = loaded(&output).records.remove(0);
    assert_eq!(record.paused_ms, Some(15_000));
    assert_eq!(record.ended_in_title.as_deref(), Some("Rest"));
    let changes: Vec<(usize, &str, u64, u64)> = record
        .step_changes
        .as_ref()
        .unwrap()
        .iter()
        .map(|c| (c.step, c.title.as_str(), c.skipped_ms, c.added_ms))
        .collect();
    assert_eq!(changes, [(1, "Arrive", 35_000, 60_000)]);
}

#[test]
fn a_note_on_the_session_and_later_ones_are_shown_under_it() {
    let first = practice(
        home(),
        &[
            "--note",
            "Hips softer than last week; the breath came easily once the jaw let go, and the floor felt warm.",
        ],
    );
    let second = practice(first.then(), &["--press", "30s=q"]);
    second
        .then()
        .args(["note", "Stopped for the door."])
        .stdout("Noted on session 2, Two steps at 2000-01-01 00:00.\n")
        .run();
    // The first, by its number: both began at the virtual clock's fixed moment.
    second
        .then()
        .args(["note", "--session", "1", "Slept\tafter\u{1b}[31m it."])
        .run();
    insta::assert_snapshot!(history(&second), @r"
    #  When              Routine    Length    Practiced  Ended
    1  2000-01-01 00:00  Two steps  2m        2m         complete
         Hips softer than last week; the breath came easily once
         the jaw let go, and the floor felt warm.
         Slept after it.
    2  2000-01-01 00:00  Two steps  2m        30s        stopped in step 1 of 2
         Stopped for the door.
    ");
    let json = second.then().args(["history", "--json"]).run();
    let listed: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        listed[1]["notes"],
        serde_json::json!(["Stopped for the door."])
    );
    // The lines written are never rewritten: each later note is a line of its own.
    let file = second.home_file("history.jsonl");
    let lines: Vec<&str> = file.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[2].starts_with(r#"{"note":"Stopped for the door.","session":"2000-01-01T00:00:00+00:00","same_start":2,"written":"#));
    assert!(lines[3].starts_with(
        r#"{"note":"Slept after it.","session":"2000-01-01T00:00:00+00:00","written":"#
    ));
}

#[test]
fn a_long_note_is_shortened_in_the_table_and_whole_in_json() {
    let long = "Rest. ".repeat(40);
    let output = practice(home(), &["--note", &long]);
    insta::assert_snapshot!(history(&output), @r"
    #  When              Routine    Length    Practiced  Ended
    1  2000-01-01 00:00  Two steps  2m        2m         complete
         Rest. Rest. Rest. Rest. Rest. Rest. Rest. Rest. Rest.
         Rest. Rest. Rest. Rest. Rest. Rest. Rest. Rest. Rest.…
    ");
    let json = output.then().args(["history", "--json"]).run();
    let listed: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(listed[0]["notes"][0], long.trim());
}

#[test]
fn a_note_that_will_not_do_is_told_and_nothing_is_written() {
    Test::new()
        .args(["note", "Calm."])
        .status(2)
        .stderr(
            "error: there are no sessions in the practice history to note yet; \
             `psoas-timer history add` adds one practiced away from the timer\n",
        )
        .run();
    let output = practice(home(), &[]);
    let too_long = "a".repeat(2001);
    for (args, message) in [
        (
            &["note", " \t\u{1b}[2J "][..],
            "error: the note takes some words, at most 2000 characters, not `  \u{fffd}[2J `\n",
        ),
        (
            &["short", "--clock", "virtual", "--log", "--note", ""],
            "error: --note takes some words, at most 2000 characters, not nothing\n",
        ),
        (
            &["short", "--clock", "virtual", "--log", "--note", &too_long],
            "error: --note takes some words, at most 2000 characters, not `2001 characters`\n",
        ),
        (
            &["note", "--session", "2", "Calm."],
            "error: --session takes a session's number in `psoas-timer history`, from 1 to 1, not `2`\n",
        ),
        (
            &["note", "--session", "0", "Calm."],
            "error: --session takes a whole number from 1, not `0`\n",
        ),
    ] {
        output.then().args(args).status(2).stderr(message).run();
    }
    assert_eq!(output.home_file("history.jsonl").lines().count(), 1);
}
