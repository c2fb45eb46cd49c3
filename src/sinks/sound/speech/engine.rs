//! The speech engines psoas-timer can speak with, behind one small trait: a [`Speaker`]
//! says one sentence into WAV bytes. A [`Voice`] is an engine found on this machine, with
//! the voice, pace and pitch to ask of it; opening it gives a speaker.
//!
//! - Piper, the offline neural voice: one process for the whole session, fed a line at a
//!   time ([`super::piper`]).
//! - eSpeak NG, `say` on macOS and a program of the user's: one short process a sentence.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::piper::PiperProcess;
use super::program::Program;
use super::scratch::ScratchFolder;
use crate::plan::speech::sentence_ms;

/// The environment variable that names another speech program.
pub const COMMAND_VARIABLE: &str = "PSOAS_TIMER_SPEECH_COMMAND";

/// The calm pace asked of every engine unless the practitioner chooses another, in words
/// a minute of speech (the pauses between sentences are added to it): the pace the
/// planner counts on.
pub const DEFAULT_RATE: u32 = crate::plan::speech::WORDS_PER_MINUTE as u32;
/// The paces a practitioner may choose, in words a minute.
pub const RATES: std::ops::RangeInclusive<u32> = 80..=220;
/// The pitches a practitioner may choose, on eSpeak NG's scale (its own is 50).
pub const PITCHES: std::ops::RangeInclusive<u8> = 0..=99;

/// A kind of speech engine, in the order they are tried when none is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EngineKind {
    /// Piper, the offline neural voice.
    Piper,
    /// eSpeak NG.
    EspeakNg,
    /// macOS's own voice.
    Say,
    /// A program of the user's, named by [`COMMAND_VARIABLE`].
    Command,
}

impl EngineKind {
    /// Every kind, in the order they are tried.
    pub const ALL: [Self; 4] = [Self::Piper, Self::EspeakNg, Self::Say, Self::Command];

    /// The name settings, flags and `voices` use.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Piper => "piper",
            Self::EspeakNg => "espeak-ng",
            Self::Say => "say",
            Self::Command => "command",
        }
    }

    /// The kind with this name (`espeak` is taken for `espeak-ng`).
    #[must_use]
    pub fn named(name: &str) -> Option<Self> {
        let name = name.trim().to_ascii_lowercase();
        if name == "espeak" {
            return Some(Self::EspeakNg);
        }
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

impl fmt::Display for EngineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A speech engine on this machine, with the voice it speaks in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// Piper and its voice model (an `.onnx` file, its `.onnx.json` beside it).
    Piper { program: PathBuf, model: PathBuf },
    /// eSpeak NG, in its voice or language (`en-gb`, `de`), or its default.
    EspeakNg {
        program: PathBuf,
        voice: Option<String>,
    },
    /// macOS `say`, in one of its voices, or the system's.
    Say {
        program: PathBuf,
        voice: Option<String>,
    },
    /// A program of the user's: `PROGRAM OUT.wav`, the text on its input.
    Command { program: PathBuf },
}

impl Engine {
    /// Which kind of engine this is.
    #[must_use]
    pub fn kind(&self) -> EngineKind {
        match self {
            Self::Piper { .. } => EngineKind::Piper,
            Self::EspeakNg { .. } => EngineKind::EspeakNg,
            Self::Say { .. } => EngineKind::Say,
            Self::Command { .. } => EngineKind::Command,
        }
    }

    /// The program that speaks.
    #[must_use]
    pub fn program(&self) -> &Path {
        match self {
            Self::Piper { program, .. }
            | Self::EspeakNg { program, .. }
            | Self::Say { program, .. }
            | Self::Command { program } => program,
        }
    }

    /// The voice it speaks in, for people: a Piper model's name, an eSpeak NG voice.
    #[must_use]
    pub fn voice_name(&self) -> String {
        match self {
            Self::Piper { model, .. } => model_name(model),
            Self::EspeakNg { voice, .. } | Self::Say { voice, .. } => voice
                .clone()
                .unwrap_or_else(|| "its default voice".to_owned()),
            Self::Command { .. } => "its own voice".to_owned(),
        }
    }
}

/// A Piper model's name: its file name without `.onnx`.
#[must_use]
pub fn model_name(model: &Path) -> String {
    let name = model
        .file_name()
        .unwrap_or(model.as_os_str())
        .to_string_lossy();
    name.trim_end_matches(".onnx").to_owned()
}

/// An engine, and how it is asked to speak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voice {
    /// The engine and its voice.
    pub engine: Engine,
    /// The pace, in words a minute of speech.
    pub rate: u32,
    /// The pitch, on eSpeak NG's scale; `None` is the engine's own. Only eSpeak NG can
    /// change it.
    pub pitch: Option<u8>,
}

