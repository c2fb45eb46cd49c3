//! The sound files `render` writes, one file per format; the format is chosen by the
//! output file's name, so `-o rest.flac` can never silently be a WAV.

mod flac;
mod wav;

use std::io::{Seek, Write};
use std::path::Path;

#[cfg(test)]
pub(crate) use flac::MOST_FRAMES as FLAC_MOST_FRAMES;
pub use wav::Container;

/// A format `render` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// 16-bit PCM WAV, which every player reads (RF64 past 4 GiB, which most read).
    Wav,
    /// FLAC: lossless, about a sixth of the WAV's size for a session's sound.
    Flac,
}

/// Every format, with the file name extension that chooses it.
pub const FORMATS: [(Format, &str); 2] = [(Format::Wav, "wav"), (Format::Flac, "flac")];

/// The sample rates a rendering can be written at, in Hz: the mix rate and the common
/// lower ones.
pub const RATES: [u32; 7] = [48_000, 44_100, 32_000, 24_000, 22_050, 16_000, 11_025];

/// The formats as a user reads them: ".wav or .flac".
#[must_use]
pub fn format_names() -> String {
    let names: Vec<String> = FORMATS.iter().map(|(_, ext)| format!(".{ext}")).collect();
    names.join(" or ")
}

impl Format {
    /// The format a file's name asks for, by its extension (in any case).
    #[must_use]
    pub fn of_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?;
        FORMATS
            .iter()
            .find(|(_, ext)| ext.eq_ignore_ascii_case(extension))
            .map(|(format, _)| *format)
    }

    /// The format's name, as in "FLAC 24 kHz mono".
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Wav => "WAV",
            Self::Flac => "FLAC",
        }
    }
}

/// What a rendering is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// The file format.
    pub format: Format,
    /// Frames a second.
    pub rate: u32,
    /// 1 (the mix as it is) or 2 (the mix on both).
    pub channels: u16,
}

impl std::fmt::Display for Spec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let khz = f64::from(self.rate) / 1000.0;
        let channels = if self.channels == 1 { "mono" } else { "stereo" };
        write!(f, "{} {khz} kHz {channels}", self.format.name())
    }
}

/// Why a sound file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing the file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The FLAC encoder refused.
    #[error("cannot encode FLAC: {0}")]
    Flac(String),
}

/// 16-bit samples, interleaved by channel, written to a file as they come.
pub enum Encoder<W: Write + Seek> {
    /// To a WAV file.
    Wav(wav::WavEncoder<W>),
    /// To a FLAC file.
    Flac(Box<flac::FlacEncoder<W>>),
}

impl<W: Write + Seek> Encoder<W> {
    /// Starts a file of `spec` on `out`.
    pub fn new(out: W, spec: Spec) -> Result<Self, ExportError> {
        Self::with_wav_limit(out, spec, wav::WAV_LIMIT)
    }

    /// [`Encoder::new`], with a WAV file made RF64 once its `RIFF` chunk passes `limit`
    /// bytes instead of 4 GiB: how a test sees in a small file what a rendering of more
    /// than 4 GiB is written as.
    #[doc(hidden)]
    pub fn with_wav_limit(out: W, spec: Spec, limit: u64) -> Result<Self, ExportError> {
        Ok(match spec.format {
            Format::Wav => Self::Wav(wav::WavEncoder::new(out, spec, limit)?),
            Format::Flac => Self::Flac(Box::new(flac::FlacEncoder::new(out, spec)?)),
        })
    }

    /// Adds samples, interleaved by channel.
    pub fn write(&mut self, samples: &[i16]) -> Result<(), ExportError> {
        match self {
            Self::Wav(encoder) => encoder.write(samples),
            Self::Flac(encoder) => encoder.write(samples),
        }
    }

    /// Completes the file: its header, with its length, is written last. What kind of WAV
    /// it is, for a WAV.
    pub fn finish(self) -> Result<Option<Container>, ExportError> {
        match self {
            Self::Wav(encoder) => encoder.finish().map(Some),
            Self::Flac(encoder) => encoder.finish().map(|()| None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_chooses_the_format() {
        let of = |name: &str| Format::of_path(Path::new(name));
        assert_eq!(of("rest.wav"), Some(Format::Wav));
        assert_eq!(of("Rest.FLAC"), Some(Format::Flac));
        assert_eq!(of("rest.mp3"), None);
        assert_eq!(of("rest"), None);
        assert_eq!(format_names(), ".wav or .flac");
    }

    #[test]
    fn a_spec_reads_as_it_sounds() {
        let spec = Spec {
            format: Format::Flac,
            rate: 22_050,
            channels: 2,
        };
        assert_eq!(spec.to_string(), "FLAC 22.05 kHz stereo");
    }
}
