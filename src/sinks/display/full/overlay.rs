//! Boxes drawn over the screen: the keys, and the question before ending a session.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};

use super::palette::Palette;
use super::wrap::{cells, one_row};
use crate::sinks::display::keys::{BINDINGS, Hint, Key, first_key};

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

/// The `?` box: every key and what it does, as the table of keys has them. Where the screen
/// is too small for the table, one row for each key, its first name and its hint's word (or
/// its help shortened), as many as fit, the last row ending in an ellipsis when some are left
/// out: a whole box with fewer words, never a clipped one.
pub(super) fn draw_help(area: Rect, buf: &mut Buffer, palette: &Palette) {
    let labels: Vec<String> = BINDINGS.iter().map(|b| b.keys_label("  ")).collect();
    let width = labels.iter().map(|l| cells(l)).max().unwrap_or(0) + 2;
    let table: Vec<(String, &str)> = BINDINGS
        .iter()
        .zip(labels)
        .map(|(binding, keys)| {
            let pad = " ".repeat(width.saturating_sub(cells(&keys)));
            (keys + &pad, binding.help)
        })
        .collect();
    let longest = table
        .iter()
        .map(|(keys, help)| cells(keys) + cells(help))
        .max()
        .unwrap_or(0);
    let fits = |rows: usize, cols: usize| {
        rows + 2 <= usize::from(area.height) && cols + 2 <= usize::from(area.width)
    };
    let lines: Vec<Line> = if fits(table.len(), longest) {
        table
            .into_iter()
            .map(|(keys, help)| {
                Line::from(vec![Span::styled(keys, palette.title), Span::raw(help)])
            })
            .collect()
    } else {
        short_help(area, palette)
    };
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

/// The keys in short, for a box inside `area`: as many rows as its frame leaves.
fn short_help(area: Rect, palette: &Palette) -> Vec<Line<'static>> {
    let (rows, cols) = (
        usize::from(area.height.saturating_sub(2)),
        area.width.saturating_sub(2),
    );
    let shown = BINDINGS.len().min(rows);
    BINDINGS
        .iter()
        .take(shown)
        .enumerate()
        .map(|(n, binding)| {
            let key = first_key(binding.key);
            let word = match binding.hint {
                Hint::Always(word) | Hint::Wide(word) => word,
                Hint::Never => binding.help,
            };
            let more = n + 1 == shown && shown < BINDINGS.len();
            let room = cols.saturating_sub(u16::try_from(cells(&key) + 1).unwrap_or(u16::MAX));
            let mut word = one_row(word, room.saturating_sub(u16::from(more)));
            if more && !word.ends_with('…') {
                word.push('…');
            }
            Line::from(vec![
                Span::styled(key, palette.title),
                Span::raw(format!(" {word}")),
            ])
        })
        .collect()
}

/// The question before ending: in full where the box has room, else in short.
pub(super) fn draw_confirm_quit(area: Rect, buf: &mut Buffer, palette: &Palette) {
    let quit = first_key(Key::Quit);
    let long = [
        format!("{quit} again to end"),
        "any other key to carry on".to_owned(),
    ];
    let short = [
        format!("{quit} again to end"),
        "any key: carry on".to_owned(),
    ];
    let shortest = [format!("{quit}: end"), "else: back".to_owned()];
    let room = usize::from(area.width.min(QUIT_WIDTH).saturating_sub(2));
    let fits = |lines: &[String; 2]| lines.iter().all(|line| cells(line) <= room);
    let lines = [long, short]
        .into_iter()
        .find(fits)
        .unwrap_or(shortest)
        .map(|line| one_row(&line, u16::try_from(room).unwrap_or(u16::MAX)));
    let title = if cells(QUIT_TITLE) + 2 <= room {
        QUIT_TITLE
    } else {
        "end?"
    };
    let [first, second] = lines;
    let inner = boxed(area, QUIT_WIDTH, 4, title, palette, buf);
    Paragraph::new(vec![Line::raw(first), Line::styled(second, palette.quiet)])
        .alignment(Alignment::Center)
        .render(inner, buf);
}

/// The quit box's widest, and its title.
const QUIT_WIDTH: u16 = 40;
const QUIT_TITLE: &str = "end the session?";
