//! A routine file's shape: its TOML syntax and the type of every value. Every mistake is
//! reported, not just the first, each at its place in the file.
//!
//! serde stops at the first value of the wrong type, so when reading the whole file fails,
//! each part of it is read again alone (the path to it kept, everything beside it left
//! out), and a part is looked into only when reading it alone fails. That costs a read of
//! each part with a mistake in it, so a file of many mistakes is read a few times over,
//! never once per mistake.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeArray, DeInteger, DeString, DeTable, DeValue, Deserializer};

use crate::routine::file::{A_DURATION, RoutineFile};
use crate::routine::{Diagnostic, MAX_SHOWN};

/// Reads a routine file as written, or says what is wrong with its syntax or with the types
/// of its values: the first mistakes in the file (at most [`MAX_SHOWN`]), and how many more
/// there are.
pub(super) fn read(text: &str) -> Result<RoutineFile, (Vec<Diagnostic>, usize)> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(syntax_errors(text, &errors, syntax_hint));
    }
    RoutineFile::deserialize(Deserializer::from(root)).map_err(|first| {
        // Parsed again rather than kept: reading takes the parsed file, and a copy of
        // every good file would cost more than parsing a bad one twice.
        let (root, _) = DeTable::parse_recoverable(text);
        let root = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
        let mut found = Found::default();
        Walk {
            root: &root,
            path: Vec::new(),
            around: Vec::new(),
            found: &mut found,
        }
        .errors_in(&root, None);
        if found.count == 0 {
            found.add(first);
        }
        let hidden = found.count - found.first.len();
        (found.first.iter().map(from_toml).collect(), hidden)
    })
}

/// The first syntax errors as diagnostics, each with the hint `hint` gives for the reader's
/// own message, and how many more there are.
pub(crate) fn syntax_errors(
    text: &str,
    errors: &[toml::de::Error],
    hint: fn(&str) -> Option<&'static str>,
) -> (Vec<Diagnostic>, usize) {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut hidden = 0;
    let mut placeless = Vec::new();
    let mut previous = None;
    for error in errors {
        // Recovering from one mistake, the parser often reports it again and again.
        let this = Some((error.span(), error.message()));
        if this == previous {
            continue;
        }
        previous = this;
        // Finding the place of an error the parser gives none costs a few readings of the
        // file: that is done for the first of each kind, and the others are counted.
        let first_of_kind = error.span().is_some() || !placeless.contains(&error.message());
        if diagnostics.len() >= MAX_SHOWN || !first_of_kind {
            hidden += 1;
            continue;
        }
        if error.span().is_none() {
            placeless.push(error.message());
        }
        let (span, message) = syntax_error(text, error);
        diagnostics.push(positioned(span, message, hint(error.message())));
    }
    (diagnostics, hidden)
}

/// The place and the words for a TOML syntax error. The parser gives no place for a key
/// with too many dotted parts, so that one is found by reading ever shorter beginnings of
/// the text until the error goes away: it lies where it first appears.
#[must_use]
pub fn syntax_error(text: &str, error: &toml::de::Error) -> (Option<Range<usize>>, String) {
    let raw = error.message();
    let span = error.span().or_else(|| first_occurrence(text, raw));
    let message = match raw {
        "recursion limit" => "this key has too many dotted parts to be read".to_owned(),
        "cannot recurse further; max recursion depth met" => {
            "lists and tables are nested too deeply here to be read".to_owned()
        }
        _ => raw.trim().replace('\n', " "),
    };
    (span, message)
}

fn syntax_hint(raw: &str) -> Option<&'static str> {
    match raw {
        "recursion limit" => {
            Some("a routine's keys have at most three parts, like `sound.volume.bells`")
        }
        "cannot recurse further; max recursion depth met" => {
            Some("a routine nests at most a few levels, like `breath = { pattern = \"4-6\" }`")
        }
        _ => None,
    }
}

/// The last character of the shortest beginning of `text` whose parse reports `message`.
fn first_occurrence(text: &str, message: &str) -> Option<Range<usize>> {
    let occurs = |end: usize| {
        DeTable::parse_recoverable(&text[..end])
            .1
            .iter()
            .any(|e| e.message() == message)
    };
    // `low` never has the error, `high` always does.
    let (mut low, mut high) = (0, text.len());
    if !occurs(high) {
        return None;
    }
    while let Some(middle) = boundary_between(text, low, high) {
        if occurs(middle) {
            high = middle;
        } else {
            low = middle;
        }
    }
    let start = (0..high).rev().find(|&i| text.is_char_boundary(i))?;
    Some(start..high)
}

