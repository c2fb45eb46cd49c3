//! `run`: practice a routine.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::sync::mpsc::channel;

use crate::cli::{ClockKind, RunArgs};
use crate::clock::{Clock, RealClock, VirtualClock};
use crate::error::{AppError, exit};
use crate::event_log::EventLog;
use crate::paths::Paths;
use crate::plan::{PlanOptions, plan};
use crate::routine::library::load;
use crate::session::{Outcome, QuitReason, Session};
use crate::signals::SignalForwarder;
use crate::sink::{Sink, Sinks};
use crate::ui::UiMode;
use crate::ui::full::FullUi;
use crate::ui::plain::PlainUi;

pub fn run(args: &RunArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let name = args.routine.as_deref().unwrap_or_default();
    let found = load(name, super::user_dir(paths))?;
    let timeline = plan(
        &found.routine,
        PlanOptions {
            length_ms: args.length_ms,
        },
    )?;
    let events_to_stdout = args.events.as_deref() == Some(Path::new("-"));
    let (commands, inbox) = channel();
    // Before the terminal is taken over, so that no signal can end the process with it taken.
    let forwarder = SignalForwarder::start(commands.clone()).map_err(|source| AppError::Write {
        path: "signal handlers".into(),
        source,
    })?;
    let mut sinks = Sinks::default();
    let ui = choose_ui(args, events_to_stdout)?;
    if ui == UiMode::Plain {
        let out: Box<dyn Write> = if events_to_stdout {
            Box::new(io::stderr())
        } else {
            Box::new(io::stdout())
        };
        sinks.push(Box::new(PlainUi::new(out)));
        if io::stdin().is_terminal() && args.clock == ClockKind::Real {
            // Without a thread for typed keys the session still runs; Ctrl-C still ends it.
            let _ = crate::ui::line_input::start(commands.clone());
        }
    }
    if let Some(path) = &args.events {
        sinks.push(Box::new(EventLog::new(open_event_log(path)?)));
    }
    let mut clock: Box<dyn Clock> = match args.clock {
        ClockKind::Real => Box::new(RealClock::start()),
        ClockKind::Virtual => Box::new(VirtualClock::new()),
    };
    if ui == UiMode::Full {
        // Last, so that nothing after it can fail with the terminal taken over.
        let full = FullUi::start(commands.clone(), clock.reader())
            .map_err(|source| AppError::Terminal { source })?;
        sinks.push(Box::new(full));
    }
    let outcome = Session::new(&timeline).run(clock.as_mut(), &inbox, &mut sinks);
    drop(forwarder);
    sinks.finish().map_err(|source| AppError::Write {
        path: args
            .events
            .clone()
            .unwrap_or_else(|| "standard output".into()),
        source,
    })?;
    Ok(exit_code(&outcome))
}

/// The display: as asked, else full screen on a terminal for a session in real time.
fn choose_ui(args: &RunArgs, events_to_stdout: bool) -> Result<UiMode, AppError> {
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
    Ok(crate::ui::choose(args.ui, interactive, term.as_deref()))
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
