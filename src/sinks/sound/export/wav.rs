//! 16-bit PCM WAV, written as the samples come, its lengths filled in at the end.
//!
//! A WAV file's lengths are 32-bit, so it holds at most 4 GiB: 12 h 25 m of a mono
//! rendering at 48 kHz, and a session may last 24 hours. A longer file is written as RF64
//! (EBU Tech 3306), the WAV whose lengths are 64-bit, which sox, ffmpeg, Audacity and
//! libsndfile read. As that standard advises, every file starts as a plain WAV with a
//! `JUNK` chunk where RF64's `ds64` chunk would go, and only a file that turns out too
//! large for a WAV is made RF64 when its header is written at the end: every other file
//! stays a WAV that any player reads (a reader skips a chunk it does not know).

use std::io::{Seek, SeekFrom, Write};

use super::{ExportError, Spec};

/// Bits in each sample.
const BITS: u16 = 16;
/// The size of a `ds64` chunk without a table: the file's, data's and samples' 64-bit
/// lengths and the table's length. Its placeholder, a `JUNK` chunk, is as large.
const DS64_SIZE: u32 = 28;
/// The size of a PCM `fmt ` chunk.
const FMT_SIZE: u32 = 16;
/// Bytes before the first sample: `RIFF` and `WAVE`, the `JUNK` or `ds64` chunk, the
/// `fmt ` chunk and the `data` chunk's header.
const HEADER_BYTES: u64 = 12 + 8 + DS64_SIZE as u64 + 8 + FMT_SIZE as u64 + 8;
/// What a 32-bit length says in an RF64 file: "see the `ds64` chunk".
const SEE_DS64: u32 = u32::MAX;

/// The largest length a WAV header holds, in bytes: that of the `RIFF` chunk (the file
/// less 8 bytes), which is the first to overflow.
pub(super) const WAV_LIMIT: u64 = u32::MAX as u64;

/// A WAV file being written.
pub struct WavEncoder<W: Write + Seek> {
    out: W,
    /// Where the file starts in `out`.
    start: u64,
    spec: Spec,
    /// Sample bytes written so far.
    data_bytes: u64,
    /// The largest `RIFF` length a plain WAV header may say, before the file must be RF64.
    limit: u64,
    /// The bytes of the samples being written, kept to save allocating them every block.
    bytes: Vec<u8>,
}

/// What kind of file was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// A WAV file, which every player reads.
    Wav,
    /// An RF64 file: a WAV too large for 32-bit lengths.
    Rf64,
}

impl<W: Write + Seek> WavEncoder<W> {
    /// Starts a WAV file of `spec` on `out` that becomes RF64 once its `RIFF` chunk is
    /// longer than `limit` bytes ([`WAV_LIMIT`], except in tests).
    pub(super) fn new(mut out: W, spec: Spec, limit: u64) -> Result<Self, ExportError> {
        let start = out.stream_position()?;
        let mut encoder = Self {
            out,
            start,
            spec,
            data_bytes: 0,
            limit,
            bytes: Vec::new(),
        };
        // The header as it stands, every length zero: a file cut short reads as empty.
        let header = encoder.header(Container::Wav);
        encoder.out.write_all(&header)?;
        Ok(encoder)
    }

    /// Adds samples, interleaved by channel.
    pub(super) fn write(&mut self, samples: &[i16]) -> Result<(), ExportError> {
        self.bytes.clear();
        self.bytes
            .extend(samples.iter().flat_map(|sample| sample.to_le_bytes()));
        self.out.write_all(&self.bytes)?;
        self.data_bytes += self.bytes.len() as u64;
        Ok(())
    }

    /// Writes the header's lengths over the placeholder: a WAV's, or an RF64's when the
    /// file is too large for a WAV.
    pub(super) fn finish(mut self) -> Result<Container, ExportError> {
        let container = if self.riff_bytes() > self.limit {
            Container::Rf64
        } else {
            Container::Wav
        };
        let header = self.header(container);
        let end = self.out.stream_position()?;
        self.out.seek(SeekFrom::Start(self.start))?;
        self.out.write_all(&header)?;
        self.out.seek(SeekFrom::Start(end))?;
        self.out.flush()?;
        Ok(container)
    }

    /// The length of the `RIFF` chunk: everything after its own first 8 bytes.
    fn riff_bytes(&self) -> u64 {
        HEADER_BYTES - 8 + self.data_bytes
    }

