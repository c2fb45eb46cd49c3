//! The command line, as clap sees it. `psoas-timer <ROUTINE>` is short for
//! `psoas-timer run <ROUTINE>`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::options::defaults;
use crate::routine::BreathPattern;
use crate::routine::SoundKind;
use crate::routine::sound_kinds::SoundGroup;
use crate::sinks::display::UiMode;
use crate::sinks::display::line_input::{Typed, typed};
use crate::sinks::sound::export::RATES;
use crate::sinks::sound::speech::EngineKind;

pub mod mistakes;
pub mod values;

use values::Refused;

/// A guided practice-session timer for the terminal: lie down, and be guided through timed
/// steps by a calm display.
#[derive(Debug, Parser)]
#[command(
    name = "psoas-timer",
    version,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    arg_required_else_help = true
)]
#[command(
    after_help = "Run `psoas-timer list` to see the routines, or `psoas-timer constructive-rest` to begin."
)]
pub struct Cli {
    /// What to do; without one, the routine given is run.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Running a routine (the default).
    #[command(flatten)]
    pub run: RunArgs,
}

/// The verbs.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Practice a routine (the same as giving the routine alone).
    Run(RunArgs),
    /// List the built-in routines and your own.
    List(ListArgs),
    /// Show a routine's timeline as a table, without running it.
    Show(ShowArgs),
    /// Check routine files and report every problem with its line and column.
    Check(CheckArgs),
    /// Start a new routine in your routine folder, from a commented template or a copy.
    New(NewArgs),
    /// Print the JSON Schema of the routine format, for editors.
    Schema,
    /// List your recent practice sessions, add one practiced away from the timer, or
    /// export them.
    History(HistoryArgs),
    /// Write a note on your last session, or on another with --session.
    Note(NoteArgs),
    /// Show your practice: total time, time per routine, streaks and the last weeks.
    Stats(StatsArgs),
    /// Write a report of your practice to send a teacher or therapist, in Markdown or HTML.
    Report(ReportArgs),
    /// Show where your settings and history are kept and which settings are in effect.
    Settings(SettingsArgs),
    /// Write a session's sound to a WAV or FLAC file, to listen to anywhere.
    Render(RenderArgs),
    /// List the speech engines and voices installed, and which one would speak.
    Voices(VoicesArgs),
    /// Write a daily reminder to practice: a calendar event, or a systemd timer on Linux.
    #[command(after_help = REMIND_UNDO)]
    Remind(RemindArgs),
    /// Print a script that completes psoas-timer's commands, options and routine names.
    Completions(CompletionsArgs),
    /// Print psoas-timer's manual page, every command in it, as roff for `man`.
    Man,
}

/// Options for `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print only the names that can be asked for, one a line: for the completion scripts.
    #[arg(long, hide = true)]
    pub names: bool,
}

/// Options for `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Options for `voices`.
#[derive(Debug, Args)]
pub struct VoicesArgs {
    /// The voice a session would use, as chosen on its command line.
    #[command(flatten)]
    pub speech: SpeechArgs,
    /// Which routine's language to find a voice for.
    #[arg(long, value_name = "ROUTINE")]
    pub routine: Option<String>,
}

/// Options for `new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new routine's name, as you will ask for it (letters, digits and dashes).
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Start from a copy of this routine instead of the template.
    #[arg(long, value_name = "ROUTINE")]
    pub from: Option<String>,
    /// Use a built-in routine's name on purpose: your routine is then used instead of it.
    #[arg(long)]
    pub shadow: bool,
}

/// Options for running a session.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// A built-in routine's name, one of yours, or a path to a .toml file.
    #[arg(required = true, value_name = "ROUTINE")]
    pub routine: Option<String>,
    /// Everything else about the session.
    #[command(flatten)]
    pub session: SessionArgs,
    /// A note on this session, kept with it in the history (`note` adds one later).
    #[arg(long, value_name = "TEXT", value_parser = values::note)]
    pub note: Option<String>,
}

