//! Planning: a pure function from a routine and the run options to a [`Timeline`], every
//! offset an exact whole number of milliseconds. No clock and no I/O, so timing can be
//! proved here exactly.
//!
//! The routine is unfolded into parts ([`expand`]), set parts take their time, flexible
//! parts share what the chosen length leaves in whole seconds ([`flexible`], [`share`]), and
//! breath-paced parts are cut to whole breaths ([`breath`]), what that frees going to
//! flexible parts that are not paced. An adjustable session lasts exactly the length
//! chosen, and where that length and the set parts are whole seconds, so is every part.

mod breath;
mod expand;
mod extend;
mod fit;
mod flexible;
mod share;
pub mod speech;

use serde::Serialize;

use crate::duration::{MAX_MS, format_at_least, format_at_most, format_ms};
use crate::routine::placeholders::{Values, fill};
use crate::routine::{Breath, Routine, Side, StepSound};

pub use breath::{
    BreathPhase, PHASES as BREATH_PHASES, nth as nth_breath, phases as breath_phases,
};
pub use expand::Role;
use expand::{Extent, Part};
pub use fit::{Misfit, MisfitKind, fits};
use flexible::Shortfall;

/// The most parts (steps, sides, rounds, rebounds) one session may have.
pub const MAX_SEGMENTS: usize = 2_000;
/// The most cues (step starts, bells, breath phases, words) one session may have. Two hours
/// of the quickest breath allowed (1 s a phase) are 7,200 cues, and a day of bells at the
/// shortest interval 8,640; a plan this size is under a megabyte and made in milliseconds,
/// where a plan without a bound could be made to hold millions.
pub const MAX_CUES: usize = 20_000;

/// What the practitioner chose for this session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// The session length; `None` means the routine's default.
    pub length_ms: Option<u64>,
    /// A breath to pace every paced step with instead of the routine's own.
    pub breath: Option<Breath>,
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
    /// The set steps and the flexible steps' minimums take longer than the session.
    #[error("a {} session of {routine} is too short: its steps need at least {}", format_ms(*.length_ms), format_at_least(*.needed_ms))]
    DoesNotFit {
        routine: String,
        length_ms: u64,
        needed_ms: u64,
    },
    /// Every flexible step is at its maximum and the session is still not filled.
    #[error("a {} session of {routine} cannot be filled: with every flexible step at its longest it lasts {}", format_ms(*.length_ms), format_at_most(*.most_ms))]
    CannotFill {
        routine: String,
        length_ms: u64,
        most_ms: u64,
    },
    /// A breath-paced step is too short for one whole breath.
    #[error("`{title}` is too short for one whole breath")]
    ShorterThanABreath { title: String },
    /// The session would last more than a day.
    #[error("{routine} would last {}, longer than 24 hours", format_at_least(*.total_ms))]
    TooLong { routine: String, total_ms: u64 },
    /// The session would have too many cues, most of them in routine step `step`.
    #[error(
        "{routine} would have up to {cues} cues (bells, breaths, words); a session may have at most {MAX_CUES}"
    )]
    TooManyCues {
        routine: String,
        cues: usize,
        step: usize,
    },
    /// The routine unfolds into too many parts.
    #[error("{routine} unfolds into {parts} parts; a session may have at most {MAX_SEGMENTS}")]
    TooManyParts { routine: String, parts: u64 },
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
    /// What the segment is for: a step, a switch of sides, a rebound.
    pub role: Role,
    /// The side, for a one-sided pose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// The breath paced through it, if any.
    #[serde(skip)]
    pub breath: Option<Breath>,
    /// How many whole breaths are paced through it.
    pub breaths: u64,
    /// How often a soft bell rings in it, if at all.
    #[serde(skip)]
    pub bell_every_ms: Option<u64>,
    /// The way out of the pose, said shortly before the segment ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ending: Option<String>,
    /// Which cues sound in it (its step's, within its block's), and the recording played
    /// at its start instead of its words: only where its step begins.
    #[serde(skip)]
    pub sound: StepSound,
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
    /// Words are said, beyond those at the step's start.
    Speak(Said),
    /// The step's words are said; the session waits for a key, at most `max_ms`.
    AwaitReady { max_ms: u64 },
}

/// Words said within a step, beyond those at its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "said", rename_all = "snake_case")]
pub enum Said {
    /// The way out of the pose, shortly before the step ends.
    Ending,
    /// "One minute left": `left_ms` before the step ends.
    TimeLeft { left_ms: u64 },
}

