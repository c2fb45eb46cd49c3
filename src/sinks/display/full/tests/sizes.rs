//! The screen at the sizes terminals have, with a step whose title and instructions are
//! longer than any of them holds: what each part is given, that text is shortened at a word
//! with an ellipsis, and that no row stays blank while something is left out.

use std::time::Duration;

use super::{Replay, screen_at, started};
use crate::sinks::display::full::render::{MIN_TEXT_ROWS, full_rows};
use crate::sinks::display::full::wrap::WrapCache;
use crate::sinks::display::keys::{BINDINGS, Key, first_key};

const NAME: &str = "A Long Restorative Psoas Practice For The Evening Hours";
const TITLE: &str =
    "Long exhales with the knees bent and the feet flat on the floor, hip width apart";
const TEXT: &str = "Lie on your back with your knees bent and your feet flat on the floor, hip \
    width apart. Let your arms rest by your sides, palms up. Breathe in for four and out for \
    six, letting the out-breath be soft and unhurried, like a sigh that takes its time. Each \
    time you breathe out, let the lower back settle a little more into the floor, and let the \
    front of the hips soften. There is nothing to achieve here: only the breath, the floor, \
    and the slow release of the deep muscles of the hips.";

/// The sizes looked at: the most common terminal, a larger one, and two small ones.
const SIZES: [(u16, u16); 4] = [(80, 24), (100, 30), (40, 12), (20, 5)];

/// Two seconds into the first inhale of a long breathing step.
const AT_MS: u64 = 2_000;

fn long_step() -> Replay {
    started(&format!(
        r#"
version = 1
name = "{NAME}"
[[steps]]
title = "{TITLE}"
duration = "5m"
breath = {{ inhale = "4s", exhale = "6s" }}
text = "{TEXT}"
[[steps]]
title = "Rest"
duration = "1m"
text = "Let the breath go back to its own rhythm."
"#
    ))
}

/// The rows of a screen as `screen_at` writes them, without the mark at their ends.
fn rows(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .map(|row| row.strip_suffix('|').unwrap_or(row))
        .collect()
}

/// The parts of a row set apart by two spaces or more, as the name and the step's number.
fn parts(row: &str) -> impl Iterator<Item = &str> {
    row.split("  ")
        .map(str::trim)
        .filter(|part| !part.is_empty())
}

/// Every part of the screen taken from `texts` starts and ends at a word of its text; how
/// many such parts there are.
fn assert_whole_words(screen: &str, texts: &[&str]) -> usize {
    let mut found = 0;
    for part in rows(screen).into_iter().flat_map(parts) {
        let words = part.trim_end_matches('…').trim_end();
        if words.chars().count() < 8 {
            continue;
        }
        for text in texts {
            let Some(at) = text.find(words) else {
                continue;
            };
            found += 1;
            let before = text[..at].chars().next_back();
            let after = text[at + words.len()..].chars().next();
            assert!(
                before.is_none_or(char::is_whitespace),
                "{part:?} starts inside a word:\n{screen}"
            );
            assert!(
                after.is_none_or(char::is_whitespace),
                "{part:?} ends inside a word:\n{screen}"
            );
        }
    }
    found
}

#[test]
fn a_long_breathing_step_at_each_size() {
    for (width, height) in SIZES {
        let mut state = long_step();
        let screen = screen_at(&mut state, AT_MS, width, height);
        insta::assert_snapshot!(format!("long_step_{width}x{height}"), screen);
    }
}

#[test]
fn the_boxes_at_each_size() {
    for (width, height) in SIZES {
        let mut state = long_step();
        state.on_key(Key::Help, Duration::from_millis(AT_MS));
        let help = screen_at(&mut state, AT_MS, width, height);
        insta::assert_snapshot!(format!("help_{width}x{height}"), help);
        assert_whole_box(&help);
        state.on_key(Key::Other, Duration::from_millis(AT_MS));
        state.on_key(Key::Quit, Duration::from_millis(AT_MS));
        let quit = screen_at(&mut state, AT_MS, width, height);
        insta::assert_snapshot!(format!("quit_{width}x{height}"), quit);
        assert_whole_box(&quit);
        assert!(
            quit.contains(&format!("{} again to end", first_key(Key::Quit))),
            "{quit}"
        );
    }
}

