//! Every change of sample rate, in one place and band-limited: a decoded file brought to
//! the mix rate, and the mix brought to the rate a rendering is written at.
//!
//! A resampler that merely interpolates between samples leaves images of the sound above
//! the source's Nyquist frequency (a 22 kHz voice played at 48 kHz hisses up to 24 kHz).
//! Rubato's FFT resampler filters them out: it works on blocks, so it keeps a short delay,
//! which is trimmed here so that a sound still begins on its first sample.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler, WindowFunction};

/// Frames handed to the resampler at a time; its filter is as long, so a longer block
/// filters more sharply.
const CHUNK: usize = 1024;

/// Why a sound could not be brought to another rate.
#[derive(Debug, thiserror::Error)]
#[error("cannot change the sample rate from {from} Hz to {to} Hz: {reason}")]
pub struct ResampleError {
    from: u32,
    to: u32,
    reason: String,
}

/// Mono sound at one rate turned into the same sound at another, pushed a block at a time,
/// so that a whole session never has to be held in memory.
pub struct StreamResampler {
    from: u32,
    to: u32,
    /// `None` when the rates are the same and samples pass through unchanged.
    fft: Option<Fft<f32>>,
    /// Input not yet resampled: less than one chunk between calls.
    pending: Vec<f32>,
    /// One chunk of output.
    chunk_out: Vec<f32>,
    /// Frames of the resampler's delay still to drop from the front of the output.
    delay_left: usize,
    /// Input frames taken so far.
    taken: u64,
    /// Output frames given so far.
    given: u64,
}

impl std::fmt::Debug for StreamResampler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamResampler")
            .field("from", &self.from)
            .field("to", &self.to)
            .field("taken", &self.taken)
            .field("given", &self.given)
            .finish_non_exhaustive()
    }
}

impl StreamResampler {
    /// A resampler from `from` Hz to `to` Hz.
    pub fn new(from: u32, to: u32) -> Result<Self, ResampleError> {
        let error = |reason: String| ResampleError { from, to, reason };
        if from == 0 || to == 0 {
            return Err(error("a rate of 0 Hz".to_owned()));
        }
        let fft = if from == to {
            None
        } else {
            let fft = Fft::<f32>::new_custom(
                from as usize,
                to as usize,
                CHUNK,
                1,
                1,
                WindowFunction::BlackmanHarris2,
                FixedSync::Input,
            )
            .map_err(|e| error(e.to_string()))?;
            Some(fft)
        };
        let (delay_left, chunk_out) = fft.as_ref().map_or((0, Vec::new()), |fft| {
            (fft.output_delay(), vec![0.0; fft.output_frames_max()])
        });
        Ok(Self {
            from,
            to,
            fft,
            pending: Vec::new(),
            chunk_out,
            delay_left,
            taken: 0,
            given: 0,
        })
    }

    /// Resamples `input`, appending what is ready to `out`; the rest follows with later
    /// input or [`Self::finish`].
    pub fn push(&mut self, input: &[f32], out: &mut Vec<f32>) -> Result<(), ResampleError> {
        self.taken += input.len() as u64;
        if self.fft.is_none() {
            out.extend_from_slice(input);
            self.given += input.len() as u64;
            return Ok(());
        }
        self.pending.extend_from_slice(input);
        let mut start = 0;
        while self.pending.len() - start >= self.next_input() {
            let used = self.process(start, out, u64::MAX)?;
            start += used;
        }
        self.pending.drain(..start);
        Ok(())
    }

    /// Ends the sound: resamples what is left, so that the output lasts as long as the
    /// input did (to the nearest frame at the new rate).
    pub fn finish(&mut self, out: &mut Vec<f32>) -> Result<(), ResampleError> {
        let expected = (self.taken * u64::from(self.to)).div_ceil(u64::from(self.from));
        while self.fft.is_some() && self.given < expected {
            // What is left, then silence, until the delayed end has come out.
            let need = self.next_input();
            self.pending.resize(need.max(self.pending.len()), 0.0);
            let used = self.process(0, out, expected)?;
            self.pending.drain(..used);
        }
        Ok(())
    }

    /// Frames the next chunk takes.
    fn next_input(&self) -> usize {
        self.fft.as_ref().map_or(0, Resampler::input_frames_next)
    }

    /// Resamples one chunk of `pending` from `start`, appending its output to `out`
    /// without letting the frames given pass `limit`; returns the frames used.
    fn process(
        &mut self,
        start: usize,
        out: &mut Vec<f32>,
        limit: u64,
    ) -> Result<usize, ResampleError> {
        let Some(fft) = self.fft.as_mut() else {
            return Ok(0);
        };
        let error = |reason: String| ResampleError {
            from: self.from,
            to: self.to,
            reason,
        };
        let need = fft.input_frames_next();
        let input = &self.pending[start..start + need];
        let input = InterleavedSlice::new(input, 1, need).map_err(|e| error(e.to_string()))?;
        let frames = self.chunk_out.len();
        let mut output = InterleavedSlice::new_mut(&mut self.chunk_out, 1, frames)
            .map_err(|e| error(e.to_string()))?;
        let (used, made) = fft
            .process_into_buffer(&input, &mut output, None)
            .map_err(|e| error(e.to_string()))?;
        let skip = self.delay_left.min(made);
        self.delay_left -= skip;
        let room = usize::try_from(limit.saturating_sub(self.given)).unwrap_or(usize::MAX);
        let given = &self.chunk_out[skip..made];
        let given = &given[..given.len().min(room)];
        out.extend_from_slice(given);
        self.given += given.len() as u64;
        Ok(used)
    }
}

