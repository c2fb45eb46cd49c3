//! What a report says, gathered from the history a session at a time.
//!
//! Only totals are kept while the history is read: per routine, counts and times, the steps
//! sessions stopped in and the steps whose time changed (each by title), and the latest
//! notes; per week, the time practiced. What is kept grows with the routines, their steps
//! and the weeks, never with the sessions, except the notes, of which at most
//! [`NOTES_SHOWN`] are kept for each routine.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use jiff::civil::Date;

use crate::sinks::history::HistoryRecord;
use crate::sinks::history::stats::{Tally, monday_of};

/// The most notes shown for a routine: the latest. Notes are what the practitioner wrote
/// for the reader, so they are shown whole, but a report read in a consultation stays a
/// few pages long; forty notes is most of a year of weekly sessions, and the count of those
/// left out is said.
pub const NOTES_SHOWN: usize = 40;

/// The longest note shown, in characters; a longer one is cut with `…`. A note is a line
/// typed after a session: a thousand characters is a long paragraph, and it keeps one
/// pasted by mistake from filling the report.
pub const NOTE_CHARS: usize = 1000;

/// Which sessions a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The day the report is made: sessions after it are left out.
    pub made: Date,
    /// The first day covered; `None` covers the whole history.
    pub since: Option<Date>,
    /// The one routine covered (its id or its name, in any case); `None` covers all.
    pub routine: Option<String>,
}

impl Scope {
    fn covers_day(&self, day: Date) -> bool {
        day <= self.made && self.since.is_none_or(|since| day >= since)
    }

    fn covers_routine(&self, record: &HistoryRecord) -> bool {
        self.routine.as_deref().is_none_or(|wanted| {
            record.routine.eq_ignore_ascii_case(wanted) || record.name.eq_ignore_ascii_case(wanted)
        })
    }
}

/// A note with the day of its session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The day of the session it was written about.
    pub day: Date,
    /// What was written, cut at [`NOTE_CHARS`].
    pub text: String,
}

/// How often a step's time was changed, and by how much.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepTotals {
    /// Sessions in which part of the step was passed over with `n`.
    pub skipped: usize,
    /// The time passed over in them.
    pub skipped_ms: u64,
    /// Sessions in which time was added to the step.
    pub extended: usize,
    /// The time added in them.
    pub added_ms: u64,
}

/// Everything the report says about one routine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoutineSummary {
    /// The routine's id.
    pub routine: String,
    /// Its name, as last recorded.
    pub name: String,
    /// The sessions run with the timer.
    pub timed: Tally,
    /// Sessions added by hand.
    pub by_hand: usize,
    /// The time practiced in all of them, by hand too.
    pub practiced_ms: u64,
    /// The time paused, over the sessions that recorded it.
    pub paused_ms: u64,
    /// Timed sessions whose line does not say how long they were paused (older lines).
    pub paused_unknown: usize,
    /// The steps sessions were stopped in, by number and title, with how many times.
    pub stopped_in: BTreeMap<(usize, String), usize>,
    /// Sessions stopped before their first step.
    pub stopped_before_first: usize,
    /// Sessions stopped in a step whose title their line does not say (older lines).
    pub stopped_in_unknown: usize,
    /// The steps whose time was changed, by number and title: in step order, and a step
    /// whose title changed between sessions is told apart.
    pub steps: BTreeMap<(usize, String), StepTotals>,
    /// Timed sessions whose line does not say what was changed in its steps.
    pub changes_unknown: usize,
    /// The latest notes, in the order of the history (the order sessions ended), at most
    /// [`NOTES_SHOWN`].
    pub notes: VecDeque<Note>,
    /// How many notes there were in all.
    pub notes_total: usize,
}

impl RoutineSummary {
    /// How many sessions, timed and by hand.
    #[must_use]
    pub fn sessions(&self) -> usize {
        self.timed.sessions + self.by_hand
    }

    /// Timed sessions that are complete.
    #[must_use]
    pub fn complete(&self) -> usize {
        self.timed.sessions - self.timed.stopped_early - self.timed.skipped_to_end
    }

