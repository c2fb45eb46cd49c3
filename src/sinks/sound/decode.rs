//! Decoding a sound file into mono samples at the mix rate, in memory bounded however the
//! file lies about itself. Sound files come with routines from strangers: what a header
//! says (its channels, rate and length) is checked before decoding, and the decoding
//! itself is counted and stopped, so that a file which says one thing and holds another
//! is refused as soon as it is seen to.
//!
//! Channels are folded into one as they are read, and each block is resampled to the mix
//! rate at once: what is held is the sound at the mix rate, and the limits are counted in
//! it, the way it is held.

use std::io::{Read, Seek, SeekFrom};
use std::ops::RangeInclusive;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rodio::{Decoder, Source};

use super::MIX_RATE;
use super::resample::StreamResampler;

/// The longest one sound file may play, a recorded instruction included: ten minutes, as
/// long as any step's instructions take to say, and 57.6 MB held at the mix rate.
pub const MAX_FILE_SECONDS: u64 = 10 * 60;
/// The most sound a session's files may hold in all (bells, breath tones, the ambient bed
/// and every recording, each file once): half an hour, 173 MB held at the mix rate, three
/// files of the longest, or twenty steps with ninety seconds of instructions each.
pub const MAX_TOTAL_SECONDS: u64 = 30 * 60;
/// The most channels a sound file may have: 7.1 surround, the most a recorder or an
/// editor writes. They are folded into one as they are read.
pub const MAX_CHANNELS: u16 = 8;
/// The sample rates a sound file may have: from the telephone's, the lowest a voice is
/// recorded at, to the highest a studio recorder writes. Outside them there is no
/// recording, and the resampler's work for each second grows with the distance from the
/// mix rate.
pub const SAMPLE_RATES: RangeInclusive<u32> = 8_000..=192_000;
/// The largest sound file read: ten minutes of 48 kHz 24-bit stereo WAV (173 MB) with room
/// to spare; no decoder can keep more of a file (its tags, pictures, index) than this.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The fewest bytes a second of sound takes in any format read (8 kbit/s, the lowest rate
/// of MP3 and AAC): a header whose length the file is too small to hold at it is not
/// believed (a WAV written to a pipe gives the largest length there is), and its frames
/// are counted instead.
const FEWEST_BYTES_A_SECOND: u64 = 1_000;

/// Frames handed to the resampler at a time: a tenth of a second at the mix rate.
const BLOCK_FRAMES: usize = 4_800;

/// The number of frames at the mix rate in `seconds`.
#[must_use]
pub const fn mix_frames(seconds: u64) -> u64 {
    seconds * MIX_RATE as u64
}

/// Why a file could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// It lasts longer than the frames it was allowed, at the mix rate.
    TooLong,
    /// It cannot be decoded, or breaks another limit: the reason, for the practitioner.
    Refused(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooLong => write!(
                f,
                "it lasts longer than {} minutes, the longest a sound file may be",
                MAX_FILE_SECONDS / 60
            ),
            Self::Refused(reason) => f.write_str(reason),
        }
    }
}

/// What is said of a file larger than [`MAX_FILE_BYTES`].
#[must_use]
pub fn too_large(bytes: Option<u64>) -> String {
    const MIB: u64 = 1024 * 1024;
    let most = MAX_FILE_BYTES / MIB;
    match bytes {
        Some(bytes) => format!(
            "it is {} MiB; a sound file may be at most {most} MiB",
            bytes.div_ceil(MIB)
        ),
        None => format!("it is larger than {most} MiB, the most a sound file may be"),
    }
}

