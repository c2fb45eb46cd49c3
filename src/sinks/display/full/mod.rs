//! The full-screen display: the step, its instructions, the time left in large digits, the
//! breath as a bar that grows and shrinks, the session's progress, and keys to steer it.
//!
//! The session never waits on the screen: [`FullUi`] is a sink that passes each event to the
//! display's own thread, which draws only when something visible changed. A second thread
//! reads keys and hands them to the display, which turns them into session commands.

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

use std::io::{self, BufWriter, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Sender, channel};
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
use crate::session::{Command, Event};

/// How often the key thread looks up to see whether it should stop.
const KEY_POLL: Duration = Duration::from_millis(200);

/// The full-screen display, as a sink of session events.
pub struct FullUi {
    messages: Sender<Message>,
    display: Option<JoinHandle<io::Result<Option<Ending>>>>,
    stop_keys: Arc<AtomicBool>,
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
        // One write per frame, whatever its size.
        let out = BufWriter::with_capacity(1 << 16, io::stdout());
        let terminal = Terminal::with_options(
            CrosstermBackend::new(out),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
            },
        )?;
        let (messages, inbox) = channel();
        let mut display = Display {
            terminal,
            commands,
            clock,
            palette: Palette::from_env(),
        };
        let display = std::thread::Builder::new()
            .name("display".into())
            .spawn(move || {
                let result = display.run(&inbox);
                drop(display);
                drop(guard);
                result.map(|(ending, _frames)| ending)
            })?;
        let stop_keys = Arc::new(AtomicBool::new(false));
        spawn_key_reader(messages.clone(), Arc::clone(&stop_keys))?;
        Ok(Self {
            messages,
            display: Some(display),
            stop_keys,
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

    /// Stops both threads and gives the terminal back; returns the display's first error.
    fn stop(&mut self) -> io::Result<Option<Ending>> {
        let _ = self.messages.send(Message::Stop);
        let ending = match self.display.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(io::Error::other("the display stopped unexpectedly")),
            None => Ok(None),
        };
        // The terminal is restored even if the display thread panicked.
        terminal::restore();
        self.stop_keys.store(true, Ordering::SeqCst);
        ending
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

    fn finish(&mut self) -> io::Result<()> {
        let ending = self.stop()?;
        // Back on the main screen, leave one line behind to say how it went.
        if let Some(ending) = ending {
            let words = ending.words();
            // A terminal that has gone away cannot be told, and that is no failure.
            let mut out = io::stdout();
            let name = crate::untrusted::Untrusted::words(&self.routine_name);
            let _ = writeln!(out, "{name}: {words}");
            let _ = out.flush();
        }
        Ok(())
    }
}

impl Drop for FullUi {
    fn drop(&mut self) {
        if self.display.is_some() {
            let _ = self.stop();
        }
    }
}

/// Starts the thread that reads keys. It is never joined: on a terminal that has hung up,
/// crossterm's read can go round forever without returning, and the process must still be
/// able to end. Told to stop, it ends at its next look-up.
fn spawn_key_reader(messages: Sender<Message>, stop: Arc<AtomicBool>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("keys".into())
        .spawn(move || read_keys(&messages, &stop))
        .map(drop)
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