    fn add(&mut self, record: &HistoryRecord, day: Date) {
        self.name.clone_from(&record.name);
        self.practiced_ms += record.practiced_ms;
        for text in &record.notes {
            self.add_note(day, text);
        }
        if record.by_hand {
            self.by_hand += 1;
            return;
        }
        self.timed.add(record);
        match record.paused_ms {
            Some(ms) => self.paused_ms += ms,
            None => self.paused_unknown += 1,
        }
        if !record.reached_end() {
            match (&record.ended_in_title, record.ended_in_step) {
                (Some(title), step) => {
                    let step = (step.unwrap_or(0), title.clone());
                    *self.stopped_in.entry(step).or_default() += 1;
                }
                (None, Some(0)) => self.stopped_before_first += 1,
                (None, _) => self.stopped_in_unknown += 1,
            }
        }
        let Some(changes) = &record.step_changes else {
            self.changes_unknown += 1;
            return;
        };
        for change in changes {
            let step = (change.step, change.title.clone());
            let totals = self.steps.entry(step).or_default();
            totals.skipped += usize::from(change.skipped_ms > 0);
            totals.skipped_ms += change.skipped_ms;
            totals.extended += usize::from(change.added_ms > 0);
            totals.added_ms += change.added_ms;
        }
    }

    fn add_note(&mut self, day: Date, text: &str) {
        self.notes_total += 1;
        if self.notes.len() == NOTES_SHOWN {
            self.notes.pop_front();
        }
        let whole = text.trim();
        let mut text: String = whole.chars().take(NOTE_CHARS).collect();
        if text.len() < whole.len() {
            text.push('…');
        }
        self.notes.push_back(Note { day, text });
    }
}

/// What a report says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The sessions it covers.
    pub scope: Scope,
    /// The day of the first session covered.
    pub first: Option<Date>,
    /// Per routine, most practiced first.
    pub routines: Vec<RoutineSummary>,
    /// The time practiced in each week with any, by the Monday it begins on.
    pub weeks: BTreeMap<Date, u64>,
}

impl Summary {
    /// The first day of the period covered: the one asked for, else the first session's.
    #[must_use]
    pub fn period_start(&self) -> Date {
        self.scope.since.or(self.first).unwrap_or(self.scope.made)
    }

    /// How many sessions in all.
    #[must_use]
    pub fn sessions(&self) -> usize {
        self.routines.iter().map(RoutineSummary::sessions).sum()
    }

    /// The time practiced in all.
    #[must_use]
    pub fn practiced_ms(&self) -> u64 {
        self.routines.iter().map(|r| r.practiced_ms).sum()
    }
}

/// A summary being gathered a session at a time.
#[derive(Debug, Clone)]
pub struct Gathering {
    scope: Scope,
    first: Option<Date>,
    routines: HashMap<String, RoutineSummary>,
    weeks: BTreeMap<Date, u64>,
    /// Every routine in the history, for a routine asked for that is not in it.
    seen: BTreeSet<String>,
    /// Whether the routine asked for has any session in the history, on any day.
    wanted_seen: bool,
}

impl Gathering {
    /// Nothing gathered yet, for the sessions in `scope`.
    #[must_use]
    pub fn new(scope: Scope) -> Self {
        Self {
            scope,
            first: None,
            routines: HashMap::new(),
            weeks: BTreeMap::new(),
            seen: BTreeSet::new(),
            wanted_seen: false,
        }
    }

    /// Counts one session, if the report covers it.
    pub fn add(&mut self, record: &HistoryRecord) {
        if !self.seen.contains(&record.routine) {
            self.seen.insert(record.routine.clone());
        }
        if !self.scope.covers_routine(record) {
            return;
        }
        self.wanted_seen = true;
        let day = record.start.day();
        if !self.scope.covers_day(day) {
            return;
        }
        self.first = Some(self.first.map_or(day, |first| first.min(day)));
        *self.weeks.entry(monday_of(day)).or_default() += record.practiced_ms;
        // Looked up before it is added, so that the routine's id is not copied each time.
        if !self.routines.contains_key(&record.routine) {
            let routine = RoutineSummary {
                routine: record.routine.clone(),
                ..RoutineSummary::default()
            };
            self.routines.insert(record.routine.clone(), routine);
        }
        if let Some(routine) = self.routines.get_mut(&record.routine) {
            routine.add(record, day);
        }
    }

    /// Whether the routine asked for is in the history at all, on any day; if not, the
    /// routines that are.
    #[must_use]
    pub fn unknown_routine(&self) -> Option<Vec<&str>> {
        self.scope.routine.as_ref()?;
        (!self.wanted_seen).then(|| self.seen.iter().map(String::as_str).collect())
    }

    /// The summary of every session added.
    #[must_use]
    pub fn finish(self) -> Summary {
        let mut routines: Vec<RoutineSummary> = self.routines.into_values().collect();
        routines.sort_by(|a, b| {
            b.practiced_ms
                .cmp(&a.practiced_ms)
                .then_with(|| a.routine.cmp(&b.routine))
        });
        Summary {
            scope: self.scope,
            first: self.first,
            routines,
            weeks: self.weeks,
        }
    }
}
