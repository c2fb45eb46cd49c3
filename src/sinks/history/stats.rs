//! Totals, streaks and per-day minutes from the history, as of a given day.
//!
//! Every session counts, finished or stopped early, on the local date where it was practiced
//! (see [`StartTime::day`](super::StartTime::day)). "Today" is passed in, never read here,
//! so the figures can be checked for any day and time zone.

use std::collections::{BTreeMap, HashMap};

use jiff::Span;
use jiff::civil::Date;

use super::HistoryRecord;

/// Sessions and time over some stretch of days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many sessions.
    pub sessions: usize,
    /// How many of them were stopped early.
    pub stopped_early: usize,
    /// Time practiced in them.
    pub practiced_ms: u64,
}

impl Tally {
    fn add(&mut self, record: &HistoryRecord) {
        self.sessions += 1;
        self.stopped_early += usize::from(!record.completed);
        self.practiced_ms += record.practiced_ms;
    }
}

/// The sessions of one routine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutineTally {
    /// The routine's id.
    pub routine: String,
    /// Its name, as last recorded.
    pub name: String,
    /// Its sessions and time.
    pub tally: Tally,
}

/// A run of consecutive days with practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Streak {
    /// The first day of the run.
    pub first: Date,
    /// The last day of the run.
    pub last: Date,
    /// How many days it lasted.
    pub days: usize,
}

/// Everything `stats` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// The day the figures are for.
    pub today: Date,
    /// Every session up to and including today.
    pub total: Tally,
    /// Per routine, most practiced first.
    pub routines: Vec<RoutineTally>,
    /// From Monday of this week to today.
    pub this_week: Tally,
    /// From the first of this month to today.
    pub this_month: Tally,
    /// The run of days ending today, or yesterday while today is still open.
    pub current_streak: usize,
    /// The longest run of days ever (the latest, when two are as long).
    pub longest_streak: Option<Streak>,
    /// Time practiced on each day that has any.
    pub days: BTreeMap<Date, u64>,
}

impl Stats {
    /// The figures for the history `records` as they stood at the end of `today`. Sessions
    /// on later days are left out.
    #[must_use]
    pub fn compute(records: &[HistoryRecord], today: Date) -> Self {
        let week_start = days_before(today, i64::from(today.weekday().to_monday_zero_offset()));
        let month_start = today.first_of_month();
        let mut total = Tally::default();
        let mut this_week = Tally::default();
        let mut this_month = Tally::default();
        let mut routines: HashMap<&str, RoutineTally> = HashMap::new();
        let mut days: BTreeMap<Date, u64> = BTreeMap::new();
        for record in records {
            let day = record.start.day();
            if day > today {
                continue;
            }
            total.add(record);
            if day >= week_start {
                this_week.add(record);
            }
            if day >= month_start {
                this_month.add(record);
            }
            let entry = routines
                .entry(record.routine.as_str())
                .or_insert_with(|| RoutineTally {
                    routine: record.routine.clone(),
                    name: String::new(),
                    tally: Tally::default(),
                });
            entry.name.clone_from(&record.name);
            entry.tally.add(record);
            *days.entry(day).or_default() += record.practiced_ms;
        }
        let mut routines: Vec<RoutineTally> = routines.into_values().collect();
        routines.sort_by(|a, b| {
            b.tally
                .practiced_ms
                .cmp(&a.tally.practiced_ms)
                .then_with(|| a.routine.cmp(&b.routine))
        });
        Self {
            today,
            total,
            routines,
            this_week,
            this_month,
            current_streak: current_streak(&days, today),
            longest_streak: longest_streak(&days),
            days,
        }
    }
}

/// The date `days` days before `date` (the same date at the ends of the calendar).
#[must_use]
pub fn days_before(date: Date, days: i64) -> Date {
    date.checked_sub(Span::new().days(days)).unwrap_or(date)
}

fn next_day(date: Date) -> Option<Date> {
    date.tomorrow().ok()
}

/// Consecutive days with practice ending today; if today has none yet, ending yesterday, so
/// a streak is not shown as broken before the day is over.
fn current_streak(days: &BTreeMap<Date, u64>, today: Date) -> usize {
    let mut day = if days.contains_key(&today) {
        today
    } else {
        days_before(today, 1)
    };
    let mut count = 0;
    while days.contains_key(&day) {
        count += 1;
        match day.yesterday() {
            Ok(before) => day = before,
            Err(_) => break,
        }
    }
    count
}

fn longest_streak(days: &BTreeMap<Date, u64>) -> Option<Streak> {
    let mut best: Option<Streak> = None;
    let mut run: Option<Streak> = None;
    for &day in days.keys() {
        run = Some(match run {
            Some(streak) if next_day(streak.last) == Some(day) => Streak {
                last: day,
                days: streak.days + 1,
                ..streak
            },
            _ => Streak {
                first: day,
                last: day,
                days: 1,
            },
        });
        if let Some(streak) = run {
            if best.is_none_or(|b| streak.days >= b.days) {
                best = Some(streak);
            }
        }
    }
    best
}
