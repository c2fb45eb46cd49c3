//! A teacher's tools: `new` from the template or a copy, never overwriting; the user's
//! folder searched before the built-ins; handouts; limits on shared files.

use std::fmt::Write as _;

use crate::common::{Test, fixture};

#[test]
fn new_writes_a_template_that_passes_check() {
    let output = Test::new().args(["new", "evening-rest"]).run();
    let text = output.home_file("routines/evening-rest.toml");
    assert!(text.starts_with("#:schema ./routine.schema.json\n"));
    assert!(text.contains("name = \"Evening Rest\""));
    assert!(
        output.home().join("routines/routine.schema.json").is_file(),
        "the schema sits beside it"
    );
    output
        .then()
        .args(["check", "{home}/routines/evening-rest.toml"])
        .run();
}

#[test]
fn new_never_overwrites() {
    let output = Test::new()
        .home_file("routines/mine.toml", "my own words\n")
        .args(["new", "mine"])
        .status(2)
        .stderr_has("already exists")
        .run();
    assert_eq!(output.home_file("routines/mine.toml"), "my own words\n");
}

#[test]
fn new_refuses_a_name_that_is_a_path() {
    Test::new()
        .args(["new", "../escape"])
        .status(2)
        .stderr_has("cannot be a routine name")
        .run();
}

#[test]
fn a_copy_of_a_builtin_shadows_it_and_list_says_so() {
    let output = Test::new()
        .args([
            "new",
            "constructive-rest",
            "--from",
            "constructive-rest",
            "--shadow",
        ])
        .run();
    let copy = output.home_file("routines/constructive-rest.toml");
    assert!(
        copy.starts_with("#:schema ./routine.schema.json\n# Adapted from `constructive-rest`.\n")
    );
    let edited = copy.replace("default = \"10m\"", "default = \"15m\"");

    let listed = output
        .then()
        .home_file("routines/constructive-rest.toml", &edited)
        .args(["list"])
        .stdout_has("(shadowed by your own file)")
        .stdout_has("(used instead of the built-in)")
        .run();

    let shown = listed
        .then()
        .args(["show", "constructive-rest"])
        .run()
        .stdout;
    assert!(
        shown.starts_with("Constructive Rest: 15m"),
        "the user's copy is used: {shown}"
    );
}

#[test]
fn a_markdown_handout() {
    let output = Test::new()
        .args(["show", "settle", "--format", "markdown"])
        .run();
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn the_full_timeline_as_json() {
    let output = Test::new()
        .args(["show", &fixture("quick.toml"), "--format", "json"])
        .run();
    let document: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(document["routine"]["name"], "Quick check");
    assert_eq!(document["timeline"]["total_ms"], 3_000);
    assert_eq!(
        document["timeline"]["segments"].as_array().unwrap().len(),
        30
    );
    assert_eq!(document["timeline"]["cues"].as_array().unwrap().len(), 30);
}

#[test]
fn a_file_over_a_mebibyte_is_refused_before_reading() {
    Test::new()
        .routine("huge.toml", &"#".repeat(1024 * 1024 + 1))
        .args(["check", "{dir}/huge.toml"])
        .status(3)
        .stderr_has("at most 1 MiB")
        .run();
}

#[test]
fn a_block_that_unfolds_into_too_many_parts_is_refused() {
    let mut text =
        String::from("version = 1\nname = \"Many\"\n[[steps]]\ntitle = \"Block\"\nrounds = 100\n");
    for i in 0..25 {
        writeln!(
            text,
            "[[steps.block]]\ntitle = \"Part {i}\"\nduration = \"1s\""
        )
        .unwrap();
    }
    Test::new()
        .routine("many.toml", &text)
        .args(["check", "{dir}/many.toml"])
        .status(3)
        .stderr_has("at most 2000")
        .run();
}

/// A text that cannot be said before its step ends is a warning, naming the step and the
/// seconds missing at the routine's shortest length, at the text; the routine still checks.
#[test]
fn check_warns_of_words_longer_than_their_step() {
    let routine = r#"
version = 1
name = "Crowded"
safety = "Stop if anything hurts."
[length]
default = "5m"
min = "2m"
max = "10m"
[[steps]]
title = "Arrive"
duration = "10s"
text = "Lie on your back with your knees bent and your feet on the floor. Let the floor hold you. You might close your eyes, or keep a soft gaze."
[[steps]]
title = "Rest"
duration = "flexible"
text = "Rest."
ending = "When you are ready, roll to one side and rest there a moment."
"#;
    let output = Test::new()
        .routine("crowded.toml", routine)
        .args(["check", "{dir}/crowded.toml"])
        .stdout("ok: [DIR]/crowded.toml (Crowded, 2m to 10m, 1 warning)\n")
        .run();
    let warnings: Vec<&str> = output
        .stderr
        .lines()
        .filter(|line| line.starts_with("warning:"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: `Arrive` at the shortest length (2m): its words take about 13s longer than it lasts, at a calm pace"
        ],
        "only the crowded step: {}",
        output.stderr
    );
    assert!(
        output.stderr.contains("--> [DIR]/crowded.toml:12:8"),
        "{}",
        output.stderr
    );
    let roomy = routine.replace("duration = \"10s\"", "duration = \"40s\"");
    Test::new()
        .routine("roomy.toml", &roomy)
        .args(["check", "{dir}/roomy.toml"])
        .stderr("1 routine: no problems\n")
        .run();
}
