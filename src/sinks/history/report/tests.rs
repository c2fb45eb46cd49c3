//! The report of a history with every kind of session, as lines of the file.

use jiff::civil::date;
use serde_json::{Value, json};

use super::summary::{NOTE_CHARS, NOTES_SHOWN};
use super::{Gathering, Scope, Summary, html, markdown};
use crate::sinks::history::HistoryRecord;
use crate::sinks::history::file::parse;

/// A line for a session of constructive rest begun at `start` with `fields` changed.
fn line(start: &str, fields: &Value) -> String {
    let mut record = json!({
        "start": start, "routine": "constructive-rest", "name": "Constructive Rest",
        "length_ms": 1_200_000, "practiced_ms": 1_200_000, "completed": true,
        "reached_end": true, "ended_in_step": 3, "steps_reached": 3, "steps": 3,
        "skipped_ms": 0, "steps_skipped": 0, "max_late_us": 900,
        "paused_ms": 0, "ended_in_title": "Rest", "step_changes": [],
    });
    for (key, value) in fields.as_object().unwrap() {
        if value.is_null() {
            record.as_object_mut().unwrap().remove(key);
        } else {
            record[key] = value.clone();
        }
    }
    record.to_string()
}

/// Every kind of session, and two the report leaves out (before the period, after today).
fn history() -> Vec<HistoryRecord> {
    let lines = [
        line("2026-11-02T07:00:00+01:00", &json!({})),
        line(
            "2026-11-05T07:10:00+01:00",
            &json!({"notes": ["Felt *calm* <b>today</b> & [slept](x) well | `ok`"]}),
        ),
        // Stopped mid-step, after passing over part of the first, with a pause.
        line(
            "2026-11-10T21:40:00+01:00",
            &json!({
                "practiced_ms": 431_000, "completed": false, "reached_end": false,
                "ended_in_step": 2, "ended_in_title": "Knees to the side", "steps_reached": 2,
                "skipped_ms": 30_000, "steps_skipped": 1, "paused_ms": 95_000,
                "step_changes": [{"step": 1, "title": "Arrive", "skipped_ms": 30_000}],
                "notes": ["Hip hurt on the left side; I came out of it slowly."],
            }),
        ),
        // Time added to the last step.
        line(
            "2026-11-12T07:05:00+01:00",
            &json!({
                "length_ms": 1_320_000, "practiced_ms": 1_320_000,
                "step_changes": [{"step": 3, "title": "Rest", "added_ms": 120_000}],
            }),
        ),
        // Reached the end by passing over most of the last step.
        line(
            "2026-11-18T07:00:00+01:00",
            &json!({
                "practiced_ms": 700_000, "completed": false, "skipped_ms": 500_000,
                "steps_skipped": 1, "paused_ms": 20_000,
                "step_changes": [{"step": 3, "title": "Rest", "skipped_ms": 500_000}],
            }),
        ),
        line(
            "2026-11-20T18:00:00+01:00",
            &json!({
                "by_hand": true, "length_ms": 900_000, "practiced_ms": 900_000,
                "paused_ms": null, "ended_in_title": null, "step_changes": null,
                "notes": ["Practiced in the park"],
            }),
        ),
        // An older line, from before pauses, titles and step changes were kept.
        r#"{"start":"2026-11-25T07:00:00+01:00","routine":"constructive-rest","name":"Constructive Rest","length_ms":1200000,"practiced_ms":300000,"completed":false,"steps_reached":2,"steps":3,"max_late_us":1204}"#.to_owned(),
        line(
            "2026-11-26T07:00:00+01:00",
            &json!({
                "practiced_ms": 0, "completed": false, "reached_end": false,
                "ended_in_step": 0, "ended_in_title": null, "steps_reached": 0,
            }),
        ),
        line(
            "2026-12-01T22:00:00+01:00",
            &json!({
                "routine": "long-exhale", "name": "Long exhale", "length_ms": 600_000,
                "practiced_ms": 600_000, "paused_ms": 12_000, "ended_in_title": "Breathe out",
            }),
        ),
        line("2026-12-03T07:00:00+01:00", &json!({})),
    ];
    let loaded = parse(lines.join("\n").as_bytes());
    assert!(loaded.damaged.is_empty(), "{:?}", loaded.damaged);
    loaded.records
}

