//! How loud a sound seems, and the gain that puts it at its place in the mix.
//!
//! The measure is the gated loudness of ITU-R BS.1770 (written here from the published
//! figures): the samples are K-weighted (a high shelf of about +4 dB above 1.5 kHz, where
//! the ear is most sensitive to speech and bells, and a high-pass under 40 Hz, which the
//! ear hardly weighs), the mean square is taken over 400 ms blocks every 100 ms, blocks
//! below -70 LUFS are dropped, and so are blocks 10 LU below the loudness of those left.
//! The gates matter here: a spoken text is mostly pauses between sentences and a bell is
//! mostly its quiet tail, and a plain RMS would count both, so a text with long pauses, or
//! a bowl with a long ring, would be turned up until its words or its strike were too loud.
//! A standard measure also means any BS.1770 meter can check these figures.
//!
//! Every spoken clip (whatever program said it, or a teacher's recording) is put at
//! [`SPEECH_LUFS`]; every other sound at a set number of dB under it
//! ([`crate::routine::sound_kinds`]). A gain never lifts a clip's peak above
//! [`PEAK_CEILING_DB`], so a very peaky clip ends up a little under its level rather than
//! clipped.

use super::MIX_RATE;
use super::voice::Spoken;

/// The loudness every spoken clip is brought to: the reference of the mix, in LUFS. About
/// where espeak-ng's words sat before they were measured, it leaves room above for the
/// peaks of speech (espeak-ng's reach 19 to 20 dB over its loudness) under the ceiling, so
/// that words are rarely held down by it, and for a bell or a breath tone at the same time.
pub const SPEECH_LUFS: f32 = -22.0;
/// No gain lifts a clip's loudest sample above this, in dB of full scale.
pub const PEAK_CEILING_DB: f32 = -1.0;

/// A block of the measure: 400 ms.
const BLOCK_FRAMES: usize = MIX_RATE as usize * 4 / 10;
/// Blocks start every 100 ms (three quarters of each overlaps the next).
const HOP_FRAMES: usize = MIX_RATE as usize / 10;
/// Blocks quieter than this are silence, in LUFS.
const ABSOLUTE_GATE: f32 = -70.0;
/// Blocks this far under the loudness of the blocks above the absolute gate are dropped.
const RELATIVE_GATE: f32 = 10.0;
/// The offset in the definition of loudness, so that a 1 kHz tone at full scale measures
/// about -3 LUFS, as its RMS does in dB.
const OFFSET: f64 = -0.691;

/// A second-order filter section, `b` over `a` (with `a0` = 1).
struct Biquad {
    b: [f64; 3],
    a: [f64; 2],
}

/// K-weighting at 48 kHz, the two stages published in BS.1770: the head's high shelf,
/// then the high-pass.
const K_WEIGHTING: [Biquad; 2] = [
    Biquad {
        b: [
            1.535_124_859_586_97,
            -2.691_696_189_406_38,
            1.198_392_810_852_85,
        ],
        a: [-1.690_659_293_182_41, 0.732_480_774_215_85],
    },
    Biquad {
        b: [1.0, -2.0, 1.0],
        a: [-1.990_047_454_833_98, 0.990_072_250_366_21],
    },
];

/// Loudness in LUFS of a mean square of K-weighted samples.
fn lufs(mean_square: f64) -> f32 {
    if mean_square <= 0.0 {
        f32::NEG_INFINITY
    } else {
        (OFFSET + 10.0 * mean_square.log10()) as f32
    }
}

/// What one pass over a sound finds (a measure runs on the player's thread as words
/// arrive, so it is kept to plain arithmetic).
struct Pass {
    /// The sums of the squares of the K-weighted samples over each 100 ms.
    hops: Vec<f64>,
    /// The sum over what is left after the last whole 100 ms.
    rest: f64,
    frames: usize,
    /// The loudest sample's size.
    peak: f32,
}

