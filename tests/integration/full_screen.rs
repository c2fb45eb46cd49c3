//! The real binary in a pseudo-terminal: keys in, screen out, and the terminal left as it was
//! found however the session ends (quit, SIGTERM, SIGHUP, Ctrl-C).

#![cfg(unix)]

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::fcntl::{FcntlArg, OFlag, fcntl};
use nix::sys::signal::{Signal, kill};
use nix::sys::termios::LocalFlags;
use nix::unistd::Pid;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

use crate::common::{Test, can_run};

const ROUTINE: &str = r#"
version = 1
name = "Pty practice"
[[steps]]
title = "Arrive"
duration = "30s"
text = "Lie down and let the floor hold you."
[[steps]]
title = "Long exhales"
duration = "60s"
breath = { inhale = "4s", exhale = "6s" }
text = "In for four, out for six."
[[steps]]
title = "Rest"
duration = "30s"
text = "Let the breath be."
"#;

/// How long a test waits for something to show: more than a step that waits until ready
/// takes before its wait begins (its words after the opening bowl has rung down).
const WAIT: Duration = Duration::from_secs(15);

/// The binary running in a pseudo-terminal, with everything it wrote kept.
pub struct Session {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
    stop_reading: Arc<AtomicBool>,
    /// Reads until the terminal's other end is closed; taken once it has.
    reading: Option<JoinHandle<()>>,
    /// The test whose folder and home the process uses, kept until it is over.
    test: Test,
}

impl Session {
    /// The binary on a short routine; `None` (the test skips) where no pseudo-terminal can
    /// be opened.
    fn start() -> Option<Self> {
        let test = Test::new()
            .routine("pty-practice.toml", ROUTINE)
            .args(["{dir}/pty-practice.toml"]);
        Self::run(test)
    }

    /// The binary as `test` would run it, in a pseudo-terminal; `None` (the test skips) where
    /// none can be opened.
    pub fn run(test: Test) -> Option<Self> {
        Self::spawn(test.pty_command(), test)
    }

