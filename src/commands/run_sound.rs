//! The sound of a live session: opened before the session, with notices from the sound
//! threads shown on the full screen while it is up (never printed over it), and printed
//! once it has let go of the terminal.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::progress::ProgressLine;
use crate::error::AppError;
use crate::options::SessionOptions;
use crate::paths::Paths;
use crate::plan::Timeline;
use crate::routine::library::Found;
use crate::sinks::display::full::ProblemLines;
use crate::sinks::sound::player::{Notify, PlayerSetup};
use crate::sinks::sound::prepare;
use crate::sinks::sound::sink::AudioSink;
use crate::sinks::sound::speech::{SpeechCache, Talker};
use crate::sinks::sound::voice::Spoken;

/// Lines for the practitioner from other threads (sound, speech): printed at once, or, for a
/// session on the full screen, held from the start, shown on the screen as they come, and
/// printed once it has let go of the terminal.
#[derive(Clone, Default)]
pub(super) struct Notices(Arc<Mutex<Board>>);

/// What [`Notices`] holds.
#[derive(Default)]
struct Board {
    /// Lines kept to print later; `None` prints them at once.
    held: Option<Vec<String>>,
    /// The full screen, once it is up, which shows every line too.
    screen: Option<ProblemLines>,
}

impl Notices {
    fn board(&self) -> std::sync::MutexGuard<'_, Board> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Prints `line`, or keeps it (and shows it on the screen) while held.
    pub(super) fn say(&self, line: &str) {
        let mut board = self.board();
        if let Some(screen) = &board.screen {
            screen.show(line);
        }
        match board.held.as_mut() {
            Some(lines) => lines.push(line.to_owned()),
            None => eprintln!("{line}"),
        }
    }

    /// Keeps lines from now on, until [`Notices::release`]: for the full screen, which
    /// would hide a line printed before it and be garbled by one printed over it.
    pub(super) fn hold(&self) {
        self.board().held.get_or_insert_with(Vec::new);
    }

    /// Shows the lines kept so far on the full screen, and every line from now on.
    pub(super) fn show_on(&self, screen: ProblemLines) {
        let mut board = self.board();
        for line in board.held.iter().flatten() {
            screen.show(line);
        }
        board.screen = Some(screen);
    }

    /// Prints the lines kept, and prints at once from now on.
    pub(super) fn release(&self) {
        let held = {
            let mut board = self.board();
            board.screen = None;
            board.held.take()
        };
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
    paths: Option<&Paths>,
    notices: &Notices,
) -> Result<Option<AudioSink>, AppError> {
    if !options.plays_sound() {
        return Ok(None);
    }
    let cues = prepare::cues_for(found, timeline, &options.sound_choices())?;
    let words = prepare::words_to_say(found, timeline, &cues);
    let setup = PlayerSetup {
        device: options.audio_device.value.clone(),
        cues,
        percent: options.volume.value,
        muted: options.muted.value,
    };
    let notify = notices.notify();
    let Some(mut audio) = AudioSink::open(setup, &notify) else {
        // No device: nothing to say anything with, so no voice is made ready.
        return Ok(None);
    };
    let (before, during) = prepare::before_and_during(words);
    let tell = |line: &str| notices.say(&format!("{line}; the words stay on screen"));
    if let Some((talker, said)) = voice_ready(options, paths, &before, &tell) {
        let ready: HashSet<String> = said.iter().map(|(text, _)| text.clone()).collect();
        audio.add_speech(said);
        audio.speak(talker, ready, during, notify);
    }
    Ok(Some(audio))
}

/// The voice made ready for a session: `texts` said before it starts (counted on the
/// terminal while an engine works), and a talker kept for the rest. `None`, after one
/// line through `tell`, when the voice is off or cannot speak.
pub(super) fn voice_ready(
    options: &SessionOptions,
    paths: Option<&Paths>,
    texts: &[String],
    tell: &dyn Fn(&str),
) -> Option<(Talker, Vec<(String, Spoken)>)> {
    if !options.cue_switches().voice {
        return None;
    }
    let voice = match &options.speech.value {
        Ok(voice) => voice.clone(),
        Err(missing) => {
            if !texts.is_empty() {
                tell(&format!("spoken cues are off: {missing}"));
            }
            return None;
        }
    };
    let cache = paths.map(|p| SpeechCache::new(p.cache_dir.join("speech")));
    let mut talker = Talker::new(voice, cache);
    // At once: the first sentence may wait seconds for a voice to load.
    let mut progress = ProgressLine::after(Duration::ZERO);
    let said = talker.say_all(texts, &mut |done, of| {
        progress.show(|| format!("Getting the voice ready: {done} of {of}"));
    });
    progress.clear();
    match said {
        Ok(said) => Some((talker, said)),
        Err(error) => {
            tell(&format!("spoken cues are off: {error}"));
            None
        }
    }
}