/// A whole mono clip at `from` Hz, at `to` Hz.
pub fn resample(samples: &[f32], from: u32, to: u32) -> Result<Vec<f32>, ResampleError> {
    if from == to {
        return Ok(samples.to_vec());
    }
    let mut resampler = StreamResampler::new(from, to)?;
    let expected = (samples.len() as u64 * u64::from(to)).div_ceil(u64::from(from));
    let mut out = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    resampler.push(samples, &mut out)?;
    resampler.finish(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Band-limited noise at `rate`: white noise low-passed well below its Nyquist
    /// frequency by a windowed-sinc filter, so any energy above it is the resampler's.
    fn band_limited_noise(rate: u32, seconds: f64) -> Vec<f32> {
        let frames = (f64::from(rate) * seconds) as usize;
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut white = || {
            // xorshift: repeatable noise without a crate.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        let noise: Vec<f64> = (0..frames + 256).map(|_| white()).collect();
        // Cut-off at 0.4 of the rate (80 % of Nyquist), 257 taps, Blackman window.
        let taps: Vec<f64> = (0..257)
            .map(|n| {
                let x = f64::from(n) - 128.0;
                let sinc = if x == 0.0 {
                    0.8
                } else {
                    (std::f64::consts::PI * 0.8 * x).sin() / (std::f64::consts::PI * x)
                };
                let w = 2.0 * std::f64::consts::PI * f64::from(n) / 256.0;
                sinc * (0.42 - 0.5 * w.cos() + 0.08 * (2.0 * w).cos())
            })
            .collect();
        (0..frames)
            .map(|i| {
                let sum: f64 = taps.iter().zip(&noise[i..]).map(|(t, x)| t * x).sum();
                sum as f32
            })
            .collect()
    }

    /// The power of `x` at `frequency` Hz (Goertzel), averaged per sample.
    fn power_at(x: &[f32], rate: u32, frequency: f64) -> f64 {
        let k = 2.0 * (2.0 * std::f64::consts::PI * frequency / f64::from(rate)).cos();
        let (mut s1, mut s2) = (0.0_f64, 0.0_f64);
        for (n, &sample) in x.iter().enumerate() {
            // Hann window, so the sweep's bins do not leak into each other.
            let w = 0.5 - 0.5 * (2.0 * std::f64::consts::PI * n as f64 / x.len() as f64).cos();
            let s = f64::from(sample) * w + k * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        (s1 * s1 + s2 * s2 - k * s1 * s2) / x.len() as f64
    }

    /// The loudest power above the source's `nyquist` against the loudest below it, in dB,
    /// over a sweep of Goertzel bins every 37 Hz of one second from the middle of `x`.
    fn images_db(x: &[f32], rate: u32, nyquist: f64) -> f64 {
        let middle = x.len() / 2;
        let second = &x[middle - rate as usize / 2..middle + rate as usize / 2];
        let sweep = |low: f64, high: f64| {
            let mut f = low;
            let mut loudest = 0.0_f64;
            while f < high {
                loudest = loudest.max(power_at(second, rate, f));
                f += 37.0;
            }
            loudest
        };
        let signal = sweep(100.0, nyquist * 0.75);
        let images = sweep(nyquist * 1.02, f64::from(rate) / 2.0);
        10.0 * (images / signal).log10()
    }

    #[test]
    fn speech_rates_come_to_the_mix_rate_without_images() {
        for from in [22_050, 24_000] {
            let source = band_limited_noise(from, 2.0);
            let out = resample(&source, from, 48_000).unwrap();
            let db = images_db(&out, 48_000, f64::from(from) / 2.0);
            assert!(db < -70.0, "{from} Hz: images at {db:.1} dB");
        }
    }

    #[test]
    fn an_interpolating_resampler_would_fail_the_measure() {
        // The measure itself can fail: linear interpolation, as before, leaves images.
        let source = band_limited_noise(22_050, 2.0);
        let frames = source.len() * 48_000 / 22_050;
        let linear: Vec<f32> = (0..frames)
            .map(|i| {
                let at = i as f64 * 22_050.0 / 48_000.0;
                let (n, frac) = (at as usize, at.fract() as f32);
                let next = source.get(n + 1).copied().unwrap_or(0.0);
                source[n] * (1.0 - frac) + next * frac
            })
            .collect();
        assert!(images_db(&linear, 48_000, 11_025.0) > -50.0);
    }

    #[test]
    fn a_clip_keeps_its_length_and_its_timing() {
        // A click at 0.25 s stays at 0.25 s: the resampler's delay is trimmed.
        let mut source = vec![0.0_f32; 24_000];
        source[6_000] = 1.0;
        let out = resample(&source, 24_000, 48_000).unwrap();
        assert_eq!(out.len(), 48_000);
        let peak = out
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            .map(|(n, _)| n);
        assert_eq!(peak, Some(12_000));
    }

    #[test]
    fn a_stream_pushed_in_blocks_is_the_clip_resampled_whole() {
        let source = band_limited_noise(48_000, 0.5);
        let whole = resample(&source, 48_000, 22_050).unwrap();
        let mut stream = StreamResampler::new(48_000, 22_050).unwrap();
        let mut pieces = Vec::new();
        for block in source.chunks(4_800) {
            stream.push(block, &mut pieces).unwrap();
        }
        stream.finish(&mut pieces).unwrap();
        assert_eq!(pieces.len(), 11_025);
        assert_eq!(pieces, whole);
    }

    #[test]
    fn the_same_rate_passes_through() {
        let source = band_limited_noise(48_000, 0.1);
        assert_eq!(resample(&source, 48_000, 48_000).unwrap(), source);
    }
}
