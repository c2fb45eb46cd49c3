//! Showing a session to the practitioner.

pub mod full;
pub mod line_input;
pub mod plain;

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

/// The display to use: the one asked for, else full screen when standard output is a
/// terminal that can show it (`TERM` is set and not `dumb`), else plain lines.
#[must_use]
pub fn choose(requested: Option<UiMode>, stdout_is_terminal: bool, term: Option<&str>) -> UiMode {
    let capable = stdout_is_terminal && term.is_some_and(|term| !term.is_empty() && term != "dumb");
    requested.unwrap_or(if capable { UiMode::Full } else { UiMode::Plain })
}

/// A summary of a session's end in words: `practiced 7m 12s of 10m`.
#[must_use]
pub fn practiced_summary(practiced_ms: u64, total_ms: u64) -> String {
    use crate::duration::format_ms;
    format!(
        "practiced {} of {}",
        format_ms(practiced_ms / 1000 * 1000),
        format_ms(total_ms)
    )
}

#[cfg(test)]
mod tests {
    use super::{UiMode, choose};

    #[test]
    fn full_screen_only_on_a_capable_terminal_unless_asked() {
        assert_eq!(choose(None, true, Some("xterm-256color")), UiMode::Full);
        assert_eq!(choose(None, true, Some("dumb")), UiMode::Plain);
        assert_eq!(choose(None, true, None), UiMode::Plain);
        assert_eq!(choose(None, false, Some("xterm")), UiMode::Plain);
        assert_eq!(
            choose(Some(UiMode::Quiet), true, Some("xterm")),
            UiMode::Quiet
        );
        assert_eq!(choose(Some(UiMode::Full), false, None), UiMode::Full);
    }
}
