//! Where a session stands in its timeline after a step was made longer.

use crate::plan::{Cue, Timeline};

/// The cursor (the next cue to fire) in `longer` for a session that had fired the first
/// `cursor` cues of `old` and stands at `position_ms`. The old cues keep their order in the
/// longer timeline; the added ones that fall before `position_ms` are passed over.
pub(super) fn cursor_after(
    old: &Timeline,
    longer: &Timeline,
    cursor: usize,
    position_ms: u64,
) -> usize {
    // A cue's place within its own segment does not change when a segment grows.
    let key = |timeline: &Timeline, cue: &Cue| {
        (
            cue.segment,
            cue.at_ms - timeline.segments[cue.segment].start_ms,
            cue.kind,
        )
    };
    let mut next = 0;
    for fired in &old.cues[..cursor.min(old.cues.len())] {
        let wanted = key(old, fired);
        while next < longer.cues.len() && key(longer, &longer.cues[next]) != wanted {
            next += 1;
        }
        next += 1;
    }
    let unfired = old.cues.get(cursor).map(|cue| key(old, cue));
    while let Some(cue) = longer.cues.get(next) {
        if cue.at_ms >= position_ms || Some(key(longer, cue)) == unfired {
            break;
        }
        next += 1;
    }
    next.min(longer.cues.len())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::mpsc::channel;
    use std::time::Duration;

    use crate::plan::{PlanOptions, plan};
    use crate::session::clock::VirtualClock;
    use crate::session::sink::Recorder;
    use crate::session::{Command, EventKind, Session};

    const STEADY: &str = r#"
version = 1
name = "Breath"
[[steps]]
title = "Breathe"
duration = "30s"
bell_every = "20s"
breath = { inhale = "4s", exhale = "6s" }
[[steps]]
title = "Rest"
duration = "5s"
"#;

    /// 19 s breaths: a minute more holds three, and leaves 3 s unpaced at the end.
    const LONG_BREATHS: &str = r#"
version = 1
name = "Breath"
[[steps]]
title = "Breathe"
duration = "2 breaths"
breath = { pattern = "4-7-8" }
[[steps]]
title = "Rest"
duration = "5s"
"#;

    /// Runs `routine` with `Extend` pressed at each of `presses`, and returns the name,
    /// planned and actual ms of every event, and the session's final length.
    fn run_extended(routine: &str, presses: &[Duration]) -> (Vec<(String, u64, u64)>, u64) {
        let routine = crate::routine::parse("test.toml", "test", routine).unwrap();
        let timeline = plan(&routine, PlanOptions::default()).unwrap();
        let (_tx, inbox) = channel();
        let script = presses
            .iter()
            .map(|&at| (at, Command::Extend { ms: 60_000 }));
        let mut clock = VirtualClock::with_script(script);
        let mut recorder = Recorder::default();
        let outcome = Session::new(Arc::new(timeline)).run(&mut clock, &inbox, &mut recorder);
        assert!(outcome.completed);
        // The sinks heard the plan at the start and again after every press, and the last
        // one they heard is the plan the session ended on.
        assert_eq!(recorder.timelines, 1 + presses.len());
        let last = recorder.timeline.as_ref().map(|t| t.total_ms);
        assert_eq!(last, Some(outcome.total_ms));
        let events = recorder
            .events
            .iter()
            .map(|e| {
                let name = match &e.kind {
                    EventKind::Breath { phase, .. } => phase.label().to_owned(),
                    EventKind::Extend { step_end_ms, .. } => format!("extend to {step_end_ms}"),
                    other => format!("{other:?}")
                        .split([' ', '{'])
                        .next()
                        .unwrap()
                        .to_owned(),
                };
                (name, e.planned_ms, crate::duration::whole_ms(e.actual))
            })
            .collect();
        (events, outcome.total_ms)
    }

    #[test]
    fn extending_mid_breath_carries_the_pacing_on_without_a_gap() {
        let (events, total_ms) = run_extended(STEADY, &[Duration::from_millis(12_500)]);
        assert_eq!(total_ms, 95_000);
        let at = |name: &str| -> Vec<u64> {
            events.iter().filter(|e| e.0 == name).map(|e| e.2).collect()
        };
        assert_eq!(
            at("inhale"),
            [
                0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000
            ]
        );
        assert_eq!(at("Bell"), [20_000, 40_000, 60_000, 80_000]);
        assert_eq!(at("StepStart"), [0, 90_000]);
        assert_eq!(at("extend to 90000"), [12_500]);
        assert_eq!(at("SessionEnd"), [95_000]);
    }

    #[test]
    fn extending_in_the_unpaced_tail_fires_nothing_late() {
        // The first minute more adds breaths at 38, 57 and 76 s, ending at 95 s of 98. A
        // second press at 96 s adds breaths from 95 s: that one is already past and is left
        // out rather than fired late.
        let presses = [Duration::from_secs(10), Duration::from_secs(96)];
        let (events, total_ms) = run_extended(LONG_BREATHS, &presses);
        assert_eq!(total_ms, 38_000 + 120_000 + 5_000);
        let inhales: Vec<_> = events
            .iter()
            .filter(|e| e.0 == "inhale")
            .map(|e| e.2)
            .collect();
        assert_eq!(
            inhales,
            [0, 19_000, 38_000, 57_000, 76_000, 114_000, 133_000]
        );
        assert!(
            events.iter().all(|e| e.2 >= e.1),
            "no event before its planned time"
        );
        let late: Vec<_> = events
            .iter()
            .filter(|e| !e.0.starts_with("extend") && e.2 != e.1)
            .collect();
        assert!(late.is_empty(), "events off their plan: {late:?}");
    }

    #[test]
    fn extending_at_any_moment_fires_every_cue_once_in_order_and_never_early() {
        for at_ms in (0..30_000).step_by(250) {
            let (events, _) = run_extended(STEADY, &[Duration::from_millis(at_ms)]);
            let cues: Vec<_> = events
                .iter()
                .filter(|e| !e.0.starts_with("extend"))
                .collect();
            assert!(
                cues.windows(2).all(|w| w[0].1 <= w[1].1),
                "in order when extended at {at_ms}: {cues:?}"
            );
            let mut seen: Vec<_> = cues.iter().map(|e| (e.0.clone(), e.1)).collect();
            seen.dedup();
            assert_eq!(seen.len(), cues.len(), "each once when extended at {at_ms}");
            assert!(
                cues.iter().all(|e| e.2 == e.1),
                "on time when extended at {at_ms}"
            );
            assert_eq!(cues.last().map(|e| e.1), Some(95_000));
        }
    }
}
