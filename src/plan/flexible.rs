//! Filling the chosen length: the flexible parts share what the set parts leave ([`share`]),
//! then paced flexible parts are cut to whole breaths and what that frees goes to the
//! flexible parts that are not paced. The session lasts exactly the length chosen.
//!
//! Where the remainder goes, in order: the flexible parts without `multiple_of` take it in
//! whole seconds; then those with it, in whole multiples; what is still left (less than a
//! multiple) goes to the last flexible part with room, which then is not a whole multiple.
//! What a cut to whole breaths frees and no unpaced part can take stays in the paced part,
//! after its last breath.

use super::breath;
use super::expand::{Extent, Part};
use super::share::{Claim, share};
use crate::routine::{Flex, MIN_FLEXIBLE_MS};

/// Why the flexible parts cannot fill the length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shortfall {
    /// The parts need at least this long.
    TooShort { needed_ms: u64 },
    /// With every flexible part at its longest, they last this long.
    CannotFill { most_ms: u64 },
    /// Part `part` is paced and too short for one whole breath.
    ShorterThanABreath { part: usize },
}

/// The flexible part's bounds, if it is flexible.
fn flex(part: &Part) -> Option<Flex> {
    match part.extent {
        Extent::Flexible(flex) => Some(flex),
        _ => None,
    }
}

/// The least a flexible part takes: never more than its `max`, so that a routine made in
/// code with no multiple between its bounds is still planned (validation refuses it in a
/// file).
pub(super) fn least_ms(flex: &Flex) -> u64 {
    flex.least_ms().min(flex.max_ms.unwrap_or(u64::MAX))
}

/// Lengthens the flexible parts so that `lengths` add up to `target_ms`, and sets the
/// `breaths` of the paced ones once they are cut to whole breaths.
pub(super) fn fill(
    parts: &[Part],
    lengths: &mut [u64],
    breaths: &mut [u64],
    target_ms: u64,
) -> Result<(), Shortfall> {
    let flexible: Vec<usize> = (0..parts.len())
        .filter(|&i| flex(&parts[i]).is_some())
        .collect();
    // Every flexible part needs a little time of its own, even with no minimum.
    let short = flexible
        .iter()
        .filter(|&&i| lengths[i] < MIN_FLEXIBLE_MS)
        .count() as u64;
    let base_ms: u64 = lengths.iter().sum();
    let needed_ms = base_ms + short * MIN_FLEXIBLE_MS;
    if needed_ms > target_ms {
        return Err(Shortfall::TooShort { needed_ms });
    }
    let mut left = give(parts, lengths, &flexible, target_ms - base_ms);
    for &i in flexible.iter().rev() {
        let room = room_ms(parts, lengths, i).unwrap_or(left).min(left);
        lengths[i] += room;
        left -= room;
    }
    if left > 0 {
        return Err(Shortfall::CannotFill {
            most_ms: target_ms - left,
        });
    }
    if flexible.iter().any(|&i| lengths[i] < MIN_FLEXIBLE_MS) {
        return Err(Shortfall::TooShort {
            needed_ms: target_ms + MIN_FLEXIBLE_MS,
        });
    }
    let mut cuts = Vec::new();
    for &i in &flexible {
        let Some(paced) = &parts[i].breath else {
            continue;
        };
        let (count, ms) = breath::fitting(paced, lengths[i]);
        if count == 0 {
            return Err(Shortfall::ShorterThanABreath { part: i });
        }
        cuts.push((i, lengths[i] - ms));
        lengths[i] = ms;
        breaths[i] = count;
    }
    let unpaced: Vec<usize> = flexible
        .into_iter()
        .filter(|&i| parts[i].breath.is_none())
        .collect();
    let freed = cuts.iter().map(|&(_, cut)| cut).sum();
    let mut left = give(parts, lengths, &unpaced, freed);
    for &(i, cut) in cuts.iter().rev() {
        let back = cut.min(left);
        lengths[i] += back;
        left -= back;
    }
    Ok(())
}

/// How much longer flexible part `i` may grow (`None`: no limit).
fn room_ms(parts: &[Part], lengths: &[u64], i: usize) -> Option<u64> {
    flex(&parts[i])
        .and_then(|flex| flex.max_ms)
        .map(|max| max.saturating_sub(lengths[i]))
}

/// Shares `spare_ms` among the flexible parts `among`; returns what none had room for.
fn give(parts: &[Part], lengths: &mut [u64], among: &[usize], spare_ms: u64) -> u64 {
    let claims: Vec<Claim> = among
        .iter()
        .map(|&i| {
            let flex = flex(&parts[i]).unwrap_or_default();
            Claim {
                room_ms: room_ms(parts, lengths, i),
                weight: u64::from(flex.weight),
                unit_ms: flex.multiple_of_ms,
                group: parts[i].step,
            }
        })
        .collect();
    let (shares, left) = share(spare_ms, &claims);
    for (&i, extra) in among.iter().zip(shares) {
        lengths[i] += extra;
    }
    left
}
