//! What the mixer plays: a clip struck once (a bell, a spoken line), or a breath tone
//! looped and shaped to the length of its phase. Each is a rodio [`Source`] at the mix rate.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use rodio::{ChannelCount, SampleRate, Source};

use super::{MIX_CHANNELS, MIX_RATE};

/// Mono samples at the mix rate, shared by every voice that plays them. They are kept as
/// 16-bit integers: half the room of `f32`, and the step between two values is 96 dB under
/// full scale, far under hearing. Each is read out as an `f32` from -1 to 1, as the
/// decoders read 16-bit files, and all mixing is done in those.
#[derive(Clone)]
pub struct Clip(Pcm);

/// Where a clip's samples are.
#[derive(Clone)]
enum Pcm {
    /// A built-in sound's, where they lie in the program (the data chunk of its WAV file:
    /// 16-bit little-endian): nothing is copied, and the pages are read only when needed.
    Embedded(&'static [u8]),
    /// Any other sound's, on the heap.
    Decoded(Arc<[i16]>),
}

/// The `f32` of the 16-bit value one past the largest: 32768 is 1.0.
const FULL_SCALE: f32 = 32_768.0;

impl Clip {
    /// A clip of these samples (mono, at the mix rate). Samples past full scale (a float
    /// file, or a resampled one's peaks between samples) do not fit in 16 bits: the whole
    /// clip is brought down until they do rather than clipped, which is never heard, since
    /// every clip is measured and brought to its level in the mix after it is made.
    #[must_use]
    pub fn new(samples: &[f32]) -> Self {
        // 16 bits hold -1 up to one step under 1: how far past that the furthest sample is.
        let largest = f32::from(i16::MAX) / FULL_SCALE;
        let over = samples
            .iter()
            .fold(1.0_f32, |over, s| over.max(s / largest).max(-s));
        Self(Pcm::Decoded(
            samples.iter().map(|s| quantized(s / over)).collect(),
        ))
    }

    /// A built-in sound, from the 16-bit little-endian samples where they lie in the
    /// program.
    #[must_use]
    pub fn embedded(pcm: &'static [u8]) -> Self {
        Self(Pcm::Embedded(pcm))
    }

    /// Whether these are the samples embedded in `bytes` (a built-in sound's file).
    #[must_use]
    pub fn lies_in(&self, bytes: &'static [u8]) -> bool {
        match &self.0 {
            Pcm::Embedded(pcm) => bytes.as_ptr_range().contains(&pcm.as_ptr()),
            Pcm::Decoded(_) => false,
        }
    }

    /// How many frames it lasts.
    #[must_use]
    pub fn frames(&self) -> usize {
        match &self.0 {
            Pcm::Embedded(bytes) => bytes.len() / 2,
            Pcm::Decoded(samples) => samples.len(),
        }
    }

    /// The sample at `frame`, which must be inside the clip.
    #[must_use]
    pub fn sample(&self, frame: usize) -> f32 {
        let value = match &self.0 {
            Pcm::Embedded(bytes) => i16::from_le_bytes([bytes[2 * frame], bytes[2 * frame + 1]]),
            Pcm::Decoded(samples) => samples[frame],
        };
        f32::from(value) / FULL_SCALE
    }

    /// Every sample, in order.
    #[must_use]
    pub fn samples(&self) -> impl ExactSizeIterator<Item = f32> + '_ {
        (0..self.frames()).map(|frame| self.sample(frame))
    }

    /// The clip scaled by `gain` (which the levels never let past full scale).
    #[must_use]
    pub fn scaled(&self, gain: f32) -> Self {
        Self(Pcm::Decoded(
            self.samples().map(|s| quantized(s * gain)).collect(),
        ))
    }
}

/// The nearest 16-bit value (a cast saturates, so past full scale is the largest).
fn quantized(sample: f32) -> i16 {
    (sample * FULL_SCALE).round() as i16
}

impl PartialEq for Clip {
    fn eq(&self, other: &Self) -> bool {
        self.frames() == other.frames() && self.samples().eq(other.samples())
    }
}

/// Its length, not its samples: a clip of words holds hundreds of thousands.
impl std::fmt::Debug for Clip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clip")
            .field("frames", &self.frames())
            .finish_non_exhaustive()
    }
}

/// Words ready to be said: one clip, and the frames at which its sentences end, so that
/// words that would run past their moment can stop at the end of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Spoken {
    /// The words, sentence after sentence with a pause between.
    pub clip: Clip,
    /// Where each sentence ends, in frames from the start; empty for a recording, which is
    /// played whole.
    pub sentence_ends: Vec<usize>,
}

impl Spoken {
    /// A recording, played whole.
    #[must_use]
    pub fn recording(clip: Clip) -> Self {
        Self {
            clip,
            sentence_ends: Vec::new(),
        }
    }

