//! What a session needs from the command line and the settings file, worked out once: a
//! flag wins, then the settings file (or the environment, for the sound device and the
//! speech program), then the routine's own choice, then psoas-timer's default
//! ([`defaults`]). `run`, `render`, `show` and `settings` all take their options from
//! [`SessionOptions::resolve`], so what `settings` shows is what a session uses.

pub mod defaults;
pub mod display;
pub mod settings_check;
pub mod settings_file;

use std::fmt;
use std::path::PathBuf;

use crate::cli::{ClockKind, CueArgs, PlanArgs, SessionArgs, SoundArgs, SpeechArgs};
use crate::error::AppError;
use crate::paths::Paths;
use crate::plan::{PlanError, PlanOptions, Timeline, plan};
use crate::routine::sound_kinds::{DEFAULT_VOLUME_PERCENT, GROUPS, SoundGroup};
use crate::routine::{Ambient, Breath, CueSwitches, Routine, SoundKind};
use crate::sinks::display::UiMode;
use crate::sinks::display::line_input::Typist;
use crate::sinks::history::HistoryFile;
use crate::sinks::sound::prepare::{AmbientChoice, SoundChoices};
use crate::sinks::sound::speech::{
    self, COMMAND_VARIABLE, EngineKind, Installed, NoSpeech, SpeechWish, Voice,
};

pub use display::Surroundings;
use settings_file::AmbientSetting;
pub use settings_file::Settings;