    /// Any program in a pseudo-terminal, with `test` kept while it runs.
    fn spawn(mut command: CommandBuilder, test: Test) -> Option<Self> {
        let size = PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = match native_pty_system().openpty(size) {
            Ok(pair) => pair,
            Err(error) => {
                // Says so and skips; under CI, fails instead.
                can_run(false, format!("a pseudo-terminal ({error})"));
                return None;
            }
        };
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(command).expect("binary started");
        // Only the child keeps the terminal's other end open, so reading ends when it exits.
        drop(pair.slave);
        let output = Arc::new(Mutex::new(Vec::new()));
        let stop_reading = Arc::new(AtomicBool::new(false));
        // Reads do not block, so the reader can be told to stop and let go of the terminal.
        let fd = pair.master.as_raw_fd().expect("terminal descriptor");
        fcntl(fd, FcntlArg::F_SETFL(OFlag::O_NONBLOCK)).expect("non-blocking reads");
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let (sink, stop) = (Arc::clone(&output), Arc::clone(&stop_reading));
        let reading = std::thread::spawn(move || {
            let mut chunk = [0; 4096];
            while !stop.load(Ordering::SeqCst) {
                match reader.read(&mut chunk) {
                    Ok(0) => return,
                    Ok(n) => sink.lock().expect("output").extend_from_slice(&chunk[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    Err(_) => return,
                }
            }
        });
        let writer = pair.master.take_writer().expect("writer");
        Some(Self {
            master: pair.master,
            child,
            writer,
            output,
            stop_reading,
            reading: Some(reading),
            test,
        })
    }

    /// The terminal as a person would see it now.
    fn parsed(&self) -> vt100::Parser {
        let mut parser = Self::fresh();
        parser.process(&self.output.lock().expect("output"));
        parser
    }

    /// The folder the test's files are in.
    fn dir(&self) -> std::path::PathBuf {
        self.test.dir()
    }

    pub fn screen(&self) -> String {
        self.parsed().screen().contents()
    }

    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("`{text}` never showed; the screen:\n{}", self.screen());
    }

    fn wait_until_gone(&self, text: &str) {
        self.wait_until_gone_within(text, WAIT);
    }

    fn wait_until_gone_within(&self, text: &str, limit: Duration) {
        let start = Instant::now();
        while start.elapsed() < limit {
            if !self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("`{text}` stayed; the screen:\n{}", self.screen());
    }

    /// Waits until the screen differs from what it is now (the countdown moves on).
    fn wait_for_change(&self) {
        let now = self.screen();
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if self.screen() != now {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the screen stood still:\n{now}");
    }

    /// True while the process has not exited.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("status").is_none()
    }

    pub fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("key sent");
        self.writer.flush().expect("key sent");
    }

    fn in_raw_mode(&self) -> bool {
        let termios = self.master.get_termios().expect("terminal settings");
        !termios
            .local_flags
            .contains(LocalFlags::ICANON | LocalFlags::ECHO)
    }

    fn signal(&self, signal: Signal) {
        let pid = self.child.process_id().expect("process id");
        kill(Pid::from_raw(i32::try_from(pid).expect("pid")), signal).expect("signal sent");
    }

    /// Waits for the process to end and for the reader to take the last of its output;
    /// returns everything it wrote, as text.
    pub fn written(mut self) -> String {
        self.exit_code();
        self.read_to_the_end();
        let output = self.output.lock().expect("output");
        String::from_utf8_lossy(&output).into_owned()
    }

    /// Once the process has ended, waits until everything written to the terminal has been
    /// read: until the last holder of its other end has let go, so no write can come later.
    fn read_to_the_end(&mut self) {
        let Some(reading) = self.reading.take() else {
            return;
        };
        let start = Instant::now();
        while !reading.is_finished() {
            assert!(
                start.elapsed() < WAIT,
                "the terminal is still held open after the process ended"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        reading.join().expect("reader stopped");
    }

    /// Waits for the process to end; returns its exit code.
    pub fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if let Some(status) = self.child.try_wait().expect("status") {
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("the session did not end; the screen:\n{}", self.screen());
    }

    /// Checks, once the process has ended and all it wrote has been read, that the terminal
    /// is as it was before: main screen, cursor shown, cooked mode, no input mode left on.
    fn assert_restored(&mut self) {
        if let Err(wrong) = self.given_back() {
            panic!("{wrong}; the screen:\n{}", self.screen());
        }
    }

    /// What is wrong with the terminal as the ended process left it, if anything.
    fn given_back(&mut self) -> Result<(), String> {
        if self.is_running() {
            return Err("the process is still running".into());
        }
        self.read_to_the_end();
        let parser = self.parsed();
        let screen = parser.screen();
        let fresh = Self::fresh();
        let mut wrong = Vec::new();
        if screen.alternate_screen() {
            wrong.push("left on the alternate screen");
        }
        if screen.hide_cursor() {
            wrong.push("cursor left hidden");
        }
        if self.in_raw_mode() {
            wrong.push("terminal left in raw mode");
        }
        if screen.input_mode_formatted() != fresh.screen().input_mode_formatted() {
            wrong.push("an input mode (keypad, mouse, paste) left on");
        }
        let output = self.output.lock().expect("output");
        let text = String::from_utf8_lossy(&output);
        match (text.find("\u{1b}[?1049h"), text.rfind("\u{1b}[?1049l")) {
            (Some(entered), Some(left)) if entered < left => {
                // Once the screen is given back, only plain lines: no frame, no command.
                if text[left + "\u{1b}[?1049l".len()..].contains('\u{1b}') {
                    wrong.push("written to the terminal after it was given back");
                }
            }
            _ => wrong.push("never entered and then left the alternate screen"),
        }
        if wrong.is_empty() {
            Ok(())
        } else {
            Err(wrong.join(", "))
        }
    }

    /// A terminal of the same size that nothing has been written to.
    fn fresh() -> vt100::Parser {
        let size = |n| std::num::NonZeroU16::new(n).expect("a size");
        vt100::Parser::new(size(24), size(80), 0)
    }
}

#[test]
fn keys_steer_the_session_and_the_terminal_is_given_back() {
    let Some(mut session) = Session::start() else {
        return;
    };
    session.wait_for("Arrive");
    session.wait_for("step 1 of 3");
    assert!(session.in_raw_mode(), "raw mode while the session runs");
    assert!(session.parsed().screen().alternate_screen());

    session.press(" ");
    session.wait_for("paused");
    session.press(" ");
    session.wait_until_gone("paused");

    session.press("n");
    session.wait_for("Long exhales");
    session.wait_for("step 2 of 3");
    session.wait_for("inhale");

    session.press("e");
    session.wait_for("of 03:00");

    session.press("q");
    session.wait_for("q again to end");
    session.press("q");
    assert_eq!(session.exit_code(), 0);
    session.assert_restored();
    let screen = session.screen();
    assert!(screen.contains("Pty practice: session stopped"), "{screen}");
}

#[test]
fn esc_in_the_question_carries_on_and_only_q_ends() {
    let Some(mut session) = Session::start() else {
        return;
    };
    session.wait_for("step 1 of 3");
    session.press("q");
    session.wait_for("q again to end");
    session.press("\u{1b}");
    session.wait_until_gone("q again to end");
    // Still running: the step on screen, its time going down, the process alive.
    let before = session.screen();
    assert!(before.contains("Arrive"), "{before}");
    session.wait_for_change();
    assert!(session.is_running(), "Esc ended the session");
    // Esc first asks as q does; any other key carries on too.
    session.press("\u{1b}");
    session.wait_for("q again to end");
    session.press("x");
    session.wait_until_gone("q again to end");
    assert!(session.is_running());
    session.press("q");
    session.wait_for("q again to end");
    session.press("q");
    assert_eq!(session.exit_code(), 0);
    session.assert_restored();
    assert!(session.screen().contains("Pty practice: session stopped"));
}

const READY: &str = r#"
version = 1
name = "Ready practice"
props = ["a mat"]
[[steps]]
title = "Before you begin"
duration = "until ready"
text = "You will need {props}."
[[steps]]
title = "Rest"
duration = "60s"
"#;

/// A step that waits until ready: its words, then the wait on screen for as long as no key
/// comes (well past the step's planned end), then any key goes on; the wait is in the event
/// log and the session's practice leaves it out.
#[test]
fn a_step_that_waits_goes_on_at_any_key() {
    let test = Test::new()
        .routine("ready.toml", READY)
        .args(["{dir}/ready.toml", "--no-sound", "--no-log"])
        .args(["--events", "{dir}/events.jsonl"]);
    let Some(mut session) = Session::run(test) else {
        return;
    };
    session.wait_for("You will need a mat.");
    session.wait_for("When you are ready, press any key.");
    // The step's own time is a few seconds; waiting goes on past it.
    std::thread::sleep(Duration::from_secs(3));
    session.wait_for_change();
    let waiting = session.screen();
    assert!(
        waiting.contains("When you are ready, press any key."),
        "{waiting}"
    );
    assert!(waiting.contains("step 1 of 2"), "{waiting}");
    session.press("x");
    session.wait_for("step 2 of 2");
    session.wait_for("Rest");
    session.press("qq");
    assert_eq!(session.exit_code(), 0);
    session.assert_restored();
    let log = std::fs::read_to_string(session.dir().join("events.jsonl")).expect("event log");
    let events = crate::common::events(&log);
    let ready = events
        .iter()
        .find(|e| e["event"] == "ready")
        .unwrap_or_else(|| panic!("no ready event: {log}"));
    assert_eq!(ready["by_key"], true);
    let waited = crate::common::field(ready, "waited_ms");
    assert!(waited >= 3_000, "waited {waited} ms");
    let end = events.last().expect("an end");
    let practiced = crate::common::field(end, "practiced_ms");
    let since_start = crate::common::field(end, "actual_ms");
    assert!(
        practiced + waited <= since_start + 5,
        "practiced {practiced} ms of {since_start} ms, {waited} ms of it waiting"
    );
}

#[test]
fn the_routine_is_on_screen_while_the_voice_gets_ready_and_its_clock_waits() {
    let test = Test::new().routine("pty-practice.toml", ROUTINE);
    let dir = test.dir();
    let tone = (0..4_410).map(|n| (f64::from(n) * 0.06).sin() * 0.3);
    crate::common::write_wav(&dir.join("said.wav"), 22_050, tone);
    // A speech program that takes its time over every sentence.
    let speaker = dir.join("slow-speaker.sh");
    let said = dir.join("said.wav");
    let script = format!(
        "#!/bin/sh\ncat > /dev/null\nsleep 0.4\ncp '{}' \"$1\"\n",
        said.display()
    );
    std::fs::write(&speaker, script).unwrap();
    crate::common::make_executable(&speaker);
    let test = test
        .env("PSOAS_TIMER_SPEECH_COMMAND", &speaker)
        .args(["{dir}/pty-practice.toml", "--audio-device"])
        .args(["file:FILE={dir}/capture.raw,FORMAT=raw"]);
    let Some(mut session) = Session::run(test) else {
        return;
    };
    session.wait_for("Getting the voice ready");
    let screen = session.screen();
    assert!(
        screen.contains("Arrive") && screen.contains("step 1 of 3"),
        "{screen}"
    );
    // The session has not begun: no time has passed on its clock.
    assert!(screen.contains("00:00 of 02:00"), "{screen}");
    // Each of its 25 sentences takes the speaker 0.4 s and two programs' starts, which a
    // busy machine makes slow.
    session.wait_until_gone_within("Getting the voice ready", 3 * WAIT);
    session.wait_until_gone("00:00 of 02:00");
    assert!(session.is_running());
    session.press("qq");
    assert_eq!(session.exit_code(), 0);
    session.assert_restored();
}

#[test]
fn a_session_without_sound_says_so_on_screen_while_it_runs() {
    let test = Test::new().routine("pty-practice.toml", ROUTINE).args([
        "{dir}/pty-practice.toml",
        "--audio-device",
        "no-such-device",
    ]);
    let Some(mut session) = Session::run(test) else {
        return;
    };
    session.wait_for("step 1 of 3");
    session.wait_for("sound is off");
    assert!(session.parsed().screen().alternate_screen());
    // It stays: after a pause and a few seconds of the session, it is still there.
    session.press(" ");
    session.wait_for("paused");
    session.press(" ");
    session.wait_until_gone("paused");
    session.wait_for_change();
    assert!(
        session.screen().contains("sound is off"),
        "{}",
        session.screen()
    );
    assert!(session.is_running());
    session.press("qq");
    assert_eq!(session.exit_code(), 0);
    session.assert_restored();
    // And once the screen is given back, the line is left behind on the terminal.
    let screen = session.screen();
    assert!(screen.contains("sound is off"), "{screen}");
}

#[test]
fn sigterm_mid_session_gives_the_terminal_back() {
    let Some(mut session) = Session::start() else {
        return;
    };
    session.wait_for("Arrive");
    session.signal(Signal::SIGTERM);
    assert_eq!(session.exit_code(), 128 + 15);
    session.assert_restored();
}

const TINY: &str = r#"
version = 1
name = "Tiny"
[[steps]]
title = "Rest"
duration = "30s"
"#;

/// How often each way of ending is tried: a terminal left wrong one time in a few must show.
const RUNS_EACH: usize = 20;

/// Sessions running at once: they mostly wait, so two share the machine well, and leave
/// room for the other terminal tests running beside them.
const AT_ONCE: usize = 2;

/// How a run is ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EndedBy {
    QuitTwice,
    Sigterm,
}

/// The terminal is whole after every run, ended by q q (both at once, or the second after the
/// question) or by SIGTERM, with sound and without: checked once the process has ended and
/// every byte it wrote has been read.
#[test]
fn the_terminal_is_given_back_whole_every_time() {
    let runs: Vec<(EndedBy, usize)> = [EndedBy::QuitTwice, EndedBy::Sigterm]
        .into_iter()
        .flat_map(|by| (0..RUNS_EACH).map(move |n| (by, n)))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE {
            scope.spawn(|| {
                while let Some(&(by, n)) = runs.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let Some(result) = end_once(by, n) else {
                        return;
                    };
                    results.lock().expect("results").push((by, n, result));
                }
            });
        }
    });
    let results = results.into_inner().expect("results");
    if results.is_empty() {
        // No pseudo-terminal here: said already by the helper.
        return;
    }
    let misses: Vec<String> = results
        .iter()
        .filter_map(|(by, n, result)| result.as_ref().err().map(|e| format!("{by:?} #{n}: {e}")))
        .collect();
    let count = |of: EndedBy| {
        let ran = results.iter().filter(|(by, ..)| *by == of);
        let left_wrong = ran.clone().filter(|(.., result)| result.is_err()).count();
        format!("{left_wrong} of {}", ran.count())
    };
    eprintln!(
        "terminal left wrong: q q {}, SIGTERM {}",
        count(EndedBy::QuitTwice),
        count(EndedBy::Sigterm)
    );
    assert_eq!(results.len(), runs.len(), "some runs did not happen");
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

