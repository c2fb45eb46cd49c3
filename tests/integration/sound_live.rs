//! Live sound on the real clock: captured through ALSA's `file:` device (no sound card
//! needed), and a session with no device at all.

use std::path::Path;

use crate::common::{Output, Test, can_run};
use crate::onsets;

const RATE: usize = 48_000;
/// Each cue must be heard this close to its plan, relative to the first.
const TOLERANCE_MS: usize = 30;

/// Short blips instead of the ringing bells, so the test is short; breath tones as built in.
const ROUTINE: &str = r#"
version = 1
name = "Live"

[sound]
bell = "blip.wav"
chime = "blip.wav"
interval = "blip.wav"

[[steps]]
title = "Arrive"
duration = "2s"

[[steps]]
title = "Breathe"
duration = "5s"
bell_every = "2500ms"
[steps.breath]
inhale = "1s"
exhale = "1500ms"
"#;

/// Where sounds begin, in ms of the plan: the start, the step (chime and first inhale
/// together), the exhale, the bell with the second inhale, its exhale, and the three end
/// strikes.
const PLANNED_MS: [usize; 8] = [0, 2_000, 3_000, 4_500, 5_500, 7_000, 10_000, 13_000];

/// A routine of one silent second.
const ONE_SECOND: &str =
    "version = 1\nname = \"One\"\n[[steps]]\ntitle = \"One\"\nduration = \"1s\"\n";

/// What to install where the ALSA library is missing.
pub const ALSA: &str = "libasound.so.2 (apt-get install libasound2)";

fn write_blip(path: &Path) {
    let blip = (0..4_800).map(|n| {
        let t = f64::from(n) / 48_000.0;
        let fade = (1.0 - t / 0.1).min(t / 0.002).min(1.0);
        (t * 660.0 * std::f64::consts::TAU).sin() * 0.5 * fade
    });
    crate::common::write_wav(path, 48_000, blip);
}

/// A test in its own folder with the blip beside the live routine, as `{dir}/live.toml`.
fn live(routine: &str) -> Test {
    let test = Test::new().routine("live.toml", routine);
    write_blip(&test.dir().join("blip.wav"));
    test.args(["{dir}/live.toml"])
}

/// The live routine made short: one 2.5 s breath step, with no bell in it.
fn short_routine() -> String {
    ROUTINE
        .replace("5s", "2500ms")
        .replace("bell_every = \"2500ms\"\n", "")
}

/// The left channel of a raw capture (16-bit little-endian, two channels).
fn left_channel(raw: &[u8]) -> Vec<f32> {
    raw.chunks_exact(4)
        .map(|f| f32::from(i16::from_le_bytes([f[0], f[1]])) / 32_768.0)
        .collect()
}

/// Whether the ALSA library is installed, which every test that opens a device needs.
pub fn alsa_installed() -> bool {
    [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64",
        "/usr/lib",
    ]
    .iter()
    .any(|dir| Path::new(dir).join("libasound.so.2").exists())
}

#[test]
fn cues_captured_from_the_alsa_file_device_are_on_time() {
    if !can_run(alsa_installed(), ALSA) {
        return;
    }
    let output = live(ROUTINE)
        .args(["--no-voice", "--volume", "100"])
        .args(["--audio-device", "file:FILE={dir}/capture.raw,FORMAT=raw"])
        // No notice when the device works.
        .stderr("")
        .run();
    let raw = std::fs::read(output.dir().join("capture.raw")).unwrap();
    let left = left_channel(&raw);
    let found = onsets::find(&left);
    assert_eq!(found.len(), PLANNED_MS.len(), "onsets at {found:?}");
    let start = found[0];
    let mut worst_ms = 0.0_f64;
    for (onset, planned) in found.iter().zip(PLANNED_MS) {
        let heard_ms = (onset - start) as f64 * 1000.0 / RATE as f64;
        worst_ms = worst_ms.max((heard_ms - planned as f64).abs());
    }
    println!(
        "file: PCM: first cue {:.1} ms into the capture, worst error {worst_ms:.3} ms",
        start as f64 * 1000.0 / RATE as f64
    );
    assert!(
        worst_ms <= TOLERANCE_MS as f64,
        "a cue was {worst_ms} ms off"
    );
}

