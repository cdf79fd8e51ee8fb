//! The automatic scheduler for B2B one-to-one meetings: accepted requests between two
//! participants go into the event's meeting slots. Pure and deterministic: no database, no
//! clock except for [`Quality::millis`], no hash-map order, a fixed-seed random generator.
//!
//! # The problem
//!
//! Slots `0..slots` in time order; each person has a set of slots where they are available (the
//! caller already took out their sessions and meetings outside this scheduler), a set of
//! preferred slots (their working hours) and a limit of meetings. Hard constraints, checked by
//! [`check`]: a meeting only where both are available, nobody twice in a slot, nobody over
//! their limit (fixed meetings count), every fixed meeting in its slot, a request at most once.
//! Pairs who declined each other ("no thanks") must be filtered out by the caller: every
//! request given here is one the scheduler may place. Objectives, in lexicographic order: the
//! number of meetings, then their total weight ([`Request::weight`]: a must-meet outweighs any
//! number of priority points), then the number of meetings in both sides' working hours.
//!
//! # The algorithm
//!
//! 1. **Fixed meetings** are validated ([`Clash`]) and placed first; they never move.
//! 2. **Construction**: the other requests are placed one by one: must-meet first, then those
//!    of people with the fewest requests per free place, then those with the fewest common
//!    free slots, then by weight. Each goes into the common free slot that takes the fewest
//!    options away from both sides' other unplaced requests, in working hours on a tie.
//! 3. **Hole walk** (the count, `walk.rs`): a person below their reachable maximum has a "hole".
//!    A step puts one of their unplaced requests into a common slot, ejecting at most one
//!    meeting (the one in the way in that slot, or one of the partner's meetings if the partner
//!    is full); the hole moves to whoever lost the ejected meeting. When nothing needs to be
//!    ejected (two holes meet), the count grows by one. The count never decreases, and only a
//!    must-meet request may eject a must-meet meeting. A short tabu list (the slot a meeting
//!    was just ejected from, meetings just inserted) keeps the walk from undoing itself; ties
//!    go to weight, then working hours, then a seeded random choice. The walk stops at the
//!    upper bound, after `40` steps per request, or after `5` steps per request without a gain:
//!    step counts, never wall-clock time, so the result does not depend on the machine.
//! 4. **Must-meet kicks**: an unplaced must-meet request is put in by force (ejecting what is
//!    in the way, never a must-meet), then a walk from the holes this made tries to win the
//!    count back within a few thousand steps; the kick is undone unless the objective grew.
//! 5. **Ejection chains** (weight, then working hours): for a request, a depth-first search of
//!    up to three moves (re-place it, re-place what it ejected, ...), pruned by an optimistic
//!    bound and a budget of tried moves, kept only if `(count, weight, working hours)` grows
//!    lexicographically.
//! 6. Instances with at most 14 movable requests (`exact.rs`) are then solved exactly
//!    by branch and bound (within a node budget). Greedy first-fit ([`greedy_first_fit`]) is
//!    computed too and returned if it were better, so the scheduler never places fewer
//!    meetings than the baseline.
//!
//! Cost, for `R` requests, `d` requests per person and `S` slots: construction
//! `O(R · d · S/64)`; a walk step `O(d · S)` (one person's unplaced requests and their common
//! slots) and `O(R)` steps; the chains a bounded number of moves per request. The benchmark
//! (`bench/meetings.rs`: 2,000 people, 20,000 requests, 36 slots) takes about a second and
//! reaches the upper bound or comes within two meetings of it; see `bench/README.md`.
//!
//! # The upper bound
//!
//! [`upper_bound`] is the number of fixed meetings plus the least of three bounds on the other
//! meetings, each valid for every schedule that meets the hard constraints (proofs in
//! `bound.rs`): (a) the number of requests that have a common slot free of fixed meetings and
//! two sides below their limit; (b) the per-slot bound: in a
//! slot at most `⌊n/2⌋` meetings happen among the `n` people who could meet someone there;
//! (c) the b-matching bound: the meetings form a subgraph in which person `p` has at most
//! `c(p)` meetings, where `c(p)` is the smaller of their remaining limit and the size of a
//! maximum matching between their requests and their free slots (each meeting needs its own
//! slot in which the partner is available too). Doubling a schedule's meetings (each as an arc
//! both ways) gives a flow in the bipartite double cover with capacities `c(p)` on both sides,
//! so twice the number of movable meetings is at most the maximum flow.

