//! Getting a session's sound ready before it starts: the sounds the routine names, its
//! recordings, and which cues the practitioner wants.

use std::path::{Path, PathBuf};

use super::cues::{CueSettings, Cues};
use super::sounds::{self, SoundBank, SoundError};
use super::speech::{SpeechJob, step_words};
use crate::plan::Timeline;
use crate::routine::SoundKind;
use crate::routine::library::{Found, Origin};
use crate::routine::{CueSwitches, Routine};

/// The folder a routine's sound files are looked up in: its own.
#[must_use]
pub fn routine_folder(origin: &Origin) -> Option<PathBuf> {
    match origin {
        Origin::Builtin => None,
        Origin::User(path) | Origin::Path(path) => Some(
            path.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        ),
    }
}

/// The cues for a session of `found` on `timeline`, with the routine's sounds and
/// recordings, and the practitioner's own sound files over those.
pub fn cues_for(
    found: &Found,
    timeline: &Timeline,
    allowed: CueSwitches,
    own_sounds: &[(SoundKind, PathBuf)],
) -> Result<Cues, SoundError> {
    let folder = routine_folder(&found.origin);
    let mut bank = SoundBank::with_files(&found.routine.sound.files, folder.as_deref())?;
    for (kind, path) in own_sounds {
        bank.replace(*kind, sounds::load_file(path)?);
    }
    let settings = CueSettings::new(&found.routine, allowed);
    let mut cues = Cues::new(settings, bank);
    for (index, segment) in timeline.segments.iter().enumerate() {
        let step = &found.routine.steps[segment.step];
        if let Some(name) = &step.sound.recording {
            if cues.settings().for_step(segment.step).voice {
                let path = sounds::resolve(name, folder.as_deref())?;
                cues.add_speech(index, sounds::load_file(&path)?);
            }
        }
    }
    Ok(cues)
}

/// The words to say at each segment's start, for segments that speak and have no recording.
#[must_use]
pub fn words_to_say(found: &Found, timeline: &Timeline, cues: &Cues) -> Vec<SpeechJob> {
    timeline
        .segments
        .iter()
        .enumerate()
        .filter(|(_, segment)| {
            let step = &found.routine.steps[segment.step];
            step.sound.recording.is_none() && cues.settings().for_step(segment.step).voice
        })
        .map(|(index, segment)| SpeechJob {
            segment: Some(index),
            text: step_words(&segment.title, &segment.text),
        })
        .collect()
}

/// The notice when words should be spoken and no speech program is installed.
pub const NO_SPEECH_ENGINE: &str = "spoken cues are off: no speech program found (install espeak-ng, or use --no-voice); the words stay on screen";

/// Checks that every sound file `routine` names, in `folder`, can be read and played.
pub fn check_sound_files(routine: &Routine, folder: &Path) -> Result<(), SoundError> {
    let recordings = routine
        .all_steps()
        .filter_map(|s| s.sound.recording.as_ref());
    let named = routine.sound.files.values().chain(recordings);
    for name in named {
        sounds::load_file(&folder.join(name))?;
    }
    Ok(())
}
