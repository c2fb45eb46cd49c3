//! `render`: the session's sound written to a WAV file, each cue on its planned sample.

use psoas_timer::plan::{CueKind, PlanOptions, Timeline, plan};

use crate::common::{Test, can_run};
use crate::onsets;

const RATE: usize = 48_000;
/// One millisecond, in frames: every cue must be found this close to its plan.
const TOLERANCE: usize = RATE / 1000;

const ROUTINE: &str = r#"
version = 1
name = "Onsets"

[[steps]]
title = "Arrive"
duration = "8s"

[[steps]]
title = "Breathe with a hold"
duration = "30s"
bell_every = "10s"
[steps.breath]
inhale = "3s"
hold = "1s"
exhale = "4s"

[[steps]]
title = "Slow breath"
duration = "20s"
[steps.breath]
inhale = "4s"
exhale = "6s"

[[steps]]
title = "Rest"
duration = "12s"
"#;

fn timeline() -> Timeline {
    let routine = psoas_timer::routine::parse("onsets.toml", "onsets", ROUTINE).unwrap();
    plan(&routine, PlanOptions::default()).unwrap()
}

/// Renders the routine above, in `test`'s folder, with these flags; the samples of the
/// rendering, which is 48 kHz, 16-bit and mono.
fn render(test: Test, flags: &[&str]) -> Vec<f32> {
    let output = test
        .routine("onsets.toml", ROUTINE)
        .args([
            "render",
            "{dir}/onsets.toml",
            "-o",
            "{dir}/out.wav",
            "--rate",
            "48000",
        ])
        .args(flags)
        .run();
    let wav = output.dir().join("out.wav");
    let spec = hound::WavReader::open(&wav).unwrap().spec();
    assert_eq!(
        (spec.channels, spec.sample_rate, spec.bits_per_sample),
        (1, 48_000, 16)
    );
    onsets::wav_file_samples(&wav)
}

fn frame(ms: u64) -> usize {
    usize::try_from(ms).unwrap() * RATE / 1000
}

fn assert_onsets(name: &str, expected: &[usize], found: &[usize]) {
    let (worst, extra) = onsets::compare(expected, found, TOLERANCE);
    println!(
        "{name}: {} expected, {} found, worst {worst} frames ({:.3} ms)",
        expected.len(),
        found.len(),
        worst as f64 * 1000.0 / RATE as f64
    );
    assert!(
        worst <= TOLERANCE,
        "{name}: an onset is {worst} frames from its plan"
    );
    assert!(
        extra.is_empty(),
        "{name}: sounds where none was planned: {extra:?}"
    );
}

#[test]
fn every_bell_sounds_on_its_planned_sample() {
    let samples = render(Test::new(), &["--no-breath-tones", "--no-voice"]);
    let timeline = timeline();
    let mut expected = vec![0];
    for cue in &timeline.cues {
        match cue.kind {
            CueKind::StepStart if cue.at_ms > 0 => expected.push(frame(cue.at_ms)),
            CueKind::IntervalBell => expected.push(frame(cue.at_ms)),
            _ => {}
        }
    }
    for after in [0, 3_000, 6_000] {
        expected.push(frame(timeline.total_ms + after));
    }
    assert_eq!(expected.len(), 1 + 3 + 2 + 3);
    assert_onsets("bells", &expected, &onsets::find(&samples));
    // The end rings out to silence after the session.
    assert!(samples.len() > frame(timeline.total_ms + 6_000));
    assert!(samples.last().unwrap().abs() < 1e-3);
}

#[test]
fn every_breath_phase_sounds_on_its_planned_sample_and_holds_are_silent() {
    let samples = render(Test::new(), &["--no-bells", "--no-voice"]);
    let timeline = timeline();
    let mut expected = Vec::new();
    for cue in &timeline.cues {
        if let CueKind::Breath { phase, duration_ms } = cue.kind {
            let (start, end) = (frame(cue.at_ms), frame(cue.at_ms + duration_ms));
            let loudest = samples[start..end]
                .iter()
                .fold(0.0_f32, |m, s| m.max(s.abs()));
            if phase.label().starts_with("hold") {
                assert!(loudest <= 0.0, "a hold at {} ms is silent", cue.at_ms);
            } else {
                assert!(
                    loudest > 0.05,
                    "the {} at {} ms sounds",
                    phase.label(),
                    cue.at_ms
                );
                expected.push(start);
            }
        }
    }
    assert_eq!(expected.len(), 2 * 3 + 2 * 2);
    assert_onsets("breath", &expected, &onsets::find(&samples));
}

#[test]
fn rendering_is_the_same_every_time() {
    let first = render(Test::new(), &["--no-voice"]);
    let second = render(Test::new(), &["--no-voice"]);
    assert!(first == second);
    assert_eq!(first.len() % (RATE / 1000), 0);
}

