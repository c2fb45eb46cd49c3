//! Checking one step: its duration (set, flexible, breaths or rounds), sides, rebound,
//! bell and breath.

use toml::Spanned;

use super::{Checker, Invalid};
use crate::duration::{self, format_ms};
use crate::routine::file::{BreathFile, ReboundFile, StepFile};
use crate::routine::placeholders::{self, Needs, PLACEHOLDERS};
use crate::routine::text::sanitize;
use crate::routine::{
    BREATH_PHASE_MS, Breath, BreathPattern, Diagnostic, Flex, MIN_BELL_EVERY_MS, Rebound, Side,
    Sides, Step, StepDuration,
};

/// The most rounds a block may have, and the most breaths a step may count.
const MAX_ROUNDS: i64 = 100;
const MAX_BREATHS: u32 = 1_000;
/// The time to change sides when the routine does not say.
const DEFAULT_SWITCH_MS: u64 = 10_000;
/// The longest a step waits until you are ready, when the routine does not say.
const DEFAULT_READY_MAX_MS: u64 = 5 * 60_000;

/// What a step has, for the placeholders its words may use.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Allowed {
    /// A paced breath.
    pub breath: bool,
    /// A pose held on each side.
    pub sides: bool,
}

impl Checker {
    pub(super) fn step(&mut self, file: &StepFile, in_block: bool) -> Option<Step> {
        let title = self.non_empty(&file.title, "a step's title");
        let breath = match &file.breath {
            Some(breath) => self.breath(breath).map(Some).ok_or(Invalid),
            None => Ok(None),
        };
        let duration =
            self.step_duration(file, in_block, breath.as_ref().is_ok_and(Option::is_some));
        let bell_every_ms = self.bell_every(file.bell_every.as_ref());
        let time_left_ms = self.optional_duration(file.time_left.as_ref(), "`time_left`");
        let rebound = self.rebound(file.rebound.as_ref());
        let sides = self.sides(file);
        let paced = matches!(breath, Ok(Some(_)));
        let needs = Allowed {
            breath: paced,
            sides: file.each_side.as_ref().is_some_and(|e| *e.get_ref()),
        };
        let text = self.words(file.text.as_ref(), needs).unwrap_or_default();
        let ending = self.words(file.ending.as_ref(), needs);
        let sound = crate::routine::sound::step_sound(file.sound.as_ref(), &mut self.diagnostics);
        if let (Some(StepDuration::Fixed { ms }), Ok(Some(breath)), Some(span)) =
            (&duration, &breath, &file.duration)
        {
            let cycle_ms = breath.from.cycle_ms();
            if *ms < cycle_ms {
                let message = format!(
                    "{} is shorter than one breath of this step ({})",
                    format_ms(*ms),
                    format_ms(cycle_ms)
                );
                self.report(
                    Diagnostic::at(span.span(), message)
                        .with_hint("a paced step holds whole breaths"),
                );
                return None;
            }
        }
        if let (Some(StepDuration::UntilReady { .. }), Ok(Some(_)), Some(span)) =
            (&duration, &breath, &file.breath)
        {
            let message = "a step that waits until you are ready cannot pace a breath";
            self.report(
                Diagnostic::at(span.span(), message).with_hint("pace the breath in the next step"),
            );
            return None;
        }
        Some(Step {
            title,
            text,
            duration: duration?,
            breath: breath.ok()?,
            bell_every_ms: bell_every_ms.ok()?,
            sides: sides.ok()?,
            rebound: rebound.ok()?,
            ending,
            time_left_ms: time_left_ms.ok()?,
            sound,
        })
    }

