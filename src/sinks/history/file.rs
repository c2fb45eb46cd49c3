//! The history file: records are appended whole and read back tolerantly.
//!
//! Each record is one line, written with a single `write` on a file opened with `O_APPEND`
//! and then synced to disk, so two sessions ending together never interleave and a session
//! killed mid-write never harms the lines before it. Reading skips a damaged line (a crash,
//! a hand edit) with a note naming its line number, and nothing ever rewrites the file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::HistoryRecord;
use crate::untrusted::Untrusted;

/// Why the history could not be read or added to.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The file exists but could not be read.
    #[error("cannot read the practice history {}: {source}", Untrusted::path(.path))]
    Unreadable { path: PathBuf, source: io::Error },
    /// The session could not be added to the file.
    #[error(
        "this session could not be added to the practice history {}: {source}",
        Untrusted::path(.path)
    )]
    Append { path: PathBuf, source: io::Error },
}

/// A line of the history that is not a readable record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedLine {
    /// Its line number, counting from 1.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

/// What reading the history found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Every readable record, in the order of the file.
    pub records: Vec<HistoryRecord>,
    /// The lines that were skipped.
    pub damaged: Vec<DamagedLine>,
}

/// The history file at a path. It need not exist yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryFile {
    path: PathBuf,
}

impl HistoryFile {
    /// The history kept at `path`.
    #[must_use]
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// Where the history is kept.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Adds one record at the end, whole, and waits until it is on disk.
    pub fn append(&self, record: &HistoryRecord) -> Result<(), HistoryError> {
        let failed = |source| HistoryError::Append {
            path: self.path.clone(),
            source,
        };
        if let Some(folder) = self.path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(folder).map_err(failed)?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&self.path)
            .map_err(failed)?;
        let first_record = file.metadata().map_err(failed)?.len() == 0;
        let mut line = String::new();
        // A line cut short by a crash must not swallow this record: start on a fresh line.
        if !ends_with_line_break(&mut file).map_err(failed)? {
            line.push('\n');
        }
        line.push_str(&record.to_line());
        line.push('\n');
        // One write, so that concurrent appends stay whole lines; a short write is an error
        // rather than a second write that another session's line could land in between.
        let written = file.write(line.as_bytes()).map_err(failed)?;
        if written != line.len() {
            return Err(failed(io::Error::new(
                io::ErrorKind::WriteZero,
                format!("only {written} of {} bytes were written", line.len()),
            )));
        }
        file.sync_all().map_err(failed)?;
        if first_record {
            // A new file is only safe once its folder's entry for it is on disk too.
            sync_folder(&self.path);
        }
        Ok(())
    }

    /// Reads every record there is; a missing file is an empty history.
    pub fn read(&self) -> Result<Loaded, HistoryError> {
        match fs::read(&self.path) {
            Ok(bytes) => Ok(parse(&bytes)),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Loaded::default()),
            Err(source) => Err(HistoryError::Unreadable {
                path: self.path.clone(),
                source,
            }),
        }
    }
}

/// Syncs the folder holding `path`, where the platform allows it; best effort, since the
/// record itself is already on disk.
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = File::open(folder).and_then(|f| f.sync_all());
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// True when the file is empty or its last byte ends a line.
fn ends_with_line_break(file: &mut File) -> io::Result<bool> {
    if file.metadata()?.len() == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Reads the records in the text of a history file, skipping the lines that are damaged.
#[must_use]
pub fn parse(bytes: &[u8]) -> Loaded {
    let mut loaded = Loaded::default();
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<HistoryRecord>(line) {
            Ok(record) => loaded.records.push(record),
            Err(error) => loaded.damaged.push(DamagedLine {
                line: index + 1,
                reason: reason(&error),
            }),
        }
    }
    loaded
}

/// What is wrong with a line, pointing at the character within it: the JSON reader counts
/// lines within the one line it was given, which would only confuse.
fn reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let place = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&place) {
        Some(what) => format!("{what}, at character {}", error.column()),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(routine: &str) -> HistoryRecord {
        HistoryRecord {
            start: "2026-11-30T07:15:02+01:00".parse().unwrap(),
            routine: routine.into(),
            name: "Constructive rest".into(),
            length_ms: 600_000,
            practiced_ms: 600_000,
            completed: true,
            steps_reached: 5,
            steps: 5,
            max_late_us: 0,
        }
    }

    #[test]
    fn appends_whole_lines_and_reads_them_back() {
        let home = tempfile::tempdir().unwrap();
        let history = HistoryFile::new(home.path().join("deep/er/history.jsonl"));
        assert_eq!(history.read().unwrap(), Loaded::default());
        history.append(&record("one")).unwrap();
        history.append(&record("two")).unwrap();
        let loaded = history.read().unwrap();
        let names: Vec<_> = loaded.records.iter().map(|r| r.routine.as_str()).collect();
        assert_eq!(names, ["one", "two"]);
        assert!(loaded.damaged.is_empty());
    }

    #[test]
    fn skips_damaged_lines_and_keeps_the_rest() {
        let text = format!(
            "{}\n{{\"start\": \"2026-11-\n\n{}\nnot json at all\n",
            record("a").to_line(),
            record("b").to_line()
        );
        let loaded = parse(text.as_bytes());
        assert_eq!(loaded.records.len(), 2);
        let lines: Vec<usize> = loaded.damaged.iter().map(|d| d.line).collect();
        assert_eq!(lines, [2, 5]);
    }

    #[test]
    fn a_line_cut_short_does_not_swallow_the_next_record() {
        let home = tempfile::tempdir().unwrap();
        let path = home.path().join("history.jsonl");
        let cut = record("a").to_line();
        fs::write(&path, &cut[..cut.len() / 2]).unwrap();
        let history = HistoryFile::new(&path);
        history.append(&record("b")).unwrap();
        let loaded = history.read().unwrap();
        assert_eq!(loaded.records.len(), 1);
        assert_eq!(loaded.records[0].routine, "b");
        assert_eq!(loaded.damaged.len(), 1);
        assert_eq!(loaded.damaged[0].line, 1);
    }

    #[test]
    fn a_history_that_cannot_be_written_says_where() {
        let home = tempfile::tempdir().unwrap();
        let blocker = home.path().join("not-a-folder");
        fs::write(&blocker, "").unwrap();
        let history = HistoryFile::new(blocker.join("history.jsonl"));
        let error = history.append(&record("a")).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("this session could not be added to the practice history"));
        assert!(message.contains("not-a-folder"), "{message}");
    }
}
