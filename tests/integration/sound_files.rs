//! Sound files in every common recording format: a teacher's recording from a phone, a
//! bowl from an editor. Each decodes to its length and pitch at the mix rate, and `render`
//! writes WAV or FLAC, chosen by the file's name.

use std::path::PathBuf;

use psoas_timer::sinks::sound::MIX_RATE;
use psoas_timer::sinks::sound::sounds::load_file;

use crate::common::{Test, root};

/// The fixtures: half a second of a 660 Hz tone in each format (made by `make.sh` beside
/// them), at rates from 11 to 48 kHz, one of them stereo.
const FORMATS: [&str; 5] = ["wav", "flac", "mp3", "ogg", "m4a"];
const TONE_HZ: f64 = 660.0;
const TONE_MS: f64 = 500.0;

fn tone(format: &str) -> PathBuf {
    root().join(format!("tests/fixtures/sounds/tone.{format}"))
}

/// The frequency of a steady tone, from its zero crossings (rising ones, interpolated).
fn pitch(samples: &[f32], rate: u32) -> f64 {
    let rising: Vec<f64> = samples
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| pair[0] < 0.0 && pair[1] >= 0.0)
        .map(|(n, pair)| n as f64 + f64::from(pair[0] / (pair[0] - pair[1])))
        .collect();
    let (first, last) = (rising[0], rising[rising.len() - 1]);
    (rising.len() - 1) as f64 * f64::from(rate) / (last - first)
}

/// Where a clip is louder than a tenth of its peak: its first and last such frame, in ms.
fn audible_ms(samples: &[f32]) -> (f64, f64) {
    let peak = samples.iter().fold(0.0_f32, |m, s| m.max(s.abs()));
    let loud = |s: &&f32| s.abs() > peak / 10.0;
    let first = samples.iter().position(|s| loud(&s)).unwrap_or(0);
    let last = samples.iter().rposition(|s| loud(&s)).unwrap_or(0);
    let ms = |frame: usize| frame as f64 * 1000.0 / f64::from(MIX_RATE);
    (ms(first), ms(last))
}

#[test]
fn every_format_decodes_to_its_length_and_pitch_at_the_mix_rate() {
    for format in FORMATS {
        let clip = load_file(&tone(format)).unwrap_or_else(|e| panic!("{format}: {e}"));
        let samples: Vec<f32> = clip.samples().collect();
        // The tone is faded in and out over 50 ms: it is heard from a few ms after its
        // start to a few ms before its end, wherever an encoder's padding put silence.
        let (first, last) = audible_ms(&samples);
        let heard = last - first;
        assert!(
            (TONE_MS - 12.0..=TONE_MS).contains(&heard),
            "{format}: heard for {heard:.1} ms ({first:.1} to {last:.1})"
        );
        let length = samples.len() as f64 * 1000.0 / f64::from(MIX_RATE);
        assert!(
            (TONE_MS - 2.0..=TONE_MS + 60.0).contains(&length),
            "{format}: lasts {length:.1} ms"
        );
        let start = (first + 100.0) as usize * MIX_RATE as usize / 1000;
        let steady = &samples[start..start + MIX_RATE as usize * 3 / 10];
        let hz = pitch(steady, MIX_RATE);
        assert!((hz - TONE_HZ).abs() < 1.0, "{format}: {hz:.2} Hz");
    }
}

const TOLD: &str = r#"
version = 1
name = "Told"

[[steps]]
title = "Rest"
duration = "5s"
[steps.sound]
recording = "told.mp3"
"#;

#[test]
fn check_accepts_a_routine_with_an_mp3_recording() {
    let mp3 = std::fs::read(tone("mp3")).unwrap();
    Test::new()
        .routine("told.toml", TOLD)
        .file("told.mp3", &mp3)
        .args(["check", "{dir}/told.toml"])
        .run();
}

#[test]
fn a_corrupt_recording_is_named_with_the_formats_that_play() {
    let mut mp3 = std::fs::read(tone("mp3")).unwrap();
    // Noise where the audio was: no frame can be found.
    for (n, byte) in mp3.iter_mut().enumerate() {
        *byte = (n * 7919 % 251) as u8;
    }
    Test::new()
        .routine("told.toml", TOLD)
        .file("told.mp3", &mp3)
        .args(["check", "{dir}/told.toml"])
        .status(3)
        .stderr_has("told.mp3")
        .stderr_has("WAV, FLAC, MP3, Ogg Vorbis and M4A/AAC files can be played")
        .run();
}