/// Where a value a session uses came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// This flag on the command line.
    Flag(&'static str),
    /// This environment variable.
    Environment(&'static str),
    /// The settings file.
    SettingsFile,
    /// The routine itself.
    Routine,
    /// psoas-timer's own default.
    Default,
    /// Found out from the surroundings, for this reason.
    Detected(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag(flag) => write!(f, "{flag}"),
            Self::Environment(variable) => write!(f, "${variable}"),
            Self::SettingsFile => write!(f, "settings file"),
            Self::Routine => write!(f, "the routine"),
            Self::Default => write!(f, "default"),
            Self::Detected(why) => write!(f, "{why}"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen<T> {
    /// The value a session uses.
    pub value: T,
    /// Where it came from.
    pub origin: Origin,
}

impl<T> Chosen<T> {
    /// `value`, from `origin`.
    pub fn new(value: T, origin: Origin) -> Self {
        Self { value, origin }
    }

    /// The first of these that is there: a flag, then a setting, then the default.
    fn first(flag: Option<(T, &'static str)>, setting: Option<T>, default: T) -> Self {
        match (flag, setting) {
            (Some((value, name)), _) => Self::new(value, Origin::Flag(name)),
            (None, Some(value)) => Self::new(value, Origin::SettingsFile),
            (None, None) => Self::new(default, Origin::Default),
        }
    }
}

/// Everything a session uses beyond its routine.
#[derive(Debug, Clone)]
pub struct SessionOptions {
    /// The session's length; `None` is the routine's own (its default, or its steps' sum).
    pub length_ms: Chosen<Option<u64>>,
    /// A breath for every paced step instead of the routine's own (`None`).
    pub breath: Chosen<Option<Breath>>,
    /// The bells.
    pub bells: Chosen<bool>,
    /// The inhale and exhale tones.
    pub breath_tones: Chosen<bool>,
    /// The spoken titles and instructions.
    pub voice: Chosen<bool>,
    /// The voice counting the first breaths of a paced step.
    pub counts: Chosen<bool>,
    /// The practitioner's own sound files, over the built-in ones and the routine's.
    pub own_sounds: Vec<(SoundKind, PathBuf)>,
    /// The ambient bed under the session, if any (a routine's file is named from its
    /// folder).
    pub ambient: Chosen<Option<Ambient>>,
    /// The volume of each group of sounds, in percent, in the order of [`GROUPS`].
    pub volumes: Vec<(SoundGroup, Chosen<u16>)>,
    /// Whether the sound device is opened at all.
    pub sound: Chosen<bool>,
    /// The starting loudness in percent.
    pub volume: Chosen<u8>,
    /// Whether the sound starts muted.
    pub muted: Chosen<bool>,
    /// The sound device.
    pub audio_device: Chosen<String>,
    /// The voice that speaks, or why there is none.
    pub speech: Chosen<Result<Voice, NoSpeech>>,
    /// How the session is shown.
    pub display: Chosen<UiMode>,
    /// Whether the session is recorded in the practice history.
    pub history: Chosen<bool>,
    /// Who types the lines on standard input that steer the session, if they do (the plain
    /// display, in real time): a person at a terminal, or a script.
    pub typed_keys: Option<Typist>,
    /// The clock the session follows.
    pub clock: ClockKind,
    /// Keys pressed on the virtual clock, each at its moment (`--press`).
    pub presses: Vec<(std::time::Duration, crate::session::Command)>,
    /// Where the event log goes, if anywhere.
    pub events: Option<PathBuf>,
    /// The settings file the values from it came from.
    settings_file: Option<PathBuf>,
}

/// Keys pressed at their moments, earliest first, as the virtual clock takes them; two at
/// one moment keep the order they were given in.
fn in_order(
    presses: &[(std::time::Duration, crate::session::Command)],
) -> Vec<(std::time::Duration, crate::session::Command)> {
    let mut presses = presses.to_vec();
    presses.sort_by_key(|&(at, _)| at);
    presses
}

impl SessionOptions {
    /// Works out a session's options from the command line, the settings and the routine
    /// (`None` when no routine is named: its length and breath are then its own).
    pub fn resolve(
        args: &SessionArgs,
        settings: &Settings,
        routine: Option<&Routine>,
        here: &Surroundings,
    ) -> Result<Self, AppError> {
        let display = display::choose(&args.display, settings.display, here)?;
        if !args.display.press.is_empty() && args.display.clock != ClockKind::Virtual {
            return Err(AppError::Usage("--press needs --clock virtual".into()));
        }
        let typed_keys = (display.value == UiMode::Plain && args.display.clock == ClockKind::Real)
            .then_some(if here.stdin_is_terminal {
                Typist::Person
            } else {
                Typist::Script
            });
        Ok(Self {
            length_ms: length(&args.plan, settings, routine),
            breath: breath(&args.plan, routine)?,
            bells: flag(args.cues.no_bells, "--no-bells", false, defaults::BELLS),
            breath_tones: flag(
                args.cues.no_breath_tones,
                "--no-breath-tones",
                false,
                defaults::BREATH_TONES,
            ),
            voice: voice(&args.cues, settings),
            counts: Chosen::first(
                args.cues.no_counts.then_some((false, "--no-counts")),
                settings.counts,
                defaults::COUNTS,
            ),
            own_sounds: args.cues.sounds.clone(),
            ambient: ambient(&args.cues, settings, routine),
            volumes: volumes(&args.cues, settings, routine),
            sound: flag(args.sound.no_sound, "--no-sound", false, defaults::SOUND),
            volume: volume(&args.sound, settings),
            muted: flag(args.sound.mute, "--mute", true, defaults::MUTED),
            audio_device: audio_device(&args.sound),
            speech: speech(&args.cues.speech, settings, routine),
            display,
            history: history(args, settings),
            typed_keys,
            clock: args.display.clock,
            presses: in_order(&args.display.press),
            events: args.display.events.clone(),
            settings_file: None,
        })
    }

    /// Notes where the settings came from, for messages that point at it.
    #[must_use]
    pub fn from_settings_file(mut self, path: Option<PathBuf>) -> Self {
        self.settings_file = path;
        self
    }

    /// What the planner is asked for.
    #[must_use]
    pub fn plan_options(&self) -> PlanOptions {
        PlanOptions {
            length_ms: self.length_ms.value,
            breath: self.breath.value,
        }
    }

    /// Plans `routine` with these options. A length from the settings file that cannot be
    /// planned says where it came from.
    pub fn plan(&self, routine: &Routine) -> Result<Timeline, AppError> {
        plan(routine, self.plan_options()).map_err(|error| self.plan_error(error, routine))
    }

    fn plan_error(&self, error: PlanError, routine: &Routine) -> AppError {
        match (&self.settings_file, self.length_ms.origin) {
            (Some(path), Origin::SettingsFile) => AppError::SettingsLength {
                routine: routine.id.clone(),
                path: path.clone(),
                source: error,
            },
            _ => AppError::Plan(error),
        }
    }

    /// The kinds of cue the practitioner allows in this session.
    #[must_use]
    pub fn cue_switches(&self) -> CueSwitches {
        CueSwitches {
            bells: self.bells.value,
            breath: self.breath_tones.value,
            voice: self.voice.value,
            counts: self.counts.value,
        }
    }

    /// What the sound of a session is made of beyond its routine.
    #[must_use]
    pub fn sound_choices(&self) -> SoundChoices {
        let ambient = match (&self.ambient.value, self.ambient.origin) {
            (_, Origin::Routine) => AmbientChoice::Routine,
            (None, _) => AmbientChoice::Off,
            (Some(ambient), _) => AmbientChoice::Own(ambient.clone()),
        };
        SoundChoices {
            allowed: self.cue_switches(),
            own_sounds: self.own_sounds.clone(),
            ambient,
            volumes: self.volumes.iter().map(|(g, v)| (*g, v.value)).collect(),
        }
    }

    /// Whether the session has anything to play: the device is opened only then.
    #[must_use]
    pub fn plays_sound(&self) -> bool {
        let cues = self.cue_switches();
        self.sound.value
            && self.clock == ClockKind::Real
            && (cues.bells || cues.breath || cues.voice)
    }

    /// Where to record the session, if anywhere.
    #[must_use]
    pub fn history_file(&self, paths: Option<&Paths>) -> Option<HistoryFile> {
        self.history
            .value
            .then(|| paths.map(|p| HistoryFile::new(&p.history_file)))
            .flatten()
    }
}

/// A switch that a flag, when `given`, turns to `set`; else the default.
fn flag(given: bool, name: &'static str, set: bool, default: bool) -> Chosen<bool> {
    Chosen::first(given.then_some((set, name)), None, default)
}

/// The starting loudness: `--volume`, else the settings' `volume`, else the default.
fn volume(sound: &SoundArgs, settings: &Settings) -> Chosen<u8> {
    let flag = sound.volume.map(|percent| (percent, "--volume"));
    Chosen::first(flag, settings.volume, defaults::VOLUME_PERCENT)
}

/// The ambient bed: `--ambient` or `--no-ambient`, else the settings', else the routine's,
/// else none.
fn ambient(
    cues: &CueArgs,
    settings: &Settings,
    routine: Option<&Routine>,
) -> Chosen<Option<Ambient>> {
    if cues.no_ambient {
        return Chosen::new(None, Origin::Flag("--no-ambient"));
    }
    if let Some(name) = &cues.ambient {
        return Chosen::new(Some(Ambient::named(name)), Origin::Flag("--ambient"));
    }
    match &settings.ambient {
        Some(AmbientSetting::Off) => return Chosen::new(None, Origin::SettingsFile),
        Some(AmbientSetting::Play(ambient)) => {
            return Chosen::new(Some(ambient.clone()), Origin::SettingsFile);
        }
        None => {}
    }
    match routine.and_then(|r| r.sound.ambient.clone()) {
        Some(own) => Chosen::new(Some(own), Origin::Routine),
        None => Chosen::new(None, Origin::Default),
    }
}

/// Each group's volume: `--volume-of`, else the settings' `[sound.volume]`, else the
/// routine's, else its own place in the mix.
fn volumes(
    cues: &CueArgs,
    settings: &Settings,
    routine: Option<&Routine>,
) -> Vec<(SoundGroup, Chosen<u16>)> {
    let own = routine.map(|r| r.sound.volumes.clone()).unwrap_or_default();
    GROUPS
        .iter()
        .map(|g| {
            let flag = cues
                .volumes
                .iter()
                .rev()
                .find(|(group, _)| *group == g.group);
            let chosen = match (flag, settings.volumes.get(&g.group), own.get(&g.group)) {
                (Some((_, percent)), _, _) => Chosen::new(*percent, Origin::Flag("--volume-of")),
                (None, Some(percent), _) => Chosen::new(*percent, Origin::SettingsFile),
                (None, None, Some(percent)) => Chosen::new(*percent, Origin::Routine),
                (None, None, None) => Chosen::new(DEFAULT_VOLUME_PERCENT, Origin::Default),
            };
            (g.group, chosen)
        })
        .collect()
}

/// The voice: `--voice` or `--no-voice`, else the settings' `voice`, else on.
fn voice(cues: &CueArgs, settings: &Settings) -> Chosen<bool> {
    let flag = if cues.no_voice {
        Some((false, "--no-voice"))
    } else if cues.voice {
        Some((true, "--voice"))
    } else {
        None
    };
    Chosen::first(flag, settings.voice, defaults::VOICE)
}

/// The session length: `--for`, else the settings' length for this routine, else the
/// routine's own.
fn length(args: &PlanArgs, settings: &Settings, routine: Option<&Routine>) -> Chosen<Option<u64>> {
    let setting = routine.and_then(|r| settings.lengths.get(&r.id).copied());
    match (args.length_ms, setting) {
        (Some(ms), _) => Chosen::new(Some(ms), Origin::Flag("--for")),
        (None, Some(ms)) => Chosen::new(Some(ms), Origin::SettingsFile),
        (None, None) => Chosen::new(None, Origin::Routine),
    }
}

/// The breath asked for: `--breath` (with `--exhale-to`), or the routine's own breath
/// lengthened by `--exhale-to`. A breath asked for where nothing is paced is refused rather
/// than silently ignored.
fn breath(args: &PlanArgs, routine: Option<&Routine>) -> Result<Chosen<Option<Breath>>, AppError> {
    let asked = args.breath.is_some() || args.exhale_to.is_some();
    let own = routine.and_then(|r| r.all_steps().find_map(|step| step.breath));
    if let (Some(routine), None, true) = (routine, own, asked) {
        let flag = if args.breath.is_some() {
            "--breath"
        } else {
            "--exhale-to"
        };
        return Err(AppError::Usage(format!(
            "{} paces no breath, so {flag} has nothing to change; `psoas-timer extended-exhale` is a paced practice",
            routine.name
        )));
    }
    let with_exhale_to = |mut breath: Breath| {
        if let Some(ms) = args.exhale_to {
            breath.to.exhale_ms = ms;
        }
        breath
    };
    Ok(match (args.breath, own) {
        (Some(pattern), _) => Chosen::new(
            Some(with_exhale_to(Breath::steady(pattern))),
            Origin::Flag("--breath"),
        ),
        (None, Some(own)) if args.exhale_to.is_some() => {
            Chosen::new(Some(with_exhale_to(own)), Origin::Flag("--exhale-to"))
        }
        (None, _) => Chosen::new(None, Origin::Routine),
    })
}

/// The sound device: `--audio-device`, else `PSOAS_TIMER_AUDIO_DEVICE`, else the system's
/// default.
fn audio_device(sound: &SoundArgs) -> Chosen<String> {
    let named = |name: &Option<String>| name.clone().filter(|n| !n.trim().is_empty());
    if let Some(name) = named(&sound.audio_device) {
        return Chosen::new(name, Origin::Flag("--audio-device"));
    }
    let variable = defaults::AUDIO_DEVICE_VARIABLE;
    match named(&std::env::var(variable).ok()) {
        Some(name) => Chosen::new(name, Origin::Environment(variable)),
        None => Chosen::new(defaults::AUDIO_DEVICE.to_owned(), Origin::Default),
    }
}

/// The environment variable that names the speech engine when `--speech-engine` does not.
pub const ENGINE_VARIABLE: &str = "PSOAS_TIMER_SPEECH_ENGINE";

/// The voice: the engine, voice, pace and pitch from the flags, else the settings'
/// `[speech]` table, else the first engine installed, in the routine's language. The
/// engine may also be named by [`ENGINE_VARIABLE`], or be the program named by
/// [`COMMAND_VARIABLE`].
#[must_use]
pub fn speech(
    args: &SpeechArgs,
    settings: &Settings,
    routine: Option<&Routine>,
) -> Chosen<Result<Voice, NoSpeech>> {
    speech_on(&Installed::look(), args, settings, routine)
}

/// [`speech`] on a machine with these engines installed.
fn speech_on(
    installed: &Installed,
    args: &SpeechArgs,
    settings: &Settings,
    routine: Option<&Routine>,
) -> Chosen<Result<Voice, NoSpeech>> {
    let own = &settings.speech;
    // A program named by its own variable is chosen as surely as an engine named.
    let command = installed
        .command
        .is_some()
        .then_some((EngineKind::Command, Origin::Environment(COMMAND_VARIABLE)));
    let from_environment = || {
        let kind = EngineKind::named(&std::env::var(ENGINE_VARIABLE).ok()?)?;
        Some((kind, Origin::Environment(ENGINE_VARIABLE)))
    };
    let named = args
        .speech_engine
        .map(|kind| (kind, Origin::Flag("--speech-engine")))
        .or(command)
        .or_else(from_environment)
        .or_else(|| own.engine.map(|kind| (kind, Origin::SettingsFile)));
    let wish = SpeechWish {
        engine: named.map(|(kind, _)| kind),
        voice: args.speech_voice.clone().or_else(|| own.voice.clone()),
        language: routine.and_then(|r| r.language.clone()),
    };
    let chosen = installed.choose(&wish).map(|engine| Voice {
        engine,
        rate: args
            .speech_rate
            .or(own.rate)
            .unwrap_or(speech::engine::DEFAULT_RATE),
        pitch: args.speech_pitch.or(own.pitch),
    });
    let origin = match (&named, &chosen) {
        (Some((_, origin)), _) => *origin,
        (None, Ok(_)) => Origin::Detected("the first installed"),
        (None, Err(_)) => Origin::Detected("none installed"),
    };
    Chosen::new(chosen, origin)
}

/// Whether to record the session. `--no-log` never records and `--log` always does;
/// otherwise real sessions are recorded unless the settings turn history off, and
/// virtual-clock previews are not, so they never inflate anyone's practice.
fn history(args: &SessionArgs, settings: &Settings) -> Chosen<bool> {
    let display = &args.display;
    if display.no_log {
        Chosen::new(false, Origin::Flag("--no-log"))
    } else if display.log {
        Chosen::new(true, Origin::Flag("--log"))
    } else if display.clock == ClockKind::Virtual {
        Chosen::new(false, Origin::Detected("a preview on the virtual clock"))
    } else {
        Chosen::first(None, settings.history, defaults::HISTORY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser;

    const PACED: &str = "version = 1\nname = \"Paced\"\n[[steps]]\ntitle = \"Breathe\"\n\
        duration = \"1m\"\nbreath = { inhale = \"4s\", exhale = \"6s\" }\n";

    fn resolved(flags: &[&str], settings: &str) -> SessionOptions {
        let cli = Cli::try_parse_from(["psoas-timer", "paced"].iter().chain(flags)).unwrap();
        let settings = Settings::parse(std::path::Path::new("config.toml"), settings).unwrap();
        let routine = crate::routine::parse("paced.toml", "paced", PACED).unwrap();
        let here = Surroundings {
            stdout_is_terminal: false,
            stdin_is_terminal: false,
            term: None,
        };
        SessionOptions::resolve(&cli.run.session, &settings, Some(&routine), &here).unwrap()
    }

    #[test]
    fn a_flag_wins_over_the_settings_which_win_over_the_default() {
        let none = resolved(&[], "");
        assert_eq!(
            none.volume,
            Chosen::new(defaults::VOLUME_PERCENT, Origin::Default)
        );
        assert_eq!(none.voice, Chosen::new(defaults::VOICE, Origin::Default));
        let set = resolved(
            &[],
            "volume = 40\nvoice = false\n[length]\npaced = \"2m\"\n",
        );
        assert_eq!(set.volume, Chosen::new(40, Origin::SettingsFile));
        assert_eq!(set.voice, Chosen::new(false, Origin::SettingsFile));
        assert_eq!(
            set.length_ms,
            Chosen::new(Some(120_000), Origin::SettingsFile)
        );
        let flagged = resolved(
            &["--volume", "30", "--voice", "--for", "3m"],
            "volume = 40\n",
        );
        assert_eq!(flagged.volume, Chosen::new(30, Origin::Flag("--volume")));
        assert_eq!(flagged.voice, Chosen::new(true, Origin::Flag("--voice")));
        assert_eq!(
            flagged.length_ms,
            Chosen::new(Some(180_000), Origin::Flag("--for"))
        );
    }

    #[test]
    fn switches_and_history_follow_their_flags() {
        let off = resolved(&["--no-bells", "--mute", "--no-sound", "--no-log"], "");
        assert_eq!(off.bells, Chosen::new(false, Origin::Flag("--no-bells")));
        assert_eq!(off.muted, Chosen::new(true, Origin::Flag("--mute")));
        assert!(!off.plays_sound());
        assert_eq!(off.history, Chosen::new(false, Origin::Flag("--no-log")));
        let preview = resolved(&["--clock", "virtual"], "history = true\n");
        assert!(!preview.history.value, "a preview is not practice");
        assert!(!preview.plays_sound(), "a preview is over at once");
        let kept = resolved(&[], "history = false\n");
        assert_eq!(kept.history, Chosen::new(false, Origin::SettingsFile));
    }

    #[test]
    fn the_ambient_bed_is_off_unless_chosen_and_volumes_follow_flag_settings_routine() {
        let none = resolved(&[], "");
        assert_eq!(none.ambient, Chosen::new(None, Origin::Default));
        assert_eq!(none.sound_choices().ambient, AmbientChoice::Off);
        let set = resolved(&[], "[sound]\nambient = \"noise\"\n");
        assert_eq!(
            set.ambient,
            Chosen::new(Some(Ambient::Noise), Origin::SettingsFile)
        );
        let flagged = resolved(&["--no-ambient"], "[sound]\nambient = \"noise\"\n");
        assert_eq!(flagged.sound_choices().ambient, AmbientChoice::Off);
        let file = resolved(&["--ambient", "rain.wav"], "");
        assert_eq!(
            file.sound_choices().ambient,
            AmbientChoice::Own(Ambient::File(PathBuf::from("rain.wav")))
        );
        let volumes = resolved(
            &["--volume-of", "bells=60"],
            "[sound.volume]\nbells = 80\nbreath = 50\n",
        );
        let of = |group| {
            volumes
                .volumes
                .iter()
                .find(|(g, _)| *g == group)
                .unwrap()
                .1
                .clone()
        };
        assert_eq!(
            of(SoundGroup::Bells),
            Chosen::new(60, Origin::Flag("--volume-of"))
        );
        assert_eq!(
            of(SoundGroup::Breath),
            Chosen::new(50, Origin::SettingsFile)
        );
        assert_eq!(of(SoundGroup::Voice), Chosen::new(100, Origin::Default));
    }

    #[test]
    fn exhale_to_lengthens_the_routines_own_breath() {
        let longer = resolved(&["--exhale-to", "8s"], "");
        let breath = longer.breath.value.expect("a breath");
        assert_eq!((breath.from.exhale_ms, breath.to.exhale_ms), (6_000, 8_000));
        assert_eq!(longer.breath.origin, Origin::Flag("--exhale-to"));
        let own = resolved(&[], "");
        assert_eq!(own.breath, Chosen::new(None, Origin::Routine));
    }
}

#[cfg(test)]
mod speech_tests {
    use super::*;
    use crate::cli::Cli;
    use crate::sinks::sound::speech::Engine;
    use clap::Parser;

    /// A machine with eSpeak NG and nothing else.
    fn espeak_only() -> Installed {
        Installed {
            espeak_ng: Some("/usr/bin/espeak-ng".into()),
            ..Installed::default()
        }
    }

    fn chosen(
        flags: &[&str],
        settings: &str,
        routine: Option<&Routine>,
    ) -> Chosen<Result<Voice, NoSpeech>> {
        let cli = Cli::try_parse_from(["psoas-timer", "x"].iter().chain(flags)).unwrap();
        let settings = Settings::parse(std::path::Path::new("config.toml"), settings).unwrap();
        speech_on(
            &espeak_only(),
            &cli.run.session.cues.speech,
            &settings,
            routine,
        )
    }

    #[test]
    fn flags_win_over_the_settings_which_win_over_the_defaults() {
        let default = chosen(&[], "", None);
        let voice = default.value.unwrap();
        assert_eq!(voice.rate, speech::engine::DEFAULT_RATE);
        assert_eq!(voice.pitch, None);
        assert_eq!(default.origin, Origin::Detected("the first installed"));

        let set = "[speech]\nengine = \"espeak-ng\"\nrate = 110\npitch = 40\n";
        let from_file = chosen(&[], set, None);
        assert_eq!(from_file.origin, Origin::SettingsFile);
        let voice = from_file.value.unwrap();
        assert_eq!((voice.rate, voice.pitch), (110, Some(40)));

        let flagged = chosen(
            &["--speech-rate", "125", "--speech-voice", "en-gb"],
            set,
            None,
        );
        let voice = flagged.value.unwrap();
        assert_eq!((voice.rate, voice.pitch), (125, Some(40)));
        assert_eq!(
            voice.engine,
            Engine::EspeakNg {
                program: "/usr/bin/espeak-ng".into(),
                voice: Some("en-gb".into())
            }
        );
    }

    #[test]
    fn a_routine_in_another_language_asks_for_a_voice_in_it() {
        let text = "version = 1\nname = \"Ruhe\"\nlanguage = \"de\"\n[[steps]]\ntitle = \"Ruhe\"\nduration = \"1m\"\n";
        let routine = crate::routine::parse("ruhe.toml", "ruhe", text).unwrap();
        let voice = chosen(&[], "", Some(&routine)).value.unwrap();
        assert_eq!(voice.engine.voice_name(), "de");
    }

    #[test]
    fn an_engine_named_but_missing_is_no_voice_with_the_reason() {
        let missing = chosen(&["--speech-engine", "piper"], "", None);
        assert_eq!(missing.origin, Origin::Flag("--speech-engine"));
        assert_eq!(
            missing.value,
            Err(NoSpeech::NotInstalled(EngineKind::Piper))
        );
    }
}
