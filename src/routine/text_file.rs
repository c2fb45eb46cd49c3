//! Reading a text file that someone wrote (a routine, the settings) without trusting it: only
//! a regular file is opened, no more than a set number of bytes is read whatever its size
//! says, and text that is not UTF-8 is refused at its first byte that is not.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// Why a text file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// It could not be opened or read, or it is not a regular file (a folder, a named pipe,
    /// a device), which is said in the error's words.
    Io(io::Error),
    /// It holds more than the most bytes allowed.
    TooLarge,
    /// It is not UTF-8.
    NotUtf8 {
        /// The text, with a replacement mark for each byte that is not UTF-8.
        text: String,
        /// Where the first such byte is, in `text` as in the file.
        offset: usize,
        /// The byte.
        byte: u8,
    },
}

impl From<io::Error> for ReadError {
    fn from(error: io::Error) -> Self {
        Self::Io(error)
    }
}

/// Why a file could not be read, in words: "there is no such file" rather than the
/// system's "No such file or directory (os error 2)".
#[must_use]
pub fn io_reason(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "there is no such file".to_owned(),
        _ => error.to_string(),
    }
}

/// Reads the text of the file at `path`, of at most `max_bytes` bytes.
///
/// What the path names is looked at before it is opened: opening a named pipe waits for a
/// writer that may never come, and a device such as `/dev/zero` never ends. (A non-blocking
/// open would close the moment between the look and the open, but needs a flag from the C
/// library for each system; the handle is looked at again once open, so what is read is
/// what was looked at, unless it was replaced by a pipe in that moment.) The size the file
/// reports is not trusted either: reading stops one byte past the limit.
pub fn read(path: &Path, max_bytes: u64) -> Result<String, ReadError> {
    regular(&fs::metadata(path)?)?;
    let file = File::open(path)?;
    let metadata = file.metadata()?;
    regular(&metadata)?;
    if metadata.len() > max_bytes {
        return Err(ReadError::TooLarge);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::TooLarge);
    }
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let byte = error.as_bytes()[offset];
        ReadError::NotUtf8 {
            text: String::from_utf8_lossy(error.as_bytes()).into_owned(),
            offset,
            byte,
        }
    })
}

/// Refuses anything but a regular file, naming what it is.
fn regular(metadata: &fs::Metadata) -> io::Result<()> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return Ok(());
    }
    let what = if kind.is_dir() {
        "a folder"
    } else {
        special(kind)
    };
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {what}, not a file"),
    ))
}

#[cfg(unix)]
fn special(kind: fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special(_: fs::FileType) -> &'static str {
    "not a regular file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.toml");
        fs::write(&path, "name = \"é\"\n").unwrap();
        assert_eq!(read(&path, 12).unwrap(), "name = \"é\"\n");
        assert!(matches!(read(&path, 11), Err(ReadError::TooLarge)));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stops_one_byte_past_the_limit_whatever_the_size_says() {
        // A file of /proc says it is empty, and is not.
        let path = Path::new("/proc/self/maps");
        assert_eq!(fs::metadata(path).unwrap().len(), 0);
        assert!(matches!(read(path, 10), Err(ReadError::TooLarge)));
        assert!(read(path, 1 << 20).is_ok_and(|text| text.len() > 10));
    }

    #[test]
    fn names_the_first_byte_that_is_not_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.toml");
        fs::write(&path, b"a = 1\nb = \"\xe9t\xe9\"\n").unwrap();
        let Err(ReadError::NotUtf8 { text, offset, byte }) = read(&path, 100) else {
            panic!("not UTF-8");
        };
        assert_eq!((offset, byte), (11, 0xe9));
        assert_eq!(&text[offset..], "\u{fffd}t\u{fffd}\"\n");
    }

    #[test]
    fn refuses_a_folder_and_a_device() {
        let dir = tempfile::tempdir().unwrap();
        let Err(ReadError::Io(error)) = read(dir.path(), 100) else {
            panic!("a folder");
        };
        assert_eq!(error.to_string(), "it is a folder, not a file");
        if cfg!(unix) {
            let Err(ReadError::Io(error)) = read(Path::new("/dev/zero"), 100) else {
                panic!("a device");
            };
            assert_eq!(error.to_string(), "it is a device, not a file");
        }
    }
}
