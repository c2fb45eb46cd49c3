//! Drawing a [`Screen`] into a ratatui buffer. Pure: the same screen and size always give
//! the same cells, so tests draw on a `TestBackend` and read the result.
//!
//! Every text from a routine is laid out here by [`super::wrap`], in cells, and no further
//! than the rows it is given: the rows a text takes are the rows drawn, whatever it holds
//! (zero-width spaces, wide characters, a mebibyte of words), and the sums of rows saturate.
//! A text given fewer rows than it needs is shortened at a word, with an ellipsis.
//!
//! # How the rows are shared
//!
//! The full layout, from [`FULL_WIDTH`] cells across and as soon as its parts fit, keeps a
//! blank row between its groups (the words, the time, the breath, the foot) so the screen
//! is never packed. It gives rows in this order, each only once the ones before have theirs:
//!
//! 1. the routine's name and the step's number, the step's title, the breath's phase and
//!    one row of its bar, the progress, what comes next and the status line, what does not
//!    work, and the blank rows between the groups;
//! 2. the first [`MIN_TEXT_ROWS`] rows of the instructions;
//! 3. the time left, in the largest digits that fit what is left;
//! 4. the rest of the instructions;
//! 5. the bar's second row, a blank row above everything, one under the step's number,
//!    one below everything;
//! 6. what is left over, shared between the blank rows around the time.
//!
//! When even the smallest digits do not fit beside the rest, the compact layout shows one
//! part to a row, with no blank rows, and as the screen shrinks it gives up last what
//! matters most: the time left (the last to go), the step's title (or what the step waits
//! for), the breath's phase and count, the status line, what does not work, the breath bar,
//! a row of the instructions, the progress; then, with the rows left, the time in digits
//! five rows high, and the rest of the instructions.

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

/// The narrowest screen that gets the full layout; narrower ones get the compact one.
const FULL_WIDTH: u16 = 40;
/// Cells kept free on each side in the full layout.
const SIDE_MARGIN: u16 = 2;
/// The breath bar's rows, when there is room for both.
const BAR_HEIGHT: u16 = 2;
/// Rows of instructions kept before the time grows: three rows of a screen 80 wide hold
/// about 35 words, a step's instructions read at a glance from the floor.
pub(super) const MIN_TEXT_ROWS: u16 = 3;
/// The rows the time in digits takes on the compact layout, beyond its one row of words.
const COMPACT_DIGITS_EXTRA: u16 = 4;
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
    let full = (area.width >= FULL_WIDTH)
        .then(|| full_rows(area, screen, layout))
        .flatten();
    match full {
        Some((rows, text)) => draw_full(area, buf, screen, palette, (&rows, &text)),
        None => draw_compact(area, buf, screen, palette, layout),
    }
    match screen.overlay {
        Overlay::None => {}
        Overlay::Help => overlay::draw_help(area, buf, palette),
        Overlay::ConfirmQuit => overlay::draw_confirm_quit(area, buf, palette),
    }
}

/// The rows each part of the full layout is given, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FullRows {
    pub above: u16,
    pub under_header: u16,
    pub text: u16,
    pub gap_before_time: u16,
    /// The size of the time's digits; none before the session has a step.
    pub scale: Option<Scale>,
    pub gap_before_breath: u16,
    /// The breath bar, under its phase's row; none in a step without a breath.
    pub bar: u16,
    pub gap_before_foot: u16,
    pub problems: u16,
    pub below: u16,
}

impl FullRows {
    /// The rows of the time's digits.
    fn time(&self) -> u16 {
        self.scale.map_or(0, Scale::height)
    }
}

