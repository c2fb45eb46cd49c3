//! What the display knows of the session: the timeline, where the session stood at its last
//! event, and whether it is paused or waiting. Everything on screen is worked out from these
//! and the time now, so the screen stays right between events (the breath bar, the
//! countdowns).

use std::sync::Arc;
use std::time::Duration;

use super::breath_bar;
use super::screen::{BreathScreen, Ending, Overlay, Screen, StepScreen, WaitScreen};
use crate::duration::whole_ms;
use crate::plan::{BreathPhase, CueKind, Timeline};
use crate::session::{Command, Event, EventKind, QuitReason};
use crate::sinks::display::keys::Key;
use crate::untrusted::Untrusted;

/// A quit question that is not answered within this long goes away by itself.
const CONFIRM_FOR: Duration = crate::sinks::display::keys::CONFIRM_QUIT_FOR;

/// How long a notice (what was said, the volume) stays, or longer, as long as its words
/// take to say.
const NOTICE_FOR: Duration = Duration::from_secs(5);

/// The breath bar moves at most this often: 20 frames a second.
const FRAME_MS: u64 = 50;

/// The display's picture of the session.
#[derive(Debug, Default)]
pub(crate) struct DisplayState {
    timeline: Option<Arc<Timeline>>,
    /// The routine's name and its steps' words, made once for each timeline and shared
    /// by every screen: a step's text may be long, and a frame must not copy it.
    words: Words,
    /// Where the session stood in its timeline (ms) at a moment of the clock.
    anchor: (u64, Duration),
    /// The segment under way, as the session's events last said.
    segment: usize,
    paused: bool,
    /// A step waiting for the practitioner to be ready.
    waiting: Option<Waiting>,
    overlay: Overlay,
    /// When the quit confirmation appeared.
    confirm_since: Duration,
    ended: Option<Ending>,
    /// True while the last bowl rings out after the session.
    ringing_out: bool,
    /// A short notice for the status line.
    notice: Option<Notice>,
    /// What does not work (the sound, the voice), shown for the rest of the session.
    problems: Vec<String>,
    /// What is being made ready before the session, shown until its first event.
    getting_ready: Option<Arc<str>>,
}

/// The words of a timeline, to be shared.
#[derive(Debug, Default)]
struct Words {
    routine: Arc<str>,
    /// Each step's title and instructions.
    steps: Vec<(Arc<str>, Arc<str>)>,
}

impl Words {
    /// Names and titles go on one line each (ratatui would drop a line break and run the
    /// words together).
    fn of(timeline: &Timeline) -> Self {
        let one_line = |text: &str| -> Arc<str> { Untrusted::words(text).to_string().into() };
        Self {
            routine: one_line(&timeline.routine_name),
            steps: timeline
                .segments
                .iter()
                .map(|s| (one_line(&s.title), s.text.as_str().into()))
                .collect(),
        }
    }
}

/// Words on the status line for a while.
#[derive(Debug)]
struct Notice {
    text: Arc<str>,
    /// When they go.
    until: Duration,
    /// True for the question before ending, which goes with its box.
    with_quit_box: bool,
}

/// A step waiting for any key.
#[derive(Debug)]
struct Waiting {
    /// What was said ("when you are ready, press any key").
    words: String,
    /// When the session carries on by itself.
    until: Duration,
}

impl DisplayState {
    /// A display that has heard nothing yet.
    #[must_use]
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Takes the session's plan (at the start, and again when a step was made longer).
    pub(crate) fn set_timeline(&mut self, timeline: Arc<Timeline>) {
        self.words = Words::of(&timeline);
        self.timeline = Some(timeline);
    }

    /// Keeps `line` (the sound is off, the voice is off) on screen for the rest of the
    /// session. It comes from outside the routine and the program (a device's name, a
    /// speech program's message), so it is shown without control characters.
    pub(crate) fn add_problem(&mut self, line: &str) {
        let line = crate::routine::text::sanitize(line).replace('\n', " ");
        if !self.problems.contains(&line) {
            self.problems.push(line);
        }
    }

