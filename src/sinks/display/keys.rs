//! Which key does what, as one table: the full screen's keys, the words typed in the plain
//! display, the `?` box and the README's table of keys all read [`BINDINGS`]. Adding a key
//! or a typed word is a change to one row. The keys are large, forgiving targets for
//! someone reaching over from the floor: the space bar, arrows, and a letter for each.

use crate::session::{Command, QuitReason};

/// How long "one more minute" adds.
pub const EXTEND_MS: u64 = 60_000;

/// A quit question that is not answered within this long goes away by itself, on the full
/// screen and in the plain display. It outlasts the question said aloud (about six seconds)
/// with time left to reach for the key.
pub const CONFIRM_QUIT_FOR: std::time::Duration = std::time::Duration::from_secs(15);

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Pause, or resume when paused.
    TogglePause,
    /// Go on to the next step.
    Next,
    /// Restart the step; twice quickly, the previous step.
    Back,
    /// One more minute in this step.
    Extend,
    /// Louder.
    Louder,
    /// Softer.
    Softer,
    /// Mute, or unmute when muted.
    Mute,
    /// Say and show where the session is.
    WhereAmI,
    /// End the session: on the full screen, a first press asks and a second ends it.
    Quit,
    /// Esc: closes the box on screen; with none open, asks to end the session as quit does.
    Escape,
    /// Show or hide the keys.
    Help,
    /// Ctrl-C: end now, as the signal would.
    Interrupt,
    /// Any other key, a foot pedal's too: ready, for a step that waits; with a box open, it
    /// only closes the box.
    Other,
}

/// A key as the table names it. Letters match in either case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyName {
    /// A character key.
    Char(char),
    /// The arrow keys.
    Left,
    /// →
    Right,
    /// ↑
    Up,
    /// ↓
    Down,
    /// The escape key.
    Esc,
    /// A letter with Control held.
    Ctrl(char),
    /// Every key no other row names, as the table writes it: never pressed as such.
    AnyOther,
}

impl KeyName {
    /// The key as people write it: "space", "p", "→", "Esc", "Ctrl-C".
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::Char(' ') => "space".to_owned(),
            Self::Char(c) => c.to_string(),
            Self::Left => "←".to_owned(),
            Self::Right => "→".to_owned(),
            Self::Up => "↑".to_owned(),
            Self::Down => "↓".to_owned(),
            Self::Esc => "Esc".to_owned(),
            Self::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Self::AnyOther => "any other key".to_owned(),
        }
    }
}

/// One row of the table.
#[derive(Debug)]
pub struct Binding {
    /// What the keys ask for.
    pub key: Key,
    /// The keys on the full screen, the first the one to remember.
    pub keys: &'static [KeyName],
    /// What can be typed, then Enter, in the plain display (none: not there).
    pub typed: &'static [&'static str],
    /// A few words for the `?` box and the plain display's list of keys.
    pub help: &'static str,
    /// Other words for the plain display's list, where a typed line does something else.
    pub typed_help: Option<&'static str>,
    /// How the full screen's line of hints names it.
    pub hint: Hint,
    /// What it does, in full, for the README.
    pub description: &'static str,
}