mod bound;
mod exact;
mod model;
mod search;
mod slotset;
#[cfg(test)]
mod tests;
mod walk;

use std::time::Instant as Clock;

use serde::Serialize;

pub use self::bound::upper_bound;
pub use self::slotset::SlotSet;

/// One scheduling problem: the slots, the people and the accepted requests.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Instance {
    /// Number of slots; slots are `0..slots`, in time order, all of the same length.
    pub slots: usize,
    /// Index = person id within the instance.
    pub people: Vec<Person>,
    /// Index = request id within the instance.
    pub requests: Vec<Request>,
}

/// A participant.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Person {
    /// Most meetings this person may have, fixed ones included.
    pub limit: u32,
    /// Slots where the person can meet (sessions and outside meetings already removed).
    pub available: SlotSet,
    /// Slots in the person's working hours (08:00-18:00 in their zone); need not be a subset
    /// of `available`.
    pub preferred: SlotSet,
}

/// An accepted meeting request between two people.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Request {
    /// One side (a person index).
    pub a: usize,
    /// The other side (a person index, not `a`).
    pub b: usize,
    /// A small integer, higher is more important (e.g. 1..=3).
    pub priority: u8,
    /// A must-meet request outweighs any difference in priorities.
    pub must_meet: bool,
    /// `Some(slot)`: published or locked by the organisers, kept exactly there.
    pub fixed: Option<usize>,
}

impl Request {
    /// The weight of the second objective: `priority`, plus a must-meet bonus larger than
    /// the sum of all priorities of an instance with `requests` requests, so that one more
    /// must-meet meeting always outweighs any priorities.
    pub fn weight(&self, requests: usize) -> u64 {
        let bonus = if self.must_meet {
            256 * (requests as u64 + 1)
        } else {
            0
        };
        bonus + u64::from(self.priority)
    }
}

/// The result of [`schedule`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Sorted by request index.
    pub placements: Vec<Placement>,
    pub quality: Quality,
}

/// A request placed in a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Placement {
    pub request: usize,
    pub slot: usize,
}

/// Figures about a schedule. All fields but `millis` are deterministic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quality {
    /// Meetings in the schedule (fixed included).
    pub placed: usize,
    /// No valid schedule of this instance can place more (see [`upper_bound`]).
    pub upper_bound: usize,
    /// What [`greedy_first_fit`] places on the same instance.
    pub greedy: usize,
    /// Placed meetings whose slot is preferred for both sides.
    pub in_working_hours: usize,
    /// Must-meet requests placed.
    pub must_meet_placed: usize,
    /// Must-meet requests in the instance.
    pub must_meet_total: usize,
    /// Sum of [`Request::weight`] over the placed requests.
    pub weight: u64,
    /// Wall-clock time taken by [`schedule`], in milliseconds.
    pub millis: u64,
}

impl Quality {
    /// `1 - placed / upper_bound`: how far the schedule may be from the optimum, at most. 0 when
    /// the bound is 0.
    pub fn gap(&self) -> f64 {
        if self.upper_bound == 0 {
            0.0
        } else {
            1.0 - self.placed as f64 / self.upper_bound as f64
        }
    }
}

/// Fixed meetings (or the requests themselves) that make every schedule invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Clash {
    #[error("request {request} is invalid: {reason}")]
    InvalidRequest {
        request: usize,
        reason: &'static str,
    },
    #[error("fixed request {request} is in slot {slot}, where person {person} is not available")]
    Unavailable {
        request: usize,
        person: usize,
        slot: usize,
    },
    #[error("fixed requests {first} and {second} both put person {person} in slot {slot}")]
    DoubleBooked {
        person: usize,
        slot: usize,
        first: usize,
        second: usize,
    },
    #[error("fixed requests {requests:?} exceed the limit {limit} of person {person}")]
    OverLimit {
        person: usize,
        limit: u32,
        requests: Vec<usize>,
    },
}

