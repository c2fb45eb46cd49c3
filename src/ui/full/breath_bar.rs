//! The breath bar: it grows out from its middle on the inhale, stays full on the hold, and
//! shrinks back on the exhale, in half-cell steps so it moves smoothly.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// Cells left free at each end of the bar.
const MARGIN: u16 = 2;

/// How many half cells each side of the bar holds on a screen `width` cells wide.
#[must_use]
pub fn reach(width: u16) -> u16 {
    width.saturating_sub(2 * MARGIN) / 2 * 2
}

/// A bar filled `fill` half cells out of `reach` on each side of its middle.
pub struct BreathBar {
    fill: u16,
    style: Style,
}

impl BreathBar {
    /// A bar `fill` half cells out from the middle on each side.
    #[must_use]
    pub fn new(fill: u16, style: Style) -> Self {
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
        let (whole, half) = (fill / 2, fill % 2 == 1);
        for y in area.y..area.bottom() {
            let mut put = |x: u16, symbol: &str| {
                buf[(x, y)].set_symbol(symbol).set_style(self.style);
            };
            for offset in 0..whole {
                put(middle + offset, "█");
                put(middle - 1 - offset, "█");
            }
            if half {
                put(middle + whole, "▌");
                put(middle - 1 - whole, "▐");
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

    fn draw(fill: u16) -> String {
        let area = Rect::new(0, 0, 12, 1);
        let mut buf = Buffer::empty(area);
        BreathBar::new(fill, Style::default()).render(area, &mut buf);
        (0..12).map(|x| buf[(x, 0)].symbol()).collect()
    }

    #[test]
    fn grows_from_the_middle_in_half_cells() {
        assert_eq!(reach(12), 8);
        assert_eq!(draw(0), "      ·     ");
        assert_eq!(draw(1), "     ▐▌     ");
        assert_eq!(draw(2), "     ██     ");
        assert_eq!(draw(3), "    ▐██▌    ");
        assert_eq!(draw(8), "  ████████  ");
        assert_eq!(draw(99), "  ████████  ");
    }
}
