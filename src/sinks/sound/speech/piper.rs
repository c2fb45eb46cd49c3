//! Piper, the offline neural voice, run once for a whole session: loading a voice model
//! takes seconds, saying a sentence a second or so. The process reads a line at a time
//! and writes each line's WAV file into a folder of ours, telling which: the Python Piper
//! on its error output (`INFO:__main__:Wrote FOLDER/NAME.wav`), the older C++ one as a
//! line of its output holding the path. Options are given in the spelling both take.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use super::engine::{Speaker, SpeechError};
use super::scratch::ScratchFolder;

/// The longest a first sentence may take, the voice model's loading included.
const FIRST_SENTENCE_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest any later sentence may take.
const SENTENCE_TIMEOUT: Duration = Duration::from_secs(20);
/// What Piper says on its error output when a line's file is written.
const WROTE: &str = "Wrote ";
/// The lines of its error output kept to explain a failure.
const KEPT_LINES: usize = 3;

/// A Piper process, started at the first sentence and ended when dropped.
pub(super) struct PiperProcess {
    program: PathBuf,
    model: PathBuf,
    length_scale: f64,
    running: Option<Running>,
}

/// The process while it runs.
struct Running {
    child: Child,
    input: ChildStdin,
    /// Its error output, line by line, read on a thread of its own.
    lines: Receiver<String>,
    /// Where it writes its files; removed with it.
    folder: ScratchFolder,
    said: usize,
}

impl PiperProcess {
    pub(super) fn new(program: PathBuf, model: PathBuf, length_scale: f64) -> Self {
        Self {
            program,
            model,
            length_scale,
            running: None,
        }
    }

    fn failed(&self, reason: impl std::fmt::Display) -> SpeechError {
        SpeechError::failed(&self.program, reason)
    }

    fn start(&self) -> Result<Running, SpeechError> {
        let folder = ScratchFolder::new().map_err(|e| self.failed(e))?;
        let mut child = Command::new(&self.program)
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
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| self.failed(e))?;
        let (Some(input), Some(output), Some(errors)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
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
            child,
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
            None => Err("it did not start".to_owned()),
        };
        result.map_err(|reason| {
            // A process that failed once is not trusted with the next sentence.
            self.running = None;
            self.failed(reason)
        })
    }
}

impl Running {
    /// Says one line, and reads the file Piper names; on failure, why.
    fn say(&mut self, sentence: &str) -> Result<Vec<u8>, String> {
        let line: String = sentence
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        writeln!(self.input, "{}", line.trim())
            .and_then(|()| self.input.flush())
            .map_err(|e| format!("it stopped reading ({e})"))?;
        let timeout = if self.said == 0 {
            FIRST_SENTENCE_TIMEOUT
        } else {
            SENTENCE_TIMEOUT
        };
        let mut kept: Vec<String> = Vec::new();
        loop {
            match self.lines.recv_timeout(timeout) {
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
                    return Err(format!("no sound after {} s", timeout.as_secs()));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let status = self.child.wait().map(|s| s.to_string()).unwrap_or_default();
                    let said = kept.join(" / ");
                    return Err(format!("it ended ({status}): {said}"));
                }
            }
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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
        let mut piper = PiperProcess::new("/nonexistent/piper".into(), "voice.onnx".into(), 1.0);
        let error = piper.say("Rest.").unwrap_err().to_string();
        assert!(error.contains("/nonexistent/piper"), "{error}");
    }
}
