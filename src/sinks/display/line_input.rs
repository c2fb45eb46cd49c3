//! Keys for the plain display: a letter and Enter, read line by line from standard input, so
//! a screen reader or a simple terminal can steer a session as the full screen does. What
//! can be typed comes from the table of keys. A person typing asks to end as on the full
//! screen, with a second `q`; a script's `q` ends at once.

use std::io::{self, BufRead, Write};
use std::sync::mpsc::Sender;
use std::time::Duration;

use crate::session::clock::ClockReader;
use crate::session::{Command, QuitReason};
use crate::sinks::display::keys::{CONFIRM_QUIT_FOR, Key, typed_help};

/// Who types the lines read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typist {
    /// Someone at a terminal: a first `q` asks, and only a second ends.
    Person,
    /// A program writing to standard input: every line is meant, and `q` ends at once.
    Script,
}

/// The question before ending, for lines typed by a person.
#[derive(Debug, Default)]
pub(crate) struct QuitQuestion {
    /// When a first `q` asked, if it did.
    asked_at: Option<Duration>,
}

impl QuitQuestion {
    /// What a line typed at `now` asks for, the question counted: a first `q` asks to end,
    /// a second, within [`CONFIRM_QUIT_FOR`], ends, and any other line after a first `q`
    /// only carries on (`None`), as any other key does on the full screen.
    pub(crate) fn answer(&mut self, line: &str, now: Duration) -> Option<Typed> {
        let asked = self
            .asked_at
            .take()
            .is_some_and(|at| now.saturating_sub(at) < CONFIRM_QUIT_FOR);
        match (asked, typed(line)) {
            (true, quit @ Typed::Command(Command::Quit(_))) => Some(quit),
            (true, _) => None,
            (false, Typed::Command(Command::Quit(_))) => {
                self.asked_at = Some(now);
                Some(Typed::Command(Command::AskToEnd))
            }
            (false, other) => Some(other),
        }
    }
}

/// What a typed line asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Typed {
    /// A command for the session.
    Command(Command),
    /// Show what can be typed.
    Help,
}

/// The meaning of one typed line; anything unknown asks for help.
#[must_use]
pub(crate) fn typed(line: &str) -> Typed {
    match Key::typed(line) {
        // Typed, a quit is already deliberate: a letter and Enter.
        Some(Key::Quit) => Typed::Command(Command::Quit(QuitReason::User)),
        Some(key) => key.command().map_or(Typed::Help, Typed::Command),
        None => Typed::Help,
    }
}

/// Reads lines from standard input on a thread of its own and sends what they ask for to
/// `commands`; `clock` times the question before ending. The thread ends at the end of
/// input or once the session stops listening.
pub(crate) fn start(
    commands: Sender<Command>,
    typist: Typist,
    clock: ClockReader,
) -> io::Result<()> {
    let help = typed_help();
    if typist == Typist::Person {
        eprintln!("{help}");
    }
    let mut question = QuitQuestion::default();
    std::thread::Builder::new()
        .name("typed keys".into())
        .spawn(move || {
            for line in io::stdin().lock().lines() {
                let Ok(line) = line else { return };
                let meant = match typist {
                    Typist::Person => question.answer(&line, clock.now()),
                    Typist::Script => Some(typed(&line)),
                };
                let Some(meant) = meant else { continue };
                match meant {
                    Typed::Command(command) => {
                        if commands.send(command).is_err() {
                            return;
                        }
                    }
                    Typed::Help => {
                        let _ = writeln!(io::stderr(), "{help}");
                    }
                }
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sinks::display::keys::EXTEND_MS;

    #[test]
    fn every_key_of_the_full_screen_can_be_typed() {
        assert_eq!(typed(""), Typed::Command(Command::TogglePause));
        assert_eq!(typed(" P "), Typed::Command(Command::TogglePause));
        assert_eq!(typed("n"), Typed::Command(Command::Next));
        assert_eq!(typed("b"), Typed::Command(Command::Back));
        assert_eq!(
            typed("e"),
            Typed::Command(Command::Extend { ms: EXTEND_MS })
        );
        assert_eq!(typed("q"), Typed::Command(Command::Quit(QuitReason::User)));
        assert_eq!(typed("u"), Typed::Command(Command::VolumeUp));
        assert_eq!(typed("w"), Typed::Command(Command::WhereAmI));
        assert_eq!(typed("?"), Typed::Help);
        assert_eq!(typed("stop please"), Typed::Help);
    }

    #[test]
    fn a_person_is_asked_before_ending_and_a_late_or_other_answer_carries_on() {
        let at = Duration::from_secs;
        let quit = Some(Typed::Command(Command::Quit(QuitReason::User)));
        let ask = Some(Typed::Command(Command::AskToEnd));
        let mut question = QuitQuestion::default();
        assert_eq!(question.answer("q", at(10)), ask);
        assert_eq!(question.answer(" Q ", at(12)), quit);
        // Another line only carries on; the next q asks again.
        assert_eq!(question.answer("quit", at(20)), ask);
        assert_eq!(question.answer("n", at(21)), None);
        assert_eq!(
            question.answer("n", at(22)),
            Some(Typed::Command(Command::Next))
        );
        assert_eq!(question.answer("end", at(30)), ask);
        // Too late: the question went away, and this q asks again.
        assert_eq!(question.answer("q", at(30) + CONFIRM_QUIT_FOR), ask);
    }
}
