//! Sharing spare time among flexible steps: in proportion to their weights, each within
//! the room it has, in whole seconds, and in whole multiples for a step that asks for them
//! (`multiple_of = "1m"`).
//!
//! The steps with `multiple_of` get whole multiples that together come as close as they
//! can to their proportional shares: each is rounded down, and the multiples that leaves go
//! to the steps rounded down the most, both sides of a pose alike. What that leaves over
//! (or takes) is shared in whole seconds by the flexible steps without it. When they have
//! no room left (or there are none), the steps with `multiple_of` take it in whole
//! multiples; what is still left is less than a multiple, and the caller decides where it
//! goes.

/// A claim on spare time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Claim {
    /// How much more the step can take (`None`: no limit).
    pub room_ms: Option<u64>,
    /// Its share against the others.
    pub weight: u64,
    /// The multiple its share is made of, when it is more than a second.
    pub unit_ms: Option<u64>,
    /// Claims of one group (the sides of one pose) are given multiples together.
    pub group: usize,
}

impl Claim {
    /// The multiple this claim takes, if it takes whole multiples.
    fn unit(&self) -> Option<u64> {
        self.unit_ms.filter(|&unit| unit > 1000)
    }

    /// The room in whole units of `unit_ms` (seconds for a claim without a multiple).
    fn room_in_units(&self) -> Option<u64> {
        let unit = self.unit().unwrap_or(1000);
        self.room_ms.map(|room| room / unit)
    }
}

/// Shares `spare_ms` among the claims: whole multiples for claims with a unit, whole
/// seconds for the others, and the odd milliseconds (when `spare_ms` is not whole seconds)
/// to the first claim without a unit that has room. Returns each claim's share and what
/// none could take.
#[must_use]
pub(super) fn share(spare_ms: u64, claims: &[Claim]) -> (Vec<u64>, u64) {
    let mut shares = rounded_multiples(spare_ms, claims);
    let given: u64 = shares.iter().sum();
    let seconds: Vec<usize> = (0..claims.len())
        .filter(|&i| claims[i].unit().is_none())
        .collect();
    let mut left = share_seconds(spare_ms - given, claims, &seconds, &mut shares);
    left = more_multiples(left, claims, &mut shares);
    (shares, left)
}

/// The claims with a unit, given whole multiples that together come as close as they can
/// to their proportional shares of all of `spare_ms`: each group (a group alike) is
/// rounded down, then the multiples that rounding left go one at a time to the groups it
/// took most from, as long as each brings the total closer. Where that comes to more than
/// `spare_ms`, the last given back go back. Claims without a unit get nothing here.
fn rounded_multiples(spare_ms: u64, claims: &[Claim]) -> Vec<u64> {
    let rooms: Vec<(Option<u64>, u64)> = claims
        .iter()
        .map(|c| {
            let unit = c.unit().unwrap_or(1);
            (c.room_ms.map(|room| room / unit * unit), c.weight)
        })
        .collect();
    let (ideal, _) = proportional(spare_ms, &rooms);
    let mut shares = vec![0; claims.len()];
    // Each group with a unit: its members, its unit, and what rounding down took from it.
    let mut rounded: Vec<(Vec<usize>, u64, u64)> = Vec::new();
    let mut taken: u64 = 0;
    for group in groups(claims) {
        let Some(unit) = claims[group[0]].unit() else {
            continue;
        };
        let least = group.iter().map(|&i| ideal[i]).min().unwrap_or(0);
        for &i in &group {
            shares[i] = least / unit * unit;
            taken += ideal[i] - shares[i];
        }
        rounded.push((group, unit, least % unit));
    }
    rounded.sort_by_key(|(_, _, remainder)| std::cmp::Reverse(*remainder));
    let mut given = Vec::new();
    for (group, unit, _) in &rounded {
        let cost = unit * group.len() as u64;
        let fits = group
            .iter()
            .all(|&i| rooms[i].0.is_none_or(|room| shares[i] + unit <= room));
        // Another multiple brings the total closer when it is less than twice what is owed.
        if fits && cost < 2 * taken {
            for &i in group {
                shares[i] += unit;
            }
            taken = taken.saturating_sub(cost);
            given.push((group, *unit));
        }
    }
    while shares.iter().sum::<u64>() > spare_ms {
        let Some((group, unit)) = given.pop() else {
            break;
        };
        for &i in group {
            shares[i] -= unit;
        }
    }
    shares
}

