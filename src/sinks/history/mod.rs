//! Practice history: one JSON line per session that started, finished or not.
//!
//! [`HistoryRecord`] is what a line says; [`file`] appends lines whole and reads them back,
//! skipping damaged ones; [`tracker`] watches a session's events for what the record needs;
//! [`stats`] and [`calendar`] turn records into totals, streaks and a small calendar.

pub mod calendar;
pub mod file;
pub mod start;
pub mod stats;
pub mod tracker;

use serde::{Deserialize, Serialize};

pub use file::{DamagedLine, HistoryError, HistoryFile, Loaded};
pub use start::StartTime;
pub use tracker::SessionTracker;

/// One practice session, as written to the history file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRecord {
    /// When the session began, in the local time of the place it was practiced.
    pub start: StartTime,
    /// The routine's id, as it is asked for on the command line.
    pub routine: String,
    /// The routine's name as people say it.
    pub name: String,
    /// The session length chosen (the planned length).
    pub length_ms: u64,
    /// The time actually practiced, pauses left out.
    pub practiced_ms: u64,
    /// True when the session ran to its end; false when it was stopped early.
    pub completed: bool,
    /// The furthest step reached, counting from 1 (0 when stopped before the first step).
    pub steps_reached: usize,
    /// How many steps the session had.
    pub steps: usize,
    /// The largest lateness of any cue in the session, in microseconds.
    pub max_late_us: u64,
}

impl HistoryRecord {
    /// The record as one line of JSON, without its line break.
    #[must_use]
    pub fn to_line(&self) -> String {
        // A record holds only strings and integers, which always serialize.
        serde_json::to_string(self).unwrap_or_default()
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
            steps_reached: 3,
            steps: 5,
            max_late_us: 1_834,
        };
        let line = record.to_line();
        assert_eq!(
            line,
            r#"{"start":"2026-11-30T07:15:02+01:00","routine":"constructive-rest","name":"Constructive rest","length_ms":1200000,"practiced_ms":431250,"completed":false,"steps_reached":3,"steps":5,"max_late_us":1834}"#
        );
        assert_eq!(
            serde_json::from_str::<HistoryRecord>(&line).unwrap(),
            record
        );
    }
}
