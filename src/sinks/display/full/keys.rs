//! Terminal key presses, as the table of keys ([`crate::sinks::display::keys`]) names them.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::sinks::display::keys::{Key, KeyName};

/// What a terminal key press means; `None` for key releases.
#[must_use]
pub(crate) fn key_for(event: &KeyEvent) -> Option<Key> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let control = event.modifiers.contains(KeyModifiers::CONTROL);
    let name = match event.code {
        KeyCode::Char(c) if control => KeyName::Ctrl(c),
        _ if control => return Some(Key::Other),
        KeyCode::Char(c) => KeyName::Char(c),
        KeyCode::Left => KeyName::Left,
        KeyCode::Right => KeyName::Right,
        KeyCode::Up => KeyName::Up,
        KeyCode::Down => KeyName::Down,
        KeyCode::Esc => KeyName::Esc,
        _ => return Some(Key::Other),
    };
    Some(Key::of(name))
}

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
        assert_eq!(key_for(&press(KeyCode::Char('N'))), Some(Key::Next));
        assert_eq!(key_for(&press(KeyCode::Left)), Some(Key::Back));
        assert_eq!(key_for(&press(KeyCode::Char('e'))), Some(Key::Extend));
        assert_eq!(key_for(&press(KeyCode::Esc)), Some(Key::Escape));
        assert_eq!(key_for(&press(KeyCode::Char('q'))), Some(Key::Quit));
        assert_eq!(
            key_for(&press(KeyCode::PageDown)),
            Some(Key::Other),
            "a foot pedal"
        );
        assert_eq!(key_for(&press(KeyCode::Char('?'))), Some(Key::Help));
        assert_eq!(key_for(&press(KeyCode::Up)), Some(Key::Louder));
        assert_eq!(key_for(&press(KeyCode::Down)), Some(Key::Softer));
        assert_eq!(key_for(&press(KeyCode::Char('m'))), Some(Key::Mute));
        assert_eq!(key_for(&press(KeyCode::Char('w'))), Some(Key::WhereAmI));
        assert_eq!(key_for(&press(KeyCode::Char('x'))), Some(Key::Other));
        assert_eq!(key_for(&press(KeyCode::Enter)), Some(Key::Other));
    }

    #[test]
    fn ctrl_c_interrupts_and_other_chords_do_nothing() {
        let ctrl = |code| KeyEvent::new(code, KeyModifiers::CONTROL);
        assert_eq!(key_for(&ctrl(KeyCode::Char('c'))), Some(Key::Interrupt));
        assert_eq!(key_for(&ctrl(KeyCode::Char('n'))), Some(Key::Other));
        assert_eq!(key_for(&ctrl(KeyCode::Up)), Some(Key::Other));
        let mut release = press(KeyCode::Char('n'));
        release.kind = KeyEventKind::Release;
        assert_eq!(key_for(&release), None);
    }
}
