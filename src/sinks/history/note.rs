//! Notes on sessions: what a practitioner writes about a practice, with `--note` when it
//! runs or later with `note`. A later note is a line of its own in the history, naming its
//! session by its start, so that no line already written is ever rewritten; the reader
//! attaches it to its session.

use serde::{Deserialize, Serialize};

use super::StartTime;
use crate::routine::text::sanitize;

/// The longest note, in characters: a paragraph or two, what a note after a practice is.
/// Far under the longest line the history reads ([`super::file::MAX_LINE_BYTES`]), so a
/// record with many notes still reads, and short enough to read back in `history --json`.
pub const MAX_NOTE_CHARS: usize = 2000;

/// A note as written to the history after its session: `{"note": ..., "session": ...,
/// "written": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteLine {
    /// The note's text, as [`clean`] made it.
    pub note: String,
    /// The start of the session it is about.
    pub session: StartTime,
    /// Which of the sessions begun at that same moment it is about, counting from 1 in the
    /// order they were recorded; left out for the first. Sessions begin to the second, so
    /// only virtual-clock previews kept with `--log` (which all begin at the same fixed
    /// moment) and sessions that overlapped share one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_start: Option<usize>,
    /// When it was written.
    pub written: StartTime,
}

impl NoteLine {
    /// The note as one line of JSON, without its line break.
    #[must_use]
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Which of the sessions begun at its session's start it is about, counting from 1.
    #[must_use]
    pub fn same_start(&self) -> usize {
        self.same_start.unwrap_or(1)
    }
}

/// The start of every note line the timer writes, by which a reader tells it from a record.
pub(super) const NOTE_LINE_START: &[u8] = b"{\"note\"";

/// Why a note will not do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    /// Nothing is left once control characters and spaces are taken away.
    #[error("a note needs some words; this one is empty")]
    Empty,
    /// Longer than [`MAX_NOTE_CHARS`].
    #[error("a note may be at most {MAX_NOTE_CHARS} characters; this one has {0}")]
    TooLong(usize),
}

/// A note's text made safe as a routine's text is (escape sequences and control characters
/// removed, tabs made spaces, line breaks kept; `routine::text::sanitize`, the one rule),
/// with the spaces around it trimmed; refused when nothing is left or it is too long.
pub fn clean(text: &str) -> Result<String, NoteError> {
    let clean = sanitize(text);
    let clean = clean.trim();
    let chars = clean.chars().count();
    if chars == 0 {
        Err(NoteError::Empty)
    } else if chars > MAX_NOTE_CHARS {
        Err(NoteError::TooLong(chars))
    } else {
        Ok(clean.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_cleaned_as_routine_text_is_and_trimmed() {
        assert_eq!(
            clean("  Hips\tsoft \u{1b}[31mat last\u{7}.\nSlept after.  ").unwrap(),
            "Hips soft at last.\nSlept after."
        );
        assert_eq!(clean(" \u{1b}[2J\t\n"), Err(NoteError::Empty));
        assert_eq!(clean(""), Err(NoteError::Empty));
        let longest = "é".repeat(MAX_NOTE_CHARS);
        assert_eq!(clean(&longest).unwrap(), longest);
        assert_eq!(
            clean(&format!("{longest}x")),
            Err(NoteError::TooLong(MAX_NOTE_CHARS + 1))
        );
    }

    #[test]
    fn a_note_line_reads_back_and_starts_as_the_reader_looks_for() {
        let line = NoteLine {
            note: "Quieter \"today\"".into(),
            session: "2026-11-30T07:15:02+01:00".parse().unwrap(),
            same_start: None,
            written: "2026-11-30T09:00:00+01:00".parse().unwrap(),
        };
        let text = line.to_line();
        assert_eq!(
            text,
            r#"{"note":"Quieter \"today\"","session":"2026-11-30T07:15:02+01:00","written":"2026-11-30T09:00:00+01:00"}"#
        );
        assert!(text.as_bytes().starts_with(NOTE_LINE_START));
        assert_eq!(serde_json::from_str::<NoteLine>(&text).unwrap(), line);
        let second = NoteLine {
            same_start: Some(2),
            ..line
        };
        assert!(second.to_line().contains(r#""same_start":2,"#));
        assert_eq!(second.same_start(), 2);
    }
}
