//! The full-screen display: the step, its instructions, the time left in large digits, the
//! breath as a bar that grows and shrinks, the session's progress, and keys to steer it.
//!
//! The session never waits on the screen: [`FullUi`] is a sink that passes each event to the
//! display's own thread, which draws only when something visible changed. A second thread
//! reads keys and hands them to the display, which turns them into session commands.
//!
//! The terminal is given back whole however the session ends; [`terminal`] says how. In
//! short: only the display thread writes, and only through the terminal's one gate; at the
//! end the display thread is stopped and joined (its last write, ratatui showing the cursor,
//! is made then), the key reader is stopped, and only then is the terminal put back and the
//! session's last line left behind. A display that fails (a draw error, a panic) gives the
//! terminal back itself and ends the session, which then reports why.

pub(crate) mod breath_bar;
pub(crate) mod digits;
pub(crate) mod display;
pub(crate) mod keys;
mod overlay;
pub(crate) mod palette;
pub(crate) mod render;
pub(crate) mod screen;
pub(crate) mod state;
pub mod terminal;
pub(crate) mod wrap;

use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind};
use ratatui::layout::{Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};

use self::display::{Display, Message};
use self::palette::Palette;
use self::screen::Ending;
use self::terminal::TerminalGuard;
use crate::plan::Timeline;
use crate::session::clock::ClockReader;
use crate::session::sink::Sink;
use crate::session::{Command, Event, QuitReason};

/// How often the key thread looks up to see whether it should stop.
const KEY_POLL: Duration = Duration::from_millis(50);

/// How long the end of a session waits for the key thread to stop: a few of its look-ups.
const KEY_STOP_WAIT: Duration = Duration::from_millis(250);

/// The full-screen display, as a sink of session events.
pub struct FullUi {
    messages: Sender<Message>,
    display: Option<JoinHandle<io::Result<Option<Ending>>>>,
    keys: Option<KeyReader>,
    terminal: Option<TerminalGuard>,
    routine_name: String,
}

impl FullUi {
    /// Takes over the terminal and starts drawing; keys become commands sent to `commands`.
    /// Fails, leaving the terminal as it was, when standard output is not a terminal.
    pub fn start(commands: Sender<Command>, clock: ClockReader) -> io::Result<Self> {
        let guard = TerminalGuard::take()?;
        // The size is asked once here and then learned from resize events, rather than
        // asked of the terminal before every frame.
        let (width, height) = ratatui::crossterm::terminal::size()?;
        let terminal = Terminal::with_options(
            CrosstermBackend::new(guard.writer()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
            },
        )?;
        let (messages, inbox) = channel();
        let display = Display {
            terminal,
            commands: commands.clone(),
            clock,
            palette: Palette::from_env(),
        };
        let display = spawn_display(display, inbox, commands)?;
        let keys = KeyReader::start(messages.clone())?;
        Ok(Self {
            messages,
            display: Some(display),
            keys: Some(keys),
            terminal: Some(guard),
            routine_name: String::new(),
        })
    }

    /// A way for other threads (the sound, the speech) to say on screen what does not work.
    #[must_use]
    pub fn problem_lines(&self) -> ProblemLines {
        ProblemLines(self.messages.clone())
    }

    /// A way for the thread that makes the sound ready to say so on screen.
    #[must_use]
    pub fn ready_line(&self) -> ReadyLine {
        ReadyLine(self.messages.clone())
    }

    /// Stops both threads, then gives the terminal back with the session's last line, if it
    /// ended; returns the display's error, if it failed.
    fn stop(&mut self) -> io::Result<()> {
        let _ = self.messages.send(Message::Stop);
        let ending = match self.display.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(DisplayFailed::error("it stopped unexpectedly".into())),
            None => Ok(None),
        };
        if let Some(keys) = self.keys.take() {
            keys.stop();
        }
        // Back on the main screen, one line is left behind to say how it went.
        let farewell = match &ending {
            Ok(Some(ending)) => Some(format!(
                "{}: {}",
                crate::untrusted::Untrusted::words(&self.routine_name),
                ending.words()
            )),
            _ => None,
        };
        if let Some(guard) = self.terminal.take() {
            guard.give_back(farewell.as_deref());
        }
        ending.map(drop)
    }
}