    /// A text the routine says, cleaned of anything that could drive the terminal, with its
    /// placeholders checked against what the step has.
    pub(super) fn words(
        &mut self,
        value: Option<&Spanned<String>>,
        allowed: Allowed,
    ) -> Option<String> {
        let value = value?;
        let text = sanitize(value.get_ref());
        match placeholders::scan(&text) {
            Err(unknown) => {
                let names: Vec<&str> = PLACEHOLDERS.iter().map(|(_, name, ..)| *name).collect();
                let listed = names
                    .iter()
                    .map(|n| format!("{{{n}}}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let hint = match crate::suggest::closest(&unknown.name, names).first() {
                    Some(best) => format!(
                        "did you mean {{{best}}}? The placeholders are {listed}; write {{{{ for a brace"
                    ),
                    None => format!("the placeholders are {listed}; write {{{{ for a brace"),
                };
                let message = if unknown.closed {
                    format!("`{{{}}}` is not a placeholder", unknown.name)
                } else {
                    format!("`{{{}` has no closing brace", unknown.name)
                };
                self.report(Diagnostic::at(value.span(), message).with_hint(hint));
            }
            Ok(used) => {
                let added = filled_adds_at_most(&used, self.props_chars);
                if added > MAX_FILLED_BYTES {
                    let message = format!(
                        "this text's placeholders add as much as {} KiB of words; they may add at most {} KiB",
                        added.div_ceil(1024),
                        MAX_FILLED_BYTES / 1024
                    );
                    let hint = "name the props once, or write them out where they are needed";
                    self.report(Diagnostic::at(value.span(), message).with_hint(hint));
                }
                for placeholder in used {
                    let missing = match placeholder.needs() {
                        Needs::Breath if !allowed.breath => Some("a paced breath (`breath`)"),
                        Needs::Sides if !allowed.sides => {
                            Some("a pose held on each side (`each_side = true`)")
                        }
                        _ => None,
                    };
                    if let Some(missing) = missing {
                        let message = format!(
                            "`{{{}}}` needs {missing}, which this step does not have",
                            placeholder.name()
                        );
                        self.report(Diagnostic::at(value.span(), message));
                    }
                }
            }
        }
        Some(text)
    }

    /// The interval of a step's bells: a duration, and not so short that bells crowd the step.
    fn bell_every(&mut self, value: Option<&Spanned<String>>) -> Result<Option<u64>, Invalid> {
        let ms = self.optional_duration(value, "`bell_every`")?;
        if let (Some(ms), Some(value)) = (ms, value) {
            if ms < MIN_BELL_EVERY_MS {
                let message = format!(
                    "`bell_every` is {}; a bell may ring at most every {}",
                    format_ms(ms),
                    format_ms(MIN_BELL_EVERY_MS)
                );
                let hint = "an interval bell marks the minutes of a long hold, like \"5m\"";
                self.report(Diagnostic::at(value.span(), message).with_hint(hint));
                return Err(Invalid);
            }
        }
        Ok(ms)
    }

    fn rebound(&mut self, file: Option<&Spanned<ReboundFile>>) -> Result<Option<Rebound>, Invalid> {
        let Some(file) = file else { return Ok(None) };
        match file.get_ref() {
            ReboundFile::Length(text) => {
                let spanned = Spanned::new(file.span(), text.clone());
                let ms = self.duration(&spanned, "`rebound`").ok_or(Invalid)?;
                Ok(Some(Rebound {
                    ms,
                    title: None,
                    text: None,
                }))
            }
            ReboundFile::Table(table) => {
                let ms = self.duration(&table.duration, "the rebound's `duration`");
                let title = table
                    .title
                    .as_ref()
                    .map(|t| self.non_empty(t, "the rebound's title"));
                let text = self.words(table.text.as_ref(), Allowed::default());
                Ok(Some(Rebound {
                    ms: ms.ok_or(Invalid)?,
                    title,
                    text,
                }))
            }
        }
    }

    fn step_duration(
        &mut self,
        file: &StepFile,
        in_block: bool,
        has_breath: bool,
    ) -> Option<StepDuration> {
        if file.rounds.is_some() || file.block.is_some() {
            return self.block(file, in_block);
        }
        let Some(duration) = &file.duration else {
            let message = "this step has no duration";
            let hint = "add `duration = \"5m\"`, \"flexible\" or \"5 breaths\"";
            self.report(Diagnostic::at(file.title.span(), message).with_hint(hint));
            return None;
        };
        let text = duration.get_ref().trim();
        if text == "until ready" {
            return self.until_ready(file, in_block);
        }
        if text == "flexible" {
            if in_block {
                self.report(Diagnostic::at(
                    duration.span(),
                    "a step repeated in a block cannot be flexible",
                ));
                return None;
            }
            return self.flex(file).map(StepDuration::Flexible);
        }
        self.only_when_flexible(file, "set `duration = \"flexible\"`, or remove it");
        if let Some(count) = text
            .strip_suffix("breaths")
            .or_else(|| text.strip_suffix("breath"))
        {
            return self.breath_count(duration, count.trim(), has_breath);
        }
        self.duration(duration, "a step's duration")
            .map(|ms| StepDuration::Fixed { ms })
    }

    fn until_ready(&mut self, file: &StepFile, in_block: bool) -> Option<StepDuration> {
        if in_block {
            let message = "a step repeated in a block cannot wait until you are ready";
            self.report(Diagnostic::at(file.title.span(), message));
            return None;
        }
        for (key, span) in [
            ("min", file.min.as_ref().map(Spanned::span)),
            ("weight", file.weight.as_ref().map(Spanned::span)),
            ("multiple_of", file.multiple_of.as_ref().map(Spanned::span)),
        ] {
            if let Some(span) = span {
                let message = format!("`{key}` only applies to a flexible step");
                self.report(
                    Diagnostic::at(span, message).with_hint("a step that waits takes only `max`"),
                );
            }
        }
        let max_ms = self
            .optional_duration(file.max.as_ref(), "the longest wait (`max`)")
            .ok()?
            .unwrap_or(DEFAULT_READY_MAX_MS);
        Some(StepDuration::UntilReady { max_ms })
    }

    fn breath_count(
        &mut self,
        duration: &Spanned<String>,
        count: &str,
        has_breath: bool,
    ) -> Option<StepDuration> {
        let Ok(count) = count.parse::<u32>() else {
            let message = format!("`{}` does not say how many breaths", duration.get_ref());
            self.report(
                Diagnostic::at(duration.span(), message)
                    .with_hint("write a whole number, like \"5 breaths\""),
            );
            return None;
        };
        if !(1..=MAX_BREATHS).contains(&count) {
            let message = format!("a step may count 1 to {MAX_BREATHS} breaths, not {count}");
            self.report(Diagnostic::at(duration.span(), message));
            return None;
        }
        if !has_breath {
            let message = "counting breaths needs a breath to count";
            let hint = "add `breath = { pattern = \"4-6\" }` to the step";
            self.report(Diagnostic::at(duration.span(), message).with_hint(hint));
            return None;
        }
        Some(StepDuration::Breaths { count })
    }

    fn flex(&mut self, file: &StepFile) -> Option<Flex> {
        let min_ms = self
            .optional_duration(file.min.as_ref(), "the step's `min`")
            .ok()?;
        let max_ms = self
            .optional_duration(file.max.as_ref(), "the step's `max`")
            .ok()?;
        let weight = match &file.weight {
            Some(weight) if !(1..=100).contains(weight.get_ref()) => {
                let message = format!(
                    "`weight` is {}; it is a whole number from 1 to 100",
                    weight.get_ref()
                );
                self.report(Diagnostic::at(weight.span(), message));
                return None;
            }
            Some(weight) => u32::try_from(*weight.get_ref()).unwrap_or(1),
            None => 1,
        };
        if let (Some(min), Some(max), Some(span)) = (min_ms, max_ms, &file.min) {
            if min > max {
                let message = format!(
                    "the step's `min` ({}) is longer than its `max` ({})",
                    format_ms(min),
                    format_ms(max)
                );
                self.report(Diagnostic::at(span.span(), message));
                return None;
            }
        }
        let flex = Flex {
            min_ms: min_ms.unwrap_or(0),
            max_ms,
            weight,
            multiple_of_ms: self.multiple_of(file).ok()?,
        };
        if let (Some(max), Some(unit), Some(value)) =
            (max_ms, flex.multiple_of_ms, &file.multiple_of)
        {
            if flex.least_ms() > max {
                self.report(no_multiple_fits(&flex, unit, max, value.span()));
                return None;
            }
        }
        Some(flex)
    }

    /// `multiple_of`: whole seconds, and not on a paced step.
    fn multiple_of(&mut self, file: &StepFile) -> Result<Option<u64>, Invalid> {
        let Some(value) = &file.multiple_of else {
            return Ok(None);
        };
        let whole = "it is a whole number of seconds, at least one, like \"1m\"";
        if duration::parse_ms_allow_zero(value.get_ref()) == Ok(0) {
            let message = format!("`multiple_of` is zero; {whole}");
            let hint = "remove `multiple_of` to share the step's time to the second";
            self.report(Diagnostic::at(value.span(), message).with_hint(hint));
            return Err(Invalid);
        }
        let ms = self
            .duration(value, "the step's `multiple_of`")
            .ok_or(Invalid)?;
        if !ms.is_multiple_of(1000) {
            let message = format!("`multiple_of` is {}; {whole}", format_ms(ms));
            self.report(Diagnostic::at(value.span(), message));
            return Err(Invalid);
        }
        if file.breath.is_some() {
            let message = "a paced step lasts whole breaths, so it cannot keep to `multiple_of`";
            let hint = "remove `multiple_of` from the paced step";
            self.report(Diagnostic::at(value.span(), message).with_hint(hint));
            return Err(Invalid);
        }
        Ok(Some(ms))
    }

    /// `min`, `max`, `weight` and `multiple_of` shape how a flexible step grows; elsewhere
    /// they are mistakes.
    fn only_when_flexible(&mut self, file: &StepFile, hint: &str) {
        let keys = [
            ("min", file.min.as_ref().map(Spanned::span)),
            ("max", file.max.as_ref().map(Spanned::span)),
            ("weight", file.weight.as_ref().map(Spanned::span)),
            ("multiple_of", file.multiple_of.as_ref().map(Spanned::span)),
        ];
        for (key, span) in keys {
            if let Some(span) = span {
                self.report(
                    Diagnostic::at(span, format!("`{key}` only applies to a flexible step"))
                        .with_hint(hint),
                );
            }
        }
    }

    fn block(&mut self, file: &StepFile, in_block: bool) -> Option<StepDuration> {
        let span = file.title.span();
        if in_block {
            self.report(Diagnostic::at(span, "a block cannot hold another block"));
            return None;
        }
        self.only_when_flexible(file, "a block's length comes from its rounds: remove it");
        if let Some(duration) = &file.duration {
            let message = "a block's length comes from its rounds";
            self.report(
                Diagnostic::at(duration.span(), message)
                    .with_hint("remove `duration` from the block"),
            );
            return None;
        }
        let (Some(rounds), Some(block)) = (&file.rounds, &file.block) else {
            let message = "a block needs both `rounds` and its `[[steps.block]]` steps";
            self.report(Diagnostic::at(span, message));
            return None;
        };
        if !(1..=MAX_ROUNDS).contains(rounds.get_ref()) {
            let message = format!(
                "`rounds` is {}; a block has 1 to {MAX_ROUNDS} rounds",
                rounds.get_ref()
            );
            self.report(Diagnostic::at(rounds.span(), message));
            return None;
        }
        if block.get_ref().is_empty() {
            self.report(Diagnostic::at(block.span(), "this block has no steps"));
            return None;
        }
        for (key, present) in [
            ("breath", file.breath.is_some()),
            ("each_side", file.each_side.is_some()),
            ("bell_every", file.bell_every.is_some()),
        ] {
            if present {
                let message = format!("`{key}` belongs on the steps inside the block");
                self.report(Diagnostic::at(span.clone(), message));
            }
        }
        let steps: Vec<Step> = block
            .get_ref()
            .iter()
            .filter_map(|s| self.step(s, true))
            .collect();
        let rounds = u32::try_from(*rounds.get_ref()).unwrap_or(1);
        (steps.len() == block.get_ref().len()).then_some(StepDuration::Rounds { rounds, steps })
    }

    fn sides(&mut self, file: &StepFile) -> Result<Option<Sides>, Invalid> {
        let each_side = file.each_side.as_ref().is_some_and(|e| *e.get_ref());
        if !each_side {
            for (key, span) in [
                ("first_side", file.first_side.as_ref().map(Spanned::span)),
                ("switch", file.switch.as_ref().map(Spanned::span)),
                ("switch_text", file.switch_text.as_ref().map(Spanned::span)),
                ("second_side", file.second_side.as_ref().map(Spanned::span)),
            ] {
                if let Some(span) = span {
                    let message = format!("`{key}` only applies to a pose held on each side");
                    self.report(
                        Diagnostic::at(span, message)
                            .with_hint("add `each_side = true`, or remove it"),
                    );
                    return Err(Invalid);
                }
            }
            return Ok(None);
        }
        let first = match file.first_side.as_ref() {
            None => Side::Right,
            // "Left" is what a teacher writes at the start of a line: sides are not cased.
            Some(side) => match side.get_ref().trim().to_lowercase().as_str() {
                "right" => Side::Right,
                "left" => Side::Left,
                _ => {
                    let other = side.get_ref().trim();
                    let mut diagnostic = Diagnostic::at(
                        side.span(),
                        format!("`{other}` is not a side; use \"right\" or \"left\""),
                    );
                    if let Some(best) = crate::suggest::closest(other, ["right", "left"]).first() {
                        diagnostic = diagnostic.with_hint(format!("did you mean \"{best}\"?"));
                    }
                    self.report(diagnostic);
                    return Err(Invalid);
                }
            },
        };
        let switch_ms = self
            .optional_duration(file.switch.as_ref(), "`switch`")?
            .unwrap_or(DEFAULT_SWITCH_MS);
        // The switch between sides paces no breath; the second side paces the step's.
        let switch = Allowed {
            breath: false,
            sides: true,
        };
        let second = Allowed {
            breath: file.breath.is_some(),
            ..switch
        };
        let switch_text = self.words(file.switch_text.as_ref(), switch);
        let second_text = self.words(file.second_side.as_ref(), second);
        Ok(Some(Sides {
            first,
            switch_ms,
            switch_text,
            second_text,
        }))
    }

    pub(super) fn breath(&mut self, file: &Spanned<BreathFile>) -> Option<Breath> {
        let breath = file.get_ref();
        let phases = [
            &breath.inhale,
            &breath.hold,
            &breath.exhale,
            &breath.hold_after_exhale,
        ];
        let from = match &breath.pattern {
            Some(pattern) if phases.iter().any(|p| p.is_some()) => {
                let message = "give either `pattern` or the phases one by one, not both";
                self.report(Diagnostic::at(pattern.span(), message));
                return None;
            }
            Some(pattern) => match BreathPattern::parse(pattern.get_ref()) {
                Ok(pattern) => pattern,
                Err(message) => {
                    self.report(
                        Diagnostic::at(pattern.span(), message)
                            .with_hint("a breath should never strain"),
                    );
                    return None;
                }
            },
            None if breath.inhale.is_none() || breath.exhale.is_none() => {
                let message = "a breath needs an `inhale` and an `exhale`, or a `pattern`";
                self.report(
                    Diagnostic::at(file.span(), message)
                        .with_hint("for example `breath = { pattern = \"4-6\" }`"),
                );
                return None;
            }
            None => self.phases(phases, BreathPattern::from_array([0; 4]))?,
        };
        let targets = [
            &breath.inhale_to,
            &breath.hold_to,
            &breath.exhale_to,
            &breath.hold_after_exhale_to,
        ];
        let to = self.phases(targets, from)?;
        Some(Breath { from, to })
    }

    /// The phases given, each checked, with `base` for those left out.
    fn phases(
        &mut self,
        values: [&Option<Spanned<String>>; 4],
        base: BreathPattern,
    ) -> Option<BreathPattern> {
        const NAMES: [&str; 4] = [
            "the inhale",
            "the hold",
            "the exhale",
            "the hold after the exhale",
        ];
        let mut phases = base.as_array();
        let mut valid = true;
        for (index, value) in values.into_iter().enumerate() {
            let Some(value) = value else { continue };
            match self.phase(value, NAMES[index], index % 2 == 1) {
                Some(ms) => phases[index] = ms,
                None => valid = false,
            }
        }
        valid.then(|| BreathPattern::from_array(phases))
    }

    /// A breath phase: a hold may be zero; every phase that is there lasts 1 to 60 s.
    fn phase(&mut self, value: &Spanned<String>, what: &str, may_be_zero: bool) -> Option<u64> {
        match duration::parse_ms_allow_zero(value.get_ref()) {
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
                self.report(super::duration_diagnostic(value.span(), what, &error));
                None
            }
        }
    }
}