/// Options for `note`.
#[derive(Debug, Args)]
pub struct NoteArgs {
    /// What to note: how the practice went, what you noticed.
    #[arg(value_name = "NOTE", value_parser = values::note)]
    pub text: String,
    /// The session to note, by its number in `history` (sessions are numbered from 1 in the
    /// order they were recorded) [default: the last session begun].
    #[arg(long, value_name = "N", value_parser = values::session_number)]
    pub session: Option<usize>,
}

/// Everything on the command line that shapes a session beyond its routine; `settings`
/// takes the same, to show what such a session would use.
#[derive(Debug, Clone, Default, Args)]
pub struct SessionArgs {
    /// The session's length and breath.
    #[command(flatten)]
    pub plan: PlanArgs,
    /// Which cues sound.
    #[command(flatten)]
    pub cues: CueArgs,
    /// How the sound is played.
    #[command(flatten)]
    pub sound: SoundArgs,
    /// How the session is shown and kept.
    #[command(flatten)]
    pub display: DisplayArgs,
}

/// How a session is shown, timed and recorded.
#[derive(Debug, Clone, Default, Args)]
pub struct DisplayArgs {
    /// Which clock to follow: `virtual` runs the whole session at once, with the same events.
    #[arg(long, value_enum, default_value_t = ClockKind::Real)]
    pub clock: ClockKind,
    /// Write every event as a line of JSON to FILE, or to standard output with `-`.
    #[arg(long, value_name = "FILE|-")]
    pub events: Option<PathBuf>,
    /// How to show the session [default: from the settings, else full on a terminal and plain elsewhere].
    #[arg(long, value_enum)]
    pub ui: Option<UiMode>,
    /// Record this session in the practice history even if it would not be (a virtual-clock
    /// preview, or history turned off in the settings).
    #[arg(long, conflicts_with = "no_log")]
    pub log: bool,
    /// Do not record this session in the practice history.
    #[arg(long)]
    pub no_log: bool,
    /// A key pressed on the virtual clock at a moment of the session (`70s=n`), as if a
    /// person pressed it then: for tests of what keys do to a session and its record.
    #[arg(long, hide = true, value_name = "AT=KEY", value_parser = parse_press)]
    pub press: Vec<(Duration, crate::session::Command)>,
}

/// Options for `history`: the sessions to list, or something else to do with the history.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct HistoryArgs {
    /// What to do with the history; without one, the recent sessions are listed.
    #[command(subcommand)]
    pub action: Option<HistoryAction>,
    /// How many of the most recent sessions to list.
    #[arg(long, short = 'n', value_name = "COUNT", default_value_t = 20, value_parser = values::session_count)]
    pub last: u32,
    /// List every session.
    #[arg(long, conflicts_with = "last")]
    pub all: bool,
    /// Print the sessions as a JSON array, for scripts.
    #[arg(long)]
    pub json: bool,
}

/// What can be done with the history besides listing it.
#[derive(Debug, Subcommand)]
pub enum HistoryAction {
    /// Add a session you practiced away from the timer: it counts in stats and streaks.
    Add(HistoryAddArgs),
    /// Write the sessions for a spreadsheet (csv), a script (json) or a calendar (ics).
    #[command(
        after_help = "Nothing leaves this machine: the file is written where you say, or to standard output. \
An existing file is replaced only with --force. A calendar event's UID comes from the session's start and routine, \
so importing a newer export again updates the events instead of adding them twice; to undo an import, delete the events in the calendar."
    )]
    Export(ExportArgs),
}

/// Options for `history add`.
#[derive(Debug, Args)]
pub struct HistoryAddArgs {
    /// The routine practiced: a built-in routine's name or one of yours.
    #[arg(value_name = "ROUTINE")]
    pub routine: String,
    /// When it began, in local time: `2026-11-30 07:30`, `today 7:30`, or a day alone
    /// (`today`, `yesterday`, `2026-11-30`: at noon, or now if noon has not come yet).
    #[arg(long, value_name = "WHEN", value_parser = values::when)]
    pub at: values::When,
    /// How long it lasted (for example 20m).
    #[arg(long, value_name = "DURATION", value_parser = values::practiced_length)]
    pub length: u64,
    /// A note on the session, kept with it.
    #[arg(long, value_name = "TEXT", value_parser = values::note)]
    pub note: Option<String>,
}

