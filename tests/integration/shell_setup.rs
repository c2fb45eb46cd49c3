//! What an installed program gives the shell around it: completion scripts, routine names to
//! complete, and a manual page.

use std::path::Path;
use std::process::{Command, Stdio};

use clap::CommandFactory;
use psoas_timer::cli::Cli;
use psoas_timer::routine::library::BUILTINS;

use crate::common::{Test, can_run};

/// A short routine a user keeps, under a name given by each test.
const MINE: &str = r#"
version = 1
name = "Mine"

[[steps]]
title = "Rest"
duration = "3s"
"#;

/// Whether a program is installed, by running it with `arg`.
fn installed(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// The names of the commands, as the help lists them.
fn commands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|command| command.get_name().to_owned())
        .collect()
}

/// Runs a bash script with the binary's folder first on PATH and the test's home.
fn bash(test: &Test, script: &str) -> std::process::Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_psoas-timer"));
    let path = std::env::join_paths(
        std::iter::once(bin.parent().expect("a folder").to_owned()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .expect("a PATH");
    Command::new("bash")
        .args(["--norc", "--noprofile", "-c", script])
        .env("PATH", path)
        .env("PSOAS_TIMER_HOME", test.home())
        .stdin(Stdio::null())
        .output()
        .expect("bash runs")
}

#[test]
fn bash_can_source_the_completions_and_completes_routine_names_in_place() {
    if !can_run(installed("bash", "--version"), "bash") {
        return;
    }
    let test = Test::new().home_file("routines/my-evening.toml", MINE);
    let output = bash(
        &test,
        r#"source <(psoas-timer completions bash) && complete -p psoas-timer || exit 1
        complete_at() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
            _psoas__timer psoas-timer "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}";
            printf '%s\n' "--- $*" "${COMPREPLY[@]}"; }
        complete_at psoas-timer run ''
        complete_at psoas-timer voices --routine my-
        complete_at psoas-timer completions ''
        complete_at psoas-timer ma"#,
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let registered = stdout.lines().next().unwrap_or_default();
    assert!(registered.starts_with("complete "), "{stdout}");
    assert!(registered.ends_with(" psoas-timer"), "{stdout}");
    let after = |words: &str| -> Vec<&str> {
        let start = stdout.find(&format!("--- {words}\n")).expect(words) + words.len() + 5;
        stdout[start..]
            .lines()
            .take_while(|l| !l.starts_with("--- "))
            .collect()
    };
    let run = after("psoas-timer run ");
    for builtin in BUILTINS {
        assert!(run.contains(&builtin.id), "{} in {run:?}", builtin.id);
    }
    assert!(run.contains(&"my-evening"), "{run:?}");
    assert_eq!(after("psoas-timer voices --routine my-"), ["my-evening"]);
    let shells = after("psoas-timer completions ");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        assert!(shells.contains(&shell), "{shell} in {shells:?}");
    }
    assert_eq!(after("psoas-timer ma"), ["man"]);
}

#[test]
fn zsh_and_fish_scripts_name_every_command_and_ask_for_the_routines() {
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let output = Test::new().args(["completions", shell]).run();
        for command in commands() {
            assert!(
                output.stdout.contains(&command),
                "{shell} lacks {command}:\n{}",
                output.stdout
            );
        }
        let asks = output.stdout.contains("psoas-timer list --names");
        assert_eq!(asks, shell == "zsh" || shell == "fish", "{shell}");
        assert!(
            !output.stdout.contains("psoas-timer-routine-names"),
            "{shell}"
        );
    }
}

#[test]
fn a_shell_no_one_has_is_refused() {
    Test::new()
        .args(["completions", "tcsh"])
        .status(2)
        .stderr_has("takes bash, elvish, fish, powershell or zsh, not `tcsh`")
        .run();
}

#[test]
fn the_names_are_the_builtins_and_the_users_own_sorted_once_each() {
    let output = Test::new()
        .home_file("routines/my-evening.toml", MINE)
        .home_file("routines/settle.toml", MINE)
        .home_file("routines/notes.txt", "not a routine")
        .home_file("routines/bad\u{1b}[2Jname.toml", MINE)
        .args(["list", "--names"])
        .run();
    let mut expected: Vec<&str> = BUILTINS.iter().map(|b| b.id).collect();
    expected.push("my-evening");
    expected.sort_unstable();
    assert_eq!(output.stdout.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn a_routine_named_like_a_command_is_reached_with_run() {
    Test::new()
        .home_file("routines/man.toml", MINE)
        .args([
            "run",
            "man",
            "--clock",
            "virtual",
            "--no-sound",
            "--ui",
            "plain",
            "--no-log",
        ])
        .stdout_has("Rest")
        .run()
        .then()
        .args(["man"])
        .stdout_has(".TH psoas-timer")
        .run();
}

#[test]
fn the_manual_page_renders_with_every_command_in_it() {
    if !can_run(installed("man", "--version"), "man (man-db)") {
        return;
    }
    let page = Test::new().args(["man"]).run().stdout;
    let mut man = Command::new("man")
        .args(["--warnings", "-l", "-"])
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("LC_ALL", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("man runs");
    std::io::Write::write_all(&mut man.stdin.take().expect("stdin"), page.as_bytes())
        .expect("the page is sent");
    let output = man.wait_with_output().expect("man ends");
    let text = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && stderr.is_empty(), "{stderr}");
    assert!(text.contains("SYNOPSIS"), "{text}");
    for command in commands().iter().filter(|c| *c != "help") {
        assert!(
            text.contains(&format!("psoas-timer {command}")),
            "{command}:\n{text}"
        );
    }
    assert!(text.contains("--breath"), "{text}");
}
