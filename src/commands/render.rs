//! `render`: a session's sound, written to a WAV file.

use std::fs::File;
use std::io::BufWriter;

use std::sync::Arc;

use crate::cli::{RenderArgs, SessionArgs};
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::routine::library::load;
use crate::sinks::sound::{prepare, render as mix_down};

pub(super) fn render(args: &RenderArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
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
    super::run_sound::voice_ready(&options, paths, &mut cues, &texts, &tell);
    let write_error = |source| AppError::Write {
        path: args.output.clone(),
        source,
    };
    let file = File::create(&args.output).map_err(write_error)?;
    mix_down::render(&timeline, &mut cues, BufWriter::new(file))
        .map_err(|error| write_error(std::io::Error::other(error.to_string())))?;
    Ok(exit::OK)
}
