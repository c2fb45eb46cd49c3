//! Finding routines: the built-ins embedded in the binary, the user's own folder (searched
//! first, so a user can adapt a built-in under the same name), and plain paths.

use std::fs;
use std::path::{Path, PathBuf};

use super::text_file::{self, ReadError, io_reason};
use super::{Diagnostic, Routine, RoutineError, parse};
use crate::untrusted::Untrusted;

/// A routine that ships inside the binary.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// How it is asked for.
    pub id: &'static str,
    /// Its TOML text, the same file that is in `routines/`.
    pub text: &'static str,
}

impl Builtin {
    /// The routine, checked.
    pub fn routine(&self) -> Result<Routine, RoutineError> {
        parse(&format!("built-in {}", self.id), self.id, self.text)
    }
}

/// A built-in routine from its file in `routines/`.
macro_rules! builtin {
    ($id:literal) => {
        Builtin {
            id: $id,
            text: include_str!(concat!("../../routines/", $id, ".toml")),
        }
    };
}

/// Every built-in routine, in the order `list` shows them.
pub const BUILTINS: &[Builtin] = &[
    builtin!("constructive-rest"),
    builtin!("extended-exhale"),
    builtin!("psoas-yin"),
    builtin!("legs-up-the-wall"),
    builtin!("psoas-slow-flow-30"),
    builtin!("psoas-slow-flow-50"),
    builtin!("psoas-release"),
    builtin!("settle"),
];

/// Routine files larger than this are refused before they are read as TOML, and so is the
/// settings file: no one writes a megabyte of practice by hand, and a file of that size is
/// checked in a fraction of a second.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Where a routine was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary.
    Builtin,
    /// In the user's routine folder.
    User(PathBuf),
    /// A file named on the command line.
    Path(PathBuf),
}

/// A routine and where it came from.
#[derive(Debug, Clone)]
pub struct Found {
    /// The checked routine.
    pub routine: Routine,
    /// Where it was found.
    pub origin: Origin,
}

/// Why a routine could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// No routine has that name.
    #[error("no routine is called `{}`{}", Untrusted::value(.name), did_you_mean(.suggestions))]
    NotFound {
        name: String,
        suggestions: Vec<String>,
    },
    /// The file could not be read.
    #[error("cannot read {}: {}", Untrusted::path(.path), io_reason(.source))]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is too large to be a routine.
    #[error(
        "{} is larger than a routine file may be (at most 1 MiB)",
        Untrusted::path(.path)
    )]
    TooLarge { path: PathBuf },
    /// The file was read, but is not a valid routine.
    #[error("{0}")]
    Invalid(#[from] RoutineError),
}

/// The names offered instead, which may be the names of the user's files.
fn did_you_mean(suggestions: &[String]) -> String {
    crate::suggest::did_you_mean(suggestions, "; `psoas-timer list` shows them all")
}

/// A routine's text, found but not yet checked.
#[derive(Debug, Clone)]
pub struct Source {
    /// Where it was found.
    pub origin: Origin,
    /// How messages name it: the file's path, or "built-in NAME".
    pub shown: String,
    /// How it is asked for: its file's stem, or the built-in's name.
    pub id: String,
    /// Its TOML text.
    pub text: String,
}

impl Source {
    /// The routine, checked.
    pub fn routine(&self) -> Result<Routine, RoutineError> {
        parse(&self.shown, &self.id, &self.text)
    }

    /// The folder its sound files are found in: none for a built-in.
    #[must_use]
    pub fn folder(&self) -> Option<&Path> {
        match &self.origin {
            Origin::Builtin => None,
            Origin::User(path) | Origin::Path(path) => {
                Some(path.parent().unwrap_or_else(|| Path::new("")))
            }
        }
    }
}

