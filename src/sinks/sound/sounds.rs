//! The built-in sounds, played from where they lie in the program, and the sound files a
//! routine names instead, decoded once, before the session, into clips at the mix rate.

use std::path::{Path, PathBuf};

use rodio::{Decoder, Source};

use super::MIX_RATE;
use super::resample::resample;
use super::voice::Clip;
use crate::routine::SoundKind;
use crate::routine::sound_kinds::{SOUNDS, Sound};

/// Why a sound could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SoundError {
    /// A sound file named by the routine cannot be read.
    #[error("cannot read the sound file {}: {source}", .path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A sound file cannot be decoded.
    #[error("cannot play {}: {reason}", .path.display())]
    Undecodable { path: PathBuf, reason: String },
    /// A routine built into the program cannot name files.
    #[error("a sound file is named, but the routine has no folder to find it in")]
    NoFolder,
}

/// Every sound a session may play, decoded: one clip for each row of [`SOUNDS`].
#[derive(Debug, Clone)]
pub struct SoundBank {
    clips: Vec<Clip>,
}

impl SoundBank {
    /// The built-in sounds: each clip is its file's samples where they lie in the program,
    /// with nothing decoded, resampled or copied.
    #[must_use]
    pub fn builtin() -> Self {
        let load = |sound: &Sound| {
            embedded_pcm(sound.bytes).map_or_else(
                |reason| unreachable!("built-in sound {}: {reason}", sound.file),
                Clip::embedded,
            )
        };
        Self {
            clips: SOUNDS.iter().map(load).collect(),
        }
    }

    /// Plays `clip` for this kind of sound instead.
    pub fn replace(&mut self, kind: SoundKind, clip: Clip) {
        self.clips[kind as usize] = clip;
    }

    /// The clip for a kind of sound.
    #[must_use]
    pub fn clip(&self, kind: SoundKind) -> &Clip {
        &self.clips[kind as usize]
    }
}

/// The samples of a built-in sound's WAV file, found where they lie in it: the data chunk,
/// once the format chunk says they are mono 16-bit PCM at the mix rate, as the generator
/// makes them and the tests check. (A parse of our own: hound reads samples out through a
/// reader, one by one, and does not say where they lie.)
fn embedded_pcm(wav: &[u8]) -> Result<&[u8], String> {
    if wav.get(..4) != Some(b"RIFF") || wav.get(8..12) != Some(b"WAVE") {
        return Err("not a WAV file".to_owned());
    }
    let mut format = None;
    let mut chunks = &wav[12..];
    while let (Some(id), Some(size)) = (chunks.get(..4), u32_at(chunks, 4)) {
        let size = size as usize;
        let body = chunks
            .get(8..8 + size)
            .ok_or("a chunk runs past the end of the file")?;
        match id {
            b"fmt " => format = Some(body),
            b"data" => {
                check_format(format.ok_or("no format chunk before the samples")?)?;
                return Ok(body);
            }
            _ => {}
        }
        // Chunks start on even bytes.
        chunks = chunks.get(8 + size + size % 2..).unwrap_or_default();
    }
    Err("no data chunk".to_owned())
}

