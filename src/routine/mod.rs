//! Routines: what a practice is made of, read from TOML files that teachers write.
//!
//! A file is read into [`file::RoutineFile`] (exactly as written, with locations), then
//! validated into a [`Routine`] (what the planner needs, every duration in milliseconds).

mod diagnostic;
mod file;
pub mod library;
pub mod placeholders;
mod sound;
pub mod sound_kinds;
pub mod text;
pub mod text_file;
mod validate;

pub use diagnostic::{
    Diagnostic, FileProblems, LineIndex, MAX_SHOWN, RoutineError, Severity, at_most_shown,
    line_column,
};
pub use sound::{Ambient, CueSwitches, RoutineSound, SoundFiles, StepSound, Volumes};
pub use sound_kinds::{SOUNDS, SoundKind};
pub(crate) use validate::syntax_errors;
pub use validate::{Review, parse, review, syntax_error};

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
    /// The language its words are in ("en", "en-GB"), when the routine names it.
    pub language: Option<String>,
    /// The session lengths a practitioner may choose, when the routine is adjustable.
    pub length: Option<LengthRange>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// Which cues sound, and sound files to play instead of the built-in ones.
    pub sound: RoutineSound,
    /// A soft spoken "one minute left" this long before the end of every long hold.
    pub time_left_ms: Option<u64>,
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
    pub breath: Option<Breath>,
    /// A soft bell every so often during the step, if any.
    pub bell_every_ms: Option<u64>,
    /// For a one-sided pose: held on each side, `duration` per side.
    pub sides: Option<Sides>,
    /// A rest in neutral after the pose, to feel its rebound.
    pub rebound: Option<Rebound>,
    /// The way out of the pose, spoken shortly before the hold ends (on each side).
    pub ending: Option<String>,
    /// A soft spoken "one minute left" this long before the step ends.
    pub time_left_ms: Option<u64>,
    /// Which cues sound in this step, and a recording of its instructions.
    pub sound: StepSound,
}

/// The rest after a pose: how long, and in the routine's words when it has its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebound {
    /// How long it lasts.
    pub ms: u64,
    /// Its title, when not the usual "Rebound".
    pub title: Option<String>,
    /// What to do, when not the usual words (a position that suits the pose before).
    pub text: Option<String>,
}

/// How long a step lasts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepDuration {
    /// A set time.
    Fixed { ms: u64 },
    /// A share of what the chosen session length leaves over after the set steps.
    Flexible(Flex),
    /// A number of the step's paced breaths.
    Breaths { count: u32 },
    /// A block of steps, repeated.
    Rounds { rounds: u32, steps: Vec<Step> },
    /// Its words, then a wait for any key, for at most `max_ms`: time that is not practice.
    UntilReady { max_ms: u64 },
}

/// How a flexible step shares the spare time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flex {
    /// The least time it takes.
    pub min_ms: u64,
    /// The most time it takes, if it has a limit.
    pub max_ms: Option<u64>,
    /// Its share of the spare time against the other flexible steps.
    pub weight: u32,
    /// Its length is a whole multiple of this ("1m": whole minutes), if given.
    pub multiple_of_ms: Option<u64>,
}

/// A flexible step never gets less than this.
pub const MIN_FLEXIBLE_MS: u64 = 1_000;

impl Flex {
    /// The least time the step takes before it shares the spare time: its `min`, or with
    /// `multiple_of` the first multiple from its `min` on (at least one, since a flexible
    /// step always takes [`MIN_FLEXIBLE_MS`]).
    #[must_use]
    pub fn least_ms(&self) -> u64 {
        match self.multiple_of_ms {
            Some(unit) if unit > 0 => self
                .min_ms
                .max(MIN_FLEXIBLE_MS)
                .div_ceil(unit)
                .saturating_mul(unit),
            _ => self.min_ms,
        }
    }
}

impl Default for Flex {
    fn default() -> Self {
        Self {
            min_ms: 0,
            max_ms: None,
            weight: 1,
            multiple_of_ms: None,
        }
    }
}

/// A one-sided pose's sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    /// The side held first.
    pub first: Side,
    /// The time to change sides.
    pub switch_ms: u64,
    /// What is said to change sides, when not the usual words.
    pub switch_text: Option<String>,
    /// What is said for the second side instead of the step's text (which foot, which knee).
    pub second_text: Option<String>,
}

