//! The only place that reads the time. A session waits on a [`Clock`] for its next deadline
//! or for a command, whichever comes first.
//!
//! [`RealClock`] follows the monotonic clock; [`VirtualClock`] jumps straight to each
//! deadline, so a whole session runs instantly with the same events, and tests can script
//! commands at exact moments.
//!
//! Calendar time is read here too, once per session ([`Clock::started_at`]) and once per
//! `stats` ([`wall_now`]), so history and statistics can be tested with an injected moment.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use super::command::{Command, QuitReason};

/// Where commands for a running session arrive (keys, signals, tests).
pub type Inbox = Receiver<Command>;

/// A source of time that a session can wait on.
pub trait Clock {
    /// The time since the clock started.
    fn now(&self) -> Duration;

    /// Waits until `deadline` (forever when `None`) or until a command arrives, and returns
    /// the command, or `None` when the deadline came first.
    fn wait_until(&mut self, deadline: Option<Duration>, inbox: &Inbox) -> Option<Command>;

    /// The calendar moment the session started, in the local time zone. Clocks that do not
    /// follow the wall clock start at [`virtual_start`].
    fn started_at(&self) -> jiff::ZonedDateTime {
        virtual_start()
    }

    /// A read-only view of this clock that another thread (the display) can keep.
    fn reader(&self) -> ClockReader {
        ClockReader(Source::Fixed(self.now()))
    }
}

/// The moment a virtual session starts: 2000-01-01 00:00 UTC, fixed so that previews and
/// tests record the same thing on every machine.
#[must_use]
pub fn virtual_start() -> jiff::ZonedDateTime {
    jiff::Timestamp::constant(946_684_800, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC)
}

/// The calendar time now, in the local time zone (`TZ`, else the system's setting).
#[must_use]
pub fn wall_now() -> jiff::ZonedDateTime {
    jiff::ZonedDateTime::now()
}

/// A cheap, cloneable, read-only view of a clock: the same time the session sees, for
/// threads that only need to show it.
#[derive(Debug, Clone)]
pub struct ClockReader(Source);

#[derive(Debug, Clone)]
enum Source {
    Monotonic(Instant),
    /// A real clock that starts later ([`ClockStart`]): zero until then.
    Starting(Arc<OnceLock<Instant>>),
    Shared(Arc<AtomicU64>),
    Fixed(Duration),
}

impl ClockReader {
    /// The time since the clock started.
    #[must_use]
    pub fn now(&self) -> Duration {
        match &self.0 {
            Source::Monotonic(start) => start.elapsed(),
            Source::Starting(start) => start.get().map_or(Duration::ZERO, Instant::elapsed),
            Source::Shared(nanos) => Duration::from_nanos(nanos.load(Ordering::Relaxed)),
            Source::Fixed(at) => *at,
        }
    }
}

/// The monotonic clock of the machine; a copy reads the same time (the sound player
/// follows the session's clock this way).
#[derive(Debug, Clone)]
pub struct RealClock {
    start: Instant,
    started_at: jiff::ZonedDateTime,
}

impl RealClock {
    /// A clock that starts now.
    #[must_use]
    pub fn start() -> Self {
        Self {
            start: Instant::now(),
            started_at: wall_now(),
        }
    }
}

/// A clock that hands out some commands before any other, as if they had just come: keys
/// pressed while the session was getting ready, heard at its first moment.
pub struct HeldFirst {
    clock: Box<dyn Clock>,
    held: VecDeque<Command>,
}

impl HeldFirst {
    /// `clock`, with `held` to hand out first, in order.
    #[must_use]
    pub fn new(clock: Box<dyn Clock>, held: Vec<Command>) -> Self {
        Self {
            clock,
            held: held.into(),
        }
    }
}

impl Clock for HeldFirst {
    fn now(&self) -> Duration {
        self.clock.now()
    }

    fn wait_until(&mut self, deadline: Option<Duration>, inbox: &Inbox) -> Option<Command> {
        self.held
            .pop_front()
            .or_else(|| self.clock.wait_until(deadline, inbox))
    }

    fn started_at(&self) -> jiff::ZonedDateTime {
        self.clock.started_at()
    }

    fn reader(&self) -> ClockReader {
        self.clock.reader()
    }
}

