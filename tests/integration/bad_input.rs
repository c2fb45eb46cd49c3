//! Each mistake gets a clear message naming what is wrong and where, and a documented
//! exit code; none of them panics.

use std::time::{Duration, Instant};

use crate::common::{Test, fixture};

/// Every file in the broken corpus fails `check` with exit code 3 and its own diagnostic.
#[test]
fn broken_routine_files() {
    insta::glob!("../fixtures/broken", "*.toml", |path| {
        let relative = path.strip_prefix(crate::common::root()).unwrap();
        let output = Test::new()
            .args(["check", relative.to_str().unwrap()])
            .status(3)
            .stderr_lacks("panicked")
            .run();
        assert!(output.stderr.starts_with("error: "), "{}", output.stderr);
        insta::assert_snapshot!(output.snapshot());
    });
}

#[test]
fn running_a_broken_file_shows_the_same_diagnostic() {
    Test::new()
        .args(["run", &fixture("broken/unknown-key.toml")])
        .status(3)
        .stderr_has("unknown-key.toml:6:1")
        .run();
}

/// A bound a message names is a length that works: "need at least" rounds up and "lasts"
/// (at most) rounds down to the second, so putting it in the file makes the file check.
/// Both files miss by half a second (their comments say how).
#[test]
fn the_bound_a_message_names_is_one_that_works() {
    for (name, said, written, expected) in [
        (
            "too-short-by-half-a-second.toml",
            "need at least ",
            "min = \"3m\"",
            "3m 26s",
        ),
        (
            "cannot-fill-by-half-a-second.toml",
            "it lasts ",
            "max = \"4m\"",
            "3m 55s",
        ),
    ] {
        let path = crate::common::root().join(fixture(&format!("broken/{name}")));
        let text = std::fs::read_to_string(path).unwrap();
        let output = Test::new()
            .routine(name, &text)
            .args(["check", &format!("{{dir}}/{name}")])
            .status(3)
            .run();
        let named = output
            .stderr
            .split(said)
            .nth(1)
            .unwrap()
            .lines()
            .next()
            .unwrap();
        assert_eq!(named, expected, "{}", output.stderr);
        assert!(text.contains(written), "{name} has {written}");
        let key = &written[..3];
        let fixed = text.replacen(written, &format!("{key} = \"{named}\""), 1);
        Test::new()
            .routine(name, &fixed)
            .args(["check", &format!("{{dir}}/{name}")])
            .stdout_has("ok: ")
            .run();
    }
}