impl Voice {
    /// `engine` at the calm default pace and its own pitch.
    #[must_use]
    pub fn new(engine: Engine) -> Self {
        Self {
            engine,
            rate: DEFAULT_RATE,
            pitch: None,
        }
    }

    /// Everything that changes the sound of a sentence, for the cache: two voices with the
    /// same description say a sentence the same way.
    #[must_use]
    pub fn description(&self) -> String {
        let engine = &self.engine;
        let voice = match engine {
            Engine::Piper { model, .. } => model.display().to_string(),
            Engine::EspeakNg { voice, .. } | Engine::Say { voice, .. } => {
                voice.clone().unwrap_or_default()
            }
            Engine::Command { program } => program.display().to_string(),
        };
        let pitch = self.pitch.map(|p| p.to_string()).unwrap_or_default();
        format!(
            "{} voice={voice} rate={} pitch={pitch}",
            engine.kind(),
            self.rate
        )
    }

    /// The voice in a few words, for people: "piper (en_US-joe-medium), 135 words a
    /// minute".
    #[must_use]
    pub fn summary(&self) -> String {
        let pitch = self
            .pitch
            .map(|p| format!(", pitch {p}"))
            .unwrap_or_default();
        format!(
            "{} ({}), {} words a minute{pitch}",
            self.engine.kind(),
            self.engine.voice_name(),
            self.rate
        )
    }

    /// A speaker in this voice, its programs' files in the speech cache `cache` (or in the
    /// temporary folder without one). Nothing runs until the first sentence.
    #[must_use]
    pub fn open(&self, cache: Option<&Path>) -> Box<dyn Speaker> {
        let cache = cache.map(Path::to_owned);
        match &self.engine {
            Engine::Piper { program, model } => Box::new(PiperProcess::new(
                program.clone(),
                model.clone(),
                piper_length_scale(self.rate),
                cache,
            )),
            _ => Box::new(OneShot {
                voice: self.clone(),
                cache,
            }),
        }
    }

    /// The command that says one sentence into `out`, its text on the input.
    fn one_shot(&self, out: &Path) -> Command {
        let mut command = Command::new(self.engine.program());
        match &self.engine {
            Engine::EspeakNg { voice, .. } => {
                command.arg("-s").arg(espeak_rate(self.rate).to_string());
                if let Some(pitch) = self.pitch {
                    command.arg("-p").arg(pitch.to_string());
                }
                if let Some(voice) = voice {
                    command.arg("-v").arg(voice);
                }
                command.arg("-w").arg(out).arg("--stdin");
            }
            Engine::Say { voice, .. } => {
                command.arg("-r").arg(self.rate.to_string());
                if let Some(voice) = voice {
                    command.arg("-v").arg(voice);
                }
                command.arg("-o").arg(out).args([
                    "--file-format=WAVE",
                    "--data-format=LEI16@22050",
                    "-f",
                    "-",
                ]);
            }
            Engine::Command { .. } | Engine::Piper { .. } => {
                // A program of the user's is told the pace and pitch, to use if it can.
                // (Piper never comes here: it is one process for the session, `open`.)
                command.env("PSOAS_TIMER_SPEECH_RATE", self.rate.to_string());
                if let Some(pitch) = self.pitch {
                    command.env("PSOAS_TIMER_SPEECH_PITCH", pitch.to_string());
                }
                command.arg(out);
            }
        }
        command
    }
}

/// eSpeak NG's `-s` for a pace in words a minute of speech: measured, `-s 105` speaks at
/// 147 words a minute and `-s 175` at 250 (sentences trimmed of their silence).
fn espeak_rate(words_a_minute: u32) -> u32 {
    (words_a_minute * 105).div_ceil(147)
}

/// Piper's `--length-scale` for a pace in words a minute: its voices speak fast at 1.0
/// (the `joe` voice 255 words a minute, measured), and the pace falls as the scale to the
/// power 0.77 (measured at 1.0, 1.5 and 2.0).
fn piper_length_scale(words_a_minute: u32) -> f64 {
    const NATURAL_WORDS_A_MINUTE: f64 = 255.0;
    const EXPONENT: f64 = 0.77;
    (NATURAL_WORDS_A_MINUTE / f64::from(words_a_minute.max(1))).powf(1.0 / EXPONENT)
}

/// However short a sentence, a speech program has this long to say it: time to start, and
/// to load its voice, on a slow machine (eSpeak NG takes a twentieth of a second here).
const SENTENCE_TIME: Duration = Duration::from_secs(10);
/// And more, this many times as long as the sentence takes to hear at the planned pace: a
/// voice made as slowly as it is heard, at the slowest pace a practitioner may choose, has
/// time to spare.
const TIMES_ITS_LENGTH: u32 = 3;

