//! `run`: practice a routine. This is wiring: the options come from [`crate::options`], the
//! parts from the session and its sinks; what is here is the order they start and stop in.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::run_sound::{self, Notices, Prepared, ReadyWords};
use crate::cli::{ClockKind, RunArgs};
use crate::error::{AppError, exit};
use crate::options::SessionOptions;
use crate::options::display::events_to_stdout;
use crate::paths::Paths;
use crate::plan::Timeline;
use crate::routine::library::{Found, load};
use crate::session::clock::{Clock, ClockReader, ClockStart, HeldFirst, VirtualClock};
use crate::session::signals::SignalForwarder;
use crate::session::sink::{Sink, Sinks, Tee};
use crate::session::{Command, Outcome, QuitReason, Session};
use crate::sinks::display::UiMode;
use crate::sinks::display::full::{DisplayFailed, FullUi};
use crate::sinks::display::line_input::{self, Typist};
use crate::sinks::display::plain::{self, PlainUi};
use crate::sinks::event_log::EventLog;
use crate::sinks::history::{SessionTracker, StartTime};
use crate::sinks::sound::sink::{AudioSink, Hush};

pub(super) fn run(args: &RunArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let name = args.routine.as_deref().unwrap_or_default();
    let found = load(name, super::user_dir(paths))?;
    let options = super::session_options(&args.session, Some(&found.routine), paths)?;
    let timeline = Arc::new(options.plan(&found.routine)?);
    let notices = Notices::default();
    if options.display.value == UiMode::Full {
        // From the start: a line printed now would be hidden by the screen at once.
        notices.hold();
    }
    if let Some(note) = held_breath_note(&timeline) {
        notices.say(&note);
    }
    let ran = run_session(
        &options,
        &found,
        paths,
        &timeline,
        (&notices, args.note.as_deref()),
    );
    // The screen has let go: what it showed is printed, however the session went.
    notices.release();
    ran
}

/// The session with its sound and sinks, from the display's first frame to the sinks' last
/// word. The display comes first, so the routine is on screen at once; the sound is made
/// ready while it shows, and the session's clock starts when the sound is ready. The note,
/// if any, goes into the session's record.
fn run_session(
    options: &SessionOptions,
    found: &Found,
    paths: Option<&Paths>,
    timeline: &Arc<Timeline>,
    (notices, note): (&Notices, Option<&str>),
) -> Result<i32, AppError> {
    let (commands, inbox) = channel();
    // Before the terminal is taken over, so that no signal can end the process with it taken.
    let forwarder = forward_signals(&commands)?;
    let start = ClockStart::default();
    let virtual_clock = (options.clock == ClockKind::Virtual)
        .then(|| VirtualClock::with_script(options.presses.iter().copied()));
    let reader = virtual_clock
        .as_ref()
        .map_or_else(|| start.reader(), Clock::reader);
    let mut shown = text_sinks(options, &commands, &reader)?;
    let mut ready_line = None;
    if options.display.value == UiMode::Full {
        let mut screen = full_screen(&commands, reader, notices)?;
        // The routine is on screen while the sound gets ready.
        screen.timeline(timeline);
        ready_line = Some(screen.ready_line());
        shown.push(screen);
    }
    let words = ReadyWords::new(ready_line);
    let (audio, held) =
        match run_sound::prepare(options, found, timeline, paths, (notices, words), &inbox) {
            Prepared::Ready(audio, held) => (audio?, held),
            Prepared::Quit(reason) => {
                // Nothing was practised: the screen goes, and nothing is recorded.
                shown
                    .finish()
                    .map_err(|source| output_error(options, source))?;
                drop((forwarder, commands));
                return Ok(exit_code(Some(reason)));
            }
        };
    let real_clock = start.start();
    let hush = audio.as_ref().map(AudioSink::hush_handle);
    let mut audio = audio;
    if let Some(audio) = &audio {
        audio.start(real_clock.clone());
    }
    let clock: Box<dyn Clock> = match virtual_clock {
        Some(clock) => Box::new(clock),
        None => Box::new(real_clock),
    };
    // Keys pressed while the sound got ready come first.
    let mut clock = HeldFirst::new(clock, held);
    let mut sinks = Tee(&mut audio, &mut shown);
    let (outcome, recorded) = practice(
        options,
        (paths, note),
        (timeline, &mut clock, &inbox),
        &mut sinks,
    );
    let rings_out = audio.as_ref().is_some_and(AudioSink::rings_out);
    hush_on_command(hush, inbox);
    if rings_out {
        shown.ringing_out();
    }
    let finished = Tee(&mut audio, &mut shown).finish();
    drop((forwarder, commands));
    recorded?;
    finished.map_err(|source| output_error(options, source))?;
    Ok(exit_code(outcome.quit))
}

fn forward_signals(commands: &Sender<Command>) -> Result<SignalForwarder, AppError> {
    SignalForwarder::start(commands.clone()).map_err(|source| AppError::Write {
        path: "signal handlers".into(),
        source,
    })
}