/// Whether a WAV format chunk is mono 16-bit PCM at the mix rate, as a clip plays it.
fn check_format(format: &[u8]) -> Result<(), String> {
    const PCM: u16 = 1;
    let (tag, channels, bits) = (u16_at(format, 0), u16_at(format, 2), u16_at(format, 14));
    if (tag, channels, bits) != (Some(PCM), Some(1), Some(16)) {
        return Err("not mono 16-bit PCM".to_owned());
    }
    match u32_at(format, 4) {
        Some(MIX_RATE) => Ok(()),
        rate => Err(format!(
            "at {} Hz, not at the mix rate of {MIX_RATE} Hz",
            rate.unwrap_or(0)
        )),
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// A file named by a routine, inside the routine's folder (validation has already refused
/// absolute paths and `..`).
pub fn resolve(name: &Path, folder: Option<&Path>) -> Result<PathBuf, SoundError> {
    folder.map(|f| f.join(name)).ok_or(SoundError::NoFolder)
}

/// Reads and decodes a sound file into a clip.
pub fn load_file(path: &Path) -> Result<Clip, SoundError> {
    let file = std::fs::File::open(path).map_err(|source| SoundError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    // The name's extension only hints at the format; the contents decide.
    let hint = path.extension().and_then(|e| e.to_str());
    let samples = decode_hinted(std::io::BufReader::new(file), hint).map_err(|reason| {
        SoundError::Undecodable {
            path: path.to_owned(),
            reason,
        }
    })?;
    Ok(Clip::new(&samples))
}

/// The formats sound files can be in, as a user reads them.
pub const READABLE_FORMATS: &str = "WAV, FLAC, MP3, Ogg Vorbis and M4A/AAC";

/// The longest sound file played (a recorded instruction included), so that a shared
/// routine cannot make the program hold an endless file in memory.
pub const MAX_SOUND_SECONDS: usize = 600;

/// Decodes audio into mono samples at the mix rate, whatever its format, rate and channels.
pub fn decode<R>(data: R) -> Result<Vec<f32>, String>
where
    R: std::io::Read + std::io::Seek + Send + Sync + 'static,
{
    decode_hinted(data, None)
}

/// [`decode`], with the file name's extension as a hint at the format.
fn decode_hinted<R>(mut data: R, hint: Option<&str>) -> Result<Vec<f32>, String>
where
    R: std::io::Read + std::io::Seek + Send + Sync + 'static,
{
    // Some formats (M4A) need their length to find their index at the end.
    let length = data
        .seek(std::io::SeekFrom::End(0))
        .and_then(|length| data.rewind().map(|()| length))
        .map_err(|e| e.to_string())?;
    let mut builder = Decoder::builder()
        .with_data(data)
        .with_byte_len(length)
        .with_seekable(true);
    if let Some(hint) = hint {
        builder = builder.with_hint(hint);
    }
    let decoder = builder
        .build()
        .map_err(|e| format!("{e} ({READABLE_FORMATS} files can be played)"))?;
    let channels = usize::from(decoder.channels().get());
    let rate = decoder.sample_rate().get();
    let limit = MAX_SOUND_SECONDS * rate as usize * channels;
    let all: Vec<f32> = decoder.take(limit + 1).collect();
    if all.len() > limit {
        return Err(format!(
            "it lasts longer than {} minutes",
            MAX_SOUND_SECONDS / 60
        ));
    }
    let mono = if channels == 1 {
        all
    } else {
        // Several channels: fold them into one, before resampling, which is then done once.
        all.chunks(channels)
            .map(|frame| frame.iter().sum::<f32>() / channels as f32)
            .collect()
    };
    resample(&mono, rate, MIX_RATE).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_sounds_are_at_the_mix_rate_and_play_the_samples_of_their_files() {
        let bank = SoundBank::builtin();
        for sound in &SOUNDS {
            // The table's files are the ones checked here, at the rate the mix runs at.
            let pcm = embedded_pcm(sound.bytes).unwrap_or_else(|e| panic!("{}: {e}", sound.file));
            let clip = bank.clip(sound.kind);
            assert_eq!(clip.frames(), pcm.len() / 2, "{}", sound.file);
            // The same samples a decoder reads from the file.
            let decoded = decode(std::io::Cursor::new(sound.bytes)).unwrap();
            assert!(clip.samples().eq(decoded), "{}", sound.file);
        }
        // The bowl is 7 s long, the breath loops 4 s.
        assert_eq!(bank.clip(SoundKind::Bowl).frames(), 7 * MIX_RATE as usize);
        assert_eq!(bank.clip(SoundKind::Inhale).frames(), 4 * MIX_RATE as usize);
        let peak = bank
            .clip(SoundKind::Bowl)
            .samples()
            .fold(0.0_f32, |m, s| m.max(s.abs()));
        assert!((0.45..0.55).contains(&peak), "{peak}");
    }

    fn wav(rate: u32, bits: u16, samples: i32) -> Vec<u8> {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: rate,
            bits_per_sample: bits,
            sample_format: hound::SampleFormat::Int,
        };
        let mut bytes = std::io::Cursor::new(Vec::new());
        let mut writer = hound::WavWriter::new(&mut bytes, spec).unwrap();
        for n in 0..samples {
            writer.write_sample(n).unwrap();
        }
        writer.finalize().unwrap();
        bytes.into_inner()
    }

    #[test]
    fn a_built_in_sound_at_another_rate_or_depth_is_refused() {
        let data = wav(MIX_RATE, 16, 3);
        assert_eq!(embedded_pcm(&data), Ok(&[0, 0, 1, 0, 2, 0][..]));
        let error = embedded_pcm(&wav(24_000, 16, 3)).unwrap_err();
        assert_eq!(error, "at 24000 Hz, not at the mix rate of 48000 Hz");
        assert!(embedded_pcm(&wav(MIX_RATE, 24, 3)).is_err());
        assert!(embedded_pcm(&data[..data.len() - 1]).is_err(), "cut short");
        assert!(embedded_pcm(b"not a sound").is_err());
    }

    #[test]
    fn a_file_without_a_folder_is_refused() {
        assert!(matches!(
            resolve(Path::new("bell.wav"), None),
            Err(SoundError::NoFolder)
        ));
    }

    #[test]
    fn an_undecodable_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bell.wav");
        std::fs::write(&path, b"not a sound").unwrap();
        let error = load_file(&path).unwrap_err().to_string();
        assert!(error.contains("bell.wav"), "{error}");
    }
}
