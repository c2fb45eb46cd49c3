//! What a session tells its sinks: each event with its planned moment and the moment it
//! really happened.

use std::time::Duration;

use serde::Serialize;

use crate::plan::{BreathPhase, Said, Timeline};

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
    /// Words are said within a step: its ending, or the time left.
    Speak {
        segment: usize,
        #[serde(flatten)]
        said: Said,
    },
    /// A step's words are said; the session waits for any key, at most `max_ms`.
    AwaitReady { segment: usize, max_ms: u64 },
    /// The wait is over: a key was pressed (`by_key`), or the longest wait passed.
    Ready {
        segment: usize,
        waited_ms: u64,
        by_key: bool,
    },
    /// A gentle reminder, every so often, that the session is paused.
    StillPaused { paused_ms: u64 },
    /// Quit was pressed once: a second press ends the session, any other key carries on.
    EndAsked,
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
            | Self::WhereAmI { segment, .. }
            | Self::Speak { segment, .. }
            | Self::AwaitReady { segment, .. }
            | Self::Ready { segment, .. } => Some(segment),
            Self::Jump { to_segment, .. } => Some(to_segment),
            Self::SessionStart { .. }
            | Self::Pause
            | Self::Resume
            | Self::SessionEnd { .. }
            | Self::Volume { .. }
            | Self::StillPaused { .. }
            | Self::EndAsked => None,
        }
    }
}

/// What the session says in answer to a key or at a moment of its own, for someone whose
/// eyes are closed: the same words are heard and shown. These are all of them but the
/// routine's own texts and "where am I".
pub mod answers {
    /// Paused.
    pub const PAUSED: &str = "Paused.";
    /// Resumed.
    pub const RESUMED: &str = "Carrying on.";
    /// The first press of quit.
    pub const END_ASKED: &str = "To end the session, press q again. Any other key carries on.";
    /// A step waits until the practitioner is ready.
    pub const WHEN_READY: &str = "When you are ready, press any key.";
    /// Every minute of a pause.
    pub const STILL_PAUSED: &str = "Still paused.";

    /// Every fixed answer, for preparing them before the session.
    pub const ALL: [&str; 5] = [PAUSED, RESUMED, END_ASKED, WHEN_READY, STILL_PAUSED];
}

impl EventKind {
    /// The words said (and shown) for this event, on `timeline`: a step's ending, the
    /// time left, an answer to a key. `None` for events that are heard as sounds alone,
    /// and for a step's start, whose words are its own.
    #[must_use]
    pub fn words(&self, timeline: &Timeline) -> Option<String> {
        let text = match self {
            Self::Pause => answers::PAUSED.to_owned(),
            Self::Resume => answers::RESUMED.to_owned(),
            Self::EndAsked => answers::END_ASKED.to_owned(),
            Self::AwaitReady { .. } => answers::WHEN_READY.to_owned(),
            Self::StillPaused { .. } => answers::STILL_PAUSED.to_owned(),
            Self::Extend { added_ms, .. } => extend_words(*added_ms),
            Self::WhereAmI { words, .. } => words.clone(),
            Self::Speak {
                segment,
                said: Said::Ending,
            } => timeline.segments.get(*segment)?.ending.clone()?,
            Self::Speak {
                said: Said::TimeLeft { left_ms },
                ..
            } => crate::plan::speech::time_left_words(*left_ms),
            _ => return None,
        };
        Some(text)
    }
}

/// "One more minute."
#[must_use]
pub fn extend_words(added_ms: u64) -> String {
    use crate::routine::placeholders::{duration_words, sentence};
    let said = duration_words(added_ms);
    match said.strip_prefix("one ") {
        Some(unit) => sentence(&format!("one more {unit}")),
        None => sentence(&format!("{said} more")),
    }
}

/// Whether "where am I" in a session this long counts seconds (under two minutes) rather
/// than minutes.
#[must_use]
pub const fn where_am_i_in_seconds(total_ms: u64) -> bool {
    total_ms < 120_000
}

/// Where a session is, in words to say and show: `minute 12 of 20, Rest`. The minute
/// under way is counted, as a clock's minutes are; short sessions count seconds.
#[must_use]
pub fn where_am_i_words(position_ms: u64, total_ms: u64, title: &str) -> String {
    if where_am_i_in_seconds(total_ms) {
        let second = position_ms / 1000 + 1;
        let total = total_ms.div_ceil(1000);
        format!("second {} of {total}, {title}", second.min(total))
    } else {
        let minute = position_ms / 60_000 + 1;
        let total = total_ms.div_ceil(60_000);
        format!("minute {} of {total}, {title}", minute.min(total))
    }
}

#[cfg(test)]
mod tests {
    use super::extend_words;

    #[test]
    fn one_more_minute_is_said_as_people_say_it() {
        assert_eq!(extend_words(60_000), "One more minute.");
        assert_eq!(extend_words(120_000), "Two minutes more.");
        assert_eq!(extend_words(30_000), "Thirty seconds more.");
    }
}
