//! From a session's events to sounds at exact frames: the one place that decides what is
//! heard and when, shared by the live player and by `render`.

use std::collections::HashMap;

use super::ambient::{AmbientVoice, BedPlace};
use super::breath::{BreathVoice, Swell};
use super::levels::Levels;
use super::loudness;
use super::mix::{Layer, Mix};
use super::sounds::SoundBank;
use super::voice::{Clip, ClipVoice, Speaking, Spoken, StopHandle};
use super::{MIX_RATE, frames_of_ms};
use crate::plan::speech::{self, BETWEEN_TEXTS_MS, LATEST_END_MS};
use crate::plan::{BreathPhase, Segment, Timeline};
use crate::routine::placeholders::number_words;
use crate::routine::sound_kinds::SoundGroup;
use crate::routine::{CueSwitches, Routine, SoundKind, Volumes};
use crate::session::{Event, EventKind, answers};

/// The end: three strikes of the bowl, each softer, then silence.
pub const END_STRIKES: [(u64, f32); 3] = [(0, 1.0), (3_000, 0.6), (6_000, 0.35)];
/// How many breaths of a paced step the voice counts, once its words are said.
pub const COUNTED_BREATHS: u32 = 2;
/// The voice counts a phase's seconds up to this; a longer phase is counted no further.
const MOST_COUNTED: u64 = 10;
/// A count is softer than the words (4 dB under them).
const COUNT_GAIN: f32 = 0.63;
/// The tap that answers a key, and the words after it.
const ANSWER_TAP_GAIN: f32 = 0.5;
const WORDS_AFTER_TAP_MS: u64 = 400;
/// Without a tap, the answer waits for words it cuts short to fade out first.
const WORDS_AFTER_CUT_MS: u64 = 200;
/// The very soft tap that says, every minute, that the session is still paused.
const STILL_PAUSED_GAIN: f32 = 0.25;

/// Which cues sound, part by part: the routine's switches, under each part's own (its
/// step's, which the timeline carries), with what the practitioner allows over both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueSettings {
    routine: CueSwitches,
    /// What the practitioner turned off for this session (a `false` wins).
    allowed: CueSwitches,
    /// The volume of each group of sounds.
    volumes: Volumes,
}

impl CueSettings {
    /// The routine's settings, with what the practitioner allows on top.
    #[must_use]
    pub fn new(routine: &Routine, allowed: CueSwitches) -> Self {
        Self {
            routine: routine.sound.cues,
            allowed,
            volumes: routine.sound.volumes.clone(),
        }
    }

    /// These volumes instead of the routine's own (the session's, worked out from the
    /// flags, the settings and the routine).
    #[must_use]
    pub fn with_volumes(mut self, volumes: Volumes) -> Self {
        self.volumes = volumes;
        self
    }

    /// The cues that sound during `segment`.
    #[must_use]
    pub fn for_part(&self, segment: &Segment) -> CueSwitches {
        let own = segment.sound.cues(self.routine);
        CueSwitches {
            bells: own.bells && self.allowed.bells,
            breath: own.breath && self.allowed.breath,
            voice: own.voice && self.allowed.voice,
            counts: own.counts && own.voice && self.allowed.counts && self.allowed.voice,
        }
    }

    /// The bells at the start and end, which belong to the routine as a whole.
    #[must_use]
    pub fn session_bells(&self) -> bool {
        self.routine.bells && self.allowed.bells
    }

    /// Whether the session speaks at all, for the answers to keys.
    #[must_use]
    pub fn session_voice(&self) -> bool {
        self.allowed.voice
    }
}

/// The words the voice counts a breath with: the phase's name, then its seconds.
#[must_use]
pub fn count_words() -> Vec<String> {
    let names = [BreathPhase::Inhale, BreathPhase::Exhale, BreathPhase::Hold].map(count_name);
    names
        .into_iter()
        .map(str::to_owned)
        .chain((2..=MOST_COUNTED).map(number_words))
        .collect()
}

/// The word a phase's count begins with.
fn count_name(phase: BreathPhase) -> &'static str {
    match phase {
        BreathPhase::Inhale => "in",
        BreathPhase::Exhale => "out",
        BreathPhase::Hold | BreathPhase::HoldAfterExhale => "hold",
    }
}

