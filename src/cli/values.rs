//! The values flags take, and the one way a value that will not do is told: the flag, the
//! value, and what the flag takes, in words.

use std::fmt;
use std::ops::RangeInclusive;

use jiff::civil::{Date, Time};

use crate::untrusted::Untrusted;

/// A value a flag will not take: what was given (or the part of it that will not do) and
/// what the flag takes, in words. The flag is named where the message is made, by [`refused`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// What was given, or the part of it that will not do.
    pub value: String,
    /// What the flag takes: "a whole number from 0 to 100".
    pub allowed: String,
}

impl Refused {
    /// `value` will not do; the flag takes `allowed`.
    pub(crate) fn new(value: &str, allowed: impl Into<String>) -> Self {
        Self {
            value: value.to_owned(),
            allowed: allowed.into(),
        }
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.trim().is_empty() {
            return write!(f, "takes {}, not nothing", self.allowed);
        }
        write!(
            f,
            "takes {}, not `{}`",
            self.allowed,
            Untrusted::value(&self.value)
        )
    }
}

impl std::error::Error for Refused {}

/// The one wording of a value a flag will not take:
/// "--volume takes a whole number from 0 to 100, not `loud`".
#[must_use]
pub fn refused(flag: &str, value: &str, allowed: &str) -> String {
    format!("{flag} {}", Refused::new(value, allowed))
}

/// Names as a list in words: "a, b or c".
#[must_use]
pub fn in_words<S: AsRef<str>>(names: &[S]) -> String {
    match names {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} or {}", rest.join(", "), last.as_ref())
        }
    }
}

/// A whole number within `range`, in words: "a whole number from 1 to 52", or "from 1"
/// when the range has no end a person would reach.
fn whole_number_words<T>(range: &RangeInclusive<T>, max: T) -> String
where
    T: fmt::Display + PartialEq + Copy,
{
    if *range.end() == max {
        format!("a whole number from {}", range.start())
    } else {
        format!("a whole number from {} to {}", range.start(), range.end())
    }
}

/// A whole number within `range`.
fn whole<T>(text: &str, range: &RangeInclusive<T>, max: T) -> Result<T, Refused>
where
    T: std::str::FromStr + PartialOrd + fmt::Display + Copy,
{
    text.trim()
        .parse::<T>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| Refused::new(text, whole_number_words(range, max)))
}

/// How loud, in percent: what `--volume` takes.
pub const VOLUME: RangeInclusive<u8> = 0..=100;

/// A loudness in percent, with or without the percent sign (`50`, `50%`).
pub fn volume(text: &str) -> Result<u8, Refused> {
    let number = text.trim().strip_suffix('%').unwrap_or(text);
    whole(number, &VOLUME, u8::MAX).map_err(|_| {
        Refused::new(
            text,
            whole_number_words(&VOLUME, u8::MAX) + " (a percent sign may follow)",
        )
    })
}

/// How many sessions `history` lists: one or more.
pub fn session_count(text: &str) -> Result<u32, Refused> {
    whole(text, &(1..=u32::MAX), u32::MAX)
}

/// A session's number in the history: from 1.
pub fn session_number(text: &str) -> Result<usize, Refused> {
    whole(text, &(1..=usize::MAX), usize::MAX)
}

/// A note on a session, cleaned as routine text is: some words, at most
/// [`MAX_NOTE_CHARS`](crate::sinks::history::note::MAX_NOTE_CHARS) characters.
pub fn note(text: &str) -> Result<String, Refused> {
    use crate::sinks::history::note::{MAX_NOTE_CHARS, NoteError, clean};
    clean(text).map_err(|error| {
        let allowed = format!("some words, at most {MAX_NOTE_CHARS} characters");
        match error {
            NoteError::Empty => Refused::new(text, allowed),
            // The whole note would fill the screen: its length says enough.
            NoteError::TooLong(chars) => Refused::new(&format!("{chars} characters"), allowed),
        }
    })
}

/// How many weeks the calendar of `stats` shows.
pub const WEEKS: RangeInclusive<u16> = 1..=52;

/// How many weeks `stats` shows.
pub fn weeks(text: &str) -> Result<u16, Refused> {
    whole(text, &WEEKS, u16::MAX)
}

/// The speech's pace in words a minute.
pub fn speech_rate(text: &str) -> Result<u32, Refused> {
    whole(text, &crate::sinks::sound::speech::engine::RATES, u32::MAX)
}