/// Options for `history export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format: csv (a header row, one session a row), json (JSON Lines: each session as
    /// the history keeps it) or ics (iCalendar: one event per session).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: ExportFormat,
    /// Only the sessions of this day (YYYY-MM-DD, or today or yesterday) and after.
    #[arg(long, value_name = "DATE", value_parser = values::day)]
    pub since: Option<values::Day>,
    /// The file to write [default: standard output].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the file if there is one.
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// The formats `history export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values, for spreadsheets.
    Csv,
    /// JSON Lines, one session a line.
    Json,
    /// An iCalendar file, for calendars.
    Ics,
}

/// How to undo each kind of reminder, in `remind --help`.
const REMIND_UNDO: &str = "To undo: a calendar reminder is undone by deleting its event in the calendar it was imported into. \
A systemd reminder is undone with `psoas-timer remind --remove`, which stops the timer and removes the two unit files it wrote \
(each begins with a line saying so) and nothing else.";

/// Options for `remind`.
#[derive(Debug, Args)]
pub struct RemindArgs {
    /// The time of day to be reminded at, on the 24-hour clock: 07:30.
    #[arg(long, value_name = "HH:MM", value_parser = values::time_of_day, required_unless_present = "remove")]
    pub daily: Option<jiff::civil::Time>,
    /// The routine to practice, named in the reminder with the command that starts it.
    #[arg(long, value_name = "ROUTINE")]
    pub routine: Option<String>,
    /// The calendar file to write [default: standard output].
    #[arg(short, long, value_name = "FILE", conflicts_with = "systemd")]
    pub output: Option<PathBuf>,
    /// Replace the calendar file if there is one.
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Linux: a systemd user timer and service in ~/.config/systemd/user (or
    /// `$XDG_CONFIG_HOME/systemd/user`) that show a notification with notify-send, started
    /// with `systemctl --user` when it can be.
    #[arg(long)]
    pub systemd: bool,
    /// Stop and remove the systemd reminder: only the files `--systemd` wrote.
    #[arg(long, conflicts_with_all = ["daily", "routine", "output", "systemd"])]
    pub remove: bool,
}

/// Options for `settings`.
#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Write a settings file with every setting explained, if there is none yet.
    #[arg(long, conflicts_with = "routine")]
    pub init: bool,
    /// Show what a session of this routine would use: its length and breath too.
    #[arg(value_name = "ROUTINE")]
    pub routine: Option<String>,
    /// The options a session would be given.
    #[command(flatten)]
    pub session: SessionArgs,
}

/// Options for `stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Show the figures as they stood at the end of this day (YYYY-MM-DD, or today or
    /// yesterday) instead of today.
    #[arg(long, value_name = "DATE", value_parser = values::day)]
    pub as_of: Option<values::Day>,
    /// How many weeks the calendar shows.
    #[arg(long, value_name = "COUNT", default_value_t = 8, value_parser = values::weeks)]
    pub weeks: u16,
}

/// Options for `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Cover the sessions from this day on (YYYY-MM-DD, or today or yesterday) rather than
    /// every one.
    #[arg(long, value_name = "DATE", value_parser = values::day)]
    pub since: Option<values::Day>,
    /// Cover only this routine (its name as in `list`, or as the history shows it).
    #[arg(long, value_name = "NAME")]
    pub routine: Option<String>,
    /// Markdown to paste into a message, or one HTML file to attach or print.
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// Write the report to this file rather than to standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the file given with -o if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// The forms `report` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown, with the chart as text.
    Markdown,
    /// One self-contained HTML file, with the chart drawn.
    Html,
}

