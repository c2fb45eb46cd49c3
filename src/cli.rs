//! The command line, as clap sees it. `psoas-timer <ROUTINE>` is short for
//! `psoas-timer run <ROUTINE>`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::audio::sounds::SoundKind;
use crate::ui::UiMode;

/// A guided practice-session timer for the terminal: lie down, and be guided through timed
/// steps by a calm display.
#[derive(Debug, Parser)]
#[command(
    name = "psoas-timer",
    version,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
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
    List,
    /// Show a routine's timeline as a table, without running it.
    Show(ShowArgs),
    /// Check routine files and report every problem with its line and column.
    Check(CheckArgs),
    /// Write a session's sound to a WAV file, to listen to anywhere.
    Render(RenderArgs),
}

/// Options for running a session.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// A built-in routine's name, one of yours, or a path to a .toml file.
    #[arg(required = true, value_name = "ROUTINE")]
    pub routine: Option<String>,
    /// The session length, within what the routine allows (for example 15m).
    #[arg(long = "for", value_name = "DURATION", value_parser = parse_length)]
    pub length_ms: Option<u64>,
    /// Which clock to follow: `virtual` runs the whole session at once, with the same events.
    #[arg(long, value_enum, default_value_t = ClockKind::Real)]
    pub clock: ClockKind,
    /// Write every event as a line of JSON to FILE, or to standard output with `-`.
    #[arg(long, value_name = "FILE|-")]
    pub events: Option<PathBuf>,
    /// How to show the session.
    #[arg(long, value_enum, default_value_t = UiMode::Plain)]
    pub ui: UiMode,
    /// Which cues sound.
    #[command(flatten)]
    pub cues: CueArgs,
    /// How the sound is played.
    #[command(flatten)]
    pub sound: SoundArgs,
}

/// Which kinds of cue sound (each can also be turned off by the routine, or per step).
#[derive(Debug, Clone, Args)]
#[allow(clippy::struct_excessive_bools)] // each is a flag on the command line
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
    /// Your own sound instead of a built-in one: KIND is bell, chime, interval, inhale or
    /// exhale (for example `--sound bell=bowl.wav`); may be given for each kind.
    #[arg(long = "sound", value_name = "KIND=FILE", value_parser = parse_sound_file)]
    pub sounds: Vec<(SoundKind, PathBuf)>,
}

/// How sound is played during a session.
#[derive(Debug, Clone, Args)]
pub struct SoundArgs {
    /// Loudness, from 0 to 100.
    #[arg(long, value_name = "PERCENT", default_value_t = 70,
          value_parser = clap::value_parser!(u8).range(0..=100))]
    pub volume: u8,
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
    /// The WAV file to write.
    #[arg(short, long, value_name = "FILE.wav")]
    pub output: PathBuf,
    /// The session length, within what the routine allows (for example 15m).
    #[arg(long = "for", value_name = "DURATION", value_parser = parse_length)]
    pub length_ms: Option<u64>,
    /// Which cues sound.
    #[command(flatten)]
    pub cues: CueArgs,
}

/// Options for `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A built-in routine's name, one of yours, or a path to a .toml file.
    #[arg(value_name = "ROUTINE")]
    pub routine: String,
    /// The session length to plan for.
    #[arg(long = "for", value_name = "DURATION", value_parser = parse_length)]
    pub length_ms: Option<u64>,
}

/// Options for `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Routine files to check.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// The clock a session follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClockKind {
    /// The machine's monotonic clock.
    Real,
    /// A clock that jumps to each moment at once: a preview, or a test.
    Virtual,
}

fn parse_sound_file(text: &str) -> Result<(SoundKind, PathBuf), String> {
    let (kind, file) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` should be KIND=FILE, for example bell=bowl.wav"))?;
    let kind = SoundKind::from_name(kind.trim()).ok_or_else(|| {
        format!("`{kind}` is not a kind of sound; use bell, chime, interval, inhale or exhale")
    })?;
    if file.is_empty() {
        return Err("the sound file's name is empty".to_owned());
    }
    Ok((kind, PathBuf::from(file)))
}

fn parse_length(text: &str) -> Result<u64, String> {
    crate::duration::parse_ms(text).map_err(|error| error.to_string())
}
