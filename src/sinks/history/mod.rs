//! Practice history: one JSON line per session that started, finished or not.
//!
//! [`HistoryRecord`] is what a line says; [`file`] appends lines whole and reads them back,
//! skipping damaged ones; [`tracker`] watches a session's events for what the record needs;
//! [`stats`] and [`calendar`] turn records into totals, streaks and a small calendar;
//! [`report`] into a report a practitioner can send a teacher or therapist.

pub mod calendar;
pub mod file;
pub mod note;
pub mod report;
pub mod start;
pub mod stats;
pub mod tracker;

use serde::{Deserialize, Serialize};

pub use file::{DamagedLine, HistoryError, HistoryFile, Loaded};
pub use start::StartTime;
pub use tracker::SessionTracker;

/// One practice session, as written to the history file.
///
/// The fields that are `Option`s came later: a line written before them has none, and is
/// read as it was meant then (see each one). New fields are only ever added, so that a
/// line already in a history keeps its meaning and is never rewritten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRecord {
    /// When the session began, in the local time of the place it was practiced.
    pub start: StartTime,
    /// The routine's id, as it is asked for on the command line.
    pub routine: String,
    /// The routine's name as people say it.
    pub name: String,
    /// The session's length: as chosen, with any time added to a step.
    pub length_ms: u64,
    /// The time actually practiced: time in steps, pauses, waits and skipped time left out.
    pub practiced_ms: u64,
    /// True when the session counts as complete: it reached its end with enough of it
    /// practiced ([`tracker::COMPLETE_PERCENT`]). In a line without `reached_end`, true
    /// when it ran to its end, skips unknown.
    pub completed: bool,
    /// True when the session reached its end, in time or by skipping the last step; false
    /// when it was stopped. `None` in an older line, where `completed` says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reached_end: Option<bool>,
    /// The step the session was in when it ended, counting from 1 (0 when it ended before
    /// the first step). `None` in an older line, which kept only the furthest step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_in_step: Option<usize>,
    /// The furthest step reached, counting from 1 (0 when stopped before the first step).
    pub steps_reached: usize,
    /// How many steps the session had.
    pub steps: usize,
    /// The time of the session passed over with `n` (next), in milliseconds: the rest of
    /// each step skipped. `None` in an older line, whose skips are not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped_ms: Option<u64>,
    /// How many times `n` (next) passed over the rest of a step. `None` in an older line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps_skipped: Option<usize>,
    /// The largest lateness of any cue in the session, in microseconds.
    pub max_late_us: u64,
    /// The time the session stood paused, in milliseconds. `None` in an older line, and in
    /// a session added by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_ms: Option<u64>,
    /// The title of the step the session ended in. `None` in an older line, and when it
    /// ended before its first step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_in_title: Option<String>,
    /// Each step whose time was changed while it ran: part of it passed over with `n`, or
    /// time added to it; in step order. `None` in an older line, which kept only totals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_changes: Option<Vec<StepChange>>,
    /// What the practitioner wrote about the session, in the order written: with `--note`
    /// when it ran, or later with `note`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// True for a session practiced away from the timer and added with `history add`:
    /// its length is as told, and nothing of its steps is known.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_hand: bool,
}

/// What happened to one step's time in a session: what `n` passed over and what was added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepChange {
    /// The step, counting from 1.
    pub step: usize,
    /// The step's title, as the routine had it then.
    pub title: String,
    /// The time of the step passed over with `n`, in milliseconds.
    #[serde(default)]
    pub skipped_ms: u64,
    /// The time added to the step while it ran, in milliseconds.
    #[serde(default)]
    pub added_ms: u64,
}