/// Which kinds of cue sound (each can also be turned off by the routine, or per step).
#[derive(Debug, Clone, Default, Args)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each is a flag on the command line"
)]
pub struct CueArgs {
    /// Speak each step's title and instructions (when a speech engine is installed).
    #[arg(long, overrides_with = "no_voice")]
    pub voice: bool,
    /// Do not speak; the words stay on screen.
    #[arg(long = "no-voice", overrides_with = "voice")]
    pub no_voice: bool,
    /// No bells: neither at the start, between steps, in a step, nor at the end.
    #[arg(long = "no-bells")]
    pub no_bells: bool,
    /// No inhale and exhale tones.
    #[arg(long = "no-breath-tones")]
    pub no_breath_tones: bool,
    /// The voice does not count the first breaths of a paced step; the tones alone guide.
    #[arg(long = "no-counts")]
    pub no_counts: bool,
    /// Your own sound instead of a built-in one, for each kind you like.
    #[arg(long = "sound", value_name = "KIND=FILE", value_parser = parse_sound_file, help = sound_help())]
    pub sounds: Vec<(SoundKind, PathBuf)>,
    /// A soft bed of sound under the whole session, softer under the words: `noise` (made
    /// by psoas-timer) or a sound file, looped [default: from the settings, else the
    /// routine's, else none].
    #[arg(long, value_name = "noise|FILE", overrides_with = "no_ambient")]
    pub ambient: Option<String>,
    /// No ambient sound, even where the settings or the routine name one.
    #[arg(long = "no-ambient", overrides_with = "ambient")]
    pub no_ambient: bool,
    /// The volume of one group of sounds, in percent of its place in the mix (0 to 200).
    #[arg(long = "volume-of", value_name = "GROUP=PERCENT", value_parser = parse_group_volume, help = group_volume_help())]
    pub volumes: Vec<(SoundGroup, u16)>,
    /// The voice that speaks.
    #[command(flatten)]
    pub speech: SpeechArgs,
}

/// The voice that speaks; each overrides the settings' `[speech]` table.
#[derive(Debug, Clone, Default, Args)]
pub struct SpeechArgs {
    /// The speech engine: piper, espeak-ng, say or command [default: the first installed, in that order].
    #[arg(long, value_name = "ENGINE", value_parser = parse_engine)]
    pub speech_engine: Option<EngineKind>,
    /// The voice: a Piper voice (its name or .onnx file), or an eSpeak NG or `say` voice.
    #[arg(long, value_name = "VOICE")]
    pub speech_voice: Option<String>,
    /// The pace in words a minute, from 80 to 220 [default: 135].
    #[arg(long, value_name = "WPM", value_parser = values::speech_rate)]
    pub speech_rate: Option<u32>,
    /// The pitch, from 0 to 99 (eSpeak NG only; its own is 50).
    #[arg(long, value_name = "PITCH", value_parser = values::speech_pitch)]
    pub speech_pitch: Option<u8>,
}

/// How sound is played during a session.
#[derive(Debug, Clone, Default, Args)]
pub struct SoundArgs {
    /// Loudness, from 0 to 100 [default: from the settings, else 70].
    #[arg(long, value_name = "PERCENT", value_parser = values::volume)]
    pub volume: Option<u8>,
    /// Start with the sound muted (it can be turned on during the session).
    #[arg(long)]
    pub mute: bool,
    /// No sound at all: the sound device is not even opened.
    #[arg(long = "no-sound")]
    pub no_sound: bool,
    /// The sound device (an ALSA device name on Linux); also `PSOAS_TIMER_AUDIO_DEVICE`.
    #[arg(long, value_name = "NAME")]
    pub audio_device: Option<String>,
}

/// Options for `render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// A built-in routine's name, one of yours, or a path to a .toml file.
    #[arg(value_name = "ROUTINE")]
    pub routine: String,
    /// The file to write: its name chooses the format, .wav or .flac.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    #[arg(long, value_name = "HZ", default_value_t = defaults::RENDER_RATE, value_parser = parse_rate, help = rate_help())]
    pub rate: u32,
    /// 1 (mono, as the session is mixed) or 2 (the same sound on both).
    #[arg(long, value_name = "COUNT", default_value_t = defaults::RENDER_CHANNELS, value_parser = values::channels)]
    pub channels: u16,
    /// The session's length and breath.
    #[command(flatten)]
    pub plan: PlanArgs,
    /// Which cues sound.
    #[command(flatten)]
    pub cues: CueArgs,
}

fn rates_in_words() -> String {
    let all: Vec<String> = RATES.iter().map(u32::to_string).collect();
    values::in_words(&all)
}

fn rate_help() -> String {
    format!(
        "Samples a second: {}; speech and bells need no more than the default",
        rates_in_words()
    )
}