#[test]
fn a_missing_file() {
    let output = Test::new()
        .args(["run", "no/such/routine.toml"])
        .status(4)
        .run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn an_unknown_routine_name_suggests_the_closest() {
    let output = Test::new().args(["constructive-rst"]).status(4).run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn a_length_outside_the_routines_range() {
    let output = Test::new()
        .args(["constructive-rest", "--for", "45m"])
        .status(2)
        .run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn a_length_for_a_routine_that_cannot_change() {
    let output = Test::new()
        .args(["run", &fixture("quick.toml"), "--for", "10s"])
        .status(2)
        .run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn a_length_that_is_not_a_duration() {
    Test::new()
        .args(["constructive-rest", "--for", "ten minutes"])
        .status(2)
        .stderr("error: --for takes a length with its unit, like 90s, 10m or 1h 5m, up to 24h, not `ten minutes`\n")
        .run();
}

#[test]
fn a_session_over_a_day() {
    Test::new()
        .args(["constructive-rest", "--for", "25h"])
        .status(2)
        .stderr_has("up to 24h, not `25h`")
        .run();
}

#[test]
fn check_reports_good_and_bad_files_together() {
    let output = Test::new()
        .args(["check", "routines/constructive-rest.toml"])
        .args([
            fixture("broken/zero-duration.toml").as_str(),
            "nowhere.toml",
        ])
        // The worst problem decides the exit code.
        .status(4)
        .run();
    insta::assert_snapshot!(output.snapshot());
}

/// A reader that goes away (`| head`) ends the command quietly: no panic, no message.
#[test]
fn a_closed_pipe_is_not_an_error() {
    let session = r#"{"start":"2026-11-30T07:00:00+00:00","routine":"settle","name":"Settle","length_ms":300000,"practiced_ms":300000,"completed":true,"steps_reached":3,"steps":3,"max_late_us":0}"#;
    // More than a pipe holds, so that writing meets the closed end.
    let history = format!("{session}\n").repeat(2000);
    ends_quietly(&Test::new().args(["show", "psoas-slow-flow-50", "--format", "json"]));
    for format in ["csv", "json", "ics"] {
        ends_quietly(
            &Test::new()
                .home_file("history.jsonl", &history)
                .args(["history", "export", "--format", format]),
        );
    }
}

/// Runs `test`, reads a little of what it writes and goes away: it must end with 0 and say
/// nothing.
fn ends_quietly(test: &Test) {
    use std::io::Read;
    let mut child = test
        .command()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_breath_for_a_routine_that_paces_none() {
    let output = Test::new()
        .args(["show", "constructive-rest", "--breath", "4-6"])
        .status(2)
        .run();
    insta::assert_snapshot!(output.snapshot());
}

#[test]
fn an_exhale_longer_than_a_breath_phase_may_be() {
    Test::new()
        .args(["show", "extended-exhale", "--exhale-to", "90s"])
        .status(2)
        .stderr("error: --exhale-to takes a breath phase from 1s to 60s, like 8s, not `90s`\n")
        .run();
}

/// Runs a command, killed if it has not ended within `limit` (so that a hang fails the test
/// instead of stopping it): its exit code, standard error, and how long it took.
fn within(test: &Test, limit: Duration) -> (i32, String, Duration) {
    let dir = test.dir();
    let err_path = dir.join("stderr.txt");
    let err = std::fs::File::create(&err_path).unwrap();
    let started = Instant::now();
    let mut child = test
        .command()
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(err)
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let took = started.elapsed();
    let stderr = std::fs::read_to_string(&err_path)
        .unwrap()
        .replace(&*dir.to_string_lossy(), "[DIR]");
    (status.code().unwrap_or(-1), stderr, took)
}

/// A mebibyte of steps without titles or durations: each of the 110,374 mistakes is found,
/// the first 20 are shown with their places and the rest counted, in a few seconds of a
/// debug build on a busy machine (when each message scanned the file again for its line, a
/// quarter of this file took 26 s of a release build).
#[test]
fn a_mebibyte_of_mistakes_is_checked_quickly() {
    let head = "version = 1\nname = \"x\"\n";
    let step = "[[steps]]\ntitle=\"\"\n";
    let count = (1024 * 1024 - head.len()) / step.len();
    assert_eq!(count, 55_187);
    let test = Test::new()
        .routine("steps.toml", &format!("{head}{}", step.repeat(count)))
        .args(["check", "{dir}/steps.toml"]);
    let (code, stderr, took) = within(&test, Duration::from_secs(60));
    assert_eq!(code, 3);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 21, "{stderr}");
    assert_eq!(errors[0], "error: a step's title is empty");
    assert_eq!(errors[1], "error: this step has no duration");
    // Two for each of the first ten steps, whose titles are on lines 4, 6, ... 22.
    assert!(stderr.contains("  --> [DIR]/steps.toml:4:7\n"), "{stderr}");
    assert!(stderr.contains("  --> [DIR]/steps.toml:22:7\n"), "{stderr}");
    assert!(
        !stderr.contains("  --> [DIR]/steps.toml:24:7\n"),
        "{stderr}"
    );
    assert_eq!(
        errors[20],
        format!(
            "error: ... and {} more problems in this file, not shown",
            2 * count - 20
        )
    );
}

/// A routine path that is a named pipe is refused at once, by `check` and by `run`: opening
/// it would wait for a writer that never comes.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_at_once() {
    let test = Test::new();
    nix::unistd::mkfifo(&test.dir().join("pipe.toml"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    for verb in ["check", "run"] {
        let test = Test::new().args([verb, &format!("{}/pipe.toml", test.dir().display())]);
        let (code, stderr, _) = within(&test, Duration::from_secs(20));
        assert_eq!(code, 4, "{stderr}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert!(
            lines[0].ends_with("pipe.toml: it is a named pipe, not a file"),
            "{stderr}"
        );
        // `check` ends with what all it checked came to.
        let summary: &[&str] = if verb == "check" {
            &["", "1 routine with problems: 1 error"]
        } else {
            &[]
        };
        assert_eq!(&lines[1..], summary, "{stderr}");
    }
}

/// A device is no routine: `/dev/zero` would be read until memory ran out.
#[cfg(unix)]
#[test]
fn a_device_is_refused_at_once() {
    let (code, stderr, _) = within(
        &Test::new().args(["check", "/dev/zero"]),
        Duration::from_secs(20),
    );
    assert_eq!(code, 4);
    assert_eq!(
        stderr,
        "error: cannot read /dev/zero: it is a device, not a file\n\n\
         1 routine with problems: 1 error\n"
    );
}

/// The settings file is read the same way: a named pipe is refused, and so is text that is
/// not UTF-8, at its line and column.
#[cfg(unix)]
#[test]
fn a_settings_file_that_is_a_pipe_or_not_text() {
    let test = Test::new().args(["settings"]);
    nix::unistd::mkfifo(
        &test.home().join("config.toml"),
        nix::sys::stat::Mode::S_IRWXU,
    )
    .unwrap();
    let (code, stderr, _) = within(&test, Duration::from_secs(20));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.ends_with("config.toml: it is a named pipe, not a file\n"),
        "{stderr}"
    );
    let test = Test::new().args(["settings"]);
    std::fs::write(
        test.home().join("config.toml"),
        b"volume = 60\nvoice = \"\xff\"\n",
    )
    .unwrap();
    test.status(2)
        .stderr_has("error: the byte 0xFF is not UTF-8; the settings file is UTF-8 text\n")
        .stderr_has("config.toml:2:10\n")
        .run();
}

/// A key of thousands of dotted parts is past what the TOML reader takes; the message
/// says where it is, though the reader does not.
#[test]
fn a_key_with_thousands_of_parts_is_pointed_at() {
    let key = vec!["a"; 5_000].join(".");
    let test = Test::new()
        .routine(
            "deep.toml",
            &format!("version = 1\nname = \"x\"\n{key} = 1\n"),
        )
        .args(["check", "{dir}/deep.toml"]);
    let (code, stderr, _) = within(&test, Duration::from_secs(60));
    assert_eq!(code, 3);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(
        errors,
        ["error: this key has too many dotted parts to be read"]
    );
    let place = stderr
        .lines()
        .find_map(|l| l.strip_prefix("  --> [DIR]/deep.toml:3:"))
        .unwrap_or_else(|| panic!("no place on line 3: {stderr}"));
    let column: usize = place.parse().unwrap();
    assert!(
        (150..=170).contains(&column),
        "about the 80th part: {column}"
    );
}

/// A bell every millisecond through a day (86 million cues) is refused by `check` and by
/// `show` at once, at the line of `bell_every`.
#[test]
fn a_bell_every_millisecond_is_refused_at_once() {
    let path = fixture("broken/bell-every-millisecond.toml");
    for args in [
        vec!["check", &path],
        vec!["show", &path, "--format", "json"],
    ] {
        let (code, stderr, took) = within(&Test::new().args(args), Duration::from_secs(60));
        assert_eq!(code, 3);
        assert!(took < Duration::from_secs(2), "took {took:?}");
        assert!(
            stderr.starts_with("error: `bell_every` is 1ms; a bell may ring at most every 2s\n  --> tests/fixtures/broken/bell-every-millisecond.toml:7:14\n"),
            "{stderr}"
        );
    }
}

/// 8 KB that name the props 500 times would fill to 2 MB of words (46 hours of speech):
/// refused at once, at the text, with what to do instead.
#[test]
fn props_named_too_often_are_refused_at_once() {
    let props = "a folded blanket ".repeat(15);
    let named = "{props} ".repeat(500);
    let routine = format!(
        "version = 1\nname = \"Props\"\nprops = [\"{}\"]\n\n[[steps]]\ntitle = \"Rest\"\nduration = \"5m\"\ntext = \"{named}\"\n",
        props.trim()
    );
    let test = Test::new()
        .routine("props.toml", &routine)
        .args(["check", "{dir}/props.toml"]);
    let (code, stderr, took) = within(&test, Duration::from_secs(60));
    assert_eq!(code, 3, "{stderr}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert!(
        stderr.starts_with(
            "error: this text's placeholders add as much as 125 KiB of words; they may add at most 64 KiB\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("props.toml:8:8"), "{stderr}");
}

/// A file of a megabyte that is one block of thousands of steps in 100 rounds is refused for
/// its parts before they are made (it took 40 s and 1.3 GB).
#[test]
fn a_block_of_a_megabyte_in_rounds_is_refused_at_once() {
    let mut routine =
        String::from("version = 1\nname = \"R\"\n[[steps]]\ntitle = \"B\"\nrounds = 100\n");
    let step = "[[steps.block]]\ntitle = \"S\"\nduration = \"1s\"\n";
    while routine.len() + step.len() < 1024 * 1024 {
        routine.push_str(step);
    }
    let test = Test::new()
        .routine("rounds.toml", &routine)
        .args(["show", "{dir}/rounds.toml"]);
    let (code, stderr, took) = within(&test, Duration::from_secs(120));
    assert_eq!(code, 3, "{stderr}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(
        stderr.contains("unfolds into 2382") && stderr.contains("at most 2000"),
        "{stderr}"
    );
}
