//! The never-panics test's mutator: seeded, so the same start makes the same inputs, and
//! fed the fuzzers' dictionary (fuzz/toml.dict), so that it changes keys, numbers and
//! values to the ones at the edges of what the formats allow.

use std::fmt::Write as _;

use crate::common::root;

/// A file to start from.
#[derive(Debug, Clone)]
pub struct Seed {
    /// Where it comes from, to name the inputs made from it.
    pub name: String,
    /// Its contents.
    pub bytes: Vec<u8>,
    /// Whether it is a valid file of its kind: three mutants in four start from one, so
    /// that enough of them are valid and reach the planner and the session.
    pub favored: bool,
}

impl Seed {
    /// A valid file of its kind, not read from a file.
    pub fn new(name: &str, text: &str) -> Self {
        Self {
            name: name.to_owned(),
            bytes: text.as_bytes().to_vec(),
            favored: true,
        }
    }
}

/// The fuzzers' dictionary, read into its kinds of token.
#[derive(Default)]
pub struct Tokens {
    tables: Vec<Vec<u8>>,
    keys: Vec<Vec<u8>>,
    numbers: Vec<Vec<u8>>,
    values: Vec<Vec<u8>>,
    syntax: Vec<Vec<u8>>,
}

pub fn tokens() -> Tokens {
    let path = root().join("fuzz/toml.dict");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut tokens = Tokens::default();
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (name, quoted) = line.split_once('=').unwrap();
        let token =
            dictionary_token(quoted).unwrap_or_else(|| panic!("{}: {line}", path.display()));
        let kind = match name.split('_').next().unwrap() {
            "table" => &mut tokens.tables,
            "key" => &mut tokens.keys,
            "number" => &mut tokens.numbers,
            "value" => &mut tokens.values,
            "toml" => &mut tokens.syntax,
            other => panic!("{}: a token of no kind: {other}", path.display()),
        };
        kind.push(token);
    }
    assert!(!tokens.values.is_empty() && !tokens.numbers.is_empty());
    tokens
}

/// A libFuzzer dictionary value: quoted, with `\\`, `\"` and `\xHH` escapes.
fn dictionary_token(quoted: &str) -> Option<Vec<u8>> {
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?.as_bytes();
    let mut token = Vec::new();
    let mut at = 0;
    while at < inner.len() {
        match (inner[at], inner.get(at + 1)) {
            (b'\\', Some(b'x')) => {
                let hex = std::str::from_utf8(inner.get(at + 2..at + 4)?).ok()?;
                token.push(u8::from_str_radix(hex, 16).ok()?);
                at += 4;
            }
            (b'\\', Some(&escaped)) => {
                token.push(escaped);
                at += 2;
            }
            (byte, _) => {
                token.push(byte);
                at += 1;
            }
        }
    }
    Some(token)
}

/// A seeded xorshift: the same numbers from the same start.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // Xorshift never leaves zero.
        Self(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (which is not zero).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'t, T>(&mut self, from: &'t [T]) -> &'t T {
        &from[self.below(from.len())]
    }
}

/// Makes inputs from seeds, the same ones for the same start: one to four changes of the
/// kinds below for each input.
pub struct Mutator<'a> {
    rng: Rng,
    seeds: &'a [Seed],
    favored: Vec<&'a Seed>,
    tokens: Tokens,
}

/// A byte that means something in TOML, or is one a parser must refuse.
const BYTES: &[u8] = b"\"'[]{}=.,#\n\r\t\\ -_0123456789\x00\x7f\xc3\xff";

impl<'a> Mutator<'a> {
    pub fn new(seed: u64, seeds: &'a [Seed], tokens: Tokens) -> Self {
        Self {
            rng: Rng::new(seed),
            seeds,
            favored: seeds.iter().filter(|seed| seed.favored).collect(),
            tokens,
        }
    }

    /// A mutant of a seed, and what was done to it.
    pub fn mutant(&mut self) -> (Vec<u8>, String) {
        let seed = if !self.favored.is_empty() && self.rng.below(4) > 0 {
            *self.rng.pick(&self.favored)
        } else {
            self.rng.pick(self.seeds)
        };
        let mut bytes = seed.bytes.clone();
        let mut label = seed.name.clone();
        // Mostly one or two changes, so that many mutants stay valid and reach the planner
        // and the session; now and then four.
        let changes = 1 + self.rng.below(2) + 2 * usize::from(self.rng.below(4) == 0);
        for _ in 0..changes {
            let change = self.change(&mut bytes);
            write!(label, ", {change}").unwrap();
        }
        (bytes, label)
    }

