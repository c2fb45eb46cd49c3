//! Spoken cues: each step's words are said by a speech program, decoded and mixed in at
//! the step's start (after its chime). A stand-in program proves the pipeline on any
//! machine; espeak-ng itself is tried where it is installed.

use std::path::{Path, PathBuf};

use psoas_timer::plan::speech::{FIRST_OPENING_DELAY_MS, OPENING_DELAY_MS, SENTENCE_PAUSE_MS};

use psoas_timer::sinks::sound::loudness::{SPEECH_LUFS, loudness};

use crate::common::{Output, Test, can_run};
use crate::onsets;

const ROUTINE: &str = r#"
version = 1
name = "Spoken"

[[steps]]
title = "One"
duration = "8s"

[[steps]]
title = "Two"
duration = "6s"
text = "The second step's words."
"#;

/// Each step is long enough for its words. The first is spoken once the opening bowl has
/// rung down; later ones 1.2 s after their chime, one sentence at a time with a pause
/// between (the known sound lasts 0.5 s).
const SPOKEN_AT_MS: [usize; 3] = [
    FIRST_OPENING_DELAY_MS as usize,
    (8_000 + OPENING_DELAY_MS) as usize,
    (8_000 + OPENING_DELAY_MS + 500 + SENTENCE_PAUSE_MS) as usize,
];

fn write_known_speech(path: &Path) {
    // At 24 kHz, so the clip is converted to the mix rate like any engine's output.
    let known = (0..12_000).map(|n| {
        let t = f64::from(n) / 24_000.0;
        let fade = (t / 0.002).min(1.0);
        (t * 440.0 * std::f64::consts::TAU).sin() * 0.5 * fade
    });
    crate::common::write_wav(path, 24_000, known);
}

/// A speech program that writes the known WAV and keeps a log of what it was asked to say.
fn stand_in(dir: &Path) -> PathBuf {
    let known = dir.join("known.wav");
    write_known_speech(&known);
    let script = dir.join("speak.sh");
    let log = dir.join("said.txt");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncat >> '{}'\necho >> '{}'\ncp '{}' \"$1\"\n",
            log.display(),
            log.display(),
            known.display()
        ),
    )
    .unwrap();
    crate::common::make_executable(&script);
    script
}

/// Renders the routine above in `test`'s folder, without bells or breath tones: the
/// samples and what the run printed. Unless the test says which speech program to use, the
/// one installed is looked for.
fn render_spoken(test: Test) -> (Vec<f32>, Output) {
    let output = test
        .routine("spoken.toml", ROUTINE)
        .args(["render", "{dir}/spoken.toml", "-o", "{dir}/out.wav"])
        .args(["--no-bells", "--no-breath-tones", "--rate", "48000"])
        .run();
    let samples = onsets::wav_file_samples(&output.dir().join("out.wav"));
    (samples, output)
}

#[test]
fn each_steps_words_are_said_at_its_start() {
    let test = Test::new();
    let program = stand_in(&test.dir());
    let (samples, output) =
        render_spoken(test.env("PSOAS_TIMER_SPEECH_COMMAND", program).stderr(""));
    let said = output.file("said.txt");
    let sentences: Vec<&str> = said.lines().collect();
    let steps: Vec<&str> = sentences
        .iter()
        .copied()
        .filter(|s| ["One.", "Two.", "The second step's words."].contains(s))
        .collect();
    assert_eq!(
        steps,
        ["One.", "Two.", "The second step's words."],
        "each step's words, in order, a sentence at a time: {said}"
    );
    assert!(
        sentences.contains(&"Paused."),
        "the answers to keys too: {said}"
    );
    let found = onsets::find(&samples);
    let expected: Vec<usize> = SPOKEN_AT_MS.iter().map(|ms| ms * 48).collect();
    let (worst, extra) = onsets::compare(&expected, &found, 48);
    assert!(
        worst <= 48,
        "speech {worst} frames from its moment: {found:?}"
    );
    assert!(extra.is_empty(), "{extra:?}");
    // Half a second of the known sound, brought to the loudness of speech.
    let heard = loudness(samples[expected[0]..expected[0] + 24_000].iter().copied()).unwrap();
    assert!((heard - SPEECH_LUFS).abs() < 0.5, "{heard} LUFS");
}

