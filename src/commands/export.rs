//! `history export`: the sessions as CSV for a spreadsheet, as JSON Lines for scripts, or
//! as an iCalendar file for a calendar.
//!
//! Every format is written as the history is read, a session at a time, so that an export
//! takes the same little memory however long the history; sessions come in the order of
//! the file (the order they ended in), which a spreadsheet or a calendar sorts as it likes.
//! Nothing leaves the machine: the file is written where the user names, or to standard
//! output.

use std::fmt::Write as _;
use std::io::{self, Write};

use sha2::{Digest, Sha256};

use super::history::{self, ended, whole_seconds};
use super::whole_file;
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{AppError, exit};
use crate::ics;
use crate::paths::Paths;
use crate::session::clock::wall_now;
use crate::sinks::history::HistoryRecord;
use crate::untrusted::{self, Untrusted};

/// The columns of the CSV export, in order.
const CSV_COLUMNS: [&str; 21] = [
    "start",
    "end",
    "utc_offset",
    "routine",
    "name",
    "length_s",
    "length_min",
    "practiced_s",
    "practiced_min",
    "paused_s",
    "skipped_s",
    "completed",
    "reached_end",
    "ended",
    "ended_in_step",
    "ended_in_title",
    "steps_reached",
    "steps",
    "steps_skipped",
    "by_hand",
    "notes",
];

/// Writes the sessions asked for, in the format asked for.
pub(super) fn export(args: &ExportArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let since = args.since.map(|day| day.date(wall_now().date()));
    let file = history::history_file(paths);
    // The history's own error, if reading it is what failed: told as itself, not as a
    // failure to write.
    let mut unread = None;
    let written = whole_file::write_to(args.output.as_deref(), args.force, |out| {
        let mut format = Format::new(args.format, out)?;
        let mut failed = Ok(());
        if let Some(file) = &file {
            let read = history::read(file, |record| {
                if failed.is_ok() && since.is_none_or(|since| record.start.day() >= since) {
                    failed = format.session(&record);
                }
            });
            if let Err(error) = read {
                unread = Some(error);
                return Err(io::Error::other("the history could not be read"));
            }
        }
        failed?;
        format.finish()
    });
    written.map_err(|error| unread.take().unwrap_or(error))?;
    Ok(exit::OK)
}

