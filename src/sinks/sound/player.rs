//! The player thread: owns the sound device and the mix, turns the events it is sent into
//! voices at the frame they are due (plus a fixed lead), and keeps the device fed ahead of
//! the clock. Late wake-ups of this thread therefore never move a sound.
//!
//! Every sound is planned, so once nothing sounds the device is given seconds of silence at
//! a time and the thread sleeps. A message that may bring a sound sooner takes that silence
//! back first ([`DeviceOutput::take_back`]); while something sounds, the device is kept only
//! a tenth of a second ahead, so that a pause or a jump is heard at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
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

/// While something sounds, the device is kept this far ahead of the clock.
pub const AHEAD_MS: u64 = 100;
/// Every sound is placed this long after it is due: more than `AHEAD_MS`, so a sound is
/// placed exactly even when its event arrives a little late.
pub const LEAD_MS: u64 = 140;
/// Silence played before the session begins, so a device that wakes slowly (a Bluetooth
/// headset) is awake for the first bell.
pub const PREROLL_MS: u64 = 500;
/// Once nothing sounds, silence is written this far ahead ...
const SILENCE_AHEAD_MS: u64 = 2_000;
/// ... and topped up when less than this is left: about one wake-up a second.
const SILENCE_LEFT_MS: u64 = 1_000;
/// The buffer asked of the device: the silence ahead, and room to spare.
const BUFFER_MS: u64 = 2_500;
/// Silence is written far ahead only once the last sound has been over for this long, so
/// that the device has surely played it (it may lag the clock a little).
const SETTLE_MS: u64 = 300;
/// Silence taken back leaves this much of it to be heard first.
const KEEP_MS: u64 = 20;
/// After the session, the last sound is waited for at most this long past its end.
const DRAIN_LIMIT_MS: u64 = 500;
/// Frames written at a time while something sounds (25 ms): the device holds 75 to 100 ms,
/// and each write costs a sound server a wake-up.
const BLOCK_FRAMES: usize = MIX_RATE as usize / 40;
/// The device gets the mono mix on two channels, which every device takes.
const DEVICE_CHANNELS: u32 = 2;
/// Volume changes glide over about 50 ms instead of jumping.
const GAIN_STEP: f32 = 1.0 / (MIX_RATE as f32 * 0.05);

