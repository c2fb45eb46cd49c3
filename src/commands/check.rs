//! `check`: validate routine files and show every problem.

use crate::cli::CheckArgs;
use crate::duration::format_ms;
use crate::error::{AppError, exit};
use crate::routine::library::load_file;

pub fn check(args: &CheckArgs) -> Result<i32, AppError> {
    let mut failed = 0;
    let mut worst = exit::OK;
    for path in &args.files {
        let checked = load_file(path).map_err(AppError::Load).and_then(|routine| {
            let folder = path.parent().unwrap_or_else(|| std::path::Path::new(""));
            crate::audio::prepare::check_sound_files(&routine, folder)?;
            Ok(routine)
        });
        match checked {
            Ok(routine) => {
                let length = routine.length.map_or_else(
                    || format_ms(routine.fixed_ms()),
                    |l| format!("{} to {}", format_ms(l.min_ms), format_ms(l.max_ms)),
                );
                println!("ok: {} ({}, {length})", path.display(), routine.name);
            }
            Err(error) => {
                failed += 1;
                worst = worst.max(error.exit_code());
                super::report(&error);
            }
        }
    }
    if failed == 0 {
        println!(
            "{} routine file{} checked, no problems",
            args.files.len(),
            if args.files.len() == 1 { "" } else { "s" }
        );
        Ok(exit::OK)
    } else {
        Err(AppError::CheckFailed {
            failed,
            checked: args.files.len(),
            worst,
        })
    }
}
