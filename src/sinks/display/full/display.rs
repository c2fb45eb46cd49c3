//! The display's own thread: one loop fed by one kind of message (session events, keys,
//! resizes), drawing only when the screen it would draw differs from the last one.

use std::io;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Size;

use super::keys::key_for;
use super::palette::Palette;
use super::render::render;
use super::screen::{Ending, Screen};
use super::state::DisplayState;
use super::wrap::WrapCache;
use crate::plan::Timeline;
use crate::session::clock::ClockReader;
use crate::session::{Command, Event};

/// What the display thread is told.
#[derive(Debug)]
pub(crate) enum Message {
    /// The session's plan, at the start and whenever it changes.
    Timeline(Arc<Timeline>),
    /// Something happened in the session.
    Event(Event),
    /// Something does not work (the sound, the voice): shown until the session ends.
    Problem(String),
    /// What is being made ready before the session starts ("getting the sound ready").
    GettingReady(String),
    /// The session is over and its last bowl rings out: any key ends it.
    RingingOut,
    /// A key was pressed.
    Key(KeyEvent),
    /// The terminal changed size.
    Resize(Size),
    /// The session is over: stop drawing.
    Stop,
}

/// Everything the display loop works with.
pub(crate) struct Display<B: Backend> {
    /// Where frames are drawn.
    pub terminal: Terminal<B>,
    /// Where the session's commands go.
    pub commands: Sender<Command>,
    /// The session's time.
    pub clock: ClockReader,
    /// The colors.
    pub palette: Palette,
}

/// What the loop remembers of what it last drew.
#[derive(Default)]
struct Drawn {
    screen: Option<Screen>,
    size: Size,
    /// Frames drawn, for tests that check nothing is drawn needlessly.
    frames: u64,
    /// The step's instructions, laid out for the screen's size.
    layout: WrapCache,
}

impl<B: Backend> Display<B> {
    /// Runs until told to stop (or until no one is left to tell it anything); returns how the
    /// session ended, if it did, and how many frames were drawn.
    pub(crate) fn run(
        &mut self,
        messages: &Receiver<Message>,
    ) -> io::Result<(Option<Ending>, u64)> {
        let mut state = DisplayState::new();
        let mut drawn = Drawn::default();
        loop {
            let now = self.clock.now();
            self.draw_if_changed(&mut state, &mut drawn)?;
            let width = self.terminal.get_frame().area().width;
            let first = match state.next_change(now, width) {
                Some(wait) => messages.recv_timeout(wait),
                None => messages.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            // Take everything already waiting before drawing again: a burst of events (a
            // step and its first breath) makes one frame.
            let waiting = std::iter::from_fn(|| messages.try_recv().ok());
            for message in std::iter::once(first).chain(waiting.map(Ok)) {
                match message {
                    Ok(Message::Timeline(timeline)) => state.set_timeline(timeline),
                    Ok(Message::Event(event)) => state.apply(&event),
                    Ok(Message::Problem(line)) => state.add_problem(&line),
                    Ok(Message::GettingReady(words)) => state.getting_ready(&words),
                    Ok(Message::RingingOut) => state.ringing_out(),
                    Ok(Message::Key(key)) => self.on_key(&mut state, &key),
                    Ok(Message::Resize(size)) => {
                        self.terminal.resize(size.into()).map_err(to_io)?;
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    // The screen is about to be given back: no last frame to draw.
                    Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => {
                        return Ok((state.ending(), drawn.frames));
                    }
                }
            }
        }
    }

    fn on_key(&self, state: &mut DisplayState, key: &KeyEvent) {
        let command = key_for(key).and_then(|key| state.on_key(key, self.clock.now()));
        if let Some(command) = command {
            // A session that has already ended no longer listens; nothing to do.
            let _ = self.commands.send(command);
        }
    }

    /// Draws the screen as of now if it differs from the last one drawn, or the terminal
    /// changed size.
    fn draw_if_changed(&mut self, state: &mut DisplayState, drawn: &mut Drawn) -> io::Result<()> {
        let size = self.terminal.get_frame().area().as_size();
        let screen = state.screen(self.clock.now(), size.width);
        if screen.step.is_none() {
            // Nothing to show until the session has begun.
            return Ok(());
        }
        if drawn.screen.as_ref() != Some(&screen) || drawn.size != size {
            let palette = self.palette;
            self.terminal
                .draw(|frame| render(frame, &screen, &palette, &mut drawn.layout))
                .map_err(to_io)?;
            drawn.screen = Some(screen);
            drawn.size = size;
            drawn.frames += 1;
        }
        Ok(())
    }
}

fn to_io(error: impl std::error::Error) -> io::Error {
    io::Error::other(error.to_string())
}
