//! The plain display as a user meets it: rows that fit the terminal, a quit that asks first
//! when a person types it, and a word while the last bowl rings out.

use crate::common::Test;

/// A step whose words run long, with a word no row can hold and one in wide characters.
const WORDY: &str = r#"version = 1
name = "Wordy"

[[steps]]
title = "Arrive, and let the whole weight of the body be taken by the floor"
duration = "1m"
text = """
Lie down with your knees bent and your feet flat on the floor, about hip width apart, and let your arms rest wherever they are comfortable.
Supercalifragilisticexpialidociousnessandthensomemore is one word.
休息してください、ゆっくりと息を吐きます。 Then rest.
"""
"#;

fn wordy_at(columns: &str) -> String {
    Test::new()
        .routine("wordy.toml", WORDY)
        .env("COLUMNS", columns)
        .args(["{dir}/wordy.toml", "--clock", "virtual", "--ui", "plain"])
        .run()
        .stdout
}

#[test]
fn plain_lines_wrap_at_40_columns() {
    let out = wordy_at("40");
    for line in out.lines() {
        assert!(!line.is_ascii() || line.len() <= 40, "{line:?}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn plain_lines_wrap_at_80_columns() {
    let out = wordy_at("80");
    insta::assert_snapshot!(out);
}

/// With no width given and no terminal, rows are 80 cells, as they are for a log.
#[test]
fn without_a_terminal_plain_lines_are_80_wide() {
    let out = Test::new()
        .routine("wordy.toml", WORDY)
        .args(["{dir}/wordy.toml", "--clock", "virtual", "--ui", "plain"])
        .run()
        .stdout;
    assert_eq!(out, wordy_at("80"));
}