/// The speech's pitch.
pub fn speech_pitch(text: &str) -> Result<u8, Refused> {
    whole(text, &crate::sinks::sound::speech::engine::PITCHES, u8::MAX)
}

/// How many channels `render` writes.
pub const CHANNELS: RangeInclusive<u16> = 1..=2;

/// How many channels `render` writes: 1 or 2.
pub fn channels(text: &str) -> Result<u16, Refused> {
    whole(text, &CHANNELS, u16::MAX).map_err(|_| Refused::new(text, "1 (mono) or 2 (stereo)"))
}

/// A day as a person names it on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day {
    /// Today, whichever day the command runs on.
    Today,
    /// The day before today.
    Yesterday,
    /// A day of the calendar.
    On(Date),
}

impl Day {
    /// The day meant, when today is `today`.
    #[must_use]
    pub fn date(self, today: Date) -> Date {
        match self {
            Self::Today => today,
            Self::Yesterday => today.yesterday().unwrap_or(today),
            Self::On(date) => date,
        }
    }
}

/// What a day can be, in words.
const DAY: &str = "a day: today, yesterday or a date written YYYY-MM-DD, like 2026-03-01";

/// A day: `today`, `yesterday` or an ISO date.
pub fn day(text: &str) -> Result<Day, Refused> {
    let trimmed = text.trim();
    match trimmed.to_ascii_lowercase().as_str() {
        "today" => Ok(Day::Today),
        "yesterday" => Ok(Day::Yesterday),
        // Only the ISO form: jiff would also read other forms, which the help does not name.
        _ if trimmed.len() == 10 => trimmed
            .parse::<Date>()
            .map(Day::On)
            .map_err(|_| Refused::new(text, DAY)),
        _ => Err(Refused::new(text, DAY)),
    }
}

/// A moment as a person names it for a session practiced away from the timer, in local
/// time: a day, and the time of day when it is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    /// The day.
    pub day: Day,
    /// The time of day, if given.
    pub time: Option<Time>,
    /// As it was written, for a message about it.
    pub text: String,
}

/// What a moment can be, in words.
pub const WHEN: &str = "a day and a time of day in local time, like 2026-11-30 07:30, \
                        today 7:30 or yesterday 21:00, or a day alone: today, yesterday or \
                        YYYY-MM-DD";

/// A moment: a day as [`day`] reads it, then, if given, a time of day `H:MM` (24-hour).
pub fn when(text: &str) -> Result<When, Refused> {
    let refused = || Refused::new(text, WHEN);
    let mut parts = text.split_whitespace();
    let day = day(parts.next().ok_or_else(refused)?).map_err(|_| refused())?;
    let time = match parts.next() {
        Some(time) => Some(time_of_day(time).map_err(|_| refused())?),
        None => None,
    };
    if parts.next().is_some() {
        return Err(refused());
    }
    Ok(When {
        day,
        time,
        text: text.to_owned(),
    })
}

/// The length of a session practiced away from the timer: at least a second, at most
/// [`crate::duration::MAX_MS`].
pub fn practiced_length(text: &str) -> Result<u64, Refused> {
    let most = crate::duration::format_ms(crate::duration::MAX_MS);
    crate::duration::parse_ms(text)
        .ok()
        .filter(|&ms| ms >= 1000)
        .ok_or_else(|| {
            Refused::new(
                text,
                format!("a length with its unit, like 20m or 1h 5m, from 1s up to {most}"),
            )
        })
}

/// What a time of day can be, in words.
const TIME_OF_DAY: &str = "a time of day written HH:MM, from 00:00 to 23:59, like 07:30";

