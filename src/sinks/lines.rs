//! Output for sinks that write text, a line at a time.

use std::io::Write as _;

/// A line-by-line output for sinks that write text: each line is flushed as it is
/// written, so a session cut short keeps every line before the cut, and the first error
/// stops the writing and is kept for the sink's `finish`.
pub(crate) struct LineOutput {
    out: Box<dyn std::io::Write>,
    error: Option<std::io::Error>,
}

impl LineOutput {
    /// Lines written to `out`.
    #[must_use]
    pub(crate) fn new(out: Box<dyn std::io::Write>) -> Self {
        Self { out, error: None }
    }

    /// Writes one line (the line break is added here).
    pub(crate) fn line(&mut self, text: &str) {
        if self.error.is_some() {
            return;
        }
        let result = self
            .out
            .write_all(text.as_bytes())
            .and_then(|()| self.out.write_all(b"\n"))
            .and_then(|()| self.out.flush());
        if let Err(error) = result {
            self.error = Some(error);
        }
    }

    /// Writes a line that is no part of the session's own lines (a word after its end): a
    /// reader that has gone by then (a script that read up to the end) is no failure.
    pub(crate) fn aside(&mut self, text: &str) {
        if self.error.is_none() {
            let _ = writeln!(self.out, "{text}").and_then(|()| self.out.flush());
        }
    }

    /// The first error met, if any.
    pub(crate) fn finish(&mut self) -> std::io::Result<()> {
        self.error.take().map_or(Ok(()), Err)
    }
}