/// A character boundary strictly between `low` and `high`, near the middle, if there is one.
fn boundary_between(text: &str, low: usize, high: usize) -> Option<usize> {
    let middle = low + (high - low) / 2;
    let down = (low + 1..=middle).rev().find(|&i| text.is_char_boundary(i));
    down.or_else(|| (middle + 1..high).find(|&i| text.is_char_boundary(i)))
}

/// The mistakes found: the first in the file, and how many in all. Only those shown are
/// kept, so a file of a hundred thousand mistakes costs no more memory than one of twenty.
#[derive(Default)]
struct Found {
    /// The first mistakes by place in the file, at most [`MAX_SHOWN`].
    first: Vec<toml::de::Error>,
    /// How many were found.
    count: usize,
}

impl Found {
    fn add(&mut self, error: toml::de::Error) {
        self.count += 1;
        let place = |e: &toml::de::Error| e.span().map_or(0, |s| s.start);
        let at = self.first.partition_point(|e| place(e) <= place(&error));
        if at < MAX_SHOWN {
            self.first.insert(at, error);
            self.first.truncate(MAX_SHOWN);
        }
    }
}

/// One step of the way from the file's top to one of its values.
#[derive(Clone, Copy)]
enum Step<'a> {
    /// A key of a table.
    Key(&'a Spanned<DeString<'a>>),
    /// An element of an array.
    Index(usize),
}

/// Looking for every mistake in a file that does not read.
struct Walk<'a, 'f> {
    /// The whole file.
    root: &'a Spanned<DeValue<'a>>,
    /// The way to the value being looked at.
    path: Vec<Step<'a>>,
    /// The places of the keys and values on the way: a mistake there is not in this value.
    around: Vec<Range<usize>>,
    /// The mistakes found.
    found: &'f mut Found,
}

impl<'a> Walk<'a, '_> {
    /// Finds the mistakes in `value` (at the end of the path, under `key`): those of its
    /// parts, or, when its parts read well alone, its own.
    fn errors_in(&mut self, value: &'a Spanned<DeValue<'a>>, key: Option<Range<usize>>) {
        let Err(error) = self.read_alone(None) else {
            return;
        };
        let span = error.span();
        if span.as_ref() != Some(&value.span())
            && span.as_ref().is_some_and(|s| self.around.contains(s))
        {
            // A key missing from a table this read left out, or a mistake in one around it.
            return;
        }
        let before = self.found.count;
        let mut broken = Vec::new();
        let around = self.around.len();
        self.around.extend(key.into_iter().chain([value.span()]));
        for (step, part, part_key) in parts(value) {
            let found = self.found.count;
            self.path.push(step);
            self.errors_in(part, part_key);
            self.path.pop();
            if let (Step::Key(name), true) = (step, self.found.count > found) {
                broken.push(name);
            }
        }
        self.around.truncate(around);
        let missing = missing_key(error.message()).is_some() && span == Some(value.span());
        if self.found.count == before && !missing {
            self.found.add(error);
        } else if let DeValue::Table(table) = value.get_ref() {
            self.missing_keys(value.span(), table, &broken);
        }
    }

    /// The keys a table lacks. serde names one missing key at a time, so each is given a
    /// stand-in of a type that reads, to find the next. The table's broken parts are left
    /// out (their mistakes are found already), and given stand-ins in the same way.
    fn missing_keys(
        &mut self,
        span: Range<usize>,
        table: &DeTable<'a>,
        broken: &[&Spanned<DeString<'a>>],
    ) {
        let mut table = table.clone();
        for key in broken {
            table.remove(*key);
        }
        let stand_ins = [
            DeValue::String(DeString::Borrowed("")),
            DeValue::Integer(DeInteger::default()),
            DeValue::Boolean(false),
            DeValue::Array(DeArray::new()),
            DeValue::Table(DeTable::new()),
        ];
        // Each turn adds a key; no table of a routine requires more than a few.
        for _ in 0..=broken.len() + MAX_REQUIRED_KEYS {
            let Err(error) = self.read_alone(Some(&table)) else {
                return;
            };
            let Some(name) = missing_key(error.message()) else {
                return;
            };
            if error.span() != Some(span.clone()) {
                return;
            }
            let key = Spanned::new(span.clone(), DeString::Owned(name.to_owned()));
            if !broken.iter().any(|k| **k == key) {
                self.found.add(error.clone());
            }
            let reads = |stand_in: &&DeValue<'a>| {
                let mut tried = table.clone();
                tried.insert(key.clone(), Spanned::new(span.clone(), (*stand_in).clone()));
                // Refused only when the stand-in itself is of the wrong type.
                self.read_alone(Some(&tried)).err().is_none_or(|e| {
                    e.span() != Some(span.clone()) || missing_key(e.message()).is_some()
                })
            };
            let Some(stand_in) = stand_ins.iter().find(reads) else {
                return;
            };
            table.insert(key, Spanned::new(span.clone(), stand_in.clone()));
        }
    }

    /// Reads the file with only the value at the end of the path (or `instead` of it, a
    /// table in its place) and what leads to it.
    fn read_alone(&self, instead: Option<&DeTable<'a>>) -> Result<(), toml::de::Error> {
        let kept = kept(self.root, &self.path, instead);
        let span = kept.span();
        let DeValue::Table(table) = kept.into_inner() else {
            return Ok(());
        };
        RoutineFile::deserialize(Deserializer::from(Spanned::new(span, table))).map(drop)
    }
}

