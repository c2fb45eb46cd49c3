//! A session walks a timeline against a clock. Every wait is on a deadline, the planned
//! offset moved by time spent paused and by skips, never on a sum of sleeps, so lateness
//! cannot build up over a long rest.
//!
//! The parts depend one way: [`command`] and [`event`] on nothing of the session,
//! [`clock`] on the commands it waits for, [`sink`] on the events it takes, and the
//! [`Session`] here on all of them. [`signals`] turns signals into commands.

pub mod clock;
mod command;
mod event;
mod extend;
pub mod signals;
pub mod sink;
#[cfg(test)]
mod volume_tests;

use std::sync::Arc;
use std::time::Duration;

use self::clock::{Clock, Inbox};
use self::sink::Sink;
use crate::options::defaults;
use crate::plan::{CueKind, Timeline};

pub use command::{Command, QuitReason};
pub use event::{Event, EventKind, answers, extend_words, where_am_i_in_seconds, where_am_i_words};

/// Going back within this much of a step's start goes to the previous step instead, so
/// pressing back twice quickly steps back one step.
pub const BACK_TO_PREVIOUS_MS: u64 = 3_000;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// True when the session ran to the end of its timeline.
    pub completed: bool,
    /// Why it ended early, if it did.
    pub quit: Option<QuitReason>,
    /// Time spent in the session, pauses left out.
    pub practiced_ms: u64,
    /// The planned length.
    pub total_ms: u64,
}

/// A timeline under way.
pub struct Session {
    /// The plan being walked, shared with the sinks; replaced when a step is made longer.
    timeline: Arc<Timeline>,
    /// The next cue to happen.
    cursor: usize,
    /// Clock time minus timeline time, in nanoseconds: grows with pauses, shrinks with skips.
    offset_ns: i128,
    /// When the session started on the clock.
    started: Duration,
    /// When the current pause began, if paused.
    paused_since: Option<Duration>,
    paused_total: Duration,
    /// The loudness in percent, and whether it is muted.
    volume: (u8, bool),
    /// A step waiting for the practitioner to be ready: which, since when, and until when.
    waiting: Option<Waiting>,
    /// Time spent waiting until ready, which is not practice.
    waited_total: Duration,
    /// Reminders said in the current pause.
    reminders: u32,
    /// The longest any wait until ready may last, when shorter than the routine says.
    longest_wait: Option<Duration>,
}

/// A step waiting for any key.
#[derive(Debug, Clone, Copy)]
struct Waiting {
    segment: usize,
    since: Duration,
    until: Duration,
}

/// While paused, a soft reminder comes this often.
pub const PAUSE_REMINDER_EVERY: Duration = Duration::from_secs(60);

/// How much each press of volume up or down changes the loudness, in percent.
pub const VOLUME_STEP: u8 = 10;

impl Session {
    /// A session at the start of `timeline`.
    #[must_use]
    pub fn new(timeline: Arc<Timeline>) -> Self {
        Self {
            timeline,
            cursor: 0,
            offset_ns: 0,
            started: Duration::ZERO,
            paused_since: None,
            paused_total: Duration::ZERO,
            volume: (defaults::VOLUME_PERCENT, defaults::MUTED),
            waiting: None,
            waited_total: Duration::ZERO,
            reminders: 0,
            longest_wait: None,
        }
    }

    /// Waits until ready last at most `longest`, whatever the routine allows: for a
    /// rendering, where no one is there to press a key.
    #[must_use]
    pub fn waiting_at_most(mut self, longest: Duration) -> Self {
        self.longest_wait = Some(longest);
        self
    }

    /// Starts at this loudness (percent, and muted or not), which volume commands change.
    #[must_use]
    pub fn with_volume(mut self, percent: u8, muted: bool) -> Self {
        self.volume = (percent.min(100), muted);
        self
    }

