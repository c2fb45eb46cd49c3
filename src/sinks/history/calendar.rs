//! A small calendar of the last weeks, drawn with text: one column per week (Monday at the
//! top), one mark per day showing how long was practiced.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::civil::Date;

use super::stats::{days_before, monday_of};

/// The marks, from no practice to an hour or more, with what each means.
const SHADES: [(char, &str); 5] = [
    ('·', "none"),
    ('░', "under 10m"),
    ('▒', "under 30m"),
    ('▓', "under 1h"),
    ('█', "1h or more"),
];

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// Each week's column is this many characters wide.
const COLUMN: usize = 3;
/// Room for the weekday names on the left.
const MARGIN: usize = 5;

/// The mark for a day with `ms` of practice.
#[must_use]
pub fn shade(ms: u64) -> char {
    let minutes = ms / 60_000;
    let index = match minutes {
        _ if ms == 0 => 0,
        0..10 => 1,
        10..30 => 2,
        30..60 => 3,
        _ => 4,
    };
    SHADES[index].0
}

/// The calendar of the `weeks` weeks up to and including the one with `today`, with a month
/// line above and a key below. Days after today are left blank.
#[must_use]
pub fn render(days: &BTreeMap<Date, u64>, today: Date, weeks: u16) -> String {
    let this_monday = monday_of(today);
    let mondays: Vec<Date> = (0..weeks)
        .rev()
        .map(|back| days_before(this_monday, 7 * i64::from(back)))
        .collect();
    let mut out = month_line(&mondays);
    for (row, name) in (0i64..).zip(WEEKDAYS) {
        let mut line = format!("{name:<MARGIN$}");
        for monday in &mondays {
            let day = monday
                .checked_add(jiff::Span::new().days(row))
                .unwrap_or(*monday);
            let mark = if day > today {
                ' '
            } else {
                shade(days.get(&day).copied().unwrap_or(0))
            };
            let _ = write!(line, "{mark:<COLUMN$}");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let key: Vec<String> = SHADES
        .iter()
        .map(|(mark, meaning)| format!("{mark} {meaning}"))
        .collect();
    let _ = writeln!(out, "{:MARGIN$}{}", "", key.join("   "));
    out
}

/// The month names above the weeks in which a month begins, and above the first week when
/// the next one does not begin a month (three-letter names need two columns).
fn month_line(mondays: &[Date]) -> String {
    let begins_month = |monday: &Date| {
        let sunday = monday
            .checked_add(jiff::Span::new().days(6))
            .unwrap_or(*monday);
        monday.day() == 1 || sunday.month() != monday.month()
    };
    let mut line = " ".repeat(MARGIN);
    for (index, monday) in mondays.iter().enumerate() {
        let label = if begins_month(monday) && (index > 0 || monday.day() == 1) {
            let sunday = monday
                .checked_add(jiff::Span::new().days(6))
                .unwrap_or(*monday);
            Some(sunday.month())
        } else if index == 0 && !mondays.get(1).is_some_and(begins_month) {
            Some(monday.month())
        } else {
            None
        };
        let column = MARGIN + index * COLUMN;
        if let Some(month) = label.filter(|_| line.chars().count() <= column) {
            line.push_str(&" ".repeat(column - line.chars().count()));
            line.push_str(MONTHS[usize::try_from(month - 1).unwrap_or(0)]);
        }
    }
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn shades_grow_with_time() {
        assert_eq!(shade(0), '·');
        assert_eq!(shade(1), '░');
        assert_eq!(shade(10 * 60_000), '▒');
        assert_eq!(shade(45 * 60_000), '▓');
        assert_eq!(shade(2 * 3_600_000), '█');
    }

    #[test]
    fn draws_weeks_as_columns_and_leaves_the_future_blank() {
        let today = date(2026, 12, 2); // a Wednesday
        let mut days = BTreeMap::new();
        days.insert(date(2026, 11, 30), 20 * 60_000); // Monday this week
        days.insert(date(2026, 11, 29), 5 * 60_000); // Sunday last week
        days.insert(date(2026, 12, 2), 90 * 60_000); // today
        let drawn = render(&days, today, 3);
        insta::assert_snapshot!(drawn, @r"
             Nov   Dec
        Mon  ·  ·  ▒
        Tue  ·  ·  ·
        Wed  ·  ·  █
        Thu  ·  ·
        Fri  ·  ·
        Sat  ·  ·
        Sun  ·  ░
             · none   ░ under 10m   ▒ under 30m   ▓ under 1h   █ 1h or more
        ");
    }
}
