//! `list`: the routines there are, built-in and the user's own.

use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::routine::Routine;
use crate::routine::library::{BUILTINS, LoadError, load_file, user_files};
use crate::untrusted::Untrusted;

pub(super) fn list(paths: Option<&Paths>) -> Result<i32, AppError> {
    let user_dir = super::user_dir(paths);
    let user = user_files(user_dir);
    let user_ids: Vec<String> = user
        .iter()
        .filter_map(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    say!("Built-in routines:");
    for builtin in BUILTINS {
        let routine = builtin.routine().map_err(LoadError::from)?;
        let note = if user_ids.iter().any(|id| id == builtin.id) {
            "  (shadowed by your own file)"
        } else {
            ""
        };
        say!("  {}{note}", row(&routine));
    }
    if let Some(dir) = user_dir {
        say!("");
        if user.is_empty() {
            say!("Your routines: none yet in {}", Untrusted::path(dir));
        } else {
            say!("Your routines, in {}:", Untrusted::path(dir));
        }
        for path in &user {
            match load_file(path) {
                Ok(routine) => {
                    let note = if BUILTINS.iter().any(|b| b.id == routine.id) {
                        "  (used instead of the built-in)"
                    } else {
                        ""
                    };
                    say!("  {}{note}", row(&routine));
                }
                Err(_) => say!(
                    "  {:<22} has problems; `psoas-timer check {}` shows them",
                    Untrusted::value(path.file_stem().unwrap_or_default().to_string_lossy()),
                    Untrusted::path(path)
                ),
            }
        }
    }
    Ok(exit::OK)
}

/// `list --names`: every name a routine can be asked for, one a line, for the completion
/// scripts. A file whose name has a control character in it is left out: a line break would
/// make two names, and the shell would show the rest.
pub(super) fn names(paths: Option<&Paths>) -> Result<i32, AppError> {
    for name in crate::routine::library::names(super::user_dir(paths)) {
        if !name.chars().any(char::is_control) {
            say!("{name}");
        }
    }
    Ok(exit::OK)
}

/// A routine as one line: its name, its title and its length.
pub(super) fn row(routine: &Routine) -> String {
    let length = super::length_label(routine);
    format!(
        "{:<22} {:<28} {length}",
        Untrusted::value(&routine.id),
        Untrusted::words(&routine.name)
    )
}
