//! The routine file exactly as written: serde types that keep the location of every value
//! that validation may need to point at. Nothing here judges what the values mean.

use serde::Deserialize;
use toml::Spanned;

/// A whole routine file, version 1.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutineFile {
    pub version: Spanned<i64>,
    pub name: Spanned<String>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub props: Vec<String>,
    #[serde(default)]
    pub safety: Option<String>,
    pub length: Option<Spanned<LengthFile>>,
    pub steps: Spanned<Vec<StepFile>>,
    #[serde(default)]
    pub sound: Option<RoutineSoundFile>,
}

/// `[length]`: the session length a practitioner may choose.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LengthFile {
    pub default: Spanned<String>,
    pub min: Spanned<String>,
    pub max: Spanned<String>,
}

/// One `[[steps]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepFile {
    pub title: Spanned<String>,
    #[serde(default)]
    pub text: String,
    pub duration: Spanned<String>,
    pub breath: Option<Spanned<BreathFile>>,
    pub bell_every: Option<Spanned<String>>,
    #[serde(default)]
    pub sound: Option<StepSoundFile>,
}

/// `[steps.breath]`: a paced breath, phase by phase.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreathFile {
    pub inhale: Spanned<String>,
    pub hold: Option<Spanned<String>>,
    pub exhale: Spanned<String>,
    pub hold_after_exhale: Option<Spanned<String>>,
}

/// `[sound]`: which cues sound in the whole routine, and files to use instead of the
/// built-in sounds (inside the routine's own folder).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutineSoundFile {
    pub bells: Option<bool>,
    pub breath: Option<bool>,
    pub voice: Option<bool>,
    pub bell: Option<Spanned<String>>,
    pub chime: Option<Spanned<String>>,
    pub interval: Option<Spanned<String>>,
    pub inhale: Option<Spanned<String>>,
    pub exhale: Option<Spanned<String>>,
}

/// `[steps.sound]`: which cues sound in one step, and a recording of its instructions.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepSoundFile {
    pub bells: Option<bool>,
    pub breath: Option<bool>,
    pub voice: Option<bool>,
    pub recording: Option<Spanned<String>>,
}
