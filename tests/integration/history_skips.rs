//! What the history keeps of a session steered with `n` (next) and `b` (back): the step it
//! ended in and the furthest it reached, what it skipped, and whether it is complete; and
//! what `history` and `stats` say of it. Keys are pressed at set moments on the virtual
//! clock, through the real binary.

use psoas_timer::sinks::history::{HistoryFile, HistoryRecord};

use crate::common::{Output, Test};

/// Seven steps of a minute each.
const SEVEN: &str = r#"
version = 1
name = "Seven steps"

[[steps]]
title = "Arrive"
duration = "1m"

[[steps]]
title = "Breathe"
duration = "1m"

[[steps]]
title = "Soften the jaw"
duration = "1m"

[[steps]]
title = "Soften the belly"
duration = "1m"

[[steps]]
title = "Soften the hips"
duration = "1m"

[[steps]]
title = "Rest"
duration = "1m"

[[steps]]
title = "Coming out"
duration = "1m"
"#;

/// A session of the seven steps on the virtual clock, kept in the history, with each key
/// of `presses` (`AT=KEY`) pressed at its moment.
fn practice(test: Test, presses: &[&str]) -> Output {
    let mut test = test.args(["practice", "--clock", "virtual", "--ui", "quiet", "--log"]);
    for press in presses {
        test = test.args(["--press", press]);
    }
    test.run()
}

/// A home with the seven steps as the user's own `practice`.
fn home() -> Test {
    Test::new().home_file("routines/practice.toml", SEVEN)
}

/// The one record the history in `output`'s home holds.
fn only_record(output: &Output) -> HistoryRecord {
    let loaded = HistoryFile::new(output.home().join("history.jsonl"))
        .read()
        .unwrap();
    assert!(loaded.damaged.is_empty(), "{:?}", loaded.damaged);
    assert_eq!(loaded.records.len(), 1);
    loaded.records.into_iter().next().unwrap()
}

/// Forward to step 4 in the first seconds, back to step 1, stopped in it at 30 s.
const JUMP_AHEAD_AND_BACK: [&str; 8] = [
    "10s=n", "11s=n", "12s=n", // steps 2, 3 and 4
    "20s=b", "21s=b", "21.5s=b", "22s=b", // step 4 again, then 3, 2 and 1
    "30s=q",
];

#[test]
fn a_stop_after_jumping_back_records_the_step_it_stopped_in_and_the_furthest_reached() {
    let output = practice(home(), &JUMP_AHEAD_AND_BACK);
    let record = only_record(&output);
    assert_eq!(record.ended_in_step, Some(1), "stopped in step 1");
    assert_eq!((record.steps_reached, record.steps), (4, 7));
    assert_eq!((record.completed, record.reached_end), (false, Some(false)));
    assert_eq!(record.practiced_ms, 30_000);
    // Each `n` passed over the rest of its step: 50 s, 59 s and 59 s.
    assert_eq!(record.steps_skipped, Some(3));
    assert_eq!(record.skipped_ms, Some(168_000));

    let shown = output.then().args(["history"]).run();
    insta::assert_snapshot!("stop_after_jumping_back_history", shown.stdout);
    let json = output.then().args(["history", "--json"]).run();
    let listed: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(listed[0]["ended_in_step"], 1);
    assert_eq!(listed[0]["steps_reached"], 4);
    assert_eq!(listed[0]["reached_end"], false);
    assert_eq!(listed[0]["practiced_ms"], 30_000);
    let stats = output
        .then()
        .args(["stats", "--as-of", "2000-01-01", "--weeks", "2"])
        .run();
    insta::assert_snapshot!("stop_after_jumping_back_stats", stats.stdout);
}

/// A history with one complete session on the day before the virtual clock's sessions.
const DAY_BEFORE: &str = r#"{"start":"1999-12-31T07:00:00+00:00","routine":"practice","name":"Seven steps","length_ms":420000,"practiced_ms":420000,"completed":true,"reached_end":true,"ended_in_step":7,"steps_reached":7,"steps":7,"skipped_ms":0,"steps_skipped":0,"max_late_us":0}
"#;

