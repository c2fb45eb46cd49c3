//! Reading the command line as a new user types it: nothing at all is a welcome, and a
//! mistake is told with what was meant or what is allowed.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches};

use super::Cli;
use super::values::{Refused, in_words, refused};
use crate::untrusted::Untrusted;

/// What the command line asks for.
#[derive(Debug)]
pub enum Parsed {
    /// A command to carry out.
    Cli(Box<Cli>),
    /// Nothing at all: a welcome, with what to type first.
    Welcome,
    /// A mistake, told in one line.
    Mistake(String),
    /// What clap prints itself: help, the version, or a mistake it tells well.
    Clap(clap::Error),
}

/// Reads the command line (the program's name first).
#[must_use]
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Parsed {
    let args = help_of_help(args.into_iter().collect());
    let mut command = Cli::command();
    let matches = command.try_get_matches_from_mut(&args);
    match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => Parsed::Cli(Box::new(cli)),
        Err(error) => explain(error, &args, &command),
    }
}

/// `help --help` asks about `help`, which clap's `help` does not take: it gets the help it
/// would have given.
fn help_of_help(mut args: Vec<OsString>) -> Vec<OsString> {
    if args.get(1).is_some_and(|a| a == "help") {
        let (head, tail) = args.split_at(2);
        let tail = tail.iter().filter(|a| *a != "--help" && *a != "-h");
        args = head.iter().chain(tail).cloned().collect();
    }
    args
}

/// A mistake clap found, told as this command line tells mistakes.
fn explain(mut error: clap::Error, args: &[OsString], command: &clap::Command) -> Parsed {
    match error.kind() {
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Parsed::Welcome,
        ErrorKind::ValueValidation | ErrorKind::InvalidValue => {
            Parsed::Mistake(value_mistake(&error, command))
        }
        ErrorKind::ArgumentConflict => match string(&error, ContextKind::InvalidSubcommand) {
            Some(stray) => Parsed::Mistake(stray_word(&stray, args)),
            None => Parsed::Clap(error),
        },
        ErrorKind::UnknownArgument => match string(&error, ContextKind::InvalidArg) {
            Some(flag) if flag.starts_with("--") => {
                suggest_flag(&mut error, &flag, args, command);
                Parsed::Clap(error)
            }
            // Only a session's command line takes a routine a stray word could follow.
            Some(stray)
                if !stray.starts_with('-')
                    && verb(args, command).is_none_or(|v| v.get_name() == "run") =>
            {
                Parsed::Mistake(stray_word(&stray, args))
            }
            _ => Parsed::Clap(error),
        },
        _ => Parsed::Clap(error),
    }
}

/// A piece of an error's context, as text.
fn string(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(text) => Some(text.clone()),
        _ => None,
    }
}

/// A value a flag will not take, in the one wording: the flag, the value, what it takes.
fn value_mistake(error: &clap::Error, command: &clap::Command) -> String {
    let arg = string(error, ContextKind::InvalidArg).unwrap_or_default();
    let flag = flag_name(&arg, command);
    let value = string(error, ContextKind::InvalidValue).unwrap_or_default();
    let source = std::error::Error::source(error);
    if let Some(refusal) = source.and_then(|s| s.downcast_ref::<Refused>()) {
        return refused(&flag, &refusal.value, &refusal.allowed);
    }
    if let Some(ContextValue::Strings(valid)) = error.get(ContextKind::ValidValue) {
        let message = refused(&flag, &value, &in_words(valid));
        return match error.get(ContextKind::SuggestedValue) {
            Some(ContextValue::String(like)) => format!("{message}; did you mean `{like}`?"),
            _ => message,
        };
    }
    match source {
        Some(reason) => format!("{flag} cannot be `{}`: {reason}", Untrusted::value(&value)),
        None => refused(&flag, &value, "a value"),
    }
}

/// A flag as a message names it: `-n/--last` when it has a short form, else `--for`.
fn flag_name(arg: &str, command: &clap::Command) -> String {
    // A value given without a flag, `<TEXT>` in clap's words, is named by what it is.
    if let Some(name) = arg.strip_prefix('<').and_then(|a| a.strip_suffix('>')) {
        return format!("the {}", name.to_lowercase());
    }
    let long = arg.split(' ').next().unwrap_or(arg);
    let short = std::iter::once(command)
        .chain(command.get_subcommands())
        .flat_map(clap::Command::get_arguments)
        .find(|a| {
            a.get_long()
                .is_some_and(|l| long.strip_prefix("--") == Some(l))
        })
        .and_then(clap::Arg::get_short);
    match short {
        Some(short) => format!("-{short}/{long}"),
        None => long.to_owned(),
    }
}

