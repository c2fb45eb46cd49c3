//! What a session tells its sinks: each event with its planned moment and the moment it
//! really happened.

use std::time::Duration;

use serde::Serialize;

use crate::plan::BreathPhase;

/// Something that happened in a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// Where in the timeline it happened.
    pub planned_ms: u64,
    /// When it was due on the clock: planned, moved by pauses and skips.
    pub due: Duration,
    /// When it really happened on the clock.
    pub actual: Duration,
    /// When the session started on the clock: the moment its timeline's zero was due.
    pub started: Duration,
}

impl Event {
    /// How long after the session's start the event happened.
    #[must_use]
    pub fn since_start(&self) -> Duration {
        self.actual.saturating_sub(self.started)
    }

    /// How long after its due moment the event happened.
    #[must_use]
    pub fn lateness(&self) -> Duration {
        self.actual.saturating_sub(self.due)
    }
}

/// The kinds of event, with what each needs to say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventKind {
    /// The session begins.
    SessionStart {
        routine: String,
        name: String,
        total_ms: u64,
        steps: usize,
    },
    /// A step begins.
    StepStart {
        segment: usize,
        title: String,
        duration_ms: u64,
    },
    /// A breath phase begins.
    Breath {
        segment: usize,
        phase: BreathPhase,
        duration_ms: u64,
    },
    /// A bell rings partway through a step.
    Bell { segment: usize },
    /// The practitioner paused.
    Pause,
    /// The practitioner resumed.
    Resume,
    /// The practitioner moved to another step (`next` or `back`).
    Jump {
        from_segment: usize,
        to_segment: usize,
    },
    /// The current step was made longer; everything after it moved later.
    Extend {
        segment: usize,
        added_ms: u64,
        /// Where the step now ends in the timeline.
        step_end_ms: u64,
        /// The session's new length.
        total_ms: u64,
    },
    /// The session ends, completed or not.
    SessionEnd { completed: bool, practiced_ms: u64 },
    /// The loudness changed (or was muted, or brought back).
    Volume { percent: u8, muted: bool },
    /// The practitioner asked where the session is.
    WhereAmI { segment: usize, words: String },
}

impl EventKind {
    /// The segment this event belongs to, for the events that belong to one: a step's
    /// start, its bells and breaths, and what was done to it.
    #[must_use]
    pub fn segment(&self) -> Option<usize> {
        match *self {
            Self::StepStart { segment, .. }
            | Self::Breath { segment, .. }
            | Self::Bell { segment }
            | Self::Extend { segment, .. }
            | Self::WhereAmI { segment, .. } => Some(segment),
            Self::Jump { to_segment, .. } => Some(to_segment),
            Self::SessionStart { .. }
            | Self::Pause
            | Self::Resume
            | Self::SessionEnd { .. }
            | Self::Volume { .. } => None,
        }
    }
}

/// Where a session is, in words to say and show: `minute 12 of 20, Rest`. The minute
/// under way is counted, as a clock's minutes are; short sessions count seconds.
#[must_use]
pub fn where_am_i_words(position_ms: u64, total_ms: u64, title: &str) -> String {
    if total_ms < 120_000 {
        let second = position_ms / 1000 + 1;
        let total = total_ms.div_ceil(1000);
        format!("second {} of {total}, {title}", second.min(total))
    } else {
        let minute = position_ms / 60_000 + 1;
        let total = total_ms.div_ceil(60_000);
        format!("minute {} of {total}, {title}", minute.min(total))
    }
}
