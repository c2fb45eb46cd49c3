//! The built-in sounds, played from where they lie in the program, and the sound files a
//! routine names instead: found in its folder, read only when they are regular files, and
//! decoded once, before the session, into clips at the mix rate (see [`super::decode`]
//! for the limits on each).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::MIX_RATE;
use super::decode::{
    DecodeError, MAX_FILE_BYTES, MAX_FILE_SECONDS, MAX_TOTAL_SECONDS, decode_at_most, mix_frames,
    too_large,
};
use super::voice::Clip;
use crate::duration::{format_ms, format_seconds};
use crate::routine::SoundKind;
use crate::routine::sound_kinds::{SOUNDS, Sound};
use crate::untrusted::Untrusted;

/// Why a sound could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SoundError {
    /// A sound file named by the routine cannot be read.
    #[error(
        "cannot read the sound file {}: {}",
        Untrusted::path(.path),
        crate::routine::text_file::io_reason(.source)
    )]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A sound file cannot be decoded, or is refused: it leads out of the routine's
    /// folder, is no regular file, or is larger or longer than a sound file may be.
    #[error("cannot play {}: {reason}", .path.display())]
    Unplayable { path: PathBuf, reason: String },
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

/// The formats sound files can be in, as a user reads them.
pub const READABLE_FORMATS: &str = "WAV, FLAC, MP3, Ogg Vorbis and M4A/AAC";

/// A file a routine names, in the routine's folder. Validation has refused absolute names
/// and `..`; here the links on the way are followed too, and a file they lead out of the
/// folder is refused, so that a shared routine plays only what was shared with it.
pub fn resolve(name: &Path, folder: Option<&Path>) -> Result<PathBuf, SoundError> {
    let folder = folder.ok_or(SoundError::NoFolder)?;
    let path = folder.join(name);
    let here = Path::new(".");
    let folder = if folder.as_os_str().is_empty() {
        here
    } else {
        folder
    };
    let inside = real_path(folder)?;
    let real = real_path(&path)?;
    if !real.starts_with(&inside) {
        let reason = format!(
            "it leads to {}, outside the routine's folder {}",
            real.display(),
            inside.display()
        );
        return Err(SoundError::Unplayable { path, reason });
    }
    Ok(path)
}

/// Where `path` really is, every link followed.
fn real_path(path: &Path) -> Result<PathBuf, SoundError> {
    path.canonicalize()
        .map_err(|source| SoundError::Unreadable {
            path: path.to_owned(),
            source,
        })
}

/// The sound files of a session (or of a routine being checked), each decoded once
/// however often, and under however many names, it is named, the clip then shared; and
/// all of them together holding at most [`MAX_TOTAL_SECONDS`] of sound.
pub struct FileClips {
    /// By where each file really is: its clip, or `None` once it is no longer held here.
    clips: HashMap<PathBuf, Option<Clip>>,
    /// The frames decoded so far, each file once.
    frames: u64,
    /// The most frames all of them may hold.
    room: u64,
}

impl Default for FileClips {
    fn default() -> Self {
        Self::with_room(mix_frames(MAX_TOTAL_SECONDS))
    }
}

impl FileClips {
    /// Files that may hold `room` frames in all.
    fn with_room(room: u64) -> Self {
        Self {
            clips: HashMap::new(),
            frames: 0,
            room,
        }
    }

    /// The clip of the file at `path`, decoded the first time it is asked for (or again,
    /// once let go of, then not counted again).
    pub fn clip(&mut self, path: &Path) -> Result<Clip, SoundError> {
        let real = real_path(path)?;
        if let Some(Some(clip)) = self.clips.get(&real) {
            return Ok(clip.clone());
        }
        let clip = self.decode(path, &real)?;
        self.clips.insert(real, Some(clip.clone()));
        Ok(clip)
    }

    /// Decodes the file at `path` and counts it, the first time it is named, without
    /// holding its clip: what `check` does, so that it holds one file at a time.
    pub fn count(&mut self, path: &Path) -> Result<(), SoundError> {
        let real = real_path(path)?;
        if !self.clips.contains_key(&real) {
            self.decode(path, &real)?;
            self.clips.insert(real, None);
        }
        Ok(())
    }