#[test]
fn cues_turned_off_by_a_flag_the_routine_or_a_step_are_silent() {
    let routine = r#"
version = 1
name = "Quiet"
[sound]
bells = false

[[steps]]
title = "Told"
duration = "4s"
[steps.sound]
recording = "told.wav"

[[steps]]
title = "Unpaced"
duration = "4s"
[steps.sound]
breath = false
[steps.breath]
inhale = "1s"
exhale = "1s"

[[steps]]
title = "Paced"
duration = "4s"
[steps.breath]
inhale = "1s"
exhale = "1s"
"#;
    let test = Test::new().routine("quiet.toml", routine);
    // The recording: a tenth of a second of tone.
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(test.dir().join("told.wav"), spec).unwrap();
    for n in 1..4_800 {
        let value = (f64::from(n) * 0.05).sin() * 8_000.0;
        writer.write_sample(value as i16).unwrap();
    }
    writer.finalize().unwrap();
    let output = test
        .args(["render", "--no-voice", "{dir}/quiet.toml"])
        .args(["-o", "{dir}/out.wav", "--rate", "48000"])
        .run();
    let samples = onsets::wav_file_samples(&output.dir().join("out.wav"));
    // --no-voice silences speech, and a recording is the teacher's voice: silent too.
    let found = onsets::find(&samples);
    let paced: Vec<usize> = (0..4).map(|k| frame(8_000 + k * 1_000)).collect();
    assert_onsets("only the paced step", &paced, &found);
    // No bells at the end: the rendering stops with the session.
    assert_eq!(samples.len(), frame(12_000));
}

#[test]
fn a_teachers_recording_plays_after_the_steps_start() {
    let routine = "version = 1\nname = \"Told\"\n[sound]\nbells = false\n\
        [[steps]]\ntitle = \"One\"\nduration = \"3s\"\n\
        [[steps]]\ntitle = \"Two\"\nduration = \"3s\"\n[steps.sound]\nrecording = \"two.wav\"\n";
    let test = Test::new().routine("told.toml", routine);
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(test.dir().join("two.wav"), spec).unwrap();
    for n in 1..1_600 {
        writer
            .write_sample(((f64::from(n) * 0.1).sin() * 8_000.0) as i16)
            .unwrap();
    }
    writer.finalize().unwrap();
    let samples = rendered_without_a_speaker(test);
    // Step one would be spoken, but no speech program works; step two has its recording.
    assert_onsets(
        "recording",
        &[frame(3_000 + 1_200)],
        &onsets::find(&samples),
    );
}

#[test]
fn a_recording_is_said_where_its_step_begins() {
    // The step's recording is heard on its first side only: the switch and the second
    // side say their own words (here, none: no speech program works).
    let routine = "version = 1\nname = \"Told\"\n[sound]\nbells = false\n\
        [[steps]]\ntitle = \"One\"\nduration = \"3s\"\n\
        [[steps]]\ntitle = \"Two\"\nduration = \"3s\"\neach_side = true\nswitch = \"2s\"\n\
        rebound = \"2s\"\n[steps.sound]\nrecording = \"two.wav\"\n";
    let test = Test::new().routine("told.toml", routine);
    let tone = (1..1_600).map(|n| (f64::from(n) * 0.1).sin() * 0.25);
    crate::common::write_wav(&test.dir().join("two.wav"), 16_000, tone);
    let samples = rendered_without_a_speaker(test);
    assert_onsets(
        "recording",
        &[frame(3_000 + 1_200)],
        &onsets::find(&samples),
    );
}

#[test]
fn a_step_in_a_block_plays_its_recording_in_each_round_and_keeps_its_voice_off() {
    // Rounds of a step with a recording and a step whose voice is off: only the first is
    // heard, where it begins in each round.
    let routine = "version = 1\nname = \"Told\"\n[sound]\nbells = false\n\
        [[steps]]\ntitle = \"One\"\nduration = \"3s\"\n\
        [[steps]]\ntitle = \"Rounds\"\nrounds = 2\n\
        [[steps.block]]\ntitle = \"Told\"\nduration = \"3s\"\n\
        sound = { recording = \"told.wav\" }\n\
        [[steps.block]]\ntitle = \"Quiet\"\nduration = \"3s\"\n\
        sound = { recording = \"quiet.wav\", voice = false }\n";
    let test = Test::new().routine("told.toml", routine);
    for name in ["told.wav", "quiet.wav"] {
        let tone = (1..1_600).map(|n| (f64::from(n) * 0.1).sin() * 0.25);
        crate::common::write_wav(&test.dir().join(name), 16_000, tone);
    }
    let samples = rendered_without_a_speaker(test);
    let rounds = [3_000, 9_000].map(|start| frame(start + 1_200));
    assert_onsets("recording", &rounds, &onsets::find(&samples));
}

