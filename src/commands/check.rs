//! `check`: validate routine files and show every problem. The exit code is the worst
//! problem's: 3 for a file with errors, 4 for one that cannot be read.

use crate::cli::CheckArgs;
use crate::error::{AppError, exit};
use crate::routine::library::load_file;

pub(super) fn check(args: &CheckArgs) -> Result<i32, AppError> {
    let mut failed = 0;
    let mut worst = exit::OK;
    for path in &args.files {
        let checked = load_file(path).map_err(AppError::Load).and_then(|routine| {
            let folder = path.parent().unwrap_or_else(|| std::path::Path::new(""));
            crate::sinks::sound::prepare::check_sound_files(&routine, folder)?;
            Ok(routine)
        });
        match checked {
            Ok(routine) => {
                let length = super::length_label(&routine);
                say!("ok: {} ({}, {length})", path.display(), routine.name);
            }
            Err(error) => {
                failed += 1;
                worst = worst.max(error.exit_code());
                super::report(&error);
            }
        }
    }
    let checked = args.files.len();
    if failed > 0 && checked > 1 {
        eprintln!("{failed} of {checked} routine files have problems");
    }
    Ok(worst)
}
