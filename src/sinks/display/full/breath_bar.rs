//! The breath bar: it grows out from its middle on the inhale, stays full on the hold, and
//! shrinks back on the exhale, a cell at a time on each side.
//!
//! Its reach is capped: a bar as wide as a wide screen would need more frames to move
//! smoothly (each frame costs CPU and bytes to the terminal), and a narrower one is calmer.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// Cells left free at each end of the bar.
const MARGIN: u16 = 2;

/// The most cells the bar reaches on each side of its middle.
const MAX_REACH: u16 = 32;

/// How many cells each side of the bar holds on a screen `width` cells wide.
#[must_use]
pub(crate) fn reach(width: u16) -> u16 {
    (width.saturating_sub(2 * MARGIN) / 2).min(MAX_REACH)
}

/// A bar filled `fill` cells out from its middle on each side.
pub(crate) struct BreathBar {
    fill: u16,
    style: Style,
}

impl BreathBar {
    /// A bar `fill` cells out from the middle on each side.
    #[must_use]
    pub(crate) fn new(fill: u16, style: Style) -> Self {
        Self { fill, style }
    }
}

impl Widget for BreathBar {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let middle = area.x + area.width / 2;
        let fill = self.fill.min(reach(area.width));
        for y in area.y..area.bottom() {
            for offset in 0..fill {
                buf[(middle + offset, y)]
                    .set_symbol("█")
                    .set_style(self.style);
                buf[(middle - 1 - offset, y)]
                    .set_symbol("█")
                    .set_style(self.style);
            }
        }
        if fill == 0 {
            // Empty lungs still show where the breath will grow from.
            let y = area.y + area.height.saturating_sub(1) / 2;
            buf[(middle, y)].set_symbol("·").set_style(self.style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(fill: u16, width: u16) -> String {
        let area = Rect::new(0, 0, width, 1);
        let mut buf = Buffer::empty(area);
        BreathBar::new(fill, Style::default()).render(area, &mut buf);
        (0..width).map(|x| buf[(x, 0)].symbol()).collect()
    }

    #[test]
    fn grows_from_the_middle() {
        assert_eq!(reach(12), 4);
        assert_eq!(draw(0, 12), "      ·     ");
        assert_eq!(draw(1, 12), "     ██     ");
        assert_eq!(draw(3, 12), "   ██████   ");
        assert_eq!(draw(4, 12), "  ████████  ");
        assert_eq!(draw(99, 12), "  ████████  ");
    }

    #[test]
    fn reaches_no_further_than_its_cap() {
        assert_eq!(reach(80), 32);
        assert_eq!(reach(300), 32);
        assert_eq!(draw(99, 80).trim().chars().count(), 64);
    }
}
