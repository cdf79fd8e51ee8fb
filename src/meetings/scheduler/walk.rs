//! The hole walk (the count) and must-meet kicks (see the module doc of the scheduler).
//!
//! A person below their capacity has a hole. A walk step takes a person with a hole and puts
//! one of their unplaced requests into a common slot, ejecting at most one meeting: the one in
//! the way in that slot, or one of the partner's meetings if the partner is full. The count
//! stays the same and the hole moves to whoever lost the ejected meeting, or, if nothing was
//! ejected, the count grows by one. The walk never lowers the count, and only a must-meet
//! request may eject a must-meet meeting, so the number of must-meet meetings never drops
//! either.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::model::{NONE, State};

/// The walk follows one hole for at most this many steps before picking another at random.
const CHAIN: u32 = 64;
/// How long (in steps) an ejected meeting may not go back to its slot: this plus a random
/// share of it.
const BAN: u64 = 12;
/// How long (in steps) an inserted meeting may not be ejected.
const PROTECT: u64 = 3;

/// A walk move: put `request` into `slot`, ejecting `eject` (or nothing).
#[derive(Clone, Copy)]
struct Move {
    request: usize,
    slot: usize,
    eject: u32,
    /// The person who loses the ejected meeting: where the hole goes.
    loser: usize,
}

/// The walk's random generator and tabu lists, kept from one walk to the next.
pub(super) struct Walker<'u> {
    usable: &'u [bool],
    rng: StdRng,
    step: u64,
    banned_slot: Vec<u32>,
    banned_until: Vec<u64>,
    protected_until: Vec<u64>,
}

impl<'u> Walker<'u> {
    pub fn new(requests: usize, usable: &'u [bool], seed: u64) -> Self {
        Self {
            usable,
            rng: StdRng::seed_from_u64(seed),
            step: 0,
            banned_slot: vec![NONE; requests],
            banned_until: vec![0; requests],
            protected_until: vec![0; requests],
        }
    }

    /// Walks until the count reaches `target`, for at most `steps` steps and at most `stall`
    /// steps after the last gain. With `commit`, each step forgets the undo log (for long
    /// walks); without, the caller can undo the whole walk. A walk restarts from a random
    /// hole of `focus` (the holes it follows move with it) while there is one, else from any.
    pub fn walk(
        &mut self,
        st: &mut State,
        target: usize,
        (steps, stall): (u64, u64),
        commit: bool,
        focus: &mut Vec<usize>,
    ) {
        let (start, mut last_gain) = (self.step, self.step);
        let mut p = usize::MAX;
        let mut chain = 0;
        while st.placed < target && !st.holes.is_empty() {
            if self.step - start >= steps || self.step - last_gain >= stall {
                break;
            }
            self.step += 1;
            if p == usize::MAX || chain >= CHAIN || !st.has_room(p) {
                focus.retain(|&f| st.has_room(f));
                p = if focus.is_empty() {
                    st.holes[self.rng.random_range(0..st.holes.len())] as usize
                } else {
                    focus[self.rng.random_range(0..focus.len())]
                };
                chain = 0;
            }
            chain += 1;
            let Some(mv) = self.best_move(st, p) else {
                p = usize::MAX;
                continue;
            };
            if mv.eject != NONE {
                let e = mv.eject as usize;
                self.banned_slot[e] = st.slot_of[e];
                self.banned_until[e] = self.step + BAN + self.rng.random_range(0..BAN);
                st.remove(e);
                if let Some(f) = focus.iter_mut().find(|f| **f == p) {
                    *f = mv.loser;
                }
                p = mv.loser;
            } else {
                last_gain = self.step;
            }
            st.place(mv.request, mv.slot);
            self.protected_until[mv.request] = self.step + PROTECT;
            if commit {
                st.commit();
            }
        }
    }