/// Adds the closest flag to an unknown one, where clap found none (it misses a swap of two
/// letters, `--fro` for `--for`).
fn suggest_flag(error: &mut clap::Error, flag: &str, args: &[OsString], command: &clap::Command) {
    if error.get(ContextKind::SuggestedArg).is_some() {
        return;
    }
    let longs = verb(args, command)
        .unwrap_or(command)
        .get_arguments()
        .filter(|a| !a.is_hide_set())
        .filter_map(clap::Arg::get_long);
    // Without their dashes, which every flag shares and which would make any two alike.
    let typed = flag.trim_start_matches('-');
    if let Some(best) = crate::suggest::closest(typed, longs).first() {
        let best = format!("--{best}");
        error.insert(ContextKind::SuggestedArg, ContextValue::String(best));
        // The tip of passing it as a value after `--` would only mislead.
        error.remove(ContextKind::Suggested);
    }
}

/// The verb of a command line, if it has one: the first word that names one.
fn verb<'a>(args: &[OsString], command: &'a clap::Command) -> Option<&'a clap::Command> {
    args.iter()
        .skip(1)
        .find_map(|a| command.find_subcommand(a.to_str()?))
}

/// A word after the routine, where none is taken: what was probably meant.
fn stray_word(stray: &str, args: &[OsString]) -> String {
    let flag = if crate::duration::parse_ms(stray).is_ok() {
        Some("--for")
    } else if crate::routine::BreathPattern::parse(stray).is_ok() {
        Some("--breath")
    } else {
        None
    };
    let shown = Untrusted::value(stray);
    match flag {
        Some(flag) => {
            let meant: Vec<String> = args
                .iter()
                .skip(1)
                .map(|a| {
                    let a = a.to_string_lossy();
                    if a == stray {
                        format!("{flag} {a}")
                    } else {
                        quoted(&a)
                    }
                })
                .collect();
            format!(
                "`{shown}` is a word too many; did you mean `psoas-timer {}`?",
                Untrusted::value(meant.join(" "))
            )
        }
        None => format!(
            "`{shown}` is a word too many: a session takes one routine, and its options begin \
             with `--` (`psoas-timer run --help` lists them)"
        ),
    }
}

/// An argument as it would be typed again in a shell.
fn quoted(arg: &str) -> String {
    if arg.is_empty() || arg.contains(char::is_whitespace) {
        format!("\"{arg}\"")
    } else {
        arg.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Parsed {
        super::parse(line.split(' ').map(OsString::from))
    }

    fn mistake(line: &str) -> String {
        match parse(line) {
            Parsed::Mistake(message) => message,
            other => panic!("`{line}` is no mistake: {other:?}"),
        }
    }

    #[test]
    fn nothing_at_all_is_a_welcome() {
        assert!(matches!(
            super::parse([OsString::from("psoas-timer")]),
            Parsed::Welcome
        ));
        // A flag without a routine is still a missing routine.
        assert!(matches!(parse("psoas-timer --for 5m"), Parsed::Clap(_)));
    }

    #[test]
    fn a_stray_length_is_meant_for_the_length() {
        assert_eq!(
            mistake("psoas-timer constructive-rest 5m"),
            "`5m` is a word too many; did you mean `psoas-timer constructive-rest --for 5m`?"
        );
        assert!(
            mistake("psoas-timer run extended-exhale 4-6")
                .contains("run extended-exhale --breath 4-6")
        );
        assert!(mistake("psoas-timer constructive-rest soon").contains("one routine"));
        // Other verbs are told by clap, which knows what they take.
        assert!(matches!(parse("psoas-timer list 5m"), Parsed::Clap(_)));
    }

    #[test]
    fn values_are_told_with_their_flag() {
        assert_eq!(
            mistake("psoas-timer constructive-rest --volume loud"),
            "--volume takes a whole number from 0 to 100 (a percent sign may follow), not `loud`"
        );
        assert_eq!(
            mistake("psoas-timer history -n 0"),
            "-n/--last takes a whole number from 1, not `0`"
        );
        assert_eq!(
            mistake("psoas-timer constructive-rest --clock later"),
            "--clock takes real or virtual, not `later`"
        );
    }

    #[test]
    fn an_unknown_flag_gets_the_closest() {
        let Parsed::Clap(error) = parse("psoas-timer constructive-rest --fro 15m") else {
            panic!("not clap's");
        };
        assert_eq!(
            error.get(ContextKind::SuggestedArg),
            Some(&ContextValue::String("--for".to_owned()))
        );
    }
}
