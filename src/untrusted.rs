//! Text from outside the program, made safe to print. Routines are written by strangers,
//! and the settings, the history and the names of files can hold anything: printed as they
//! are, an escape sequence in any of them would drive the reader's terminal (clear it,
//! retitle it, write to the clipboard), and a line break would forge a line of output.
//!
//! Everything that came from a file is printed through [`Untrusted`], which shows each
//! character that could drive a terminal as a visible mark in its place, `�`: the C0 and
//! C1 controls, DEL, and the bidi embeddings, overrides and isolates (which reorder the
//! rest of a line). A line break in a value is shown as `¶`. One character is always shown
//! as one character, so columns and the caret under a diagnostic stay where they were.
//!
//! The marks are chosen for their bytes as much as their looks: no byte of `�` (EF BF BD)
//! or `¶` (C2 B6) is a C1 control (0x80 to 0x9F), which a terminal that reads 8-bit
//! controls would act on. The control pictures (`␛` is E2 90 9B) would hand it a CSI.

use std::fmt::{self, Write as _};
use std::path::Path;

/// What a line break inside the text becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Breaks {
    /// A visible mark, `¶`: the text is a value quoted in a message, shown exactly.
    Marked,
    /// A space: the text is a name or a title on one line of a display.
    Spaces,
    /// Kept: the text is lines of its own.
    Kept,
}

/// A value from outside the program, shown with nothing in it that could drive a terminal.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Untrusted<T> {
    text: T,
    breaks: Breaks,
}

impl<T: fmt::Display> Untrusted<T> {
    /// A value quoted in a message (a duration, a key, a file's name): every character
    /// shown, a line break as `¶`, so the message names exactly what is wrong.
    pub(crate) fn value(text: T) -> Self {
        Self {
            text,
            breaks: Breaks::Marked,
        }
    }

    /// A name or a title on one line of a display: line breaks and tabs as spaces.
    pub(crate) fn words(text: T) -> Self {
        Self {
            text,
            breaks: Breaks::Spaces,
        }
    }

    /// Text that is lines of its own: line breaks kept, everything else as in a value.
    pub(crate) fn lines(text: T) -> Self {
        Self {
            text,
            breaks: Breaks::Kept,
        }
    }
}

impl<'a> Untrusted<std::path::Display<'a>> {
    /// A file's path in a message.
    pub(crate) fn path(path: &'a Path) -> Self {
        Self::value(path.display())
    }
}

impl<T: fmt::Display> fmt::Display for Untrusted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.width().is_none() && f.precision().is_none() {
            let mut out = Marking {
                out: f,
                breaks: self.breaks,
            };
            return write!(out, "{}", self.text);
        }
        // Padded or cut to a width: the marks are counted, not what they stand for.
        let mut shown = String::new();
        write!(
            Marking {
                out: &mut shown,
                breaks: self.breaks,
            },
            "{}",
            self.text
        )?;
        f.pad(&shown)
    }
}

/// Writes text through to `out` with every character that could drive a terminal marked.
struct Marking<W> {
    out: W,
    breaks: Breaks,
}

impl<W: fmt::Write> fmt::Write for Marking<W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let mut clean_from = 0;
        for (at, c) in text.char_indices() {
            if let Some(mark) = mark(c, self.breaks) {
                self.out.write_str(&text[clean_from..at])?;
                self.out.write_char(mark)?;
                clean_from = at + c.len_utf8();
            }
        }
        self.out.write_str(&text[clean_from..])
    }
}

/// The mark for a character that could drive a terminal.
const MARK: char = '\u{fffd}';
/// The mark for a line break in a value.
const LINE_BREAK: char = '¶';

/// The mark shown in place of `c`, or `None` when `c` is shown as it is.
fn mark(c: char, breaks: Breaks) -> Option<char> {
    match (c, breaks) {
        ('\n', Breaks::Kept) => None,
        ('\n', Breaks::Marked) => Some(LINE_BREAK),
        ('\n' | '\r', Breaks::Spaces) | ('\t', _) => Some(' '),
        (c, _) if drives_terminal(c) => Some(MARK),
        _ => None,
    }
}

