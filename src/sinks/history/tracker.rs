//! Watches a session's events for what its history record needs beyond the outcome: the
//! step it ended in and the furthest it reached, what was skipped or added in each step, how
//! long it stood paused, and how late its cues came.
//!
//! What was skipped is read from the events' own moments, never from a clock: each event
//! says where in the timeline it happened (`planned_ms`) and when on the session's clock
//! (`due`, `actual`), so the tracker knows where the session stood when `n` moved it on.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use super::{HistoryRecord, StartTime, StepChange};
use crate::duration::whole_ms;
use crate::plan::Timeline;
use crate::session::sink::Sink;
use crate::session::{Event, EventKind, Outcome};

/// A session counts as complete when it reached its end with at least this share of its
/// planned length practiced, in percent: four fifths. Pausing, waiting and adding time to
/// a step never take away from it, and a practitioner who skips a step or two of a long
/// practice, or its last words, still completes; one who skips most of it does not. The
/// length is the one chosen at the start, less any words passed over by a key pressed to
/// say "ready" (an answer the step asks for, not a skip).
pub const COMPLETE_PERCENT: u64 = 80;

/// Whether `practiced_ms` is enough of `asked_ms` for a session that reached its end to
/// count as complete.
#[must_use]
pub fn enough_practiced(practiced_ms: u64, asked_ms: u64) -> bool {
    practiced_ms.saturating_mul(100) >= asked_ms.saturating_mul(COMPLETE_PERCENT)
}

/// A sink that keeps where the session went, what it skipped and the largest lateness.
#[derive(Debug, Default, Clone)]
pub struct SessionTracker {
    /// The session's plan, as last handed over: which steps wait until ready.
    timeline: Option<Arc<Timeline>>,
    /// The planned length when the session began.
    planned_ms: u64,
    /// The step under way, counting from 1 (0 before the first).
    step: usize,
    steps_reached: usize,
    /// Where the session stands in its timeline.
    place: Place,
    steps_skipped: usize,
    /// The words of steps that wait until ready, passed over by a key saying "ready".
    answered: Duration,
    max_late: Duration,
    /// The time paused with the pause key, up to the last resume.
    paused: Duration,
    /// When the pause under way began on the clock.
    paused_since: Option<Duration>,
    /// What each changed step (a segment) had passed over and added, in step order.
    changes: BTreeMap<usize, Change>,
}

/// What happened to one step's time: passed over with `n`, and added.
#[derive(Debug, Default, Clone, Copy)]
struct Change {
    skipped: Duration,
    added_ms: u64,
}

/// Where a session stands in its timeline: at `at` when its clock read `clock`, and moving
/// on with the clock unless it is paused or waiting until ready.
#[derive(Debug, Default, Clone, Copy)]
struct Place {
    at: Duration,
    clock: Duration,
    moving: bool,
}

impl Place {
    /// The place in the timeline when the clock reads `clock`.
    fn at(self, clock: Duration) -> Duration {
        if self.moving {
            self.at + clock.saturating_sub(self.clock)
        } else {
            self.at
        }
    }

    /// Follows the session to the clock's reading `clock`, then moves on or stands still.
    fn moving_from(&mut self, clock: Duration, moving: bool) {
        self.at = self.at(clock);
        self.clock = clock;
        self.moving = moving;
    }
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
        let asked_ms = self.planned_ms.saturating_sub(whole_ms(self.answered));
        let enough = enough_practiced(outcome.practiced_ms, asked_ms);
        HistoryRecord {
            start,
            routine: timeline.routine_id.clone(),
            name: timeline.routine_name.clone(),
            length_ms: outcome.total_ms,
            practiced_ms: outcome.practiced_ms,
            completed: outcome.completed && enough,
            reached_end: Some(outcome.completed),
            ended_in_step: Some(self.step),
            steps_reached: self.steps_reached,
            steps: timeline.segments.len(),
            skipped_ms: Some(whole_ms(
                self.changes.values().map(|change| change.skipped).sum(),
            )),
            steps_skipped: Some(self.steps_skipped),
            max_late_us: u64::try_from(self.max_late.as_micros()).unwrap_or(u64::MAX),
            paused_ms: Some(whole_ms(self.paused)),
            ended_in_title: self
                .step
                .checked_sub(1)
                .and_then(|segment| timeline.segments.get(segment))
                .map(|segment| segment.title.clone()),
            step_changes: Some(self.step_changes(timeline)),
            notes: Vec::new(),
            by_hand: false,
        }
    }

    /// Each step whose time was changed, in step order, titled as `timeline` has it.
    fn step_changes(&self, timeline: &Timeline) -> Vec<StepChange> {
        self.changes
            .iter()
            .map(|(&segment, change)| StepChange {
                step: segment + 1,
                title: timeline
                    .segments
                    .get(segment)
                    .map(|s| s.title.clone())
                    .unwrap_or_default(),
                skipped_ms: whole_ms(change.skipped),
                added_ms: change.added_ms,
            })
            .collect()
    }

    /// The pause under way, if any, ended at `clock`.
    fn pause_ended(&mut self, clock: Duration) {
        if let Some(since) = self.paused_since.take() {
            self.paused += clock.saturating_sub(since);
        }
    }

    /// The session moved on from `from` (a segment) to `to` in the timeline, passing over
    /// the rest of that step: a skip, or an answer to a step that waits until ready.
    fn moved_on(&mut self, from: usize, passed: Duration) {
        if passed < Duration::from_millis(1) {
            return;
        }
        let answered = self
            .timeline
            .as_ref()
            .is_some_and(|timeline| timeline.waits_until_ready(from));
        if answered {
            self.answered += passed;
        } else {
            self.steps_skipped += 1;
            self.changes.entry(from).or_default().skipped += passed;
        }
    }

    /// The session is in step `segment` (counting from 0).
    fn in_step(&mut self, segment: usize) {
        self.step = segment + 1;
        self.steps_reached = self.steps_reached.max(self.step);
    }
}

