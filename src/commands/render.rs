//! `render`: a session's sound, written to a WAV file.

use std::fs::File;
use std::io::BufWriter;

use crate::audio::{prepare, render as mix_down};
use crate::cli::RenderArgs;
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::plan::{PlanOptions, plan};
use crate::routine::library::load;

pub fn render(args: &RenderArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let found = load(&args.routine, super::user_dir(paths))?;
    let timeline = plan(
        &found.routine,
        PlanOptions {
            length_ms: args.length_ms,
        },
    )?;
    let mut cues = prepare::cues_for(&found, &timeline, args.cues.allowed())?;
    let write_error = |source| AppError::Write {
        path: args.output.clone(),
        source,
    };
    let file = File::create(&args.output).map_err(write_error)?;
    mix_down::render(&timeline, &mut cues, BufWriter::new(file))
        .map_err(|error| write_error(std::io::Error::other(error.to_string())))?;
    Ok(exit::OK)
}