#[test]
fn without_a_sound_device_the_session_goes_on_with_one_notice() {
    let output = live(&short_routine())
        .env("PSOAS_TIMER_AUDIO_DEVICE", "no-such-device")
        .stdout_has("session complete")
        .run();
    let lines: Vec<&str> = output.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one notice: {}", output.stderr);
    assert!(lines[0].starts_with("sound is off:"), "{}", output.stderr);
}

/// Runs the short routine of `test` on `device` (where `{dir}` is the test's folder): the
/// session completes, with exit code 0.
fn run_short_on(test: Test, device: &str) -> Output {
    test.args(["--no-voice", "--audio-device", device])
        .stdout_has("session complete")
        .run()
}

#[test]
fn a_device_that_fails_at_its_first_write_is_told_once_and_the_session_goes_on() {
    if !can_run(alsa_installed(), ALSA) || !can_run(Path::new("/dev/full").exists(), "/dev/full") {
        return;
    }
    // The file device opens, then its first write to the full disk fails: it writes its
    // buffer (seconds long) once it is full, so the session is under way by then.
    let output = run_short_on(live(&short_routine()), "file:FILE=/dev/full,FORMAT=raw");
    let lines: Vec<&str> = output.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("sound stopped: the device failed"),
        "{lines:?}"
    );
}

#[test]
fn a_device_lost_mid_session_is_told_once_and_the_session_goes_on() {
    let Some((test, pipe)) = live_on_a_pipe() else {
        return;
    };
    // A listener that takes a second of sound, then goes away, as an unplugged device does.
    let listener_pipe = pipe.clone();
    let listener = std::thread::spawn(move || {
        use std::io::Read;
        let mut pipe = std::fs::File::open(listener_pipe).unwrap();
        let mut second = vec![0_u8; RATE * 4];
        pipe.read_exact(&mut second).unwrap();
    });
    let output = run_short_on(test, "file:FILE={dir}/speaker,FORMAT=raw");
    listener.join().unwrap();
    let lines: Vec<&str> = output.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("sound stopped: the device failed"),
        "{lines:?}"
    );
}

/// Starts the program as `test` would run it and reads what it prints until the session is
/// complete: what is left of the process, which may still be sounding.
fn spawned_until_complete(test: &Test) -> std::process::Child {
    use std::io::{BufRead, BufReader};

    let mut child = test
        .command()
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    for line in stdout.lines() {
        if line.unwrap().contains("session complete") {
            break;
        }
    }
    child
}

/// The short live routine, with a named pipe `{dir}/speaker` for its device to write to;
/// `None` (the test skips) without ALSA or mkfifo.
fn live_on_a_pipe() -> Option<(Test, std::path::PathBuf)> {
    let has_mkfifo = std::process::Command::new("mkfifo")
        .arg("--version")
        .output()
        .is_ok();
    if !can_run(alsa_installed(), ALSA)
        || !can_run(has_mkfifo, "mkfifo (apt-get install coreutils)")
    {
        return None;
    }
    let test = live(&short_routine());
    let pipe = test.dir().join("speaker");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    assert!(made.unwrap().success());
    Some((test, pipe))
}

/// A speech program that writes the blip as its "speech" and logs what it was asked.
fn stand_in_speaker(dir: &Path) -> std::path::PathBuf {
    let script = dir.join("speak.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncat >> '{log}'\necho >> '{log}'\ncp '{blip}' \"$1\"\n",
            log = dir.join("said.txt").display(),
            blip = dir.join("blip.wav").display()
        ),
    )
    .unwrap();
    crate::common::make_executable(&script);
    script
}

