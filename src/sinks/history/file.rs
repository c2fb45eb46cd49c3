//! The history file: records are appended whole and read back tolerantly.
//!
//! Each record is one line, written with a single `write` on a file opened with `O_APPEND`
//! and then synced to disk, so two sessions ending together never interleave and a session
//! killed mid-write never harms the lines before it. Reading skips a damaged line (a crash,
//! a hand edit) with a note naming its line number, and nothing ever rewrites the file.
//!
//! A note written after its session is a line of its own ([`NoteLine`]); reading attaches it
//! to its session's `notes`, so a record is never rewritten to hold it. A note for a
//! session the file does not hold is damaged too.
//!
//! The file is read a line at a time ([`HistoryFile::read_each`]), so that reading it takes
//! the same little memory however long the history: a line longer than any record can be
//! ([`MAX_LINE_BYTES`]) is damaged, and is skipped without being held.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::HistoryRecord;
use super::note::{NOTE_LINE_START, NoteLine};
use crate::routine::library::MAX_FILE_BYTES;
use crate::untrusted::Untrusted;

/// The longest line read as a record. A record's only long part is the routine's name,
/// which comes from a routine file of at most [`MAX_FILE_BYTES`]; twice that leaves room
/// for its escapes in JSON. Each line read is held whole, so this is also the most memory
/// a line takes.
pub const MAX_LINE_BYTES: usize = 2 * MAX_FILE_BYTES as usize;

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
        self.append_line(&record.to_line())
    }

    /// Adds a note on a session already in the history, as a line of its own.
    pub fn append_note(&self, note: &NoteLine) -> Result<(), HistoryError> {
        self.append_line(&note.to_line())
    }

    /// Adds one line of JSON at the end, whole, and waits until it is on disk.
    fn append_line(&self, text: &str) -> Result<(), HistoryError> {
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
        line.push_str(text);
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

    /// Reads every record there is, all held at once (for a short history: `history` and
    /// `stats` use [`HistoryFile::read_each`]); a missing file is an empty history.
    pub fn read(&self) -> Result<Loaded, HistoryError> {
        let mut loaded = Loaded::default();
        self.read_each(
            |record| loaded.records.push(record),
            |damaged| loaded.damaged.push(damaged),
        )?;
        Ok(loaded)
    }

    /// Reads the history a line at a time, in the order of the file, handing each record to
    /// `record` and each damaged line to `damaged`; a missing file is an empty history.
    pub fn read_each(
        &self,
        record: impl FnMut(HistoryRecord),
        damaged: impl FnMut(DamagedLine),
    ) -> Result<(), HistoryError> {
        let unreadable = |source| HistoryError::Unreadable {
            path: self.path.clone(),
            source,
        };
        let file = match File::open(&self.path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(source) => return Err(unreadable(source)),
        };
        read_records(&mut BufReader::new(file), record, damaged).map_err(unreadable)
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
    // Reading from memory cannot fail.
    let _ = read_records(
        &mut io::Cursor::new(bytes),
        |record| loaded.records.push(record),
        |damaged| loaded.damaged.push(damaged),
    );
    loaded
}

/// The notes written after their sessions, by the start of the sessions they are about.
type LaterNotes = BTreeMap<jiff::Timestamp, AtStart>;

/// The notes on the sessions begun at one moment, and how many of those sessions have been
/// read so far.
#[derive(Default)]
struct AtStart {
    read: usize,
    notes: Vec<LaterNote>,
}

/// A note written after its session.
struct LaterNote {
    /// Its line number.
    line: usize,
    /// Which of the sessions begun at its start it is on, from 1.
    same_start: usize,
    text: String,
    attached: bool,
}

/// Reads the records from `reader` a line at a time, each with the notes written on it
/// later, handing each on, or the line's number and what is wrong with it. The notes are
/// gathered first, in a reading of their own, since they come after their sessions.
fn read_records(
    reader: &mut (impl BufRead + Seek),
    mut record: impl FnMut(HistoryRecord),
    mut damaged: impl FnMut(DamagedLine),
) -> io::Result<()> {
    let mut notes = later_notes(&mut *reader)?;
    reader.rewind()?;
    each_line(&mut *reader, MAX_LINE_BYTES, |number, line| {
        let reason = match line {
            Line::Text(text) => {
                if text.iter().all(u8::is_ascii_whitespace) {
                    return;
                }
                if let Some(note) = note_line(text) {
                    match note {
                        Ok(_) => return,
                        Err(error) => format!("a note that cannot be read: {}", reason(&error)),
                    }
                } else {
                    match serde_json::from_slice::<HistoryRecord>(text) {
                        Ok(mut read) => {
                            attach(&mut notes, &mut read);
                            return record(read);
                        }
                        Err(error) => reason(&error),
                    }
                }
            }
            Line::TooLong => format!(
                "it is longer than any record can be, over {} MiB",
                MAX_LINE_BYTES / (1024 * 1024)
            ),
        };
        damaged(DamagedLine {
            line: number,
            reason,
        });
    })?;
    let mut unattached: Vec<(usize, jiff::Timestamp)> = notes
        .iter()
        .flat_map(|(start, at_start)| {
            at_start
                .notes
                .iter()
                .filter(|note| !note.attached)
                .map(|note| (note.line, *start))
        })
        .collect();
    unattached.sort_unstable();
    for (line, start) in unattached {
        damaged(DamagedLine {
            line,
            reason: format!(
                "a note on a session begun at {start}, which the history does not hold"
            ),
        });
    }
    Ok(())
}

/// Adds to `record` the notes written on it later.
fn attach(notes: &mut LaterNotes, record: &mut HistoryRecord) {
    let Some(at_start) = notes.get_mut(&record.start.timestamp) else {
        return;
    };
    at_start.read += 1;
    for note in &mut at_start.notes {
        if note.same_start == at_start.read {
            record.notes.push(note.text.clone());
            note.attached = true;
        }
    }
}

/// The notes in the history written after their sessions; a note line that cannot be read
/// is left for the reading of the records to tell.
fn later_notes(reader: impl BufRead) -> io::Result<LaterNotes> {
    let mut notes = LaterNotes::new();
    each_line(reader, MAX_LINE_BYTES, |number, line| {
        let Line::Text(text) = line else { return };
        if let Some(Ok(note)) = note_line(text) {
            let same_start = note.same_start();
            notes
                .entry(note.session.timestamp)
                .or_default()
                .notes
                .push(LaterNote {
                    line: number,
                    same_start,
                    text: note.note,
                    attached: false,
                });
        }
    })?;
    Ok(notes)
}

/// The note a line holds, or why it cannot be read; `None` when it is not a note line.
fn note_line(text: &[u8]) -> Option<serde_json::Result<NoteLine>> {
    text.starts_with(NOTE_LINE_START)
        .then(|| serde_json::from_slice::<NoteLine>(text))
}

/// A line as [`each_line`] hands it on.
enum Line<'a> {
    /// The line, without its line break.
    Text(&'a [u8]),
    /// A line longer than the limit, which is not kept.
    TooLong,
}

/// Reads `reader` a line at a time, handing each line to `each` with its number (from 1).
/// A line longer than `limit` bytes is read through without being kept, so no line takes
/// more memory than that.
fn each_line(
    mut reader: impl BufRead,
    limit: usize,
    mut each: impl FnMut(usize, Line<'_>),
) -> io::Result<()> {
    let mut line = Vec::new();
    for number in 1.. {
        line.clear();
        // One byte past the limit, so that a line just too long is not taken for one that
        // fits.
        let mut limited = (&mut reader).take(limit as u64 + 1);
        if limited.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        } else if line.len() > limit {
            reader.skip_until(b'\n')?;
            each(number, Line::TooLong);
            continue;
        }
        // A line written on Windows ends in CR LF.
        let text = line.strip_suffix(b"\r").unwrap_or(&line);
        each(number, Line::Text(text));
    }
    Ok(())
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
        HistoryRecord::complete("2026-11-30T07:15:02+01:00", routine, "Constructive rest")
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
    fn a_line_longer_than_any_record_is_damaged_and_not_kept() {
        let lines = |text: &[u8], limit| {
            let mut seen = Vec::new();
            each_line(text, limit, |number, line| {
                seen.push(match line {
                    Line::Text(text) => (number, String::from_utf8_lossy(text).into_owned()),
                    Line::TooLong => (number, "too long".to_owned()),
                });
            })
            .unwrap();
            seen
        };
        let expected = |pairs: &[(usize, &str)]| -> Vec<(usize, String)> {
            pairs.iter().map(|(n, t)| (*n, (*t).to_owned())).collect()
        };
        assert_eq!(
            lines(b"abcd\nabcde\n\nab", 4),
            expected(&[(1, "abcd"), (2, "too long"), (3, ""), (4, "ab")])
        );
        // Read through a small buffer, as a long line is: the limit holds across its parts.
        let text = format!("{}\n{}\nend\n", "x".repeat(10_000), "y".repeat(9_999));
        let reader = std::io::BufReader::with_capacity(64, text.as_bytes());
        let mut seen = Vec::new();
        each_line(reader, 9_999, |number, line| {
            seen.push((number, matches!(line, Line::TooLong)));
        })
        .unwrap();
        assert_eq!(seen, [(1, true), (2, false), (3, false)]);

        let long = format!("{{\"name\": \"{}\"}}", "x".repeat(MAX_LINE_BYTES));
        let text = format!(
            "{}\n{long}\n{}\n",
            record("a").to_line(),
            record("b").to_line()
        );
        let loaded = parse(text.as_bytes());
        assert_eq!(loaded.records.len(), 2);
        assert_eq!(loaded.damaged.len(), 1);
        assert_eq!(loaded.damaged[0].line, 2);
        assert!(loaded.damaged[0].reason.contains("longer than any record"));
    }

    #[test]
    fn a_later_note_is_attached_to_its_session_and_one_for_no_session_is_damaged() {
        let note = |text: &str, session: &str| {
            NoteLine {
                note: text.into(),
                session: session.parse().unwrap(),
                same_start: None,
                written: "2026-12-01T09:00:00Z".parse().unwrap(),
            }
            .to_line()
        };
        let mut first = record("a");
        first.notes = vec!["as it ran".into()];
        let second = HistoryRecord::complete("2026-11-30T08:00:00+01:00", "b", "B");
        let text = [
            first.to_line(),
            note("later", "2026-11-30T06:15:02Z"),
            second.to_line(),
            note("nobody's", "2026-11-29T07:00:00+01:00"),
            r#"{"note": 5}"#.to_owned(),
            note("then more", "2026-11-30T07:15:02+01:00"),
        ]
        .join("\n");
        let loaded = parse(text.as_bytes());
        let notes: Vec<&[String]> = loaded.records.iter().map(|r| &r.notes[..]).collect();
        // The same moment written in another offset is the same session.
        assert_eq!(
            notes,
            [&["as it ran", "later", "then more"][..], &[][..]]
                .map(|n| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
        );
        let damaged: Vec<(usize, &str)> = loaded
            .damaged
            .iter()
            .map(|d| (d.line, d.reason.as_str()))
            .collect();
        assert_eq!(
            damaged,
            [
                (
                    5,
                    "a note that cannot be read: invalid type: integer `5`, expected a string, at character 10"
                ),
                (
                    4,
                    "a note on a session begun at 2026-11-29T06:00:00Z, which the history does not hold"
                ),
            ]
        );
    }

    #[test]
    fn a_later_note_goes_to_the_one_of_the_sessions_begun_together_it_names() {
        let note = |text: &str, same_start| {
            NoteLine {
                note: text.into(),
                session: "2000-01-01T00:00:00Z".parse().unwrap(),
                same_start,
                written: "2026-12-01T09:00:00Z".parse().unwrap(),
            }
            .to_line()
        };
        let preview = HistoryRecord::complete("2000-01-01T00:00:00+00:00", "r", "R");
        let text = [
            preview.to_line(),
            note("on the second", Some(2)),
            preview.to_line(),
            note("on the first", None),
            note("on a third", Some(3)),
        ]
        .join("\n");
        let loaded = parse(text.as_bytes());
        let notes: Vec<Vec<String>> = loaded.records.into_iter().map(|r| r.notes).collect();
        assert_eq!(notes, [["on the first"], ["on the second"]]);
        let damaged: Vec<usize> = loaded.damaged.iter().map(|d| d.line).collect();
        assert_eq!(damaged, [5]);
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
