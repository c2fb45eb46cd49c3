//! What can still be checked in a file whose shape is wrong.
//!
//! A key misspelled in one step should not hide a duration of "five minutes" in another:
//! a teacher wants every problem in one run. So when a file does not read, the parts that
//! do not read are taken out (a key no routine has, a value of the wrong type) and each key
//! that is missing is given a stand-in, until the rest reads. The values checked then are
//! the teacher's own; what is said about a table that was changed on the way, at the place
//! of a stand-in or of the step as a whole, would be about the repair, and is not reported.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeArray, DeInteger, DeString, DeTable, DeValue, Deserializer};

use super::shape::missing_key;
use crate::routine::Diagnostic;
use crate::routine::file::RoutineFile;

/// The most repairs tried on one file. Each reads the file again; a file this broken has
/// problems enough to show already.
const MAX_REPAIRS: usize = 64;

/// A file's readable rest, and where what the checker says of it would mislead.
pub(super) struct Salvaged {
    /// The file without the parts that do not read, with stand-ins for the keys missing.
    pub file: RoutineFile,
    /// Places where a problem is about a repair, not about what the teacher wrote: the
    /// tables changed (a stand-in has their place) and their titles (where problems with a
    /// step as a whole are shown).
    unreliable: Vec<Range<usize>>,
    /// Whether the routine may still be checked whole: only what no routine has was left
    /// out (a key it does not know, with a single value), so what is left is all there is.
    /// A misspelled `[length]` left out would make the steps seem to lack one.
    pub whole: bool,
}

impl Salvaged {
    /// Whether a problem found in the readable rest is about what the teacher wrote.
    pub(super) fn is_reliable(&self, diagnostic: &Diagnostic) -> bool {
        diagnostic
            .span
            .as_ref()
            .is_some_and(|span| !self.unreliable.contains(span))
    }
}

/// The readable rest of a file whose shape is wrong, if repairs make it read.
pub(super) fn salvage(text: &str) -> Option<Salvaged> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return None;
    }
    let mut root = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
    let mut changed = Vec::new();
    let mut whole = true;
    for _ in 0..MAX_REPAIRS {
        let error = match read(&root) {
            Ok(file) => {
                let mut unreliable = Vec::new();
                titles_of(&root, &changed, &mut unreliable);
                unreliable.extend(changed);
                return Some(Salvaged {
                    file,
                    unreliable,
                    whole,
                });
            }
            Err(error) => error,
        };
        let span = error.span()?;
        let repaired = if let Some(key) = missing_key(error.message()) {
            stand_in(&mut root, &span, key)
        } else {
            let unknown = error.message().starts_with("unknown field");
            let (place, taken) = take_out(&mut root, &span)?;
            whole &= unknown && !matches!(taken, DeValue::Table(_) | DeValue::Array(_));
            Some(place)
        };
        changed.push(repaired?);
    }
    None
}

fn read(root: &Spanned<DeValue<'_>>) -> Result<RoutineFile, toml::de::Error> {
    let DeValue::Table(table) = root.get_ref() else {
        unreachable!("the root of a TOML document is a table");
    };
    RoutineFile::deserialize(Deserializer::from(Spanned::new(root.span(), table.clone())))
}

/// Takes out the key or the value at `span`; returns the place of the table or list it
/// was in, and what was taken. The deepest value there is taken: a list of tables has the
/// place of its first.
fn take_out<'a>(
    value: &mut Spanned<DeValue<'a>>,
    span: &Range<usize>,
) -> Option<(Range<usize>, DeValue<'a>)> {
    let here = value.span();
    match value.get_mut() {
        DeValue::Table(table) => {
            if let Some(within) = table.iter_mut().find_map(|(_, part)| take_out(part, span)) {
                return Some(within);
            }
            let key = table
                .iter()
                .find(|(key, part)| key.span() == *span || part.span() == *span)
                .map(|(key, _)| key.clone())?;
            let taken = table.remove(&key)?;
            Some((here, taken.into_inner()))
        }
        DeValue::Array(array) => {
            if let Some(within) = array.iter_mut().find_map(|part| take_out(part, span)) {
                return Some(within);
            }
            let taken = array.iter().find(|part| part.span() == *span)?.clone();
            let mut kept = DeArray::new();
            for part in array.iter().filter(|part| part.span() != *span) {
                kept.push(part.clone());
            }
            *array = kept;
            Some((here, taken.into_inner()))
        }
        _ => None,
    }
}

