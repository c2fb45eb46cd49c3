//! The only place that reads the time. A session waits on a [`Clock`] for its next deadline
//! or for a command, whichever comes first.
//!
//! [`RealClock`] follows the monotonic clock; [`VirtualClock`] jumps straight to each
//! deadline, so a whole session runs instantly with the same events, and tests can script
//! commands at exact moments.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use crate::session::Command;

/// Where commands for a running session arrive (keys, signals, tests).
pub type Inbox = Receiver<Command>;

/// A source of time that a session can wait on.
pub trait Clock {
    /// The time since the clock started.
    fn now(&self) -> Duration;

    /// Waits until `deadline` (forever when `None`) or until a command arrives, and returns
    /// the command, or `None` when the deadline came first.
    fn wait_until(&mut self, deadline: Option<Duration>, inbox: &Inbox) -> Option<Command>;
}

/// The monotonic clock of the machine; a copy reads the same time (the sound player
/// follows the session's clock this way).
#[derive(Debug, Clone, Copy)]
pub struct RealClock {
    start: Instant,
}

impl RealClock {
    /// A clock that starts now.
    #[must_use]
    pub fn start() -> Self {
        Self {
            start: Instant::now(),
        }
    }
}

impl Clock for RealClock {
    fn now(&self) -> Duration {
        self.start.elapsed()
    }

    fn wait_until(&mut self, deadline: Option<Duration>, inbox: &Inbox) -> Option<Command> {
        let Some(deadline) = deadline else {
            // Nothing is due: only a command can move the session on. With no one left to
            // send one, the session can only end.
            return Some(inbox.recv().unwrap_or(Command::Quit(QUIT_WHEN_ALONE)));
        };
        loop {
            let left = deadline.saturating_sub(self.now());
            if left.is_zero() {
                return None;
            }
            match inbox.recv_timeout(left) {
                Ok(command) => return Some(command),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => std::thread::sleep(left),
            }
        }
    }
}

const QUIT_WHEN_ALONE: crate::session::QuitReason = crate::session::QuitReason::User;

/// A clock that never waits: each wait jumps to the deadline, or to the next scripted
/// command if that comes sooner.
#[derive(Debug, Default)]
pub struct VirtualClock {
    now: Duration,
    script: VecDeque<(Duration, Command)>,
}

impl VirtualClock {
    /// A virtual clock at zero with no scripted commands.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A virtual clock that delivers each command at its moment, as if a person pressed a key
    /// exactly then. The moments must be in order.
    #[must_use]
    pub fn with_script(script: impl IntoIterator<Item = (Duration, Command)>) -> Self {
        Self {
            now: Duration::ZERO,
            script: script.into_iter().collect(),
        }
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> Duration {
        self.now
    }

    fn wait_until(&mut self, deadline: Option<Duration>, inbox: &Inbox) -> Option<Command> {
        match inbox.try_recv() {
            Ok(command) => return Some(command),
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => {}
        }
        let scripted_first = self
            .script
            .front()
            .is_some_and(|&(at, _)| deadline.is_none_or(|d| at <= d));
        if scripted_first {
            let (at, command) = self.script.pop_front()?;
            self.now = self.now.max(at);
            return Some(command);
        }
        match deadline {
            Some(deadline) => {
                self.now = self.now.max(deadline);
                None
            }
            None => Some(inbox.recv().unwrap_or(Command::Quit(QUIT_WHEN_ALONE))),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;

    use super::*;

    #[test]
    fn virtual_clock_jumps_to_deadlines() {
        let (_tx, inbox) = channel();
        let mut clock = VirtualClock::new();
        assert_eq!(
            clock.wait_until(Some(Duration::from_secs(90)), &inbox),
            None
        );
        assert_eq!(clock.now(), Duration::from_secs(90));
        // A deadline in the past does not move time backwards.
        assert_eq!(
            clock.wait_until(Some(Duration::from_secs(10)), &inbox),
            None
        );
        assert_eq!(clock.now(), Duration::from_secs(90));
    }

    #[test]
    fn virtual_clock_delivers_scripted_commands_at_their_moment() {
        let (_tx, inbox) = channel();
        let mut clock = VirtualClock::with_script([(Duration::from_secs(5), Command::Pause)]);
        assert_eq!(
            clock.wait_until(Some(Duration::from_secs(10)), &inbox),
            Some(Command::Pause)
        );
        assert_eq!(clock.now(), Duration::from_secs(5));
        assert_eq!(
            clock.wait_until(Some(Duration::from_secs(10)), &inbox),
            None
        );
        assert_eq!(clock.now(), Duration::from_secs(10));
    }

    #[test]
    fn real_clock_wakes_for_commands_and_deadlines() {
        let (tx, inbox) = channel();
        let mut clock = RealClock::start();
        tx.send(Command::Next).unwrap();
        assert_eq!(
            clock.wait_until(Some(Duration::from_secs(60)), &inbox),
            Some(Command::Next)
        );
        let deadline = clock.now() + Duration::from_millis(20);
        assert_eq!(clock.wait_until(Some(deadline), &inbox), None);
        assert!(clock.now() >= deadline);
    }
}