/// Decodes audio into mono samples at the mix rate, whatever its format, rate and
/// channels, of at most `most_frames` frames; `hint` is the file name's extension.
pub fn decode_at_most<R>(
    data: R,
    hint: Option<&str>,
    most_frames: u64,
) -> Result<Vec<f32>, DecodeError>
where
    R: Read + Seek + Send + Sync + 'static,
{
    let mut data = Capped::new(data);
    let past_end = data.past_end();
    let refused = |reason: String| DecodeError::Refused(reason);
    // Some formats (M4A) need their length to find their index at the end.
    let length = data
        .seek(SeekFrom::End(0))
        .and_then(|length| data.rewind().map(|()| length))
        .map_err(|e| refused(e.to_string()))?;
    if length > MAX_FILE_BYTES {
        return Err(refused(too_large(Some(length))));
    }
    let mut builder = Decoder::builder()
        .with_data(data)
        .with_byte_len(length)
        .with_seekable(true);
    if let Some(hint) = hint {
        builder = builder.with_hint(hint);
    }
    let decoder = builder.build().map_err(|e| {
        refused(if past_end.load(Ordering::Relaxed) {
            too_large(None)
        } else {
            format!(
                "{e} ({} files can be played)",
                super::sounds::READABLE_FORMATS
            )
        })
    })?;
    let samples = Folded::new(decoder, length, most_frames)?.resampled()?;
    if past_end.load(Ordering::Relaxed) {
        // It grew while it was read, past what it may be.
        return Err(refused(too_large(None)));
    }
    Ok(samples)
}

/// A decoder whose header has been checked, read frame by frame into one channel and
/// resampled a block at a time.
struct Folded<R: Read + Seek> {
    decoder: Decoder<R>,
    channels: u16,
    rate: u32,
    most_frames: u64,
}

impl<R: Read + Seek> Folded<R> {
    /// Checks what the header says: channels, rate and (where it is given, and the file of
    /// `bytes` can hold it) length.
    fn new(decoder: Decoder<R>, bytes: u64, most_frames: u64) -> Result<Self, DecodeError> {
        let channels = decoder.channels().get();
        let rate = decoder.sample_rate().get();
        if channels > MAX_CHANNELS {
            return Err(DecodeError::Refused(format!(
                "it has {channels} channels; a sound file may have at most {MAX_CHANNELS}"
            )));
        }
        if !SAMPLE_RATES.contains(&rate) {
            return Err(DecodeError::Refused(format!(
                "its sample rate is {rate} Hz; a sound file's rate is from {} to {} Hz",
                SAMPLE_RATES.start(),
                SAMPLE_RATES.end()
            )));
        }
        let folded = Self {
            decoder,
            channels,
            rate,
            most_frames,
        };
        let held = |frames: u64| frames / u64::from(MIX_RATE) * FEWEST_BYTES_A_SECOND <= bytes;
        if folded
            .header_frames()
            .is_some_and(|frames| frames > most_frames && held(frames))
        {
            return Err(DecodeError::TooLong);
        }
        Ok(folded)
    }

    /// The length the header gives, in frames at the mix rate, if it gives one.
    fn header_frames(&self) -> Option<u64> {
        let seconds = self.decoder.total_duration()?.as_secs_f64();
        Some((seconds * f64::from(MIX_RATE)).round() as u64)
    }

    /// Reads every frame, folded into one channel, and resamples it to the mix rate as it
    /// goes, stopping as soon as there is more than it may hold.
    fn resampled(mut self) -> Result<Vec<f32>, DecodeError> {
        let refused = |e: super::resample::ResampleError| DecodeError::Refused(e.to_string());
        let mut resampler = StreamResampler::new(self.rate, MIX_RATE).map_err(refused)?;
        // As long as the header says, when that is allowed: the right room from the start.
        let expected = self.header_frames().unwrap_or(0).min(self.most_frames);
        let mut out = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
        let mut block = Vec::with_capacity(BLOCK_FRAMES);
        while self.read_block(&mut block)? {
            resampler.push(&block, &mut out).map_err(refused)?;
            self.within_limit(&out)?;
            block.clear();
        }
        resampler.push(&block, &mut out).map_err(refused)?;
        resampler.finish(&mut out).map_err(refused)?;
        self.within_limit(&out)?;
        Ok(out)
    }

    /// Fills `block` with frames folded into one channel; false at the end of the sound.
    fn read_block(&mut self, block: &mut Vec<f32>) -> Result<bool, DecodeError> {
        let scale = 1.0 / f32::from(self.channels);
        while block.len() < BLOCK_FRAMES {
            let Some(first) = self.decoder.next() else {
                return Ok(false);
            };
            // A new packet may bring another layout, and it begins on a frame: the frames
            // are counted as the header says only while it does not.
            if self.decoder.channels().get() != self.channels
                || self.decoder.sample_rate().get() != self.rate
            {
                return Err(DecodeError::Refused(
                    "its sample rate or its channels change partway through".to_owned(),
                ));
            }
            let mut sum = first;
            for _ in 1..self.channels {
                let Some(sample) = self.decoder.next() else {
                    // A frame cut short at the very end is left out.
                    return Ok(false);
                };
                sum += sample;
            }
            block.push(sum * scale);
        }
        Ok(true)
    }

