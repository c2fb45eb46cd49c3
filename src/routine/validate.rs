//! From a routine file as written to a checked [`Routine`]: every problem is collected
//! (not just the first) and pointed at in the file.

use std::ops::Range;

use toml::Spanned;

use super::file::{BreathFile, LengthFile, RoutineFile, StepFile};
use super::text::sanitize;
use super::{BreathPattern, Diagnostic, LengthRange, Routine, RoutineError, Step, StepDuration};
use crate::duration::{self, DurationError, MAX_MS, format_ms};

/// The routine format version this build reads.
pub const FORMAT_VERSION: i64 = 1;
/// The shortest and longest breath phase, so a shared file cannot ask for a strained breath.
const BREATH_PHASE_MS: Range<u64> = 1_000..60_001;

/// Reads and checks a routine. `origin` names the file in messages; `id` is how it is asked for.
pub fn parse(origin: &str, id: &str, text: &str) -> Result<Routine, RoutineError> {
    let fail = |diagnostics| RoutineError {
        origin: origin.to_owned(),
        text: text.to_owned(),
        diagnostics,
    };
    let file: RoutineFile = toml::from_str(text).map_err(|error| fail(vec![from_toml(&error)]))?;
    let mut checker = Checker::default();
    let routine = checker.routine(id, &file);
    if checker.diagnostics.is_empty() {
        Ok(routine)
    } else {
        Err(fail(checker.diagnostics))
    }
}

fn from_toml(error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().replace('\n', " ");
    match error.span() {
        Some(span) => Diagnostic::at(span, message),
        None => Diagnostic::whole(message),
    }
}

#[derive(Default)]
struct Checker {
    diagnostics: Vec<Diagnostic>,
}

impl Checker {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn routine(&mut self, id: &str, file: &RoutineFile) -> Routine {
        if *file.version.get_ref() != FORMAT_VERSION {
            self.report(
                Diagnostic::at(
                    file.version.span(),
                    format!(
                        "this routine is written for format version {}",
                        file.version.get_ref()
                    ),
                )
                .with_hint(format!("this psoas-timer reads version {FORMAT_VERSION}")),
            );
        }
        let name = self.non_empty(&file.name, "the routine's name");
        let steps_span = file.steps.span();
        let steps: Vec<Step> = file
            .steps
            .get_ref()
            .iter()
            .filter_map(|s| self.step(s))
            .collect();
        let length = file.length.as_ref().and_then(|l| self.length(l));
        let routine = Routine {
            id: id.to_owned(),
            name,
            summary: sanitize(&file.summary),
            source: file.source.as_deref().map(sanitize),
            props: file.props.iter().map(|p| sanitize(p)).collect(),
            safety: file.safety.as_deref().map(sanitize),
            length,
            steps,
            sound: super::sound::routine_sound(file.sound.as_ref(), &mut self.diagnostics),
        };
        if self.diagnostics.is_empty() {
            self.whole_routine(&routine, steps_span, file.length.as_ref());
        }
        routine
    }

    fn non_empty(&mut self, value: &Spanned<String>, what: &str) -> String {
        let clean = sanitize(value.get_ref());
        if clean.trim().is_empty() {
            self.report(Diagnostic::at(value.span(), format!("{what} is empty")));
        }
        clean
    }

    fn step(&mut self, file: &StepFile) -> Option<Step> {
        let title = self.non_empty(&file.title, "a step's title");
        let duration = if file.duration.get_ref().trim() == "flexible" {
            Some(StepDuration::Flexible)
        } else {
            self.duration(&file.duration, "a step's duration")
                .map(|ms| StepDuration::Fixed { ms })
        };
        let breath = match &file.breath {
            Some(breath) => self.breath(breath).map(Some).ok_or(Invalid),
            None => Ok(None),
        };
        let bell_every_ms = match &file.bell_every {
            Some(period) => self
                .duration(period, "`bell_every`")
                .map(Some)
                .ok_or(Invalid),
            None => Ok(None),
        };
        let sound = super::sound::step_sound(file.sound.as_ref(), &mut self.diagnostics);
        Some(Step {
            title,
            text: sanitize(&file.text),
            duration: duration?,
            breath: breath.ok()?,
            bell_every_ms: bell_every_ms.ok()?,
            sound,
        })
    }

    fn duration(&mut self, value: &Spanned<String>, what: &str) -> Option<u64> {
        duration::parse_ms(value.get_ref())
            .map_err(|error| self.report(duration_diagnostic(value.span(), what, &error)))
            .ok()
    }

