//! `run`: practice a routine.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::channel;

use crate::audio::player::{Notify, PlayerSetup};
use crate::audio::prepare;
use crate::audio::sink::AudioSink;
use crate::audio::speech::Engine;
use crate::cli::{ClockKind, RunArgs};
use crate::clock::{Clock, RealClock, VirtualClock};
use crate::error::{AppError, exit};
use crate::event_log::EventLog;
use crate::paths::Paths;
use crate::plan::{PlanOptions, Timeline, plan};
use crate::routine::library::{Found, load};
use crate::session::{Outcome, QuitReason, Session};
use crate::signals::SignalForwarder;
use crate::sink::{Sink, Sinks};
use crate::ui::UiMode;
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
    let mut sinks = Sinks::default();
    if args.ui == UiMode::Plain {
        let out: Box<dyn Write> = if events_to_stdout {
            Box::new(io::stderr())
        } else {
            Box::new(io::stdout())
        };
        sinks.push(Box::new(PlainUi::new(out)));
    }
    if let Some(path) = &args.events {
        sinks.push(Box::new(EventLog::new(open_event_log(path)?)));
    }
    let audio = match args.clock {
        ClockKind::Real => open_audio(args, &found, &timeline)?,
        // A virtual session is over at once: there is nothing to hear.
        ClockKind::Virtual => None,
    };
    let (commands, inbox) = channel();
    let forwarder = SignalForwarder::start(commands.clone()).map_err(|source| AppError::Write {
        path: "signal handlers".into(),
        source,
    })?;
    let real_clock = RealClock::start();
    let hush = audio.as_ref().map(AudioSink::hush_handle);
    if let Some(audio) = audio {
        audio.start(real_clock);
        sinks.push(Box::new(audio));
    }
    let mut clock: Box<dyn Clock> = match args.clock {
        ClockKind::Real => Box::new(real_clock),
        ClockKind::Virtual => Box::new(VirtualClock::new()),
    };
    let outcome = Session::new(&timeline)
        .with_volume(args.sound.volume, args.sound.mute)
        .run(clock.as_mut(), &inbox, &mut sinks);
    // The last bell rings out while the sinks finish; a signal then ends it at once.
    let hurry = hush.map(|hush| {
        std::thread::spawn(move || {
            if inbox.recv().is_ok() {
                hush.hush();
            }
        })
    });
    let finished = sinks.finish();
    drop((forwarder, commands));
    if let Some(hurry) = hurry {
        let _ = hurry.join();
    }
    finished.map_err(|source| AppError::Write {
        path: args
            .events
            .clone()
            .unwrap_or_else(|| "standard output".into()),
        source,
    })?;
    Ok(exit_code(&outcome))
}

/// The session's sound, or `None` when it is off or there is no device (said in one line).
fn open_audio(
    args: &RunArgs,
    found: &Found,
    timeline: &Timeline,
) -> Result<Option<AudioSink>, AppError> {
    let allowed = args.cues.allowed();
    if args.sound.no_sound || !(allowed.bells || allowed.breath || allowed.voice) {
        return Ok(None);
    }
    let cues = prepare::cues_for(found, timeline, allowed, &args.cues.sounds)?;
    let words = prepare::words_to_say(found, timeline, &cues);
    let setup = PlayerSetup {
        device: prepare::device_name(args.sound.audio_device.as_deref()),
        cues,
        timeline: timeline.clone(),
        percent: args.sound.volume,
        muted: args.sound.mute,
    };
    let notify: Notify = Arc::new(|line| eprintln!("{line}"));
    let mut audio = AudioSink::open(setup, &notify);
    // Speech also answers "where am I", so it is ready whenever the voice is allowed.
    if let Some(audio) = audio.as_mut().filter(|_| allowed.voice) {
        match Engine::find() {
            Some(engine) => audio.speak(engine, words, notify),
            None if !words.is_empty() => eprintln!("{}", prepare::NO_SPEECH_ENGINE),
            None => {}
        }
    }
    Ok(audio)
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
