//! Drawing a [`Screen`] into a ratatui buffer. Pure: the same screen and size always give
//! the same cells, so tests draw on a `TestBackend` and read the result.
//!
//! Every text from a routine is laid out here by [`super::wrap`], in cells, and no further
//! than the rows it is given: the rows a text takes are the rows drawn, whatever it holds
//! (zero-width spaces, wide characters, a mebibyte of words), and the sums of rows saturate.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::breath_bar::BreathBar;
use super::digits::{BigDigits, Scale};
use super::overlay;
use super::palette::Palette;
use super::screen::{Overlay, Screen, WaitScreen};
use super::wrap::{WrapCache, Wrapped, cells, one_row, wrap};
use crate::duration::{clock_face, format_seconds};
use crate::sinks::display::keys::{Key, first_key, hints};

/// The smallest screen that gets the whole layout; smaller ones get the essentials.
const FULL_WIDTH: u16 = 40;
const FULL_HEIGHT: u16 = 19;
/// The breath bar's rows.
const BAR_HEIGHT: u16 = 2;
/// Lines of instructions kept before the large time may grow.
const MIN_TEXT_ROWS: u16 = 6;
/// Rows left free around the large time, so the screen does not feel packed.
const SPARE_ROWS: u16 = 2;
/// The most rows given to what does not work (the sound, the voice).
const MAX_PROBLEM_ROWS: u16 = 4;
/// The most rows a notice takes: its own, then the one of what comes next.
const MAX_NOTICE_ROWS: u16 = 2;

/// Draws `screen` over the whole frame; `layout` keeps the step's instructions laid out
/// from one frame to the next.
pub(crate) fn render(
    frame: &mut Frame,
    screen: &Screen,
    palette: &Palette,
    layout: &mut WrapCache,
) {
    let area = frame.area();
    draw(area, frame.buffer_mut(), screen, palette, layout);
}

/// Draws `screen` into `area` of `buf`.
fn draw(area: Rect, buf: &mut Buffer, screen: &Screen, palette: &Palette, layout: &mut WrapCache) {
    if area.width >= FULL_WIDTH && area.height >= FULL_HEIGHT {
        draw_full(area, buf, screen, palette, layout);
    } else {
        draw_compact(area, buf, screen, palette);
    }
    match screen.overlay {
        Overlay::None => {}
        Overlay::Help => overlay::draw_help(area, buf, palette),
        Overlay::ConfirmQuit => overlay::draw_confirm_quit(area, buf, palette),
    }
}

fn draw_full(
    area: Rect,
    buf: &mut Buffer,
    screen: &Screen,
    palette: &Palette,
    layout: &mut WrapCache,
) {
    let inner = area.inner(ratatui::layout::Margin::new(2, 1));
    let left = screen
        .step
        .as_ref()
        .map(|step| clock_face(step.left_s * 1000));
    let problems = problem_rows(&screen.problems, inner.width);
    let fixed = (3 + 1 + 1 + BAR_HEIGHT + 3u16).saturating_add(height(&problems));
    let (text, scale) = share_rows(inner, fixed, screen, left.as_deref(), layout);
    let [
        header,
        _,
        title,
        text_area,
        _,
        big,
        _,
        phase,
        bar,
        _,
        progress,
        next,
        status,
        problem_area,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(height(&text)),
        Constraint::Fill(1),
        Constraint::Length(scale.height()),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(BAR_HEIGHT),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(height(&problems)),
    ])
    .areas(inner);
    draw_header(header, buf, screen, palette);
    Paragraph::new(title_line(screen, palette, title.width)).render(title, buf);
    if screen.ended.is_none() {
        Paragraph::new(plain_lines(&text, Style::default())).render(text_area, buf);
    }
    match (&screen.waiting, &left, screen.ended) {
        (_, _, Some(_)) | (None, None, None) => {}
        (Some(waiting), _, None) => draw_waiting(big, buf, waiting, palette),
        (None, Some(left), None) => time_left(left, screen.paused, palette).render(big, buf),
    }
    if let Some(breath) = screen.breath {
        let style = if screen.paused {
            palette.quiet
        } else {
            palette.breath
        };
        Paragraph::new(Line::styled(
            format!("{}  {}", breath.phase.label(), breath.left_s),
            style,
        ))
        .alignment(Alignment::Center)
        .render(phase, buf);
        let bar_area = Rect::new(area.x, bar.y, area.width, bar.height);
        BreathBar::new(breath.fill, style).render(bar_area, buf);
    }
    draw_progress(progress, buf, screen, palette);
    let problems = (problem_area, &problems[..]);
    draw_foot([next, status], problems, buf, screen, palette);
}

