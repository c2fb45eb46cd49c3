//! Properties of the planner over many generated routines: the timeline covers the chosen
//! length exactly, flexible steps absorb the difference within their bounds, in whole
//! seconds (and whole multiples where a step asks for them) whenever the length and the
//! set steps are whole seconds, cues are sorted and in their segment, and breath-paced
//! segments hold whole breaths, each phase where the breath puts it.

use proptest::prelude::*;
use psoas_timer::plan::{BREATH_PHASES, CueKind, PlanError, PlanOptions, Role, Timeline, plan};
use psoas_timer::routine::{
    Breath, BreathPattern, Flex, LengthRange, Rebound, Routine, RoutineSound, Side, Sides, Step,
    StepDuration, StepSound,
};

fn pattern() -> impl Strategy<Value = BreathPattern> {
    (
        1..=8u64,
        prop_oneof![Just(0u64), 1..=7u64],
        1..=10u64,
        prop_oneof![Just(0u64), 1..=4u64],
    )
        .prop_map(|(a, b, c, d)| {
            BreathPattern::from_array([a * 1000, b * 1000, c * 1000, d * 1000])
        })
}

/// How fine the generated durations are: any millisecond, or whole seconds only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grain {
    Millisecond,
    Second,
}

impl Grain {
    /// `ms` made as fine as this grain allows.
    fn of(self, ms: u64) -> u64 {
        match self {
            Self::Millisecond => ms,
            Self::Second => ms.div_ceil(1000).max(1) * 1000,
        }
    }
}

/// A breath whose exhale may change across its step.
fn breath() -> impl Strategy<Value = Breath> {
    (pattern(), proptest::option::of(1..=10u64)).prop_map(|(from, exhale_to)| {
        let mut to = from;
        if let Some(seconds) = exhale_to {
            to.exhale_ms = seconds * 1000;
        }
        Breath { from, to }
    })
}

/// A count of breaths that lasts whole seconds in `grain`: a breath that changes from a
/// 10 s cycle to an 11 s one takes 10.5 s on average, so in whole seconds it is counted
/// in pairs.
fn breaths(count: u32, breath: &Breath, grain: Grain) -> u32 {
    let cycles = (breath.from.cycle_ms() + breath.to.cycle_ms()) / 1000;
    if grain == Grain::Second && cycles % 2 == 1 && count % 2 == 1 {
        count + 1
    } else {
        count
    }
}

/// A flexible step's bounds; some ask for whole multiples of a few seconds or a minute,
/// with a multiple always between their `min` and `max`, as validation requires.
fn flex() -> impl Strategy<Value = Flex> {
    (
        0..=120u64,
        proptest::option::of(1..=600u64),
        1..=3u32,
        prop_oneof![2 => Just(None), 1 => Just(Some(60_000u64)), 1 => (2..=30u64).prop_map(|s| Some(s * 1000))],
    )
        .prop_map(|(min_s, room_s, weight, multiple_of_ms)| {
            let flex = Flex {
                min_ms: min_s * 1000,
                max_ms: None,
                weight,
                multiple_of_ms,
            };
            let max_ms = room_s.map(|room| match multiple_of_ms {
                Some(unit) => flex.least_ms() + (room % 10) * unit + room % 7 * 1000,
                None => (min_s + room) * 1000,
            });
            Flex { max_ms, ..flex }
        })
}

fn step(flexible_allowed: bool, grain: Grain) -> impl Strategy<Value = Step> {
    let kind = if flexible_allowed { 0..3u8 } else { 0..2u8 };
    (
        kind,
        30_000..=600_000u64,
        1..=12u32,
        flex(),
        proptest::option::of(breath()),
        proptest::option::of(1_000..=300_000u64),
    )
        .prop_flat_map(move |(kind, ms, count, flex, breath, bell_every_ms)| {
            let duration = match (kind, breath) {
                (1, Some(paced)) => StepDuration::Breaths {
                    count: breaths(count, &paced, grain),
                },
                // A paced flexible step always has room for a breath or two, and no
                // multiple: it ends on a whole breath.
                (2, Some(_)) => StepDuration::Flexible(Flex {
                    min_ms: flex.min_ms.max(30_000),
                    max_ms: flex.max_ms.map(|max| max.max(30_000)),
                    multiple_of_ms: None,
                    ..flex
                }),
                (2, None) => StepDuration::Flexible(flex),
                _ => StepDuration::Fixed { ms: grain.of(ms) },
            };
            let sides = proptest::option::of((any::<bool>(), 1..=30_000u64).prop_map(
                move |(right, switch_ms)| Sides {
                    first: if right { Side::Right } else { Side::Left },
                    switch_ms: grain.of(switch_ms),
                    switch_text: None,
                    second_text: None,
                },
            ));
            (
                Just(duration),
                Just(breath),
                Just(bell_every_ms),
                sides,
                proptest::option::of((1..=120_000u64).prop_map(move |ms| grain.of(ms))),
                proptest::option::of(1..=90_000u64),
                any::<bool>(),
            )
        })
        .prop_map(
            |(duration, breath, bell_every_ms, sides, rebound_ms, time_left_ms, ending)| Step {
                title: "step".into(),
                text: String::new(),
                duration,
                breath,
                bell_every_ms,
                sides,
                rebound: rebound_ms.map(rebound),
                ending: ending.then(|| "Come out of the pose slowly.".to_owned()),
                time_left_ms,
                sound: StepSound::default(),
            },
        )
}

