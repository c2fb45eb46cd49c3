//! Spoken cues: a speech engine says each sentence into a WAV file, which is decoded into
//! a clip and mixed in like any other sound.
//!
//! - [`engine`]: the engines (Piper, eSpeak NG, `say`, a program of the user's) behind one
//!   small trait, and the pace and pitch asked of them.
//! - [`find`]: which engines are installed, and which one speaks.
//! - [`cache`]: sentences said before, kept on disk.
//! - `program` and `scratch`: each speech program runs under watch, with a time limit for
//!   each sentence, and is ended, its files removed, however psoas-timer ends
//!   ([`EndsSpeech`]).
//!
//! A text is said one sentence at a time, at a calm pace, the silence around each sentence
//! trimmed and a set pause put between them: the pace the planner counts on
//! ([`crate::plan::speech`]), and sentence ends where words may stop without being cut.
//! The texts a session needs first are said before it starts ([`Talker::say_all`]), the
//! rest on a thread of its own while it runs, long before they are needed, with an answer
//! that could not be foreseen said before them ([`spawn_speaker`]); all are kept, so a
//! second session runs no engine.

pub mod cache;
pub mod engine;
pub mod find;
mod piper;
mod program;
mod scratch;

use std::collections::HashSet;
use std::io::Cursor;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};

pub use cache::SpeechCache;
pub use engine::{COMMAND_VARIABLE, Engine, EngineKind, Speaker, SpeechError, Voice};
pub use find::{Installed, NoSpeech, SpeechWish};

use super::frames_of_ms;
use super::player::{Message, Notify};
use super::sounds::decode;
use super::voice::{Clip, Spoken};
use crate::plan::speech::{SENTENCE_PAUSE_MS, sentences};

/// Held for as long as speech programs may run (a whole command): when it is dropped,
/// however the command ends (done, quit, a signal, an error, a panic), every speech program
/// still running is killed with what it started, none starts after, and their scratch
/// folders are removed.
#[must_use = "speech programs are ended when it is dropped"]
pub struct EndsSpeech;

impl Drop for EndsSpeech {
    fn drop(&mut self) {
        program::end_all();
        scratch::remove_all();
    }
}

/// Words said in one voice: each sentence from the cache when it was said before, else by
/// the engine (started at the first sentence it must say, and kept for the rest), then
/// kept in the cache.
pub struct Talker {
    voice: Voice,
    described: String,
    speaker: Option<Box<dyn Speaker>>,
    cache: Option<SpeechCache>,
    /// How many sentences the engine has said.
    engine_sentences: usize,
}

impl Talker {
    /// Speaks in `voice`, keeping what it says in `cache`.
    #[must_use]
    pub fn new(voice: Voice, cache: Option<SpeechCache>) -> Self {
        Self {
            described: voice.description(),
            voice,
            speaker: None,
            cache,
            engine_sentences: 0,
        }
    }

    /// The voice it speaks in.
    #[must_use]
    pub fn voice(&self) -> &Voice {
        &self.voice
    }

    /// How many sentences the engine itself has said (the others came from the cache).
    #[must_use]
    pub fn engine_sentences(&self) -> usize {
        self.engine_sentences
    }

    /// Lets the engine go (a Piper process holds half a gigabyte); it starts again if
    /// another sentence must be said.
    pub fn rest(&mut self) {
        self.speaker = None;
    }

    /// Whether every sentence of `text` is in the cache, so saying it runs no engine.
    #[must_use]
    pub fn is_cached(&self, text: &str) -> bool {
        self.cache.as_ref().is_some_and(|cache| {
            sentences(text)
                .iter()
                .all(|s| cache.has(&self.described, s))
        })
    }

    /// Says `text` sentence by sentence into words at the mix rate.
    pub fn say(&mut self, text: &str) -> Result<Spoken, SpeechError> {
        let pause = vec![0.0; usize::try_from(frames_of_ms(SENTENCE_PAUSE_MS)).unwrap_or(0)];
        let mut samples = Vec::new();
        let mut sentence_ends = Vec::new();
        for sentence in sentences(text) {
            if !samples.is_empty() {
                samples.extend_from_slice(&pause);
            }
            samples.extend_from_slice(trim_silence(&self.sentence(&sentence)?));
            sentence_ends.push(samples.len());
        }
        Ok(Spoken {
            clip: Clip::new(&samples),
            sentence_ends,
        })
    }