    /// One change to `bytes`; says which. Changes to whole values, tables and lines come
    /// most often: changes to single bytes mostly make TOML that does not read.
    fn change(&mut self, bytes: &mut Vec<u8>) -> &'static str {
        match self.rng.below(16) {
            0 => self.flip(bytes),
            1 => {
                let byte = *self.rng.pick(BYTES);
                self.insert(bytes, &[byte]);
                "inserted a byte"
            }
            2 => self.delete(bytes),
            3 => {
                let token = self.rng.pick(&self.tokens.syntax).clone();
                self.insert(bytes, &token);
                "inserted a piece of syntax"
            }
            4 | 5 => self.splice(bytes),
            6 | 7 => self.duplicate_table(bytes),
            8 | 9 => {
                self.replace_number(bytes);
                "replaced a number"
            }
            10..=12 => {
                self.replace_value(bytes);
                "replaced a value"
            }
            13 => {
                self.replace_key(bytes);
                "replaced a key"
            }
            _ => self.add_line(bytes),
        }
    }

    /// A table header, or a key with a value, as a line of its own.
    fn add_line(&mut self, bytes: &mut Vec<u8>) -> &'static str {
        let mut line = if self.rng.below(3) == 0 {
            self.rng.pick(&self.tokens.tables).clone()
        } else {
            let mut line = self.rng.pick(&self.tokens.keys).clone();
            line.extend_from_slice(b" = ");
            line.extend_from_slice(self.rng.pick(&self.tokens.values).as_slice());
            line
        };
        line.push(b'\n');
        let at = *self.rng.pick(&line_starts(bytes));
        bytes.splice(at..at, line);
        "added a line"
    }

    fn flip(&mut self, bytes: &mut [u8]) -> &'static str {
        if !bytes.is_empty() {
            let at = self.rng.below(bytes.len());
            bytes[at] ^= 1 << self.rng.below(8);
        }
        "flipped a bit"
    }

    fn insert(&mut self, bytes: &mut Vec<u8>, what: &[u8]) {
        let at = self.rng.below(bytes.len() + 1);
        bytes.splice(at..at, what.iter().copied());
    }

    fn delete(&mut self, bytes: &mut Vec<u8>) -> &'static str {
        if !bytes.is_empty() {
            let at = self.rng.below(bytes.len());
            let end = (at + 1 + self.rng.below(16)).min(bytes.len());
            bytes.drain(at..end);
        }
        "deleted bytes"
    }

    /// A line of another seed put in place of one of these lines, or between two.
    fn splice(&mut self, bytes: &mut Vec<u8>) -> &'static str {
        let other = self.rng.pick(self.seeds);
        let mut donor: Vec<&[u8]> = other.bytes.split(|&b| b == b'\n').collect();
        // Mostly a line that sets a key or opens a table, not one from the middle of a text.
        let settings: Vec<&[u8]> = donor
            .iter()
            .copied()
            .filter(|line| line.starts_with(b"[") || line.windows(3).any(|w| w == b" = "))
            .collect();
        if !settings.is_empty() && self.rng.below(4) > 0 {
            donor = settings;
        }
        let line = self.rng.pick(&donor).to_vec();
        let lines = line_starts(bytes);
        let at = *self.rng.pick(&lines);
        let end = if self.rng.below(2) == 0 {
            at
        } else {
            line_end(bytes, at)
        };
        let mut with_newline = line;
        with_newline.push(b'\n');
        bytes.splice(at..end, with_newline);
        "spliced a line from another file"
    }

    /// A table (from its header to the next) copied to before another header or the end.
    fn duplicate_table(&mut self, bytes: &mut Vec<u8>) -> &'static str {
        let headers: Vec<usize> = line_starts(bytes)
            .into_iter()
            .filter(|&at| bytes.get(at) == Some(&b'['))
            .collect();
        // Mostly an array of tables (a step, a step of a block): another table of the same
        // name is a mistake TOML itself refuses.
        let arrays: Vec<usize> = (0..headers.len())
            .filter(|&i| bytes[headers[i]..].starts_with(b"[["))
            .collect();
        let from = match (arrays.is_empty(), headers.is_empty()) {
            (_, true) => return "found no table to duplicate",
            (false, _) if self.rng.below(4) > 0 => *self.rng.pick(&arrays),
            _ => self.rng.below(headers.len()),
        };
        let end = headers.get(from + 1).copied().unwrap_or(bytes.len());
        let mut table = bytes[headers[from]..end].to_vec();
        if table.last() != Some(&b'\n') {
            table.push(b'\n');
        }
        let to = if self.rng.below(2) == 0 {
            bytes.len()
        } else {
            *self.rng.pick(&headers)
        };
        if to == bytes.len() && bytes.last().is_some_and(|&b| b != b'\n') {
            bytes.push(b'\n');
        }
        let to = to.min(bytes.len());
        bytes.splice(to..to, table);
        "duplicated a table"
    }

    /// A run of digits made an extreme number.
    fn replace_number(&mut self, bytes: &mut Vec<u8>) {
        let runs = runs(bytes, |b| b.is_ascii_digit());
        let number = self.rng.pick(&self.tokens.numbers).clone();
        if runs.is_empty() {
            self.insert(bytes, &number);
        } else {
            let run = self.rng.pick(&runs).clone();
            bytes.splice(run, number);
        }
    }

    /// What follows a `key = ` made an extreme value: a duration, a pattern, odd text.
    fn replace_value(&mut self, bytes: &mut Vec<u8>) {
        let values: Vec<_> = line_starts(bytes)
            .into_iter()
            .filter_map(|at| {
                let end = line_end(bytes, at);
                let equals = bytes[at..end].windows(3).position(|w| w == b" = ")?;
                Some(at + equals + 3..end)
            })
            // Not the opening of a text of many lines: the rest of it would be left as keys.
            .filter(|value| !bytes[value.clone()].starts_with(b"\"\"\""))
            .collect();
        let value = self.rng.pick(&self.tokens.values).clone();
        if values.is_empty() {
            self.insert(bytes, &value);
        } else {
            let span = self.rng.pick(&values).clone();
            bytes.splice(span, value);
        }
    }

    /// The key of a `key = value` line made another key of the format.
    fn replace_key(&mut self, bytes: &mut Vec<u8>) {
        let keys: Vec<_> = line_starts(bytes)
            .into_iter()
            .filter_map(|at| {
                let end = line_end(bytes, at);
                let equals = bytes[at..end].windows(3).position(|w| w == b" = ")?;
                Some(at..at + equals)
            })
            .collect();
        let key = self.rng.pick(&self.tokens.keys).clone();
        if let Some(span) = (!keys.is_empty()).then(|| self.rng.pick(&keys).clone()) {
            bytes.splice(span, key);
        }
    }
}