/// A text's placeholders add at most this much when filled: 64 KiB of words take well over
/// an hour to say at a calm pace, longer than any step, while 8 KB naming the props 500
/// times filled to 2 MB (46 hours of speech) and took the planner seconds.
pub(crate) const MAX_FILLED_BYTES: usize = 64 * 1024;

/// Why no multiple of `unit` is a length a flexible step may take: `unit` is longer than
/// its `max`, or no multiple lies between its `min` and `max`.
fn no_multiple_fits(
    flex: &Flex,
    unit: u64,
    max_ms: u64,
    span: std::ops::Range<usize>,
) -> Diagnostic {
    let message = if unit > max_ms {
        format!(
            "`multiple_of` ({}) is longer than the step's `max` ({})",
            format_ms(unit),
            format_ms(max_ms)
        )
    } else {
        format!(
            "no multiple of {} lies between the step's `min` ({}) and its `max` ({})",
            format_ms(unit),
            format_ms(flex.min_ms),
            format_ms(max_ms)
        )
    };
    Diagnostic::at(span, message).with_hint(
        "lower `multiple_of`, or widen the step's `min` and `max` around a multiple of it",
    )
}

/// The most `used` placeholders can add to a text: `{props}` the props as words, the others
/// a few words each (a breath, a number, a side, a length).
fn filled_adds_at_most(used: &[placeholders::Placeholder], props_chars: usize) -> usize {
    /// Longer than any other placeholder's words ("one hundred and twenty-three minutes").
    const OTHER_WORDS: usize = 100;
    used.iter().fold(0, |total, placeholder| {
        let words = if *placeholder == placeholders::Placeholder::Props {
            props_chars
        } else {
            OTHER_WORDS
        };
        total.saturating_add(words)
    })
}
