//! What one frame of the full-screen display shows, as plain data. Two equal screens look
//! the same, so the display draws only when the screen it would draw has changed.

use std::sync::Arc;

use crate::plan::BreathPhase;

/// Everything visible in one frame. The routine's words are shared, not copied, so making
/// and comparing a screen costs the same however long they are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Screen {
    /// The routine's name.
    pub routine: Arc<str>,
    /// The step under way, once the session has begun.
    pub step: Option<StepScreen>,
    /// Whole seconds of the session behind.
    pub elapsed_s: u64,
    /// The session's length in whole seconds.
    pub total_s: u64,
    /// The breath phase under way, in a breath-paced step.
    pub breath: Option<BreathScreen>,
    /// The step that comes next: its title and length.
    pub next: Option<(Arc<str>, u64)>,
    /// True while the session is paused.
    pub paused: bool,
    /// The step waiting for the practitioner to be ready, shown in place of the time left.
    pub waiting: Option<WaitScreen>,
    /// A short notice for the status line: what was just said, the volume.
    pub notice: Option<Arc<str>>,
    /// What does not work (the sound, the voice), shown for the whole session.
    pub problems: Vec<String>,
    /// A box drawn over everything else.
    pub overlay: Overlay,
    /// How the session ended, once it has.
    pub ended: Option<Ending>,
    /// True while the last bowl rings out after the session.
    pub ringing_out: bool,
}

/// The step under way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StepScreen {
    /// Its number, counting from 1.
    pub number: usize,
    /// How many steps there are.
    pub count: usize,
    /// Its title.
    pub title: Arc<str>,
    /// Its instructions.
    pub text: Arc<str>,
    /// The seconds left in it, rounded up, so the count reaches 1 and then the step ends.
    pub left_s: u64,
}

/// A step waiting for any key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WaitScreen {
    /// What was said: "When you are ready, press any key."
    pub words: String,
    /// The seconds, rounded up, before the session carries on by itself.
    pub left_s: u64,
}

/// A breath phase under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BreathScreen {
    /// Which phase.
    pub phase: BreathPhase,
    /// The seconds left in it, rounded up.
    pub left_s: u64,
    /// How full the breath bar is, in cells on each side of its middle.
    pub fill: u16,
    /// How many cells each side of the bar holds.
    pub reach: u16,
}

/// A box over the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Overlay {
    /// Nothing over the screen.
    #[default]
    None,
    /// The keys and what they do.
    Help,
    /// Quit was pressed once; a second press ends the session.
    ConfirmQuit,
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ending {
    /// True when it ran to its end.
    pub completed: bool,
    /// Time practiced, pauses left out.
    pub practiced_ms: u64,
    /// The planned length.
    pub total_ms: u64,
}

impl Ending {
    /// How it ended, in words: `session complete, practiced 10m of 10m`.
    #[must_use]
    pub(crate) fn words(&self) -> String {
        crate::sinks::display::ending_words(self.completed, self.practiced_ms, self.total_ms)
    }
}