#[test]
fn where_am_i_is_spoken_and_mute_silences_what_follows() {
    use psoas_timer::session::clock::RealClock;
    use psoas_timer::session::{Command as SessionCommand, Session};
    use psoas_timer::sinks::sound::player::{Notify, PlayerSetup};
    use psoas_timer::sinks::sound::sink::AudioSink;
    use psoas_timer::sinks::sound::speech::{Engine, Talker, Voice};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    if !can_run(alsa_installed(), ALSA) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_blip(&dir.path().join("blip.wav"));
    let text = "version = 1\nname = \"Where\"\n[sound]\nbells = false\nvoice = false\n\
        [[steps]]\ntitle = \"One\"\nduration = \"2s\"\n\
        [[steps]]\ntitle = \"Two\"\nduration = \"2s\"\n[steps.sound]\nbells = true\n";
    let path = dir.path().join("where.toml");
    std::fs::write(&path, text).unwrap();
    let found = psoas_timer::routine::library::load(path.to_str().unwrap(), None).unwrap();
    let timeline =
        psoas_timer::plan::plan(&found.routine, psoas_timer::plan::PlanOptions::default()).unwrap();
    let choices = psoas_timer::sinks::sound::prepare::SoundChoices::default();
    let cues = psoas_timer::sinks::sound::prepare::cues_for(&found, &timeline, &choices).unwrap();
    let capture = dir.path().join("capture.raw");
    let notices = Arc::new(Mutex::new(Vec::<String>::new()));
    let heard = Arc::clone(&notices);
    let notify: Notify = Arc::new(move |line| heard.lock().unwrap().push(line.to_owned()));
    let setup = PlayerSetup {
        device: format!("file:FILE={},FORMAT=raw", capture.display()),
        cues,
        percent: 100,
        muted: false,
    };
    let mut audio = AudioSink::open(setup, &notify).expect("the file device opens");
    let voice = Voice::new(Engine::Command {
        program: stand_in_speaker(dir.path()),
    });
    // Nothing said before the session: the answer is said when asked.
    audio.speak(
        Talker::new(voice, None),
        std::collections::HashSet::new(),
        Vec::new(),
        notify,
    );
    let (commands, inbox) = std::sync::mpsc::channel();
    let clock = RealClock::start();
    audio.start(clock.clone());
    let presser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        commands.send(SessionCommand::WhereAmI).unwrap();
        std::thread::sleep(Duration::from_millis(500));
        commands.send(SessionCommand::ToggleMute).unwrap();
        // Kept open until the session is over.
        std::thread::sleep(Duration::from_secs(4));
    });
    let mut clock = clock;
    let mut sink = audio;
    let outcome = Session::new(Arc::new(timeline)).run(&mut clock, &inbox, &mut sink);
    psoas_timer::session::sink::Sink::finish(&mut sink).unwrap();
    presser.join().unwrap();
    assert!(outcome.completed);
    assert!(
        notices.lock().unwrap().is_empty(),
        "{:?}",
        notices.lock().unwrap()
    );
    let said = std::fs::read_to_string(dir.path().join("said.txt")).unwrap();
    assert_eq!(said, "second 1 of 4, One\n");
    let raw = std::fs::read(&capture).unwrap();
    let left = left_channel(&raw);
    let found = onsets::find(&left);
    assert_eq!(found.len(), 1, "only the answer is heard: {found:?}");
    let at_s = found[0] as f64 / RATE as f64;
    assert!((0.5..1.2).contains(&at_s), "the answer came at {at_s} s");
    // The chime at 2 s came while muted.
    let chime = &left[RATE * 2..RATE * 3];
    assert!(chime.iter().all(|s| *s == 0.0));
}

#[test]
fn with_no_sound_nothing_is_opened_and_nothing_is_said() {
    for flags in [
        &["--no-sound"][..],
        &["--no-bells", "--no-breath-tones", "--no-voice"][..],
    ] {
        Test::new()
            .routine("one.toml", ONE_SECOND)
            .args(["{dir}/one.toml"])
            .args(flags)
            .env("PSOAS_TIMER_AUDIO_DEVICE", "no-such-device")
            .stderr("")
            .run();
    }
}

