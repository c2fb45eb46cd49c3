//! Planning: a pure function from a routine and the run options to a [`Timeline`], every
//! offset an exact whole number of milliseconds. No clock and no I/O, so timing can be
//! proved here exactly.

mod breath;
mod extend;

use serde::Serialize;

use crate::duration::format_ms;
use crate::routine::{BreathPattern, Routine, StepDuration};

pub use breath::{BreathPhase, phases as breath_phases};

/// What the practitioner chose for this session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// The session length; `None` means the routine's default.
    pub length_ms: Option<u64>,
}

/// Why a routine cannot be planned with the chosen options.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The chosen length is outside what the routine allows.
    #[error("{routine} can last from {} to {}; {} is outside that", format_ms(*.min_ms), format_ms(*.max_ms), format_ms(*.requested_ms))]
    LengthOutOfRange {
        routine: String,
        requested_ms: u64,
        min_ms: u64,
        max_ms: u64,
    },
    /// The routine has a set length and another was asked for.
    #[error("{routine} always lasts {}; its length cannot be changed", format_ms(*.fixed_ms))]
    FixedLength { routine: String, fixed_ms: u64 },
}

/// A whole session laid out in time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// The routine's id.
    pub routine_id: String,
    /// The routine's name.
    pub routine_name: String,
    /// The session's length.
    pub total_ms: u64,
    /// The steps as they fall in time: contiguous, covering `0..total_ms`.
    pub segments: Vec<Segment>,
    /// Everything that happens at a moment, sorted by time.
    pub cues: Vec<Cue>,
}

/// A step placed in time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// The index of the routine step this segment comes from.
    pub step: usize,
    /// The step's title.
    pub title: String,
    /// The step's instructions.
    pub text: String,
    /// When the segment starts.
    pub start_ms: u64,
    /// When it ends (the next segment's start).
    pub end_ms: u64,
    /// The breath paced through it, if any.
    #[serde(skip)]
    pub breath: Option<BreathPattern>,
    /// How often a soft bell rings in it, if at all.
    #[serde(skip)]
    pub bell_every_ms: Option<u64>,
}

impl Segment {
    /// The segment's length.
    #[must_use]
    pub fn len_ms(&self) -> u64 {
        self.end_ms - self.start_ms
    }
}

/// Something that happens at a planned moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cue {
    /// When, from the session's start.
    pub at_ms: u64,
    /// The index of the segment it belongs to.
    pub segment: usize,
    /// What happens.
    #[serde(flatten)]
    pub kind: CueKind,
}

/// What a cue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "cue", rename_all = "snake_case")]
pub enum CueKind {
    /// A step begins.
    StepStart,
    /// A soft bell partway through a long step.
    IntervalBell,
    /// A breath phase begins and lasts `duration_ms`.
    Breath {
        phase: BreathPhase,
        duration_ms: u64,
    },
}

impl CueKind {
    /// Within one moment, a step's start comes first, then a bell, then the breath.
    fn order(self) -> u8 {
        match self {
            Self::StepStart => 0,
            Self::IntervalBell => 1,
            Self::Breath { .. } => 2,
        }
    }
}

impl Timeline {
    /// The index of the segment that is under way at `at_ms` (the last one at the very end).
    #[must_use]
    pub fn segment_at(&self, at_ms: u64) -> usize {
        self.segments
            .partition_point(|s| s.end_ms <= at_ms)
            .min(self.segments.len().saturating_sub(1))
    }

    /// The index of the first cue at or after `at_ms`.
    #[must_use]
    pub fn first_cue_from(&self, at_ms: u64) -> usize {
        self.cues.partition_point(|c| c.at_ms < at_ms)
    }
}

/// Lays a routine out in time.
pub fn plan(routine: &Routine, options: PlanOptions) -> Result<Timeline, PlanError> {
    let total_ms = session_length(routine, options)?;
    let durations = step_durations(routine, total_ms);
    let mut segments = Vec::with_capacity(routine.steps.len());
    let mut cues = Vec::new();
    let mut start_ms = 0;
    for (index, (step, len_ms)) in routine.steps.iter().zip(durations).enumerate() {
        let segment = Segment {
            step: index,
            title: step.title.clone(),
            text: step.text.clone(),
            start_ms,
            end_ms: start_ms + len_ms,
            breath: step.breath,
            bell_every_ms: step.bell_every_ms,
        };
        let segment_index = segments.len();
        let mut segment_cues = vec![Cue {
            at_ms: start_ms,
            segment: segment_index,
            kind: CueKind::StepStart,
        }];
        if let Some(period) = step.bell_every_ms {
            segment_cues.extend(
                (1..)
                    .map(|k| start_ms + k * period)
                    .take_while(|&at_ms| at_ms < segment.end_ms)
                    .map(|at_ms| Cue {
                        at_ms,
                        segment: segment_index,
                        kind: CueKind::IntervalBell,
                    }),
            );
        }
        if let Some(pattern) = step.breath {
            segment_cues.extend(breath::cues(&pattern, &segment, segment_index));
        }
        segment_cues.sort_by_key(|cue| (cue.at_ms, cue.kind.order()));
        cues.extend(segment_cues);
        start_ms = segment.end_ms;
        segments.push(segment);
    }
    Ok(Timeline {
        routine_id: routine.id.clone(),
        routine_name: routine.name.clone(),
        total_ms,
        segments,
        cues,
    })
}

fn session_length(routine: &Routine, options: PlanOptions) -> Result<u64, PlanError> {
    let Some(range) = routine.length else {
        let fixed_ms = routine.fixed_ms();
        return match options.length_ms {
            Some(requested) if requested != fixed_ms => Err(PlanError::FixedLength {
                routine: routine.name.clone(),
                fixed_ms,
            }),
            _ => Ok(fixed_ms),
        };
    };
    let requested_ms = options.length_ms.unwrap_or(range.default_ms);
    if (range.min_ms..=range.max_ms).contains(&requested_ms) {
        Ok(requested_ms)
    } else {
        Err(PlanError::LengthOutOfRange {
            routine: routine.name.clone(),
            requested_ms,
            min_ms: range.min_ms,
            max_ms: range.max_ms,
        })
    }
}

/// Each step's length: set steps keep theirs; flexible steps share what is left equally,
/// the first ones taking a millisecond more when it does not divide evenly.
fn step_durations(routine: &Routine, total_ms: u64) -> Vec<u64> {
    let flexible_count = routine
        .steps
        .iter()
        .filter(|s| s.duration == StepDuration::Flexible)
        .count() as u64;
    let left_ms = total_ms.saturating_sub(routine.fixed_ms());
    let mut flexible_seen = 0;
    routine
        .steps
        .iter()
        .map(|step| match step.duration {
            StepDuration::Fixed { ms } => ms,
            StepDuration::Flexible => {
                let extra = u64::from(flexible_seen < left_ms % flexible_count);
                flexible_seen += 1;
                left_ms / flexible_count + extra
            }
        })
        .collect()
}
