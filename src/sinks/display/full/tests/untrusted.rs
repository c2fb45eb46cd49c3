//! Texts from routine files are anyone's: whatever they hold (zero-width spaces, wide
//! characters, a mebibyte of words), the layout stays whole and a frame costs little.

use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{ROUTINE, screen_at, started};
use crate::sinks::display::full::palette::Palette;
use crate::sinks::display::full::render::render;
use crate::sinks::display::full::wrap::WrapCache;

const TEXT: &str = "Lie down and let the floor hold you.";

/// The routine with `title` for its first step's and `text` in its instructions.
fn with_first_step(title: &str, text: &str) -> String {
    let routine = ROUTINE
        .replace("title = \"Arrive\"", &format!("title = \"{title}\""))
        .replace(TEXT, text);
    assert_ne!(routine, ROUTINE);
    routine
}

/// A zero-width space after a word as wide as the row (its instructions and its title)
/// takes no room: the screen is the one without it, at every width.
#[test]
fn a_zero_width_space_after_a_long_word_takes_no_room() {
    for width in [40, 80, 120] {
        let long = "a".repeat(usize::from(width) - 4);
        let plain = with_first_step(&format!("Arrive {long}"), &format!("{long} {TEXT} {long}"));
        let spaced = with_first_step(
            &format!("Arrive {long}\u{200b}"),
            &format!("{long} \u{200b} {TEXT} {long}\u{200b}"),
        );
        let plain = screen_at(&mut started(&plain), 2_000, width, 24);
        let spaced = screen_at(&mut started(&spaced), 2_000, width, 24);
        assert_eq!(spaced, plain, "at {width} columns");
        // The large time keeps its place under the words.
        assert!(spaced.contains('█'), "{spaced}");
    }
}

fn mebibyte_of_words() -> String {
    let words = "soften the belly and let the breath go ".repeat(27_000);
    assert!(words.len() > 1_000_000);
    words
}

#[test]
fn a_mebibyte_of_instructions_shows_what_fits_and_says_there_is_more() {
    let mut state = started(&with_first_step("Arrive", &mebibyte_of_words()));
    let screen = screen_at(&mut state, 2_000, 80, 24);
    assert!(screen.contains("soften the belly"), "{screen}");
    assert!(screen.contains('…'), "{screen}");
    assert!(screen.contains('█'), "{screen}");
}

/// Frames of a step with a mebibyte of instructions: the text is shared, not copied, into
/// each screen, and laid out only as far as it is shown, so a frame takes about as long as
/// one of a step with a line of text.
#[test]
fn a_long_text_costs_a_frame_little() {
    let mut long = started(&with_first_step("Arrive", &mebibyte_of_words()));
    let first = long.screen(Duration::from_secs(2), 80);
    let again = long.screen(Duration::from_secs(3), 80);
    let (first, again) = (first.step.expect("a step"), again.step.expect("a step"));
    assert!(Arc::ptr_eq(&first.text, &again.text), "the text was copied");
    let mut short = started(ROUTINE);
    let (short, long) = (frames(&mut short), frames(&mut long));
    // Laying the whole text out at every frame took tens of milliseconds more for each.
    assert!(
        long < short * 3 + Duration::from_millis(20),
        "{long:?} against {short:?}"
    );
}

/// How long twenty frames take to draw, as the display draws them one after another: the
/// quickest of a few tries, so that a busy machine slows both alike.
fn frames(state: &mut super::Replay) -> Duration {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    let mut layout = WrapCache::default();
    let palette = Palette::calm();
    (0..3)
        .map(|_| {
            let start = Instant::now();
            for n in 0..20 {
                let screen = state.screen(Duration::from_millis(2_000 + n * 50), 80);
                terminal
                    .draw(|frame| render(frame, &screen, &palette, &mut layout))
                    .expect("drawn");
            }
            start.elapsed()
        })
        .min()
        .expect("tried")
}

/// Long words, zero-width spaces and wide characters in every text a routine gives, on
/// screens from tiny to wide: each is drawn whole, with the time left on it.
#[test]
fn every_size_of_screen_takes_any_text() {
    let long = "a".repeat(300);
    let text = format!(
        "{long} \u{200b} 日本語の文 {} {}",
        "\u{200b}".repeat(50),
        mebibyte_of_words()
    );
    let routine = with_first_step(&format!("{long}\u{200b}日本"), &text);
    let mut state = started(&routine);
    for (width, height) in [
        (1, 1),
        (12, 4),
        (30, 8),
        (39, 18),
        (40, 19),
        (80, 24),
        (200, 60),
    ] {
        let screen = screen_at(&mut state, 2_000, width, height);
        if height >= 4 {
            assert!(screen.contains("aaaa"), "{width}x{height}:\n{screen}");
            assert!(
                screen.contains("00:0") || screen.contains('█'),
                "{width}x{height}:\n{screen}"
            );
        }
    }
}
