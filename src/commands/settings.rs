//! `settings`: where the user's files are, which settings are in effect, and on request a
//! settings file to start from. The settings file is checked whole first, each length
//! against the routine it names (see [`crate::options::settings_check`]); an existing
//! settings file is never written.

use std::fmt::Write as _;
use std::fs::OpenOptions;
use std::io::{ErrorKind, Write as _};

use crate::cli::SettingsArgs;
use crate::duration::format_ms;
use crate::error::{AppError, exit};
use crate::options::settings_file::{Settings, TEMPLATE};
use crate::options::{Chosen, Origin, SessionOptions};
use crate::paths::{HOME_VARIABLE, Paths};
use crate::routine::Ambient;
use crate::routine::Routine;
use crate::routine::library::load;
use crate::sinks::display::UiMode;
use crate::untrusted::Untrusted;

/// Shows where the user's files are and what a session would use, or writes a file to
/// start from with `--init`.
pub(super) fn settings(args: &SettingsArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
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
            Untrusted::path(file)
        );
        return Ok(exit::OK);
    }
    let found = match &args.routine {
        Some(name) => Some(load(name, Some(&paths.routines_dir))?),
        None => None,
    };
    let routine = found.as_ref().map(|found| &found.routine);
    // The whole file is checked here, every length against its routine, and each problem
    // told at once; a session reads only what it uses.
    let checked = Settings::check(file, Some(&paths.routines_dir))?;
    if let Some(warnings) = &checked.warnings {
        eprint!("{}", Untrusted::lines(warnings));
    }
    let settings = checked.settings;
    let options = super::resolve_options(&args.session, routine, Some(paths), &settings)?;
    if let Some(routine) = routine {
        // What a session would refuse, this refuses too.
        options.plan(routine)?;
    }
    let state = if file.exists() {
        ""
    } else {
        " (not there yet; `psoas-timer settings --init` writes one to start from)"
    };
    say!("Settings file  {}{state}", Untrusted::path(file));
    say!("History        {}", Untrusted::path(&paths.history_file));
    say!("Your routines  {}\n", Untrusted::path(&paths.routines_dir));
    crate::commands::write_out(format_args!("{}", in_effect(&options, &settings, routine)))?;
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

/// What a session would use, each value with where it came from: a flag, an environment
/// variable, the settings file, the routine, or the default.
#[must_use]
pub(super) fn in_effect(
    options: &SessionOptions,
    settings: &Settings,
    routine: Option<&Routine>,
) -> String {
    let mut rows: Vec<Row> = lengths(options, settings, routine)
        .into_iter()
        .map(|(value, origin)| ("length", value, origin))
        .collect();
    if let Some(routine) = routine {
        rows.push(breath_row(options, routine));
    }
    rows.extend(sound_rows(options));
    let display = match options.display.value {
        UiMode::Full => "full screen",
        UiMode::Plain => "plain lines",
        UiMode::Quiet => "quiet",
    };
    rows.push(("display", display.to_owned(), options.display.origin));
    rows.push(on_off("history", &options.history));
    let heading = routine.map_or_else(
        || "A session uses:".to_owned(),
        |routine| format!("A session of {} uses:", Untrusted::words(&routine.name)),
    );
    table(&heading, &rows)
}

