//! One module per verb; each turns parsed options into work and an exit code.

/// `println!` for commands: a reader that has gone away (`psoas-timer show x | head`) ends
/// the command quietly instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {
        crate::commands::write_out(format_args!("{}\n", format_args!($($arg)*)))?
    };
}

mod check;
mod completions;
mod export;
pub mod handout;
mod history;
mod history_add;
mod list;
mod man;
mod new;
mod note;
mod progress;
mod remind;
mod render;
mod report;
mod run;
mod run_sound;
mod schema;
mod settings;
mod show;
mod stats;
mod voices;
mod welcome;
mod whole_file;

use crate::cli::{Cli, Command, HistoryAction};
use crate::error::AppError;
use crate::paths::Paths;

/// Reads the command line (the program's name first), does what it asks and returns the
/// process exit code. A command line with nothing on it is welcomed.
#[must_use]
pub fn main(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    use crate::cli::mistakes::{Parsed, parse};
    match parse(args) {
        Parsed::Cli(cli) => execute(*cli),
        Parsed::Welcome => match welcome::welcome() {
            Ok(code) => code,
            Err(error) => {
                report(&error);
                error.exit_code()
            }
        },
        Parsed::Mistake(message) => {
            eprintln!("error: {message}");
            crate::error::exit::USAGE
        }
        Parsed::Clap(error) => {
            // Help or the version go to standard output; if it has gone away, so be it.
            let _ = error.print();
            error.exit_code()
        }
    }
}

/// Runs the command line and returns the process exit code. Errors are printed here, once.
#[must_use]
pub fn execute(cli: Cli) -> i32 {
    // However the command ends, no speech program outlives it.
    let _speech = crate::sinks::sound::speech::EndsSpeech;
    let paths = Paths::for_user();
    let result = match cli.command {
        Some(Command::Run(args)) => run::run(&args, paths.as_ref()),
        None => run::run(&cli.run, paths.as_ref()).map_err(|e| or_a_verb(e, paths.as_ref())),
        Some(Command::List(args)) if args.names => list::names(paths.as_ref()),
        Some(Command::List(_)) => list::list(paths.as_ref()),
        Some(Command::Show(args)) => show::show(&args, paths.as_ref()),
        Some(Command::Check(args)) => check::check(&args, paths.as_ref()),
        Some(Command::Schema) => schema::schema(),
        Some(Command::New(args)) => new::new(&args, paths.as_ref()),
        Some(Command::History(args)) => match &args.action {
            Some(HistoryAction::Add(add)) => history_add::add(add, paths.as_ref()),
            Some(HistoryAction::Export(export)) => export::export(export, paths.as_ref()),
            None => history::history(&args, paths.as_ref()),
        },
        Some(Command::Note(args)) => note::note(&args, paths.as_ref()),
        Some(Command::Remind(args)) => remind::remind(&args, paths.as_ref()),
        Some(Command::Stats(args)) => stats::stats(&args, paths.as_ref()),
        Some(Command::Report(args)) => report::report(&args, paths.as_ref()),
        Some(Command::Settings(args)) => settings::settings(&args, paths.as_ref()),
        Some(Command::Render(args)) => render::render(&args, paths.as_ref()),
        Some(Command::Voices(args)) => voices::voices(&args, paths.as_ref()),
        Some(Command::Completions(args)) => completions::completions(args.shell),
        Some(Command::Man) => man::man(),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            report(&error);
            error.exit_code()
        }
    }
}

/// A bare word that is no routine may be a verb mistyped: the closest of both are offered.
fn or_a_verb(error: AppError, paths: Option<&Paths>) -> AppError {
    use crate::routine::library::{LoadError, names};
    match error {
        AppError::Load(LoadError::NotFound { name, .. }) => {
            let mut known = names(user_dir(paths));
            let cli = <Cli as clap::CommandFactory>::command();
            known.extend(cli.get_subcommands().map(|verb| verb.get_name().to_owned()));
            let suggestions = crate::suggest::closest(&name, known.iter().map(String::as_str));
            AppError::Load(LoadError::NotFound { name, suggestions })
        }
        other => other,
    }
}

/// Writes to standard output, flushing, so a closed pipe is noticed here.
fn write_out(text: std::fmt::Arguments<'_>) -> Result<(), AppError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_fmt(text)
        .and_then(|()| out.flush())
        .map_err(AppError::Output)
}

/// Prints an error, through the one sanitizer whatever it holds: this is the last place
/// where a value from a file that some message forgot to mark could reach the terminal.
fn report(error: &AppError) {
    use crate::options::settings_file::SettingsError;
    use crate::routine::library::LoadError;
    use crate::untrusted::Untrusted;
    match error {
        _ if error.is_closed_pipe() => {}
        AppError::Load(LoadError::Invalid(problems)) => report_problems(problems),
        // A file's problems are lines of their own, each beginning `error:` or `warning:`.
        AppError::Settings(SettingsError::Invalid(problems)) => {
            eprint!("{}", Untrusted::lines(problems));
        }
        // Every other message is one line: a line break in it came from a value.
        _ => eprintln!("error: {}", Untrusted::value(error)),
    }
}

/// Prints a routine's problems: lines of their own, each beginning with `error:` or
/// `warning:`.
fn report_problems(problems: &crate::routine::RoutineError) {
    eprint!("{}", crate::untrusted::Untrusted::lines(problems));
}

/// The user's settings; none when there is no settings file or no home for one.
fn settings_file(paths: Option<&Paths>) -> Result<crate::options::Settings, AppError> {
    match paths {
        Some(paths) => Ok(crate::options::Settings::load(&paths.config_file)?),
        None => Ok(crate::options::Settings::default()),
    }
}

/// A session's options, from the command line and the user's settings, for `routine`.
fn session_options(
    args: &crate::cli::SessionArgs,
    routine: Option<&crate::routine::Routine>,
    paths: Option<&Paths>,
) -> Result<crate::options::SessionOptions, AppError> {
    resolve_options(args, routine, paths, &settings_file(paths)?)
}

/// A session's options, with the user's settings already read.
fn resolve_options(
    args: &crate::cli::SessionArgs,
    routine: Option<&crate::routine::Routine>,
    paths: Option<&Paths>,
    settings: &crate::options::Settings,
) -> Result<crate::options::SessionOptions, AppError> {
    let here = crate::options::Surroundings::detect();
    let options = crate::options::SessionOptions::resolve(args, settings, routine, &here)?;
    Ok(options.from_settings_file(paths.map(|p| p.config_file.clone())))
}

/// The folder of the user's routines, if the user has a home for them.
fn user_dir(paths: Option<&Paths>) -> Option<&std::path::Path> {
    paths.map(|p| p.routines_dir.as_path())
}

/// A routine's length in words: its range when adjustable, else what its steps add up to.
fn length_label(routine: &crate::routine::Routine) -> String {
    use crate::duration::{format_at_least, format_at_most, format_seconds};
    match routine.length {
        Some(range) => format!(
            "{} to {}",
            format_at_least(range.min_ms),
            format_at_most(range.max_ms)
        ),
        None => crate::plan::plan(routine, crate::plan::PlanOptions::default()).map_or_else(
            |_| "?".to_owned(),
            |timeline| format_seconds(timeline.total_ms),
        ),
    }
}