/// The longest a speech program may take over `sentence` before it is stopped.
pub(super) fn sentence_limit(sentence: &str) -> Duration {
    SENTENCE_TIME + Duration::from_millis(sentence_ms(sentence)) * TIMES_ITS_LENGTH
}

/// Says sentences, one at a time, into WAV bytes.
pub trait Speaker: Send {
    /// Says one sentence (no line breaks) into the bytes of a WAV file.
    fn say(&mut self, sentence: &str) -> Result<Vec<u8>, SpeechError>;
}

/// Why something could not be said.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpeechError {
    /// The program could not be run or failed.
    #[error("the speech program {} failed: {reason}", .program.display())]
    Failed { program: PathBuf, reason: String },
    /// Its output could not be used.
    #[error("the speech program's sound could not be read: {0}")]
    Output(String),
    /// psoas-timer is ending, and its speech programs with it.
    #[error("speech was stopped, as psoas-timer is ending")]
    Ended,
}

impl SpeechError {
    pub(super) fn failed(program: &Path, reason: impl fmt::Display) -> Self {
        Self::Failed {
            program: program.to_owned(),
            reason: reason.to_string(),
        }
    }
}

/// An engine run once for each sentence, writing a WAV file.
struct OneShot {
    voice: Voice,
    /// The speech cache, whose scratch folder the files are written in.
    cache: Option<PathBuf>,
}

impl Speaker for OneShot {
    fn say(&mut self, sentence: &str) -> Result<Vec<u8>, SpeechError> {
        let program = self.voice.engine.program();
        let folder = ScratchFolder::new(self.cache.as_deref())
            .map_err(|e| SpeechError::failed(program, e))?;
        let out = folder.path().join("speech.wav");
        let mut command = self.voice.one_shot(&out);
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let input = Some(sentence.as_bytes().to_vec());
        let unfinished = |why: super::program::Unfinished| why.speech_error(program);
        let (mut running, _) = Program::start(&mut command, input).map_err(unfinished)?;
        let status = running
            .wait_within(sentence_limit(sentence))
            .map_err(unfinished)?;
        if !status.success() {
            return Err(SpeechError::failed(program, status));
        }
        std::fs::read(&out).map_err(|e| SpeechError::Output(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engines_are_named_as_settings_name_them() {
        for kind in EngineKind::ALL {
            assert_eq!(EngineKind::named(kind.name()), Some(kind));
        }
        assert_eq!(EngineKind::named(" eSpeak "), Some(EngineKind::EspeakNg));
        assert_eq!(EngineKind::named("festival"), None);
    }

    #[test]
    fn the_pace_asked_follows_the_measured_rates() {
        assert_eq!(espeak_rate(147), 105);
        assert_eq!(espeak_rate(DEFAULT_RATE), 97);
        assert!((piper_length_scale(255) - 1.0).abs() < 1e-9);
        let scale = piper_length_scale(149);
        assert!((1.95..2.05).contains(&scale), "{scale}");
    }

    #[test]
    fn a_voice_is_described_by_all_that_changes_its_sound() {
        let engine = Engine::EspeakNg {
            program: "/usr/bin/espeak-ng".into(),
            voice: Some("en-gb".into()),
        };
        let calm = Voice::new(engine.clone());
        let slower = Voice {
            rate: 110,
            ..calm.clone()
        };
        let lower = Voice {
            pitch: Some(40),
            ..calm.clone()
        };
        let other = Voice::new(Engine::EspeakNg {
            program: "/usr/local/bin/espeak-ng".into(),
            voice: Some("en-gb".into()),
        });
        assert_ne!(calm.description(), slower.description());
        assert_ne!(calm.description(), lower.description());
        // The same engine installed elsewhere says a sentence the same way.
        assert_eq!(calm.description(), other.description());
    }

    #[test]
    fn a_longer_sentence_is_given_longer() {
        // 45 words take 20 s to hear at the planned pace.
        let long = sentence_limit(&"word ".repeat(45));
        assert_eq!(
            long,
            SENTENCE_TIME + Duration::from_secs(20) * TIMES_ITS_LENGTH
        );
        let short = sentence_limit("Rest.");
        assert!(SENTENCE_TIME < short && short < long, "{short:?}");
    }

    #[test]
    fn a_failing_program_is_named() {
        let voice = Voice::new(Engine::Command {
            program: PathBuf::from("/nonexistent/speaker"),
        });
        let error = voice.open(None).say("hello").unwrap_err().to_string();
        assert!(error.contains("/nonexistent/speaker"), "{error}");
    }
}
