//! A whole session's sound, written to a WAV file without waiting for it: the session runs
//! on the virtual clock, and its events go through the same cues and mix as when live.

use std::io::{Seek, Write};
use std::sync::mpsc::channel;

use super::cues::{Cues, frame_at};
use super::mix::Mix;
use super::{MIX_RATE, frames_of_ms};
use crate::plan::Timeline;
use crate::session::Session;
use crate::session::clock::VirtualClock;
use crate::session::sink::Recorder;

/// Frames pulled from the mix at a time.
const BLOCK: usize = 4_800;
/// However long the last bells ring, a rendering stops this long after the session.
const MAX_TAIL_MS: u64 = 60_000;

/// Why a rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The WAV file could not be written.
    #[error("cannot write the sound file: {0}")]
    Wav(#[from] hound::Error),
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rendered {
    /// Frames written (mono, at [`MIX_RATE`]).
    pub frames: u64,
    /// Of which, the session itself; the rest is the last bell ringing out.
    pub session_frames: u64,
}

/// Writes the sound of a whole session on `timeline` as a 16-bit mono WAV at the mix rate.
pub fn render<W: Write + Seek>(
    timeline: &Timeline,
    cues: &mut Cues,
    out: W,
) -> Result<Rendered, RenderError> {
    let mut mix = Mix::new();
    schedule_session(timeline, cues, &mut mix);
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: MIX_RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::new(out, spec)?;
    let session_frames = frames_of_ms(timeline.total_ms);
    let last_frame = session_frames + frames_of_ms(MAX_TAIL_MS);
    let mut block = vec![0.0_f32; BLOCK];
    while mix.frame() < last_frame && !(mix.frame() >= session_frames && mix.is_quiet()) {
        let left = usize::try_from(last_frame - mix.frame()).unwrap_or(BLOCK);
        let block = &mut block[..BLOCK.min(left)];
        mix.fill(block);
        let mut samples = writer.get_i16_writer(u32::try_from(block.len()).unwrap_or(0));
        for &sample in block.iter() {
            samples.write_sample(to_i16(sample));
        }
        samples.flush()?;
    }
    let frames = mix.frame();
    writer.finalize()?;
    Ok(Rendered {
        frames,
        session_frames,
    })
}

/// Runs the session on the virtual clock and schedules the sound of every event.
fn schedule_session(timeline: &Timeline, cues: &mut Cues, mix: &mut Mix) {
    let (_commands, inbox) = channel();
    let mut recorder = Recorder::default();
    Session::new(timeline).run(&mut VirtualClock::new(), &inbox, &mut recorder);
    for event in &recorder.events {
        cues.on_event(event, timeline, frame_at(event.due, 0), mix);
    }
}

/// A mix sample as 16 bits, clipped rather than wrapped.
#[must_use]
pub fn to_i16(sample: f32) -> i16 {
    (sample.clamp(-1.0, 1.0) * f32::from(i16::MAX)).round() as i16
}
