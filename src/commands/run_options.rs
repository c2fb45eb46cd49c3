//! How the settings file and the flags together decide a session's options: a flag wins,
//! then the settings, then the built-in default.

use crate::cli::{ClockKind, RunArgs};
use crate::error::AppError;
use crate::options::settings_file::{DisplayMode, Settings};
use crate::paths::Paths;
use crate::plan::PlanError;
use crate::routine::Routine;
use crate::sinks::display::UiMode;
use crate::sinks::history::HistoryFile;

/// The user's settings; none when there is no settings file or no home for one.
pub fn settings(paths: Option<&Paths>) -> Result<Settings, AppError> {
    match paths {
        Some(paths) => Ok(Settings::load(&paths.config_file)?),
        None => Ok(Settings::default()),
    }
}

/// The display asked for: `--ui`, else the settings' `display`; `None` leaves the choice
/// to the terminal (full screen where it can be).
pub fn requested_ui(args: &RunArgs, settings: &Settings) -> Option<UiMode> {
    args.ui.or(match settings.display {
        // "full" in the settings means "full where it can be": the automatic choice.
        Some(DisplayMode::Full) | None => None,
        Some(DisplayMode::Plain) => Some(UiMode::Plain),
        Some(DisplayMode::Quiet) => Some(UiMode::Quiet),
    })
}

/// The session length: `--for`, else the settings' length for this routine, else the
/// routine's own default (`None`).
pub fn length_ms(args: &RunArgs, settings: &Settings, routine: &Routine) -> Option<u64> {
    args.plan
        .length_ms
        .or_else(|| settings.lengths.get(&routine.id).copied())
}

/// Says where a length that cannot be planned came from, when it came from the settings.
pub fn plan_error(
    error: PlanError,
    args: &RunArgs,
    settings: &Settings,
    routine: &Routine,
    paths: Option<&Paths>,
) -> AppError {
    match paths {
        Some(paths)
            if args.plan.length_ms.is_none() && settings.lengths.contains_key(&routine.id) =>
        {
            AppError::SettingsLength {
                routine: routine.id.clone(),
                path: paths.config_file.clone(),
                source: error,
            }
        }
        _ => AppError::Plan(error),
    }
}

/// Where to record the session, if anywhere. `--no-log` never records and `--log` always
/// does; otherwise real sessions are recorded unless the settings turn history off, and
/// virtual-clock previews are not, so they never inflate anyone's practice.
pub fn history(args: &RunArgs, settings: &Settings, paths: Option<&Paths>) -> Option<HistoryFile> {
    let wanted = if args.no_log {
        false
    } else if args.log {
        true
    } else {
        args.clock == ClockKind::Real && settings.history.unwrap_or(true)
    };
    wanted
        .then(|| paths.map(|p| HistoryFile::new(&p.history_file)))
        .flatten()
}
