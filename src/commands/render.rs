//! `render`: a session's sound, written to a WAV or FLAC file.
//!
//! Ctrl-C, SIGTERM and SIGHUP end it at any moment: while the voice is made ready (its
//! speech programs ended with the command), or while the file is written (the unfinished
//! file removed). It then ends with the signal's exit code.

use std::fs::File;
use std::io::BufWriter;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::progress::ProgressLine;
use crate::cli::{RenderArgs, SessionArgs};
use crate::duration::format_seconds;
use crate::error::{AppError, exit};
use crate::options::SessionOptions;
use crate::paths::Paths;
use crate::routine::library::load;
use crate::session::signals::SignalForwarder;
use crate::session::{Command, QuitReason};
use crate::sinks::sound::export::{Container, Encoder, ExportError, Format, Spec, format_names};
use crate::sinks::sound::render::RenderError;
use crate::sinks::sound::speech::Talker;
use crate::sinks::sound::voice::Spoken;
use crate::sinks::sound::{prepare, render as mix_down};
use crate::untrusted::Untrusted;

/// The voice, and what it said.
type Said = (Talker, Vec<(String, Spoken)>);

/// How often the wait for the voice looks for a signal.
const LOOK_FOR_SIGNAL: Duration = Duration::from_millis(50);

pub(super) fn render(args: &RenderArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    // Refused before anything is prepared: the name decides the format.
    let spec = Spec {
        format: output_format(&args.output)?,
        rate: args.rate,
        channels: args.channels,
    };
    let found = load(&args.routine, super::user_dir(paths))?;
    let session = SessionArgs {
        plan: args.plan.clone(),
        cues: args.cues.clone(),
        ..SessionArgs::default()
    };
    let options = super::session_options(&session, Some(&found.routine), paths)?;
    let timeline = Arc::new(options.plan(&found.routine)?);
    let mut cues = prepare::cues_for(&found, &timeline, &options.sound_choices())?;
    let words = prepare::words_to_say(&timeline, &cues);
    // Nothing is said while a rendering runs: every text is said before it.
    let texts: Vec<String> = words.into_iter().map(|w| w.text).collect();
    let (commands, signals) = channel();
    let _forwarder = SignalForwarder::start(commands).map_err(|source| AppError::Write {
        path: "signal handlers".into(),
        source,
    })?;
    let said = match voice_ready(&options, paths, texts, &signals) {
        Ok(said) => said,
        Err(signal) => return Ok(exit::SIGNAL_BASE + signal),
    };
    if let Some((_, said)) = said {
        for (text, spoken) in said {
            cues.add_speech(text, spoken);
        }
    }
    let write_error = |source| AppError::Write {
        path: args.output.clone(),
        source,
    };
    let file = File::create(&args.output).map_err(write_error)?;
    // Removed unless it is finished: half a rendering is no use to anyone.
    let unfinished = Unfinished(Some(args.output.clone()));
    let encoder =
        Encoder::new(BufWriter::new(file), spec).map_err(|error| write_error(export(error)))?;
    // Only once it has taken a second, so a quick rendering prints its summary alone.
    let mut bar = ProgressLine::after(Duration::from_secs(1));
    let mut stopped_by = None;
    let rendered = mix_down::render_as(
        &timeline,
        &mut cues,
        encoder,
        spec,
        Vec::new(),
        &mut |done, total| {
            if let Some(signal) = signal_in(&signals) {
                stopped_by = Some(signal);
                return ControlFlow::Break(());
            }
            bar.show(|| progress_bar(done, total));
            ControlFlow::Continue(())
        },
    );
    bar.clear();
    if let Some(signal) = stopped_by {
        return Ok(exit::SIGNAL_BASE + signal);
    }
    let rendered = rendered.map_err(|error| write_error(written(error)))?;
    unfinished.finished();
    let size = std::fs::metadata(&args.output).map_err(write_error)?.len();
    say!(
        "wrote {}: {}, {}, {spec}",
        Untrusted::path(&args.output),
        format_seconds(rendered.length_ms()),
        megabytes(size)
    );
    if rendered.container == Some(Container::Rf64) {
        eprintln!(
            "note: {} holds more than a WAV file can (4 GiB), so it is an RF64 file, which sox, ffmpeg and Audacity read but some players do not; a .flac file of the same sound is about a sixth of the size",
            Untrusted::path(&args.output)
        );
    }
    Ok(exit::OK)
}

