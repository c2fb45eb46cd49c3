//! `note`: a note on the last session, or on another by its number in `history`. The note
//! is a line of its own at the end of the history; the session's line is never rewritten.

use std::collections::HashMap;

use crate::cli::NoteArgs;
use crate::cli::values::refused;
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::session::clock::wall_now;
use crate::sinks::history::note::NoteLine;
use crate::sinks::history::{HistoryRecord, StartTime};
use crate::untrusted::Untrusted;

/// Adds the note to the session asked for, and says which session it went to.
pub(super) fn note(args: &NoteArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let Some(file) = super::history::history_file(paths) else {
        return Ok(exit::FAILURE);
    };
    let mut count = 0;
    // The session chosen, its number, and which of the sessions begun at its start it is,
    // counting from 1 in the order they were recorded, as the reader attaches notes.
    let mut chosen: Option<(usize, HistoryRecord, usize)> = None;
    let mut begun_at: HashMap<jiff::Timestamp, usize> = HashMap::new();
    super::history::read(&file, |record| {
        count += 1;
        let same_start = begun_at.entry(record.start.timestamp).or_default();
        *same_start += 1;
        let same_start = *same_start;
        let wanted = match args.session {
            Some(number) => number == count,
            // The last begun; of two begun together, the one recorded later.
            None => chosen
                .as_ref()
                .is_none_or(|(_, last, _)| last.start.timestamp <= record.start.timestamp),
        };
        if wanted {
            chosen = Some((count, record, same_start));
        }
    })?;
    let Some((number, session, same_start)) = chosen else {
        return Err(AppError::Usage(match args.session {
            None => "there are no sessions in the practice history to note yet; \
                     `psoas-timer history add` adds one practiced away from the timer"
                .to_owned(),
            Some(number) => refused(
                "--session",
                &number.to_string(),
                &format!("a session's number in `psoas-timer history`, from 1 to {count}"),
            ),
        }));
    };
    file.append_note(&NoteLine {
        note: args.text.clone(),
        session: session.start,
        same_start: (same_start > 1).then_some(same_start),
        written: StartTime::from_zoned(&wall_now()),
    })?;
    say!(
        "Noted on session {number}, {} at {}.",
        Untrusted::words(&session.name),
        session.start.local().strftime("%Y-%m-%d %H:%M")
    );
    Ok(exit::OK)
}
