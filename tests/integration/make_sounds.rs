//! The generator of the built-in sounds in `sounds/`, kept as a test so that it always
//! builds and so that every test run proves the committed files are what it makes.
//!
//! `cargo test --test integration make_sounds` checks the files; with
//! `PSOAS_TIMER_WRITE_SOUNDS=1` it writes them again. Every sound is additive synthesis:
//! inharmonic partials, each a pair of slightly detuned sines (the slow beating of a real
//! bowl), with a soft attack and a slow exponential decay. The breath tones are seamless
//! loops, shaped to each breath phase (swell and pitch glide) by the player.

use std::f64::consts::TAU;
use std::path::{Path, PathBuf};

use psoas_timer::routine::{SOUNDS, SoundKind};
use psoas_timer::sinks::sound::MIX_RATE;

/// The mix rate, so that the program plays the files as they lie in it, with nothing to
/// decode or resample. Every recipe is in seconds and hertz, so the sounds are the same at
/// any rate, and the breath loops stay seamless (their frequencies are whole cycles a loop).
const RATE: u32 = MIX_RATE;

/// One partial: frequency ratio to the fundamental, amplitude, decay time constant in seconds.
struct Partial {
    ratio: f64,
    amplitude: f64,
    decay_s: f64,
}

/// A struck sound: a fundamental, its partials, an attack, a length and a peak level.
struct Strike {
    fundamental: f64,
    partials: &'static [Partial],
    /// Beating between the two sines of each partial, in hertz.
    beat_hz: f64,
    attack_s: f64,
    length_s: f64,
    peak: f64,
}

/// Measured mode ratios of a hand-hammered bowl are close to these (far from harmonic).
const BOWL: Strike = Strike {
    fundamental: 196.0,
    partials: &[
        Partial {
            ratio: 1.0,
            amplitude: 1.0,
            decay_s: 3.2,
        },
        Partial {
            ratio: 2.71,
            amplitude: 0.45,
            decay_s: 2.2,
        },
        Partial {
            ratio: 5.15,
            amplitude: 0.16,
            decay_s: 1.2,
        },
        Partial {
            ratio: 8.33,
            amplitude: 0.05,
            decay_s: 0.6,
        },
    ],
    beat_hz: 0.7,
    attack_s: 0.004,
    length_s: 7.0,
    peak: 0.5,
};

/// The modes of a free bar (a chime tube), softened.
const CHIME: Strike = Strike {
    fundamental: 587.0,
    partials: &[
        Partial {
            ratio: 1.0,
            amplitude: 1.0,
            decay_s: 1.1,
        },
        Partial {
            ratio: 2.76,
            amplitude: 0.3,
            decay_s: 0.5,
        },
        Partial {
            ratio: 5.40,
            amplitude: 0.06,
            decay_s: 0.25,
        },
    ],
    beat_hz: 1.3,
    attack_s: 0.003,
    length_s: 3.5,
    peak: 0.35,
};

/// A small, light tap: a high bell that is gone within a second.
const TAP: Strike = Strike {
    fundamental: 1_046.0,
    partials: &[
        Partial {
            ratio: 1.0,
            amplitude: 1.0,
            decay_s: 0.28,
        },
        Partial {
            ratio: 2.32,
            amplitude: 0.25,
            decay_s: 0.12,
        },
        Partial {
            ratio: 4.25,
            amplitude: 0.05,
            decay_s: 0.06,
        },
    ],
    beat_hz: 2.0,
    attack_s: 0.002,
    length_s: 1.2,
    peak: 0.25,
};

/// The last stretch of every struck sound fades to exact silence, so the file ends cleanly.
const TAIL_FADE_S: f64 = 0.4;

fn strike(sound: &Strike) -> Vec<f64> {
    let frames = (sound.length_s * f64::from(RATE)) as usize;
    let mut out: Vec<f64> = (0..frames)
        .map(|i| {
            let t = i as f64 / f64::from(RATE);
            let ring: f64 = sound
                .partials
                .iter()
                .map(|p| {
                    let f = sound.fundamental * p.ratio;
                    let pair = (TAU * f * t).cos() + (TAU * (f + sound.beat_hz) * t).cos();
                    0.5 * p.amplitude * (-t / p.decay_s).exp() * pair
                })
                .sum();
            ring * attack(t, sound.attack_s) * tail(t, sound.length_s)
        })
        .collect();
    normalize(&mut out, sound.peak);
    out
}

/// A half-cosine rise: no click, and still a clear moment of striking.
fn attack(t: f64, attack_s: f64) -> f64 {
    if t >= attack_s {
        1.0
    } else {
        0.5 - 0.5 * (std::f64::consts::PI * t / attack_s).cos()
    }
}

fn tail(t: f64, length_s: f64) -> f64 {
    ((length_s - t - 1.0 / f64::from(RATE)) / TAIL_FADE_S).clamp(0.0, 1.0)
}

/// A breath tone: a soft chord and a veil of air, periodic over `LOOP_S` so it loops
/// without a seam (every frequency is a whole number of cycles per loop).
struct BreathTone {
    /// Chord tones in hertz and their levels, each a multiple of 1 / `LOOP_S`.
    tones: &'static [(f64, f64)],
    /// The band of the air noise, in hertz, and its level.
    air: (f64, f64, f64),
    seed: u64,
    peak: f64,
}

const LOOP_S: f64 = 4.0;

