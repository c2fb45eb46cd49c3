//! What `history`, `stats` and a session say about a damaged history and a settings file
//! with a mistake, through the real binary.

use std::path::Path;

use assert_cmd::Command;

const GOOD: &str = r#"{"start":"2026-11-28T07:10:00+01:00","routine":"constructive-rest","name":"Constructive Rest","length_ms":600000,"practiced_ms":600000,"completed":true,"steps_reached":5,"steps":5,"max_late_us":812}"#;
const STOPPED: &str = r#"{"start":"2026-11-29T21:40:00+01:00","routine":"constructive-rest","name":"Constructive Rest","length_ms":1200000,"practiced_ms":431250,"completed":false,"steps_reached":3,"steps":5,"max_late_us":1204}"#;

fn psoas(home: &Path) -> Command {
    let mut command = Command::cargo_bin("psoas-timer").unwrap();
    command.env("PSOAS_TIMER_HOME", home);
    command
}

/// The output with the temporary folder's path replaced, so snapshots are stable.
fn text(bytes: &[u8], home: &Path) -> String {
    String::from_utf8_lossy(bytes).replace(&home.display().to_string(), "[HOME]")
}

fn home_with_broken_history() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let lines = [GOOD, r#"{"start":"2026-11-29T07:"#, STOPPED];
    std::fs::write(home.path().join("history.jsonl"), lines.join("\n") + "\n").unwrap();
    home
}