/// Gives the table at `span` a stand-in for its missing `key`: the first value of a type
/// that reads. Returns the table's place, which the stand-in shares. A name or a title
/// stands in as one that is not empty, so the rest of the routine is still checked whole;
/// a duration of "?" is refused, and then so is the check of the whole.
fn stand_in(
    root: &mut Spanned<DeValue<'_>>,
    span: &Range<usize>,
    key: &str,
) -> Option<Range<usize>> {
    let stand_ins = [
        DeValue::String(DeString::Borrowed("?")),
        DeValue::Integer(DeInteger::default()),
        DeValue::Boolean(false),
        DeValue::Array(DeArray::new()),
        DeValue::Table(DeTable::new()),
    ];
    let key = Spanned::new(span.clone(), DeString::Owned(key.to_owned()));
    for value in stand_ins {
        let mut tried = root.clone();
        let table = table_at(&mut tried, span)?;
        table.insert(key.clone(), Spanned::new(span.clone(), value));
        // A stand-in of the wrong type is refused at its own place, which is the table's.
        let refused = read(&tried)
            .err()
            .is_some_and(|e| e.span().as_ref() == Some(span) && missing_key(e.message()).is_none());
        if !refused {
            *root = tried;
            return Some(span.clone());
        }
    }
    None
}

fn table_at<'v, 'a>(
    value: &'v mut Spanned<DeValue<'a>>,
    span: &Range<usize>,
) -> Option<&'v mut DeTable<'a>> {
    // A list of tables has the place of its first table: the table is looked for within.
    if value.span() == *span && matches!(value.get_ref(), DeValue::Table(_)) {
        let DeValue::Table(table) = value.get_mut() else {
            unreachable!("matched as a table just above");
        };
        return Some(table);
    }
    match value.get_mut() {
        DeValue::Table(table) => table.iter_mut().find_map(|(_, part)| table_at(part, span)),
        DeValue::Array(array) => array.iter_mut().find_map(|part| table_at(part, span)),
        _ => None,
    }
}

/// The places of the titles of the tables at `changed`.
fn titles_of(
    value: &Spanned<DeValue<'_>>,
    changed: &[Range<usize>],
    titles: &mut Vec<Range<usize>>,
) {
    match value.get_ref() {
        DeValue::Table(table) => {
            if changed.contains(&value.span()) {
                let title = table
                    .iter()
                    .find(|(key, _)| key.get_ref().as_ref() == "title");
                titles.extend(title.map(|(_, value)| value.span()));
            }
            for part in table.values() {
                titles_of(part, changed, titles);
            }
        }
        DeValue::Array(array) => {
            for part in &**array {
                titles_of(part, changed, titles);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEP: &str = "[[steps]]\ntitle = \"Rest\"\nduration = \"5m\"\n";

    #[test]
    fn a_key_no_routine_has_is_left_out_and_the_rest_kept() {
        let text = format!("version = 1\nname = \"R\"\ncolour = \"blue\"\n{STEP}");
        let salvaged = salvage(&text).expect("reads without the key");
        assert_eq!(salvaged.file.name.get_ref(), "R");
        assert_eq!(salvaged.file.steps.get_ref().len(), 1);
        assert!(salvaged.whole, "nothing a routine has was left out");
    }

    #[test]
    fn a_missing_title_stands_in_where_nothing_is_said_of_it() {
        let text = "version = 1\nname = \"R\"\n[[steps]]\nduration = \"0s\"\n";
        let salvaged = salvage(text).expect("reads with a stand-in");
        let step = &salvaged.file.steps.get_ref()[0];
        let at_stand_in = Diagnostic::at(step.title.span(), "a step's title is empty");
        assert!(!salvaged.is_reliable(&at_stand_in));
        let duration = step.duration.as_ref().expect("kept").span();
        assert!(salvaged.is_reliable(&Diagnostic::at(duration, "zero")));
    }

    #[test]
    fn a_misspelled_table_keeps_the_routine_from_being_checked_whole() {
        let text = format!(
            "version = 1\nname = \"R\"\n[lenght]\ndefault = \"5m\"\nmin = \"1m\"\nmax = \"9m\"\n{STEP}"
        );
        let salvaged = salvage(&text).expect("reads without the table");
        assert!(!salvaged.whole);
        let wrong_type = format!("version = 1\nname = \"R\"\nlength = \"20m\"\n{STEP}");
        assert!(!salvage(&wrong_type).expect("reads without it").whole);
    }

    #[test]
    fn a_syntax_error_is_not_salvaged() {
        assert!(salvage("version = 1\nname = \"R\n").is_none());
    }
}
