//! Breath tones: a tone looped and shaped to one phase, rising in pitch and growing
//! through an inhale, falling and fading through an exhale, softened under speech.

use std::time::Duration;

use rodio::{ChannelCount, SampleRate, Source};

use super::voice::{Clip, Fader, GAP_FRAMES, Speaking, StopHandle, mix_rate_source};
use super::{MIX_CHANNELS, MIX_RATE};
use crate::routine::SoundKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swell {
    /// Rising in pitch and growing: the in-breath.
    Rising,
    /// Falling in pitch and fading: the out-breath.
    Falling,
}

impl Swell {
    /// Which way the tone of `kind` moves, for the kinds that are breath tones.
    #[must_use]
    pub fn of(kind: SoundKind) -> Option<Self> {
        match kind {
            SoundKind::Inhale => Some(Self::Rising),
            SoundKind::Exhale => Some(Self::Falling),
            _ => None,
        }
    }
}

/// Breath tones drop to this level under speech.
const DUCKED_GAIN: f32 = 0.3;
/// How far the ducking level moves per frame (a full change takes about a quarter second).
const DUCK_STEP: f32 = 1.0 / (MIX_RATE as f32 / 4.0);
/// How far the pitch glides over a phase: a major third.
const GLIDE: f64 = 1.26;

/// A breath tone looped and shaped to one phase: a pitch glide and a swell.
pub struct BreathVoice {
    clip: Clip,
    position: f64,
    frame: u64,
    frames: u64,
    swell: Swell,
    gain: f32,
    fader: Fader,
    speaking: Speaking,
    duck: f32,
    /// The shape is worked out every `CONTROL_FRAMES` and followed in straight lines
    /// between: the loudness and the rate now, and their steps per frame.
    shape: [f64; 2],
    shape_step: [f64; 2],
}

/// How often a breath tone's loudness and pitch are worked out afresh (1.3 ms).
const CONTROL_FRAMES: u64 = 64;

impl BreathVoice {
    /// A tone from `clip` lasting `frames` (less the gap before the next phase).
    #[must_use]
    pub fn new(clip: Clip, frames: u64, swell: Swell, gain: f32, stop: StopHandle) -> Self {
        Self {
            clip,
            position: 0.0,
            frame: 0,
            frames: frames.saturating_sub(GAP_FRAMES),
            swell,
            gain,
            fader: Fader::new(stop),
            speaking: Speaking::default(),
            duck: 1.0,
            shape: [0.0, 1.0],
            shape_step: [0.0, 0.0],
        }
        .shaped_from(0)
    }

    /// Starts following the shape from `frame` to the next control point.
    fn shaped_from(mut self, frame: u64) -> Self {
        self.aim(frame);
        self
    }

    fn aim(&mut self, frame: u64) {
        let now = self.at(frame);
        let then = self.at(frame + CONTROL_FRAMES);
        self.shape = now;
        for i in 0..2 {
            self.shape_step[i] = (then[i] - now[i]) / CONTROL_FRAMES as f64;
        }
    }

    /// Loudness and rate at `frame`.
    fn at(&self, frame: u64) -> [f64; 2] {
        let p = (frame as f64 / self.frames.max(1) as f64).min(1.0);
        [self.envelope(p), self.rate(p)]
    }

    /// Softens the tone while anything is spoken.
    #[must_use]
    pub fn ducked_under(mut self, speaking: Speaking) -> Self {
        self.speaking = speaking;
        self
    }

    /// The playback rate: the pitch glides up through an inhale, down through an exhale.
    fn rate(&self, p: f64) -> f64 {
        match self.swell {
            Swell::Rising => 1.0 + (GLIDE - 1.0) * p,
            Swell::Falling => GLIDE - (GLIDE - 1.0) * p,
        }
    }

    /// The loudness: an inhale grows to near its end; an exhale is fullest early and
    /// fades. Both start and end at zero, with straight ramps at the edges.
    fn envelope(&self, p: f64) -> f64 {
        let (peak_at, edge) = match self.swell {
            Swell::Rising => (0.8, 0.2),
            Swell::Falling => (0.2, 0.2),
        };
        let body = if p < peak_at {
            0.5 + 0.5 * p / peak_at
        } else {
            1.0 - 0.5 * (p - peak_at) / (1.0 - peak_at)
        };
        // A square-root rise: soft, yet the tone is there from its very first moment.
        let rise = (p / edge).min(1.0).sqrt();
        let fall = ((1.0 - p) / edge).min(1.0);
        body * rise * fall
    }

    fn looped_sample(&self) -> f32 {
        let index = self.position as usize;
        let next = if index + 1 == self.clip.frames() {
            0
        } else {
            index + 1
        };
        let frac = self.position.fract() as f32;
        self.clip.sample(index) * (1.0 - frac) + self.clip.sample(next) * frac
    }
}

impl Iterator for BreathVoice {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.frame >= self.frames || self.clip.frames() == 0 {
            return None;
        }
        let fade = self.fader.gain()?;
        let target = if self.speaking.any() {
            DUCKED_GAIN
        } else {
            1.0
        };
        self.duck += (target - self.duck).clamp(-DUCK_STEP, DUCK_STEP);
        let [loudness, rate] = self.shape;
        let sample = self.looped_sample() * (loudness as f32) * self.gain * fade * self.duck;
        self.position += rate;
        let len = self.clip.frames() as f64;
        while self.position >= len {
            self.position -= len;
        }
        self.frame += 1;
        if self.frame.is_multiple_of(CONTROL_FRAMES) {
            self.aim(self.frame);
        } else {
            self.shape[0] += self.shape_step[0];
            self.shape[1] += self.shape_step[1];
        }
        Some(sample)
    }
}

mix_rate_source!(BreathVoice);

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "the samples must be exactly these")]
mod tests {
    use super::*;
    use crate::sinks::sound::voice::ClipVoice;

    #[test]
    fn a_breath_tone_fills_its_phase_less_the_gap_and_starts_from_silence() {
        let clip = Clip::new(
            &(0..400)
                .map(|i| if i % 2 == 0 { 0.5 } else { -0.5 })
                .collect::<Vec<_>>(),
        );
        let frames = u64::from(MIX_RATE) * 4;
        let tone: Vec<f32> =
            BreathVoice::new(clip, frames, Swell::Rising, 1.0, StopHandle::default()).collect();
        assert_eq!(tone.len() as u64, frames - GAP_FRAMES);
        assert_eq!(tone[0], 0.0);
        assert!(tone[1].abs() > 0.0);
        assert!(tone.last().unwrap().abs() < 1e-3);
    }

    #[test]
    fn speech_softens_breath_while_it_sounds() {
        let speaking = Speaking::default();
        let clip = Clip::new(&[0.5; 64]);
        let frames = u64::from(MIX_RATE) * 2;
        let tone = BreathVoice::new(
            clip.clone(),
            frames,
            Swell::Falling,
            1.0,
            StopHandle::default(),
        )
        .ducked_under(speaking.clone());
        let mut speech = ClipVoice::new(Clip::new(&vec![0.0; 48_000]), 1.0, StopHandle::default())
            .spoken(speaking.clone());
        // Waiting to be heard is not speaking yet.
        assert!(!speaking.any());
        speech.next();
        assert!(speaking.any());
        let loud: Vec<f32> = tone.collect();
        drop(speech);
        assert!(!speaking.any());
        let quiet_tone = BreathVoice::new(clip, frames, Swell::Falling, 1.0, StopHandle::default());
        let plain: Vec<f32> = quiet_tone.collect();
        let middle = loud.len() / 2;
        assert!(loud[middle] < plain[middle] * 0.5);
    }
}
