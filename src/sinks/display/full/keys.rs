//! Which key does what. Large, forgiving targets for someone reaching over from the floor:
//! the space bar, arrows, and a letter for each action.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

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
    /// End the session, once confirmed.
    Quit,
    /// Louder.
    Louder,
    /// Softer.
    Softer,
    /// Mute, or unmute when muted.
    Mute,
    /// Say and show where the session is.
    WhereAmI,
    /// Show or hide the keys.
    Help,
    /// Ctrl-C: end now, as the signal would.
    Interrupt,
    /// Any other key: it only closes a box that is open.
    Other,
}

/// What a terminal key press means; `None` for key releases.
#[must_use]
pub fn key_for(event: &KeyEvent) -> Option<Key> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    if event.modifiers.contains(KeyModifiers::CONTROL) {
        let interrupt = matches!(event.code, KeyCode::Char('c' | 'C'));
        return Some(if interrupt {
            Key::Interrupt
        } else {
            Key::Other
        });
    }
    Some(match event.code {
        KeyCode::Char(' ' | 'p' | 'P') => Key::TogglePause,
        KeyCode::Char('n' | 'N') | KeyCode::Right => Key::Next,
        KeyCode::Char('b' | 'B') | KeyCode::Left => Key::Back,
        KeyCode::Char('e' | 'E' | '+') => Key::Extend,
        KeyCode::Char('q' | 'Q') | KeyCode::Esc => Key::Quit,
        KeyCode::Char('?' | 'h' | 'H') => Key::Help,
        KeyCode::Up | KeyCode::Char(']') => Key::Louder,
        KeyCode::Down | KeyCode::Char('[') => Key::Softer,
        KeyCode::Char('m' | 'M') => Key::Mute,
        KeyCode::Char('w' | 'W') => Key::WhereAmI,
        _ => Key::Other,
    })
}

/// The keys and what they do, for the help box and the README.
pub const HELP: [(&str, &str); 9] = [
    ("space", "pause / resume"),
    ("n  →", "next step"),
    ("b  ←", "restart step (twice: previous)"),
    ("e", "one more minute"),
    ("↑  ↓", "louder / softer"),
    ("m", "mute / unmute"),
    ("w", "where am I"),
    ("q  esc", "end (press twice)"),
    ("?", "this help"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn maps_the_keys() {
        assert_eq!(key_for(&press(KeyCode::Char(' '))), Some(Key::TogglePause));
        assert_eq!(key_for(&press(KeyCode::Right)), Some(Key::Next));
        assert_eq!(key_for(&press(KeyCode::Char('n'))), Some(Key::Next));
        assert_eq!(key_for(&press(KeyCode::Left)), Some(Key::Back));
        assert_eq!(key_for(&press(KeyCode::Char('b'))), Some(Key::Back));
        assert_eq!(key_for(&press(KeyCode::Char('e'))), Some(Key::Extend));
        assert_eq!(key_for(&press(KeyCode::Esc)), Some(Key::Quit));
        assert_eq!(key_for(&press(KeyCode::Char('q'))), Some(Key::Quit));
        assert_eq!(key_for(&press(KeyCode::Char('?'))), Some(Key::Help));
        assert_eq!(key_for(&press(KeyCode::Up)), Some(Key::Louder));
        assert_eq!(key_for(&press(KeyCode::Down)), Some(Key::Softer));
        assert_eq!(key_for(&press(KeyCode::Char('m'))), Some(Key::Mute));
        assert_eq!(key_for(&press(KeyCode::Char('w'))), Some(Key::WhereAmI));
        assert_eq!(key_for(&press(KeyCode::Char('x'))), Some(Key::Other));
    }

    #[test]
    fn ctrl_c_interrupts_and_other_chords_do_nothing() {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(key_for(&ctrl('c')), Some(Key::Interrupt));
        assert_eq!(key_for(&ctrl('n')), Some(Key::Other));
        let mut release = press(KeyCode::Char('n'));
        release.kind = KeyEventKind::Release;
        assert_eq!(key_for(&release), None);
    }
}
