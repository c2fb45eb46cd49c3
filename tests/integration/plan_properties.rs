//! Properties of the planner over many generated routines: the timeline covers exactly
//! the chosen length, flexible steps absorb the difference, cues are sorted and in their
//! segment, and breath-paced segments hold whole breaths.

use proptest::prelude::*;
use psoas_timer::plan::{CueKind, PlanOptions, Timeline, breath_phases, plan};
use psoas_timer::routine::{BreathPattern, LengthRange, Routine, Step, StepDuration};

fn breath() -> impl Strategy<Value = BreathPattern> {
    (
        1_000..=8_000u64,
        prop_oneof![Just(0u64), 1_000..=7_000u64],
        1_000..=10_000u64,
        prop_oneof![Just(0u64), 1_000..=4_000u64],
    )
        .prop_map(
            |(inhale_ms, hold_ms, exhale_ms, hold_after_exhale_ms)| BreathPattern {
                inhale_ms,
                hold_ms,
                exhale_ms,
                hold_after_exhale_ms,
            },
        )
}

fn step(flexible: bool) -> impl Strategy<Value = Step> {
    (
        1..=600_000u64,
        proptest::option::of(breath()),
        proptest::option::of(1_000..=300_000u64),
    )
        .prop_map(move |(ms, breath, bell_every_ms)| Step {
            title: "step".into(),
            text: String::new(),
            duration: if flexible {
                StepDuration::Flexible
            } else {
                StepDuration::Fixed { ms }
            },
            breath,
            bell_every_ms,
        })
}

/// A routine with an adjustable length and at least one flexible step, and a length to ask for.
fn adjustable() -> impl Strategy<Value = (Routine, u64)> {
    (
        proptest::collection::vec(any::<bool>().prop_flat_map(step), 1..8),
        step(true),
        0..8usize,
        1..=3_600_000u64,
        0..=3_600_000u64,
    )
        .prop_map(|(mut steps, flexible, at, spare_min, spare)| {
            steps.insert(at.min(steps.len()), flexible);
            let mut routine = routine(steps);
            let min_ms = routine.fixed_ms() + spare_min;
            routine.length = Some(LengthRange {
                default_ms: min_ms,
                min_ms,
                max_ms: min_ms + spare,
            });
            (routine, min_ms + spare / 2)
        })
}

fn routine(steps: Vec<Step>) -> Routine {
    Routine {
        id: "generated".into(),
        name: "Generated".into(),
        summary: String::new(),
        source: None,
        props: Vec::new(),
        safety: None,
        length: None,
        steps,
    }
}

fn assert_well_formed(timeline: &Timeline) {
    let mut start = 0;
    for segment in &timeline.segments {
        assert_eq!(segment.start_ms, start, "segments are contiguous");
        assert!(segment.end_ms > segment.start_ms, "no segment is empty");
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
    for (index, segment) in timeline.segments.iter().enumerate() {
        let starts = timeline
            .cues
            .iter()
            .filter(|c| c.segment == index && c.kind == CueKind::StepStart)
            .count();
        assert_eq!(starts, 1, "each segment starts once");
        if let Some(pattern) = segment.breath {
            assert_whole_breaths(timeline, index, &pattern);
        }
    }
}

fn assert_whole_breaths(timeline: &Timeline, index: usize, pattern: &BreathPattern) {
    let segment = &timeline.segments[index];
    let phases = breath_phases(pattern);
    let breaths: Vec<_> = timeline
        .cues
        .iter()
        .filter(|c| c.segment == index && matches!(c.kind, CueKind::Breath { .. }))
        .collect();
    assert_eq!(breaths.len() % phases.len(), 0, "only whole breaths");
    let count = breaths.len() / phases.len();
    assert_eq!(
        count as u64,
        segment.len_ms() / pattern.cycle_ms(),
        "as many breaths as fit"
    );
    for (i, chunk) in breaths.chunks(phases.len()).enumerate() {
        let mut at = segment.start_ms + i as u64 * pattern.cycle_ms();
        for (cue, &(phase, ms)) in chunk.iter().zip(&phases) {
            assert_eq!(cue.at_ms, at);
            assert_eq!(
                cue.kind,
                CueKind::Breath {
                    phase,
                    duration_ms: ms
                }
            );
            at += ms;
        }
        assert!(
            at <= segment.end_ms,
            "the last breath ends inside its segment"
        );
    }
}

proptest! {
    #[test]
    fn fixed_routines_last_the_sum_of_their_steps(steps in proptest::collection::vec(step(false), 1..10)) {
        let routine = routine(steps);
        let timeline = plan(&routine, PlanOptions::default()).unwrap();
        prop_assert_eq!(timeline.total_ms, routine.fixed_ms());
        assert_well_formed(&timeline);
    }

    #[test]
    fn flexible_steps_absorb_the_chosen_length((routine, length_ms) in adjustable()) {
        let timeline = plan(&routine, PlanOptions { length_ms: Some(length_ms) }).unwrap();
        prop_assert_eq!(timeline.total_ms, length_ms);
        assert_well_formed(&timeline);
        let mut flexible_lengths = Vec::new();
        for (segment, step) in timeline.segments.iter().zip(&routine.steps) {
            match step.duration {
                StepDuration::Fixed { ms } => prop_assert_eq!(segment.len_ms(), ms),
                StepDuration::Flexible => flexible_lengths.push(segment.len_ms()),
            }
        }
        prop_assert_eq!(flexible_lengths.iter().sum::<u64>(), length_ms - routine.fixed_ms());
        let (min, max) = (flexible_lengths.iter().min().unwrap(), flexible_lengths.iter().max().unwrap());
        prop_assert!(max - min <= 1, "flexible steps share equally: {:?}", flexible_lengths);
    }

    #[test]
    fn lengths_outside_the_range_are_refused((routine, _) in adjustable(), below in 1..1_000u64) {
        let range = routine.length.unwrap();
        let too_short = PlanOptions { length_ms: Some(range.min_ms - below.min(range.min_ms)) };
        prop_assert!(plan(&routine, too_short).is_err());
        let too_long = PlanOptions { length_ms: Some(range.max_ms + below) };
        prop_assert!(plan(&routine, too_long).is_err());
    }
}

#[test]
fn breath_and_bells_at_exact_offsets() {
    let mut steps = vec![Step {
        title: "Paced".into(),
        text: String::new(),
        duration: StepDuration::Fixed { ms: 25_000 },
        breath: Some(BreathPattern {
            inhale_ms: 4_000,
            hold_ms: 0,
            exhale_ms: 6_000,
            hold_after_exhale_ms: 0,
        }),
        bell_every_ms: Some(10_000),
    }];
    steps.push(Step {
        breath: None,
        bell_every_ms: None,
        ..steps[0].clone()
    });
    let timeline = plan(&routine(steps), PlanOptions::default()).unwrap();
    let cues: Vec<(u64, &str)> = timeline
        .cues
        .iter()
        .map(|c| {
            let name = match c.kind {
                CueKind::StepStart => "step",
                CueKind::IntervalBell => "bell",
                CueKind::Breath { phase, .. } => phase.label(),
            };
            (c.at_ms, name)
        })
        .collect();
    assert_eq!(
        cues,
        vec![
            (0, "step"),
            (0, "inhale"),
            (4_000, "exhale"),
            (10_000, "bell"),
            (10_000, "inhale"),
            (14_000, "exhale"),
            (20_000, "bell"),
            (25_000, "step"),
        ]
    );
}