/// True for a character that can drive a terminal or reorder a line when printed: the C0
/// and C1 controls, DEL, and the bidi embeddings, overrides and isolates. Line breaks and
/// tabs count too: what they become depends on where the text is shown.
#[must_use]
pub(crate) fn drives_terminal(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A JSON document with every character that could drive a terminal written as a `\u`
/// escape. The C0 controls are escaped by any JSON writer already; DEL, the C1 controls
/// and the bidi controls are not, though they are allowed in JSON strings, where alone
/// they can be (the document's own syntax is ASCII). The values read back the same.
#[must_use]
pub(crate) fn json(document: &str) -> String {
    let mut out = String::with_capacity(document.len());
    for c in document.chars() {
        if c > '\u{7e}' && drives_terminal(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{9b}31m\u{202e}5 minutes\u{2066}\u{7f}";

    #[test]
    fn a_value_shows_every_control_as_a_mark() {
        assert_eq!(
            Untrusted::value(HOSTILE).to_string(),
            "�]0;PWNED��[2J�31m�5 minutes��"
        );
        assert_eq!(Untrusted::value("a\nb\r\tc\0").to_string(), "a¶b� c�");
    }

    #[test]
    fn words_stay_on_one_line_and_lines_keep_their_breaks() {
        assert_eq!(
            Untrusted::words("Rest\r\nnow\t\u{7}").to_string(),
            "Rest  now �"
        );
        assert_eq!(
            Untrusted::lines("one\ntwo\r\u{1b}").to_string(),
            "one\ntwo��"
        );
    }

    #[test]
    fn plain_text_is_shown_as_it_is() {
        let text = "Lâchez prise 🌿: 4-7-8, \"90s\" `key` <b> & שָׁלוֹם";
        assert_eq!(Untrusted::value(text).to_string(), text);
    }

    /// The marks' own bytes are no C1 controls, which an 8-bit terminal would act on.
    #[test]
    fn no_byte_of_a_mark_is_a_control() {
        for mark in [MARK, LINE_BREAK] {
            let mut bytes = [0; 4];
            let bytes = mark.encode_utf8(&mut bytes).as_bytes();
            assert!(!bytes.iter().any(|b| (0x80..0xa0).contains(b)), "{mark}");
        }
    }

    /// Nothing that drives a terminal is left, one character stays one character, and
    /// showing a shown text again changes nothing.
    #[test]
    fn every_character_is_shown_safely_and_in_its_place() {
        let every: String = ('\0'..='\u{2100}').chain(['\u{fffd}', '🌿']).collect();
        for shown in [
            Untrusted::value(every.as_str()).to_string(),
            Untrusted::words(every.as_str()).to_string(),
        ] {
            assert!(!shown.chars().any(drives_terminal), "{shown:?}");
            assert_eq!(shown.chars().count(), every.chars().count());
            assert_eq!(Untrusted::value(shown.as_str()).to_string(), shown);
        }
        let lines = Untrusted::lines(every.as_str()).to_string();
        assert!(!lines.chars().any(|c| c != '\n' && drives_terminal(c)));
    }

    #[test]
    fn a_width_counts_the_marks() {
        assert_eq!(format!("[{:<6}]", Untrusted::words("a\u{1b}b")), "[a�b   ]");
        assert_eq!(format!("[{:.2}]", Untrusted::words("\u{1b}]52")), "[�]]");
    }

    #[test]
    fn a_path_is_a_value() {
        let path = Path::new("rest\u{1b}[2J.toml");
        assert_eq!(Untrusted::path(path).to_string(), "rest�[2J.toml");
    }

    #[test]
    fn json_escapes_what_a_terminal_would_act_on_and_reads_back_the_same() {
        let document =
            serde_json::to_string_pretty(&serde_json::json!({ "name": HOSTILE })).expect("JSON");
        let escaped = json(&document);
        assert!(
            !escaped.chars().any(|c| c != '\n' && drives_terminal(c)),
            "{escaped}"
        );
        let read: serde_json::Value = serde_json::from_str(&escaped).expect("still JSON");
        assert_eq!(read["name"], HOSTILE);
    }
}
