//! Running the real binary the way a user would, with a folder and a home of its own, as a
//! specification in one chain:
//!
//! ```ignore
//! Test::new()
//!     .routine("short.toml", SHORT)
//!     .config("volume = 40")
//!     .args(["{dir}/short.toml", "--clock", "virtual"])
//!     .stdout_has("session complete")
//!     .run();
//! ```
//!
//! Every run checks its exit code (0 unless `.status` says otherwise) and the output asked
//! for. Paths of the test's folder and home come back as `[DIR]` and `[HOME]`, so output can
//! be compared and snapshotted on any machine.

use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::rc::Rc;

/// The repository root, where the fixtures and routines live.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file's path, relative to the repository root (as a user would type it there).
pub fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

/// Whether a test that needs `what` can run here. Where it cannot, it says so and the test
/// returns early; under CI (`CI=true`), which installs everything the tests need, it fails
/// instead, so no test is passed by being skipped.
pub fn can_run(available: bool, what: impl Display) -> bool {
    if available {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(
        !ci,
        "this test needs {what}, which CI should have installed"
    );
    eprintln!("skipped: this test needs {what}");
    false
}

/// The test's own folder, with the home inside it; removed when the last run is dropped.
struct Folder {
    /// The temporary folder itself.
    dir: tempfile::TempDir,
}

impl Folder {
    /// The home inside the folder, given to every run as `PSOAS_TIMER_HOME`.
    fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }
}

/// What a stream of output should be.
#[derive(Debug, Clone)]
enum Expect {
    /// The whole stream is this text.
    Exactly(String),
    /// The text is somewhere in the stream.
    Contains(String),
    /// The text is nowhere in the stream.
    Lacks(String),
}

/// One run of `psoas-timer`, as a chain of what it is given and what it should do.
#[must_use]
pub struct Test {
    /// The folder and home, shared with the runs before and after this one.
    folder: Rc<Folder>,
    /// The arguments, with `{dir}` and `{home}` already filled in.
    args: Vec<String>,
    /// Variables to set (`Some`) or remove (`None`), in order.
    env: Vec<(String, Option<String>)>,
    /// The exit code expected.
    status: i32,
    /// What standard output should be.
    stdout: Vec<Expect>,
    /// What standard error should be.
    stderr: Vec<Expect>,
}

