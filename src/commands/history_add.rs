//! `history add`: a session practiced away from the timer, recorded as told. It counts in
//! `stats` and streaks as a complete session does, and `history` says it was added by hand.

use jiff::ZonedDateTime;
use jiff::civil::{Date, Time};

use crate::cli::HistoryAddArgs;
use crate::cli::values::{When, refused};
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::plan::{PlanOptions, plan};
use crate::routine::library::load;
use crate::session::clock::wall_now;
use crate::sinks::history::{HistoryRecord, StartTime};
use crate::untrusted::Untrusted;

/// The time of day of a session added with a day alone: noon, the middle of the day, so it
/// counts for that day whatever the clocks did that night; today, noon or now, whichever
/// came first, since a session cannot begin in the future.
const BARE_DAY_TIME: Time = Time::constant(12, 0, 0, 0);

/// Adds the session, and says what was added.
pub(super) fn add(args: &HistoryAddArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let found = load(&args.routine, super::user_dir(paths))?;
    let now = wall_now();
    let start = StartTime::from_zoned(&moment(&args.at, &now)?);
    let Some(file) = super::history::history_file(paths) else {
        return Ok(exit::FAILURE);
    };
    let routine = &found.routine;
    // The steps as a session of it would have them (a step for each side is two).
    let steps = plan(routine, PlanOptions::default())
        .map_or(routine.steps.len(), |timeline| timeline.segments.len());
    let record = HistoryRecord {
        start,
        routine: routine.id.clone(),
        name: routine.name.clone(),
        length_ms: args.length,
        practiced_ms: args.length,
        completed: true,
        reached_end: Some(true),
        ended_in_step: None,
        steps_reached: steps,
        steps,
        skipped_ms: None,
        steps_skipped: None,
        max_late_us: 0,
        paused_ms: None,
        ended_in_title: None,
        step_changes: None,
        notes: args.note.iter().cloned().collect(),
        by_hand: true,
    };
    file.append(&record)?;
    say!(
        "Added {}, {} at {}.",
        Untrusted::words(&record.name),
        super::history::whole_seconds(record.length_ms),
        start.local().strftime("%Y-%m-%d %H:%M")
    );
    Ok(exit::OK)
}

/// The moment `when` names, in the local time zone of `now`; refused in the future.
fn moment(when: &When, now: &ZonedDateTime) -> Result<ZonedDateTime, AppError> {
    let day: Date = when.day.date(now.date());
    let time = when.time.unwrap_or(if day == now.date() {
        BARE_DAY_TIME.min(now.time())
    } else {
        BARE_DAY_TIME
    });
    let moment = day
        .to_datetime(time)
        .to_zoned_datetime(now.time_zone().clone())
        .map_err(|error| {
            AppError::Usage(format!("--at `{}`: {error}", Untrusted::value(&when.text)))
        })?;
    if moment.timestamp() > now.timestamp() {
        return Err(AppError::Usage(refused(
            "--at",
            &when.text,
            &format!(
                "a moment that has passed (it is {} now)",
                now.strftime("%Y-%m-%d %H:%M")
            ),
        )));
    }
    Ok(moment)
}
