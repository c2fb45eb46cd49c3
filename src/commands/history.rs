//! `history`: the recent sessions as a table, or as JSON for scripts.
//!
//! The history is read a line at a time, and only what is shown is kept: the latest
//! sessions asked for, or, for `--all`, nothing (the file is read again to list them) when
//! its sessions are in order, as they are unless two overlapped.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt::Write as _;

use super::whole_file::to_standard_output;
use crate::cli::HistoryArgs;
use crate::duration::format_ms;
use crate::error::{AppError, exit};
use crate::paths::{HOME_VARIABLE, Paths};
use crate::sinks::display::full::wrap::wrap;
use crate::sinks::display::plain;
use crate::sinks::history::{HistoryFile, HistoryRecord};
use crate::untrusted::{self, Untrusted};
use crate::words::counted;

/// At most this many damaged lines are named one by one; the rest are counted.
const DAMAGED_SHOWN: usize = 5;
/// The routine column is never wider than this.
const NAME_WIDTH: usize = 32;
/// A note takes at most this many rows under its session in the table; the rest of it is
/// in `--json`.
const NOTE_ROWS: u16 = 2;

/// A session as the table shows it: its number (counting from 1 in the order sessions were
/// recorded, which `note --session` takes) and its record.
type Numbered = (usize, HistoryRecord);

/// How the table is laid out: how wide its numbers and names are, and its rows.
#[derive(Clone, Copy)]
struct Columns {
    number: usize,
    name: usize,
    /// The width of the whole table, which notes are wrapped to.
    width: usize,
}

impl Columns {
    /// Columns for `count` sessions whose longest name is `longest` characters.
    fn new(count: usize, longest: usize) -> Self {
        Self {
            number: count.to_string().len().max(1),
            name: longest.clamp("Routine".len(), NAME_WIDTH),
            width: usize::from(plain::width(std::io::IsTerminal::is_terminal(
                &std::io::stdout(),
            ))),
        }
    }
}

/// Lists the recent sessions, oldest first so the latest is nearest the prompt.
pub(super) fn history(args: &HistoryArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let Some(file) = history_file(paths) else {
        return Ok(exit::OK);
    };
    if args.all {
        return all(&file, args.json);
    }
    let mut latest = Latest::new(args.last as usize);
    let count = read(&file, |record| latest.add(record))?;
    let shown = latest.in_order();
    if args.json {
        let records: Vec<HistoryRecord> = shown.into_iter().map(|(_, record)| record).collect();
        to_standard_output(|out| json_array(&records, out))?;
    } else if count == 0 {
        say!("{}", nothing_yet());
    } else {
        let columns = Columns::new(count, name_width(&shown));
        to_standard_output(|out| table(&shown, columns, out))?;
        if shown.len() < count {
            say!(
                "\n{} of {count} sessions shown; `psoas-timer history --all` lists every one",
                shown.len(),
            );
        }
    }
    Ok(exit::OK)
}

/// Every session: read once for how many there are, how wide their names are and whether
/// they are in order, then again to list them as they are read. Out of order, they are
/// held, to be put in order.
fn all(file: &HistoryFile, json: bool) -> Result<i32, AppError> {
    let mut count = 0;
    let mut width = 0;
    let mut in_order = true;
    let mut last = None;
    read(file, |record| {
        count += 1;
        width = width.max(record.name.chars().count());
        in_order &= last.is_none_or(|last| last <= record.start.timestamp);
        last = Some(record.start.timestamp);
    })?;
    if count == 0 && !json {
        say!("{}", nothing_yet());
        return Ok(exit::OK);
    }
    let mut records = Vec::new();
    let mut listed = 0;
    let columns = Columns::new(count, width);
    to_standard_output(|out| {
        if !json {
            header(columns, out)?;
        }
        if in_order {
            // Sessions added since the first reading are not listed: it counted them.
            let mut failed = Ok(());
            file.read_each(
                |record| {
                    if listed < count && failed.is_ok() {
                        failed = if json {
                            json_item(&record, listed, out)
                        } else {
                            row(listed + 1, &record, columns, out)
                        };
                        listed += 1;
                    }
                },
                |_| {},
            )
            .map_err(|error| std::io::Error::other(error.to_string()))?;
            failed?;
        } else {
            file.read_each(
                |record| {
                    if records.len() < count {
                        records.push((records.len() + 1, record));
                    }
                },
                |_| {},
            )
            .map_err(|error| std::io::Error::other(error.to_string()))?;
            records.sort_by_key(|(_, r)| r.start.timestamp);
            for (index, (number, record)) in records.iter().enumerate() {
                if json {
                    json_item(record, index, out)?;
                } else {
                    row(*number, record, columns, out)?;
                }
            }
            listed = records.len();
        }
        if json {
            json_end(listed, out)?;
        }
        Ok(())
    })?;
    Ok(exit::OK)
}

