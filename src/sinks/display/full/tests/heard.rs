//! What is heard is shown: the words said for a key or within a step, a step that waits for
//! the practitioner, a pause, and what does not work.

use std::time::Duration;

use super::{ROUTINE, buffer_at, event, screen_at, started, timeline};
use crate::plan::Said;
use crate::session::{Command, EventKind, answers};
use crate::sinks::display::full::palette::Palette;
use crate::sinks::display::keys::Key;

/// A routine that opens with a step that waits, at most two minutes.
const WAITS: &str = r#"
version = 1
name = "Waits"
[[steps]]
title = "Before you begin"
duration = "until ready"
max = "2m"
text = "Lie on your back."
[[steps]]
title = "Rest"
duration = "30s"
text = "Let the breath be."
"#;

fn notice(state: &mut super::Replay, at_ms: u64) -> Option<std::sync::Arc<str>> {
    state.screen(Duration::from_millis(at_ms), 80).notice
}

#[test]
fn the_words_said_for_a_key_are_shown() {
    let mut state = started(ROUTINE);
    let extend = EventKind::Extend {
        segment: 1,
        added_ms: 60_000,
        step_end_ms: 120_000,
        total_ms: 150_000,
    };
    state.apply(&event(extend, 20_000, 20_000));
    assert_eq!(
        notice(&mut state, 20_000).as_deref(),
        Some("One more minute.")
    );
    assert!(screen_at(&mut state, 21_000, 80, 24).contains("One more minute."));
    let said = [
        (EventKind::Pause, answers::PAUSED),
        (
            EventKind::StillPaused { paused_ms: 60_000 },
            answers::STILL_PAUSED,
        ),
        (EventKind::Resume, answers::RESUMED),
    ];
    for (at_ms, (kind, words)) in (22_000..).step_by(1000).zip(said) {
        state.apply(&event(kind, 22_000, at_ms));
        assert_eq!(notice(&mut state, at_ms).as_deref(), Some(words));
        assert!(screen_at(&mut state, at_ms, 80, 24).contains(words));
    }
    assert_eq!(answers::PAUSED, "Paused.");
}

#[test]
fn the_words_said_within_a_step_are_shown() {
    let mut state = started(ROUTINE);
    let time_left = EventKind::Speak {
        segment: 1,
        said: Said::TimeLeft { left_ms: 60_000 },
    };
    state.apply(&event(time_left, 20_000, 20_000));
    assert_eq!(
        notice(&mut state, 20_000).as_deref(),
        Some("One minute left.")
    );
}