fn block(grain: Grain) -> impl Strategy<Value = Step> {
    (
        proptest::collection::vec(step(false, grain), 1..3),
        1..=3u32,
        proptest::option::of((1..=60_000u64).prop_map(move |ms| grain.of(ms))),
    )
        .prop_map(|(steps, rounds, rebound_ms)| Step {
            title: "block".into(),
            text: String::new(),
            duration: StepDuration::Rounds { rounds, steps },
            breath: None,
            bell_every_ms: None,
            sides: None,
            rebound: rebound_ms.map(rebound),
            ending: None,
            time_left_ms: None,
            sound: StepSound::default(),
        })
}

fn rebound(ms: u64) -> Rebound {
    Rebound {
        ms,
        title: None,
        text: None,
    }
}

fn routine(steps: Vec<Step>, length: Option<LengthRange>) -> Routine {
    Routine {
        id: "generated".into(),
        name: "Generated".into(),
        summary: String::new(),
        source: None,
        props: Vec::new(),
        safety: None,
        language: None,
        length,
        steps,
        sound: RoutineSound::default(),
        time_left_ms: None,
    }
}

/// The flexible step every generated adjustable routine has, so that it can be filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Taker {
    /// Unpaced, unbounded and without a multiple: it can take any remainder.
    Open,
    /// Whatever the generator made flexible: bounded, or in whole multiples.
    Any,
}

/// A routine with at least one flexible step and a length range starting where its set
/// steps and minimums end, and a length somewhere inside that range (whole seconds when
/// `grain` is).
fn adjustable(grain: Grain, taker: Taker) -> impl Strategy<Value = (Routine, u64)> {
    let item = prop_oneof![4 => step(true, grain), 1 => block(grain)];
    (
        proptest::collection::vec(item, 0..7),
        step(true, grain),
        flex(),
        0..8usize,
        0..=3_600_000u64,
        0..=3_600_000u64,
        0..=100u64,
    )
        .prop_map(
            move |(mut steps, mut flexible, bounds, at, spare_min, spare, percent)| {
                flexible.duration = StepDuration::Flexible(match taker {
                    Taker::Open => Flex::default(),
                    Taker::Any => bounds,
                });
                flexible.breath = None;
                steps.insert(at.min(steps.len()), flexible);
                let mut generated = routine(
                    steps,
                    Some(LengthRange {
                        default_ms: 1,
                        min_ms: 1,
                        max_ms: u64::MAX,
                    }),
                );
                let needed = match plan(
                    &generated,
                    PlanOptions {
                        length_ms: Some(1),
                        breath: None,
                    },
                ) {
                    Err(PlanError::DoesNotFit { needed_ms, .. }) => needed_ms,
                    _ => 1,
                };
                let (spare_min, spare) = match grain {
                    Grain::Millisecond => (spare_min, spare),
                    Grain::Second => (spare_min / 1000 * 1000, spare / 1000 * 1000),
                };
                let min_ms = needed + spare_min;
                generated.length = Some(LengthRange {
                    default_ms: min_ms,
                    min_ms,
                    max_ms: min_ms + spare,
                });
                let into = spare * percent / 100;
                let into = if grain == Grain::Second {
                    into / 1000 * 1000
                } else {
                    into
                };
                (generated, min_ms + into)
            },
        )
}