/// The rows of instructions shown and the size of the large time, in the `inner` area
/// with `fixed` rows taken by the rest. The time gets what room is left after the first
/// lines of the instructions; then the instructions get what the time leaves. They are
/// laid out once for the most rows they could be given, and kept for the frames after.
fn share_rows(
    inner: Rect,
    fixed: u16,
    screen: &Screen,
    left: Option<&str>,
    layout: &mut WrapCache,
) -> (Vec<String>, Scale) {
    let most = inner
        .height
        .saturating_sub(fixed.saturating_add(Scale::SMALLEST.height()));
    let wrapped = screen
        .step
        .as_ref()
        .map(|step| layout.wrap(&step.text, inner.width, most));
    let rows = wrapped.map_or(0, Wrapped::height);
    let room = inner.height.saturating_sub(
        fixed
            .saturating_add(rows.min(MIN_TEXT_ROWS))
            .saturating_add(SPARE_ROWS),
    );
    let scale = left
        .and_then(|left| BigDigits::fit(left, inner.width, room))
        .unwrap_or(Scale::SMALLEST);
    let shown = rows.min(
        inner
            .height
            .saturating_sub(fixed.saturating_add(scale.height())),
    );
    let text = wrapped.map(|w| w.first(shown)).unwrap_or_default();
    (text, scale)
}

/// What comes next, the status line (hints, or a notice), and last, for as long as the
/// session runs, what does not work.
fn draw_foot(
    [next, status]: [Rect; 2],
    (problem_area, problems): (Rect, &[String]),
    buf: &mut Buffer,
    screen: &Screen,
    palette: &Palette,
) {
    if screen.ended.is_none() {
        Paragraph::new(plain_lines(problems, palette.notice)).render(problem_area, buf);
    }
    let notice = screen
        .notice
        .as_deref()
        .map(|notice| wrap(notice, status.width, MAX_NOTICE_ROWS))
        .filter(|notice| notice.height() > 1 && screen.ended.is_none());
    if let Some(notice) = notice {
        // A long notice (a step's ending) takes the line of what comes next for a while.
        let both = Rect::new(next.x, next.y, next.width, notice.height());
        Paragraph::new(plain_lines(&notice.rows, palette.notice)).render(both, buf);
        return;
    }
    if let Some((title, len_ms)) = &screen.next {
        let (label, length) = ("next: ", format!(" ({})", format_seconds(*len_ms)));
        let room = usize::from(next.width).saturating_sub(cells(label) + cells(&length));
        let title = one_row(title, u16::try_from(room).unwrap_or(u16::MAX));
        Paragraph::new(Line::from(vec![
            Span::styled(label, palette.quiet),
            Span::raw(title + &length),
        ]))
        .render(next, buf);
    }
    Paragraph::new(status_line(screen, palette, status.width)).render(status, buf);
}

/// Rows laid out already, as lines of one style.
fn plain_lines(rows: &[String], style: Style) -> Vec<Line<'_>> {
    rows.iter()
        .map(|row| Line::styled(row.as_str(), style))
        .collect()
}

/// How many rows there are, as a screen counts them.
fn height(rows: &[String]) -> u16 {
    u16::try_from(rows.len()).unwrap_or(u16::MAX)
}

