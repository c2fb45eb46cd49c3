//! Spoken cues: a text-to-speech program writes a WAV file, which is decoded into a clip
//! and mixed in like any other sound. espeak-ng on Linux, `say` on macOS, or any program
//! named by `PSOAS_TIMER_SPEECH_COMMAND` (run as `PROGRAM OUT.wav`, the text on its input).
//!
//! A text is said one sentence at a time, at a calm pace, the silence around each sentence
//! trimmed and a set pause put between them: the pace the planner counts on
//! ([`crate::plan::speech`]), and sentence ends where words may stop without being cut.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use std::sync::mpsc::{Receiver, Sender};

use super::frames_of_ms;
use super::player::{Message, Notify};
use super::sounds::load_file;
use super::voice::{Clip, Spoken};
use crate::plan::speech::{SENTENCE_PAUSE_MS, sentences};

/// The rate asked of espeak-ng for the planned pace of [`crate::plan::speech::WORDS_PER_MINUTE`]: its rate
/// runs fast (`-s 135` measures 171 words a minute on a two-sentence text, `-s 105`
/// measures 130, its own pauses included).
const ESPEAK_RATE: u32 = 105;

/// The environment variable that names another speech program.
pub const COMMAND_VARIABLE: &str = "PSOAS_TIMER_SPEECH_COMMAND";

/// A speech program and how it is asked to write a WAV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// eSpeak NG: `espeak-ng -w OUT.wav --stdin`.
    EspeakNg(PathBuf),
    /// macOS: `say -o OUT.wav --file-format=WAVE --data-format=LEI16@22050 -f -`.
    Say(PathBuf),
    /// A program of the user's: `PROGRAM OUT.wav`, the text on its input.
    Custom(PathBuf),
}

/// Why something could not be said.
#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    /// The program could not be run or failed.
    #[error("the speech program {} failed: {reason}", .program.display())]
    Failed { program: PathBuf, reason: String },
    /// Its output could not be used.
    #[error("the speech program's sound could not be read: {0}")]
    Output(String),
}

impl Engine {
    /// The speech program to use: the one named in the environment, else one installed.
    #[must_use]
    pub fn find() -> Option<Self> {
        if let Some(named) = std::env::var_os(COMMAND_VARIABLE) {
            return (!named.is_empty()).then(|| Self::Custom(PathBuf::from(named)));
        }
        if let Some(path) = in_path("espeak-ng") {
            return Some(Self::EspeakNg(path));
        }
        in_path("say")
            .filter(|_| cfg!(target_os = "macos"))
            .map(Self::Say)
    }

    /// The program that speaks.
    #[must_use]
    pub fn program(&self) -> &Path {
        match self {
            Self::EspeakNg(p) | Self::Say(p) | Self::Custom(p) => p,
        }
    }

    fn command(&self, out: &Path) -> Command {
        let mut command = Command::new(self.program());
        match self {
            Self::EspeakNg(_) => {
                command
                    .arg("-s")
                    .arg(ESPEAK_RATE.to_string())
                    .arg("-w")
                    .arg(out)
                    .arg("--stdin");
            }
            Self::Say(_) => {
                command.arg("-o").arg(out).args([
                    "--file-format=WAVE",
                    "--data-format=LEI16@22050",
                    "-f",
                    "-",
                ]);
            }
            Self::Custom(_) => {
                command.arg(out);
            }
        }
        command
    }

    /// Says `text` sentence by sentence into words at the mix rate.
    pub fn say(&self, text: &str) -> Result<Spoken, SpeechError> {
        let pause = vec![0.0; usize::try_from(frames_of_ms(SENTENCE_PAUSE_MS)).unwrap_or(0)];
        let mut samples = Vec::new();
        let mut sentence_ends = Vec::new();
        for sentence in sentences(text) {
            if !samples.is_empty() {
                samples.extend_from_slice(&pause);
            }
            let clip = self.say_once(&sentence)?;
            samples.extend_from_slice(trim_silence(clip.samples()));
            sentence_ends.push(samples.len());
        }
        Ok(Spoken {
            clip: Clip::new(samples),
            sentence_ends,
        })
    }

    /// Says `text` into a clip at the mix rate, as the program gives it.
    fn say_once(&self, text: &str) -> Result<Clip, SpeechError> {
        let folder = ScratchFolder::new().map_err(|e| self.failed(&e.to_string()))?;
        let out = folder.0.join("speech.wav");
        let mut child = self
            .command(&out)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| self.failed(&e.to_string()))?;
        if let Some(mut input) = child.stdin.take() {
            // A program that does not read its input is fine: it has what it needs.
            let _ = input.write_all(text.as_bytes());
        }
        let status = child.wait().map_err(|e| self.failed(&e.to_string()))?;
        if !status.success() {
            return Err(self.failed(&status.to_string()));
        }
        load_file(&out).map_err(|e| SpeechError::Output(e.to_string()))
    }

    fn failed(&self, reason: &str) -> SpeechError {
        SpeechError::Failed {
            program: self.program().to_owned(),
            reason: reason.to_owned(),
        }
    }
}

