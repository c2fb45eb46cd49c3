//! Drawing a [`Screen`] into a ratatui buffer. Pure: the same screen and size always give
//! the same cells, so tests draw on a `TestBackend` and read the result.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::breath_bar::BreathBar;
use super::digits::{BigDigits, Scale};
use super::overlay;
use super::palette::Palette;
use super::screen::{Overlay, Screen, WaitScreen};
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

/// Draws `screen` over the whole frame.
pub(crate) fn render(frame: &mut Frame, screen: &Screen, palette: &Palette) {
    let area = frame.area();
    draw(area, frame.buffer_mut(), screen, palette);
}

/// Draws `screen` into `area` of `buf`.
pub(crate) fn draw(area: Rect, buf: &mut Buffer, screen: &Screen, palette: &Palette) {
    if area.width >= FULL_WIDTH && area.height >= FULL_HEIGHT {
        draw_full(area, buf, screen, palette);
    } else {
        draw_compact(area, buf, screen, palette);
    }
    match screen.overlay {
        Overlay::None => {}
        Overlay::Help => overlay::draw_help(area, buf, palette),
        Overlay::ConfirmQuit => overlay::draw_confirm_quit(area, buf, palette),
    }
}

fn draw_full(area: Rect, buf: &mut Buffer, screen: &Screen, palette: &Palette) {
    let inner = area.inner(ratatui::layout::Margin::new(2, 1));
    let text = screen.step.as_ref().map_or("", |s| &*s.text);
    let left = screen
        .step
        .as_ref()
        .map(|step| clock_face(step.left_s * 1000));
    let problem_rows = problems_height(&screen.problems, inner.width);
    // The large time gets what room is left after the rest and the first lines of the
    // instructions; then the instructions get what the time leaves.
    let fixed = 3 + 1 + 1 + BAR_HEIGHT + 3 + problem_rows;
    let wrapped = wrapped_height(text, inner.width);
    let room = inner
        .height
        .saturating_sub(fixed + wrapped.min(MIN_TEXT_ROWS) + SPARE_ROWS);
    let scale = left
        .as_deref()
        .and_then(|left| BigDigits::fit(left, inner.width, room))
        .unwrap_or(Scale::SMALLEST);
    let text_height = wrapped.min(inner.height.saturating_sub(fixed + scale.height()));
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
        problems,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(text_height),
        Constraint::Fill(1),
        Constraint::Length(scale.height()),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(BAR_HEIGHT),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(problem_rows),
    ])
    .areas(inner);
    draw_header(header, buf, screen, palette);
    Paragraph::new(title_line(screen, palette)).render(title, buf);
    if let Some(step) = screen.step.as_ref().filter(|_| screen.ended.is_none()) {
        Paragraph::new(instructions(&step.text))
            .wrap(Wrap { trim: true })
            .render(text_area, buf);
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
    draw_foot([next, status, problems], buf, screen, palette);
}

/// What comes next, the status line (hints, or a notice), and last, for as long as the
/// session runs, what does not work.
fn draw_foot(
    [next, status, problems]: [Rect; 3],
    buf: &mut Buffer,
    screen: &Screen,
    palette: &Palette,
) {
    Paragraph::new(problem_lines(screen, palette))
        .wrap(Wrap { trim: true })
        .render(problems, buf);
    let notice_rows = screen
        .notice
        .as_deref()
        .map_or(1, |notice| wrapped_height(notice, status.width))
        .clamp(1, MAX_NOTICE_ROWS);
    if notice_rows > 1 && screen.ended.is_none() {
        // A long notice (a step's ending) takes the line of what comes next for a while.
        let both = Rect::new(next.x, next.y, next.width, notice_rows);
        let notice = screen.notice.as_deref().unwrap_or_default().to_owned();
        Paragraph::new(Line::styled(notice, palette.notice))
            .wrap(Wrap { trim: true })
            .render(both, buf);
        return;
    }
    if let Some((title, len_ms)) = &screen.next {
        Paragraph::new(Line::from(vec![
            Span::styled("next: ", palette.quiet),
            Span::raw(format!("{title} ({})", format_seconds(*len_ms))),
        ]))
        .render(next, buf);
    }
    Paragraph::new(status_line(screen, palette, status.width)).render(status, buf);
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
    let lines = vec![
        Line::styled(waiting.words.clone(), palette.title),
        Line::default(),
        Line::styled(carries_on(waiting), palette.quiet),
    ];
    let rows = wrapped_height(&waiting.words, area.width) + 2;
    let top = area.height.saturating_sub(rows) / 2;
    let at = Rect::new(area.x, area.y + top, area.width, area.height - top);
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(at, buf);
}

/// When a waiting step carries on by itself: `it carries on by itself in 04:59`.
fn carries_on(waiting: &WaitScreen) -> String {
    format!(
        "it carries on by itself in {}",
        clock_face(waiting.left_s * 1000)
    )
}

