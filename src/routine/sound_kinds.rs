//! The kinds of sound a session plays, as one table: the name routines and `--sound` use,
//! what each marks, the built-in file (made by the generator in the tests, embedded here),
//! the group whose volume it follows and the level it plays at. Routine files, flags,
//! `check`, the mixer and the sound generator all read [`SOUNDS`]; adding a kind of sound
//! is a row here (and, in the mixer, the moment it plays). The groups with a volume of
//! their own are the second table, [`GROUPS`].

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
    /// The group whose volume it follows.
    pub group: SoundGroup,
    /// Its loudness in the mix, in dB against the speech's (the reference of the mix): the
    /// voice is the clearest sound, and every other sits a set distance under it. Any file
    /// played for this kind, built in or not, is measured and brought to this level.
    pub level_db: f32,
}

/// Every kind of sound, in the order of [`SoundKind`]. A static, not a const: a const is
/// copied to every place that uses it, and the embedded files with it (the program held
/// three copies of each).
pub static SOUNDS: [Sound; 5] = [
    Sound {
        kind: SoundKind::Bowl,
        name: "bell",
        plays: "the start and end bell",
        file: "bowl.wav",
        bytes: include_bytes!("../../sounds/bowl.wav"),
        group: SoundGroup::Bells,
        level_db: -5.0,
    },
    Sound {
        kind: SoundKind::Chime,
        name: "chime",
        plays: "the chime at each step",
        file: "chime.wav",
        bytes: include_bytes!("../../sounds/chime.wav"),
        group: SoundGroup::Bells,
        level_db: -7.0,
    },
    Sound {
        kind: SoundKind::Tap,
        name: "interval",
        plays: "the interval bell",
        file: "tap.wav",
        bytes: include_bytes!("../../sounds/tap.wav"),
        group: SoundGroup::Bells,
        level_db: -8.0,
    },
    Sound {
        kind: SoundKind::Inhale,
        name: "inhale",
        plays: "the inhale, looped and shaped to each inhale",
        file: "inhale.wav",
        bytes: include_bytes!("../../sounds/inhale.wav"),
        group: SoundGroup::Breath,
        level_db: -6.0,
    },
    Sound {
        kind: SoundKind::Exhale,
        name: "exhale",
        plays: "the exhale",
        file: "exhale.wav",
        bytes: include_bytes!("../../sounds/exhale.wav"),
        group: SoundGroup::Breath,
        level_db: -6.0,
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

    /// The group whose volume it follows.
    #[must_use]
    pub fn group(self) -> SoundGroup {
        self.sound().group
    }
}

/// A group of sounds with a volume of its own, in the settings and a routine's
/// `[sound.volume]`; its row in [`GROUPS`] says the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SoundGroup {
    /// Every spoken word: a step's words, the counts, the answers, a teacher's recordings.
    Voice,
    /// The bowl, the chime and the taps.
    Bells,
    /// The inhale and exhale tones.
    Breath,
    /// The bed of sound under the whole session, when there is one.
    Ambient,
}

/// One group: its name in settings and routines, and what it holds, for messages and
/// the schema.
#[derive(Debug)]
pub struct Group {
    /// Which group this row is about.
    pub group: SoundGroup,
    /// Its key in `[sound.volume]`.
    pub name: &'static str,
    /// What it holds.
    pub holds: &'static str,
}

/// Every group, in the order of [`SoundGroup`].
pub const GROUPS: [Group; 4] = [
    Group {
        group: SoundGroup::Voice,
        name: "voice",
        holds: "every spoken word and recording",
    },
    Group {
        group: SoundGroup::Bells,
        name: "bells",
        holds: "the bowl, the chime and the taps",
    },
    Group {
        group: SoundGroup::Breath,
        name: "breath",
        holds: "the inhale and exhale tones",
    },
    Group {
        group: SoundGroup::Ambient,
        name: "ambient",
        holds: "the ambient sound under the session",
    },
];

/// A group's volume when nothing sets it: its place in the mix, as the table puts it.
pub const DEFAULT_VOLUME_PERCENT: u16 = 100;
/// The loudest a group may be set: 200 percent, 12 dB over its place.
pub const MAX_VOLUME_PERCENT: u16 = 200;

impl SoundGroup {
    /// The group by its name in `[sound.volume]`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        GROUPS.iter().find(|g| g.name == name).map(|g| g.group)
    }

    /// Its name in `[sound.volume]`.
    #[must_use]
    pub fn name(self) -> &'static str {
        GROUPS[self as usize].name
    }
}

/// A group's volume in percent from a number as written, if it is one allowed.
#[must_use]
pub fn volume_percent(value: i64) -> Option<u16> {
    u16::try_from(value)
        .ok()
        .filter(|v| *v <= MAX_VOLUME_PERCENT)
}

/// What a group's volume can be, for messages.
pub const VOLUME_ALLOWED: &str =
    "a whole number of percent from 0 (silent) to 200; 100 is its own place in the mix";

/// The names of every group, for messages: "voice, bells, breath or ambient".
#[must_use]
pub fn group_names_in_words() -> String {
    in_words(&GROUPS.map(|g| g.name))
}

/// The names of every kind, for messages: "bell, chime, interval, inhale or exhale".
#[must_use]
pub fn names_in_words() -> String {
    in_words(&SOUNDS.each_ref().map(|s| s.name))
}

/// Names as a list in words: "a, b or c".
fn in_words(names: &[&str]) -> String {
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
        for (index, group) in GROUPS.iter().enumerate() {
            assert_eq!(group.group as usize, index, "{}", group.name);
            assert_eq!(SoundGroup::from_name(group.name), Some(group.group));
        }
        assert_eq!(group_names_in_words(), "voice, bells, breath or ambient");
    }

    #[test]
    fn bells_and_breath_sit_under_the_voice() {
        for sound in &SOUNDS {
            assert!(sound.level_db < 0.0, "{}", sound.name);
        }
        // The opening bowl 4 to 6 dB under the words, the breath tones 6.
        assert!((-6.0..=-4.0).contains(&SoundKind::Bowl.sound().level_db));
        assert!((SoundKind::Inhale.sound().level_db + 6.0).abs() < 1e-6);
        assert_eq!(volume_percent(201), None);
        assert_eq!(volume_percent(-1), None);
        assert_eq!(volume_percent(80), Some(80));
    }
}
