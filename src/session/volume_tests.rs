//! Volume, mute and "where am I": the session keeps the loudness and tells it as events.

use std::sync::mpsc::channel;
use std::time::Duration;

use super::{Command, EventKind, Session, where_am_i_words};
use crate::plan::{PlanOptions, plan};
use crate::routine::parse;
use crate::session::clock::VirtualClock;
use crate::session::sink::Recorder;

const ROUTINE: &str = "version = 1\nname = \"R\"\n\
    [[steps]]\ntitle = \"Arrive\"\nduration = \"2m\"\n\
    [[steps]]\ntitle = \"Rest\"\nduration = \"18m\"\n";

fn run(script: Vec<(u64, Command)>) -> Vec<EventKind> {
    let routine = parse("r.toml", "r", ROUTINE).unwrap();
    let timeline = plan(&routine, PlanOptions::default()).unwrap();
    let mut clock =
        VirtualClock::with_script(script.into_iter().map(|(s, c)| (Duration::from_secs(s), c)));
    let (_tx, inbox) = channel();
    let mut recorder = Recorder::default();
    Session::new(std::sync::Arc::new(timeline))
        .with_volume(75, false)
        .run(&mut clock, &inbox, &mut recorder);
    recorder.events.into_iter().map(|e| e.kind).collect()
}

#[test]
fn volume_moves_in_steps_within_bounds_and_mute_toggles() {
    let kinds = run(vec![
        (1, Command::VolumeUp),
        (2, Command::VolumeUp),
        (3, Command::VolumeUp),
        (4, Command::ToggleMute),
        (5, Command::VolumeDown),
        (6, Command::ToggleMute),
        (7, Command::ToggleMute),
        (8, Command::VolumeUp),
    ]);
    let volumes: Vec<(u8, bool)> = kinds
        .iter()
        .filter_map(|k| match k {
            EventKind::Volume { percent, muted } => Some((*percent, *muted)),
            _ => None,
        })
        .collect();
    assert_eq!(
        volumes,
        vec![
            (85, false),
            (95, false),
            (100, false),
            (100, true),
            (90, true),
            (90, false),
            (90, true),
            // Turning it up brings the sound back.
            (100, false),
        ]
    );
}

#[test]
fn where_am_i_names_the_minute_and_the_step() {
    let kinds = run(vec![
        (30, Command::WhereAmI),
        (11 * 60 + 30, Command::WhereAmI),
    ]);
    let answers: Vec<&str> = kinds
        .iter()
        .filter_map(|k| match k {
            EventKind::WhereAmI { words, .. } => Some(words.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        answers,
        vec!["minute 1 of 20, Arrive", "minute 12 of 20, Rest"]
    );
}

#[test]
fn short_sessions_count_seconds() {
    assert_eq!(
        where_am_i_words(0, 45_000, "Arrive"),
        "second 1 of 45, Arrive"
    );
    assert_eq!(
        where_am_i_words(44_999, 45_000, "Arrive"),
        "second 45 of 45, Arrive"
    );
    assert_eq!(
        where_am_i_words(20 * 60_000, 20 * 60_000, "Rest"),
        "minute 20 of 20, Rest"
    );
}
