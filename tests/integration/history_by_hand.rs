//! `history add`: a session practiced away from the timer, through the real binary. It is
//! recorded as told, counts in `stats` and streaks like a complete session, and `history`
//! says it was added by hand; `history` alone still lists, with its flags.

use psoas_timer::sinks::history::HistoryFile;

use crate::common::{Output, Test};

/// `history add` with `args`, in local time UTC.
fn add(test: Test, args: &[&str]) -> Output {
    test.args(["history", "add"])
        .args(args)
        .env("TZ", "UTC")
        .run()
}

#[test]
fn a_session_added_by_hand_is_listed_and_counted_like_a_complete_one() {
    let first = add(
        Test::new(),
        &["constructive-rest", "--at", "2026-11-29", "--length", "15m"],
    );
    assert_eq!(
        first.stdout, "Added Constructive Rest, 15m at 2026-11-29 12:00.\n",
        "a day alone is at noon"
    );
    let second = add(
        first.then(),
        &[
            "constructive-rest",
            "--at",
            "2026-11-30 7:30",
            "--length",
            "20m",
            "--note",
            "At the studio, on the wooden floor.",
        ],
    );
    let loaded = HistoryFile::new(second.home().join("history.jsonl"))
        .read()
        .unwrap();
    let record = &loaded.records[1];
    assert!(record.by_hand && record.completed);
    assert_eq!(
        (record.length_ms, record.practiced_ms),
        (1_200_000, 1_200_000)
    );
    assert_eq!(record.start.to_string(), "2026-11-30T07:30:00+00:00");
    assert_eq!(record.notes, ["At the studio, on the wooden floor."]);
    assert_eq!(
        (record.ended_in_step, record.skipped_ms, record.paused_ms),
        (None, None, None),
        "nothing is known of its steps"
    );

    let shown = second.then().args(["history"]).env("TZ", "UTC").run();
    insta::assert_snapshot!(shown.stdout, @r"
    #  When              Routine            Length    Practiced  Ended
    1  2026-11-29 12:00  Constructive Rest  15m       15m        complete, added by hand
    2  2026-11-30 07:30  Constructive Rest  20m       20m        complete, added by hand
         At the studio, on the wooden floor.
    ");
    for flags in [&["-n", "5"][..], &["--all"]] {
        let listed = second
            .then()
            .args(["history"])
            .args(flags)
            .env("TZ", "UTC")
            .run();
        assert_eq!(listed.stdout, shown.stdout, "{flags:?}");
    }
    let json = second.then().args(["history", "--json"]).run();
    let listed: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(listed[0]["by_hand"], true);
    let stats = second
        .then()
        .args(["stats", "--as-of", "2026-11-30", "--weeks", "1"])
        .env("TZ", "UTC")
        .run();
    assert!(
        stats.stdout.contains("35m in 2 sessions\n"),
        "{}",
        stats.stdout
    );
    assert!(
        stats.stdout.contains("Current streak  2 days"),
        "{}",
        stats.stdout
    );
}

#[test]
fn a_session_that_cannot_be_added_is_told_and_nothing_is_written() {
    let wrong = [
        (
            &["constructve-rest", "--at", "today", "--length", "5m"][..],
            4,
            "error: no routine is called `constructve-rest`; did you mean `constructive-rest`?\n",
        ),
        (
            &["constructive-rest", "--at", "tomorrow", "--length", "5m"],
            2,
            "error: --at takes a day and a time of day in local time, like 2026-11-30 07:30, \
             today 7:30 or yesterday 21:00, or a day alone: today, yesterday or YYYY-MM-DD, \
             not `tomorrow`\n",
        ),
        (
            &["constructive-rest", "--at", "today 7.30", "--length", "5m"],
            2,
            "error: --at takes a day and a time of day in local time, like 2026-11-30 07:30, \
             today 7:30 or yesterday 21:00, or a day alone: today, yesterday or YYYY-MM-DD, \
             not `today 7.30`\n",
        ),
        (
            &["constructive-rest", "--at", "today", "--length", "0s"],
            2,
            "error: --length takes a length with its unit, like 20m or 1h 5m, from 1s up to \
             24h, not `0s`\n",
        ),
        (
            &[
                "constructive-rest",
                "--at",
                "today",
                "--length",
                "5m",
                "--note",
                " ",
            ],
            2,
            "error: --note takes some words, at most 2000 characters, not nothing\n",
        ),
    ];
    // An empty history to add to.
    let test = Test::new().args(["history"]).run();
    for (args, status, message) in wrong {
        test.then()
            .args(["history", "add"])
            .args(args)
            .status(status)
            .stderr(message)
            .run();
    }
    // The future, whatever today is.
    let future = test
        .then()
        .args(["history", "add", "constructive-rest", "--length", "5m"])
        .args(["--at", "2999-01-01 07:00"])
        .status(2)
        .run();
    assert!(
        future
            .stderr
            .starts_with("error: --at takes a moment that has passed (it is "),
        "{}",
        future.stderr
    );
    assert!(future.stderr.ends_with("now), not `2999-01-01 07:00`\n"));
    assert!(!test.home().join("history.jsonl").exists());
}
