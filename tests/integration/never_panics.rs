//! No routine file or settings file, however mangled, makes the program panic or hang.
//! Thousands of inputs, made from the routines and fixtures (the seeds the fuzz targets in
//! fuzz/ start from) by a small deterministic mutator, go through everything a file from a
//! stranger goes through (fuzz/src/lib.rs, shared with the fuzz targets), each within a
//! time budget, so that a pathological input fails the test by name instead of hanging it.
//!
//! `NEVER_PANICS_INPUTS=100000` runs more of them; `NEVER_PANICS_SEED` starts elsewhere.

mod mutator;
#[path = "../../fuzz/src/lib.rs"]
mod walk;

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use psoas_timer::options::settings_file::TEMPLATE;

use self::mutator::{Mutator, Seed, tokens};
use crate::common::root;

/// Mutated routine files run by default: about six seconds of one core in a debug build,
/// most of it in planning the valid ones (a sixth of them).
const ROUTINE_INPUTS: usize = 1_500;
/// Mutated settings files run by default: reading settings is quick (a second).
const SETTINGS_INPUTS: usize = 2_500;
/// The longest one input may take, as the fuzzers' `-timeout=10`. The slowest valid
/// routine (a day of paced breath) takes well under a second in a debug build.
const BUDGET: Duration = Duration::from_secs(10);
/// Where the mutator starts, unless `NEVER_PANICS_SEED` says.
const SEED: u64 = 0x5eed_0fb4_ea7b;

#[test]
fn no_routine_file_makes_the_program_panic_or_hang() {
    let seeds = routine_seeds();
    let inputs = mutated(&seeds, count("NEVER_PANICS_INPUTS", ROUTINE_INPUTS));
    let (ran, valid) = run_all("routine", inputs, walk::routine);
    assert!(ran > seeds.len(), "only {ran} routine inputs ran");
    // Most mutants are refused; enough must be planned and run to test the sessions too.
    assert!(
        valid * 10 > ran,
        "only {valid} of {ran} routine inputs were valid"
    );
}

#[test]
fn no_settings_file_makes_the_program_panic_or_hang() {
    let mut seeds = vec![
        Seed::new("settings template", TEMPLATE),
        Seed::new("settings template, all on", &switched_on(TEMPLATE)),
    ];
    // Routines are TOML of another shape: their tables and keys are wrong here.
    seeds.extend(routine_seeds().into_iter().map(|seed| Seed {
        favored: false,
        ..seed
    }));
    let inputs = mutated(&seeds, count("NEVER_PANICS_INPUTS", SETTINGS_INPUTS));
    let (ran, valid) = run_all("settings", inputs, walk::settings);
    assert!(ran > seeds.len(), "only {ran} settings inputs ran");
    assert!(
        valid * 20 > ran,
        "only {valid} of {ran} settings inputs were valid"
    );
}

/// One input and how it was made, to name it when it fails.
struct Input {
    label: String,
    text: String,
}

/// What the fuzzers and the mutator found, now bounded (they took gigabytes and minutes):
/// a bell every millisecond through a day and 8 KB of `{props}` filling to 2 MB of words
/// (tests/fixtures/fuzzed/, also seeds above), and a block of a megabyte in 100 rounds.
#[test]
fn what_the_fuzzers_found_is_bounded() {
    let findings = seeds_in(&["tests/fixtures/fuzzed"]);
    assert!(findings.len() >= 2, "{} findings", findings.len());
    let mut inputs = mutated(&findings, 0);
    inputs.push(Input {
        label: "a block of 23,800 steps, 100 rounds, in a file of a megabyte".to_owned(),
        text: rounds_of_a_megabyte(),
    });
    let (ran, valid) = run_all("finding", inputs, walk::routine);
    assert_eq!(ran, findings.len() + 1);
    // Each is refused, not planned.
    assert_eq!(valid, 0);
}

/// As many one-second steps as a routine file has room for, in a block of 100 rounds: the
/// planner unfolded all 2.4 million parts before it counted them against the 2,000 allowed
/// (40 s and 1.3 GB in the fuzz build). Made here, since the file is a megabyte.
fn rounds_of_a_megabyte() -> String {
    let mut text =
        String::from("version = 1\nname = \"R\"\n[[steps]]\ntitle = \"B\"\nrounds = 100\n");
    let step = "[[steps.block]]\ntitle = \"S\"\nduration = \"1s\"\n";
    while text.len() + step.len() < 1024 * 1024 {
        text.push_str(step);
    }
    text
}

/// Every built-in routine and routine fixture, the broken ones and those the fuzzers found
/// included, as `fuzz/seed.sh` gives them to the fuzzers.
fn routine_seeds() -> Vec<Seed> {
    let seeds = seeds_in(&[
        "routines",
        "tests/fixtures",
        "tests/fixtures/broken",
        "tests/fixtures/fuzzed",
    ]);
    assert!(seeds.len() > 40, "too few seeds: {}", seeds.len());
    seeds
}

