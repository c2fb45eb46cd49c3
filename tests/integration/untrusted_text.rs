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

/// A routine that is fine.
fn good() -> String {
    routine("", "duration = \"1m\"")
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

/// The routine's own file name: in `list`, in `check`'s "ok:" line and in the place a
/// diagnostic points at.
#[test]
fn escapes_in_a_routine_files_name() {
    let bad = routine("", "duration = \"0s\"");
    let test = Test::new()
        .routine(&format!("ok{RAW}.toml"), &good())
        .routine(&format!("bad{RAW}.toml"), &bad)
        .args([
            "check",
            &format!("{{dir}}/ok{RAW}.toml"),
            &format!("{{dir}}/bad{RAW}.toml"),
        ]);
    let (stdout, stderr) = inert(&test, 3);
    assert!(
        stdout.contains(&format!("ok{SHOWN}.toml (R, 1m")),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!(
            "--> {}/bad{SHOWN}.toml:6:12",
            test.dir().display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("a duration of zero is not allowed"),
        "{stderr}"
    );

    let list = Test::new()
        .home_file(&format!("routines/mine{RAW}.toml"), &good())
        .home_file(&format!("routines/broken{RAW}.toml"), &bad)
        .args(["list"]);
    let (stdout, _) = inert(&list, 0);
    assert!(stdout.contains(&format!("mine{SHOWN}")), "{stdout}");
    assert!(
        stdout.contains(&format!("broken{SHOWN}") as &str) && stdout.contains("has problems"),
        "{stdout}"
    );
}

/// The event log on standard output names the routine by its file's name: a CSI in it is
/// written as a JSON escape, and reads back as the name.
#[test]
fn escapes_in_a_routine_files_name_in_the_event_log() {
    let test = Test::new()
        .routine(&format!("r\u{9b}2J{RAW}.toml"), &good())
        .args([
            &format!("{{dir}}/r\u{9b}2J{RAW}.toml"),
            "--clock",
            "virtual",
        ])
        .args(["--ui", "quiet", "--no-sound", "--no-log", "--events", "-"]);
    let (stdout, _) = inert(&test, 0);
    let events = crate::common::events(&stdout);
    assert_eq!(events[0]["routine"], format!("r\u{9b}2J{RAW}"));
}

/// A history line written by a hostile hand: an OSC 52 clipboard write in the routine's
/// name, a C1 control and a bidi override. `history`, `stats` and `history --json` show it
/// inert; the JSON still reads back as the very name written.
#[test]
fn escapes_in_the_history() {
    let name = r"Evil\u001b]52;c;ZWNobyBwd25lZA==\u0007\u009b2J\u202erest";
    let line = format!(
        r#"{{"start":"2026-11-30T07:15:02+01:00","routine":"evil","name":"{name}","length_ms":600000,"practiced_ms":600000,"completed":true,"steps_reached":1,"steps":1,"max_late_us":0}}"#
    );
    let damaged = r#"{"start":"\u001b]52;c;aGk=\u00072026","routine":"x","name":"y","length_ms":1,"practiced_ms":1,"completed":true,"steps_reached":1,"steps":1,"max_late_us":0}"#;
    let history = format!("{line}\n{damaged}\n");
    let shown = "Evil\u{fffd}]52;c;ZWNobyBwd25lZA==\u{fffd}";

    let test = Test::new()
        .home_file("history.jsonl", &history)
        .args(["history"]);
    let (stdout, stderr) = inert(&test, 0);
    assert!(stdout.contains(shown), "{stdout}");
    assert!(
        stderr.contains("line 2 of") && stderr.contains("\u{fffd}]52;c;aGk="),
        "{stderr}"
    );

    let test =
        Test::new()
            .home_file("history.jsonl", &history)
            .args(["stats", "--as-of", "2026-12-01"]);
    let (stdout, _) = inert(&test, 0);
    assert!(stdout.contains(shown), "{stdout}");

    let test = Test::new()
        .home_file("history.jsonl", &history)
        .args(["history", "--json"]);
    let (stdout, _) = inert(&test, 0);
    let records: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(
        records[0]["name"],
        "Evil\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}\u{9b}2J\u{202e}rest"
    );
}

/// A settings file with escapes in a value, in a key, and in a `[length]` entry: each
/// message names the setting, and its place the line and column, inert.
#[test]
fn escapes_in_the_settings_file() {
    for (config, says, place) in [
        (
            format!("display = \"{ESCAPES}full\""),
            format!("error: `display` cannot be \"{SHOWN}full\""),
            "config.toml:1:11\n",
        ),
        (
            format!("\"{ESCAPES}volume\" = 1"),
            format!("error: `{SHOWN}volume` is not a setting"),
            "config.toml:1:1\n",
        ),
        (
            format!("[length]\nsettle = \"{ESCAPES}5m\""),
            format!(
                "error: `length.settle` cannot be \"{SHOWN}5m\": `{SHOWN}5m` is not a duration"
            ),
            "config.toml:2:10\n",
        ),
        (
            format!("[sound.volume]\n\"{ESCAPES}bells\" = 5"),
            format!("error: `{SHOWN}bells` is not a setting of [sound.volume]"),
            "config.toml:2:1\n",
        ),
    ] {
        let test = Test::new().config(&config).args(["show", "settle"]);
        let (_, stderr) = inert(&test, 2);
        assert!(stderr.contains(&says), "{config}: {stderr}");
        assert!(stderr.contains(place), "{config}: {stderr}");
    }
}

/// `settings` shows the names, the file and the voice the settings file gives, inert.
#[test]
fn what_settings_shows_from_the_settings_file() {
    let config = format!(
        "[length]\n\"{ESCAPES}mine\" = \"5m\"\n[sound]\nambient = \"{ESCAPES}a.wav\"\n\
         [speech]\nvoice = \"{ESCAPES}en\"\n"
    );
    let test = Test::new().config(&config).args(["settings"]);
    let (stdout, _) = inert(&test, 0);
    for read in [
        format!("5m for {SHOWN}mine"),
        format!("{SHOWN}a.wav"),
        format!("{SHOWN}en"),
    ] {
        assert!(stdout.contains(&read), "{read}: {stdout}");
    }
}

/// A name and a title with line breaks and HTML in them.
const FORGING: &str = r#"
version = 1
name = "Rest\n# Forged heading\n<script>alert(1)</script>"
summary = "---\n| 00:00 | Forged | 1h |"
[[steps]]
title = "Arrive\n00:30  session complete, practiced 1h of 1h\n<img src=x onerror=alert(1)>"
duration = "1m"
text = "1. Lie down & rest."
[[steps]]
title = "Close"
duration = "30s"
"#;

/// The handout escapes Markdown and HTML: every heading, table row and list item is the
/// program's own, and no tag is left to run.
#[test]
fn a_handout_cannot_be_forged() {
    let test = Test::new().routine("r.toml", FORGING).args([
        "show",
        "{dir}/r.toml",
        "--format",
        "markdown",
    ]);
    let (stdout, _) = inert(&test, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        r"# Rest \# Forged heading &lt;script&gt;alert(1)&lt;/script&gt;"
    );
    assert_eq!(lines[2], r"\--- \| 00:00 \| Forged \| 1h \|");
    let headings = lines.iter().filter(|l| l.starts_with('#')).count();
    assert_eq!(headings, 3, "the name and the two sections:\n{stdout}");
    let rows: Vec<&&str> = lines.iter().filter(|l| l.starts_with('|')).collect();
    // The header, its rule, the two steps and the end.
    assert_eq!(rows.len(), 5, "{stdout}");
    assert!(!stdout.contains('<'), "{stdout}");
    assert!(
        stdout.contains(r"1. **Arrive 00:30 session complete, practiced 1h of 1h &lt;img"),
        "{stdout}"
    );
    assert!(stdout.contains(r"1\. Lie down &amp; rest."), "{stdout}");
}

/// On the plain display and in `show`'s table, a name or a title is one line: every line
/// a session writes starts with its time or is a step's words, indented under it.
#[test]
fn plain_lines_and_the_table_cannot_be_forged() {
    // Wide enough that the forged line is not wrapped apart.
    let test = Test::new()
        .routine("r.toml", FORGING)
        .env("COLUMNS", "400")
        .args([
            "run",
            "{dir}/r.toml",
            "--clock",
            "virtual",
            "--ui",
            "plain",
            "--no-sound",
            "--no-log",
        ]);
    let (stdout, _) = inert(&test, 0);
    let timed = |line: &&str| line.as_bytes().get(2) == Some(&b':') && line.get(5..7) == Some("  ");
    for line in stdout.lines() {
        assert!(
            timed(&line) || line.starts_with("       "),
            "{line:?} in:\n{stdout}"
        );
    }
    assert_eq!(stdout.lines().filter(timed).count(), 4, "{stdout}");
    // Laid out in rows, the runs of spaces in a routine's words are one space.
    assert!(stdout.contains("step 1 of 2: Arrive 00:30 session complete"));

    let test = Test::new()
        .routine("r.toml", FORGING)
        .args(["show", "{dir}/r.toml"]);
    let (stdout, _) = inert(&test, 0);
    // The heading, a blank line, the column names, two steps and the end.
    assert_eq!(stdout.lines().count(), 6, "{stdout}");
    assert!(stdout.starts_with("Rest # Forged heading <script>alert(1)</script>: 1m 30s"));
}

/// The full screen draws the routine's words, never its escapes, and the line it leaves
/// behind on the main screen keeps the name on that one line.
#[cfg(unix)]
#[test]
fn the_full_screen_shows_no_escapes() {
    let file = format!(
        "version = 1\nname = \"Name\\u202e{ESCAPES}\\nrest\"\n[[steps]]\n\
         title = \"Arrive\\u2066\\u009b2J{ESCAPES}\\nnow\"\nduration = \"2s\"\n\
         text = \"Lie \\u001b]52;c;aGk=\\u0007down.\"\n"
    );
    let test =
        Test::new()
            .routine("r.toml", &file)
            .args(["{dir}/r.toml", "--no-sound", "--no-log"]);
    let Some(session) = crate::full_screen::Session::run(test) else {
        return;
    };
    let written = session.written();
    for unwanted in [
        "\u{7}", "\u{1b}]", "\u{1b}P", "\u{9b}", "\u{202e}", "\u{2066}", "PWNED",
    ] {
        assert!(!written.contains(unwanted), "{unwanted:?} in {written:?}");
    }
    assert!(written.contains("Arrive now"), "{written:?}");
    assert!(
        written.contains("Name rest: session complete"),
        "{written:?}"
    );
}