/// The latest sessions by their start, as many as are asked for: `history` keeps these and
/// no others while it reads. Two that started together are in the order of the file.
struct Latest {
    most: usize,
    /// The earliest of those kept on top, to be the one let go.
    kept: BinaryHeap<Reverse<Kept>>,
    /// Records read so far.
    read: usize,
}

/// A record kept, ordered by its start and then its place in the file.
struct Kept(HistoryRecord, usize);

impl Kept {
    fn key(&self) -> (jiff::Timestamp, usize) {
        (self.0.start.timestamp, self.1)
    }
}

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Kept {}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kept {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl Latest {
    fn new(most: usize) -> Self {
        Self {
            most,
            kept: BinaryHeap::new(),
            read: 0,
        }
    }

    fn add(&mut self, record: HistoryRecord) {
        let kept = Kept(record, self.read);
        self.read += 1;
        if self.kept.len() < self.most {
            self.kept.push(Reverse(kept));
        } else if self.kept.peek().is_some_and(|earliest| earliest.0 < kept) {
            self.kept.pop();
            self.kept.push(Reverse(kept));
        }
    }

    /// The sessions kept, earliest first, each with its number.
    fn in_order(self) -> Vec<Numbered> {
        let mut kept: Vec<Kept> = self.kept.into_iter().map(|Reverse(kept)| kept).collect();
        kept.sort();
        kept.into_iter()
            .map(|Kept(record, index)| (index + 1, record))
            .collect()
    }
}

/// The words for an empty history.
pub(super) fn nothing_yet() -> &'static str {
    "No sessions recorded yet. Each practice you begin will appear here, \
     finished or not; `psoas-timer constructive-rest` is a gentle first one."
}

/// The history file; `None` when there is no home folder to keep a history in (said once
/// here).
pub(super) fn history_file(paths: Option<&Paths>) -> Option<HistoryFile> {
    let Some(paths) = paths else {
        eprintln!(
            "There is no home folder to keep a practice history in; \
             set {HOME_VARIABLE} to a folder to keep one there."
        );
        return None;
    };
    Some(HistoryFile::new(&paths.history_file))
}

/// Reads the history a record at a time, handing each to `each` and telling of damaged
/// lines on standard error; how many records there were.
pub(super) fn read(
    file: &HistoryFile,
    mut each: impl FnMut(HistoryRecord),
) -> Result<usize, AppError> {
    let mut count = 0;
    let mut damaged = 0;
    file.read_each(
        |record| {
            count += 1;
            each(record);
        },
        |line| {
            damaged += 1;
            if damaged <= DAMAGED_SHOWN {
                eprintln!(
                    "warning: line {} of {} is damaged and was skipped ({}); every other line is read as usual",
                    line.line,
                    Untrusted::path(file.path()),
                    Untrusted::value(&line.reason)
                );
            }
        },
    )?;
    if damaged > DAMAGED_SHOWN {
        eprintln!(
            "warning: {} more damaged lines were skipped",
            damaged - DAMAGED_SHOWN
        );
    }
    Ok(count)
}

