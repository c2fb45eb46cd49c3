//! Plain display: one line per event, each with the time since the session began, laid out
//! in rows of the terminal's width (between words, as the full screen lays out a step's
//! text) with a hanging indent under the time.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use crate::duration::{clock_face, format_at_most, format_phase, format_seconds, whole_ms};
use crate::plan::Timeline;
use crate::session::sink::Sink;
use crate::session::{Event, EventKind};
use crate::sinks::display::full::wrap::wrap;
use crate::sinks::lines::LineOutput;
use crate::untrusted::Untrusted;

/// How wide the rows are when the output is not a terminal, or its width is unknown.
pub(crate) const DEFAULT_WIDTH: u16 = 80;

/// The time at the start of a row, and the spaces under it on the rows after.
const INDENT: usize = 7;

/// The most rows one event may take: a step's text from a stranger is shown only so far.
const MOST_ROWS: u16 = u16::MAX;

/// Writes a line for each event.
pub(crate) struct PlainUi {
    out: LineOutput,
    /// How wide a row may be, in cells.
    width: u16,
    /// The session's plan, as it last gave it.
    timeline: Option<Arc<Timeline>>,
    /// Whether typed lines steer the session, so that Enter says "ready".
    reads_keys: bool,
}

impl PlainUi {
    /// A plain display writing to `out`.
    #[must_use]
    pub(crate) fn new(out: Box<dyn Write>) -> Self {
        Self {
            out: LineOutput::new(out),
            width: DEFAULT_WIDTH,
            timeline: None,
            reads_keys: false,
        }
    }

    /// Lays the lines out in rows `width` cells wide.
    #[must_use]
    pub(crate) fn wrapping_at(mut self, width: u16) -> Self {
        self.width = width;
        self
    }

    /// Says that typed lines steer the session (Enter alone says "ready").
    #[must_use]
    pub(crate) fn reading_keys(mut self, reads_keys: bool) -> Self {
        self.reads_keys = reads_keys;
        self
    }

    /// The words for an event, possibly over several lines; the first gets the time. The
    /// routine's words are shown through the sanitizer, a name or a title on its own line,
    /// so that no routine can forge a line of the session.
    #[must_use]
    pub(crate) fn describe(&self, event: &Event, timeline: &Timeline) -> String {
        match &event.kind {
            EventKind::SessionStart {
                name,
                total_ms,
                steps,
                ..
            } => {
                format!(
                    "{}: {}, {steps} step{}",
                    Untrusted::words(name),
                    format_seconds(*total_ms),
                    if *steps == 1 { "" } else { "s" }
                )
            }
            EventKind::StepStart {
                segment,
                title,
                duration_ms,
            } => step_start(timeline, *segment, title, *duration_ms),
            EventKind::Breath {
                phase, duration_ms, ..
            } => {
                format!("{} {}", phase.label(), format_phase(*duration_ms))
            }
            EventKind::Bell { .. } => "bell".to_owned(),
            EventKind::Pause => "paused".to_owned(),
            EventKind::Resume => "resumed".to_owned(),
            EventKind::Jump { to_segment, .. } => {
                format!(
                    "moved to step {}: {}",
                    to_segment + 1,
                    Untrusted::words(&timeline.segments[*to_segment].title)
                )
            }
            EventKind::Extend {
                segment,
                added_ms,
                step_end_ms,
                ..
            } => format!(
                "{} more for {}, until {}",
                format_seconds(*added_ms),
                Untrusted::words(&timeline.segments[*segment].title),
                clock_face(*step_end_ms)
            ),
            EventKind::Volume { percent, muted } => super::volume_words(*percent, *muted),
            EventKind::WhereAmI { words, .. } => Untrusted::words(words).to_string(),
            EventKind::Ready {
                waited_ms,
                by_key: true,
                ..
            } => format!("ready after {}", format_seconds(*waited_ms)),
            EventKind::Ready {
                waited_ms,
                by_key: false,
                ..
            } => format!("carrying on after waiting {}", format_seconds(*waited_ms)),
            // A typed line is a key here: Enter alone says ready.
            EventKind::AwaitReady { max_ms, .. } => format!(
                "waiting until you are ready{} (it carries on by itself after {})",
                if self.reads_keys { ": press Enter" } else { "" },
                format_at_most(*max_ms)
            ),
            EventKind::Speak { .. } | EventKind::StillPaused { .. } | EventKind::EndAsked => {
                let words = event.kind.words(timeline).unwrap_or_default();
                Untrusted::words(words).to_string()
            }
            EventKind::SessionEnd {
                completed,
                practiced_ms,
            } => super::ending_words(*completed, *practiced_ms, timeline.total_ms),
        }
    }
}

