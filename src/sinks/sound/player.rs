//! The player thread: owns the sound device and the mix, turns the events it is sent into
//! voices at the frame they are due (plus a fixed lead), and keeps the device fed a little
//! ahead of the clock. Late wake-ups of this thread therefore never move a sound.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use super::cues::{Cues, frame_at};
use super::mix::{Layer, Mix};
use super::output::{DeviceOutput, OutputError};
use super::render::to_i16;
use super::voice::Spoken;
use super::{MIX_RATE, frames_of_ms};
use crate::plan::Timeline;
use crate::session::clock::{Clock, RealClock};
use crate::session::{Event, EventKind};

/// The device is kept this far ahead of the clock.
pub const AHEAD_MS: u64 = 100;
/// Every sound is placed this long after it is due: more than `AHEAD_MS`, so a sound is
/// placed exactly even when its event arrives a little late.
pub const LEAD_MS: u64 = 160;
/// Silence played before the session begins, so a device that wakes slowly (a Bluetooth
/// headset) is awake for the first bell.
pub const PREROLL_MS: u64 = 500;
/// Frames written at a time (10 ms).
const BLOCK_FRAMES: usize = MIX_RATE as usize / 100;
/// The device gets the mono mix on two channels, which every device takes.
const DEVICE_CHANNELS: u32 = 2;
/// Volume changes glide over about 50 ms instead of jumping.
const GAIN_STEP: f32 = 1.0 / (MIX_RATE as f32 * 0.05);

/// What the player is told.
pub enum Message {
    /// The session's clock: frame 0 of the mix is its time zero.
    Start(RealClock),
    /// The session's plan, before its first event and whenever it changes.
    Timeline(Arc<Timeline>),
    /// Something happened in the session.
    Event(Box<Event>),
    /// Words the session will need are ready.
    Speech { text: String, spoken: Spoken },
    /// Say this now.
    SayNow(Spoken),
    /// Fade everything out now and end (the practitioner asked, after the session).
    Hush,
}

/// Where the player's one-line notices go (sound off, device lost).
pub type Notify = std::sync::Arc<dyn Fn(&str) + Send + Sync>;

/// What the player needs to run.
pub struct PlayerSetup {
    /// The device's name (an ALSA name on Linux).
    pub device: String,
    /// The cues, with their sounds.
    pub cues: Cues,
    /// Loudness in percent.
    pub percent: u8,
    /// Whether the sound starts muted.
    pub muted: bool,
}

/// Runs the player until the session is over and its sound has rung out, or the messages
/// stop. `opened` hears once whether the device opened.
pub fn run(
    setup: PlayerSetup,
    inbox: &Receiver<Message>,
    opened: &Sender<Result<(), OutputError>>,
    notify: &Notify,
) {
    let output = DeviceOutput::open(
        &setup.device,
        MIX_RATE,
        DEVICE_CHANNELS,
        u32::try_from(AHEAD_MS * 1000).unwrap_or(u32::MAX),
    );
    let output = match output.and_then(preroll) {
        Ok(output) => {
            let _ = opened.send(Ok(()));
            output
        }
        Err(error) => {
            let _ = opened.send(Err(error));
            return;
        }
    };
    let Ok(Message::Start(clock)) = inbox.recv() else {
        return;
    };
    let mut player = Player {
        output,
        mix: Mix::new(),
        cues: setup.cues,
        timeline: None,
        clock,
        target_gain: gain_of(setup.percent, setup.muted),
        gain: gain_of(setup.percent, setup.muted),
        ended: false,
    };
    if let Err(error) = player.play(inbox) {
        notify(&format!(
            "sound stopped: {error}; the session goes on silently"
        ));
    }
}

/// Starts the device on silence.
fn preroll(mut output: DeviceOutput) -> Result<DeviceOutput, OutputError> {
    let frames = usize::try_from(frames_of_ms(PREROLL_MS)).unwrap_or(0);
    output.write(&vec![0; frames * DEVICE_CHANNELS as usize])?;
    Ok(output)
}

