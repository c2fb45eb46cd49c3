//! "Did you mean ...?": the known names closest to a mistyped one.

/// How alike two names must be (Jaro-Winkler, 0 to 1) to be offered as a correction.
const ALIKE: f64 = 0.8;

/// The candidates closest to `typed`, best first, at most three; a candidate that contains
/// what was typed counts as close (`rest` finds `constructive-rest`), and so does one a
/// single slip away (a letter missed, added, changed or two swapped: `fro` finds `for`),
/// which Jaro-Winkler finds too far in a short word.
#[must_use]
pub(crate) fn closest<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(typed, candidate), candidate))
        .filter(|&(score, candidate)| {
            score >= ALIKE
                || (typed.len() >= 3
                    && (candidate.contains(typed) || strsim::osa_distance(typed, candidate) == 1))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut best: Vec<String> = Vec::new();
    for (_, candidate) in scored {
        if best.len() < 3 && !best.iter().any(|b| b == candidate) {
            best.push(candidate.to_owned());
        }
    }
    best
}

/// What a message about a name not found adds: the names offered, marked as text from
/// a file ("; did you mean `settle`?"), or `otherwise` when there are none.
#[must_use]
pub(crate) fn did_you_mean(offered: &[String], otherwise: &str) -> String {
    let names: Vec<String> = offered
        .iter()
        .map(|name| crate::untrusted::Untrusted::value(name).to_string())
        .collect();
    match names.as_slice() {
        [] => otherwise.to_owned(),
        [one] => format!("; did you mean `{one}`?"),
        many => format!("; did you mean one of: {}?", many.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::{closest, did_you_mean};

    #[test]
    fn offers_one_name_or_several_or_what_else_to_do() {
        let none: [String; 0] = [];
        assert_eq!(did_you_mean(&none, "; try list"), "; try list");
        assert_eq!(
            did_you_mean(&["settle".into()], ""),
            "; did you mean `settle`?"
        );
        assert_eq!(
            did_you_mean(&["a".into(), "b\u{1b}".into()], ""),
            "; did you mean one of: a, b\u{fffd}?"
        );
    }

    #[test]
    fn finds_typos_and_parts() {
        let known = ["constructive-rest", "settle", "duration", "title"];
        assert_eq!(
            closest("constructive-rst", known),
            vec!["constructive-rest"]
        );
        assert_eq!(closest("rest", known), vec!["constructive-rest"]);
        assert_eq!(closest("durration", known), vec!["duration"]);
        assert!(closest("zzz", known).is_empty());
        assert_eq!(closest("tilte", known), vec!["title"]);
        let flags = ["for", "format", "breath"];
        assert_eq!(closest("fro", flags), vec!["for"]);
        // Two letters is too short for a slip to say much.
        assert!(closest("ab", ["ba"]).is_empty());
    }
}
