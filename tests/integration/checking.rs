//! `check` as a teacher uses it: every problem of a file in one run, sorted by place;
//! warnings for what is legal but likely wrong; routines asked for by name; a summary.

use crate::common::Test;

/// A class with mistakes of every layer: keys misspelled, a value of the wrong type, a side
/// and a duration that do not read, a length table with a default outside its range.
const MANY_MISTAKES: &str = r#"version = 1
nmae = "Evening class"
safety = "Stop if anything hurts."

[length]
default = "40m"
min = "15m"
max = "30m"

[[steps]]
title = "Arrive"
durration = "2m"
text = "Lie down and let the floor hold you."

[[steps]]
title = "Hold"
duration = "3m"
each_side = true
first_side = "rigth"
text = "Rest on your {side} side."

[[steps]]
title = "Breath"
duration = "five minutes"
breath = "4-90"
text = "Breathe slowly."

[[steps]]
title = "Rest"
duration = "flexible"
weight = 0
text = "Rest."
"#;

#[test]
fn every_problem_of_a_file_is_shown_in_one_run() {
    let output = Test::new()
        .routine("class.toml", MANY_MISTAKES)
        .args(["check", "{dir}/class.toml"])
        .status(3)
        .run();
    insta::assert_snapshot!(output.snapshot());
    // Sorted by place: each problem's line is after the one before.
    let lines: Vec<usize> = output
        .stderr
        .lines()
        .filter_map(|line| line.strip_prefix("  --> [DIR]/class.toml:"))
        .map(|place| place.split(':').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(lines.len(), 8, "{}", output.stderr);
    assert!(lines.is_sorted(), "{lines:?}");
}

/// With its shape right, the routine is checked whole too, beside a key it does not know:
/// a step longer than the longest session is found in the same run as a misspelled name.
#[test]
fn a_misspelled_key_does_not_hide_a_step_too_long() {
    let routine = r#"version = 1
nmae = "Evening class"
safety = "Stop if anything hurts."
[length]
default = "20m"
min = "15m"
max = "30m"
[[steps]]
title = "Hold"
duration = "3h"
text = "Rest."
[[steps]]
title = "Rest"
duration = "flexible"
text = "Rest."
"#;
    Test::new()
        .routine("two.toml", routine)
        .args(["check", "{dir}/two.toml"])
        .status(3)
        .stderr_has("unknown key `nmae`")
        .stderr_has("this step alone lasts 3h, longer than the longest session (30m)")
        .stderr_has("1 routine with problems: 3 errors")
        .run();
}

/// What runs but is likely not what was meant: no safety note, a step without words, a
/// bell that never rings, words that do not fit. Warnings leave the exit code 0, unless
/// `--strict`.
#[test]
fn warnings_for_what_is_legal_but_likely_wrong() {
    let routine = r#"version = 1
name = "Unfinished"

[[steps]]
title = "Arrive"
duration = "2m 53s"
bell_every = "5m"

[[steps]]
title = "Hold"
duration = "1m"
each_side = true
text = "Lie on your {side} side."
switch = "3s"
"#;
    let output = Test::new()
        .routine("unfinished.toml", routine)
        .args(["check", "{dir}/unfinished.toml"])
        .run();
    insta::assert_snapshot!(output.snapshot());
    output
        .then()
        .args(["check", "--strict", "{dir}/unfinished.toml"])
        .status(3)
        .stderr_has("1 routine with problems: 4 warnings")
        .run();
}

#[test]
fn the_built_in_routines_have_no_warnings() {
    let builtins = [
        "constructive-rest",
        "extended-exhale",
        "psoas-yin",
        "legs-up-the-wall",
        "psoas-slow-flow-30",
        "psoas-slow-flow-50",
        "psoas-release",
        "settle",
    ];
    let output = Test::new()
        .args(["check", "--strict"])
        .args(builtins)
        .stderr("8 routines: no problems\n")
        .run();
    assert_eq!(output.stdout.lines().count(), builtins.len());
}

/// `check` finds routines as `show` does: by path, by the name of one of the user's, or by
/// a built-in's name; a name that is none of them gets the closest.
#[test]
fn check_takes_names_like_show() {
    let output = Test::new()
        .args(["new", "evening-rest"])
        .run()
        .then()
        .args(["check", "evening-rest", "settle"])
        .run();
    insta::assert_snapshot!(output.snapshot());
    output
        .then()
        .args(["check", "evening-rets"])
        .status(4)
        .stderr_has("no routine is called `evening-rets`; did you mean `evening-rest`?")
        .run();
}

/// Several files: each one's problems, then one line for all of them.
#[test]
fn the_summary_counts_routines_errors_and_warnings() {
    let broken = MANY_MISTAKES;
    let unsafe_one = "version = 1\nname = \"R\"\n[[steps]]\ntitle = \"Rest\"\nduration = \"1m\"\ntext = \"Rest.\"\n";
    let output = Test::new()
        .routine("broken.toml", broken)
        .routine("warned.toml", unsafe_one)
        .args(["check", "{dir}/broken.toml", "{dir}/warned.toml", "settle"])
        .status(3)
        .run();
    let summary = output.stderr.lines().last().unwrap();
    assert_eq!(summary, "3 routines, 2 with problems: 8 errors, 1 warning");
    assert!(
        output
            .stdout
            .contains("ok: [DIR]/warned.toml (R, 1m, 1 warning)"),
        "{}",
        output.stdout
    );
}

/// "Left" is a side as much as "left".
#[test]
fn sides_are_read_whatever_their_case() {
    let routine = r#"version = 1
name = "Sides"
safety = "Stop if anything hurts."
[[steps]]
title = "Hold"
duration = "1m"
each_side = true
first_side = "  Left"
switch = "20s"
text = "Rest on your {side} side."
"#;
    let output = Test::new()
        .routine("sides.toml", routine)
        .args(["show", "{dir}/sides.toml"])
        .run();
    insta::assert_snapshot!(output.snapshot());
    assert!(
        output.stdout.contains("1. Hold, left side"),
        "{}",
        output.stdout
    );
}

/// `new` does not quietly put a template where a built-in was: a built-in's name needs
/// `--shadow`, and the message says how to copy it under a name of its own.
#[test]
fn new_refuses_a_built_in_name_unless_asked_to_shadow() {
    let output = Test::new()
        .args(["new", "constructive-rest"])
        .status(2)
        .run();
    insta::assert_snapshot!(output.snapshot());
    assert!(
        !output
            .home()
            .join("routines/constructive-rest.toml")
            .exists()
    );
    output
        .then()
        .args(["new", "constructive-rest", "--shadow"])
        .stdout_has("Wrote [HOME]/routines/constructive-rest.toml")
        .run();
}
