//! The planner's structures at exact offsets: sides, breath counts, rebounds, repeated
//! blocks, breath progressions, and bounded flexible steps.

use psoas_timer::plan::{CueKind, PlanOptions, Timeline, plan};
use psoas_timer::routine::parse;

fn timeline(toml: &str, length: Option<&str>) -> Timeline {
    let routine = parse(
        "test",
        "test",
        &format!("version = 1\nname = \"Test\"\n{toml}"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let length_ms = length.map(|l| psoas_timer::duration::parse_ms(l).unwrap());
    plan(
        &routine,
        PlanOptions {
            length_ms,
            breath: None,
        },
    )
    .unwrap()
}

/// Each segment as (start, end, title).
fn segments(timeline: &Timeline) -> Vec<(u64, u64, &str)> {
    timeline
        .segments
        .iter()
        .map(|s| (s.start_ms, s.end_ms, s.title.as_str()))
        .collect()
}

/// The breath cues as (at, phase, duration).
fn breaths(timeline: &Timeline) -> Vec<(u64, &'static str, u64)> {
    timeline
        .cues
        .iter()
        .filter_map(|c| match c.kind {
            CueKind::Breath { phase, duration_ms } => Some((c.at_ms, phase.label(), duration_ms)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_pose_on_each_side_with_a_switch_and_a_rebound() {
    let t = timeline(
        "[[steps]]\ntitle = \"Dragon\"\nduration = \"3m\"\neach_side = true\nfirst_side = \"left\"\nswitch = \"15s\"\nrebound = \"1m\"\n",
        None,
    );
    assert_eq!(
        segments(&t),
        vec![
            (0, 180_000, "Dragon, left side"),
            (180_000, 195_000, "Switch sides"),
            (195_000, 375_000, "Dragon, right side"),
            (375_000, 435_000, "Rebound"),
        ]
    );
    assert_eq!(t.total_ms, 435_000);
}

#[test]
fn a_duration_in_breaths() {
    let t = timeline(
        "[[steps]]\ntitle = \"Lifts\"\nduration = \"3 breaths\"\nbreath = { pattern = \"4-7-8\" }\n",
        None,
    );
    assert_eq!(t.total_ms, 57_000);
    assert_eq!(
        breaths(&t),
        vec![
            (0, "inhale", 4_000),
            (4_000, "hold", 7_000),
            (11_000, "exhale", 8_000),
            (19_000, "inhale", 4_000),
            (23_000, "hold", 7_000),
            (30_000, "exhale", 8_000),
            (38_000, "inhale", 4_000),
            (42_000, "hold", 7_000),
            (49_000, "exhale", 8_000),
        ]
    );
}

#[test]
fn a_block_repeated_for_rounds() {
    let t = timeline(
        "[[steps]]\ntitle = \"Rocking\"\nrounds = 2\nrebound = \"30s\"\n[[steps.block]]\ntitle = \"Rock\"\nduration = \"2 breaths\"\nbreath = { pattern = \"4-6\" }\n[[steps.block]]\ntitle = \"Rest\"\nduration = \"20s\"\n",
        None,
    );
    assert_eq!(
        segments(&t),
        vec![
            (0, 20_000, "Rock, round 1 of 2"),
            (20_000, 40_000, "Rest, round 1 of 2"),
            (40_000, 60_000, "Rock, round 2 of 2"),
            (60_000, 80_000, "Rest, round 2 of 2"),
            (80_000, 110_000, "Rebound"),
        ]
    );
    let inhales: Vec<u64> = breaths(&t)
        .iter()
        .filter(|b| b.1 == "inhale")
        .map(|b| b.0)
        .collect();
    assert_eq!(inhales, vec![0, 10_000, 40_000, 50_000]);
}

#[test]
fn an_exhale_that_lengthens_across_the_step() {
    let t = timeline(
        "[[steps]]\ntitle = \"Longer\"\nduration = \"5 breaths\"\nbreath = { inhale = \"4s\", exhale = \"6s\", exhale_to = \"8s\" }\n",
        None,
    );
    let exhales: Vec<(u64, u64)> = breaths(&t)
        .iter()
        .filter(|b| b.1 == "exhale")
        .map(|b| (b.0, b.2))
        .collect();
    assert_eq!(
        exhales,
        vec![
            (4_000, 6_000),
            (14_000, 6_500),
            (24_500, 7_000),
            (35_500, 7_500),
            (47_000, 8_000)
        ]
    );
    assert_eq!(t.total_ms, 55_000, "the step ends as its last breath ends");
}

#[test]
fn a_flexible_paced_step_ends_on_a_whole_breath_and_the_rest_takes_the_difference() {
    let toml = "[length]\ndefault = \"10m\"\nmin = \"5m\"\nmax = \"20m\"\n\
        [[steps]]\ntitle = \"Paced\"\nduration = \"flexible\"\nbreath = { pattern = \"4-7-8\" }\n\
        [[steps]]\ntitle = \"Rest\"\nduration = \"flexible\"\n";
    let t = timeline(toml, Some("10m"));
    // 5m each, the paced half cut to 15 breaths of 19 s (4m 45s); the rest takes 5m 15s.
    assert_eq!(
        segments(&t),
        vec![(0, 285_000, "Paced"), (285_000, 600_000, "Rest")]
    );
}

#[test]
fn flexible_steps_share_by_weight_within_their_bounds() {
    let toml = "[length]\ndefault = \"30m\"\nmin = \"20m\"\nmax = \"40m\"\n\
        [[steps]]\ntitle = \"Set\"\nduration = \"5m\"\n\
        [[steps]]\ntitle = \"Hold\"\nduration = \"flexible\"\nmin = \"3m\"\nmax = \"5m\"\n\
        [[steps]]\ntitle = \"Butterfly\"\nduration = \"flexible\"\n\
        [[steps]]\ntitle = \"Rest\"\nduration = \"flexible\"\nweight = 2\n";
    // 22m above the minimums: the hold fills its 2m of room; 20m go 1:2 to the others.
    let t = timeline(toml, Some("30m"));
    let lengths: Vec<u64> = t.segments.iter().map(|s| s.end_ms - s.start_ms).collect();
    assert_eq!(lengths, vec![300_000, 300_000, 400_000, 800_000]);
    // At 20m: 12m above the minimums, 1:1:2 would give the hold 3m more, past its 5m; it
    // takes its 2m of room and the other 10m go 1:2.
    let t = timeline(toml, Some("20m"));
    let lengths: Vec<u64> = t.segments.iter().map(|s| s.end_ms - s.start_ms).collect();
    assert_eq!(lengths, vec![300_000, 300_000, 200_000, 400_000]);
}

#[test]
fn a_breath_chosen_on_the_command_line_paces_every_paced_step() {
    let routine = parse(
        "test",
        "test",
        "version = 1\nname = \"T\"\n[[steps]]\ntitle = \"Paced\"\nduration = \"1m\"\nbreath = { pattern = \"4-6\" }\n[[steps]]\ntitle = \"Still\"\nduration = \"1m\"\n",
    )
    .unwrap();
    let breath = psoas_timer::routine::Breath::steady(
        psoas_timer::routine::BreathPattern::parse("5-5").unwrap(),
    );
    let t = plan(
        &routine,
        PlanOptions {
            length_ms: None,
            breath: Some(breath),
        },
    )
    .unwrap();
    let paced: Vec<_> = breaths(&t);
    assert_eq!(
        paced.len(),
        12,
        "six breaths of 5-5 in the paced minute, none in the still one"
    );
    assert!(paced.iter().all(|b| b.2 == 5_000 && b.0 < 60_000));
}

#[test]
fn holds_in_whole_minutes_leave_the_seconds_to_a_step_without() {
    let toml = "[length]\ndefault = \"20m\"\nmin = \"6m\"\nmax = \"30m\"\n\
        [[steps]]\ntitle = \"Arrive\"\nduration = \"45s\"\n\
        [[steps]]\ntitle = \"Lunge\"\nduration = \"flexible\"\nmin = \"2m\"\nmax = \"5m\"\n\
        multiple_of = \"1m\"\neach_side = true\nswitch = \"20s\"\n\
        [[steps]]\ntitle = \"Rest\"\nduration = \"flexible\"\n";
    // At 20m, 14m 55s above the least: a third each would take the sides past their 5m,
    // so they take 5m and the rest the 8m 55s they leave.
    let t = timeline(toml, Some("20m"));
    let lengths: Vec<u64> = t.segments.iter().map(|s| s.end_ms - s.start_ms).collect();
    assert_eq!(lengths, vec![45_000, 300_000, 20_000, 300_000, 535_000]);
    // At 10m, 4m 55s above the least: a third each would make the sides 3m 38s, and 4m
    // is nearer than 3m; the rest takes the 55s they leave.
    let t = timeline(toml, Some("10m"));
    let lengths: Vec<u64> = t.segments.iter().map(|s| s.end_ms - s.start_ms).collect();
    assert_eq!(lengths, vec![45_000, 240_000, 20_000, 240_000, 55_000]);
    // At 9m, the sides would be 3m 18s: 3m, and the rest has 1m 55s.
    let t = timeline(toml, Some("9m"));
    let lengths: Vec<u64> = t.segments.iter().map(|s| s.end_ms - s.start_ms).collect();
    assert_eq!(lengths, vec![45_000, 180_000, 20_000, 180_000, 115_000]);
}

#[test]
fn when_every_flexible_step_is_in_minutes_the_last_with_room_takes_the_seconds() {
    let toml = "[length]\ndefault = \"10m\"\nmin = \"5m\"\nmax = \"20m\"\n\
        [[steps]]\ntitle = \"Arrive\"\nduration = \"45s\"\n\
        [[steps]]\ntitle = \"Sphinx\"\nduration = \"flexible\"\nmultiple_of = \"1m\"\n\
        [[steps]]\ntitle = \"Rest\"\nduration = \"flexible\"\nmultiple_of = \"1m\"\nmax = \"6m\"\n";
    // Each takes a minute at least, and 7m 15s are left to share: 3m 37s each would have
    // 7m 15s in all, and 7m is nearest, so the sphinx (first of the two rounded down as
    // far) has 4m more and the rest 3m. The 15s left go to the last step with room: the
    // rest, which then is not whole minutes.
    let t = timeline(toml, Some("10m"));
    assert_eq!(
        segments(&t),
        vec![
            (0, 45_000, "Arrive"),
            (45_000, 345_000, "Sphinx"),
            (345_000, 600_000, "Rest")
        ]
    );
}

#[test]
fn what_a_cut_to_whole_breaths_frees_stays_after_the_last_breath_when_nothing_else_can_take_it() {
    let toml = "[length]\ndefault = \"5m\"\nmin = \"2m\"\nmax = \"10m\"\n\
        [[steps]]\ntitle = \"Arrive\"\nduration = \"1m\"\n\
        [[steps]]\ntitle = \"Paced\"\nduration = \"flexible\"\nbreath = { pattern = \"4-7-8\" }\n";
    // 4m for 19 s breaths: 12 of them (3m 48s), then 12 s of quiet, and the session
    // still ends on time.
    let t = timeline(toml, Some("5m"));
    assert_eq!(
        segments(&t),
        vec![(0, 60_000, "Arrive"), (60_000, 300_000, "Paced")]
    );
    assert_eq!(t.segments[1].breaths, 12);
    let last = breaths(&t).last().copied().unwrap();
    assert_eq!(last.0 + last.2, 60_000 + 12 * 19_000);
}