impl Test {
    /// A run in the repository root, with an empty folder and home of its own.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir(dir.path().join("home")).expect("a home folder");
        Self::in_folder(Rc::new(Folder { dir }))
    }

    /// A run in a folder that an earlier run of the same test already has.
    fn in_folder(folder: Rc<Folder>) -> Self {
        Self {
            folder,
            args: Vec::new(),
            env: Vec::new(),
            status: 0,
            stdout: Vec::new(),
            stderr: Vec::new(),
        }
    }

    /// Writes a routine (or any text file) into the test's folder, as `{dir}/NAME`.
    pub fn routine(self, name: &str, text: &str) -> Self {
        self.file(name, text.as_bytes())
    }

    /// Writes a file into the test's folder, as `{dir}/NAME`.
    pub fn file(self, name: &str, bytes: &[u8]) -> Self {
        write(&self.dir().join(name), bytes);
        self
    }

    /// Writes the settings file.
    pub fn config(self, text: &str) -> Self {
        write(&self.home().join("config.toml"), text.as_bytes());
        self
    }

    /// Writes a file into the home (`history.jsonl`, `routines/x.toml`).
    pub fn home_file(self, name: &str, text: &str) -> Self {
        write(&self.home().join(name), text.as_bytes());
        self
    }

    /// The arguments; `{dir}` and `{home}` in them are the test's folder and home.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let (dir, home) = (self.dir(), self.home());
        self.args.extend(args.into_iter().map(|arg| {
            arg.as_ref()
                .replace("{dir}", &dir.to_string_lossy())
                .replace("{home}", &home.to_string_lossy())
        }));
        self
    }

    /// Sets an environment variable for the run.
    pub fn env(mut self, name: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        let value = value.as_ref().to_string_lossy().into_owned();
        self.env.push((name.to_owned(), Some(value)));
        self
    }

    /// Runs without this environment variable.
    pub fn env_remove(mut self, name: &str) -> Self {
        self.env.push((name.to_owned(), None));
        self
    }

    /// The exit code the run must end with (0 unless said).
    pub fn status(mut self, code: i32) -> Self {
        self.status = code;
        self
    }

    /// Standard output must be exactly this.
    pub fn stdout(mut self, text: &str) -> Self {
        self.stdout.push(Expect::Exactly(text.to_owned()));
        self
    }

    /// Standard output must contain this.
    pub fn stdout_has(mut self, text: &str) -> Self {
        self.stdout.push(Expect::Contains(text.to_owned()));
        self
    }

    /// Standard error must be exactly this.
    pub fn stderr(mut self, text: &str) -> Self {
        self.stderr.push(Expect::Exactly(text.to_owned()));
        self
    }

    /// Standard error must contain this.
    pub fn stderr_has(mut self, text: &str) -> Self {
        self.stderr.push(Expect::Contains(text.to_owned()));
        self
    }

    /// Standard error must not contain this.
    pub fn stderr_lacks(mut self, text: &str) -> Self {
        self.stderr.push(Expect::Lacks(text.to_owned()));
        self
    }

    /// The test's own folder.
    pub fn dir(&self) -> PathBuf {
        self.folder.dir.path().to_owned()
    }

    /// The home the run uses (`PSOAS_TIMER_HOME`).
    pub fn home(&self) -> PathBuf {
        self.folder.home()
    }

    /// The command as it would run, for tests that drive it themselves (signals, timing).
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_psoas-timer"));
        command
            .args(&self.args)
            .current_dir(root())
            .env("PSOAS_TIMER_HOME", self.home())
            .env("TERM", "dumb");
        for name in ISOLATED {
            command.env_remove(name);
        }
        command.env(SPEECH_ENGINE.0, SPEECH_ENGINE.1);
        for (name, value) in &self.env {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        command
    }

    /// The command as it would run in a pseudo-terminal, for tests of the full-screen
    /// display: the same arguments, folder, home and variables, with a terminal's `TERM`.
    #[cfg(unix)]
    pub fn pty_command(&self) -> portable_pty::CommandBuilder {
        let mut command = portable_pty::CommandBuilder::new(env!("CARGO_BIN_EXE_psoas-timer"));
        command.args(&self.args);
        command.cwd(root());
        command.env("PSOAS_TIMER_HOME", self.home());
        command.env("TERM", "xterm-256color");
        for name in ISOLATED {
            command.env_remove(name);
        }
        command.env(SPEECH_ENGINE.0, SPEECH_ENGINE.1);
        for (name, value) in &self.env {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            }
        }
        command
    }

    /// Runs to the end, checks the exit code and the output, and returns what it printed.
    #[track_caller]
    pub fn run(self) -> Output {
        let mut command = self.command();
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let output = command.output().expect("the binary runs");
        let output = Output {
            code: output.status.code().unwrap_or(-1),
            stdout: self.normalize(&output.stdout),
            stderr: self.normalize(&output.stderr),
            folder: Rc::clone(&self.folder),
        };
        let args = self.args.join(" ");
        assert_eq!(
            output.code, self.status,
            "exit code of `psoas-timer {args}`\n--- stdout\n{}--- stderr\n{}",
            output.stdout, output.stderr
        );
        check("standard output", &args, &output.stdout, &self.stdout);
        check("standard error", &args, &output.stderr, &self.stderr);
        output
    }

    /// Output as text, with the test's home and folder written `[HOME]` and `[DIR]`.
    fn normalize(&self, bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes)
            .replace(&*self.home().to_string_lossy(), "[HOME]")
            .replace(&*self.dir().to_string_lossy(), "[DIR]")
    }
}

/// The speech engine a test speaks with unless it says otherwise: the quick one, whatever
/// else is installed (a test of Piper asks for it).
pub const SPEECH_ENGINE: (&str, &str) = ("PSOAS_TIMER_SPEECH_ENGINE", "espeak-ng");

/// Variables of the person running the tests that would change what a run does.
const ISOLATED: [&str; 5] = [
    "COLUMNS",
    "NO_COLOR",
    "PSOAS_TIMER_AUDIO_DEVICE",
    "PSOAS_TIMER_SPEECH_COMMAND",
    "COLORTERM",
];

