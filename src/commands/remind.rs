//! `remind`: a daily reminder to practice, kept by the calendar or the service manager the
//! user already has, so that psoas-timer itself never runs in the background.
//!
//! `--daily 07:30` writes an iCalendar event that recurs each day with an alarm at its
//! start; `--systemd` writes a user timer and service that show a desktop notification
//! instead. Each unit file begins with [`MARKER`], and `--remove` removes only files that
//! begin with it.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use jiff::civil::Time;

use super::whole_file;
use crate::cli::RemindArgs;
use crate::error::{AppError, exit};
use crate::ics;
use crate::paths::Paths;
use crate::routine::library::load;
use crate::session::clock::wall_now;
use crate::untrusted::Untrusted;

/// The first line of every unit file `remind --systemd` writes: what `--remove` looks for.
const MARKER: &str =
    "# Written by `psoas-timer remind --systemd`; `psoas-timer remind --remove` removes it.";

/// The names of the unit files, in the user's systemd folder.
const SERVICE: &str = "psoas-timer-remind.service";
/// The timer that starts [`SERVICE`] each day.
const TIMER: &str = "psoas-timer-remind.timer";

/// How long the reminder's event lasts in a calendar, as RFC 5545 writes it: fifteen
/// minutes, a short session's time.
const REMINDER_LENGTH: &str = "PT15M";

/// Writes a reminder, or removes the one written.
pub(super) fn remind(args: &RemindArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    if args.remove {
        return remove();
    }
    let Some(at) = args.daily else {
        return Err(AppError::Usage(
            "remind needs --daily HH:MM, or --remove".into(),
        ));
    };
    // The routine must be one there is, so the reminder names it as people say it and the
    // command it gives starts it.
    let routine = args
        .routine
        .as_deref()
        .map(|id| load(id, super::user_dir(paths)).map(|found| (id, found.routine)))
        .transpose()?;
    let named = routine.as_ref().map(|(id, routine)| Named {
        id,
        name: &routine.name,
    });
    let command = practice_command(named.as_ref().map(|r| r.id));
    if args.systemd {
        return systemd(at, &command);
    }
    whole_file::write_to(args.output.as_deref(), args.force, |out| {
        calendar(at, named.as_ref(), &command, out)
    })?;
    if let Some(path) = &args.output {
        say!(
            "A daily reminder at {} is in {}: import it into your calendar. \
             To undo, delete the event \"{}\" there (deleting the file is not enough once it is imported).",
            at.strftime("%H:%M"),
            Untrusted::path(path),
            summary(named.as_ref())
        );
    }
    Ok(exit::OK)
}

/// What to type to practice: the routine's command, or `list` to choose one.
fn practice_command(routine: Option<&str>) -> String {
    match routine {
        Some(routine) => format!("psoas-timer {}", shell_word(routine)),
        None => "psoas-timer list".to_owned(),
    }
}

/// A word as a shell reads it: as it is when it is plain, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The routine a reminder is for: as it is asked for on the command line, and its name.
struct Named<'a> {
    id: &'a str,
    name: &'a str,
}

/// The reminder's title.
fn summary(routine: Option<&Named<'_>>) -> String {
    match routine {
        Some(routine) => format!("Practice: {}", routine.name),
        None => "Practice".to_owned(),
    }
}

/// The reminder as an iCalendar event that recurs daily at `at`, local time wherever the
/// calendar is, from today, with an alarm at its start.
fn calendar(
    at: Time,
    routine: Option<&Named<'_>>,
    command: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let now = wall_now();
    let summary = summary(routine);
    let description = format!("Time to practice. In a terminal, type: {command}");
    let mut calendar = ics::Writer::new(out);
    calendar.begin_calendar()?;
    calendar.begin("VEVENT")?;
    // The same time and routine give the same event, so importing it again replaces it.
    let key = format!("{}-{}", at.strftime("%H%M"), routine.map_or("", |r| r.id));
    let key: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    calendar.raw("UID", &format!("daily-{key}@psoas-timer"))?;
    calendar.utc("DTSTAMP", now.timestamp())?;
    calendar.floating("DTSTART", now.date().to_datetime(at))?;
    calendar.raw("DURATION", REMINDER_LENGTH)?;
    calendar.raw("RRULE", "FREQ=DAILY")?;
    calendar.text("SUMMARY", &summary)?;
    calendar.text("DESCRIPTION", &description)?;
    calendar.begin("VALARM")?;
    calendar.raw("ACTION", "DISPLAY")?;
    calendar.raw("TRIGGER", "PT0S")?;
    calendar.text("DESCRIPTION", &format!("{summary}: {command}"))?;
    calendar.end("VALARM")?;
    calendar.end("VEVENT")?;
    calendar.finish().map(|_| ())
}

