//! Making routine text safe to show: a routine shared by someone else must not be able to
//! drive the terminal, so escape sequences and control characters are removed on load.

/// Removes terminal escape sequences (CSI, OSC, DCS and the rest) and the characters that
/// could drive a terminal or reorder a line (`untrusted::drives_terminal`, the one list),
/// keeping line breaks; tabs become spaces.
#[must_use]
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\u{1b}' => skip_escape(&mut chars),
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if crate::untrusted::drives_terminal(c) => {}
            c => out.push(c),
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After ESC: the kind of sequence is named by the next character.
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // Intermediate bytes, then one final byte (for example ESC ( B).
        Some(' '..='/') => {
            while chars.next_if(|c| (' '..='/').contains(c)).is_some() {}
            chars.next();
        }
        _ => {}
    }
}

/// A control sequence: parameter and intermediate bytes, then one final byte.
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            return;
        }
        if !(' '..='?').contains(&c) {
            return;
        }
    }
}

/// A string sequence (OSC, DCS, ...): ends at BEL, ST, or ESC \.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn keeps_plain_text_and_line_breaks() {
        assert_eq!(
            sanitize("Rest.\nBreathe out\tslowly."),
            "Rest.\nBreathe out slowly."
        );
        assert_eq!(sanitize("Lâchez prise 🌿"), "Lâchez prise 🌿");
    }

    #[test]
    fn removes_escape_sequences_whole() {
        assert_eq!(sanitize("a\u{1b}[2J\u{1b}[31mb"), "ab");
        assert_eq!(sanitize("a\u{1b}]0;owned\u{7}b"), "ab");
        assert_eq!(
            sanitize("a\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\b"),
            "alinkb"
        );
        assert_eq!(sanitize("a\u{1b}Pq#0\u{1b}\\b"), "ab");
        assert_eq!(sanitize("a\u{1b}(Bb\u{1b}7c"), "abc");
        assert_eq!(sanitize("a\u{9b}31mb"), "ab");
    }

    #[test]
    fn removes_lone_control_characters() {
        assert_eq!(sanitize("a\u{7}b\u{8}c\rd\u{0}e\u{7f}f"), "abcdef");
        assert_eq!(sanitize("unterminated \u{1b}]0;title"), "unterminated ");
        assert_eq!(sanitize("a\u{202e}b\u{2067}c\u{2069}"), "abc");
    }
}
