//! Routines: what a practice is made of, read from TOML files that teachers write.
//!
//! A file is read into [`file::RoutineFile`] (exactly as written, with locations), then
//! validated into a [`Routine`] (what the planner needs, every duration in milliseconds).

mod diagnostic;
mod file;
pub mod library;
mod sound;
pub mod text;
mod validate;

pub use diagnostic::{Diagnostic, RoutineError, line_column};
pub use sound::{CueSwitches, RoutineSound, SoundFiles, StepSound};
pub use validate::parse;

/// A practice, checked and ready to plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routine {
    /// How the routine is asked for on the command line (its file stem).
    pub id: String,
    /// The routine's name as people say it.
    pub name: String,
    /// One or two sentences on what the practice is.
    pub summary: String,
    /// Where the practice comes from.
    pub source: Option<String>,
    /// What to have at hand.
    pub props: Vec<String>,
    /// What to keep in mind to practice safely.
    pub safety: Option<String>,
    /// The session lengths a practitioner may choose, when the routine is adjustable.
    pub length: Option<LengthRange>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// Which cues sound, and sound files to play instead of the built-in ones.
    pub sound: RoutineSound,
}

/// The session lengths a routine allows, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LengthRange {
    /// The length used when none is asked for.
    pub default_ms: u64,
    /// The shortest session.
    pub min_ms: u64,
    /// The longest session.
    pub max_ms: u64,
}

/// One step of a routine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// A few words, shown large and spoken at the step's start.
    pub title: String,
    /// What to do, in the teacher's words.
    pub text: String,
    /// How long the step lasts.
    pub duration: StepDuration,
    /// A breath to pace through the step, if any.
    pub breath: Option<BreathPattern>,
    /// A soft bell every so often during the step, if any.
    pub bell_every_ms: Option<u64>,
    /// Which cues sound in this step, and a recording of its instructions.
    pub sound: StepSound,
}

/// How long a step lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepDuration {
    /// A set time.
    Fixed { ms: u64 },
    /// Whatever the chosen session length leaves over after the set steps.
    Flexible,
}

/// A paced breath: the length of each phase in milliseconds; holds may be zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreathPattern {
    /// Breathing in.
    pub inhale_ms: u64,
    /// Resting full, after the inhale.
    pub hold_ms: u64,
    /// Breathing out.
    pub exhale_ms: u64,
    /// Resting empty, after the exhale.
    pub hold_after_exhale_ms: u64,
}

impl BreathPattern {
    /// The length of one whole breath.
    #[must_use]
    pub fn cycle_ms(&self) -> u64 {
        self.inhale_ms + self.hold_ms + self.exhale_ms + self.hold_after_exhale_ms
    }
}

impl Routine {
    /// The sum of the steps with a set time.
    #[must_use]
    pub fn fixed_ms(&self) -> u64 {
        self.steps
            .iter()
            .map(|step| match step.duration {
                StepDuration::Fixed { ms } => ms,
                StepDuration::Flexible => 0,
            })
            .sum()
    }

    /// The session length used when none is asked for.
    #[must_use]
    pub fn default_length_ms(&self) -> u64 {
        self.length
            .map_or_else(|| self.fixed_ms(), |range| range.default_ms)
    }
}
