//! Unfolding a routine's structure into the plain sequence of parts a session walks:
//! blocks become their rounds, one-sided poses become a hold on each side with a switch
//! between, and a rebound rest follows its pose. Each part takes the sound of the step it
//! comes from (a step in a block, what the block says where the step says nothing), and
//! a step's recording is played where the step begins: on its first side, in each round.

use serde::Serialize;

use crate::routine::{Breath, Flex, Routine, Side, Step, StepDuration, StepSound};

/// What a part of the session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A step as the routine gives it.
    Step,
    /// Changing from one side to the other.
    Switch,
    /// Resting in neutral after a pose.
    Rebound,
}

/// How long a part lasts, before the session length is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Extent {
    /// A set time.
    Fixed(u64),
    /// A number of breaths.
    Breaths(u64),
    /// A share of the spare time.
    Flexible(Flex),
    /// Its words, then a wait of at most `max_ms` that is not in the timeline.
    Ready { max_ms: u64 },
}

/// One part of the session, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Part {
    /// The index of the routine step (or block) it comes from.
    pub step: usize,
    /// What it is for.
    pub role: Role,
    /// Its title, with side and round where they apply.
    pub title: String,
    /// Its instructions.
    pub text: String,
    /// How long it lasts.
    pub extent: Extent,
    /// A paced breath, if any.
    pub breath: Option<Breath>,
    /// A soft bell at this interval, if any.
    pub bell_every_ms: Option<u64>,
    /// The side, for a one-sided pose (for a switch, the side coming next).
    pub side: Option<Side>,
    /// The way out, said shortly before the part ends.
    pub ending: Option<String>,
    /// A spoken "one minute left" this long before the end, if any.
    pub time_left_ms: Option<u64>,
    /// Which cues sound in it, and the recording played at its start, if any.
    pub sound: StepSound,
}

/// Words for the parts the format adds around a pose, when the routine has none of its own.
const SWITCH_TEXT: &str = "In your own time, change to the {side} side.";
const REBOUND_TITLE: &str = "Rebound";
const REBOUND_TEXT: &str =
    "Rest in a neutral position that is easy for you, and notice what has changed.";
/// The routine's "one minute left" reaches only holds at least this many times as long.
const TIME_LEFT_IN_HOLDS_OF: u64 = 3;

/// The routine's parts in order, with `breath` (when given) pacing every paced step instead.
#[must_use]
pub(super) fn parts(routine: &Routine, breath: Option<Breath>) -> Vec<Part> {
    let mut parts = Vec::new();
    for (index, step) in routine.steps.iter().enumerate() {
        if let StepDuration::Rounds { rounds, steps } = &step.duration {
            push_block(&mut parts, index, step, *rounds, steps, breath);
        } else {
            let sound = step.sound.clone();
            push_step(&mut parts, index, step, step.title.clone(), breath, sound);
        }
    }
    if let Some(left_ms) = routine.time_left_ms {
        for part in parts
            .iter_mut()
            .filter(|p| p.role == Role::Step && p.time_left_ms.is_none())
        {
            part.time_left_ms = Some(left_ms).filter(|_| match part.extent {
                Extent::Fixed(ms) => ms >= TIME_LEFT_IN_HOLDS_OF * left_ms,
                Extent::Flexible(flex) => flex
                    .max_ms
                    .is_none_or(|max| max >= TIME_LEFT_IN_HOLDS_OF * left_ms),
                Extent::Breaths(_) | Extent::Ready { .. } => false,
            });
        }
    }
    parts
}

/// How many parts [`parts`] would make, counted without making them: a file of a
/// megabyte can ask for millions (a block of thousands of steps in a hundred rounds), and
/// each part holds its step's words.
#[must_use]
pub(super) fn count(routine: &Routine) -> u64 {
    fn of_step(step: &Step) -> u64 {
        let own = match &step.duration {
            StepDuration::Rounds { rounds, steps } => {
                u64::from(*rounds).saturating_mul(steps.iter().map(of_step).sum())
            }
            // A pose on each side is its first side, the switch and its second side.
            _ if step.sides.is_some() => 3,
            _ => 1,
        };
        own.saturating_add(u64::from(step.rebound.is_some()))
    }
    routine
        .steps
        .iter()
        .map(of_step)
        .fold(0, u64::saturating_add)
}

/// A block's rounds of its steps, then its rebound.
fn push_block(
    parts: &mut Vec<Part>,
    index: usize,
    block: &Step,
    rounds: u32,
    steps: &[Step],
    breath: Option<Breath>,
) {
    // The block's own recording, if it has one, is played where the block begins (unless
    // its first step has a recording of its own), and nowhere else.
    let mut block_sound = block.sound.clone();
    for round in 1..=rounds {
        for inner in steps {
            let title = format!("{}, round {round} of {rounds}", inner.title);
            let sound = inner.sound.within(&block_sound);
            block_sound = block_sound.without_recording();
            push_step(parts, index, inner, title, breath, sound);
        }
    }
    push_rebound(parts, index, block, block_sound);
}

