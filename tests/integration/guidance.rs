//! Guidance an eyes-closed practitioner can follow: every built-in's words fit their parts
//! and agree with the breath in use, a step that waits until ready waits and is not
//! practice, and keys, endings and the time left are heard at their moments.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::Duration;

use psoas_timer::plan::speech::{FIRST_OPENING_DELAY_MS, MARGIN_MS, overruns, time_left_words};
use psoas_timer::plan::{Cue, CueKind, PlanError, PlanOptions, Said, Timeline, plan};
use psoas_timer::routine::library::BUILTINS;
use psoas_timer::routine::placeholders::number_words;
use psoas_timer::routine::{Breath, BreathPattern, CueSwitches, Routine, parse};
use psoas_timer::session::clock::VirtualClock;
use psoas_timer::session::sink::Recorder;
use psoas_timer::session::{Command, EventKind, Session, answers, extend_words};
use psoas_timer::sinks::sound::cues::{CueSettings, Cues};
use psoas_timer::sinks::sound::render::READY_WAIT;
use psoas_timer::sinks::sound::sounds::SoundBank;
use psoas_timer::sinks::sound::voice::{Clip, Spoken};

use crate::common::Test;
use crate::onsets;

/// Every breath a practitioner can choose with `--breath`, and the routine's own.
const BREATHS: [Option<&str>; 7] = [
    None,
    Some("3-5"),
    Some("4-6"),
    Some("4-8"),
    Some("5-5"),
    Some("4-7-8"),
    Some("4-4-4-4"),
];

/// Each built-in planned at its shortest, default and longest length, with every breath
/// that fits it there (a slower or faster breath over the same count of breaths may not
/// fit the shortest or longest session, which `run` says in words; the routine's own
/// breath always fits).
fn every_builtin_session() -> Vec<(String, Timeline)> {
    let mut sessions = Vec::new();
    for builtin in BUILTINS {
        let routine = builtin.routine().unwrap();
        let lengths = routine.length.map_or(vec![None], |r| {
            vec![Some(r.min_ms), Some(r.default_ms), Some(r.max_ms)]
        });
        for length_ms in lengths {
            for breath in BREATHS {
                let breath = breath.map(|b| Breath::steady(BreathPattern::parse(b).unwrap()));
                let options = PlanOptions { length_ms, breath };
                let timeline = match plan(&routine, options) {
                    Ok(timeline) => timeline,
                    Err(PlanError::DoesNotFit { .. } | PlanError::CannotFill { .. })
                        if breath.is_some() =>
                    {
                        continue;
                    }
                    Err(error) => panic!("{} at {length_ms:?}: {error}", routine.id),
                };
                let name = format!("{} at {length_ms:?} with {breath:?}", routine.id);
                sessions.push((name, timeline));
            }
        }
    }
    sessions
}

#[test]
fn no_builtin_text_runs_past_its_part_at_any_length_or_breath() {
    for (name, timeline) in every_builtin_session() {
        let over = overruns(&timeline);
        assert!(over.is_empty(), "{name}: {over:#?}");
        // The ending and the time left are placed to finish before the part does.
        for cue in &timeline.cues {
            if let CueKind::Speak(said) = cue.kind {
                let segment = &timeline.segments[cue.segment];
                let words = match said {
                    Said::Ending => segment.ending.clone().unwrap(),
                    Said::TimeLeft { left_ms } => time_left_words(left_ms),
                };
                let end = cue.at_ms + psoas_timer::plan::speech::estimate_ms(&words);
                assert!(
                    end + MARGIN_MS <= segment.end_ms,
                    "{name}: `{words}` in {} ends at {end}",
                    segment.title
                );
                // Never over a bell's strike, nor while it still rings loud.
                let bells = timeline
                    .cues
                    .iter()
                    .filter(|b| b.kind == CueKind::IntervalBell);
                for bell in bells {
                    assert!(
                        bell.at_ms >= end || cue.at_ms >= bell.at_ms + 2_000,
                        "{name}: `{words}` at {} meets the bell at {}",
                        cue.at_ms,
                        bell.at_ms
                    );
                }
            }
        }
    }
}

/// The number each number word stands for, as the texts write them.
fn numbers() -> HashMap<String, u64> {
    (0..=100).map(|n| (number_words(n), n)).collect()
}

