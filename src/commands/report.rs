//! `report`: the practice of a period, per routine, in Markdown or HTML, to standard output
//! or to a file written whole.

use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

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
    match &args.output {
        None => crate::commands::write_out(format_args!("{text}"))?,
        Some(path) => {
            write_whole(path, text.as_bytes(), args.force).map_err(|error| match error {
                Written::Exists => AppError::Exists { path: path.clone() },
                Written::Failed(source) => AppError::Write {
                    path: path.clone(),
                    source,
                },
            })?;
        }
    }
    Ok(exit::OK)
}

/// The routines of the history closest to `name`, or all of them if none is close.
fn in_history(name: &str, known: &[&str]) -> String {
    let close = crate::suggest::closest(name, known.iter().copied());
    let named = |names: &[String]| {
        names
            .iter()
            .map(|name| format!("`{}`", Untrusted::value(name)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match close.as_slice() {
        [one] => format!("; did you mean `{}`?", Untrusted::value(one)),
        [] => {
            let all: Vec<String> = known.iter().map(|&name| name.to_owned()).collect();
            format!("; it has {}", named(&all))
        }
        many => format!("; did you mean one of: {}?", named(many)),
    }
}

/// Why a file was not written.
enum Written {
    /// It was there, and was not to be replaced.
    Exists,
    /// Writing it failed.
    Failed(io::Error),
}

/// Writes `bytes` to `path` whole: to a new file beside it first, then put in its place, so
/// that a reader never sees half a report and a failure leaves what was there. Without
/// `force` a file already there is left as it is, even one made meanwhile: the new file is
/// linked in, which fails rather than replaces.
fn write_whole(path: &Path, bytes: &[u8], force: bool) -> Result<(), Written> {
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(Written::Exists);
    }
    let temporary = temporary_beside(path);
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()));
    if let Err(error) = written {
        let _ = fs::remove_file(&temporary);
        return Err(Written::Failed(error));
    }
    let placed = if force {
        fs::rename(&temporary, path)
    } else {
        fs::hard_link(&temporary, path).and_then(|()| fs::remove_file(&temporary))
    };
    placed.map_err(|error| {
        let _ = fs::remove_file(&temporary);
        if error.kind() == io::ErrorKind::AlreadyExists {
            Written::Exists
        } else {
            Written::Failed(error)
        }
    })
}

/// A name for the new file in the same folder, so that it can be renamed into place.
fn temporary_beside(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(
        || "report".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    path.with_file_name(format!(".{name}.{}.part", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_whole_and_replaced_only_when_asked() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("report.md");
        assert!(write_whole(&path, b"first", false).is_ok());
        assert!(matches!(
            write_whole(&path, b"second", false),
            Err(Written::Exists)
        ));
        assert_eq!(fs::read(&path).unwrap(), b"first");
        assert!(write_whole(&path, b"third", true).is_ok());
        assert_eq!(fs::read(&path).unwrap(), b"third");
        // Nothing is left beside it.
        assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 1);
    }

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