#[cfg(test)]
impl HistoryRecord {
    /// A complete ten-minute session of five steps, begun at `start` (RFC 3339), for tests.
    pub(crate) fn complete(start: &str, routine: &str, name: &str) -> Self {
        Self {
            start: start.parse().unwrap(),
            routine: routine.into(),
            name: name.into(),
            length_ms: 600_000,
            practiced_ms: 600_000,
            completed: true,
            reached_end: Some(true),
            ended_in_step: Some(5),
            steps_reached: 5,
            steps: 5,
            skipped_ms: Some(0),
            steps_skipped: Some(0),
            max_late_us: 0,
            paused_ms: None,
            ended_in_title: None,
            step_changes: None,
            notes: Vec::new(),
            by_hand: false,
        }
    }
}

impl HistoryRecord {
    /// The record as one line of JSON, without its line break.
    #[must_use]
    pub fn to_line(&self) -> String {
        // A record holds only strings, integers and booleans, which always serialize.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Whether the session reached its end; an older line says so in `completed`.
    #[must_use]
    pub fn reached_end(&self) -> bool {
        self.reached_end.unwrap_or(self.completed)
    }

    /// How many times a step was skipped, as far as the line knows (none in an older line).
    #[must_use]
    pub fn steps_skipped(&self) -> usize {
        self.steps_skipped.unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_it_was_written() {
        let record = HistoryRecord {
            start: "2026-11-30T07:15:02+01:00".parse().unwrap(),
            routine: "constructive-rest".into(),
            name: "Constructive rest".into(),
            length_ms: 1_200_000,
            practiced_ms: 431_250,
            completed: false,
            reached_end: Some(false),
            ended_in_step: Some(1),
            steps_reached: 3,
            steps: 5,
            skipped_ms: Some(95_000),
            steps_skipped: Some(2),
            max_late_us: 1_834,
            paused_ms: None,
            ended_in_title: None,
            step_changes: None,
            notes: Vec::new(),
            by_hand: false,
        };
        let line = record.to_line();
        assert_eq!(
            line,
            r#"{"start":"2026-11-30T07:15:02+01:00","routine":"constructive-rest","name":"Constructive rest","length_ms":1200000,"practiced_ms":431250,"completed":false,"reached_end":false,"ended_in_step":1,"steps_reached":3,"steps":5,"skipped_ms":95000,"steps_skipped":2,"max_late_us":1834}"#
        );
        assert_eq!(
            serde_json::from_str::<HistoryRecord>(&line).unwrap(),
            record
        );
    }

    /// Lines as the timer wrote them before it kept the step a session ended in and what
    /// it skipped.
    const OLDER_LINES: [&str; 2] = [
        r#"{"start":"2026-11-28T07:10:00+01:00","routine":"constructive-rest","name":"Constructive Rest","length_ms":600000,"practiced_ms":600000,"completed":true,"steps_reached":5,"steps":5,"max_late_us":812}"#,
        r#"{"start":"2026-11-29T21:40:00+01:00","routine":"constructive-rest","name":"Constructive Rest","length_ms":1200000,"practiced_ms":431250,"completed":false,"steps_reached":3,"steps":5,"max_late_us":1204}"#,
    ];

    #[test]
    fn an_older_line_reads_as_it_was_meant_and_writes_back_the_same() {
        let [finished, stopped] = OLDER_LINES
            .map(|line| serde_json::from_str::<HistoryRecord>(line).expect("an older line reads"));
        // `completed` meant that it ran to its end: it still completes, and reached it.
        assert!(finished.completed && finished.reached_end());
        assert!(!stopped.completed && !stopped.reached_end());
        // What was not kept then is not made up now.
        for record in [&finished, &stopped] {
            assert_eq!(record.reached_end, None);
            assert_eq!(record.ended_in_step, None);
            assert_eq!((record.skipped_ms, record.steps_skipped), (None, None));
            assert_eq!(record.steps_skipped(), 0);
        }
        assert_eq!((stopped.steps_reached, stopped.steps), (3, 5));
        assert_eq!(stopped.practiced_ms, 431_250);
        // Written again (as `history --json` does), it says what it said.
        assert_eq!([finished.to_line(), stopped.to_line()], OLDER_LINES);
    }
}
