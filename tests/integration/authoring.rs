//! A teacher's tools: `new` from the template or a copy, never overwriting; the user's
//! folder searched before the built-ins; handouts; limits on shared files.

use std::fmt::Write as _;

use crate::common::{Run, fixture};

#[test]
fn new_writes_a_template_that_passes_check() {
    let run = Run::new(["new", "evening-rest"]);
    let output = run.output();
    assert_eq!(output.code, 0, "{}", output.stderr);
    let path = run.home().join("routines/evening-rest.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("#:schema ./routine.schema.json\n"));
    assert!(text.contains("name = \"Evening Rest\""));
    assert!(
        run.home().join("routines/routine.schema.json").is_file(),
        "the schema sits beside it"
    );
    let checked = Run::new(["check", path.to_str().unwrap()]).output();
    assert_eq!(checked.code, 0, "{}", checked.stderr);
}

#[test]
fn new_never_overwrites() {
    let run = Run::new(["new", "mine"]);
    let routines = run.home().join("routines");
    std::fs::create_dir_all(&routines).unwrap();
    std::fs::write(routines.join("mine.toml"), "my own words\n").unwrap();
    let output = run.output();
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("already exists"),
        "{}",
        output.stderr
    );
    assert_eq!(
        std::fs::read_to_string(routines.join("mine.toml")).unwrap(),
        "my own words\n"
    );
}

#[test]
fn new_refuses_a_name_that_is_a_path() {
    let output = Run::new(["new", "../escape"]).output();
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("cannot be a routine name"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_copy_of_a_builtin_shadows_it_and_list_says_so() {
    let run = Run::new(["new", "constructive-rest", "--from", "constructive-rest"]);
    assert_eq!(run.output().code, 0);
    let copy = std::fs::read_to_string(run.home().join("routines/constructive-rest.toml")).unwrap();
    assert!(
        copy.starts_with("#:schema ./routine.schema.json\n# Adapted from `constructive-rest`.\n")
    );
    let edited = copy.replace("default = \"10m\"", "default = \"15m\"");
    std::fs::write(run.home().join("routines/constructive-rest.toml"), edited).unwrap();

    let listed = run.again(["list"]).stdout;
    assert!(listed.contains("(shadowed by your own file)"), "{listed}");
    assert!(
        listed.contains("(used instead of the built-in)"),
        "{listed}"
    );

    let shown = run.again(["show", "constructive-rest"]).stdout;
    assert!(
        shown.starts_with("Constructive Rest: 15m"),
        "the user's copy is used: {shown}"
    );
}

#[test]
fn a_markdown_handout() {
    let output = Run::new(["show", "settle", "--format", "markdown"]).output();
    assert_eq!(output.code, 0);
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn the_full_timeline_as_json() {
    let output = Run::new(["show", &fixture("quick.toml"), "--format", "json"]).output();
    assert_eq!(output.code, 0);
    let document: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(document["routine"]["name"], "Quick check");
    assert_eq!(document["timeline"]["total_ms"], 3_000);
    assert_eq!(
        document["timeline"]["segments"].as_array().unwrap().len(),
        3
    );
    assert_eq!(document["timeline"]["cues"].as_array().unwrap().len(), 30);
}

#[test]
fn a_file_over_a_mebibyte_is_refused_before_reading() {
    let run = Run::new(["list"]);
    let path = run.home().join("huge.toml");
    std::fs::write(&path, "#".repeat(1024 * 1024 + 1)).unwrap();
    let output = run.again(["check", path.to_str().unwrap()]);
    assert_eq!(output.code, 3);
    assert!(output.stderr.contains("at most 1 MiB"), "{}", output.stderr);
}

#[test]
fn a_block_that_unfolds_into_too_many_parts_is_refused() {
    let run = Run::new(["list"]);
    let path = run.home().join("many.toml");
    let mut text =
        String::from("version = 1\nname = \"Many\"\n[[steps]]\ntitle = \"Block\"\nrounds = 100\n");
    for i in 0..25 {
        writeln!(
            text,
            "[[steps.block]]\ntitle = \"Part {i}\"\nduration = \"1s\""
        )
        .unwrap();
    }
    std::fs::write(&path, text).unwrap();
    let output = run.again(["check", path.to_str().unwrap()]);
    assert_eq!(output.code, 3);
    assert!(output.stderr.contains("at most 2000"), "{}", output.stderr);
}
