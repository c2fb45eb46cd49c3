//! The time left in large digits, drawn with block characters so it can be read from the
//! floor across a room.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// How many rows the large digits take.
pub const HEIGHT: u16 = 5;

/// Each glyph is 3 pixels wide and 5 high; `#` is lit.
fn glyph(c: char) -> [&'static str; 5] {
    match c {
        '0' => ["###", "# #", "# #", "# #", "###"],
        '1' => [" # ", "## ", " # ", " # ", "###"],
        '2' => ["###", "  #", "###", "#  ", "###"],
        '3' => ["###", "  #", " ##", "  #", "###"],
        '4' => ["# #", "# #", "###", "  #", "  #"],
        '5' => ["###", "#  ", "###", "  #", "###"],
        '6' => ["###", "#  ", "###", "# #", "###"],
        '7' => ["###", "  #", "  #", "  #", "  #"],
        '8' => ["###", "# #", "###", "# #", "###"],
        '9' => ["###", "# #", "###", "  #", "###"],
        ':' => [" ", "#", " ", "#", " "],
        _ => [" ", " ", " ", " ", " "],
    }
}

/// Text such as `07:12` in large digits.
pub struct BigDigits<'a> {
    text: &'a str,
    style: Style,
}

impl<'a> BigDigits<'a> {
    /// Large digits for `text` (digits and colons).
    #[must_use]
    pub fn new(text: &'a str, style: Style) -> Self {
        Self { text, style }
    }

    /// The width in cells with each pixel `scale` cells wide, one blank column between glyphs.
    #[must_use]
    pub fn width(text: &str, scale: u16) -> u16 {
        let pixels: u16 = text.chars().map(|c| glyph(c)[0].len() as u16).sum();
        let gaps = text.chars().count().saturating_sub(1) as u16;
        pixels * scale + gaps
    }

    /// The widest pixel scale (2, else 1) at which `text` fits in `width`, if any.
    #[must_use]
    pub fn scale_for(text: &str, width: u16) -> Option<u16> {
        [2, 1]
            .into_iter()
            .find(|&scale| Self::width(text, scale) <= width)
    }
}

impl Widget for BigDigits<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(scale) = Self::scale_for(self.text, area.width) else {
            return;
        };
        let left = area.x + (area.width - Self::width(self.text, scale)) / 2;
        for (row, y) in (area.y..area.bottom()).take(HEIGHT as usize).enumerate() {
            let mut x = left;
            for c in self.text.chars() {
                for pixel in glyph(c)[row].chars() {
                    for _ in 0..scale {
                        if pixel == '#' {
                            buf[(x, y)].set_symbol("█").set_style(self.style);
                        }
                        x += 1;
                    }
                }
                x += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(text: &str, width: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, HEIGHT);
        let mut buf = Buffer::empty(area);
        BigDigits::new(text, Style::default()).render(area, &mut buf);
        (0..HEIGHT)
            .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect()
    }

    #[test]
    fn draws_doubled_pixels_when_there_is_room() {
        assert_eq!(BigDigits::width("10:05", 2), 4 * 6 + 2 + 4);
        let rows = draw("10:05", 30);
        assert_eq!(rows[0], "  ██   ██████    ██████ ██████");
        assert_eq!(rows[1], "████   ██  ██ ██ ██  ██ ██    ");
        assert_eq!(rows[4], "██████ ██████    ██████ ██████");
    }

    #[test]
    fn narrows_then_gives_up() {
        assert_eq!(BigDigits::scale_for("10:05", 29), Some(1));
        assert_eq!(draw("10:05", 17)[2], " #  # #   # # ###".replace('#', "█"));
        assert_eq!(BigDigits::scale_for("10:05", 16), None);
        assert!(draw("10:05", 16).iter().all(|row| row.trim().is_empty()));
    }
}
