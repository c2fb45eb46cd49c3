//! How often the display wakes and draws: only when the screen changes, and the breath bar
//! at no more than 20 frames a second.

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{ROUTINE, started, timeline};
use crate::session::{Event, EventKind};
use crate::sinks::display::full::palette::Palette;
use crate::sinks::display::full::screen::Screen;
/// Runs the display loop for `run_for` of real time with the session standing at
/// `position_ms` when it starts; returns the frames it drew.
fn frames_drawn(routine: &str, position_ms: u64, run_for: Duration) -> u64 {
    use crate::session::clock::{Clock, RealClock};
    use crate::sinks::display::full::display::{Display, Message};
    let clock = RealClock::start();
    let (messages, inbox) = std::sync::mpsc::channel();
    let (commands, _session_inbox) = std::sync::mpsc::channel();
    let mut display = Display {
        terminal: Terminal::new(TestBackend::new(80, 24)).expect("test terminal"),
        commands,
        clock: clock.reader(),
        palette: Palette::calm(),
    };
    let timeline = timeline(routine);
    let jump = EventKind::Jump {
        from_segment: 0,
        to_segment: timeline.segment_at(position_ms),
    };
    let now = clock.now();
    messages.send(Message::Timeline(timeline)).expect("sent");
    messages
        .send(Message::Event(Event {
            kind: jump,
            planned_ms: position_ms,
            due: now,
            actual: now,
            started: Duration::ZERO,
        }))
        .expect("sent");
    let runner = std::thread::spawn(move || display.run(&inbox).expect("display ran").1);
    std::thread::sleep(run_for);
    messages.send(Message::Stop).expect("sent");
    runner.join().expect("display thread")
}

#[test]
fn the_breath_bar_animates_at_no_more_than_twenty_frames_a_second() {
    // One-second phases move the bar's 32 cells faster than 20 frames a second can show.
    let quick = ROUTINE.replace(
        r#"inhale = "4s", exhale = "6s""#,
        r#"inhale = "1s", exhale = "1s""#,
    );
    assert_ne!(quick, ROUTINE);
    let frames = frames_drawn(&quick, 10_000, Duration::from_secs(1));
    assert!(
        (5..=21).contains(&frames),
        "{frames} frames in a second of quick breathing"
    );
}

#[test]
fn without_a_breath_the_screen_changes_once_a_second() {
    // In the last step, only the countdown and the elapsed time move.
    let frames = frames_drawn(ROUTINE, 60_000, Duration::from_millis(2_500));
    assert!((2..=4).contains(&frames), "{frames} frames in 2.5 s");
}

/// The screens seen from `from_ms` to `to_ms` waking only when the display would: how many
/// wakes, how many times the screen changed between them, and the time of the last wake.
fn wakes_and_changes(state: &mut super::Replay, from_ms: u64, to_ms: u64) -> (usize, usize, u64) {
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
    let mut every = started(ROUTINE);
    let every_ms: Vec<Screen> = (10_000..=last_ms)
        .map(|ms| every.screen(Duration::from_millis(ms), 80))
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

#[test]
fn a_volume_change_or_where_am_i_shows_on_the_status_line_for_five_seconds() {
    use super::event;
    let mut state = started(ROUTINE);
    let volume = EventKind::Volume {
        percent: 60,
        muted: false,
    };
    state.apply(&event(volume, 12_000, 12_000));
    let shown =
        |state: &mut super::Replay, at_ms| state.screen(Duration::from_millis(at_ms), 80).notice;
    assert_eq!(shown(&mut state, 12_000).as_deref(), Some("volume 60%"));
    assert_eq!(shown(&mut state, 16_999).as_deref(), Some("volume 60%"));
    assert_eq!(shown(&mut state, 17_000), None);
    // The display wakes to take the notice away, even with nothing else moving; a pause
    // shows what is said for it in place of the volume.
    state.apply(&event(EventKind::Pause, 13_000, 13_000));
    assert_eq!(shown(&mut state, 13_000).as_deref(), Some("Paused."));
    assert_eq!(
        state.next_change(Duration::from_secs(13), 80),
        Some(Duration::from_secs(5))
    );
    let muted = EventKind::Volume {
        percent: 60,
        muted: true,
    };
    state.apply(&event(muted, 13_000, 14_000));
    assert_eq!(shown(&mut state, 14_000).as_deref(), Some("sound muted"));
    let words = "minute 1 of 1, Long exhales".to_owned();
    state.apply(&event(
        EventKind::WhereAmI {
            segment: 1,
            words: words.clone(),
        },
        13_000,
        15_000,
    ));
    assert_eq!(shown(&mut state, 15_000).as_deref(), Some(words.as_str()));
}

#[test]
fn sound_keys_become_sound_commands() {
    use crate::session::Command;
    use crate::sinks::display::keys::Key;
    let mut state = started(ROUTINE);
    let now = Duration::from_secs(1);
    assert_eq!(state.on_key(Key::Louder, now), Some(Command::VolumeUp));
    assert_eq!(state.on_key(Key::Softer, now), Some(Command::VolumeDown));
    assert_eq!(state.on_key(Key::Mute, now), Some(Command::ToggleMute));
    assert_eq!(state.on_key(Key::WhereAmI, now), Some(Command::WhereAmI));
}