/// Turns events into voices in a [`Mix`].
pub struct Cues {
    settings: CueSettings,
    bank: SoundBank,
    /// Each sound's gain in this session's mix.
    levels: Levels,
    /// The bed under the whole session, when there is one, and where it has got to.
    ambient: Option<(Clip, BedPlace)>,
    /// Words ready to be said, by their text.
    speech: HashMap<String, Spoken>,
    /// A step's own recording, by segment, said instead of its words.
    recordings: HashMap<usize, Spoken>,
    speaking: Speaking,
    /// The frame at which the words already scheduled end, counts included.
    speech_until: u64,
    /// The frame at which the words already scheduled end, counts left out: a count waits
    /// for words, not for another count.
    words_until: u64,
    /// Words that were due and not yet ready: they are said when ready, if still in time.
    owed: Option<Owed>,
    /// The segments whose first breaths have been counted, and how many.
    counted: HashMap<usize, u32>,
    /// The segment whose breath is being counted now.
    counting: Option<usize>,
    /// The step whose words were said last, and the frame they end at.
    opening: Option<(usize, u64)>,
    /// The step whose words a pause cut short, to be said again on resuming.
    interrupted: Option<usize>,
}

/// Words that were due and not ready: said when ready, from `at_frame`, ending by `limit`.
#[derive(Debug, Clone)]
struct Owed {
    text: String,
    at_frame: u64,
    limit: Option<u64>,
}

impl Cues {
    /// Cues with these settings and sounds, and no speech yet.
    #[must_use]
    pub fn new(settings: CueSettings, bank: SoundBank) -> Self {
        let levels = Levels::new(&bank, &settings.volumes);
        Self {
            settings,
            bank,
            levels,
            ambient: None,
            speech: HashMap::new(),
            recordings: HashMap::new(),
            speaking: Speaking::default(),
            speech_until: 0,
            words_until: 0,
            owed: None,
            counted: HashMap::new(),
            counting: None,
            opening: None,
            interrupted: None,
        }
    }

    /// Which cues sound where.
    #[must_use]
    pub fn settings(&self) -> &CueSettings {
        &self.settings
    }

    /// Plays `bed` (already at the ambient level, see [`super::ambient::bed`]) under the
    /// whole session.
    #[must_use]
    pub fn with_ambient(mut self, bed: Clip) -> Self {
        self.ambient = Some((bed, BedPlace::new()));
        self
    }

