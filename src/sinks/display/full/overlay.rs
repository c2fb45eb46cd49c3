//! Boxes drawn over the screen: the keys, and the question before ending a session.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};

use super::palette::Palette;
use super::wrap::cells;
use crate::sinks::display::keys::{BINDINGS, Key, first_key};

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
    let labels: Vec<String> = BINDINGS.iter().map(|b| b.keys_label("  ")).collect();
    let width = labels.iter().map(|l| cells(l)).max().unwrap_or(0) + 2;
    let lines: Vec<Line> = BINDINGS
        .iter()
        .zip(labels)
        .map(|(binding, keys)| {
            let pad = " ".repeat(width.saturating_sub(cells(&keys)));
            Line::from(vec![
                Span::styled(keys + &pad, palette.title),
                Span::raw(binding.help),
            ])
        })
        .collect();
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    // As wide as its longest line and the frame, as far as the screen allows.
    let longest = lines.iter().map(Line::width).max().unwrap_or(0) + 2;
    let inner = boxed(
        area,
        u16::try_from(longest).unwrap_or(u16::MAX),
        height,
        "keys",
        palette,
        buf,
    );
    Paragraph::new(lines).render(inner, buf);
}

pub(super) fn draw_confirm_quit(area: Rect, buf: &mut Buffer, palette: &Palette) {
    let inner = boxed(area, 40, 4, "end the session?", palette, buf);
    Paragraph::new(vec![
        Line::raw(format!("{} again to end", first_key(Key::Quit))),
        Line::styled("any other key to carry on", palette.quiet),
    ])
    .alignment(Alignment::Center)
    .render(inner, buf);
}