    /// Runs the session to its end or until it is quit, telling `sink` of every event. The
    /// timeline's zero is the moment the session starts, not when the clock did, so time
    /// spent getting ready (opening files, the terminal, the sound) never makes a cue late.
    pub fn run(mut self, clock: &mut dyn Clock, inbox: &Inbox, sink: &mut dyn Sink) -> Outcome {
        self.started = clock.now();
        self.offset_ns = nanos(self.started);
        sink.timeline(&self.timeline);
        let start = EventKind::SessionStart {
            routine: self.timeline.routine_id.clone(),
            name: self.timeline.routine_name.clone(),
            total_ms: self.timeline.total_ms,
            steps: self.timeline.segments.len(),
        };
        self.emit_due(start, 0, clock, sink);
        loop {
            let next_ms = self
                .timeline
                .cues
                .get(self.cursor)
                .map_or(self.timeline.total_ms, |c| c.at_ms);
            let deadline = match (self.waiting, self.paused_since) {
                (Some(waiting), _) => Some(waiting.until),
                (None, Some(since)) => Some(since + PAUSE_REMINDER_EVERY * (self.reminders + 1)),
                (None, None) => Some(self.due(next_ms)),
            };
            match clock.wait_until(deadline, inbox) {
                None if self.waiting.is_some() => self.stop_waiting(false, clock, sink),
                None if self.paused_since.is_some() => self.remind(clock, sink),
                None if self.cursor < self.timeline.cues.len() => self.fire_cue(clock, sink),
                None => return self.end(None, clock, sink),
                Some(Command::Quit(reason)) => return self.end(Some(reason), clock, sink),
                Some(command) => {
                    if let Some(outcome) = self.apply(command, clock, sink) {
                        return outcome;
                    }
                }
            }
        }
    }

    fn fire_cue(&mut self, clock: &dyn Clock, sink: &mut dyn Sink) {
        let cue = self.timeline.cues[self.cursor];
        self.cursor += 1;
        let kind = match cue.kind {
            CueKind::StepStart => {
                let segment = &self.timeline.segments[cue.segment];
                EventKind::StepStart {
                    segment: cue.segment,
                    title: segment.title.clone(),
                    duration_ms: segment.len_ms(),
                }
            }
            CueKind::IntervalBell => EventKind::Bell {
                segment: cue.segment,
            },
            CueKind::Breath { phase, duration_ms } => EventKind::Breath {
                segment: cue.segment,
                phase,
                duration_ms,
            },
            CueKind::Speak(said) => EventKind::Speak {
                segment: cue.segment,
                said,
            },
            CueKind::AwaitReady { max_ms } => {
                self.emit_due(
                    EventKind::AwaitReady {
                        segment: cue.segment,
                        max_ms,
                    },
                    cue.at_ms,
                    clock,
                    sink,
                );
                let since = clock.now();
                let longest = Duration::from_millis(max_ms);
                let longest = self.longest_wait.map_or(longest, |cap| cap.min(longest));
                self.paused_since = Some(since);
                self.waiting = Some(Waiting {
                    segment: cue.segment,
                    since,
                    until: since + longest,
                });
                return;
            }
        };
        self.emit_due(kind, cue.at_ms, clock, sink);
    }

    /// Ends a wait until ready: the session goes on from where it waited.
    fn stop_waiting(&mut self, by_key: bool, clock: &dyn Clock, sink: &mut dyn Sink) {
        let Some(waiting) = self.waiting.take() else {
            return;
        };
        let now = clock.now();
        let waited = now.saturating_sub(waiting.since);
        self.paused_since = None;
        self.waited_total += waited;
        self.offset_ns += nanos(waited);
        let kind = EventKind::Ready {
            segment: waiting.segment,
            waited_ms: crate::duration::whole_ms(waited),
            by_key,
        };
        self.emit(kind, self.position_ms(now), clock, sink);
    }

    /// Says, softly, that the session is still paused.
    fn remind(&mut self, clock: &dyn Clock, sink: &mut dyn Sink) {
        self.reminders += 1;
        let now = clock.now();
        let paused = self
            .paused_since
            .map_or(Duration::ZERO, |since| now.saturating_sub(since));
        let kind = EventKind::StillPaused {
            paused_ms: crate::duration::whole_ms(paused),
        };
        self.emit(kind, self.position_ms(now), clock, sink);
    }

