//! `history`: the recent sessions as a table, or as JSON for scripts.

use std::fmt::Write as _;

use crate::cli::HistoryArgs;
use crate::duration::format_ms;
use crate::error::{AppError, exit};
use crate::paths::{HOME_VARIABLE, Paths};
use crate::sinks::history::{HistoryFile, HistoryRecord, Loaded};
use crate::untrusted::{self, Untrusted};

/// At most this many damaged lines are named one by one; the rest are counted.
const DAMAGED_SHOWN: usize = 5;

/// Lists the recent sessions, oldest first so the latest is nearest the prompt.
pub(super) fn history(args: &HistoryArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let Some(mut records) = load(paths)? else {
        return Ok(exit::OK);
    };
    records.sort_by_key(|r| r.start.timestamp);
    let shown = if args.all {
        &records[..]
    } else {
        &records[records.len().saturating_sub(args.last as usize)..]
    };
    if args.json {
        let json = serde_json::to_string_pretty(shown).unwrap_or_default();
        say!("{}", untrusted::json(&json));
    } else if records.is_empty() {
        say!("{}", nothing_yet());
    } else {
        crate::commands::write_out(format_args!("{}", table(shown)))?;
        if shown.len() < records.len() {
            say!(
                "\n{} of {} sessions shown; `psoas-timer history --all` lists every one",
                shown.len(),
                records.len()
            );
        }
    }
    Ok(exit::OK)
}

/// The words for an empty history.
pub(super) fn nothing_yet() -> &'static str {
    "No sessions recorded yet. Each practice you begin will appear here, \
     finished or not; `psoas-timer constructive-rest` is a gentle first one."
}

/// Reads the history, telling of damaged lines on standard error. `None` when there is no
/// home folder to keep a history in (said once here).
pub(super) fn load(paths: Option<&Paths>) -> Result<Option<Vec<HistoryRecord>>, AppError> {
    let Some(paths) = paths else {
        eprintln!(
            "There is no home folder to keep a practice history in; \
             set {HOME_VARIABLE} to a folder to keep one there."
        );
        return Ok(None);
    };
    let file = HistoryFile::new(&paths.history_file);
    let Loaded { records, damaged } = file.read()?;
    for line in damaged.iter().take(DAMAGED_SHOWN) {
        eprintln!(
            "warning: line {} of {} is damaged and was skipped ({}); every other line is read as usual",
            line.line,
            Untrusted::path(file.path()),
            Untrusted::value(&line.reason)
        );
    }
    if damaged.len() > DAMAGED_SHOWN {
        eprintln!(
            "warning: {} more damaged lines were skipped",
            damaged.len() - DAMAGED_SHOWN
        );
    }
    Ok(Some(records))
}

/// The sessions as a table, in the order given.
#[must_use]
pub(super) fn table(records: &[HistoryRecord]) -> String {
    let width = records
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp("Routine".len(), 32);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<16}  {:<width$}  {:<8}  {:<9}  Ended",
        "When", "Routine", "Length", "Practiced"
    );
    for record in records {
        let when = record.start.local().strftime("%Y-%m-%d %H:%M").to_string();
        let name = Untrusted::words(&record.name);
        let ended = if record.completed {
            "complete".to_owned()
        } else {
            format!(
                "stopped in step {} of {}",
                record.steps_reached.max(1),
                record.steps
            )
        };
        let _ = writeln!(
            out,
            "{when:<16}  {name:<width$.width$}  {:<8}  {:<9}  {ended}",
            format_ms(record.length_ms),
            format_ms(record.practiced_ms / 1000 * 1000)
        );
    }
    out
}
