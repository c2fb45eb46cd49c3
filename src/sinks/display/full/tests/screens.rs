//! Whole screens at the moments that matter, and what keys do to them.

use std::sync::Arc;
use std::time::Duration;

use ratatui::style::Color;

use super::{ROUTINE, buffer_at, event, screen_at, started, text, timeline};
use crate::session::{Command, EventKind, QuitReason};
use crate::sinks::display::full::palette::Palette;
use crate::sinks::display::keys::Key;
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
    let fill = |state: &mut super::Replay, at_ms| {
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
    // The first press asks on screen, and asks the session to ask aloud.
    assert_eq!(state.on_key(Key::Quit, now), Some(Command::AskToEnd));
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
    let at = Duration::from_secs;
    assert_eq!(state.on_key(Key::Quit, at(30)), Some(Command::AskToEnd));
    assert_eq!(
        state.on_key(Key::Other, at(31)),
        None,
        "only closes the box"
    );
    assert_eq!(
        state.on_key(Key::Quit, at(32)),
        Some(Command::AskToEnd),
        "asks again"
    );
    // Long enough to hear the question out and reach for the key.
    assert!(screen_at(&mut state, 46_000, 80, 24).contains("q again to end"));
    assert_eq!(
        state.on_key(Key::Quit, at(47)),
        Some(Command::AskToEnd),
        "too late, asks again"
    );
    assert!(screen_at(&mut state, 47_000, 80, 24).contains("q again to end"));
    assert_eq!(
        state.on_key(Key::Quit, at(48)),
        Some(Command::Quit(QuitReason::User))
    );
}

#[test]
fn esc_asks_as_q_does_and_in_the_question_carries_on() {
    let mut state = started(ROUTINE);
    let at = Duration::from_secs;
    assert_eq!(state.on_key(Key::Escape, at(30)), Some(Command::AskToEnd));
    assert!(screen_at(&mut state, 30_000, 80, 24).contains("q again to end"));
    // Esc again is a key reached for by habit: it carries on, as it closes the help.
    assert_eq!(state.on_key(Key::Escape, at(31)), None);
    assert!(!screen_at(&mut state, 31_000, 80, 24).contains("q again to end"));
    assert_eq!(state.on_key(Key::Help, at(32)), None);
    assert_eq!(state.on_key(Key::Escape, at(33)), None, "closes the help");
    assert!(!screen_at(&mut state, 33_000, 80, 24).contains("this help"));
    // Only q ends it.
    assert_eq!(state.on_key(Key::Quit, at(34)), Some(Command::AskToEnd));
    assert_eq!(
        state.on_key(Key::Quit, at(35)),
        Some(Command::Quit(QuitReason::User))
    );
}

#[test]
fn a_key_bound_to_nothing_says_ready() {
    let mut state = started(ROUTINE);
    assert_eq!(
        state.on_key(Key::Other, Duration::from_secs(3)),
        Some(Command::AnyKey)
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
    let sizes = [
        (1, 1),
        (20, 5),
        (39, 18),
        (40, 19),
        (44, 30),
        (200, 60),
        (120, 19),
    ];
    for (width, height) in sizes {
        let mut state = started(ROUTINE);
        let screen = screen_at(&mut state, 13_000, width, height);
        assert!(
            screen.contains("Long") || width < 4,
            "{width}x{height}:\n{screen}"
        );
        // The boxes over the screen fit themselves in too.
        state.on_key(Key::Help, Duration::from_secs(13));
        assert!(screen_at(&mut state, 13_000, width, height).contains("keys") || height < 3);
        state.on_key(Key::Other, Duration::from_secs(13));
        state.on_key(Key::Quit, Duration::from_secs(13));
        screen_at(&mut state, 13_000, width, height);
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
    let reds = [
        Color::Red,
        Color::LightRed,
        Color::Indexed(1),
        Color::Indexed(9),
        Color::Indexed(196),
    ];
    for palette in [Palette::calm(), Palette::basic()] {
        let colored = buffer_at(&mut state, 12_000, 80, 24, palette);
        let cells = colored.content();
        assert!(
            cells
                .iter()
                .all(|c| !reds.contains(&c.fg) && !reds.contains(&c.bg))
        );
        assert!(
            cells.iter().any(|c| c.fg != Color::Reset),
            "some color is used"
        );
    }
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

/// After the session, while the last bowl rings out, the screen says so and any key ends it;
/// before, a key after the end does nothing.
#[test]
fn the_ring_out_is_shown_and_any_key_ends_it() {
    let mut state = started(ROUTINE);
    let end = EventKind::SessionEnd {
        completed: true,
        practiced_ms: 90_000,
    };
    state.apply(&event(end, 90_000, 90_000));
    let words = crate::sinks::display::ringing_out_words(Some("Any key"));
    assert!(!screen_at(&mut state, 90_100, 80, 24).contains(&words));
    assert_eq!(state.on_key(Key::Next, Duration::from_millis(90_100)), None);
    state.ringing_out();
    let screen = screen_at(&mut state, 90_200, 80, 24);
    assert!(screen.contains(&words), "{screen}");
    for key in [Key::Next, Key::Quit, Key::Other] {
        let at = Duration::from_millis(90_300);
        assert_eq!(state.on_key(key, at), Some(Command::AnyKey), "{key:?}");
    }
}

#[test]
fn one_more_minute_shows_at_once() {
    let timeline = timeline(ROUTINE);
    let mut state = started(ROUTINE);
    let longer = Arc::new(timeline.extended(1, 60_000, 0));
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
