//! The report's wording, the same in every format: each format only lays it out and
//! escapes what came from the history ([`Piece::Quoted`]).
//!
//! The reader may be a teacher or a therapist, reading about someone who may practice with
//! pain: facts, in plain words, with no judgement of them. A session is "stopped early",
//! never "failed"; what a line of the history does not record is "not recorded", never
//! counted as none.

use jiff::civil::Date;

use crate::words::counted;

use super::summary::{NOTES_SHOWN, RoutineSummary, StepTotals, Summary};

/// The report's title.
pub const TITLE: &str = "Practice report";

/// A part of a line: the program's own words, or text from the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// The program's words.
    Said(String),
    /// A name or title from the history, shown in quotes.
    Quoted(&'a str),
}

/// A line made of pieces.
pub type Text<'a> = Vec<Piece<'a>>;

/// A line as a format writes it: the program's words through `said`, and each text from
/// the history escaped by `escape`, in quotes.
pub fn written(
    pieces: &[Piece<'_>],
    said: impl Fn(&str) -> String,
    escape: impl Fn(&str) -> String,
) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Said(words) => said(words),
            Piece::Quoted(from_history) => format!("“{}”", escape(from_history)),
        })
        .collect()
}

/// One fact about a routine: a label, what it is, and any list under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact<'a> {
    /// What the fact is about.
    pub label: &'static str,
    /// The fact; empty when its list says it all.
    pub text: Text<'a>,
    /// Its parts, one a line.
    pub list: Vec<Text<'a>>,
}

/// A day as the report writes it: `Wednesday 2 December 2026`.
#[must_use]
pub fn day(date: Date) -> String {
    date.strftime("%A %-d %B %Y").to_string()
}

/// A short day, for lists: `2 Dec 2026`.
#[must_use]
pub fn short_day(date: Date) -> String {
    date.strftime("%-d %b %Y").to_string()
}

