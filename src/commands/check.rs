//! `check`: validate routines (files, or names as `show` takes them) and show every problem
//! of each, errors and warnings, then a summary of all. The exit code is the worst
//! problem's: 3 for a routine with errors (or warnings, under `--strict`), 4 for one that
//! cannot be read.

use std::fmt::Write as _;

use crate::cli::CheckArgs;
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::routine::library::{LoadError, Source, find};
use crate::routine::review;
use crate::untrusted::Untrusted;
use crate::words::counted;

pub(super) fn check(args: &CheckArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let mut tally = Tally::default();
    for asked in &args.routines {
        let (errors, warnings, code) = match find(asked, super::user_dir(paths)) {
            Ok(source) => check_one(&source)?,
            Err(error) => {
                let (errors, warnings) = match &error {
                    LoadError::Invalid(problems) => problems.counts(),
                    _ => (1, 0),
                };
                let error = AppError::Load(error);
                super::report(&error);
                eprintln!();
                (errors, warnings, error.exit_code())
            }
        };
        tally.add(errors, warnings);
        let warned = warnings > 0 && args.strict;
        let code = if warned && errors == 0 {
            exit::INVALID_ROUTINE
        } else {
            code
        };
        tally.worst = tally.worst.max(code);
    }
    eprintln!("{}", tally.summary());
    Ok(tally.worst)
}

/// Checks one routine: its problems, then its sound files. Returns how many errors and
/// warnings it has, and the exit code its errors call for.
fn check_one(source: &Source) -> Result<(usize, usize, i32), AppError> {
    let review = review(&source.shown, &source.id, &source.text);
    let (mut errors, warnings) = review.problems.counts();
    let mut code = if errors > 0 {
        exit::INVALID_ROUTINE
    } else {
        exit::OK
    };
    if errors + warnings > 0 {
        super::report_problems(&review.problems);
        // Set apart from the next routine's problems, or the summary.
        eprintln!();
    }
    let Some(routine) = review.routine else {
        return Ok((errors, warnings, code));
    };
    if let Some(folder) = source.folder() {
        if let Err(error) = crate::sinks::sound::prepare::check_sound_files(&routine, folder) {
            // The sound error names the sound file; with many routines checked, which
            // routine it belongs to must be said too.
            let error = AppError::from(error);
            eprintln!(
                "error: {}: {}",
                Untrusted::value(&source.shown),
                Untrusted::value(&error)
            );
            eprintln!();
            errors += 1;
            code = code.max(error.exit_code());
        }
    }
    if errors == 0 {
        let length = super::length_label(&routine);
        let (shown, name) = (
            Untrusted::value(&source.shown),
            Untrusted::words(&routine.name),
        );
        let warned = match warnings {
            0 => String::new(),
            1 => ", 1 warning".to_owned(),
            n => format!(", {n} warnings"),
        };
        say!("ok: {shown} ({name}, {length}{warned})");
    }
    Ok((errors, warnings, code))
}

/// What all the routines checked came to.
#[derive(Default)]
struct Tally {
    /// Routines checked.
    checked: usize,
    /// Routines with an error or a warning.
    with_problems: usize,
    errors: usize,
    warnings: usize,
    /// The exit code.
    worst: i32,
}

impl Tally {
    fn add(&mut self, errors: usize, warnings: usize) {
        self.checked += 1;
        self.with_problems += usize::from(errors + warnings > 0);
        self.errors += errors;
        self.warnings += warnings;
    }

    /// "2 routines, 1 with problems: 3 errors, 2 warnings".
    fn summary(&self) -> String {
        let mut line = counted(self.checked, "routine");
        if self.with_problems == 0 {
            line.push_str(": no problems");
            return line;
        }
        if self.with_problems < self.checked {
            let _ = write!(line, ", {} with problems", self.with_problems);
        } else {
            line.push_str(" with problems");
        }
        let mut counts = Vec::new();
        if self.errors > 0 {
            counts.push(counted(self.errors, "error"));
        }
        if self.warnings > 0 {
            counts.push(counted(self.warnings, "warning"));
        }
        let _ = write!(line, ": {}", counts.join(", "));
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(tallies: &[(usize, usize)]) -> String {
        let mut tally = Tally::default();
        for &(errors, warnings) in tallies {
            tally.add(errors, warnings);
        }
        tally.summary()
    }

    #[test]
    fn the_summary_counts_routines_and_problems() {
        assert_eq!(summary(&[(0, 0)]), "1 routine: no problems");
        assert_eq!(summary(&[(0, 0), (0, 0)]), "2 routines: no problems");
        assert_eq!(
            summary(&[(0, 0), (3, 2)]),
            "2 routines, 1 with problems: 3 errors, 2 warnings"
        );
        assert_eq!(summary(&[(1, 0)]), "1 routine with problems: 1 error");
        assert_eq!(
            summary(&[(0, 1), (2, 0)]),
            "2 routines with problems: 2 errors, 1 warning"
        );
    }
}