    /// How many frames to play when `room` frames are free: the whole clip when it fits,
    /// else up to the end of the last sentence that fits; `None` when not even the first
    /// sentence does. A recording always plays whole.
    #[must_use]
    pub fn fitting(&self, room: u64) -> Option<usize> {
        let room = usize::try_from(room).unwrap_or(usize::MAX);
        if self.sentence_ends.is_empty() || self.clip.frames() <= room {
            return Some(self.clip.frames());
        }
        self.sentence_ends
            .iter()
            .rev()
            .copied()
            .find(|&end| end <= room)
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

    /// Whether the voice has been asked to stop.
    pub(super) fn is_stopped(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// How many spoken voices are sounding; breath tones soften while any is.
#[derive(Debug, Clone, Default)]
pub struct Speaking(Arc<AtomicUsize>);

impl Speaking {
    /// Whether any spoken voice is sounding.
    pub(super) fn any(&self) -> bool {
        self.0.load(Ordering::Relaxed) > 0
    }
}

/// A voice that is stopped fades out over this long, so nothing ever clicks off.
const STOP_FADE_FRAMES: u32 = MIX_RATE / 8;
/// A damped bell fades over this long.
const DAMP_FRAMES: u32 = MIX_RATE / 2;
/// A sound that gives way to the next ends this long before it, so each begins from
/// silence (a breath tone before the next phase, a bell stilled before the next strike).
pub const GAP_FRAMES: u64 = MIX_RATE as u64 * 60 / 1000;

/// Fading out after a stop request.
#[derive(Debug, Clone, Default)]
pub(super) struct Fader {
    handle: StopHandle,
    left: Option<u32>,
}

impl Fader {
    /// A fader that fades when `handle` asks.
    pub(super) fn new(handle: StopHandle) -> Self {
        Self { handle, left: None }
    }

    /// The gain for this frame, or `None` when the fade is over.
    pub(super) fn gain(&mut self) -> Option<f32> {
        if self.left.is_none() && self.handle.is_stopped() {
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
    /// Where it ends, when it is not played to its end (at a pause between sentences).
    end: Option<usize>,
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
            end: None,
            gain,
            fader: Fader::new(stop),
            speaking: None,
            counted: false,
        }
    }

    /// Damps the ring so it is silent `GAP_FRAMES` before `frames` have passed, as a
    /// hand stills a bowl before striking it again: each strike then starts from silence.
    #[must_use]
    pub fn lasting(mut self, frames: u64) -> Self {
        let end = frames.saturating_sub(GAP_FRAMES);
        self.damped_at = Some(usize::try_from(end).unwrap_or(usize::MAX));
        self
    }

    /// Ends the clip after `frames`, where it is silent (between two sentences).
    #[must_use]
    pub fn until(mut self, frames: usize) -> Self {
        self.end = Some(frames);
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
        let end = self
            .end
            .map_or(self.clip.frames(), |end| end.min(self.clip.frames()));
        let sample = (self.position < end).then(|| self.clip.sample(self.position));
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
/// Every voice is mono at the mix rate, and says so to rodio.
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
pub(super) use mix_rate_source;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clip_holds_16_bit_samples_and_brings_what_is_past_full_scale_under_it() {
        let clip = Clip::new(&[0.5, -0.25, 0.1]);
        let step = 1.0 / FULL_SCALE;
        let read: Vec<f32> = clip.samples().collect();
        assert_eq!(read[..2], [0.5, -0.25]);
        assert!((read[2] - 0.1).abs() <= step / 2.0, "{}", read[2]);
        // Twice full scale: the whole clip is halved, not clipped.
        let loud: Vec<f32> = Clip::new(&[2.0, -1.0, 0.5]).samples().collect();
        assert!(
            (loud[0] - 1.0).abs() <= step && (loud[1] + 0.5).abs() <= step,
            "{loud:?}"
        );
        assert!((loud[2] - 0.25).abs() <= step, "{loud:?}");
        // The lowest 16-bit value, -1, fits as it is.
        let low: Vec<f32> = Clip::new(&[-1.0, 0.5]).samples().collect();
        assert_eq!(low, [-1.0, 0.5]);
        // Embedded: little-endian pairs of bytes, read where they lie.
        let embedded = Clip::embedded(&[0x00, 0x40, 0x00, 0xc0, 0xff, 0x7f]);
        assert_eq!(embedded.frames(), 3);
        let read: Vec<f32> = embedded.samples().collect();
        assert_eq!(read, [0.5, -0.5, 1.0 - step]);
        assert_eq!(embedded.scaled(0.5).samples().next(), Some(0.25));
    }

    #[test]
    fn a_clip_plays_once_at_its_gain() {
        let clip = Clip::new(&[0.5, -0.5, 0.25]);
        let played: Vec<f32> = ClipVoice::new(clip, 0.5, StopHandle::default()).collect();
        assert_eq!(played, vec![0.25, -0.25, 0.125]);
    }

    #[test]
    fn a_damped_clip_falls_silent_before_its_time_is_up() {
        let clip = Clip::new(&vec![1.0; 4 * MIX_RATE as usize]);
        let frames = u64::from(MIX_RATE);
        let played: Vec<f32> = ClipVoice::new(clip, 1.0, StopHandle::default())
            .lasting(frames)
            .collect();
        assert_eq!(played.len() as u64, frames - GAP_FRAMES);
        assert!(played.last().unwrap() < &0.01);
    }

    #[test]
    fn a_stopped_voice_fades_out_then_ends() {
        // A half, exact in 16 bits (full scale is one step past the largest value).
        let clip = Clip::new(&vec![0.5; MIX_RATE as usize]);
        let stop = StopHandle::default();
        let mut voice = ClipVoice::new(clip, 1.0, stop.clone());
        assert_eq!(voice.next(), Some(0.5));
        stop.stop();
        let rest: Vec<f32> = voice.collect();
        assert_eq!(rest.len(), STOP_FADE_FRAMES as usize);
        assert!(rest.windows(2).all(|w| w[1] <= w[0]));
        assert_eq!(rest.last(), Some(&0.0));
    }
}
