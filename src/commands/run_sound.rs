//! The sound of a live session: opened before the session, with notices from the sound
//! threads held back while the full screen is up, so they cannot garble it.

use std::sync::{Arc, Mutex, PoisonError};

use crate::error::AppError;
use crate::options::SessionOptions;
use crate::plan::Timeline;
use crate::routine::library::Found;
use crate::sinks::sound::player::{Notify, PlayerSetup};
use crate::sinks::sound::prepare;
use crate::sinks::sound::sink::AudioSink;

/// Lines for the practitioner from other threads (sound, speech): printed at once, or held
/// while the full screen is up and printed once it has let go of the terminal.
#[derive(Clone, Default)]
pub(super) struct Notices(Arc<Mutex<Option<Vec<String>>>>);

impl Notices {
    /// Prints `line`, or keeps it while held.
    pub(super) fn say(&self, line: &str) {
        let mut held = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match held.as_mut() {
            Some(lines) => lines.push(line.to_owned()),
            None => eprintln!("{line}"),
        }
    }

    /// Keeps lines from now on, until [`Notices::release`].
    pub(super) fn hold(&self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(Vec::new());
    }

    /// Prints the lines kept, and prints at once from now on.
    pub(super) fn release(&self) {
        let held = self.0.lock().unwrap_or_else(PoisonError::into_inner).take();
        for line in held.unwrap_or_default() {
            eprintln!("{line}");
        }
    }

    fn notify(&self) -> Notify {
        let notices = self.clone();
        Arc::new(move |line: &str| notices.say(line))
    }
}

/// The session's sound, or `None` when it is off, there is nothing to hear (a session on the
/// virtual clock is over at once), or there is no device (said in one line).
pub(super) fn open(
    options: &SessionOptions,
    found: &Found,
    timeline: &Timeline,
    notices: &Notices,
) -> Result<Option<AudioSink>, AppError> {
    if !options.plays_sound() {
        return Ok(None);
    }
    let allowed = options.cue_switches();
    let cues = prepare::cues_for(found, timeline, allowed, &options.own_sounds)?;
    let words = prepare::words_to_say(found, timeline, &cues);
    let setup = PlayerSetup {
        device: options.audio_device.value.clone(),
        cues,
        percent: options.volume.value,
        muted: options.muted.value,
    };
    let notify = notices.notify();
    let mut audio = AudioSink::open(setup, &notify);
    // Speech also answers "where am I", so it is ready whenever the voice is allowed.
    if let Some(audio) = audio.as_mut().filter(|_| allowed.voice) {
        match options.speech.value.clone() {
            Some(engine) => audio.speak(engine, words, notify),
            None if !words.is_empty() => notices.say(prepare::NO_SPEECH_ENGINE),
            None => {}
        }
    }
    Ok(audio)
}