/// The rows what does not work takes, wrapped to `width`; none when all works.
fn problems_height(problems: &[String], width: u16) -> u16 {
    let rows: u16 = problems.iter().map(|p| wrapped_height(p, width)).sum();
    rows.min(MAX_PROBLEM_ROWS)
}

/// What does not work, a line each, until the session ends.
fn problem_lines(screen: &Screen, palette: &Palette) -> Vec<Line<'static>> {
    if screen.ended.is_some() {
        return Vec::new();
    }
    screen
        .problems
        .iter()
        .map(|problem| Line::styled(problem.clone(), palette.notice))
        .collect()
}

/// How many rows `text` takes when its words are wrapped to `width`.
fn wrapped_height(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = text
        .lines()
        .map(|paragraph| {
            let (mut rows, mut used) = (1, 0);
            for word in paragraph.split_whitespace() {
                let len = Line::raw(word).width();
                let needed = if used == 0 { len } else { used + 1 + len };
                if needed <= width {
                    used = needed;
                    continue;
                }
                // A new row; a word wider than the screen is broken across rows.
                rows += usize::from(used > 0) + (len - 1) / width;
                used = (len - 1) % width + 1;
            }
            rows
        })
        .sum();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// The essentials, one to a line, as many as fit: the step, the time left (large when
/// there is room) or the wait for the practitioner, what does not work, the breath, then the
/// status and the session's progress.
fn draw_compact(area: Rect, buf: &mut Buffer, screen: &Screen, palette: &Palette) {
    let left = screen.step.as_ref().map(|s| clock_face(s.left_s * 1000));
    // Room for the title, a breath, the status and the progress below the digits.
    let spare = 4 + u16::try_from(screen.problems.len()).unwrap_or(u16::MAX);
    let big = left.as_deref().and_then(|left| {
        let scale = BigDigits::fit(left, area.width, area.height.saturating_sub(spare))?;
        Some((left, scale))
    });
    let mut rows = Rows { area, y: area.y };
    rows.line(title_line(screen, palette), buf);
    if let Some(waiting) = &screen.waiting {
        rows.line(Line::styled(waiting.words.clone(), palette.title), buf);
        rows.line(Line::styled(carries_on(waiting), palette.quiet), buf);
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
    for line in problem_lines(screen, palette) {
        rows.line(line, buf);
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
        self.y += height;
        rect
    }

    fn line(&mut self, line: Line<'static>, buf: &mut Buffer) {
        let at = self.take(1);
        if at.height > 0 {
            Paragraph::new(line).render(at, buf);
        }
    }
}

fn draw_header(area: Rect, buf: &mut Buffer, screen: &Screen, palette: &Palette) {
    Paragraph::new(Line::styled(screen.routine.to_string(), palette.quiet)).render(area, buf);
    if let Some(step) = &screen.step {
        Paragraph::new(Line::styled(
            format!("step {} of {}", step.number, step.count),
            palette.quiet,
        ))
        .alignment(Alignment::Right)
        .render(area, buf);
    }
}

/// The step's title, or how the session ended.
fn title_line(screen: &Screen, palette: &Palette) -> Line<'static> {
    if let Some(ending) = screen.ended {
        let words = ending.words();
        let mut chars = words.chars();
        let first = chars.next().map(|c| c.to_uppercase().to_string());
        let sentence = first.unwrap_or_default() + chars.as_str();
        return Line::styled(sentence, palette.title);
    }
    match &screen.step {
        Some(step) => Line::styled(step.title.to_string(), palette.title),
        None => Line::styled(screen.routine.to_string(), palette.title),
    }
}

/// The instructions as paragraphs: the routine's line breaks start new paragraphs.
fn instructions(text: &str) -> Text<'static> {
    Text::from(
        text.lines()
            .map(|line| Line::raw(line.trim().to_owned()))
            .collect::<Vec<_>>(),
    )
}

fn draw_progress(area: Rect, buf: &mut Buffer, screen: &Screen, palette: &Palette) {
    let label = format!(
        "  {} of {}",
        clock_face(screen.elapsed_s * 1000),
        clock_face(screen.total_s * 1000)
    );
    let room = area.width.saturating_sub(label.chars().count() as u16);
    let done = (u64::from(room) * screen.elapsed_s.min(screen.total_s))
        .checked_div(screen.total_s)
        .unwrap_or(0) as u16;
    Paragraph::new(Line::from(vec![
        Span::styled("━".repeat(done.into()), palette.progress),
        Span::styled("─".repeat((room - done).into()), palette.quiet),
        Span::styled(label, palette.quiet),
    ]))
    .render(area, buf);
}

/// What can be done now, shortened to the essentials when the line is narrow.
fn status_line(screen: &Screen, palette: &Palette, width: u16) -> Line<'static> {
    let pick = |long: String, short: String| {
        if long.chars().count() <= usize::from(width) {
            long
        } else {
            short
        }
    };
    if screen.ended.is_some() {
        return Line::default();
    }
    if let Some(notice) = &screen.notice {
        return Line::styled(notice.to_string(), palette.notice);
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
