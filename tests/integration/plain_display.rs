//! The plain display as a user meets it: rows that fit the terminal, a quit that asks first
//! when a person types it, and a word while the last bowl rings out.

use crate::common::Test;

/// A step whose words run long, with a word no row can hold and one in wide characters.
const WORDY: &str = r#"version = 1
name = "Wordy"

[[steps]]
title = "Arrive, and let the whole weight of the body be taken by the floor"
duration = "1m"
text = """
Lie down with your knees bent and your feet flat on the floor, about hip width apart, and let your arms rest wherever they are comfortable.
Supercalifragilisticexpialidociousnessandthensomemore is one word.
休息してください、ゆっくりと息を吐きます。 Then rest.
"""
"#;

fn wordy_at(columns: &str) -> String {
    Test::new()
        .routine("wordy.toml", WORDY)
        .env("COLUMNS", columns)
        .args(["{dir}/wordy.toml", "--clock", "virtual", "--ui", "plain"])
        .run()
        .stdout
}

#[test]
fn plain_lines_wrap_at_40_columns() {
    let out = wordy_at("40");
    for line in out.lines() {
        assert!(!line.is_ascii() || line.len() <= 40, "{line:?}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn plain_lines_wrap_at_80_columns() {
    let out = wordy_at("80");
    insta::assert_snapshot!(out);
}

/// With no width given and no terminal, rows are 80 cells, as they are for a log.
#[test]
fn without_a_terminal_plain_lines_are_80_wide() {
    let out = Test::new()
        .routine("wordy.toml", WORDY)
        .args(["{dir}/wordy.toml", "--clock", "virtual", "--ui", "plain"])
        .run()
        .stdout;
    assert_eq!(out, wordy_at("80"));
}

/// A session long enough to be ended by hand.
const LONG: &str = r#"version = 1
name = "Long"

[[steps]]
title = "Rest"
duration = "10m"
"#;

fn long_session() -> Test {
    Test::new().routine("long.toml", LONG).args([
        "{dir}/long.toml",
        "--ui",
        "plain",
        "--no-sound",
        "--no-log",
    ])
}

/// A script's `q` on standard input ends the session at once: a script means what it writes.
#[test]
fn one_q_from_a_script_ends_a_plain_session() {
    use std::io::Write as _;
    use std::process::Stdio;
    let test = long_session();
    let mut child = test
        .command()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "q").expect("q written");
    let started = std::time::Instant::now();
    // Standard input stays open: only the q can have ended it.
    let mut status = None;
    while started.elapsed() < std::time::Duration::from_secs(20) {
        status = child.try_wait().expect("status");
        if status.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    drop(stdin);
    let Some(status) = status else {
        let _ = child.kill();
        panic!("one q from a script did not end the session");
    };
    let output = child.wait_with_output().expect("output");
    assert!(status.success(), "{status:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("session stopped"), "{stdout}");
    assert!(!stdout.contains("press q again"), "{stdout}");
}

/// Typed at a terminal, a first `q` asks, as the full screen does, and only a second ends.
#[cfg(unix)]
#[test]
fn at_a_terminal_a_plain_session_asks_before_ending() {
    use psoas_timer::session::answers::END_ASKED;

    use crate::full_screen::Session;
    let Some(mut session) = Session::run(long_session()) else {
        return;
    };
    session.wait_for("step 1 of 1");
    session.press("q\r");
    session.wait_for(END_ASKED);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(
        session.is_running(),
        "one q ended it:\n{}",
        session.screen()
    );
    session.press("q\r");
    assert_eq!(session.exit_code(), 0);
    session.wait_for("session stopped");
}

/// After the last bell, the plain display says the bowl rings out, and a line ends it at once
/// where it would ring for about thirteen seconds.
#[test]
fn the_ring_out_is_told_and_a_line_ends_it() {
    use std::io::{BufRead, BufReader, Write as _};
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    use psoas_timer::sinks::display::ringing_out_words;

    use crate::common::can_run;
    use crate::sound_live::{ALSA, alsa_installed};
    if !can_run(alsa_installed(), ALSA) {
        return;
    }
    let one = "version = 1\nname = \"One\"\n[[steps]]\ntitle = \"One\"\nduration = \"1s\"\n";
    let test = Test::new().routine("one.toml", one).args([
        "{dir}/one.toml",
        "--ui",
        "plain",
        "--no-voice",
        "--no-log",
        "--audio-device",
        "file:FILE={dir}/capture.raw,FORMAT=raw",
    ]);
    let mut child = test
        .command()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let words = ringing_out_words(None);
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.expect("a line");
        seen.push(line.clone());
        if line.contains(&words) {
            break;
        }
    }
    assert!(
        seen.iter().any(|l| l.contains(&words)),
        "never told: {seen:?}"
    );
    assert!(
        seen.iter().any(|l| l.contains("session complete")),
        "told before the end: {seen:?}"
    );
    let asked = Instant::now();
    writeln!(stdin).expect("a line written");
    let status = child.wait().expect("status");
    let took = asked.elapsed();
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert!(status.success(), "{status:?}");
}
