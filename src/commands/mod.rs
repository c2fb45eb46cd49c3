//! One module per verb; each turns parsed options into work and an exit code.

mod check;
mod list;
mod render;
mod run;
mod show;

use crate::cli::{Cli, Command};
use crate::error::AppError;
use crate::paths::Paths;

/// Runs the command line and returns the process exit code. Errors are printed here, once.
#[must_use]
pub fn execute(cli: Cli) -> i32 {
    let paths = Paths::for_user();
    let result = match cli.command {
        Some(Command::Run(args)) => run::run(&args, paths.as_ref()),
        None => run::run(&cli.run, paths.as_ref()),
        Some(Command::List) => list::list(paths.as_ref()),
        Some(Command::Show(args)) => show::show(&args, paths.as_ref()),
        Some(Command::Check(args)) => check::check(&args),
        Some(Command::Render(args)) => render::render(&args, paths.as_ref()),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            report(&error);
            error.exit_code()
        }
    }
}

fn report(error: &AppError) {
    let text = error.to_string();
    if text.starts_with("error:") {
        eprint!("{text}");
    } else {
        eprintln!("error: {text}");
    }
}

/// The folder of the user's routines, if the user has a home for them.
fn user_dir(paths: Option<&Paths>) -> Option<&std::path::Path> {
    paths.map(|p| p.routines_dir.as_path())
}
