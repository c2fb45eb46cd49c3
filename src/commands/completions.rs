//! `completions`: a script that teaches a shell psoas-timer's commands and options, made
//! from the same command line that parses. In bash, zsh and fish, routine names complete
//! too: the script asks `psoas-timer list --names` each time, so a routine written since the
//! script was installed completes as well.

use std::fmt::Write as _;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::error::{AppError, exit};

/// Prints the script for `shell` to standard output.
pub(super) fn completions(shell: Shell) -> Result<i32, AppError> {
    let script = script(shell);
    crate::commands::write_out(format_args!("{script}"))?;
    Ok(exit::OK)
}

/// The program's name on the user's PATH.
const BIN: &str = "psoas-timer";

/// The value name of every argument that takes a routine's name.
const ROUTINE: &str = "ROUTINE";

/// What `clap_complete` is told a routine argument's only value is, so that the script has a
/// mark where the routine names go; no script is printed with it still in.
const MARK: &str = "psoas-timer-routine-names";

/// The script for one shell.
fn script(shell: Shell) -> String {
    let mut cli = crate::cli::Cli::command();
    let hooked = matches!(shell, Shell::Bash | Shell::Zsh | Shell::Fish);
    if hooked {
        cli = marked(cli);
    }
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cli, BIN, &mut script);
    let script = String::from_utf8_lossy(&script);
    match shell {
        Shell::Bash => bash(&script),
        Shell::Zsh => zsh(&script),
        Shell::Fish => fish(&script, &cli),
        _ => script.into_owned(),
    }
}

/// The command line with each routine argument taking only the mark.
fn marked(cli: clap::Command) -> clap::Command {
    let ids: Vec<_> = routine_args(&cli).map(|arg| arg.get_id().clone()).collect();
    let cli = ids.iter().fold(cli, |cli, id| cli.mut_arg(id, mark));
    let names: Vec<String> = cli
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    names.iter().fold(cli, |cli, name| {
        cli.mut_subcommand(name, |sub| {
            let ids: Vec<_> = routine_args(&sub).map(|a| a.get_id().clone()).collect();
            ids.iter().fold(sub, |sub, id| sub.mut_arg(id, mark))
        })
    })
}

fn mark(arg: clap::Arg) -> clap::Arg {
    arg.value_parser(clap::builder::PossibleValuesParser::new([MARK]))
}

/// The arguments of one command that take a routine's name.
fn routine_args(command: &clap::Command) -> impl Iterator<Item = &clap::Arg> {
    command.get_arguments().filter(|arg| {
        arg.get_value_names()
            .is_some_and(|names| names.iter().any(|name| name == ROUTINE))
    })
}

/// bash asks for the names where the mark is. `clap_complete` 4.6 names the branch of each
/// command `psoas__subcmd__timer__subcmd__run` but looks for `psoas__timer__subcmd__run`
/// (the dash in the program's name is read as a command's), so without the second
/// replacement no command's own options or values would complete.
fn bash(script: &str) -> String {
    script
        .replace(MARK, &format!("$({BIN} list --names 2>/dev/null)"))
        .replace("psoas__subcmd__timer", "psoas__timer")
}

/// zsh offers the routine names and, since a routine may be a file, files.
fn zsh(script: &str) -> String {
    let names = format!(
        "_psoas_timer_routines() {{\n    local -a names\n    names=(${{(f)\"$({BIN} list --names 2>/dev/null)\"}})\n    _alternative 'routines:routine:compadd -a names' 'files:file:_files'\n}}\n"
    );
    let script = script.replace(&format!("({MARK})"), "_psoas_timer_routines");
    match script.split_once('\n') {
        Some((compdef, rest)) => format!("{compdef}\n\n{names}\n{rest}"),
        None => script,
    }
}

/// fish completes options' values from the mark; positional arguments `clap_complete` leaves
/// to fish's files, so their routine names are added here, for each command that has one.
fn fish(script: &str, cli: &clap::Command) -> String {
    let names = format!("({BIN} list --names)");
    let mut script = script.replace(MARK, &names);
    let positional = |command: &clap::Command| routine_args(command).any(clap::Arg::is_positional);
    let conditions = positional(cli)
        .then(|| "__fish_psoas_timer_needs_command".to_owned())
        .into_iter()
        .chain(
            cli.get_subcommands()
                .filter(|sub| positional(sub))
                .map(|sub| format!("__fish_psoas_timer_using_subcommand {}", sub.get_name())),
        );
    for condition in conditions {
        // Writing to a String cannot fail.
        let _ = writeln!(
            script,
            "complete -c {BIN} -n \"{condition}\" -a \"{names}\""
        );
    }
    script
}
