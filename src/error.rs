//! Errors that end a command, and the exit code each one means.

use std::path::PathBuf;

use crate::audio::sounds::SoundError;
use crate::plan::PlanError;
use crate::routine::library::LoadError;

/// Exit codes, as documented in the README.
pub mod exit {
    /// Done: the session ran, or the command did its work.
    pub const OK: i32 = 0;
    /// Something on this machine failed (a file could not be written, ...).
    pub const FAILURE: i32 = 1;
    /// The command line asked for something impossible (a bad flag, a length out of range).
    pub const USAGE: i32 = 2;
    /// A routine file has errors.
    pub const INVALID_ROUTINE: i32 = 3;
    /// No routine by that name, or the file cannot be read.
    pub const NOT_FOUND: i32 = 4;
    /// Added to a signal's number when a signal ended the session (130 for Ctrl-C).
    pub const SIGNAL_BASE: i32 = 128;
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The routine could not be found, read, or understood.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The routine cannot be planned with the options given.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A file could not be opened or written.
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A sound file the routine names cannot be used.
    #[error(transparent)]
    Sound(#[from] SoundError),
    /// Some of the files given to `check` have problems (already reported).
    #[error("{failed} of {checked} routine files have problems")]
    CheckFailed {
        failed: usize,
        checked: usize,
        worst: i32,
    },
}

impl AppError {
    /// The process exit code for this error.
    #[must_use]
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Load(LoadError::Invalid(_) | LoadError::TooLarge { .. }) => exit::INVALID_ROUTINE,
            Self::Load(LoadError::NotFound { .. } | LoadError::Unreadable { .. }) => {
                exit::NOT_FOUND
            }
            Self::Plan(_) => exit::USAGE,
            Self::Write { .. } => exit::FAILURE,
            Self::CheckFailed { worst, .. } => *worst,
            Self::Sound(SoundError::Unreadable { .. }) => exit::NOT_FOUND,
            Self::Sound(SoundError::Undecodable { .. } | SoundError::NoFolder) => {
                exit::INVALID_ROUTINE
            }
        }
    }
}