    /// Says on the status line what is being made ready, until the session starts.
    pub(crate) fn getting_ready(&mut self, words: &str) {
        self.getting_ready = Some(words.into());
    }

    /// Follows one event of the session.
    pub(crate) fn apply(&mut self, event: &Event) {
        self.getting_ready = None;
        // The session's position is its planned offset plus the time since the event was
        // due, whatever the event: this keeps the display on the session's own deadlines.
        self.anchor = (event.planned_ms, event.due);
        if let Some(segment) = event.kind.segment() {
            self.segment = segment;
        }
        let words = self.timeline.as_deref().and_then(|t| event.kind.words(t));
        match event.kind {
            EventKind::Pause => self.paused = true,
            EventKind::Resume => self.paused = false,
            EventKind::AwaitReady { max_ms, .. } => {
                self.waiting = Some(Waiting {
                    words: words.unwrap_or_default(),
                    until: event.actual + Duration::from_millis(max_ms),
                });
                // The wait is shown in place of the time left, not as a notice.
                return;
            }
            EventKind::Ready { .. } | EventKind::StepStart { .. } | EventKind::Jump { .. } => {
                self.waiting = None;
            }
            EventKind::Volume { percent, muted } => {
                let text = crate::sinks::display::volume_words(percent, muted);
                self.show_notice(text, event.actual, false);
            }
            // The question is shown with its box; it may come after a key has closed it.
            EventKind::EndAsked if self.overlay != Overlay::ConfirmQuit => return,
            EventKind::SessionEnd {
                completed,
                practiced_ms,
            } => {
                self.waiting = None;
                self.ended = Some(Ending {
                    completed,
                    practiced_ms,
                    total_ms: self.timeline.as_ref().map_or(0, |t| t.total_ms),
                });
            }
            _ => {}
        }
        // What is heard is shown: the answer to a key, a step's ending, the time left.
        if let Some(words) = words {
            let with_quit_box = event.kind == EventKind::EndAsked;
            self.show_notice(words, event.actual, with_quit_box);
        }
    }

    /// Shows `text` on the status line from `at`, for a while, and at least as long as it
    /// takes to say.
    fn show_notice(&mut self, text: String, at: Duration, with_quit_box: bool) {
        let said = Duration::from_millis(crate::plan::speech::estimate_ms(&text));
        self.notice = Some(Notice {
            text: text.into(),
            until: at + said.max(NOTICE_FOR),
            with_quit_box,
        });
    }

    /// The session is over and its last bowl rings out, until any key.
    pub(crate) fn ringing_out(&mut self) {
        self.ringing_out = true;
    }

    /// How the session ended, once it has.
    #[must_use]
    pub(crate) fn ending(&self) -> Option<Ending> {
        self.ended
    }

    /// Handles a key; returns the command it asks of the session, if any.
    pub(crate) fn on_key(&mut self, key: Key, now: Duration) -> Option<Command> {
        self.expire_overlay(now);
        // Ctrl-C ends the session whatever the screen shows.
        if key == Key::Interrupt {
            return key.command();
        }
        if self.ended.is_some() {
            // Any key ends the ring-out after the session.
            return self.ringing_out.then_some(Command::AnyKey);
        }
        match (self.overlay, key) {
            // Only q itself ends: Esc, reached for by habit, carries on as any other key.
            (Overlay::ConfirmQuit, Key::Quit) => return Some(Command::Quit(QuitReason::User)),
            // Any other key, after help or a first quit, only puts the screen back.
            (Overlay::ConfirmQuit | Overlay::Help, _) => self.close_overlay(),
            // The question is shown here and asked aloud by the session.
            (Overlay::None, Key::Quit | Key::Escape) => {
                self.overlay = Overlay::ConfirmQuit;
                self.confirm_since = now;
                return Some(Command::AskToEnd);
            }
            (Overlay::None, Key::Help) => self.overlay = Overlay::Help,
            (Overlay::None, key) => return key.command(),
        }
        None
    }

