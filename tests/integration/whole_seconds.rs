//! Times shown to people are whole seconds, and a table's rows add up to its total:
//! `show`, the handout and the plain display. Milliseconds stay in the event log and JSON.

use crate::common::Test;

/// Seconds in a clock face: `03:41`, `1:05:00`.
fn face_seconds(face: &str) -> u64 {
    face.split(':')
        .fold(0, |total, part| total * 60 + part.parse::<u64>().unwrap())
}

/// Seconds in a length as shown: `2m 12s`, `1h 5m`. Panics on anything finer.
fn length_seconds(length: &str) -> u64 {
    length
        .split_whitespace()
        .map(|part| {
            let (number, unit) = part.split_at(part.len() - 1);
            let number: u64 = number
                .parse()
                .unwrap_or_else(|_| panic!("`{length}` is not whole seconds"));
            number
                * match unit {
                    "h" => 3600,
                    "m" => 60,
                    "s" => 1,
                    _ => panic!("`{length}` is not whole seconds"),
                }
        })
        .sum()
}

/// The rows of a `show` table as (start, length, title), and the end: its columns are
/// the start (8 wide), the length (10 wide), then the step.
fn table(shown: &str) -> (Vec<(u64, u64, String)>, u64) {
    let mut rows = Vec::new();
    let mut end = None;
    for line in shown
        .lines()
        .skip_while(|l| !l.contains("start    length"))
        .skip(1)
    {
        let (start, length, step) = (&line[2..10], &line[11..21], &line[22..]);
        if step == "end" {
            end = Some(face_seconds(start.trim()));
        } else {
            rows.push((
                face_seconds(start.trim()),
                length_seconds(length.trim()),
                step.to_owned(),
            ));
        }
    }
    (rows, end.expect("the table has an end"))
}

/// Each row starts where the one before it ends, and the last ends at the end.
fn assert_adds_up(shown: &str) -> Vec<(u64, u64, String)> {
    let (rows, end) = table(shown);
    let mut at = 0;
    for (start, length, title) in &rows {
        assert_eq!(
            *start, at,
            "{title} starts where the row before ends:\n{shown}"
        );
        at = start + length;
    }
    assert_eq!(at, end, "the rows add up to the session:\n{shown}");
    rows
}

fn show(args: &[&str]) -> String {
    Test::new()
        .args(["show"])
        .args(args.iter().copied())
        .run()
        .stdout
}

#[test]
fn extended_exhale_for_5_minutes_adds_up() {
    let shown = show(&["extended-exhale", "--for", "5m"]);
    assert_adds_up(&shown);
    insta::assert_snapshot!(shown);
}

#[test]
fn the_yin_holds_last_whole_minutes() {
    for length in ["45m", "1h"] {
        let shown = show(&["psoas-yin", "--for", length]);
        let rows = assert_adds_up(&shown);
        let holds = [
            "bridge",
            "Sphinx",
            "lunge",
            "saddle",
            "butterfly",
            "Legs up",
        ];
        let mut seen = 0;
        for (_, seconds, title) in &rows {
            if holds.iter().any(|hold| title.contains(hold)) {
                assert_eq!(seconds % 60, 0, "{title} lasts whole minutes at {length}");
                seen += 1;
            }
        }
        assert_eq!(seen, 8, "six poses, two of them on each side");
        insta::assert_snapshot!(format!("psoas_yin_for_{length}"), shown);
    }
}

/// Eleven breaths lengthening by a second last a half second more than a whole one, so
/// later steps begin between two seconds; the table still adds up.
#[test]
fn a_table_adds_up_where_steps_end_between_seconds() {
    let shown = show(&["psoas-slow-flow-30", "--exhale-to", "7s"]);
    assert_adds_up(&shown);
    let json = show(&[
        "psoas-slow-flow-30",
        "--exhale-to",
        "7s",
        "--format",
        "json",
    ]);
    assert!(
        json.contains("500,"),
        "the plan keeps its milliseconds: some step ends on a half second"
    );
}

#[test]
fn the_handout_adds_up() {
    let shown = show(&["extended-exhale", "--for", "12m", "--format", "markdown"]);
    let rows: Vec<(u64, u64)> = shown
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(':'))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            let start = face_seconds(cells[0].trim_start_matches("| "));
            let length = cells[2].trim_end_matches(" |").trim();
            (
                start,
                if length.is_empty() || length == "|" {
                    0
                } else {
                    length_seconds(length)
                },
            )
        })
        .collect();
    assert!(rows.len() > 3, "{shown}");
    for pair in rows.windows(2) {
        assert_eq!(pair[0].0 + pair[0].1, pair[1].0, "{shown}");
    }
}

/// The plain display shows lengths in whole seconds, and breath phases that change across
/// a step to the tenth of a second.
#[test]
fn the_plain_display_shows_no_milliseconds() {
    let output = Test::new()
        .args([
            "extended-exhale",
            "--for",
            "8m",
            "--clock",
            "virtual",
            "--ui",
            "plain",
        ])
        .run();
    assert!(!output.stdout.contains("ms"), "{}", output.stdout);
    assert!(
        output.stdout.contains("  exhale 6.1s\n"),
        "{}",
        output.stdout
    );
    assert!(
        output.stdout.contains("Paced breath (4m 57s)"),
        "{}",
        output.stdout
    );
}