#[test]
fn a_long_ending_is_shown_whole() {
    let ending = "Slowly let the knees fall to one side, roll onto that side, rest there for a \
        breath or two, then press up to sitting.";
    let routine = ROUTINE.replace(
        "duration = \"50s\"",
        &format!("duration = \"50s\"\nending = \"{ending}\""),
    );
    let mut state = started(&routine);
    let speak = EventKind::Speak {
        segment: 1,
        said: Said::Ending,
    };
    state.apply(&event(speak, 50_000, 50_000));
    let screen = screen_at(&mut state, 50_000, 80, 24);
    let shown: String = screen
        .lines()
        .map(|line| line.trim_end_matches('|').trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(shown.contains(ending), "{screen}");
    // It stays while it is said, longer than a short answer does.
    assert!(notice(&mut state, 57_000).is_some());
}

#[test]
fn the_question_before_ending_goes_with_its_box() {
    let mut state = started(ROUTINE);
    let at = Duration::from_secs;
    assert_eq!(state.on_key(Key::Quit, at(30)), Some(Command::AskToEnd));
    state.apply(&event(EventKind::EndAsked, 30_000, 30_000));
    assert_eq!(
        notice(&mut state, 30_000).as_deref(),
        Some(answers::END_ASKED)
    );
    assert_eq!(state.on_key(Key::Escape, at(31)), None);
    assert_eq!(
        notice(&mut state, 31_000),
        None,
        "carried on: the question is gone"
    );
    // The session's answer to a box already closed is not shown.
    state.apply(&event(EventKind::EndAsked, 31_000, 31_500));
    assert_eq!(notice(&mut state, 31_500), None);
}

#[test]
fn a_step_that_waits_shows_the_wait_and_no_running_clock() {
    let mut state = started(WAITS);
    let plan = timeline(WAITS);
    // The step's words are said by the step's end; then it waits, two minutes at most.
    let waits_at = plan.segments[0].end_ms;
    let at = waits_at + 1_000;
    let screen = state.screen(Duration::from_millis(at), 80);
    let waiting = screen.waiting.expect("waiting");
    assert_eq!(waiting.words, answers::WHEN_READY);
    assert_eq!(waiting.left_s, 119);
    let drawn = screen_at(&mut state, at, 80, 24);
    assert!(
        drawn.contains("When you are ready, press any key."),
        "{drawn}"
    );
    assert!(
        drawn.contains("it carries on by itself in 01:59"),
        "{drawn}"
    );
    assert!(
        !drawn.contains('█'),
        "no large digits while waiting:\n{drawn}"
    );
    insta::assert_snapshot!(drawn);
    // The countdown of the wait moves once a second, the session's time does not.
    let next = state.next_change(Duration::from_millis(at), 80);
    assert_eq!(next, Some(Duration::from_millis(1_001)));
    let later = state.screen(Duration::from_millis(at + 30_000), 80);
    assert_eq!(later.waiting.map(|w| w.left_s), Some(89));
    assert_eq!(later.elapsed_s, waits_at / 1000);
    // Two minutes on, the session carries on by itself: the next step, its time running.
    let after = waits_at + 120_000 + 2_000;
    let screen = state.screen(Duration::from_millis(after), 80);
    assert_eq!(screen.waiting, None);
    assert_eq!(
        screen.step.map(|s| (s.title, s.left_s)),
        Some(("Rest".into(), 28))
    );
    assert!(screen_at(&mut state, after, 80, 24).contains('█'));
}

#[test]
fn a_key_ends_the_wait_on_screen_at_once() {
    let mut state = started(WAITS);
    let waits_at = timeline(WAITS).segments[0].end_ms;
    assert!(
        state
            .screen(Duration::from_millis(waits_at), 80)
            .waiting
            .is_some()
    );
    assert_eq!(
        state.on_key(Key::Other, Duration::from_millis(waits_at + 4_000)),
        Some(Command::AnyKey)
    );
    let ready = EventKind::Ready {
        segment: 0,
        waited_ms: 4_000,
        by_key: true,
    };
    state.apply(&event(ready, waits_at, waits_at + 4_000));
    let screen = state.screen(Duration::from_millis(waits_at + 4_000), 80);
    assert_eq!(screen.waiting, None);
    assert!(!screen_at(&mut state, waits_at + 4_000, 80, 24).contains("press any key"));
}

#[test]
fn paused_digits_differ_from_running_digits() {
    let digits = |paused: bool| {
        let mut state = started(ROUTINE);
        if paused {
            state.apply(&event(EventKind::Pause, 5_000, 5_000));
        }
        // In the first step, which has no breath bar.
        let buffer = buffer_at(&mut state, 5_000, 80, 24, Palette::monochrome());
        let cells: Vec<String> = buffer
            .content()
            .iter()
            .map(|cell| cell.symbol().to_owned())
            .collect();
        cells
    };
    let (running, paused) = (digits(false), digits(true));
    let count = |cells: &[String], symbol: &str| cells.iter().filter(|c| *c == symbol).count();
    assert!(count(&running, "█") > 40, "solid digits while running");
    assert_eq!(count(&paused, "█"), 0, "no solid digits while paused");
    // The same digits, in a shade: plain to see across a room, with or without colors.
    assert_eq!(count(&paused, "▒"), count(&running, "█"));
}

#[test]
fn what_does_not_work_stays_on_screen_from_the_start() {
    let mut state = started(ROUTINE);
    let line = "sound is off: cannot open `nowhere` (No such file or directory)";
    state.add_problem(&format!("{line}\u{1b}[2J"));
    for (at_ms, width, height) in [
        (0, 80, 24),
        (30_000, 80, 24),
        (60_000, 40, 19),
        (12_000, 60, 8),
    ] {
        let screen = screen_at(&mut state, at_ms, width, height);
        assert!(
            screen.contains("sound is off: cannot open"),
            "{width}x{height} at {at_ms}:\n{screen}"
        );
        assert!(!screen.contains("[2J"));
    }
    // A second one joins it; the same line again does not.
    state.add_problem("spoken cues are off: no speech program found");
    state.add_problem(line);
    let screen = state.screen(Duration::from_secs(70), 80);
    assert_eq!(screen.problems.len(), 2, "{:?}", screen.problems);
    // A notice or a pause does not hide it.
    state.apply(&event(EventKind::Pause, 70_000, 70_000));
    let screen = screen_at(&mut state, 70_000, 80, 24);
    assert!(
        screen.contains("sound is off") && screen.contains("Paused."),
        "{screen}"
    );
}

#[test]
fn every_view_fits_every_size() {
    for (width, height) in [(1, 1), (20, 5), (39, 18), (40, 19), (80, 24), (200, 60)] {
        let mut state = started(WAITS);
        state.add_problem("sound is off: cannot open `nowhere` (No such file or directory)");
        let waits_at = timeline(WAITS).segments[0].end_ms;
        let waiting = screen_at(&mut state, waits_at + 1_000, width, height);
        assert!(
            waiting.contains("When") || width < 30 || height < 3,
            "{width}x{height}:\n{waiting}"
        );
        state.apply(&event(
            EventKind::Pause,
            waits_at + 130_000,
            waits_at + 130_000,
        ));
        screen_at(&mut state, waits_at + 131_000, width, height);
    }
}
