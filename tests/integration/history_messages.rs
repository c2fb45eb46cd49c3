//! What `history`, `stats` and a session say about a damaged history and a settings file
//! with a mistake, through the real binary.

use crate::common::{Test, settings_row};

const GOOD: &str = r#"{"start":"2026-11-28T07:10:00+01:00","routine":"constructive-rest","name":"Constructive Rest","length_ms":600000,"practiced_ms":600000,"completed":true,"steps_reached":5,"steps":5,"max_late_us":812}"#;
const STOPPED: &str = r#"{"start":"2026-11-29T21:40:00+01:00","routine":"constructive-rest","name":"Constructive Rest","length_ms":1200000,"practiced_ms":431250,"completed":false,"steps_reached":3,"steps":5,"max_late_us":1204}"#;

/// A home whose history has a damaged line between two good ones.
fn with_broken_history() -> Test {
    let lines = [GOOD, r#"{"start":"2026-11-29T07:"#, STOPPED];
    Test::new().home_file("history.jsonl", &(lines.join("\n") + "\n"))
}

#[test]
fn history_skips_a_broken_line_and_names_it() {
    let output = with_broken_history().args(["history"]).run();
    insta::assert_snapshot!(output.stderr, @"warning: line 2 of [HOME]/history.jsonl is damaged and was skipped (EOF while parsing a string, at character 24); every other line is read as usual");
    insta::assert_snapshot!(output.stdout, @r"
    #  When              Routine            Length    Practiced  Ended
    1  2026-11-28 07:10  Constructive Rest  10m       10m        complete
    2  2026-11-29 21:40  Constructive Rest  20m       7m 11s     stopped, reached step 3 of 5
    ");
    // Reading never rewrites the file.
    let after = output.home_file("history.jsonl");
    assert!(after.contains(r#"{"start":"2026-11-29T07:"#));
}

#[test]
fn stats_count_every_readable_line() {
    let output = with_broken_history()
        .args(["stats", "--as-of", "2026-11-30", "--weeks", "3"])
        .stderr_has("line 2 of [HOME]/history.jsonl")
        .run();
    insta::assert_snapshot!(output.stdout, @r"
    Your practice up to Monday 30 November 2026

      Total           17m 11s in 2 sessions (1 stopped early)
      This week       no sessions yet
      This month      17m 11s in 2 sessions (1 stopped early)
      Current streak  2 days
      Longest streak  2 days, 2026-11-28 to 2026-11-29

      By routine
        Constructive Rest  17m 11s in 2 sessions (1 stopped early)

      The last 3 weeks
           Nov   Dec
      Mon  ·  ·  ·
      Tue  ·  ·
      Wed  ·  ·
      Thu  ·  ·
      Fri  ·  ·
      Sat  ·  ▒
      Sun  ·  ░
           · none   ░ under 10m   ▒ under 30m   ▓ under 1h   █ 1h or more
    ");
}

#[test]
fn history_as_json_is_a_list_of_records() {
    let output = with_broken_history()
        .args(["history", "--json", "-n", "1"])
        .run();
    let records: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(records.as_array().map(Vec::len), Some(1));
    assert_eq!(records[0]["completed"], false);
    assert_eq!(records[0]["start"], "2026-11-29T21:40:00+01:00");
}

#[test]
fn an_empty_history_invites_a_first_session() {
    let output = Test::new()
        .args(["history"])
        .stdout_has("No sessions recorded yet")
        .run();
    output
        .then()
        .args(["stats"])
        .stdout_has("No sessions recorded yet")
        .run();
}

/// What a session says on standard error when the settings have this mistake; it always
/// ends with exit code 2.
fn settings_error(settings: &str) -> String {
    Test::new()
        .config(settings)
        .args(["constructive-rest", "--clock", "virtual", "--ui", "quiet"])
        .status(2)
        .run()
        .stderr
}

#[test]
fn a_bad_setting_names_its_key_line_and_what_is_allowed() {
    let message = settings_error("voice = true\n\nvolume = \"loud\"\n");
    insta::assert_snapshot!(message, @r#"
error: `volume` cannot be "loud"; it can be a whole number from 0 (silent) to 100 (full)
  --> [HOME]/config.toml:3:10
  |
3 | volume = "loud"
  |          ^^^^^^
"#);
    let message = settings_error("volume = 101\n");
    assert!(message.contains("`volume` cannot be 101"), "{message}");
    let message = settings_error("display = \"fancy\"\n");
    insta::assert_snapshot!(message, @r#"
error: `display` cannot be "fancy"; it can be "full", "plain" or "quiet"
  --> [HOME]/config.toml:1:11
  |
1 | display = "fancy"
  |           ^^^^^^^
"#);
}

#[test]
fn an_unknown_setting_is_named() {
    let message = settings_error("voice = false\ncolour = \"blue\"\n");
    insta::assert_snapshot!(message, @r#"
error: `colour` is not a setting; the settings are volume, voice, counts, display, history, and the [length], [sound] and [speech] tables
  --> [HOME]/config.toml:2:1
  |
2 | colour = "blue"
  | ^^^^^^
"#);
}

#[test]
fn a_bad_length_setting_is_named() {
    let message = settings_error("[length]\nconstructive-rest = \"ten minutes\"\n");
    insta::assert_snapshot!(message, @r#"
error: `length.constructive-rest` cannot be "ten minutes": `ten minutes` is not a duration; write an amount with a unit, like "90s", "10m" or "1h 5m"
  --> [HOME]/config.toml:2:21
  |
2 | constructive-rest = "ten minutes"
  |                     ^^^^^^^^^^^^^
"#);
    let message = settings_error("[length]\nconstructive-rest = \"45m\"\n");
    insta::assert_snapshot!(message, @"error: Constructive Rest can last from 9m to 23m; 45m is outside that; that length comes from `length.constructive-rest` in [HOME]/config.toml, and `--for` chooses another");
}

#[test]
fn settings_choose_the_length_and_flags_override_them() {
    let session = ["constructive-rest", "--clock", "virtual", "--log"];
    let quiet = Test::new()
        .config("display = \"quiet\"\n[length]\nconstructive-rest = \"15m\"\n")
        .args(session)
        // The settings ask for a quiet display.
        .stdout("")
        .run();
    let plain = quiet
        .then()
        .args(session)
        .args(["--ui", "plain", "--for", "9m"])
        .run();
    assert!(!plain.stdout.is_empty());
    let lengths: Vec<u64> = plain
        .home_file("history.jsonl")
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["length_ms"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(lengths, [15 * 60_000, 9 * 60_000]);
}

#[test]
fn settings_init_writes_a_file_once_and_never_overwrites_it() {
    let shown = Test::new()
        .args(["settings"])
        .stdout_has("[HOME]/config.toml (not there yet")
        .run();
    assert_eq!(
        settings_row(&shown.stdout, "history"),
        ("on", "default"),
        "{}",
        shown.stdout
    );
    let written = shown.then().args(["settings", "--init"]).run();
    assert!(written.home_file("config.toml").contains("# volume = 60"));
    let again = written
        .then()
        .config("history = false\n")
        .args(["settings", "--init"])
        .status(1)
        .stderr_has("already exists")
        .run();
    assert_eq!(again.home_file("config.toml"), "history = false\n");
    let shown = again.then().args(["settings"]).run();
    assert_eq!(
        settings_row(&shown.stdout, "history"),
        ("off", "settings file"),
        "{}",
        shown.stdout
    );
}

#[test]
fn a_history_that_cannot_be_written_is_reported_after_the_session() {
    let test = Test::new();
    std::fs::create_dir(test.home().join("history.jsonl")).unwrap();
    let output = test
        .args(["constructive-rest", "--clock", "virtual", "--log"])
        .status(1)
        .stdout_has("session complete")
        .run();
    assert!(
        output.stderr.starts_with(
            "error: this session could not be added to the practice history [HOME]/history.jsonl:"
        ),
        "{}",
        output.stderr
    );
}
