//! Durations as people write them (`90s`, `10m`, `1h 5m`) and as the timer keeps them:
//! whole milliseconds in a `u64`.

use std::time::Duration;

/// The longest session, step or hold any routine may ask for.
pub const MAX_MS: u64 = 24 * 60 * 60 * 1000;

/// Why a piece of text is not a usable duration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// The text is not a duration at all.
    #[error(
        "`{text}` is not a duration; write an amount with a unit, like \"90s\", \"10m\" or \"1h 5m\""
    )]
    Unreadable { text: String },
    /// The text is a negative amount.
    #[error("`{text}` is negative; durations are positive amounts, like \"90s\"")]
    Negative { text: String },
    /// The text is zero.
    #[error("a duration of zero is not allowed here")]
    Zero,
    /// The text is finer than the timer's resolution.
    #[error("`{text}` is finer than a millisecond")]
    TooFine { text: String },
    /// The text is longer than a day.
    #[error("`{text}` is longer than 24 hours")]
    TooLong { text: String },
}

/// Parses a positive duration and returns it in whole milliseconds.
pub fn parse_ms(text: &str) -> Result<u64, DurationError> {
    let ms = parse_ms_allow_zero(text)?;
    if ms == 0 {
        return Err(DurationError::Zero);
    }
    Ok(ms)
}

/// Parses a duration that may be zero (a breath hold that is skipped).
pub fn parse_ms_allow_zero(text: &str) -> Result<u64, DurationError> {
    let trimmed = text.trim();
    if trimmed.starts_with('-') {
        return Err(DurationError::Negative {
            text: text.to_owned(),
        });
    }
    if trimmed.chars().all(|c| c == '0' || c == '.') && !trimmed.is_empty() {
        return Ok(0);
    }
    let duration = humantime::parse_duration(trimmed).map_err(|_| DurationError::Unreadable {
        text: text.to_owned(),
    })?;
    if duration.subsec_nanos() % 1_000_000 != 0 {
        return Err(DurationError::TooFine {
            text: text.to_owned(),
        });
    }
    let ms = u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
    if ms > MAX_MS {
        return Err(DurationError::TooLong {
            text: text.to_owned(),
        });
    }
    Ok(ms)
}

/// Formats milliseconds the way the timer speaks of them: `7m 12s`, `1h 5m`, `90ms`.
#[must_use]
pub fn format_ms(ms: u64) -> String {
    if ms == 0 {
        return "0s".to_owned();
    }
    let (h, m, s, rest) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h}h"));
    }
    if m > 0 {
        parts.push(format!("{m}m"));
    }
    if s > 0 {
        parts.push(format!("{s}s"));
    }
    if rest > 0 {
        parts.push(format!("{rest}ms"));
    }
    parts.join(" ")
}

/// Formats a length for people reading a plan, to the nearest second: `6m 58s`. A length
/// under a second is given exactly (`250ms`), since no whole second says it.
#[must_use]
pub fn format_seconds(ms: u64) -> String {
    if ms < 1000 {
        return format_ms(ms);
    }
    format_ms(nearest_second(ms))
}

/// Formats a least length ("needs at least ..."), rounded up to the second, so that the
/// length it names is always enough.
#[must_use]
pub fn format_at_least(ms: u64) -> String {
    format_ms(ms.div_ceil(1000).saturating_mul(1000))
}

/// Formats a most length ("lasts at most ..."), rounded down to the second, so that the
/// length it names is never too much; a length under a second is given exactly.
#[must_use]
pub fn format_at_most(ms: u64) -> String {
    if ms < 1000 {
        return format_ms(ms);
    }
    format_ms(ms / 1000 * 1000)
}

/// Formats a breath phase to the tenth of a second: `6s`, `6.2s`. A phase that changes
/// across a step moves by fractions of a second from breath to breath, which whole seconds
/// would hide (a lengthening exhale would read 6s, 6s, 7s, 7s, 7s ...).
#[must_use]
pub fn format_phase(ms: u64) -> String {
    let tenths = (ms + 50) / 100;
    if tenths.is_multiple_of(10) {
        format_ms(tenths * 100)
    } else if tenths < 600 {
        format!("{}.{}s", tenths / 10, tenths % 10)
    } else {
        // A phase of a minute or more: minutes, then seconds to the tenth.
        let (m, s) = (tenths / 600, tenths % 600);
        format!("{m}m {}.{}s", s / 10, s % 10)
    }
}

