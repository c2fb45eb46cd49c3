//! From a routine file as written to a checked [`Routine`]: every problem is collected
//! (not just the first) and pointed at in the file, with a hint where one helps.

mod salvage;
mod shape;
mod step;
mod warnings;

pub use shape::syntax_error;
pub(crate) use shape::syntax_errors;

use std::ops::Range;

use toml::Spanned;

use super::file::{LengthFile, RoutineFile};
use super::text::sanitize;
use super::{Diagnostic, LengthRange, Routine, RoutineError, StepDuration};
use crate::duration::{self, DurationError, format_ms};
use crate::plan::{Misfit, MisfitKind, fits};

/// The routine format version this build reads.
pub(super) const FORMAT_VERSION: i64 = 1;

/// Reads and checks a routine. `origin` names the file in messages; `id` is how it is asked for.
pub fn parse(origin: &str, id: &str, text: &str) -> Result<Routine, RoutineError> {
    let review = examine(origin, id, text, false);
    review.routine.ok_or(review.problems)
}

/// Everything `check` says of a routine file: the routine when it can run, and every
/// problem found, errors and warnings, in the order of their places in the file.
#[derive(Debug)]
pub struct Review {
    /// The checked routine, when it has no errors.
    pub routine: Option<Routine>,
    /// The errors and warnings; none for a routine that is just right.
    pub problems: RoutineError,
}

/// Reads and checks a routine as `check` does: with warnings, and with every problem the
/// file's rest still shows when its shape is wrong.
#[must_use]
pub fn review(origin: &str, id: &str, text: &str) -> Review {
    examine(origin, id, text, true)
}

fn examine(origin: &str, id: &str, text: &str, warn: bool) -> Review {
    let mut checker = Checker::default();
    let mut hidden = 0;
    let routine = match shape::read(text) {
        Ok(file) => {
            let routine = checker.routine(id, &file);
            let runs = checker.diagnostics.is_empty();
            if runs && warn {
                checker.warnings(&routine, &file);
            }
            runs.then_some(routine)
        }
        Err((found, more)) => {
            hidden = more;
            checker.diagnostics = found;
            // Where problems are too many to show already, more would not be seen.
            if let Some(salvaged) = salvage::salvage(text).filter(|_| more == 0) {
                let mut rest = Checker {
                    in_part: !salvaged.whole,
                    ..Checker::default()
                };
                rest.routine(id, &salvaged.file);
                let reliable = rest
                    .diagnostics
                    .into_iter()
                    .filter(|d| salvaged.is_reliable(d));
                checker.diagnostics.extend(reliable);
            }
            None
        }
    };
    let mut diagnostics = checker.diagnostics;
    // Stable, so problems at one place keep the order they were found in.
    diagnostics.sort_by_key(|d| d.span.as_ref().map(|span| span.start));
    Review {
        routine,
        problems: RoutineError {
            origin: origin.to_owned(),
            text: if diagnostics.is_empty() {
                String::new()
            } else {
                text.to_owned()
            },
            diagnostics,
            hidden,
        },
    }
}

#[derive(Default)]
struct Checker {
    diagnostics: Vec<Diagnostic>,
    /// How long the routine's props are as words, which `{props}` fills in.
    props_chars: usize,
    /// Only part of the routine is here (the rest of a file whose shape is wrong): checks
    /// of the whole would be about what was left out.
    in_part: bool,
}