impl Pass {
    fn over(samples: impl IntoIterator<Item = f32>) -> Self {
        let [first, second] = &K_WEIGHTING;
        let (mut a0, mut a1, mut b0, mut b1) = (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
        let samples = samples.into_iter();
        let mut pass = Self {
            hops: Vec::with_capacity(samples.size_hint().0 / HOP_FRAMES + 1),
            rest: 0.0,
            frames: 0,
            peak: 0.0,
        };
        for sample in samples {
            // Transposed direct form II, one section after the other.
            let x = f64::from(sample);
            let y = first.b[0] * x + a0;
            a0 = first.b[1] * x - first.a[0] * y + a1;
            a1 = first.b[2] * x - first.a[1] * y;
            let z = second.b[0] * y + b0;
            b0 = second.b[1] * y - second.a[0] * z + b1;
            b1 = second.b[2] * y - second.a[1] * z;
            pass.rest += z * z;
            pass.frames += 1;
            pass.peak = pass.peak.max(sample.abs());
            if pass.frames.is_multiple_of(HOP_FRAMES) {
                pass.hops.push(pass.rest);
                pass.rest = 0.0;
            }
        }
        pass
    }

    /// The mean square of each 400 ms block, every 100 ms; a sound shorter than a block is
    /// one block of its own length.
    fn block_powers(&self) -> Vec<f64> {
        let per_block = BLOCK_FRAMES / HOP_FRAMES;
        if self.hops.len() < per_block {
            let whole = self.hops.iter().sum::<f64>() + self.rest;
            return vec![whole / self.frames.max(1) as f64];
        }
        self.hops
            .windows(per_block)
            .map(|block| block.iter().sum::<f64>() / BLOCK_FRAMES as f64)
            .collect()
    }

    /// The gated loudness, in LUFS; `None` for silence.
    fn loudness(&self) -> Option<f32> {
        let mean = |powers: &[f64]| powers.iter().sum::<f64>() / powers.len() as f64;
        let heard: Vec<f64> = self
            .block_powers()
            .into_iter()
            .filter(|&p| lufs(p) > ABSOLUTE_GATE)
            .collect();
        if heard.is_empty() {
            return None;
        }
        let gate = lufs(mean(&heard)) - RELATIVE_GATE;
        let kept: Vec<f64> = heard.into_iter().filter(|&p| lufs(p) > gate).collect();
        Some(lufs(mean(&kept)))
    }
}

/// The gated loudness of `samples` (mono, at the mix rate), in LUFS; `None` for silence.
#[must_use]
pub fn loudness(samples: impl IntoIterator<Item = f32>) -> Option<f32> {
    Pass::over(samples).loudness()
}

/// The loudness of every 400 ms block, every 100 ms (the "momentary" loudness), in LUFS:
/// a sound's envelope as the ear follows it.
#[must_use]
pub fn momentary(samples: impl IntoIterator<Item = f32>) -> Vec<f32> {
    Pass::over(samples)
        .block_powers()
        .into_iter()
        .map(lufs)
        .collect()
}

/// The loudest sample, in dB of full scale.
#[must_use]
pub fn peak_db(samples: impl IntoIterator<Item = f32>) -> f32 {
    amplitude_db(samples.into_iter().fold(0.0_f32, |m, s| m.max(s.abs())))
}

/// The gain that brings `samples` to `target` LUFS, held down so that no sample goes over
/// [`PEAK_CEILING_DB`]; 1 for silence. One pass measures both.
#[must_use]
pub fn gain_to(samples: impl IntoIterator<Item = f32>, target: f32) -> f32 {
    Measured::of(samples).gain_to(target)
}

/// What a sound's level is worked out from: its loudness and its peak.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    /// The gated loudness in LUFS; `None` for silence.
    pub lufs: Option<f32>,
    /// The loudest sample, in dB of full scale.
    pub peak_db: f32,
}

impl Measured {
    /// Measures `samples` in one pass.
    #[must_use]
    pub fn of(samples: impl IntoIterator<Item = f32>) -> Self {
        let pass = Pass::over(samples);
        Self {
            lufs: pass.loudness(),
            peak_db: amplitude_db(pass.peak),
        }
    }

    /// The gain that brings the sound to `target` LUFS, held down so that no sample goes
    /// over [`PEAK_CEILING_DB`]; 1 for silence.
    #[must_use]
    pub fn gain_to(&self, target: f32) -> f32 {
        let Some(measured) = self.lufs else {
            return 1.0;
        };
        db_to_gain((target - measured).min(PEAK_CEILING_DB - self.peak_db))
    }
}

/// An amplitude in dB of full scale.
fn amplitude_db(amplitude: f32) -> f32 {
    20.0 * amplitude.log10()
}

/// A level in dB as an amplitude.
#[must_use]
pub fn db_to_gain(db: f32) -> f32 {
    10f32.powf(db / 20.0)
}

