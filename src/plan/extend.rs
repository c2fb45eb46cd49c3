//! "One more minute": a timeline with one segment made longer. Everything after it moves
//! later by the same amount, and the segment's own breath pacing and bells carry on into the
//! added time exactly as if it had been planned that long.

use super::{Cue, CueKind, Segment, Timeline, breath};
use crate::routine::Breath;

impl Timeline {
    /// This timeline with segment `index` lasting `added_ms` longer and every later segment
    /// and cue moved later by as much. Words placed from the segment's end (its ending, the
    /// time left) move with the end; those among the first `fired` cues, already said, are
    /// said again at their place before the new end. An index past the end changes nothing.
    #[must_use]
    pub fn extended(&self, index: usize, added_ms: u64, fired: usize) -> Timeline {
        let mut longer = self.clone();
        let own = longer.cues.partition_point(|c| c.segment < index);
        let own_end = longer.cues.partition_point(|c| c.segment <= index);
        let Some(segment) = longer.segments.get_mut(index) else {
            return longer;
        };
        let old_end_ms = segment.end_ms;
        segment.end_ms += added_ms;
        let (mut added_cues, added_breaths) =
            added_cues(segment, index, old_end_ms, &self.cues[own..own_end]);
        for (at, cue) in longer.cues[own..own_end].iter_mut().enumerate() {
            if !matches!(cue.kind, CueKind::Speak(_)) {
                continue;
            }
            if own + at < fired {
                added_cues.push(Cue {
                    at_ms: cue.at_ms + added_ms,
                    ..*cue
                });
            } else {
                cue.at_ms += added_ms;
            }
        }
        segment.breaths += added_breaths;
        for later in &mut longer.segments[index + 1..] {
            later.start_ms += added_ms;
            later.end_ms += added_ms;
        }
        for cue in &mut longer.cues[own_end..] {
            cue.at_ms += added_ms;
        }
        longer.total_ms += added_ms;
        let count = added_cues.len();
        longer.cues.splice(own_end..own_end, added_cues);
        longer.cues[own..own_end + count].sort_by_key(|cue| (cue.at_ms, cue.kind.order()));
        longer
    }
}

