//! Keys for the plain display: a letter and Enter, read line by line from standard input, so
//! a screen reader or a simple terminal can steer a session as the full screen does.

use std::io::{self, BufRead, Write};
use std::sync::mpsc::Sender;

use crate::session::{Command, QuitReason};
use crate::sinks::display::full::state::EXTEND_MS;

/// What can be typed, shown when asked for or when a line means nothing.
pub const HELP: &str = "keys, each followed by Enter: p (or Enter alone) pause/resume, n next, b back, e one more minute, u/d louder/softer, m mute, w where am I, q end";

/// What a typed line asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typed {
    /// A command for the session.
    Command(Command),
    /// Show what can be typed.
    Help,
}

/// The meaning of one typed line; anything unknown asks for help.
#[must_use]
pub fn typed(line: &str) -> Typed {
    let command = match line.trim().to_lowercase().as_str() {
        "" | "p" | "pause" | "resume" => Command::TogglePause,
        "n" | "next" => Command::Next,
        "b" | "back" => Command::Back,
        "e" | "+" | "extend" => Command::Extend { ms: EXTEND_MS },
        "q" | "quit" | "end" => Command::Quit(QuitReason::User),
        "u" | "up" | "louder" => Command::VolumeUp,
        "d" | "down" | "softer" => Command::VolumeDown,
        "m" | "mute" => Command::ToggleMute,
        "w" | "where" => Command::WhereAmI,
        _ => return Typed::Help,
    };
    Typed::Command(command)
}

/// Reads lines from standard input on a thread of its own and sends what they ask for to
/// `commands`. The thread ends at the end of input or once the session stops listening.
pub fn start(commands: Sender<Command>) -> io::Result<()> {
    eprintln!("{HELP}");
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
                        let _ = writeln!(io::stderr(), "{HELP}");
                    }
                }
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_the_full_screen_can_be_typed() {
        assert_eq!(typed(""), Typed::Command(Command::TogglePause));
        assert_eq!(typed(" P "), Typed::Command(Command::TogglePause));
        assert_eq!(typed("n"), Typed::Command(Command::Next));
        assert_eq!(typed("b"), Typed::Command(Command::Back));
        assert_eq!(typed("e"), Typed::Command(Command::Extend { ms: 60_000 }));
        assert_eq!(typed("q"), Typed::Command(Command::Quit(QuitReason::User)));
        assert_eq!(typed("?"), Typed::Help);
        assert_eq!(typed("stop please"), Typed::Help);
    }
}