/// The longest name of these sessions, in characters.
fn name_width(records: &[Numbered]) -> usize {
    records
        .iter()
        .map(|(_, r)| r.name.chars().count())
        .max()
        .unwrap_or(0)
}

/// The sessions as a table, in the order given.
fn table(
    records: &[Numbered],
    columns: Columns,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    header(columns, out)?;
    for (number, record) in records {
        row(*number, record, columns, out)?;
    }
    Ok(())
}

fn header(columns: Columns, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let Columns { number, name, .. } = columns;
    writeln!(
        out,
        "{:>number$}  {:<16}  {:<name$}  {:<8}  {:<9}  Ended",
        "#", "When", "Routine", "Length", "Practiced"
    )
}

/// A session's row, and under it its notes, each in at most [`NOTE_ROWS`] rows.
fn row(
    number: usize,
    record: &HistoryRecord,
    columns: Columns,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let Columns {
        number: number_width,
        name: width,
        ..
    } = columns;
    let when = record.start.local().strftime("%Y-%m-%d %H:%M").to_string();
    let name = Untrusted::words(&record.name);
    writeln!(
        out,
        "{number:>number_width$}  {when:<16}  {name:<width$.width$}  {:<8}  {:<9}  {}",
        whole_seconds(record.length_ms),
        whole_seconds(record.practiced_ms),
        ended(record)
    )?;
    notes(record, columns, out)
}

/// A session's notes under its row, indented past its number and wrapped to the table's
/// width, each shortened with an ellipsis past [`NOTE_ROWS`] rows.
fn notes(
    record: &HistoryRecord,
    columns: Columns,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let indent = columns.number + 4;
    let room = u16::try_from(columns.width.saturating_sub(indent).max(20)).unwrap_or(u16::MAX);
    for note in &record.notes {
        let shown = Untrusted::lines(note).to_string();
        for row in wrap(&shown, room, NOTE_ROWS).rows {
            writeln!(out, "{:indent$}{row}", "")?;
        }
    }
    Ok(())
}

/// How a session ended, in words: `complete`, `ended, 7 steps skipped`, `stopped in step 1
/// of 7, reached step 4`. The time skipped is in `--json`; the time practiced has its
/// column.
pub(super) fn ended(record: &HistoryRecord) -> String {
    if record.by_hand {
        return "complete, added by hand".to_owned();
    }
    let skipped = record.steps_skipped();
    let mut words = match (record.completed, record.reached_end(), record.ended_in_step) {
        (true, ..) => "complete".to_owned(),
        (false, true, _) => "ended".to_owned(),
        // An older line kept only the furthest step.
        (false, false, None) => format!(
            "stopped, reached step {} of {}",
            record.steps_reached.max(1),
            record.steps
        ),
        (false, false, Some(0)) => format!("stopped before step 1 of {}", record.steps),
        (false, false, Some(step)) => {
            let mut words = format!("stopped in step {step} of {}", record.steps);
            if record.steps_reached > step {
                let _ = write!(words, ", reached step {}", record.steps_reached);
            }
            words
        }
    };
    if skipped > 0 {
        let _ = write!(words, ", {} skipped", counted(skipped, "step"));
    }
    words
}

/// A time as people read it, in whole seconds (the milliseconds are in `--json`), never
/// more than the time there was: `7m 11s`.
pub(super) fn whole_seconds(ms: u64) -> String {
    format_ms(ms / 1000 * 1000)
}

/// The sessions as a JSON array, as `serde_json` writes one pretty.
fn json_array(records: &[HistoryRecord], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for (index, record) in records.iter().enumerate() {
        json_item(record, index, out)?;
    }
    json_end(records.len(), out)
}

/// The `index`th session of a JSON array, written as it comes.
fn json_item(
    record: &HistoryRecord,
    index: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut item = String::from(if index == 0 { "[\n" } else { ",\n" });
    let pretty = serde_json::to_string_pretty(record).unwrap_or_default();
    for (n, line) in pretty.lines().enumerate() {
        if n > 0 {
            item.push('\n');
        }
        let _ = write!(item, "  {}", untrusted::json(line));
    }
    out.write_all(item.as_bytes())
}