fn scope(routine: Option<&str>) -> Scope {
    Scope {
        made: date(2026, 12, 2),
        since: Some(date(2026, 11, 4)),
        routine: routine.map(str::to_owned),
    }
}

fn summary(records: &[HistoryRecord], scope: Scope) -> Summary {
    let mut gathering = Gathering::new(scope);
    for record in records {
        gathering.add(record);
    }
    gathering.finish()
}

#[test]
fn the_summary_of_every_kind_of_session() {
    insta::assert_debug_snapshot!(summary(&history(), scope(None)));
}

#[test]
fn the_markdown_report_of_every_kind_of_session() {
    insta::assert_snapshot!(markdown::render(&summary(&history(), scope(None))));
}

#[test]
fn the_html_report_escapes_what_came_from_the_history_and_runs_nothing() {
    let page = html::render(&summary(&history(), scope(None)));
    assert!(page.contains("Felt *calm* &lt;b&gt;today&lt;/b&gt; &amp; [slept](x) well"));
    assert!(!page.contains("<b>"));
    for forbidden in [
        "<script", "http://", "https://", "src=", "href=", "@import", "url(",
    ] {
        let found = page.replace("http://www.w3.org/2000/svg", "");
        assert!(!found.contains(forbidden), "{forbidden}");
    }
    assert_eq!(page.matches("<svg").count(), 1);
}

#[test]
fn a_routine_asked_for_reports_only_its_sessions_in_any_case() {
    let records = history();
    let report = summary(&records, scope(Some("LONG exhale")));
    assert_eq!(report.routines.len(), 1);
    assert_eq!(report.routines[0].routine, "long-exhale");
    assert_eq!(report.sessions(), 1);
    let mut gathering = Gathering::new(scope(Some("long-exhail")));
    for record in &records {
        gathering.add(record);
    }
    assert_eq!(
        gathering.unknown_routine(),
        Some(vec!["constructive-rest", "long-exhale"])
    );
    // A routine in the history with no sessions in the period is known, and reported empty.
    let mut gathering = Gathering::new(Scope {
        since: Some(date(2026, 12, 2)),
        ..scope(Some("constructive-rest"))
    });
    for record in &records {
        gathering.add(record);
    }
    assert_eq!(gathering.unknown_routine(), None);
    let empty = gathering.finish();
    assert!(markdown::render(&empty).contains("No sessions were recorded in this period."));
}

#[test]
fn only_the_latest_notes_are_kept_and_a_long_one_is_cut() {
    let long = "x".repeat(NOTE_CHARS + 5);
    let lines: Vec<String> = (0..NOTES_SHOWN + 3)
        .map(|index| {
            let note = if index == NOTES_SHOWN + 2 {
                long.clone()
            } else {
                format!("note {index}")
            };
            line("2026-11-10T07:00:00+01:00", &json!({ "notes": [note] }))
        })
        .collect();
    let records = parse(lines.join("\n").as_bytes()).records;
    let report = summary(&records, scope(None));
    let routine = &report.routines[0];
    assert_eq!(routine.notes_total, NOTES_SHOWN + 3);
    assert_eq!(routine.notes.len(), NOTES_SHOWN);
    assert_eq!(routine.notes[0].text, "note 3");
    let last = &routine.notes[NOTES_SHOWN - 1].text;
    assert_eq!(last.chars().count(), NOTE_CHARS + 1);
    assert!(last.ends_with('…'));
    assert!(markdown::render(&report).contains(&format!("The latest {NOTES_SHOWN} notes of 43")));
}