/// Loudness as an amplitude: the square of the percentage, which sounds even.
fn gain_of(percent: u8, muted: bool) -> f32 {
    if muted {
        0.0
    } else {
        super::loudness::percent_gain(u16::from(percent.min(100)))
    }
}

struct Player {
    output: DeviceOutput,
    mix: Mix,
    cues: Cues,
    /// The session's plan, as it last sent it.
    timeline: Option<Arc<Timeline>>,
    clock: RealClock,
    target_gain: f32,
    gain: f32,
    ended: bool,
}

impl Player {
    fn play(&mut self, inbox: &Receiver<Message>) -> Result<(), OutputError> {
        let mut block = vec![0.0_f32; BLOCK_FRAMES];
        let mut frames = vec![0_i16; BLOCK_FRAMES * DEVICE_CHANNELS as usize];
        loop {
            // Keep the device fed up to the clock plus the lead it is given.
            let wanted = frame_at(self.clock.now(), frames_of_ms(AHEAD_MS));
            while self.mix.frame() < wanted {
                self.mix.fill(&mut block);
                self.for_device(&block, &mut frames);
                self.output.write(&frames)?;
            }
            if self.ended && self.mix.is_quiet() {
                self.output.drain();
                return Ok(());
            }
            let next_block = self.mix.frame() + BLOCK_FRAMES as u64;
            let wait = Duration::from_micros(
                next_block.saturating_sub(wanted) * 1_000_000 / u64::from(MIX_RATE),
            );
            match inbox.recv_timeout(wait) {
                Ok(message) => self.take(message),
                Err(RecvTimeoutError::Timeout) => {}
                // The session is gone without saying it ended: let what sounds fade.
                Err(RecvTimeoutError::Disconnected) if !self.ended => {
                    self.ended = true;
                    let now = self.mix.frame();
                    self.mix
                        .stop_at(now, &[Layer::Breath, Layer::Speech, Layer::Ambient]);
                }
                Err(RecvTimeoutError::Disconnected) => {
                    std::thread::sleep(wait);
                }
            }
        }
    }

    fn take(&mut self, message: Message) {
        match message {
            Message::Start(_) => {}
            Message::Timeline(timeline) => self.timeline = Some(timeline),
            Message::Event(event) => {
                let Some(timeline) = self.timeline.clone() else {
                    return;
                };
                let at = frame_at(event.due, frames_of_ms(LEAD_MS));
                // What earlier events queued and has not begun is no longer wanted.
                match event.kind {
                    EventKind::Pause | EventKind::Jump { .. } => {
                        self.mix.cancel_pending(&[Layer::Breath, Layer::Speech]);
                    }
                    EventKind::SessionEnd {
                        completed: false, ..
                    } => self.mix.cancel_pending(&[
                        Layer::Bell,
                        Layer::Breath,
                        Layer::Speech,
                        Layer::Ambient,
                    ]),
                    _ => {}
                }
                self.cues.on_event(&event, &timeline, at, &mut self.mix);
                match event.kind {
                    EventKind::SessionEnd { .. } => self.ended = true,
                    EventKind::Volume { percent, muted } => {
                        self.target_gain = gain_of(percent, muted);
                    }
                    _ => {}
                }
            }
            Message::Speech { text, spoken } => {
                self.cues.speech_ready(text, spoken, &mut self.mix);
            }
            Message::SayNow(spoken) => self.cues.say_now(spoken, &mut self.mix),
            Message::Hush => {
                let every = [Layer::Bell, Layer::Breath, Layer::Speech, Layer::Ambient];
                self.mix.cancel_pending(&every);
                let now = self.mix.frame();
                self.mix.stop_at(now, &every);
                self.ended = true;
            }
        }
    }

    /// The mono mix at the current loudness, on every device channel.
    fn for_device(&mut self, block: &[f32], frames: &mut [i16]) {
        let channels = DEVICE_CHANNELS as usize;
        for (sample, frame) in block.iter().zip(frames.chunks_mut(channels)) {
            self.gain += (self.target_gain - self.gain).clamp(-GAIN_STEP, GAIN_STEP);
            frame.fill(to_i16(sample * self.gain));
        }
    }
}
