//! Boxes drawn over the screen: the keys, and the question before ending a session.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};

use super::keys::HELP;
use super::palette::Palette;

/// A box in the middle of `area`, at most `width` by `height`, cleared and framed.
fn boxed(
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    palette: &Palette,
    buf: &mut Buffer,
) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    let frame = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    Clear.render(frame, buf);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(palette.quiet)
        .title(Line::styled(format!(" {title} "), palette.notice));
    let inner = block.inner(frame);
    block.render(frame, buf);
    inner
}

pub(super) fn draw_help(area: Rect, buf: &mut Buffer, palette: &Palette) {
    let lines: Vec<Line> = HELP
        .iter()
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(format!("{key:<8}"), palette.title),
                Span::raw(*what),
            ])
        })
        .collect();
    let inner = boxed(area, 44, HELP.len() as u16 + 2, "keys", palette, buf);
    Paragraph::new(lines).render(inner, buf);
}

pub(super) fn draw_confirm_quit(area: Rect, buf: &mut Buffer, palette: &Palette) {
    let inner = boxed(area, 40, 4, "end the session?", palette, buf);
    Paragraph::new(vec![
        Line::raw("q again to end"),
        Line::styled("any other key to carry on", palette.quiet),
    ])
    .alignment(Alignment::Center)
    .render(inner, buf);
}
