//! Sharing spare time among flexible steps: in proportion to their weights, each within
//! the room it has, to the millisecond.

/// A claim on spare time: how much more a step can take (`None`: no limit) and its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Claim {
    /// How much more the step can take.
    pub room_ms: Option<u64>,
    /// Its share against the others.
    pub weight: u64,
}

/// Shares `spare_ms` among the claims. Steps whose proportional share would overflow their
/// room are filled to the brim first, and the rest is shared again among the others; the
/// milliseconds left by rounding go one each to the first steps with room. Returns each
/// claim's share and what nobody had room for.
#[must_use]
pub(super) fn share(spare_ms: u64, claims: &[Claim]) -> (Vec<u64>, u64) {
    let mut shares = vec![0; claims.len()];
    let mut open: Vec<usize> = (0..claims.len())
        .filter(|&i| claims[i].room_ms != Some(0) && claims[i].weight > 0)
        .collect();
    let mut left = spare_ms;
    while left > 0 && !open.is_empty() {
        let total_weight: u64 = open.iter().map(|&i| claims[i].weight).sum();
        let proportional = |i: usize| proportion(left, claims[i].weight, total_weight);
        let full: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| {
                claims[i]
                    .room_ms
                    .is_some_and(|room| room <= proportional(i))
            })
            .collect();
        if full.is_empty() {
            let given: Vec<(usize, u64)> = open.iter().map(|&i| (i, proportional(i))).collect();
            for &(i, amount) in &given {
                shares[i] += amount;
                left -= amount;
            }
            for &i in &open {
                if left == 0 {
                    break;
                }
                if claims[i].room_ms.is_none_or(|room| shares[i] < room) {
                    shares[i] += 1;
                    left -= 1;
                }
            }
            break;
        }
        for i in full {
            let room = claims[i].room_ms.unwrap_or(0);
            shares[i] += room;
            left -= room;
            open.retain(|&j| j != i);
        }
    }
    (shares, left)
}

fn proportion(amount: u64, weight: u64, total_weight: u64) -> u64 {
    u64::try_from(u128::from(amount) * u128::from(weight) / u128::from(total_weight))
        .unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(room_ms: Option<u64>, weight: u64) -> Claim {
        Claim { room_ms, weight }
    }

    #[test]
    fn shares_equally_and_gives_remainders_to_the_first() {
        assert_eq!(
            share(10, &[claim(None, 1), claim(None, 1), claim(None, 1)]),
            (vec![4, 3, 3], 0)
        );
    }

    #[test]
    fn shares_by_weight() {
        assert_eq!(
            share(90_000, &[claim(None, 1), claim(None, 2)]),
            (vec![30_000, 60_000], 0)
        );
    }

    #[test]
    fn fills_small_rooms_first_and_shares_the_rest() {
        let (shares, left) = share(
            100,
            &[claim(Some(10), 1), claim(None, 1), claim(Some(80), 1)],
        );
        assert_eq!((shares, left), (vec![10, 45, 45], 0));
    }

    #[test]
    fn reports_what_nobody_can_take() {
        assert_eq!(
            share(100, &[claim(Some(30), 1), claim(Some(20), 5)]),
            (vec![30, 20], 50)
        );
        assert_eq!(share(5, &[]), (vec![], 5));
    }
}
