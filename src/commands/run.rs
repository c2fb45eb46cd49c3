//! `run`: practice a routine.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::sync::mpsc::channel;

use super::run_options;
use super::run_sound::{self, Notices};
use crate::cli::{ClockKind, RunArgs};
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::plan::plan;
use crate::routine::library::load;
use crate::session::clock::{Clock, RealClock, VirtualClock};
use crate::session::signals::SignalForwarder;
use crate::session::sink::{Sink, Sinks, Tee};
use crate::session::{Outcome, QuitReason, Session};
use crate::sinks::display::UiMode;
use crate::sinks::display::full::FullUi;
use crate::sinks::display::plain::PlainUi;
use crate::sinks::event_log::EventLog;
use crate::sinks::history::{SessionTracker, StartTime};
use crate::sinks::sound::sink::AudioSink;

pub fn run(args: &RunArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let settings = run_options::settings(paths)?;
    let name = args.routine.as_deref().unwrap_or_default();
    let found = load(name, super::user_dir(paths))?;
    let mut options = args.plan.options(&found.routine)?;
    options.length_ms = run_options::length_ms(args, &settings, &found.routine);
    let timeline = plan(&found.routine, options)
        .map_err(|error| run_options::plan_error(error, args, &settings, &found.routine, paths))?;
    let timeline = std::sync::Arc::new(timeline);
    let events_to_stdout = args.events.as_deref() == Some(Path::new("-"));
    let ui = choose_ui(
        args,
        run_options::requested_ui(args, &settings),
        events_to_stdout,
    )?;
    let notices = Notices::default();
    let audio = match args.clock {
        ClockKind::Real => run_sound::open(args, &settings, &found, &timeline, &notices)?,
        // A virtual session is over at once: there is nothing to hear.
        ClockKind::Virtual => None,
    };
    let (commands, inbox) = channel();
    // Before the terminal is taken over, so that no signal can end the process with it taken.
    let forwarder = SignalForwarder::start(commands.clone()).map_err(|source| AppError::Write {
        path: "signal handlers".into(),
        source,
    })?;
    let real_clock = RealClock::start();
    let mut sinks = Sinks::default();
    if ui == UiMode::Plain {
        let out: Box<dyn Write> = if events_to_stdout {
            Box::new(io::stderr())
        } else {
            Box::new(io::stdout())
        };
        sinks.push(Box::new(PlainUi::new(out)));
        if io::stdin().is_terminal() && args.clock == ClockKind::Real {
            crate::sinks::display::line_input::start(commands.clone())
                .map_err(|source| AppError::Terminal { source })?;
        }
    }
    if let Some(path) = &args.events {
        sinks.push(Box::new(EventLog::new(open_event_log(path)?)));
    }
    let hush = audio.as_ref().map(AudioSink::hush_handle);
    if let Some(audio) = audio {
        audio.start(real_clock.clone());
        sinks.push(Box::new(audio));
    }
    let mut clock: Box<dyn Clock> = match args.clock {
        ClockKind::Real => Box::new(real_clock),
        ClockKind::Virtual => Box::new(VirtualClock::new()),
    };
    if ui == UiMode::Full {
        notices.hold();
        // Last, so that nothing after it can fail with the terminal taken over.
        let full = FullUi::start(commands.clone(), clock.reader()).map_err(|source| {
            notices.release();
            AppError::Terminal { source }
        })?;
        sinks.push(Box::new(full));
    }
    let history = run_options::history(args, &settings, paths);
    let mut tracker = SessionTracker::new();
    let started = StartTime::from_zoned(&clock.started_at());
    let (percent, muted) = run_sound::volume(args, &settings);
    let outcome = Session::new(std::sync::Arc::clone(&timeline))
        .with_volume(percent, muted)
        .run(clock.as_mut(), &inbox, &mut Tee(&mut sinks, &mut tracker));
    // Written while signals are still caught, so a second Ctrl-C cannot cut it short; a
    // failure is reported after the sinks finish, once the display has let go of the screen.
    let recorded = history.map(|h| h.append(&tracker.record(started, &timeline, &outcome)));
    // The last bell rings out while the sinks finish; a signal or a key then ends it at once.
    // The listener is not waited for: a display's key reader may keep the inbox open.
    if let Some(hush) = hush {
        std::thread::spawn(move || {
            if inbox.recv().is_ok() {
                hush.hush();
            }
        });
    }
    let finished = sinks.finish();
    notices.release();
    drop((forwarder, commands));
    recorded.transpose()?;
    finished.map_err(|source| AppError::Write {
        path: args
            .events
            .clone()
            .unwrap_or_else(|| "standard output".into()),
        source,
    })?;
    Ok(exit_code(&outcome))
}

/// The display: as asked on the command line or in the settings, else full screen on a
/// terminal for a session in real time. Only `--ui full` itself insists on full screen.
fn choose_ui(
    args: &RunArgs,
    requested: Option<UiMode>,
    events_to_stdout: bool,
) -> Result<UiMode, AppError> {
    let stdout_free = io::stdout().is_terminal() && !events_to_stdout;
    if args.ui == Some(UiMode::Full) && !stdout_free {
        let why = if events_to_stdout {
            "the events are going to standard output"
        } else {
            "standard output is not a terminal"
        };
        return Err(AppError::Terminal {
            source: io::Error::other(why),
        });
    }
    let interactive = stdout_free && args.clock == ClockKind::Real;
    let term = std::env::var("TERM").ok();
    Ok(crate::sinks::display::choose(
        requested,
        interactive,
        term.as_deref(),
    ))
}

fn open_event_log(path: &Path) -> Result<Box<dyn Write>, AppError> {
    if path == Path::new("-") {
        return Ok(Box::new(io::stdout()));
    }
    let file = File::create(path).map_err(|source| AppError::Write {
        path: path.to_owned(),
        source,
    })?;
    Ok(Box::new(BufWriter::new(file)))
}

fn exit_code(outcome: &Outcome) -> i32 {
    match outcome.quit {
        Some(QuitReason::Signal(signal)) => exit::SIGNAL_BASE + signal,
        Some(QuitReason::User) | None => exit::OK,
    }
}