/// Checks one stream of output against everything expected of it.
#[track_caller]
fn check(stream: &str, args: &str, text: &str, expected: &[Expect]) {
    for expect in expected {
        match expect {
            Expect::Exactly(want) => assert_eq!(text, want, "{stream} of `psoas-timer {args}`"),
            Expect::Contains(want) => assert!(
                text.contains(want.as_str()),
                "{stream} of `psoas-timer {args}` lacks {want:?}:\n{text}"
            ),
            Expect::Lacks(unwanted) => assert!(
                !text.contains(unwanted.as_str()),
                "{stream} of `psoas-timer {args}` has {unwanted:?}:\n{text}"
            ),
        }
    }
}

/// Writes a file, with the folders it goes in.
fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("a folder for the file");
    }
    std::fs::write(path, bytes).expect("the file is written");
}

/// Reads a text file, naming it if it cannot be read.
#[track_caller]
fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What a run printed and how it exited, with its folder kept for the runs after it.
#[derive(Clone)]
pub struct Output {
    /// The exit code.
    pub code: i32,
    /// Standard output, with `[DIR]` and `[HOME]` for the test's paths.
    pub stdout: String,
    /// Standard error, likewise.
    pub stderr: String,
    folder: Rc<Folder>,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Output {
    /// The next run in the same folder and home, as the same user would run it next.
    pub fn then(&self) -> Test {
        Test::in_folder(Rc::clone(&self.folder))
    }

    /// The test's own folder.
    pub fn dir(&self) -> PathBuf {
        self.folder.dir.path().to_owned()
    }

    /// The home the run used.
    pub fn home(&self) -> PathBuf {
        self.folder.home()
    }

    /// The text of a file in the test's folder, such as an event log a run wrote there.
    #[track_caller]
    pub fn file(&self, name: &str) -> String {
        read(&self.dir().join(name))
    }

    /// The text of a file in the home, such as `history.jsonl` or `routines/x.toml`.
    #[track_caller]
    pub fn home_file(&self, name: &str) -> String {
        read(&self.home().join(name))
    }

    /// The exit code and both streams, for a snapshot.
    pub fn snapshot(&self) -> String {
        format!(
            "exit code: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// Standard output read as an event log, one JSON object per line.
    pub fn events(&self) -> Vec<serde_json::Value> {
        events(&self.stdout)
    }
}

/// The lines of an event log, as JSON.
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

/// Every event of a run on the virtual clock came exactly when the plan said: its clock
/// time is its place in the timeline plus the time spent waiting until ready so far (a
/// built-in's first step waits, on the virtual clock for its longest wait).
pub fn assert_on_time(log: &str) {
    let mut waited_ms = 0;
    for event in events(log) {
        if event["event"] == "ready" {
            waited_ms += field(&event, "waited_ms");
        }
        assert_eq!(
            field(&event, "planned_ms") + waited_ms,
            field(&event, "actual_ms"),
            "{event}"
        );
        assert_eq!(field(&event, "late_us"), 0, "{event}");
    }
}

/// The value and origin of one row of `settings` (`  volume        70%   default`): the
/// columns after the name are set apart by two spaces or more, and may hold single spaces
/// themselves (`plain lines`, `settings file`).
#[track_caller]
pub fn settings_row<'a>(shown: &'a str, name: &str) -> (&'a str, &'a str) {
    let rest = shown
        .lines()
        .find_map(|line| {
            line.strip_prefix("  ")?
                .strip_prefix(name)?
                .strip_prefix("  ")
        })
        .unwrap_or_else(|| panic!("no {name} row in:\n{shown}"));
    let mut columns = rest.split("  ").map(str::trim).filter(|c| !c.is_empty());
    match (columns.next(), columns.next(), columns.next()) {
        (Some(value), Some(origin), None) => (value, origin),
        _ => panic!("the {name} row is not a value and an origin: {rest:?}"),
    }
}

/// Writes mono samples (from -1 to 1) as a 16-bit WAV file at `rate` frames a second.
pub fn write_wav(path: &Path, rate: u32, samples: impl IntoIterator<Item = f64>) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(path, spec).expect("a WAV file");
    for sample in samples {
        let value = (sample.clamp(-1.0, 1.0) * 32_767.0) as i16;
        writer.write_sample(value).expect("a sample written");
    }
    writer.finalize().expect("the WAV file finished");
}

/// Lets a stand-in program the test wrote be run.
pub fn make_executable(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
            .expect("the program made executable");
    }
    #[cfg(not(unix))]
    let _ = path;
}