impl Checker {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn routine(&mut self, id: &str, file: &RoutineFile) -> Routine {
        if *file.version.get_ref() != FORMAT_VERSION {
            let message = format!(
                "this routine is written for format version {}",
                file.version.get_ref()
            );
            let hint = format!("this psoas-timer reads version {FORMAT_VERSION}");
            self.report(Diagnostic::at(file.version.span(), message).with_hint(hint));
        }
        let name = self.non_empty(&file.name, "the routine's name");
        let props: Vec<String> = file.props.iter().map(|p| sanitize(p)).collect();
        self.props_chars = crate::routine::placeholders::list_words(&props).len();
        let steps = file
            .steps
            .get_ref()
            .iter()
            .filter_map(|s| self.step(s, false))
            .collect();
        let length = file.length.as_ref().and_then(|l| self.length(l));
        let routine = Routine {
            id: id.to_owned(),
            name,
            summary: sanitize(&file.summary),
            source: file.source.as_deref().map(sanitize),
            props,
            safety: file.safety.as_deref().map(sanitize),
            language: file.language.as_ref().and_then(|l| self.language(l)),
            length,
            steps,
            sound: super::sound::routine_sound(file.sound.as_ref(), &mut self.diagnostics),
            time_left_ms: self
                .optional_duration(file.time_left.as_ref(), "`time_left`")
                .ok()
                .flatten(),
        };
        if self.diagnostics.is_empty() && !self.in_part {
            self.whole_routine(&routine, file);
        }
        routine
    }

    /// A language tag: letters, then parts of letters or digits after dashes ("en",
    /// "en-GB", "pt-BR"), as speech engines take them.
    fn language(&mut self, value: &Spanned<String>) -> Option<String> {
        let tag = value.get_ref().trim();
        let mut parts = tag.split(['-', '_']);
        let first_ok = parts.next().is_some_and(|p| {
            (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic())
        });
        let rest_ok = parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if first_ok && rest_ok {
            return Some(tag.replace('_', "-"));
        }
        let message = format!("`{}` is not a language tag", sanitize(tag));
        let hint = "write the language like \"en\", \"en-GB\" or \"de\"";
        self.report(Diagnostic::at(value.span(), message).with_hint(hint));
        None
    }

    fn non_empty(&mut self, value: &Spanned<String>, what: &str) -> String {
        let clean = sanitize(value.get_ref());
        if clean.trim().is_empty() {
            self.report(Diagnostic::at(value.span(), format!("{what} is empty")));
        }
        clean
    }

    fn duration(&mut self, value: &Spanned<String>, what: &str) -> Option<u64> {
        duration::parse_ms(value.get_ref())
            .map_err(|error| self.report(duration_diagnostic(value.span(), what, &error)))
            .ok()
    }

    fn optional_duration(
        &mut self,
        value: Option<&Spanned<String>>,
        what: &str,
    ) -> Result<Option<u64>, Invalid> {
        value.map_or(Ok(None), |value| {
            self.duration(value, what).map(Some).ok_or(Invalid)
        })
    }

    fn length(&mut self, file: &Spanned<LengthFile>) -> Option<LengthRange> {
        let length = file.get_ref();
        let default_ms = self.duration(&length.default, "the default length");
        let min_ms = self.duration(&length.min, "the shortest length");
        let max_ms = self.duration(&length.max, "the longest length");
        let (default_ms, min_ms, max_ms) = (default_ms?, min_ms?, max_ms?);
        if min_ms > max_ms {
            let message = format!(
                "the shortest length ({}) is longer than the longest ({})",
                format_ms(min_ms),
                format_ms(max_ms)
            );
            self.report(Diagnostic::at(length.min.span(), message));
            return None;
        }
        if !(min_ms..=max_ms).contains(&default_ms) {
            let message = format!(
                "the default length ({}) is outside {} to {}",
                format_ms(default_ms),
                format_ms(min_ms),
                format_ms(max_ms)
            );
            self.report(Diagnostic::at(length.default.span(), message));
            return None;
        }
        Some(LengthRange {
            default_ms,
            min_ms,
            max_ms,
        })
    }