/// The cues the lengthened `segment` gains, given its cues before (`own`): the bells that
/// now fit, and whole breaths from where its last breath ended, at the pace of that last
/// breath. Also how many breaths were added.
fn added_cues(segment: &Segment, index: usize, old_end_ms: u64, own: &[Cue]) -> (Vec<Cue>, u64) {
    let mut cues = Vec::new();
    if let Some(period) = segment.bell_every_ms {
        cues.extend(
            (1..)
                .map(|k| segment.start_ms + k * period)
                .take_while(|&at_ms| at_ms < segment.end_ms)
                .filter(|&at_ms| at_ms >= old_end_ms)
                .map(|at_ms| Cue {
                    at_ms,
                    segment: index,
                    kind: CueKind::IntervalBell,
                }),
        );
    }
    let Some(paced) = &segment.breath else {
        return (cues, 0);
    };
    let last = breath::nth(paced, segment.breaths.saturating_sub(1), segment.breaths);
    let paced_end_ms = own
        .iter()
        .filter_map(|cue| match cue.kind {
            CueKind::Breath { duration_ms, .. } => Some(cue.at_ms + duration_ms),
            _ => None,
        })
        .max()
        .unwrap_or(segment.start_ms);
    let count = (segment.end_ms - paced_end_ms) / last.cycle_ms().max(1);
    cues.extend(breath::cues(
        &Breath::steady(last),
        count,
        paced_end_ms,
        index,
    ));
    (cues, count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{BreathPhase, PlanOptions, plan};
    use crate::routine::{BreathPattern, Routine, Step, StepDuration};

    fn step(title: &str, ms: u64) -> Step {
        Step {
            title: title.to_owned(),
            text: String::new(),
            duration: StepDuration::Fixed { ms },
            breath: None,
            bell_every_ms: None,
            sides: None,
            rebound: None,
            ending: None,
            time_left_ms: None,
            sound: crate::routine::StepSound::default(),
        }
    }

    fn routine(steps: Vec<Step>) -> Routine {
        Routine {
            id: "test".to_owned(),
            name: "Test".to_owned(),
            summary: String::new(),
            source: None,
            props: Vec::new(),
            safety: None,
            language: None,
            length: None,
            steps,
            sound: crate::routine::RoutineSound::default(),
            time_left_ms: None,
        }
    }

    const FOUR_SIX: BreathPattern = BreathPattern {
        inhale_ms: 4_000,
        hold_ms: 0,
        exhale_ms: 6_000,
        hold_after_exhale_ms: 0,
    };

    fn at(timeline: &Timeline) -> Vec<(u64, usize)> {
        timeline.cues.iter().map(|c| (c.at_ms, c.segment)).collect()
    }

    #[test]
    fn shifts_every_later_segment_and_cue() {
        let timeline = plan(
            &routine(vec![step("a", 10_000), step("b", 5_000), step("c", 5_000)]),
            PlanOptions::default(),
        )
        .unwrap();
        let longer = timeline.extended(1, 60_000, 0);
        assert_eq!(longer.total_ms, 80_000);
        let bounds: Vec<_> = longer
            .segments
            .iter()
            .map(|s| (s.start_ms, s.end_ms))
            .collect();
        assert_eq!(bounds, [(0, 10_000), (10_000, 75_000), (75_000, 80_000)]);
        assert_eq!(at(&longer), [(0, 0), (10_000, 1), (75_000, 2)]);
    }

    #[test]
    fn breaths_and_bells_carry_on_into_the_added_time() {
        let mut rest = step("rest", 25_000);
        rest.breath = Some(Breath::steady(FOUR_SIX));
        rest.bell_every_ms = Some(20_000);
        let timeline = plan(
            &routine(vec![rest, step("end", 5_000)]),
            PlanOptions::default(),
        )
        .unwrap();
        // 25 s holds two whole breaths (0 and 10 s); the step is cut to end on the second,
        // at 20 s, before its bell.
        assert_eq!(at(&timeline).len(), 1 + 4 + 1);
        let longer = timeline.extended(0, 30_000, 0);
        let own: Vec<_> = longer
            .cues
            .iter()
            .filter(|c| c.segment == 0)
            .map(|c| (c.at_ms, c.kind))
            .collect();
        let inhale = CueKind::Breath {
            phase: BreathPhase::Inhale,
            duration_ms: 4_000,
        };
        let exhale = CueKind::Breath {
            phase: BreathPhase::Exhale,
            duration_ms: 6_000,
        };
        assert_eq!(
            own,
            [
                (0, CueKind::StepStart),
                (0, inhale),
                (4_000, exhale),
                (10_000, inhale),
                (14_000, exhale),
                (20_000, CueKind::IntervalBell),
                (20_000, inhale),
                (24_000, exhale),
                (30_000, inhale),
                (34_000, exhale),
                (40_000, CueKind::IntervalBell),
                (40_000, inhale),
                (44_000, exhale),
            ]
        );
        assert_eq!(
            longer.cues.last().map(|c| (c.at_ms, c.segment)),
            Some((50_000, 1))
        );
    }

    /// 47 s of 4-6 is planned as 40 s (four breaths); a minute more is ten breaths, as a
    /// 107 s step is planned.
    #[test]
    fn is_the_same_as_planning_the_step_longer() {
        let mut rest = step("rest", 47_000);
        rest.breath = Some(Breath::steady(FOUR_SIX));
        rest.bell_every_ms = Some(15_000);
        let steps = vec![step("start", 3_000), rest, step("end", 9_000)];
        let mut longer_steps = steps.clone();
        longer_steps[1].duration = StepDuration::Fixed { ms: 107_000 };
        let extended = plan(&routine(steps), PlanOptions::default())
            .unwrap()
            .extended(1, 60_000, 0);
        let planned = plan(&routine(longer_steps), PlanOptions::default()).unwrap();
        assert_eq!(extended, planned);
    }

    #[test]
    fn an_index_past_the_end_changes_nothing() {
        let timeline = plan(&routine(vec![step("a", 10_000)]), PlanOptions::default()).unwrap();
        assert_eq!(timeline.extended(3, 60_000, 0), timeline);
    }
}