/// Finds and checks a routine by built-in name, user routine name, or path.
pub fn load(name_or_path: &str, user_dir: Option<&Path>) -> Result<Found, LoadError> {
    let source = find(name_or_path, user_dir)?;
    let routine = source.routine()?;
    Ok(Found {
        routine,
        origin: source.origin,
    })
}

/// Finds a routine's text by path, user routine name (searched first, so a user can adapt a
/// built-in under its name) or built-in name.
pub fn find(name_or_path: &str, user_dir: Option<&Path>) -> Result<Source, LoadError> {
    if looks_like_path(name_or_path) {
        return read_source(Origin::Path(PathBuf::from(name_or_path)));
    }
    if let Some(path) = user_dir.map(|dir| dir.join(format!("{name_or_path}.toml"))) {
        if path.is_file() {
            return read_source(Origin::User(path));
        }
    }
    if let Some(builtin) = BUILTINS.iter().find(|b| b.id == name_or_path) {
        return Ok(Source {
            origin: Origin::Builtin,
            shown: format!("built-in {}", builtin.id),
            id: builtin.id.to_owned(),
            text: builtin.text.to_owned(),
        });
    }
    let known = names(user_dir);
    Err(LoadError::NotFound {
        name: name_or_path.to_owned(),
        suggestions: crate::suggest::closest(name_or_path, known.iter().map(String::as_str)),
    })
}

/// A routine argument is a path when it names a `.toml` file or has a folder in it.
#[must_use]
pub fn looks_like_path(arg: &str) -> bool {
    Path::new(arg).extension().is_some_and(|e| e == "toml")
        || arg.contains(std::path::MAIN_SEPARATOR)
        || arg.contains('/')
}

/// Reads and checks one routine file; its id is the file's stem.
pub fn load_file(path: &Path) -> Result<Routine, LoadError> {
    Ok(read_source(Origin::Path(path.to_owned()))?.routine()?)
}

/// Reads a routine file's text: a file that is not UTF-8 is a routine with a problem at the
/// first byte that is not.
fn read_source(origin: Origin) -> Result<Source, LoadError> {
    let (Origin::User(path) | Origin::Path(path)) = &origin else {
        unreachable!("only files are read");
    };
    let shown = path.display().to_string();
    let text = text_file::read(path, MAX_FILE_BYTES).map_err(|error| match error {
        ReadError::Io(source) => LoadError::Unreadable {
            path: path.clone(),
            source,
        },
        ReadError::TooLarge => LoadError::TooLarge { path: path.clone() },
        ReadError::NotUtf8 { text, offset, byte } => {
            let place = offset..offset + char::REPLACEMENT_CHARACTER.len_utf8();
            let message = format!("the byte 0x{byte:02X} is not UTF-8; a routine is UTF-8 text");
            let hint =
                "save the file as UTF-8 (editors offer it under \"Save as\" or \"Encoding\")";
            LoadError::Invalid(RoutineError::one(
                &shown,
                text,
                Diagnostic::at(place, message).with_hint(hint),
            ))
        }
    })?;
    let id = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    Ok(Source {
        origin,
        shown,
        id,
        text,
    })
}

/// The `.toml` files in the user's routine folder, sorted by name.
#[must_use]
pub fn user_files(user_dir: Option<&Path>) -> Vec<PathBuf> {
    let Some(entries) = user_dir.and_then(|dir| fs::read_dir(dir).ok()) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml") && path.is_file())
        .collect();
    files.sort();
    files
}

/// Every routine name that can be asked for, sorted, each once.
#[must_use]
pub fn names(user_dir: Option<&Path>) -> Vec<String> {
    let mut names: Vec<String> = user_files(user_dir)
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.extend(BUILTINS.iter().map(|b| b.id.to_owned()));
    // A user's file that shadows a built-in has the same name: name it once.
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_is_valid() {
        for builtin in BUILTINS {
            let routine = builtin.routine();
            assert!(routine.is_ok(), "{}: {}", builtin.id, routine.unwrap_err());
        }
    }
}