    fn within_limit(&self, out: &[f32]) -> Result<(), DecodeError> {
        if out.len() as u64 > self.most_frames {
            return Err(DecodeError::TooLong);
        }
        Ok(())
    }
}

/// A file read no further than [`MAX_FILE_BYTES`], however long it grows while it is read.
/// The decoders take a failed read for the end of the sound, so going past is also kept in
/// a flag, to be told apart from the end.
struct Capped<R> {
    inner: R,
    at: u64,
    past_end: Arc<AtomicBool>,
}

impl<R> Capped<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            at: 0,
            past_end: Arc::default(),
        }
    }

    /// Whether a read went past [`MAX_FILE_BYTES`].
    fn past_end(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.past_end)
    }

    fn too_far(&self) -> std::io::Error {
        self.past_end.store(true, Ordering::Relaxed);
        std::io::Error::other(too_large(None))
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // One byte past the limit is asked for, to tell a file that ends there from one
        // that goes on.
        let room = (MAX_FILE_BYTES + 1).saturating_sub(self.at);
        if room == 0 {
            return Err(self.too_far());
        }
        let wanted = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let read = self.inner.read(&mut buf[..wanted])?;
        self.at += read as u64;
        if self.at > MAX_FILE_BYTES {
            return Err(self.too_far());
        }
        Ok(read)
    }
}