/// Milliseconds rounded to the nearest whole second (a half second rounds up).
#[must_use]
pub fn nearest_second(ms: u64) -> u64 {
    ms.saturating_add(500) / 1000 * 1000
}

/// A row of a table of whole seconds, from `start_ms` to `end_ms`: its start as a clock face
/// and its length, both from the ends rounded to the nearest second, so that the lengths of
/// a table's rows add up to its total even where a step ends between two seconds.
#[must_use]
pub fn table_row(start_ms: u64, end_ms: u64) -> (String, String) {
    let (start, end) = (nearest_second(start_ms), nearest_second(end_ms));
    let length = if end > start {
        format_ms(end - start)
    } else {
        format_seconds(end_ms - start_ms)
    };
    (clock_face(start), length)
}

/// Formats an offset as a clock face, `mm:ss` or `h:mm:ss`, rounding down to the second.
#[must_use]
pub fn clock_face(ms: u64) -> String {
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Converts a clock reading to whole milliseconds, rounding down.
#[must_use]
pub fn whole_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_teachers_write() {
        assert_eq!(parse_ms("90s"), Ok(90_000));
        assert_eq!(parse_ms("10m"), Ok(600_000));
        assert_eq!(parse_ms("1h 5m"), Ok(3_900_000));
        assert_eq!(parse_ms("250ms"), Ok(250));
        assert_eq!(parse_ms_allow_zero("0s"), Ok(0));
        assert_eq!(parse_ms_allow_zero("0"), Ok(0));
    }

    #[test]
    fn refuses_what_cannot_be_timed() {
        assert_eq!(parse_ms("0s"), Err(DurationError::Zero));
        assert!(matches!(
            parse_ms("-5s"),
            Err(DurationError::Negative { .. })
        ));
        assert!(matches!(
            parse_ms("ten minutes"),
            Err(DurationError::Unreadable { .. })
        ));
        assert!(matches!(
            parse_ms("25h"),
            Err(DurationError::TooLong { .. })
        ));
        assert!(matches!(
            parse_ms("5us"),
            Err(DurationError::TooFine { .. })
        ));
    }

    #[test]
    fn formats_for_people() {
        assert_eq!(format_ms(432_000), "7m 12s");
        assert_eq!(format_ms(600_000), "10m");
        assert_eq!(format_ms(3_900_000), "1h 5m");
        assert_eq!(format_ms(1_250), "1s 250ms");
        assert_eq!(format_seconds(417_982), "6m 58s");
        assert_eq!(format_seconds(250), "250ms");
        assert_eq!(format_seconds(131_995), "2m 12s");
        assert_eq!(clock_face(432_999), "07:12");
        assert_eq!(clock_face(3_900_000), "1:05:00");
    }

    #[test]
    fn bounds_round_the_safe_way() {
        // "At least 18m 15s" is enough where "at least 18m 14s" would not be.
        assert_eq!(format_at_least(1_094_996), "18m 15s");
        assert_eq!(format_at_least(1_094_000), "18m 14s");
        assert_eq!(format_at_least(1), "1s");
        assert_eq!(format_at_most(1_094_996), "18m 14s");
        assert_eq!(format_at_most(1_094_000), "18m 14s");
        assert_eq!(format_at_most(400), "400ms");
    }

    #[test]
    fn breath_phases_are_shown_to_the_tenth() {
        assert_eq!(format_phase(6_000), "6s");
        assert_eq!(format_phase(6_181), "6.2s");
        assert_eq!(format_phase(6_960), "7s");
        assert_eq!(format_phase(450), "0.5s");
        assert_eq!(format_phase(75_300), "1m 15.3s");
    }

    #[test]
    fn table_rows_add_up_to_their_total() {
        // 52 s, then 2m 11.995 s, then 35.005 s: 3m 39s in all.
        let ends = [0, 52_000, 183_995, 219_000];
        let rows: Vec<(String, String)> = ends.windows(2).map(|w| table_row(w[0], w[1])).collect();
        assert_eq!(
            rows,
            [
                ("00:00".to_owned(), "52s".to_owned()),
                ("00:52".to_owned(), "2m 12s".to_owned()),
                ("03:04".to_owned(), "35s".to_owned()),
            ]
        );
        assert_eq!(table_row(10_000, 10_300).1, "300ms");
    }
}
