//! The settings file checked whole, as `psoas-timer settings` checks it. Every command
//! refuses a settings file with a bad value in it; this also holds each `[length]` entry up
//! to the routine it names, which otherwise only a session of that routine does:
//!
//! - a length that routine cannot be planned at is an error, in the words a session of it
//!   would be refused with;
//! - a name that no routine has, built in or in the user's folder, is a warning with the
//!   closest names. It is not an error: only a session of a routine of that name uses the
//!   length, so no other session is refused for it, and a practitioner who deletes a
//!   routine of their own may keep its length for when it comes back (a routine file run by
//!   its path takes the length of its name, too).

use std::path::Path;

use super::settings_file::{
    LengthEntry, Reading, Settings, SettingsError, SettingsProblems, length_cannot_be, read_text,
};
use crate::plan::{PlanOptions, plan};
use crate::routine::library::{self, LoadError};
use crate::routine::{Diagnostic, MAX_SHOWN};
use crate::untrusted::Untrusted;

/// The settings file, read and checked whole, with what is worth saying about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The settings.
    pub settings: Settings,
    /// What the file holds that no session uses, when it holds anything of the kind.
    pub warnings: Option<SettingsProblems>,
}

impl Settings {
    /// Reads the settings file at `path` and checks every `[length]` entry against the
    /// routines (the built-ins and those in `user_dir`); a missing file means no settings.
    /// Every problem found is told at once, errors and warnings by their place in the file.
    pub fn check(path: &Path, user_dir: Option<&Path>) -> Result<Checked, SettingsError> {
        match read_text(path)? {
            Some(text) => check_text(path, &text, user_dir),
            None => Ok(Checked {
                settings: Self::default(),
                warnings: None,
            }),
        }
    }
}

/// [`Settings::check`] of the text of the file at `path`.
fn check_text(path: &Path, text: &str, user_dir: Option<&Path>) -> Result<Checked, SettingsError> {
    let mut reading = Reading::of(path, text);
    let lengths = length_problems(&reading, user_dir);
    reading.problems.extend(lengths);
    let warnings = (!reading.problems.is_empty())
        .then(|| SettingsProblems::new(path, text, reading.problems, reading.hidden));
    match warnings {
        Some(problems) if problems.has_errors() => Err(SettingsError::Invalid(problems)),
        warnings => Ok(Checked {
            settings: reading.settings,
            warnings,
        }),
    }
}

/// What is wrong with the `[length]` entries as the routines see them.
fn length_problems(reading: &Reading, user_dir: Option<&Path>) -> Vec<Diagnostic> {
    if reading.lengths.is_empty() {
        return Vec::new();
    }
    let known = library::names(user_dir);
    let (named, unknown): (Vec<&LengthEntry>, Vec<&LengthEntry>) = reading
        .lengths
        .iter()
        .partition(|entry| known.binary_search(&entry.routine).is_ok());
    let mut problems = no_such_routines(unknown, &known);
    problems.extend(named.into_iter().filter_map(|entry| {
        let ms = *reading.settings.lengths.get(&entry.routine)?;
        unplannable(entry, ms, user_dir)
    }));
    problems
}

/// The warnings for entries that name no routine, in the words `psoas-timer NAME` would
/// say, at their keys. The closest names are looked for only for the first [`MAX_SHOWN`] in
/// the file: no later one can be shown, and the closest of each of 45,000 names took 3 s.
fn no_such_routines(mut unknown: Vec<&LengthEntry>, known: &[String]) -> Vec<Diagnostic> {
    unknown.sort_by_key(|entry| entry.key.start);
    let warning = |(i, entry): (usize, &&LengthEntry)| {
        let name = &entry.routine;
        let suggestions = if i < MAX_SHOWN {
            crate::suggest::closest(name, known.iter().map(String::as_str))
        } else {
            Vec::new()
        };
        let not_found = LoadError::NotFound {
            name: name.clone(),
            suggestions,
        };
        let message = format!("`length.{}`: {not_found}", Untrusted::value(name));
        Diagnostic::at(entry.key.clone(), message)
            .with_hint("only a routine of this name takes this length, and none is built in or in your routines folder")
            .warning()
    };
    unknown.iter().enumerate().map(warning).collect()
}

