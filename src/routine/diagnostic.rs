//! Problems found in a routine file or the settings file, pointed at by file, line and
//! column, with the text that caused them, the way a compiler points at code.

use std::fmt;
use std::ops::Range;

use crate::untrusted::Untrusted;

/// One problem in a routine file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong, in words a teacher can act on.
    pub message: String,
    /// The bytes of the file the problem is about, when it has a place.
    pub span: Option<Range<usize>>,
    /// How to put it right, when there is something useful to say.
    pub hint: Option<String>,
    /// Whether the routine cannot run for it, or runs but is likely not what was meant.
    pub severity: Severity,
}

/// How much a problem matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Legal, and likely not what the teacher meant: `check` says so, a session runs.
    Warning,
    /// The routine cannot run until it is put right.
    Error,
}

impl fmt::Display for Severity {
    /// The word that begins the problem's message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

impl Diagnostic {
    /// A problem at a place in the file.
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            span: Some(span),
            hint: None,
            severity: Severity::Error,
        }
    }

    /// A problem with the file as a whole.
    pub fn whole(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            span: None,
            hint: None,
            severity: Severity::Error,
        }
    }

    /// Adds a hint on how to fix the problem.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same problem as a warning: worth saying, not worth refusing the file for.
    #[must_use]
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Whether the routine cannot run for it.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Everything wrong with one routine file (errors, and for `check` warnings too), with the
/// text needed to show where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutineError {
    /// The file's path, or the name of the built-in routine.
    pub origin: String,
    /// The file's text.
    pub text: String,
    /// The problems, in the order of their places in the file.
    pub diagnostics: Vec<Diagnostic>,
    /// How many more errors were found and not kept: a file of a hundred thousand mistakes
    /// costs no more memory than one of twenty.
    pub hidden: usize,
}

/// The most problems shown for one file (a routine's or the settings'): a file with more
/// has one mistake made many times over, or was never such a file, and the first few are
/// what its writer acts on.
pub const MAX_SHOWN: usize = 20;

/// The first [`MAX_SHOWN`] of a file's problems, and a last line saying how many more there
/// are: `hidden` errors found but not kept, and those beyond the first. The last line is an
/// error when any of those it counts is, so a file is refused for what is not shown too.
#[must_use]
pub fn at_most_shown(mut diagnostics: Vec<Diagnostic>, hidden: usize) -> Vec<Diagnostic> {
    let beyond = diagnostics.split_off(MAX_SHOWN.min(diagnostics.len()));
    let more = hidden + beyond.len();
    if more > 0 {
        let message = format!("... and {more} more problems in this file, not shown");
        let line = Diagnostic::whole(message);
        let errors = hidden > 0 || beyond.iter().any(Diagnostic::is_error);
        diagnostics.push(if errors { line } else { line.warning() });
    }
    diagnostics
}

impl RoutineError {
    /// One problem with a file.
    #[must_use]
    pub fn one(origin: &str, text: String, diagnostic: Diagnostic) -> Self {
        Self {
            origin: origin.to_owned(),
            text,
            diagnostics: vec![diagnostic],
            hidden: 0,
        }
    }

    /// How many of the problems are errors, and how many warnings.
    #[must_use]
    pub fn counts(&self) -> (usize, usize) {
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        (errors + self.hidden, self.diagnostics.len() - errors)
    }
}

impl std::error::Error for RoutineError {}

/// Line and column (both from 1, the column counted in characters) of a byte offset.
#[must_use]
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_column(text, offset)
}

/// Where each line of a text starts, found once, so that the place of any number of
/// problems is a binary search rather than a scan of the text before each one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// The byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `text`'s lines.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let breaks = text.bytes().enumerate().filter(|&(_, b)| b == b'\n');
        let starts = std::iter::once(0).chain(breaks.map(|(i, _)| i + 1));
        Self {
            starts: starts.collect(),
        }
    }

    /// Line and column (both from 1, the column counted in characters) of a byte offset
    /// in the text this index was made from.
    #[must_use]
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }

    /// The text of line `line` (from 1), without its line break.
    #[must_use]
    pub fn line<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(text.len(), |&next| next - 1);
        text[start..end]
            .strip_suffix('\r')
            .unwrap_or(&text[start..end])
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl fmt::Display for RoutineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        FileProblems {
            origin: &self.origin,
            text: &self.text,
            diagnostics: &at_most_shown(self.diagnostics.clone(), self.hidden),
        }
        .fmt(f)
    }
}

/// Problems in any file, each shown with the line it is on: a routine file's, or the
/// settings file's, in the same form.
#[derive(Debug, Clone, Copy)]
pub struct FileProblems<'a> {
    /// The file's path, or the name of the built-in routine.
    pub origin: &'a str,
    /// The file's text.
    pub text: &'a str,
    /// The problems, in the order they are shown.
    pub diagnostics: &'a [Diagnostic],
}