impl Sink for SessionTracker {
    fn timeline(&mut self, timeline: &Arc<Timeline>) {
        self.timeline = Some(Arc::clone(timeline));
    }

    fn event(&mut self, event: &Event) {
        self.max_late = self.max_late.max(event.lateness());
        let planned = Duration::from_millis(event.planned_ms);
        match event.kind {
            EventKind::SessionStart { total_ms, .. } => {
                self.planned_ms = total_ms;
                self.place = Place {
                    at: planned,
                    clock: event.due,
                    moving: true,
                };
            }
            // A cue comes at its planned place, due on the clock exactly then.
            EventKind::StepStart { segment, .. } => {
                self.in_step(segment);
                self.place = Place {
                    at: planned,
                    clock: event.due,
                    moving: true,
                };
            }
            // A wait until ready stands still too, but is no pause: it is the step's own.
            EventKind::AwaitReady { .. } => self.place.moving_from(event.actual, false),
            EventKind::Ready { .. } => self.place.moving_from(event.actual, true),
            EventKind::Pause => {
                self.place.moving_from(event.actual, false);
                self.paused_since = Some(event.actual);
            }
            EventKind::Resume => {
                self.place.moving_from(event.actual, true);
                self.pause_ended(event.actual);
            }
            EventKind::Extend {
                segment, added_ms, ..
            } => {
                let change = self.changes.entry(segment).or_default();
                change.added_ms = change.added_ms.saturating_add(added_ms);
            }
            EventKind::Jump {
                from_segment,
                to_segment,
            } => {
                let from = self.place.at(event.actual);
                if to_segment > from_segment {
                    self.moved_on(from_segment, planned.saturating_sub(from));
                }
                self.in_step(to_segment);
                self.place.at = planned;
                self.place.clock = event.actual;
            }
            // Reaching the end before its time is `n` in the last step.
            EventKind::SessionEnd { completed, .. } => {
                // Stopped while paused: the pause lasted until the end.
                self.pause_ended(event.actual);
                if completed {
                    let from = self.place.at(event.due);
                    let last = self.step.saturating_sub(1);
                    self.moved_on(last, planned.saturating_sub(from));
                }
            }
            _ => {}
        }
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

    /// Three steps as above, the first one words that wait until ready.
    const READY_FIRST: &str = r#"
version = 1
name = "Ready first"
[[steps]]
title = "Before you begin"
duration = "until ready"
text = "You might gather a blanket and a cushion, and lie down when you are ready to."
[[steps]]
title = "Rest"
duration = "2m"
[[steps]]
title = "Coming out"
duration = "1m"
"#;

    /// The record of `routine` run on the virtual clock with `script` (seconds, command).
    fn run(routine: &str, script: &[(f64, Command)]) -> HistoryRecord {
        let routine = crate::routine::parse("r.toml", "r", routine).unwrap();
        let timeline = plan(&routine, PlanOptions::default()).unwrap();
        let mut clock = VirtualClock::with_script(
            script
                .iter()
                .map(|&(at, command)| (Duration::from_secs_f64(at), command)),
        );
        let (_commands, inbox) = channel();
        let mut tracker = SessionTracker::new();
        let outcome =
            Session::new(Arc::new(timeline.clone())).run(&mut clock, &inbox, &mut tracker);
        let start = StartTime::from_zoned(&clock.started_at());
        tracker.record(start, &timeline, &outcome)
    }

    /// Where the record says the session ended, got to and what it skipped.
    fn route(
        record: &HistoryRecord,
    ) -> (bool, bool, Option<usize>, usize, Option<u64>, Option<usize>) {
        (
            record.completed,
            record.reached_end(),
            record.ended_in_step,
            record.steps_reached,
            record.skipped_ms,
            record.steps_skipped,
        )
    }

    const QUIT: Command = Command::Quit(QuitReason::Signal(15));

    /// Each changed step as (step, title, skipped, added).
    fn changes(record: &HistoryRecord) -> Vec<(usize, &str, u64, u64)> {
        record
            .step_changes
            .as_ref()
            .expect("a new record says what changed")
            .iter()
            .map(|c| (c.step, c.title.as_str(), c.skipped_ms, c.added_ms))
            .collect()
    }

    /// A pause of a minute 10 s into step 1, `n` at 20 s into it, back twice at the start
    /// of step 2 to the start of step 1, and a quit 14 s later.
    const PAUSE_NEXT_BACK_QUIT: [(f64, Command); 6] = [
        (10.0, Command::Pause),
        (70.0, Command::Resume),
        (80.0, Command::Next),
        (85.0, Command::Back),
        (86.0, Command::Back),
        (100.0, QUIT),
    ];

    #[test]
    fn keeps_the_time_paused_the_title_it_ended_in_and_each_step_skipped() {
        let record = run(ROUTINE, &PAUSE_NEXT_BACK_QUIT);
        assert_eq!(record.paused_ms, Some(60_000));
        assert_eq!(record.ended_in_title.as_deref(), Some("One"));
        assert_eq!(changes(&record), [(1, "One", 40_000, 0)]);
        let record = run(
            ROUTINE,
            &[
                (0.25, Command::Next),
                (0.5, Command::Next),
                (0.75, Command::Next),
            ],
        );
        assert_eq!(
            changes(&record),
            [
                (1, "One", 59_750, 0),
                (2, "Two", 59_750, 0),
                (3, "Three", 59_750, 0)
            ]
        );
        assert_eq!(record.ended_in_title.as_deref(), Some("Three"));
        assert_eq!(record.paused_ms, Some(0));
    }

    #[test]
    fn a_pause_still_under_way_at_the_end_lasts_until_it() {
        let record = run(
            ROUTINE,
            &[(30.0, Command::Pause), (90.0, Command::Next), (100.5, QUIT)],
        );
        assert_eq!(record.paused_ms, Some(70_500));
        assert_eq!(record.ended_in_title.as_deref(), Some("Two"));
        assert_eq!(changes(&record), [(1, "One", 30_000, 0)]);
        // Two pauses add up; the second is ended by `n` in the last step.
        let record = run(
            ROUTINE,
            &[
                (10.0, Command::Pause),
                (12.5, Command::Resume),
                (150.0, Command::Pause),
                (151.25, Command::Next),
            ],
        );
        assert_eq!(record.paused_ms, Some(3_750));
        // At 150 s on the clock, 147.5 s into the session: 32.5 s of step 3 left.
        assert_eq!(changes(&record), [(3, "Three", 32_500, 0)]);
    }

    #[test]
    fn time_added_is_kept_with_its_step_and_what_was_skipped_of_it() {
        let record = run(
            ROUTINE,
            &[
                (30.0, Command::Extend { ms: 60_000 }),
                (40.0, Command::Extend { ms: 60_000 }),
                (200.0, Command::Extend { ms: 15_000 }),
                (230.0, Command::Next),
            ],
        );
        // Step 1 ends at 180 s now, and step 2 at 255 s with 15 s added: 25 s of it skipped.
        assert_eq!(
            changes(&record),
            [(1, "One", 0, 120_000), (2, "Two", 25_000, 15_000)]
        );
        assert_eq!(record.length_ms, 315_000);
    }

    #[test]
    fn the_wait_of_a_step_until_ready_is_no_pause_and_no_change() {
        let words_ms = run(READY_FIRST, &[(2.0, Command::AnyKey)]).length_ms - 180_000;
        #[expect(clippy::cast_precision_loss, reason = "a few seconds of words")]
        let after_the_words = words_ms as f64 / 1000.0 + 30.0;
        let record = run(READY_FIRST, &[(after_the_words, Command::AnyKey)]);
        assert_eq!(record.paused_ms, Some(0));
        assert_eq!(changes(&record), []);
        // A pause while the words are said is one.
        let record = run(
            READY_FIRST,
            &[
                (1.0, Command::Pause),
                (11.0, Command::Resume),
                (after_the_words + 10.0, Command::AnyKey),
            ],
        );
        assert_eq!(record.paused_ms, Some(10_000));
        assert_eq!(changes(&record), []);
        assert_eq!(record.ended_in_title.as_deref(), Some("Coming out"));
    }

    #[test]
    fn a_session_stopped_before_its_first_step_ended_in_no_title() {
        let record = run(ROUTINE, &[(0.0, QUIT)]);
        assert_eq!(record.ended_in_title, None);
        assert_eq!(record.step_changes, Some(vec![]));
        assert_eq!(record.paused_ms, Some(0));
    }

    #[test]
    fn records_the_step_it_ended_in_apart_from_the_furthest_and_what_was_skipped() {
        let record = run(ROUTINE, &PAUSE_NEXT_BACK_QUIT);
        assert_eq!(record.practiced_ms, 40_000, "the minute paused is left out");
        // Next at 20 s into step 1 passed over its last 40 s; back twice returned to step 1.
        assert_eq!(
            route(&record),
            (false, false, Some(1), 2, Some(40_000), Some(1))
        );
        assert_eq!(record.steps, 3);
        assert_eq!(record.length_ms, 180_000);
        assert_eq!(
            (record.routine.as_str(), record.name.as_str()),
            ("r", "Three steps")
        );
        assert_eq!(record.start.to_string(), "2000-01-01T00:00:00+00:00");
    }

    #[test]
    fn skipping_through_to_the_end_reaches_it_without_completing() {
        let next = Command::Next;
        let record = run(ROUTINE, &[(1.0, next), (1.5, next), (2.0, next)]);
        assert_eq!(record.practiced_ms, 2_000);
        assert_eq!(
            route(&record),
            (false, true, Some(3), 3, Some(178_000), Some(3)),
            "59 s, 59.5 s and 59.5 s passed over"
        );
    }

    #[test]
    fn a_practice_with_a_little_skipped_still_completes_and_one_with_more_does_not() {
        // The last 30 s of 180 s skipped: 150 s practiced is over four fifths.
        let record = run(ROUTINE, &[(150.0, Command::Next)]);
        assert_eq!(
            route(&record),
            (true, true, Some(3), 3, Some(30_000), Some(1))
        );
        // 40 s skipped: 140 s is under four fifths (144 s).
        let record = run(ROUTINE, &[(20.0, Command::Next)]);
        assert_eq!(
            route(&record),
            (false, true, Some(3), 3, Some(40_000), Some(1))
        );
        // The same, and at once back to the step skipped: its rest is practiced after all.
        let record = run(ROUTINE, &[(20.0, Command::Next), (21.0, Command::Back)]);
        assert_eq!(record.practiced_ms, 201_000);
        assert_eq!(
            route(&record),
            (true, true, Some(3), 3, Some(40_000), Some(1))
        );
    }

    #[test]
    fn time_added_to_a_step_is_never_asked_for() {
        // Five minutes added in the last step, then most of them skipped: 200 s practiced
        // of the 180 s chosen.
        let record = run(
            ROUTINE,
            &[
                (130.0, Command::Extend { ms: 300_000 }),
                (200.0, Command::Next),
            ],
        );
        assert_eq!((record.length_ms, record.practiced_ms), (480_000, 200_000));
        assert_eq!(
            route(&record),
            (true, true, Some(3), 3, Some(280_000), Some(1))
        );
    }

    #[test]
    fn skipping_while_paused_passes_over_what_was_left_when_the_pause_began() {
        let record = run(
            ROUTINE,
            &[(30.0, Command::Pause), (90.0, Command::Next), (100.0, QUIT)],
        );
        assert_eq!(
            route(&record),
            (false, false, Some(2), 2, Some(30_000), Some(1))
        );
        assert_eq!(record.practiced_ms, 30_000, "still paused when it ended");
    }

    #[test]
    fn saying_ready_before_the_words_end_is_no_skip() {
        // The words take some seconds; a key at 2 s says "ready" and the rest begins.
        let record = run(READY_FIRST, &[(2.0, Command::AnyKey)]);
        let words_ms = record.length_ms - 180_000;
        assert!(words_ms > 2_000, "{words_ms} ms of words");
        assert_eq!(route(&record), (true, true, Some(3), 3, Some(0), Some(0)));
        assert_eq!(record.practiced_ms, 182_000);
    }

    #[test]
    fn a_session_that_ran_its_course_completes_with_nothing_skipped() {
        let record = run(ROUTINE, &[]);
        assert_eq!(route(&record), (true, true, Some(3), 3, Some(0), Some(0)));
        assert_eq!(record.practiced_ms, 180_000);
        let stopped = run(ROUTINE, &[(1.0, QUIT)]);
        assert_eq!(
            route(&stopped),
            (false, false, Some(1), 1, Some(0), Some(0))
        );
        let before_the_first_step = run(ROUTINE, &[(0.0, QUIT)]);
        assert_eq!(
            route(&before_the_first_step),
            (false, false, Some(0), 0, Some(0), Some(0))
        );
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
