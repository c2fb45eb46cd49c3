//! The documents are tested: every TOML block in the README is a valid routine, and every
//! file in `routines/` is built in and valid.

use psoas_timer::routine::library::BUILTINS;
use psoas_timer::routine::{SOUNDS, parse};
use psoas_timer::sinks::display::keys::{BINDINGS, KeyName};

/// The fenced blocks of one language in a Markdown text, with the line each starts on.
pub fn fenced_blocks(markdown: &str, language: &str) -> Vec<(usize, String)> {
    let fence = format!("```{language}");
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (index, line) in markdown.lines().enumerate() {
        match &mut current {
            None if line.trim_end() == fence => current = Some((index + 1, String::new())),
            Some(_) if line.trim_end() == "```" => blocks.extend(current.take()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    blocks
}

fn assert_routines_valid(document: &str) -> usize {
    let markdown = std::fs::read_to_string(crate::common::root().join(document)).unwrap();
    let blocks = fenced_blocks(&markdown, "toml");
    for (line, text) in &blocks {
        let origin = format!("{document} block at line {line}");
        if let Err(error) = parse(&origin, "example", text) {
            panic!("{error}");
        }
    }
    blocks.len()
}

#[test]
fn readme_routines_are_valid() {
    assert!(
        assert_routines_valid("README.md") > 0,
        "the README shows a routine"
    );
}

#[test]
fn readme_settings_are_valid() {
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
    let blocks = fenced_blocks(&readme, "toml settings");
    assert_eq!(blocks.len(), 1, "the README shows the settings file");
    for (line, text) in blocks {
        let path = std::path::PathBuf::from(format!("README.md block at line {line}"));
        let settings = psoas_timer::options::settings_file::Settings::parse(&path, &text)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(settings.volume, Some(60));
    }
}

#[test]
fn the_teachers_guide_routines_are_valid() {
    assert!(
        assert_routines_valid("ROUTINES.md") >= 8,
        "the guide shows a routine for each feature"
    );
}

#[test]
fn every_routine_file_is_built_in() {
    let mut files: Vec<String> = std::fs::read_dir(crate::common::root().join("routines"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut builtins: Vec<String> = BUILTINS.iter().map(|b| b.id.to_owned()).collect();
    builtins.sort();
    assert_eq!(files, builtins);
    for builtin in BUILTINS {
        let on_disk = std::fs::read_to_string(
            crate::common::root().join(format!("routines/{}.toml", builtin.id)),
        )
        .unwrap();
        assert_eq!(
            on_disk, builtin.text,
            "{} is embedded as it is on disk",
            builtin.id
        );
        builtin.routine().unwrap_or_else(|e| panic!("{e}"));
    }
}

/// The rows of the first Markdown table whose header is `header`, as cells.
fn table_rows(markdown: &str, header: &str) -> Vec<Vec<String>> {
    let mut lines = markdown.lines().skip_while(|line| line.trim() != header);
    assert!(lines.next().is_some(), "no table headed {header}");
    lines
        .skip(1)
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            let cells = line.trim().trim_matches('|').split(" | ");
            cells.map(|cell| cell.trim().to_owned()).collect()
        })
        .collect()
}

/// A key as the README writes it: a character in backticks, a named key as it is.
fn written(key: KeyName) -> String {
    match key {
        KeyName::Char(c) if c != ' ' => format!("`{c}`"),
        other => other.label(),
    }
}

#[test]
fn the_readmes_table_of_keys_is_the_programs() {
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
    let documented = table_rows(&readme, "| key | what it does |");
    let bindings: Vec<Vec<String>> = BINDINGS
        .iter()
        .map(|binding| {
            let keys: Vec<String> = binding.keys.iter().map(|k| written(*k)).collect();
            vec![keys.join(", "), binding.description.to_owned()]
        })
        .collect();
    assert_eq!(documented, bindings);
    // And what the plain display takes: the first word of each binding that has one.
    let typed: Vec<String> = BINDINGS
        .iter()
        .filter_map(|b| b.typed.first())
        .map(|word| format!("`{word}`"))
        .collect();
    let sentence = readme
        .split("In the plain display")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("the README says what the plain display takes");
    let words: Vec<String> = sentence
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|word| format!("`{word}`"))
        .collect();
    assert_eq!(words, typed, "{sentence}");
}

#[test]
fn the_documents_name_every_kind_of_sound() {
    let names: Vec<String> = SOUNDS.iter().map(|s| format!("`{}`", s.name)).collect();
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
    let row = readme
        .lines()
        .find(|line| line.starts_with("| `--sound <KIND=FILE>`"))
        .expect("the README documents --sound");
    let guide = std::fs::read_to_string(crate::common::root().join("ROUTINES.md")).unwrap();
    let key_row = guide
        .lines()
        .find(|line| line.starts_with("| `[sound]`"))
        .expect("the guide lists the keys of [sound]");
    for name in &names {
        assert!(
            row.contains(name.as_str()),
            "the README's --sound lacks {name}"
        );
        assert!(
            key_row.contains(name.as_str()),
            "ROUTINES.md's [sound] lacks {name}"
        );
    }
}

#[test]
fn the_readme_names_the_default_volume() {
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
    let row = readme
        .lines()
        .find(|line| line.starts_with("| `--volume <PERCENT>`"))
        .expect("the README documents --volume");
    let default = format!("default {}", psoas_timer::options::defaults::VOLUME_PERCENT);
    assert!(row.contains(&default), "{row}");
}
