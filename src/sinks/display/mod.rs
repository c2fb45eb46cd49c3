//! Showing a session to the practitioner.

pub mod full;
pub mod keys;
pub mod line_input;
pub(crate) mod plain;

/// How a session is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum UiMode {
    /// The whole terminal: large time left, breath bar, keys to pause, skip and extend.
    Full,
    /// One line per event, with the elapsed time: for logs, screen readers and dumb terminals.
    Plain,
    /// Nothing but errors.
    Quiet,
}

/// The loudness in words, as both displays show it: `volume 60%`, or `sound muted`.
#[must_use]
pub fn volume_words(percent: u8, muted: bool) -> String {
    if muted {
        "sound muted".to_owned()
    } else {
        format!("volume {percent}%")
    }
}

/// What is shown while the last bowl rings out after a session, with the key that ends it
/// (`None`: no one is there to press one).
#[must_use]
pub fn ringing_out_words(key: Option<&str>) -> String {
    let words = "The bowl is ringing out.";
    key.map_or_else(|| words.to_owned(), |key| format!("{words} {key} ends it."))
}

/// How a session ended, in words: `session complete, practiced 10m of 10m`, `session
/// stopped, practiced 7m 12s of 10m`, or, for one that reached its end by skipping most of
/// it, `session ended, practiced 3s of 7m`: as the history will record it.
#[must_use]
pub fn ending_words(reached_end: bool, practiced_ms: u64, total_ms: u64) -> String {
    let enough = crate::sinks::history::tracker::enough_practiced(practiced_ms, total_ms);
    let how = match (reached_end, enough) {
        (true, true) => "complete",
        (true, false) => "ended",
        (false, _) => "stopped",
    };
    format!(
        "session {how}, {}",
        practiced_summary(practiced_ms, total_ms)
    )
}

/// A summary of a session's end in words: `practiced 7m 12s of 10m`.
#[must_use]
pub fn practiced_summary(practiced_ms: u64, total_ms: u64) -> String {
    use crate::duration::{format_ms, format_seconds};
    format!(
        "practiced {} of {}",
        format_ms(practiced_ms / 1000 * 1000),
        format_seconds(total_ms)
    )
}
