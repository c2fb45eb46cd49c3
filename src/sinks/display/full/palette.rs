//! Calm colors: soft blues and greens on the terminal's own background, nothing red, nothing
//! bright. With `NO_COLOR` set, only bold and dim remain.

use ratatui::style::{Color, Modifier, Style};

/// The styles the display draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Palette {
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
    /// Colors, unless the environment asks for none (`NO_COLOR`, any non-empty value); soft
    /// 256-color tones where the terminal says it has them, else the basic sixteen.
    #[must_use]
    pub(crate) fn from_env() -> Self {
        let var = |name| std::env::var(name).ok().filter(|v| !v.is_empty());
        Self::choose(
            var("NO_COLOR").is_some(),
            var("TERM").as_deref(),
            var("COLORTERM").is_some(),
        )
    }

    /// The palette for a terminal named `term`, from what the environment says.
    #[must_use]
    pub(crate) fn choose(no_color: bool, term: Option<&str>, colorterm: bool) -> Self {
        let many_colors =
            colorterm || term.is_some_and(|t| t.contains("256") || t.contains("direct"));
        match (no_color, many_colors) {
            (true, _) => Self::monochrome(),
            (false, true) => Self::calm(),
            (false, false) => Self::basic(),
        }
    }

    /// The calm tones in the sixteen colors every terminal has.
    #[must_use]
    pub(crate) fn basic() -> Self {
        Self {
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            digits: Style::new().fg(Color::Cyan),
            breath: Style::new().fg(Color::Blue),
            progress: Style::new().fg(Color::Green),
            quiet: Style::new().add_modifier(Modifier::DIM),
            notice: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        }
    }

    /// Soft 256-color tones.
    #[must_use]
    pub(crate) fn calm() -> Self {
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
    pub(crate) fn monochrome() -> Self {
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

#[cfg(test)]
mod tests {
    use super::Palette;

    #[test]
    fn follows_what_the_terminal_says() {
        assert_eq!(
            Palette::choose(true, Some("xterm-256color"), true),
            Palette::monochrome()
        );
        assert_eq!(
            Palette::choose(false, Some("xterm-256color"), false),
            Palette::calm()
        );
        assert_eq!(Palette::choose(false, Some("xterm"), true), Palette::calm());
        assert_eq!(
            Palette::choose(false, Some("linux"), false),
            Palette::basic()
        );
        assert_eq!(Palette::choose(false, None, false), Palette::basic());
    }
}
