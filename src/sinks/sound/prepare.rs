//! Getting a session's sound ready before it starts: the sounds the routine names, its
//! recordings, and which cues the practitioner wants.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::ambient;
use super::cues::count_words;
use super::cues::{CueSettings, Cues};
use super::sounds::{self, FileClips, SoundBank, SoundError};
use super::voice::{Clip, Spoken};
use crate::plan::speech::{opening_words, time_left_words};
use crate::plan::{CueKind, Said, Timeline};
use crate::routine::library::{Found, Origin};
use crate::routine::{Ambient, CueSwitches, Routine, SoundFiles, SoundKind, StepDuration, Volumes};
use crate::session::{answers, extend_words, where_am_i_in_seconds, where_am_i_words};
use crate::sinks::display::keys::EXTEND_MS;

/// The folder a routine's sound files are looked up in: its own, as it was named (empty
/// for a routine named without one, which is where the practitioner is), so that a file's
/// name in a message is the one `check` gives.
#[must_use]
pub fn routine_folder(origin: &Origin) -> Option<PathBuf> {
    match origin {
        Origin::Builtin => None,
        Origin::User(path) | Origin::Path(path) => {
            Some(path.parent().map_or_else(PathBuf::new, Path::to_path_buf))
        }
    }
}

/// What the practitioner chose for a session's sound, beyond the routine's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SoundChoices {
    /// The kinds of cue allowed.
    pub allowed: CueSwitches,
    /// Sound files over the built-in ones and the routine's.
    pub own_sounds: Vec<(SoundKind, PathBuf)>,
    /// The ambient bed.
    pub ambient: AmbientChoice,
    /// The volume of each group of sounds, in percent.
    pub volumes: Volumes,
}

/// Which ambient bed a session has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AmbientChoice {
    /// The routine's own, if it names one (a file in its folder).
    #[default]
    Routine,
    /// None at all.
    Off,
    /// This one (a file named from where the practitioner is).
    Own(Ambient),
}

/// The cues for a session of `found` on `timeline`, with the routine's sounds and
/// recordings, and the practitioner's own sound files, ambient bed and volumes over those.
pub fn cues_for(
    found: &Found,
    timeline: &Timeline,
    choices: &SoundChoices,
) -> Result<Cues, SoundError> {
    let folder = routine_folder(&found.origin);
    let mut files = FileClips::default();
    let mut named = SoundFiles::new();
    for (kind, name) in &found.routine.sound.files {
        named.insert(*kind, sounds::resolve(name, folder.as_deref())?);
    }
    // The practitioner's own over the routine's: a file replaced is not decoded at all.
    named.extend(choices.own_sounds.iter().cloned());
    let mut bank = SoundBank::builtin();
    for (kind, path) in &named {
        bank.replace(*kind, files.clip(path)?);
    }
    let settings =
        CueSettings::new(&found.routine, choices.allowed).with_volumes(choices.volumes.clone());
    let mut cues = Cues::new(settings, bank);
    let bed = match &choices.ambient {
        AmbientChoice::Routine => match &found.routine.sound.ambient {
            Some(Ambient::File(name)) => {
                Some(Ambient::File(sounds::resolve(name, folder.as_deref())?))
            }
            other => other.clone(),
        },
        AmbientChoice::Off => None,
        AmbientChoice::Own(ambient) => Some(ambient.clone()),
    };
    if let Some(bed) = bed {
        cues = cues.with_ambient(ambient_bed(&bed, &mut files)?);
        if let Ambient::File(path) = &bed {
            // Held from now on as a bed only.
            files.release(path);
        }
    }
    for (path, segments) in recordings(timeline, &cues, folder.as_deref())? {
        cues.add_recording(&segments, Spoken::recording(files.clip(&path)?));
        // Held from now on at the speech's level only.
        files.release(&path);
    }
    Ok(cues)
}

/// Each recording the session says, with the parts it is said in (where its step begins,
/// in each round), in the order first said: one entry for each file, however it is named.
fn recordings(
    timeline: &Timeline,
    cues: &Cues,
    folder: Option<&Path>,
) -> Result<Vec<(PathBuf, Vec<usize>)>, SoundError> {
    let mut recordings: Vec<(PathBuf, PathBuf, Vec<usize>)> = Vec::new();
    for (index, segment) in timeline.segments.iter().enumerate() {
        let Some(name) = &segment.sound.recording else {
            continue;
        };
        if !cues.settings().for_part(segment).voice {
            continue;
        }
        let path = sounds::resolve(name, folder)?;
        let key = FileClips::key(&path)?;
        match recordings.iter_mut().find(|(known, ..)| *known == key) {
            Some((.., segments)) => segments.push(index),
            None => recordings.push((key, path, vec![index])),
        }
    }
    Ok(recordings
        .into_iter()
        .map(|(_, path, segments)| (path, segments))
        .collect())
}

/// The ambient bed, looped and at its level.
fn ambient_bed(ambient: &Ambient, files: &mut FileClips) -> Result<Clip, SoundError> {
    Ok(match ambient {
        Ambient::Noise => ambient::noise(),
        Ambient::File(path) => ambient::bed(&files.clip(path)?),
    })
}

/// A text the session may say, and when in the plan it is first needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// The words.
    pub text: String,
    /// The earliest moment it may be said, in milliseconds from the start of the plan (0
    /// for an answer to a key, which may come at any moment).
    pub at_ms: u64,
}

