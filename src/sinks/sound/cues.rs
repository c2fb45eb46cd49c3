//! From a session's events to sounds at exact frames: the one place that decides what is
//! heard and when, shared by the live player and by `render`.

use std::collections::HashMap;

use super::breath::{BreathVoice, Swell};
use super::mix::{Layer, Mix};
use super::sounds::SoundBank;
use super::voice::{Clip, ClipVoice, Speaking, StopHandle};
use super::{MIX_RATE, frames_of_ms};
use crate::plan::{BreathPhase, Timeline};
use crate::routine::SoundKind;
use crate::routine::{CueSwitches, Routine, StepSound};
use crate::session::{Event, EventKind};

/// Speech begins this long after its step's chime, so the chime is heard first.
pub const SPEECH_DELAY_MS: u64 = 1_200;
/// At the very start the bowl sounds a little longer before anyone speaks.
pub const FIRST_SPEECH_DELAY_MS: u64 = 2_000;
/// The end: three strikes of the bowl, each softer, then silence.
pub const END_STRIKES: [(u64, f32); 3] = [(0, 1.0), (3_000, 0.6), (6_000, 0.35)];
/// Speech is a little softer than the bells it follows.
const SPEECH_GAIN: f32 = 0.8;

/// Which cues sound, step by step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueSettings {
    routine: CueSwitches,
    steps: Vec<StepSound>,
    /// What the practitioner turned off for this session (a `false` wins).
    allowed: CueSwitches,
}

impl CueSettings {
    /// The routine's settings, with what the practitioner allows on top.
    #[must_use]
    pub fn new(routine: &Routine, allowed: CueSwitches) -> Self {
        Self {
            routine: routine.sound.cues,
            steps: routine.steps.iter().map(|s| s.sound.clone()).collect(),
            allowed,
        }
    }

    /// The cues that sound during routine step `step`.
    #[must_use]
    pub fn for_step(&self, step: usize) -> CueSwitches {
        let own = self
            .steps
            .get(step)
            .map_or(self.routine, |s| s.cues(self.routine));
        CueSwitches {
            bells: own.bells && self.allowed.bells,
            breath: own.breath && self.allowed.breath,
            voice: own.voice && self.allowed.voice,
        }
    }

    /// The bells at the start and end, which belong to the routine as a whole.
    #[must_use]
    pub fn session_bells(&self) -> bool {
        self.routine.bells && self.allowed.bells
    }
}

/// Turns events into voices in a [`Mix`].
pub struct Cues {
    settings: CueSettings,
    bank: SoundBank,
    /// What is said at each segment's start, when it is ready.
    speech: HashMap<usize, Clip>,
    speaking: Speaking,
    /// The segment under way, when its words are still owed (not ready when due).
    owed: Option<OwedWords>,
}

/// Words that were due and not yet ready: they are said when ready, if still in time.
#[derive(Debug, Clone, Copy)]
struct OwedWords {
    segment: usize,
    at_frame: u64,
}

impl Cues {
    /// Cues with these settings and sounds, and no speech yet.
    #[must_use]
    pub fn new(settings: CueSettings, bank: SoundBank) -> Self {
        Self {
            settings,
            bank,
            speech: HashMap::new(),
            speaking: Speaking::default(),
            owed: None,
        }
    }

    /// Which cues sound where.
    #[must_use]
    pub fn settings(&self) -> &CueSettings {
        &self.settings
    }