fn assert_well_formed(timeline: &Timeline) {
    let mut start = 0;
    for segment in &timeline.segments {
        assert_eq!(segment.start_ms, start, "segments are contiguous");
        assert!(
            segment.end_ms > segment.start_ms,
            "no segment is empty: {segment:?}"
        );
        start = segment.end_ms;
    }
    assert_eq!(
        start, timeline.total_ms,
        "segments cover the session exactly"
    );
    assert!(
        timeline.cues.windows(2).all(|w| w[0].at_ms <= w[1].at_ms),
        "cues are sorted"
    );
    for cue in &timeline.cues {
        let segment = &timeline.segments[cue.segment];
        assert!(
            (segment.start_ms..segment.end_ms).contains(&cue.at_ms),
            "cue {cue:?} outside {segment:?}"
        );
    }
    for index in 0..timeline.segments.len() {
        let starts = timeline
            .cues
            .iter()
            .filter(|c| c.segment == index && c.kind == CueKind::StepStart)
            .count();
        assert_eq!(starts, 1, "each segment starts once");
    }
}

/// Paced segments hold whole breaths, each phase where the breath's pattern puts it, and
/// end as their last breath ends; a flexible one may go on quietly after it (by less than
/// the two breaths its cut may free) when `tails` allows, that is, when no unpaced
/// flexible step had room for what the cut freed.
fn assert_whole_breaths(timeline: &Timeline, routine: &Routine, tails: bool) {
    let paced: Vec<Breath> = routine.all_steps().filter_map(|s| s.breath).collect();
    for (index, segment) in timeline
        .segments
        .iter()
        .enumerate()
        .filter(|(_, s)| s.breaths > 0)
    {
        let cues: Vec<_> = timeline
            .cues
            .iter()
            .filter(|c| c.segment == index && matches!(c.kind, CueKind::Breath { .. }))
            .map(|c| (c.at_ms, c.kind))
            .collect();
        let breath = segment.breath.expect("a paced segment knows its breath");
        assert!(
            paced.contains(&breath),
            "the segment's breath is its step's"
        );
        let (expected, end_ms) = expected_breaths(&breath, segment.start_ms, segment.breaths);
        assert_eq!(
            cues, expected,
            "the breath cues of {segment:?} follow the step's breath"
        );
        let flexible = matches!(
            routine.steps[segment.step].duration,
            StepDuration::Flexible(_)
        );
        let longest = breath.from.cycle_ms().max(breath.to.cycle_ms());
        if tails && flexible {
            assert!(
                end_ms <= segment.end_ms && segment.end_ms - end_ms < 2 * longest,
                "a paced segment ends on a whole breath, or quietly soon after: {segment:?}"
            );
        } else {
            assert_eq!(
                end_ms, segment.end_ms,
                "a paced segment ends on a whole breath"
            );
        }
    }
}

/// The breath cues `count` breaths from `start_ms` should have, and when the last one ends:
/// each phase moves evenly from the first breath to the last, and begins at the exact sum
/// of the phases before it, rounded down to the millisecond.
fn expected_breaths(breath: &Breath, start_ms: u64, count: u64) -> (Vec<(u64, CueKind)>, u64) {
    let from = breath.from.as_array().map(i128::from);
    let to = breath.to.as_array().map(i128::from);
    // Every moment, times twice the breaths between the first and the last.
    let steps = i128::from(count.saturating_sub(1).max(1));
    let scale = 2 * steps;
    let phase = |k: i128, p: usize| 2 * (from[p] * steps + (to[p] - from[p]) * k);
    let (first, last): (i128, i128) = (from.iter().sum(), to.iter().sum());
    let at = |scaled: i128| start_ms + u64::try_from(scaled / scale).unwrap();
    let mut cues = Vec::new();
    let mut end_ms = start_ms;
    for k in 0..i128::from(count) {
        // The breaths before breath k: k first breaths, and the change k(k-1)/2 times.
        let mut scaled = scale * k * first + (last - first) * k * (k - 1);
        for (p, kind) in BREATH_PHASES.into_iter().enumerate() {
            let length = phase(k, p);
            if length == 0 {
                continue;
            }
            let begins = at(scaled);
            scaled += length;
            end_ms = at(scaled);
            cues.push((
                begins,
                CueKind::Breath {
                    phase: kind,
                    duration_ms: end_ms - begins,
                },
            ));
        }
    }
    (cues, end_ms)
}

/// The flexible segments of `timeline` with the bounds of their step.
fn flexible_segments<'a>(
    timeline: &'a Timeline,
    routine: &'a Routine,
) -> impl Iterator<Item = (&'a psoas_timer::plan::Segment, Flex)> {
    timeline
        .segments
        .iter()
        .filter(|s| s.role == Role::Step)
        .filter_map(|s| match routine.steps[s.step].duration {
            StepDuration::Flexible(flex) => Some((s, flex)),
            _ => None,
        })
}

