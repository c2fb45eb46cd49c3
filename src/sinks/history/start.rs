//! A session's start: an instant together with the UTC offset of the place it was
//! practiced, written as RFC 3339 (`2026-11-30T07:15:02+01:00`) so any tool can read it.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, DateTime};
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::Offset;
use jiff::{Timestamp, ZonedDateTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::untrusted::Untrusted;

/// When a session began, and the offset from UTC where it began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartTime {
    /// The instant.
    pub timestamp: Timestamp,
    /// The local offset from UTC at that instant and place.
    pub offset: Offset,
}

impl StartTime {
    /// The start of a session from a reading of the clock, to the whole second.
    #[must_use]
    pub fn from_zoned(zoned: &ZonedDateTime) -> Self {
        let exact = zoned.timestamp();
        Self {
            timestamp: Timestamp::from_second(exact.as_second()).unwrap_or(exact),
            offset: zoned.offset(),
        }
    }

    /// The local date and time where the session was practiced.
    #[must_use]
    pub fn local(&self) -> DateTime {
        self.offset.to_datetime(self.timestamp)
    }

    /// The day the session counts for: its local date where it was practiced. A session at
    /// 07:00 in Tokyo counts for that Tokyo morning, even when read later in Lisbon.
    #[must_use]
    pub fn day(&self) -> Date {
        self.local().date()
    }
}

impl fmt::Display for StartTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.timestamp.display_with_offset(self.offset))
    }
}

/// Why a start time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StartTimeError {
    /// The text is not an RFC 3339 date and time.
    #[error("`{}` is not a date and time like 2026-11-30T07:15:02+01:00 ({reason})", Untrusted::value(.text))]
    Unreadable { text: String, reason: String },
    /// The text has no offset from UTC.
    #[error("`{}` has no offset from UTC, like +01:00 or Z", Untrusted::value(.text))]
    NoOffset { text: String },
}

impl FromStr for StartTime {
    type Err = StartTimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some(start) = parse_as_written(text) {
            return Ok(start);
        }
        let unreadable = |error: jiff::Error| StartTimeError::Unreadable {
            text: text.to_owned(),
            reason: error.to_string(),
        };
        let pieces = Pieces::parse(text).map_err(unreadable)?;
        let offset = match pieces.offset() {
            Some(PiecesOffset::Zulu) => Offset::UTC,
            Some(PiecesOffset::Numeric(numeric)) => numeric.offset(),
            _ => {
                return Err(StartTimeError::NoOffset {
                    text: text.to_owned(),
                });
            }
        };
        let time = pieces.time().ok_or_else(|| StartTimeError::NoOffset {
            text: text.to_owned(),
        })?;
        let timestamp = offset
            .to_timestamp(pieces.date().to_datetime(time))
            .map_err(unreadable)?;
        Ok(Self { timestamp, offset })
    }
}

/// Reads the one form the timer writes, `2026-11-30T07:15:02+01:00`, without the general
/// parser: `stats` reads every line of a history that may hold a hundred thousand. Anything
/// else (`Z`, fractions of a second, a hand edit) is left to the general parser.
fn parse_as_written(text: &str) -> Option<StartTime> {
    let b = text.as_bytes();
    let separators = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (22, b':'),
    ];
    if b.len() != 25 || separators.iter().any(|&(at, c)| b[at] != c) {
        return None;
    }
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0i16, |sum, &c| {
            c.is_ascii_digit().then(|| sum * 10 + i16::from(c - b'0'))
        })
    };
    let two = |from: usize| number(from, from + 2).and_then(|n| i8::try_from(n).ok());
    let sign = match b[19] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let datetime = DateTime::new(
        number(0, 4)?,
        two(5)?,
        two(8)?,
        two(11)?,
        two(14)?,
        two(17)?,
        0,
    )
    .ok()?;
    let seconds = sign * (i32::from(two(20)?) * 3600 + i32::from(two(23)?) * 60);
    let offset = Offset::from_seconds(seconds).ok()?;
    let timestamp = offset.to_timestamp(datetime).ok()?;
    Some(StartTime { timestamp, offset })
}

impl Serialize for StartTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StartTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StartTimeVisitor)
    }
}

/// Reads a start time from the string in place, without copying it first.
struct StartTimeVisitor;

impl serde::de::Visitor<'_> for StartTimeVisitor {
    type Value = StartTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date and time with an offset, like 2026-11-30T07:15:02+01:00")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<StartTime, E> {
        text.parse().map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_local_offset() {
        let start: StartTime = "2026-11-30T23:30:00-05:00".parse().unwrap();
        assert_eq!(start.to_string(), "2026-11-30T23:30:00-05:00");
        assert_eq!(start.timestamp.to_string(), "2026-12-01T04:30:00Z");
        assert_eq!(start.day(), jiff::civil::date(2026, 11, 30));
    }

    #[test]
    fn reads_utc_written_as_z() {
        let start: StartTime = "2026-11-30T07:00:00Z".parse().unwrap();
        assert_eq!(start.to_string(), "2026-11-30T07:00:00+00:00");
    }

    #[test]
    fn refuses_times_without_an_offset() {
        assert!(matches!(
            "2026-11-30T07:00:00".parse::<StartTime>(),
            Err(StartTimeError::NoOffset { .. })
        ));
        assert!(matches!(
            "yesterday".parse::<StartTime>(),
            Err(StartTimeError::Unreadable { .. })
        ));
    }

    #[test]
    fn the_quick_reading_agrees_with_the_general_one() {
        for text in [
            "2026-11-30T07:15:02+01:00",
            "2026-03-29T02:30:00+05:45",
            "1999-12-31T23:59:59-09:30",
            "2026-02-30T07:15:02+01:00",
            "2026-11-30T25:15:02+01:00",
            "2026-11-30 07:15:02+01:00",
        ] {
            let general = Pieces::parse(text).ok().and_then(|pieces| {
                let Some(PiecesOffset::Numeric(numeric)) = pieces.offset() else {
                    return None;
                };
                let datetime = pieces.date().to_datetime(pieces.time()?);
                let offset = numeric.offset();
                let timestamp = offset.to_timestamp(datetime).ok()?;
                Some(StartTime { timestamp, offset })
            });
            let quick = parse_as_written(text);
            if quick.is_some() {
                assert_eq!(quick, general, "{text}");
            } else {
                assert!(text.contains(' ') || general.is_none(), "{text}");
            }
        }
    }
}
