//! Running the real binary the way a user would, with a home of its own.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root, where the fixtures and routines live.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file's path, relative to the repository root (as a user would type it).
pub fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

/// One run of `psoas-timer`.
pub struct Run {
    args: Vec<String>,
    home: tempfile::TempDir,
}

/// What a run printed and how it exited.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// A run with these arguments, in the repository root, with an empty home folder.
    pub fn new<I, S>(args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Self {
            args: args.into_iter().map(|a| a.as_ref().to_owned()).collect(),
            home: tempfile::tempdir().expect("a temporary home"),
        }
    }

    /// The home folder the run uses (`PSOAS_TIMER_HOME`).
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Runs to the end and collects the output.
    pub fn output(&self) -> Output {
        let output = self.command().output().expect("the binary runs");
        Output {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs other arguments in the same home, as the same user would next.
    pub fn again<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut command = self.bare_command();
        command.args(args.into_iter().map(|a| a.as_ref().to_owned()));
        let output = command.output().expect("the binary runs");
        Output {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The command with this run's arguments, ready to spawn.
    pub fn command(&self) -> Command {
        let mut command = self.bare_command();
        command.args(&self.args);
        command
    }

    fn bare_command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_psoas-timer"));
        command
            .current_dir(root())
            .env("PSOAS_TIMER_HOME", self.home.path())
            .env_remove("NO_COLOR")
            .env("TERM", "dumb");
        command
    }
}

/// One line of an event log, as JSON.
pub fn events(log: &str) -> Vec<serde_json::Value> {
    log.lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

/// A numeric field of an event.
pub fn field(event: &serde_json::Value, name: &str) -> u64 {
    event[name]
        .as_u64()
        .unwrap_or_else(|| panic!("{name} in {event}"))
}