/// A time in plain words, rounded down: `3 h 10 min`, `4 min 30 s`, `45 s`. Seconds are
/// said only under ten minutes, where they still matter to a step.
#[must_use]
pub fn time(ms: u64) -> String {
    let seconds = ms / 1000;
    let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match (hours, minutes, rest) {
        _ if ms == 0 => "none".to_owned(),
        (0, 0, 0) => "under a second".to_owned(),
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) if m < 10 => format!("{m} min {s} s"),
        (0, m, _) => format!("{m} min"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// `once`, `twice`, `3 times`.
#[must_use]
pub fn times(count: usize) -> String {
    match count {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        count => format!("{count} times"),
    }
}

/// When the report was made and the period it covers.
#[must_use]
pub fn made(summary: &Summary) -> String {
    let scope = &summary.scope;
    let every = if scope.since.is_none() {
        "every session recorded, from "
    } else {
        ""
    };
    format!(
        "Made on {}. It covers {every}{} to {}.",
        day(scope.made),
        day(summary.period_start()),
        day(scope.made),
    )
}

/// The summary in one sentence: `12 sessions over 4 weeks, 3 h 10 min practiced.`
#[must_use]
pub fn headline(summary: &Summary) -> String {
    let sessions = summary.sessions();
    if sessions == 0 {
        return "No sessions were recorded in this period.".to_owned();
    }
    let days = summary
        .period_start()
        .until(summary.scope.made)
        .map_or(0, |span| span.get_days())
        + 1;
    let over = if days < 14 {
        counted(days as usize, "day")
    } else {
        // To the nearest week: 29 days are "over 4 weeks".
        counted(((days + 3) / 7) as usize, "week")
    };
    let routines = match summary.routines.len() {
        1 => String::new(),
        count => format!(" of {count} routines"),
    };
    format!(
        "{}{routines} over {over}, {} practiced.",
        counted(sessions, "session"),
        time(summary.practiced_ms())
    )
}

/// The facts about one routine, in the order they are shown.
#[must_use]
pub fn facts(routine: &RoutineSummary) -> Vec<Fact<'_>> {
    let mut facts = vec![
        fact("Sessions", sessions(routine)),
        fact("Time practiced", time(routine.practiced_ms)),
    ];
    if routine.timed.sessions > 0 {
        facts.push(fact("Time paused", paused(routine)));
        facts.push(stopped(routine));
        facts.push(changed(routine, "Steps given more time", |t| {
            (t.extended, t.added_ms, "added")
        }));
        facts.push(changed(routine, "Steps partly passed over", |t| {
            (t.skipped, t.skipped_ms, "passed over")
        }));
    }
    facts
}

/// What is said above a routine's notes, when some are left out.
#[must_use]
pub fn notes_left_out(routine: &RoutineSummary) -> Option<String> {
    let left_out = routine.notes_total - routine.notes.len();
    (left_out > 0).then(|| {
        format!(
            "The latest {NOTES_SHOWN} notes of {}; `psoas-timer history --json` has every one.",
            routine.notes_total
        )
    })
}

fn fact(label: &'static str, text: String) -> Fact<'static> {
    Fact {
        label,
        text: vec![Piece::Said(text)],
        list: Vec::new(),
    }
}

fn sessions(routine: &RoutineSummary) -> String {
    let mut parts = Vec::new();
    let complete = routine.complete();
    if complete > 0 {
        parts.push(format!("{complete} complete"));
    }
    if routine.timed.stopped_early > 0 {
        parts.push(format!("{} stopped early", routine.timed.stopped_early));
    }
    if routine.timed.skipped_to_end > 0 {
        parts.push(format!(
            "{} reached the end with steps passed over",
            routine.timed.skipped_to_end
        ));
    }
    if routine.by_hand > 0 {
        parts.push(format!("{} added by hand", routine.by_hand));
    }
    format!("{} ({})", routine.sessions(), parts.join(", "))
}

/// What is said of a figure some older sessions did not record.
fn not_recorded(sessions: usize) -> String {
    format!("(not recorded in {})", counted(sessions, "older session"))
}

fn paused(routine: &RoutineSummary) -> String {
    let known = routine.timed.sessions - routine.paused_unknown;
    if known == 0 {
        return "not recorded (older sessions)".to_owned();
    }
    let mut text = time(routine.paused_ms);
    if routine.paused_unknown > 0 {
        text.push(' ');
        text.push_str(&not_recorded(routine.paused_unknown));
    }
    text
}

fn stopped(routine: &RoutineSummary) -> Fact<'_> {
    let mut list: Vec<Text<'_>> = routine
        .stopped_in
        .iter()
        .map(|((_, title), count)| {
            vec![
                Piece::Quoted(title),
                Piece::Said(format!(": {}", times(*count))),
            ]
        })
        .collect();
    for (count, where_) in [
        (routine.stopped_before_first, "before the first step"),
        (
            routine.stopped_in_unknown,
            "in a step not recorded (older sessions)",
        ),
    ] {
        if count > 0 {
            list.push(vec![Piece::Said(format!("{where_}: {}", times(count)))]);
        }
    }
    let text = if routine.timed.stopped_early == 0 {
        vec![Piece::Said("every session ran to its end".to_owned())]
    } else {
        Vec::new()
    };
    Fact {
        label: "Where sessions were stopped",
        text,
        list,
    }
}

fn changed<'a>(
    routine: &'a RoutineSummary,
    label: &'static str,
    what: impl Fn(&StepTotals) -> (usize, u64, &'static str),
) -> Fact<'a> {
    let list: Vec<Text<'a>> = routine
        .steps
        .iter()
        .filter_map(|((_, title), totals)| {
            let (sessions, ms, done) = what(totals);
            (sessions > 0).then(|| {
                vec![
                    Piece::Quoted(title),
                    Piece::Said(format!(
                        ": in {}, {} {done} in all",
                        counted(sessions, "session"),
                        time(ms)
                    )),
                ]
            })
        })
        .collect();
    let mut text = if list.is_empty() { "none" } else { "" }.to_owned();
    if routine.changes_unknown > 0 {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&not_recorded(routine.changes_unknown));
    }
    let text = if text.is_empty() {
        Vec::new()
    } else {
        vec![Piece::Said(text)]
    };
    Fact { label, text, list }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_is_said_in_plain_words_rounded_down() {
        assert_eq!(time(0), "none");
        assert_eq!(time(400), "under a second");
        assert_eq!(time(45_999), "45 s");
        assert_eq!(time(270_000), "4 min 30 s");
        assert_eq!(time(240_000), "4 min");
        assert_eq!(time(11 * 60_000 + 59_000), "11 min");
        assert_eq!(time(3 * 3_600_000 + 10 * 60_000 + 5_000), "3 h 10 min");
        assert_eq!(time(7_200_000), "2 h");
    }
}
