//! A routine is sent to strangers, and the settings, the history and the names of files can
//! hold anything: whatever the program prints from them, in a message as much as in a
//! display, can never drive the reader's terminal (no escape sequence, no bell, no bidi
//! override) nor forge a line, and the message still names what is wrong.

use std::process::Stdio;

use crate::common::Test;

/// A window title, a bell and a screen clear, written as TOML writes them: the file itself
/// is plain text, as a shared routine would be.
const ESCAPES: &str = r"\u001b]0;PWNED\u0007\u001b[2J";

/// The same escapes as they are shown: each control a mark, the words between kept.
const SHOWN: &str = "\u{fffd}]0;PWNED\u{fffd}\u{fffd}[2J";

/// The escapes as raw bytes, for the names of files and lines of the history.
const RAW: &str = "\u{1b}]0;PWNED\u{7}\u{1b}[2J";

/// A routine with `top` among its first lines, and one step whose lines are `step`.
fn routine(top: &str, step: &str) -> String {
    format!("version = 1\nname = \"R\"\n{top}\n[[steps]]\ntitle = \"T\"\n{step}\n")
}

/// Runs `test`, checks its exit code, and checks that nothing in either stream could drive a
/// terminal: no byte ESC, BEL or CSI (0x9B, which UTF-8 also holds in U+009B), no other
/// control character but the line break, no bidi control. Returns standard output and error.
#[track_caller]
fn inert(test: &Test, status: i32) -> (String, String) {
    let output = test
        .command()
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    let streams = [("output", &output.stdout), ("error", &output.stderr)];
    let [stdout, stderr] = streams.map(|(name, bytes)| {
        let shown = String::from_utf8_lossy(bytes).into_owned();
        assert!(
            !bytes.iter().any(|b| matches!(b, 0x1b | 0x07 | 0x9b)),
            "a terminal control byte on standard {name}: {shown:?}"
        );
        let unsafe_char = |c: char| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        };
        assert!(
            !shown.chars().any(unsafe_char),
            "a control character on standard {name}: {shown:?}"
        );
        shown
    });
    assert_eq!(
        output.status.code(),
        Some(status),
        "--- stdout\n{stdout}--- stderr\n{stderr}"
    );
    (stdout, stderr)
}

/// Checks `file` with `check`, `run` and `show`: each fails with the same inert message.
#[track_caller]
fn refused_everywhere(file: &str, says: &str) {
    for verb in ["check", "run", "show"] {
        let test = Test::new()
            .routine("r.toml", file)
            .args([verb, "{dir}/r.toml"]);
        let (_, stderr) = inert(&test, 3);
        assert!(stderr.contains(says), "{verb}: {stderr}");
        assert!(stderr.contains("r.toml:"), "{verb}: {stderr}");
    }
}

#[test]
fn escapes_in_a_duration() {
    let file = routine("", &format!("duration = \"{ESCAPES}5 minutes\""));
    refused_everywhere(&file, &format!("`{SHOWN}5 minutes` is not a duration"));
}

#[test]
fn escapes_in_a_breath_pattern() {
    let file = routine(
        "",
        &format!("duration = \"2m\"\nbreath = {{ pattern = \"{ESCAPES}4-6\" }}"),
    );
    refused_everywhere(&file, &format!("`{SHOWN}4-6` is not a breath pattern"));
}

#[test]
fn escapes_in_the_first_side() {
    let file = routine(
        "",
        &format!("duration = \"2m\"\neach_side = true\nfirst_side = \"{ESCAPES}rigth\""),
    );
    refused_everywhere(&file, &format!("`{SHOWN}rigth` is not a side"));
}

#[test]
fn escapes_in_an_unknown_keys_name() {
    let file = routine(&format!("\"{ESCAPES}colour\" = 1"), "duration = \"1m\"");
    refused_everywhere(&file, &format!("unknown key `{SHOWN}colour`"));
}

#[test]
fn escapes_in_the_length_range() {
    let file = format!(
        "version = 1\nname = \"R\"\n[length]\ndefault = \"{ESCAPES}10m\"\nmin = \"5m\"\n\
         max = \"20m\"\n[[steps]]\ntitle = \"T\"\nduration = \"flexible\"\n"
    );
    refused_everywhere(&file, &format!("`{SHOWN}10m` is not a duration"));
}

/// A sound file whose name holds the escapes, and which is no sound: `check`, and `render`
/// as it makes the session's sound ready (as a live session does, on a machine with a
/// sound device), name it, inert.
#[test]
fn escapes_in_a_sound_files_name() {
    let file = routine(
        &format!("[sound]\nbell = \"{ESCAPES}.wav\""),
        "duration = \"1s\"",
    );
    let says = format!("/{SHOWN}.wav: The format of the data has not been recognized");
    let checked = Test::new()
        .routine("r.toml", &file)
        .file(&format!("{RAW}.wav"), b"not a sound")
        .args(["check", "{dir}/r.toml"]);
    let (_, stderr) = inert(&checked, 3);
    assert!(stderr.contains(&says), "{stderr}");
    let rendered = Test::new()
        .routine("r.toml", &file)
        .file(&format!("{RAW}.wav"), b"not a sound")
        .args([
            "render",
            "{dir}/r.toml",
            "--no-voice",
            "-o",
            "{dir}/out.wav",
        ]);
    let (_, stderr) = inert(&rendered, 3);
    assert!(stderr.contains(&says), "{stderr}");
}

/// A settings file with escapes in a value, in a key, and in a `[length]` entry: each
/// message names the line and the setting, inert.
#[test]
fn escapes_in_the_settings_file() {
    for (config, says) in [
        (
            format!("display = \"{ESCAPES}full\""),
            format!("config.toml:1: `display` cannot be \"{SHOWN}full\""),
        ),
        (
            format!("\"{ESCAPES}volume\" = 1"),
            format!("config.toml:1: `{SHOWN}volume` is not a setting"),
        ),
        (
            format!("[length]\nsettle = \"{ESCAPES}5m\""),
            format!("config.toml:2: `length.settle`: `{SHOWN}5m` is not a duration"),
        ),
        (
            format!("[sound.volume]\n\"{ESCAPES}bells\" = 5"),
            format!("config.toml:2: `{SHOWN}bells` is not a setting of [sound.volume]"),
        ),
    ] {
        let test = Test::new().config(&config).args(["show", "settle"]);
        let (_, stderr) = inert(&test, 2);
        assert!(stderr.contains(&says), "{config}: {stderr}");
    }
}
