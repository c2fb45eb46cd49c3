//! What the mixer plays: a clip struck once (a bell, a spoken line), or a breath tone
//! looped and shaped to the length of its phase. Each is a rodio [`Source`] at the mix rate.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use rodio::{ChannelCount, SampleRate, Source};

use super::{MIX_CHANNELS, MIX_RATE};

/// Mono samples at the mix rate, shared by every voice that plays them.
#[derive(Debug, Clone, PartialEq)]
pub struct Clip(Arc<[f32]>);

impl Clip {
    /// A clip of these samples (mono, at the mix rate).
    #[must_use]
    pub fn new(samples: Vec<f32>) -> Self {
        Self(samples.into())
    }

    /// The samples.
    #[must_use]
    pub fn samples(&self) -> &[f32] {
        &self.0
    }

    /// How many frames it lasts.
    #[must_use]
    pub fn frames(&self) -> usize {
        self.0.len()
    }
}

/// Asks a playing voice to fade out and end.
#[derive(Debug, Clone, Default)]
pub struct StopHandle(Arc<AtomicBool>);

impl StopHandle {
    /// Fades the voice out.
    pub fn stop(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    fn stopped(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// How many spoken voices are sounding; breath tones soften while any is.
#[derive(Debug, Clone, Default)]
pub struct Speaking(Arc<AtomicUsize>);

impl Speaking {
    fn any(&self) -> bool {
        self.0.load(Ordering::Relaxed) > 0
    }
}

/// A voice that is stopped fades out over this long, so nothing ever clicks off.
const STOP_FADE_FRAMES: u32 = MIX_RATE / 8;
/// A damped bell fades over this long.
const DAMP_FRAMES: u32 = MIX_RATE / 2;
/// Breath tones drop to this level under speech.
const DUCKED_GAIN: f32 = 0.3;
/// How far the ducking level moves per frame (a full change takes about a quarter second).
const DUCK_STEP: f32 = 1.0 / (MIX_RATE as f32 / 4.0);

/// Fading out after a stop request.
#[derive(Debug, Clone, Default)]
struct Fader {
    handle: StopHandle,
    left: Option<u32>,
}

impl Fader {
    /// The gain for this frame, or `None` when the fade is over.
    fn gain(&mut self) -> Option<f32> {
        if self.left.is_none() && self.handle.stopped() {
            self.left = Some(STOP_FADE_FRAMES);
        }
        match &mut self.left {
            None => Some(1.0),
            Some(0) => None,
            Some(left) => {
                *left -= 1;
                Some(*left as f32 / STOP_FADE_FRAMES as f32)
            }
        }
    }
}

/// A clip played once at a gain.
pub struct ClipVoice {
    clip: Clip,
    position: usize,
    /// Where it is damped to silence, when it may not ring to its end.
    damped_at: Option<usize>,
    gain: f32,
    fader: Fader,
    /// Set for spoken clips: counted as speaking while they sound.
    speaking: Option<Speaking>,
    /// Whether this voice is counted in `speaking` now.
    counted: bool,
}

impl ClipVoice {
    /// Plays `clip` at `gain`; `stop` fades it out early.
    #[must_use]
    pub fn new(clip: Clip, gain: f32, stop: StopHandle) -> Self {
        Self {
            clip,
            position: 0,
            damped_at: None,
            gain,
            fader: Fader {
                handle: stop,
                left: None,
            },
            speaking: None,
            counted: false,
        }
    }

    /// Damps the ring so it is silent `BREATH_GAP_FRAMES` before `frames` have passed, as a
    /// hand stills a bowl before striking it again: each strike then starts from silence.
    #[must_use]
    pub fn lasting(mut self, frames: u64) -> Self {
        let end = frames.saturating_sub(BREATH_GAP_FRAMES);
        self.damped_at = Some(usize::try_from(end).unwrap_or(usize::MAX));
        self
    }

    /// The damping gain at the current position.
    fn damping(&self) -> f32 {
        match self.damped_at {
            Some(end) if self.position >= end => 0.0,
            Some(end) => ((end - self.position) as f32 / DAMP_FRAMES as f32).min(1.0),
            None => 1.0,
        }
    }

    /// Marks the clip as speech, so breath tones soften under it.
    #[must_use]
    pub fn spoken(mut self, speaking: Speaking) -> Self {
        self.speaking = Some(speaking);
        self
    }

    /// Counts the voice as speaking from its first sample (not from when it is scheduled).
    fn begin(&mut self) {
        if let (Some(speaking), false) = (&self.speaking, self.counted) {
            speaking.0.fetch_add(1, Ordering::Relaxed);
            self.counted = true;
        }
    }

    fn finish(&mut self) {
        if let (Some(speaking), true) = (self.speaking.take(), self.counted) {
            speaking.0.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

impl Drop for ClipVoice {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Iterator for ClipVoice {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        self.begin();
        let sample = self.clip.samples().get(self.position).copied();
        let fade = self.fader.gain();
        let (Some(sample), Some(fade)) = (sample, fade) else {
            self.finish();
            return None;
        };
        let damping = self.damping();
        if damping == 0.0 {
            self.finish();
            return None;
        }
        self.position += 1;
        Some(sample * self.gain * fade * damping)
    }
}

/// Which way a breath tone moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swell {
    /// Rising in pitch and growing: the in-breath.
    Rising,
    /// Falling in pitch and fading: the out-breath.
    Falling,
}

/// Breath tones end this long before their phase does, so each phase begins from silence.
pub const BREATH_GAP_FRAMES: u64 = MIX_RATE as u64 * 60 / 1000;
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
            frames: frames.saturating_sub(BREATH_GAP_FRAMES),
            swell,
            gain,
            fader: Fader {
                handle: stop,
                left: None,
            },
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
        let samples = self.clip.samples();
        let index = self.position as usize;
        let next = if index + 1 == samples.len() {
            0
        } else {
            index + 1
        };
        let frac = self.position.fract() as f32;
        samples[index] * (1.0 - frac) + samples[next] * frac
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

macro_rules! mix_rate_source {
    ($voice:ty) => {
        impl Source for $voice {
            fn current_span_len(&self) -> Option<usize> {
                None
            }

            fn channels(&self) -> ChannelCount {
                MIX_CHANNELS
            }

            fn sample_rate(&self) -> SampleRate {
                super::mix_rate()
            }

            fn total_duration(&self) -> Option<Duration> {
                None
            }
        }
    };
}

mix_rate_source!(ClipVoice);
mix_rate_source!(BreathVoice);

#[cfg(test)]
#[allow(clippy::float_cmp)] // the samples must be exactly these
mod tests {
    use super::*;

    #[test]
    fn a_clip_plays_once_at_its_gain() {
        let clip = Clip::new(vec![0.5, -0.5, 0.25]);
        let played: Vec<f32> = ClipVoice::new(clip, 0.5, StopHandle::default()).collect();
        assert_eq!(played, vec![0.25, -0.25, 0.125]);
    }

    #[test]
    fn a_damped_clip_falls_silent_before_its_time_is_up() {
        let clip = Clip::new(vec![1.0; 4 * MIX_RATE as usize]);
        let frames = u64::from(MIX_RATE);
        let played: Vec<f32> = ClipVoice::new(clip, 1.0, StopHandle::default())
            .lasting(frames)
            .collect();
        assert_eq!(played.len() as u64, frames - BREATH_GAP_FRAMES);
        assert!(played.last().unwrap() < &0.01);
    }

    #[test]
    fn a_stopped_voice_fades_out_then_ends() {
        let clip = Clip::new(vec![1.0; MIX_RATE as usize]);
        let stop = StopHandle::default();
        let mut voice = ClipVoice::new(clip, 1.0, stop.clone());
        assert_eq!(voice.next(), Some(1.0));
        stop.stop();
        let rest: Vec<f32> = voice.collect();
        assert_eq!(rest.len(), STOP_FADE_FRAMES as usize);
        assert!(rest.windows(2).all(|w| w[1] <= w[0]));
        assert_eq!(rest.last(), Some(&0.0));
    }

    #[test]
    fn a_breath_tone_fills_its_phase_less_the_gap_and_starts_from_silence() {
        let clip = Clip::new(
            (0..400)
                .map(|i| if i % 2 == 0 { 0.5 } else { -0.5 })
                .collect(),
        );
        let frames = u64::from(MIX_RATE) * 4;
        let tone: Vec<f32> =
            BreathVoice::new(clip, frames, Swell::Rising, 1.0, StopHandle::default()).collect();
        assert_eq!(tone.len() as u64, frames - BREATH_GAP_FRAMES);
        assert_eq!(tone[0], 0.0);
        assert!(tone[1].abs() > 0.0);
        assert!(tone.last().unwrap().abs() < 1e-3);
    }

    #[test]
    fn speech_softens_breath_while_it_sounds() {
        let speaking = Speaking::default();
        let clip = Clip::new(vec![0.5; 64]);
        let frames = u64::from(MIX_RATE) * 2;
        let tone = BreathVoice::new(
            clip.clone(),
            frames,
            Swell::Falling,
            1.0,
            StopHandle::default(),
        )
        .ducked_under(speaking.clone());
        let mut speech = ClipVoice::new(Clip::new(vec![0.0; 48_000]), 1.0, StopHandle::default())
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