/// A failure of the event log or the plain display, named by where it was writing, or of
/// the full screen.
fn output_error(options: &SessionOptions, source: io::Error) -> AppError {
    if DisplayFailed::is(&source) {
        return AppError::Terminal { source };
    }
    let path = options.events.clone();
    AppError::Write {
        path: path.unwrap_or_else(|| "standard output".into()),
        source,
    }
}

/// Runs the session, and records it in the history while signals are still caught, so a
/// second Ctrl-C cannot cut the record short. A failure to record is returned for later,
/// once the display has let go of the screen.
fn practice(
    options: &SessionOptions,
    (paths, note): (Option<&Paths>, Option<&str>),
    (timeline, clock, inbox): (&Arc<Timeline>, &mut dyn Clock, &Receiver<Command>),
    sinks: &mut dyn Sink,
) -> (Outcome, Result<(), AppError>) {
    let mut tracker = SessionTracker::new();
    let started = StartTime::from_zoned(&clock.started_at());
    let session =
        Session::new(Arc::clone(timeline)).with_volume(options.volume.value, options.muted.value);
    let outcome = session.run(clock, inbox, &mut Tee(sinks, &mut tracker));
    let mut record = tracker.record(started, timeline, &outcome);
    record.notes.extend(note.map(str::to_owned));
    let recorded = match options.history_file(paths) {
        Some(history) => history.append(&record).map_err(AppError::from),
        None => Ok(()),
    };
    (outcome, recorded)
}

/// The plain display and the event log, as the options ask.
fn text_sinks(
    options: &SessionOptions,
    commands: &Sender<Command>,
    clock: &ClockReader,
) -> Result<Sinks, AppError> {
    let mut sinks = Sinks::default();
    if options.display.value == UiMode::Plain {
        // With the events on standard output, the lines for people go to standard error.
        let (out, is_terminal): (Box<dyn Write>, bool) =
            if events_to_stdout(options.events.as_deref()) {
                (Box::new(io::stderr()), io::stderr().is_terminal())
            } else {
                (Box::new(io::stdout()), io::stdout().is_terminal())
            };
        let plain = PlainUi::new(out)
            .reading_keys(options.typed_keys == Some(Typist::Person))
            .wrapping_at(plain::width(is_terminal));
        sinks.push(Box::new(plain));
        if let Some(typist) = options.typed_keys {
            line_input::start(commands.clone(), typist, clock.clone())
                .map_err(|source| AppError::Terminal { source })?;
        }
    }
    if let Some(path) = &options.events {
        sinks.push(Box::new(EventLog::new(open_event_log(path)?)));
    }
    Ok(sinks)
}

/// The full screen, showing the sound's notices from the first frame and as they come.
fn full_screen(
    commands: &Sender<Command>,
    clock: ClockReader,
    notices: &Notices,
) -> Result<Box<FullUi>, AppError> {
    let screen =
        FullUi::start(commands.clone(), clock).map_err(|source| AppError::Terminal { source })?;
    notices.show_on(screen.problem_lines());
    Ok(Box::new(screen))
}

/// The last bell rings out while the sinks finish, and the display says so; a signal or a
/// key then ends it at once.
/// The listener is not waited for: a display's key reader may keep the inbox open.
fn hush_on_command(hush: Option<Hush>, inbox: Receiver<Command>) {
    if let Some(hush) = hush {
        std::thread::spawn(move || {
            if inbox.recv().is_ok() {
                hush.hush();
            }
        });
    }
}

fn open_event_log(path: &Path) -> Result<Box<dyn Write>, AppError> {
    if events_to_stdout(Some(path)) {
        return Ok(Box::new(io::stdout()));
    }
    let file = File::create(path).map_err(|source| AppError::Write {
        path: path.to_owned(),
        source,
    })?;
    Ok(Box::new(BufWriter::new(file)))
}

fn exit_code(quit: Option<QuitReason>) -> i32 {
    match quit {
        Some(QuitReason::Signal(signal)) => exit::SIGNAL_BASE + signal,
        Some(QuitReason::User) | None => exit::OK,
    }
}

/// A held breath is practised for about four rounds at first: more than twice that in one
/// session gets a gentle word, never a refusal.
const HELD_BREATHS_AT_FIRST: u64 = 4;

/// The gentle word for a session that paces many held breaths (`--breath 4-7-8` over a
/// long practice), if it does.
fn held_breath_note(timeline: &Timeline) -> Option<String> {
    let held: u64 = timeline
        .segments
        .iter()
        .filter(|s| {
            s.breath.is_some_and(|b| {
                b.from.hold_ms
                    + b.from.hold_after_exhale_ms
                    + b.to.hold_ms
                    + b.to.hold_after_exhale_ms
                    > 0
            })
        })
        .map(|s| s.breaths)
        .sum();
    (held > 2 * HELD_BREATHS_AT_FIRST).then(|| {
        format!(
            "note: this session paces {held} held breaths; a held breath is usually practised for about {HELD_BREATHS_AT_FIRST} rounds at first, and the holds are always optional"
        )
    })
}
