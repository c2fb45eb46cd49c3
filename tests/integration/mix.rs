//! The balance of a session's sound, measured in rendered mixes the way the mix measures
//! (gated K-weighted loudness): every spoken clip at one reference loudness whatever said
//! it, the bowl and the breath tones a set distance under it, the first words after the
//! opening bowl has rung down, and an ambient bed, off unless asked for, ducked under words.

use std::sync::Arc;
use std::time::Duration;

use psoas_timer::plan::speech::FIRST_OPENING_DELAY_MS;
use psoas_timer::plan::{PlanOptions, Timeline, plan};
use psoas_timer::routine::sound_kinds::SoundGroup;
use psoas_timer::routine::{CueSwitches, Routine, SoundKind, Volumes, parse};
use psoas_timer::session::Command;
use psoas_timer::sinks::sound::ambient::{self, DUCK_DB, LEVEL_DB};
use psoas_timer::sinks::sound::cues::{CueSettings, Cues};
use psoas_timer::sinks::sound::loudness::{SPEECH_LUFS, loudness, momentary};
use psoas_timer::sinks::sound::sounds::SoundBank;
use psoas_timer::sinks::sound::voice::{Clip, Spoken};

use crate::common::Test;
use crate::onsets;

const RATE: usize = 48_000;

const ROUTINE: &str = r#"
version = 1
name = "Balance"

[[steps]]
title = "Arrive"
duration = "20s"

[[steps]]
title = "Breathe"
duration = "30s"
[steps.breath]
inhale = "4s"
exhale = "6s"
"#;

fn routine() -> Routine {
    parse("balance.toml", "balance", ROUTINE).unwrap()
}

fn frame(ms: usize) -> usize {
    ms * RATE / 1000
}

/// The loudness of `samples` between two moments, in LUFS.
fn loudness_between(samples: &[f32], from_ms: usize, to_ms: usize) -> f32 {
    let to = frame(to_ms).min(samples.len());
    loudness(samples[frame(from_ms)..to].iter().copied()).expect("something is heard there")
}

fn assert_near(what: &str, measured: f32, expected: f32) {
    println!("{what}: {measured:.2} LUFS, expected {expected:.2}");
    assert!(
        (measured - expected).abs() <= 1.0,
        "{what}: {measured:.2} LUFS, not within 1 dB of {expected:.2}"
    );
}

/// A stand-in for spoken words: syllables of a voiced tone rich in harmonics, `peak`
/// loud, `ms` long.
fn words(peak: f32, ms: usize) -> Spoken {
    let samples: Vec<f32> = (0..frame(ms))
        .map(|n| {
            let t = n as f32 / RATE as f32;
            let syllable = (t * 4.0 * std::f32::consts::PI).sin().abs();
            let voiced: f32 = (1..6)
                .map(|h| (t * 160.0 * h as f32 * std::f32::consts::TAU).sin() / h as f32)
                .sum();
            voiced * syllable * peak / 2.0
        })
        .collect();
    Spoken::recording(Clip::new(&samples))
}

/// `routine` rendered with only `allowed` cues, `texts` said as given, the volumes and
/// the ambient bed, and the keys pressed.
fn render(
    routine: &Routine,
    allowed: CueSwitches,
    texts: Vec<(String, Spoken)>,
    volumes: Volumes,
    bed: Option<Clip>,
    presses: Vec<(Duration, Command)>,
) -> (Arc<Timeline>, Vec<f32>) {
    let timeline = Arc::new(plan(routine, PlanOptions::default()).unwrap());
    let settings = CueSettings::new(routine, allowed).with_volumes(volumes);
    let mut cues = Cues::new(settings, SoundBank::builtin());
    if let Some(bed) = bed {
        cues = cues.with_ambient(bed);
    }
    for (text, spoken) in texts {
        cues.add_speech(text, spoken);
    }
    let samples = onsets::rendered(&timeline, &mut cues, presses);
    (timeline, samples)
}

const VOICE_ONLY: CueSwitches = CueSwitches {
    bells: false,
    breath: false,
    voice: true,
    counts: false,
};

#[test]
fn loud_and_quiet_speech_are_heard_at_the_same_reference_loudness() {
    let routine = routine();
    // A voice that shouts and one that whispers, 30 dB apart.
    let texts = vec![
        ("Arrive.".to_owned(), words(0.9, 3_000)),
        ("Breathe.".to_owned(), words(0.03, 3_000)),
    ];
    let (timeline, samples) = render(
        &routine,
        VOICE_ONLY,
        texts,
        Volumes::new(),
        None,
        Vec::new(),
    );
    let first = FIRST_OPENING_DELAY_MS as usize;
    let second = timeline.segments[1].start_ms as usize + 1_200;
    let loud = loudness_between(&samples, first, first + 3_000);
    let quiet = loudness_between(&samples, second, second + 3_000);
    assert_near("the loud voice", loud, SPEECH_LUFS);
    assert_near("the quiet voice", quiet, SPEECH_LUFS);
}