/// A rendering's sample rate, one of those it can be written at.
fn parse_rate(text: &str) -> Result<u32, Refused> {
    match text.trim().parse::<u32>() {
        Ok(rate) if RATES.contains(&rate) => Ok(rate),
        _ => Err(Refused::new(
            text,
            format!("a sample rate in Hz: {}", rates_in_words()),
        )),
    }
}

/// Options for `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A built-in routine's name, one of yours, or a path to a .toml file.
    #[arg(value_name = "ROUTINE")]
    pub routine: String,
    /// The session's length and breath.
    #[command(flatten)]
    pub plan: PlanArgs,
    /// What to print: a table, a printable handout in Markdown, or the full timeline in JSON.
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

/// The forms `show` can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// The timeline as a table.
    Table,
    /// A printable handout for students: steps, times, props, safety.
    Markdown,
    /// The full timeline, every segment and cue, for scripts.
    Json,
}

/// Choices that shape the plan of a session.
#[derive(Debug, Clone, Default, Args)]
pub struct PlanArgs {
    /// The session length, within what the routine allows (for example 15m).
    #[arg(long = "for", value_name = "DURATION", value_parser = parse_length)]
    pub length_ms: Option<u64>,
    /// Pace the breath with this pattern, seconds per phase: 4-6, 3-5, 4-8, 5-5, 4-7-8, 4-4-4-4.
    #[arg(long, value_name = "PATTERN", value_parser = BreathPattern::parse)]
    pub breath: Option<BreathPattern>,
    /// Lengthen (or shorten) the exhale across each paced step, ending at this length (for example 8s).
    #[arg(long, value_name = "DURATION", value_parser = parse_breath_phase)]
    pub exhale_to: Option<u64>,
}

/// Options for `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Routines to check: files, or names as `show` takes them.
    #[arg(required = true, value_name = "ROUTINE")]
    pub routines: Vec<String>,
    /// Treat warnings as errors: exit 3 when any routine has one.
    #[arg(long)]
    pub strict: bool,
}

/// The clock a session follows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ClockKind {
    /// The machine's monotonic clock.
    #[default]
    Real,
    /// A clock that jumps to each moment at once: a preview, or a test.
    Virtual,
}

/// The help of `--sound`, naming the kinds from the table of sounds.
fn sound_help() -> String {
    let kinds = crate::routine::sound_kinds::names_in_words();
    format!(
        "Your own sound instead of a built-in one: KIND is {kinds} (for example `--sound bell=bowl.wav`); may be given for each kind"
    )
}

/// The help of `--volume-of`, naming the groups from their table.
fn group_volume_help() -> String {
    let groups = crate::routine::sound_kinds::group_names_in_words();
    format!(
        "The volume of one group of sounds, in percent of its own place in the mix, 0 to 200: GROUP is {groups} (for example `--volume-of bells=60`); may be given for each group"
    )
}

fn parse_group_volume(text: &str) -> Result<(SoundGroup, u16), Refused> {
    use crate::routine::sound_kinds::{MAX_VOLUME_PERCENT, group_names_in_words, volume_percent};
    let (group, percent) = text
        .split_once('=')
        .ok_or_else(|| Refused::new(text, "GROUP=PERCENT, like bells=60"))?;
    let group = SoundGroup::from_name(group.trim()).ok_or_else(|| {
        let groups = group_names_in_words();
        Refused::new(group, format!("a group of sounds before the `=`: {groups}"))
    })?;
    let percent = percent
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(volume_percent)
        .ok_or_else(|| {
            let allowed = format!(
                "a whole number of percent after `{}=`, from 0 to {MAX_VOLUME_PERCENT}",
                group.name()
            );
            Refused::new(percent, allowed)
        })?;
    Ok((group, percent))
}

fn parse_engine(text: &str) -> Result<EngineKind, Refused> {
    EngineKind::named(text).ok_or_else(|| {
        let names = EngineKind::ALL.map(EngineKind::name);
        Refused::new(
            text,
            format!("a speech engine: {}", values::in_words(&names)),
        )
    })
}

