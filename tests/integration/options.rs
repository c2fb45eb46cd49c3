//! A session's options are worked out once, from the command line, the settings file, the
//! routine and the defaults, and every command uses the same: `render` and `show` take
//! their length from the settings as a session does, and `settings` says where each one
//! comes from.

use std::path::Path;
use std::time::Duration;

use crate::common::{Test, settings_row};

/// The length of a WAV file.
fn wav_length(wav: &Path) -> Duration {
    let reader = hound::WavReader::open(wav).unwrap();
    let frames = u64::from(reader.duration());
    let rate = u64::from(reader.spec().sample_rate);
    Duration::from_millis(frames * 1_000 / rate)
}

#[test]
fn render_honours_the_settings_length() {
    let settings = "[length]\nconstructive-rest = \"9m\"\n";
    let render = [
        "render",
        "constructive-rest",
        "-o",
        "{dir}/rest.wav",
        "--no-voice",
    ];
    let minutes = |n: u64| Duration::from_secs(n * 60);

    let settled = Test::new().config(settings).args(render).run();
    // The end bells ring out for about 13 s after the session.
    let length = wav_length(&settled.dir().join("rest.wav"));
    assert!(
        (minutes(9)..minutes(10)).contains(&length),
        "the rendering lasts {length:?}"
    );

    let chosen = settled.then().args(render).args(["--for", "11m"]).run();
    let length = wav_length(&chosen.dir().join("rest.wav"));
    assert!(
        (minutes(11)..minutes(12)).contains(&length),
        "with --for 11m, the rendering lasts {length:?}"
    );

    let shown = chosen.then().args(["show", "constructive-rest"]).run();
    let first = shown.stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("Constructive Rest: 9m"),
        "{}",
        shown.stdout
    );
}

#[test]
fn settings_reports_what_a_session_uses() {
    let defaults = Test::new().args(["settings"]).run();
    assert_eq!(
        settings_row(&defaults.stdout, "display"),
        ("plain lines", "standard output is not a terminal")
    );
    assert_eq!(settings_row(&defaults.stdout, "volume"), ("70%", "default"));

    let from_file = defaults
        .then()
        .config("volume = 40\n")
        .args(["settings"])
        .run();
    assert_eq!(
        settings_row(&from_file.stdout, "volume"),
        ("40%", "settings file")
    );

    let from_flag = from_file.then().args(["settings", "--volume", "30"]).run();
    assert_eq!(
        settings_row(&from_flag.stdout, "volume"),
        ("30%", "--volume")
    );

    #[cfg(unix)]
    {
        let in_a_terminal = Test::new().args(["settings"]);
        let Some(session) = crate::full_screen::Session::run(in_a_terminal) else {
            return;
        };
        let written = session.written();
        assert_eq!(
            settings_row(&written, "display"),
            ("full screen", "standard output is a terminal"),
            "{written}"
        );
    }
}

#[test]
fn settings_refuses_what_a_session_would_refuse() {
    Test::new()
        .args(["settings", "constructive-rest", "--for", "45m"])
        .status(2)
        .stderr_has("Constructive Rest can last from 9m to 23m; 45m is outside that")
        .run();
    let too_short = "[length]\nconstructive-rest = \"2m\"\n";
    let words = "Constructive Rest can last from 9m to 23m; 2m is outside that";
    let checked = Test::new()
        .config(too_short)
        .args(["settings"])
        .status(2)
        .stderr_has(&format!(
            "error: `length.constructive-rest` cannot be \"2m\": {words}\n"
        ))
        .stderr_has("[HOME]/config.toml:2:21\n")
        .run();
    checked
        .then()
        .args(["constructive-rest", "--clock", "virtual"])
        .status(2)
        .stderr(&format!(
            "error: {words}; that length comes from `length.constructive-rest` in [HOME]/config.toml, and `--for` chooses another\n"
        ))
        .run();
}

/// Two bad values, a routine's name misspelled and a length its routine does not allow:
/// `settings` tells every one in one run, by their place in the file, and changes nothing.
#[test]
fn settings_tells_every_problem_at_once() {
    let several = "volume = 300\ndisplay = \"fancy\"\n\n[length]\nconstructive-rset = \"15m\"\n\
        constructive-rest = \"3m\"\nsettle = \"5m\"\n";
    let output = Test::new()
        .config(several)
        .args(["settings"])
        .status(2)
        .run();
    insta::assert_snapshot!(output.snapshot());
    assert_eq!(
        output.home_file("config.toml"),
        several,
        "the file is only read"
    );
}

/// A routine's name no routine has is told, with the closest, but refuses nothing: not
/// `settings`, and not a session of another routine.
#[test]
fn a_misspelled_routine_in_the_lengths_is_a_warning() {
    let misspelled = "[length]\nconstructive-rset = \"15m\"\n";
    let output = Test::new()
        .config(misspelled)
        .args(["settings"])
        .stdout_has("15m for constructive-rset")
        .run();
    insta::assert_snapshot!(output.stderr);
    output
        .then()
        .args(["settle", "--clock", "virtual", "--ui", "plain"])
        .stdout_has("session complete")
        .stderr_lacks("constructive-rset")
        .run();
    // Nor does a routine of the user's own that was deleted stop a session of another.
    let kept = "[length]\nmine = \"12m\"\n";
    let output = Test::new()
        .config(kept)
        .args(["settings"])
        .stderr_has("warning: `length.mine`: no routine is called `mine`")
        .run();
    output
        .then()
        .args(["constructive-rest", "--clock", "virtual", "--ui", "plain"])
        .stdout_has("session complete")
        .run();
    assert_eq!(
        output.home_file("config.toml"),
        kept,
        "the file is only read"
    );
}
