//! Taking the terminal over and always giving it back whole.
//!
//! # What is changed, and undone
//!
//! The full screen changes three things, in this order: raw mode, the alternate screen, a
//! hidden cursor ([`TAKEOVER`]). Each is recorded before it is made, and the restore undoes
//! exactly the recorded ones, newest first, trying every step even when one fails (a
//! terminal that has hung up fails them all; one that is still there must get all of
//! them). Raw mode goes back to the settings crossterm saved when it was turned on. Mouse
//! capture, bracketed paste and keyboard enhancement are never turned on, so they stay as
//! they were.
//!
//! # One gate to the terminal
//!
//! Every byte the full screen writes goes through one gate: the frames, ratatui's own cursor
//! commands (it hides the cursor after every frame, and shows it when its `Terminal`
//! drops), and the line left behind at the end. The gate is the lock around that record:
//! a [`ScreenWriter`] writes only while holding it, and only while the terminal is taken;
//! the restore takes the same lock, undoes the changes and empties the record. Whatever
//! any thread writes after that (a frame, a hidden cursor) is dropped instead of landing
//! on the main screen, so a late write cannot leave the terminal wrong: the wrong order
//! has no way to happen.
//!
//! # Every exit path
//!
//! - The session ends, is quit (q q), or is ended by Ctrl-C, SIGTERM or SIGHUP (all of
//!   which reach the session as a quit): the full screen stops its display thread and
//!   joins it, stops its key reader, then [`TerminalGuard::give_back`] restores and
//!   leaves the session's last line behind.
//! - The display fails (an error while drawing, a terminal gone, a panic in its thread):
//!   the display thread restores at once and asks the session to end.
//! - A panic anywhere: the panic hook restores before the message is printed, so the
//!   message is readable and the shell usable.
//! - The guard is dropped on any other way out (an early error).
//!
//! Restoring twice does nothing the second time.

use std::io::{self, Write};
use std::sync::{Mutex, MutexGuard, Once, PoisonError, TryLockError};
use std::time::{Duration, Instant};

use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

/// One change the full screen makes to the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    RawMode,
    AlternateScreen,
    HiddenCursor,
}

/// What taking the terminal over changes, in the order it is done.
const TAKEOVER: [Change; 3] = [
    Change::RawMode,
    Change::AlternateScreen,
    Change::HiddenCursor,
];

impl Change {
    fn make(self, out: &mut impl Write) -> io::Result<()> {
        match self {
            Self::RawMode => enable_raw_mode(),
            Self::AlternateScreen => execute!(out, EnterAlternateScreen),
            Self::HiddenCursor => execute!(out, Hide),
        }
    }

    fn undo(self, out: &mut impl Write) -> io::Result<()> {
        match self {
            Self::RawMode => disable_raw_mode(),
            Self::AlternateScreen => execute!(out, LeaveAlternateScreen),
            Self::HiddenCursor => execute!(out, Show),
        }
    }
}

/// The gate: the changes in force, empty when the terminal is this process's no longer.
static HELD: Mutex<Vec<Change>> = Mutex::new(Vec::new());

/// How long the panic hook waits for a frame being written to finish before it restores:
/// a terminal stopped by flow control (Ctrl-S) could hold the gate for ever.
const PANIC_WAIT: Duration = Duration::from_secs(1);

/// Holds the terminal in full-screen mode; dropping it puts the terminal back.
#[derive(Debug)]
pub struct TerminalGuard(());

impl TerminalGuard {
    /// Switches to raw mode and the alternate screen, with the cursor hidden. Fails, with
    /// the terminal put back, when one of them cannot be done or the terminal is taken
    /// already.
    pub fn take() -> io::Result<Self> {
        install_panic_hook();
        let mut held = gate();
        if !held.is_empty() {
            return Err(io::Error::other("the terminal is taken already"));
        }
        let mut out = io::stdout().lock();
        for change in TAKEOVER {
            // Recorded first, so that a change that half happened is undone too.
            held.push(change);
            if let Err(error) = change.make(&mut out) {
                undo_all(&mut held, &mut out);
                return Err(error);
            }
        }
        Ok(Self(()))
    }

