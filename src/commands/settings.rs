//! `settings`: where the user's files are, which settings are in effect, and on request a
//! settings file to start from. An existing settings file is never written.

use std::fmt::Write as _;
use std::fs::OpenOptions;
use std::io::{ErrorKind, Write as _};

use crate::cli::SettingsArgs;
use crate::duration::format_ms;
use crate::error::{AppError, exit};
use crate::options::settings_file::{DisplayMode, Settings, TEMPLATE};
use crate::paths::{HOME_VARIABLE, Paths};

/// Shows the settings in effect, or writes a file to start from with `--init`.
pub fn settings(args: &SettingsArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let Some(paths) = paths else {
        eprintln!(
            "There is no home folder to keep settings in; set {HOME_VARIABLE} to a folder to keep them there."
        );
        return Ok(exit::USAGE);
    };
    let file = &paths.config_file;
    if args.init {
        create(file)?;
        say!(
            "Wrote {}; every setting in it is a comment until you remove the `#`.",
            file.display()
        );
        return Ok(exit::OK);
    }
    let settings = Settings::load(file)?;
    let state = if file.exists() {
        ""
    } else {
        " (not there yet; `psoas-timer settings --init` writes one to start from)"
    };
    say!("Settings file  {}{state}", file.display());
    say!("History        {}", paths.history_file.display());
    say!("Your routines  {}\n", paths.routines_dir.display());
    crate::commands::write_out(format_args!("{}", in_effect(&settings)))?;
    Ok(exit::OK)
}

/// Writes the template, refusing to touch a file that is already there.
fn create(file: &std::path::Path) -> Result<(), AppError> {
    let failed = |source| AppError::Write {
        path: file.to_owned(),
        source,
    };
    if let Some(folder) = file.parent() {
        std::fs::create_dir_all(folder).map_err(failed)?;
    }
    let mut out = match OpenOptions::new().write(true).create_new(true).open(file) {
        Ok(out) => out,
        Err(error) if error.kind() == ErrorKind::AlreadyExists => {
            return Err(failed(std::io::Error::new(
                ErrorKind::AlreadyExists,
                "it already exists, and is left as it is; edit it in place",
            )));
        }
        Err(error) => return Err(failed(error)),
    };
    out.write_all(TEMPLATE.as_bytes()).map_err(failed)
}

/// The settings in effect, each marked when it is the built-in default.
#[must_use]
pub fn in_effect(settings: &Settings) -> String {
    let given = |set: bool| if set { "" } else { "  (default)" };
    let mut out = String::new();
    let unset = "not set (the sound's own default)";
    let volume = settings
        .volume
        .map_or_else(|| unset.to_owned(), |v| v.to_string());
    let _ = writeln!(out, "volume   {volume}");
    let voice = settings
        .voice
        .map_or(unset, |on| if on { "on" } else { "off" });
    let _ = writeln!(out, "voice    {voice}");
    let display = match settings.display {
        Some(DisplayMode::Full) => "full",
        Some(DisplayMode::Plain) | None => "plain",
        Some(DisplayMode::Quiet) => "quiet",
    };
    let _ = writeln!(
        out,
        "display  {display}{}",
        given(settings.display.is_some())
    );
    let history = if settings.history.unwrap_or(true) {
        "on"
    } else {
        "off"
    };
    let _ = writeln!(
        out,
        "history  {history}{}",
        given(settings.history.is_some())
    );
    if settings.lengths.is_empty() {
        let _ = writeln!(out, "length   each routine's own default");
    }
    for (routine, ms) in &settings.lengths {
        let _ = writeln!(out, "length   {routine} = {}", format_ms(*ms));
    }
    out
}