    /// Says every text ahead of the session, in order, telling `progress` how many of
    /// those the engine must say are done (never called when all come from the cache).
    pub fn say_all(
        &mut self,
        texts: &[String],
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<(String, Spoken)>, SpeechError> {
        let to_make = texts.iter().filter(|t| !self.is_cached(t)).count();
        if to_make > 0 {
            // Said at once: the first text may wait for a voice to load.
            progress(0, to_make);
        }
        let mut made = 0;
        let mut said = Vec::with_capacity(texts.len());
        for text in texts {
            let cached = self.is_cached(text);
            said.push((text.clone(), self.say(text)?));
            if !cached {
                made += 1;
                progress(made, to_make);
            }
        }
        Ok(said)
    }

    /// One sentence, as the engine said it, at the mix rate.
    fn sentence(&mut self, sentence: &str) -> Result<Vec<f32>, SpeechError> {
        if let Some(cache) = &self.cache {
            if let Some(wav) = cache.get(&self.described, sentence) {
                match decode(Cursor::new(wav)) {
                    Ok(samples) => return Ok(samples),
                    // A damaged file is said again.
                    Err(_) => cache.forget(&self.described, sentence),
                }
            }
        }
        let (voice, cache) = (&self.voice, self.cache.as_ref().map(SpeechCache::folder));
        let speaker = self.speaker.get_or_insert_with(|| voice.open(cache));
        let wav = speaker.say(sentence)?;
        self.engine_sentences += 1;
        let samples = decode(Cursor::new(wav.clone())).map_err(SpeechError::Output)?;
        if let Some(cache) = &self.cache {
            cache.put(&self.described, sentence, &wav);
        }
        Ok(samples)
    }
}

/// Below this, a sample is silence around a spoken sentence.
const SILENCE: f32 = 0.002;

/// The samples of a spoken sentence without the silence the program put around it.
fn trim_silence(samples: &[f32]) -> &[f32] {
    let start = samples
        .iter()
        .position(|s| s.abs() > SILENCE)
        .unwrap_or(samples.len());
    let end = samples
        .iter()
        .rposition(|s| s.abs() > SILENCE)
        .map_or(start, |i| i + 1);
    &samples[start..end.max(start)]
}

/// The texts the player has ready, shared between the speaker and the session's sink.
pub type Ready = Arc<Mutex<HashSet<String>>>;

/// Says, on a thread of its own, the texts a session needs later (`later`, in the order
/// they are needed), handing each to the player and adding it to `ready`; and, before any
/// of those, each text asked for `now` ("where am I" when its words are not ready), which
/// the player says as soon as it is said. The engine stays open while there are texts
/// for later, and is let go once they are done (an answer no one could foresee then waits
/// for it to start again). The first failure is told in one line, and nothing more is
/// tried.
pub fn spawn_speaker(
    mut talker: Talker,
    later: Vec<String>,
    now: Receiver<String>,
    ready: Ready,
    player: Sender<Message>,
    notify: Notify,
) {
    let speaker = move || {
        let mut later = later.into_iter();
        loop {
            let (text, at_once) = if let Ok(text) = now.try_recv() {
                (text, true)
            } else if let Some(text) = later.next() {
                (text, false)
            } else {
                // Everything foreseen is ready: the engine need not wait, loaded, for a
                // question that may never come.
                talker.rest();
                match now.recv() {
                    Ok(text) => (text, true),
                    Err(_) => return,
                }
            };
            let spoken = match talker.say(&text) {
                Ok(spoken) => spoken,
                // The session is over: there is no one to tell.
                Err(SpeechError::Ended) => return,
                Err(error) => {
                    notify(&format!(
                        "spoken cues are off: {error}; the words stay on screen"
                    ));
                    return;
                }
            };
            let message = if at_once {
                Message::SayNow(spoken)
            } else {
                Message::Speech {
                    text: text.clone(),
                    spoken,
                }
            };
            if player.send(message).is_err() {
                return;
            }
            if !at_once {
                // Only once the player has been sent them: an answer asked from now on
                // finds them there.
                ready
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(text);
            }
        }
    };
    // Without a thread there is no answer by voice; the words are on screen all the same.
    let _ = std::thread::Builder::new()
        .name("speech".into())
        .spawn(speaker);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_silence_around_a_sentence_is_trimmed() {
        assert_eq!(
            trim_silence(&[0.0, 0.001, 0.5, 0.0, -0.3, 0.0]),
            &[0.5, 0.0, -0.3]
        );
        assert!(trim_silence(&[0.0; 4]).is_empty());
    }

    /// A stand-in engine: every sentence is the same short sound, and the sentences it
    /// was asked are counted.
    struct Counting(std::sync::Arc<std::sync::atomic::AtomicUsize>);

    impl Speaker for Counting {
        fn say(&mut self, _: &str) -> Result<Vec<u8>, SpeechError> {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(blip_wav())
        }
    }

    fn blip_wav() -> Vec<u8> {
        let mut bytes = Cursor::new(Vec::new());
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 48_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::new(&mut bytes, spec).unwrap();
        for n in 0..4_800 {
            writer
                .write_sample(if n % 2 == 0 { 8_000_i16 } else { -8_000 })
                .unwrap();
        }
        writer.finalize().unwrap();
        bytes.into_inner()
    }

    fn talker(cache: &Path, said: &std::sync::Arc<std::sync::atomic::AtomicUsize>) -> Talker {
        let voice = Voice::new(Engine::Command {
            program: "stand-in".into(),
        });
        let mut talker = Talker::new(voice, Some(SpeechCache::new(cache.to_owned())));
        talker.speaker = Some(Box::new(Counting(std::sync::Arc::clone(said))));
        talker
    }

    #[test]
    fn sentences_said_once_come_from_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let said = std::sync::Arc::default();
        let texts = ["Rest. Breathe out.".to_owned(), "Rest.".to_owned()];
        let mut first = talker(dir.path(), &said);
        let mut steps = Vec::new();
        let spoken = first
            .say_all(&texts, &mut |done, of| steps.push((done, of)))
            .unwrap();
        assert_eq!(first.engine_sentences(), 2, "`Rest.` is said once");
        assert_eq!(steps, [(0, 2), (1, 2)], "the second text was already kept");
        // Two sentences with the pause between them.
        let frames = spoken[0].1.clip.frames();
        assert_eq!(frames, 2 * 4_800 + frames_of_ms(SENTENCE_PAUSE_MS) as usize);
        assert_eq!(spoken[0].1.sentence_ends, [4_800, frames]);

        let mut again = talker(dir.path(), &said);
        let mut asked = false;
        let spoken_again = again.say_all(&texts, &mut |_, _| asked = true).unwrap();
        assert_eq!(again.engine_sentences(), 0, "nothing is said by the engine");
        assert!(!asked, "no progress to show");
        assert_eq!(spoken_again, spoken);
    }