#[test]
fn the_practitioners_own_sound_replaces_a_built_in_one() {
    let test = Test::new();
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let blip = test.dir().join("blip.wav");
    let mut writer = hound::WavWriter::create(&blip, spec).unwrap();
    for n in 1..2_400 {
        writer
            .write_sample(((f64::from(n) * 0.1).sin() * 8_000.0) as i16)
            .unwrap();
    }
    writer.finalize().unwrap();
    let samples = render(
        test,
        &[
            "--no-breath-tones",
            "--no-voice",
            "--sound",
            "bell={dir}/blip.wav",
        ],
    );
    // The opening bell is the blip: it is over within 50 ms, where the bowl rings for seconds.
    assert!(samples[frame(10)..frame(50)].iter().any(|s| s.abs() > 0.01));
    assert!(samples[frame(60)..frame(8_000)].iter().all(|s| *s == 0.0));
}

#[test]
fn check_finds_a_missing_or_unplayable_sound_file() {
    let check = ["check", "{dir}/named.toml"];
    let missing = Test::new()
        .routine(
            "named.toml",
            "version = 1\nname = \"Named\"\n[sound]\nbell = \"bowl.wav\"\n\
             [[steps]]\ntitle = \"A\"\nduration = \"5s\"\n",
        )
        .args(check)
        .status(4)
        .stderr_has("bowl.wav")
        .run();
    let unplayable = missing
        .then()
        .file("bowl.wav", b"not a sound")
        .args(check)
        .status(3)
        .run();
    let built_in = std::fs::read(crate::common::root().join("sounds/bowl.wav")).unwrap();
    unplayable
        .then()
        .file("bowl.wav", &built_in)
        .args(check)
        .run();
}

/// The bells of a step made longer belong to that step: each one in the added minute
/// sounds, though the next step has none.
#[test]
fn a_bell_in_an_added_minute_sounds_whatever_the_next_step_says() {
    use psoas_timer::routine::CueSwitches;
    use psoas_timer::session::Command;
    use psoas_timer::sinks::sound::cues::{CueSettings, Cues};
    use psoas_timer::sinks::sound::sounds::SoundBank;
    use std::sync::Arc;
    use std::time::Duration;

    let text = "version = 1\nname = \"Longer\"\n\
        [[steps]]\ntitle = \"Rest\"\nduration = \"30s\"\nbell_every = \"20s\"\n\
        [[steps]]\ntitle = \"Quiet\"\nduration = \"30s\"\n[steps.sound]\nbells = false\n";
    let routine = psoas_timer::routine::parse("longer.toml", "longer", text).unwrap();
    let timeline = Arc::new(plan(&routine, PlanOptions::default()).unwrap());
    let allowed = CueSwitches {
        breath: false,
        voice: false,
        ..CueSwitches::default()
    };
    let mut cues = Cues::new(CueSettings::new(&routine, allowed), SoundBank::builtin());
    let press = (Duration::from_secs(25), Command::Extend { ms: 60_000 });
    let samples = onsets::rendered(&timeline, &mut cues, vec![press]);
    // The bowl; the bells at 20 s and, in the added minute, at 40, 60 and 80 s; no chime
    // for the quiet step at 90 s; the end strikes after 120 s.
    let expected: Vec<usize> = [0, 20_000, 40_000, 60_000, 80_000, 120_000, 123_000, 126_000]
        .into_iter()
        .map(frame)
        .collect();
    assert_onsets("extended", &expected, &onsets::find(&samples));
}

/// `{dir}/told.toml` of `test` rendered at 48 kHz with no breath tones and a speech program
/// that does not exist, so only recordings are heard: the samples.
fn rendered_without_a_speaker(test: Test) -> Vec<f32> {
    let no_speaker = test.dir().join("no-such-speaker");
    let output = test
        .args(["render", "--no-breath-tones", "{dir}/told.toml"])
        .args(["-o", "{dir}/out.wav", "--rate", "48000"])
        .env("PSOAS_TIMER_SPEECH_COMMAND", no_speaker)
        .run();
    onsets::wav_file_samples(&output.dir().join("out.wav"))
}

/// Whether sox's `soxi` is installed: it reads RF64 files, which hound does not.
fn soxi_here() -> bool {
    let installed = std::process::Command::new("soxi")
        .arg("--version")
        .output()
        .is_ok();
    can_run(installed, "sox (apt-get install sox)")
}