#[test]
fn without_a_speech_program_one_notice_and_no_words() {
    let test = Test::new();
    let missing = test.dir().join("no-such-speaker");
    let (samples, output) = render_spoken(test.env("PSOAS_TIMER_SPEECH_COMMAND", missing));
    let stderr = &output.stderr;
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("spoken cues are off"), "{stderr}");
    assert!(samples.iter().all(|s| *s == 0.0));
}

#[test]
fn espeak_ng_speaks_the_steps() {
    if !espeak_ng_here() {
        return;
    }
    // No speech program is named, so espeak-ng is found on the PATH.
    let (samples, _) = render_spoken(Test::new().stderr(""));
    let before = &samples[..SPOKEN_AT_MS[0] * 48];
    assert!(before.iter().all(|s| *s == 0.0), "nothing before the words");
    let first = onsets::find(&samples)[0];
    let late_ms = (first - SPOKEN_AT_MS[0] * 48) / 48;
    assert!(
        late_ms < 300,
        "the words begin {late_ms} ms after their moment"
    );
    let spoken = &samples[SPOKEN_AT_MS[1] * 48..SPOKEN_AT_MS[1] * 48 + 48_000];
    let energy: f32 = spoken.iter().map(|s| s * s).sum::<f32>() / spoken.len() as f32;
    assert!(energy > 1e-4, "the second step is spoken");
}

/// A pose's way out is said by a real voice, a little slower or faster than planned, and
/// still finishes before the pose ends: it is placed with room to spare.
#[test]
fn espeak_ng_says_each_ending_before_its_hold_ends() {
    if !espeak_ng_here() {
        return;
    }
    let text = r#"
version = 1
name = "Endings"
[[steps]]
title = "Sphinx"
duration = "30s"
ending = "In your own time, lower your chest down and rest your head on your hands."
[[steps]]
title = "Lunge"
duration = "30s"
ending = "In your own time, step the foot back and come to hands and knees."
"#;
    let routine = psoas_timer::routine::parse("endings.toml", "endings", text).unwrap();
    let timeline =
        psoas_timer::plan::plan(&routine, psoas_timer::plan::PlanOptions::default()).unwrap();
    let output = Test::new()
        .routine("endings.toml", text)
        .args(["render", "{dir}/endings.toml", "-o", "{dir}/out.wav"])
        .args(["--no-bells", "--no-breath-tones", "--rate", "48000"])
        .stderr("")
        .run();
    let samples = onsets::wav_file_samples(&output.dir().join("out.wav"));
    let loudest = |from_ms: u64, to_ms: u64| {
        samples[(from_ms * 48) as usize..(to_ms * 48) as usize]
            .iter()
            .fold(0.0_f32, |m, s| m.max(s.abs()))
    };
    let endings = timeline
        .cues
        .iter()
        .filter(|c| c.kind == psoas_timer::plan::CueKind::Speak(psoas_timer::plan::Said::Ending));
    for cue in endings {
        let end_ms = timeline.segments[cue.segment].end_ms;
        assert!(
            loudest(cue.at_ms, cue.at_ms + 1_000) > 0.05,
            "the ending at {} is said",
            cue.at_ms
        );
        assert!(
            loudest(end_ms - 250, end_ms) == 0.0,
            "and done before {end_ms}"
        );
    }
}

/// Whether espeak-ng is on the PATH; says so and skips where it is not (fails under CI).
pub fn espeak_ng_here() -> bool {
    let installed = std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| dir.join("espeak-ng").is_file())
    });
    can_run(installed, "espeak-ng (apt-get install espeak-ng)")
}

