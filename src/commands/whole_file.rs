//! Writing a file the user names: whole or not at all, and never over a file already there
//! unless they say so.
//!
//! What is written goes to a temporary file beside the one named, is synced, and only then
//! takes the name: a reader never sees half a file, and a failure leaves whatever was there
//! as it was. Without `force`, the name is taken with a hard link, which fails when a file
//! already has it, so that no file made meanwhile is replaced either.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::AppError;

/// Writes what `write` writes to `path`, or to standard output when there is no path.
pub(super) fn write_to(
    path: Option<&Path>,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), AppError> {
    match path {
        Some(path) => write_whole(path, force, write),
        None => to_standard_output(write),
    }
}

/// Writes what `write` writes to standard output through a buffer; a reader that went
/// away is [`AppError::Output`], which ends the command quietly.
pub(super) fn to_standard_output(
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), AppError> {
    let mut out = BufWriter::new(io::stdout().lock());
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(AppError::Output)
}

/// Writes what `write` writes to `path`, whole.
pub(super) fn write_whole(
    path: &Path,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), AppError> {
    let failed = |source| AppError::Write {
        path: path.to_owned(),
        source,
    };
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(AppError::Exists {
            path: path.to_owned(),
        });
    }
    let (temporary, file) = temporary_beside(path).map_err(failed)?;
    let written = (|| {
        let mut out = BufWriter::new(file);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()
    })();
    let placed = written.and_then(|()| {
        if force {
            fs::rename(&temporary, path)
        } else {
            fs::hard_link(&temporary, path).and_then(|()| fs::remove_file(&temporary))
        }
    });
    match placed {
        Ok(()) => Ok(()),
        Err(error) => {
            let _ = fs::remove_file(&temporary);
            if error.kind() == io::ErrorKind::AlreadyExists {
                Err(AppError::Exists {
                    path: path.to_owned(),
                })
            } else {
                Err(failed(error))
            }
        }
    }
}

/// A new file in the folder of `path`, named after it and this process.
fn temporary_beside(path: &Path) -> io::Result<(PathBuf, File)> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy());
    let mut attempt = 0;
    loop {
        let temporary = folder.join(format!(".{name}.{}.{attempt}.part", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => return Ok((temporary, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_whole_and_never_over_another_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_whole(&path, false, |out| out.write_all(b"first")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        let refused = write_whole(&path, false, |out| out.write_all(b"second")).unwrap_err();
        assert!(refused.to_string().contains("--force"), "{refused}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        write_whole(&path, true, |out| out.write_all(b"second")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "second");
        // Nothing is left beside it.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_writing_leaves_the_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        fs::write(&path, "kept").unwrap();
        let failed = write_whole(&path, true, |out| {
            out.write_all(b"half")?;
            Err(io::Error::other("the history could not be read"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "kept");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