    /// Plays the sounds for `event`, which is due at `at_frame` of the mix; `timeline` is
    /// the session's plan as it stands, for what each step allows.
    pub fn on_event(&mut self, event: &Event, timeline: &Timeline, at_frame: u64, mix: &mut Mix) {
        match event.kind {
            EventKind::SessionStart { .. } if self.settings.session_bells() => {
                self.strike(SoundKind::Bowl, 1.0, at_frame, mix);
            }
            EventKind::StepStart { segment, .. } => {
                self.step_start(segment, timeline, at_frame, mix);
            }
            EventKind::Bell { segment } if self.step_cues(timeline, segment).bells => {
                self.strike(SoundKind::Tap, 1.0, at_frame, mix);
            }
            EventKind::Breath {
                segment,
                phase,
                duration_ms,
            } if self.step_cues(timeline, segment).breath => {
                self.breathe(phase, duration_ms, at_frame, mix);
            }
            EventKind::Pause => mix.stop_at(at_frame, &[Layer::Breath]),
            EventKind::Jump { .. } => {
                mix.stop_at(at_frame, &[Layer::Breath, Layer::Speech]);
                self.owed = None;
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

    /// Gives the words for a segment's start, before the session.
    pub fn add_speech(&mut self, segment: usize, clip: Clip) {
        self.speech.insert(segment, clip);
    }

    /// Gives the words for a segment's start; if they were due and missing, they play now.
    pub fn speech_ready(&mut self, segment: usize, clip: Clip, mix: &mut Mix) {
        if let Some(owed) = self.owed.filter(|o| o.segment == segment) {
            self.owed = None;
            self.say(&clip, owed.at_frame, mix);
        }
        self.speech.insert(segment, clip);
    }

    /// Says something now (an answer to "where am I"), over everything but bells.
    pub fn say_now(&mut self, clip: &Clip, mix: &mut Mix) {
        let now = mix.frame();
        mix.stop_at(now, &[Layer::Speech]);
        self.say(clip, now, mix);
    }

    /// The cues that sound in `segment`, from the routine step it belongs to.
    fn step_cues(&self, timeline: &Timeline, segment: usize) -> CueSwitches {
        self.settings.for_step(timeline.segments[segment].step)
    }

    fn step_start(&mut self, segment: usize, timeline: &Timeline, at_frame: u64, mix: &mut Mix) {
        mix.stop_at(at_frame, &[Layer::Speech]);
        let cues = self.step_cues(timeline, segment);
        if segment > 0 && cues.bells {
            self.strike(SoundKind::Chime, 1.0, at_frame, mix);
        }
        let delay = if segment == 0 {
            FIRST_SPEECH_DELAY_MS
        } else {
            SPEECH_DELAY_MS
        };
        let speech_frame = at_frame + frames_of_ms(delay);
        self.owed = None;
        if !cues.voice {
            return;
        }
        match self.speech.get(&segment).cloned() {
            Some(clip) => self.say(&clip, speech_frame, mix),
            None => {
                self.owed = Some(OwedWords {
                    segment,
                    at_frame: speech_frame,
                });
            }
        }
    }

    /// Strikes a bell of `kind` at its own level times `gain`.
    fn strike(&self, kind: SoundKind, gain: f32, at_frame: u64, mix: &mut Mix) {
        let stop = StopHandle::default();
        let gain = gain * kind.gain();
        let voice = ClipVoice::new(self.bank.clip(kind).clone(), gain, stop.clone());
        mix.schedule(at_frame, Layer::Bell, Box::new(voice), stop);
    }

    /// Each strike but the last is stilled just before the next, so every one is heard
    /// clearly on its own; the last rings out.
    fn end_strikes(&self, at_frame: u64, mix: &mut Mix) {
        for (index, (after_ms, gain)) in END_STRIKES.into_iter().enumerate() {
            let stop = StopHandle::default();
            let bowl = SoundKind::Bowl;
            let gain = gain * bowl.gain();
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
            kind.gain(),
            stop.clone(),
        )
        .ducked_under(self.speaking.clone());
        mix.schedule(at_frame, Layer::Breath, Box::new(voice), stop);
    }

    fn say(&self, clip: &Clip, at_frame: u64, mix: &mut Mix) {
        let stop = StopHandle::default();
        let voice =
            ClipVoice::new(clip.clone(), SPEECH_GAIN, stop.clone()).spoken(self.speaking.clone());
        mix.schedule(at_frame, Layer::Speech, Box::new(voice), stop);
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
        let routine = parse("r.toml", "r", ROUTINE).unwrap();
        let timeline = plan(&routine, PlanOptions::default()).unwrap();
        let settings = CueSettings::new(&routine, CueSwitches::default());
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
        let heard = loudness(&[event(inhale(), 0)], 4);
        assert!(heard[2] > 0.05);
        let paused = loudness(&[event(inhale(), 0), event(EventKind::Pause, 1_500)], 4);
        assert!(paused[1] > 0.0);
        assert!(paused[2..].iter().all(|s| *s <= 0.0), "{paused:?}");
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
