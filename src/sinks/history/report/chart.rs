//! Practice per week as a bar chart: text bars for Markdown, an SVG for HTML.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::summary::Summary;
use super::words;
use crate::sinks::history::stats::monday_of;

/// The most weeks charted: the latest year of the period. A year of bars still fits a
/// printed page, and a longer period is told in the totals.
pub const CHART_WEEKS: usize = 52;

/// The longest text bar, in characters: it fits beside its labels in 72 columns.
const TEXT_BAR: usize = 40;

/// One week's bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    /// The Monday it begins on.
    pub monday: Date,
    /// The time practiced in it.
    pub ms: u64,
}

/// Every week of the period up to the one the report is made in, the latest
/// [`CHART_WEEKS`], with the weeks without practice too.
#[must_use]
pub fn weeks(summary: &Summary) -> Vec<Week> {
    let last = monday_of(summary.scope.made);
    let mut monday = monday_of(summary.period_start());
    let mut weeks = Vec::new();
    while monday <= last {
        let ms = summary.weeks.get(&monday).copied().unwrap_or(0);
        weeks.push(Week { monday, ms });
        match monday.checked_add(jiff::Span::new().days(7)) {
            Ok(next) => monday = next,
            Err(_) => break,
        }
    }
    let cut = weeks.len().saturating_sub(CHART_WEEKS);
    weeks.split_off(cut)
}

/// Whole minutes, rounded down.
fn minutes(ms: u64) -> u64 {
    ms / 60_000
}

/// The bars as text, one line a week: `2026-11-02  ██████▍  45 min`.
#[must_use]
pub fn text(weeks: &[Week]) -> String {
    let most = weeks.iter().map(|w| w.ms).max().unwrap_or(0).max(1);
    let mut out = String::from("Week of       Time practiced\n");
    for week in weeks {
        // In eighths of a character, so that small differences still show.
        let eighths = (u128::from(week.ms) * TEXT_BAR as u128 * 8 / u128::from(most)) as usize;
        let mut bar = "█".repeat(eighths / 8);
        if !eighths.is_multiple_of(8) {
            bar.push(['▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8 - 1]);
        }
        if week.ms > 0 && bar.is_empty() {
            bar.push('▏');
        }
        let _ = writeln!(
            out,
            "{}  {bar:<TEXT_BAR$}  {}",
            week.monday,
            words::time(week.ms)
        );
    }
    out
}

/// The chart's size in SVG units; it scales to the page.
const WIDTH: u64 = 640;
const HEIGHT: u64 = 240;
/// Room for the minutes on the left and the dates below.
const LEFT: u64 = 48;
const BOTTOM: u64 = 40;
const TOP: u64 = 12;

/// A step for the minutes axis that gives at most five lines.
fn tick_step(most_minutes: u64) -> u64 {
    [
        1, 2, 5, 10, 15, 30, 60, 120, 180, 300, 600, 1200, 3000, 6000,
    ]
    .into_iter()
    .find(|step| most_minutes.div_ceil(*step) <= 5)
    .unwrap_or_else(|| most_minutes.div_ceil(5).max(1))
}

/// The bars as an SVG, with a title and a description for screen readers.
#[must_use]
pub fn svg(weeks: &[Week]) -> String {
    let most_minutes = weeks.iter().map(|w| minutes(w.ms)).max().unwrap_or(0);
    let step = tick_step(most_minutes.max(1));
    let top_minutes = most_minutes.max(1).div_ceil(step) * step;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let y = |minutes: f64| {
        (TOP + plot_height) as f64 - minutes / top_minutes as f64 * plot_height as f64
    };
    let slot = (WIDTH - LEFT) as f64 / weeks.len().max(1) as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" aria-labelledby="chart-title chart-desc"><title id="chart-title">Time practiced per week, in minutes</title><desc id="chart-desc">{}</desc>"#,
        description(weeks)
    );
    out.push_str(r#"<g class="axis">"#);
    for tick in (0..=top_minutes).step_by(step as usize) {
        let at = y(tick as f64);
        let _ = write!(
            out,
            r#"<line x1="{LEFT}" x2="{WIDTH}" y1="{at:.1}" y2="{at:.1}"/><text x="{}" y="{:.1}" text-anchor="end">{tick}</text>"#,
            LEFT - 6,
            at + 4.0
        );
    }
    let _ = write!(
        out,
        r#"<text x="12" y="{}" transform="rotate(-90 12 {})" text-anchor="middle">minutes</text></g>"#,
        TOP + plot_height / 2,
        TOP + plot_height / 2
    );
    let label_every = weeks.len().div_ceil(8).max(1);
    out.push_str(r#"<g class="bars">"#);
    for (index, week) in weeks.iter().enumerate() {
        let x = LEFT as f64 + slot * index as f64;
        let top = y(week.ms as f64 / 60_000.0);
        let _ = write!(
            out,
            r#"<rect x="{:.1}" y="{top:.1}" width="{:.1}" height="{:.1}"><title>Week of {}: {}</title></rect>"#,
            x + slot * 0.15,
            slot * 0.7,
            (TOP + plot_height) as f64 - top,
            words::short_day(week.monday),
            words::time(week.ms)
        );
        if index % label_every == 0 {
            let _ = write!(
                out,
                r#"<text class="week" x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
                x + slot / 2.0,
                HEIGHT - BOTTOM + 16,
                week.monday.strftime("%-d %b")
            );
        }
    }
    let _ = write!(
        out,
        r#"</g><text class="week" x="{}" y="{}" text-anchor="middle">week beginning</text></svg>"#,
        LEFT + (WIDTH - LEFT) / 2,
        HEIGHT - 6
    );
    out
}

/// The chart in one sentence, for those who cannot see it.
fn description(weeks: &[Week]) -> String {
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return "No weeks to show.".to_owned();
    };
    let practiced = weeks.iter().filter(|w| w.ms > 0).count();
    let most = weeks
        .iter()
        .max_by_key(|w| (w.ms, std::cmp::Reverse(w.monday)));
    let mut text = format!(
        "{} from the week of {} to the week of {}; practice in {} of them.",
        crate::words::counted(weeks.len(), "week"),
        words::short_day(first.monday),
        words::short_day(last.monday),
        practiced
    );
    if let Some(most) = most.filter(|w| w.ms > 0) {
        let _ = write!(
            text,
            " The most in one week: {}, in the week of {}.",
            words::time(most.ms),
            words::short_day(most.monday)
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn week(day: i8, minutes: u64) -> Week {
        Week {
            monday: date(2026, 11, day),
            ms: minutes * 60_000,
        }
    }

    #[test]
    fn the_longest_bar_is_the_weeks_with_the_most_and_the_others_in_proportion() {
        let sliver = Week {
            monday: date(2026, 11, 23),
            ms: 1000,
        };
        let text = text(&[week(2, 40), week(9, 0), week(16, 10), sliver]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1].matches('█').count(), TEXT_BAR);
        assert!(!lines[2].contains(['█', '▏']), "{}", lines[2]);
        assert_eq!(lines[3].matches('█').count(), TEXT_BAR / 4);
        // A week with a little practice still shows a sliver.
        assert!(
            lines[4].contains('▏') && !lines[4].contains('█'),
            "{}",
            lines[4]
        );
        assert!(lines[1].ends_with("40 min"));
    }

    #[test]
    fn the_minutes_axis_has_at_most_five_steps() {
        for most in [1, 4, 9, 45, 61, 600, 100_000] {
            let step = tick_step(most);
            assert!(most.div_ceil(step) <= 5, "{most} by {step}");
        }
        assert_eq!(tick_step(45), 10);
    }
}
