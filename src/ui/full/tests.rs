//! The full-screen display drawn on ratatui's `TestBackend`: snapshots of whole screens at
//! the moments that matter, read back as text from the buffer.

use std::sync::Arc;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use super::keys::Key;
use super::palette::Palette;
use super::render::render;
use super::screen::Screen;
use super::state::DisplayState;
use crate::plan::{PlanOptions, Timeline, plan};
use crate::session::{Command, Event, EventKind, QuitReason};

const ROUTINE: &str = r#"
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

fn timeline(source: &str) -> Arc<Timeline> {
    let routine = crate::routine::parse("test.toml", "test", source).expect("valid routine");
    Arc::new(plan(&routine, PlanOptions::default()).expect("plannable"))
}

fn event(kind: EventKind, planned_ms: u64, at_ms: u64) -> Event {
    let at = Duration::from_millis(at_ms);
    Event {
        kind,
        planned_ms,
        due: at,
        actual: at,
    }
}

/// A display that saw the session start at clock zero.
fn started(source: &str) -> DisplayState {
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

fn buffer_at(
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

fn text(buffer: &Buffer) -> String {
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

fn screen_at(state: &mut DisplayState, at_ms: u64, width: u16, height: u16) -> String {
    text(&buffer_at(state, at_ms, width, height, Palette::calm()))
}

#[test]
fn session_start() {
    let mut state = started(ROUTINE);
    let screen = screen_at(&mut state, 0, 80, 24);
    assert!(screen.contains("Arrive"));
    assert!(screen.contains("step 1 of 3"));
    assert!(screen.contains("00:00 of 01:30"));
    insta::assert_snapshot!(screen);
}

#[test]
fn mid_inhale() {
    let mut state = started(ROUTINE);
    // The second step starts at 10 s; its first inhale lasts 4 s.
    let screen = screen_at(&mut state, 12_000, 80, 24);
    assert!(screen.contains("inhale  2"));
    insta::assert_snapshot!(screen);
    // Half-way in, the bar is half full: a quarter of the reach on each side.
    let breath = state
        .screen(Duration::from_secs(12), 80)
        .breath
        .expect("breathing");
    assert_eq!(breath.fill * 2, breath.reach);
}

#[test]
fn mid_exhale() {
    let mut state = started(ROUTINE);
    let screen = screen_at(&mut state, 17_000, 80, 24);
    assert!(screen.contains("exhale  3"));
    insta::assert_snapshot!(screen);
}

#[test]
fn the_bar_grows_on_the_inhale_and_shrinks_on_the_exhale() {
    let mut state = started(ROUTINE);
    let fill = |state: &mut DisplayState, at_ms| {
        state
            .screen(Duration::from_millis(at_ms), 80)
            .breath
            .map_or(0, |b| b.fill)
    };
    let inhale: Vec<u16> = (10_000..14_000)
        .step_by(500)
        .map(|t| fill(&mut state, t))
        .collect();
    assert!(inhale.windows(2).all(|w| w[0] < w[1]), "grows: {inhale:?}");
    let exhale: Vec<u16> = (14_000..20_000)
        .step_by(500)
        .map(|t| fill(&mut state, t))
        .collect();
    assert!(
        exhale.windows(2).all(|w| w[0] > w[1]),
        "shrinks: {exhale:?}"
    );
}

#[test]
fn paused() {
    let mut state = started(ROUTINE);
    state.apply(&event(EventKind::Pause, 25_000, 25_000));
    // Time goes on, the session does not: the screen stays at 25 s.
    let screen = screen_at(&mut state, 95_000, 80, 24);
    assert!(screen.contains("paused"));
    assert!(screen.contains("00:25 of 01:30"));
    insta::assert_snapshot!(screen);
    assert_eq!(
        state.next_change(Duration::from_secs(95), 80),
        None,
        "no frames while paused"
    );
}

#[test]
fn quit_needs_a_second_press() {
    let mut state = started(ROUTINE);
    let now = Duration::from_secs(30);
    assert_eq!(state.on_key(Key::Quit, now), None);
    let screen = screen_at(&mut state, 30_000, 80, 24);
    assert!(screen.contains("q again to end"));
    insta::assert_snapshot!(screen);
    assert_eq!(
        state.on_key(Key::Quit, now),
        Some(Command::Quit(QuitReason::User))
    );
}

#[test]
fn a_stray_key_or_a_long_wait_cancels_the_quit() {
    let mut state = started(ROUTINE);
    assert_eq!(state.on_key(Key::Quit, Duration::from_secs(30)), None);
    assert_eq!(state.on_key(Key::Other, Duration::from_secs(31)), None);
    assert_eq!(
        state.on_key(Key::Quit, Duration::from_secs(32)),
        None,
        "asks again"
    );
    assert_eq!(
        state.on_key(Key::Quit, Duration::from_secs(38)),
        None,
        "too late, asks again"
    );
    assert!(screen_at(&mut state, 38_000, 80, 24).contains("q again to end"));
    assert_eq!(
        state.on_key(Key::Quit, Duration::from_secs(39)),
        Some(Command::Quit(QuitReason::User))
    );
}

#[test]
fn keys_become_commands() {
    let mut state = started(ROUTINE);
    let now = Duration::ZERO;
    assert_eq!(
        state.on_key(Key::TogglePause, now),
        Some(Command::TogglePause)
    );
    assert_eq!(state.on_key(Key::Next, now), Some(Command::Next));
    assert_eq!(state.on_key(Key::Back, now), Some(Command::Back));
    assert_eq!(
        state.on_key(Key::Extend, now),
        Some(Command::Extend { ms: 60_000 })
    );
    assert_eq!(
        state.on_key(Key::Interrupt, now),
        Some(Command::Quit(QuitReason::Signal(2)))
    );
    assert_eq!(state.on_key(Key::Help, now), None);
    assert!(screen_at(&mut state, 0, 80, 24).contains("one more minute"));
    assert_eq!(
        state.on_key(Key::Next, now),
        None,
        "the key only closes the help"
    );
}

#[test]
fn a_tiny_terminal_keeps_the_step_and_the_time_left() {
    let mut state = started(ROUTINE);
    let screen = screen_at(&mut state, 12_000, 20, 5);
    let rows: Vec<&str> = screen.lines().collect();
    assert_eq!(rows[0], "Long exhales|");
    assert_eq!(rows[1], "00:48 left|");
    insta::assert_snapshot!(screen);
}

#[test]
fn every_size_down_to_the_smallest_draws_without_panicking() {
    let mut state = started(ROUTINE);
    for (width, height) in [
        (1, 1),
        (20, 5),
        (39, 18),
        (40, 19),
        (44, 30),
        (200, 60),
        (120, 19),
    ] {
        let screen = screen_at(&mut state, 13_000, width, height);
        assert!(
            screen.contains("Long") || width < 4,
            "{width}x{height}:\n{screen}"
        );
    }
}

#[test]
fn routine_text_cannot_drive_the_terminal() {
    let hostile = ROUTINE.replace(
        "Lie down and let the floor hold you.",
        r"Lie \u001b[2J\u001b]0;owned\u0007down\u0007 and \u001b]8;;http://x\u001b\\rest\u001b]8;;\u001b\\.",
    );
    let mut state = started(&hostile);
    let buffer = buffer_at(&mut state, 0, 80, 24, Palette::calm());
    let screen = text(&buffer);
    assert!(screen.contains("Lie down and rest."), "{screen}");
    assert!(
        buffer
            .content()
            .iter()
            .all(|cell| !cell.symbol().chars().any(char::is_control)),
        "no control characters reach the screen"
    );
    assert!(!screen.contains("owned") && !screen.contains("http"));
}

#[test]
fn colors_are_calm_and_no_color_means_none() {
    let mut state = started(ROUTINE);
    state.apply(&event(EventKind::Pause, 12_000, 12_000));
    let calm = buffer_at(&mut state, 12_000, 80, 24, Palette::calm());
    let reds = [
        Color::Red,
        Color::LightRed,
        Color::Indexed(1),
        Color::Indexed(9),
        Color::Indexed(196),
    ];
    assert!(
        calm.content()
            .iter()
            .all(|c| !reds.contains(&c.fg) && !reds.contains(&c.bg))
    );
    assert!(
        calm.content().iter().any(|c| c.fg != Color::Reset),
        "some color is used"
    );
    let plain = buffer_at(&mut state, 12_000, 80, 24, Palette::monochrome());
    assert!(
        plain
            .content()
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
}

#[test]
fn the_end_screen_says_how_it_went() {
    let mut state = started(ROUTINE);
    state.apply(&event(
        EventKind::SessionEnd {
            completed: true,
            practiced_ms: 90_000,
        },
        90_000,
        90_000,
    ));
    let screen = screen_at(&mut state, 90_500, 80, 24);
    assert!(
        screen.contains("Session complete, practiced 1m 30s of 1m 30s"),
        "{screen}"
    );
}

#[test]
fn one_more_minute_shows_at_once() {
    let timeline = timeline(ROUTINE);
    let mut state = started(ROUTINE);
    let longer = Arc::new(timeline.extended(1, 60_000));
    state.set_timeline(Arc::clone(&longer));
    state.apply(&event(
        EventKind::Extend {
            segment: 1,
            added_ms: 60_000,
            step_end_ms: 120_000,
            total_ms: 150_000,
        },
        30_000,
        30_000,
    ));
    let screen = screen_at(&mut state, 30_000, 80, 24);
    assert!(screen.contains("00:30 of 02:30"), "{screen}");
    let left = state
        .screen(Duration::from_secs(30), 80)
        .step
        .expect("a step")
        .left_s;
    assert_eq!(left, 90);
}

/// Runs the display loop for `run_for` of real time with the session standing at
/// `position_ms` when it starts; returns the frames it drew.
fn frames_drawn(position_ms: u64, run_for: Duration) -> u64 {
    use super::display::{Display, Message};
    use crate::clock::{Clock, RealClock};
    let clock = RealClock::start();
    let (messages, inbox) = std::sync::mpsc::channel();
    let (commands, _session_inbox) = std::sync::mpsc::channel();
    let mut display = Display {
        terminal: Terminal::new(TestBackend::new(80, 24)).expect("test terminal"),
        commands,
        clock: clock.reader(),
        palette: Palette::calm(),
    };
    let jump = EventKind::Jump {
        from_segment: 0,
        to_segment: 1,
    };
    let now = clock.now();
    messages
        .send(Message::Timeline(timeline(ROUTINE)))
        .expect("sent");
    messages
        .send(Message::Event(Event {
            kind: jump,
            planned_ms: position_ms,
            due: now,
            actual: now,
        }))
        .expect("sent");
    let runner = std::thread::spawn(move || display.run(&inbox).expect("display ran").1);
    std::thread::sleep(run_for);
    messages.send(Message::Stop).expect("sent");
    runner.join().expect("display thread")
}

#[test]
fn the_breath_bar_animates_at_no_more_than_twenty_frames_a_second() {
    let frames = frames_drawn(10_000, Duration::from_secs(1));
    assert!(
        (8..=22).contains(&frames),
        "{frames} frames in a second of breathing"
    );
}

#[test]
fn without_a_breath_the_screen_changes_once_a_second() {
    // In the last step, only the countdown and the elapsed time move.
    let frames = frames_drawn(60_000, Duration::from_millis(2_500));
    assert!((2..=4).contains(&frames), "{frames} frames in 2.5 s");
}

/// The screens seen from `from_ms` to `to_ms` waking only when the display would: how many
/// wakes, how many times the screen changed between them, and the time of the last wake.
fn wakes_and_changes(state: &mut DisplayState, from_ms: u64, to_ms: u64) -> (usize, usize, u64) {
    let (mut at, mut wakes, mut changes) = (Duration::from_millis(from_ms), 0, 0);
    let mut last = state.screen(at, 80);
    while at < Duration::from_millis(to_ms) {
        at += state.next_change(at, 80).expect("running");
        wakes += 1;
        let screen = state.screen(at, 80);
        changes += usize::from(screen != last);
        last = screen;
    }
    (wakes, changes, crate::duration::whole_ms(at))
}

#[test]
fn the_display_wakes_only_when_the_screen_changes() {
    let mut state = started(ROUTINE);
    // A 4 s in, 6 s out breath, 10 s long, 32 cells of bar on each side: the bar moves 64
    // times and the countdowns turn over 10 times, some together with the bar.
    let (wakes, changes, last_ms) = wakes_and_changes(&mut state, 10_000, 20_000);
    let every_ms: Vec<Screen> = (10_000..=last_ms)
        .map(|ms| state.screen(Duration::from_millis(ms), 80))
        .collect();
    let distinct = every_ms.windows(2).filter(|w| w[0] != w[1]).count();
    assert_eq!(changes, distinct, "every change is drawn");
    assert!(
        wakes <= distinct + 2,
        "{wakes} wakes for {distinct} changes"
    );
    assert!(wakes <= 10 * 20, "at most 20 frames a second");
    // Resting without a breath: once a second.
    let (wakes, changes, _) = wakes_and_changes(&mut state, 60_000, 70_000);
    assert_eq!((wakes, changes), (10, 10));
}
