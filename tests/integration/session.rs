//! Sessions driven through the library API on the virtual clock, with commands scripted at
//! exact moments: pauses move everything after them, skips jump, quitting ends early.

use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::Duration;

use psoas_timer::plan::{PlanOptions, Timeline, plan};
use psoas_timer::routine::parse;
use psoas_timer::session::clock::VirtualClock;
use psoas_timer::session::sink::Recorder;
use psoas_timer::session::{Command, EventKind, Outcome, QuitReason, Session};

const ROUTINE: &str = r#"
version = 1
name = "Three steps"
[[steps]]
title = "First"
duration = "60s"
[[steps]]
title = "Second"
duration = "60s"
bell_every = "20s"
[[steps]]
title = "Third"
duration = "60s"
"#;

fn timeline() -> Arc<Timeline> {
    let routine = parse("test", "three", ROUTINE).unwrap();
    Arc::new(plan(&routine, PlanOptions::default()).unwrap())
}

fn run(script: &[(u64, Command)]) -> (Outcome, Vec<(String, u64, u64)>) {
    let timeline = timeline();
    let mut clock =
        VirtualClock::with_script(script.iter().map(|&(s, c)| (Duration::from_secs(s), c)));
    let (_commands, inbox) = channel();
    let mut recorder = Recorder::default();
    let outcome = Session::new(timeline).run(&mut clock, &inbox, &mut recorder);
    let events = recorder
        .events
        .iter()
        .map(|e| {
            let name = serde_json::to_value(&e.kind).unwrap()["event"]
                .as_str()
                .unwrap()
                .to_owned();
            (name, e.planned_ms, e.actual.as_millis() as u64)
        })
        .collect();
    (outcome, events)
}

fn ev(name: &str, planned_ms: u64, actual_ms: u64) -> (String, u64, u64) {
    (name.to_owned(), planned_ms, actual_ms)
}

#[test]
fn runs_every_cue_on_time() {
    let (outcome, events) = run(&[]);
    assert!(outcome.completed);
    assert_eq!(outcome.practiced_ms, 180_000);
    assert_eq!(
        events,
        vec![
            ev("session_start", 0, 0),
            ev("step_start", 0, 0),
            ev("step_start", 60_000, 60_000),
            ev("bell", 80_000, 80_000),
            ev("bell", 100_000, 100_000),
            ev("step_start", 120_000, 120_000),
            ev("session_end", 180_000, 180_000),
        ]
    );
}

#[test]
fn a_pause_moves_everything_after_it_and_is_not_practice() {
    let (outcome, events) = run(&[(30, Command::Pause), (100, Command::Resume)]);
    assert!(outcome.completed);
    assert_eq!(outcome.practiced_ms, 180_000, "70 s paused are not counted");
    assert_eq!(
        events,
        vec![
            ev("session_start", 0, 0),
            ev("step_start", 0, 0),
            ev("pause", 30_000, 30_000),
            ev("still_paused", 30_000, 90_000),
            ev("resume", 30_000, 100_000),
            ev("step_start", 60_000, 130_000),
            ev("bell", 80_000, 150_000),
            ev("bell", 100_000, 170_000),
            ev("step_start", 120_000, 190_000),
            ev("session_end", 180_000, 250_000),
        ]
    );
}

#[test]
fn toggling_pauses_and_resumes() {
    let (outcome, events) = run(&[(10, Command::TogglePause), (15, Command::TogglePause)]);
    assert_eq!(outcome.practiced_ms, 180_000);
    assert_eq!(events[2], ev("pause", 10_000, 10_000));
    assert_eq!(events[3], ev("resume", 10_000, 15_000));
    assert_eq!(events.last().unwrap(), &ev("session_end", 180_000, 185_000));
}

#[test]
fn next_starts_the_next_step_now() {
    let (outcome, events) = run(&[(10, Command::Next)]);
    assert!(outcome.completed);
    assert_eq!(outcome.practiced_ms, 130_000);
    assert_eq!(
        events[2..],
        [
            ev("jump", 60_000, 10_000),
            ev("step_start", 60_000, 10_000),
            ev("bell", 80_000, 30_000),
            ev("bell", 100_000, 50_000),
            ev("step_start", 120_000, 70_000),
            ev("session_end", 180_000, 130_000),
        ]
    );
}

#[test]
fn next_on_the_last_step_finishes() {
    let (outcome, events) = run(&[(130, Command::Next)]);
    assert!(outcome.completed);
    assert_eq!(events.last().unwrap(), &ev("session_end", 180_000, 130_000));
}

#[test]
fn back_restarts_the_step_and_twice_goes_to_the_previous() {
    let (_, events) = run(&[(90, Command::Back), (91, Command::Back)]);
    assert_eq!(
        events[3..7],
        [
            ev("bell", 80_000, 80_000),
            ev("jump", 60_000, 90_000),
            ev("step_start", 60_000, 90_000),
            ev("jump", 0, 91_000),
        ]
    );
    assert_eq!(events[7], ev("step_start", 0, 91_000));
    assert_eq!(events.last().unwrap(), &ev("session_end", 180_000, 271_000));
}

#[test]
fn quit_ends_early_and_says_so() {
    let (outcome, events) = run(&[(42, Command::Quit(QuitReason::Signal(2)))]);
    assert!(!outcome.completed);
    assert_eq!(outcome.quit, Some(QuitReason::Signal(2)));
    assert_eq!(outcome.practiced_ms, 42_000);
    assert_eq!(events.last().unwrap(), &ev("session_end", 42_000, 42_000));
}

#[test]
fn quitting_while_paused_counts_only_the_time_before_the_pause() {
    let (outcome, _) = run(&[(20, Command::Pause), (50, Command::Quit(QuitReason::User))]);
    assert_eq!(outcome.practiced_ms, 20_000);
    assert!(!outcome.completed);
}

#[test]
fn session_end_reports_completion() {
    let timeline = timeline();
    let mut clock = VirtualClock::new();
    let (_commands, inbox) = channel();
    let mut recorder = Recorder::default();
    Session::new(timeline).run(&mut clock, &inbox, &mut recorder);
    let end = recorder.events.last().unwrap();
    assert_eq!(
        end.kind,
        EventKind::SessionEnd {
            completed: true,
            practiced_ms: 180_000
        }
    );
}

/// Time spent getting ready before the session (opening the terminal, the sound) does not
/// make the first cues late, and is not counted as practice.
#[test]
fn the_timeline_starts_when_the_session_does() {
    let timeline = timeline();
    let mut clock = VirtualClock::new();
    let (_commands, inbox) = channel();
    assert_eq!(
        psoas_timer::session::clock::Clock::wait_until(
            &mut clock,
            Some(Duration::from_millis(1_300)),
            &inbox
        ),
        None
    );
    let mut recorder = Recorder::default();
    let outcome = Session::new(timeline).run(&mut clock, &inbox, &mut recorder);
    assert_eq!(outcome.practiced_ms, 180_000);
    for event in &recorder.events {
        assert_eq!(event.lateness(), Duration::ZERO, "{event:?}");
        assert_eq!(
            event.since_start().as_millis(),
            u128::from(event.planned_ms),
            "{event:?}"
        );
        assert_eq!(event.started, Duration::from_millis(1_300));
    }
}