/// A real clock to be started later, whose readers can be handed out now: the display is up
/// and reads zero while the sound gets ready, and follows the clock once it starts.
#[derive(Debug, Clone, Default)]
pub struct ClockStart(Arc<OnceLock<Instant>>);

impl ClockStart {
    /// A view of the clock, reading zero until it starts.
    #[must_use]
    pub fn reader(&self) -> ClockReader {
        ClockReader(Source::Starting(Arc::clone(&self.0)))
    }

    /// Starts the clock now (or gives it as it started, if it has).
    #[must_use]
    pub fn start(&self) -> RealClock {
        RealClock {
            start: *self.0.get_or_init(Instant::now),
            started_at: wall_now(),
        }
    }
}

impl Clock for RealClock {
    fn now(&self) -> Duration {
        self.start.elapsed()
    }

    fn started_at(&self) -> jiff::ZonedDateTime {
        self.started_at.clone()
    }

    fn reader(&self) -> ClockReader {
        ClockReader(Source::Monotonic(self.start))
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

const QUIT_WHEN_ALONE: QuitReason = QuitReason::User;

/// A clock that never waits: each wait jumps to the deadline, or to the next scripted
/// command if that comes sooner.
#[derive(Debug, Default)]
pub struct VirtualClock {
    now: Duration,
    script: VecDeque<(Duration, Command)>,
    /// The same time in nanoseconds, for readers on other threads.
    shared: Arc<AtomicU64>,
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
            script: script.into_iter().collect(),
            ..Self::default()
        }
    }

    fn advance_to(&mut self, at: Duration) {
        self.now = self.now.max(at);
        let nanos = u64::try_from(self.now.as_nanos()).unwrap_or(u64::MAX);
        self.shared.store(nanos, Ordering::Relaxed);
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> Duration {
        self.now
    }

    fn reader(&self) -> ClockReader {
        ClockReader(Source::Shared(Arc::clone(&self.shared)))
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
            self.advance_to(at);
            return Some(command);
        }
        match deadline {
            Some(deadline) => {
                self.advance_to(deadline);
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
    fn a_clock_started_later_reads_zero_until_then_and_follows_it_after() {
        let start = ClockStart::default();
        let reader = start.reader();
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(reader.now(), Duration::ZERO);
        let clock = start.start();
        std::thread::sleep(Duration::from_millis(30));
        let (read, now) = (reader.now(), clock.now());
        assert!(read >= Duration::from_millis(30), "{read:?}");
        // The reader and the clock share one start: the reader, read first, is not ahead.
        assert!(read <= now, "{read:?} {now:?}");
        // Starting again gives the same clock.
        assert!(start.start().now() >= now);
    }

    #[test]
    fn commands_held_come_first_at_once_then_the_inbox_in_time() {
        let (tx, inbox) = channel();
        tx.send(Command::WhereAmI).unwrap();
        let mut clock = HeldFirst::new(
            Box::new(VirtualClock::new()),
            vec![Command::Pause, Command::Next],
        );
        let deadline = Some(Duration::from_secs(5));
        assert_eq!(clock.wait_until(deadline, &inbox), Some(Command::Pause));
        assert_eq!(clock.wait_until(deadline, &inbox), Some(Command::Next));
        assert_eq!(clock.now(), Duration::ZERO, "held commands take no time");
        assert_eq!(clock.wait_until(deadline, &inbox), Some(Command::WhereAmI));
        assert_eq!(clock.wait_until(deadline, &inbox), None);
        assert_eq!(clock.now(), Duration::from_secs(5));
    }

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
    fn virtual_clock_starts_at_the_documented_moment() {
        let start = VirtualClock::new().started_at();
        assert_eq!(start.timestamp().to_string(), "2000-01-01T00:00:00Z");
    }

    #[test]
    fn readers_see_the_clock_they_came_from() {
        let (_tx, inbox) = channel();
        let mut clock = VirtualClock::new();
        let reader = clock.reader();
        assert_eq!(reader.now(), Duration::ZERO);
        clock.wait_until(Some(Duration::from_millis(1_500)), &inbox);
        assert_eq!(reader.clone().now(), Duration::from_millis(1_500));
        let real = RealClock::start();
        let reader = real.reader();
        assert!(reader.now() <= real.now());
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