    /// Carries out a command; returns the outcome when it ended the session.
    fn apply(
        &mut self,
        command: Command,
        clock: &dyn Clock,
        sink: &mut dyn Sink,
    ) -> Option<Outcome> {
        let now = clock.now();
        match command {
            Command::VolumeUp | Command::VolumeDown | Command::ToggleMute => {
                self.change_volume(command, now, clock, sink);
            }
            Command::WhereAmI => self.where_am_i(now, clock, sink),
            Command::AskToEnd => self.emit(EventKind::EndAsked, self.position_ms(now), clock, sink),
            // While a step waits until ready, any other key says "ready".
            _ if self.waiting.is_some() => self.stop_waiting(true, clock, sink),
            Command::AnyKey if self.in_ready_step(now) => {
                return self.apply(Command::Next, clock, sink);
            }
            Command::TogglePause if self.paused_since.is_some() => {
                return self.apply(Command::Resume, clock, sink);
            }
            Command::TogglePause | Command::Pause if self.paused_since.is_none() => {
                self.paused_since = Some(now);
                self.reminders = 0;
                self.emit(EventKind::Pause, self.position_ms(now), clock, sink);
            }
            Command::Resume => {
                if let Some(since) = self.paused_since.take() {
                    let paused = now.saturating_sub(since);
                    self.paused_total += paused;
                    self.offset_ns += nanos(paused);
                    self.emit(EventKind::Resume, self.position_ms(now), clock, sink);
                }
            }
            Command::Next => {
                let from = self.timeline.segment_at(self.position_ms(now));
                let Some(next) = self.timeline.segments.get(from + 1) else {
                    // Skipping the last step finishes the session now.
                    self.move_to(self.timeline.total_ms, now);
                    return Some(self.end(None, clock, sink));
                };
                self.jump(from, from + 1, next.start_ms, clock, sink);
            }
            Command::Back => self.back(now, clock, sink),
            Command::Extend { ms } => self.extend(ms, now, clock, sink),
            Command::Pause | Command::TogglePause | Command::Quit(_) | Command::AnyKey => {}
        }
        None
    }

    /// Whether the step under way is one that waits until the practitioner is ready (still
    /// saying its words: once they are said, the session is waiting).
    fn in_ready_step(&self, now: Duration) -> bool {
        let segment = self.timeline.segment_at(self.position_ms(now));
        self.timeline.waits_until_ready(segment)
    }

    /// Starts the step again, or, close to its start, goes back to the step before.
    fn back(&mut self, now: Duration, clock: &dyn Clock, sink: &mut dyn Sink) {
        let position = self.position_ms(now);
        let from = self.timeline.segment_at(position);
        let start = self.timeline.segments[from].start_ms;
        let to = if position - start < BACK_TO_PREVIOUS_MS {
            from.saturating_sub(1)
        } else {
            from
        };
        self.jump(from, to, self.timeline.segments[to].start_ms, clock, sink);
    }

    /// Says where the session is.
    fn where_am_i(&self, now: Duration, clock: &dyn Clock, sink: &mut dyn Sink) {
        let position = self.position_ms(now);
        let segment = self.timeline.segment_at(position);
        let title = &self.timeline.segments[segment].title;
        let words = where_am_i_words(position, self.timeline.total_ms, title);
        let kind = EventKind::WhereAmI { segment, words };
        self.emit(kind, position, clock, sink);
    }

    /// Makes the current step `added_ms` longer. Cues already passed stay passed; the new
    /// ones that would have been due before now (a breath in what was the unpaced tail) are
    /// left out, so nothing fires late.
    fn extend(&mut self, added_ms: u64, now: Duration, clock: &dyn Clock, sink: &mut dyn Sink) {
        let position = self.position_ms(now);
        let segment = self.timeline.segment_at(position);
        let longer = self.timeline.extended(segment, added_ms, self.cursor);
        self.cursor = extend::cursor_after(&self.timeline, &longer, self.cursor, position);
        let kind = EventKind::Extend {
            segment,
            added_ms,
            step_end_ms: longer.segments[segment].end_ms,
            total_ms: longer.total_ms,
        };
        self.timeline = Arc::new(longer);
        sink.timeline(&self.timeline);
        self.emit(kind, position, clock, sink);
    }

