//! Watches a session's events for what its history record needs beyond the outcome: how
//! far it got and how late its cues came.

use std::time::Duration;

use super::{HistoryRecord, StartTime};
use crate::plan::Timeline;
use crate::session::{Event, EventKind, Outcome};
use crate::sink::Sink;

/// A sink that keeps the furthest step reached and the largest cue lateness.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SessionTracker {
    steps_reached: usize,
    max_late: Duration,
}

impl SessionTracker {
    /// A tracker that has seen nothing yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The history record of a session that ended with `outcome`.
    #[must_use]
    pub fn record(
        &self,
        start: StartTime,
        timeline: &Timeline,
        outcome: &Outcome,
    ) -> HistoryRecord {
        HistoryRecord {
            start,
            routine: timeline.routine_id.clone(),
            name: timeline.routine_name.clone(),
            length_ms: outcome.total_ms,
            practiced_ms: outcome.practiced_ms,
            completed: outcome.completed,
            steps_reached: self.steps_reached,
            steps: timeline.segments.len(),
            max_late_us: u64::try_from(self.max_late.as_micros()).unwrap_or(u64::MAX),
        }
    }
}

impl Sink for SessionTracker {
    fn event(&mut self, event: &Event, _timeline: &Timeline) {
        self.max_late = self.max_late.max(event.lateness());
        let reached = match event.kind {
            EventKind::StepStart { segment, .. } => segment + 1,
            EventKind::Jump { to_segment, .. } => to_segment + 1,
            _ => 0,
        };
        self.steps_reached = self.steps_reached.max(reached);
    }
}