fn parse_sound_file(text: &str) -> Result<(SoundKind, PathBuf), Refused> {
    let (kind, file) = text
        .split_once('=')
        .ok_or_else(|| Refused::new(text, "KIND=FILE, like bell=bowl.wav"))?;
    let kind = SoundKind::from_name(kind.trim()).ok_or_else(|| {
        let kinds = crate::routine::sound_kinds::names_in_words();
        Refused::new(kind, format!("a kind of sound before the `=`: {kinds}"))
    })?;
    if file.is_empty() {
        return Err(Refused::new(text, "a sound file's name after the `=`"));
    }
    Ok((kind, PathBuf::from(file)))
}

/// A breath phase from the command line: 1 to 60 seconds, like one in a routine file.
fn parse_breath_phase(text: &str) -> Result<u64, Refused> {
    crate::duration::parse_ms(text)
        .ok()
        .filter(|ms| crate::routine::BREATH_PHASE_MS.contains(ms))
        .ok_or_else(|| Refused::new(text, "a breath phase from 1s to 60s, like 8s"))
}

/// A key pressed at a moment, as `--press` takes it: `70s=n`, the key as the plain display
/// reads it.
fn parse_press(text: &str) -> Result<(Duration, crate::session::Command), String> {
    let (at, key) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` should be AT=KEY, for example 70s=n"))?;
    let at = crate::duration::parse_ms_allow_zero(at.trim()).map_err(|error| error.to_string())?;
    match typed(key) {
        Typed::Command(command) => Ok((Duration::from_millis(at), command)),
        Typed::Help => Err(format!("`{key}` is not a key a session takes")),
    }
}

/// A session's length: what `--for` takes.
fn parse_length(text: &str) -> Result<u64, Refused> {
    crate::duration::parse_ms(text).map_err(|_| {
        let most = crate::duration::format_ms(crate::duration::MAX_MS);
        Refused::new(
            text,
            format!("a length with its unit, like 90s, 10m or 1h 5m, up to {most}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;
    use crate::options::defaults;

    /// Help text is written out, so a default it names is checked against the one place
    /// that keeps it.
    #[test]
    fn the_help_names_the_defaults_a_session_uses() {
        let mut cli = Cli::command();
        let run = cli.find_subcommand_mut("run").expect("run");
        let volume = run
            .get_arguments()
            .find(|arg| arg.get_id() == "volume")
            .and_then(|arg| arg.get_help())
            .map(ToString::to_string)
            .unwrap_or_default();
        let default = format!("else {}]", defaults::VOLUME_PERCENT);
        assert!(volume.contains(&default), "{volume}");
        let help = |id: &str| {
            run.get_arguments()
                .find(|arg| arg.get_id() == id)
                .and_then(|arg| arg.get_help())
                .map(ToString::to_string)
                .unwrap_or_default()
        };
        let rate = help("speech_rate");
        let default = format!(
            "[default: {}]",
            crate::sinks::sound::speech::engine::DEFAULT_RATE
        );
        assert!(rate.contains(&default), "{rate}");
        let range = crate::sinks::sound::speech::engine::RATES;
        assert!(
            rate.contains(&format!("from {} to {}", range.start(), range.end())),
            "{rate}"
        );
        let engines = help("speech_engine");
        // Every engine, in the order they are tried.
        let at: Vec<_> = crate::sinks::sound::speech::EngineKind::ALL
            .map(|k| engines.find(&format!(" {}", k.name())))
            .into();
        assert!(at.iter().all(Option::is_some), "{engines}");
        assert!(at.is_sorted(), "{engines}");
    }

    #[test]
    fn a_press_is_a_moment_and_a_key_as_typed() {
        use std::time::Duration;

        use crate::session::{Command, QuitReason};
        let press = super::parse_press;
        assert_eq!(press("70s=n"), Ok((Duration::from_secs(70), Command::Next)));
        assert_eq!(
            press("1m 5s= Q "),
            Ok((Duration::from_secs(65), Command::Quit(QuitReason::User)))
        );
        assert_eq!(press("0s=b"), Ok((Duration::ZERO, Command::Back)));
        assert!(press("70s").unwrap_err().contains("AT=KEY"));
        assert!(press("soon=n").is_err());
        assert!(press("5s=zzz").unwrap_err().contains("`zzz` is not a key"));
    }
}
