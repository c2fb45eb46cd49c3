//! Calm colors: soft blues and greens on the terminal's own background, nothing red, nothing
//! bright. With `NO_COLOR` set, only bold and dim remain.

use ratatui::style::{Color, Modifier, Style};

/// The styles the display draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// The step's title.
    pub title: Style,
    /// The large time left.
    pub digits: Style,
    /// The breath bar and phase.
    pub breath: Style,
    /// The filled part of the progress line.
    pub progress: Style,
    /// Quiet text: hints, the unfilled progress line, what comes next.
    pub quiet: Style,
    /// The word "paused" and the boxes over the screen.
    pub notice: Style,
}

impl Palette {
    /// Colors, unless the environment asks for none (`NO_COLOR`, any non-empty value).
    #[must_use]
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if no_color {
            Self::monochrome()
        } else {
            Self::calm()
        }
    }

    /// Soft 256-color tones.
    #[must_use]
    pub fn calm() -> Self {
        Self {
            title: Style::new()
                .fg(Color::Indexed(152))
                .add_modifier(Modifier::BOLD),
            digits: Style::new().fg(Color::Indexed(153)),
            breath: Style::new().fg(Color::Indexed(109)),
            progress: Style::new().fg(Color::Indexed(108)),
            quiet: Style::new().fg(Color::Indexed(246)),
            notice: Style::new()
                .fg(Color::Indexed(223))
                .add_modifier(Modifier::BOLD),
        }
    }

    /// No color at all.
    #[must_use]
    pub fn monochrome() -> Self {
        Self {
            title: Style::new().add_modifier(Modifier::BOLD),
            digits: Style::new(),
            breath: Style::new(),
            progress: Style::new(),
            quiet: Style::new().add_modifier(Modifier::DIM),
            notice: Style::new().add_modifier(Modifier::BOLD),
        }
    }
}
