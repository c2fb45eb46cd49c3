//! `check`: validate routine files and show every problem. The exit code is the worst
//! problem's: 3 for a file with errors, 4 for one that cannot be read.

use crate::cli::CheckArgs;
use crate::duration::format_ms;
use crate::error::{AppError, exit};
use crate::plan::{PlanOptions, plan, speech};
use crate::routine::Routine;
use crate::routine::library::load_file;
use crate::untrusted::Untrusted;

pub(super) fn check(args: &CheckArgs) -> Result<i32, AppError> {
    let mut failed = 0;
    let mut worst = exit::OK;
    for path in &args.files {
        let checked = load_file(path).map_err(AppError::Load).and_then(|routine| {
            let folder = path.parent().unwrap_or_else(|| std::path::Path::new(""));
            crate::sinks::sound::prepare::check_sound_files(&routine, folder)?;
            Ok(routine)
        });
        match checked {
            Ok(routine) => {
                let length = super::length_label(&routine);
                let (shown, name) = (Untrusted::path(path), Untrusted::words(&routine.name));
                say!("ok: {shown} ({name}, {length})");
                for warning in speech_warnings(&routine) {
                    eprintln!("warning: {shown}: {warning}");
                }
            }
            Err(error) => {
                failed += 1;
                worst = worst.max(error.exit_code());
                super::report(&error);
            }
        }
    }
    let checked = args.files.len();
    if failed > 0 && checked > 1 {
        eprintln!("{failed} of {checked} routine files have problems");
    }
    Ok(worst)
}

/// The texts that cannot be said before their step ends, at the shortest length the routine
/// allows: a teacher shortens the text or lengthens the step. Warnings, not errors: the
/// routine runs, and the voice stops at the end of a sentence.
fn speech_warnings(routine: &Routine) -> Vec<String> {
    let length_ms = routine.length.map(|range| range.min_ms);
    let options = PlanOptions {
        length_ms,
        breath: None,
    };
    let Ok(timeline) = plan(routine, options) else {
        return Vec::new();
    };
    let at = length_ms.map_or_else(String::new, |ms| {
        format!(" at the shortest length ({})", format_ms(ms))
    });
    speech::overruns(&timeline)
        .into_iter()
        .map(|overrun| {
            let seconds = overrun.missing_ms.div_ceil(1000);
            format!(
                "`{}`{at}: {} take about {seconds}s more than the step has, at a calm pace; shorten the text or give the step more time",
                Untrusted::value(&overrun.title),
                overrun.what,
            )
        })
        .collect()
}
