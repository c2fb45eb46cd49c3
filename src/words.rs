//! Counting things in words, as every message and report does: "1 session", "3 weeks".

/// `count` things, with the plural the things named here all take: `1 step`, `2 steps`.
#[must_use]
pub(crate) fn counted(count: usize, thing: &str) -> String {
    format!("{count} {thing}{}", if count == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_said_without_the_plural() {
        assert_eq!(counted(0, "week"), "0 weeks");
        assert_eq!(counted(1, "older session"), "1 older session");
        assert_eq!(counted(12, "routine"), "12 routines");
    }
}
