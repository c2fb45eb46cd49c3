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
/// length to the last's, rounded down to the millisecond.
#[must_use]
pub fn nth(breath: &Breath, index: u64, count: u64) -> BreathPattern {
    if count <= 1 || breath.from == breath.to {
        return breath.from;
    }
    let step = |(from, to): (u64, u64)| {
        let (from, to) = (i128::from(from), i128::from(to));
        let moved = (to - from) * i128::from(index) / i128::from(count - 1);
        u64::try_from(from + moved).unwrap_or(0)
    };
    let from = breath.from.as_array();
    let to = breath.to.as_array();
    BreathPattern::from_array([0, 1, 2, 3].map(|i| step((from[i], to[i]))))
}

/// The length of `count` breaths.
#[must_use]
pub(super) fn total_ms(breath: &Breath, count: u64) -> u64 {
    if breath.from == breath.to {
        return breath.from.cycle_ms() * count;
    }
    (0..count).map(|i| nth(breath, i, count).cycle_ms()).sum()
}

/// The most whole breaths that fit in `ms`, and how long they take.
#[must_use]
pub(super) fn fitting(breath: &Breath, ms: u64) -> (u64, u64) {
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
    (count, total_ms(breath, count))
}

/// One cue per phase for `count` breaths from `start_ms`.
pub(super) fn cues(breath: &Breath, count: u64, start_ms: u64, segment: usize) -> Vec<Cue> {
    let mut cues = Vec::new();
    let mut at_ms = start_ms;
    for index in 0..count {
        for (phase, duration_ms) in phases(&nth(breath, index, count)) {
            cues.push(Cue {
                at_ms,
                segment,
                kind: CueKind::Breath { phase, duration_ms },
            });
            at_ms += duration_ms;
        }
    }
    cues
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
            (4, 4 * 4_000 + 6_000 + 6_666 + 7_333 + 8_000)
        );
        assert_eq!(fitting(&steady, 9_999), (0, 0));
    }
}