/// Brighter, with more air: the in-breath.
const INHALE: BreathTone = BreathTone {
    tones: &[(220.0, 1.0), (330.0, 0.45), (440.25, 0.25), (660.0, 0.08)],
    air: (900.0, 2_600.0, 0.35),
    seed: 0x1_4A1E,
    peak: 0.3,
};

/// Lower and warmer, less air: the out-breath.
const EXHALE: BreathTone = BreathTone {
    tones: &[(146.75, 1.0), (220.0, 0.4), (293.5, 0.2), (440.0, 0.05)],
    air: (300.0, 1_200.0, 0.2),
    seed: 0xE_4A1E,
    peak: 0.3,
};

fn breath_tone(tone: &BreathTone) -> Vec<f64> {
    let frames = (LOOP_S * f64::from(RATE)) as usize;
    let mut rng = tone.seed;
    let step = 1.0 / LOOP_S;
    let (low, high, level) = tone.air;
    let spacing = step * 21.0;
    let count = ((high - low) / spacing).ceil() as u32;
    let air: Vec<(f64, f64)> = (0..count)
        .map(|k| low + f64::from(k) * spacing)
        .map(|f| (f, next_unit(&mut rng) * TAU))
        .collect();
    let air_gain = level / (air.len() as f64).sqrt();
    let mut out: Vec<f64> = (0..frames)
        .map(|i| {
            let t = i as f64 / f64::from(RATE);
            let chord: f64 = tone
                .tones
                .iter()
                .map(|&(f, a)| a * (TAU * f * t).sin())
                .sum();
            let noise: f64 = air
                .iter()
                .map(|&(f, phase)| (TAU * f * t + phase).sin())
                .sum();
            chord + air_gain * noise
        })
        .collect();
    normalize(&mut out, tone.peak);
    out
}

/// A small, fixed pseudo-random sequence (xorshift), so the air is the same on every run.
fn next_unit(state: &mut u64) -> f64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    (*state >> 11) as f64 / (1u64 << 53) as f64
}

fn normalize(samples: &mut [f64], peak: f64) {
    let max = samples.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
    if max > 0.0 {
        for s in samples {
            *s *= peak / max;
        }
    }
}

fn to_i16(samples: &[f64]) -> Vec<i16> {
    samples
        .iter()
        .map(|s| (s * f64::from(i16::MAX)).round() as i16)
        .collect()
}

/// How each kind of sound in the program's table of sounds is made; a kind added to the
/// table does not build here until it has a recipe.
fn made(kind: SoundKind) -> Vec<i16> {
    let samples = match kind {
        SoundKind::Bowl => strike(&BOWL),
        SoundKind::Chime => strike(&CHIME),
        SoundKind::Tap => strike(&TAP),
        SoundKind::Inhale => breath_tone(&INHALE),
        SoundKind::Exhale => breath_tone(&EXHALE),
    };
    to_i16(&samples)
}

fn sounds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sounds")
}

fn write(path: &Path, samples: &[i16]) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(path, spec).expect("create the sound file");
    for &s in samples {
        writer.write_sample(s).expect("write a sample");
    }
    writer.finalize().expect("finish the sound file");
}

fn read(path: &Path) -> (hound::WavSpec, Vec<i16>) {
    let mut reader = hound::WavReader::open(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; write it with PSOAS_TIMER_WRITE_SOUNDS=1",
            path.display()
        )
    });
    let spec = reader.spec();
    let samples = reader.samples::<i16>().map(Result::unwrap).collect();
    (spec, samples)
}

#[test]
fn built_in_sounds_are_what_the_generator_makes() {
    let rewrite = std::env::var_os("PSOAS_TIMER_WRITE_SOUNDS").is_some();
    for sound in &SOUNDS {
        let (name, samples) = (sound.file, made(sound.kind));
        let path = sounds_dir().join(name);
        if rewrite {
            write(&path, &samples);
        } else {
            let on_disk = std::fs::read(&path).unwrap_or_default();
            assert!(
                on_disk == sound.bytes,
                "{name} is embedded as it is on disk"
            );
        }
        let (spec, stored) = read(&path);
        assert_eq!(
            (spec.channels, spec.sample_rate, spec.bits_per_sample),
            (1, RATE, 16)
        );
        assert_eq!(stored.len(), samples.len(), "{name}: length differs");
        // One step of rounding is allowed: libm's sin and exp may differ in the last bit.
        let worst = stored
            .iter()
            .zip(&samples)
            .map(|(a, b)| (i32::from(*a) - i32::from(*b)).abs())
            .max()
            .unwrap_or(0);
        assert!(worst <= 1, "{name}: differs from the generator by {worst}");
    }
}

#[test]
fn struck_sounds_start_softly_and_end_in_silence() {
    for sound in [&BOWL, &CHIME, &TAP] {
        let samples = strike(sound);
        assert!(samples[0].abs() < 1e-9, "no click at the start");
        assert!(samples.last().unwrap().abs() < 1e-9, "silence at the end");
        let peak = samples.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
        assert!((peak - sound.peak).abs() < 1e-9);
    }
}

#[test]
fn breath_tones_loop_without_a_seam() {
    for tone in [&INHALE, &EXHALE] {
        let samples = breath_tone(tone);
        let first = samples[0];
        let last = *samples.last().unwrap();
        // The sample after the last is the first again: the step across the seam is no
        // larger than the steps inside the loop.
        let largest_step = samples
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0.0, f64::max);
        assert!((first - last).abs() <= largest_step);
    }
}