/// The `.toml` files in these folders of the repository, in order; those not in a folder of
/// broken files favored.
fn seeds_in(folders: &[&str]) -> Vec<Seed> {
    let mut seeds = Vec::new();
    for &folder in folders {
        let Ok(entries) = std::fs::read_dir(root().join(folder)) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let name = format!("{folder}/{}", path.file_name().unwrap().to_string_lossy());
            let bytes = std::fs::read(&path).unwrap();
            let favored = !folder.ends_with("broken");
            seeds.push(Seed {
                name,
                bytes,
                favored,
            });
        }
    }
    seeds
}

/// The settings template with every commented-out setting and table switched on.
fn switched_on(template: &str) -> String {
    let mut text = String::new();
    for line in template.lines() {
        let setting = line.strip_prefix("# ").filter(|rest| {
            rest.starts_with('[')
                || rest.split_once(" = ").is_some_and(|(key, _)| {
                    key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                })
        });
        writeln!(text, "{}", setting.unwrap_or(line)).unwrap();
    }
    text
}

fn count(variable: &str, default: usize) -> usize {
    std::env::var(variable).map_or(default, |value| value.parse().unwrap())
}

/// Every seed as it is, then `count` mutants of them.
fn mutated(seeds: &[Seed], count: usize) -> Vec<Input> {
    let seed = std::env::var("NEVER_PANICS_SEED").map_or(SEED, |value| value.parse().unwrap());
    let mut mutator = Mutator::new(seed, seeds, tokens());
    let mut inputs: Vec<Input> = seeds
        .iter()
        .map(|seed| Input {
            label: seed.name.clone(),
            text: String::from_utf8_lossy(&seed.bytes).into_owned(),
        })
        .collect();
    for number in 0..count {
        let (bytes, label) = mutator.mutant();
        inputs.push(Input {
            label: format!("mutant {number} of seed {seed}: {label}"),
            // The loader refuses files that are not UTF-8 before parsing; keep testing the
            // parser with the rest of such an input.
            text: String::from_utf8_lossy(&bytes).into_owned(),
        });
    }
    inputs
}

/// Runs every input through `check` on a thread of its own, each caught if it panics and
/// waited for at most [`BUDGET`]; fails naming every input that panicked, or the first that
/// took too long. Returns how many ran, and how many of them `check` found valid.
fn run_all(target: &str, inputs: Vec<Input>, check: fn(&str) -> bool) -> (usize, usize) {
    let inputs = std::sync::Arc::new(inputs);
    let (done, results) = channel();
    let worker_inputs = std::sync::Arc::clone(&inputs);
    std::thread::spawn(move || {
        for (index, input) in worker_inputs.iter().enumerate() {
            let started = Instant::now();
            let result = catch_unwind(AssertUnwindSafe(|| check(&input.text)));
            let result = result.map_err(|payload| panic_message(&*payload));
            if done.send((index, started.elapsed(), result)).is_err() {
                return;
            }
        }
    });
    let started = Instant::now();
    let mut panicked = Vec::new();
    let (mut ran, mut valid) = (0, 0);
    let mut slowest = (Duration::ZERO, 0);
    loop {
        match results.recv_timeout(BUDGET) {
            Ok((index, took, result)) => {
                ran += 1;
                slowest = slowest.max((took, index));
                match result {
                    Ok(was_valid) => valid += usize::from(was_valid),
                    Err(message) => panicked.push((index, message)),
                }
            }
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {
                // The worker is left running: the test process ends with the test.
                let input = &inputs[ran];
                panic!(
                    "{target} input {ran} ({}) took longer than {BUDGET:?}:\n{}",
                    input.label,
                    shown(&input.text)
                );
            }
        }
    }
    eprintln!(
        "{target}: {ran} inputs ({valid} valid) in {:.1?}, {} panicked; the slowest took {:.1?}: {}",
        started.elapsed(),
        panicked.len(),
        slowest.0,
        inputs[slowest.1].label
    );
    let mut report = String::new();
    for (index, message) in &panicked {
        let input = &inputs[*index];
        let label = &input.label;
        let text = shown(&input.text);
        writeln!(
            report,
            "--- {target} input {index} ({label}): {message}\n{text}"
        )
        .unwrap();
    }
    assert!(
        panicked.is_empty(),
        "{} of {ran} {target} inputs panicked:\n{report}",
        panicked.len()
    );
    (ran, valid)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".to_owned())
}

/// An input as a failure shows it: whole when short, else its start.
fn shown(text: &str) -> String {
    const MOST: usize = 4_000;
    match text.char_indices().nth(MOST) {
        Some((end, _)) => format!("{}\n[... {} bytes in all]", &text[..end], text.len()),
        None => text.to_owned(),
    }
}
