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

#[cfg(test)]
mod tests {
    use super::closest;

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