    /// Lets go of the clip of the file at `path`, still counted: once it is in use as it
    /// will be played (a recording brought to the speech's level, a bed made to loop), the
    /// clip as decoded need not be held beside it.
    pub fn release(&mut self, path: &Path) {
        if let Some(clip) = real_path(path)
            .ok()
            .and_then(|real| self.clips.get_mut(&real))
        {
            *clip = None;
        }
    }

    /// Where the file at `path` really is: the same file under any name.
    pub fn key(path: &Path) -> Result<PathBuf, SoundError> {
        real_path(path)
    }

    /// Reads the file at `path` (really at `real`) into a clip, within what is left of
    /// the room, and counts it if it was not counted before.
    fn decode(&mut self, path: &Path, real: &Path) -> Result<Clip, SoundError> {
        let counted = self.clips.contains_key(real);
        let left = if counted {
            u64::MAX
        } else {
            self.room.saturating_sub(self.frames)
        };
        let most = left.min(mix_frames(MAX_FILE_SECONDS));
        let file = open_file(path)?;
        // The name's extension only hints at the format; the contents decide.
        let hint = path.extension().and_then(|e| e.to_str());
        let samples = decode_at_most(file, hint, most).map_err(|error| {
            let reason = match error {
                DecodeError::TooLong if most < mix_frames(MAX_FILE_SECONDS) => format!(
                    "with it, the sound files would last more than {} in all, the most a \
                     session may hold (those before it last {})",
                    format_ms(self.room * 1000 / u64::from(MIX_RATE)),
                    format_seconds(self.frames * 1000 / u64::from(MIX_RATE))
                ),
                other => other.to_string(),
            };
            unplayable(path, reason)
        })?;
        if !counted {
            self.frames += samples.len() as u64;
        }
        Ok(Clip::new(&samples))
    }
}

/// Reads and decodes a sound file into a clip, on its own (under no session's total).
pub fn load_file(path: &Path) -> Result<Clip, SoundError> {
    FileClips::default().clip(path)
}

/// Opens a regular file, and nothing else: reading a named pipe waits for ever for a
/// writer, a device may never end. It is asked of the name before opening (opening a pipe
/// already waits) and of the file opened, in case it was changed in between.
fn open_file(path: &Path) -> Result<std::fs::File, SoundError> {
    let unreadable = |source| SoundError::Unreadable {
        path: path.to_owned(),
        source,
    };
    let refused = |reason| unplayable(path, reason);
    regular(&std::fs::metadata(path).map_err(unreadable)?).map_err(refused)?;
    let file = std::fs::File::open(path).map_err(unreadable)?;
    regular(&file.metadata().map_err(unreadable)?).map_err(refused)?;
    Ok(file)
}

fn unplayable(path: &Path, reason: String) -> SoundError {
    SoundError::Unplayable {
        path: path.to_owned(),
        reason,
    }
}

/// Refuses what is not a regular file, or is larger than a sound file may be.
fn regular(metadata: &std::fs::Metadata) -> Result<(), String> {
    let kind = metadata.file_type();
    if kind.is_file() {
        if metadata.len() > MAX_FILE_BYTES {
            return Err(too_large(Some(metadata.len())));
        }
        return Ok(());
    }
    let what = if kind.is_dir() {
        "a folder"
    } else {
        special_kind(kind)
    };
    Err(format!("it is {what}, not a sound file"))
}

#[cfg(unix)]
fn special_kind(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: std::fs::FileType) -> &'static str {
    "not a regular file"
}