/// A broken hard constraint, found by [`check`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    #[error("request {request} does not exist")]
    UnknownRequest { request: usize },
    #[error("request {request} is invalid: {reason}")]
    InvalidRequest {
        request: usize,
        reason: &'static str,
    },
    #[error("request {request} is placed more than once")]
    Duplicate { request: usize },
    #[error("request {request} is placed in slot {slot}, which does not exist")]
    SlotOutOfRange { request: usize, slot: usize },
    #[error("request {request} is in slot {slot}, where person {person} is not available")]
    Unavailable {
        request: usize,
        person: usize,
        slot: usize,
    },
    #[error("requests {first} and {second} both put person {person} in slot {slot}")]
    DoubleBooked {
        person: usize,
        slot: usize,
        first: usize,
        second: usize,
    },
    #[error("person {person} has {placed} meetings, over the limit {limit}")]
    OverLimit {
        person: usize,
        limit: u32,
        placed: u32,
    },
    #[error("fixed request {request} is missing")]
    FixedMissing { request: usize },
    #[error("fixed request {request} is in slot {found} instead of {expected}")]
    FixedMoved {
        request: usize,
        expected: usize,
        found: usize,
    },
}

/// Why a request cannot be part of any schedule, if it is malformed.
fn malformed(instance: &Instance, request: &Request) -> Option<&'static str> {
    let n = instance.people.len();
    if request.a >= n || request.b >= n {
        Some("a person index is out of range")
    } else if request.a == request.b {
        Some("a person cannot meet themselves")
    } else if request.fixed.is_some_and(|slot| slot >= instance.slots) {
        Some("the fixed slot does not exist")
    } else {
        None
    }
}

/// Checks the requests and the fixed meetings: the first problem found, if any.
pub fn validate(instance: &Instance) -> Result<(), Clash> {
    for (request, r) in instance.requests.iter().enumerate() {
        if let Some(reason) = malformed(instance, r) {
            return Err(Clash::InvalidRequest { request, reason });
        }
    }
    let fixed: Vec<Placement> = instance
        .requests
        .iter()
        .enumerate()
        .filter_map(|(request, r)| r.fixed.map(|slot| Placement { request, slot }))
        .collect();
    check_placements(instance, &fixed).map_err(|v| match v {
        Violation::Unavailable {
            request,
            person,
            slot,
        } => Clash::Unavailable {
            request,
            person,
            slot,
        },
        Violation::DoubleBooked {
            person,
            slot,
            first,
            second,
        } => Clash::DoubleBooked {
            person,
            slot,
            first,
            second,
        },
        Violation::OverLimit { person, limit, .. } => Clash::OverLimit {
            person,
            limit,
            requests: fixed
                .iter()
                .map(|p| p.request)
                .filter(|&r| instance.requests[r].a == person || instance.requests[r].b == person)
                .collect(),
        },
        // The other violations cannot come from a list of valid fixed requests.
        _ => Clash::InvalidRequest {
            request: 0,
            reason: "inconsistent fixed requests",
        },
    })
}

/// Verifies every hard constraint of `placements` against `instance` (see the module doc).
pub fn check(instance: &Instance, placements: &[Placement]) -> Result<(), Violation> {
    check_placements(instance, placements)?;
    let mut slot_of = vec![None; instance.requests.len()];
    for p in placements {
        slot_of[p.request] = Some(p.slot);
    }
    for (request, r) in instance.requests.iter().enumerate() {
        match (r.fixed, slot_of[request]) {
            (Some(_), None) => return Err(Violation::FixedMissing { request }),
            (Some(expected), Some(found)) if expected != found => {
                return Err(Violation::FixedMoved {
                    request,
                    expected,
                    found,
                });
            }
            _ => {}
        }
    }
    Ok(())
}

