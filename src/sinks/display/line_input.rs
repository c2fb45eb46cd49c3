//! Keys for the plain display: a letter and Enter, read line by line from standard input, so
//! a screen reader or a simple terminal can steer a session as the full screen does. What
//! can be typed comes from the table of keys.

use std::io::{self, BufRead, Write};
use std::sync::mpsc::Sender;

use crate::session::{Command, QuitReason};
use crate::sinks::display::keys::{Key, typed_help};

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
/// `commands`. The thread ends at the end of input or once the session stops listening.
pub(crate) fn start(commands: Sender<Command>) -> io::Result<()> {
    let help = typed_help();
    eprintln!("{help}");
    std::thread::Builder::new()
        .name("typed keys".into())
        .spawn(move || {
            for line in io::stdin().lock().lines() {
                let Ok(line) = line else { return };
                match typed(&line) {
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
}