/// Every "in for four", "hold for seven" or "out for six" in `text`: the phase and the
/// seconds said, with "growing to eight" and "easing to" as the last breath's.
fn said_phases(text: &str) -> Vec<(String, u64, bool)> {
    let numbers = numbers();
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '.')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut said = Vec::new();
    let mut last_phase = None;
    for window in words.windows(3) {
        let [phase, link, number] = window else {
            continue;
        };
        let Some(&seconds) = numbers.get(number.as_str()) else {
            continue;
        };
        match (phase.as_str(), link.as_str()) {
            (p @ ("in" | "out" | "hold"), "for") => {
                last_phase = Some(p.to_owned());
                said.push((p.to_owned(), seconds, false));
            }
            ("growing" | "easing", "to") => {
                if let Some(p) = &last_phase {
                    said.push((p.clone(), seconds, true));
                }
            }
            _ => {}
        }
    }
    said
}

/// Whether `seconds` is a length of `phase` in `pattern` ("hold" is either hold).
fn phase_is(pattern: &BreathPattern, phase: &str, seconds: u64) -> bool {
    let ms = seconds * 1000;
    match phase {
        "in" => pattern.inhale_ms == ms,
        "out" => pattern.exhale_ms == ms,
        _ => pattern.hold_ms == ms || pattern.hold_after_exhale_ms == ms,
    }
}

#[test]
fn no_builtin_number_contradicts_the_breath_in_use() {
    let numbers = numbers();
    let mut checked = 0;
    for (name, timeline) in every_builtin_session() {
        for segment in &timeline.segments {
            let texts = [Some(&segment.text), segment.ending.as_ref()];
            for text in texts.into_iter().flatten() {
                let Some(breath) = segment.breath else {
                    assert!(
                        said_phases(text).is_empty(),
                        "{name}: `{}` counts a breath it does not pace: {text}",
                        segment.title
                    );
                    continue;
                };
                for (phase, seconds, last) in said_phases(text) {
                    let pattern = if last { breath.to } else { breath.from };
                    assert!(
                        phase_is(&pattern, &phase, seconds),
                        "{name}: `{}` says {phase} for {seconds}, pacing {pattern:?}: {text}",
                        segment.title
                    );
                    checked += 1;
                }
                // "twelve breaths" is the number of breaths paced.
                let lower = text.to_lowercase();
                let words: Vec<&str> = lower.split_whitespace().collect();
                for pair in words.windows(2) {
                    if let (Some(&count), true) =
                        (numbers.get(pair[0]), pair[1].starts_with("breath"))
                    {
                        assert_eq!(
                            count, segment.breaths,
                            "{name}: `{}`: {text}",
                            segment.title
                        );
                    }
                }
            }
        }
    }
    assert!(
        checked > 0,
        "the built-ins say their breath in words somewhere"
    );
}

#[test]
fn the_number_check_catches_a_contradiction() {
    let said = said_phases("Breathe in for four, out for six, growing to eight.");
    let four_six = BreathPattern::parse("4-6").unwrap();
    assert_eq!(said[0], ("in".to_owned(), 4, false));
    assert!(phase_is(&four_six, &said[1].0, said[1].1));
    assert!(!phase_is(
        &BreathPattern::parse("5-5").unwrap(),
        &said[1].0,
        said[1].1
    ));
    assert_eq!(said[2], ("out".to_owned(), 8, true));
}

#[test]
fn every_builtin_opens_with_a_step_that_waits_until_ready() {
    for builtin in BUILTINS {
        let routine = builtin.routine().unwrap();
        let timeline = plan(&routine, PlanOptions::default()).unwrap();
        let waits = timeline
            .cues
            .iter()
            .find(|c| matches!(c.kind, CueKind::AwaitReady { .. }));
        assert_eq!(
            waits.map(|c| c.segment),
            Some(0),
            "{} waits for the practitioner before its first step",
            routine.id
        );
    }
}

const READY: &str = r#"
version = 1
name = "Ready"
props = ["a mat", "a blanket"]
[[steps]]
title = "Before you begin"
duration = "until ready"
max = "2m"
text = "You will need {props}."
[[steps]]
title = "Rest"
duration = "60s"
"#;

fn ready_session(
    script: Vec<(Duration, Command)>,
) -> (psoas_timer::session::Outcome, Vec<(EventKind, u64)>) {
    let routine = parse("ready.toml", "ready", READY).unwrap();
    let timeline = Arc::new(plan(&routine, PlanOptions::default()).unwrap());
    let mut clock = VirtualClock::with_script(script);
    let (_commands, inbox) = channel();
    let mut recorder = Recorder::default();
    let outcome = Session::new(timeline).run(&mut clock, &inbox, &mut recorder);
    let events = recorder
        .events
        .into_iter()
        .map(|e| (e.kind, e.actual.as_millis() as u64))
        .collect();
    (outcome, events)
}

