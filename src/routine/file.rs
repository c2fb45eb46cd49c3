//! The routine file exactly as written: serde types that keep the location of every value
//! that validation may need to point at. Nothing here judges what the values mean.
//!
//! The doc comments on these fields become the descriptions in the JSON Schema
//! (`psoas-timer schema`), which editors show while a teacher types.

use std::borrow::Cow;
use std::sync::LazyLock;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::json;
use toml::Spanned;

use super::sound_kinds::{GROUPS, SOUNDS, SoundGroup, SoundKind};

/// A psoas-timer routine: a practice as timed steps.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "psoas-timer routine")]
pub(super) struct RoutineFile {
    /// The format version; this psoas-timer reads version 1.
    #[schemars(with = "i64", range(min = 1, max = 1))]
    pub version: Spanned<i64>,
    /// The routine's name as people say it.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// One or two sentences on what the practice is.
    #[serde(default)]
    pub summary: String,
    /// Where the practice comes from: a teacher, a book, a tradition.
    #[serde(default)]
    pub source: Option<String>,
    /// What to have at hand.
    #[serde(default)]
    pub props: Vec<String>,
    /// What to keep in mind to practice safely.
    #[serde(default)]
    pub safety: Option<String>,
    /// The language its words are written in, for the voice that says them: a language
    /// tag such as "en", "en-GB" or "de" (English when not given).
    #[schemars(with = "Option<String>")]
    pub language: Option<Spanned<String>>,
    /// The session lengths a practitioner may choose; needs at least one flexible step.
    #[schemars(with = "Option<LengthFile>")]
    pub length: Option<Spanned<LengthFile>>,
    /// The steps, in order.
    #[schemars(with = "Vec<StepFile>")]
    pub steps: Spanned<Vec<StepFile>>,
    /// Which cues sound, and your own sound files instead of the built-in ones.
    #[serde(default)]
    pub sound: Option<RoutineSoundFile>,
    /// A soft spoken "one minute left" this long before the end of every hold of at least
    /// three times as long ("1m"); a step's own `time_left` wins.
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub time_left: Option<Spanned<String>>,
}

/// The session lengths a practitioner may choose, as durations ("30m").
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct LengthFile {
    /// The length when none is asked for.
    #[schemars(with = "String")]
    #[serde(deserialize_with = "duration")]
    pub default: Spanned<String>,
    /// The shortest session.
    #[schemars(with = "String")]
    #[serde(deserialize_with = "duration")]
    pub min: Spanned<String>,
    /// The longest session.
    #[schemars(with = "String")]
    #[serde(deserialize_with = "duration")]
    pub max: Spanned<String>,
}

/// One step: a set time, a flexible share of the session, a count of breaths, or a block
/// of steps repeated for some rounds.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct StepFile {
    /// A few words, shown large and spoken at the step's start.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// What to do, in the teacher's words. Placeholders are filled from the session:
    /// `{in}`, `{hold}`, `{out}`, `{hold_out}`, `{pattern}`, `{breaths}`, `{side}`,
    /// `{other_side}`, `{length}`, `{props}`.
    #[schemars(with = "Option<String>")]
    pub text: Option<Spanned<String>>,
    /// "90s", "10m", "flexible" (a share of what the chosen length leaves), "5 breaths"
    /// (needs a breath) or "until ready" (its words, then a wait for any key, at most
    /// `max`). A block (`rounds`) has no duration of its own.
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub duration: Option<Spanned<String>>,
    /// Flexible steps only: the least time the step takes.
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub min: Option<Spanned<String>>,
    /// Flexible steps: the most time the step takes. "until ready": the longest wait
    /// (default 5m).
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub max: Option<Spanned<String>>,
    /// Flexible steps only: its share of the spare time against other flexible steps (default 1).
    #[schemars(with = "Option<u32>", range(min = 1, max = 100))]
    pub weight: Option<Spanned<i64>>,
    /// Flexible steps only: the step lasts a whole multiple of this ("1m": whole minutes),
    /// within its `min` and `max`. What the rounding leaves goes to the flexible steps
    /// without it; when they have no room, or there are none, what is less than a multiple
    /// goes to the last flexible step with room. Not on a paced step, which ends on a whole
    /// breath.
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub multiple_of: Option<Spanned<String>>,
    /// A soft bell at this interval within the step ("5m").
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub bell_every: Option<Spanned<String>>,
    /// A one-sided pose, held on each side: `duration` is per side.
    #[schemars(with = "Option<bool>")]
    pub each_side: Option<Spanned<bool>>,
    /// With `each_side`: the side to begin with, "right" (the default) or "left".
    #[schemars(with = "Option<SideName>")]
    pub first_side: Option<Spanned<String>>,
    /// With `each_side`: the time to change sides (default "10s").
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub switch: Option<Spanned<String>>,
    /// With `each_side`: the words for changing sides.
    #[schemars(with = "Option<String>")]
    pub switch_text: Option<Spanned<String>>,
    /// With `each_side`: what is said for the second side instead of `text`.
    #[schemars(with = "Option<String>")]
    pub second_side: Option<Spanned<String>>,
    /// The way out of the pose, spoken so that it ends shortly before the hold does.
    #[schemars(with = "Option<String>")]
    pub ending: Option<Spanned<String>>,
    /// A soft spoken "one minute left" this long before the step ends ("1m").
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub time_left: Option<Spanned<String>>,
    /// A rest in neutral after the pose (after both sides), to feel its rebound: a
    /// duration ("1m"), or a table with its own `duration`, `title` and `text`.
    #[schemars(with = "Option<ReboundSchema>")]
    pub rebound: Option<Spanned<ReboundFile>>,
    /// A breath to pace through the step.
    #[schemars(with = "Option<BreathFile>")]
    pub breath: Option<Spanned<BreathFile>>,
    /// Makes this step a block: its `block` steps are repeated this many times.
    #[schemars(with = "Option<u32>", range(min = 1, max = 100))]
    pub rounds: Option<Spanned<i64>>,
    /// With `rounds`: the steps of one round.
    #[schemars(with = "Option<Vec<StepFile>>")]
    pub block: Option<Spanned<Vec<StepFile>>>,
    /// Which cues sound in this step, and a recording of its instructions.
    #[serde(default)]
    pub sound: Option<StepSoundFile>,
}

