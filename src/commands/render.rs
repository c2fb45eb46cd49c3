//! `render`: a session's sound, written to a WAV or FLAC file.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::cli::{RenderArgs, SessionArgs};
use crate::duration::format_seconds;
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::routine::library::load;
use crate::sinks::sound::export::{Encoder, Format, Spec, format_names};
use crate::sinks::sound::{prepare, render as mix_down};

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
    let tell = |line: &str| eprintln!("{line}; the rendering has no words");
    // Nothing is said while a rendering runs: every text is said before it.
    let texts: Vec<String> = words.into_iter().map(|w| w.text).collect();
    if let Some((_, said)) = super::run_sound::voice_ready(&options, paths, &texts, &tell) {
        for (text, spoken) in said {
            cues.add_speech(text, spoken);
        }
    }
    let write_error = |source| AppError::Write {
        path: args.output.clone(),
        source,
    };
    let file = File::create(&args.output).map_err(write_error)?;
    let encoder = Encoder::new(BufWriter::new(file), spec)
        .map_err(|error| write_error(std::io::Error::other(error.to_string())))?;
    let mut bar = ProgressBar::new();
    let rendered = mix_down::render_as(
        &timeline,
        &mut cues,
        encoder,
        spec,
        Vec::new(),
        &mut |done, total| bar.show(done, total),
    );
    bar.clear();
    let rendered =
        rendered.map_err(|error| write_error(std::io::Error::other(error.to_string())))?;
    let size = std::fs::metadata(&args.output).map_err(write_error)?.len();
    say!(
        "wrote {}: {}, {}, {spec}",
        args.output.display(),
        format_seconds(rendered.length_ms()),
        megabytes(size)
    );
    Ok(exit::OK)
}

/// The format `path`'s name asks for; any other name is refused, naming the formats.
fn output_format(path: &Path) -> Result<Format, AppError> {
    Format::of_path(path).ok_or_else(|| {
        AppError::Usage(format!(
            "cannot write {}: render writes {} files, the format chosen by the name's ending",
            path.display(),
            format_names()
        ))
    })
}

/// A size as people read it: `23.4 MB`.
fn megabytes(bytes: u64) -> String {
    if bytes < 100_000 {
        format!("{:.1} kB", bytes as f64 / 1_000.0)
    } else {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    }
}

/// A rendering's progress on one line of standard error, shown only on a terminal and
/// only once the rendering has taken a second, so quick ones and logs stay clean.
struct ProgressBar {
    started: Instant,
    terminal: bool,
    /// When the line was last drawn; `None` until it first is.
    drawn: Option<Instant>,
}

/// Cells in the bar.
const BAR_WIDTH: usize = 30;
/// The bar is drawn at most this often.
const REDRAW: Duration = Duration::from_millis(100);
/// Nothing is drawn before a rendering has taken this long.
const SHOW_AFTER: Duration = Duration::from_secs(1);

impl ProgressBar {
    fn new() -> Self {
        Self {
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            drawn: None,
        }
    }

    fn show(&mut self, done: u64, total: u64) {
        let now = Instant::now();
        let due = match self.drawn {
            None => now.duration_since(self.started) >= SHOW_AFTER,
            Some(last) => now.duration_since(last) >= REDRAW,
        };
        if !self.terminal || !due || total == 0 {
            return;
        }
        let share = (done as f64 / total as f64).min(1.0);
        let filled = (share * BAR_WIDTH as f64) as usize;
        let bar = format!("{}{}", "#".repeat(filled), " ".repeat(BAR_WIDTH - filled));
        let mut err = std::io::stderr().lock();
        // A progress line that cannot be written is not worth stopping for.
        let _ =
            write!(err, "\rrendering [{bar}] {:3.0}%", share * 100.0).and_then(|()| err.flush());
        self.drawn = Some(now);
    }

    /// Takes the line away again, so the last line is the summary.
    fn clear(&mut self) {
        if self.drawn.take().is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K").and_then(|()| err.flush());
        }
    }
}