/// The end of a JSON array of `count` sessions.
fn json_end(count: usize, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    writeln!(out, "{}", if count == 0 { "[]" } else { "\n]" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(start: &str, name: &str) -> HistoryRecord {
        HistoryRecord::complete(start, "rest", name)
    }

    #[test]
    fn the_latest_are_kept_in_order_of_their_start_with_their_numbers() {
        // Appended as each ended: the third started first.
        let starts = [
            ("2026-11-30T07:00:00+01:00", "a"),
            ("2026-11-30T09:00:00+01:00", "b"),
            ("2026-11-30T06:00:00+01:00", "c"),
            ("2026-11-30T09:00:00+01:00", "d"),
            ("2026-11-30T08:00:00+01:00", "e"),
        ];
        let records: Vec<HistoryRecord> = starts.iter().map(|(s, n)| record(s, n)).collect();
        for most in 0..=6 {
            let mut latest = Latest::new(most);
            for record in records.clone() {
                latest.add(record);
            }
            let kept: Vec<String> = latest
                .in_order()
                .into_iter()
                .map(|(number, r)| {
                    // Numbered in the order they were recorded.
                    assert_eq!(starts[number - 1].1, r.name);
                    r.name
                })
                .collect();
            // As a stable sort of them all would have it, the last `most`.
            let mut sorted = records.clone();
            sorted.sort_by_key(|r| r.start.timestamp);
            let expected: Vec<String> = sorted[records.len().saturating_sub(most)..]
                .iter()
                .map(|r| r.name.clone())
                .collect();
            assert_eq!(kept, expected, "{most} kept");
        }
    }

    #[test]
    fn sessions_as_json_are_what_serde_json_writes() {
        let records = [
            record("2026-11-30T07:00:00+01:00", "Rest"),
            record("2026-12-01T07:00:00+01:00", "Quote \" and é"),
        ];
        for count in 0..=records.len() {
            let mut out = Vec::new();
            json_array(&records[..count], &mut out).unwrap();
            let expected = serde_json::to_string_pretty(&records[..count]).unwrap() + "\n";
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }

    #[test]
    fn a_session_ends_in_words_that_say_what_happened() {
        let base = record("2026-11-30T07:00:00+01:00", "Rest");
        let ended = |completed, reached_end, ended_in_step, steps_reached, skipped| {
            ended(&HistoryRecord {
                completed,
                reached_end,
                ended_in_step,
                steps_reached,
                steps_skipped: skipped,
                ..base.clone()
            })
        };
        assert_eq!(ended(true, Some(true), Some(5), 5, Some(0)), "complete");
        assert_eq!(
            ended(true, Some(true), Some(5), 5, Some(1)),
            "complete, 1 step skipped"
        );
        assert_eq!(
            ended(false, Some(true), Some(5), 5, Some(4)),
            "ended, 4 steps skipped"
        );
        assert_eq!(
            ended(false, Some(false), Some(1), 4, Some(3)),
            "stopped in step 1 of 5, reached step 4, 3 steps skipped"
        );
        assert_eq!(
            ended(false, Some(false), Some(2), 2, Some(0)),
            "stopped in step 2 of 5"
        );
        assert_eq!(
            ended(false, Some(false), Some(0), 0, Some(0)),
            "stopped before step 1 of 5"
        );
        // An older line: `completed` said it ran to its end, and only the furthest step
        // was kept.
        assert_eq!(ended(true, None, None, 5, None), "complete");
        assert_eq!(
            ended(false, None, None, 3, None),
            "stopped, reached step 3 of 5"
        );
    }

    #[test]
    fn times_for_people_are_whole_seconds_never_rounded_up() {
        assert_eq!(whole_seconds(431_250), "7m 11s");
        assert_eq!(whole_seconds(59_999), "59s");
        assert_eq!(whole_seconds(999), "0s");
        assert_eq!(whole_seconds(3_600_000), "1h");
    }
}