    /// The one way to write to the terminal while it is taken.
    #[must_use]
    #[expect(
        clippy::unused_self,
        reason = "only the holder of the terminal may have a writer to it"
    )]
    pub(crate) fn writer(&self) -> ScreenWriter {
        ScreenWriter::default()
    }

    /// Puts the terminal back, then leaves `farewell` on the main screen (how the session
    /// went); nothing written through a [`ScreenWriter`] can come after it.
    #[expect(
        clippy::unused_self,
        reason = "the terminal is given back once, by its holder"
    )]
    pub(crate) fn give_back(self, farewell: Option<&str>) {
        let mut held = gate();
        let mut out = io::stdout().lock();
        undo_all(&mut held, &mut out);
        if let Some(line) = farewell {
            // A terminal that has gone away cannot be told, and that is no failure.
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as it was, if this process had taken it. Safe to call from any
/// thread and more than once.
pub fn restore() {
    undo_all(&mut gate(), &mut io::stdout().lock());
}

/// Undoes every change in `held`, newest first, each tried whatever became of the others.
fn undo_all(held: &mut Vec<Change>, out: &mut impl Write) {
    while let Some(change) = held.pop() {
        let _ = change.undo(out);
    }
    let _ = out.flush();
}

/// The gate, taken even if a thread panicked while holding it: the record stays right,
/// since every change to it is a single push or pop.
fn gate() -> MutexGuard<'static, Vec<Change>> {
    HELD.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Writes to the terminal through the gate: what is written is kept until a flush (one
/// write per frame, whatever its size), and a flush writes it only while the terminal is
/// still taken. After the restore, flushed bytes are dropped.
#[derive(Debug, Default)]
pub(crate) struct ScreenWriter {
    pending: Vec<u8>,
}

impl Write for ScreenWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let held = gate();
        let written = pass_through(&held, &self.pending, &mut io::stdout().lock());
        // A frame that failed is not tried again: the display ends on the error.
        self.pending.clear();
        written
    }
}

/// Writes `pending` to `out` if the terminal is still taken (`held` has changes in force),
/// and drops it if it has been given back.
fn pass_through(held: &[Change], pending: &[u8], out: &mut impl Write) -> io::Result<()> {
    if held.is_empty() {
        return Ok(());
    }
    out.write_all(pending)?;
    out.flush()
}

/// Restores the terminal before the panic message is printed, so the message is readable
/// and the shell is usable afterwards.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_within(PANIC_WAIT);
            previous(info);
        }));
    });
}

/// Restores as soon as the gate is free, waiting at most `wait`; the thread that panicked
/// may be the one holding it, and then waiting would be for ever.
fn restore_within(wait: Duration) {
    let start = Instant::now();
    loop {
        match HELD.try_lock() {
            Ok(mut held) => return undo_all(&mut held, &mut io::stdout().lock()),
            Err(TryLockError::Poisoned(poisoned)) => {
                return undo_all(&mut poisoned.into_inner(), &mut io::stdout().lock());
            }
            Err(TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(TryLockError::WouldBlock) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_undone_newest_first() {
        let mut out = Vec::new();
        let mut held = vec![Change::AlternateScreen, Change::HiddenCursor];
        undo_all(&mut held, &mut out);
        assert!(held.is_empty());
        let text = String::from_utf8(out).expect("text");
        let shown = text.find("\u{1b}[?25h").expect("cursor shown");
        let left = text.find("\u{1b}[?1049l").expect("alternate screen left");
        assert!(shown < left, "{text:?}");
    }

    #[test]
    fn nothing_reaches_a_terminal_that_was_given_back() {
        let mut out = Vec::new();
        pass_through(&TAKEOVER, b"frame", &mut out).expect("written");
        assert_eq!(out, b"frame");
        pass_through(&[], b"\x1b[?25l", &mut out).expect("dropped quietly");
        assert_eq!(out, b"frame");
    }
}