/// Shares `spare_ms` among the claims `among` in whole seconds, the odd milliseconds to
/// the first with room; returns what none had room for.
fn share_seconds(spare_ms: u64, claims: &[Claim], among: &[usize], shares: &mut [u64]) -> u64 {
    let rooms: Vec<(Option<u64>, u64)> = among
        .iter()
        .map(|&i| (claims[i].room_in_units(), claims[i].weight))
        .collect();
    let (seconds, left_seconds) = proportional(spare_ms / 1000, &rooms);
    for (&i, extra) in among.iter().zip(seconds) {
        shares[i] += extra * 1000;
    }
    let mut left_ms = left_seconds * 1000 + spare_ms % 1000;
    for &i in among {
        let room = claims[i]
            .room_ms
            .map_or(left_ms, |room| room.saturating_sub(shares[i]));
        let extra = room.min(left_ms);
        shares[i] += extra;
        left_ms -= extra;
    }
    left_ms
}

/// Gives what is `left` to the claims with a unit, a multiple to each claim of a group at
/// a time, group after group, as long as whole multiples fit; returns the rest.
fn more_multiples(mut left: u64, claims: &[Claim], shares: &mut [u64]) -> u64 {
    let groups: Vec<Vec<usize>> = groups(claims)
        .into_iter()
        .filter(|group| claims[group[0]].unit().is_some())
        .collect();
    loop {
        let mut given = false;
        for group in &groups {
            let unit = claims[group[0]].unit().unwrap_or(u64::MAX);
            let fits = group.iter().all(|&i| {
                claims[i]
                    .room_ms
                    .is_none_or(|room| shares[i].saturating_add(unit) <= room)
            });
            let needed = unit.saturating_mul(group.len() as u64);
            if fits && needed <= left {
                for &i in group {
                    shares[i] += unit;
                }
                left -= needed;
                given = true;
            }
        }
        if !given {
            return left;
        }
    }
}

/// The claims' indices, grouped by `group`, in order of first appearance.
fn groups(claims: &[Claim]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, claim) in claims.iter().enumerate() {
        match groups.iter_mut().find(|(group, _)| *group == claim.group) {
            Some((_, members)) => members.push(i),
            None => groups.push((claim.group, vec![i])),
        }
    }
    groups.into_iter().map(|(_, members)| members).collect()
}