/// The time left in large digits: shaded and quiet while the session is paused.
fn time_left<'a>(left: &'a str, paused: bool, palette: &Palette) -> BigDigits<'a> {
    if paused {
        BigDigits::new(left, palette.quiet).shaded()
    } else {
        BigDigits::new(left, palette.digits)
    }
}

/// A step waiting for the practitioner, in place of its time left: what was said, and, in
/// smaller words, when the session carries on by itself.
fn draw_waiting(area: Rect, buf: &mut Buffer, waiting: &WaitScreen, palette: &Palette) {
    let words = wrap(&waiting.words, area.width, area.height.saturating_sub(2));
    let mut lines = plain_lines(&words.rows, palette.title);
    lines.push(Line::default());
    lines.push(Line::styled(
        one_row(&carries_on(waiting), area.width),
        palette.quiet,
    ));
    let rows = words.height().saturating_add(2);
    let top = area.height.saturating_sub(rows) / 2;
    let at = Rect::new(area.x, area.y + top, area.width, area.height - top);
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .render(at, buf);
}

/// When a waiting step carries on by itself: `it carries on by itself in 04:59`.
fn carries_on(waiting: &WaitScreen) -> String {
    format!(
        "it carries on by itself in {}",
        clock_face(waiting.left_s * 1000)
    )
}

/// What does not work, wrapped to `width`, at most [`MAX_PROBLEM_ROWS`] rows of it; none
/// when all works.
fn problem_rows(problems: &[String], width: u16) -> Vec<String> {
    let mut rows = Vec::new();
    for problem in problems {
        let room = MAX_PROBLEM_ROWS.saturating_sub(height(&rows));
        if room == 0 {
            break;
        }
        rows.extend(wrap(problem, width, room).rows);
    }
    rows
}

/// The essentials, one to a line, as many as fit: the step, the time left (large when
/// there is room) or the wait for the practitioner, what does not work, the breath, then the
/// status and the session's progress.
fn draw_compact(area: Rect, buf: &mut Buffer, screen: &Screen, palette: &Palette) {
    let left = screen.step.as_ref().map(|s| clock_face(s.left_s * 1000));
    // Room for the title, a breath, the status and the progress below the digits.
    let spare = 4u16.saturating_add(u16::try_from(screen.problems.len()).unwrap_or(u16::MAX));
    let big = left.as_deref().and_then(|left| {
        let scale = BigDigits::fit(left, area.width, area.height.saturating_sub(spare))?;
        Some((left, scale))
    });
    let mut rows = Rows { area, y: area.y };
    let width = area.width;
    rows.line(title_line(screen, palette, width), buf);
    if let Some(waiting) = &screen.waiting {
        rows.line(
            Line::styled(one_row(&waiting.words, width), palette.title),
            buf,
        );
        rows.line(
            Line::styled(one_row(&carries_on(waiting), width), palette.quiet),
            buf,
        );
    } else if let Some((big, scale)) = big {
        let at = rows.take(scale.height());
        time_left(big, screen.paused, palette).render(at, buf);
    } else if let Some(left) = left {
        let (style, word) = if screen.paused {
            (palette.quiet, " paused")
        } else {
            (palette.digits, " left")
        };
        rows.line(
            Line::from(vec![
                Span::styled(left, style),
                Span::styled(word, palette.quiet),
            ]),
            buf,
        );
    }
    if screen.ended.is_none() {
        for problem in &screen.problems {
            rows.line(Line::styled(one_row(problem, width), palette.notice), buf);
        }
    }
    if let Some(breath) = screen.breath {
        let words = format!("{} {}", breath.phase.label(), breath.left_s);
        rows.line(Line::styled(words, palette.breath), buf);
    }
    rows.line(status_line(screen, palette, area.width), buf);
    let progress = format!(
        "{} of {}",
        clock_face(screen.elapsed_s * 1000),
        clock_face(screen.total_s * 1000)
    );
    rows.line(Line::styled(progress, palette.quiet), buf);
}

