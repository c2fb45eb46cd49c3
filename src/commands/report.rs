//! `report`: the practice of a period, per routine, in Markdown or HTML, to standard output
//! or to a file written whole.

use crate::cli::{ReportArgs, ReportFormat};
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::session::clock::wall_now;
use crate::sinks::history::report::{Gathering, Scope, html, markdown};
use crate::untrusted::Untrusted;

/// Writes the report the arguments ask for.
pub(super) fn report(args: &ReportArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let Some(file) = super::history::history_file(paths) else {
        return Ok(exit::OK);
    };
    let made = wall_now().date();
    let since = args.since.map(|day| day.date(made));
    if let Some(since) = since.filter(|since| *since > made) {
        return Err(AppError::Usage(format!(
            "--since {since} is after today, {made}: a report covers days that have been"
        )));
    }
    let mut gathering = Gathering::new(Scope {
        made,
        since,
        routine: args.routine.clone(),
    });
    // A session at a time: only the totals and the latest notes are kept.
    let count = super::history::read(&file, |record| gathering.add(&record))?;
    if count == 0 {
        say!("{}", super::history::nothing_yet());
        return Ok(exit::OK);
    }
    if let (Some(name), Some(known)) = (&args.routine, gathering.unknown_routine()) {
        return Err(AppError::NotInHistory {
            name: name.clone(),
            known: in_history(name, &known),
        });
    }
    let summary = gathering.finish();
    let text = match args.format {
        ReportFormat::Markdown => markdown::render(&summary),
        ReportFormat::Html => html::render(&summary),
    };
    super::whole_file::write_to(args.output.as_deref(), args.force, |out| {
        out.write_all(text.as_bytes())
    })?;
    Ok(exit::OK)
}

/// The routines of the history closest to `name`, or all of them if none is close.
fn in_history(name: &str, known: &[&str]) -> String {
    let close = crate::suggest::closest(name, known.iter().copied());
    let all: Vec<String> = known
        .iter()
        .map(|name| format!("`{}`", Untrusted::value(name)))
        .collect();
    crate::suggest::did_you_mean(&close, &format!("; it has {}", all.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_routine_not_in_the_history_is_answered_with_those_that_are() {
        let known = ["constructive-rest", "long-exhale"];
        assert_eq!(
            in_history("long-exhail", &known),
            "; did you mean `long-exhale`?"
        );
        assert_eq!(
            in_history("yin", &known),
            "; it has `constructive-rest`, `long-exhale`"
        );
    }
}