/// What a duration must be, in messages about a value of another type ("expected a
/// duration"); the validation of a step's duration also takes "flexible" and "5 breaths".
pub(super) const A_DURATION: &str = "a duration";

/// A duration as written, in quotes; anything else is refused as not being a duration,
/// so that the message about a number can say how durations are written.
fn duration<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Spanned<String>, D::Error> {
    let text = Spanned::<DurationText>::deserialize(deserializer)?;
    let span = text.span();
    Ok(Spanned::new(span, text.into_inner().0))
}

/// A duration that may be left out (serde reads it only when it is there; the schema gives
/// it no default, as for any other key that may be left out).
fn optional_duration<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Spanned<String>>, D::Error> {
    duration(deserializer).map(Some)
}

/// The text of a duration.
struct DurationText(String);

impl<'de> Deserialize<'de> for DurationText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(DurationVisitor)
    }
}

struct DurationVisitor;

impl Visitor<'_> for DurationVisitor {
    type Value = DurationText;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(A_DURATION)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<DurationText, E> {
        Ok(DurationText(text.to_owned()))
    }
}

/// A rebound as written: a duration, or a table.
#[derive(Debug)]
pub(super) enum ReboundFile {
    /// Just how long ("1m"), with the usual words.
    Length(String),
    /// Its own words.
    Table(ReboundTable),
}

/// A rebound with its own words, for a position that suits the pose before it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ReboundTable {
    /// How long it lasts ("1m").
    #[schemars(with = "String")]
    #[serde(deserialize_with = "duration")]
    pub duration: Spanned<String>,
    /// Its title (default "Rebound").
    #[schemars(with = "Option<String>")]
    pub title: Option<Spanned<String>>,
    /// What to do.
    #[schemars(with = "Option<String>")]
    pub text: Option<Spanned<String>>,
}

/// How the schema describes a rebound: a duration or a table.
#[derive(JsonSchema)]
#[serde(untagged)]
#[expect(
    dead_code,
    reason = "never built: it only describes the allowed values in the schema"
)]
pub(super) enum ReboundSchema {
    /// How long ("1m").
    Length(String),
    /// Its own words.
    Table(ReboundTable),
}

impl<'de> Deserialize<'de> for ReboundFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ReboundVisitor)
    }
}

struct ReboundVisitor;

impl<'de> Visitor<'de> for ReboundVisitor {
    type Value = ReboundFile;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a duration like \"1m\", or a table with `duration`, `title` and `text`")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<ReboundFile, E> {
        Ok(ReboundFile::Length(text.to_owned()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ReboundFile, A::Error> {
        ReboundTable::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(ReboundFile::Table)
    }
}

/// The sides of the body a one-sided pose begins with.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[expect(
    dead_code,
    reason = "never built: it only describes the allowed values in the schema"
)]
pub(super) enum SideName {
    /// The right side first.
    Right,
    /// The left side first.
    Left,
}