/// Hands out the rows of an area from the top until it is full.
struct Rows {
    area: Rect,
    y: u16,
}

impl Rows {
    fn take(&mut self, height: u16) -> Rect {
        let height = height.min(self.area.bottom().saturating_sub(self.y));
        let rect = Rect::new(self.area.x, self.y, self.area.width, height);
        self.y = self.y.saturating_add(height);
        rect
    }

    fn line(&mut self, line: Line<'_>, buf: &mut Buffer) {
        let at = self.take(1);
        if at.height > 0 {
            Paragraph::new(line).render(at, buf);
        }
    }
}

fn draw_header(area: Rect, buf: &mut Buffer, screen: &Screen, palette: &Palette) {
    let step = screen
        .step
        .as_ref()
        .map(|step| format!("step {} of {}", step.number, step.count))
        .unwrap_or_default();
    // The name keeps clear of the step's number, with a cell between them.
    let room = usize::from(area.width).saturating_sub(cells(&step) + 1);
    let routine = one_row(&screen.routine, u16::try_from(room).unwrap_or(u16::MAX));
    Paragraph::new(Line::styled(routine, palette.quiet)).render(area, buf);
    Paragraph::new(Line::styled(step, palette.quiet))
        .alignment(Alignment::Right)
        .render(area, buf);
}

/// The step's title, or how the session ended, on one row of `width` cells.
fn title_line(screen: &Screen, palette: &Palette, width: u16) -> Line<'static> {
    if let Some(ending) = screen.ended {
        let words = ending.words();
        let mut chars = words.chars();
        let first = chars.next().map(|c| c.to_uppercase().to_string());
        let sentence = first.unwrap_or_default() + chars.as_str();
        return Line::styled(one_row(&sentence, width), palette.title);
    }
    let title = screen
        .step
        .as_ref()
        .map_or(&screen.routine, |step| &step.title);
    Line::styled(one_row(title, width), palette.title)
}

fn draw_progress(area: Rect, buf: &mut Buffer, screen: &Screen, palette: &Palette) {
    let label = format!(
        "  {} of {}",
        clock_face(screen.elapsed_s * 1000),
        clock_face(screen.total_s * 1000)
    );
    let room = area
        .width
        .saturating_sub(u16::try_from(cells(&label)).unwrap_or(u16::MAX));
    let done = (u64::from(room) * screen.elapsed_s.min(screen.total_s))
        .checked_div(screen.total_s)
        .unwrap_or(0) as u16;
    Paragraph::new(Line::from(vec![
        Span::styled("━".repeat(done.into()), palette.progress),
        Span::styled("─".repeat(room.saturating_sub(done).into()), palette.quiet),
        Span::styled(label, palette.quiet),
    ]))
    .render(area, buf);
}

/// What can be done now, shortened to the essentials when the line is narrow.
fn status_line(screen: &Screen, palette: &Palette, width: u16) -> Line<'static> {
    let pick = |long: String, short: String| {
        if cells(&long) <= usize::from(width) {
            long
        } else {
            short
        }
    };
    if screen.ended.is_some() {
        if !screen.ringing_out {
            return Line::default();
        }
        let words = crate::sinks::display::ringing_out_words(Some("Any key"));
        return Line::styled(one_row(&words, width), palette.notice);
    }
    if let Some(notice) = &screen.notice {
        return Line::styled(one_row(notice, width), palette.notice);
    }
    let (pause, help) = (first_key(Key::TogglePause), first_key(Key::Help));
    if screen.paused {
        let long = format!("  {pause} to carry on · {help} keys");
        return Line::from(vec![
            Span::styled("paused", palette.notice),
            Span::styled(pick(long, format!(" · {pause}")), palette.quiet),
        ]);
    }
    Line::styled(pick(hints(true), hints(false)), palette.quiet)
}
