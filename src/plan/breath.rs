//! Breath pacing: whole breaths only, steady or changing evenly from a step's first breath
//! to its last (an exhale that lengthens from 6 s to 8 s).

use serde::Serialize;

use super::{Cue, CueKind};
use crate::routine::{Breath, BreathPattern};

/// A phase of a paced breath.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreathPhase {
    /// Breathing in.
    Inhale,
    /// Resting full.
    Hold,
    /// Breathing out.
    Exhale,
    /// Resting empty.
    HoldAfterExhale,
}

impl BreathPhase {
    /// The phase as the display and the event log name it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Inhale => "inhale",
            Self::Hold => "hold",
            Self::Exhale => "exhale",
            Self::HoldAfterExhale => "hold empty",
        }
    }
}

/// The phases of a breath, in the order of [`BreathPattern::as_array`].
pub const PHASES: [BreathPhase; 4] = [
    BreathPhase::Inhale,
    BreathPhase::Hold,
    BreathPhase::Exhale,
    BreathPhase::HoldAfterExhale,
];

/// The phases of one breath in order, leaving out holds of zero length.
#[must_use]
pub fn phases(pattern: &BreathPattern) -> Vec<(BreathPhase, u64)> {
    PHASES
        .into_iter()
        .zip(pattern.as_array())
        .filter(|&(_, ms)| ms > 0)
        .collect()
}

/// Breath `index` (from 0) of `count`: each phase moves evenly from the first breath's
/// length to the last's, rounded down to the millisecond. The cues place each phase from
/// the exact sum of those before it (see [`cues`]), so a phase's cue may last a
/// millisecond more than this says.
#[must_use]
pub fn nth(breath: &Breath, index: u64, count: u64) -> BreathPattern {
    let pace = Pace::new(breath, count);
    BreathPattern::from_array(
        [0, 1, 2, 3]
            .map(|phase| u64::try_from(pace.scaled(index, phase) / pace.scale).unwrap_or(0)),
    )
}

/// The length of `count` breaths: with the phases moving evenly from the first breath to
/// the last, `count` times the average of the two, to the millisecond below.
#[must_use]
pub(super) fn total_ms(breath: &Breath, count: u64) -> u64 {
    let (first, last) = (breath.from.cycle_ms(), breath.to.cycle_ms());
    if count <= 1 || first == last {
        return first.saturating_mul(count);
    }
    let sum = u128::from(count) * (u128::from(first) + u128::from(last)) / 2;
    u64::try_from(sum).unwrap_or(u64::MAX)
}

/// The most whole breaths that fit in `ms`, and how long they take. Where the most end
/// between two seconds and one breath fewer end on a second, those are taken: a step cut
/// to whole breaths then still ends on a whole second (a breath that changes from a 10 s
/// cycle to an 11 s one takes 10.5 s on average, so an odd count of them ends on a half).
#[must_use]
pub(super) fn fitting(breath: &Breath, ms: u64) -> (u64, u64) {
    let count = most_fitting(breath, ms);
    let total = total_ms(breath, count);
    if !total.is_multiple_of(1000) && count > 1 {
        let fewer = total_ms(breath, count - 1);
        if fewer.is_multiple_of(1000) {
            return (count - 1, fewer);
        }
    }
    (count, total)
}

/// The most whole breaths that fit in `ms`.
fn most_fitting(breath: &Breath, ms: u64) -> u64 {
    let average = (breath.from.cycle_ms() + breath.to.cycle_ms())
        .div_ceil(2)
        .max(1);
    let mut count = ms / average;
    while count > 0 && total_ms(breath, count) > ms {
        count -= 1;
    }
    while total_ms(breath, count + 1) <= ms {
        count += 1;
    }
    count
}

/// One cue per phase for `count` breaths from `start_ms`. Each phase begins at the exact
/// sum of the phases before it, rounded down to the millisecond, so that rounding never
/// builds up: the breaths end exactly [`total_ms`] after they begin.
pub(super) fn cues(breath: &Breath, count: u64, start_ms: u64, segment: usize) -> Vec<Cue> {
    let pace = Pace::new(breath, count);
    let mut cues = Vec::new();
    let mut scaled_at = 0u128;
    let mut at_ms = start_ms;
    for index in 0..count {
        for (phase, kind) in PHASES.into_iter().enumerate() {
            let scaled = pace.scaled(index, phase);
            if scaled == 0 {
                continue;
            }
            scaled_at += scaled;
            let next_ms = start_ms + u64::try_from(scaled_at / pace.scale).unwrap_or(u64::MAX);
            cues.push(Cue {
                at_ms,
                segment,
                kind: CueKind::Breath {
                    phase: kind,
                    duration_ms: next_ms - at_ms,
                },
            });
            at_ms = next_ms;
        }
    }
    cues
}

