//! Piper, the offline neural voice, run once for a whole session: loading a voice model
//! takes seconds, saying a sentence a second or so. The process reads a line at a time
//! and writes each line's WAV file into a folder of ours, telling which: the Python Piper
//! on its error output (`INFO:__main__:Wrote FOLDER/NAME.wav`), the older C++ one as a
//! line of its output holding the path. Options are given in the spelling both take.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use super::engine::{Speaker, SpeechError, sentence_limit};
use super::program::{Pipes, Program, Unfinished};
use super::scratch::ScratchFolder;
use crate::session::clock::{Clock, RealClock};

/// The first sentence may take this much longer than the others: the voice model is
/// loaded first (a few seconds; a minute is given).
const MODEL_LOADING: Duration = Duration::from_secs(60);
/// Once its output has ended, the process is given this long to end too.
const ENDING: Duration = Duration::from_secs(1);
/// What Piper says on its error output when a line's file is written.
const WROTE: &str = "Wrote ";
/// The lines of its error output kept to explain a failure.
const KEPT_LINES: usize = 3;

/// A Piper process, started at the first sentence and ended when dropped.
pub(super) struct PiperProcess {
    program: PathBuf,
    model: PathBuf,
    length_scale: f64,
    /// The speech cache, whose scratch folder Piper writes in.
    cache: Option<PathBuf>,
    running: Option<Running>,
}

/// The process while it runs; killed when dropped.
struct Running {
    process: Program,
    input: ChildStdin,
    /// Its error output, line by line, read on a thread of its own.
    lines: Receiver<String>,
    /// Where it writes its files; removed with it.
    folder: ScratchFolder,
    said: usize,
}

impl PiperProcess {
    pub(super) fn new(
        program: PathBuf,
        model: PathBuf,
        length_scale: f64,
        cache: Option<PathBuf>,
    ) -> Self {
        Self {
            program,
            model,
            length_scale,
            cache,
            running: None,
        }
    }

    fn failed(&self, reason: impl std::fmt::Display) -> SpeechError {
        SpeechError::failed(&self.program, reason)
    }

    fn start(&self) -> Result<Running, SpeechError> {
        let folder = ScratchFolder::new(self.cache.as_deref()).map_err(|e| self.failed(e))?;
        let mut command = Command::new(&self.program);
        command
            .arg("--model")
            .arg(&self.model)
            .arg("--output_dir")
            .arg(folder.path())
            .arg("--length_scale")
            .arg(format!("{:.3}", self.length_scale))
            .arg("--sentence_silence")
            .arg("0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let (process, pipes) =
            Program::start(&mut command, None).map_err(|why| why.speech_error(&self.program))?;
        let Pipes {
            input: Some(input),
            output: Some(output),
            errors: Some(errors),
        } = pipes
        else {
            return Err(self.failed("its input or output could not be opened"));
        };
        let (send, lines) = channel();
        for stream in [
            Box::new(output) as Box<dyn std::io::Read + Send>,
            Box::new(errors),
        ] {
            let send = send.clone();
            let reader = move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if send.send(line).is_err() {
                        return;
                    }
                }
            };
            std::thread::Builder::new()
                .name("piper".into())
                .spawn(reader)
                .map_err(|e| self.failed(e))?;
        }
        Ok(Running {
            process,
            input,
            lines,
            folder,
            said: 0,
        })
    }
}

impl Speaker for PiperProcess {
    fn say(&mut self, sentence: &str) -> Result<Vec<u8>, SpeechError> {
        if self.running.is_none() {
            self.running = Some(self.start()?);
        }
        let result = match self.running.as_mut() {
            Some(running) => running.say(sentence),
            None => Err(Trouble::Reason("it did not start".to_owned())),
        };
        result.map_err(|why| {
            // A process that failed once is not trusted with the next sentence.
            self.running = None;
            match why {
                Trouble::Reason(reason) => self.failed(reason),
                Trouble::Unfinished(why) => why.speech_error(&self.program),
            }
        })
    }
}

/// Why Piper did not say a sentence.
enum Trouble {
    /// It failed, for this reason.
    Reason(String),
    /// It was stopped.
    Unfinished(Unfinished),
}

impl From<String> for Trouble {
    fn from(reason: String) -> Self {
        Self::Reason(reason)
    }
}

impl Running {
    /// Says one line, and reads the file Piper names; on failure, why.
    fn say(&mut self, sentence: &str) -> Result<Vec<u8>, Trouble> {
        let line: String = sentence
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        writeln!(self.input, "{}", line.trim())
            .and_then(|()| self.input.flush())
            .map_err(|e| format!("it stopped reading ({e})"))?;
        let mut limit = sentence_limit(sentence);
        if self.said == 0 {
            limit += MODEL_LOADING;
        }
        // However many lines it writes meanwhile, the sentence has `limit` in all.
        let clock = RealClock::start();
        let mut kept: Vec<String> = Vec::new();
        loop {
            let left = limit.saturating_sub(clock.now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    // Only a file in our folder is one of ours to read.
                    let ours = written(&line)
                        .map(PathBuf::from)
                        .filter(|p| p.starts_with(self.folder.path()));
                    if let Some(path) = ours {
                        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
                        let _ = std::fs::remove_file(&path);
                        self.said += 1;
                        return Ok(bytes);
                    }
                    kept.push(line);
                    if kept.len() > KEPT_LINES {
                        kept.remove(0);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(Trouble::Unfinished(Unfinished::Overdue(limit)));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let status = self.process.wait_within(ENDING).map_err(|why| match why {
                        Unfinished::Overdue(_) => {
                            Trouble::Reason("it closed its output but went on running".into())
                        }
                        why => Trouble::Unfinished(why),
                    })?;
                    let said = kept.join(" / ");
                    return Err(format!("it ended ({status}): {said}").into());
                }
            }
        }
    }
}

/// The file a line of Piper's says it wrote: `... Wrote PATH` or the path alone.
fn written(line: &str) -> Option<&str> {
    let path = line.split_once(WROTE).map_or(line, |(_, path)| path).trim();
    std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("wav"))
        .then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_written_is_read_from_pipers_log_line() {
        assert_eq!(
            written("INFO:__main__:Wrote /tmp/x/123.wav"),
            Some("/tmp/x/123.wav")
        );
        assert_eq!(written("/tmp/x/123.wav"), Some("/tmp/x/123.wav"));
        assert_eq!(written("WARNING: something else"), None);
        assert_eq!(written("Wrote nothing"), None);
    }

    #[test]
    fn a_missing_piper_is_named() {
        let mut piper =
            PiperProcess::new("/nonexistent/piper".into(), "voice.onnx".into(), 1.0, None);
        let error = piper.say("Rest.").unwrap_err().to_string();
        assert!(error.contains("/nonexistent/piper"), "{error}");
    }
}