/// A volume in percent as an amplitude: the square of the fraction, so that equal steps
/// sound like equal steps (100 is the sound's own place in the mix, 50 about 12 dB under).
#[must_use]
pub fn percent_gain(percent: u16) -> f32 {
    (f32::from(percent) / 100.0).powi(2)
}

/// A volume in percent in dB: as [`percent_gain`], so 0 is silence (minus infinity).
#[must_use]
pub fn percent_db(percent: u16) -> f32 {
    20.0 * percent_gain(percent).log10()
}

/// Spoken words brought to the reference loudness of the mix, whoever said them, moved by
/// the voice's volume (`volume_db`, 0 for its own place) and held under the ceiling.
#[must_use]
pub fn speech(spoken: Spoken, volume_db: f32) -> Spoken {
    let gain = gain_to(spoken.clip.samples(), SPEECH_LUFS + volume_db);
    Spoken {
        clip: spoken.clip.scaled(gain),
        sentence_ends: spoken.sentence_ends,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sinks::sound::voice::Clip;

    fn tone(hz: f32, amplitude: f32, seconds: f32) -> Vec<f32> {
        let frames = (seconds * MIX_RATE as f32) as usize;
        (0..frames)
            .map(|n| (n as f32 * hz * std::f32::consts::TAU / MIX_RATE as f32).sin() * amplitude)
            .collect()
    }

    #[test]
    fn a_full_scale_1khz_tone_measures_about_minus_3_lufs() {
        // BS.1770's own check: a 0 dBFS sine at 997 Hz reads -3.01 LKFS on one channel.
        let measured = loudness(tone(997.0, 1.0, 3.0)).unwrap();
        assert!((measured + 3.01).abs() < 0.1, "{measured}");
        let half = loudness(tone(997.0, 0.5, 3.0)).unwrap();
        assert!((half - measured + 6.02).abs() < 0.05, "{half}");
    }

    #[test]
    fn pauses_and_silence_do_not_lower_the_measure() {
        let mut spaced = tone(500.0, 0.3, 1.0);
        spaced.extend(vec![0.0; MIX_RATE as usize * 3]);
        spaced.extend(tone(500.0, 0.3, 1.0));
        let steady = loudness(tone(500.0, 0.3, 2.0)).unwrap();
        let gapped = loudness(spaced).unwrap();
        // Only the blocks that straddle an edge count a little silence; a plain mean
        // over the whole would be 4 dB lower.
        assert!((steady - gapped).abs() < 1.0, "{steady} {gapped}");
        assert_eq!(loudness(vec![0.0; 48_000]), None);
        assert!(loudness(tone(500.0, 0.3, 0.1)).is_some(), "a short word");
    }

    #[test]
    fn low_rumble_counts_for_little() {
        let low = loudness(tone(30.0, 0.5, 2.0)).unwrap();
        let mid = loudness(tone(1_000.0, 0.5, 2.0)).unwrap();
        assert!(mid - low > 3.0, "{low} {mid}");
    }

    #[test]
    fn speech_is_brought_to_the_reference_without_passing_the_ceiling() {
        for amplitude in [0.02, 0.9] {
            let spoken = speech(
                Spoken::recording(Clip::new(&tone(300.0, amplitude, 2.0))),
                0.0,
            );
            let measured = loudness(spoken.clip.samples()).unwrap();
            assert!((measured - SPEECH_LUFS).abs() < 0.05, "{measured}");
        }
        // A click among quiet words: held under the ceiling, a little under the reference.
        let mut peaky = tone(300.0, 0.01, 2.0);
        peaky[100] = 1.0;
        let spoken = speech(Spoken::recording(Clip::new(&peaky)), 0.0);
        assert!(peak_db(spoken.clip.samples()) <= PEAK_CEILING_DB + 1e-3);
        assert!(loudness(spoken.clip.samples()).unwrap() < SPEECH_LUFS);
    }

    #[test]
    fn volumes_are_squared_percentages() {
        assert!((percent_gain(100) - 1.0).abs() < 1e-6);
        assert!((percent_gain(50) - 0.25).abs() < 1e-6);
        assert!(percent_gain(0).abs() < 1e-9);
        assert!((percent_db(50) + 12.04).abs() < 0.01);
        assert!(percent_db(0).is_infinite() && percent_db(0) < 0.0);
    }
}