/// What the player is told.
pub enum Message {
    /// The session's clock has started: its time zero is now.
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

/// What the player tells of the device, in this order.
#[derive(Debug)]
pub enum Status {
    /// Whether the device opened.
    Opened(Result<(), OutputError>),
    /// The device has played its first silence: the session may start.
    Awake,
    /// The session has ended: whether a bowl still rings (or is yet to be struck) after it.
    RingsOut(bool),
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

/// What the player shows of itself to the thread that waits for it.
#[derive(Clone, Default)]
pub struct Heartbeat(Arc<AtomicU64>);

impl Heartbeat {
    /// How many frames the player has written so far: it is alive while this grows.
    #[must_use]
    pub fn frames(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    fn beat(&self, frames: u64) {
        self.0.store(frames, Ordering::Relaxed);
    }
}

/// Runs the player until the session is over and its sound has rung out, or the messages
/// stop. `status` hears whether the device opened, then when it is awake.
pub fn run(
    setup: PlayerSetup,
    inbox: &Receiver<Message>,
    status: &Sender<Status>,
    notify: &Notify,
    heartbeat: Heartbeat,
) {
    let buffer_us = u32::try_from(BUFFER_MS * 1000).unwrap_or(u32::MAX);
    let output = match DeviceOutput::open(&setup.device, MIX_RATE, DEVICE_CHANNELS, buffer_us) {
        Ok(output) => {
            let _ = status.send(Status::Opened(Ok(())));
            output
        }
        Err(error) => {
            let _ = status.send(Status::Opened(Err(error)));
            return;
        }
    };
    // Room for the silence ahead, with what is written while something sounds to spare;
    // none on a device with less.
    let room = output.capacity().saturating_sub(frames_of_ms(AHEAD_MS));
    let silence_ahead = if room > frames_of_ms(SILENCE_LEFT_MS) {
        room.min(frames_of_ms(SILENCE_AHEAD_MS))
    } else {
        0
    };
    let mut player = Player {
        output,
        mix: Mix::new(),
        cues: setup.cues,
        timeline: None,
        clock: RealClock::start(),
        session_zero: None,
        silence_ahead,
        silence: None,
        target_gain: gain_of(setup.percent, setup.muted),
        gain: gain_of(setup.percent, setup.muted),
        ended: false,
        heartbeat,
    };
    let result = player.play(inbox, status);
    // Whatever is left queued is not waited for: the sound has been heard, or is lost.
    player.output.stop();
    if let Err(error) = result {
        notify(&format!(
            "sound stopped: {error}; the session goes on silently"
        ));
    }
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
    /// The player's own time, from when the device opened: frame `f` of the mix is heard
    /// `f` frames into it.
    clock: RealClock,
    /// The session's time zero on the player's clock, once the session has started.
    session_zero: Option<Duration>,
    /// How many frames of silence the device may be given ahead (0: none beyond the usual).
    silence_ahead: u64,
    /// As many silent frames, made when first needed.
    silence: Option<Vec<i16>>,
    target_gain: f32,
    gain: f32,
    ended: bool,
    heartbeat: Heartbeat,
}

impl Player {
    fn play(
        &mut self,
        inbox: &Receiver<Message>,
        status: &Sender<Status>,
    ) -> Result<(), OutputError> {
        let mut block = vec![0.0_f32; BLOCK_FRAMES];
        let mut frames = vec![0_i16; BLOCK_FRAMES * DEVICE_CHANNELS as usize];
        let awake_at = frames_of_ms(PREROLL_MS - LEAD_MS);
        let mut awake = false;
        loop {
            let now = self.now_frame();
            self.feed(now, &mut block, &mut frames)?;
            if !awake && now >= awake_at {
                let _ = status.send(Status::Awake);
                awake = true;
            }
            if self.ended && self.mix.is_quiet() {
                self.ring_out(inbox);
                return Ok(());
            }
            let mut next = self.next_write(now);
            if !awake {
                next = next.min(awake_at);
            }
            let wait = frames_to_duration(next.saturating_sub(now));
            match inbox.recv_timeout(wait) {
                Ok(message) => {
                    if !matches!(message, Message::Timeline(_)) {
                        self.take_back_silence();
                    }
                    let ends = matches!(&message, Message::Event(event)
                        if matches!(event.kind, EventKind::SessionEnd { .. }));
                    self.take(message);
                    if ends {
                        let _ = status.send(Status::RingsOut(self.mix.holds(Layer::Bell)));
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                // The session is gone without saying it ended: let what sounds fade.
                Err(RecvTimeoutError::Disconnected) if !self.ended => {
                    self.ended = true;
                    self.take_back_silence();
                    let now = self.mix.frame();
                    self.mix
                        .stop_at(now, &[Layer::Breath, Layer::Speech, Layer::Ambient]);
                }
                Err(RecvTimeoutError::Disconnected) => std::thread::sleep(wait),
            }
        }
    }

    /// The frame of the mix being heard now, as the player's clock tells.
    fn now_frame(&self) -> u64 {
        frame_at(self.clock.now(), 0)
    }

    /// Whether silence may be written far ahead: the session is under way, nothing sounds,
    /// and what last sounded has been heard.
    fn in_silence(&self, now: u64) -> bool {
        let last_sound = self.mix.frame() - self.mix.silent_frames();
        self.silence_ahead > 0
            && self.session_zero.is_some()
            && !self.ended
            && self.mix.is_silent()
            && last_sound + frames_of_ms(SETTLE_MS) <= now
    }

    /// How far the device should be fed at `now`: a little ahead; in silence, far ahead up to
    /// the next sound waiting, topped up only when it runs low.
    fn fed_to(&self, now: u64) -> u64 {
        let near = now + frames_of_ms(AHEAD_MS);
        let written = self.mix.frame();
        if !self.in_silence(now) || written >= now + frames_of_ms(SILENCE_LEFT_MS) {
            return near;
        }
        let next_sound = self.mix.next_pending().unwrap_or(u64::MAX);
        near.max((now + self.silence_ahead).min(next_sound))
    }

    /// The frame of the clock at which [`Player::feed`] has something to write again.
    fn next_write(&self, now: u64) -> u64 {
        let written = self.mix.frame();
        let near = frames_of_ms(AHEAD_MS);
        if self.in_silence(now) && self.mix.next_pending().is_none_or(|at| at > written) {
            // When it runs low; not at once when the device took less than was offered, and
            // never so late that it runs short.
            let low = written.saturating_sub(frames_of_ms(SILENCE_LEFT_MS) - 1);
            let soonest = now + frames_of_ms(SILENCE_LEFT_MS / 4);
            low.max(soonest).min(written.saturating_sub(near))
        } else {
            (written + BLOCK_FRAMES as u64).saturating_sub(near)
        }
    }

    /// Writes the mix to the device up to [`Player::fed_to`]. Silence far ahead goes in one
    /// write, only as far as the device takes it without waiting, and is not mixed at all.
    fn feed(&mut self, now: u64, block: &mut [f32], frames: &mut [i16]) -> Result<(), OutputError> {
        let mut wanted = self.fed_to(now);
        let channels = DEVICE_CHANNELS as usize;
        let near = now + frames_of_ms(AHEAD_MS);
        if self.in_silence(now) && wanted > near {
            let room = self.output.room().min(self.silence_ahead);
            let skipped = self
                .mix
                .skip(wanted.min(self.mix.frame() + room) - self.mix.frame());
            // Nothing sounds: a change of loudness has nothing to glide over.
            self.gain = self.target_gain;
            let silence = self.silence.get_or_insert_with(|| {
                vec![0; usize::try_from(self.silence_ahead).unwrap_or(0) * channels]
            });
            self.output
                .write(&silence[..usize::try_from(skipped).unwrap_or(0) * channels])?;
            self.heartbeat.beat(self.mix.frame());
            // Silence the device had no room for is offered at the next wake-up, not mixed
            // and waited for now.
            wanted = near;
        }
        while self.mix.frame() < wanted {
            self.mix.fill(block);
            self.for_device(block, frames);
            self.output.write(frames)?;
            self.heartbeat.beat(self.mix.frame());
        }
        Ok(())
    }

    /// Takes back the silence written ahead of the clock, so what comes next is heard soon.
    fn take_back_silence(&mut self) {
        let keep = self.now_frame() + frames_of_ms(KEEP_MS);
        let silent = self.mix.silent_frames();
        let from = keep.max(self.mix.frame() - silent);
        let wanted = self.mix.frame().saturating_sub(from);
        let taken = self.output.take_back(wanted, silent);
        self.mix.rewind(taken);
    }

    /// After the session: waits until the last sound has been heard (never much longer, nor
    /// past a hush), so that the process ends with it.
    fn ring_out(&mut self, inbox: &Receiver<Message>) {
        let heard_by = self.mix.frame() - self.mix.silent_frames();
        let limit = heard_by + frames_of_ms(DRAIN_LIMIT_MS);
        loop {
            let now = self.now_frame();
            let all_heard = now >= heard_by && self.output.queued() <= self.mix.silent_frames();
            if all_heard || now >= limit {
                return;
            }
            let wait = heard_by.max(now + BLOCK_FRAMES as u64).min(limit) - now;
            if let Ok(Message::Hush) = inbox.recv_timeout(frames_to_duration(wait)) {
                return;
            }
        }
    }

    fn take(&mut self, message: Message) {
        match message {
            Message::Start(session) => {
                self.session_zero = Some(self.clock.now().saturating_sub(session.now()));
            }
            Message::Timeline(timeline) => self.timeline = Some(timeline),
            Message::Event(event) => self.on_event(&event),
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

    fn on_event(&mut self, event: &Event) {
        let (Some(timeline), Some(zero)) = (self.timeline.clone(), self.session_zero) else {
            return;
        };
        let at = frame_at(event.due + zero, frames_of_ms(LEAD_MS));
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
        self.cues.on_event(event, &timeline, at, &mut self.mix);
        match event.kind {
            EventKind::SessionEnd { .. } => self.ended = true,
            EventKind::Volume { percent, muted } => {
                self.target_gain = gain_of(percent, muted);
            }
            _ => {}
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

/// How long `frames` of the mix last.
fn frames_to_duration(frames: u64) -> Duration {
    Duration::from_micros(frames * 1_000_000 / u64::from(MIX_RATE))
}
