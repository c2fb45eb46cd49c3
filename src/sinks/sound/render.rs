//! A whole session's sound, written to a sound file without waiting for it: the session
//! runs on the virtual clock, and its events go through the same cues and mix as when
//! live. The mix is pulled a block at a time, brought to the file's rate and written, so a
//! session of any length takes the same little memory.

use std::io::{Seek, Write};
use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::mpsc::channel;

use super::cues::{Cues, frame_at};
use super::export::{Container, Encoder, ExportError, Format, Spec};
use super::mix::Mix;
use super::resample::{ResampleError, StreamResampler};
use super::{MIX_RATE, frames_of_ms};
use crate::plan::Timeline;
use crate::session::clock::VirtualClock;
use crate::session::sink::Sink;
use crate::session::{Command, Event, Session};

/// Frames pulled from the mix at a time.
const BLOCK: usize = 4_800;
/// However long the last bells ring, a rendering stops this long after the session.
const MAX_TAIL_MS: u64 = 60_000;
/// A rendering has no one to press a key: a step that waits until ready waits this long.
pub const READY_WAIT: std::time::Duration = std::time::Duration::from_secs(8);

/// Why a rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The sound file could not be written.
    #[error("cannot write the sound file: {0}")]
    Export(#[from] ExportError),
    /// The mix could not be brought to the file's rate.
    #[error(transparent)]
    Resample(#[from] ResampleError),
    /// Whoever watched its progress stopped it.
    #[error("the rendering was stopped")]
    Stopped,
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rendered {
    /// Frames of the mix rendered (at [`MIX_RATE`]); the file lasts as long at its own rate.
    pub frames: u64,
    /// Of which, the session itself; the rest is the last bell ringing out.
    pub session_frames: u64,
    /// For a WAV file, whether it is a plain WAV or, past 4 GiB, RF64.
    pub container: Option<Container>,
}

impl Rendered {
    /// How long the rendering lasts, in milliseconds.
    #[must_use]
    pub fn length_ms(&self) -> u64 {
        self.frames / frames_of_ms(1)
    }
}

/// The mix as it is: a 16-bit mono WAV at the mix rate, what tests read sample by sample.
pub const MIX_WAV: Spec = Spec {
    format: Format::Wav,
    rate: MIX_RATE,
    channels: 1,
};

/// How far a rendering has come: mix frames done, of about how many; the answer says
/// whether to go on.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64) -> ControlFlow<()>;

/// Writes the sound of a whole session on `timeline` as a 16-bit mono WAV at the mix rate.
pub fn render<W: Write + Seek>(
    timeline: &Arc<Timeline>,
    cues: &mut Cues,
    out: W,
) -> Result<Rendered, RenderError> {
    render_with(timeline, cues, out, Vec::new())
}

/// [`render`], with keys pressed at moments of the session (as a practitioner might,
/// live): what a rendering proves about the live sound.
pub fn render_with<W: Write + Seek>(
    timeline: &Arc<Timeline>,
    cues: &mut Cues,
    out: W,
    presses: Vec<(std::time::Duration, Command)>,
) -> Result<Rendered, RenderError> {
    render_as(
        timeline,
        cues,
        Encoder::new(out, MIX_WAV)?,
        MIX_WAV,
        presses,
        &mut |_, _| ControlFlow::Continue(()),
    )
}

/// Writes the sound of a whole session on `timeline` to `encoder`, at `spec`'s rate and
/// channels, telling `progress` as it goes (which may stop it).
pub fn render_as<W: Write + Seek>(
    timeline: &Arc<Timeline>,
    cues: &mut Cues,
    mut encoder: Encoder<W>,
    spec: Spec,
    presses: Vec<(std::time::Duration, Command)>,
    progress: Progress<'_>,
) -> Result<Rendered, RenderError> {
    let mut mix = Mix::new();
    let mut clock = VirtualClock::with_script(presses);
    let (_commands, inbox) = channel();
    let mut scheduler = Scheduler {
        cues,
        mix: &mut mix,
        timeline: None,
        end_frame: 0,
    };
    let outcome = Session::new(Arc::clone(timeline))
        .waiting_at_most(READY_WAIT)
        .run(&mut clock, &inbox, &mut scheduler);
    // The session's end, on the clock: later than its planned length by any wait.
    let session_frames = scheduler.end_frame.max(frames_of_ms(outcome.total_ms));
    let mut resampler = StreamResampler::new(MIX_RATE, spec.rate)?;
    let last_frame = session_frames + frames_of_ms(MAX_TAIL_MS);
    let mut block = vec![0.0_f32; BLOCK];
    let mut at_rate = Vec::with_capacity(BLOCK);
    let mut samples = Vec::with_capacity(BLOCK * usize::from(spec.channels));
    while mix.frame() < last_frame && !(mix.frame() >= session_frames && mix.is_quiet()) {
        let left = usize::try_from(last_frame - mix.frame()).unwrap_or(BLOCK);
        let block = &mut block[..BLOCK.min(left)];
        mix.fill(block);
        at_rate.clear();
        resampler.push(block, &mut at_rate)?;
        write_frames(&mut encoder, &at_rate, spec.channels, &mut samples)?;
        if progress(mix.frame(), session_frames).is_break() {
            return Err(RenderError::Stopped);
        }
    }
    at_rate.clear();
    resampler.finish(&mut at_rate)?;
    write_frames(&mut encoder, &at_rate, spec.channels, &mut samples)?;
    let container = encoder.finish()?;
    Ok(Rendered {
        frames: mix.frame(),
        session_frames,
        container,
    })
}

/// Mono frames written to every channel, as 16 bits.
fn write_frames<W: Write + Seek>(
    encoder: &mut Encoder<W>,
    frames: &[f32],
    channels: u16,
    samples: &mut Vec<i16>,
) -> Result<(), ExportError> {
    samples.clear();
    for &frame in frames {
        let sample = to_i16(frame);
        samples.extend(std::iter::repeat_n(sample, usize::from(channels)));
    }
    encoder.write(samples)
}

/// A session's events scheduled into the mix at the frames they are due, as the live
/// player does, but all at once.
struct Scheduler<'a> {
    cues: &'a mut Cues,
    mix: &'a mut Mix,
    /// The session's plan, as it last gave it.
    timeline: Option<Arc<Timeline>>,
    /// The frame of the last event: the session's end.
    end_frame: u64,
}

impl Sink for Scheduler<'_> {
    fn timeline(&mut self, timeline: &Arc<Timeline>) {
        self.timeline = Some(Arc::clone(timeline));
    }

    fn event(&mut self, event: &Event) {
        if let Some(timeline) = &self.timeline {
            let at = frame_at(event.due, 0);
            self.end_frame = self.end_frame.max(at);
            self.cues.on_event(event, timeline, at, self.mix);
        }
    }
}

/// A mix sample as 16 bits, clipped rather than wrapped.
#[must_use]
pub fn to_i16(sample: f32) -> i16 {
    (sample.clamp(-1.0, 1.0) * f32::from(i16::MAX)).round() as i16
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duration::MAX_MS;
    use crate::plan::MAX_SEGMENTS;
    use crate::sinks::sound::export::{FLAC_MOST_FRAMES, RATES};

    /// The longest session a routine can plan, every step waiting its longest and the last
    /// bell ringing its longest, at the highest rate: a FLAC file's header counts it whole.
    #[test]
    fn the_longest_rendering_is_counted_whole_in_a_flac_header() {
        let waits_ms = MAX_SEGMENTS as u64 * READY_WAIT.as_secs() * 1000;
        let longest_ms = MAX_MS + waits_ms + MAX_TAIL_MS;
        let fastest = u64::from(*RATES.iter().max().unwrap());
        let frames = longest_ms * fastest / 1000;
        assert!(frames <= FLAC_MOST_FRAMES, "{frames} frames");
    }
}
