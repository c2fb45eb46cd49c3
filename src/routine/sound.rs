//! What a routine says about sound: which cues sound (for the whole routine and per step)
//! and which files to play instead of the built-in sounds. Files are named relative to the
//! routine's own folder and may not leave it.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use toml::Spanned;

use super::Diagnostic;
use super::file::{RoutineSoundFile, StepSoundFile};
use super::sound_kinds::SoundKind;

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

/// The routine's `[sound]` table, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoutineSound {
    /// Which cues sound, unless a step says otherwise.
    pub cues: CueSwitches,
    /// Files instead of built-in sounds.
    pub files: SoundFiles,
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
    let defaults = CueSwitches::default();
    RoutineSound {
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
    fn unknown_sound_keys_are_reported() {
        let error = routine("[sound]\nbels = false", "").unwrap_err();
        assert!(error.contains("bels"), "{error}");
    }
}