    /// Plays the sounds for `event`, which is due at `at_frame` of the mix; `timeline` is
    /// the session's plan as it stands, for what each step allows and where it ends.
    pub fn on_event(&mut self, event: &Event, timeline: &Timeline, at_frame: u64, mix: &mut Mix) {
        // Where the segment of the event ends, as a frame of the mix, less the margin that
        // keeps words off the next chime.
        let limit = |segment: usize| {
            let end_ms = timeline.segments[segment]
                .end_ms
                .saturating_sub(LATEST_END_MS);
            at_frame + frames_of_ms(end_ms.saturating_sub(event.planned_ms))
        };
        let voice = self.settings.session_voice();
        self.ambient_on(&event.kind, at_frame, mix);
        match event.kind {
            EventKind::SessionStart { .. } if self.settings.session_bells() => {
                self.strike(SoundKind::Bowl, 1.0, at_frame, mix);
            }
            EventKind::StepStart { segment, .. } => {
                self.step_start(segment, timeline, at_frame, limit(segment), mix);
            }
            EventKind::Bell { segment } if self.step_cues(timeline, segment).bells => {
                self.strike(SoundKind::Tap, 1.0, at_frame, mix);
            }
            EventKind::Breath {
                segment,
                phase,
                duration_ms,
            } => {
                let cues = self.step_cues(timeline, segment);
                if cues.breath {
                    self.breathe(phase, duration_ms, at_frame, mix);
                }
                if cues.counts {
                    self.count(segment, phase, duration_ms, at_frame, mix);
                }
            }
            EventKind::Speak { segment, .. } if self.step_cues(timeline, segment).voice => {
                if let Some(words) = event.kind.words(timeline) {
                    let from = at_frame.max(self.speech_until + frames_of_ms(BETWEEN_TEXTS_MS));
                    self.say_text(words, from, Some(limit(segment)), mix);
                }
            }
            EventKind::AwaitReady { .. } if voice => {
                let from = at_frame.max(self.speech_until + frames_of_ms(BETWEEN_TEXTS_MS));
                self.say_text(answers::WHEN_READY.to_owned(), from, None, mix);
            }
            EventKind::Pause => {
                mix.stop_at(at_frame, &[Layer::Breath]);
                self.counting = None;
                // Words of the step cut short by the pause are said again on resuming.
                self.interrupted = self
                    .opening
                    .filter(|&(_, until)| at_frame < until)
                    .map(|(segment, _)| segment);
                self.answer(event, timeline, at_frame, mix);
            }
            EventKind::Resume => {
                self.answer(event, timeline, at_frame, mix);
                if let Some(segment) = self.interrupted.take() {
                    let from = self.speech_until + frames_of_ms(BETWEEN_TEXTS_MS / 2);
                    self.say_opening(segment, timeline, from, limit(segment), mix);
                }
            }
            EventKind::Extend { .. } | EventKind::EndAsked => {
                self.answer(event, timeline, at_frame, mix);
            }
            EventKind::StillPaused { .. } if self.settings.session_bells() => {
                self.strike(SoundKind::Tap, STILL_PAUSED_GAIN, at_frame, mix);
            }
            EventKind::Volume { muted: false, .. } if self.settings.session_bells() => {
                // Heard at the new loudness, which the device applies from this moment.
                self.strike(SoundKind::Tap, ANSWER_TAP_GAIN, at_frame, mix);
            }
            EventKind::WhereAmI { ref words, .. } if voice => {
                // Said before the session, it is answered at once; else by the speaker.
                if let Some(spoken) = self.speech.get(words).cloned() {
                    mix.stop_at(at_frame, &[Layer::Speech]);
                    self.say(&spoken, at_frame, None, mix);
                }
            }
            EventKind::Jump { .. } => {
                mix.stop_at(at_frame, &[Layer::Breath]);
                self.hush_words(at_frame, mix);
            }
            EventKind::SessionEnd {
                completed: true, ..
            } if self.settings.session_bells() => {
                mix.stop_at(at_frame, &[Layer::Breath]);
                self.end_strikes(at_frame, mix);
            }
            EventKind::SessionEnd {
                completed: false, ..
            } => {
                mix.stop_at(at_frame, &[Layer::Bell, Layer::Breath, Layer::Speech]);
            }
            _ => {}
        }
    }

    /// The ambient bed follows the session: it begins with it and carries on after a
    /// pause, is stilled by a pause or an early end, and fades out under the last bells.
    fn ambient_on(&self, kind: &EventKind, at_frame: u64, mix: &mut Mix) {
        let Some((bed, place)) = &self.ambient else {
            return;
        };
        match kind {
            EventKind::SessionStart { .. } | EventKind::Resume => {
                let stop = StopHandle::default();
                let gain = loudness::db_to_gain(self.levels.volume_db(SoundGroup::Ambient));
                let voice = AmbientVoice::new(
                    bed.clone(),
                    gain,
                    at_frame,
                    place.clone(),
                    stop.clone(),
                    self.speaking.clone(),
                );
                mix.schedule(at_frame, Layer::Ambient, Box::new(voice), stop);
            }
            EventKind::Pause
            | EventKind::SessionEnd {
                completed: false, ..
            } => mix.stop_at(at_frame, &[Layer::Ambient]),
            EventKind::SessionEnd {
                completed: true, ..
            } => place.end_at(at_frame),
            _ => {}
        }
    }

    /// Gives a step's own recording, before the session, for every part it is said in
    /// (where its step begins, in each round). Like all words, it is brought to the
    /// loudness of speech here: once, and shared by those parts.
    pub fn add_recording(&mut self, segments: &[usize], spoken: Spoken) {
        let spoken = self.at_speech_level(spoken);
        for &segment in segments {
            self.recordings.insert(segment, spoken.clone());
        }
    }

    /// Gives words the session will need, before it starts.
    pub fn add_speech(&mut self, text: String, spoken: Spoken) {
        let spoken = self.at_speech_level(spoken);
        self.speech.insert(text, spoken);
    }

    /// Gives words the session will need; if they were due and missing, they play now.
    pub fn speech_ready(&mut self, text: String, spoken: Spoken, mix: &mut Mix) {
        let spoken = self.at_speech_level(spoken);
        if let Some(owed) = self.owed.take_if(|o| o.text == text) {
            let from = owed.at_frame.max(mix.frame());
            self.say(&spoken, from, owed.limit, mix);
        }
        self.speech.insert(text, spoken);
    }