/// More than the keys any table of a routine requires.
const MAX_REQUIRED_KEYS: usize = 8;

/// A part of a table or an array: the step to it, the part, and the place of its key.
type Part<'a> = (Step<'a>, &'a Spanned<DeValue<'a>>, Option<Range<usize>>);

/// The parts of a table or an array.
fn parts<'a>(value: &'a Spanned<DeValue<'a>>) -> Vec<Part<'a>> {
    match value.get_ref() {
        DeValue::Table(table) => table
            .iter()
            .map(|(key, part)| (Step::Key(key), part, Some(key.span())))
            .collect(),
        DeValue::Array(array) => array
            .iter()
            .enumerate()
            .map(|(index, part)| (Step::Index(index), part, None))
            .collect(),
        _ => Vec::new(),
    }
}

/// A copy of `value` with only what leads along `path`, and at its end the whole value
/// there, or the table `instead` of it.
fn kept<'a>(
    value: &Spanned<DeValue<'a>>,
    path: &[Step<'a>],
    instead: Option<&DeTable<'a>>,
) -> Spanned<DeValue<'a>> {
    let inner = match (path.split_first(), value.get_ref()) {
        (None, inner) => instead.map_or_else(|| inner.clone(), |t| DeValue::Table(t.clone())),
        (Some((Step::Key(key), rest)), DeValue::Table(table)) => {
            let mut one = DeTable::new();
            if let Some(part) = table.get(*key) {
                one.insert((*key).clone(), kept(part, rest, instead));
            }
            DeValue::Table(one)
        }
        (Some((Step::Index(index), rest)), DeValue::Array(array)) => {
            let mut one = DeArray::new();
            if let Some(part) = array.get(*index) {
                one.push(kept(part, rest, instead));
            }
            DeValue::Array(one)
        }
        (Some(_), inner) => inner.clone(),
    };
    Spanned::new(value.span(), inner)
}

