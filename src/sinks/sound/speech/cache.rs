//! Spoken sentences kept on disk, so that a session said before starts at once and runs
//! no engine: one WAV file per sentence, named by a SHA-256 of the voice's description and
//! the words. Only a cache: a file that cannot be written is said again next time, and the
//! folder can be deleted whenever.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The layout of the cache; a change that makes old files wrong changes it.
const FORMAT: &str = "psoas-timer speech cache 1";

/// The folder of spoken sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeechCache {
    folder: PathBuf,
}

impl SpeechCache {
    /// The cache in `folder` (created when first written).
    #[must_use]
    pub fn new(folder: PathBuf) -> Self {
        Self { folder }
    }

    /// The folder it keeps its files in.
    #[must_use]
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The file for `sentence` said by the voice `described`.
    fn file(&self, described: &str, sentence: &str) -> PathBuf {
        let mut hash = Sha256::new();
        for part in [FORMAT, described, sentence] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        let name = hash
            .finalize()
            .iter()
            .fold(String::with_capacity(64), |mut name, byte| {
                use std::fmt::Write;
                let _ = write!(name, "{byte:02x}");
                name
            });
        self.folder.join(&name[..2]).join(format!("{name}.wav"))
    }

    /// The sound of `sentence` in the voice `described`, when kept.
    #[must_use]
    pub fn get(&self, described: &str, sentence: &str) -> Option<Vec<u8>> {
        std::fs::read(self.file(described, sentence)).ok()
    }

    /// Whether `sentence` in the voice `described` is kept.
    #[must_use]
    pub fn has(&self, described: &str, sentence: &str) -> bool {
        self.file(described, sentence).is_file()
    }

    /// Keeps the sound of `sentence`, written whole or not at all (a file beside it,
    /// renamed into place); a failure only means it is said again next time.
    pub fn put(&self, described: &str, sentence: &str, wav: &[u8]) {
        let file = self.file(described, sentence);
        let Some(parent) = file.parent() else {
            return;
        };
        let partial = file.with_extension(format!("{}.partial", std::process::id()));
        let written = std::fs::create_dir_all(parent)
            .and_then(|()| std::fs::write(&partial, wav))
            .and_then(|()| std::fs::rename(&partial, &file));
        if written.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
    }

    /// Forgets a kept sentence whose file turned out unusable.
    pub fn forget(&self, described: &str, sentence: &str) {
        let _ = std::fs::remove_file(self.file(described, sentence));
    }

    /// How many sentences are kept and their size in bytes.
    #[must_use]
    pub fn size(&self) -> (usize, u64) {
        let files = std::fs::read_dir(&self.folder)
            .into_iter()
            .flatten()
            .flatten()
            .flat_map(|dir| {
                std::fs::read_dir(dir.path())
                    .into_iter()
                    .flatten()
                    .flatten()
            });
        files
            .filter_map(|f| f.metadata().ok())
            .filter(std::fs::Metadata::is_file)
            .fold((0, 0), |(n, bytes), m| (n + 1, bytes + m.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_is_kept_per_voice() {
        let dir = tempfile::tempdir().unwrap();
        let cache = SpeechCache::new(dir.path().join("speech"));
        assert_eq!(cache.get("espeak-ng rate=135", "Rest."), None);
        cache.put("espeak-ng rate=135", "Rest.", b"RIFF....");
        assert_eq!(
            cache.get("espeak-ng rate=135", "Rest.").as_deref(),
            Some(&b"RIFF...."[..])
        );
        assert!(cache.has("espeak-ng rate=135", "Rest."));
        assert!(!cache.has("espeak-ng rate=110", "Rest."));
        assert!(!cache.has("espeak-ng rate=135", "Rest"));
        assert_eq!(cache.size(), (1, 8));
        cache.forget("espeak-ng rate=135", "Rest.");
        assert_eq!(cache.get("espeak-ng rate=135", "Rest."), None);
    }

    #[test]
    fn a_cache_that_cannot_be_written_is_no_error() {
        let dir = tempfile::tempdir().unwrap();
        let blocked = dir.path().join("file");
        std::fs::write(&blocked, "not a folder").unwrap();
        let cache = SpeechCache::new(blocked.join("speech"));
        cache.put("v", "Rest.", b"RIFF");
        assert_eq!(cache.get("v", "Rest."), None);
    }
}
