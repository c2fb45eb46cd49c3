//! The time left in large digits, drawn with block characters so it can be read from the
//! floor across a room.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// How many font pixels high a glyph is.
const GLYPH_HEIGHT: u16 = 5;

/// How large the digits are drawn: each font pixel is `x` cells wide and `y` rows high.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scale {
    /// Cells per pixel across.
    pub x: u16,
    /// Rows per pixel down.
    pub y: u16,
}

impl Scale {
    /// The smallest size: digits five rows high.
    pub(crate) const SMALLEST: Scale = Scale { x: 1, y: 1 };

    /// The sizes tried, largest first; a cell is about twice as high as it is wide, so a
    /// pixel two cells wide per row is square.
    const ALL: [Scale; 5] = [
        Scale { x: 8, y: 4 },
        Scale { x: 6, y: 3 },
        Scale { x: 4, y: 2 },
        Scale { x: 2, y: 1 },
        Scale::SMALLEST,
    ];

    /// The rows the digits take at this size.
    #[must_use]
    pub(crate) fn height(self) -> u16 {
        GLYPH_HEIGHT * self.y
    }
}

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

/// The cell a lit pixel is drawn with.
const SOLID: &str = "█";

/// The cell of a stopped clock: a shade, plainly different from the solid digits of a
/// running one, in any terminal, with or without colors.
const SHADED: &str = "▒";

/// Text such as `07:12` in large digits.
pub(crate) struct BigDigits<'a> {
    text: &'a str,
    style: Style,
    cell: &'static str,
}

impl<'a> BigDigits<'a> {
    /// Large digits for `text` (digits and colons).
    #[must_use]
    pub(crate) fn new(text: &'a str, style: Style) -> Self {
        Self {
            text,
            style,
            cell: SOLID,
        }
    }

    /// The same digits drawn in a shade, for a clock that has stopped.
    #[must_use]
    pub(crate) fn shaded(self) -> Self {
        Self {
            cell: SHADED,
            ..self
        }
    }

    /// The width in cells at `scale`, with a blank pixel column between glyphs.
    #[must_use]
    pub(crate) fn width(text: &str, scale: Scale) -> u16 {
        let pixels: u16 = text.chars().map(|c| glyph(c)[0].len() as u16).sum();
        let gaps = text.chars().count().saturating_sub(1) as u16;
        pixels * scale.x + gaps * scale.y
    }

    /// The largest size at which `text` fits in `width` by `height` cells, if any.
    #[must_use]
    pub(crate) fn fit(text: &str, width: u16, height: u16) -> Option<Scale> {
        Scale::ALL
            .into_iter()
            .find(|&scale| Self::width(text, scale) <= width && scale.height() <= height)
    }
}

impl Widget for BigDigits<'_> {
    /// Draws the digits as large as fit, in the middle of `area`.
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(scale) = Self::fit(self.text, area.width, area.height) else {
            return;
        };
        let left = area.x + (area.width - Self::width(self.text, scale)) / 2;
        let top = area.y + (area.height - scale.height()) / 2;
        for (row, y) in (top..top + scale.height()).enumerate() {
            let row = row / usize::from(scale.y);
            let mut x = left;
            for c in self.text.chars() {
                for pixel in glyph(c)[row].chars() {
                    for _ in 0..scale.x {
                        if pixel == '#' {
                            buf[(x, y)].set_symbol(self.cell).set_style(self.style);
                        }
                        x += 1;
                    }
                }
                x += scale.y;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(text: &str, width: u16, height: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        BigDigits::new(text, Style::default()).render(area, &mut buf);
        (0..height)
            .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect()
    }

    #[test]
    fn draws_square_pixels_when_there_is_room() {
        let scale = Scale { x: 2, y: 1 };
        assert_eq!(BigDigits::width("10:05", scale), 4 * 6 + 2 + 4);
        let rows = draw("10:05", 30, 5);
        assert_eq!(rows[0], "  ██   ██████    ██████ ██████");
        assert_eq!(rows[1], "████   ██  ██ ██ ██  ██ ██    ");
        assert_eq!(rows[4], "██████ ██████    ██████ ██████");
    }

    #[test]
    fn grows_with_the_room_and_gives_up_without_it() {
        assert_eq!(BigDigits::fit("10:05", 200, 60), Some(Scale { x: 8, y: 4 }));
        assert_eq!(BigDigits::fit("10:05", 200, 19), Some(Scale { x: 6, y: 3 }));
        assert_eq!(BigDigits::fit("10:05", 80, 12), Some(Scale { x: 4, y: 2 }));
        assert_eq!(BigDigits::fit("10:05", 29, 5), Some(Scale::SMALLEST));
        assert_eq!(BigDigits::fit("10:05", 16, 5), None);
        assert_eq!(BigDigits::fit("10:05", 80, 4), None);
        assert_eq!(
            draw("10:05", 17, 5)[2],
            " #  # #   # # ###".replace('#', "█")
        );
        assert!(draw("10:05", 16, 5).iter().all(|row| row.trim().is_empty()));
        let tall = draw("1", 12, 10);
        let area = Rect::new(0, 0, 12, 10);
        let mut buf = Buffer::empty(area);
        BigDigits::new("1", Style::default())
            .shaded()
            .render(area, &mut buf);
        assert_eq!(buf[(0, 9)].symbol(), "▒", "a stopped clock is shaded");
        assert_eq!(tall[0], tall[1], "each pixel two rows high");
        assert_eq!(tall[0], "    ████    ");
        assert_eq!(tall[9], "████████████");
    }
}
