//! The live sound of a session: a [`Sink`] that hands every event to the player thread
//! without waiting, and waits at the end for the last bell to ring out, but never for a
//! player that has stopped moving.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use super::output::OutputError;
use super::player::{self, Heartbeat, Message, Notify, PlayerSetup, Status};
use super::speech::{self, Ready, Talker};
use super::voice::Spoken;
use crate::plan::Timeline;
use crate::session::clock::RealClock;
use crate::session::sink::Sink;
use crate::session::{Event, EventKind};

/// How long opening the device may take before the session starts without sound.
const OPEN_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the device may take to play its first silence before the session starts anyway.
const AWAKE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long the player may take to say, once the session has ended, whether a bowl rings on.
const RINGS_OUT_ANSWER: Duration = Duration::from_secs(1);
/// A player that has written nothing for this long is taken to hang (a device that stopped
/// taking sound), and is not waited for.
const STALL_LIMIT: Duration = Duration::from_secs(2);

/// Plays a session's sound on the device.
pub struct AudioSink {
    messages: Sender<Message>,
    player: Option<JoinHandle<()>>,
    /// What the player says of the device, after it opened.
    status: Receiver<Status>,
    /// How far the player has got.
    heartbeat: Heartbeat,
    /// Closed when the player has ended.
    done: Receiver<()>,
    /// Where words to say go, when a speech program is at work.
    speech: Option<Sender<String>>,
    /// The texts the player's cues hold.
    ready: Ready,
}

impl AudioSink {
    /// Opens the device on a new player thread. When it cannot be opened, says so in one
    /// line through `notify` and returns `None`: the session goes on silently.
    #[must_use]
    pub fn open(setup: PlayerSetup, notify: &Notify) -> Option<Self> {
        let (messages, inbox) = channel();
        let (status_tx, status) = channel();
        let device = setup.device.clone();
        let player_notify = notify.clone();
        let heartbeat = Heartbeat::default();
        let beats = heartbeat.clone();
        // Dropped as the thread ends, which is what `finish` waits for.
        let (ended, done) = channel::<()>();
        let spawned = std::thread::Builder::new()
            .name("sound".into())
            .spawn(move || {
                player::run(setup, &inbox, &status_tx, &player_notify, beats);
                drop(ended);
            });
        let Ok(player) = spawned else {
            return None;
        };
        match status.recv_timeout(OPEN_TIMEOUT) {
            Ok(Status::Opened(Ok(()))) => Some(Self {
                messages,
                player: Some(player),
                status,
                heartbeat,
                done,
                speech: None,
                ready: Ready::default(),
            }),
            Ok(Status::Opened(Err(error))) => {
                notify(&sound_off_notice(&error, &device));
                None
            }
            Ok(Status::Awake | Status::RingsOut(_)) | Err(_) => {
                notify(&format!("sound is off: `{device}` did not answer"));
                None
            }
        }
    }

    /// Waits until the device has played its first silence, so that the first bell is not
    /// lost on one that wakes slowly (never for long).
    pub fn wait_until_awake(&self) {
        let _ = self.status.recv_timeout(AWAKE_TIMEOUT);
    }

    /// Starts the sound on the session's clock.
    pub fn start(&self, clock: RealClock) {
        let _ = self.messages.send(Message::Start(clock));
    }

    /// A handle that ends the sound early, for a signal that comes while the last bell
    /// rings out after the session.
    #[must_use]
    pub fn hush_handle(&self) -> Hush {
        Hush(self.messages.clone())
    }

    /// After the session's end: whether its last bowl still rings out, so that the display
    /// can say so (never waits long: a player that does not answer rings nothing).
    #[must_use]
    pub fn rings_out(&self) -> bool {
        loop {
            match self.status.recv_timeout(RINGS_OUT_ANSWER) {
                Ok(Status::RingsOut(rings)) => return rings,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
    }

    /// Gives the player words said before the session.
    pub fn add_speech(&self, said: Vec<(String, Spoken)>) {
        for (text, spoken) in said {
            let _ = self.messages.send(Message::Speech { text, spoken });
        }
    }

    /// Says with `talker`, while the session runs, the texts it needs `later`; the player
    /// holds those `ready` already. "Where am I" is answered from the texts ready, or else
    /// said by `talker` before anything else.
    pub fn speak(
        &mut self,
        talker: Talker,
        ready: HashSet<String>,
        later: Vec<String>,
        notify: Notify,
    ) {
        let (to_speaker, asked) = channel();
        self.ready = Arc::new(std::sync::Mutex::new(ready));
        let ready = Arc::clone(&self.ready);
        speech::spawn_speaker(talker, later, asked, ready, self.messages.clone(), notify);
        self.speech = Some(to_speaker);
    }
}

/// Ends a session's sound early.
pub struct Hush(Sender<Message>);

impl Hush {
    /// Fades out whatever still sounds; the player then ends.
    pub fn hush(&self) {
        let _ = self.0.send(Message::Hush);
    }
}

/// The one line said when there is no sound, with what to try.
fn sound_off_notice(error: &OutputError, device: &str) -> String {
    match error {
        OutputError::Open { .. } if device == "default" => {
            format!("sound is off: {error}; try --audio-device")
        }
        _ => format!("sound is off: {error}"),
    }
}

impl Sink for AudioSink {
    fn timeline(&mut self, timeline: &Arc<Timeline>) {
        let _ = self.messages.send(Message::Timeline(Arc::clone(timeline)));
    }

    fn event(&mut self, event: &Event) {
        // An unbounded channel: sending never waits. A player that is gone is ignored.
        let _ = self.messages.send(Message::Event(Box::new(event.clone())));
        match &event.kind {
            EventKind::WhereAmI { words, .. } => {
                let ready = self
                    .ready
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .contains(words);
                if let Some(speech) = self.speech.as_ref().filter(|_| !ready) {
                    let _ = speech.send(words.clone());
                }
            }
            EventKind::SessionEnd { .. } => {
                // Nothing more will come; closing our side lets the player finish.
                let (closed, _) = channel();
                self.messages = closed;
                self.speech = None;
            }
            _ => {}
        }
    }

    fn finish(&mut self) -> std::io::Result<()> {
        if let Some(player) = self.player.take() {
            // The player ends when the last sound has rung out: it is waited for as long as
            // it moves on. One that hangs is left behind, to end with the process.
            let mut last = self.heartbeat.frames();
            loop {
                match self.done.recv_timeout(STALL_LIMIT) {
                    Err(RecvTimeoutError::Timeout) => {}
                    Ok(()) | Err(RecvTimeoutError::Disconnected) => {
                        let _ = player.join();
                        break;
                    }
                }
                let now = self.heartbeat.frames();
                if now == last {
                    break;
                }
                last = now;
            }
        }
        Ok(())
    }
}
