//! Where each sound sits in a session's mix: every sound measured as it is heard (a bell
//! as struck, a breath tone shaped to a phase) and brought to its level under the speech
//! ([`crate::routine::sound_kinds::SOUNDS`]), moved by its group's volume, and held under
//! the peak ceiling however loud the volume asks. A file of the routine's or the
//! practitioner's is measured the same way as a built-in sound, so it lands at the same
//! place whatever level it was recorded at.

use super::breath::{BreathVoice, Swell};
use super::frames_of_ms;
use super::loudness::{Measured, SPEECH_LUFS, percent_db};
use super::sounds::SoundBank;
use super::voice::{Clip, StopHandle};
use crate::routine::Volumes;
use crate::routine::sound_kinds::{DEFAULT_VOLUME_PERCENT, GROUPS, SOUNDS, SoundGroup, SoundKind};

/// A breath tone is measured as it sounds over a phase this long (the shape and the pitch
/// glide scale with the phase, so its loudness hardly depends on the length).
const MEASURED_PHASE_MS: u64 = 5_000;

/// The gain of each kind of sound, and the volume of each group, in one session's mix.
#[derive(Debug, Clone, PartialEq)]
pub struct Levels {
    /// By kind, in the order of [`SOUNDS`]: the gain that brings its clip to its level.
    kinds: Vec<f32>,
    /// By group, in the order of [`GROUPS`]: its volume in dB.
    volumes_db: Vec<f32>,
}

impl Levels {
    /// The levels of `bank`'s sounds at these volumes.
    #[must_use]
    pub fn new(bank: &SoundBank, volumes: &Volumes) -> Self {
        let volume = |group: SoundGroup| {
            percent_db(
                volumes
                    .get(&group)
                    .copied()
                    .unwrap_or(DEFAULT_VOLUME_PERCENT),
            )
        };
        let volumes_db: Vec<f32> = GROUPS.iter().map(|g| volume(g.group)).collect();
        Self {
            kinds: SOUNDS
                .iter()
                .map(|s| {
                    let moved_db = volumes_db[s.group as usize];
                    place_gain(s.kind, bank.clip(s.kind), moved_db)
                })
                .collect(),
            volumes_db,
        }
    }

    /// The gain a sound of `kind` plays at: its place, at its group's volume.
    #[must_use]
    pub fn of(&self, kind: SoundKind) -> f32 {
        self.kinds[kind as usize]
    }

    /// A group's volume in dB (speech and the ambient bed are brought to their level as
    /// they are prepared, and this moves them from there).
    #[must_use]
    pub fn volume_db(&self, group: SoundGroup) -> f32 {
        self.volumes_db[group as usize]
    }
}

/// How each built-in sound measures as it is heard, in the order of [`SOUNDS`]: measured
/// once here rather than at every session's start, which read every built-in sound through
/// (17 ms, and 2.3 MB of the program brought into memory). A test measures them again.
const BUILT_IN: [Measured; SOUNDS.len()] = [
    heard(-22.268_75, -6.020_6),
    heard(-25.584_295, -9.119_245),
    heard(-29.439_196, -12.041_201),
    heard(-22.667_408, -11.515_899),
    heard(-21.443_047, -11.131_256),
];

const fn heard(lufs: f32, peak_db: f32) -> Measured {
    Measured {
        lufs: Some(lufs),
        peak_db,
    }
}

/// The gain that puts `clip`, played as `kind`, at its level under the speech, moved by
/// `volume_db`.
#[must_use]
pub fn place_gain(kind: SoundKind, clip: &Clip, volume_db: f32) -> f32 {
    let target = SPEECH_LUFS + kind.sound().level_db + volume_db;
    let measured = if clip.lies_in(kind.sound().bytes) {
        BUILT_IN[kind as usize]
    } else {
        measure(kind, clip)
    };
    measured.gain_to(target)
}

/// How `clip` measures played as `kind`: a breath tone shaped to a phase, anything else as
/// it is.
fn measure(kind: SoundKind, clip: &Clip) -> Measured {
    match Swell::of(kind) {
        Some(swell) => {
            let frames = frames_of_ms(MEASURED_PHASE_MS);
            let heard = BreathVoice::new(clip.clone(), frames, swell, 1.0, StopHandle::default());
            Measured::of(heard)
        }
        None => Measured::of(clip.samples()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sinks::sound::loudness::{PEAK_CEILING_DB, loudness};

    #[test]
    fn the_built_in_sounds_measure_as_their_table_says() {
        let bank = SoundBank::builtin();
        for sound in &SOUNDS {
            // A copy, which is measured as any file is.
            let samples: Vec<f32> = bank.clip(sound.kind).samples().collect();
            let fresh = measure(sound.kind, &Clip::new(&samples));
            let kept = BUILT_IN[sound.kind as usize];
            let off = (fresh.lufs.unwrap() - kept.lufs.unwrap()).abs();
            let peak_off = (fresh.peak_db - kept.peak_db).abs();
            assert!(off < 0.01 && peak_off < 0.01, "{}: {fresh:?}", sound.name);
        }
    }

    #[test]
    fn a_loud_bell_and_a_quiet_one_land_at_the_same_level() {
        let bank = SoundBank::builtin();
        let bowl = bank.clip(SoundKind::Bowl);
        let quiet = bowl.scaled(0.1);
        let at = |clip: &Clip| {
            let gain = place_gain(SoundKind::Bowl, clip, 0.0);
            loudness(clip.samples().map(|s| s * gain)).unwrap()
        };
        let expected = SPEECH_LUFS + SoundKind::Bowl.sound().level_db;
        assert!((at(bowl) - expected).abs() < 0.05, "{}", at(bowl));
        assert!((at(&quiet) - expected).abs() < 0.05, "{}", at(&quiet));
    }

    #[test]
    fn a_groups_volume_scales_its_sounds() {
        let bank = SoundBank::builtin();
        let full = Levels::new(&bank, &Volumes::new());
        let half = Levels::new(&bank, &Volumes::from([(SoundGroup::Bells, 50)]));
        let ratio = half.of(SoundKind::Chime) / full.of(SoundKind::Chime);
        assert!((ratio - 0.25).abs() < 1e-5, "{ratio}");
        assert!((half.of(SoundKind::Inhale) - full.of(SoundKind::Inhale)).abs() < 1e-9);
        assert!(half.volume_db(SoundGroup::Voice).abs() < 1e-9);
        // However loud a volume asks, no sound passes the ceiling.
        let loudest = Levels::new(&bank, &Volumes::from([(SoundGroup::Bells, 200)]));
        let bowl = bank.clip(SoundKind::Bowl).samples();
        let peak = bowl.fold(0.0_f32, |m, s| m.max(s.abs())) * loudest.of(SoundKind::Bowl);
        assert!(20.0 * peak.log10() <= PEAK_CEILING_DB + 1e-3, "{peak}");
    }
}