    /// Says something now (an answer to "where am I" not said before the session), over
    /// everything but bells.
    pub fn say_now(&mut self, spoken: Spoken, mix: &mut Mix) {
        let now = mix.frame();
        mix.stop_at(now, &[Layer::Speech]);
        let spoken = self.at_speech_level(spoken);
        self.say(&spoken, now, None, mix);
    }

    /// Words from anywhere (a speech program, a recording) at the one loudness of speech,
    /// moved by the voice's volume: every way words reach the mix passes through here.
    fn at_speech_level(&self, spoken: Spoken) -> Spoken {
        loudness::speech(spoken, self.levels.volume_db(SoundGroup::Voice))
    }

    /// The cues that sound in `segment`, from the routine step it belongs to.
    fn step_cues(&self, timeline: &Timeline, segment: usize) -> CueSwitches {
        self.settings.for_part(&timeline.segments[segment])
    }

    fn step_start(
        &mut self,
        segment: usize,
        timeline: &Timeline,
        at_frame: u64,
        limit: u64,
        mix: &mut Mix,
    ) {
        self.hush_words(at_frame, mix);
        let cues = self.step_cues(timeline, segment);
        if segment > 0 && cues.bells {
            self.strike(SoundKind::Chime, 1.0, at_frame, mix);
        }
        if !cues.voice {
            return;
        }
        let from = at_frame + frames_of_ms(speech::opening_delay_ms(segment));
        self.say_opening(segment, timeline, from, limit, mix);
    }

    /// Says a step's words (or its recording) from `from`, ending by `limit`, and keeps
    /// where they end, so that a pause that stops them has them said again on resuming.
    fn say_opening(
        &mut self,
        segment: usize,
        timeline: &Timeline,
        from: u64,
        limit: u64,
        mix: &mut Mix,
    ) {
        // A step that waits until ready has no chime after its words: they are said whole,
        // however long the voice takes, and the wait begins after them.
        let limit = (!timeline.waits_until_ready(segment)).then_some(limit);
        let before = self.words_until;
        if let Some(recording) = self.recordings.get(&segment).cloned() {
            self.say(&recording, from, limit, mix);
        } else {
            let part = &timeline.segments[segment];
            let words = speech::opening_words(&part.title, &part.text);
            self.say_text(words, from, limit, mix);
        }
        // Not ready yet, the words are owed: they may still be under way at any moment.
        let until = if self.owed.is_some() {
            u64::MAX
        } else {
            self.words_until.max(before)
        };
        self.opening = Some((segment, until));
    }

    /// Stops whatever is being said and forgets what was owed or under way: a new step, or
    /// a jump to another.
    fn hush_words(&mut self, at_frame: u64, mix: &mut Mix) {
        mix.stop_at(at_frame, &[Layer::Speech]);
        self.speech_until = at_frame;
        self.words_until = at_frame;
        self.owed = None;
        self.counting = None;
        self.opening = None;
        self.interrupted = None;
    }

    /// A soft tap and the words that answer a key.
    fn answer(&mut self, event: &Event, timeline: &Timeline, at_frame: u64, mix: &mut Mix) {
        let tapped =
            !matches!(event.kind, EventKind::Extend { .. }) && self.settings.session_bells();
        if tapped {
            self.strike(SoundKind::Tap, ANSWER_TAP_GAIN, at_frame, mix);
        }
        if let (true, Some(words)) = (self.settings.session_voice(), event.kind.words(timeline)) {
            mix.stop_at(at_frame, &[Layer::Speech]);
            self.speech_until = at_frame;
            self.words_until = at_frame;
            // After the tap, or after whatever words were cut short have faded.
            let after_tap = if tapped {
                WORDS_AFTER_TAP_MS
            } else {
                WORDS_AFTER_CUT_MS
            };
            let from = at_frame + frames_of_ms(after_tap);
            self.say_text(words, from, None, mix);
        }
    }