/// Shares the rows of `area` between the parts of the full layout, in the order the
/// module's notes give, and lays the instructions out for the rows they get; `None` when
/// even the smallest digits do not fit.
pub(super) fn full_rows(
    area: Rect,
    screen: &Screen,
    layout: &mut WrapCache,
) -> Option<(FullRows, Vec<String>)> {
    let width = area.width.saturating_sub(2 * SIDE_MARGIN);
    let breath = screen.breath.is_some();
    let problems = height(&problem_rows(&screen.problems, width));
    // The routine and step, the title, the foot, and the breath's phase with a row of bar.
    let fixed = 2 + 3 + problems + if breath { 2 } else { 0 };
    let gaps = if breath { 3 } else { 2 };
    let needed = |rows: u16| fixed.saturating_add(gaps).saturating_add(rows);
    let left = screen.step.as_ref().map(|s| clock_face(s.left_s * 1000));
    // Laid out for at least its first rows, so a screen without room for them is compact.
    let most = area
        .height
        .saturating_sub(needed(Scale::SMALLEST.height()))
        .max(MIN_TEXT_ROWS);
    let wrapped = screen
        .step
        .as_ref()
        .filter(|_| screen.ended.is_none())
        .map(|s| layout.wrap(&s.text, width, most));
    let all_text = wrapped.map_or(0, Wrapped::height);
    let first_text = all_text.min(MIN_TEXT_ROWS);
    let room = area.height.checked_sub(needed(first_text))?;
    let scale = match &left {
        Some(left) => Some(BigDigits::fit(left, width, room)?),
        None => None,
    };
    let mut rest = Budget(room - scale.map_or(0, Scale::height));
    let text = first_text + rest.give(all_text - first_text);
    let bar = if breath {
        1 + rest.give(BAR_HEIGHT - 1)
    } else {
        0
    };
    let above = rest.give(1);
    let under_header = rest.give(1);
    let below = rest.give(1);
    let spare = rest.give(u16::MAX);
    let rows = FullRows {
        above,
        under_header,
        text,
        gap_before_time: 1 + spare / 2,
        scale,
        gap_before_breath: u16::from(breath),
        bar,
        gap_before_foot: 1 + spare - spare / 2,
        problems,
        below,
    };
    Some((rows, wrapped.map(|w| w.first(text)).unwrap_or_default()))
}