#[test]
fn a_step_that_waits_ends_on_a_key_and_its_wait_is_not_practice() {
    let routine = parse("ready.toml", "ready", READY).unwrap();
    let timeline = plan(&routine, PlanOptions::default()).unwrap();
    let ready_ms = timeline.segments[0].end_ms;
    assert_eq!(
        timeline.segments[0].text,
        "You will need a mat and a blanket."
    );
    // A key 30 s after the words are said.
    let key_ms = ready_ms + 30_000;
    let (outcome, events) = ready_session(vec![(Duration::from_millis(key_ms), Command::AnyKey)]);
    let kinds: Vec<&EventKind> = events.iter().map(|(kind, _)| kind).collect();
    assert!(
        matches!(
            kinds[2],
            EventKind::AwaitReady {
                segment: 0,
                max_ms: 120_000
            }
        ),
        "{kinds:?}"
    );
    assert_eq!(
        events[2].1, ready_ms,
        "the wait begins when the words are said"
    );
    assert_eq!(
        events[3],
        (
            EventKind::Ready {
                segment: 0,
                waited_ms: 30_000,
                by_key: true
            },
            key_ms
        )
    );
    assert!(matches!(events[4], (EventKind::StepStart { segment: 1, .. }, at) if at == key_ms));
    assert!(outcome.completed);
    assert_eq!(outcome.total_ms, ready_ms + 60_000);
    assert_eq!(
        outcome.practiced_ms, outcome.total_ms,
        "the 30 s waited are not practice"
    );
}

#[test]
fn a_step_that_waits_carries_on_by_itself_after_its_longest_wait() {
    let (outcome, events) = ready_session(Vec::new());
    let ready = events
        .iter()
        .find(|(kind, _)| matches!(kind, EventKind::Ready { .. }));
    assert!(matches!(
        ready,
        Some((
            EventKind::Ready {
                waited_ms: 120_000,
                by_key: false,
                ..
            },
            _
        ))
    ));
    assert_eq!(outcome.practiced_ms, outcome.total_ms);
}

#[test]
fn a_key_while_the_words_are_said_moves_on_at_once() {
    let (_, events) = ready_session(vec![(Duration::from_secs(1), Command::AnyKey)]);
    assert!(
        matches!(
            events[2],
            (
                EventKind::Jump {
                    from_segment: 0,
                    to_segment: 1
                },
                1_000
            )
        ),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .all(|(kind, _)| !matches!(kind, EventKind::AwaitReady { .. }))
    );
}

#[test]
fn the_wait_is_in_the_event_log() {
    let output = Test::new()
        .routine("ready.toml", READY)
        .args([
            "run",
            "{dir}/ready.toml",
            "--clock",
            "virtual",
            "--ui",
            "quiet",
        ])
        .args(["--no-log", "--events", "{dir}/events.jsonl"])
        .run();
    let log = output.file("events.jsonl");
    let ready = log
        .lines()
        .find(|line| line.contains("\"event\":\"ready\""))
        .unwrap_or_else(|| panic!("no ready event: {log}"));
    assert!(ready.contains("\"waited_ms\":120000"), "{ready}");
    assert!(ready.contains("\"by_key\":false"), "{ready}");
}

/// When the first words are said, after the opening bowl has rung down.
const FIRST: usize = FIRST_OPENING_DELAY_MS as usize;

/// A known sound standing in for each spoken text: a tone `ms` long.
fn tone(ms: usize) -> Spoken {
    let frames = ms * 48;
    let samples: Vec<f32> = (0..frames)
        .map(|n| (n as f32 * 440.0 * std::f32::consts::TAU / 48_000.0).sin() * 0.3)
        .collect();
    Spoken::recording(Clip::new(&samples))
}

/// Renders `routine` with the voice alone (or with bells too), `texts` said as tones of
/// the given lengths, and the keys pressed; returns each sound as (onset, length) in ms.
fn render_heard(
    routine: &Routine,
    allowed: CueSwitches,
    texts: &[(String, usize)],
    presses: Vec<(Duration, Command)>,
) -> Vec<(usize, usize)> {
    let timeline = Arc::new(plan(routine, PlanOptions::default()).unwrap());
    let mut cues = Cues::new(CueSettings::new(routine, allowed), SoundBank::builtin());
    for (text, ms) in texts {
        cues.add_speech(text.clone(), tone(*ms));
    }
    let samples = onsets::rendered(&timeline, &mut cues, presses);
    let starts = onsets::find(&samples);
    starts
        .iter()
        .map(|&start| {
            let quiet = samples[start..]
                .windows(480)
                .position(|w| w.iter().all(|s| s.abs() < 1e-4))
                .unwrap_or(samples.len() - start);
            (start / 48, quiet / 48)
        })
        .collect()
}