/// The phases of `count` breaths as exact fractions of a millisecond: phase `p` of breath
/// `k` lasts `scaled(k, p) / scale` ms.
struct Pace {
    from: [u64; 4],
    to: [u64; 4],
    /// The breaths between the first and the last: every phase is a whole number of
    /// milliseconds in these units.
    scale: u128,
}

impl Pace {
    fn new(breath: &Breath, count: u64) -> Self {
        let changing = count > 1 && breath.from != breath.to;
        Self {
            from: breath.from.as_array(),
            to: breath.to.as_array(),
            scale: if changing { u128::from(count - 1) } else { 1 },
        }
    }

    /// Phase `phase` of breath `index`, times `scale`.
    fn scaled(&self, index: u64, phase: usize) -> u128 {
        let (from, to) = (i128::from(self.from[phase]), i128::from(self.to[phase]));
        let scale = i128::try_from(self.scale).unwrap_or(i128::MAX);
        let index = i128::from(index).min(scale);
        u128::try_from(from * scale + (to - from) * index).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lengthening() -> Breath {
        Breath {
            from: BreathPattern::from_array([4_000, 0, 6_000, 0]),
            to: BreathPattern::from_array([4_000, 0, 8_000, 0]),
        }
    }

    #[test]
    fn the_exhale_lengthens_evenly_from_first_breath_to_last() {
        let exhales: Vec<u64> = (0..5)
            .map(|i| nth(&lengthening(), i, 5).exhale_ms)
            .collect();
        assert_eq!(exhales, vec![6_000, 6_500, 7_000, 7_500, 8_000]);
        assert_eq!(total_ms(&lengthening(), 5), 5 * 4_000 + 35_000);
    }

    #[test]
    fn fitting_counts_whole_breaths() {
        let steady = Breath::steady(BreathPattern::from_array([4_000, 0, 6_000, 0]));
        assert_eq!(fitting(&steady, 59_999), (5, 50_000));
        assert_eq!(fitting(&steady, 60_000), (6, 60_000));
        assert_eq!(fitting(&lengthening(), 55_000), (5, 55_000));
        assert_eq!(
            fitting(&lengthening(), 54_999),
            (4, 4 * 4_000 + 6_000 + 6_667 + 7_333 + 8_000)
        );
        assert_eq!(fitting(&steady, 9_999), (0, 0));
    }

    #[test]
    fn rounding_never_builds_up_across_the_breaths() {
        // 12 breaths from 4-6 to 4-8: the exhale grows by 2/11 s a breath, and the 12 take
        // exactly 12 times the average 11 s.
        let cues = cues(&lengthening(), 12, 1_000, 0);
        let ends: Vec<u64> = cues
            .iter()
            .map(|c| match c.kind {
                CueKind::Breath { duration_ms, .. } => c.at_ms + duration_ms,
                _ => c.at_ms,
            })
            .collect();
        assert_eq!(ends.last(), Some(&(1_000 + 132_000)));
        assert_eq!(total_ms(&lengthening(), 12), 132_000);
        assert!(cues.windows(2).all(|w| match w[0].kind {
            CueKind::Breath { duration_ms, .. } => w[0].at_ms + duration_ms == w[1].at_ms,
            _ => false,
        }));
        // The second exhale is 6 2/11 s: it begins at 4 + 6 + 4 s and ends 6181 ms later.
        assert_eq!(cues[3].at_ms, 1_000 + 14_000);
        assert_eq!(
            cues[3].kind,
            CueKind::Breath {
                phase: BreathPhase::Exhale,
                duration_ms: 6_181
            }
        );
        assert_eq!(nth(&lengthening(), 1, 12).exhale_ms, 6_181);
    }

    #[test]
    fn a_cut_to_whole_breaths_ends_on_a_whole_second_where_it_can() {
        // From a 10 s breath to an 11 s one: three take 31.5 s, so two (21 s) are taken.
        let half = Breath {
            from: BreathPattern::from_array([4_000, 0, 6_000, 0]),
            to: BreathPattern::from_array([4_000, 0, 7_000, 0]),
        };
        assert_eq!(total_ms(&half, 3), 31_500);
        assert_eq!(fitting(&half, 32_000), (2, 21_000));
        assert_eq!(fitting(&half, 42_000), (4, 42_000));
        // A breath that never ends on a second is cut to the most that fit.
        let odd = Breath::steady(BreathPattern::from_array([4_300, 0, 6_000, 0]));
        assert_eq!(fitting(&odd, 35_000), (3, 30_900));
    }
}