/// The error for a length the routine cannot be planned at, in the words a session of it
/// is refused with, at its value; a warning when the routine itself does not read.
fn unplannable(entry: &LengthEntry, ms: u64, user_dir: Option<&Path>) -> Option<Diagnostic> {
    let name = &entry.routine;
    // Only a name the library lists comes here, but a file named `x.toml.toml` lists as
    // `x.toml`, which `load` would take for a path.
    if library::looks_like_path(name) {
        return None;
    }
    let Ok(found) = library::load(name, user_dir) else {
        let message = format!(
            "`length.{}` is not checked: that routine does not read",
            Untrusted::value(name)
        );
        let hint = format!("`psoas-timer show {}` says why", Untrusted::value(name));
        let warning = Diagnostic::at(entry.key.clone(), message).with_hint(hint);
        return Some(warning.warning());
    };
    let options = PlanOptions {
        length_ms: Some(ms),
        breath: None,
    };
    let error = plan(&found.routine, options).err()?;
    let message = format!("{}: {error}", length_cannot_be(name, &entry.found));
    Some(Diagnostic::at(entry.value.clone(), message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::Severity;

    /// Each problem `check` finds in `text`, with routines of the user's own in `user`:
    /// whether it is an error, its line, and its words.
    fn checked(text: &str, user: &[(&str, &str)]) -> (bool, Vec<(Severity, usize, String)>) {
        let home = tempfile::tempdir().unwrap();
        for (name, routine) in user {
            std::fs::write(home.path().join(format!("{name}.toml")), routine).unwrap();
        }
        let path = Path::new("config.toml");
        let (refused, problems) = match check_text(path, text, Some(home.path())) {
            Ok(Checked { warnings, .. }) => (false, warnings),
            Err(SettingsError::Invalid(problems)) => (true, Some(problems)),
            Err(other) => panic!("{other}"),
        };
        let lines = crate::routine::LineIndex::new(text);
        let found = problems.map_or_else(Vec::new, |p| p.diagnostics);
        let found = found
            .into_iter()
            .map(|d| {
                let start = d.span.map_or(0, |span| span.start);
                (d.severity, lines.line_column(text, start).0, d.message)
            })
            .collect();
        (refused, found)
    }

    /// A routine of the user's own, from 5 to 20 minutes long.
    const OWN: &str = "version = 1\nname = \"Own rest\"\nsummary = \"Rest.\"\n\
        [length]\ndefault = \"10m\"\nmin = \"5m\"\nmax = \"20m\"\n\
        [[steps]]\ntitle = \"Rest\"\nduration = \"flexible\"\n";

    #[test]
    fn a_name_no_routine_has_is_a_warning_with_the_closest() {
        let (refused, found) = checked("[length]\nconstructive-rset = \"15m\"\n", &[]);
        assert!(!refused, "a length no session uses refuses nothing");
        assert_eq!(found.len(), 1, "{found:?}");
        let (severity, line, message) = &found[0];
        assert_eq!((*severity, *line), (Severity::Warning, 2));
        assert_eq!(
            message,
            "`length.constructive-rset`: no routine is called `constructive-rset`; did you mean `constructive-rest`?"
        );
    }

    #[test]
    fn the_users_own_routines_are_names_too() {
        let (_, found) = checked("[length]\nown-rest = \"15m\"\n", &[("own-rest", OWN)]);
        assert!(found.is_empty(), "{found:?}");
        let (_, found) = checked("[length]\nown-rset = \"15m\"\n", &[("own-rest", OWN)]);
        assert!(found[0].2.contains("did you mean `own-rest`?"), "{found:?}");
    }

    #[test]
    fn a_length_outside_the_routines_range_is_an_error_in_a_sessions_words() {
        let (refused, found) = checked("[length]\nconstructive-rest = \"3m\"\n", &[]);
        assert!(refused);
        assert_eq!(
            found,
            [(
                Severity::Error,
                2,
                "`length.constructive-rest` cannot be \"3m\": Constructive Rest can last from 9m to 23m; 3m is outside that".to_owned()
            )]
        );
        let (refused, found) = checked("[length]\nown-rest = \"30m\"\n", &[("own-rest", OWN)]);
        assert!(refused);
        assert!(
            found[0].2.contains("Own rest can last from 5m to 20m"),
            "{found:?}"
        );
        let (refused, found) = checked("[length]\nown-rest = \"20m\"\n", &[("own-rest", OWN)]);
        assert!(!refused && found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_routine_that_does_not_read_leaves_its_length_unchecked_and_says_so() {
        let (refused, found) = checked("[length]\nbroken = \"3m\"\n", &[("broken", "name = ")]);
        assert!(!refused);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Severity::Warning);
        assert!(found[0].2.contains("is not checked"), "{found:?}");
    }

    #[test]
    fn warnings_and_errors_are_told_together_by_place() {
        let text = "[length]\nsettle-x = \"5m\"\nconstructive-rest = \"3m\"\nvolume = 3\n\
            [speech]\nrate = 1\n";
        let (refused, found) = checked(text, &[]);
        assert!(refused);
        let kinds: Vec<(Severity, usize)> = found.iter().map(|(s, l, _)| (*s, *l)).collect();
        assert_eq!(
            kinds,
            [
                (Severity::Warning, 2),
                (Severity::Error, 3),
                (Severity::Warning, 4),
                (Severity::Error, 4),
                (Severity::Error, 6)
            ],
            "{found:#?}"
        );
    }

    #[test]
    fn many_warnings_alone_refuse_nothing() {
        let text: String = std::iter::once("[length]\n".to_owned())
            .chain((0..25).map(|i| format!("gone-{i} = \"5m\"\n")))
            .collect();
        let (refused, found) = checked(&text, &[]);
        assert!(!refused);
        assert_eq!(found.len(), 21);
        assert_eq!(found[20].0, Severity::Warning, "{:?}", found[20]);
    }
}