    /// The best move for person `p`: a gain first, then the most weight won, then working
    /// hours, then at random among equals.
    fn best_move(&mut self, st: &State, p: usize) -> Option<Move> {
        let m = st.m;
        let step = self.step;
        let protected = &self.protected_until;
        let movable =
            |e: u32| e == NONE || (!m.is_fixed(e as usize) && protected[e as usize] <= step);
        let rng = &mut self.rng;
        let mut best: Option<(Move, (bool, i64, bool))> = None;
        let mut ties = 0u32;
        for &r in m.requests_of(p) {
            let r = r as usize;
            if !self.usable[r] || st.slot_of[r] != NONE {
                continue;
            }
            let x = m.other(r, p);
            // The meeting `x` gives up when full and free in the slot: found once per request.
            let mut drop_x = None;
            for s in st.common_slots(r) {
                if self.banned_slot[r] == s as u32 && self.banned_until[r] > step {
                    continue;
                }
                let (ep, ex) = (st.occupant(p, s), st.occupant(x, s));
                if !movable(ep) || !movable(ex) {
                    continue;
                }
                let mut mv = Move {
                    request: r,
                    slot: s,
                    eject: NONE,
                    loser: p,
                };
                let mut k = 0;
                if ep != NONE {
                    k += 1;
                    mv.eject = ep;
                    mv.loser = m.other(ep as usize, p);
                }
                if ex != NONE && ex != ep {
                    k += 1;
                    mv.eject = ex;
                    mv.loser = m.other(ex as usize, x);
                }
                if ex == NONE && !st.has_room(x) {
                    k += 1;
                    if k > 1 {
                        continue;
                    }
                    let drop = *drop_x.get_or_insert_with(|| lightest(st, x, movable, rng));
                    if drop == NONE {
                        continue;
                    }
                    mv.eject = drop;
                    mv.loser = m.other(drop as usize, x);
                }
                if ep == NONE && !st.has_room(p) {
                    k += 1;
                }
                // Only a must-meet request may eject a must-meet meeting.
                if k > 1 || (mv.eject != NONE && m.must[mv.eject as usize] && !m.must[r]) {
                    continue;
                }
                let lost = if mv.eject == NONE {
                    0
                } else {
                    m.weight[mv.eject as usize]
                };
                let key = (k == 0, m.weight[r] as i64 - lost as i64, m.pref_both(r, s));
                // The best key; among equal ones, each with the same chance (reservoir).
                match &best {
                    Some((_, b)) if key < *b => {}
                    Some((_, b)) if key == *b => {
                        ties += 1;
                        if rng.random_range(0..ties) == 0 {
                            best = Some((mv, key));
                        }
                    }
                    _ => {
                        ties = 1;
                        best = Some((mv, key));
                    }
                }
            }
        }
        best.map(|(mv, _)| mv)
    }

    /// For each unplaced must-meet request: put it in by force (ejecting what is in the way,
    /// never a must-meet), then walk for at most `steps` steps to win the count back. Kept if
    /// the objective grew, undone otherwise.
    pub fn kick_must_meets(&mut self, st: &mut State, steps: u64) {
        let m = st.m;
        for r in 0..m.requests() {
            if !self.usable[r] || !m.must[r] || st.slot_of[r] != NONE {
                continue;
            }
            let (a, b) = m.ends(r);
            let mut best: Option<Kick> = None;
            for s in st.common_slots(r) {
                let mut out = Vec::with_capacity(2);
                let mut possible = true;
                for (p, q) in [(a, b), (b, a)] {
                    let e = st.occupant(p, s);
                    let e = if e != NONE {
                        e
                    } else if !st.has_room(p) {
                        // Not a meeting the other side gives up in this slot.
                        let other = st.occupant(q, s);
                        lightest_first(st, p, |d| !m.must[d as usize] && d != other)
                    } else {
                        continue;
                    };
                    possible &= e != NONE && !m.is_fixed(e as usize) && !m.must[e as usize];
                    if possible && out.iter().all(|&(o, _)| o != e) {
                        out.push((e, m.other(e as usize, p)));
                    }
                }
                if !possible {
                    continue;
                }
                let lost: u64 = out.iter().map(|&(e, _)| m.weight[e as usize]).sum();
                let key = (out.len(), lost, !m.pref_both(r, s));
                if best.as_ref().is_none_or(|(_, _, k)| key < *k) {
                    best = Some((s, out, key));
                }
            }
            let Some((slot, out, _)) = best else {
                continue;
            };
            let (base, mark) = (st.score(), st.mark());
            for &(e, _) in &out {
                st.remove(e as usize);
            }
            st.place(r, slot);
            self.protected_until[r] = u64::MAX;
            let mut focus = out.iter().map(|&(_, loser)| loser).collect();
            self.walk(st, base.0, (steps, steps), false, &mut focus);
            self.protected_until[r] = 0;
            if st.score() <= base {
                st.undo_to(mark);
            }
            st.commit();
        }
    }
}

/// A must-meet kick: the slot, the meetings taken out with who loses each, and the key it is
/// chosen by (fewest meetings out, least weight lost, in working hours).
type Kick = (usize, Vec<(u32, usize)>, (usize, u64, bool));

/// The placed, movable meeting of `p` with the least weight that `ok` allows, the first one
/// on a tie, or [`NONE`].
pub(super) fn lightest_first(st: &State, p: usize, ok: impl Fn(u32) -> bool) -> u32 {
    let m = st.m;
    m.requests_of(p)
        .iter()
        .copied()
        .filter(|&e| st.slot_of[e as usize] != NONE && !m.is_fixed(e as usize) && ok(e))
        .min_by_key(|&e| (m.weight[e as usize], e))
        .unwrap_or(NONE)
}

/// Like [`lightest_first`], with ties broken at random.
fn lightest(st: &State, p: usize, ok: impl Fn(u32) -> bool, rng: &mut StdRng) -> u32 {
    let m = st.m;
    let (mut best, mut ties) = (NONE, 0);
    for &e in m.requests_of(p) {
        if st.slot_of[e as usize] == NONE || m.is_fixed(e as usize) || !ok(e) {
            continue;
        }
        if best == NONE || m.weight[e as usize] < m.weight[best as usize] {
            (best, ties) = (e, 1);
        } else if m.weight[e as usize] == m.weight[best as usize] {
            ties += 1;
            if rng.random_range(0..ties) == 0 {
                best = e;
            }
        }
    }
    best
}
