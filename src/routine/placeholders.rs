//! Placeholders in a routine's words, such as `{in}` or `{side}`: filled when the session is
//! planned from what it really uses (the breath chosen with `--breath`, the side being held,
//! the step's length), so that what is said never contradicts what is paced. Numbers are
//! written as words, the way they are spoken.

use super::{BreathPattern, Side};

/// A value a text may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// Seconds breathing in.
    In,
    /// Seconds resting full.
    Hold,
    /// Seconds breathing out.
    Out,
    /// Seconds resting empty.
    HoldOut,
    /// The whole breath in words: "in for four, out for six".
    Pattern,
    /// How many breaths the step paces.
    Breaths,
    /// The side being held.
    Side,
    /// The side not being held.
    OtherSide,
    /// How long the step lasts: "five minutes".
    Length,
    /// What to have at hand, as a list in a sentence.
    Props,
}

/// What a placeholder needs of its step to mean something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Any step.
    Nothing,
    /// A paced breath.
    Breath,
    /// A pose held on each side.
    Sides,
}

/// Every placeholder: its name, what it needs, and what it becomes.
pub const PLACEHOLDERS: [(Placeholder, &str, Needs, &str); 10] = [
    (
        Placeholder::In,
        "in",
        Needs::Breath,
        "seconds breathing in, as words",
    ),
    (
        Placeholder::Hold,
        "hold",
        Needs::Breath,
        "seconds resting full",
    ),
    (
        Placeholder::Out,
        "out",
        Needs::Breath,
        "seconds breathing out",
    ),
    (
        Placeholder::HoldOut,
        "hold_out",
        Needs::Breath,
        "seconds resting empty",
    ),
    (
        Placeholder::Pattern,
        "pattern",
        Needs::Breath,
        "the breath in words: \"in for four, out for six\"",
    ),
    (
        Placeholder::Breaths,
        "breaths",
        Needs::Breath,
        "how many breaths the step paces",
    ),
    (
        Placeholder::Side,
        "side",
        Needs::Sides,
        "the side being held: \"right\" or \"left\"",
    ),
    (
        Placeholder::OtherSide,
        "other_side",
        Needs::Sides,
        "the other side",
    ),
    (
        Placeholder::Length,
        "length",
        Needs::Nothing,
        "how long the step lasts: \"five minutes\"",
    ),
    (
        Placeholder::Props,
        "props",
        Needs::Nothing,
        "the routine's props, as a list",
    ),
];

impl Placeholder {
    /// What the placeholder needs of its step.
    #[must_use]
    pub fn needs(self) -> Needs {
        PLACEHOLDERS
            .iter()
            .find(|(p, ..)| *p == self)
            .map_or(Needs::Nothing, |(_, _, needs, _)| *needs)
    }

    /// The placeholder's name, as written between braces.
    #[must_use]
    pub fn name(self) -> &'static str {
        PLACEHOLDERS
            .iter()
            .find(|(p, ..)| *p == self)
            .map_or("", |(_, name, ..)| name)
    }
}

/// A piece of a text: words as written, or a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Words(&'a str),
    Brace(char),
    Value(Placeholder),
}

/// A placeholder that is not one: what was written between the braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// What was written between the braces (or after the brace, to the end).
    pub name: String,
    /// Whether the brace was closed.
    pub closed: bool,
}

/// The placeholders a text uses, in order, or the first that is not known. `{{` and `}}`
/// stand for a brace.
pub fn scan(text: &str) -> Result<Vec<Placeholder>, Unknown> {
    let pieces = pieces(text)?;
    let placeholders = pieces.into_iter().filter_map(|piece| match piece {
        Piece::Value(placeholder) => Some(placeholder),
        Piece::Words(_) | Piece::Brace(_) => None,
    });
    Ok(placeholders.collect())
}