#[test]
fn skipping_to_the_end_is_not_complete_and_keeps_no_streak() {
    let presses: Vec<String> = (1..=7).map(|second| format!("{second}s=n")).collect();
    let presses: Vec<&str> = presses.iter().map(String::as_str).collect();
    let output = practice(home(), &presses);
    let record = only_record(&output);
    assert_eq!(record.practiced_ms, 7_000);
    assert_eq!(record.reached_end, Some(true));
    assert!(!record.completed, "seven seconds of seven minutes");
    assert_eq!(record.ended_in_step, Some(7));
    // Six moves to the next step and one past the last, each leaving 59 s behind.
    assert_eq!(record.steps_skipped, Some(7));
    assert_eq!(record.skipped_ms, Some(413_000));

    // The same skip-through after a complete practice the day before.
    let test = home().home_file("history.jsonl", DAY_BEFORE);
    let output = practice(test, &presses);
    let shown = output.then().args(["history"]).run();
    insta::assert_snapshot!("skip_to_the_end_history", shown.stdout);
    let stats = output
        .then()
        .args(["stats", "--as-of", "2000-01-01", "--weeks", "2"])
        .run();
    // The streak is the day before's alone, and the time is the seven seconds practiced.
    insta::assert_snapshot!("skip_to_the_end_stats", stats.stdout);
}

#[test]
fn a_practice_with_its_last_minute_skipped_is_complete() {
    let output = practice(home(), &["6m=n"]);
    let record = only_record(&output);
    assert!(record.completed, "six minutes of seven");
    assert_eq!(
        (record.reached_end, record.steps_skipped, record.skipped_ms),
        (Some(true), Some(1), Some(60_000))
    );
    let shown = output.then().args(["history"]).run();
    assert!(
        shown
            .stdout
            .contains("6m         complete, 1 step skipped\n"),
        "{}",
        shown.stdout
    );
}

#[test]
fn a_key_that_says_ready_before_the_words_end_is_not_a_skip() {
    // Settle begins with words that wait until the practitioner is ready; a key pressed
    // while they are said moves on, as the step asks.
    let output = Test::new()
        .args(["settle", "--clock", "virtual", "--ui", "quiet", "--log"])
        .args(["--press", "3s=n"])
        .run();
    let record = only_record(&output);
    assert!(record.completed);
    assert_eq!(
        (record.steps_skipped, record.skipped_ms),
        (Some(0), Some(0))
    );
    assert!(record.practiced_ms < record.length_ms);
}

/// Lines as the timer wrote them before it kept where a session ended and what it skipped.
const OLDER: &str = r#"{"start":"1999-12-30T07:10:00+01:00","routine":"constructive-rest","name":"Constructive Rest","length_ms":600000,"practiced_ms":600000,"completed":true,"steps_reached":6,"steps":6,"max_late_us":812}
{"start":"1999-12-31T21:40:00+01:00","routine":"constructive-rest","name":"Constructive Rest","length_ms":1200000,"practiced_ms":431250,"completed":false,"steps_reached":3,"steps":6,"max_late_us":1204}
"#;

#[test]
fn an_older_history_reads_as_it_did_and_is_only_added_to() {
    let output = practice(home().home_file("history.jsonl", OLDER), &["30s=q"]);
    let text = output.home_file("history.jsonl");
    assert!(
        text.starts_with(OLDER),
        "the older lines are kept as they were"
    );
    assert_eq!(text.lines().count(), 3);
    let shown = output.then().args(["history"]).run();
    insta::assert_snapshot!("older_lines_history", shown.stdout);
    let json = output.then().args(["history", "--json"]).run();
    let listed: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    // An older line says no more than it knew.
    for older in &listed.as_array().unwrap()[..2] {
        for field in [
            "reached_end",
            "ended_in_step",
            "skipped_ms",
            "steps_skipped",
        ] {
            assert!(older.get(field).is_none(), "{field} in {older}");
        }
    }
    assert_eq!(listed[2]["ended_in_step"], 1);
}

/// What the session says as it ends agrees with what the history records: a skip-through
/// "ended", not "complete".
#[test]
fn the_last_words_of_a_skip_through_say_it_ended() {
    let presses: Vec<String> = (1..=7).map(|second| format!("{second}s=n")).collect();
    let mut test = home().args(["practice", "--clock", "virtual", "--ui", "plain"]);
    for press in &presses {
        test = test.args(["--press", press]);
    }
    let output = test.stdout_has("session ended, practiced 7s of 7m").run();
    assert!(
        !output.stdout.contains("session complete"),
        "{}",
        output.stdout
    );
    practice(home(), &["390s=n"]);
    let mut last_minute = home().args(["practice", "--clock", "virtual", "--ui", "plain"]);
    last_minute = last_minute.args(["--press", "390s=n"]);
    last_minute
        .stdout_has("session complete, practiced 6m 30s of 7m")
        .run();
}