/// The key a "missing field" error names.
pub(super) fn missing_key(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// A diagnostic at its place, or for the whole file when it has none.
fn positioned(span: Option<Range<usize>>, message: String, hint: Option<&str>) -> Diagnostic {
    let diagnostic = match span {
        Some(span) => Diagnostic::at(span, message),
        None => Diagnostic::whole(message),
    };
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// serde's words for a value of the wrong type, in the words of the routine format.
const WORDS: [(&str, &str); 4] = [
    ("missing field", "missing key"),
    ("expected i64", "expected a whole number"),
    ("invalid type: map", "invalid type: table"),
    ("invalid type: sequence", "invalid type: list"),
];

fn from_toml(error: &toml::de::Error) -> Diagnostic {
    let mut message = error.message().trim().replace('\n', " ");
    for (serde, ours) in WORDS {
        message = message.replace(serde, ours);
    }
    if let Some((message, hint)) = unknown_key(&message) {
        return positioned(error.span(), message, Some(&hint));
    }
    if let Some((message, hint)) = not_a_table(&message) {
        return positioned(error.span(), message, hint);
    }
    // A number where a duration belongs is the most common type mistake.
    let hint = message
        .ends_with(&format!("expected {A_DURATION}"))
        .then_some("durations are written in quotes with a unit, like \"90s\" or \"5m\"");
    positioned(error.span(), message, hint)
}

/// The tables of the format by the names of their types, with how each is written.
const TABLES: [(&str, &str, Option<&str>); 6] = [
    (
        "BreathFile",
        "a breath",
        Some("write a breath as a table, like `breath = { pattern = \"4-6\" }`"),
    ),
    (
        "LengthFile",
        "a table of lengths",
        Some("write `length = { default = \"20m\", min = \"10m\", max = \"30m\" }`"),
    ),
    (
        "StepFile",
        "a step",
        Some("a step is a table: `[[steps]]`, then its `title` and `duration` on the lines below"),
    ),
    (
        "ReboundTable",
        "a rebound",
        Some("write a rebound as a duration, like `rebound = \"1m\"`, or a table with `duration`"),
    ),
    ("RoutineSoundFile", "a sound table", None),
    ("StepSoundFile", "a sound table", None),
];

/// serde's "expected struct `StepFile`" in the words of the format, with a hint on how the
/// table is written.
fn not_a_table(message: &str) -> Option<(String, Option<&'static str>)> {
    let (before, name) = message.split_once("expected struct ")?;
    let (_, words, hint) = TABLES
        .iter()
        .find(|(type_name, ..)| *type_name == name.trim())?;
    Some((format!("{before}expected {words}"), *hint))
}

/// serde's "unknown field `x`, expected one of `a`, `b`" as a message and a hint that
/// offers the closest allowed key.
fn unknown_key(message: &str) -> Option<(String, String)> {
    let (typed, expected) = message.strip_prefix("unknown field `")?.split_once('`')?;
    let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let listed = allowed.join(", ");
    let hint = match crate::suggest::closest(typed, allowed).first() {
        Some(best) => format!("did you mean `{best}`? The keys allowed here are: {listed}"),
        None => format!("the keys allowed here are: {listed}"),
    };
    Some((format!("unknown key `{typed}`"), hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(Option<Range<usize>>, String)> {
        match read(text) {
            Ok(_) => Vec::new(),
            Err((diagnostics, _)) => diagnostics
                .into_iter()
                .map(|d| (d.span, d.message))
                .collect(),
        }
    }

    const STEP: &str = "[[steps]]\ntitle = \"Rest\"\nduration = \"5m\"\n";

    #[test]
    fn a_good_file_reads() {
        assert_eq!(
            problems(&format!("version = 1\nname = \"Rest\"\n{STEP}")),
            []
        );
    }

    #[test]
    fn every_value_of_the_wrong_type_is_named() {
        let text = format!("version = \"one\"\nname = 5\n{STEP}");
        let found = problems(&text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, Some(10..15));
        assert_eq!(
            found[0].1,
            "invalid type: string \"one\", expected a whole number"
        );
        assert_eq!(found[1].0, Some(23..24));
        assert_eq!(found[1].1, "invalid type: integer `5`, expected a string");
    }

    #[test]
    fn mistakes_in_many_steps_and_keys_are_all_found() {
        let text = "version = 1\nname = \"x\"\nsummary = 3\n\
            [[steps]]\ntitle = \"a\"\nduration = 90\n\
            [[steps]]\nduration = \"1m\"\n\
            [[steps]]\ntitle = \"c\"\ndurration = \"1m\"\nbreath = { inhale = 4 }\n";
        let found: Vec<String> = problems(text).into_iter().map(|(_, m)| m).collect();
        assert_eq!(
            found,
            [
                "invalid type: integer `3`, expected a string",
                "invalid type: integer `90`, expected a duration",
                "missing key `title`",
                "unknown key `durration`",
                "invalid type: integer `4`, expected a duration",
            ]
        );
    }

    #[test]
    fn the_quoting_hint_is_given_for_durations_only() {
        let Err((found, _)) = read(&format!(
            "version = 1\nname = 5\n{}",
            STEP.replace("\"5m\"", "5")
        )) else {
            panic!("two mistakes")
        };
        let hints: Vec<Option<&str>> = found.iter().map(|d| d.hint.as_deref()).collect();
        assert_eq!(hints.len(), 2);
        assert_eq!(hints[0], None, "a name is no duration");
        assert!(
            hints[1].is_some_and(|h| h.contains("in quotes")),
            "{hints:?}"
        );
    }

    #[test]
    fn keys_missing_beside_a_broken_one_are_named() {
        let found = problems(&format!("version = \"1\"\n{STEP}"));
        let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "missing key `name`",
                "invalid type: string \"1\", expected a whole number"
            ]
        );
        let found = problems("version = \"1\"\n");
        let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "missing key `name`",
                "missing key `steps`",
                "invalid type: string \"1\", expected a whole number"
            ]
        );
    }

    #[test]
    fn a_key_with_too_many_parts_is_pointed_at() {
        let deep = vec!["a"; 3000].join(".");
        let text = format!("version = 1\nname = \"x\"\n{deep} = 1\n");
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        let (span, message) = &found[0];
        assert_eq!(message, "this key has too many dotted parts to be read");
        let start = span.clone().expect("a place").start;
        assert!(
            (24..24 + 2 * 100).contains(&start),
            "within the key's first parts: {start}"
        );
    }

    #[test]
    fn nesting_too_deep_is_pointed_at() {
        let text = format!(
            "version = 1\nx = {}{}\n",
            "[".repeat(3000),
            "]".repeat(3000)
        );
        let found = problems(&text);
        assert!(!found.is_empty());
        assert!(found.iter().all(|(span, _)| span.is_some()), "{found:?}");
        assert_eq!(
            found[0].1,
            "lists and tables are nested too deeply here to be read"
        );
    }
}
