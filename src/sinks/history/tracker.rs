//! Watches a session's events for what its history record needs beyond the outcome: how
//! far it got and how late its cues came.

use std::time::Duration;

use super::{HistoryRecord, StartTime};
use crate::plan::Timeline;
use crate::session::sink::Sink;
use crate::session::{Event, EventKind, Outcome};

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
    fn event(&mut self, event: &Event) {
        self.max_late = self.max_late.max(event.lateness());
        let reached = match event.kind {
            EventKind::StepStart { segment, .. } => segment + 1,
            EventKind::Jump { to_segment, .. } => to_segment + 1,
            _ => 0,
        };
        self.steps_reached = self.steps_reached.max(reached);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;
    use std::time::Duration;

    use super::*;
    use crate::plan::{PlanOptions, plan};
    use crate::session::clock::{Clock, VirtualClock};
    use crate::session::{Command, QuitReason, Session};

    const ROUTINE: &str = r#"
version = 1
name = "Three steps"
[[steps]]
title = "One"
duration = "1m"
[[steps]]
title = "Two"
duration = "1m"
[[steps]]
title = "Three"
duration = "1m"
"#;

    #[test]
    fn records_time_practiced_without_pauses_and_the_furthest_step() {
        let routine = crate::routine::parse("three.toml", "three", ROUTINE).unwrap();
        let timeline = plan(&routine, PlanOptions::default()).unwrap();
        let secs = Duration::from_secs;
        let mut clock = VirtualClock::with_script([
            (secs(10), Command::Pause),
            (secs(70), Command::Resume),
            (secs(80), Command::Next),
            (secs(85), Command::Back),
            (secs(86), Command::Back),
            (secs(100), Command::Quit(QuitReason::Signal(15))),
        ]);
        let (_commands, inbox) = channel();
        let mut tracker = SessionTracker::new();
        let outcome = Session::new(std::sync::Arc::new(timeline.clone())).run(
            &mut clock,
            &inbox,
            &mut tracker,
        );
        let start = StartTime::from_zoned(&clock.started_at());
        let record = tracker.record(start, &timeline, &outcome);
        assert_eq!(record.practiced_ms, 40_000, "the minute paused is left out");
        assert!(!record.completed);
        assert_eq!(
            (record.steps_reached, record.steps),
            (2, 3),
            "back again does not undo it"
        );
        assert_eq!(record.length_ms, 180_000);
        assert_eq!(
            (record.routine.as_str(), record.name.as_str()),
            ("three", "Three steps")
        );
        assert_eq!(record.start.to_string(), "2000-01-01T00:00:00+00:00");
    }

    #[test]
    fn keeps_the_largest_lateness_of_any_cue() {
        let routine = crate::routine::parse("three.toml", "three", ROUTINE).unwrap();
        let timeline = plan(&routine, PlanOptions::default()).unwrap();
        let mut tracker = SessionTracker::new();
        let ms = Duration::from_millis;
        for (due, actual) in [(0, 1), (60_000, 60_007), (120_000, 120_002)] {
            let event = crate::session::Event {
                kind: crate::session::EventKind::Bell { segment: 0 },
                planned_ms: due,
                due: ms(due),
                actual: ms(actual),
                started: Duration::ZERO,
            };
            tracker.event(&event);
        }
        let outcome = crate::session::Outcome {
            completed: true,
            quit: None,
            practiced_ms: 180_000,
            total_ms: 180_000,
        };
        let start = StartTime::from_zoned(&crate::session::clock::virtual_start());
        assert_eq!(
            tracker.record(start, &timeline, &outcome).max_late_us,
            7_000
        );
    }
}