/// Decodes audio into mono samples at the mix rate, whatever its format, rate and channels,
/// under the limits of one sound file.
pub fn decode<R>(data: R) -> Result<Vec<f32>, String>
where
    R: std::io::Read + std::io::Seek + Send + Sync + 'static,
{
    decode_at_most(data, None, mix_frames(MAX_FILE_SECONDS)).map_err(|e| e.to_string())
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
            // A rising ramp, repeated to fit in any depth.
            writer.write_sample(n % 100).unwrap();
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

    /// A second of 48 kHz sound, written to `path`.
    fn second(path: &Path) -> PathBuf {
        std::fs::write(path, wav(MIX_RATE, 16, 48_000)).unwrap();
        path.to_owned()
    }

    #[test]
    #[cfg(unix)]
    fn a_file_under_several_names_is_decoded_and_counted_once() {
        let dir = tempfile::tempdir().unwrap();
        let a = second(&dir.path().join("a.wav"));
        let copy = second(&dir.path().join("copy.wav"));
        let link = dir.path().join("link.wav");
        std::os::unix::fs::symlink("a.wav", &link).unwrap();
        // Room for a second and a half: the same file under three names fits, as one.
        let mut files = FileClips::with_room(72_000);
        for name in [a.clone(), dir.path().join("./a.wav"), link] {
            assert_eq!(files.clip(&name).unwrap().frames(), 48_000);
        }
        assert_eq!(files.frames, 48_000);
        assert_eq!(files.clips.len(), 1);
        files.count(&a).unwrap();
        assert_eq!(files.frames, 48_000, "counted once");
        // Another file with the same sound is another second: too much in all.
        let error = files.clip(&copy).unwrap_err().to_string();
        assert!(error.starts_with("cannot play "), "{error}");
        assert!(
            error.contains(
                "copy.wav: with it, the sound files would last more than 1s 500ms in all"
            ),
            "{error}"
        );
        assert!(error.contains("(those before it last 1s)"), "{error}");
        // A file let go of is still counted, and only counted.
        files.release(&a);
        assert_eq!(files.clips.values().flatten().count(), 0);
        files.count(&a).unwrap();
        assert_eq!(files.frames, 48_000);
        assert_eq!(files.clip(&a).unwrap().frames(), 48_000);
        assert_eq!(files.frames, 48_000);
    }

    #[test]
    #[cfg(unix)]
    fn a_file_is_found_in_its_folder_after_following_links() {
        let outside = tempfile::tempdir().unwrap();
        let elsewhere = second(&outside.path().join("bowl.wav"));
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path();
        std::fs::create_dir(folder.join("sounds")).unwrap();
        second(&folder.join("sounds/bowl.wav"));
        let link = |name: &str, to: &Path| std::os::unix::fs::symlink(to, folder.join(name));
        link("inside.wav", Path::new("sounds/bowl.wav")).unwrap();
        link("far.wav", &elsewhere).unwrap();
        link("far", outside.path()).unwrap();
        let found = |name: &str| resolve(Path::new(name), Some(folder));
        assert_eq!(found("inside.wav").unwrap(), folder.join("inside.wav"));
        assert_eq!(
            found("sounds/bowl.wav").unwrap(),
            folder.join("sounds/bowl.wav")
        );
        let real = outside.path().canonicalize().unwrap();
        let inside = folder.canonicalize().unwrap();
        for name in ["far.wav", "far/bowl.wav"] {
            let error = found(name).unwrap_err().to_string();
            let expected = format!(
                "cannot play {}: it leads to {}, outside the routine's folder {}",
                folder.join(name).display(),
                real.join("bowl.wav").display(),
                inside.display()
            );
            assert_eq!(error, expected);
        }
        let missing = found("missing.wav").unwrap_err();
        assert!(
            matches!(missing, SoundError::Unreadable { .. }),
            "{missing}"
        );
    }

    #[test]
    #[cfg(unix)]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("bell.wav");
        nix::unistd::mkfifo(&pipe, nix::sys::stat::Mode::S_IRWXU).unwrap();
        // Opening a named pipe waits for a writer: it is refused before it is opened.
        let error = load_file(&pipe).unwrap_err().to_string();
        assert!(
            error.ends_with("bell.wav: it is a named pipe, not a sound file"),
            "{error}"
        );
        let error = load_file(dir.path()).unwrap_err().to_string();
        assert!(
            error.ends_with(": it is a folder, not a sound file"),
            "{error}"
        );
        let error = load_file(Path::new("/dev/zero")).unwrap_err().to_string();
        assert!(
            error.ends_with("/dev/zero: it is a device, not a sound file"),
            "{error}"
        );
    }

    #[test]
    fn a_file_larger_than_a_sound_file_may_be_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = second(&dir.path().join("huge.wav"));
        // A WAV at its start, and then nothing written: a sparse file, costing no room.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(MAX_FILE_BYTES + 1)
            .unwrap();
        let error = load_file(&path).unwrap_err().to_string();
        assert!(
            error.ends_with("huge.wav: it is 257 MiB; a sound file may be at most 256 MiB"),
            "{error}"
        );
    }
}