/// A row of what a session uses: the setting, its value, and where the value came from.
type Row = (&'static str, String, Origin);

fn on_off(name: &'static str, chosen: &Chosen<bool>) -> Row {
    let value = if chosen.value { "on" } else { "off" };
    (name, value.to_owned(), chosen.origin)
}

/// The breath: the one asked for, the routine's own, or none at all.
fn breath_row(options: &SessionOptions, routine: &Routine) -> Row {
    let paced = routine.all_steps().any(|step| step.breath.is_some());
    let breath = match options.breath.value {
        Some(breath) => super::show::breath_shape(&breath),
        None if paced => "the routine's own".to_owned(),
        None => "none: nothing is paced".to_owned(),
    };
    ("breath", breath, options.breath.origin)
}

/// Everything about the sound: its loudness, its cues, the files, the device, the voice.
fn sound_rows(options: &SessionOptions) -> Vec<Row> {
    let volume = &options.volume;
    let muted = if options.muted.value { "yes" } else { "no" };
    let mut rows = vec![
        ("volume", format!("{}%", volume.value), volume.origin),
        ("start muted", muted.to_owned(), options.muted.origin),
        on_off("voice", &options.voice),
        on_off("breath counts", &options.counts),
        on_off("bells", &options.bells),
        on_off("breath tones", &options.breath_tones),
        on_off("sound", &options.sound),
    ];
    for (kind, file) in &options.own_sounds {
        let value = format!("{} = {}", kind.name(), file.display());
        rows.push(("sound file", value, Origin::Flag("--sound")));
    }
    let ambient = match &options.ambient.value {
        None => "none".to_owned(),
        Some(Ambient::Noise) => "the soft noise".to_owned(),
        Some(Ambient::File(file)) => file.display().to_string(),
    };
    rows.push(("ambient", ambient, options.ambient.origin));
    for (group, volume) in &options.volumes {
        let name = GROUP_ROWS[*group as usize];
        rows.push((name, format!("{}%", volume.value), volume.origin));
    }
    let device = &options.audio_device;
    rows.push(("audio device", device.value.clone(), device.origin));
    let speech = match &options.speech.value {
        Ok(voice) => voice.summary(),
        Err(missing) => format!("none: {missing}"),
    };
    rows.push(("speech", speech, options.speech.origin));
    rows
}

/// The row of each group's volume, in the order of the groups.
const GROUP_ROWS: [&str; 4] = [
    "voice volume",
    "bells volume",
    "breath volume",
    "ambient volume",
];

fn row(value: &str, origin: Origin) -> (String, Origin) {
    (value.to_owned(), origin)
}

/// The session length: this routine's, or, with no routine named, the lengths the settings
/// choose for routines.
fn lengths(
    options: &SessionOptions,
    settings: &Settings,
    routine: Option<&Routine>,
) -> Vec<(String, Origin)> {
    let Some(routine) = routine else {
        let mut rows: Vec<_> = settings
            .lengths
            .iter()
            .map(|(id, ms)| {
                row(
                    &format!("{} for {id}", format_ms(*ms)),
                    Origin::SettingsFile,
                )
            })
            .collect();
        let rest = if rows.is_empty() {
            "each routine's own"
        } else {
            "each other routine's own"
        };
        rows.push(row(rest, Origin::Routine));
        return rows;
    };
    let length = match (options.length_ms.value, routine.length) {
        (Some(ms), _) => format_ms(ms),
        (None, Some(range)) => format!("{} (its default)", format_ms(range.default_ms)),
        (None, None) => "its steps' own".to_owned(),
    };
    vec![row(&length, options.length_ms.origin)]
}

/// The rows in three columns, under `heading`. The values may come from the settings file
/// (a routine's name, a sound file's, a voice's), so each is shown through the sanitizer.
fn table(heading: &str, rows: &[Row]) -> String {
    let widest = |column: fn(&Row) -> usize| rows.iter().map(column).max().unwrap_or(0);
    let names = widest(|(n, _, _)| n.chars().count());
    let width = widest(|(_, v, _)| v.chars().count());
    let mut out = String::new();
    let _ = writeln!(out, "{heading}");
    for (name, value, origin) in rows {
        let value = Untrusted::value(value);
        let _ = writeln!(out, "  {name:<names$}  {value:<width$}  {origin}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::GROUP_ROWS;
    use crate::routine::sound_kinds::GROUPS;

    #[test]
    fn each_group_has_its_row() {
        for (row, group) in GROUP_ROWS.iter().zip(&GROUPS) {
            assert_eq!(*row, format!("{} volume", group.name));
        }
        assert_eq!(GROUP_ROWS.len(), GROUPS.len());
    }
}
