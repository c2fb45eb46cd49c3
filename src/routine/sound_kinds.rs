//! The kinds of sound a session plays, as one table: the name routines and `--sound` use,
//! what each marks, the built-in file (made by the generator in the tests, embedded here)
//! and the level it plays at. Routine files, flags, `check`, the mixer and the sound
//! generator all read [`SOUNDS`]; adding a kind of sound is a row here (and, in the mixer,
//! the moment it plays).

/// A kind of sound; its row in [`SOUNDS`] says everything else about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SoundKind {
    /// A singing bowl: the start and the end.
    Bowl,
    /// A soft chime: a step change.
    Chime,
    /// A light tap: an interval bell.
    Tap,
    /// The in-breath tone.
    Inhale,
    /// The out-breath tone.
    Exhale,
}

/// One row of the table.
#[derive(Debug)]
pub struct Sound {
    /// Which kind this row is about.
    pub kind: SoundKind,
    /// The key in a routine's `[sound]` table and the KIND of `--sound KIND=FILE`.
    pub name: &'static str,
    /// What it marks in a session, for the schema and for messages.
    pub plays: &'static str,
    /// The built-in sound's file in `sounds/`.
    pub file: &'static str,
    /// That file, embedded in the program.
    pub bytes: &'static [u8],
    /// The level it is played at, in dB against the file's own level.
    pub level_db: f32,
}

/// Every kind of sound, in the order of [`SoundKind`].
pub const SOUNDS: [Sound; 5] = [
    Sound {
        kind: SoundKind::Bowl,
        name: "bell",
        plays: "the start and end bell",
        file: "bowl.wav",
        bytes: include_bytes!("../../sounds/bowl.wav"),
        level_db: 0.0,
    },
    Sound {
        kind: SoundKind::Chime,
        name: "chime",
        plays: "the chime at each step",
        file: "chime.wav",
        bytes: include_bytes!("../../sounds/chime.wav"),
        level_db: 0.0,
    },
    Sound {
        kind: SoundKind::Tap,
        name: "interval",
        plays: "the interval bell",
        file: "tap.wav",
        bytes: include_bytes!("../../sounds/tap.wav"),
        level_db: 0.0,
    },
    Sound {
        kind: SoundKind::Inhale,
        name: "inhale",
        plays: "the inhale, looped and shaped to each inhale",
        file: "inhale.wav",
        bytes: include_bytes!("../../sounds/inhale.wav"),
        level_db: 0.0,
    },
    Sound {
        kind: SoundKind::Exhale,
        name: "exhale",
        plays: "the exhale",
        file: "exhale.wav",
        bytes: include_bytes!("../../sounds/exhale.wav"),
        level_db: 0.0,
    },
];

impl SoundKind {
    /// This kind's row of the table.
    #[must_use]
    pub fn sound(self) -> &'static Sound {
        &SOUNDS[self as usize]
    }

    /// The kind by the name routines and `--sound` use for it.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        SOUNDS.iter().find(|s| s.name == name).map(|s| s.kind)
    }

    /// The name routines and `--sound` use for it.
    #[must_use]
    pub fn name(self) -> &'static str {
        self.sound().name
    }

    /// The gain it plays at: its level as an amplitude.
    #[must_use]
    pub fn gain(self) -> f32 {
        10f32.powf(self.sound().level_db / 20.0)
    }
}

/// The names of every kind, for messages: "bell, chime, interval, inhale or exhale".
#[must_use]
pub fn names_in_words() -> String {
    let names: Vec<&str> = SOUNDS.iter().map(|s| s.name).collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_is_in_the_place_of_its_kind_and_names_are_distinct() {
        for (index, sound) in SOUNDS.iter().enumerate() {
            assert_eq!(sound.kind as usize, index, "{}", sound.name);
            assert_eq!(SoundKind::from_name(sound.name), Some(sound.kind));
            assert!(!sound.bytes.is_empty());
        }
        let mut names: Vec<_> = SOUNDS.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SOUNDS.len());
        assert_eq!(names_in_words(), "bell, chime, interval, inhale or exhale");
        assert!((SoundKind::Bowl.gain() - 1.0).abs() < 1e-6);
    }
}
