//! The built-in sounds, embedded in the binary, and the sound files a routine names
//! instead; all decoded once, before the session, into clips at the mix rate.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use rodio::{Decoder, Source};

use super::MIX_RATE;
use super::resample::resample;
use super::voice::Clip;
use crate::routine::sound_kinds::{SOUNDS, Sound};
use crate::routine::{SoundFiles, SoundKind};

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
    /// The built-in sounds.
    #[must_use]
    pub fn builtin() -> Self {
        let load = |sound: &Sound| {
            decode_hinted(Cursor::new(sound.bytes), Some("wav"))
                .unwrap_or_else(|reason| unreachable!("built-in sound {}: {reason}", sound.file))
        };
        Self {
            clips: SOUNDS.iter().map(load).collect(),
        }
    }

    /// The built-in sounds, with those the routine names in its own folder instead.
    pub fn with_files(files: &SoundFiles, folder: Option<&Path>) -> Result<Self, SoundError> {
        let mut bank = Self::builtin();
        for (kind, name) in files {
            bank.replace(*kind, load_file(&resolve(name, folder)?)?);
        }
        Ok(bank)
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
    decode_hinted(std::io::BufReader::new(file), hint).map_err(|reason| SoundError::Undecodable {
        path: path.to_owned(),
        reason,
    })
}

/// The formats sound files can be in, as a user reads them.
pub const READABLE_FORMATS: &str = "WAV, FLAC, MP3, Ogg Vorbis and M4A/AAC";

/// The longest sound file played (a recorded instruction included), so that a shared
/// routine cannot make the program hold an endless file in memory.
pub const MAX_SOUND_SECONDS: usize = 600;

/// Decodes audio into a mono clip at the mix rate, whatever its format, rate and channels.
pub fn decode<R>(data: R) -> Result<Clip, String>
where
    R: std::io::Read + std::io::Seek + Send + Sync + 'static,
{
    decode_hinted(data, None)
}

/// [`decode`], with the file name's extension as a hint at the format.
fn decode_hinted<R>(mut data: R, hint: Option<&str>) -> Result<Clip, String>
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
    let samples = resample(&mono, rate, MIX_RATE).map_err(|e| e.to_string())?;
    Ok(Clip::new(samples))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_sounds_decode_at_the_mix_rate() {
        let bank = SoundBank::builtin();
        // The bowl is 7 s long, the breath loops 4 s.
        assert_eq!(bank.clip(SoundKind::Bowl).frames(), 7 * MIX_RATE as usize);
        assert_eq!(bank.clip(SoundKind::Inhale).frames(), 4 * MIX_RATE as usize);
        let peak = bank
            .clip(SoundKind::Bowl)
            .samples()
            .iter()
            .fold(0.0_f32, |m, s| m.max(s.abs()));
        assert!((0.45..0.55).contains(&peak), "{peak}");
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
