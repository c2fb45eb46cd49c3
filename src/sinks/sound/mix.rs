//! The mix: rodio's mixer, fed voices at exact frames. Voices are scheduled ahead by frame
//! number and handed to the mixer just before the frame they start on is pulled, so every
//! sound starts on its sample, live or rendered.

use rodio::Source;
use rodio::mixer::{Mixer, MixerSource};

use super::voice::StopHandle;
use super::{MIX_CHANNELS, mix_rate};

/// The kinds of voice, so a group can be stopped together (breath on a pause, all on quit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// Bells: they ring out unless the session is stopped.
    Bell,
    /// Breath tones: stopped on a pause or a jump.
    Breath,
    /// Speech: stopped on a jump.
    Speech,
    /// The ambient bed: stopped on a pause, faded out at the end.
    Ambient,
}

type Voice = Box<dyn Source + Send>;

/// Something the mix does at a frame.
enum Action {
    /// A voice begins.
    Start {
        layer: Layer,
        voice: Voice,
        stop: StopHandle,
    },
    /// The voices of these layers that are sounding fade out.
    Stop(Vec<Layer>),
}

struct Pending {
    at_frame: u64,
    action: Action,
}

/// Voices in time, mixed to mono at the mix rate.
pub struct Mix {
    input: Mixer,
    output: MixerSource,
    frame: u64,
    /// What is to happen, sorted by frame (ties keep the order they were given).
    pending: Vec<Pending>,
    /// Stop handles of the voices that have started and may still be sounding, by layer.
    playing: Vec<(Layer, StopHandle)>,
    /// Whether the mixer may have something to play (it was given a voice, and has not
    /// yet run empty).
    sounding: bool,
    /// The first frame of the silence pulled last: from here on, nothing sounded and
    /// nothing happened, so these frames can be pulled again ([`Mix::rewind`]).
    quiet_from: u64,
}

impl Default for Mix {
    fn default() -> Self {
        Self::new()
    }
}

impl Mix {
    /// An empty mix at frame 0.
    #[must_use]
    pub fn new() -> Self {
        let (input, output) = rodio::mixer::mixer(MIX_CHANNELS, mix_rate());
        Self {
            input,
            output,
            frame: 0,
            pending: Vec::new(),
            playing: Vec::new(),
            sounding: false,
            quiet_from: 0,
        }
    }

    /// The next frame to be pulled.
    #[must_use]
    pub fn frame(&self) -> u64 {
        self.frame
    }

    /// Starts `voice` at `at_frame`, or at once if that frame has already been pulled.
    pub fn schedule(&mut self, at_frame: u64, layer: Layer, voice: Voice, stop: StopHandle) {
        self.insert(at_frame, Action::Start { layer, voice, stop });
    }

    /// At `at_frame`, fades out the voices of these layers that have started by then.
    pub fn stop_at(&mut self, at_frame: u64, layers: &[Layer]) {
        self.insert(at_frame, Action::Stop(layers.to_vec()));
    }

    /// Drops the voices of these layers that have not started yet (live, where everything
    /// queued was asked for by earlier events).
    pub fn cancel_pending(&mut self, layers: &[Layer]) {
        self.pending.retain(|p| match &p.action {
            Action::Start { layer, .. } => !layers.contains(layer),
            Action::Stop(_) => true,
        });
    }

    fn insert(&mut self, at_frame: u64, action: Action) {
        let at_frame = at_frame.max(self.frame);
        let index = self.pending.partition_point(|p| p.at_frame <= at_frame);
        self.pending.insert(index, Pending { at_frame, action });
    }

    /// True when nothing is sounding and nothing is waiting to.
    #[must_use]
    pub fn is_quiet(&self) -> bool {
        self.pending.is_empty() && !self.sounding
    }

    /// True when a voice of `layer` is sounding or waiting to start.
    #[must_use]
    pub fn holds(&self, layer: Layer) -> bool {
        self.playing.iter().any(|(l, _)| *l == layer)
            || self
                .pending
                .iter()
                .any(|p| matches!(&p.action, Action::Start { layer: l, .. } if *l == layer))
    }