/// A side of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The right side.
    Right,
    /// The left side.
    Left,
}

impl Side {
    /// The other side.
    #[must_use]
    pub fn other(self) -> Self {
        match self {
            Self::Right => Self::Left,
            Self::Left => Self::Right,
        }
    }

    /// The side's name in a sentence.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Right => "right",
            Self::Left => "left",
        }
    }
}

/// A paced breath, steady or changing evenly from the step's first breath to its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Breath {
    /// The first breath.
    pub from: BreathPattern,
    /// The last breath (the same as `from` for a steady breath).
    pub to: BreathPattern,
}

impl Breath {
    /// A breath that stays the same.
    #[must_use]
    pub fn steady(pattern: BreathPattern) -> Self {
        Self {
            from: pattern,
            to: pattern,
        }
    }
}

/// How long a breath phase that is there may last, so that a shared file or a flag can never
/// ask for a strained breath. Holds may also be left out (zero).
pub const BREATH_PHASE_MS: std::ops::RangeInclusive<u64> = 1_000..=60_000;

/// The shortest time between a step's interval bells. Practices mark minutes with them
/// ("a bell every 5 minutes" in a long rest), and a bell every few seconds is already a
/// metronome; at two seconds the built-in tap (1.2 s) has died away before the next. The
/// floor catches "1ms" written for "1m", and bounds a step's bells to one every 2 s: a
/// ten-minute step has at most 300 (the bound on a session's cues does the rest).
pub const MIN_BELL_EVERY_MS: u64 = 2_000;

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

    /// The phases as an array, in order: inhale, hold, exhale, hold after the exhale.
    #[must_use]
    pub fn as_array(&self) -> [u64; 4] {
        [
            self.inhale_ms,
            self.hold_ms,
            self.exhale_ms,
            self.hold_after_exhale_ms,
        ]
    }

    /// A pattern from its phases in order.
    #[must_use]
    pub fn from_array([inhale_ms, hold_ms, exhale_ms, hold_after_exhale_ms]: [u64; 4]) -> Self {
        Self {
            inhale_ms,
            hold_ms,
            exhale_ms,
            hold_after_exhale_ms,
        }
    }

    /// Reads a pattern in seconds per phase: "4-6" (in, out), "4-7-8" (in, hold, out),
    /// "4-4-4-4" (in, hold, out, hold). Every phase given must last 1 to 60 seconds, except
    /// that holds may be 0.
    pub fn parse(text: &str) -> Result<Self, String> {
        let seconds: Vec<u64> = text
            .split('-')
            .map(|part| part.trim().parse::<u64>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("`{text}` is not a breath pattern; write seconds per phase, like \"4-6\" or \"4-7-8\""))?;
        let ms: Vec<u64> = seconds.iter().map(|s| s.saturating_mul(1000)).collect();
        let pattern = match ms[..] {
            [inhale, exhale] => Self::from_array([inhale, 0, exhale, 0]),
            [inhale, hold, exhale] => Self::from_array([inhale, hold, exhale, 0]),
            [inhale, hold, exhale, hold_after] => {
                Self::from_array([inhale, hold, exhale, hold_after])
            }
            _ => {
                return Err(format!(
                    "`{text}` has {} phases; a breath pattern has 2, 3 or 4",
                    ms.len()
                ));
            }
        };
        if pattern.inhale_ms == 0 || pattern.exhale_ms == 0 {
            return Err(format!("`{text}` has no time to breathe in or out"));
        }
        if pattern
            .as_array()
            .iter()
            .any(|&phase| phase > *BREATH_PHASE_MS.end())
        {
            return Err(format!("`{text}` has a phase over 60 seconds"));
        }
        Ok(pattern)
    }
}

impl Routine {
    /// Every step, with the steps of each block in place of the block (once, not per round).
    pub fn all_steps(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().flat_map(|step| match &step.duration {
            StepDuration::Rounds { steps, .. } => steps.as_slice(),
            _ => std::slice::from_ref(step),
        })
    }
}

/// The JSON Schema of the routine format, made from the same types that read the files, so
/// editors with TOML support can check and complete a routine as it is written.
#[must_use]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(file::RoutineFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
