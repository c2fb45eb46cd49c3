//! The full-screen display drawn on ratatui's `TestBackend`: snapshots of whole screens at
//! the moments that matter, read back as text from the buffer, and how often it draws.

mod screens;
mod timing;

use std::sync::Arc;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::palette::Palette;
use super::render::render;
use super::state::DisplayState;
use crate::plan::{PlanOptions, Timeline, plan};
use crate::session::{Event, EventKind};

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

/// A display that saw the session start at clock zero.
pub(super) fn started(source: &str) -> DisplayState {
    let timeline = timeline(source);
    let mut state = DisplayState::new();
    let start = EventKind::SessionStart {
        routine: timeline.routine_id.clone(),
        name: timeline.routine_name.clone(),
        total_ms: timeline.total_ms,
        steps: timeline.segments.len(),
    };
    state.set_timeline(timeline);
    state.apply(&event(start, 0, 0));
    state
}

pub(super) fn buffer_at(
    state: &mut DisplayState,
    at_ms: u64,
    width: u16,
    height: u16,
    palette: Palette,
) -> Buffer {
    let screen = state.screen(Duration::from_millis(at_ms), width);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| render(frame, &screen, &palette))
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

pub(super) fn screen_at(state: &mut DisplayState, at_ms: u64, width: u16, height: u16) -> String {
    text(&buffer_at(state, at_ms, width, height, Palette::calm()))
}