/// A paced breath: a `pattern` such as "4-6", or each phase as a duration. Holds may be
/// left out. A `_to` key makes that phase change evenly across the step, ending there.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct BreathFile {
    /// Seconds per phase: "4-6" (in, out), "4-7-8" (in, hold, out), "4-4-4-4" (box).
    #[schemars(with = "Option<String>")]
    pub pattern: Option<Spanned<String>>,
    /// Breathing in ("4s").
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub inhale: Option<Spanned<String>>,
    /// Resting full, after the inhale.
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub hold: Option<Spanned<String>>,
    /// Breathing out ("6s").
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub exhale: Option<Spanned<String>>,
    /// Resting empty, after the exhale.
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub hold_after_exhale: Option<Spanned<String>>,
    /// The inhale of the step's last breath.
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub inhale_to: Option<Spanned<String>>,
    /// The hold of the step's last breath.
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub hold_to: Option<Spanned<String>>,
    /// The exhale of the step's last breath ("8s" lengthens a "6s" exhale across the step).
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub exhale_to: Option<Spanned<String>>,
    /// The hold after the exhale of the step's last breath.
    #[schemars(with = "Option<String>", skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "optional_duration")]
    pub hold_after_exhale_to: Option<Spanned<String>>,
}

/// `[sound]`: which cues sound in the whole routine (all do unless turned off), sound
/// files to play instead of the built-in ones, named relative to the routine's own folder,
/// an ambient sound, and the volume of each group of sounds. The sound files' keys are
/// the names in [`SOUNDS`], so this is read (and described in the schema) from that table
/// rather than from a field per kind.
#[derive(Debug, Default)]
pub(super) struct RoutineSoundFile {
    /// The bowl at the start and end, the chime at each step, the interval taps.
    pub bells: Option<bool>,
    /// The inhale and exhale tones of paced steps.
    pub breath: Option<bool>,
    /// Spoken titles and instructions.
    pub voice: Option<bool>,
    /// The voice counting the first breaths of a paced step.
    pub counts: Option<bool>,
    /// Sound files instead of built-in sounds, by kind, as written.
    pub files: Vec<(SoundKind, Spanned<String>)>,
    /// A sound under the whole session: `"noise"`, or a file to loop.
    pub ambient: Option<Spanned<String>>,
    /// `[sound.volume]`: each group's volume in percent, as written.
    pub volume: Vec<(SoundGroup, Spanned<i64>)>,
}

/// The cue switches of `[sound]`: each key, its name, and what it turns off.
const SWITCHES: [(SoundKey, &str, &str); 4] = [
    (
        SoundKey::Bells,
        "bells",
        "The bowl at the start and end, the chime at each step, the interval taps.",
    ),
    (
        SoundKey::Breath,
        "breath",
        "The inhale and exhale tones of paced steps.",
    ),
    (SoundKey::Voice, "voice", "Spoken titles and instructions."),
    (
        SoundKey::Counts,
        "counts",
        "The voice counting the first breaths of a paced step (\"in, two, three, four\").",
    ),
];

/// `[sound]`'s key for the sound under the whole session.
const AMBIENT_KEY: &str = "ambient";
/// `[sound]`'s table of volumes.
const VOLUME_KEY: &str = "volume";

/// Every key `[sound]` takes: the switches, a sound file per kind, the ambient sound and
/// the volumes.
static SOUND_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let switches = SWITCHES.iter().map(|(_, name, _)| *name);
    let files = SOUNDS.iter().map(|s| s.name);
    switches
        .chain(files)
        .chain([AMBIENT_KEY, VOLUME_KEY])
        .collect()
});

/// Every key `[sound.volume]` takes: the groups.
static VOLUME_KEYS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| GROUPS.iter().map(|g| g.name).collect());

impl<'de> Deserialize<'de> for RoutineSoundFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(SoundTableVisitor)
    }
}

struct SoundTableVisitor;

impl<'de> Visitor<'de> for SoundTableVisitor {
    type Value = RoutineSoundFile;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a [sound] table")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut table = RoutineSoundFile::default();
        while let Some(key) = map.next_key::<SoundKey>()? {
            match key {
                SoundKey::Bells => table.bells = Some(map.next_value()?),
                SoundKey::Breath => table.breath = Some(map.next_value()?),
                SoundKey::Voice => table.voice = Some(map.next_value()?),
                SoundKey::Counts => table.counts = Some(map.next_value()?),
                SoundKey::File(kind) => table.files.push((kind, map.next_value()?)),
                SoundKey::Ambient => table.ambient = Some(map.next_value()?),
                SoundKey::Volume => table.volume = map.next_value::<VolumeTableFile>()?.0,
            }
        }
        Ok(table)
    }
}

/// `[sound.volume]` as written: a volume per group, an unknown group refused at its key.
struct VolumeTableFile(Vec<(SoundGroup, Spanned<i64>)>);

