//! A display that cannot draw (its terminal fails, or it panics) ends the session and says
//! why, rather than leave it running with no screen and no keys.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::{ROUTINE, timeline};
use crate::session::clock::{Clock, RealClock};
use crate::session::{Command, QuitReason};
use crate::sinks::display::full::display::{Display, Message};
use crate::sinks::display::full::palette::Palette;
use crate::sinks::display::full::{DisplayFailed, spawn_display};

/// A terminal whose every write fails, as one that has gone away does.
struct Gone;

impl Write for Gone {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::from_raw_os_error(5))
    }

    fn flush(&mut self) -> io::Result<()> {
        Err(io::Error::from_raw_os_error(5))
    }
}

/// A terminal that panics when written to, standing for any fault while drawing.
struct Faulty;

impl Write for Faulty {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        panic!("a fault while drawing, on purpose")
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Starts the display's thread on `out` and gives it a session to draw; returns what it
/// said when it ended, and the session's inbox.
fn draw_on<W: Write + Send + 'static>(out: W) -> (io::Result<()>, Receiver<Command>) {
    let clock = RealClock::start();
    let (commands, session) = channel();
    let display = Display {
        terminal: Terminal::new(CrosstermBackend::new(out)).expect("terminal"),
        commands: commands.clone(),
        clock: clock.reader(),
        palette: Palette::calm(),
    };
    let (messages, inbox) = channel();
    let thread = spawn_display(display, inbox, commands).expect("display started");
    // The plan alone puts the first step on screen.
    messages
        .send(Message::Timeline(timeline(ROUTINE)))
        .expect("sent");
    // The display ends by itself; the session would then stop it.
    let ended = thread.join().expect("the thread caught its own failure");
    drop(messages);
    (ended.map(drop), session)
}

fn assert_ends_the_session(ended: &io::Result<()>, session: &Receiver<Command>, why: &str) {
    let error = ended.as_ref().expect_err("the display failed");
    assert!(DisplayFailed::is(error), "{error:?}");
    assert!(error.to_string().contains(why), "{error}");
    assert_eq!(
        session.recv_timeout(Duration::from_secs(5)),
        Ok(Command::Quit(QuitReason::User))
    );
}

#[test]
fn a_terminal_that_fails_ends_the_session() {
    let (ended, session) = draw_on(Gone);
    assert_ends_the_session(&ended, &session, "os error 5");
}

#[test]
fn a_panic_while_drawing_ends_the_session() {
    let (ended, session) = draw_on(Faulty);
    assert_ends_the_session(&ended, &session, "a fault while drawing, on purpose");
}