/// One run of the tiny routine, ended as `by` says; what was wrong with the terminal after,
/// or `None` where no pseudo-terminal can be opened.
fn end_once(by: EndedBy, n: usize) -> Option<Result<(), String>> {
    let test = Test::new()
        .routine("tiny.toml", TINY)
        .args(["{dir}/tiny.toml", "--no-log"]);
    // Every other pair of runs makes sound (into a file), so the sound's own start and end
    // are part of it: a quit may come while the sound is still being made ready.
    let test = if (n / 2).is_multiple_of(2) {
        test.args(["--audio-device", "file:FILE={dir}/sound.raw,FORMAT=raw"])
    } else {
        test.args(["--no-sound"])
    };
    let mut session = Session::run(test)?;
    session.wait_for("step 1 of 1");
    let expected = match by {
        EndedBy::QuitTwice if n.is_multiple_of(2) => {
            session.press("qq");
            0
        }
        EndedBy::QuitTwice => {
            session.press("q");
            session.wait_for("q again to end");
            session.press("q");
            0
        }
        EndedBy::Sigterm => {
            session.signal(Signal::SIGTERM);
            128 + 15
        }
    };
    let code = session.exit_code();
    let given_back = session.given_back();
    Some(if code == expected {
        given_back
    } else {
        Err(format!("exit code {code}, not {expected}"))
    })
}