/// The user's systemd folder: `$XDG_CONFIG_HOME/systemd/user`, else
/// `~/.config/systemd/user`.
fn unit_folder() -> Result<PathBuf, AppError> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))
        .ok_or_else(|| {
            AppError::Usage(
                "there is no home folder for systemd's user units; set HOME or XDG_CONFIG_HOME"
                    .into(),
            )
        })?;
    Ok(config.join("systemd").join("user"))
}

/// The service: a notification, when notify-send is installed.
fn service_file(command: &str) -> String {
    let mut text =
        format!("{MARKER}\n[Unit]\nDescription=A reminder to practice with psoas-timer\n\n");
    text.push_str("[Service]\nType=oneshot\n");
    // Without notify-send the service is skipped, not failed.
    text.push_str("ExecCondition=/bin/sh -c \"command -v notify-send\"\n");
    let _ = writeln!(
        text,
        "ExecStart=/usr/bin/env notify-send --app-name=psoas-timer {} {}",
        unit_word("Time to practice"),
        unit_word(&format!("In a terminal, type: {command}"))
    );
    text
}

/// The timer: each day at `at`, local time.
fn timer_file(at: Time) -> String {
    format!(
        "{MARKER}\n[Unit]\nDescription=A daily reminder to practice with psoas-timer, at {}\n\n\
         [Timer]\nOnCalendar=*-*-* {}\nAccuracySec=1min\n\n[Install]\nWantedBy=timers.target\n",
        at.strftime("%H:%M"),
        at.strftime("%H:%M:%S"),
    )
}