/// A format being written.
enum Format<'a> {
    Csv(Box<csv::Writer<&'a mut dyn Write>>),
    Json(&'a mut dyn Write),
    Ics(ics::Writer<&'a mut dyn Write>),
}

impl<'a> Format<'a> {
    /// The start of a file in `format`.
    fn new(format: ExportFormat, out: &'a mut dyn Write) -> io::Result<Self> {
        Ok(match format {
            ExportFormat::Csv => {
                let mut writer = csv::Writer::from_writer(out);
                writer.write_record(CSV_COLUMNS).map_err(csv_failure)?;
                Self::Csv(Box::new(writer))
            }
            ExportFormat::Json => Self::Json(out),
            ExportFormat::Ics => {
                let mut writer = ics::Writer::new(out);
                writer.begin_calendar()?;
                writer.text("X-WR-CALNAME", "Practice")?;
                Self::Ics(writer)
            }
        })
    }

    fn session(&mut self, record: &HistoryRecord) -> io::Result<()> {
        match self {
            Self::Csv(writer) => writer.write_record(csv_row(record)).map_err(csv_failure),
            // As stored, with what could drive a terminal escaped: it reads back the same.
            Self::Json(out) => writeln!(out, "{}", untrusted::json(&record.to_line())),
            Self::Ics(writer) => event(record, writer),
        }
    }

    fn finish(self) -> io::Result<()> {
        match self {
            Self::Csv(mut writer) => writer.flush(),
            Self::Json(_) => Ok(()),
            Self::Ics(writer) => writer.finish().map(|_| ()),
        }
    }
}

/// What failed in writing CSV, as the failure to write it that it is: the io error
/// itself, so that a reader who went away (`| head`) is still known as one.
fn csv_failure(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// One session as a row of [`CSV_COLUMNS`].
fn csv_row(record: &HistoryRecord) -> [String; CSV_COLUMNS.len()] {
    let local = |at: jiff::civil::DateTime| at.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    let optional = |value: Option<u64>| value.map(seconds).unwrap_or_default();
    let start = record.start.local();
    let end = record.start.offset.to_datetime(end_of(record));
    [
        local(start),
        local(end),
        utc_offset(record.start.offset),
        cell(&record.routine),
        cell(&record.name),
        seconds(record.length_ms),
        minutes(record.length_ms),
        seconds(record.practiced_ms),
        minutes(record.practiced_ms),
        optional(record.paused_ms),
        optional(record.skipped_ms),
        record.completed.to_string(),
        record.reached_end().to_string(),
        ended(record),
        record
            .ended_in_step
            .map(|step| step.to_string())
            .unwrap_or_default(),
        record
            .ended_in_title
            .as_deref()
            .map(cell)
            .unwrap_or_default(),
        record.steps_reached.to_string(),
        record.steps.to_string(),
        record
            .steps_skipped
            .map(|n| n.to_string())
            .unwrap_or_default(),
        record.by_hand.to_string(),
        cell(&record.notes.join("\n")),
    ]
}

/// Text for a cell: control characters marked (a line break kept), and a formula's first
/// character made text with a `'`, as spreadsheets read one, since a routine's name comes
/// from a file a stranger may have written.
fn cell(text: &str) -> String {
    let shown = Untrusted::lines(text).to_string();
    if shown.starts_with(['=', '+', '-', '@']) {
        format!("'{shown}")
    } else {
        shown
    }
}

/// An offset from UTC as ISO 8601 writes one: `+01:00`, `-03:30`.
fn utc_offset(offset: jiff::tz::Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Milliseconds as seconds, to the millisecond, with no trailing zeros: `431.25`.
fn seconds(ms: u64) -> String {
    let whole = ms / 1000;
    match ms % 1000 {
        0 => whole.to_string(),
        part => format!("{whole}.{part:03}")
            .trim_end_matches('0')
            .to_owned(),
    }
}

/// Milliseconds as minutes, to a hundredth: `7.19`.
fn minutes(ms: u64) -> String {
    let hundredths = (ms + 300) / 600;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// When the session's length ran out: its start and its length.
fn end_of(record: &HistoryRecord) -> jiff::Timestamp {
    let length = jiff::SignedDuration::from_millis(i64::try_from(record.length_ms).unwrap_or(0));
    record
        .start
        .timestamp
        .checked_add(length)
        .unwrap_or(record.start.timestamp)
}

/// One session as a calendar event.
fn event(record: &HistoryRecord, out: &mut ics::Writer<&mut dyn Write>) -> io::Result<()> {
    out.begin("VEVENT")?;
    out.raw("UID", &uid(record))?;
    // The session's start: the event is never revised, so an export made again is the same.
    out.utc("DTSTAMP", record.start.timestamp)?;
    out.utc("DTSTART", record.start.timestamp)?;
    out.utc("DTEND", end_of(record))?;
    out.text("SUMMARY", &record.name)?;
    out.text("DESCRIPTION", &description(record))?;
    out.text("CATEGORIES", "Practice")?;
    out.end("VEVENT")
}

/// The event's UID: from the session's start and routine, so that importing an export made
/// again updates the events rather than adding them twice.
fn uid(record: &HistoryRecord) -> String {
    let mut hash = Sha256::new();
    hash.update(record.start.to_string());
    hash.update([0]);
    hash.update(&record.routine);
    let digest = hash.finalize();
    let short = digest[..8].iter().fold(String::new(), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    });
    format!(
        "{}-{short}@psoas-timer",
        record.start.timestamp.strftime("%Y%m%dT%H%M%SZ")
    )
}

/// What the event says: the time practiced, how it ended, and the notes.
fn description(record: &HistoryRecord) -> String {
    let mut text = format!(
        "Practiced {} of {}: {}.",
        whole_seconds(record.practiced_ms),
        whole_seconds(record.length_ms),
        ended(record)
    );
    if let Some(title) = &record.ended_in_title {
        let _ = write!(text, " Ended in “{title}”.");
    }
    for note in &record.notes {
        text.push('\n');
        text.push_str(note);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_seconds_to_the_millisecond_and_minutes_to_a_hundredth() {
        assert_eq!(seconds(431_250), "431.25");
        assert_eq!(seconds(600_000), "600");
        assert_eq!(seconds(1), "0.001");
        assert_eq!(minutes(431_250), "7.19");
        assert_eq!(minutes(600_000), "10.00");
        assert_eq!(minutes(0), "0.00");
    }

    #[test]
    fn a_cell_that_a_spreadsheet_would_read_as_a_formula_is_text() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("-5 breaths"), "'-5 breaths");
        assert_eq!(cell("Rest, then \"roll\""), "Rest, then \"roll\"");
        assert_eq!(cell("two\nlines\u{1b}"), "two\nlines\u{fffd}");
    }

    #[test]
    fn the_uid_is_the_same_for_the_same_session_only() {
        let a = HistoryRecord::complete("2026-11-30T07:15:02+01:00", "rest", "Rest");
        let b = HistoryRecord {
            notes: vec!["later".into()],
            ..a.clone()
        };
        let other = HistoryRecord::complete("2026-11-30T07:15:02+01:00", "yin", "Rest");
        assert_eq!(uid(&a), uid(&b));
        assert_ne!(uid(&a), uid(&other));
        assert!(uid(&a).starts_with("20261130T061502Z-"), "{}", uid(&a));
    }

    #[test]
    fn a_row_has_every_column() {
        let record = HistoryRecord::complete("2026-11-30T07:15:02+01:00", "rest", "Rest");
        let row = csv_row(&record);
        let cell = |name: &str| {
            let at = CSV_COLUMNS.iter().position(|c| *c == name).expect(name);
            row[at].as_str()
        };
        assert_eq!(cell("start"), "2026-11-30T07:15:02");
        assert_eq!(cell("end"), "2026-11-30T07:25:02");
        assert_eq!(cell("utc_offset"), "+01:00");
        assert_eq!(cell("practiced_min"), "10.00");
        assert_eq!(cell("ended"), "complete");
        assert_eq!(cell("paused_s"), "", "a pause not recorded is no figure");
        assert_eq!(cell("by_hand"), "false");
        assert_eq!(cell("notes"), "");
    }
}
