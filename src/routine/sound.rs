//! What a routine says about sound: which cues sound (for the whole routine and per step),
//! which files to play instead of the built-in sounds, an ambient sound under the session,
//! and the volume of each group of sounds. Files are named relative to the routine's own
//! folder and may not leave it.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use toml::Spanned;

use super::Diagnostic;
use super::file::{RoutineSoundFile, StepSoundFile};
use super::sound_kinds::{SoundGroup, SoundKind, VOLUME_ALLOWED, volume_percent};

/// Which kinds of cue sound; each can be turned off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each is a switch a routine, a step or a flag turns off"
)]
pub struct CueSwitches {
    /// The start, step, interval and end bells.
    pub bells: bool,
    /// The inhale and exhale tones.
    pub breath: bool,
    /// The spoken titles and instructions.
    pub voice: bool,
    /// The voice counting the first breaths of a paced step ("in, two, three, four").
    pub counts: bool,
}

impl Default for CueSwitches {
    fn default() -> Self {
        Self {
            bells: true,
            breath: true,
            voice: true,
            counts: true,
        }
    }
}

/// Sound files a routine plays instead of the built-in ones, by kind, relative to its
/// folder.
pub type SoundFiles = BTreeMap<SoundKind, PathBuf>;

/// Volumes in percent by group; a group not named is at its own place in the mix.
pub type Volumes = BTreeMap<SoundGroup, u16>;

/// A sound under the whole session, looped, softer under the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ambient {
    /// The built-in soft noise, made by the program.
    Noise,
    /// A sound file (a routine's: relative to its folder).
    File(PathBuf),
}

/// The name of the built-in ambient sound, wherever an ambient sound is named.
pub(super) const AMBIENT_NOISE: &str = "noise";

impl Ambient {
    /// The built-in noise for its name, else the file of that name.
    #[must_use]
    pub fn named(name: &str) -> Self {
        if name == AMBIENT_NOISE {
            Self::Noise
        } else {
            Self::File(PathBuf::from(name))
        }
    }
}

/// The routine's `[sound]` table, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoutineSound {
    /// Which cues sound, unless a step says otherwise.
    pub cues: CueSwitches,
    /// Files instead of built-in sounds.
    pub files: SoundFiles,
    /// The sound under the whole session, if the routine names one.
    pub ambient: Option<Ambient>,
    /// The volumes the routine sets.
    pub volumes: Volumes,
}

/// A step's `[steps.sound]` table, checked: `None` follows the routine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepSound {
    /// Bells in this step.
    pub bells: Option<bool>,
    /// Breath tones in this step.
    pub breath: Option<bool>,
    /// Spoken instructions in this step.
    pub voice: Option<bool>,
    /// Counted first breaths in this step.
    pub counts: Option<bool>,
    /// A recording of the instructions, played instead of speech.
    pub recording: Option<PathBuf>,
}

impl StepSound {
    /// The sound of a step in a block: what the step leaves unsaid follows the block.
    #[must_use]
    pub fn within(&self, block: &Self) -> Self {
        Self {
            bells: self.bells.or(block.bells),
            breath: self.breath.or(block.breath),
            voice: self.voice.or(block.voice),
            counts: self.counts.or(block.counts),
            recording: self.recording.clone().or_else(|| block.recording.clone()),
        }
    }

    /// The same switches, without the recording: for the parts of a step after its start.
    #[must_use]
    pub fn without_recording(&self) -> Self {
        Self {
            recording: None,
            ..self.clone()
        }
    }

    /// This step's cue switches, given the routine's.
    #[must_use]
    pub fn cues(&self, routine: CueSwitches) -> CueSwitches {
        CueSwitches {
            bells: self.bells.unwrap_or(routine.bells),
            breath: self.breath.unwrap_or(routine.breath),
            voice: self.voice.unwrap_or(routine.voice),
            counts: self.counts.unwrap_or(routine.counts),
        }
    }
}

/// Checks `[sound]`; problems are added to `diagnostics`.
pub(super) fn routine_sound(
    file: Option<&RoutineSoundFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> RoutineSound {
    let Some(file) = file else {
        return RoutineSound::default();
    };
    let files = file
        .files
        .iter()
        .filter_map(|(kind, name)| match file_name(name) {
            Ok(path) => Some((*kind, path)),
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                None
            }
        })
        .collect();
    let ambient = file.ambient.as_ref().and_then(|name| {
        if name.get_ref() == AMBIENT_NOISE {
            return Some(Ambient::Noise);
        }
        file_name(name)
            .map(Ambient::File)
            .map_err(|d| diagnostics.push(d))
            .ok()
    });
    let volumes = file
        .volume
        .iter()
        .filter_map(|(group, value)| {
            let percent = volume_percent(*value.get_ref());
            if percent.is_none() {
                let message = format!(
                    "the volume of {} cannot be {}",
                    group.name(),
                    value.get_ref()
                );
                let hint = format!("a volume is {VOLUME_ALLOWED}");
                diagnostics.push(Diagnostic::at(value.span(), message).with_hint(hint));
            }
            percent.map(|percent| (*group, percent))
        })
        .collect();
    let defaults = CueSwitches::default();
    RoutineSound {
        ambient,
        volumes,
        cues: CueSwitches {
            bells: file.bells.unwrap_or(defaults.bells),
            breath: file.breath.unwrap_or(defaults.breath),
            voice: file.voice.unwrap_or(defaults.voice),
            counts: file.counts.unwrap_or(defaults.counts),
        },
        files,
    }
}

