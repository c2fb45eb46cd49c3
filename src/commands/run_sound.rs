//! The sound of a live session: opened before the session, with notices from the sound
//! threads shown on the full screen while it is up (never printed over it), and printed
//! once it has let go of the terminal.

use std::collections::HashSet;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::progress::ProgressLine;
use crate::error::AppError;
use crate::options::SessionOptions;
use crate::paths::Paths;
use crate::plan::Timeline;
use crate::routine::library::Found;
use crate::session::{Command, QuitReason};
use crate::sinks::display::full::{ProblemLines, ReadyLine};
use crate::sinks::sound::player::{Notify, PlayerSetup};
use crate::sinks::sound::prepare;
use crate::sinks::sound::sink::AudioSink;
use crate::sinks::sound::speech::{SpeechCache, SpeechError, Talker};
use crate::sinks::sound::voice::Spoken;
use crate::untrusted::Untrusted;

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
            None => eprintln!("{}", Untrusted::value(line)),
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
            eprintln!("{}", Untrusted::value(line));
        }
    }

    fn notify(&self) -> Notify {
        let notices = self.clone();
        Arc::new(move |line: &str| notices.say(line))
    }
}

/// How often the wait for the sound looks for a quit (a key, a signal).
const LOOK_FOR_QUIT: Duration = Duration::from_millis(50);

/// What came of getting the sound ready.
pub(super) enum Prepared {
    /// The sound, or `None` when there is none (said already), and the keys pressed while
    /// waiting, for the session to follow in order.
    Ready(Result<Option<AudioSink>, AppError>, Vec<Command>),
    /// The practitioner ended it first, by a key or a signal.
    Quit(QuitReason),
}

/// Where what is being made ready is told while the session waits for it: on the full
/// screen's status line, or on a line of standard error that is taken away after.
pub(super) enum ReadyWords {
    Screen(ReadyLine),
    Line(ProgressLine),
}

impl ReadyWords {
    /// Words on the full screen, or on standard error at once.
    pub(super) fn new(screen: Option<ReadyLine>) -> Self {
        screen.map_or_else(
            || Self::Line(ProgressLine::after(Duration::ZERO)),
            Self::Screen,
        )
    }

    fn show(&mut self, words: &str) {
        match self {
            Self::Screen(line) => line.show(words),
            Self::Line(line) => line.show(|| words.to_owned()),
        }
    }

    /// The session starts: the screen clears the words by itself.
    fn clear(&mut self) {
        if let Self::Line(line) = self {
            line.clear();
        }
    }
}

/// Gets the session's sound ready on a thread of its own, while the display is already up
/// and the terminal's keys and the signals are heard: a quit ends the wait at once.
pub(super) fn prepare(
    options: &SessionOptions,
    found: &Found,
    timeline: &Arc<Timeline>,
    paths: Option<&Paths>,
    (notices, mut words): (&Notices, ReadyWords),
    inbox: &Receiver<Command>,
) -> Prepared {
    if !options.plays_sound() {
        return Prepared::Ready(Ok(None), Vec::new());
    }
    let (done, prepared) = channel();
    let (options, found, timeline) = (options.clone(), found.clone(), Arc::clone(timeline));
    let (paths, told) = (paths.cloned(), notices.clone());
    let spawned = std::thread::Builder::new()
        .name("getting ready".into())
        .spawn(move || {
            let audio = open(
                &options,
                &found,
                &timeline,
                paths.as_ref(),
                &told,
                &mut words,
            );
            words.clear();
            let _ = done.send(audio);
        });
    let mut held = Vec::new();
    if let Err(error) = spawned {
        notices.say(&format!(
            "sound is off: it could not be made ready ({error})"
        ));
        return Prepared::Ready(Ok(None), held);
    }
    loop {
        match prepared.recv_timeout(LOOK_FOR_QUIT) {
            Ok(audio) => return Prepared::Ready(audio, held),
            // The thread is gone without a word: go on without sound.
            Err(RecvTimeoutError::Disconnected) => return Prepared::Ready(Ok(None), held),
            Err(RecvTimeoutError::Timeout) => {}
        }
        // A quit ends the wait; any other key is kept for the session's first moment.
        while let Ok(command) = inbox.try_recv() {
            match command {
                Command::Quit(reason) => return Prepared::Quit(reason),
                command => held.push(command),
            }
        }
    }
}

/// The session's sound, or `None` when there is nothing to hear or no device (said in one
/// line): the device opened and awake, every sound decoded, the words said ahead.
fn open(
    options: &SessionOptions,
    found: &Found,
    timeline: &Timeline,
    paths: Option<&Paths>,
    notices: &Notices,
    words: &mut ReadyWords,
) -> Result<Option<AudioSink>, AppError> {
    words.show("Getting the sound ready");
    let cues = prepare::cues_for(found, timeline, &options.sound_choices())?;
    let said = prepare::words_to_say(timeline, &cues);
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
    let (before, during) = prepare::before_and_during(said);
    let tell = |line: &str| notices.say(&format!("{line}; the words stay on screen"));
    let mut progress = |done: usize, of: usize| {
        words.show(&format!("Getting the voice ready: {done} of {of}"));
    };
    if let Some((talker, said)) = voice_ready(options, paths, &before, &tell, &mut progress) {
        let ready: HashSet<String> = said.iter().map(|(text, _)| text.clone()).collect();
        audio.add_speech(said);
        audio.speak(talker, ready, during, notify);
    }
    audio.wait_until_awake();
    Ok(Some(audio))
}

/// The voice made ready for a session: `texts` said before it starts (told to `progress`
/// as done of all, while an engine works), and a talker kept for the rest. `None`, after one
/// line through `tell`, when the voice is off or cannot speak.
pub(super) fn voice_ready(
    options: &SessionOptions,
    paths: Option<&Paths>,
    texts: &[String],
    tell: &dyn Fn(&str),
    progress: &mut dyn FnMut(usize, usize),
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
    match talker.say_all(texts, progress) {
        Ok(said) => Some((talker, said)),
        // The command is ending: there is no one to tell.
        Err(SpeechError::Ended) => None,
        Err(error) => {
            tell(&format!("spoken cues are off: {error}"));
            None
        }
    }
}