fn pieces(text: &str) -> Result<Vec<Piece<'_>>, Unknown> {
    let mut pieces = Vec::new();
    let mut rest = 0;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b @ (b'{' | b'}') if bytes.get(at + 1) == Some(&b) => {
                pieces.push(Piece::Words(&text[rest..at]));
                pieces.push(Piece::Brace(char::from(b)));
                at += 2;
                rest = at;
            }
            b'{' => {
                let close = text[at..].find('}').map(|i| at + i);
                let name = &text[at + 1..close.unwrap_or(text.len())];
                let known = PLACEHOLDERS.iter().find(|(_, n, ..)| *n == name);
                let (Some(close), Some((placeholder, ..))) = (close, known) else {
                    return Err(Unknown {
                        name: name.to_owned(),
                        closed: close.is_some(),
                    });
                };
                pieces.push(Piece::Words(&text[rest..at]));
                pieces.push(Piece::Value(*placeholder));
                at = close + 1;
                rest = at;
            }
            _ => at += 1,
        }
    }
    pieces.push(Piece::Words(&text[rest..]));
    Ok(pieces)
}

/// What the placeholders of one part of a session stand for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Values<'a> {
    /// The breath paced in it (its first and last breath).
    pub breath: Option<(BreathPattern, BreathPattern)>,
    /// How many breaths it paces.
    pub breaths: u64,
    /// The side held in it.
    pub side: Option<Side>,
    /// How long it lasts.
    pub length_ms: u64,
    /// The routine's props.
    pub props: &'a [String],
}

/// `text` with its placeholders filled in. A text that was checked has only known
/// placeholders; any other brace is kept as written.
#[must_use]
pub fn fill(text: &str, values: &Values<'_>) -> String {
    let Ok(pieces) = pieces(text) else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len());
    for piece in pieces {
        match piece {
            Piece::Words(words) => out.push_str(words),
            Piece::Brace(brace) => out.push(brace),
            Piece::Value(placeholder) => out.push_str(&value(placeholder, values)),
        }
    }
    out
}

fn value(placeholder: Placeholder, values: &Values<'_>) -> String {
    let (first, last) = values.breath.unzip();
    let phase = |pick: fn(&BreathPattern) -> u64| {
        first.map_or_else(String::new, |b| seconds_words(pick(&b)))
    };
    match placeholder {
        Placeholder::In => phase(|b| b.inhale_ms),
        Placeholder::Hold => phase(|b| b.hold_ms),
        Placeholder::Out => phase(|b| b.exhale_ms),
        Placeholder::HoldOut => phase(|b| b.hold_after_exhale_ms),
        Placeholder::Pattern => match (first, last) {
            (Some(first), Some(last)) => pattern_words(&first, &last),
            _ => String::new(),
        },
        Placeholder::Breaths => number_words(values.breaths),
        Placeholder::Side => values.side.map_or("", Side::name).to_owned(),
        Placeholder::OtherSide => values.side.map_or("", |s| s.other().name()).to_owned(),
        Placeholder::Length => duration_words(values.length_ms),
        Placeholder::Props => list_words(values.props),
    }
}

/// A breath in words: "in for four, hold for seven, out for eight", and where it ends when
/// it changes: "in for four, out for six, growing to eight".
#[must_use]
pub fn pattern_words(first: &BreathPattern, last: &BreathPattern) -> String {
    const NAMES: [&str; 4] = ["in", "hold", "out", "hold"];
    let mut parts = Vec::new();
    for (index, (from, to)) in first
        .as_array()
        .into_iter()
        .zip(last.as_array())
        .enumerate()
    {
        if from == 0 && to == 0 {
            continue;
        }
        let mut part = format!("{} for {}", NAMES[index], seconds_words(from));
        if to != from {
            let way = if to > from { "growing" } else { "easing" };
            part = format!("{part}, {way} to {}", seconds_words(to));
        }
        parts.push(part);
    }
    parts.join(", ")
}

