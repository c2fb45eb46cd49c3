//! Where a session's events go. A sink must return quickly; one that needs time hands the
//! event to its own thread.

use std::sync::Arc;

use super::event::Event;
use crate::plan::Timeline;

/// Something that consumes a session's events.
pub trait Sink {
    /// The session's plan: given before the first event, and again whenever it changes (a
    /// step made longer). A sink that needs the plan keeps this `Arc`, the session's own,
    /// never a copy of its own.
    fn timeline(&mut self, _timeline: &Arc<Timeline>) {}

    /// Takes one event.
    fn event(&mut self, event: &Event);

    /// After the session, before `finish`: its last bowl still rings out, and any key ends
    /// it. A display says so; the others have nothing to do.
    fn ringing_out(&mut self) {}

    /// Called once after the session; reports the first error the sink met, if any.
    fn finish(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A sink that may not be there: when it is not, nothing takes the events.
impl<S: Sink> Sink for Option<S> {
    fn timeline(&mut self, timeline: &Arc<Timeline>) {
        if let Some(sink) = self {
            sink.timeline(timeline);
        }
    }

    fn event(&mut self, event: &Event) {
        if let Some(sink) = self {
            sink.event(event);
        }
    }

    fn ringing_out(&mut self) {
        if let Some(sink) = self {
            sink.ringing_out();
        }
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.as_mut().map_or(Ok(()), Sink::finish)
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
    fn timeline(&mut self, timeline: &Arc<Timeline>) {
        for sink in &mut self.0 {
            sink.timeline(timeline);
        }
    }

    fn event(&mut self, event: &Event) {
        for sink in &mut self.0 {
            sink.event(event);
        }
    }

    fn ringing_out(&mut self) {
        for sink in &mut self.0 {
            sink.ringing_out();
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

/// A sink that remembers every event and the last plan it was given, for tests.
#[derive(Debug, Default, Clone)]
pub struct Recorder {
    /// The events so far, in order.
    pub events: Vec<Event>,
    /// How many times the plan was given.
    pub timelines: usize,
    /// The plan as last given.
    pub timeline: Option<Arc<Timeline>>,
}

impl Sink for Recorder {
    fn timeline(&mut self, timeline: &Arc<Timeline>) {
        self.timelines += 1;
        self.timeline = Some(Arc::clone(timeline));
    }

    fn event(&mut self, event: &Event) {
        self.events.push(event.clone());
    }
}

/// Two sinks fed the same events, for a sink the caller needs back after the session.
pub struct Tee<'a>(pub &'a mut dyn Sink, pub &'a mut dyn Sink);

impl Sink for Tee<'_> {
    fn timeline(&mut self, timeline: &Arc<Timeline>) {
        self.0.timeline(timeline);
        self.1.timeline(timeline);
    }

    fn event(&mut self, event: &Event) {
        self.0.event(event);
        self.1.event(event);
    }

    fn ringing_out(&mut self) {
        self.0.ringing_out();
        self.1.ringing_out();
    }

    fn finish(&mut self) -> std::io::Result<()> {
        let first = self.0.finish();
        let second = self.1.finish();
        first.and(second)
    }
}
