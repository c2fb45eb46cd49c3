//! The speech programs, each run under watch, so that none is left running with no one to
//! hear it: in a process group of its own, so that what it starts (a shell script's
//! children) ends with it; given a time limit for each sentence; and ended, with everything
//! it started, however psoas-timer ends ([`end_all`]).
//!
//! A thread of its own waits for each program, and so nothing else ever blocks on one: the
//! thread that asked for a sentence waits on a channel with a time limit, and a program
//! that passes it is killed, which ends that wait too.

use std::io::Write;
use std::path::Path;
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, ExitStatus};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::engine::SpeechError;

/// Once killed, a program is gone at once; its thread is waited for this long at most to
/// have taken its exit status.
const REAP_WAIT: Duration = Duration::from_secs(2);

/// The programs running under a watch.
pub(super) struct Watch {
    state: Mutex<Running>,
    /// Told whenever a program has been reaped.
    reaped: Condvar,
}

struct Running {
    /// No program may start any more: psoas-timer is ending.
    ended: bool,
    /// Each program running.
    programs: Vec<Registered>,
}

/// A program running under a watch.
struct Registered {
    /// Its process id, which is its process group's id too.
    pid: u32,
    /// Set to have it killed where a program's group cannot be signalled from outside.
    stop: Arc<AtomicBool>,
}

/// The watch every speech program runs under.
static PROGRAMS: Watch = Watch::new();

impl Watch {
    const fn new() -> Self {
        Self {
            state: Mutex::new(Running {
                ended: false,
                programs: Vec::new(),
            }),
            reaped: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Running> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Kills every program running and what it started, waits (briefly) until each is
    /// reaped, and lets none start after.
    pub(super) fn end_all(&self) {
        let mut running = self.lock();
        running.ended = true;
        for program in &running.programs {
            program.kill();
        }
        let _ = self
            .reaped
            .wait_timeout_while(running, REAP_WAIT, |running| !running.programs.is_empty());
    }

    /// Whether the programs were ended for good.
    fn has_ended(&self) -> bool {
        self.lock().ended
    }

    /// Kills the program `pid` and what it started, if it is still running.
    fn stop(&self, pid: u32) {
        let running = self.lock();
        // Only while it is registered: once its thread has reaped it and let it go, its id
        // may be another's. (Between the two, the id is its group's while any of that lives,
        // and no one's otherwise: ids are given out in turn.)
        if let Some(program) = running.programs.iter().find(|p| p.pid == pid) {
            program.kill();
        }
    }

    /// The program `pid` has been reaped.
    fn forget(&self, pid: u32) {
        self.lock().programs.retain(|p| p.pid != pid);
        self.reaped.notify_all();
    }
}

impl Registered {
    /// Kills the program and whatever it started.
    fn kill(&self) {
        self.stop.store(true, Ordering::SeqCst);
        #[cfg(unix)]
        {
            use nix::sys::signal::{Signal, killpg};
            if let Ok(pid) = i32::try_from(self.pid) {
                let _ = killpg(nix::unistd::Pid::from_raw(pid), Signal::SIGKILL);
            }
        }
    }
}

/// Waits for `child` to end. Killed, its process group is signalled from outside.
#[cfg(unix)]
fn reap(child: &mut Child, _stop: &AtomicBool) -> std::io::Result<ExitStatus> {
    child.wait()
}

/// How often a program is looked at where it cannot be killed but by its own thread.
#[cfg(not(unix))]
const LOOK_AGAIN: Duration = Duration::from_millis(20);

/// Waits for `child` to end, killing it once `stop` is set: where a process cannot be
/// signalled but through its handle, which is this thread's.
#[cfg(not(unix))]
fn reap(child: &mut Child, stop: &AtomicBool) -> std::io::Result<ExitStatus> {
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(status);
        }
        if stop.load(Ordering::SeqCst) {
            let _ = child.kill();
            return child.wait();
        }
        std::thread::sleep(LOOK_AGAIN);
    }
}

/// Ends every speech program still running, and lets none start after: psoas-timer is
/// ending, whichever way.
pub(super) fn end_all() {
    PROGRAMS.end_all();
}

/// Why a program did not say its sentence.
#[derive(Debug)]
pub(super) enum Unfinished {
    /// It was still working when its time was up, and was killed.
    Overdue(Duration),
    /// It was stopped, or never started, because psoas-timer is ending.
    Ended,
    /// It could not be started or waited for.
    Failed(std::io::Error),
}