    /// True when nothing is sounding now (something may be waiting to).
    #[must_use]
    pub fn is_silent(&self) -> bool {
        !self.sounding
    }

    /// The frame of the next thing waiting to happen, if anything is.
    #[must_use]
    pub fn next_pending(&self) -> Option<u64> {
        self.pending.first().map(|p| p.at_frame)
    }

    /// How many of the frames pulled last were silence in which nothing happened: as many
    /// as [`Mix::rewind`] can take back.
    #[must_use]
    pub fn silent_frames(&self) -> u64 {
        if self.sounding {
            0
        } else {
            self.frame.saturating_sub(self.quiet_from)
        }
    }

    /// Moves on up to `frames` frames of silence without pulling them, as far as nothing
    /// sounds and nothing is waiting to happen; returns how many it moved on.
    pub fn skip(&mut self, frames: u64) -> u64 {
        if self.sounding {
            return 0;
        }
        let until = self.next_pending().unwrap_or(u64::MAX);
        let skipped = frames.min(until.saturating_sub(self.frame));
        self.frame += skipped;
        skipped
    }

    /// Goes back `frames` frames, at most [`Mix::silent_frames`], to pull them again: silence
    /// written ahead to a device, taken back because a sound is wanted sooner.
    pub fn rewind(&mut self, frames: u64) {
        self.frame -= frames.min(self.silent_frames());
    }

    /// Fills `out` with the next frames of the mix.
    pub fn fill(&mut self, out: &mut [f32]) {
        let mut filled = 0;
        while filled < out.len() {
            self.start_due();
            // Pull plainly up to the next voice's start.
            let until_next = self
                .pending
                .first()
                .map_or(u64::MAX, |p| p.at_frame - self.frame);
            let run = (out.len() - filled).min(usize::try_from(until_next).unwrap_or(usize::MAX));
            let piece = &mut out[filled..filled + run];
            if !self.sounding {
                // An empty mixer stays empty until it is given a voice: silence, cheaply.
                piece.fill(0.0);
                filled += run;
                self.frame += run as u64;
                continue;
            }
            // What follows may sound: no frame of it can be pulled again.
            for sample in piece {
                // An empty mixer yields nothing: that is silence, and it may be given more.
                if let Some(value) = self.output.next() {
                    *sample = value;
                    self.sounding = true;
                } else {
                    // Every voice has ended: none is left to stop.
                    *sample = 0.0;
                    self.sounding = false;
                    self.playing.clear();
                }
            }
            filled += run;
            self.frame += run as u64;
            self.quiet_from = self.frame;
        }
    }

    /// Carries out what is due at this frame: voices go to the mixer, which starts them on
    /// the next pull; stops fade out what sounds.
    fn start_due(&mut self) {
        let due = self.pending.partition_point(|p| p.at_frame <= self.frame);
        if due > 0 {
            // Something happens here: this frame and those before it cannot be pulled again.
            self.quiet_from = self.frame + 1;
        }
        for pending in self.pending.drain(..due) {
            match pending.action {
                Action::Start { layer, voice, stop } => {
                    self.input.add(voice);
                    self.playing.push((layer, stop));
                    self.sounding = true;
                }
                Action::Stop(layers) => self.playing.retain(|(layer, stop)| {
                    let hit = layers.contains(layer);
                    if hit {
                        stop.stop();
                    }
                    !hit
                }),
            }
        }
    }
}

#[cfg(test)]
#[expect(clippy::float_cmp, reason = "the samples must be exactly these")]
mod tests {
    use super::*;
    use crate::sinks::sound::voice::{Clip, ClipVoice};

    // Halves and quarters: exact in a clip's 16 bits, where full scale (1.0) is one step
    // past the largest value.
    fn click() -> Voice {
        Box::new(ClipVoice::new(
            Clip::new(&[0.5, 0.25]),
            1.0,
            StopHandle::default(),
        ))
    }