    /// Puts the screen back; the question before ending goes with its box.
    fn close_overlay(&mut self) {
        self.overlay = Overlay::None;
        if self.notice.as_ref().is_some_and(|n| n.with_quit_box) {
            self.notice = None;
        }
    }

    fn expire_overlay(&mut self, now: Duration) {
        if self.overlay == Overlay::ConfirmQuit
            && now.saturating_sub(self.confirm_since) >= CONFIRM_FOR
        {
            self.close_overlay();
        }
    }

    /// Where the session is in its timeline at clock time `now`.
    #[must_use]
    pub(crate) fn position_ms(&self, now: Duration) -> u64 {
        let (planned_ms, due) = self.anchor;
        let total_ms = self.timeline.as_ref().map_or(0, |t| t.total_ms);
        if self.paused || self.waiting.is_some() || self.ended.is_some() {
            return planned_ms.min(total_ms);
        }
        (planned_ms + whole_ms(now.saturating_sub(due))).min(total_ms)
    }

    /// What the screen shows at `now` on a screen `width` cells wide.
    pub(crate) fn screen(&mut self, now: Duration, width: u16) -> Screen {
        self.expire_overlay(now);
        let notice = self.notice.as_ref().filter(|n| now < n.until);
        let notice = notice.map(|n| Arc::clone(&n.text));
        let mut screen = Screen {
            notice: self.getting_ready.clone().or(notice),
            problems: self.problems.clone(),
            waiting: self.waiting.as_ref().map(|w| WaitScreen {
                words: w.words.clone(),
                left_s: whole_ms(w.until.saturating_sub(now)).div_ceil(1000),
            }),
            paused: self.paused,
            overlay: self.overlay,
            ended: self.ended,
            ringing_out: self.ringing_out,
            ..Screen::default()
        };
        let Some(timeline) = self.timeline.as_deref() else {
            return screen;
        };
        let position = self.position_ms(now);
        let index = self.segment;
        screen.routine = Arc::clone(&self.words.routine);
        screen.elapsed_s = position / 1000;
        screen.total_s = timeline.total_ms / 1000;
        let words = |index: usize| self.words.steps.get(index);
        if let (Some(segment), Some((title, text))) = (timeline.segments.get(index), words(index)) {
            screen.step = Some(StepScreen {
                number: index + 1,
                count: timeline.segments.len(),
                title: Arc::clone(title),
                text: Arc::clone(text),
                left_s: segment.end_ms.saturating_sub(position).div_ceil(1000),
            });
        }
        screen.next = timeline
            .segments
            .get(index + 1)
            .zip(words(index + 1))
            .map(|(s, (title, _))| (Arc::clone(title), s.len_ms()));
        screen.breath = breath_at(timeline, index, position, breath_bar::reach(width));
        screen
    }

    /// How long until the screen may next change on a screen `width` cells wide, or `None`
    /// when only an event or a key can change it. Every moving part turns over at a moment
    /// that can be worked out (a whole second of a countdown, the breath bar's next cell, a
    /// box or a notice going), so the display sleeps until the first of them.
    #[must_use]
    pub(crate) fn next_change(&self, now: Duration, width: u16) -> Option<Duration> {
        let confirm =
            (self.overlay == Overlay::ConfirmQuit).then(|| self.confirm_since + CONFIRM_FOR);
        let notice = self.notice.as_ref().map(|n| n.until);
        let goes = [confirm, notice]
            .into_iter()
            .flatten()
            .filter_map(|at| at.checked_sub(now).filter(|left| !left.is_zero()))
            .min();
        let ticks = self.tick(now, width);
        match (goes, ticks) {
            (Some(goes), Some(tick)) => Some(goes.min(tick)),
            (goes, tick) => goes.or(tick),
        }
    }

