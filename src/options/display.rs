//! How a session is shown: asked for with `--ui`, else chosen in the settings, else the
//! terminal decides (full screen where it can be, plain lines elsewhere).

use std::io::IsTerminal;

use super::{Chosen, Origin};
use crate::cli::{ClockKind, DisplayArgs};
use crate::error::AppError;
use crate::options::settings_file::DisplayMode;
use crate::sinks::display::UiMode;

/// What the display choice depends on, read once from the process's surroundings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surroundings {
    /// Standard output is a terminal.
    pub stdout_is_terminal: bool,
    /// Standard input is a terminal (keys can be typed in the plain display).
    pub stdin_is_terminal: bool,
    /// The terminal's type, from `TERM`.
    pub term: Option<String>,
}

impl Surroundings {
    /// The surroundings of this process.
    #[must_use]
    pub fn detect() -> Self {
        Self {
            stdout_is_terminal: std::io::stdout().is_terminal(),
            stdin_is_terminal: std::io::stdin().is_terminal(),
            term: std::env::var("TERM").ok(),
        }
    }

    /// Why the full screen cannot be drawn here at all, if it cannot.
    fn cannot_draw(&self, args: &DisplayArgs) -> Option<&'static str> {
        if events_to_stdout(args.events.as_deref()) {
            Some("the events are going to standard output")
        } else if !self.stdout_is_terminal {
            Some("standard output is not a terminal")
        } else {
            None
        }
    }

    /// Why the full screen is not chosen by itself here, if it is not.
    fn full_screen_refused(&self, args: &DisplayArgs) -> Option<&'static str> {
        if let Some(why) = self.cannot_draw(args) {
            Some(why)
        } else if args.clock == ClockKind::Virtual {
            Some("the session runs on the virtual clock")
        } else if self
            .term
            .as_deref()
            .is_none_or(|t| t.is_empty() || t == "dumb")
        {
            Some("the terminal cannot show it (TERM is unset or dumb)")
        } else {
            None
        }
    }
}

/// True when the event log goes to standard output (`--events -`), which the display then
/// leaves alone.
#[must_use]
pub fn events_to_stdout(events: Option<&std::path::Path>) -> bool {
    events == Some(std::path::Path::new("-"))
}

/// The display: `--ui`, else the settings' `display`, else full screen where it can be.
/// Only `--ui full` itself insists on the full screen, and is refused where it cannot be.
pub(super) fn choose(
    args: &DisplayArgs,
    setting: Option<DisplayMode>,
    here: &Surroundings,
) -> Result<Chosen<UiMode>, AppError> {
    let refused = here.full_screen_refused(args);
    match (args.ui, setting) {
        (Some(UiMode::Full), _) => match here.cannot_draw(args) {
            Some(why) => Err(AppError::Terminal {
                source: std::io::Error::other(why),
            }),
            None => Ok(Chosen::new(UiMode::Full, Origin::Flag("--ui"))),
        },
        (Some(mode), _) => Ok(Chosen::new(mode, Origin::Flag("--ui"))),
        (None, Some(DisplayMode::Plain)) => Ok(Chosen::new(UiMode::Plain, Origin::SettingsFile)),
        (None, Some(DisplayMode::Quiet)) => Ok(Chosen::new(UiMode::Quiet, Origin::SettingsFile)),
        // "full" in the settings means "full where it can be", as with no setting at all.
        (None, Some(DisplayMode::Full)) => Ok(match refused {
            None => Chosen::new(UiMode::Full, Origin::SettingsFile),
            Some(why) => Chosen::new(UiMode::Plain, Origin::Detected(why)),
        }),
        (None, None) => Ok(match refused {
            None => Chosen::new(
                UiMode::Full,
                Origin::Detected("standard output is a terminal"),
            ),
            Some(why) => Chosen::new(UiMode::Plain, Origin::Detected(why)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terminal(term: &str) -> Surroundings {
        Surroundings {
            stdout_is_terminal: true,
            stdin_is_terminal: true,
            term: Some(term.to_owned()),
        }
    }

    fn chosen(ui: Option<UiMode>, setting: Option<DisplayMode>, here: &Surroundings) -> UiMode {
        let args = DisplayArgs {
            ui,
            ..DisplayArgs::default()
        };
        choose(&args, setting, here).unwrap().value
    }

    #[test]
    fn full_screen_only_on_a_capable_terminal_unless_asked() {
        let piped = Surroundings {
            stdout_is_terminal: false,
            ..terminal("xterm")
        };
        assert_eq!(
            chosen(None, None, &terminal("xterm-256color")),
            UiMode::Full
        );
        assert_eq!(chosen(None, None, &terminal("dumb")), UiMode::Plain);
        assert_eq!(chosen(None, None, &piped), UiMode::Plain);
        assert_eq!(chosen(None, Some(DisplayMode::Full), &piped), UiMode::Plain);
        assert_eq!(
            chosen(None, Some(DisplayMode::Quiet), &terminal("xterm")),
            UiMode::Quiet
        );
        assert_eq!(
            chosen(Some(UiMode::Quiet), None, &terminal("xterm")),
            UiMode::Quiet
        );
        assert_eq!(
            chosen(Some(UiMode::Full), None, &terminal("dumb")),
            UiMode::Full
        );
        let args = DisplayArgs {
            ui: Some(UiMode::Full),
            ..DisplayArgs::default()
        };
        assert!(choose(&args, None, &piped).is_err());
    }

    #[test]
    fn a_virtual_session_or_events_on_standard_output_are_shown_plain() {
        let here = terminal("xterm");
        let virtual_clock = DisplayArgs {
            clock: ClockKind::Virtual,
            ..DisplayArgs::default()
        };
        let choice = choose(&virtual_clock, None, &here).unwrap();
        assert_eq!(choice.value, UiMode::Plain);
        assert_eq!(
            choice.origin,
            Origin::Detected("the session runs on the virtual clock")
        );
        let events = DisplayArgs {
            events: Some("-".into()),
            ..DisplayArgs::default()
        };
        assert_eq!(choose(&events, None, &here).unwrap().value, UiMode::Plain);
    }
}