/// What the voice says, made ready before the rendering (told on a line that counts the
/// sentences), on a thread of its own while signals are listened for: the number of a
/// signal that came first. The voice's programs are ended with the command.
fn voice_ready(
    options: &SessionOptions,
    paths: Option<&Paths>,
    texts: Vec<String>,
    signals: &Receiver<Command>,
) -> Result<Option<Said>, i32> {
    // At once: the first sentence may wait seconds for a voice to load.
    let line = Arc::new(Mutex::new(ProgressLine::after(Duration::ZERO)));
    let (options, paths, shown) = (options.clone(), paths.cloned(), Arc::clone(&line));
    let (done, ready) = channel();
    let work = move || {
        let tell = |line: &str| eprintln!("{}; the rendering has no words", Untrusted::value(line));
        let mut progress = |done, of| {
            let mut line = shown.lock().unwrap_or_else(PoisonError::into_inner);
            line.show(|| format!("Getting the voice ready: {done} of {of}"));
        };
        let said =
            super::run_sound::voice_ready(&options, paths.as_ref(), &texts, &tell, &mut progress);
        let _ = done.send(said);
    };
    let clear = || line.lock().unwrap_or_else(PoisonError::into_inner).clear();
    if let Err(error) = std::thread::Builder::new()
        .name("getting the voice ready".into())
        .spawn(work)
    {
        eprintln!("the rendering has no words: the voice could not be made ready ({error})");
        return Ok(None);
    }
    loop {
        match ready.recv_timeout(LOOK_FOR_SIGNAL) {
            Ok(said) => {
                clear();
                return Ok(said);
            }
            Err(RecvTimeoutError::Disconnected) => {
                clear();
                return Ok(None);
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        if let Some(signal) = signal_in(signals) {
            clear();
            return Err(signal);
        }
    }
}

/// The number of a signal that has come, if one has.
fn signal_in(signals: &Receiver<Command>) -> Option<i32> {
    signals.try_iter().find_map(|command| match command {
        Command::Quit(QuitReason::Signal(signal)) => Some(signal),
        _ => None,
    })
}

/// The file a rendering writes, removed when dropped unless it was finished.
struct Unfinished(Option<PathBuf>);

impl Unfinished {
    fn finished(mut self) {
        self.0 = None;
    }
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        // Only a file: the name may be a link to somewhere else that is not ours to remove.
        let Some(path) = &self.0 else { return };
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A failure to write the sound file, as the error of writing it.
fn export(error: ExportError) -> std::io::Error {
    match error {
        ExportError::Io(error) => error,
        other @ ExportError::Flac(_) => std::io::Error::other(other.to_string()),
    }
}

/// A rendering's failure, as the error of writing its file.
fn written(error: RenderError) -> std::io::Error {
    match error {
        RenderError::Export(error) => export(error),
        other => std::io::Error::other(other.to_string()),
    }
}

/// The format `path`'s name asks for; any other name is refused, naming the formats.
fn output_format(path: &Path) -> Result<Format, AppError> {
    Format::of_path(path).ok_or_else(|| {
        AppError::Usage(format!(
            "cannot write {}: render writes {} files, the format chosen by the name's ending",
            Untrusted::path(path),
            format_names()
        ))
    })
}

/// Cells in the progress bar.
const BAR_WIDTH: usize = 30;

/// `rendering [#######       ]  23%`.
fn progress_bar(done: u64, total: u64) -> String {
    let share = (done as f64 / total.max(1) as f64).min(1.0);
    let filled = (share * BAR_WIDTH as f64) as usize;
    let bar = format!("{}{}", "#".repeat(filled), " ".repeat(BAR_WIDTH - filled));
    format!("rendering [{bar}] {:3.0}%", share * 100.0)
}

/// A size as people read it: `23.4 MB`.
fn megabytes(bytes: u64) -> String {
    if bytes < 100_000 {
        format!("{:.1} kB", bytes as f64 / 1_000.0)
    } else {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    }
}