    /// Counts a breath phase aloud ("in, two, three, four") for the first breaths of a
    /// paced step once its words are said, in time with the tones.
    fn count(
        &mut self,
        segment: usize,
        phase: BreathPhase,
        duration_ms: u64,
        at_frame: u64,
        mix: &mut Mix,
    ) {
        if phase == BreathPhase::Inhale {
            let done = self.counted.get(&segment).copied().unwrap_or(0);
            let quiet = at_frame >= self.words_until + frames_of_ms(BETWEEN_TEXTS_MS / 2);
            self.counting = (done < COUNTED_BREATHS && quiet).then_some(segment);
            if self.counting.is_some() {
                self.counted.insert(segment, done + 1);
            }
        }
        if self.counting != Some(segment) {
            return;
        }
        let name = count_name(phase);
        let seconds = (duration_ms / 1000).min(MOST_COUNTED);
        let phase_end = at_frame + frames_of_ms(duration_ms);
        for second in 1..=seconds {
            let word = if second == 1 {
                name.to_owned()
            } else {
                number_words(second)
            };
            let Some(spoken) = self.speech.get(&word) else {
                continue;
            };
            let from = at_frame + frames_of_ms((second - 1) * 1000);
            let end = from + spoken.clip.frames() as u64;
            if end > phase_end {
                break;
            }
            let stop = StopHandle::default();
            let voice = ClipVoice::new(spoken.clip.clone(), COUNT_GAIN, stop.clone());
            mix.schedule(from, Layer::Speech, Box::new(voice), stop);
            self.speech_until = self.speech_until.max(end);
        }
    }

    /// Says `text` from `from`, ending by `limit`; when the words are not ready yet, they are
    /// owed and said as soon as they are.
    fn say_text(&mut self, text: String, from: u64, limit: Option<u64>, mix: &mut Mix) {
        match self.speech.get(&text).cloned() {
            Some(spoken) => self.say(&spoken, from, limit, mix),
            None => {
                self.owed = Some(Owed {
                    text,
                    at_frame: from,
                    limit,
                });
            }
        }
    }

    /// Says `spoken` from `from`: whole when it fits before `limit`, else up to the end of
    /// the last sentence that does, and not at all when none does.
    fn say(&mut self, spoken: &Spoken, from: u64, limit: Option<u64>, mix: &mut Mix) {
        let room = limit.map_or(u64::MAX, |limit| limit.saturating_sub(from));
        let Some(frames) = spoken.fitting(room) else {
            return;
        };
        let stop = StopHandle::default();
        let voice = ClipVoice::new(spoken.clip.clone(), 1.0, stop.clone())
            .until(frames)
            .spoken(self.speaking.clone());
        mix.schedule(from, Layer::Speech, Box::new(voice), stop);
        let end = from + frames as u64;
        self.speech_until = self.speech_until.max(end);
        self.words_until = self.words_until.max(end);
    }

    /// Strikes a bell of `kind` at its own level times `gain`.
    fn strike(&self, kind: SoundKind, gain: f32, at_frame: u64, mix: &mut Mix) {
        let stop = StopHandle::default();
        let gain = gain * self.levels.of(kind);
        let voice = ClipVoice::new(self.bank.clip(kind).clone(), gain, stop.clone());
        mix.schedule(at_frame, Layer::Bell, Box::new(voice), stop);
    }

    /// Each strike but the last is stilled just before the next, so every one is heard
    /// clearly on its own; the last rings out.
    fn end_strikes(&self, at_frame: u64, mix: &mut Mix) {
        for (index, (after_ms, gain)) in END_STRIKES.into_iter().enumerate() {
            let stop = StopHandle::default();
            let bowl = SoundKind::Bowl;
            let gain = gain * self.levels.of(bowl);
            let mut voice = ClipVoice::new(self.bank.clip(bowl).clone(), gain, stop.clone());
            if let Some((next_ms, _)) = END_STRIKES.get(index + 1) {
                voice = voice.lasting(frames_of_ms(next_ms - after_ms));
            }
            let frame = at_frame + frames_of_ms(after_ms);
            mix.schedule(frame, Layer::Bell, Box::new(voice), stop);
        }
    }

    fn breathe(&self, phase: BreathPhase, duration_ms: u64, at_frame: u64, mix: &mut Mix) {
        let (kind, swell) = match phase {
            BreathPhase::Inhale => (SoundKind::Inhale, Swell::Rising),
            BreathPhase::Exhale => (SoundKind::Exhale, Swell::Falling),
            // Holds are silent.
            BreathPhase::Hold | BreathPhase::HoldAfterExhale => return,
        };
        let stop = StopHandle::default();
        let frames = frames_of_ms(duration_ms);
        let voice = BreathVoice::new(
            self.bank.clip(kind).clone(),
            frames,
            swell,
            self.levels.of(kind),
            stop.clone(),
        )
        .ducked_under(self.speaking.clone());
        mix.schedule(at_frame, Layer::Breath, Box::new(voice), stop);
    }
}