    /// "Where am I" asked while the texts needed later are still being said is said before
    /// the rest of them; each text said for later is ready once the player has it.
    #[test]
    fn words_wanted_now_go_before_those_said_for_later() {
        let dir = tempfile::tempdir().unwrap();
        let said = std::sync::Arc::default();
        let talker = talker(dir.path(), &said);
        let later = (0..5).map(|n| format!("Text {n}.")).collect();
        let (now, asked) = std::sync::mpsc::channel();
        now.send("minute 2 of 10, Rest".to_owned()).unwrap();
        let (player, heard) = std::sync::mpsc::channel();
        let ready = Ready::default();
        spawn_speaker(
            talker,
            later,
            asked,
            Arc::clone(&ready),
            player,
            Arc::new(|_: &str| {}),
        );
        let wait = std::time::Duration::from_secs(10);
        let first = heard.recv_timeout(wait).unwrap();
        assert!(
            matches!(first, Message::SayNow(_)),
            "the answer comes first"
        );
        for n in 0..5 {
            let next = heard.recv_timeout(wait).unwrap();
            let expected = format!("Text {n}.");
            assert!(matches!(next, Message::Speech { ref text, .. } if *text == expected));
        }
        drop(now);
        // The speaker ends once no more can be asked; every later text is then ready.
        while heard.recv_timeout(wait).is_ok() {}
        let ready = ready.lock().unwrap();
        assert_eq!(ready.len(), 5);
        assert!(
            !ready.contains("minute 2 of 10, Rest"),
            "an answer is not kept"
        );
    }

    #[test]
    fn a_damaged_cache_file_is_said_again() {
        let dir = tempfile::tempdir().unwrap();
        let said = std::sync::Arc::default();
        let mut first = talker(dir.path(), &said);
        first.say("Rest.").unwrap();
        let cache = SpeechCache::new(dir.path().to_owned());
        cache.put(&first.described, "Rest.", b"not a sound");
        let mut again = talker(dir.path(), &said);
        assert!(again.say("Rest.").is_ok());
        assert_eq!(again.engine_sentences(), 1);
    }
}
