//! The ambient bed: one sound looped under a whole session (the built-in soft noise, or a
//! teacher's file), faded in at the start and out at the end, quieted by a pause, and
//! ducked a few decibels under the words with smooth ramps.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use rodio::{ChannelCount, SampleRate, Source};

use super::loudness::{self, SPEECH_LUFS};
use super::voice::{Clip, Speaking, StopHandle, mix_rate_source};
use super::{MIX_CHANNELS, MIX_RATE, frames_of_ms};

/// The ambient bed sits this far under the speech, in dB: there, and never in the way.
pub const LEVEL_DB: f32 = -18.0;
/// Under words it drops this much further, in dB.
pub const DUCK_DB: f32 = -6.0;
/// The ducking follows speech this quickly as words begin (a time constant, in ms)...
const DUCK_ATTACK_MS: u64 = 150;
/// ...and comes back this slowly after them, so the pauses between sentences do not pump.
const DUCK_RELEASE_MS: u64 = 800;
/// At the start of the session, and on resuming, the bed fades in over this long.
pub const FADE_IN_MS: u64 = 4_000;
/// At the end of the session it fades out over this long, under the last bells.
pub const FADE_OUT_MS: u64 = 6_000;
/// Stopped (a pause, or a session ended early) it fades out over this long.
const STOP_FADE_MS: u64 = 1_000;
/// The built-in noise lasts this long before it repeats.
const NOISE_SECONDS: usize = 24;
/// A loop's end is blended into its start over this long (at most a quarter of it).
const SEAM_MS: u64 = 2_000;

/// The built-in soft noise: brown noise (white noise, integrated, so it falls 6 dB an
/// octave), its rumble under 60 Hz and its hiss over 2.5 kHz rolled off, like air moving
/// in a quiet room; a seamless loop at the level of the ambient bed. The same every time.
#[must_use]
pub fn noise() -> Clip {
    let frames = NOISE_SECONDS * MIX_RATE as usize;
    let mut random = Xorshift(0x9e37_79b9_7f4a_7c15);
    let mut brown = 0.0_f32;
    let mut high_pass = OnePole::new(60.0);
    let mut low_pass = OnePole::new(2_500.0);
    let samples: Vec<f32> = (0..frames)
        .map(|_| {
            // A leaky integrator: brown above a few hertz, and it cannot drift away.
            brown = brown * 0.998 + random.next_sample() * 0.05;
            let without_rumble = brown - high_pass.low(brown);
            low_pass.low(without_rumble)
        })
        .collect();
    bed(&Clip::new(&samples))
}

/// `clip` (a teacher's file) as the ambient bed: a seamless loop at the bed's level.
#[must_use]
pub fn bed(clip: &Clip) -> Clip {
    let looped = seamless(clip);
    let gain = loudness::gain_to(looped.samples(), SPEECH_LUFS + LEVEL_DB);
    looped.scaled(gain)
}

/// `clip` made to loop without a seam: its last part blended into its first, with an
/// equal-power crossfade, so that the end runs straight on into the start.
fn seamless(clip: &Clip) -> Clip {
    let frames = clip.frames();
    let seam = usize::try_from(frames_of_ms(SEAM_MS))
        .unwrap_or(0)
        .min(frames / 4);
    if seam == 0 {
        return clip.clone();
    }
    let tail = frames - seam;
    let blended = (0..seam).map(|i| {
        let angle = (i as f32 + 0.5) / seam as f32 * std::f32::consts::FRAC_PI_2;
        clip.sample(i) * angle.sin() + clip.sample(tail + i) * angle.cos()
    });
    let looped: Vec<f32> = blended
        .chain((seam..tail).map(|i| clip.sample(i)))
        .collect();
    Clip::new(&looped)
}

/// A small, fast, repeatable source of noise (Marsaglia's xorshift).
struct Xorshift(u64);

impl Xorshift {
    /// The next sample of white noise, from -1 to 1.
    fn next_sample(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }
}

/// A one-pole low-pass filter.
struct OnePole {
    coefficient: f32,
    state: f32,
}

impl OnePole {
    fn new(corner_hz: f32) -> Self {
        let coefficient = 1.0 - (-std::f32::consts::TAU * corner_hz / MIX_RATE as f32).exp();
        Self {
            coefficient,
            state: 0.0,
        }
    }