    /// Checks that need the whole routine: the steps and the length fit together, at the
    /// shortest, default and longest length.
    fn whole_routine(&mut self, routine: &Routine, file: &RoutineFile) {
        let steps_span = file.steps.span();
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
            .any(|s| matches!(s.duration, StepDuration::Flexible(_)));
        match (&file.length, routine.length) {
            (Some(length), Some(_)) if !flexible => self.report(
                Diagnostic::at(length.span(), "the session length is adjustable, but no step is flexible")
                    .with_hint("give the step that should grow or shrink `duration = \"flexible\"`, or remove [length]"),
            ),
            (Some(length), Some(range)) => {
                if self.steps_longer_than(routine, file, range.max_ms) {
                    return;
                }
                for (which, length_ms) in [("shortest", range.min_ms), ("default", range.default_ms), ("longest", range.max_ms)] {
                    if let Err(misfit) = fits(routine, Some(length_ms)) {
                        self.report(misfit_diagnostic(&misfit, file, length, which));
                        return;
                    }
                }
            }
            (None, _) if flexible => self.report(
                Diagnostic::at(steps_span, "a step is flexible, but the routine has no [length] to fill")
                    .with_hint("add [length] with default, min and max, or give every step a set duration"),
            ),
            _ => {
                if let Err(misfit) = fits(routine, None) {
                    self.report(match misfit.kind {
                        MisfitKind::TooManyCues { step } => crowded(file, step, misfit.message),
                        _ => Diagnostic::at(steps_span, misfit.message),
                    });
                }
            }
        }
    }

    /// A set step that alone outlasts the longest session is a mistake worth pointing at;
    /// returns whether there was one.
    fn steps_longer_than(&mut self, routine: &Routine, file: &RoutineFile, max_ms: u64) -> bool {
        let before = self.diagnostics.len();
        for (step, step_file) in routine.steps.iter().zip(file.steps.get_ref()) {
            let sides = if step.sides.is_some() { 2 } else { 1 };
            if let (StepDuration::Fixed { ms }, Some(span)) = (&step.duration, &step_file.duration)
            {
                if ms * sides > max_ms {
                    let message = format!(
                        "this step alone lasts {}, longer than the longest session ({})",
                        format_ms(ms * sides),
                        format_ms(max_ms)
                    );
                    self.report(Diagnostic::at(span.span(), message));
                }
            }
        }
        self.diagnostics.len() > before
    }
}

fn misfit_diagnostic(
    misfit: &Misfit,
    routine: &RoutineFile,
    length: &Spanned<LengthFile>,
    which: &str,
) -> Diagnostic {
    let file = length.get_ref();
    let (span, hint) = match misfit.kind {
        MisfitKind::TooManyCues { step } => {
            return crowded(
                routine,
                step,
                format!("at the {which} length: {}", misfit.message),
            );
        }
        MisfitKind::TooShort => (
            file.min.span(),
            "raise `min`, shorten the set steps, or lower the flexible steps' `min`",
        ),
        MisfitKind::CannotFill => (
            file.max.span(),
            "lower `max`, or raise a flexible step's `max`",
        ),
        MisfitKind::OverADay | MisfitKind::Other => {
            (length.span(), "check the steps' durations against [length]")
        }
    };
    let message = format!("at the {which} length: {}", misfit.message);
    Diagnostic::at(span, message).with_hint(hint)
}

/// Too many cues, pointed at the step that has the most: at its breath or its bells, which
/// are what make cues by the thousand.
fn crowded(file: &RoutineFile, step: usize, message: String) -> Diagnostic {
    let Some(step) = file.steps.get_ref().get(step) else {
        return Diagnostic::at(file.steps.span(), message);
    };
    match (&step.breath, &step.bell_every) {
        (Some(breath), _) => Diagnostic::at(breath.span(), message)
            .with_hint("pace a slower breath in this step, or pace it for less time"),
        (None, Some(bells)) => Diagnostic::at(bells.span(), message)
            .with_hint("ring the bell less often, like every \"5m\""),
        (None, None) => Diagnostic::at(step.title.span(), message),
    }
}

fn duration_diagnostic(span: Range<usize>, what: &str, error: &DurationError) -> Diagnostic {
    let diagnostic = Diagnostic::at(span, format!("{what}: {error}"));
    match error {
        DurationError::Zero | DurationError::Negative { .. } => {
            diagnostic.with_hint("leave the step out instead of giving it no time")
        }
        DurationError::Unreadable { .. } => diagnostic.with_hint(
            "units are ms, s, m and h; a step may also be \"flexible\" or \"5 breaths\"",
        ),
        _ => diagnostic,
    }
}

/// An optional value was given, but it is not valid (and has been reported).
struct Invalid;