#[test]
fn ctrl_c_while_the_last_bell_rings_out_ends_at_once() {
    use std::time::{Duration, Instant};

    if !can_run(alsa_installed(), ALSA) {
        return;
    }
    let test = Test::new()
        .routine("one.toml", ONE_SECOND)
        .args(["{dir}/one.toml", "--no-voice"])
        .args(["--audio-device", "file:FILE={dir}/capture.raw,FORMAT=raw"]);
    let mut child = spawned_until_complete(&test);
    // The three end strikes ring for about thirteen seconds; Ctrl-C cuts them short.
    let asked = Instant::now();
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "{:?}",
        asked.elapsed()
    );
    assert_eq!(status.code(), Some(0), "the session itself was complete");
}

#[test]
fn after_a_session_the_process_ends_by_itself_with_its_last_sound() {
    use std::time::{Duration, Instant};

    if !can_run(alsa_installed(), ALSA) {
        return;
    }
    // One silent second between the start and the three end strikes, all short blips.
    let routine = "version = 1\nname = \"One\"\n[sound]\nbell = \"blip.wav\"\n\
        [[steps]]\ntitle = \"One\"\nduration = \"1s\"\n";
    let test = live(routine).args(["--no-voice", "--volume", "100"]);
    let test = test.args(["--audio-device", "file:FILE={dir}/capture.raw,FORMAT=raw"]);
    let mut child = spawned_until_complete(&test);
    let ended = Instant::now();
    let status = child.wait().unwrap();
    let exited = ended.elapsed();
    assert_eq!(status.code(), Some(0));
    // How long the end strikes ring, from the capture: from the first strike to the last
    // sample that is not silence.
    let left = left_channel(&std::fs::read(test.dir().join("capture.raw")).unwrap());
    let found = onsets::find(&left);
    assert_eq!(found.len(), 4, "the start and three strikes: {found:?}");
    let first_strike = found[1];
    let last_sound = left.iter().rposition(|s| *s != 0.0).unwrap();
    let ring_out = Duration::from_secs_f64((last_sound - first_strike) as f64 / RATE as f64);
    println!("rang out for {ring_out:?}; the process ended {exited:?} after the session");
    assert!(
        exited <= ring_out + Duration::from_secs(1),
        "ended {exited:?} after the session, though its sound rang for {ring_out:?}"
    );
    assert!(
        exited + Duration::from_millis(500) >= ring_out,
        "ended {exited:?} after the session, before its sound ({ring_out:?}) was over"
    );
}

#[test]
fn a_device_that_stops_taking_sound_cannot_keep_the_process_alive() {
    use std::time::{Duration, Instant};

    let Some((test, pipe)) = live_on_a_pipe() else {
        return;
    };
    // A listener that holds the device open and never takes a sample: once the pipe is
    // full, every write waits for ever, as on a device that hangs.
    let listener_pipe = pipe.clone();
    let (let_go, hold_until) = std::sync::mpsc::channel::<()>();
    let listener = std::thread::spawn(move || {
        let pipe = std::fs::File::open(listener_pipe).unwrap();
        let _ = hold_until.recv();
        drop(pipe);
    });
    let test = test.args([
        "--no-voice",
        "--audio-device",
        "file:FILE={dir}/speaker,FORMAT=raw",
    ]);
    let mut child = spawned_until_complete(&test);
    let ended = Instant::now();
    // Waited for no longer than it takes to fail: a process that hangs is ended here.
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if ended.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let exited = ended.elapsed();
    drop(let_go);
    listener.join().unwrap();
    assert_eq!(status.and_then(|s| s.code()), Some(0), "after {exited:?}");
    // The end strikes would ring for thirteen seconds; a player that does not move on is
    // waited for two.
    assert!(
        exited < Duration::from_secs(4),
        "ended {exited:?} after the session"
    );
}
