//! `stats`: total time, time per routine, this week and month, streaks, and a small
//! calendar of the last weeks.

use std::fmt::Write as _;

use crate::cli::StatsArgs;
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::session::clock::wall_now;
use crate::sinks::history::calendar;
use crate::sinks::history::stats::{Gathering, Stats, Tally};
use crate::untrusted::Untrusted;

/// Shows the practice figures as of today, or of `--as-of`.
pub(super) fn stats(args: &StatsArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let Some(file) = super::history::history_file(paths) else {
        return Ok(exit::OK);
    };
    let now = wall_now().date();
    let today = args.as_of.map_or(now, |day| day.date(now));
    // A session at a time: only the figures are kept, never the history.
    let mut gathering = Gathering::new(today);
    let mut first = None::<jiff::civil::Date>;
    super::history::read(&file, |record| {
        let day = record.start.day();
        first = Some(first.map_or(day, |first| first.min(day)));
        gathering.add(&record);
    })?;
    let stats = gathering.finish();
    if let (0, Some(first)) = (stats.total.sessions, first) {
        say!("No sessions on or before {today}; the first was on {first}.");
    } else if stats.total.sessions == 0 {
        say!("{}", super::history::nothing_yet());
    } else {
        crate::commands::write_out(format_args!("{}", report(&stats, args.weeks)))?;
    }
    Ok(exit::OK)
}

/// The figures in words, with the calendar of the last `weeks` weeks.
#[must_use]
pub(super) fn report(stats: &Stats, weeks: u16) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Your practice up to {}\n",
        stats.today.strftime("%A %-d %B %Y")
    );
    let _ = writeln!(out, "  Total           {}", tally(&stats.total));
    let _ = writeln!(out, "  This week       {}", tally(&stats.this_week));
    let _ = writeln!(out, "  This month      {}", tally(&stats.this_month));
    let current = match stats.current_streak {
        0 => "none just now; any day is a good day to begin again".to_owned(),
        count => days(count),
    };
    let _ = writeln!(out, "  Current streak  {current}");
    if let Some(longest) = stats.longest_streak {
        let when = if longest.first == longest.last {
            format!("on {}", longest.first)
        } else {
            format!("{} to {}", longest.first, longest.last)
        };
        let _ = writeln!(out, "  Longest streak  {}, {when}", days(longest.days));
    }
    let _ = writeln!(out, "\n  By routine");
    let width = stats
        .routines
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(32);
    for routine in &stats.routines {
        let name = Untrusted::words(&routine.name);
        let _ = writeln!(out, "    {name:<width$.width$}  {}", tally(&routine.tally));
    }
    let _ = writeln!(out, "\n  The last {weeks} weeks");
    for line in calendar::render(&stats.days, stats.today, weeks).lines() {
        let _ = writeln!(out, "  {line}");
    }
    out
}

fn tally(tally: &Tally) -> String {
    if tally.sessions == 0 {
        return "no sessions yet".to_owned();
    }
    let time = if tally.practiced_ms < 1000 {
        "under a second".to_owned()
    } else {
        super::history::whole_seconds(tally.practiced_ms)
    };
    let mut text = format!(
        "{time} in {}",
        crate::words::counted(tally.sessions, "session")
    );
    let mut not_complete = Vec::new();
    if tally.stopped_early > 0 {
        not_complete.push(format!("{} stopped early", tally.stopped_early));
    }
    if tally.skipped_to_end > 0 {
        not_complete.push(format!("{} skipped to the end", tally.skipped_to_end));
    }
    if !not_complete.is_empty() {
        let _ = write!(text, " ({})", not_complete.join(", "));
    }
    text
}

fn days(count: usize) -> String {
    crate::words::counted(count, "day")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tally_says_the_time_practiced_in_whole_seconds_and_what_was_not_complete() {
        let tally = |sessions, stopped_early, skipped_to_end, practiced_ms| {
            super::tally(&Tally {
                sessions,
                stopped_early,
                skipped_to_end,
                practiced_ms,
            })
        };
        assert_eq!(tally(0, 0, 0, 0), "no sessions yet");
        assert_eq!(
            tally(1, 0, 1, 400),
            "under a second in 1 session (1 skipped to the end)"
        );
        assert_eq!(
            tally(3, 1, 1, 1_031_250),
            "17m 11s in 3 sessions (1 stopped early, 1 skipped to the end)"
        );
        assert_eq!(tally(2, 0, 0, 1_200_999), "20m in 2 sessions");
    }
}
