//! A small writer of iCalendar files (RFC 5545), for the practice history as calendar
//! events and for a daily reminder.
//!
//! Only what those two need: components, properties whose values are text, dates and times
//! in UTC or floating local time, and the three rules every line follows. A text value has
//! its `\`, `;`, `,` and line breaks escaped (section 3.3.11); a line longer than 75 octets
//! is folded onto continuation lines that begin with a space, never inside a UTF-8
//! character (section 3.1); every line ends in CRLF. Any other control character, which a
//! text value cannot hold, is shown as `�` by the sanitizer that guards every display.

use std::io::{self, Write};

use jiff::Timestamp;
use jiff::civil::DateTime;

use crate::untrusted::Untrusted;

/// The most octets on one line, its CRLF left out (RFC 5545, section 3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// What names the program that made a calendar.
pub const PRODUCT: &str = concat!(
    "-//psoas-timer//psoas-timer ",
    env!("CARGO_PKG_VERSION"),
    "//EN"
);

/// Writes the lines of a calendar to `out` as they come.
pub struct Writer<W> {
    out: W,
    line: String,
}

impl<W: Write> Writer<W> {
    /// A calendar written to `out`.
    pub fn new(out: W) -> Self {
        Self {
            out,
            line: String::new(),
        }
    }

    /// `BEGIN:name`.
    pub fn begin(&mut self, name: &str) -> io::Result<()> {
        self.raw("BEGIN", name)
    }

    /// `END:name`.
    pub fn end(&mut self, name: &str) -> io::Result<()> {
        self.raw("END", name)
    }

    /// The start of a calendar: its version and the program that wrote it.
    pub fn begin_calendar(&mut self) -> io::Result<()> {
        self.begin("VCALENDAR")?;
        self.raw("VERSION", "2.0")?;
        self.raw("PRODID", PRODUCT)?;
        self.raw("CALSCALE", "GREGORIAN")
    }

    /// A property whose value is text, escaped.
    pub fn text(&mut self, name: &str, value: &str) -> io::Result<()> {
        let escaped = escape(value);
        self.raw(name, &escaped)
    }

    /// A property whose value is an instant, in UTC: `20261130T061502Z`.
    pub fn utc(&mut self, name: &str, at: Timestamp) -> io::Result<()> {
        let value = at.strftime("%Y%m%dT%H%M%SZ").to_string();
        self.raw(name, &value)
    }

    /// A property whose value is a local date and time with no zone (floating: the same
    /// clock time wherever the calendar is read): `20261130T073000`.
    pub fn floating(&mut self, name: &str, at: DateTime) -> io::Result<()> {
        let value = at.strftime("%Y%m%dT%H%M%S").to_string();
        self.raw(name, &value)
    }

    /// A property written as given: its value must already be in its type's form.
    pub fn raw(&mut self, name: &str, value: &str) -> io::Result<()> {
        self.line.clear();
        self.line.push_str(name);
        self.line.push(':');
        self.line.push_str(value);
        let mut folded = String::with_capacity(self.line.len() + 8);
        fold(&self.line, &mut folded);
        self.out.write_all(folded.as_bytes())
    }

    /// The end of the calendar; what it was written to.
    pub fn finish(mut self) -> io::Result<W> {
        self.end("VCALENDAR")?;
        Ok(self.out)
    }
}

/// A text value escaped as RFC 5545 has it: `\` `;` `,` with a backslash, each line break
/// as `\n`, and every other control character (which a text value cannot hold) as `�`.
#[must_use]
pub fn escape(text: &str) -> String {
    // CRLF and a lone CR are line breaks too.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let shown = Untrusted::lines(text.as_str()).to_string();
    let mut out = String::with_capacity(shown.len() + 8);
    for c in shown.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// `line` as lines of at most [`MAX_LINE_OCTETS`] octets each with its CRLF, every one
/// after the first begun with a space; a character is never split.
pub fn fold(line: &str, out: &mut String) {
    let mut room = MAX_LINE_OCTETS;
    let mut taken = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if taken + width > room {
            out.push_str("\r\n ");
            // The space that begins a continuation line counts.
            room = MAX_LINE_OCTETS - 1;
            taken = 0;
        }
        out.push(c);
        taken += width;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold(line, &mut out);
        out
    }

    /// The line unfolded as a reader would: each CRLF followed by a space removed.
    fn unfolded(text: &str) -> String {
        text.strip_suffix("\r\n").unwrap().replace("\r\n ", "")
    }

    #[test]
    fn a_short_line_is_one_line_with_crlf() {
        assert_eq!(folded("SUMMARY:Rest"), "SUMMARY:Rest\r\n");
        let exact = "X".repeat(MAX_LINE_OCTETS);
        assert_eq!(folded(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn a_long_line_folds_at_75_octets_and_unfolds_to_itself() {
        let line = format!("SUMMARY:{}", "a".repeat(200));
        let text = folded(&line);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines.last(), Some(&""), "ends in CRLF");
        assert_eq!(lines[0].len(), MAX_LINE_OCTETS);
        for continued in &lines[1..lines.len() - 1] {
            assert!(continued.starts_with(' '));
            assert!(continued.len() <= MAX_LINE_OCTETS);
        }
        assert_eq!(unfolded(&text), line);
    }

    #[test]
    fn folding_never_splits_a_character() {
        // Two-, three- and four-octet characters, at every offset against the fold.
        for lead in 0..4 {
            for c in ['é', '€', '🧘'] {
                let line = format!(
                    "DESCRIPTION:{}{}",
                    "x".repeat(lead),
                    c.to_string().repeat(60)
                );
                let text = folded(&line);
                for piece in text.split("\r\n") {
                    // Each piece is whole UTF-8 on its own: it came from a &str split at
                    // ASCII, and is never over the limit.
                    assert!(piece.len() <= MAX_LINE_OCTETS, "{piece:?}");
                }
                // A piece that could still have held the next character was not cut short.
                let pieces: Vec<&str> = text.split("\r\n").collect();
                for piece in &pieces[..pieces.len().saturating_sub(2)] {
                    assert!(piece.len() + c.len_utf8() > MAX_LINE_OCTETS, "{piece:?}");
                }
                assert_eq!(unfolded(&text), line);
            }
        }
    }

    #[test]
    fn text_escapes_backslash_semicolon_comma_and_line_breaks() {
        assert_eq!(escape(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape("one\ntwo\r\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(escape("colon: fine"), "colon: fine");
        assert_eq!(escape("Çava, très bien"), r"Çava\, très bien");
    }

    #[test]
    fn a_control_character_a_text_value_cannot_hold_is_marked() {
        assert_eq!(
            escape("bell\u{7}esc\u{1b}[2J"),
            "bell\u{fffd}esc\u{fffd}[2J"
        );
        assert!(!escape("tab\there").contains('\t'));
    }

    #[test]
    fn a_calendar_begins_and_ends_with_its_version_and_product() {
        let mut writer = Writer::new(Vec::new());
        writer.begin_calendar().unwrap();
        writer.text("X-NOTE", "a;b").unwrap();
        let text = String::from_utf8(writer.finish().unwrap()).unwrap();
        assert_eq!(
            text,
            format!(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:{PRODUCT}\r\nCALSCALE:GREGORIAN\r\nX-NOTE:a\\;b\r\nEND:VCALENDAR\r\n"
            )
        );
    }
}