impl fmt::Display for FileProblems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines = LineIndex::new(self.text);
        for (i, diagnostic) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            self.write_one(f, &lines, diagnostic)?;
        }
        Ok(())
    }
}

impl FileProblems<'_> {
    fn write_one(
        &self,
        f: &mut fmt::Formatter<'_>,
        lines: &LineIndex,
        diagnostic: &Diagnostic,
    ) -> fmt::Result {
        // The message quotes the file's own words, and the origin is a file's name: both are
        // shown through the one sanitizer, like the line of the file itself.
        let severity = diagnostic.severity;
        writeln!(f, "{severity}: {}", Untrusted::value(&diagnostic.message))?;
        match &diagnostic.span {
            Some(span) => self.write_snippet(f, lines, span)?,
            None => writeln!(f, "  --> {}", Untrusted::value(self.origin))?,
        }
        if let Some(hint) = &diagnostic.hint {
            let width = diagnostic.span.as_ref().map_or(0, |span| {
                lines.line_column(self.text, span.start).0.to_string().len()
            });
            writeln!(f, "{:width$} = hint: {}", "", Untrusted::value(hint))?;
        }
        Ok(())
    }

    fn write_snippet(
        &self,
        f: &mut fmt::Formatter<'_>,
        lines: &LineIndex,
        span: &Range<usize>,
    ) -> fmt::Result {
        let (line, column) = lines.line_column(self.text, span.start);
        writeln!(f, "  --> {}:{line}:{column}", Untrusted::value(self.origin))?;
        let source_line = lines.line(self.text, line);
        // One mark for each character, so the carets stay under the text they point at.
        let shown = Untrusted::value(source_line).to_string();
        let width = line.to_string().len();
        let line_chars = shown.chars().count();
        let start = (column - 1).min(line_chars);
        let span_end = floor_char_boundary(self.text, span.end.min(self.text.len()));
        let span_chars = self.text[floor_char_boundary(self.text, span.start)..span_end]
            .lines()
            .next()
            .map_or(1, |s| s.chars().count().max(1));
        let marks = span_chars.min(line_chars.saturating_sub(start).max(1));
        writeln!(f, "{:width$} |", "")?;
        writeln!(f, "{line} | {shown}")?;
        writeln!(
            f,
            "{:width$} | {}{}",
            "",
            " ".repeat(start),
            "^".repeat(marks)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_line_and_column() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, 10), (2, 4));
    }

    #[test]
    fn one_index_finds_every_place_and_line() {
        let text = "a = 1\r\nbé = 2\n\nlast";
        let lines = LineIndex::new(text);
        for offset in 0..=text.len() {
            let before = &text[..floor_char_boundary(text, offset)];
            let line = before.matches('\n').count() + 1;
            let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            assert_eq!(
                lines.line_column(text, offset),
                (line, column),
                "at {offset}"
            );
        }
        let shown: Vec<&str> = (1..=5).map(|n| lines.line(text, n)).collect();
        assert_eq!(shown, ["a = 1", "bé = 2", "", "last", ""]);
        assert_eq!(lines.line(text, 0), "");
    }

    #[test]
    fn shows_the_offending_text() {
        let error = RoutineError {
            origin: "r.toml".into(),
            text: "name = \"x\"\nduration = \"0s\"\n".into(),
            diagnostics: vec![Diagnostic::at(22..26, "too short").with_hint("make it longer")],
            hidden: 0,
        };
        let shown = error.to_string();
        assert_eq!(
            shown,
            "error: too short\n  --> r.toml:2:12\n  |\n2 | duration = \"0s\"\n  |            ^^^^\n  = hint: make it longer\n"
        );
    }

    #[test]
    fn a_warning_is_shown_as_one() {
        let text = "a = 1\n";
        let problems = [
            Diagnostic::at(0..1, "worth knowing").warning(),
            Diagnostic::at(4..5, "wrong"),
        ];
        let shown = FileProblems {
            origin: "c.toml",
            text,
            diagnostics: &problems,
        }
        .to_string();
        assert!(
            shown.starts_with("warning: worth knowing\n  --> c.toml:1:1\n"),
            "{shown}"
        );
        assert!(
            shown.contains("\n\nerror: wrong\n  --> c.toml:1:5\n"),
            "{shown}"
        );
    }

    /// The file's own words, in the message, the line and the file's name, cannot drive the
    /// terminal, and the carets still point at them.
    #[test]
    fn shows_control_characters_as_marks() {
        let error = RoutineError {
            origin: "r\u{1b}[2J.toml".into(),
            text: "d = \"\u{7}\u{9b}x\"\n".into(),
            diagnostics: vec![
                Diagnostic::at(4..10, "`\u{7}\u{9b}x` is wrong").with_hint("not\n\u{1b}]0;"),
            ],
            hidden: 0,
        };
        assert_eq!(
            error.to_string(),
            "error: `��x` is wrong\n  --> r�[2J.toml:1:5\n  |\n1 | d = \"��x\"\n  |     ^^^^^\n  = hint: not¶�]0;\n"
        );
    }
}