#[test]
fn history_skips_a_broken_line_and_names_it() {
    let home = home_with_broken_history();
    let output = psoas(home.path()).arg("history").output().unwrap();
    assert!(output.status.success());
    insta::assert_snapshot!(text(&output.stderr, home.path()), @"warning: line 2 of [HOME]/history.jsonl is damaged and was skipped (EOF while parsing a string, at character 24); every other line is read as usual");
    insta::assert_snapshot!(text(&output.stdout, home.path()), @r"
    When              Routine            Length    Practiced  Ended
    2026-11-28 07:10  Constructive Rest  10m       10m        complete
    2026-11-29 21:40  Constructive Rest  20m       7m 11s     stopped in step 3 of 5
    ");
    // Reading never rewrites the file.
    let after = std::fs::read_to_string(home.path().join("history.jsonl")).unwrap();
    assert!(after.contains(r#"{"start":"2026-11-29T07:"#));
}

#[test]
fn stats_count_every_readable_line() {
    let home = home_with_broken_history();
    let output = psoas(home.path())
        .args(["stats", "--as-of", "2026-11-30", "--weeks", "3"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(text(&output.stderr, home.path()).contains("line 2 of [HOME]/history.jsonl"));
    insta::assert_snapshot!(text(&output.stdout, home.path()), @r"
    Your practice up to Monday 30 November 2026

      Total           17m in 2 sessions (1 stopped early)
      This week       no sessions yet
      This month      17m in 2 sessions (1 stopped early)
      Current streak  2 days
      Longest streak  2 days, 2026-11-28 to 2026-11-29

      By routine
        Constructive Rest  17m in 2 sessions (1 stopped early)

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
    let home = home_with_broken_history();
    let output = psoas(home.path())
        .args(["history", "--json", "-n", "1"])
        .output()
        .unwrap();
    let records: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(records.as_array().map(Vec::len), Some(1));
    assert_eq!(records[0]["completed"], false);
    assert_eq!(records[0]["start"], "2026-11-29T21:40:00+01:00");
}

#[test]
fn an_empty_history_invites_a_first_session() {
    let home = tempfile::tempdir().unwrap();
    for verb in ["history", "stats"] {
        let output = psoas(home.path()).arg(verb).output().unwrap();
        assert!(output.status.success());
        assert!(String::from_utf8_lossy(&output.stdout).contains("No sessions recorded yet"));
    }
}

fn settings_error(settings: &str) -> (i32, String) {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("config.toml"), settings).unwrap();
    let output = psoas(home.path())
        .args(["constructive-rest", "--clock", "virtual", "--ui", "quiet"])
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        text(&output.stderr, home.path()),
    )
}

#[test]
fn a_bad_setting_names_its_key_line_and_what_is_allowed() {
    let (code, message) = settings_error("voice = true\n\nvolume = \"loud\"\n");
    assert_eq!(code, 2);
    insta::assert_snapshot!(message, @r#"error: [HOME]/config.toml:3: `volume` cannot be "loud"; it can be a whole number from 0 (silent) to 100 (full)"#);
    let (_, message) = settings_error("volume = 101\n");
    assert!(message.contains("`volume` cannot be 101"), "{message}");
    let (_, message) = settings_error("display = \"fancy\"\n");
    insta::assert_snapshot!(message, @r#"error: [HOME]/config.toml:1: `display` cannot be "fancy"; it can be "full", "plain" or "quiet""#);
}

#[test]
fn an_unknown_setting_is_named() {
    let (code, message) = settings_error("voice = false\ncolour = \"blue\"\n");
    assert_eq!(code, 2);
    insta::assert_snapshot!(message, @"error: [HOME]/config.toml:2: `colour` is not a setting; the settings are volume, voice, display, history and the [length] table");
}

#[test]
fn a_bad_length_setting_is_named() {
    let (_, message) = settings_error("[length]\nconstructive-rest = \"ten minutes\"\n");
    insta::assert_snapshot!(message, @r#"error: [HOME]/config.toml:2: `length.constructive-rest`: `ten minutes` is not a duration; write an amount with a unit, like "90s", "10m" or "1h 5m""#);
    let (code, message) = settings_error("[length]\nconstructive-rest = \"45m\"\n");
    assert_eq!(code, 2);
    insta::assert_snapshot!(message, @"error: Constructive Rest can last from 5m to 20m; 45m is outside that; that length comes from `length.constructive-rest` in [HOME]/config.toml, and `--for` chooses another");
}

#[test]
fn settings_choose_the_length_and_flags_override_them() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("config.toml"),
        "display = \"quiet\"\n[length]\nconstructive-rest = \"15m\"\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let output = psoas(home.path())
            .args(["constructive-rest", "--clock", "virtual", "--log"])
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success());
        output.stdout
    };
    assert!(run(&[]).is_empty(), "the settings ask for a quiet display");
    assert!(!run(&["--ui", "plain", "--for", "5m"]).is_empty());
    let text = std::fs::read_to_string(home.path().join("history.jsonl")).unwrap();
    let lengths: Vec<u64> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["length_ms"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(lengths, [15 * 60_000, 5 * 60_000]);
}

#[test]
fn settings_init_writes_a_file_once_and_never_overwrites_it() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("config.toml");
    let shown = psoas(home.path()).arg("settings").output().unwrap();
    let shown = text(&shown.stdout, home.path());
    assert!(
        shown.contains("[HOME]/config.toml (not there yet"),
        "{shown}"
    );
    assert_eq!(row(&shown, "history"), ["on", "default"], "{shown}");
    psoas(home.path())
        .args(["settings", "--init"])
        .assert()
        .success();
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("# volume = 60"));
    std::fs::write(&file, "history = false\n").unwrap();
    let again = psoas(home.path())
        .args(["settings", "--init"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr, home.path()).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "history = false\n");
    let shown = psoas(home.path()).arg("settings").output().unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert_eq!(
        row(&shown, "history"),
        ["off", "settings", "file"],
        "{shown}"
    );
}

/// The words of the row of `settings` that starts with `name`, after the name.
fn row<'a>(shown: &'a str, name: &str) -> Vec<&'a str> {
    let line = shown
        .lines()
        .find(|line| line.trim_start().starts_with(name))
        .unwrap_or_else(|| panic!("no {name} in {shown}"));
    line.split_whitespace().skip(1).collect()
}

#[test]
fn a_history_that_cannot_be_written_is_reported_after_the_session() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join("history.jsonl")).unwrap();
    let output = psoas(home.path())
        .args(["constructive-rest", "--clock", "virtual", "--log"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("session complete"));
    let message = text(&output.stderr, home.path());
    assert!(
        message.starts_with(
            "error: this session could not be added to the practice history [HOME]/history.jsonl:"
        ),
        "{message}"
    );
}
