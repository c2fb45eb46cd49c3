//! Properties of the planner over many generated routines: the timeline covers the chosen
//! length exactly (or ends on a whole breath just before it), flexible steps absorb the
//! difference within their bounds, cues are sorted and in their segment, and breath-paced
//! segments hold whole breaths, ending on the last one.

use proptest::prelude::*;
use psoas_timer::plan::{
    CueKind, PlanError, PlanOptions, Role, Timeline, breath_phases, nth_breath, plan,
};
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

fn breath() -> impl Strategy<Value = Breath> {
    (pattern(), proptest::option::of(1..=10u64)).prop_map(|(from, exhale_to)| {
        let mut to = from;
        if let Some(seconds) = exhale_to {
            to.exhale_ms = seconds * 1000;
        }
        Breath { from, to }
    })
}

fn flex() -> impl Strategy<Value = Flex> {
    (0..=120u64, proptest::option::of(1..=600u64), 1..=3u32).prop_map(|(min_s, room_s, weight)| {
        Flex {
            min_ms: min_s * 1000,
            max_ms: room_s.map(|room| (min_s + room) * 1000),
            weight,
        }
    })
}

fn step(flexible_allowed: bool) -> impl Strategy<Value = Step> {
    let kind = if flexible_allowed { 0..3u8 } else { 0..2u8 };
    (
        kind,
        30_000..=600_000u64,
        1..=12u32,
        flex(),
        proptest::option::of(breath()),
        proptest::option::of(1_000..=300_000u64),
    )
        .prop_flat_map(|(kind, ms, count, flex, breath, bell_every_ms)| {
            let duration = match (kind, breath) {
                (1, Some(_)) => StepDuration::Breaths { count },
                // A paced flexible step always has room for a breath or two.
                (2, Some(_)) => StepDuration::Flexible(Flex {
                    min_ms: flex.min_ms.max(30_000),
                    max_ms: flex.max_ms.map(|max| max.max(30_000)),
                    ..flex
                }),
                (2, None) => StepDuration::Flexible(flex),
                _ => StepDuration::Fixed { ms },
            };
            let sides = proptest::option::of((any::<bool>(), 1..=30_000u64).prop_map(
                |(right, switch_ms)| Sides {
                    first: if right { Side::Right } else { Side::Left },
                    switch_ms,
                    switch_text: None,
                    second_text: None,
                },
            ));
            (
                Just(duration),
                Just(breath),
                Just(bell_every_ms),
                sides,
                proptest::option::of(1..=120_000u64),
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

fn block() -> impl Strategy<Value = Step> {
    (
        proptest::collection::vec(step(false), 1..3),
        1..=3u32,
        proptest::option::of(1..=60_000u64),
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

/// A routine with at least one flexible step and a length range starting where its set
/// steps and minimums end, and a length inside that range.
fn adjustable() -> impl Strategy<Value = (Routine, u64)> {
    let item = prop_oneof![4 => step(true), 1 => block()];
    (
        proptest::collection::vec(item, 0..7),
        step(true),
        0..8usize,
        0..=3_600_000u64,
        0..=3_600_000u64,
    )
        .prop_map(|(mut steps, mut flexible, at, spare_min, spare)| {
            flexible.duration = StepDuration::Flexible(Flex::default());
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
            let min_ms = needed + spare_min;
            generated.length = Some(LengthRange {
                default_ms: min_ms,
                min_ms,
                max_ms: min_ms + spare,
            });
            (generated, min_ms + spare / 2)
        })
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
/// end exactly as their last breath ends.
fn assert_whole_breaths(timeline: &Timeline, routine: &Routine) {
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
        assert_eq!(
            end_ms, segment.end_ms,
            "a paced segment ends on a whole breath"
        );
    }
}

/// The breath cues `count` breaths from `start_ms` should have, and when the last one ends.
fn expected_breaths(breath: &Breath, start_ms: u64, count: u64) -> (Vec<(u64, CueKind)>, u64) {
    let mut at = start_ms;
    let mut cues = Vec::new();
    for n in 0..count {
        for (phase, ms) in breath_phases(&nth_breath(breath, n, count)) {
            cues.push((
                at,
                CueKind::Breath {
                    phase,
                    duration_ms: ms,
                },
            ));
            at += ms;
        }
    }
    (cues, at)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn set_routines_last_the_sum_of_their_steps(steps in proptest::collection::vec(prop_oneof![step(false), block()], 1..8)) {
        let routine = routine(steps, None);
        let timeline = plan(&routine, PlanOptions::default()).unwrap();
        assert_well_formed(&timeline);
        assert_whole_breaths(&timeline, &routine);
    }

    #[test]
    fn flexible_steps_absorb_the_chosen_length((routine, length_ms) in adjustable()) {
        let timeline = match plan(&routine, PlanOptions { length_ms: Some(length_ms), breath: None }) {
            Err(PlanError::CannotFill { .. }) => return Ok(()),
            other => other.unwrap(),
        };
        assert_well_formed(&timeline);
        assert_whole_breaths(&timeline, &routine);
        prop_assert!(timeline.total_ms <= length_ms);
        // The generated routine always has an unbounded, unpaced flexible step, so the
        // session fills the chosen length exactly.
        let unpaced_open = routine.steps.iter().any(|s| s.breath.is_none() && matches!(s.duration, StepDuration::Flexible(f) if f.max_ms.is_none()));
        if unpaced_open {
            prop_assert_eq!(timeline.total_ms, length_ms);
        }
        for segment in timeline.segments.iter().filter(|s| s.role == Role::Step) {
            if let StepDuration::Flexible(flex) = routine.steps[segment.step].duration {
                // A paced step is cut to whole breaths: up to one breath under its minimum.
                let slack = routine.steps[segment.step].breath.map_or(0, |b| b.from.cycle_ms().max(b.to.cycle_ms()));
                prop_assert!(segment.len_ms() + slack >= flex.min_ms.max(1_000));
                prop_assert!(flex.max_ms.is_none_or(|max| segment.len_ms() <= max), "{segment:?} over {flex:?}");
            }
        }
    }

    #[test]
    fn lengths_outside_the_range_are_refused((routine, _) in adjustable(), below in 1..1_000u64) {
        let range = routine.length.unwrap();
        let too_short = PlanOptions { length_ms: Some(range.min_ms.saturating_sub(below)), breath: None };
        let refused = matches!(plan(&routine, too_short), Err(PlanError::LengthOutOfRange { .. }));
        prop_assert!(refused);
        let too_long = PlanOptions { length_ms: Some(range.max_ms + below), breath: None };
        let refused = matches!(plan(&routine, too_long), Err(PlanError::LengthOutOfRange { .. }));
        prop_assert!(refused);
    }
}