    /// How long until a countdown or the breath bar moves, if one is moving: never less
    /// than a frame, and a millisecond past the turn so that it has turned.
    fn tick(&self, now: Duration, width: u16) -> Option<Duration> {
        if self.ended.is_some() {
            return None;
        }
        if let Some(waiting) = &self.waiting {
            // Only the wait's own countdown moves; at its end, the session says so.
            let left_ms = whole_ms(waiting.until.checked_sub(now)?);
            return (left_ms > 0).then(|| Duration::from_millis(to_next_second(left_ms) + 1));
        }
        let timeline = self.timeline.as_deref()?;
        if self.paused {
            return None;
        }
        let position = self.position_ms(now);
        let index = self.segment;
        let end_ms = timeline.segments.get(index).map_or(position, |s| s.end_ms);
        // The elapsed time, and the countdown of the step.
        let to_end = end_ms.saturating_sub(position);
        let mut wait_ms = (1000 - position % 1000).min(to_next_second(to_end));
        if let Some(breath) = breath_now(timeline, index, position) {
            let left_ms = breath.duration_ms - breath.into_ms;
            wait_ms = wait_ms.min(to_next_second(left_ms));
            if let Some(to_next_cell) = breath.to_next_cell(breath_bar::reach(width)) {
                wait_ms = wait_ms.min(to_next_cell).max(FRAME_MS);
            }
        }
        Some(Duration::from_millis(wait_ms + 1))
    }
}

/// Milliseconds until a countdown `left_ms` shows one second less.
fn to_next_second(left_ms: u64) -> u64 {
    match left_ms % 1000 {
        0 => 1000,
        part => part,
    }
}

/// The breath phase under way at a moment.
struct BreathNow {
    phase: BreathPhase,
    duration_ms: u64,
    /// How far into the phase.
    into_ms: u64,
}

impl BreathNow {
    /// How many cells of `reach` the moving edge of the bar has travelled, rounded.
    fn travelled(&self, reach: u16) -> u16 {
        let (reach, duration) = (u64::from(reach), self.duration_ms);
        ((2 * self.into_ms * reach + duration) / (2 * duration)) as u16
    }

    /// How full the bar is, in cells out of `reach` on each side.
    fn fill(&self, reach: u16) -> u16 {
        match self.phase {
            BreathPhase::Inhale => self.travelled(reach),
            BreathPhase::Hold => reach,
            BreathPhase::Exhale => reach - self.travelled(reach),
            BreathPhase::HoldAfterExhale => 0,
        }
    }

    /// Milliseconds until the bar moves by a cell, when it is moving.
    fn to_next_cell(&self, reach: u16) -> Option<u64> {
        if !matches!(self.phase, BreathPhase::Inhale | BreathPhase::Exhale) || reach == 0 {
            return None;
        }
        // The edge reaches cell m + 1 when 2 * into * reach >= (2m + 1) * duration.
        let (m, reach) = (u64::from(self.travelled(reach)), u64::from(reach));
        let at_ms = ((2 * m + 1) * self.duration_ms).div_ceil(2 * reach);
        Some(at_ms.saturating_sub(self.into_ms).max(1))
    }
}

/// The breath phase under way at `position_ms` in segment `index`, from the timeline itself,
/// so the bar moves smoothly between the session's events.
fn breath_now(timeline: &Timeline, index: usize, position_ms: u64) -> Option<BreathNow> {
    let upto = timeline.cues.partition_point(|c| c.at_ms <= position_ms);
    let (at_ms, phase, duration_ms) = timeline.cues[..upto]
        .iter()
        .rev()
        .take_while(|c| c.segment == index)
        .find_map(|c| match c.kind {
            CueKind::Breath { phase, duration_ms } => Some((c.at_ms, phase, duration_ms)),
            _ => None,
        })?;
    let into_ms = position_ms - at_ms;
    (into_ms < duration_ms).then_some(BreathNow {
        phase,
        duration_ms,
        into_ms,
    })
}

fn breath_at(
    timeline: &Timeline,
    index: usize,
    position_ms: u64,
    reach: u16,
) -> Option<BreathScreen> {
    let breath = breath_now(timeline, index, position_ms)?;
    Some(BreathScreen {
        phase: breath.phase,
        left_s: (breath.duration_ms - breath.into_ms).div_ceil(1000),
        fill: breath.fill(reach),
        reach,
    })
}