    #[test]
    fn voices_start_on_their_frame() {
        let mut mix = Mix::new();
        mix.schedule(3, Layer::Bell, click(), StopHandle::default());
        mix.schedule(1000, Layer::Bell, click(), StopHandle::default());
        let mut out = vec![9.0; 1200];
        // Pulled in uneven pieces, as a player does.
        mix.fill(&mut out[..7]);
        mix.fill(&mut out[7..999]);
        mix.fill(&mut out[999..]);
        let onsets: Vec<usize> = out
            .iter()
            .enumerate()
            .filter(|(_, s)| **s == 0.5)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(onsets, vec![3, 1000]);
        assert_eq!(out[4], 0.25);
        assert_eq!(out[5], 0.0);
        assert!(mix.is_quiet());
    }

    #[test]
    fn silence_pulled_ahead_can_be_taken_back_and_a_voice_put_in_it() {
        let mut mix = Mix::new();
        mix.schedule(0, Layer::Bell, click(), StopHandle::default());
        let mut out = vec![9.0; 1000];
        mix.fill(&mut out);
        // The click sounded in the first piece: none of it can be pulled again.
        assert_eq!(mix.silent_frames(), 0);
        mix.fill(&mut out);
        assert_eq!((mix.frame(), mix.silent_frames()), (2000, 1000));
        mix.rewind(400);
        assert_eq!(mix.frame(), 1600);
        // Never further back than the silence goes.
        mix.rewind(5000);
        assert_eq!(mix.frame(), 1000);
        mix.schedule(1100, Layer::Bell, click(), StopHandle::default());
        mix.fill(&mut out);
        assert_eq!(out.iter().position(|s| *s == 0.5), Some(100));
        assert_eq!(mix.silent_frames(), 0);
    }

    #[test]
    fn silence_is_skipped_up_to_the_next_voice_and_not_over_a_sounding_one() {
        let mut mix = Mix::new();
        mix.schedule(500, Layer::Bell, click(), StopHandle::default());
        assert_eq!(mix.skip(2000), 500);
        assert_eq!(mix.silent_frames(), 500);
        let mut out = vec![9.0; 1];
        mix.fill(&mut out);
        assert_eq!(out[0], 0.5, "the voice starts where the skip stopped");
        assert_eq!(
            mix.skip(100),
            0,
            "nothing is skipped while a voice may sound"
        );
        let mut rest = vec![9.0; 10];
        mix.fill(&mut rest);
        assert_eq!(rest[0], 0.25, "the voice goes on where it was");
    }

    #[test]
    fn a_voice_scheduled_in_the_past_starts_at_once() {
        let mut mix = Mix::new();
        let mut out = vec![0.0; 10];
        mix.fill(&mut out);
        mix.schedule(2, Layer::Bell, click(), StopHandle::default());
        mix.fill(&mut out);
        assert_eq!(out[0], 0.5);
    }

    #[test]
    fn a_stop_fades_only_the_layers_sounding_at_its_frame() {
        let long = |stop: &StopHandle| -> Voice {
            Box::new(ClipVoice::new(
                Clip::new(&vec![0.5; 48_000]),
                1.0,
                stop.clone(),
            ))
        };
        let mut mix = Mix::new();
        let (breath, bell, later) = (
            StopHandle::default(),
            StopHandle::default(),
            StopHandle::default(),
        );
        mix.schedule(0, Layer::Breath, long(&breath), breath);
        mix.schedule(0, Layer::Bell, long(&bell), bell);
        mix.stop_at(1_000, &[Layer::Breath]);
        mix.schedule(1_000, Layer::Breath, long(&later), later);
        let mut out = vec![0.0; 30_000];
        mix.fill(&mut out);
        // Before the stop: both; after the fade: the bell and the breath that began with the stop.
        assert_eq!(out[999], 1.0);
        assert_eq!(out[29_999], 1.0);
        assert!(out[1_000 + 3_000] < 1.5);
    }
}
