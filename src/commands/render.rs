//! `render`: a session's sound, written to a WAV file.

use std::fs::File;
use std::io::BufWriter;

use crate::cli::RenderArgs;
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::plan::plan;
use crate::routine::library::load;
use crate::sinks::sound::cues::Cues;
use crate::sinks::sound::speech::{Engine, SpeechJob};
use crate::sinks::sound::{prepare, render as mix_down};

pub fn render(args: &RenderArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let found = load(&args.routine, super::user_dir(paths))?;
    let timeline = std::sync::Arc::new(plan(&found.routine, args.plan.options(&found.routine)?)?);
    let voice = super::run_options::settings(paths)?.voice.unwrap_or(true);
    let mut cues = prepare::cues_for(
        &found,
        &timeline,
        args.cues.allowed(voice),
        &args.cues.sounds,
    )?;
    let words = prepare::words_to_say(&found, &timeline, &cues);
    say_ahead(&mut cues, words);
    let write_error = |source| AppError::Write {
        path: args.output.clone(),
        source,
    };
    let file = File::create(&args.output).map_err(write_error)?;
    mix_down::render(&timeline, &mut cues, BufWriter::new(file))
        .map_err(|error| write_error(std::io::Error::other(error.to_string())))?;
    Ok(exit::OK)
}

/// Says every step's words before rendering; without a speech program, says so once.
fn say_ahead(cues: &mut Cues, jobs: Vec<SpeechJob>) {
    if jobs.is_empty() {
        return;
    }
    let Some(engine) = Engine::find() else {
        eprintln!("{}", prepare::NO_SPEECH_ENGINE);
        return;
    };
    for job in jobs {
        match engine.say(&job.text) {
            Ok(clip) => cues.add_speech(job.segment.unwrap_or_default(), clip),
            Err(error) => {
                eprintln!("spoken cues are off: {error}; the rendering has none");
                return;
            }
        }
    }
}