#[test]
fn a_speech_program_and_a_recording_are_brought_to_the_reference_too() {
    let test = Test::new();
    let dir = test.dir();
    // A speech program that says everything very quietly, and a loud recording.
    write_wav(&dir.join("quiet.wav"), &words(0.02, 1_500).clip);
    write_wav(&dir.join("loud.wav"), &words(0.95, 4_000).clip);
    let program = dir.join("speak.sh");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\ncat > /dev/null\ncp '{}' \"$1\"\n",
            dir.join("quiet.wav").display()
        ),
    )
    .unwrap();
    crate::common::make_executable(&program);
    let recorded_routine = format!("{ROUTINE}\n[steps.sound]\nrecording = \"loud.wav\"\n");
    let output = test
        .routine("balance.toml", &recorded_routine)
        .env("PSOAS_TIMER_SPEECH_COMMAND", &program)
        .args(["render", "{dir}/balance.toml", "-o", "{dir}/out.wav"])
        .args([
            "--no-bells",
            "--no-breath-tones",
            "--no-counts",
            "--rate",
            "48000",
        ])
        .stderr("")
        .run();
    let samples = onsets::wav_file_samples(&output.dir().join("out.wav"));
    let first = FIRST_OPENING_DELAY_MS as usize;
    let spoken = loudness_between(&samples, first, first + 1_500);
    let recorded = loudness_between(&samples, 20_000 + 1_200, 20_000 + 1_200 + 4_000);
    assert_near("the speech program's words", spoken, SPEECH_LUFS);
    assert_near("the recording", recorded, SPEECH_LUFS);
}

#[test]
fn espeak_ng_is_heard_at_the_reference_loudness() {
    if !crate::speech::espeak_ng_here() {
        return;
    }
    assert_near("espeak-ng", engine_loudness("espeak-ng"), SPEECH_LUFS);
}

#[test]
fn piper_is_heard_at_the_reference_loudness() {
    if !crate::voices::piper_here() {
        return;
    }
    assert_near("piper", engine_loudness("piper"), SPEECH_LUFS);
}

/// The loudness of two sentences said by a real speech engine, as rendered.
fn engine_loudness(engine: &str) -> f32 {
    let text = r#"
version = 1
name = "Spoken"
[[steps]]
title = "Arrive"
duration = "20s"
text = "Let the floor take your weight. Let the breath come and go."
"#;
    let output = Test::new()
        .routine("spoken.toml", text)
        .args(["render", "{dir}/spoken.toml", "-o", "{dir}/out.wav"])
        .args(["--no-bells", "--no-breath-tones", "--rate", "48000"])
        .args(["--speech-engine", engine])
        .stderr("")
        .run();
    let samples = onsets::wav_file_samples(&output.dir().join("out.wav"));
    let first = FIRST_OPENING_DELAY_MS as usize;
    loudness_between(&samples, first, 19_000)
}

const NO_VOICE: CueSwitches = CueSwitches {
    bells: true,
    breath: true,
    voice: false,
    counts: false,
};

#[test]
fn the_bowl_and_the_breath_tones_sit_their_set_distance_under_the_speech() {
    let routine = routine();
    let (timeline, samples) = render(
        &routine,
        NO_VOICE,
        Vec::new(),
        Volumes::new(),
        None,
        Vec::new(),
    );
    let level = |kind: SoundKind| SPEECH_LUFS + kind.sound().level_db;
    assert_near(
        "the opening bowl",
        loudness_between(&samples, 0, 7_000),
        level(SoundKind::Bowl),
    );
    // The breath tones between the chime's ring and the end.
    let breath = &timeline.segments[1];
    let (from, to) = (breath.start_ms as usize + 10_000, breath.end_ms as usize);
    assert_near(
        "the breath tones",
        loudness_between(&samples, from, to),
        level(SoundKind::Inhale),
    );
    // And each group follows its own volume: half is 12 dB softer.
    let half = Volumes::from([(SoundGroup::Bells, 50), (SoundGroup::Breath, 50)]);
    let (_, softer) = render(&routine, NO_VOICE, Vec::new(), half, None, Vec::new());
    let bowl = loudness_between(&softer, 0, 7_000);
    assert_near("the bowl at 50%", bowl, level(SoundKind::Bowl) - 12.04);
    let tones = loudness_between(&softer, from, to);
    assert_near("the breath at 50%", tones, level(SoundKind::Inhale) - 12.04);
}

#[test]
fn a_volume_in_the_settings_or_a_flag_moves_its_group() {
    let rendered = |test: Test, flags: &[&str]| {
        let output = test
            .routine("balance.toml", ROUTINE)
            .args(["render", "{dir}/balance.toml", "-o", "{dir}/out.wav"])
            .args(["--no-voice", "--no-breath-tones", "--rate", "48000"])
            .args(flags)
            .run();
        let samples = onsets::wav_file_samples(&output.dir().join("out.wav"));
        loudness_between(&samples, 0, 7_000)
    };
    let own = rendered(Test::new(), &[]);
    let half = "[sound.volume]\nbells = 50\n";
    let set = rendered(Test::new().config(half), &[]);
    let flagged = rendered(Test::new().config(half), &["--volume-of", "bells=150"]);
    assert_near("bells at 50% in the settings", set, own - 12.04);
    assert_near("bells at 150% by a flag", flagged, own + 7.04);
}