/// Constraints 1, 2, 3 and 5 of `placements`, without asking for the fixed requests.
fn check_placements(instance: &Instance, placements: &[Placement]) -> Result<(), Violation> {
    let mut seen = vec![false; instance.requests.len()];
    let mut load = vec![0u32; instance.people.len()];
    // (person, slot, request), sorted to find double bookings without a hash map.
    let mut taken = Vec::with_capacity(placements.len() * 2);
    for &Placement { request, slot } in placements {
        let Some(r) = instance.requests.get(request) else {
            return Err(Violation::UnknownRequest { request });
        };
        if let Some(reason) = malformed(instance, r) {
            return Err(Violation::InvalidRequest { request, reason });
        }
        if std::mem::replace(&mut seen[request], true) {
            return Err(Violation::Duplicate { request });
        }
        if slot >= instance.slots {
            return Err(Violation::SlotOutOfRange { request, slot });
        }
        for person in [r.a, r.b] {
            if !instance.people[person].available.contains(slot) {
                return Err(Violation::Unavailable {
                    request,
                    person,
                    slot,
                });
            }
            load[person] += 1;
            taken.push((person, slot, request));
        }
    }
    taken.sort_unstable();
    for w in taken.windows(2) {
        if w[0].0 == w[1].0 && w[0].1 == w[1].1 {
            return Err(Violation::DoubleBooked {
                person: w[0].0,
                slot: w[0].1,
                first: w[0].2,
                second: w[1].2,
            });
        }
    }
    for (person, &placed) in load.iter().enumerate() {
        let limit = instance.people[person].limit;
        if placed > limit {
            return Err(Violation::OverLimit {
                person,
                limit,
                placed,
            });
        }
    }
    Ok(())
}

/// The baseline: fixed requests first (those that fit), then the others in input order, each
/// into the earliest slot where both are available and free and both are under their limit.
/// Malformed requests are skipped. Sorted by request index.
pub fn greedy_first_fit(instance: &Instance) -> Vec<Placement> {
    let slots = instance.slots;
    let mut busy = vec![false; instance.people.len() * slots];
    let mut load = vec![0u32; instance.people.len()];
    let mut out = Vec::new();
    let fixed = instance
        .requests
        .iter()
        .enumerate()
        .filter(|(_, r)| r.fixed.is_some());
    let movable = instance
        .requests
        .iter()
        .enumerate()
        .filter(|(_, r)| r.fixed.is_none());
    for (request, r) in fixed.chain(movable) {
        if malformed(instance, r).is_some() {
            continue;
        }
        let (a, b) = (r.a, r.b);
        let (pa, pb) = (&instance.people[a], &instance.people[b]);
        if load[a] >= pa.limit || load[b] >= pb.limit {
            continue;
        }
        let fits = |s: usize| {
            pa.available.contains(s)
                && pb.available.contains(s)
                && !busy[a * slots + s]
                && !busy[b * slots + s]
        };
        let slot = match r.fixed {
            Some(s) => Some(s).filter(|&s| fits(s)),
            None => (0..slots).find(|&s| fits(s)),
        };
        if let Some(slot) = slot {
            busy[a * slots + slot] = true;
            busy[b * slots + slot] = true;
            load[a] += 1;
            load[b] += 1;
            out.push(Placement { request, slot });
        }
    }
    out.sort_unstable();
    out
}

/// `(count, weight, working hours)` of placements, the lexicographic objective.
fn objective(instance: &Instance, placements: &[Placement]) -> (usize, u64, usize) {
    let n = instance.requests.len();
    let mut weight = 0;
    let mut wh = 0;
    for p in placements {
        let r = &instance.requests[p.request];
        weight += r.weight(n);
        let pref = |x: usize| instance.people[x].preferred.contains(p.slot);
        if pref(r.a) && pref(r.b) {
            wh += 1;
        }
    }
    (placements.len(), weight, wh)
}

/// Schedules the instance: every fixed meeting where it is, as many others as possible (see
/// the module doc for the objectives and the algorithm). Deterministic: the same instance
/// always gives the same placements and the same quality, except `millis`.
pub fn schedule(instance: &Instance) -> Result<Schedule, Clash> {
    let started = Clock::now();
    validate(instance)?;
    let greedy = greedy_first_fit(instance);
    let model = model::Model::new(instance, true);
    let bounds = bound::Bounds::new(&model);
    let bound = bounds.total;
    let mut placements = search::solve(&model, &bounds);
    let ours = objective(instance, &placements);
    if objective(instance, &greedy) > ours {
        placements = greedy.clone();
    }
    let (placed, weight, in_working_hours) = objective(instance, &placements);
    let must = |p: &Placement| instance.requests[p.request].must_meet;
    let quality = Quality {
        placed,
        upper_bound: bound,
        greedy: greedy.len(),
        in_working_hours,
        must_meet_placed: placements.iter().filter(|p| must(p)).count(),
        must_meet_total: instance.requests.iter().filter(|r| r.must_meet).count(),
        weight,
        millis: started.elapsed().as_millis() as u64,
    };
    Ok(Schedule {
        placements,
        quality,
    })
}
