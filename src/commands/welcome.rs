//! What `psoas-timer` alone says: what to type first, the routines there are, and where
//! the help is.

use crate::error::{AppError, exit};
use crate::routine::library::{BUILTINS, LoadError};

/// The routine a new user is asked to begin with: the simplest, lying down.
const FIRST: &str = "constructive-rest";

/// Welcomes a new user.
pub(super) fn welcome() -> Result<i32, AppError> {
    say!("psoas-timer guides you through a practice session: lie down, and follow the steps.");
    say!("");
    say!("To begin, type:");
    say!("");
    say!("  psoas-timer {FIRST}");
    say!("");
    say!("The routines:");
    for builtin in BUILTINS {
        let routine = builtin.routine().map_err(LoadError::from)?;
        say!("  {}", super::list::row(&routine));
    }
    say!("");
    say!(
        "`psoas-timer list` lists them with your own; `psoas-timer --help` shows everything else."
    );
    Ok(exit::OK)
}
