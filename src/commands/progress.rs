//! Work that takes a while, told on one line of standard error: only on a terminal, so
//! logs and pipes stay clean, redrawn in place and taken away when the work is done.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// The line is drawn at most this often.
const REDRAW: Duration = Duration::from_millis(100);

/// One line of progress on standard error.
pub(super) struct ProgressLine {
    terminal: bool,
    started: Instant,
    /// Nothing is drawn before the work has taken this long.
    after: Duration,
    /// When the line was last drawn; `None` until it first is.
    drawn: Option<Instant>,
}

impl ProgressLine {
    /// A line first drawn once the work has taken `after` (zero: at once).
    pub(super) fn after(after: Duration) -> Self {
        Self {
            terminal: std::io::stderr().is_terminal(),
            started: Instant::now(),
            after,
            drawn: None,
        }
    }

    /// Draws the line `text` makes, when one is due.
    pub(super) fn show(&mut self, text: impl FnOnce() -> String) {
        let now = Instant::now();
        let due = match self.drawn {
            None => now.duration_since(self.started) >= self.after,
            Some(last) => now.duration_since(last) >= REDRAW,
        };
        if !self.terminal || !due {
            return;
        }
        let mut err = std::io::stderr().lock();
        // A progress line that cannot be written is not worth stopping for.
        let _ = write!(err, "\r\x1b[2K{}", text()).and_then(|()| err.flush());
        self.drawn = Some(now);
    }

    /// Takes the line away again, so what is printed next starts on a clean line.
    pub(super) fn clear(&mut self) {
        if self.drawn.take().is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K").and_then(|()| err.flush());
        }
    }
}