/// Checks `[steps.sound]`; problems are added to `diagnostics`.
pub(super) fn step_sound(
    file: Option<&StepSoundFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> StepSound {
    let Some(file) = file else {
        return StepSound::default();
    };
    StepSound {
        bells: file.bells,
        breath: file.breath,
        voice: file.voice,
        counts: file.counts,
        recording: file
            .recording
            .as_ref()
            .and_then(|v| file_name(v).map_err(|d| diagnostics.push(d)).ok()),
    }
}

/// A sound file's name: relative, and inside the routine's folder, so a shared routine
/// cannot reach anywhere else on the practitioner's machine.
fn file_name(value: &Spanned<String>) -> Result<PathBuf, Diagnostic> {
    let text = value.get_ref();
    let path = Path::new(text);
    let fault = if text.trim().is_empty() {
        Some("a sound file's name is empty")
    } else if path.is_absolute() || text.starts_with('/') || text.starts_with('\\') {
        Some("a sound file must be named relative to the routine's folder")
    } else if path
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        Some("a sound file must be inside the routine's folder")
    } else {
        None
    };
    match fault {
        None => Ok(path.to_owned()),
        Some(message) => Err(Diagnostic::at(value.span(), message)
            .with_hint("put the file next to the routine, for example `bell = \"bowl.wav\"`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::parse;

    const STEP: &str = "[[steps]]\ntitle = \"Rest\"\nduration = \"1m\"\n";

    fn routine(extra_top: &str, extra_step: &str) -> Result<crate::routine::Routine, String> {
        let text = format!("version = 1\nname = \"R\"\n{extra_top}\n{STEP}{extra_step}");
        parse("r.toml", "r", &text).map_err(|e| e.to_string())
    }

    #[test]
    fn without_a_sound_table_every_cue_sounds() {
        let routine = routine("", "").unwrap();
        assert_eq!(routine.sound, RoutineSound::default());
        assert_eq!(
            routine.steps[0].sound.cues(routine.sound.cues),
            CueSwitches::default()
        );
    }

    #[test]
    fn a_step_can_turn_off_what_the_routine_allows_and_name_a_recording() {
        let routine = routine(
            "[sound]\nvoice = false\nbell = \"sounds/bowl.wav\"",
            "[steps.sound]\nbreath = false\nvoice = true\nrecording = \"rest.wav\"\n",
        )
        .unwrap();
        assert_eq!(
            routine.sound.files.get(&SoundKind::Bowl),
            Some(&PathBuf::from("sounds/bowl.wav"))
        );
        let step = &routine.steps[0].sound;
        assert_eq!(step.recording, Some(PathBuf::from("rest.wav")));
        assert_eq!(
            step.cues(routine.sound.cues),
            CueSwitches {
                bells: true,
                breath: false,
                voice: true,
                counts: true,
            }
        );
    }

    #[test]
    fn sound_files_outside_the_routines_folder_are_refused_where_they_are_named() {
        let error = routine(
            "[sound]\nbell = \"/etc/passwd\"\nchime = \"../x.wav\"",
            "[steps.sound]\nrecording = \"\"\n",
        )
        .unwrap_err();
        assert!(error.contains("r.toml:4:8"), "{error}");
        assert!(
            error.contains("relative to the routine's folder"),
            "{error}"
        );
        assert!(error.contains("r.toml:5:9"), "{error}");
        assert!(error.contains("inside the routine's folder"), "{error}");
        assert!(error.contains("a sound file's name is empty"), "{error}");
    }

    #[test]
    fn a_routine_may_name_an_ambient_sound_and_set_volumes() {
        let rain = routine(
            "[sound]\nambient = \"rain.wav\"\n[sound.volume]\nbells = 80\nambient = 0",
            "",
        )
        .unwrap();
        assert_eq!(
            rain.sound.ambient,
            Some(Ambient::File(PathBuf::from("rain.wav")))
        );
        assert_eq!(rain.sound.volumes.get(&SoundGroup::Bells), Some(&80));
        assert_eq!(rain.sound.volumes.get(&SoundGroup::Ambient), Some(&0));
        assert_eq!(rain.sound.volumes.get(&SoundGroup::Voice), None);
        let noise = routine("[sound]\nambient = \"noise\"", "").unwrap();
        assert_eq!(noise.sound.ambient, Some(Ambient::Noise));
    }

    #[test]
    fn a_bad_volume_is_named_where_it_is_written() {
        let error = routine("[sound.volume]\nbells = 300\nbreath = -2", "").unwrap_err();
        assert!(error.contains("r.toml:4:9"), "{error}");
        assert!(
            error.contains("the volume of bells cannot be 300"),
            "{error}"
        );
        assert!(
            error.contains("the volume of breath cannot be -2"),
            "{error}"
        );
        assert!(error.contains("from 0 (silent) to 200"), "{error}");
        let unknown = routine("[sound.volume]\nbell = 80", "").unwrap_err();
        assert!(unknown.contains("bell"), "{unknown}");
        assert!(unknown.contains("voice, bells, breath"), "{unknown}");
        let far = routine("[sound]\nambient = \"../rain.wav\"", "").unwrap_err();
        assert!(far.contains("inside the routine's folder"), "{far}");
    }

    #[test]
    fn unknown_sound_keys_are_reported() {
        let error = routine("[sound]\nbels = false", "").unwrap_err();
        assert!(error.contains("bels"), "{error}");
    }
}
