//! A printable handout of a routine, in Markdown: what a teacher gives a student.

use std::fmt::Write as _;

use crate::duration::{format_at_least, format_at_most, format_seconds, table_row};
use crate::plan::{Role, Segment, Timeline};
use crate::routine::{Routine, Step, StepDuration};
use crate::untrusted::Untrusted;

/// The handout for `routine` planned as `timeline`.
#[must_use]
pub fn markdown(routine: &Routine, timeline: &Timeline) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", one_line(&routine.name));
    if !routine.summary.is_empty() {
        let _ = writeln!(out, "{}\n", one_line(&routine.summary));
    }
    let range = routine.length.map_or_else(String::new, |r| {
        format!(
            " (it can be anywhere from {} to {})",
            format_at_least(r.min_ms),
            format_at_most(r.max_ms)
        )
    });
    let _ = writeln!(
        out,
        "**Length:** {}{range}",
        format_seconds(timeline.total_ms)
    );
    if let Some(source) = &routine.source {
        let _ = writeln!(out, "\n**Source:** {}", one_line(source));
    }
    if !routine.props.is_empty() {
        let _ = writeln!(out, "\n## You will need\n");
        for prop in &routine.props {
            let _ = writeln!(out, "- {}", one_line(prop));
        }
    }
    let _ = writeln!(
        out,
        "\n## The session\n\n| Starts | Step | Lasts |\n| --- | --- | --- |"
    );
    for segment in &timeline.segments {
        let (start, length) = table_row(segment.start_ms, segment.end_ms);
        let _ = writeln!(out, "| {start} | {} | {length} |", one_line(&segment.title));
    }
    let (end, _) = table_row(timeline.total_ms, timeline.total_ms);
    let _ = writeln!(out, "| {end} | End | |");
    let _ = writeln!(out, "\n## The steps\n");
    for (index, step) in routine.steps.iter().enumerate() {
        // The words as the session says them: placeholders filled from this plan.
        let parts: Vec<&Segment> = timeline
            .segments
            .iter()
            .filter(|s| s.step == index)
            .collect();
        let holds: Vec<&&Segment> = parts.iter().filter(|s| s.role == Role::Step).collect();
        let text = match &step.duration {
            StepDuration::Rounds { .. } => one_line(&step.text),
            _ => holds
                .first()
                .map_or_else(String::new, |s| one_line(&s.text)),
        };
        let _ = writeln!(
            out,
            "{}. **{}** ({}). {text}",
            index + 1,
            one_line(&step.title),
            how_long(routine, timeline, index),
        );
        if let StepDuration::Rounds { steps, .. } = &step.duration {
            for (inner, part) in steps.iter().zip(&holds) {
                let _ = writeln!(
                    out,
                    "   - **{}**: {}",
                    one_line(&inner.title),
                    one_line(&part.text)
                );
            }
        } else {
            write_more(&mut out, step, &holds, &parts);
        }
    }
    if let Some(safety) = &routine.safety {
        let _ = writeln!(out, "\n## Safety\n\n{}", one_line(safety));
    }
    out
}

/// What else a step says: the second side's own words, the way out, and the rest after.
fn write_more(out: &mut String, step: &Step, holds: &[&&Segment], parts: &[&Segment]) {
    if let (Some(_), [first, second, ..]) = (&step.sides, holds) {
        if second.text != first.text {
            let side = second.side.map_or("other", crate::routine::Side::name);
            let _ = writeln!(out, "   - **The {side} side**: {}", one_line(&second.text));
        }
    }
    if let Some(ending) = holds.first().and_then(|s| s.ending.as_ref()) {
        let _ = writeln!(out, "   - **Coming out**: {}", one_line(ending));
    }
    for rebound in parts.iter().filter(|s| s.role == Role::Rebound) {
        let _ = writeln!(
            out,
            "   - **{}** ({}): {}",
            one_line(&rebound.title),
            format_seconds(rebound.len_ms()),
            one_line(&rebound.text)
        );
    }
}

/// How long a step lasts in this plan, in words: "4m 38s each side", "2 rounds".
fn how_long(routine: &Routine, timeline: &Timeline, index: usize) -> String {
    let step = &routine.steps[index];
    if let StepDuration::Rounds { rounds, .. } = step.duration {
        return format!("{rounds} rounds");
    }
    let segment = timeline
        .segments
        .iter()
        .find(|s| s.step == index && s.role == Role::Step);
    let length = segment.map_or_else(String::new, |s| format_seconds(s.len_ms()));
    let breaths = segment
        .filter(|s| s.breaths > 0)
        .map_or_else(String::new, |s| format!(", {} breaths", s.breaths));
    let sides = if step.sides.is_some() {
        " each side"
    } else {
        ""
    };
    format!("{length}{sides}{breaths}")
}

/// The routine's words as Markdown text on one line: shown through the sanitizer, its line
/// breaks and runs of spaces one space, and everything Markdown or HTML would read as
/// structure written as plain text, so that a routine cannot forge a heading, a row of the
/// table, a link or an HTML element in a handout.
fn one_line(text: &str) -> String {
    let shown = Untrusted::words(text).to_string();
    let words = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(words.len());
    for (at, c) in words.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if at == 0 => {
                out.push('\\');
                out.push(c);
            }
            // "1." or "1)" at the start would begin a numbered list.
            '.' | ')' if at > 0 && words[..at].bytes().all(|b| b.is_ascii_digit()) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}
