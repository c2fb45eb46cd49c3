//! 16-bit PCM WAV, through hound.

use std::io::{Seek, Write};

use super::{ExportError, Spec};

/// A WAV file being written.
pub struct WavEncoder<W: Write + Seek> {
    writer: hound::WavWriter<W>,
}

impl<W: Write + Seek> WavEncoder<W> {
    /// Starts a WAV file of `spec` on `out`.
    pub(super) fn new(out: W, spec: Spec) -> Result<Self, ExportError> {
        let spec = hound::WavSpec {
            channels: spec.channels,
            sample_rate: spec.rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        Ok(Self {
            writer: hound::WavWriter::new(out, spec)?,
        })
    }

    /// Adds samples, interleaved by channel.
    pub(super) fn write(&mut self, samples: &[i16]) -> Result<(), ExportError> {
        let mut block = self
            .writer
            .get_i16_writer(u32::try_from(samples.len()).unwrap_or(0));
        for &sample in samples {
            block.write_sample(sample);
        }
        block.flush()?;
        Ok(())
    }

    /// Writes the header's lengths.
    pub(super) fn finish(self) -> Result<(), ExportError> {
        self.writer.finalize()?;
        Ok(())
    }
}
