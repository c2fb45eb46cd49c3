//! Every built-in routine passes `check`, plans at its shortest, default and longest
//! length, and runs on the virtual clock with the event log kept as a reviewed snapshot.

use psoas_timer::plan::{PlanOptions, Role, plan};
use psoas_timer::routine::library::BUILTINS;

use crate::common::{Test, assert_on_time};

#[test]
fn every_builtin_passes_check() {
    let files: Vec<String> = BUILTINS
        .iter()
        .map(|b| format!("routines/{}.toml", b.id))
        .collect();
    let output = Test::new().args(["check"]).args(files).run();
    assert_eq!(output.stdout.lines().count(), BUILTINS.len());
}

#[test]
fn every_builtin_plans_at_its_shortest_default_and_longest() {
    for builtin in BUILTINS {
        let routine = builtin.routine().unwrap();
        let range = routine
            .length
            .expect("every built-in lets the practitioner choose a length");
        for length_ms in [range.min_ms, range.default_ms, range.max_ms] {
            let timeline = plan(
                &routine,
                PlanOptions {
                    length_ms: Some(length_ms),
                    breath: None,
                },
            )
            .unwrap_or_else(|e| panic!("{} at {length_ms} ms: {e}", builtin.id));
            let short_by = length_ms - timeline.total_ms;
            assert!(
                short_by < 20_000,
                "{} at {length_ms} ms ends {short_by} ms early",
                builtin.id
            );
            for segment in timeline.segments.iter().filter(|s| s.role == Role::Step) {
                assert!(
                    !segment.text.trim().is_empty(),
                    "{}: `{}` has instructions",
                    builtin.id,
                    segment.title
                );
            }
        }
        assert!(
            routine
                .safety
                .as_deref()
                .is_some_and(|s| s.contains("Not medical advice")),
            "{}",
            builtin.id
        );
        assert!(
            !routine.props.is_empty() && routine.source.is_some() && !routine.summary.is_empty(),
            "{}",
            builtin.id
        );
    }
}

#[test]
fn every_builtin_runs_on_the_virtual_clock() {
    for builtin in BUILTINS {
        let output = Test::new()
            .args([builtin.id, "--clock", "virtual", "--ui", "quiet"])
            .args(["--events", "-"])
            .run();
        assert_on_time(&output.stdout);
        insta::assert_snapshot!(format!("builtin_event_log_{}", builtin.id), output.stdout);
    }
}

#[test]
fn extended_exhale_takes_a_breath_pattern_from_the_command_line() {
    for pattern in ["4-6", "3-5", "4-8", "5-5", "4-7-8", "4-4-4-4"] {
        Test::new()
            .args(["show", "extended-exhale", "--breath", pattern])
            .run();
    }
    let output = Test::new()
        .args(["show", "extended-exhale", "--breath", "4-7-8"])
        .args(["--for", "10m"])
        .run();
    insta::assert_snapshot!(output.stdout);
    Test::new()
        .args(["show", "extended-exhale", "--breath", "4-90"])
        .status(2)
        .stderr_has("over 60 seconds")
        .run();
}
