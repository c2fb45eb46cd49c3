//! `new`: start a routine in the user's folder from a commented template or a copy. It
//! never overwrites a file that is already there.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use crate::cli::NewArgs;
use crate::error::{AppError, exit};
use crate::paths::Paths;
use crate::routine::library::{BUILTINS, looks_like_path};
use crate::untrusted::Untrusted;

/// The commented template a new routine starts from; `{name}` becomes the routine's name.
const TEMPLATE: &str = include_str!("../routine/template.toml");
/// The schema file kept beside the user's routines, for their editor.
const SCHEMA_FILE: &str = "routine.schema.json";

pub(super) fn new(args: &NewArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let name = args.name.trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(AppError::Usage(format!(
            "`{name}` cannot be a routine name; use letters, digits and dashes, like `evening-rest`"
        )));
    }
    if BUILTINS.iter().any(|b| b.id == name) && !args.shadow {
        let from = args.from.as_deref().unwrap_or(name);
        return Err(AppError::Usage(format!(
            "`{name}` is a built-in routine, and a routine of yours by that name would be used instead of it; \
             to adapt it, copy it under a name of its own (`psoas-timer new my-{name} --from {}`), \
             or add --shadow to replace the built-in on purpose",
            Untrusted::value(from)
        )));
    }
    let Some(paths) = paths else {
        return Err(AppError::Usage(
            "there is no home folder for your routines; set PSOAS_TIMER_HOME".into(),
        ));
    };
    let text = match &args.from {
        Some(from) => copy_of(from, paths)?,
        None => TEMPLATE.replace("{name}", &title_case(name)),
    };
    let dir = &paths.routines_dir;
    let path = dir.join(format!("{name}.toml"));
    let failed = |source| AppError::Write {
        path: path.clone(),
        source,
    };
    fs::create_dir_all(dir).map_err(failed)?;
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|source| {
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                AppError::Usage(format!(
                    "{} already exists; choose another name, or edit that file",
                    Untrusted::path(&path)
                ))
            } else {
                failed(source)
            }
        })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(failed)?;
    write_schema(dir)?;
    say!("Wrote {}", Untrusted::path(&path));
    say!(
        "Edit it, check it with `psoas-timer check {name}`, and practice it with `psoas-timer {name}`."
    );
    Ok(exit::OK)
}

/// The text of an existing routine, with its schema comment pointing at the user's folder.
fn copy_of(from: &str, paths: &Paths) -> Result<String, AppError> {
    let source = crate::routine::library::find(from, Some(&paths.routines_dir))?;
    // A copy is of a routine that runs: a broken one is put right where it is.
    source
        .routine()
        .map_err(crate::routine::library::LoadError::from)?;
    let text = source.text;
    let body = text.strip_prefix("#:schema").map_or(text.as_str(), |rest| {
        rest.split_once('\n').map_or("", |(_, body)| body)
    });
    let origin = if looks_like_path(from) {
        from.to_owned()
    } else {
        format!("`{from}`")
    };
    Ok(format!(
        "#:schema ./{SCHEMA_FILE}\n# Adapted from {origin}.\n{body}"
    ))
}

/// Keeps the schema beside the user's routines current, so `#:schema ./routine.schema.json`
/// works in their editor. It is psoas-timer's own file, written only when it differs.
fn write_schema(dir: &Path) -> Result<(), AppError> {
    let path = dir.join(SCHEMA_FILE);
    let schema = crate::routine::json_schema();
    if fs::read_to_string(&path).is_ok_and(|existing| existing == schema) {
        return Ok(());
    }
    fs::write(&path, schema).map_err(|source| AppError::Write { path, source })
}

fn title_case(name: &str) -> String {
    name.split(['-', '_'])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}
