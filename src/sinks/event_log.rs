//! The event log: one JSON object per line, for scripts and for proving the timing.

use std::io::{self, Write};

use serde::Serialize;

use crate::session::sink::Sink;
use crate::session::{Event, EventKind};
use crate::sinks::lines::LineOutput;

/// Writes each event as a JSON line.
pub(crate) struct EventLog {
    out: LineOutput,
}

#[derive(Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    kind: &'a EventKind,
    planned_ms: u64,
    actual_ms: u64,
    /// How late the event came after it was due, in microseconds.
    late_us: u64,
}

impl EventLog {
    /// An event log that writes to `out`, one line per event, flushed as it goes so that a
    /// session cut short still leaves every line before the cut.
    #[must_use]
    pub(crate) fn new(out: Box<dyn Write>) -> Self {
        Self {
            out: LineOutput::new(out),
        }
    }

    /// The JSON line for one event, without its line break.
    #[must_use]
    pub(crate) fn line(event: &Event) -> String {
        let line = Line {
            kind: &event.kind,
            planned_ms: event.planned_ms,
            actual_ms: crate::duration::whole_ms(event.since_start()),
            late_us: u64::try_from(event.lateness().as_micros()).unwrap_or(u64::MAX),
        };
        // The routine's id is its file's name, which may hold controls JSON lets through.
        crate::untrusted::json(&serde_json::to_string(&line).unwrap_or_default())
    }
}

impl Sink for EventLog {
    fn event(&mut self, event: &Event) {
        self.out.line(&Self::line(event));
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.finish()
    }
}
