//! Breath pacing: the phases of a paced breath laid out as cues, whole breaths only.

use serde::Serialize;

use super::{Cue, CueKind, Segment};
use crate::routine::BreathPattern;

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

/// The phases of one breath in order, leaving out holds of zero length.
#[must_use]
pub fn phases(pattern: &BreathPattern) -> Vec<(BreathPhase, u64)> {
    [
        (BreathPhase::Inhale, pattern.inhale_ms),
        (BreathPhase::Hold, pattern.hold_ms),
        (BreathPhase::Exhale, pattern.exhale_ms),
        (BreathPhase::HoldAfterExhale, pattern.hold_after_exhale_ms),
    ]
    .into_iter()
    .filter(|&(_, ms)| ms > 0)
    .collect()
}

/// One cue per phase for as many whole breaths as fit in the segment; what is left over at
/// the end is unpaced, so no breath is ever cut short.
pub(super) fn cues(pattern: &BreathPattern, segment: &Segment, segment_index: usize) -> Vec<Cue> {
    let cycle_ms = pattern.cycle_ms();
    let breaths = segment.len_ms() / cycle_ms;
    let phases = phases(pattern);
    let mut cues = Vec::with_capacity(breaths as usize * phases.len());
    for breath in 0..breaths {
        let mut at_ms = segment.start_ms + breath * cycle_ms;
        for &(phase, duration_ms) in &phases {
            cues.push(Cue {
                at_ms,
                segment: segment_index,
                kind: CueKind::Breath { phase, duration_ms },
            });
            at_ms += duration_ms;
        }
    }
    cues
}