    /// Turns the sound up or down, or mutes it, and says so.
    fn change_volume(
        &mut self,
        command: Command,
        now: Duration,
        clock: &dyn Clock,
        sink: &mut dyn Sink,
    ) {
        let (percent, muted) = self.volume;
        self.volume = match command {
            Command::VolumeUp => (percent.saturating_add(VOLUME_STEP).min(100), false),
            Command::VolumeDown => (percent.saturating_sub(VOLUME_STEP), muted),
            _ => (percent, !muted),
        };
        let (percent, muted) = self.volume;
        self.emit(
            EventKind::Volume { percent, muted },
            self.position_ms(now),
            clock,
            sink,
        );
    }

    /// Moves the session to `to_ms` in the timeline; the cues from there on become due.
    fn jump(&mut self, from: usize, to: usize, to_ms: u64, clock: &dyn Clock, sink: &mut dyn Sink) {
        self.move_to(to_ms, clock.now());
        self.emit(
            EventKind::Jump {
                from_segment: from,
                to_segment: to,
            },
            to_ms,
            clock,
            sink,
        );
    }

    /// Puts the session at `to_ms` in the timeline as of clock time `now` (or of the pause).
    fn move_to(&mut self, to_ms: u64, now: Duration) {
        let reference = self.paused_since.unwrap_or(now);
        self.offset_ns = nanos(reference) - i128::from(to_ms) * 1_000_000;
        // From the cues of the segment moved to: the wait at the end of the one before it
        // falls at the same moment and is passed over.
        let segment = self.timeline.segment_at(to_ms);
        let from = self.timeline.first_cue_from(to_ms);
        let earlier = self.timeline.cues[from..]
            .iter()
            .take_while(|c| c.segment < segment)
            .count();
        self.cursor = from + earlier;
    }

    fn end(&mut self, quit: Option<QuitReason>, clock: &dyn Clock, sink: &mut dyn Sink) -> Outcome {
        let now = clock.now();
        // Neither a wait until ready nor a pause under way is practice.
        if let Some(waiting) = self.waiting.take() {
            self.waited_total += now.saturating_sub(waiting.since);
            self.paused_since = None;
        }
        let paused_now = self
            .paused_since
            .map_or(Duration::ZERO, |since| now.saturating_sub(since));
        let practiced_ms = crate::duration::whole_ms(
            now.saturating_sub(self.started + self.paused_total + paused_now + self.waited_total),
        );
        let completed = quit.is_none();
        let kind = EventKind::SessionEnd {
            completed,
            practiced_ms,
        };
        if completed {
            self.emit_due(kind, self.timeline.total_ms, clock, sink);
        } else {
            self.emit(kind, self.position_ms(now), clock, sink);
        }
        Outcome {
            completed,
            quit,
            practiced_ms,
            total_ms: self.timeline.total_ms,
        }
    }

    /// The clock time at which timeline time `planned_ms` is due.
    fn due(&self, planned_ms: u64) -> Duration {
        let ns = i128::from(planned_ms) * 1_000_000 + self.offset_ns;
        Duration::from_nanos(u64::try_from(ns.max(0)).unwrap_or(u64::MAX))
    }

    /// Where in the timeline the session is at clock time `now` (frozen while paused).
    fn position_ms(&self, now: Duration) -> u64 {
        let reference = self.paused_since.unwrap_or(now);
        let ns = nanos(reference) - self.offset_ns;
        u64::try_from(ns.max(0) / 1_000_000)
            .unwrap_or(u64::MAX)
            .min(self.timeline.total_ms)
    }

    /// Tells the sinks of something that was due at `planned_ms` in the timeline.
    fn emit_due(&self, kind: EventKind, planned_ms: u64, clock: &dyn Clock, sink: &mut dyn Sink) {
        let event = Event {
            kind,
            planned_ms,
            due: self.due(planned_ms),
            actual: clock.now(),
            started: self.started,
        };
        sink.event(&event);
    }

    /// Tells the sinks of something a command did: it is due the moment it happens.
    fn emit(&self, kind: EventKind, planned_ms: u64, clock: &dyn Clock, sink: &mut dyn Sink) {
        let now = clock.now();
        sink.event(&Event {
            kind,
            planned_ms,
            due: now,
            actual: now,
            started: self.started,
        });
    }
}

fn nanos(duration: Duration) -> i128 {
    i128::try_from(duration.as_nanos()).unwrap_or(i128::MAX)
}
