//! Errors that end a command, and the exit code each one means.

use std::path::PathBuf;

use crate::options::settings_file::SettingsError;
use crate::plan::PlanError;
use crate::routine::library::LoadError;
use crate::sinks::history::HistoryError;
use crate::sinks::sound::sounds::SoundError;
use crate::untrusted::Untrusted;

/// Exit codes, as documented in the README.
pub(crate) mod exit {
    /// Done: the session ran, or the command did its work.
    pub(crate) const OK: i32 = 0;
    /// Something on this machine failed (a file could not be written, ...).
    pub(crate) const FAILURE: i32 = 1;
    /// The command line asked for something impossible (a bad flag, a length out of range),
    /// or the settings file has a mistake.
    pub(crate) const USAGE: i32 = 2;
    /// A routine file has errors.
    pub(crate) const INVALID_ROUTINE: i32 = 3;
    /// No routine by that name, or the file cannot be read.
    pub(crate) const NOT_FOUND: i32 = 4;
    /// Added to a signal's number when a signal ended the session (130 for Ctrl-C).
    pub(crate) const SIGNAL_BASE: i32 = 128;
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The routine could not be found, read, or understood.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Standard output could not be written.
    #[error("cannot write to standard output: {0}")]
    Output(std::io::Error),
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),
    /// The routine cannot be planned with the options given.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A file could not be opened or written.
    #[error("cannot write {}: {source}", Untrusted::path(.path))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The settings file cannot be read or has a mistake.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// The length the settings choose for a routine cannot be planned.
    #[error("{source}; that length comes from `length.{}` in {}, and `--for` chooses another", Untrusted::value(.routine), Untrusted::path(.path))]
    SettingsLength {
        routine: String,
        path: PathBuf,
        source: PlanError,
    },
    /// A sound file the routine names cannot be used.
    #[error(transparent)]
    Sound(#[from] SoundError),
    /// The terminal cannot be used for the full-screen display.
    #[error("cannot show the session full screen: {source}; try --ui plain")]
    Terminal { source: std::io::Error },
    /// The practice history cannot be read or added to.
    #[error(transparent)]
    History(#[from] HistoryError),
    /// No session in the history is of the routine asked for; `known` says which are.
    #[error("no session of `{}` is in the practice history{known}", Untrusted::value(.name))]
    NotInHistory { name: String, known: String },
    /// A file to be written is there already, and was not asked to be replaced.
    #[error("{} already exists; --force replaces it", Untrusted::path(.path))]
    Exists { path: PathBuf },
}

impl AppError {
    /// True when the reader of standard output went away, which is not worth a message.
    #[must_use]
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, Self::Output(error) if error.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The process exit code for this error.
    #[must_use]
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Load(LoadError::Invalid(_) | LoadError::TooLarge { .. }) => exit::INVALID_ROUTINE,
            Self::Load(LoadError::NotFound { .. } | LoadError::Unreadable { .. })
            | Self::Sound(SoundError::Unreadable { .. })
            | Self::NotInHistory { .. } => exit::NOT_FOUND,
            Self::Plan(_)
            | Self::Usage(_)
            | Self::Settings(_)
            | Self::SettingsLength { .. }
            | Self::Exists { .. } => exit::USAGE,
            Self::Output(_) if self.is_closed_pipe() => exit::OK,
            Self::Write { .. } | Self::Output(_) | Self::History(_) | Self::Terminal { .. } => {
                exit::FAILURE
            }
            Self::Sound(SoundError::Unplayable { .. } | SoundError::NoFolder) => {
                exit::INVALID_ROUTINE
            }
        }
    }
}