fn draw_full(
    area: Rect,
    buf: &mut Buffer,
    screen: &Screen,
    palette: &Palette,
    (rows, text): (&FullRows, &[String]),
) {
    let inner = area.inner(ratatui::layout::Margin::new(SIDE_MARGIN, 0));
    let left = screen
        .step
        .as_ref()
        .map(|step| clock_face(step.left_s * 1000));
    let problems = problem_rows(&screen.problems, inner.width);
    let phase_rows = u16::from(rows.bar > 0);
    let [
        _,
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
        _,
    ] = Layout::vertical([
        Constraint::Length(rows.above),
        Constraint::Length(1),
        Constraint::Length(rows.under_header),
        Constraint::Length(1),
        Constraint::Length(rows.text),
        Constraint::Length(rows.gap_before_time),
        Constraint::Length(rows.time()),
        Constraint::Length(rows.gap_before_breath),
        Constraint::Length(phase_rows),
        Constraint::Length(rows.bar),
        Constraint::Length(rows.gap_before_foot),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(rows.problems),
        Constraint::Length(rows.below),
    ])
    .areas(inner);
    draw_header(header, buf, screen, palette);
    Paragraph::new(title_line(screen, palette, title.width)).render(title, buf);
    if screen.ended.is_none() {
        Paragraph::new(plain_lines(text, Style::default())).render(text_area, buf);
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

/// The rows each part of the compact layout is given, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CompactRows {
    pub title: u16,
    /// The time left (one row of words, or digits), or what a waiting step said.
    pub time: u16,
    /// When a waiting step carries on by itself.
    pub carries_on: u16,
    pub text: u16,
    pub problems: u16,
    pub phase: u16,
    pub bar: u16,
    pub status: u16,
    pub progress: u16,
}

/// Shares the rows of `area` between the parts of the compact layout, in the order the
/// module's notes give, with the time's digits if they are given rows.
fn compact_rows(
    area: Rect,
    screen: &Screen,
    left: Option<&str>,
    text: u16,
) -> (CompactRows, Option<Scale>) {
    let mut rest = Budget(area.height);
    let running = screen.ended.is_none();
    let breath = u16::from(screen.breath.is_some());
    let time = rest.give(u16::from(
        running && (left.is_some() || screen.waiting.is_some()),
    ));
    let title = rest.give(1);
    let carries_on = rest.give(u16::from(running && screen.waiting.is_some()));
    let phase = rest.give(breath);
    let status = rest.give(1);
    let problems = rest.give(if running {
        u16::try_from(screen.problems.len()).unwrap_or(u16::MAX)
    } else {
        0
    });
    let bar = rest.give(breath);
    let first_text = rest.give(text.min(1));
    let progress = rest.give(1);
    let digits = rest.0 >= COMPACT_DIGITS_EXTRA;
    let scale = left
        .filter(|_| digits && time == 1 && screen.waiting.is_none())
        .and_then(|left| BigDigits::fit(left, area.width, Scale::SMALLEST.height()));
    let digit_rows = if scale.is_some() {
        rest.give(COMPACT_DIGITS_EXTRA)
    } else {
        0
    };
    let text = first_text + rest.give(text - first_text);
    let rows = CompactRows {
        title,
        time: time + digit_rows,
        carries_on,
        text,
        problems,
        phase,
        bar,
        status,
        progress,
    };
    (rows, scale)
}

/// The essentials, one to a line, as many as fit, in the order the module's notes give.
fn draw_compact(
    area: Rect,
    buf: &mut Buffer,
    screen: &Screen,
    palette: &Palette,
    layout: &mut WrapCache,
) {
    let left = screen.step.as_ref().map(|s| clock_face(s.left_s * 1000));
    let wrapped = screen
        .step
        .as_ref()
        .filter(|_| screen.ended.is_none())
        .map(|step| layout.wrap(&step.text, area.width, area.height));
    let (shares, scale) = compact_rows(
        area,
        screen,
        left.as_deref(),
        wrapped.map_or(0, Wrapped::height),
    );
    let text = wrapped.map(|w| w.first(shares.text)).unwrap_or_default();
    let mut rows = Rows { area, y: area.y };
    let width = area.width;
    if shares.title > 0 {
        rows.line(title_line(screen, palette, width), buf);
    }
    if let Some(waiting) = screen.waiting.as_ref().filter(|_| shares.time > 0) {
        rows.line(
            Line::styled(one_row(&waiting.words, width), palette.title),
            buf,
        );
        if shares.carries_on > 0 {
            rows.line(
                Line::styled(one_row(&carries_on(waiting), width), palette.quiet),
                buf,
            );
        }
    } else if let (Some(left), Some(_)) = (&left, scale) {
        let at = rows.take(shares.time);
        time_left(left, screen.paused, palette).render(at, buf);
    } else if let Some(left) = left.filter(|_| shares.time > 0) {
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
    Paragraph::new(plain_lines(&text, Style::default())).render(rows.take(shares.text), buf);
    for problem in screen.problems.iter().take(usize::from(shares.problems)) {
        rows.line(Line::styled(one_row(problem, width), palette.notice), buf);
    }
    if let Some(breath) = screen.breath {
        if shares.phase > 0 {
            let words = format!("{} {}", breath.phase.label(), breath.left_s);
            rows.line(Line::styled(words, palette.breath), buf);
        }
        BreathBar::new(breath.fill, palette.breath).render(rows.take(shares.bar), buf);
    }
    if shares.status > 0 {
        rows.line(status_line(screen, palette, area.width), buf);
    }
    if shares.progress > 0 {
        let progress = format!(
            "{} of {}",
            clock_face(screen.elapsed_s * 1000),
            clock_face(screen.total_s * 1000)
        );
        rows.line(Line::styled(one_row(&progress, width), palette.quiet), buf);
    }
}

/// Rows not yet given, handed out to the parts in turn.
struct Budget(u16);

impl Budget {
    /// As many of `want` rows as are left.
    fn give(&mut self, want: u16) -> u16 {
        let got = want.min(self.0);
        self.0 -= got;
        got
    }
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
    // The name keeps clear of the step's number, with two cells between them.
    let room = usize::from(area.width).saturating_sub(cells(&step) + 2);
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
