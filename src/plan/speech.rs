//! When words are said, and how long they take: planned before any voice has spoken them,
//! so that a text is placed where it can finish before its part ends, and `check` can say
//! which texts cannot.
//!
//! The length of a text is estimated at a calm guiding pace ([`WORDS_PER_MINUTE`], with a
//! pause between sentences). The voice speaks at that pace, one sentence at a time, and a
//! text that still runs long is stopped at the end of a sentence, never mid-word.

use super::{CueKind, Said, Segment, Timeline};

/// A calm guiding voice: about 110 to 140 words a minute.
pub const WORDS_PER_MINUTE: u64 = 135;
/// The pause between two sentences.
pub const SENTENCE_PAUSE_MS: u64 = 700;
/// A step's words begin this long after its chime, so the chime is heard first.
pub const OPENING_DELAY_MS: u64 = 1_200;
/// At the very start the opening bowl rings down before anyone speaks: from 6 s on, the
/// built-in bowl's momentary loudness (400 ms windows) stays more than 20 dB under its
/// loudest, so its ring no longer masks the first words, which are some 25 dB louder than
/// it by then. A test reads the bowl's envelope, so this cannot fall behind the sound.
pub const FIRST_OPENING_DELAY_MS: u64 = 6_000;
/// Words are planned to end at least this long before their part does, so they never
/// meet the next chime.
pub const MARGIN_MS: u64 = 1_000;
/// However a voice's pace differs from the plan, words stop (at a sentence end) at least
/// this long before their part ends.
pub const LATEST_END_MS: u64 = 250;
/// Words that must finish in their part (an ending, the words before a wait) are planned
/// as if they took this much longer than estimated (in percent), so that a voice a little
/// slower than the plan still finishes them in time.
const SLACK_PERCENT: u64 = 20;

/// `estimate_ms` with room for a voice a little slower than planned.
#[must_use]
pub fn with_slack(estimate_ms: u64) -> u64 {
    estimate_ms * (100 + SLACK_PERCENT) / 100
}
/// The quiet left between two texts said in one part.
pub const BETWEEN_TEXTS_MS: u64 = 1_500;

/// The sentences of a text, each with its closing mark, spaces made single.
#[must_use]
pub fn sentences(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut sentences = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for word in words {
        current.push(word);
        let ends = word
            .trim_end_matches(['"', '\'', ')', '\u{201d}', '\u{2019}'])
            .ends_with(['.', '!', '?', ';']);
        if ends {
            sentences.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        sentences.push(current.join(" "));
    }
    sentences
}

/// How long a sentence takes to say at the planned pace.
#[must_use]
pub fn sentence_ms(sentence: &str) -> u64 {
    let words = sentence.split_whitespace().count() as u64;
    words * 60_000 / WORDS_PER_MINUTE
}

/// How long a text takes to say, its sentences and the pauses between them.
#[must_use]
pub fn estimate_ms(text: &str) -> u64 {
    let sentences = sentences(text);
    let pauses = sentences.len().saturating_sub(1) as u64 * SENTENCE_PAUSE_MS;
    sentences.iter().map(|s| sentence_ms(s)).sum::<u64>() + pauses
}

/// What is said as a part begins: its title, then its instructions.
#[must_use]
pub fn opening_words(title: &str, text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = title.trim_end_matches(['.', ':']);
    if text.is_empty() {
        format!("{title}.")
    } else {
        format!("{title}. {text}")
    }
}

/// How long after its part's start the opening words begin.
#[must_use]
pub fn opening_delay_ms(segment_index: usize) -> u64 {
    if segment_index == 0 {
        FIRST_OPENING_DELAY_MS
    } else {
        OPENING_DELAY_MS
    }
}

/// "One minute left", said this long before a part ends.
#[must_use]
pub fn time_left_words(left_ms: u64) -> String {
    use crate::routine::placeholders::{duration_words, sentence};
    sentence(&format!("{} left", duration_words(left_ms)))
}

/// Where the opening words of `segment` (number `index`) end, as planned.
#[must_use]
pub fn opening_end_ms(index: usize, segment: &Segment) -> u64 {
    segment.start_ms
        + opening_delay_ms(index)
        + estimate_ms(&opening_words(&segment.title, &segment.text))
}

/// A text that cannot be said before its part ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overrun {
    /// The part's index in the timeline.
    pub segment: usize,
    /// The part's title.
    pub title: String,
    /// Which text: "its words" or "its ending".
    pub what: &'static str,
    /// How much longer the part would need to be.
    pub missing_ms: u64,
}