#[cfg(unix)]
/// A speech program that never finishes a sentence: it writes down its process id, starts
/// a `sleep` of its own, writes that one's down too, and waits for it.
fn never_finishing(dir: &Path) -> PathBuf {
    let script = dir.join("hang.sh");
    let pids = dir.join("pids");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho $$ >> '{pids}'\nsleep 1000 &\necho $! >> '{pids}'\nwait\n",
            pids = pids.display()
        ),
    )
    .unwrap();
    crate::common::make_executable(&script);
    script
}

#[cfg(unix)]
/// A test whose speech program never finishes, with a temporary folder of its own
/// (`{dir}/tmp`), to see that nothing is left in it.
fn with_a_program_that_never_finishes() -> Test {
    let test = Test::new().routine("spoken.toml", ROUTINE);
    let program = never_finishing(&test.dir());
    std::fs::create_dir(test.dir().join("tmp")).unwrap();
    let tmp = test.dir().join("tmp");
    test.env("PSOAS_TIMER_SPEECH_COMMAND", program)
        .env("TMPDIR", tmp)
}

#[cfg(unix)]
/// The processes the never-finishing program wrote down, once it has written both.
fn its_processes(dir: &Path) -> Vec<u32> {
    for _ in 0..500 {
        let written = std::fs::read_to_string(dir.join("pids")).unwrap_or_default();
        let pids: Vec<u32> = written.lines().filter_map(|l| l.parse().ok()).collect();
        if pids.len() >= 2 {
            return pids;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the speech program did not start");
}

#[cfg(unix)]
/// Whether a process is running: not gone, and not a zombie that only waits to be reaped.
fn is_running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        !stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('Z'))
    })
}

#[cfg(unix)]
/// Every one of `pids` has stopped running (given a moment, as killed processes are).
#[track_caller]
fn assert_all_ended(pids: &[u32]) {
    for _ in 0..100 {
        if !pids.iter().any(|&pid| is_running(pid)) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let running: Vec<_> = pids.iter().filter(|&&pid| is_running(pid)).collect();
    panic!("still running: {running:?}");
}

#[cfg(unix)]
/// The scratch folders left in the test's cache and in its temporary folder.
fn scratch_left(dir: &Path, home: &Path) -> Vec<PathBuf> {
    let in_folder = |folder: PathBuf| -> Vec<PathBuf> {
        std::fs::read_dir(folder)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path())
            .collect()
    };
    let mut left = in_folder(home.join("cache/speech/scratch"));
    left.extend(in_folder(dir.join("tmp")));
    left
}