#[test]
fn sighup_mid_session_gives_the_terminal_back() {
    let Some(mut session) = Session::start() else {
        return;
    };
    session.wait_for("Arrive");
    session.signal(Signal::SIGHUP);
    assert_eq!(session.exit_code(), 128 + 1);
    session.assert_restored();
}

#[test]
fn ctrl_c_ends_at_once_with_the_interrupt_code() {
    let Some(mut session) = Session::start() else {
        return;
    };
    session.wait_for("Arrive");
    session.press("\u{3}");
    assert_eq!(session.exit_code(), 130);
    session.assert_restored();
}

#[test]
fn a_panic_gives_the_terminal_back_before_its_message() {
    // This test binary runs itself in the terminal, as the helper below.
    let mut command = CommandBuilder::new(std::env::current_exe().expect("test binary"));
    command.args([
        "--exact",
        "full_screen::panic_helper",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    command.env("PSOAS_TIMER_PANIC_HELPER", "1");
    command.env("RUST_BACKTRACE", "0");
    let Some(mut session) = Session::spawn(command, Test::new()) else {
        return;
    };
    assert_ne!(session.exit_code(), 0);
    session.assert_restored();
    let screen = session.screen();
    assert!(
        screen.contains("on purpose, with the terminal taken"),
        "{screen}"
    );
}

/// Takes the terminal as the display does, then panics.
#[test]
#[ignore = "run by a_panic_gives_the_terminal_back_before_its_message, in a terminal"]
fn panic_helper() {
    if std::env::var_os("PSOAS_TIMER_PANIC_HELPER").is_none() {
        return;
    }
    let _guard =
        psoas_timer::sinks::display::full::terminal::TerminalGuard::take().expect("a terminal");
    print!("drawing");
    std::io::stdout().flush().expect("written");
    panic!("on purpose, with the terminal taken");
}

#[test]
fn closing_the_terminal_ends_the_session_promptly() {
    let Some(session) = Session::start() else {
        return;
    };
    session.wait_for("Arrive");
    // The terminal window goes away: the process must not linger (or spin) behind it.
    let Session {
        master,
        writer,
        mut child,
        stop_reading,
        reading,
        ..
    } = session;
    stop_reading.store(true, Ordering::SeqCst);
    reading
        .map(JoinHandle::join)
        .transpose()
        .expect("reader stopped");
    drop(writer);
    drop(master);
    let start = Instant::now();
    while start.elapsed() < WAIT {
        if child.try_wait().expect("status").is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("the session outlived its terminal");
}

#[test]
fn resizing_redraws_for_the_new_size() {
    let Some(mut session) = Session::start() else {
        return;
    };
    session.wait_for("step 1 of 3");
    let small = PtySize {
        rows: 8,
        cols: 30,
        pixel_width: 0,
        pixel_height: 0,
    };
    session.master.resize(small).expect("resized");
    // The small layout has no header line, only the essentials.
    session.wait_until_gone("step 1 of 3");
    session.wait_for("Arrive");
    session.wait_for("00:2");
    session.press("\u{3}");
    assert_eq!(session.exit_code(), 130);
}