/// What `soxi` says of a file for one of its flags (`-t` type, `-c` channels, `-s` samples).
fn soxi(path: &std::path::Path, flag: &str) -> String {
    let output = std::process::Command::new("soxi")
        .arg(flag)
        .arg(path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "soxi {flag} {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// The samples of a file as sox decodes them.
fn sox_samples(path: &std::path::Path) -> Vec<i16> {
    let output = std::process::Command::new("sox")
        .arg(path)
        .args(["-t", "raw", "-e", "signed", "-b", "16", "-L", "-"])
        .output()
        .unwrap();
    assert!(output.status.success());
    output
        .stdout
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect()
}

/// A file too large for a WAV's 32-bit lengths is written as RF64; one that fits stays a
/// WAV. The limit, 4 GiB, is made small here, and the files read back by sox.
#[test]
fn a_wav_file_past_its_4_gib_limit_is_rf64_from_the_first_byte_over() {
    use psoas_timer::sinks::sound::export::{Container, Encoder, Format, Spec};

    if !soxi_here() {
        return;
    }
    let spec = Spec {
        format: Format::Wav,
        rate: 22_050,
        channels: 2,
    };
    let dir = tempfile::tempdir().unwrap();
    // The limit is on the RIFF chunk's length: 72 bytes of header after its first 8, and 4
    // bytes a stereo frame.
    let frames = 1_000;
    let limit = 72 + 4 * frames;
    let write = |name: &str, frames: u64| {
        let path = dir.path().join(name);
        let file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let mut encoder = Encoder::with_wav_limit(file, spec, limit).unwrap();
        let samples: Vec<i16> = (0..2 * frames)
            .map(|n| (n as i16).wrapping_mul(31))
            .collect();
        for block in samples.chunks(300) {
            encoder.write(block).unwrap();
        }
        let container = encoder.finish().unwrap();
        (path, container, samples)
    };
    let (fits, container, samples) = write("fits.wav", frames);
    assert_eq!(container, Some(Container::Wav));
    assert_eq!(&std::fs::read(&fits).unwrap()[..4], b"RIFF");
    assert_eq!(hound::WavReader::open(&fits).unwrap().len(), 2 * 1_000);
    assert_eq!(soxi(&fits, "-t"), "wav");
    assert_eq!(sox_samples(&fits), samples);

    let (over, container, samples) = write("over.wav", frames + 1);
    assert_eq!(container, Some(Container::Rf64));
    let bytes = std::fs::read(&over).unwrap();
    assert_eq!(&bytes[..4], b"RF64");
    assert_eq!(&bytes[12..16], b"ds64");
    assert_eq!(soxi(&over, "-r"), "22050");
    assert_eq!(soxi(&over, "-c"), "2");
    assert_eq!(soxi(&over, "-s"), (frames + 1).to_string());
    assert_eq!(sox_samples(&over), samples);
}

/// A rendering that cannot be written (the disk is full) fails, naming the file.
#[cfg(unix)]
#[test]
fn a_rendering_that_cannot_be_written_fails() {
    if !can_run(std::path::Path::new("/dev/full").exists(), "/dev/full") {
        return;
    }
    let test = Test::new();
    std::os::unix::fs::symlink("/dev/full", test.dir().join("full.wav")).unwrap();
    let output = test
        .args(["render", "settle", "--no-voice", "-o", "{dir}/full.wav"])
        .status(1)
        .stdout("")
        .stderr("error: cannot write [DIR]/full.wav: No space left on device (os error 28)\n")
        .run();
    // The link was the user's, and is kept.
    assert!(output.dir().join("full.wav").is_symlink());
}

/// A rendering stopped by a signal while it writes ends with the signal's code, and
/// removes the file it had begun: half a session is no use to anyone.
#[cfg(unix)]
#[test]
fn a_rendering_stopped_while_it_writes_leaves_no_file() {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    use std::time::{Duration, Instant};

    let long = "version = 1\nname = \"Long\"\n[[steps]]\ntitle = \"Rest\"\nduration = \"12h\"\n";
    let test = Test::new().routine("long.toml", long).args([
        "render",
        "{dir}/long.toml",
        "--no-voice",
        "-o",
        "{dir}/long.wav",
    ]);
    let mut child = test
        .command()
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let file = test.dir().join("long.wav");
    let began = Instant::now();
    while std::fs::metadata(&file).map_or(0, |m| m.len()) < 1_000_000 {
        assert!(began.elapsed() < Duration::from_secs(60), "nothing written");
        assert!(
            child.try_wait().unwrap().is_none(),
            "ended before it was stopped"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    kill(
        Pid::from_raw(i32::try_from(child.id()).unwrap()),
        Signal::SIGTERM,
    )
    .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(128 + Signal::SIGTERM as i32));
    assert!(!file.exists(), "the unfinished file is removed");
}