fn push_step(
    parts: &mut Vec<Part>,
    index: usize,
    step: &Step,
    title: String,
    breath: Option<Breath>,
    sound: StepSound,
) {
    let extent = match step.duration {
        StepDuration::Fixed { ms } => Extent::Fixed(ms),
        StepDuration::Breaths { count } => Extent::Breaths(u64::from(count)),
        StepDuration::Flexible(flex) => Extent::Flexible(flex),
        StepDuration::UntilReady { max_ms } => Extent::Ready { max_ms },
        StepDuration::Rounds { .. } => return,
    };
    let part = Part {
        step: index,
        role: Role::Step,
        title,
        text: step.text.clone(),
        extent,
        breath: step.breath.map(|own| breath.unwrap_or(own)),
        bell_every_ms: step.bell_every_ms,
        side: None,
        ending: step.ending.clone(),
        time_left_ms: step.time_left_ms,
        sound,
    };
    // Only the part where the step begins plays its recording.
    let rest = part.sound.without_recording();
    match &step.sides {
        None => parts.push(part),
        Some(sides) => {
            let first = sides.first;
            let second = first.other();
            parts.push(Part {
                title: format!("{}, {} side", part.title, first.name()),
                side: Some(first),
                ..part.clone()
            });
            let switch_text = sides.switch_text.as_deref().unwrap_or(SWITCH_TEXT);
            parts.push(Part {
                side: Some(second),
                ..fixed(
                    index,
                    rest.clone(),
                    Role::Switch,
                    "Switch sides",
                    switch_text,
                    sides.switch_ms,
                )
            });
            parts.push(Part {
                title: format!("{}, {} side", part.title, second.name()),
                side: Some(second),
                text: sides.second_text.clone().unwrap_or(part.text.clone()),
                sound: rest.clone(),
                ..part
            });
        }
    }
    push_rebound(parts, index, step, rest);
}

fn push_rebound(parts: &mut Vec<Part>, index: usize, step: &Step, sound: StepSound) {
    if let Some(rebound) = &step.rebound {
        let title = rebound.title.as_deref().unwrap_or(REBOUND_TITLE);
        let text = rebound.text.as_deref().unwrap_or(REBOUND_TEXT);
        parts.push(fixed(index, sound, Role::Rebound, title, text, rebound.ms));
    }
}

/// A part of a set time, of `step` and with its sound, that the format adds.
fn fixed(step: usize, sound: StepSound, role: Role, title: &str, text: &str, ms: u64) -> Part {
    Part {
        step,
        role,
        title: title.to_owned(),
        text: text.to_owned(),
        extent: Extent::Fixed(ms),
        breath: None,
        bell_every_ms: None,
        side: None,
        ending: None,
        time_left_ms: None,
        sound,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::routine::{CueSwitches, parse};

    /// Each part's title and the recording it plays, and whether its voice sounds.
    fn sounds(text: &str) -> Vec<(String, Option<PathBuf>, bool)> {
        let routine = parse("r.toml", "r", text).unwrap();
        parts(&routine, None)
            .into_iter()
            .map(|p| {
                let voice = p.sound.cues(CueSwitches::default()).voice;
                (p.title, p.sound.recording, voice)
            })
            .collect()
    }

    fn part(title: &str, recording: Option<&str>, voice: bool) -> (String, Option<PathBuf>, bool) {
        (title.to_owned(), recording.map(PathBuf::from), voice)
    }

    #[test]
    fn parts_are_counted_as_they_are_made() {
        let block = "version = 1\nname = \"R\"\n[[steps]]\ntitle = \"B\"\nrounds = 3\n\
            rebound = \"30s\"\n[[steps.block]]\ntitle = \"Lunge\"\nduration = \"1m\"\n\
            each_side = true\nrebound = \"10s\"\n[[steps.block]]\ntitle = \"Rest\"\n\
            duration = \"1m\"\n";
        let routine = parse("r.toml", "r", block).unwrap();
        // Three rounds of a sided pose with its rebound (4 parts) and a rest, then the rebound.
        assert_eq!(count(&routine), 3 * 5 + 1);
        assert_eq!(count(&routine), parts(&routine, None).len() as u64);
        for builtin in crate::routine::library::BUILTINS {
            let routine = crate::routine::library::load(builtin.id, None)
                .unwrap()
                .routine;
            assert_eq!(
                count(&routine),
                parts(&routine, None).len() as u64,
                "{}",
                builtin.id
            );
        }
    }

    #[test]
    fn a_recording_plays_where_its_step_begins_and_nowhere_else() {
        let sided = "version = 1\nname = \"R\"\n[[steps]]\ntitle = \"Lunge\"\n\
            duration = \"1m\"\neach_side = true\nrebound = \"30s\"\n\
            sound = { recording = \"lunge.wav\" }\n";
        assert_eq!(
            sounds(sided),
            [
                part("Lunge, right side", Some("lunge.wav"), true),
                part("Switch sides", None, true),
                part("Lunge, left side", None, true),
                part("Rebound", None, true),
            ]
        );
    }

    #[test]
    fn a_step_in_a_block_has_its_own_sound_within_the_blocks() {
        // The block is quiet and has a recording of its own; its first step speaks and
        // has none, its second has a recording and says nothing of the voice.
        let block = "version = 1\nname = \"R\"\n[[steps]]\ntitle = \"Rock\"\nrounds = 2\n\
            rebound = \"30s\"\nsound = { voice = false, recording = \"rock.wav\" }\n\
            [[steps.block]]\ntitle = \"Sway\"\nduration = \"30s\"\nsound = { voice = true }\n\
            [[steps.block]]\ntitle = \"Still\"\nduration = \"30s\"\n\
            sound = { recording = \"still.wav\" }\n";
        assert_eq!(
            sounds(block),
            [
                part("Sway, round 1 of 2", Some("rock.wav"), true),
                part("Still, round 1 of 2", Some("still.wav"), false),
                part("Sway, round 2 of 2", None, true),
                part("Still, round 2 of 2", Some("still.wav"), false),
                part("Rebound", None, false),
            ]
        );
    }
}