    fn low(&mut self, x: f32) -> f32 {
        self.state += self.coefficient * (x - self.state);
        self.state
    }
}

/// Where a session's ambient bed is: where the loop has got to (so that it carries on
/// after a pause rather than starting over) and the frame its closing fade begins at.
#[derive(Debug, Clone, Default)]
pub struct BedPlace {
    position: Arc<AtomicUsize>,
    fade_from: Arc<AtomicU64>,
}

impl BedPlace {
    /// A bed that has not begun, with no end in sight.
    #[must_use]
    pub fn new() -> Self {
        let place = Self::default();
        place.fade_from.store(u64::MAX, Ordering::Relaxed);
        place
    }

    /// The bed fades out from `frame` of the mix, over [`FADE_OUT_MS`].
    pub fn end_at(&self, frame: u64) {
        self.fade_from.store(frame, Ordering::Relaxed);
    }
}

/// One stretch of the ambient bed, from the start or a resume to the end or a pause.
pub struct AmbientVoice {
    clip: Clip,
    /// The frame of the mix this voice plays now.
    frame: u64,
    started: u64,
    gain: f32,
    place: BedPlace,
    stop: StopHandle,
    /// Frames left of the fade after a stop.
    stopping: Option<u64>,
    speaking: Speaking,
    duck: f32,
    position: Option<usize>,
}

impl AmbientVoice {
    /// The bed from `clip` at `gain`, starting at `frame` of the mix where `place` says
    /// the loop had got to; `stop` fades it out quickly, ducked under `speaking`.
    #[must_use]
    pub fn new(
        clip: Clip,
        gain: f32,
        frame: u64,
        place: BedPlace,
        stop: StopHandle,
        speaking: Speaking,
    ) -> Self {
        Self {
            clip,
            frame,
            started: frame,
            gain,
            place,
            stop,
            stopping: None,
            speaking,
            duck: 1.0,
            position: None,
        }
    }

    /// The fades' gain at this frame, or `None` once faded out.
    fn fades(&mut self) -> Option<f32> {
        let fade_in = frames_of_ms(FADE_IN_MS);
        let rising = ((self.frame - self.started) as f32 / fade_in as f32).min(1.0);
        let fade_from = self.place.fade_from.load(Ordering::Relaxed);
        let out = frames_of_ms(FADE_OUT_MS);
        let falling = match self.frame.checked_sub(fade_from) {
            None => 1.0,
            Some(gone) if gone >= out => return None,
            Some(gone) => 1.0 - gone as f32 / out as f32,
        };
        if self.stopping.is_none() && self.stop.is_stopped() {
            self.stopping = Some(frames_of_ms(STOP_FADE_MS));
        }
        let stopped = match &mut self.stopping {
            None => 1.0,
            Some(0) => return None,
            Some(left) => {
                *left -= 1;
                *left as f32 / frames_of_ms(STOP_FADE_MS) as f32
            }
        };
        // Squared, so a fade sounds even rather than lingering loud and dropping late.
        Some((rising * falling * stopped).powi(2))
    }

    /// The ducking gain, moved a step towards where the words want it.
    fn ducking(&mut self) -> f32 {
        let (target, time_ms) = if self.speaking.any() {
            (loudness::db_to_gain(DUCK_DB), DUCK_ATTACK_MS)
        } else {
            (1.0, DUCK_RELEASE_MS)
        };
        let coefficient = 1.0 / frames_of_ms(time_ms) as f32;
        self.duck += (target - self.duck) * coefficient;
        self.duck
    }
}

impl Iterator for AmbientVoice {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        let frames = self.clip.frames();
        if frames == 0 {
            return None;
        }
        let position = *self
            .position
            .get_or_insert_with(|| self.place.position.load(Ordering::Relaxed) % frames);
        let sample = self.clip.sample(position);
        let fades = self.fades()?;
        let duck = self.ducking();
        let next = (position + 1) % frames;
        self.position = Some(next);
        self.place.position.store(next, Ordering::Relaxed);
        self.frame += 1;
        Some(sample * self.gain * fades * duck)
    }
}