impl Unfinished {
    /// The error to tell, for the speech program `program`.
    pub(super) fn speech_error(self, program: &Path) -> SpeechError {
        match self {
            Self::Overdue(limit) => SpeechError::failed(
                program,
                format!(
                    "it did not finish a sentence within {} s, and was stopped",
                    limit.as_secs()
                ),
            ),
            Self::Ended => SpeechError::Ended,
            Self::Failed(error) => SpeechError::failed(program, error),
        }
    }
}

/// The pipes of a running program, as its command asked for them.
pub(super) struct Pipes {
    /// Its input, unless it was given all of it at the start.
    pub(super) input: Option<ChildStdin>,
    /// Its output.
    pub(super) output: Option<ChildStdout>,
    /// Its error output.
    pub(super) errors: Option<ChildStderr>,
}

/// A speech program running under watch; killed, with what it started, when dropped.
pub(super) struct Program {
    watch: &'static Watch,
    pid: u32,
    exited: Receiver<std::io::Result<ExitStatus>>,
    /// How it ended, once known.
    status: Option<ExitStatus>,
}

impl Program {
    /// Starts `command` in a process group of its own. Given an `input`, its own thread
    /// writes that and closes the program's input, so that a program that does not read
    /// cannot hold anyone up.
    pub(super) fn start(
        command: &mut Command,
        input: Option<Vec<u8>>,
    ) -> Result<(Self, Pipes), Unfinished> {
        Self::start_under(&PROGRAMS, command, input)
    }

    fn start_under(
        watch: &'static Watch,
        command: &mut Command,
        input: Option<Vec<u8>>,
    ) -> Result<(Self, Pipes), Unfinished> {
        let (hand_over, handed) = channel::<(Child, Option<Vec<u8>>, Option<ChildStdin>)>();
        let (send, exited) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        // The thread first, so that a program is never started without one to reap it.
        let waiter = move || {
            let Ok((mut child, input, pipe)) = handed.recv() else {
                return;
            };
            if let (Some(bytes), Some(mut pipe)) = (input, pipe) {
                // A program that does not read its input is fine: it has what it needs.
                let _ = pipe.write_all(&bytes);
            }
            let status = reap(&mut child, &stopped);
            watch.forget(child.id());
            let _ = send.send(status);
        };
        std::thread::Builder::new()
            .name("speech program".into())
            .spawn(waiter)
            .map_err(Unfinished::Failed)?;
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(command, 0);
        let mut child = {
            let mut running = watch.lock();
            if running.ended {
                return Err(Unfinished::Ended);
            }
            let child = command.spawn().map_err(Unfinished::Failed)?;
            running.programs.push(Registered {
                pid: child.id(),
                stop,
            });
            child
        };
        let pid = child.id();
        let mut pipes = Pipes {
            input: child.stdin.take(),
            output: child.stdout.take(),
            errors: child.stderr.take(),
        };
        let pipe = if input.is_some() {
            pipes.input.take()
        } else {
            None
        };
        let program = Self {
            watch,
            pid,
            exited,
            status: None,
        };
        if hand_over.send((child, input, pipe)).is_err() {
            // Its thread is gone: it cannot be reaped, so it must not run.
            program.kill();
            return Err(Unfinished::Failed(std::io::Error::other(
                "no thread could wait for it",
            )));
        }
        Ok((program, pipes))
    }

    /// Waits for the program to end, `limit` at most; past it, kills it (and what it
    /// started) and says so.
    pub(super) fn wait_within(&mut self, limit: Duration) -> Result<ExitStatus, Unfinished> {
        if let Some(status) = self.status {
            return Ok(status);
        }
        let received = match self.exited.recv_timeout(limit) {
            Ok(status) => status,
            Err(RecvTimeoutError::Timeout) => {
                self.kill();
                if let Ok(Ok(status)) = self.exited.recv_timeout(REAP_WAIT) {
                    self.status = Some(status);
                }
                return Err(if self.watch.has_ended() {
                    Unfinished::Ended
                } else {
                    Unfinished::Overdue(limit)
                });
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(Unfinished::Failed(std::io::Error::other(
                    "its thread ended before it did",
                )));
            }
        };
        let status = received.map_err(Unfinished::Failed)?;
        self.status = Some(status);
        if self.watch.has_ended() && !status.success() {
            // Killed as psoas-timer ends, not failed.
            return Err(Unfinished::Ended);
        }
        Ok(status)
    }

    /// Kills the program and what it started, if it still runs.
    fn kill(&self) {
        self.watch.stop(self.pid);
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        if self.status.is_none() {
            self.kill();
            let _ = self.exited.recv_timeout(REAP_WAIT);
        }
    }
}