    fn breath(&mut self, file: &Spanned<BreathFile>) -> Option<BreathPattern> {
        let breath = file.get_ref();
        let inhale = self.phase(Some(&breath.inhale), "the inhale", false);
        let hold = self.phase(breath.hold.as_ref(), "the hold", true);
        let exhale = self.phase(Some(&breath.exhale), "the exhale", false);
        let hold_after = self.phase(
            breath.hold_after_exhale.as_ref(),
            "the hold after the exhale",
            true,
        );
        Some(BreathPattern {
            inhale_ms: inhale?,
            hold_ms: hold?,
            exhale_ms: exhale?,
            hold_after_exhale_ms: hold_after?,
        })
    }

    /// A breath phase: a hold may be left out or be zero; every phase that is there lasts 1 to 60 s.
    fn phase(
        &mut self,
        value: Option<&Spanned<String>>,
        what: &str,
        may_be_zero: bool,
    ) -> Option<u64> {
        let Some(value) = value else { return Some(0) };
        let parsed = duration::parse_ms_allow_zero(value.get_ref());
        match parsed {
            Ok(0) if may_be_zero => Some(0),
            Ok(ms) if BREATH_PHASE_MS.contains(&ms) => Some(ms),
            Ok(ms) => {
                let message = format!(
                    "{what} lasts {}, outside the 1s to 60s a breath phase may take",
                    format_ms(ms)
                );
                self.report(
                    Diagnostic::at(value.span(), message).with_hint("a breath should never strain"),
                );
                None
            }
            Err(error) => {
                self.report(duration_diagnostic(value.span(), what, &error));
                None
            }
        }
    }

    fn length(&mut self, file: &Spanned<LengthFile>) -> Option<LengthRange> {
        let length = file.get_ref();
        let default_ms = self.duration(&length.default, "the default length");
        let min_ms = self.duration(&length.min, "the shortest length");
        let max_ms = self.duration(&length.max, "the longest length");
        let (default_ms, min_ms, max_ms) = (default_ms?, min_ms?, max_ms?);
        if min_ms > max_ms {
            self.report(Diagnostic::at(
                length.min.span(),
                format!(
                    "the shortest length ({}) is longer than the longest ({})",
                    format_ms(min_ms),
                    format_ms(max_ms)
                ),
            ));
            return None;
        }
        if !(min_ms..=max_ms).contains(&default_ms) {
            self.report(Diagnostic::at(
                length.default.span(),
                format!(
                    "the default length ({}) is outside {} to {}",
                    format_ms(default_ms),
                    format_ms(min_ms),
                    format_ms(max_ms)
                ),
            ));
            return None;
        }
        Some(LengthRange {
            default_ms,
            min_ms,
            max_ms,
        })
    }

    /// Checks that need the whole routine: the steps and the length fit together.
    fn whole_routine(
        &mut self,
        routine: &Routine,
        steps_span: Range<usize>,
        length: Option<&Spanned<LengthFile>>,
    ) {
        if routine.steps.is_empty() {
            self.report(Diagnostic::at(
                steps_span,
                "a routine needs at least one step",
            ));
            return;
        }
        let flexible = routine
            .steps
            .iter()
            .any(|s| s.duration == StepDuration::Flexible);
        let fixed_ms = routine.fixed_ms();
        match (length, routine.length) {
            (Some(file), Some(_)) if !flexible => self.report(
                Diagnostic::at(file.span(), "the session length is adjustable, but no step is flexible")
                    .with_hint("give the step that should grow or shrink `duration = \"flexible\"`, or remove [length]"),
            ),
            (Some(file), Some(range)) if fixed_ms >= range.min_ms => self.report(
                Diagnostic::at(
                    file.get_ref().min.span(),
                    format!(
                        "the steps with a set time already last {}, leaving nothing for the flexible steps in a {} session",
                        format_ms(fixed_ms),
                        format_ms(range.min_ms)
                    ),
                )
                .with_hint("raise `min`, or shorten the set steps"),
            ),
            (None, _) if flexible => self.report(
                Diagnostic::at(steps_span, "a step is flexible, but the routine has no [length] to fill")
                    .with_hint("add [length] with default, min and max, or give every step a set duration"),
            ),
            (None, _) if fixed_ms > MAX_MS => self.report(Diagnostic::at(
                steps_span,
                format!("the steps add up to {}, longer than 24 hours", format_ms(fixed_ms)),
            )),
            _ => {}
        }
    }
}

fn duration_diagnostic(span: Range<usize>, what: &str, error: &DurationError) -> Diagnostic {
    let diagnostic = Diagnostic::at(span, format!("{what}: {error}"));
    match error {
        DurationError::Zero | DurationError::Negative { .. } => {
            diagnostic.with_hint("leave the step out instead of giving it no time")
        }
        DurationError::Unreadable { .. } => {
            diagnostic.with_hint("units are ms, s, m and h; a step may also be \"flexible\"")
        }
        _ => diagnostic,
    }
}

/// An optional value was given, but it is not valid (and has been reported).
struct Invalid;