/// Seconds as spoken: "four", "four and a half".
#[must_use]
pub fn seconds_words(ms: u64) -> String {
    let halves = (ms + 250) / 500;
    let whole = number_words(halves / 2);
    if halves % 2 == 1 {
        format!("{whole} and a half")
    } else {
        whole
    }
}

/// How long something lasts, as spoken: "five minutes", "ninety seconds", "one minute".
#[must_use]
pub fn duration_words(ms: u64) -> String {
    if ms >= 120_000 {
        let minutes = (ms + 30_000) / 60_000;
        format!("{} minutes", number_words(minutes))
    } else if (60_000..=61_000).contains(&ms) {
        "one minute".to_owned()
    } else {
        let seconds = (ms + 500) / 1000;
        let unit = if seconds == 1 { "second" } else { "seconds" };
        format!("{} {unit}", number_words(seconds))
    }
}

/// Words said on their own as a sentence: a capital first, a full stop last.
#[must_use]
pub fn sentence(words: &str) -> String {
    let mut sentence = format!("{words}.");
    if let Some(first) = sentence.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    sentence
}

/// A list as said in a sentence: "a mat, a block and a blanket".
#[must_use]
pub fn list_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A whole number in words, as a voice would say it: "twelve", "forty-five". From a
/// thousand on, the digits (no session counts that high in words).
#[must_use]
pub fn number_words(n: u64) -> String {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    match n {
        0..20 => ONES[n as usize].to_owned(),
        20..100 if n.is_multiple_of(10) => TENS[(n / 10) as usize].to_owned(),
        20..100 => format!("{}-{}", TENS[(n / 10) as usize], ONES[(n % 10) as usize]),
        100..1000 if n.is_multiple_of(100) => format!("{} hundred", ONES[(n / 100) as usize]),
        100..1000 => format!(
            "{} hundred and {}",
            ONES[(n / 100) as usize],
            number_words(n % 100)
        ),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOUR_SIX: BreathPattern = BreathPattern {
        inhale_ms: 4_000,
        hold_ms: 0,
        exhale_ms: 6_000,
        hold_after_exhale_ms: 0,
    };

    #[test]
    fn numbers_are_words() {
        let said: Vec<String> = [0, 4, 13, 20, 45, 100, 118, 1_200]
            .into_iter()
            .map(number_words)
            .collect();
        assert_eq!(
            said,
            [
                "zero",
                "four",
                "thirteen",
                "twenty",
                "forty-five",
                "one hundred",
                "one hundred and eighteen",
                "1200"
            ]
        );
        assert_eq!(seconds_words(4_500), "four and a half");
        assert_eq!(duration_words(300_000), "five minutes");
        assert_eq!(duration_words(90_000), "ninety seconds");
        assert_eq!(duration_words(60_000), "one minute");
    }

    #[test]
    fn placeholders_are_filled_from_the_breath_in_use() {
        let values = Values {
            breath: Some((FOUR_SIX, FOUR_SIX)),
            breaths: 12,
            ..Values::default()
        };
        let text = "Breathe in for {in}, out for {out}; {breaths} breaths: {pattern}. {{braces}}";
        assert_eq!(
            fill(text, &values),
            "Breathe in for four, out for six; twelve breaths: in for four, out for six. {braces}"
        );
        let longer = BreathPattern {
            exhale_ms: 8_000,
            ..FOUR_SIX
        };
        assert_eq!(
            pattern_words(&FOUR_SIX, &longer),
            "in for four, out for six, growing to eight"
        );
    }

    #[test]
    fn an_unknown_placeholder_is_named() {
        let unknown = scan("Rest {lenght} here").unwrap_err();
        assert_eq!(unknown.name, "lenght");
        let unclosed = scan("{in} {out").unwrap_err();
        assert_eq!((unclosed.name.as_str(), unclosed.closed), ("out", false));
        assert_eq!(scan("{side} and {{x}}").unwrap().len(), 1);
    }
}
