//! Private folders for a speech program's files, removed however psoas-timer ends.
//!
//! Each folder is named for the process that made it, `PID-N`, in the speech cache's
//! `scratch` folder (or, with no cache, `psoas-timer-PID-N` in the system's temporary
//! folder). A folder is removed when it is dropped, and those still in use when
//! psoas-timer ends are removed then ([`remove_all`]); a process killed outright cannot
//! remove its own, so the first folder made in a place removes those there whose process
//! is gone (and those earlier versions left in the temporary folder).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::program::is_alive;

/// The name of the folder for scratch folders in the speech cache.
const IN_CACHE: &str = "scratch";
/// What a scratch folder's name starts with in the system's temporary folder, which others
/// share.
const IN_TEMP: &str = "psoas-timer-";

/// The scratch folders of this process.
struct Folders {
    /// In use, to be removed if psoas-timer ends first.
    in_use: Vec<PathBuf>,
    /// The places whose folders of processes gone have been removed.
    swept: Vec<PathBuf>,
}

static FOLDERS: Mutex<Folders> = Mutex::new(Folders {
    in_use: Vec::new(),
    swept: Vec::new(),
});

fn folders() -> MutexGuard<'static, Folders> {
    FOLDERS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes every scratch folder still in use: psoas-timer is ending, and its speech
/// programs have been ended.
pub(super) fn remove_all() {
    for folder in folders().in_use.drain(..) {
        let _ = std::fs::remove_dir_all(folder);
    }
}

/// A folder only this user can read, removed when dropped.
#[derive(Debug)]
pub(super) struct ScratchFolder(PathBuf);

impl ScratchFolder {
    /// A new folder in the speech cache `cache`, or in the temporary folder without one.
    pub(super) fn new(cache: Option<&Path>) -> std::io::Result<Self> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let (base, prefix) = match cache {
            Some(cache) => (cache.join(IN_CACHE), ""),
            None => (std::env::temp_dir(), IN_TEMP),
        };
        std::fs::create_dir_all(&base)?;
        sweep(&base, prefix);
        // Where earlier versions left theirs.
        sweep(&std::env::temp_dir(), IN_TEMP);
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let path = base.join(format!("{prefix}{}-{n}", std::process::id()));
            let builder = private_folder();
            // Held while it is made, so that it is removed at the end if made at all.
            let mut folders = folders();
            match builder.create(&path) {
                Ok(()) => {
                    folders.in_use.push(path.clone());
                    return Ok(Self(path));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
    }

    pub(super) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
        folders().in_use.retain(|folder| *folder != self.0);
    }
}

/// Removes, once a process, the scratch folders in `base` left by processes that are gone.
fn sweep(base: &Path, prefix: &str) {
    {
        let mut folders = folders();
        if folders.swept.iter().any(|swept| swept == base) {
            return;
        }
        folders.swept.push(base.to_owned());
    }
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|name| owner(name, prefix)) else {
            continue;
        };
        let is_folder = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if is_folder && pid != std::process::id() && !is_alive(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The process a scratch folder's name says made it: `PREFIXPID-N`.
fn owner(name: &str, prefix: &str) -> Option<u32> {
    let (pid, n) = name.strip_prefix(prefix)?.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(n)).then(|| pid.parse().ok())?
}

/// A maker of folders only their owner can enter, where the system has such a thing.
fn private_folder() -> std::fs::DirBuilder {
    #[cfg(unix)]
    {
        let mut builder = std::fs::DirBuilder::new();
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
    }
    #[cfg(not(unix))]
    {
        std::fs::DirBuilder::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_named_for_its_process() {
        assert_eq!(owner("123-4", ""), Some(123));
        assert_eq!(owner("psoas-timer-123-4", IN_TEMP), Some(123));
        assert_eq!(owner("psoas-timer-123-4", ""), None);
        assert_eq!(owner("123-", ""), None);
        assert_eq!(owner("123-4x", ""), None);
        assert_eq!(owner("psoas-timer-cache", IN_TEMP), None);
    }

    #[cfg(unix)]
    #[test]
    fn the_folders_of_processes_gone_are_removed_and_no_others() {
        let cache = tempfile::tempdir().unwrap();
        let base = cache.path().join(IN_CACHE);
        std::fs::create_dir_all(&base).unwrap();
        let mut gone = std::process::Command::new("/bin/true").spawn().unwrap();
        gone.wait().unwrap();
        let left = base.join(format!("{}-0", gone.id()));
        std::fs::create_dir(&left).unwrap();
        std::fs::write(left.join("speech.wav"), "RIFF").unwrap();
        // Init's, which is alive, and a name that is not a scratch folder's.
        let alive = base.join("1-0");
        let other = base.join("notes");
        for folder in [&alive, &other] {
            std::fs::create_dir(folder).unwrap();
        }
        let folder = ScratchFolder::new(Some(cache.path())).unwrap();
        assert!(!left.exists(), "the folder of a process gone is removed");
        assert!(alive.exists() && other.exists());
        let made = folder.path().to_owned();
        assert!(made.starts_with(&base) && made.is_dir());
        assert!(folders().in_use.contains(&made));
        drop(folder);
        assert!(!made.exists());
        assert!(!folders().in_use.contains(&made));
    }
}