    /// The header for the samples written so far, as `container`.
    fn header(&self, container: Container) -> Vec<u8> {
        let channels = self.spec.channels;
        let block_align = channels * BITS / 8;
        let frames = self.data_bytes / u64::from(block_align);
        // In a WAV the lengths fit, since the file is not past its limit.
        let short = |length: u64| match container {
            Container::Wav => u32::try_from(length).unwrap_or(SEE_DS64),
            Container::Rf64 => SEE_DS64,
        };
        let mut header = Vec::with_capacity(HEADER_BYTES as usize);
        let (form, placeholder) = match container {
            Container::Wav => (b"RIFF", b"JUNK"),
            Container::Rf64 => (b"RF64", b"ds64"),
        };
        header.extend_from_slice(form);
        header.extend_from_slice(&short(self.riff_bytes()).to_le_bytes());
        header.extend_from_slice(b"WAVE");
        header.extend_from_slice(placeholder);
        header.extend_from_slice(&DS64_SIZE.to_le_bytes());
        match container {
            Container::Wav => header.extend_from_slice(&[0; DS64_SIZE as usize]),
            Container::Rf64 => {
                for length in [self.riff_bytes(), self.data_bytes, frames] {
                    header.extend_from_slice(&length.to_le_bytes());
                }
                // No table of other chunks' lengths.
                header.extend_from_slice(&0_u32.to_le_bytes());
            }
        }
        header.extend_from_slice(b"fmt ");
        header.extend_from_slice(&FMT_SIZE.to_le_bytes());
        // PCM.
        header.extend_from_slice(&1_u16.to_le_bytes());
        header.extend_from_slice(&channels.to_le_bytes());
        header.extend_from_slice(&self.spec.rate.to_le_bytes());
        let bytes_a_second = self.spec.rate * u32::from(block_align);
        header.extend_from_slice(&bytes_a_second.to_le_bytes());
        header.extend_from_slice(&block_align.to_le_bytes());
        header.extend_from_slice(&BITS.to_le_bytes());
        header.extend_from_slice(b"data");
        header.extend_from_slice(&short(self.data_bytes).to_le_bytes());
        header
    }
}

#[cfg(test)]
mod tests {
    use super::super::Format;
    use super::*;
    use std::io::Cursor;

    const STEREO: Spec = Spec {
        format: Format::Wav,
        rate: 24_000,
        channels: 2,
    };

    /// A file of `frames` stereo frames, written with a limit of `limit` bytes.
    fn written(frames: usize, limit: u64) -> (Vec<u8>, Container) {
        let mut file = Cursor::new(Vec::new());
        let mut encoder = WavEncoder::new(&mut file, STEREO, limit).unwrap();
        let samples: Vec<i16> = (0..frames * 2)
            .map(|n| i16::try_from(n).unwrap() - 300)
            .collect();
        // In two parts, as a rendering writes block by block.
        let (first, second) = samples.split_at(samples.len() / 3);
        encoder.write(first).unwrap();
        encoder.write(second).unwrap();
        let container = encoder.finish().unwrap();
        (file.into_inner(), container)
    }

    fn u32_at(bytes: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
    }

    fn u64_at(bytes: &[u8], at: usize) -> u64 {
        u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())
    }

    #[test]
    fn a_small_file_is_a_wav_that_other_readers_read() {
        let (bytes, container) = written(100, WAV_LIMIT);
        assert_eq!(container, Container::Wav);
        assert_eq!(&bytes[..4], b"RIFF");
        assert_eq!(u32_at(&bytes, 4) as usize, bytes.len() - 8);
        assert_eq!(&bytes[12..16], b"JUNK");
        let mut reader = hound::WavReader::new(Cursor::new(&bytes)).unwrap();
        let spec = reader.spec();
        assert_eq!(
            (spec.channels, spec.sample_rate, spec.bits_per_sample),
            (2, 24_000, 16)
        );
        let samples: Vec<i16> = reader.samples().map(Result::unwrap).collect();
        let expected: Vec<i16> = (0..200).map(|n| n - 300).collect();
        assert_eq!(samples, expected);
    }

    #[test]
    fn a_file_past_the_limit_becomes_rf64_at_the_first_byte_over() {
        // The limit is the RIFF chunk's length: the header's 72 bytes after its first 8,
        // and the samples, 4 bytes a stereo frame.
        let limit = 72 + 4 * 50;
        let (at_limit, container) = written(50, limit);
        assert_eq!(container, Container::Wav);
        assert_eq!(&at_limit[..4], b"RIFF");
        let (over, container) = written(51, limit);
        assert_eq!(container, Container::Rf64);
        assert_eq!(&over[..4], b"RF64");
        assert_eq!(u32_at(&over, 4), u32::MAX);
        assert_eq!(&over[12..16], b"ds64");
        assert_eq!(u32_at(&over, 16), 28);
        assert_eq!(u64_at(&over, 20) as usize, over.len() - 8, "RIFF length");
        assert_eq!(u64_at(&over, 28), 51 * 4, "data length");
        assert_eq!(u64_at(&over, 36), 51, "frames");
        assert_eq!(&over[48..52], b"fmt ");
        assert_eq!(&over[72..76], b"data");
        assert_eq!(u32_at(&over, 76), u32::MAX);
        assert_eq!(over.len(), 80 + 51 * 4);
        // Apart from the header, the file is the WAV it would have been.
        let (wav, _) = written(51, WAV_LIMIT);
        assert_eq!(over[48..72], wav[48..72], "the same fmt chunk");
        assert_eq!(over[80..], wav[80..], "the same samples");
    }
}