/// A word of a unit's command line, quoted as systemd reads one: `%` and `$` doubled, `\`
/// and `"` escaped, and control characters (which a unit line cannot hold) marked.
fn unit_word(word: &str) -> String {
    let shown = Untrusted::words(word).to_string();
    let mut out = String::from('"');
    for c in shown.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '%' => out.push_str("%%"),
            '$' => out.push_str("$$"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes the timer and service, then asks systemd to start the timer.
fn systemd(at: Time, command: &str) -> Result<i32, AppError> {
    if !cfg!(target_os = "linux") {
        return Err(AppError::Usage("--systemd is for Linux".into()));
    }
    let folder = unit_folder()?;
    fs::create_dir_all(&folder).map_err(|source| AppError::Write {
        path: folder.clone(),
        source,
    })?;
    let files = [
        (folder.join(SERVICE), service_file(command)),
        (folder.join(TIMER), timer_file(at)),
    ];
    // A file of the same name that this did not write is the user's: it stays.
    for (path, _) in &files {
        if path.exists() && !ours(path) {
            return Err(AppError::Usage(format!(
                "{} is there already and was not written by psoas-timer; it is left as it is",
                Untrusted::path(path)
            )));
        }
    }
    for (path, text) in &files {
        whole_file::write_whole(path, true, |out| out.write_all(text.as_bytes()))?;
    }
    say!(
        "A daily reminder at {} is in {} and {}.",
        at.strftime("%H:%M"),
        Untrusted::path(&files[1].0),
        Untrusted::path(&files[0].0)
    );
    if which("notify-send").is_none() {
        say!(
            "notify-send is not installed (it comes with libnotify), so the reminder will show nothing until it is."
        );
    }
    let enable = ["enable", "--now", TIMER];
    match systemctl(&["daemon-reload"]).and_then(|()| systemctl(&enable)) {
        Ok(()) => say!("The timer is started. To undo: psoas-timer remind --remove"),
        Err(why) => say!(
            "The timer could not be started here ({why}). To start it: \
             systemctl --user daemon-reload && systemctl --user enable --now {TIMER}\n\
             To undo: psoas-timer remind --remove"
        ),
    }
    Ok(exit::OK)
}

/// Stops the timer and removes the unit files `remind --systemd` wrote, and only those.
fn remove() -> Result<i32, AppError> {
    let folder = unit_folder()?;
    let timer = folder.join(TIMER);
    let mut removed = Vec::new();
    if ours(&timer) {
        if let Err(why) = systemctl(&["disable", "--now", TIMER]) {
            say!("The timer could not be stopped with systemctl ({why}).");
            // What `enable` made: a link to the timer, and nothing else.
            let link = folder.join("timers.target.wants").join(TIMER);
            if fs::read_link(&link).is_ok_and(|to| to == timer) {
                remove_file(&link)?;
                removed.push(link);
            }
        }
    }
    for name in [TIMER, SERVICE] {
        let path = folder.join(name);
        if ours(&path) {
            remove_file(&path)?;
            removed.push(path);
        } else if path.exists() {
            say!(
                "{} was not written by psoas-timer and is left as it is.",
                Untrusted::path(&path)
            );
        }
    }
    if removed.is_empty() {
        say!(
            "There is no reminder written by psoas-timer in {}.",
            Untrusted::path(&folder)
        );
    } else {
        let _ = systemctl(&["daemon-reload"]);
        for path in &removed {
            say!("Removed {}", Untrusted::path(path));
        }
    }
    Ok(exit::OK)
}

fn remove_file(path: &Path) -> Result<(), AppError> {
    fs::remove_file(path).map_err(|source| AppError::Write {
        path: path.to_owned(),
        source,
    })
}

/// True when the file at `path` begins with [`MARKER`].
fn ours(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|text| text.lines().next() == Some(MARKER))
}

/// Runs `systemctl --user` with `args`; why it could not, in words.
fn systemctl(args: &[&str]) -> Result<(), String> {
    let output = Command::new("systemctl")
        .arg("--user")
        .args(args)
        .output()
        .map_err(|error| match error.kind() {
            io::ErrorKind::NotFound => "systemctl is not installed".to_owned(),
            _ => format!("systemctl could not be run: {error}"),
        })?;
    if output.status.success() {
        return Ok(());
    }
    let said = String::from_utf8_lossy(&output.stderr);
    let said = said.lines().next().unwrap_or("").trim();
    Err(format!(
        "systemctl --user {} said: {}",
        args.join(" "),
        Untrusted::value(said)
    ))
}

/// Where a program is on `PATH`.
fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|folder| folder.join(program))
        .find(|path| path.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_of_a_unit_line_is_quoted_as_systemd_reads_it() {
        assert_eq!(unit_word("plain"), "\"plain\"");
        assert_eq!(unit_word(r#"100% "$HOME" \"#), r#""100%% \"$$HOME\" \\""#);
        assert_eq!(unit_word("two\nlines"), "\"two lines\"");
    }

    #[test]
    fn the_command_to_type_is_quoted_for_a_shell_when_it_must_be() {
        assert_eq!(
            practice_command(Some("constructive-rest")),
            "psoas-timer constructive-rest"
        );
        assert_eq!(
            practice_command(Some("my rest's")),
            r"psoas-timer 'my rest'\''s'"
        );
        assert_eq!(practice_command(None), "psoas-timer list");
    }

    #[test]
    fn every_unit_file_begins_with_the_marker() {
        let at = Time::constant(7, 30, 0, 0);
        for text in [service_file("psoas-timer list"), timer_file(at)] {
            assert_eq!(text.lines().next(), Some(MARKER));
        }
        assert!(timer_file(at).contains("OnCalendar=*-*-* 07:30:00\n"));
    }
}