/// Every text the session may say, each once, in the order it is first needed: the
/// answers to keys, the words at each step's start (where there is no recording), the
/// endings and the time left, the counts of the first breaths, and "where am I" at every
/// minute. Nothing when the voice is off.
#[must_use]
pub fn words_to_say(timeline: &Timeline, cues: &Cues) -> Vec<Wanted> {
    let settings = cues.settings();
    if !settings.session_voice() {
        return Vec::new();
    }
    let mut wanted = Vec::new();
    let mut want = |text: String, at_ms: u64| wanted.push(Wanted { text, at_ms });
    for text in answers::ALL.map(str::to_owned) {
        want(text, 0);
    }
    want(extend_words(EXTEND_MS), 0);
    let mut counts = false;
    for (index, segment) in timeline.segments.iter().enumerate() {
        let cue = settings.for_part(segment);
        if !cue.voice {
            continue;
        }
        if segment.sound.recording.is_none() {
            want(
                opening_words(&segment.title, &segment.text),
                segment.start_ms,
            );
        }
        if cue.counts && segment.breath.is_some() && !counts {
            // Right after the first paced step's words, which they follow.
            counts = true;
            for count in count_words() {
                want(count, segment.start_ms);
            }
        }
        for cue in timeline.cues_of(index) {
            let text = match cue.kind {
                CueKind::Speak(Said::Ending) => segment.ending.clone(),
                CueKind::Speak(Said::TimeLeft { left_ms }) => Some(time_left_words(left_ms)),
                CueKind::AwaitReady { .. } => Some(answers::WHEN_READY.to_owned()),
                _ => None,
            };
            if let Some(text) = text {
                want(text, cue.at_ms);
            }
        }
    }
    wanted.extend(where_am_i_texts(timeline));
    let mut seen = HashSet::new();
    wanted.retain(|w| seen.insert(w.text.clone()));
    wanted
}

/// How far into a live session its words are said before it starts; the rest are said
/// while it runs, each long before it is needed (an engine says a sentence in a second or
/// two, and a session needs one every twenty seconds or so).
pub const SAID_BEFORE_MS: u64 = 3 * 60_000;

/// The texts to say before a live session starts (the answers to keys, and those needed in
/// its first minutes), and those to say while it runs, in the order they are needed.
#[must_use]
pub fn before_and_during(wanted: Vec<Wanted>) -> (Vec<String>, Vec<String>) {
    let (before, mut during): (Vec<_>, Vec<_>) =
        wanted.into_iter().partition(|w| w.at_ms < SAID_BEFORE_MS);
    during.sort_by_key(|w| w.at_ms);
    let texts = |w: Vec<Wanted>| w.into_iter().map(|w| w.text).collect();
    (texts(before), texts(during))
}

/// Every answer to "where am I" in a session counted in minutes: each minute, with the
/// title of each part it falls in. A session counted in seconds (under two minutes) would
/// need one for every second; those are said when asked.
fn where_am_i_texts(timeline: &Timeline) -> Vec<Wanted> {
    const MINUTE_MS: u64 = 60_000;
    if where_am_i_in_seconds(timeline.total_ms) {
        return Vec::new();
    }
    let mut texts = Vec::new();
    for segment in &timeline.segments {
        let last = segment.end_ms.saturating_sub(1).max(segment.start_ms) / MINUTE_MS;
        for minute in segment.start_ms / MINUTE_MS..=last {
            let at_ms = (minute * MINUTE_MS).max(segment.start_ms);
            let text = where_am_i_words(at_ms, timeline.total_ms, &segment.title);
            texts.push(Wanted { text, at_ms });
        }
    }
    texts
}

/// Checks that every sound file `routine` names, in `folder`, can be read and played, and
/// that all of them together are within what a session may hold: each file found, read
/// and counted as a session of it would.
pub fn check_sound_files(routine: &Routine, folder: &Path) -> Result<(), SoundError> {
    let bed = match &routine.sound.ambient {
        Some(Ambient::File(name)) => Some(name),
        _ => None,
    };
    let named = routine
        .sound
        .files
        .values()
        .chain(bed)
        .chain(recordings_named(routine));
    let mut files = FileClips::default();
    for name in named {
        files.count(&sounds::resolve(name, Some(folder))?)?;
    }
    Ok(())
}

/// Every recording a routine names, in order: a block's own before its steps'.
fn recordings_named(routine: &Routine) -> impl Iterator<Item = &PathBuf> {
    routine.steps.iter().flat_map(|step| {
        let inner = match &step.duration {
            StepDuration::Rounds { steps, .. } => steps.as_slice(),
            _ => &[],
        };
        std::iter::once(step)
            .chain(inner)
            .filter_map(|s| s.sound.recording.as_ref())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(text: &str, at_ms: u64) -> Wanted {
        Wanted {
            text: text.to_owned(),
            at_ms,
        }
    }

    #[test]
    fn the_first_minutes_are_said_before_and_the_rest_in_the_order_needed() {
        let (before, during) = before_and_during(vec![
            wanted("Paused.", 0),
            wanted("Rest.", 1_000),
            wanted("minute 9 of 10, Rest", 8 * 60_000),
            wanted("Sphinx.", 4 * 60_000),
            wanted("minute 3 of 10, Rest", SAID_BEFORE_MS - 1),
        ]);
        assert_eq!(before, ["Paused.", "Rest.", "minute 3 of 10, Rest"]);
        assert_eq!(during, ["Sphinx.", "minute 9 of 10, Rest"]);
    }
}