/// A speech program that never finishes is stopped at its sentence's time limit, with the
/// process it started; the rendering goes on without words, and leaves no file behind.
#[cfg(unix)]
#[test]
fn a_speech_program_that_never_finishes_is_stopped_in_time() {
    use std::time::Duration;

    let test = with_a_program_that_never_finishes()
        .args(["render", "{dir}/spoken.toml", "-o", "{dir}/out.wav"])
        .args(["--no-bells", "--no-breath-tones", "--rate", "48000"]);
    // The limit of a one-word sentence is some 11 s.
    let (status, stderr) = ended_within(&test, Duration::from_secs(40));
    assert_eq!(status.code(), Some(0), "{stderr}");
    let stderr = stderr.replace(&*test.dir().to_string_lossy(), "[DIR]");
    assert!(
        stderr.starts_with("spoken cues are off: the speech program [DIR]/hang.sh failed: it did not finish a sentence within ")
            && stderr.ends_with(" s, and was stopped; the rendering has no words\n"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let samples = onsets::wav_file_samples(&test.dir().join("out.wav"));
    assert!(samples.iter().all(|s| *s == 0.0), "no words");
    assert_all_ended(&its_processes(&test.dir()));
    assert_eq!(
        scratch_left(&test.dir(), &test.home()),
        Vec::<PathBuf>::new()
    );
}

/// Runs `test` to its end, `limit` at most (past it, the test fails): how it ended, and what
/// it wrote on standard error.
#[cfg(unix)]
fn ended_within(test: &Test, limit: std::time::Duration) -> (std::process::ExitStatus, String) {
    use std::process::Stdio;

    let mut child = test
        .command()
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut errors = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut written = String::new();
        std::io::Read::read_to_string(&mut errors, &mut written).unwrap();
        written
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    (status, reader.join().unwrap())
}

/// Starts `test`, waits until its speech program is at work on a sentence, and sends
/// `signal`: the program ends at once, with the signal's exit code, its speech program and
/// that one's own process are gone, and no scratch folder is left.
#[cfg(unix)]
fn signalled_while_speaking(test: &Test, signal: nix::sys::signal::Signal) {
    use nix::sys::signal::kill;
    use nix::unistd::Pid;
    use std::process::Stdio;

    let mut child = test
        .command()
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let speaking = its_processes(&test.dir());
    let sent = std::time::Instant::now();
    kill(Pid::from_raw(i32::try_from(child.id()).unwrap()), signal).unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if sent.elapsed() > std::time::Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("still running 10 s after {signal}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let took = sent.elapsed();
    assert!(
        took < std::time::Duration::from_secs(3),
        "ended {took:?} after {signal}"
    );
    assert_eq!(status.code(), Some(128 + signal as i32), "after {signal}");
    assert_all_ended(&speaking);
    assert_eq!(
        scratch_left(&test.dir(), &test.home()),
        Vec::<PathBuf>::new()
    );
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(!stderr.contains("spoken cues are off"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_signal_while_a_rendering_gets_its_voice_ends_the_speech_program() {
    use nix::sys::signal::Signal;

    for signal in [Signal::SIGTERM, Signal::SIGINT] {
        let test = with_a_program_that_never_finishes().args([
            "render",
            "{dir}/spoken.toml",
            "-o",
            "{dir}/out.wav",
        ]);
        signalled_while_speaking(&test, signal);
        assert!(!test.dir().join("out.wav").exists(), "nothing was written");
    }
}

#[cfg(unix)]
#[test]
fn a_signal_while_a_session_gets_its_voice_ends_the_speech_program() {
    use nix::sys::signal::Signal;

    if !can_run(crate::sound_live::alsa_installed(), crate::sound_live::ALSA) {
        return;
    }
    for signal in [Signal::SIGTERM, Signal::SIGHUP, Signal::SIGINT] {
        let test = with_a_program_that_never_finishes().args([
            "{dir}/spoken.toml",
            "--audio-device",
            "file:FILE={dir}/capture.raw,FORMAT=raw",
        ]);
        signalled_while_speaking(&test, signal);
    }
}

/// A process killed outright cannot remove its scratch folders: the next one to speak
/// removes those of processes gone, in the cache and where earlier versions kept them, and
/// leaves those of processes still running.
#[cfg(unix)]
#[test]
fn scratch_folders_left_by_a_process_gone_are_removed() {
    let test = Test::new();
    let program = stand_in(&test.dir());
    let tmp = test.dir().join("tmp");
    let mut gone = std::process::Command::new("/bin/true").spawn().unwrap();
    gone.wait().unwrap();
    let scratch = test.home().join("cache/speech/scratch");
    let left = [
        scratch.join(format!("{}-0", gone.id())),
        tmp.join(format!("psoas-timer-{}-3", gone.id())),
    ];
    // Init's, which is running.
    let kept = [scratch.join("1-0"), tmp.join("psoas-timer-1-0")];
    for folder in left.iter().chain(&kept) {
        std::fs::create_dir_all(folder).unwrap();
        std::fs::write(folder.join("speech.wav"), "RIFF").unwrap();
    }
    let (_, output) = render_spoken(
        test.env("PSOAS_TIMER_SPEECH_COMMAND", program)
            .env("TMPDIR", &tmp)
            .stderr(""),
    );
    assert!(output.file("said.txt").contains("One."), "it spoke");
    for folder in &left {
        assert!(!folder.exists(), "{} is left", folder.display());
    }
    for folder in &kept {
        assert!(folder.exists(), "{} is removed", folder.display());
    }
}
