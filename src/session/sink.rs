//! Where a session's events go: the display, the event log, later sound and history.
//! A sink must return quickly; one that needs time hands the event to its own thread.

use crate::plan::Timeline;
use crate::session::Event;

/// Something that consumes a session's events.
pub trait Sink {
    /// Takes one event. `timeline` is the session's plan, for looking up steps.
    fn event(&mut self, event: &Event, timeline: &Timeline);

    /// Called once after the session; reports the first error the sink met, if any.
    fn finish(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Several sinks fed the same events, in order.
#[derive(Default)]
pub struct Sinks(Vec<Box<dyn Sink>>);

impl Sinks {
    /// Adds a sink.
    pub fn push(&mut self, sink: Box<dyn Sink>) {
        self.0.push(sink);
    }
}

impl Sink for Sinks {
    fn event(&mut self, event: &Event, timeline: &Timeline) {
        for sink in &mut self.0 {
            sink.event(event, timeline);
        }
    }

    fn finish(&mut self) -> std::io::Result<()> {
        let mut first_error = Ok(());
        for sink in &mut self.0 {
            let result = sink.finish();
            if first_error.is_ok() {
                first_error = result;
            }
        }
        first_error
    }
}

/// A sink that remembers every event, for tests and for summaries.
#[derive(Debug, Default, Clone)]
pub struct Recorder {
    /// The events so far, in order.
    pub events: Vec<Event>,
}

impl Sink for Recorder {
    fn event(&mut self, event: &Event, _timeline: &Timeline) {
        self.events.push(event.clone());
    }
}

/// Two sinks fed the same events, for a sink the caller needs back after the session.
pub struct Tee<'a>(pub &'a mut dyn Sink, pub &'a mut dyn Sink);

impl Sink for Tee<'_> {
    fn event(&mut self, event: &Event, timeline: &Timeline) {
        self.0.event(event, timeline);
        self.1.event(event, timeline);
    }

    fn finish(&mut self) -> std::io::Result<()> {
        let first = self.0.finish();
        let second = self.1.finish();
        first.and(second)
    }
}

/// A line-by-line output for sinks that write text: each line is flushed as it is
/// written, so a session cut short keeps every line before the cut, and the first error
/// stops the writing and is kept for [`Sink::finish`].
pub struct LineOutput {
    out: Box<dyn std::io::Write>,
    error: Option<std::io::Error>,
}

impl LineOutput {
    /// Lines written to `out`.
    #[must_use]
    pub fn new(out: Box<dyn std::io::Write>) -> Self {
        Self { out, error: None }
    }

    /// Writes one line (the line break is added here).
    pub fn line(&mut self, text: &str) {
        if self.error.is_some() {
            return;
        }
        let result = self
            .out
            .write_all(text.as_bytes())
            .and_then(|()| self.out.write_all(b"\n"))
            .and_then(|()| self.out.flush());
        if let Err(error) = result {
            self.error = Some(error);
        }
    }

    /// The first error met, if any.
    pub fn finish(&mut self) -> std::io::Result<()> {
        self.error.take().map_or(Ok(()), Err)
    }
}
