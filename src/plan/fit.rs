//! Whether a routine's steps fit a session length: the one question routine validation
//! asks of the planner, so that checking a file needs nothing else of how planning works.

use super::{PlanError, PlanOptions, plan};
use crate::routine::Routine;

/// Why a routine cannot be planned at a length, in the terms a teacher fixes it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Misfit {
    /// The set steps and the flexible steps' least times take longer than the session.
    TooShort(String),
    /// Even with every flexible step at its longest, the session is not filled.
    CannotFill(String),
    /// The steps add up to more than a day.
    OverADay(String),
    /// Anything else, said in the planner's words.
    Other(String),
}

impl Misfit {
    /// What is wrong, in words.
    #[must_use]
    pub fn message(&self) -> &str {
        match self {
            Self::TooShort(message)
            | Self::CannotFill(message)
            | Self::OverADay(message)
            | Self::Other(message) => message,
        }
    }
}

/// Plans `routine` at `length_ms` (its own length when `None`) and says why it does not fit,
/// if it does not.
pub fn fits(routine: &Routine, length_ms: Option<u64>) -> Result<(), Misfit> {
    let options = PlanOptions {
        length_ms,
        breath: None,
    };
    match plan(routine, options) {
        Ok(_) => Ok(()),
        Err(error @ PlanError::DoesNotFit { .. }) => Err(Misfit::TooShort(error.to_string())),
        Err(error @ PlanError::CannotFill { .. }) => Err(Misfit::CannotFill(error.to_string())),
        Err(PlanError::TooLong { total_ms, .. }) => Err(Misfit::OverADay(format!(
            "the steps add up to {}, longer than 24 hours",
            crate::duration::format_ms(total_ms)
        ))),
        Err(error) => Err(Misfit::Other(error.to_string())),
    }
}
