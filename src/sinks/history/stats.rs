//! Totals, streaks and per-day minutes from the history, as of a given day.
//!
//! Every session counts, finished or stopped early, on the local date where it was practiced
//! (see [`StartTime::day`](super::StartTime::day)), with the time it was practiced: never
//! its planned length. A day keeps a streak only with a session that [`keeps_streak`].
//! "Today" is passed in, never read here, so the figures can be checked for any day and
//! time zone.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Span;
use jiff::civil::Date;

use super::HistoryRecord;

/// A session that is not complete still keeps the day's streak with this much practiced:
/// two minutes. People come to this practice with pain or anxiety, and are asked to come
/// out of anything that hurts, so an honest practice stopped early keeps the streak; two
/// minutes is more than a mistaken start or the words before a routine begins, and far
/// more than pressing `n` through one, which takes seconds.
pub const STREAK_PRACTICE_MS: u64 = 2 * 60_000;

/// Whether a session keeps its day's streak: it is complete, or it practiced at least
/// [`STREAK_PRACTICE_MS`], however it ended.
#[must_use]
pub fn keeps_streak(record: &HistoryRecord) -> bool {
    record.completed || record.practiced_ms >= STREAK_PRACTICE_MS
}

/// Sessions and time over some stretch of days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many sessions.
    pub sessions: usize,
    /// How many of them were stopped before their end.
    pub stopped_early: usize,
    /// How many reached their end by skipping too much of it to be complete.
    pub skipped_to_end: usize,
    /// Time practiced in them.
    pub practiced_ms: u64,
}

impl Tally {
    /// Counts one session.
    pub fn add(&mut self, record: &HistoryRecord) {
        let reached_end = record.reached_end();
        self.sessions += 1;
        self.stopped_early += usize::from(!reached_end);
        self.skipped_to_end += usize::from(reached_end && !record.completed);
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
    /// The days with a session that keeps the streak.
    pub streak_days: BTreeSet<Date>,
}

impl Stats {
    /// The figures for the history `records` as they stood at the end of `today`. Sessions
    /// on later days are left out.
    #[must_use]
    pub fn compute(records: &[HistoryRecord], today: Date) -> Self {
        let mut gathering = Gathering::new(today);
        for record in records {
            gathering.add(record);
        }
        gathering.finish()
    }
}

/// The figures being gathered a session at a time, so that the history need never be held
/// whole: what is kept grows with the days practised and the routines, not the sessions.
#[derive(Debug, Clone)]
pub struct Gathering {
    today: Date,
    week_start: Date,
    month_start: Date,
    total: Tally,
    this_week: Tally,
    this_month: Tally,
    routines: HashMap<String, RoutineTally>,
    days: BTreeMap<Date, u64>,
    streak_days: BTreeSet<Date>,
}

impl Gathering {
    /// Nothing gathered yet, for the figures as they stand at the end of `today`.
    #[must_use]
    pub fn new(today: Date) -> Self {
        Self {
            today,
            week_start: monday_of(today),
            month_start: today.first_of_month(),
            total: Tally::default(),
            this_week: Tally::default(),
            this_month: Tally::default(),
            routines: HashMap::new(),
            days: BTreeMap::new(),
            streak_days: BTreeSet::new(),
        }
    }

    /// Counts one session; one on a day after today is left out.
    pub fn add(&mut self, record: &HistoryRecord) {
        let day = record.start.day();
        if day > self.today {
            return;
        }
        self.total.add(record);
        if day >= self.week_start {
            self.this_week.add(record);
        }
        if day >= self.month_start {
            self.this_month.add(record);
        }
        // Looked up before it is added, so that the routine's id is not copied each time.
        if !self.routines.contains_key(&record.routine) {
            self.routines.insert(
                record.routine.clone(),
                RoutineTally {
                    routine: record.routine.clone(),
                    name: String::new(),
                    tally: Tally::default(),
                },
            );
        }
        if let Some(entry) = self.routines.get_mut(&record.routine) {
            entry.name.clone_from(&record.name);
            entry.tally.add(record);
        }
        *self.days.entry(day).or_default() += record.practiced_ms;
        if keeps_streak(record) {
            self.streak_days.insert(day);
        }
    }

    /// The figures for every session added.
    #[must_use]
    pub fn finish(self) -> Stats {
        let mut routines: Vec<RoutineTally> = self.routines.into_values().collect();
        routines.sort_by(|a, b| {
            b.tally
                .practiced_ms
                .cmp(&a.tally.practiced_ms)
                .then_with(|| a.routine.cmp(&b.routine))
        });
        Stats {
            today: self.today,
            total: self.total,
            routines,
            this_week: self.this_week,
            this_month: self.this_month,
            current_streak: current_streak(&self.streak_days, self.today),
            longest_streak: longest_streak(&self.streak_days),
            days: self.days,
            streak_days: self.streak_days,
        }
    }
}

/// The Monday of the week `day` is in.
#[must_use]
pub fn monday_of(day: Date) -> Date {
    days_before(day, i64::from(day.weekday().to_monday_zero_offset()))
}

/// The date `days` days before `date` (the same date at the ends of the calendar).
#[must_use]
pub fn days_before(date: Date, days: i64) -> Date {
    date.checked_sub(Span::new().days(days)).unwrap_or(date)
}

fn next_day(date: Date) -> Option<Date> {
    date.tomorrow().ok()
}

/// Consecutive days of `days` ending today; if today is not one yet, ending yesterday, so
/// a streak is not shown as broken before the day is over.
fn current_streak(days: &BTreeSet<Date>, today: Date) -> usize {
    let mut day = if days.contains(&today) {
        today
    } else {
        days_before(today, 1)
    };
    let mut count = 0;
    while days.contains(&day) {
        count += 1;
        match day.yesterday() {
            Ok(before) => day = before,
            Err(_) => break,
        }
    }
    count
}

fn longest_streak(days: &BTreeSet<Date>) -> Option<Streak> {
    let mut best: Option<Streak> = None;
    let mut run: Option<Streak> = None;
    for &day in days {
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