mix_rate_source!(AmbientVoice);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sinks::sound::voice::ClipVoice;

    #[test]
    fn the_noise_is_soft_steady_and_loops_without_a_seam() {
        let samples: Vec<f32> = noise().samples().collect();
        let level = loudness::loudness(samples.iter().copied()).unwrap();
        assert!((level - (SPEECH_LUFS + LEVEL_DB)).abs() < 0.1, "{level}");
        // Every second about as loud as the next: a bed, not a gust.
        let seconds: Vec<f32> = samples
            .chunks(MIX_RATE as usize)
            .filter_map(|second| loudness::loudness(second.iter().copied()))
            .collect();
        let (low, high) = seconds
            .iter()
            .fold((f32::MAX, f32::MIN), |(l, h), s| (l.min(*s), h.max(*s)));
        assert!(high - low < 2.0, "{seconds:?}");
        // Across the seam, no step larger than the noise makes anywhere else.
        let largest_step = samples
            .windows(2)
            .fold(0.0_f32, |m, w| m.max((w[1] - w[0]).abs()));
        let seam = (samples[0] - samples[samples.len() - 1]).abs();
        assert!(seam <= largest_step, "{seam} {largest_step}");
    }

    #[test]
    fn a_file_that_does_not_loop_is_blended_at_its_seam() {
        let ramp: Vec<f32> = (0..48_000).map(|n| n as f32 / 48_000.0 - 0.5).collect();
        let looped = seamless(&Clip::new(&ramp));
        let seam = (looped.sample(0) - looped.sample(looped.frames() - 1)).abs();
        assert!(seam < 0.01, "{seam}");
    }

    fn voice(place: BedPlace, stop: StopHandle, speaking: Speaking) -> AmbientVoice {
        AmbientVoice::new(Clip::new(&vec![0.5; 4_800]), 1.0, 0, place, stop, speaking)
    }

    #[test]
    fn the_bed_fades_in_ducks_under_words_and_fades_out_at_the_end() {
        let place = BedPlace::new();
        let speaking = Speaking::default();
        let mut bed = voice(place.clone(), StopHandle::default(), speaking.clone());
        let first: Vec<f32> = bed
            .by_ref()
            .take(frames_of_ms(FADE_IN_MS) as usize)
            .collect();
        assert!(first[0] < 1e-6 && first.windows(2).all(|w| w[1] >= w[0]));
        let full = bed.next().unwrap();
        assert!((full - 0.5).abs() < 1e-3, "{full}");
        // Words: a smooth fall to 6 dB under, and back after them.
        let mut words = ClipVoice::new(Clip::new(&vec![0.0; 48_000]), 1.0, StopHandle::default())
            .spoken(speaking.clone());
        words.next();
        let ducked: Vec<f32> = bed.by_ref().take(48_000).collect();
        let steps = ducked
            .windows(2)
            .fold(0.0_f32, |m, w| m.max((w[1] - w[0]).abs()));
        assert!(steps < 1e-3, "no click: {steps}");
        let under = 20.0 * (ducked[47_999] / full).log10();
        assert!((under - DUCK_DB).abs() < 0.1, "{under}");
        drop(words);
        let back = bed.by_ref().nth(5 * 48_000).unwrap();
        assert!((back - full).abs() < 1e-3, "{back}");
        place.end_at(bed.frame);
        let rest = bed.count() as u64;
        assert_eq!(rest, frames_of_ms(FADE_OUT_MS));
    }

    #[test]
    fn a_stopped_bed_fades_quickly_and_the_next_carries_on_where_it_was() {
        let place = BedPlace::new();
        let stop = StopHandle::default();
        let ramp: Vec<f32> = (0..4_800).map(|n| n as f32 / 4_800.0).collect();
        let clip = Clip::new(&ramp);
        let mut bed = AmbientVoice::new(
            clip.clone(),
            1.0,
            0,
            place.clone(),
            stop.clone(),
            Speaking::default(),
        );
        bed.by_ref().take(1_000).for_each(drop);
        stop.stop();
        assert_eq!(bed.count() as u64, frames_of_ms(STOP_FADE_MS));
        // A thousand frames, then the fade: the loop of 4,800 frames is that far along.
        let along = (1_000 + frames_of_ms(STOP_FADE_MS) as usize) % 4_800;
        let mut again = AmbientVoice::new(
            clip.clone(),
            1.0,
            frames_of_ms(FADE_IN_MS),
            place,
            StopHandle::default(),
            Speaking::default(),
        );
        again.started = 0;
        assert_eq!(again.next(), Some(clip.sample(along)));
    }
}
