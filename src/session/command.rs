//! What a practitioner (or a test, or a signal) can ask of a running session.

/// A request to a running session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Stop the time; nothing happens until resumed.
    Pause,
    /// Carry on from where the session was paused.
    Resume,
    /// Pause when running, resume when paused.
    TogglePause,
    /// Go on to the start of the next step.
    Next,
    /// Start the current step again; close to its start, go back to the previous step.
    Back,
    /// Make the current step longer by `ms` ("one more minute"); everything after it moves.
    Extend { ms: u64 },
    /// End the session now.
    Quit(QuitReason),
    /// A little louder.
    VolumeUp,
    /// A little softer.
    VolumeDown,
    /// Silence the sound, or bring it back.
    ToggleMute,
    /// Say and show where the session is ("minute 12 of 20, Rest").
    WhereAmI,
    /// A first press of quit: the session is asked, by eye and by ear, whether to end.
    AskToEnd,
    /// A key that asks nothing else: it says "ready" to a step that waits.
    AnyKey,
}

/// Why a session was ended early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuitReason {
    /// The practitioner asked to stop.
    User,
    /// The process received a signal (its number): Ctrl-C, SIGTERM, SIGHUP.
    Signal(i32),
}