/// The texts of `timeline` that run past their parts at the planned pace. A part that
/// waits until the practitioner is ready is planned around its words, so it never does.
#[must_use]
pub fn overruns(timeline: &Timeline) -> Vec<Overrun> {
    let mut found = Vec::new();
    for (index, segment) in timeline.segments.iter().enumerate() {
        let limit = segment.end_ms.saturating_sub(MARGIN_MS);
        let opening_end = opening_end_ms(index, segment);
        let mut words_end = opening_end;
        let mut what = "its words";
        if let Some(ending) = &segment.ending {
            // With the room [`cues`] gives an ending for a slower voice.
            words_end = opening_end + BETWEEN_TEXTS_MS + with_slack(estimate_ms(ending));
            what = "its words and its ending";
        }
        if words_end > limit {
            found.push(Overrun {
                segment: index,
                title: segment.title.clone(),
                what,
                missing_ms: words_end - limit,
            });
        }
    }
    found
}

/// The spoken cues of one part, beyond its opening words: the ending placed to finish a
/// margin before the part does, and the "time left" where it fits between the opening
/// and the ending. Both are left out where there is no room for them.
pub(super) fn cues(
    index: usize,
    segment: &Segment,
    time_left_ms: Option<u64>,
) -> Vec<(u64, CueKind)> {
    let mut cues = Vec::new();
    let opening_end = opening_end_ms(index, segment);
    let limit = segment.end_ms.saturating_sub(MARGIN_MS);
    let bells: Vec<u64> =
        segment
            .bell_every_ms
            .filter(|&p| p > 0)
            .map_or_else(Vec::new, |period| {
                (1..=segment.len_ms() / period)
                    .map(|k| segment.start_ms + k * period)
                    .filter(|&at| at < segment.end_ms)
                    .collect()
            });
    let mut free_until = limit;
    if let Some(ending) = &segment.ending {
        let length = with_slack(estimate_ms(ending));
        let earliest = opening_end + BETWEEN_TEXTS_MS;
        let at = clear_of_bells(
            limit.saturating_sub(length).max(earliest),
            length,
            &bells,
            true,
        );
        if at < limit && at >= earliest {
            cues.push((at, CueKind::Speak(Said::Ending)));
            free_until = at;
        }
    }
    if let Some(left_ms) = time_left_ms {
        let length = estimate_ms(&time_left_words(left_ms));
        let at = clear_of_bells(
            segment.end_ms.saturating_sub(left_ms),
            length,
            &bells,
            false,
        );
        if segment.end_ms > left_ms
            && at >= opening_end + BETWEEN_TEXTS_MS
            && at + length + BETWEEN_TEXTS_MS <= free_until
        {
            cues.push((at, CueKind::Speak(Said::TimeLeft { left_ms })));
        }
    }
    cues
}

/// A bell's strike rings this long before words may be heard over it.
const BELL_RING_MS: u64 = 2_500;

/// When words `length` long, wanted at `at`, are said so that no bell strikes while they
/// are said nor rings as they begin: `at` itself when clear, else just before the bell
/// (`earlier`, for words that must end in time) or once it has rung (later).
fn clear_of_bells(at: u64, length: u64, bells: &[u64], earlier: bool) -> u64 {
    let clashing = bells
        .iter()
        .find(|&&bell| bell < at + length + BETWEEN_TEXTS_MS / 2 && at < bell + BELL_RING_MS);
    match clashing {
        None => at,
        Some(&bell) if earlier => bell.saturating_sub(length + BETWEEN_TEXTS_MS / 2),
        Some(&bell) => bell + BELL_RING_MS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_never_said_over_a_bells_strike() {
        // A bell at 60 s: words wanted at 59 s for 2 s move to after its ring, or, when they
        // must end in time, to just before it.
        assert_eq!(clear_of_bells(59_000, 2_000, &[60_000], false), 62_500);
        assert_eq!(clear_of_bells(59_000, 2_000, &[60_000], true), 57_250);
        assert_eq!(clear_of_bells(50_000, 2_000, &[60_000], false), 50_000);
        assert_eq!(clear_of_bells(61_000, 2_000, &[60_000], false), 62_500);
        assert_eq!(clear_of_bells(63_000, 2_000, &[60_000], false), 63_000);
    }

    #[test]
    fn sentences_end_at_their_marks() {
        assert_eq!(
            sentences("Rest.  Let the floor\nhold you; breathe. And then"),
            ["Rest.", "Let the floor hold you;", "breathe.", "And then"]
        );
    }

    #[test]
    fn a_text_takes_its_words_at_a_calm_pace_with_pauses_between_sentences() {
        // 5 and 4 words at 135 a minute (2,222 and 1,777 ms), and one pause between.
        assert_eq!(
            estimate_ms("Let the floor hold you. Breathe out slowly now."),
            2_222 + 1_777 + SENTENCE_PAUSE_MS
        );
        assert_eq!(time_left_words(60_000), "One minute left.");
    }
}