/// A step's start: its number, title and length, then its instructions a paragraph a line.
fn step_start(timeline: &Timeline, segment: usize, title: &str, duration_ms: u64) -> String {
    let text = &timeline.segments[segment].text;
    let count = timeline.segments.len();
    let length = format_seconds(duration_ms);
    let title = Untrusted::words(title);
    let mut line = format!("step {} of {count}: {title} ({length})", segment + 1);
    for paragraph in text.lines().filter(|l| !l.trim().is_empty()) {
        let _ = write!(line, "\n{}", Untrusted::words(paragraph.trim()));
    }
    line
}

/// How wide the plain display's rows are: `COLUMNS` when it names a width, else the
/// terminal's, when the output is one, else [`DEFAULT_WIDTH`].
#[must_use]
pub(crate) fn width(out_is_terminal: bool) -> u16 {
    let asked = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok());
    let terminal = || {
        out_is_terminal
            .then(|| ratatui::crossterm::terminal::size().ok())
            .flatten()
            .map(|(width, _)| width)
    };
    asked
        .or_else(terminal)
        .filter(|&width| width > 0)
        .unwrap_or(DEFAULT_WIDTH)
}

impl Sink for PlainUi {
    fn timeline(&mut self, timeline: &Arc<Timeline>) {
        self.timeline = Some(Arc::clone(timeline));
    }

    fn event(&mut self, event: &Event) {
        let Some(timeline) = &self.timeline else {
            return;
        };
        let time = clock_face(whole_ms(event.since_start()));
        let words = self.describe(event, timeline);
        let room = usize::from(self.width).saturating_sub(INDENT);
        let room = u16::try_from(room).unwrap_or(u16::MAX);
        let rows = wrap(&words, room, MOST_ROWS).rows;
        let mut text = format!("{time:>5}  ");
        for (n, row) in rows.iter().enumerate() {
            if n > 0 {
                let _ = write!(text, "\n{:INDENT$}", "");
            }
            text.push_str(row);
        }
        self.out.line(text.trim_end_matches(' '));
    }

    fn ringing_out(&mut self) {
        // A typed line ends it: Enter alone will do.
        let words = super::ringing_out_words(self.reads_keys.then_some("Enter"));
        self.out.aside(&format!("{:INDENT$}{words}", ""));
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.finish()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::plan::{PlanOptions, plan};
    use crate::routine::parse;

    /// Enter is named as the key for "ready" only where typed lines are read.
    #[test]
    fn a_wait_names_enter_only_where_it_is_read() {
        let text = "version = 1\nname = \"R\"\n[[steps]]\ntitle = \"Begin\"\n\
            duration = \"until ready\"\n[[steps]]\ntitle = \"Rest\"\nduration = \"1m\"\n";
        let timeline = plan(&parse("r.toml", "r", text).unwrap(), PlanOptions::default()).unwrap();
        let event = Event {
            kind: EventKind::AwaitReady {
                segment: 0,
                max_ms: 300_000,
            },
            planned_ms: 0,
            due: Duration::ZERO,
            actual: Duration::ZERO,
            started: Duration::ZERO,
        };
        let plain = PlainUi::new(Box::new(io::sink()));
        assert_eq!(
            plain.describe(&event, &timeline),
            "waiting until you are ready (it carries on by itself after 5m)"
        );
        let typed = PlainUi::new(Box::new(io::sink())).reading_keys(true);
        assert!(typed.describe(&event, &timeline).contains(": press Enter"));
    }
}