/// Whether a process with this id is running (or is a zombie): for telling which scratch
/// folders belong to no one any more.
#[cfg(unix)]
pub(super) fn is_alive(pid: u32) -> bool {
    use nix::errno::Errno;
    use nix::sys::signal::kill;
    let Ok(pid) = i32::try_from(pid) else {
        return false;
    };
    // Another user's process cannot be signalled, but is alive all the same.
    !matches!(
        kill(nix::unistd::Pid::from_raw(pid), None),
        Err(Errno::ESRCH)
    )
}

/// Elsewhere every process is taken to be alive, so nothing of another's is removed.
#[cfg(not(unix))]
pub(super) fn is_alive(_pid: u32) -> bool {
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::process::Stdio;

    /// A shell that starts `sleep` as its child and writes that child's id to its output,
    /// then waits: a program that never ends, and leaves a process of its own.
    fn never_ending() -> Command {
        let mut command = Command::new("/bin/sh");
        command
            .args(["-c", "sleep 1000 & echo $!; wait"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        command
    }

    /// The id of the process a never-ending program started, as it wrote it.
    fn its_child(pipes: &mut Pipes) -> u32 {
        use std::io::BufRead;
        let mut line = String::new();
        std::io::BufReader::new(pipes.output.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        line.trim().parse().unwrap()
    }

    /// Whether a process is there at all, a zombie too: reaped, it is gone from /proc.
    fn in_proc(pid: u32) -> bool {
        Path::new(&format!("/proc/{pid}")).exists()
    }

    #[test]
    fn a_program_past_its_limit_is_killed_with_its_children_and_reaped() {
        static WATCH: Watch = Watch::new();
        let (mut program, mut pipes) =
            Program::start_under(&WATCH, &mut never_ending(), None).unwrap();
        let child = its_child(&mut pipes);
        assert!(in_proc(program.pid) && in_proc(child));
        let ended = program.wait_within(Duration::from_millis(200));
        assert!(
            matches!(ended, Err(Unfinished::Overdue(limit)) if limit.as_millis() == 200),
            "{ended:?}"
        );
        assert!(!in_proc(program.pid), "the program is reaped");
        assert!(WATCH.lock().programs.is_empty());
        // The child's parent is gone too; init reaps it, in its own time.
        assert!(!is_running(child), "what it started is killed");
    }

    /// Running, not a zombie waiting to be reaped.
    fn is_running(pid: u32) -> bool {
        for _ in 0..100 {
            match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
                Err(_) => return false,
                Ok(stat) if stat.contains(") Z ") => return false,
                Ok(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
        true
    }

    #[test]
    fn a_program_that_ends_in_time_is_reaped_with_its_status() {
        static WATCH: Watch = Watch::new();
        let mut command = Command::new("/bin/sh");
        command.args(["-c", "read line; test \"$line\" = Rest."]);
        command.stdin(Stdio::piped()).stdout(Stdio::null());
        let input = Some(b"Rest.\n".to_vec());
        let (mut program, pipes) = Program::start_under(&WATCH, &mut command, input).unwrap();
        assert!(pipes.input.is_none(), "its input is written for it");
        let status = program.wait_within(Duration::from_secs(20)).unwrap();
        assert!(status.success(), "it read what it was given: {status}");
        assert!(!in_proc(program.pid));
    }

    #[test]
    fn ending_all_kills_every_program_and_starts_no_more() {
        static WATCH: Watch = Watch::new();
        let (mut first, mut pipes) =
            Program::start_under(&WATCH, &mut never_ending(), None).unwrap();
        let child = its_child(&mut pipes);
        let (mut second, _) = Program::start_under(&WATCH, &mut never_ending(), None).unwrap();
        WATCH.end_all();
        assert!(WATCH.lock().programs.is_empty(), "both are reaped");
        assert!(!in_proc(first.pid) && !in_proc(second.pid));
        assert!(!is_running(child));
        for program in [&mut first, &mut second] {
            let ended = program.wait_within(Duration::from_secs(20));
            assert!(matches!(ended, Err(Unfinished::Ended)), "{ended:?}");
        }
        let again = Program::start_under(&WATCH, &mut never_ending(), None);
        assert!(matches!(again, Err(Unfinished::Ended)));
    }

    #[test]
    fn a_program_dropped_unfinished_is_killed() {
        static WATCH: Watch = Watch::new();
        let (program, _) = Program::start_under(&WATCH, &mut never_ending(), None).unwrap();
        let pid = program.pid;
        drop(program);
        assert!(!in_proc(pid));
        assert!(WATCH.lock().programs.is_empty());
    }

    #[test]
    fn a_process_is_alive_until_it_is_gone() {
        assert!(is_alive(std::process::id()));
        let mut child = Command::new("/bin/true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!is_alive(pid));
    }
}
