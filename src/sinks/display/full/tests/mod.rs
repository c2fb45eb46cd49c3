//! The full-screen display drawn on ratatui's `TestBackend`: snapshots of whole screens at
//! the moments that matter, read back as text from the buffer, what is heard shown, and how
//! often it draws.

mod failing;
mod heard;
mod screens;
mod sizes;
mod timing;
mod untrusted;

use std::sync::Arc;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::palette::Palette;
use super::render::render;
use super::screen::Screen;
use super::state::DisplayState;
use super::wrap::WrapCache;
use crate::plan::{PlanOptions, Timeline, plan};
use crate::session::clock::VirtualClock;
use crate::session::sink::Recorder;
use crate::session::{Command, Event, EventKind, Session};
use crate::sinks::display::keys::Key;

pub(super) const ROUTINE: &str = r#"
version = 1
name = "Short breath"
[[steps]]
title = "Arrive"
duration = "10s"
text = "Lie down and let the floor hold you.\nNothing to do yet."
[[steps]]
title = "Long exhales"
duration = "50s"
breath = { inhale = "4s", exhale = "6s" }
text = "Breathe in for four, out for six. Let the out-breath be soft and unhurried, like a sigh that takes its time."
[[steps]]
title = "Rest"
duration = "30s"
text = "Let the breath go back to its own rhythm."
"#;

pub(super) fn timeline(source: &str) -> Arc<Timeline> {
    let routine = crate::routine::parse("test.toml", "test", source).expect("valid routine");
    Arc::new(plan(&routine, PlanOptions::default()).expect("plannable"))
}

pub(super) fn event(kind: EventKind, planned_ms: u64, at_ms: u64) -> Event {
    let at = Duration::from_millis(at_ms);
    Event {
        kind,
        planned_ms,
        due: at,
        actual: at,
        started: Duration::ZERO,
    }
}

/// A display fed a session's own events as time goes on, each at the moment it happens,
/// as the session feeds it: asked for the screen at a moment, it first takes every event
/// up to then.
pub(super) struct Replay {
    state: DisplayState,
    /// The events of the whole session run on the virtual clock, in order.
    events: Vec<Event>,
    /// How many of them the display has taken.
    taken: usize,
    /// Once a test gives an event by hand, the session has taken another course and the
    /// recorded events stop.
    by_hand: bool,
}

impl Replay {
    fn catch_up(&mut self, now: Duration) {
        while !self.by_hand && self.events.get(self.taken).is_some_and(|e| e.actual <= now) {
            self.state.apply(&self.events[self.taken]);
            self.taken += 1;
        }
    }

    /// What the screen shows at `now`.
    pub(super) fn screen(&mut self, now: Duration, width: u16) -> Screen {
        self.catch_up(now);
        self.state.screen(now, width)
    }

    /// How long until the screen may next change.
    pub(super) fn next_change(&mut self, now: Duration, width: u16) -> Option<Duration> {
        self.catch_up(now);
        self.state.next_change(now, width)
    }

    /// A key pressed at `now`.
    pub(super) fn on_key(&mut self, key: Key, now: Duration) -> Option<Command> {
        self.catch_up(now);
        self.state.on_key(key, now)
    }

    /// An event given by hand, after those recorded up to its moment.
    pub(super) fn apply(&mut self, event: &Event) {
        self.catch_up(event.actual);
        self.by_hand = true;
        self.state.apply(event);
    }

    /// A line about what does not work, as the sound sends it.
    pub(super) fn add_problem(&mut self, line: &str) {
        self.state.add_problem(line);
    }

    /// The last bowl rings out after the session, as the sound says.
    pub(super) fn ringing_out(&mut self) {
        self.state.ringing_out();
    }

    /// A new plan, as the session sends after a step was made longer.
    pub(super) fn set_timeline(&mut self, timeline: Arc<Timeline>) {
        self.state.set_timeline(timeline);
    }
}

/// A display that saw the session start at clock zero, and will see the rest of its events
/// as the test's time goes on.
pub(super) fn started(source: &str) -> Replay {
    let timeline = timeline(source);
    let (_commands, inbox) = std::sync::mpsc::channel();
    let mut recorder = Recorder::default();
    Session::new(Arc::clone(&timeline)).run(&mut VirtualClock::new(), &inbox, &mut recorder);
    let mut state = DisplayState::new();
    state.set_timeline(timeline);
    let mut replay = Replay {
        state,
        events: recorder.events,
        taken: 0,
        by_hand: false,
    };
    replay.catch_up(Duration::ZERO);
    replay
}

pub(super) fn buffer_at(
    state: &mut Replay,
    at_ms: u64,
    width: u16,
    height: u16,
    palette: Palette,
) -> Buffer {
    let screen = state.screen(Duration::from_millis(at_ms), width);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| render(frame, &screen, &palette, &mut WrapCache::default()))
        .expect("drawn");
    terminal.backend().buffer().clone()
}

pub(super) fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.y..area.bottom() {
        let row: String = (area.x..area.right())
            .map(|x| buffer[(x, y)].symbol())
            .collect();
        out.push_str(row.trim_end());
        out.push_str("|\n");
    }
    out
}

pub(super) fn screen_at(state: &mut Replay, at_ms: u64, width: u16, height: u16) -> String {
    text(&buffer_at(state, at_ms, width, height, Palette::calm()))
}