/// Starts the display's thread. It alone writes to the terminal. If it fails (an error
/// while drawing, a panic), it gives the terminal back at once and asks the session to
/// end: a session must not run on with no screen and no keys.
fn spawn_display<W: io::Write + Send + 'static>(
    mut display: Display<CrosstermBackend<W>>,
    inbox: Receiver<Message>,
    commands: Sender<Command>,
) -> io::Result<JoinHandle<io::Result<Option<Ending>>>> {
    std::thread::Builder::new()
        .name("display".into())
        .spawn(move || {
            let ran = panic::catch_unwind(AssertUnwindSafe(|| display.run(&inbox)));
            // Its terminal is dropped here, while the terminal is still taken: ratatui's
            // last word (showing the cursor) goes through the gate before the restore.
            drop(display);
            let failure = match ran {
                Ok(Ok((ending, _frames))) => return Ok(ending),
                Ok(Err(error)) => error.to_string(),
                Err(panic) => panic_words(panic.as_ref()),
            };
            terminal::restore();
            let _ = commands.send(Command::Quit(QuitReason::User));
            Err(DisplayFailed::error(failure))
        })
}

/// What a panic said, if it said it in words.
fn panic_words(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|words| (*words).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "it stopped unexpectedly".into())
}

/// The full screen could not be shown: why, in words.
#[derive(Debug, thiserror::Error)]
#[error("the display failed: {0}")]
pub struct DisplayFailed(String);

impl DisplayFailed {
    fn error(why: String) -> io::Error {
        io::Error::other(Self(why))
    }

    /// True when `error` is the full screen's own failure, not one of writing elsewhere.
    #[must_use]
    pub fn is(error: &io::Error) -> bool {
        error
            .get_ref()
            .is_some_and(<dyn std::error::Error + Send + Sync>::is::<Self>)
    }
}

/// What is being made ready, on the status line until the session starts: the screen shows
/// the routine at once, and says why it has not begun.
#[derive(Clone)]
pub struct ReadyLine(Sender<Message>);

impl ReadyLine {
    /// Shows `words` ("Getting the sound ready") until other words or the session's start.
    pub fn show(&self, words: &str) {
        let _ = self.0.send(Message::GettingReady(words.to_owned()));
    }
}

/// Lines that stay on the full screen for the rest of the session, from any thread: the
/// sound is off, the voice is off. A silent session must be plain to anyone who glances at
/// the screen, from the first frame or the moment it falls silent.
#[derive(Clone)]
pub struct ProblemLines(Sender<Message>);

impl ProblemLines {
    /// Shows `line` from now until the session ends (at once: the display wakes for it).
    pub fn show(&self, line: &str) {
        // A display that has stopped has no screen left to show it on.
        let _ = self.0.send(Message::Problem(line.to_owned()));
    }
}

impl Sink for FullUi {
    fn timeline(&mut self, timeline: &Arc<Timeline>) {
        self.routine_name.clone_from(&timeline.routine_name);
        let _ = self.messages.send(Message::Timeline(Arc::clone(timeline)));
    }

    fn event(&mut self, event: &Event) {
        let _ = self.messages.send(Message::Event(event.clone()));
    }

    fn ringing_out(&mut self) {
        let _ = self.messages.send(Message::RingingOut);
    }

    fn finish(&mut self) -> io::Result<()> {
        self.stop()
    }
}

impl Drop for FullUi {
    fn drop(&mut self) {
        if self.terminal.is_some() {
            let _ = self.stop();
        }
    }
}

/// The thread that reads keys. It writes nothing. It is stopped at the end and waited for
/// a little, so that it takes no keys meant for the shell, but not for ever: on a terminal
/// that has hung up, crossterm's read can go round without returning, and the process must
/// still be able to end.
struct KeyReader {
    stop: Arc<AtomicBool>,
    /// Closed when the thread ends.
    ended: Receiver<()>,
}

impl KeyReader {
    fn start(messages: Sender<Message>) -> io::Result<Self> {
        let stop = Arc::new(AtomicBool::new(false));
        let (ending, ended) = channel::<()>();
        let told = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("keys".into())
            .spawn(move || {
                read_keys(&messages, &told);
                drop(ending);
            })?;
        Ok(Self { stop, ended })
    }

    /// Tells the thread to stop at its next look-up, and waits for that, a little.
    fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = self.ended.recv_timeout(KEY_STOP_WAIT);
    }
}

/// Passes key presses and resizes to the display until told to stop.
fn read_keys(messages: &Sender<Message>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match event::poll(KEY_POLL) {
            Ok(true) => {}
            Ok(false) => continue,
            // No terminal to read from any more: nothing left to do here.
            Err(_) => return,
        }
        let message = match event::read() {
            Ok(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => Message::Key(key),
            Ok(TermEvent::Resize(width, height)) => Message::Resize(Size::new(width, height)),
            Ok(_) => continue,
            Err(_) => return,
        };
        if messages.send(message).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests;