impl<'de> Deserialize<'de> for VolumeTableFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(VolumeTableVisitor)
    }
}

struct VolumeTableVisitor;

impl<'de> Visitor<'de> for VolumeTableVisitor {
    type Value = VolumeTableFile;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a [sound.volume] table of volumes in percent")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut volumes = Vec::new();
        while let Some(GroupKey(group)) = map.next_key()? {
            volumes.push((group, map.next_value()?));
        }
        Ok(VolumeTableFile(volumes))
    }
}

/// A key of `[sound.volume]`: a group's name.
struct GroupKey(SoundGroup);

impl<'de> Deserialize<'de> for GroupKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(GroupKeyVisitor)
    }
}

struct GroupKeyVisitor;

impl Visitor<'_> for GroupKeyVisitor {
    type Value = GroupKey;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key of [sound.volume]")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<GroupKey, E> {
        SoundGroup::from_name(name)
            .map(GroupKey)
            .ok_or_else(|| E::unknown_field(name, &VOLUME_KEYS))
    }
}

/// A key of `[sound]`. An unknown one is refused as the key is read, so the message points
/// at the key itself.
#[derive(Clone, Copy)]
enum SoundKey {
    Bells,
    Breath,
    Voice,
    Counts,
    File(SoundKind),
    Ambient,
    Volume,
}

impl<'de> Deserialize<'de> for SoundKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(SoundKeyVisitor)
    }
}

struct SoundKeyVisitor;

impl Visitor<'_> for SoundKeyVisitor {
    type Value = SoundKey;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key of [sound]")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<SoundKey, E> {
        let switch = SWITCHES.iter().find(|(_, known, _)| *known == name);
        switch
            .map(|(key, _, _)| *key)
            .or_else(|| SoundKind::from_name(name).map(SoundKey::File))
            .or_else(|| (name == AMBIENT_KEY).then_some(SoundKey::Ambient))
            .or_else(|| (name == VOLUME_KEY).then_some(SoundKey::Volume))
            .ok_or_else(|| E::unknown_field(name, &SOUND_KEYS))
    }
}

impl JsonSchema for RoutineSoundFile {
    fn schema_name() -> Cow<'static, str> {
        "RoutineSoundFile".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut properties = serde_json::Map::new();
        for (_, name, description) in SWITCHES {
            let property = json!({"description": description, "type": ["boolean", "null"]});
            properties.insert(name.to_owned(), property);
        }
        for sound in &SOUNDS {
            let description = format!(
                "A sound file for {} (formats: {}).",
                sound.plays,
                crate::sinks::sound::sounds::READABLE_FORMATS
            );
            let property = json!({"description": description, "type": ["string", "null"]});
            properties.insert(sound.name.to_owned(), property);
        }
        let ambient = json!({
            "description": "A sound under the whole session, looped, softer under the words: \"noise\" for the built-in soft noise, or a sound file. None unless named.",
            "type": ["string", "null"],
        });
        properties.insert(AMBIENT_KEY.to_owned(), ambient);
        let mut volumes = serde_json::Map::new();
        for group in &GROUPS {
            let description = format!(
                "The volume of {}, in percent of its own place in the mix (100).",
                group.holds
            );
            let property = json!({
                "description": description,
                "type": "integer",
                "minimum": 0,
                "maximum": super::sound_kinds::MAX_VOLUME_PERCENT,
            });
            volumes.insert(group.name.to_owned(), property);
        }
        let volume = json!({
            "description": "`[sound.volume]`: the volume of each group of sounds, in percent of its own place in the mix: the voice clearest, the bells and breath tones a little under it.",
            "type": ["object", "null"],
            "properties": volumes,
            "additionalProperties": false,
        });
        properties.insert(VOLUME_KEY.to_owned(), volume);
        json_schema!({
            "description": "`[sound]`: which cues sound in the whole routine (all do unless turned off), sound\nfiles to play instead of the built-in ones, named relative to the routine's own folder,\nan ambient sound, and the volume of each group of sounds.",
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        })
    }
}

/// `[steps.sound]`: which cues sound in one step, and a recording of its instructions.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct StepSoundFile {
    /// Bells in this step.
    pub bells: Option<bool>,
    /// Breath tones in this step.
    pub breath: Option<bool>,
    /// Spoken instructions in this step.
    pub voice: Option<bool>,
    /// Counted first breaths in this step.
    pub counts: Option<bool>,
    /// A recording of the instructions (WAV, FLAC, MP3, Ogg Vorbis or M4A), played instead of
    /// speech.
    #[schemars(with = "Option<String>")]
    pub recording: Option<Spanned<String>>,
}
