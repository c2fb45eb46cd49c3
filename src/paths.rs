//! Where psoas-timer keeps the files a user owns: settings, their own routines, history.
//!
//! The usual per-user locations (XDG on Linux), or all under one folder when
//! `PSOAS_TIMER_HOME` is set, for tests and for a portable setup on a stick.

use std::path::PathBuf;

/// The environment variable that moves every file under one folder.
pub(crate) const HOME_VARIABLE: &str = "PSOAS_TIMER_HOME";

/// The locations of the user's files. None of them needs to exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The settings file.
    pub config_file: PathBuf,
    /// The folder of the user's own routines, searched before the built-ins.
    pub routines_dir: PathBuf,
    /// The practice history, one JSON object per line.
    pub history_file: PathBuf,
    /// Files kept only to save work (spoken sentences), which may be deleted at any time.
    pub cache_dir: PathBuf,
}

impl Paths {
    /// All files under one folder.
    #[must_use]
    pub fn under(home: &std::path::Path) -> Self {
        Self {
            config_file: home.join("config.toml"),
            routines_dir: home.join("routines"),
            history_file: home.join("history.jsonl"),
            cache_dir: home.join("cache"),
        }
    }

    /// The locations for this user: `PSOAS_TIMER_HOME` if set, else the platform's own
    /// (on Linux `~/.config/psoas-timer/`, `~/.local/share/psoas-timer/` and
    /// `~/.cache/psoas-timer/`). `None` when there is no home folder to put them in.
    #[must_use]
    pub fn for_user() -> Option<Self> {
        if let Some(home) = std::env::var_os(HOME_VARIABLE).filter(|h| !h.is_empty()) {
            return Some(Self::under(std::path::Path::new(&home)));
        }
        let dirs = directories::ProjectDirs::from("", "", "psoas-timer")?;
        Some(Self {
            config_file: dirs.config_dir().join("config.toml"),
            routines_dir: dirs.config_dir().join("routines"),
            history_file: dirs.data_dir().join("history.jsonl"),
            cache_dir: dirs.cache_dir().to_path_buf(),
        })
    }
}