/// Something to say: words the session will need, or an answer to say as soon as ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeechJob {
    /// The words.
    pub text: String,
    /// Whether they are said as soon as they are ready ("where am I").
    pub now: bool,
}

/// Below this, a sample is silence around a spoken sentence.
const SILENCE: f32 = 0.002;

/// The samples of a spoken sentence without the silence the program put around it.
fn trim_silence(samples: &[f32]) -> &[f32] {
    let start = samples
        .iter()
        .position(|s| s.abs() > SILENCE)
        .unwrap_or(samples.len());
    let end = samples
        .iter()
        .rposition(|s| s.abs() > SILENCE)
        .map_or(start, |i| i + 1);
    &samples[start..end.max(start)]
}

/// Says each job in turn on a thread of its own and hands the clips to the player: the
/// words to say at once (`now`, "where am I") before any of those `prepared` ahead, so
/// an answer never waits behind a session's worth of texts. The first failure is told in
/// one line, and nothing more is tried.
pub fn spawn_speaker(
    engine: Engine,
    prepared: Vec<SpeechJob>,
    now: Receiver<SpeechJob>,
    player: Sender<Message>,
    notify: Notify,
) {
    let speaker = move || {
        let mut prepared = prepared.into_iter();
        let mut next = || {
            now.try_recv()
                .ok()
                .or_else(|| prepared.next())
                .or_else(|| now.recv().ok())
        };
        while let Some(job) = next() {
            match engine.say(&job.text) {
                Ok(spoken) => {
                    let message = if job.now {
                        Message::SayNow(spoken)
                    } else {
                        Message::Speech {
                            text: job.text,
                            spoken,
                        }
                    };
                    if player.send(message).is_err() {
                        return;
                    }
                }
                Err(error) => {
                    notify(&format!(
                        "spoken cues are off: {error}; the words stay on screen"
                    ));
                    return;
                }
            }
        }
    };
    // Without a thread there is no speech; the words are on screen all the same.
    let _ = std::thread::Builder::new()
        .name("speech".into())
        .spawn(speaker);
}

/// A program by name in `PATH`.
fn in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// A private folder for one spoken file, removed afterwards.
struct ScratchFolder(PathBuf);

impl ScratchFolder {
    fn new() -> std::io::Result<Self> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let base = std::env::temp_dir();
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let path = base.join(format!("psoas-timer-{}-{n}", std::process::id()));
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            match builder.create(&path) {
                Ok(()) => return Ok(Self(path)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
    }
}

impl Drop for ScratchFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_silence_around_a_sentence_is_trimmed() {
        assert_eq!(
            trim_silence(&[0.0, 0.001, 0.5, 0.0, -0.3, 0.0]),
            &[0.5, 0.0, -0.3]
        );
        assert!(trim_silence(&[0.0; 4]).is_empty());
    }

    #[test]
    fn a_failing_program_is_named() {
        let engine = Engine::Custom(PathBuf::from("/nonexistent/speaker"));
        let error = engine.say("hello").unwrap_err().to_string();
        assert!(error.contains("/nonexistent/speaker"), "{error}");
    }

    /// "Where am I" asked while the session's texts are still being prepared is said
    /// before the rest of them.
    #[cfg(unix)]
    #[test]
    fn words_wanted_now_go_before_those_prepared_ahead() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let known = dir.path().join("known.wav");
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 48_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::create(&known, spec).unwrap();
        for n in 0..480 {
            let sample = if n % 2 == 0 { 8_000_i16 } else { -8_000 };
            writer.write_sample(sample).unwrap();
        }
        writer.finalize().unwrap();
        let script = dir.path().join("speak.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\ncat > /dev/null\ncp '{}' \"$1\"\n",
                known.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let prepared = (0..5)
            .map(|n| SpeechJob {
                text: format!("Text {n}."),
                now: false,
            })
            .collect();
        let (now, asked) = std::sync::mpsc::channel();
        now.send(SpeechJob {
            text: "minute 2 of 10, Rest".into(),
            now: true,
        })
        .unwrap();
        let (player, heard) = std::sync::mpsc::channel();
        spawn_speaker(
            Engine::Custom(script),
            prepared,
            asked,
            player,
            std::sync::Arc::new(|_: &str| {}),
        );
        let first = heard
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap();
        assert!(
            matches!(first, Message::SayNow(_)),
            "the answer comes first"
        );
        let next = heard
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap();
        assert!(matches!(next, Message::Speech { ref text, .. } if text == "Text 0."));
    }
}