/// From when on every 400 ms window of the bowl stays this far under its loudest.
const BOWL_DECAYED_DB: f32 = 20.0;

#[test]
fn the_first_words_wait_until_the_opening_bowl_has_rung_down() {
    let bank = SoundBank::builtin();
    let envelope = momentary(bank.clip(SoundKind::Bowl).samples());
    let loudest = envelope.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    // Windows start every 100 ms: the first after which none is as loud as the threshold.
    let last_loud = envelope
        .iter()
        .rposition(|&l| l > loudest - BOWL_DECAYED_DB)
        .unwrap();
    let decayed_ms = (last_loud as u64 + 1) * 100;
    println!("the bowl is {BOWL_DECAYED_DB} dB down from {decayed_ms} ms");
    assert!(
        (decayed_ms..=decayed_ms + 500).contains(&FIRST_OPENING_DELAY_MS),
        "the first words at {FIRST_OPENING_DELAY_MS} ms, the bowl rung down at {decayed_ms} ms"
    );
}

#[test]
fn there_is_no_ambient_bed_unless_asked_for() {
    let silent = |test: Test, flags: &[&str]| {
        let output = test
            .routine("balance.toml", ROUTINE)
            .args(["render", "{dir}/balance.toml", "-o", "{dir}/out.wav"])
            .args([
                "--no-voice",
                "--no-bells",
                "--no-breath-tones",
                "--rate",
                "48000",
            ])
            .args(flags)
            .run();
        let samples = onsets::wav_file_samples(&output.dir().join("out.wav"));
        samples.iter().all(|s| *s == 0.0)
    };
    let noise = "[sound]\nambient = \"noise\"\n";
    assert!(silent(Test::new(), &[]), "off by default");
    assert!(
        !silent(Test::new(), &["--ambient", "noise"]),
        "--ambient noise"
    );
    assert!(!silent(Test::new().config(noise), &[]), "in the settings");
    assert!(
        silent(Test::new().config(noise), &["--no-ambient"]),
        "--no-ambient wins"
    );
}

#[test]
fn the_ambient_bed_fades_in_ducks_under_words_pauses_and_fades_out() {
    let routine = routine();
    let texts = || vec![("Arrive.".to_owned(), words(0.5, 4_000))];
    let pause = Duration::from_secs(30);
    let presses = || {
        vec![
            (pause, Command::Pause),
            (pause + Duration::from_secs(5), Command::Resume),
        ]
    };
    let (timeline, both) = render(
        &routine,
        VOICE_ONLY,
        texts(),
        Volumes::new(),
        Some(ambient::noise()),
        presses(),
    );
    let (_, words_alone) = render(
        &routine,
        VOICE_ONLY,
        texts(),
        Volumes::new(),
        None,
        presses(),
    );
    // The mix is a sum: what the words alone leave out is the bed.
    let bed: Vec<f32> = both
        .iter()
        .zip(words_alone.iter().chain(std::iter::repeat(&0.0)))
        .map(|(a, b)| a - b)
        .collect();
    let first = FIRST_OPENING_DELAY_MS as usize;
    let open = loudness_between(&bed, first + 5_000, first + 10_000);
    let ducked = loudness_between(&bed, first + 1_000, first + 4_000);
    assert_near("the bed", open, SPEECH_LUFS + LEVEL_DB);
    assert_near("the bed under words", ducked, open + DUCK_DB);
    // It fades in from silence.
    let start = loudness_between(&bed, 0, 1_000);
    assert!(start < open - 10.0, "fading in: {start} against {open}");
    // A pause stills it (after its fade), and it comes back on resuming.
    let pause_ms = pause.as_millis() as usize;
    let still = &bed[frame(pause_ms + 1_500)..frame(pause_ms + 5_000)];
    assert!(still.iter().all(|s| s.abs() < 1e-4), "silent while paused");
    let back = loudness_between(&bed, pause_ms + 10_000, pause_ms + 14_000);
    assert_near("the bed after the pause", back, open);
    // It fades out from the end of the session (later by the pause), and the rendering
    // ends when it has.
    let end_ms = timeline.total_ms as usize + 5_000;
    let ending = loudness_between(&bed, end_ms + 2_000, end_ms + 4_000);
    assert!(ending < open - 6.0, "fading out: {ending} against {open}");
    let gone = frame(end_ms + ambient::FADE_OUT_MS as usize);
    // (A rendering is written 100 ms at a time.)
    assert!(
        bed.len().abs_diff(gone) <= frame(100),
        "{} frames, gone at {gone}",
        bed.len()
    );
}

fn write_wav(path: &std::path::Path, clip: &Clip) {
    crate::common::write_wav(path, 48_000, clip.samples().map(f64::from));
}
