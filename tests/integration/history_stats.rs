//! Streaks and totals over month ends, local midnight and a change of time zone, always
//! with "today" injected rather than read.

use jiff::civil::{Date, date};
use jiff::tz::{TimeZone, offset};
use psoas_timer::sinks::history::HistoryRecord;
use psoas_timer::sinks::history::stats::Stats;

fn session(start: &str, minutes: u64, completed: bool) -> HistoryRecord {
    HistoryRecord {
        start: start.parse().unwrap(),
        routine: "constructive-rest".into(),
        name: "Constructive Rest".into(),
        length_ms: 20 * 60_000,
        practiced_ms: minutes * 60_000,
        completed,
        reached_end: Some(completed),
        ended_in_step: Some(3),
        steps_reached: 3,
        steps: 5,
        skipped_ms: Some(0),
        steps_skipped: Some(0),
        max_late_us: 0,
        paused_ms: None,
        ended_in_title: None,
        step_changes: None,
        notes: Vec::new(),
        by_hand: false,
    }
}

fn at(starts: &[&str]) -> Vec<HistoryRecord> {
    starts.iter().map(|s| session(s, 10, true)).collect()
}

/// The day it is at `instant` in a zone `hours` from UTC, as `stats` would inject it.
fn today_at(instant: &str, hours: i8) -> Date {
    let timestamp: jiff::Timestamp = instant.parse().unwrap();
    timestamp
        .to_zoned_datetime(TimeZone::fixed(offset(hours)))
        .date()
}

#[test]
fn streaks_run_across_month_and_year_ends() {
    let records = at(&[
        "2026-02-27T07:00:00+01:00",
        "2026-02-28T07:00:00+01:00",
        "2026-03-01T07:00:00+01:00", // 2026 is not a leap year: no 29 February between
        "2026-12-30T21:00:00+01:00",
        "2026-12-31T21:00:00+01:00",
        "2027-01-01T09:00:00+01:00",
        "2027-01-02T09:00:00+01:00",
    ]);
    let stats = Stats::compute(&records, date(2027, 1, 2));
    assert_eq!(stats.current_streak, 4);
    let longest = stats.longest_streak.unwrap();
    assert_eq!(
        (longest.first, longest.last, longest.days),
        (date(2026, 12, 30), date(2027, 1, 2), 4)
    );
    // The first of the month starts a new month's tally, and the year's end does not break
    // the week: Monday 28 December to Saturday 2 January.
    assert_eq!(stats.this_month.sessions, 2);
    assert_eq!(stats.this_week.sessions, 4);
    let march = Stats::compute(&records, date(2026, 3, 1));
    assert_eq!(march.current_streak, 3);
    assert_eq!(march.this_month.sessions, 1);
}

#[test]
fn a_leap_day_is_a_day_like_any_other() {
    let records = at(&["2028-02-28T07:00:00+00:00", "2028-03-01T07:00:00+00:00"]);
    let stats = Stats::compute(&records, date(2028, 3, 1));
    assert_eq!(stats.current_streak, 1, "29 February 2028 was missed");
}

#[test]
fn the_day_changes_at_local_midnight() {
    let records = at(&[
        "2026-11-28T23:59:59+01:00",
        "2026-11-29T00:00:00+01:00", // one second later, the next day
    ]);
    let stats = Stats::compute(&records, date(2026, 11, 29));
    assert_eq!(stats.current_streak, 2);
    assert_eq!(stats.days.len(), 2);
    // Half past eleven in New York is already tomorrow in UTC; it counts for the local day.
    let late = at(&["2026-11-30T23:30:00-05:00"]);
    let stats = Stats::compute(&late, date(2026, 11, 30));
    assert_eq!(
        stats.days.keys().copied().collect::<Vec<_>>(),
        [date(2026, 11, 30)]
    );
    assert_eq!(stats.current_streak, 1);
}

#[test]
fn a_streak_is_open_until_the_day_is_over() {
    let records = at(&["2026-11-27T07:00:00+01:00", "2026-11-28T07:00:00+01:00"]);
    assert_eq!(
        Stats::compute(&records, date(2026, 11, 29)).current_streak,
        2
    );
    assert_eq!(
        Stats::compute(&records, date(2026, 11, 30)).current_streak,
        0
    );
}

#[test]
fn sessions_count_on_the_local_day_where_they_were_practiced_after_a_time_zone_change() {
    // Practiced in Tokyo, then in New York after a flight east across the date line.
    let records = at(&[
        "2026-11-27T07:00:00+09:00",
        "2026-11-28T07:00:00+09:00",
        "2026-11-28T19:00:00-05:00", // 29 November 09:00 in Tokyo, but 28 November here
        "2026-11-29T19:00:00-05:00",
    ]);
    // 2026-11-30T03:00Z is still 29 November in New York: the streak runs on.
    let today = today_at("2026-11-30T03:00:00Z", -5);
    assert_eq!(today, date(2026, 11, 29));
    let stats = Stats::compute(&records, today);
    assert_eq!(stats.current_streak, 3);
    assert_eq!(stats.days[&date(2026, 11, 28)], 20 * 60_000);
    // The same instant read in Tokyo is already 30 November: today is open, so the streak
    // still ends yesterday, on 29 November.
    let tokyo_today = today_at("2026-11-30T03:00:00Z", 9);
    assert_eq!(tokyo_today, date(2026, 11, 30));
    assert_eq!(Stats::compute(&records, tokyo_today).current_streak, 3);
    // A day later in Tokyo, with no practice on 30 November, it has ended.
    assert_eq!(
        Stats::compute(&records, today_at("2026-12-01T03:00:00Z", 9)).current_streak,
        0
    );
}

