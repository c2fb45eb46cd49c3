//! Getting a session's sound ready before it starts: the sounds the routine names, its
//! recordings, and which cues the practitioner wants.

use std::path::{Path, PathBuf};

use super::cues::count_words;
use super::cues::{CueSettings, Cues};
use super::sounds::{self, SoundBank, SoundError};
use super::speech::SpeechJob;
use super::voice::Spoken;
use crate::plan::speech::{opening_words, time_left_words};
use crate::plan::{CueKind, Said, Timeline};
use crate::routine::SoundKind;
use crate::routine::library::{Found, Origin};
use crate::routine::{CueSwitches, Routine};
use crate::session::{answers, extend_words};
use crate::sinks::display::keys::EXTEND_MS;

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
                cues.add_recording(index, Spoken::recording(sounds::load_file(&path)?));
            }
        }
    }
    Ok(cues)
}

/// Every text the session may say, in the order it is first needed, each once: the words
/// at each step's start (where there is no recording), the endings and the time left, the
/// counts of the first breaths, and the answers to keys. Nothing when the voice is off.
#[must_use]
pub fn words_to_say(found: &Found, timeline: &Timeline, cues: &Cues) -> Vec<SpeechJob> {
    let settings = cues.settings();
    if !settings.session_voice() {
        return Vec::new();
    }
    let mut texts = Vec::new();
    let mut counts = false;
    for (index, segment) in timeline.segments.iter().enumerate() {
        let step = &found.routine.steps[segment.step];
        let cue = settings.for_step(segment.step);
        if !cue.voice {
            continue;
        }
        if step.sound.recording.is_none() {
            texts.push(opening_words(&segment.title, &segment.text));
        }
        if cue.counts && segment.breath.is_some() && !counts {
            // Right after the first paced step's words, which they follow.
            counts = true;
            texts.extend(count_words());
        }
        for cue in timeline.cues_of(index) {
            match cue.kind {
                CueKind::Speak(Said::Ending) => texts.extend(segment.ending.clone()),
                CueKind::Speak(Said::TimeLeft { left_ms }) => texts.push(time_left_words(left_ms)),
                CueKind::AwaitReady { .. } => texts.push(answers::WHEN_READY.to_owned()),
                _ => {}
            }
        }
    }
    texts.extend(answers::ALL.map(str::to_owned));
    texts.push(extend_words(EXTEND_MS));
    let mut seen = std::collections::HashSet::new();
    texts.retain(|text| seen.insert(text.clone()));
    texts
        .into_iter()
        .map(|text| SpeechJob { text, now: false })
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