impl CueKind {
    /// Within one moment, a step's start comes first, then a bell, then the breath, then
    /// words, and last the wait at a step's end.
    fn order(self) -> u8 {
        match self {
            Self::StepStart => 0,
            Self::IntervalBell => 1,
            Self::Breath { .. } => 2,
            Self::Speak(_) => 3,
            Self::AwaitReady { .. } => 4,
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

    /// The cues of segment `index`, in order: cues are grouped by segment, as segments
    /// follow each other in time.
    #[must_use]
    pub fn cues_of(&self, index: usize) -> &[Cue] {
        let from = self.cues.partition_point(|c| c.segment < index);
        let to = self.cues.partition_point(|c| c.segment <= index);
        &self.cues[from..to]
    }

    /// Whether segment `index` waits, once its words are said, until the practitioner is
    /// ready.
    #[must_use]
    pub fn waits_until_ready(&self, index: usize) -> bool {
        self.cues_of(index)
            .iter()
            .any(|c| matches!(c.kind, CueKind::AwaitReady { .. }))
    }

    /// The index of the first cue at or after `at_ms`.
    #[must_use]
    pub fn first_cue_from(&self, at_ms: u64) -> usize {
        self.cues.partition_point(|c| c.at_ms < at_ms)
    }
}

/// Lays a routine out in time.
pub fn plan(routine: &Routine, options: PlanOptions) -> Result<Timeline, PlanError> {
    let count = expand::count(routine);
    if count > MAX_SEGMENTS as u64 {
        return Err(PlanError::TooManyParts {
            routine: routine.name.clone(),
            parts: count,
        });
    }
    let parts = expand::parts(routine, options.breath);
    let target_ms = session_length(routine, options)?;
    let (mut lengths, mut breaths) = set_lengths(routine, &parts)?;
    if let Some(target_ms) = target_ms {
        flexible::fill(&parts, &mut lengths, &mut breaths, target_ms)
            .map_err(|shortfall| shortfall_error(routine, &parts, target_ms, shortfall))?;
    }
    let total_ms: u64 = lengths.iter().sum();
    if total_ms > MAX_MS {
        return Err(PlanError::TooLong {
            routine: routine.name.clone(),
            total_ms,
        });
    }
    if let (None, Some(requested)) = (target_ms, options.length_ms) {
        if requested != total_ms {
            return Err(PlanError::FixedLength {
                routine: routine.name.clone(),
                fixed_ms: total_ms,
            });
        }
    }
    let counts: Vec<usize> = parts
        .iter()
        .zip(&lengths)
        .map(|(part, &len_ms)| most_cues(part, len_ms))
        .collect();
    let cues = counts.iter().sum();
    if cues > MAX_CUES {
        let busiest = (0..parts.len()).max_by_key(|&i| counts[i]).unwrap_or(0);
        return Err(PlanError::TooManyCues {
            routine: routine.name.clone(),
            cues,
            step: parts.get(busiest).map_or(0, |part| part.step),
        });
    }
    Ok(lay_out(routine, &parts, (&lengths, &breaths), total_ms))
}

/// The planner's words for why the flexible parts cannot fill `target_ms`.
fn shortfall_error(
    routine: &Routine,
    parts: &[Part],
    target_ms: u64,
    shortfall: Shortfall,
) -> PlanError {
    match shortfall {
        Shortfall::TooShort { needed_ms } => PlanError::DoesNotFit {
            routine: routine.name.clone(),
            length_ms: target_ms,
            needed_ms,
        },
        Shortfall::CannotFill { most_ms } => PlanError::CannotFill {
            routine: routine.name.clone(),
            length_ms: target_ms,
            most_ms,
        },
        Shortfall::ShorterThanABreath { part } => PlanError::ShorterThanABreath {
            title: parts[part].title.clone(),
        },
    }
}

/// The most cues a part of this length can have, counted without making them: its start, a
/// wait until ready, its ending and "one minute left", its bells and its breath phases.
fn most_cues(part: &Part, len_ms: u64) -> usize {
    let waits = usize::from(matches!(part.extent, Extent::Ready { .. }));
    let said = usize::from(part.ending.is_some()) + usize::from(part.time_left_ms.is_some());
    let bells = part
        .bell_every_ms
        .filter(|&period| period > 0)
        .map_or(0, |period| len_ms.saturating_sub(1) / period);
    let breaths = part.breath.as_ref().map_or(0, |breath| {
        let phases = breath_phases(&breath.from)
            .len()
            .max(breath_phases(&breath.to).len());
        breath::fitting(breath, len_ms).0 * phases as u64
    });
    let counted = bells.saturating_add(breaths);
    (1 + waits + said).saturating_add(usize::try_from(counted).unwrap_or(usize::MAX))
}

/// The chosen length for an adjustable routine; `None` for one whose steps set its length.
fn session_length(routine: &Routine, options: PlanOptions) -> Result<Option<u64>, PlanError> {
    let Some(range) = routine.length else {
        return Ok(None);
    };
    let requested_ms = options.length_ms.unwrap_or(range.default_ms);
    if (range.min_ms..=range.max_ms).contains(&requested_ms) {
        Ok(Some(requested_ms))
    } else {
        Err(PlanError::LengthOutOfRange {
            routine: routine.name.clone(),
            requested_ms,
            min_ms: range.min_ms,
            max_ms: range.max_ms,
        })
    }
}

/// Each part's length before sharing, and the breaths paced through it: set parts cut to
/// whole breaths when paced, counted breaths, flexible parts at their least, and a part
/// that waits as long as its words.
fn set_lengths(routine: &Routine, parts: &[Part]) -> Result<(Vec<u64>, Vec<u64>), PlanError> {
    let sized: Vec<(u64, u64)> = parts
        .iter()
        .enumerate()
        .map(|(index, part)| {
            let (ms, breaths) = match (part.extent, &part.breath) {
                (Extent::Ready { .. }, _) => {
                    let values = Values {
                        props: &routine.props,
                        ..Values::default()
                    };
                    let words = speech::opening_words(&part.title, &fill(&part.text, &values));
                    let ms = speech::opening_delay_ms(index)
                        + speech::with_slack(speech::estimate_ms(&words))
                        + speech::MARGIN_MS;
                    (ms.div_ceil(1000) * 1000, 0)
                }
                (Extent::Fixed(ms), Some(breath)) => {
                    let (count, ms) = breath::fitting(breath, ms);
                    (ms, count)
                }
                (Extent::Fixed(ms), None) => (ms, 0),
                (Extent::Breaths(count), Some(breath)) => (breath::total_ms(breath, count), count),
                (Extent::Breaths(_), None) => (0, 0),
                (Extent::Flexible(flex), _) => return Ok((flexible::least_ms(&flex), 0)),
            };
            if ms == 0 {
                Err(PlanError::ShorterThanABreath {
                    title: part.title.clone(),
                })
            } else {
                Ok((ms, breaths))
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(sized.into_iter().unzip())
}

fn lay_out(
    routine: &Routine,
    parts: &[Part],
    (lengths, breaths): (&[u64], &[u64]),
    total_ms: u64,
) -> Timeline {
    let mut segments = Vec::with_capacity(parts.len());
    let mut cues = Vec::new();
    let mut start_ms = 0;
    for (index, ((part, &len_ms), &count)) in parts.iter().zip(lengths).zip(breaths).enumerate() {
        let end_ms = start_ms + len_ms;
        let values = Values {
            breath: part.breath.map(|b| (b.from, b.to)),
            breaths: count,
            side: part.side,
            length_ms: len_ms,
            props: &routine.props,
        };
        let segment = Segment {
            step: part.step,
            title: part.title.clone(),
            text: fill(&part.text, &values),
            start_ms,
            end_ms,
            role: part.role,
            side: part.side,
            breath: part.breath,
            bell_every_ms: part.bell_every_ms,
            breaths: count,
            ending: part.ending.as_deref().map(|ending| fill(ending, &values)),
            sound: part.sound.clone(),
        };
        let mut part_cues = vec![Cue {
            at_ms: start_ms,
            segment: index,
            kind: CueKind::StepStart,
        }];
        let spoken = speech::cues(index, &segment, part.time_left_ms);
        part_cues.extend(spoken.into_iter().map(|(at_ms, kind)| Cue {
            at_ms,
            segment: index,
            kind,
        }));
        if let Extent::Ready { max_ms } = part.extent {
            part_cues.push(Cue {
                at_ms: end_ms,
                segment: index,
                kind: CueKind::AwaitReady { max_ms },
            });
        }
        if let Some(period) = part.bell_every_ms {
            part_cues.extend(
                (1..)
                    .map(|k| start_ms + k * period)
                    .take_while(|&at_ms| at_ms < end_ms)
                    .map(|at_ms| Cue {
                        at_ms,
                        segment: index,
                        kind: CueKind::IntervalBell,
                    }),
            );
        }
        if let Some(breath) = &part.breath {
            part_cues.extend(breath::cues(breath, count, start_ms, index));
        }
        part_cues.sort_by_key(|cue| (cue.at_ms, cue.kind.order()));
        cues.extend(part_cues);
        segments.push(segment);
        start_ms = end_ms;
    }
    Timeline {
        routine_id: routine.id.clone(),
        routine_name: routine.name.clone(),
        total_ms,
        segments,
        cues,
    }
}