#[test]
fn totals_count_sessions_stopped_early_and_leave_out_later_days() {
    let records = vec![
        session("2026-11-02T07:00:00+01:00", 20, true),
        session("2026-11-30T07:00:00+01:00", 7, false),
        session("2026-12-01T07:00:00+01:00", 15, true),
        HistoryRecord {
            routine: "long-exhale".into(),
            name: "Long exhale".into(),
            ..session("2026-11-29T21:00:00+01:00", 30, true)
        },
    ];
    let stats = Stats::compute(&records, date(2026, 11, 30));
    assert_eq!(stats.total.sessions, 3);
    assert_eq!(stats.total.stopped_early, 1);
    assert_eq!(stats.total.practiced_ms, 57 * 60_000);
    assert_eq!(stats.this_week.sessions, 1, "the week began this Monday");
    assert_eq!(stats.this_month.sessions, 3);
    let by_routine: Vec<(&str, usize, u64)> = stats
        .routines
        .iter()
        .map(|r| {
            (
                r.routine.as_str(),
                r.tally.sessions,
                r.tally.practiced_ms / 60_000,
            )
        })
        .collect();
    assert_eq!(
        by_routine,
        [("long-exhale", 1, 30), ("constructive-rest", 2, 27)]
    );
    assert_eq!(stats.current_streak, 2);
}

#[test]
fn an_empty_history_has_no_streaks() {
    let stats = Stats::compute(&[], date(2026, 11, 30));
    assert_eq!(stats.total.sessions, 0);
    assert_eq!(stats.current_streak, 0);
    assert_eq!(stats.longest_streak, None);
}

/// A session on `start` that reached its end by pressing `n` through it, practicing
/// `seconds`.
fn skipped_through(start: &str, seconds: u64) -> HistoryRecord {
    HistoryRecord {
        practiced_ms: seconds * 1000,
        completed: false,
        reached_end: Some(true),
        ended_in_step: Some(5),
        steps_reached: 5,
        skipped_ms: Some(20 * 60_000 - seconds * 1000),
        steps_skipped: Some(5),
        ..session(start, 0, false)
    }
}

#[test]
fn a_day_keeps_the_streak_with_a_complete_session_or_an_honest_practice_stopped_early() {
    let records = vec![
        session("2026-11-25T07:00:00+01:00", 20, true),
        // Stopped after three minutes: an honest practice, cut short.
        session("2026-11-26T07:00:00+01:00", 3, false),
        // Stopped within a minute: a start, not yet a practice.
        HistoryRecord {
            practiced_ms: 40_000,
            ..session("2026-11-27T07:00:00+01:00", 0, false)
        },
        // Pressing n to the end in two seconds, twice.
        skipped_through("2026-11-28T07:00:00+01:00", 2),
        skipped_through("2026-11-28T08:00:00+01:00", 2),
        session("2026-11-29T07:00:00+01:00", 20, true),
        skipped_through("2026-11-30T07:00:00+01:00", 2),
    ];
    let stats = Stats::compute(&records, date(2026, 11, 30));
    let longest = stats.longest_streak.unwrap();
    assert_eq!(
        (longest.first, longest.last, longest.days),
        (date(2026, 11, 25), date(2026, 11, 26), 2)
    );
    assert_eq!(
        stats.current_streak, 1,
        "today's skip-through adds nothing; yesterday's practice keeps it open"
    );
    assert_eq!(
        stats.streak_days.iter().copied().collect::<Vec<_>>(),
        [date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 29)]
    );
    // Every session counts with the time it was practiced, not the time it was planned.
    assert_eq!(stats.total.sessions, 7);
    assert_eq!(
        (stats.total.stopped_early, stats.total.skipped_to_end),
        (2, 3)
    );
    assert_eq!(stats.total.practiced_ms, 43 * 60_000 + 40_000 + 6_000);
    assert_eq!(stats.days[&date(2026, 11, 28)], 4_000);
    assert_eq!(
        stats.days.len(),
        6,
        "every day practiced is on the calendar"
    );
}

#[test]
fn a_streak_rule_read_from_older_lines_is_what_they_meant() {
    // Lines from before a session's skips were kept: `completed` then meant it ran to its
    // end, and such a session still keeps the streak.
    let older: Vec<HistoryRecord> = [
        r#"{"start":"2026-11-28T07:10:00+01:00","routine":"constructive-rest","name":"Constructive Rest","length_ms":600000,"practiced_ms":600000,"completed":true,"steps_reached":5,"steps":5,"max_late_us":812}"#,
        r#"{"start":"2026-11-29T21:40:00+01:00","routine":"constructive-rest","name":"Constructive Rest","length_ms":1200000,"practiced_ms":431250,"completed":false,"steps_reached":3,"steps":5,"max_late_us":1204}"#,
        r#"{"start":"2026-11-30T06:00:00+01:00","routine":"settle","name":"Settle","length_ms":300000,"practiced_ms":9000,"completed":false,"steps_reached":1,"steps":6,"max_late_us":0}"#,
    ]
    .iter()
    .map(|line| serde_json::from_str(line).unwrap())
    .collect();
    let stats = Stats::compute(&older, date(2026, 11, 30));
    assert_eq!(
        stats.current_streak, 2,
        "nine seconds on the 30th keep nothing"
    );
    assert_eq!(
        (stats.total.stopped_early, stats.total.skipped_to_end),
        (2, 0)
    );
}
