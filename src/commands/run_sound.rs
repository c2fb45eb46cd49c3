//! The sound of a live session: opened before the session, with notices from the sound
//! threads held back while the full screen is up, so they cannot garble it.

use std::sync::{Arc, Mutex, PoisonError};

use crate::cli::RunArgs;
use crate::error::AppError;
use crate::options::settings_file::Settings;
use crate::plan::Timeline;
use crate::routine::library::Found;
use crate::sinks::sound::player::{Notify, PlayerSetup};
use crate::sinks::sound::prepare;
use crate::sinks::sound::sink::AudioSink;
use crate::sinks::sound::speech::Engine;

/// The volume when neither `--volume` nor the settings choose one.
const DEFAULT_VOLUME: u8 = 70;

/// Lines for the practitioner from other threads (sound, speech): printed at once, or held
/// while the full screen is up and printed once it has let go of the terminal.
#[derive(Clone, Default)]
pub struct Notices(Arc<Mutex<Option<Vec<String>>>>);

impl Notices {
    /// Prints `line`, or keeps it while held.
    pub fn say(&self, line: &str) {
        let mut held = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match held.as_mut() {
            Some(lines) => lines.push(line.to_owned()),
            None => eprintln!("{line}"),
        }
    }

    /// Keeps lines from now on, until [`Notices::release`].
    pub fn hold(&self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(Vec::new());
    }

    /// Prints the lines kept, and prints at once from now on.
    pub fn release(&self) {
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

/// The volume and mute a session starts with: the command line, else the settings.
#[must_use]
pub fn volume(args: &RunArgs, settings: &Settings) -> (u8, bool) {
    let percent = args
        .sound
        .volume
        .or(settings.volume)
        .unwrap_or(DEFAULT_VOLUME);
    (percent, args.sound.mute)
}

/// The session's sound, or `None` when it is off or there is no device (said in one line).
pub fn open(
    args: &RunArgs,
    settings: &Settings,
    found: &Found,
    timeline: &Timeline,
    notices: &Notices,
) -> Result<Option<AudioSink>, AppError> {
    let allowed = args.cues.allowed(settings.voice.unwrap_or(true));
    if args.sound.no_sound || !(allowed.bells || allowed.breath || allowed.voice) {
        return Ok(None);
    }
    let cues = prepare::cues_for(found, timeline, allowed, &args.cues.sounds)?;
    let words = prepare::words_to_say(found, timeline, &cues);
    let (percent, muted) = volume(args, settings);
    let setup = PlayerSetup {
        device: prepare::device_name(args.sound.audio_device.as_deref()),
        cues,
        percent,
        muted,
    };
    let notify = notices.notify();
    let mut audio = AudioSink::open(setup, &notify);
    // Speech also answers "where am I", so it is ready whenever the voice is allowed.
    if let Some(audio) = audio.as_mut().filter(|_| allowed.voice) {
        match Engine::find() {
            Some(engine) => audio.speak(engine, words, notify),
            None if !words.is_empty() => notices.say(prepare::NO_SPEECH_ENGINE),
            None => {}
        }
    }
    Ok(audio)
}
