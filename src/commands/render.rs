//! `render`: a session's sound, written to a WAV file.

use std::fs::File;
use std::io::BufWriter;

use std::sync::Arc;

use crate::cli::{RenderArgs, SessionArgs};
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::routine::library::load;
use crate::sinks::sound::cues::Cues;
use crate::sinks::sound::speech::{Engine, SpeechJob};
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
    say_ahead(&mut cues, words, options.speech.value.as_ref());
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
fn say_ahead(cues: &mut Cues, jobs: Vec<SpeechJob>, engine: Option<&Engine>) {
    if jobs.is_empty() {
        return;
    }
    let Some(engine) = engine else {
        eprintln!("{}", prepare::NO_SPEECH_ENGINE);
        return;
    };
    for job in jobs {
        match engine.say(&job.text) {
            Ok(spoken) => cues.add_speech(job.text, spoken),
            Err(error) => {
                eprintln!("spoken cues are off: {error}; the rendering has none");
                return;
            }
        }
    }
}