/// Where each line starts (the end too, to add a line after the last).
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .map(|(at, _)| at + 1),
    );
    starts
}

/// Where the line that starts at `at` ends, before its newline.
fn line_end(bytes: &[u8], at: usize) -> usize {
    bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |end| at + end)
}

/// The runs of bytes for which `inside` holds.
fn runs(bytes: &[u8], inside: impl Fn(u8) -> bool) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = None;
    for (at, &byte) in bytes.iter().chain(b"\n").enumerate() {
        match (inside(byte), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                runs.push(from..at);
                start = None;
            }
            _ => {}
        }
    }
    runs
}

#[test]
fn the_mutator_makes_the_same_inputs_from_the_same_start() {
    let seeds = [Seed::new(
        "small",
        "version = 1\n[[steps]]\nduration = \"5m\"\n",
    )];
    let made = |start| {
        let mut mutator = Mutator::new(start, &seeds, tokens());
        (0..50).map(|_| mutator.mutant().0).collect::<Vec<_>>()
    };
    assert_eq!(made(7), made(7));
    assert_ne!(made(7), made(8));
    let changed = made(7).iter().filter(|m| **m != seeds[0].bytes).count();
    assert!(
        changed > 40,
        "only {changed} of 50 mutants differ from their seed"
    );
}

#[test]
fn the_dictionary_reads_escapes() {
    assert_eq!(dictionary_token(r#""a\"b\\c\x0a""#).unwrap(), b"a\"b\\c\n");
    assert_eq!(dictionary_token("unquoted"), None);
}