const WORDS_ONLY: CueSwitches = CueSwitches {
    bells: false,
    breath: false,
    voice: true,
    counts: false,
};

const REST: &str = r#"
version = 1
name = "Rest"
time_left = "1m"
[[steps]]
title = "Rest"
duration = "3m"
"#;

#[test]
fn pause_resume_and_one_more_minute_are_answered_in_words_at_their_keys() {
    let routine = parse("rest.toml", "rest", REST).unwrap();
    let texts = [
        ("Rest.".to_owned(), 300),
        (answers::PAUSED.to_owned(), 200),
        (answers::RESUMED.to_owned(), 400),
        (extend_words(60_000), 600),
        (time_left_words(60_000), 800),
    ];
    let presses = vec![
        (Duration::from_secs(20), Command::Pause),
        (Duration::from_secs(30), Command::Resume),
        (Duration::from_secs(50), Command::Extend { ms: 60_000 }),
    ];
    let heard = render_heard(&routine, WORDS_ONLY, &texts, presses);
    let near = |at: usize, len: usize| {
        heard
            .iter()
            .any(|&(o, l)| o.abs_diff(at) <= 2 && l.abs_diff(len) <= 30)
    };
    assert!(near(FIRST, 300), "the step's words: {heard:?}");
    // Each answer a fifth of a second after its key (there is no tap before it here).
    assert!(near(20_200, 200), "\"Paused.\" at the key: {heard:?}");
    assert!(near(30_200, 400), "\"Carrying on.\" at the key: {heard:?}");
    assert!(
        near(50_200, 600),
        "\"One more minute.\" at the key: {heard:?}"
    );
    // Paused 10 s and one minute longer: the minute left is 70 s after the planned 120 s.
    assert!(
        near(190_000, 800),
        "\"One minute left.\" a minute before the end: {heard:?}"
    );
    assert_eq!(heard.len(), 5, "nothing else is said: {heard:?}");
}

#[test]
fn a_change_of_volume_is_answered_by_a_tap_at_the_new_level() {
    let routine = parse("rest.toml", "rest", REST).unwrap();
    let bells = CueSwitches {
        voice: false,
        breath: false,
        counts: false,
        bells: true,
    };
    let presses = vec![(Duration::from_secs(40), Command::VolumeDown)];
    let heard = render_heard(&routine, bells, &[], presses);
    let onsets: Vec<usize> = heard.iter().map(|&(o, _)| o).collect();
    assert!(
        onsets.iter().any(|o| o.abs_diff(40_000) <= 2),
        "a tap at the key: {onsets:?}"
    );
    let silent = render_heard(&routine, bells, &[], Vec::new());
    assert!(
        silent.iter().all(|&(o, _)| o.abs_diff(40_000) > 1_000),
        "no tap without a key: {silent:?}"
    );
}

#[test]
fn a_rendering_waits_a_little_at_a_step_that_waits() {
    let routine = parse("ready.toml", "ready", READY).unwrap();
    let texts = [
        (
            "Before you begin. You will need a mat and a blanket.".to_owned(),
            1_000,
        ),
        (answers::WHEN_READY.to_owned(), 500),
        ("Rest.".to_owned(), 300),
    ];
    let heard = render_heard(&routine, WORDS_ONLY, &texts, Vec::new());
    let timeline = plan(&routine, PlanOptions::default()).unwrap();
    let ready_ms = timeline.segments[0].end_ms as usize;
    let wait_ms = READY_WAIT.as_millis() as usize;
    let starts: Vec<usize> = heard.iter().map(|&(o, _)| o).collect();
    assert_eq!(
        starts,
        [FIRST, ready_ms, ready_ms + wait_ms + 1_200],
        "{heard:?}"
    );
}

