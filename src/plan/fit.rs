//! Whether a routine's steps fit a session length: the one question routine validation
//! asks of the planner, so that checking a file needs nothing else of how planning works.

use super::{PlanError, PlanOptions, plan};
use crate::routine::Routine;

/// Why a routine cannot be planned at a length: what kind of misfit, and in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// What a teacher would change.
    pub kind: MisfitKind,
    /// What is wrong, in words.
    pub message: String,
}

/// The kinds of misfit, in the terms a teacher fixes them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MisfitKind {
    /// The set steps and the flexible steps' least times take longer than the session.
    TooShort,
    /// Even with every flexible step at its longest, the session is not filled.
    CannotFill,
    /// The steps add up to more than a day.
    OverADay,
    /// The session would have too many cues, most of them in routine step `step`.
    TooManyCues { step: usize },
    /// Anything else, said in the planner's words.
    Other,
}

/// Plans `routine` at `length_ms` (its own length when `None`) and says why it does not fit,
/// if it does not.
pub fn fits(routine: &Routine, length_ms: Option<u64>) -> Result<(), Misfit> {
    let options = PlanOptions {
        length_ms,
        breath: None,
    };
    let Err(error) = plan(routine, options) else {
        return Ok(());
    };
    let (kind, message) = match error {
        PlanError::DoesNotFit { .. } => (MisfitKind::TooShort, error.to_string()),
        PlanError::CannotFill { .. } => (MisfitKind::CannotFill, error.to_string()),
        PlanError::TooManyCues { step, .. } => {
            (MisfitKind::TooManyCues { step }, error.to_string())
        }
        PlanError::TooLong { total_ms, .. } => (
            MisfitKind::OverADay,
            format!(
                "the steps add up to {}, longer than 24 hours",
                crate::duration::format_at_least(total_ms)
            ),
        ),
        other => (MisfitKind::Other, other.to_string()),
    };
    Err(Misfit { kind, message })
}
