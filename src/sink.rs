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