/// Shares `amount` among claims of `(room, weight)` in proportion to their weights. Those
/// whose proportional share would overflow their room are filled to the brim first, and
/// the rest is shared again among the others; the units left by rounding go one each to
/// the first with room. Returns each claim's share and what nobody had room for.
fn proportional(amount: u64, claims: &[(Option<u64>, u64)]) -> (Vec<u64>, u64) {
    let mut shares = vec![0; claims.len()];
    let mut open: Vec<usize> = (0..claims.len())
        .filter(|&i| claims[i].0 != Some(0) && claims[i].1 > 0)
        .collect();
    let mut left = amount;
    while left > 0 && !open.is_empty() {
        let total_weight: u64 = open.iter().map(|&i| claims[i].1).sum();
        let share_of = |i: usize| proportion(left, claims[i].1, total_weight);
        let full: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| claims[i].0.is_some_and(|room| room <= share_of(i)))
            .collect();
        if full.is_empty() {
            let given: Vec<(usize, u64)> = open.iter().map(|&i| (i, share_of(i))).collect();
            for &(i, amount) in &given {
                shares[i] += amount;
                left -= amount;
            }
            for &i in &open {
                if left == 0 {
                    break;
                }
                if claims[i].0.is_none_or(|room| shares[i] < room) {
                    shares[i] += 1;
                    left -= 1;
                }
            }
            break;
        }
        for i in full {
            let room = claims[i].0.unwrap_or(0);
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
        Claim {
            room_ms,
            weight,
            unit_ms: None,
            group: 0,
        }
    }

    /// Claims each in a group of its own.
    fn apart(claims: &[Claim]) -> Vec<Claim> {
        claims
            .iter()
            .enumerate()
            .map(|(group, c)| Claim { group, ..*c })
            .collect()
    }

    fn minutes(room_ms: Option<u64>, weight: u64) -> Claim {
        Claim {
            unit_ms: Some(60_000),
            ..claim(room_ms, weight)
        }
    }

    #[test]
    fn shares_whole_seconds_equally_the_odd_ones_to_the_first() {
        let claims = apart(&[claim(None, 1), claim(None, 1), claim(None, 1)]);
        assert_eq!(share(10_000, &claims), (vec![4_000, 3_000, 3_000], 0));
        assert_eq!(share(10_250, &claims), (vec![4_250, 3_000, 3_000], 0));
    }

    #[test]
    fn shares_by_weight() {
        let claims = apart(&[claim(None, 1), claim(None, 2)]);
        assert_eq!(share(90_000, &claims), (vec![30_000, 60_000], 0));
    }

    #[test]
    fn fills_small_rooms_first_and_shares_the_rest() {
        let claims = apart(&[
            claim(Some(10_000), 1),
            claim(None, 1),
            claim(Some(80_000), 1),
        ]);
        assert_eq!(share(100_000, &claims), (vec![10_000, 45_000, 45_000], 0));
    }

    #[test]
    fn reports_what_nobody_can_take() {
        let claims = apart(&[claim(Some(30_000), 1), claim(Some(20_000), 5)]);
        assert_eq!(share(100_000, &claims), (vec![30_000, 20_000], 50_000));
        assert_eq!(share(5_000, &[]), (vec![], 5_000));
    }

    #[test]
    fn multiples_come_as_close_as_they_can_to_their_shares() {
        // Of 10 minutes shared three ways, each would have 3m 20s: the two holds would
        // have 6m 40s, and 7m is closer than 6m, so one hold has 4m; the rest without a
        // multiple takes the 3m they leave.
        let claims = apart(&[minutes(None, 1), minutes(None, 1), claim(None, 1)]);
        assert_eq!(
            share(600_000, &claims),
            (vec![240_000, 180_000, 180_000], 0)
        );
        // Of 12m 20s, each would have 4m 6s: 8m 13s for the holds, so both have 4m.
        assert_eq!(
            share(740_000, &claims),
            (vec![240_000, 240_000, 260_000], 0)
        );
        // A hold with no room for another minute leaves it to the one with room.
        let uneven = apart(&[minutes(Some(200_000), 1), minutes(None, 1), claim(None, 1)]);
        assert_eq!(
            share(610_000, &uneven),
            (vec![180_000, 240_000, 190_000], 0)
        );
    }

    #[test]
    fn multiples_never_take_more_than_there_is() {
        // Each would have 33s of 100s: rounded up, the holds would take 3m. The rest has
        // no room to give back, so the holds rounded up most go down, until they fit.
        let claims = apart(&[
            minutes(None, 1),
            minutes(None, 1),
            minutes(None, 1),
            claim(Some(0), 1),
        ]);
        assert_eq!(share(100_000, &claims), (vec![60_000, 0, 0, 0], 40_000));
    }

    #[test]
    fn the_sides_of_a_pose_take_multiples_together() {
        // Two sides of one pose and a hold: 3 minutes fit only the pose's two sides or
        // the hold alone, and the minute left over is for the caller.
        let pose = Claim {
            group: 0,
            ..minutes(None, 1)
        };
        let hold = Claim {
            group: 1,
            ..minutes(None, 1)
        };
        let (shares, left) = share(180_000, &[pose, pose, hold]);
        assert_eq!(shares[0], shares[1]);
        assert_eq!(shares.iter().sum::<u64>() + left, 180_000);
        assert!(shares.iter().all(|s| s % 60_000 == 0), "{shares:?}");
        // With no claim in seconds, a part of a minute is left for the caller.
        assert_eq!(share(90_000, &[hold]), (vec![60_000], 30_000));
    }

    #[test]
    fn multiples_take_what_the_others_have_no_room_for() {
        let claims = apart(&[minutes(Some(300_000), 1), claim(Some(10_000), 1)]);
        assert_eq!(share(250_000, &claims), (vec![240_000, 10_000], 0));
    }
}
