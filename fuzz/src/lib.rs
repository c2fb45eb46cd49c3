//! What the fuzz targets and the never-panics test do with one input: all that a routine
//! file or a settings file from a stranger goes through in `check`, `show` and `run`, with
//! nothing written and no time waited. Any panic is a finding; so is a routine that passes
//! its checks and then cannot be planned at a length it allows.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::Duration;

use psoas_timer::commands::handout;
use psoas_timer::options::settings_file::Settings;
use psoas_timer::plan::{PlanOptions, Timeline, plan, speech};
use psoas_timer::routine::library::MAX_FILE_BYTES;
use psoas_timer::routine::{Routine, review};
use psoas_timer::session::clock::VirtualClock;
use psoas_timer::session::sink::Sink;
use psoas_timer::session::{Command, Event, Session};
use psoas_timer::sinks::display::keys::EXTEND_MS;

/// A routine file's text: read and checked (its problems put in words), and when it is
/// valid, planned at its shortest, default and longest length, its words timed as `check`
/// times them, and each plan run to its end on the virtual clock; at the default length,
/// its handout written and the session run once more with keys pressed. Returns whether it
/// was valid.
///
/// # Panics
///
/// When a routine that passed its checks cannot be planned at one of those lengths.
pub fn routine(text: &str) -> bool {
    if text.len() as u64 > MAX_FILE_BYTES {
        return false;
    }
    // As `check` reads it: what is left of a broken file is checked too, and a good one
    // is warned about.
    let review = review("fuzzed.toml", "fuzzed", text);
    drop(review.problems.to_string());
    let Some(routine) = review.routine else {
        return false;
    };
    for length_ms in lengths(&routine) {
        let options = PlanOptions {
            length_ms,
            breath: None,
        };
        let timeline = match plan(&routine, options) {
            Ok(timeline) => Arc::new(timeline),
            Err(error) => panic!("a valid routine does not plan at {length_ms:?} ms: {error}"),
        };
        // `check` times the words at the shortest length only.
        if length_ms == routine.length.map(|range| range.min_ms) {
            drop(speech::overruns(&timeline));
        }
        run(&timeline, Vec::new());
        if length_ms.is_none() {
            drop(handout::markdown(&routine, &timeline));
            run(&timeline, keys(&timeline));
        }
    }
    true
}

/// A settings file's text: read and checked, its problem put in words. Returns whether it
/// was valid.
pub fn settings(text: &str) -> bool {
    match Settings::parse(Path::new("config.toml"), text) {
        Ok(_) => true,
        Err(error) => {
            drop(error.to_string());
            false
        }
    }
}

/// The lengths a session of `routine` can be asked for: its own (`None`), and its shortest
/// and longest when it is adjustable.
fn lengths(routine: &Routine) -> Vec<Option<u64>> {
    let mut lengths = vec![None];
    if let Some(range) = routine.length {
        lengths.extend([Some(range.min_ms), Some(range.max_ms)]);
    }
    lengths
}

/// Runs `timeline` to its end on the virtual clock, with `script` pressed on the way.
fn run(timeline: &Arc<Timeline>, script: Vec<(Duration, Command)>) {
    let mut clock = VirtualClock::with_script(script);
    // No one holds the other end: a wait for a key ends the session instead of hanging.
    let (_, inbox) = channel();
    Session::new(Arc::clone(timeline)).run(&mut clock, &inbox, &mut Discard);
}

/// A practitioner's keys spread over the session: a long pause, skips both ways, one more
/// minute, and a key for any step that waits.
fn keys(timeline: &Timeline) -> Vec<(Duration, Command)> {
    let eighth = Duration::from_millis(timeline.total_ms / 8);
    let pressed = [
        Command::Pause,
        Command::Resume,
        Command::Next,
        Command::Back,
        Command::Extend { ms: EXTEND_MS },
        Command::WhereAmI,
        Command::Back,
        Command::AnyKey,
    ];
    let mut at = Duration::ZERO;
    pressed
        .into_iter()
        .map(|command| {
            // Paused past a reminder.
            at += if command == Command::Resume {
                Duration::from_secs(90)
            } else {
                eighth
            };
            (at, command)
        })
        .collect()
}

/// A sink that lets every event go.
struct Discard;

impl Sink for Discard {
    fn event(&mut self, _event: &Event) {}
}
