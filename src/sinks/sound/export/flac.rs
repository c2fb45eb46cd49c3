//! FLAC, through flacenc, one frame at a time: a session's sound is never held whole.
//!
//! The stream's header (STREAMINFO) holds the total length and an MD5 of the samples,
//! known only at the end, so it is written first as a placeholder of the same size and
//! written again over it when the file is complete.

use std::io::{Seek, SeekFrom, Write};

use flacenc::bitsink::ByteSink;
use flacenc::component::{BitRepr, Stream, StreamInfo};
use flacenc::error::{Verified, Verify};
use flacenc::source::{Context, Fill, FrameBuf};

use super::{ExportError, Spec};

/// Frames in each FLAC frame: the reference encoder's choice.
const BLOCK: usize = 4_096;
const BITS: usize = 16;
/// The most frames STREAMINFO can count, in its 36 bits: 397 hours at 48 kHz. A longer
/// stream is said to be of unknown length (0), as the format allows, rather than given a
/// count wrapped round.
pub(crate) const MOST_FRAMES: u64 = (1 << 36) - 1;

/// A FLAC file being written.
pub struct FlacEncoder<W: Write + Seek> {
    out: W,
    start: u64,
    info: StreamInfo,
    config: Verified<flacenc::config::Encoder>,
    frame: FrameBuf,
    context: Context,
    channels: usize,
    /// Samples (interleaved) not yet a whole frame.
    pending: Vec<i32>,
    frames_written: usize,
    bytes: ByteSink,
}

fn refused(error: impl std::fmt::Display) -> ExportError {
    ExportError::Flac(error.to_string())
}

impl<W: Write + Seek> FlacEncoder<W> {
    /// Starts a FLAC file of `spec` on `out`.
    pub(super) fn new(mut out: W, spec: Spec) -> Result<Self, ExportError> {
        let channels = usize::from(spec.channels);
        let info = StreamInfo::new(spec.rate as usize, channels, BITS).map_err(refused)?;
        let mut config = flacenc::config::Encoder::default();
        config.block_size = BLOCK;
        let config = config.into_verified().map_err(|(_, e)| refused(e))?;
        let start = out.stream_position()?;
        let mut encoder = Self {
            out,
            start,
            info,
            config,
            frame: FrameBuf::with_size(channels, BLOCK).map_err(refused)?,
            context: Context::new(BITS, channels),
            channels,
            pending: Vec::with_capacity(BLOCK * channels),
            frames_written: 0,
            bytes: ByteSink::new(),
        };
        encoder.write_header()?;
        Ok(encoder)
    }

    /// Adds samples, interleaved by channel.
    pub(super) fn write(&mut self, samples: &[i16]) -> Result<(), ExportError> {
        let whole = BLOCK * self.channels;
        for &sample in samples {
            self.pending.push(i32::from(sample));
            if self.pending.len() == whole {
                self.encode_pending()?;
            }
        }
        Ok(())
    }

    /// Encodes what is left and writes the completed header over the placeholder.
    pub(super) fn finish(mut self) -> Result<(), ExportError> {
        if !self.pending.is_empty() {
            self.encode_pending()?;
        }
        self.info.set_md5_digest(&self.context.md5_digest());
        if self.info.total_samples() as u64 > MOST_FRAMES {
            self.info.set_total_samples(0);
        }
        self.info.set_block_sizes(BLOCK, BLOCK).map_err(refused)?;
        let end = self.out.stream_position()?;
        self.out.seek(SeekFrom::Start(self.start))?;
        self.write_header()?;
        self.out.seek(SeekFrom::Start(end))?;
        self.out.flush()?;
        Ok(())
    }

    /// The stream's start: its marker and STREAMINFO, as they stand.
    fn write_header(&mut self) -> Result<(), ExportError> {
        let header = Stream::with_stream_info(self.info.clone());
        self.bytes.clear();
        header.write(&mut self.bytes).map_err(refused)?;
        self.out.write_all(self.bytes.as_slice())?;
        Ok(())
    }

    /// Encodes the pending samples as one frame and writes it.
    fn encode_pending(&mut self) -> Result<(), ExportError> {
        self.frame
            .fill_interleaved(&self.pending)
            .map_err(refused)?;
        self.context
            .fill_interleaved(&self.pending)
            .map_err(refused)?;
        let frame = flacenc::encode_fixed_size_frame(
            &self.config,
            &self.frame,
            self.frames_written,
            &self.info,
        )
        .map_err(refused)?;
        self.info.update_frame_info(&frame);
        self.bytes.clear();
        frame.write(&mut self.bytes).map_err(refused)?;
        self.out.write_all(self.bytes.as_slice())?;
        self.frames_written += 1;
        self.pending.clear();
        Ok(())
    }
}