#[test]
fn a_practitioners_own_sound_may_be_an_ogg_file() {
    let ogg = std::fs::read(tone("ogg")).unwrap();
    Test::new()
        .routine(
            "told.toml",
            "version = 1\nname = \"Bell\"\n[[steps]]\ntitle = \"Rest\"\nduration = \"2s\"\n",
        )
        .file("bell.ogg", &ogg)
        .args([
            "render",
            "{dir}/told.toml",
            "--sound",
            "bell={dir}/bell.ogg",
        ])
        .args(["--no-voice", "-o", "{dir}/out.wav"])
        .run();
}

/// The 16-bit samples of a rendered file: WAV read by hound, FLAC decoded by rodio's
/// decoder (symphonia's), nothing to do with the encoder that wrote it.
fn decoded(path: &std::path::Path) -> (u32, u16, Vec<i16>) {
    use rodio::Source;
    if path.extension().is_some_and(|e| e == "wav") {
        let reader = hound::WavReader::open(path).unwrap();
        let spec = reader.spec();
        let samples = reader.into_samples::<i16>().map(Result::unwrap).collect();
        return (spec.sample_rate, spec.channels, samples);
    }
    let decoder = rodio::Decoder::try_from(std::fs::File::open(path).unwrap()).unwrap();
    let (rate, channels) = (decoder.sample_rate().get(), decoder.channels().get());
    let samples = decoder.map(|s| (s * 32_768.0).round() as i16).collect();
    (rate, channels, samples)
}

/// Twelve seconds of paced breath with bells: every kind of sound but words.
const SHORT: &str = r#"
version = 1
name = "Short"

[[steps]]
title = "Breathe"
duration = "12s"
bell_every = "4s"
[steps.breath]
inhale = "2s"
exhale = "3s"
"#;

#[test]
fn a_flac_rendering_is_the_wav_rendering_sample_for_sample() {
    for (rate, channels) in [("22050", "1"), ("44100", "2")] {
        let render = |test: Test, name: &str| {
            test.args(["render", "{dir}/short.toml", "--no-voice", "--rate", rate])
                .args(["--channels", channels, "-o", &format!("{{dir}}/{name}")])
                .run()
        };
        let first = render(Test::new().routine("short.toml", SHORT), "s.wav");
        let both = render(first.then(), "s.flac");
        let wav = decoded(&both.dir().join("s.wav"));
        let flac = decoded(&both.dir().join("s.flac"));
        let expected: (u32, u16) = (rate.parse().unwrap(), channels.parse().unwrap());
        assert_eq!((wav.0, wav.1), expected);
        assert_eq!((flac.0, flac.1), expected);
        let seconds = wav.2.len() as f64 / f64::from(expected.0) / f64::from(expected.1);
        assert!(seconds > 12.0, "{seconds} s");
        assert!(wav.2.iter().any(|&s| s != 0), "the rendering has sound");
        assert!(
            flac.2 == wav.2,
            "the FLAC decodes to the WAV's samples at {rate} Hz"
        );
    }
}

#[test]
fn render_says_what_it_wrote() {
    let output = Test::new()
        .routine("short.toml", SHORT)
        .args([
            "render",
            "{dir}/short.toml",
            "--no-voice",
            "-o",
            "{dir}/s.flac",
        ])
        .stderr("")
        .run();
    let path = output.dir().join("s.flac");
    let size = std::fs::metadata(&path).unwrap().len();
    let (rate, _, samples) = decoded(&path);
    let length =
        psoas_timer::duration::format_seconds(samples.len() as u64 * 1000 / u64::from(rate));
    let size = if size < 100_000 {
        format!("{:.1} kB", size as f64 / 1e3)
    } else {
        format!("{:.1} MB", size as f64 / 1e6)
    };
    assert_eq!(
        output.stdout,
        format!("wrote [DIR]/s.flac: {length}, {size}, FLAC 24 kHz mono\n")
    );
}

#[test]
fn render_refuses_a_name_of_another_format() {
    let output = Test::new()
        .args(["render", "settle", "-o", "{dir}/s.mp3"])
        .status(2)
        .stderr("error: cannot write [DIR]/s.mp3: render writes .wav or .flac files, the format chosen by the name's ending\n")
        .run();
    assert!(!output.dir().join("s.mp3").exists());
}