/// A box has its four corners, and each row between them its two sides, none cut off.
fn assert_whole_box(screen: &str) {
    let rows = rows(screen);
    let top = rows.iter().position(|r| r.contains('╭')).expect("a box");
    let bottom = rows
        .iter()
        .position(|r| r.contains('╰'))
        .expect("its bottom");
    let column = |row: &str, c| row.chars().position(|x| x == c);
    let (left, right) = (column(rows[top], '╭'), column(rows[top], '╮'));
    assert!(right.is_some(), "the top right corner:\n{screen}");
    assert_eq!(column(rows[bottom], '╰'), left, "{screen}");
    assert_eq!(column(rows[bottom], '╯'), right, "{screen}");
    for row in &rows[top + 1..bottom] {
        let sides: Vec<usize> = row
            .chars()
            .enumerate()
            .filter(|&(_, c)| c == '│')
            .map(|(n, _)| n)
            .collect();
        assert_eq!(sides, [left, right].map(Option::unwrap), "{screen}");
    }
}

#[test]
fn the_small_help_names_the_keys_as_the_table_does() {
    let mut state = long_step();
    state.on_key(Key::Help, Duration::from_millis(AT_MS));
    let help = screen_at(&mut state, AT_MS, 20, 5);
    let inside: Vec<&str> = rows(&help)[1..4]
        .iter()
        .map(|row| row.split('│').nth(1).expect("inside the box").trim())
        .collect();
    for (row, binding) in inside.iter().zip(&BINDINGS) {
        let key = first_key(binding.key);
        assert!(row.starts_with(&format!("{key} ")), "{row:?}:\n{help}");
    }
    assert!(inside[2].ends_with('…'), "more keys than rows:\n{help}");
}

#[test]
fn at_80_by_24_the_time_is_in_the_large_digits() {
    let mut state = long_step();
    let screen = state.screen(Duration::from_millis(AT_MS), 80);
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let (shares, text) = full_rows(area, &screen, &mut WrapCache::default()).expect("full");
    let scale = shares.scale.expect("a time");
    assert_eq!(scale.height(), 10, "{shares:?}");
    assert!(text.len() >= usize::from(MIN_TEXT_ROWS), "{text:?}");
    // Drawn, too: ten rows of digits and one of the bar.
    let drawn = screen_at(&mut state, AT_MS, 80, 24);
    let solid = rows(&drawn).iter().filter(|r| r.contains('█')).count();
    assert_eq!(solid, 11, "{drawn}");
}

#[test]
fn text_is_shortened_at_a_word_with_an_ellipsis() {
    for (width, height) in SIZES {
        let mut state = long_step();
        let screen = screen_at(&mut state, AT_MS, width, height);
        let found = assert_whole_words(&screen, &[NAME, TITLE, TEXT]);
        let texts = if height > 5 { 3 } else { 1 };
        assert!(found >= texts, "{width}x{height}: {found} parts:\n{screen}");
        assert!(screen.contains('…'), "{width}x{height}:\n{screen}");
        assert!(!screen.contains("Hoursstep"), "{screen}");
    }
    // What fits is not shortened.
    let mut state = long_step();
    let rest = screen_at(&mut state, 300_500, 80, 24);
    assert!(
        rest.contains("Let the breath go back to its own rhythm.|"),
        "{rest}"
    );
    assert!(!rest.contains('…'), "{rest}");
}

/// Below the full layout every row holds something while the instructions are shortened;
/// in it, only the blank rows between its groups stay.
#[test]
fn no_row_is_blank_while_something_is_left_out() {
    for (width, height) in [(40, 12), (20, 5), (39, 18), (30, 9), (60, 15), (80, 24)] {
        let mut state = long_step();
        let screen = screen_at(&mut state, AT_MS, width, height);
        let blank = rows(&screen).iter().filter(|r| r.trim().is_empty()).count();
        assert!(screen.contains('…'), "{width}x{height}:\n{screen}");
        // Only the full layout names the step's number.
        let most = if screen.contains("step 1 of 2") { 3 } else { 0 };
        assert!(blank <= most, "{width}x{height}: {blank} blank:\n{screen}");
        if height >= 12 {
            assert!(screen.contains("Lie on your back"), "{screen}");
            assert!(screen.contains("inhale"), "{screen}");
            assert!(screen.contains("████"), "the bar:\n{screen}");
        }
    }
}
