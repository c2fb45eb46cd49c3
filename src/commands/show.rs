//! `show`: a routine's timeline as a readable table, without running it.

use std::fmt::Write as _;

use crate::cli::ShowArgs;
use crate::duration::{clock_face, format_ms};
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::plan::{CueKind, PlanOptions, Timeline, plan};
use crate::routine::library::load;

pub fn show(args: &ShowArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let found = load(&args.routine, super::user_dir(paths))?;
    let timeline = plan(
        &found.routine,
        PlanOptions {
            length_ms: args.length_ms,
        },
    )?;
    print!(
        "{}",
        table(
            &timeline,
            found.routine.length.map(|l| (l.min_ms, l.max_ms))
        )
    );
    Ok(exit::OK)
}

/// The timeline as a table: when each step starts, how long it lasts, and what guides it.
#[must_use]
pub fn table(timeline: &Timeline, range: Option<(u64, u64)>) -> String {
    let mut out = String::new();
    let range = range.map_or_else(String::new, |(min, max)| {
        format!(" (can be {} to {})", format_ms(min), format_ms(max))
    });
    let _ = writeln!(
        out,
        "{}: {}{range}\n",
        timeline.routine_name,
        format_ms(timeline.total_ms)
    );
    let _ = writeln!(out, "  start    length   step");
    for (index, segment) in timeline.segments.iter().enumerate() {
        let guidance = guidance(timeline, index);
        let _ = writeln!(
            out,
            "  {:<8} {:<8} {}. {}{}",
            clock_face(segment.start_ms),
            format_ms(segment.len_ms()),
            index + 1,
            segment.title,
            guidance
        );
    }
    let _ = writeln!(out, "  {:<8} {:<8} end", clock_face(timeline.total_ms), "");
    out
}

fn guidance(timeline: &Timeline, segment: usize) -> String {
    let cues = timeline.cues.iter().filter(|c| c.segment == segment);
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
    if let Some(pattern) = timeline.segments[segment].breath {
        let phases = crate::plan::breath_phases(&pattern);
        let shape: Vec<String> = phases
            .iter()
            .map(|(phase, ms)| format!("{} {}", phase.label(), format_ms(*ms)))
            .collect();
        parts.push(format!("{inhales} breaths: {}", shape.join(", ")));
    }
    if bells > 0 {
        parts.push(format!("{bells} bell{}", if bells == 1 { "" } else { "s" }));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("  [{}]", parts.join("; "))
    }
}