#[test]
fn every_ending_is_planned_to_end_before_its_part() {
    let routine = parse(
        "lunge.toml",
        "lunge",
        "version = 1\nname = \"L\"\n[[steps]]\ntitle = \"Lunge\"\nduration = \"2m\"\neach_side = true\n\
         ending = \"When you are ready, come back to hands and knees.\"\n",
    )
    .unwrap();
    let timeline = plan(&routine, PlanOptions::default()).unwrap();
    let endings: Vec<&Cue> = timeline
        .cues
        .iter()
        .filter(|c| c.kind == CueKind::Speak(Said::Ending))
        .collect();
    assert_eq!(endings.len(), 2, "an ending on each side");
    for cue in endings {
        let segment = &timeline.segments[cue.segment];
        assert!(
            cue.at_ms > segment.end_ms - 10_000,
            "said near the end, not at the start"
        );
    }
}

#[test]
fn the_time_left_waits_for_a_bell_that_rings_at_its_moment() {
    let routine = parse(
        "rest.toml",
        "rest",
        "version = 1\nname = \"R\"\ntime_left = \"1m\"\n[[steps]]\ntitle = \"Rest\"\n\
         duration = \"6m\"\nbell_every = \"5m\"\n",
    )
    .unwrap();
    let timeline = plan(&routine, PlanOptions::default()).unwrap();
    let said: Vec<u64> = timeline
        .cues
        .iter()
        .filter(|c| matches!(c.kind, CueKind::Speak(Said::TimeLeft { .. })))
        .map(|c| c.at_ms)
        .collect();
    assert_eq!(
        said,
        [302_500],
        "after the bell at 5m has rung, not over its strike"
    );
}

#[test]
fn many_held_breaths_get_a_gentle_word_and_a_few_do_not() {
    let run = |breath: &[&str]| {
        Test::new()
            .args([
                "run",
                "extended-exhale",
                "--for",
                "10m",
                "--clock",
                "virtual",
            ])
            .args(["--ui", "quiet", "--no-log"])
            .args(breath)
            .run()
            .stderr
    };
    let held = run(&["--breath", "4-7-8"]);
    assert!(
        held.starts_with("note: this session paces 21 held breaths;") && held.contains("optional"),
        "{held}"
    );
    assert_eq!(
        run(&[]),
        "",
        "the routine's own few held breaths need no word"
    );
}

/// The words before a wait are said whole, however much longer the voice takes than
/// planned: no chime follows them, and the wait begins after them.
#[test]
fn the_words_before_a_wait_are_said_whole() {
    let routine = parse("ready.toml", "ready", READY).unwrap();
    let opening = "Before you begin. You will need a mat and a blanket.".to_owned();
    let texts = [(opening, 14_000), (answers::WHEN_READY.to_owned(), 500)];
    let heard = render_heard(&routine, WORDS_ONLY, &texts, Vec::new());
    let timeline = plan(&routine, PlanOptions::default()).unwrap();
    assert!(
        (timeline.segments[0].end_ms as usize) < FIRST + 14_000,
        "planned shorter than the words"
    );
    assert_eq!(heard[0].0, FIRST);
    assert!(heard[0].1.abs_diff(14_000) <= 30, "all of it: {heard:?}");
    assert_eq!(
        heard[1].0,
        FIRST + 14_000 + 1_500,
        "then the words for the wait: {heard:?}"
    );
}

/// A pause while a step's words are said stops them; on resuming they are said again,
/// after "Carrying on.", so nothing of the step is missed.
#[test]
fn words_cut_short_by_a_pause_are_said_again_on_resuming() {
    let routine = parse("rest.toml", "rest", REST).unwrap();
    let texts = [
        ("Rest.".to_owned(), 10_000),
        (answers::PAUSED.to_owned(), 200),
        (answers::RESUMED.to_owned(), 400),
    ];
    // Paused two and a half seconds into the words, for three seconds.
    let (pause, resume) = (FIRST + 2_500, FIRST + 5_500);
    let presses = vec![
        (Duration::from_millis(pause as u64), Command::Pause),
        (Duration::from_millis(resume as u64), Command::Resume),
    ];
    let heard = render_heard(&routine, WORDS_ONLY, &texts, presses);
    let starts: Vec<usize> = heard.iter().map(|&(o, _)| o).collect();
    // Each answer 200 ms after its key, once the words it cut short have faded.
    assert_eq!(
        starts[..4],
        [FIRST, pause + 200, resume + 200, resume + 200 + 400 + 750],
        "{heard:?}"
    );
    assert!(heard[0].1 < 3_000, "the words stop at the pause: {heard:?}");
    assert!(
        heard[3].1.abs_diff(10_000) <= 30,
        "and are said whole again: {heard:?}"
    );
}
