//! `render`: a session's sound, written to a WAV or FLAC file.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use super::progress::ProgressLine;
use crate::cli::{RenderArgs, SessionArgs};
use crate::duration::format_seconds;
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::routine::library::load;
use crate::sinks::sound::export::{Container, Encoder, ExportError, Format, Spec, format_names};
use crate::sinks::sound::render::RenderError;
use crate::sinks::sound::{prepare, render as mix_down};
use crate::untrusted::Untrusted;

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
    let words = prepare::words_to_say(&found, &timeline, &cues);
    let tell = |line: &str| eprintln!("{}; the rendering has no words", Untrusted::value(line));
    // Nothing is said while a rendering runs: every text is said before it.
    let texts: Vec<String> = words.into_iter().map(|w| w.text).collect();
    // At once: the first sentence may wait seconds for a voice to load.
    let mut line = ProgressLine::after(Duration::ZERO);
    let mut progress = |done, of| line.show(|| format!("Getting the voice ready: {done} of {of}"));
    let said = super::run_sound::voice_ready(&options, paths, &texts, &tell, &mut progress);
    line.clear();
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
    let encoder =
        Encoder::new(BufWriter::new(file), spec).map_err(|error| write_error(export(error)))?;
    // Only once it has taken a second, so a quick rendering prints its summary alone.
    let mut bar = ProgressLine::after(Duration::from_secs(1));
    let rendered = mix_down::render_as(
        &timeline,
        &mut cues,
        encoder,
        spec,
        Vec::new(),
        &mut |done, total| bar.show(|| progress_bar(done, total)),
    );
    bar.clear();
    let rendered = rendered.map_err(|error| write_error(written(error)))?;
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
            args.output.display()
        );
    }
    Ok(exit::OK)
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
        other @ RenderError::Resample(_) => std::io::Error::other(other.to_string()),
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
