//! What is legal in a routine but likely not what its teacher meant. `check` says so; a
//! session runs as written.
//!
//! One thing a teacher might want here is left out on purpose: a hold shorter or longer
//! than the usual range of its practice (a yin hold of 30 s, a Constructive Rest of 50
//! minutes). A routine never says which practice a step is, and guessing it from the
//! teacher's words would warn about the holds of every teacher who words them their own way.

use std::ops::Range;

use toml::Spanned;

use super::Checker;
use crate::duration::format_seconds;
use crate::plan::{PlanOptions, Role, Timeline, plan, speech};
use crate::routine::file::{RoutineFile, StepFile};
use crate::routine::{Diagnostic, Routine};
use crate::untrusted::Untrusted;

impl Checker {
    /// Warns about what a checked routine does that its teacher likely did not mean.
    pub(super) fn warnings(&mut self, routine: &Routine, file: &RoutineFile) {
        if routine
            .safety
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
        {
            self.warn(
                file.name.span(),
                "this routine has no `safety` note, so its handout has none either",
                "add `safety = \"...\"`: who should not practice it, and what to do when something hurts",
            );
        }
        for step in file.steps.get_ref() {
            self.wordless(step);
        }
        let (shortest, longest) = routine.length.map_or((None, None), |range| {
            (Some(range.min_ms), Some(range.max_ms))
        });
        if let Some(timeline) = plan_at(routine, longest) {
            self.bells_that_never_ring(file, &timeline);
        }
        if let Some(timeline) = plan_at(routine, shortest) {
            self.words_too_long(file, &timeline, shortest);
        }
    }

    fn warn(&mut self, span: Range<usize>, message: impl Into<String>, hint: &str) {
        self.report(Diagnostic::at(span, message).with_hint(hint).warning());
    }

    /// A step without words: a practitioner with closed eyes hears only its title.
    fn wordless(&mut self, step: &StepFile) {
        if let Some(block) = &step.block {
            for inner in block.get_ref() {
                self.wordless(inner);
            }
            return;
        }
        let words = step.text.as_ref().map(Spanned::get_ref);
        if words.is_none_or(|text| text.trim().is_empty()) {
            self.warn(
                step.title.span(),
                "this step has no `text`: a practitioner hears only its title",
                "add `text = \"...\"` saying what to do, in a sentence or two",
            );
        }
    }

    /// A bell period at least as long as its step rings no bell in it, at any length the
    /// routine allows. One that rings only at the longer lengths is fine: "a bell every five
    /// minutes" still says what happens.
    fn bells_that_never_ring(&mut self, file: &RoutineFile, longest: &Timeline) {
        for (index, step) in file.steps.get_ref().iter().enumerate() {
            let Some(bell_every) = &step.bell_every else {
                continue;
            };
            let Ok(period_ms) = crate::duration::parse_ms(bell_every.get_ref()) else {
                continue;
            };
            let Some(step_ms) = longest_part(longest, index).filter(|&ms| period_ms >= ms) else {
                continue;
            };
            let message = format!(
                "no bell rings: this step lasts at most {}, and `bell_every` is {}",
                format_seconds(step_ms),
                format_seconds(period_ms)
            );
            self.warn(
                bell_every.span(),
                message,
                "ring the bell more often than the step lasts, or leave `bell_every` out",
            );
        }
    }

    /// Words that cannot be said before their step ends, at the shortest length: a teacher
    /// shortens the text or lengthens the step. The voice stops at the end of a sentence.
    fn words_too_long(&mut self, file: &RoutineFile, timeline: &Timeline, at: Option<u64>) {
        let at = at.map_or_else(String::new, |ms| {
            format!(" at the shortest length ({})", format_seconds(ms))
        });
        for overrun in speech::overruns(timeline) {
            let Some(segment) = timeline.segments.get(overrun.segment) else {
                continue;
            };
            let Some(step) = file.steps.get_ref().get(segment.step) else {
                continue;
            };
            let seconds = overrun.missing_ms.div_ceil(1000);
            self.warn(
                words_of(step, segment.role),
                format!(
                    "`{}`{at}: {} take about {seconds}s longer than it lasts, at a calm pace",
                    Untrusted::value(&overrun.title),
                    overrun.what,
                ),
                "shorten the words, or give this part more time",
            );
        }
    }
}

/// The place of the words said in a part of a step: its own, or where the part is asked for.
fn words_of(step: &StepFile, role: Role) -> Range<usize> {
    let span = Spanned::<String>::span;
    let first = |places: &[Option<Range<usize>>]| places.iter().flatten().next().cloned();
    let place = match role {
        Role::Step => first(&[step.text.as_ref().map(span)]),
        Role::Switch => first(&[
            step.switch_text.as_ref().map(span),
            step.switch.as_ref().map(span),
            step.each_side.as_ref().map(Spanned::span),
        ]),
        Role::Rebound => step.rebound.as_ref().map(Spanned::span),
    };
    place.unwrap_or_else(|| step.title.span())
}

fn plan_at(routine: &Routine, length_ms: Option<u64>) -> Option<Timeline> {
    plan(
        routine,
        PlanOptions {
            length_ms,
            breath: None,
        },
    )
    .ok()
}

/// The longest part in which step `index` is held (a side of a pose, a round), if any.
fn longest_part(timeline: &Timeline, index: usize) -> Option<u64> {
    timeline
        .segments
        .iter()
        .filter(|segment| segment.step == index && segment.role == Role::Step)
        .map(crate::plan::Segment::len_ms)
        .max()
}
