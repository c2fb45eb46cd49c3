//! `show`: a routine's timeline as a readable table, without running it.

use std::fmt::Write as _;

use crate::cli::{SessionArgs, ShowArgs, ShowFormat};
use crate::duration::{format_at_least, format_at_most, format_phase, format_seconds, table_row};
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::plan::{CueKind, Timeline};
use crate::routine::library::load;
use crate::untrusted::{self, Untrusted};

pub(super) fn show(args: &ShowArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let found = load(&args.routine, super::user_dir(paths))?;
    let routine = &found.routine;
    let session = SessionArgs {
        plan: args.plan.clone(),
        ..SessionArgs::default()
    };
    let options = super::session_options(&session, Some(routine), paths)?;
    let timeline = options.plan(routine)?;
    match args.format {
        ShowFormat::Table => {
            let range = routine.length.map(|l| (l.min_ms, l.max_ms));
            super::write_out(format_args!("{}", table(&timeline, range)))?;
        }
        ShowFormat::Markdown => {
            super::write_out(format_args!(
                "{}",
                crate::commands::handout::markdown(routine, &timeline)
            ))?;
        }
        ShowFormat::Json => say!("{}", json(routine, &timeline)),
    }
    Ok(exit::OK)
}

/// The timeline as a table: when each step starts, how long it lasts, and what guides it,
/// in whole seconds whose rows add up to the session.
#[must_use]
pub(super) fn table(timeline: &Timeline, range: Option<(u64, u64)>) -> String {
    let mut out = String::new();
    let range = range.map_or_else(String::new, |(min, max)| {
        format!(
            " (can be {} to {})",
            format_at_least(min),
            format_at_most(max)
        )
    });
    let _ = writeln!(
        out,
        "{}: {}{range}\n",
        Untrusted::words(&timeline.routine_name),
        format_seconds(timeline.total_ms)
    );
    let _ = writeln!(out, "  start    length     step");
    for (index, segment) in timeline.segments.iter().enumerate() {
        let guidance = guidance(timeline, index);
        let (start, length) = table_row(segment.start_ms, segment.end_ms);
        let _ = writeln!(
            out,
            "  {start:<8} {length:<10} {}. {}{}",
            index + 1,
            Untrusted::words(&segment.title),
            guidance
        );
    }
    let (end, _) = table_row(timeline.total_ms, timeline.total_ms);
    let _ = writeln!(out, "  {end:<8} {:<10} end", "");
    out
}

fn guidance(timeline: &Timeline, segment: usize) -> String {
    let cues = timeline.cues_of(segment).iter();
    let bells = cues
        .clone()
        .filter(|c| c.kind == CueKind::IntervalBell)
        .count();
    let inhales = cues
        .filter(|c| {
            matches!(
                c.kind,
                CueKind::Breath {
                    phase: crate::plan::BreathPhase::Inhale,
                    ..
                }
            )
        })
        .count();
    let mut parts = Vec::new();
    if let Some(breath) = timeline.segments[segment].breath {
        parts.push(format!("{inhales} breaths: {}", breath_shape(&breath)));
    }
    if bells > 0 {
        parts.push(format!("{bells} bell{}", if bells == 1 { "" } else { "s" }));
    }
    for cue in timeline.cues_of(segment) {
        match cue.kind {
            CueKind::Speak(crate::plan::Said::Ending) => parts.push("says its ending".to_owned()),
            CueKind::Speak(crate::plan::Said::TimeLeft { left_ms }) => {
                let words = crate::plan::speech::time_left_words(left_ms);
                parts.push(format!("says \"{}\"", words.trim_end_matches('.')));
            }
            CueKind::AwaitReady { max_ms } => parts.push(format!(
                "then waits until you are ready, at most {}",
                format_at_most(max_ms)
            )),
            _ => {}
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("  [{}]", parts.join("; "))
    }
}

/// The routine's description and its full timeline, every segment and cue, as JSON.
fn json(routine: &crate::routine::Routine, timeline: &Timeline) -> String {
    let length = routine.length.map(
        |l| serde_json::json!({"default_ms": l.default_ms, "min_ms": l.min_ms, "max_ms": l.max_ms}),
    );
    let document = serde_json::json!({
        "routine": {
            "id": routine.id,
            "name": routine.name,
            "summary": routine.summary,
            "source": routine.source,
            "props": routine.props,
            "safety": routine.safety,
            "length": length,
        },
        "timeline": timeline,
    });
    untrusted::json(&serde_json::to_string_pretty(&document).unwrap_or_default())
}

/// A breath in words: "inhale 4s, exhale 6s to 8s" (a phase that changes across the step
/// shows where it ends).
pub(super) fn breath_shape(breath: &crate::routine::Breath) -> String {
    let phases = crate::plan::BREATH_PHASES
        .iter()
        .zip(breath.from.as_array().into_iter().zip(breath.to.as_array()));
    phases
        .filter(|(_, (from, to))| *from > 0 || *to > 0)
        .map(|(phase, (from, to))| match (from, to) {
            (a, b) if a == b => format!("{} {}", phase.label(), format_phase(a)),
            (a, b) => format!(
                "{} {} to {}",
                phase.label(),
                format_phase(a),
                format_phase(b)
            ),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