/// The frame of the mix at which something due at `due` (clock time since the session
/// began) sounds, `lead_frames` later: zero when rendering, the player's latency live.
#[must_use]
pub fn frame_at(due: std::time::Duration, lead_frames: u64) -> u64 {
    let frames = due.as_nanos() * u128::from(MIX_RATE) / 1_000_000_000;
    u64::try_from(frames).unwrap_or(u64::MAX) + lead_frames
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::plan::{PlanOptions, plan};
    use crate::routine::parse;

    const ROUTINE: &str = "version = 1\nname = \"R\"\n[[steps]]\ntitle = \"Breathe\"\n\
        duration = \"20s\"\n[steps.breath]\ninhale = \"4s\"\nexhale = \"6s\"\n";

    fn event(kind: EventKind, at_ms: u64) -> Event {
        let at = Duration::from_millis(at_ms);
        Event {
            kind,
            planned_ms: at_ms,
            due: at,
            actual: at,
            started: Duration::ZERO,
        }
    }

    /// Plays `events` (at their moments) and returns the loudest sample in each second.
    fn loudness(events: &[Event], seconds: usize) -> Vec<f32> {
        loudness_with(CueSwitches::default(), events, seconds)
    }

    /// [`loudness`] with only the `allowed` cues.
    fn loudness_with(allowed: CueSwitches, events: &[Event], seconds: usize) -> Vec<f32> {
        let routine = parse("r.toml", "r", ROUTINE).unwrap();
        let timeline = plan(&routine, PlanOptions::default()).unwrap();
        let settings = CueSettings::new(&routine, allowed);
        let mut cues = Cues::new(settings, SoundBank::builtin());
        let mut mix = Mix::new();
        for e in events {
            cues.on_event(e, &timeline, frame_at(e.due, 0), &mut mix);
        }
        let mut second = vec![0.0; MIX_RATE as usize];
        (0..seconds)
            .map(|_| {
                mix.fill(&mut second);
                second.iter().fold(0.0_f32, |m, s| m.max(s.abs()))
            })
            .collect()
    }

    fn inhale() -> EventKind {
        EventKind::Breath {
            segment: 0,
            phase: BreathPhase::Inhale,
            duration_ms: 4_000,
        }
    }

    #[test]
    fn a_pause_quiets_the_breath_tone() {
        let no_bells = CueSwitches {
            bells: false,
            ..CueSwitches::default()
        };
        let heard = loudness_with(no_bells, &[event(inhale(), 0)], 4);
        assert!(heard[2] > 0.05);
        let events = [event(inhale(), 0), event(EventKind::Pause, 1_500)];
        let paused = loudness_with(no_bells, &events, 4);
        assert!(paused[1] > 0.0);
        assert!(paused[2..].iter().all(|s| *s <= 0.0), "{paused:?}");
    }

    #[test]
    fn a_pause_is_answered_by_a_soft_tap() {
        let events = [event(EventKind::Pause, 1_000)];
        let tapped = loudness(&events, 3);
        assert!(tapped[0] <= 0.0, "nothing before the key: {tapped:?}");
        assert!(tapped[1] > 0.01, "a tap at the key: {tapped:?}");
        let bells_off = CueSwitches {
            bells: false,
            ..CueSwitches::default()
        };
        let quiet = loudness_with(bells_off, &events, 3);
        assert!(quiet.iter().all(|s| *s <= 0.0), "--no-bells: {quiet:?}");
    }

    #[test]
    fn stopping_early_quiets_even_the_bells() {
        let start = event(
            EventKind::SessionStart {
                routine: "r".into(),
                name: "R".into(),
                total_ms: 20_000,
                steps: 1,
            },
            0,
        );
        let stopped = event(
            EventKind::SessionEnd {
                completed: false,
                practiced_ms: 1_000,
            },
            1_000,
        );
        let ringing = loudness(std::slice::from_ref(&start), 4);
        assert!(ringing[3] > 0.01, "the bowl rings on: {ringing:?}");
        let quiet = loudness(&[start, stopped], 4);
        assert!(quiet[2..].iter().all(|s| *s <= 0.0), "{quiet:?}");
    }
}
