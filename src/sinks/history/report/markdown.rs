//! The report in Markdown, to paste into a message or print.
//!
//! Everything from the history is escaped, so that a name or a note reads as it was
//! written: a `*` stays a star, a `<b>` stays text, and nothing becomes a link or a heading.

use std::fmt::Write as _;

use super::chart;
use super::summary::Summary;
use super::words::{self, Text};
use crate::untrusted::Untrusted;

/// The report as a Markdown document.
#[must_use]
pub fn render(summary: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", words::TITLE);
    let _ = writeln!(out, "{}\n", words::made(summary));
    let _ = writeln!(out, "{}\n", words::headline(summary));
    if summary.sessions() == 0 {
        return out;
    }
    let _ = writeln!(out, "## Practice per week\n");
    // A code block, so that the bars stay aligned wherever it is shown.
    let _ = writeln!(out, "```text\n{}```\n", chart::text(&chart::weeks(summary)));
    for routine in &summary.routines {
        let _ = writeln!(out, "## {}\n", escape(&routine.name));
        for fact in words::facts(routine) {
            let _ = write!(out, "- {}:", fact.label);
            if !fact.text.is_empty() {
                let _ = write!(out, " {}", text(&fact.text));
            }
            out.push('\n');
            for item in &fact.list {
                let _ = writeln!(out, "  - {}", text(item));
            }
        }
        if !routine.notes.is_empty() {
            let _ = writeln!(out, "\n### Notes\n");
            if let Some(left_out) = words::notes_left_out(routine) {
                let _ = writeln!(out, "{left_out}\n");
            }
            for note in &routine.notes {
                let _ = writeln!(
                    out,
                    "- {}: {}",
                    words::short_day(note.day),
                    escape(&note.text)
                );
            }
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// A line of the report, with what came from the history escaped.
fn text(pieces: &Text<'_>) -> String {
    words::written(pieces, str::to_owned, escape)
}

/// Text from the history, on one line, with nothing a Markdown reader would act on:
/// control characters and line breaks are taken out, and every character that could start
/// emphasis, code, a link, raw HTML, an entity or a table cell is escaped.
#[must_use]
pub fn escape(text: &str) -> String {
    let line = Untrusted::words(text).to_string();
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_from_the_history_stays_text() {
        assert_eq!(
            escape("*calm* <b>[link](x)</b> & `code`\nnext"),
            r"\*calm\* \<b\>\[link\](x)\</b\> \& \`code\` next"
        );
    }
}