/// A time of day on the 24-hour clock, `07:30` or `7:30`.
pub fn time_of_day(text: &str) -> Result<Time, Refused> {
    let refused = || Refused::new(text, TIME_OF_DAY);
    let (hours, minutes) = text.trim().split_once(':').ok_or_else(refused)?;
    let digits = |part: &str, most: i8, widths: RangeInclusive<usize>| {
        part.parse::<i8>()
            .ok()
            .filter(|n| (0..=most).contains(n))
            .filter(|_| widths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
    };
    let hours = digits(hours, 23, 1..=2).ok_or_else(refused)?;
    let minutes = digits(minutes, 59, 2..=2).ok_or_else(refused)?;
    Time::new(hours, minutes, 0, 0).map_err(|_| refused())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_volume_may_have_a_percent_sign() {
        assert_eq!(volume("50"), Ok(50));
        assert_eq!(volume("50%"), Ok(50));
        assert_eq!(volume(" 0 "), Ok(0));
        assert_eq!(volume("100%"), Ok(100));
        let loud = volume("loud").unwrap_err();
        assert_eq!(loud.value, "loud");
        assert!(loud.allowed.starts_with("a whole number from 0 to 100"));
        assert!(volume("101").is_err());
        assert!(volume("%").is_err());
        assert!(volume("-1").is_err());
    }

    #[test]
    fn a_count_with_no_end_says_where_it_starts() {
        assert_eq!(session_count("3"), Ok(3));
        let zero = session_count("0").unwrap_err();
        assert_eq!(zero.allowed, "a whole number from 1");
        assert_eq!(
            weeks("53").unwrap_err().allowed,
            "a whole number from 1 to 52"
        );
        assert_eq!(channels("2"), Ok(2));
        assert!(speech_pitch("100").is_err());
    }

    #[test]
    fn a_note_needs_words_and_no_more_than_the_limit() {
        assert_eq!(note(" Hips softer. ").as_deref(), Ok("Hips softer."));
        let empty = note(" \u{1b}[2J ").unwrap_err();
        assert_eq!(empty.allowed, "some words, at most 2000 characters");
        let long = note(&"a".repeat(2001)).unwrap_err();
        assert_eq!(long.value, "2001 characters");
        assert_eq!(
            session_number("0").unwrap_err().allowed,
            "a whole number from 1"
        );
    }

    #[test]
    fn a_moment_is_a_day_and_perhaps_a_time_of_day() {
        let at = |h, m| Some(Time::constant(h, m, 0, 0));
        let read = |text: &str| when(text).map(|w| (w.day, w.time));
        assert_eq!(
            read("2026-11-30 07:30"),
            Ok((Day::On(Date::constant(2026, 11, 30)), at(7, 30)))
        );
        assert_eq!(read(" today  7:30 "), Ok((Day::Today, at(7, 30))));
        assert_eq!(read("Yesterday 23:59"), Ok((Day::Yesterday, at(23, 59))));
        assert_eq!(read("today"), Ok((Day::Today, None)));
        for wrong in [
            "",
            "now",
            "today 24:00",
            "today 7:60",
            "today 7",
            "today 7:5",
            "today 07:30:00",
            "today 7:30 pm",
            "2026-11-31 07:30",
            "07:30",
            "today -1:30",
        ] {
            assert_eq!(when(wrong).unwrap_err().allowed, WHEN, "{wrong:?}");
        }
        assert_eq!(practiced_length("20m"), Ok(1_200_000));
        assert!(practiced_length("0s").is_err());
        assert!(practiced_length("25h").is_err());
    }

    #[test]
    fn a_day_is_today_yesterday_or_an_iso_date() {
        let today = Date::constant(2026, 3, 1);
        assert_eq!(day("today").map(|d| d.date(today)), Ok(today));
        assert_eq!(
            day("Yesterday").map(|d| d.date(today)),
            Ok(Date::constant(2026, 2, 28))
        );
        assert_eq!(day("2020-01-01"), Ok(Day::On(Date::constant(2020, 1, 1))));
        for wrong in ["2020-02-30", "tomorrow", "2020-1-1", "20200101", ""] {
            let refused = day(wrong).unwrap_err();
            assert!(refused.allowed.contains("YYYY-MM-DD"), "{wrong}");
        }
    }

    #[test]
    fn a_time_of_day_is_hours_and_minutes_on_the_24_hour_clock() {
        assert_eq!(time_of_day("07:30"), Ok(Time::constant(7, 30, 0, 0)));
        assert_eq!(time_of_day("7:30"), Ok(Time::constant(7, 30, 0, 0)));
        assert_eq!(time_of_day("23:59"), Ok(Time::constant(23, 59, 0, 0)));
        assert_eq!(time_of_day("00:00"), Ok(Time::MIN));
        for wrong in [
            "7.30", "25:00", "24:00", "07:60", "7:3", "+7:30", "07:30:00", "", "seven",
        ] {
            let refused = time_of_day(wrong).unwrap_err();
            assert_eq!(refused.value, wrong);
            assert!(refused.allowed.contains("HH:MM"), "{wrong}");
        }
    }

    #[test]
    fn the_wording_names_the_flag_the_value_and_what_it_takes() {
        assert_eq!(
            refused("--volume", "loud", "a whole number from 0 to 100"),
            "--volume takes a whole number from 0 to 100, not `loud`"
        );
    }
}