impl<R: Seek> Seek for Capped<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.at = self.inner.seek(pos)?;
        Ok(self.at)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    /// A WAV file of `frames` frames of `channels` 16-bit channels at `rate`, each frame's
    /// channels holding `values` in turn.
    fn wav(channels: u16, rate: u32, frames: usize, values: &[i16]) -> Vec<u8> {
        let spec = hound::WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut bytes = Cursor::new(Vec::new());
        let mut writer = hound::WavWriter::new(&mut bytes, spec).unwrap();
        for _ in 0..frames {
            for channel in 0..usize::from(channels) {
                writer.write_sample(values[channel % values.len()]).unwrap();
            }
        }
        writer.finalize().unwrap();
        bytes.into_inner()
    }

    fn decoded(bytes: Vec<u8>, most_frames: u64) -> Result<Vec<f32>, DecodeError> {
        decode_at_most(Cursor::new(bytes), Some("wav"), most_frames)
    }

    #[test]
    fn channels_are_folded_into_one_as_they_are_read() {
        let samples = decoded(wav(2, MIX_RATE, 4_800, &[8_192, 0]), 48_000).unwrap();
        assert_eq!(samples.len(), 4_800);
        assert!(samples.iter().all(|s| (s - 0.125).abs() < 1e-6));
    }

    #[test]
    fn the_length_is_counted_at_the_mix_rate() {
        // A second at 8 kHz is 48,000 frames at the mix rate: allowed one frame less, it
        // is refused, though it holds only 8,000.
        let second = wav(1, 8_000, 8_000, &[1_000]);
        assert_eq!(decoded(second.clone(), 48_000).unwrap().len(), 48_000);
        assert_eq!(decoded(second, 47_999), Err(DecodeError::TooLong));
    }

    /// `bytes` with the length its data chunk gives (and its whole file) made `data_bytes`
    /// longer than it is.
    fn with_data_length(mut bytes: Vec<u8>, data_bytes: u32) -> Vec<u8> {
        let at = bytes.windows(4).position(|w| w == b"data").unwrap() + 4;
        let riff = u32::try_from(at + 4 - 8).unwrap() + data_bytes;
        bytes[4..8].copy_from_slice(&riff.to_le_bytes());
        bytes[at..at + 4].copy_from_slice(&data_bytes.to_le_bytes());
        bytes
    }

    #[test]
    fn a_header_that_says_too_much_is_refused_before_decoding() {
        // A header that says eleven minutes, in a file large enough to hold them at the
        // fewest bytes a second, but with ten seconds of sound in it: only the header can
        // refuse it.
        let mut bytes = wav(1, MIX_RATE, 480_000, &[1_000]);
        let header_says = 11 * 60 * MIX_RATE * 2;
        bytes = with_data_length(bytes, header_says);
        assert!(bytes.len() as u64 >= 11 * 60 * FEWEST_BYTES_A_SECOND);
        let most = mix_frames(MAX_FILE_SECONDS);
        assert_eq!(decoded(bytes.clone(), most), Err(DecodeError::TooLong));
        // Believed, it is refused; with the header's length put right, the same sound plays.
        let told = with_data_length(bytes, 480_000 * 2);
        assert_eq!(decoded(told, most).unwrap().len(), 480_000);
    }

    #[test]
    fn a_length_the_file_cannot_hold_is_counted_instead() {
        // As a program writing a WAV to a pipe does: the largest lengths there are, as it
        // cannot know the real ones.
        let streamed = |frames: usize| {
            let mut bytes = wav(1, 8_000, frames, &[1_000]);
            let at = bytes.windows(4).position(|w| w == b"data").unwrap() + 4;
            bytes[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
            bytes[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
            bytes
        };
        assert_eq!(decoded(streamed(8_000), 48_000).unwrap().len(), 48_000);
        assert_eq!(decoded(streamed(8_001), 48_000), Err(DecodeError::TooLong));
    }

    #[test]
    fn too_many_channels_or_a_rate_outside_the_range_are_refused_from_the_header() {
        let wide = decoded(wav(16, 1, 600, &[1_000]), u64::MAX).unwrap_err();
        assert_eq!(
            wide.to_string(),
            "it has 16 channels; a sound file may have at most 8"
        );
        let slow = decoded(wav(1, 7_999, 10, &[1_000]), u64::MAX).unwrap_err();
        assert_eq!(
            slow.to_string(),
            "its sample rate is 7999 Hz; a sound file's rate is from 8000 to 192000 Hz"
        );
        let fast = decoded(wav(1, 192_001, 10, &[1_000]), u64::MAX).unwrap_err();
        assert!(fast.to_string().contains("192001 Hz"), "{fast}");
        // The edges are allowed.
        assert!(decoded(wav(8, 192_000, 10, &[1_000]), u64::MAX).is_ok());
        assert!(decoded(wav(1, 8_000, 10, &[1_000]), u64::MAX).is_ok());
    }

    /// A reader of `length` bytes of zeros that makes none of them.
    struct Endless {
        at: u64,
        length: u64,
    }

    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let left = self.length.saturating_sub(self.at);
            let n = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            buf[..n].fill(0);
            self.at += n as u64;
            Ok(n)
        }
    }

    impl Seek for Endless {
        fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
            self.at = match pos {
                SeekFrom::Start(at) => at,
                SeekFrom::End(back) => self.length.saturating_add_signed(back),
                SeekFrom::Current(by) => self.at.saturating_add_signed(by),
            };
            Ok(self.at)
        }
    }

    #[test]
    fn a_file_is_read_no_further_than_the_largest_allowed() {
        let mut capped = Capped::new(Endless {
            at: 0,
            length: u64::MAX,
        });
        let flag = capped.past_end();
        let mut sink = std::io::sink();
        let copied = std::io::copy(&mut (&mut capped).take(MAX_FILE_BYTES), &mut sink).unwrap();
        assert_eq!(copied, MAX_FILE_BYTES);
        assert!(!flag.load(Ordering::Relaxed), "up to the limit is allowed");
        let mut byte = [0];
        let error = capped.read(&mut byte).unwrap_err();
        assert!(error.to_string().contains("larger than 256 MiB"), "{error}");
        assert!(flag.load(Ordering::Relaxed));
        // And a file that says it is larger is refused before anything is read.
        let huge = Endless {
            at: 0,
            length: MAX_FILE_BYTES + 1,
        };
        let error = decode_at_most(huge, None, u64::MAX).unwrap_err();
        assert_eq!(
            error.to_string(),
            "it is 257 MiB; a sound file may be at most 256 MiB"
        );
    }
}