/// Every segment begins and ends on a whole second.
fn assert_whole_seconds(timeline: &Timeline) {
    for segment in &timeline.segments {
        assert!(
            segment.start_ms % 1000 == 0 && segment.end_ms % 1000 == 0,
            "{segment:?} is not whole seconds"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn set_routines_last_the_sum_of_their_steps(steps in proptest::collection::vec(prop_oneof![step(false, Grain::Millisecond), block(Grain::Millisecond)], 1..8)) {
        let routine = routine(steps, None);
        let timeline = plan(&routine, PlanOptions::default()).unwrap();
        assert_well_formed(&timeline);
        assert_whole_breaths(&timeline, &routine, false);
    }

    #[test]
    fn flexible_steps_absorb_the_chosen_length((routine, length_ms) in adjustable(Grain::Millisecond, Taker::Open)) {
        let timeline = plan(&routine, PlanOptions { length_ms: Some(length_ms), breath: None }).unwrap();
        assert_well_formed(&timeline);
        assert_whole_breaths(&timeline, &routine, false);
        prop_assert_eq!(timeline.total_ms, length_ms);
        for (segment, flex) in flexible_segments(&timeline, &routine) {
            // A paced step is cut to whole breaths: up to two breaths under its minimum
            // (one more where that ends it on a whole second).
            let slack = routine.steps[segment.step].breath.map_or(0, |b| 2 * b.from.cycle_ms().max(b.to.cycle_ms()));
            prop_assert!(segment.len_ms() + slack >= flex.min_ms.max(1_000));
            prop_assert!(flex.max_ms.is_none_or(|max| segment.len_ms() <= max), "{segment:?} over {flex:?}");
        }
    }

    /// With whole seconds in, every step starts on a whole second and the flexible steps
    /// last whole multiples where they ask for them, at any length the routine allows.
    #[test]
    fn whole_seconds_in_give_whole_seconds_out((routine, length_ms) in adjustable(Grain::Second, Taker::Open)) {
        prop_assume!(length_ms % 1000 == 0);
        let timeline = plan(&routine, PlanOptions { length_ms: Some(length_ms), breath: None }).unwrap();
        assert_well_formed(&timeline);
        prop_assert_eq!(timeline.total_ms, length_ms);
        assert_whole_seconds(&timeline);
        for (segment, flex) in flexible_segments(&timeline, &routine) {
            if let Some(unit) = flex.multiple_of_ms {
                prop_assert_eq!(segment.len_ms() % unit, 0, "{:?} is not a multiple of {}", segment, unit);
            }
            prop_assert!(flex.max_ms.is_none_or(|max| segment.len_ms() <= max), "{segment:?} over {flex:?}");
        }
    }

    /// Without a step that can take any remainder, the session still lasts exactly its
    /// length, in whole seconds, whenever it can be filled at all: the remainder goes to
    /// whole multiples, then to the last flexible step with room, and what a cut to whole
    /// breaths frees stays after the last breath.
    #[test]
    fn every_length_is_met_exactly((routine, length_ms) in adjustable(Grain::Second, Taker::Any)) {
        let timeline = match plan(&routine, PlanOptions { length_ms: Some(length_ms), breath: None }) {
            Err(PlanError::CannotFill { .. }) => {
                // Only bounded steps leave a session unfilled: one without a `max` takes
                // what is left, if need be outside its multiple.
                let bounded = routine.steps.iter().all(|s| !matches!(s.duration, StepDuration::Flexible(f) if f.max_ms.is_none()));
                prop_assert!(bounded, "an unbounded step could have filled it");
                return Ok(());
            }
            other => other.unwrap(),
        };
        assert_well_formed(&timeline);
        assert_whole_breaths(&timeline, &routine, true);
        prop_assert_eq!(timeline.total_ms, length_ms);
        assert_whole_seconds(&timeline);
        for (segment, flex) in flexible_segments(&timeline, &routine) {
            prop_assert!(flex.max_ms.is_none_or(|max| segment.len_ms() <= max), "{segment:?} over {flex:?}");
        }
    }

    #[test]
    fn lengths_outside_the_range_are_refused((routine, _) in adjustable(Grain::Millisecond, Taker::Open), below in 1..1_000u64) {
        let range = routine.length.unwrap();
        let too_short = PlanOptions { length_ms: Some(range.min_ms.saturating_sub(below)), breath: None };
        let refused = matches!(plan(&routine, too_short), Err(PlanError::LengthOutOfRange { .. }));
        prop_assert!(refused);
        let too_long = PlanOptions { length_ms: Some(range.max_ms + below), breath: None };
        let refused = matches!(plan(&routine, too_long), Err(PlanError::LengthOutOfRange { .. }));
        prop_assert!(refused);
    }
}