/// Whether the full screen's line of hints shows a key, and in which word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// Always, even on a narrow screen.
    Always(&'static str),
    /// Where the line has room.
    Wide(&'static str),
    /// Only in the `?` box.
    Never,
}

/// Every key binding, in the order the help shows them.
pub const BINDINGS: [Binding; 13] = [
    Binding {
        key: Key::TogglePause,
        keys: &[KeyName::Char(' '), KeyName::Char('p')],
        // Enter alone pauses and resumes too.
        typed: &["p", "", "pause", "resume"],
        help: "pause / resume",
        typed_help: None,
        hint: Hint::Always("pause"),
        description: "pause, and carry on (paused time is not counted as practice)",
    },
    Binding {
        key: Key::Next,
        keys: &[KeyName::Char('n'), KeyName::Right],
        typed: &["n", "next"],
        help: "next step",
        typed_help: None,
        hint: Hint::Wide("next"),
        description: "the next step",
    },
    Binding {
        key: Key::Back,
        keys: &[KeyName::Char('b'), KeyName::Left],
        typed: &["b", "back"],
        help: "restart step (twice: previous)",
        typed_help: None,
        hint: Hint::Wide("back"),
        description: "start this step again; twice quickly, the step before",
    },
    Binding {
        key: Key::Extend,
        keys: &[KeyName::Char('e'), KeyName::Char('+')],
        typed: &["e", "+", "extend"],
        help: "one more minute",
        typed_help: None,
        hint: Hint::Wide("+1 min"),
        description: "one more minute in this step; everything after it moves later",
    },
    Binding {
        key: Key::Louder,
        keys: &[KeyName::Up, KeyName::Char(']')],
        typed: &["u", "up", "louder"],
        help: "louder",
        typed_help: None,
        hint: Hint::Never,
        description: "louder",
    },
    Binding {
        key: Key::Softer,
        keys: &[KeyName::Down, KeyName::Char('[')],
        typed: &["d", "down", "softer"],
        help: "softer",
        typed_help: None,
        hint: Hint::Never,
        description: "softer",
    },
    Binding {
        key: Key::Mute,
        keys: &[KeyName::Char('m')],
        typed: &["m", "mute"],
        help: "mute / unmute",
        typed_help: None,
        hint: Hint::Never,
        description: "mute, and unmute",
    },
    Binding {
        key: Key::WhereAmI,
        keys: &[KeyName::Char('w')],
        typed: &["w", "where"],
        help: "where am I",
        typed_help: None,
        hint: Hint::Wide("where"),
        description: "where am I: spoken and shown, such as \"minute 12 of 20, Rest\"",
    },
    Binding {
        key: Key::Quit,
        keys: &[KeyName::Char('q')],
        typed: &["q", "quit", "end"],
        help: "end (press twice)",
        typed_help: Some("end"),
        hint: Hint::Wide("end"),
        description: "end the session: a first press asks, on screen and aloud, and a second \
            ends it, so a stray key never does",
    },
    Binding {
        key: Key::Escape,
        keys: &[KeyName::Esc],
        typed: &[],
        help: "close a box; else as q",
        typed_help: None,
        hint: Hint::Never,
        description: "close the box on screen; with none open, ask to end the session as `q` \
            does (only `q` then ends it)",
    },
    Binding {
        key: Key::Help,
        keys: &[KeyName::Char('?'), KeyName::Char('h')],
        typed: &["?", "help"],
        help: "this help",
        typed_help: None,
        hint: Hint::Always("keys"),
        description: "the keys",
    },
    Binding {
        key: Key::Interrupt,
        keys: &[KeyName::Ctrl('c')],
        typed: &[],
        help: "end now",
        typed_help: None,
        hint: Hint::Never,
        description: "end now (exit code 130)",
    },
    Binding {
        key: Key::Other,
        keys: &[KeyName::AnyOther],
        typed: &[],
        help: "ready, when a step waits",
        typed_help: None,
        hint: Hint::Never,
        description: "ready: a step that waits for you moves on (a foot pedal will do); with a \
            box open, it only closes the box",
    },
];

/// The key to remember for `key`, as people write it: "space" for pause.
#[must_use]
pub fn first_key(key: Key) -> String {
    BINDINGS
        .iter()
        .find(|b| b.key == key)
        .and_then(|b| b.keys.first())
        .map_or_else(String::new, |k| k.label())
}

/// The full screen's line of hints: every key it names, or on a narrow screen only the
/// ones it always names.
#[must_use]
pub fn hints(wide: bool) -> String {
    let shown: Vec<String> = BINDINGS
        .iter()
        .filter_map(|b| {
            match b.hint {
                Hint::Always(word) => Some(word),
                Hint::Wide(word) if wide => Some(word),
                Hint::Wide(_) | Hint::Never => None,
            }
            .map(|word| format!("{} {word}", first_key(b.key)))
        })
        .collect();
    shown.join(" · ")
}

impl Binding {
    /// The keys as people write them, joined: "n  →".
    #[must_use]
    pub fn keys_label(&self, separator: &str) -> String {
        let labels: Vec<String> = self.keys.iter().map(|k| k.label()).collect();
        labels.join(separator)
    }
}

impl Key {
    /// What a pressed key means: the row it is in, else [`Key::Other`].
    #[must_use]
    pub fn of(pressed: KeyName) -> Self {
        let same = |named: &KeyName| match (*named, pressed) {
            (KeyName::Char(a), KeyName::Char(b)) | (KeyName::Ctrl(a), KeyName::Ctrl(b)) => {
                a.eq_ignore_ascii_case(&b)
            }
            (named, pressed) => named == pressed,
        };
        BINDINGS
            .iter()
            .find(|b| b.keys.iter().any(same))
            .map_or(Self::Other, |b| b.key)
    }

    /// What a line typed in the plain display means; `None` when it means nothing.
    #[must_use]
    pub fn typed(line: &str) -> Option<Self> {
        let word = line.trim().to_lowercase();
        BINDINGS
            .iter()
            .find(|b| b.typed.contains(&word.as_str()))
            .map(|b| b.key)
    }

    /// The session command this key asks for by itself; `None` for the keys the display
    /// answers first (help, and quit and Esc, which open the question before ending).
    #[must_use]
    pub fn command(self) -> Option<Command> {
        Some(match self {
            Self::TogglePause => Command::TogglePause,
            Self::Next => Command::Next,
            Self::Back => Command::Back,
            Self::Extend => Command::Extend { ms: EXTEND_MS },
            Self::Louder => Command::VolumeUp,
            Self::Softer => Command::VolumeDown,
            Self::Mute => Command::ToggleMute,
            Self::WhereAmI => Command::WhereAmI,
            Self::Interrupt => Command::Quit(QuitReason::Signal(2)),
            Self::Other => Command::AnyKey,
            Self::Quit | Self::Escape | Self::Help => return None,
        })
    }
}

/// What can be typed in the plain display, in one line.
#[must_use]
pub fn typed_help() -> String {
    let keys: Vec<String> = BINDINGS
        .iter()
        .filter_map(|b| {
            let help = b.typed_help.unwrap_or(b.help);
            b.typed.first().map(|word| format!("{word} {help}"))
        })
        .collect();
    format!(
        "keys, each followed by Enter (Enter alone pauses): {}",
        keys.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_means_one_thing_and_every_row_can_be_reached() {
        for binding in &BINDINGS {
            for &name in binding.keys {
                assert_eq!(Key::of(name), binding.key, "{}", name.label());
            }
            for word in binding.typed {
                assert_eq!(Key::typed(word), Some(binding.key), "{word:?}");
            }
            assert!(!binding.keys.is_empty() && !binding.help.is_empty());
        }
        assert_eq!(Key::of(KeyName::Char('P')), Key::TogglePause);
        assert_eq!(Key::of(KeyName::Char('x')), Key::Other);
        assert_eq!(Key::of(KeyName::Ctrl('n')), Key::Other);
        assert_eq!(Key::typed(" N "), Some(Key::Next));
        assert_eq!(Key::typed("stop please"), None);
    }

    #[test]
    fn keys_become_commands() {
        assert_eq!(
            Key::Extend.command(),
            Some(Command::Extend { ms: EXTEND_MS })
        );
        assert_eq!(
            Key::Interrupt.command(),
            Some(Command::Quit(QuitReason::Signal(2)))
        );
        assert_eq!(Key::Quit.command(), None);
        assert_eq!(Key::Escape.command(), None);
        assert_eq!(Key::Other.command(), Some(Command::AnyKey));
        assert!(typed_help().contains("w where am I"), "{}", typed_help());
        // A typed q ends at once: the line was already deliberate.
        assert!(typed_help().contains("q end,"), "{}", typed_help());
    }
}
