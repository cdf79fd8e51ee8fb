//! Construction, the hole walk and the ejection chains (see the module doc of the scheduler).

use super::Placement;
use super::bound::Bounds;
use super::exact;
use super::model::{Model, NONE, Score, State};
use super::slotset::Bits;
use super::walk::{Walker, lightest_first};

/// The seed of the walk's random generator (mixed with the instance's size).
const SEED: u64 = 0x00c1_4c01_a5ce_d01e;
/// Walk steps per usable request, at most.
const WALK_STEPS_PER_REQUEST: u64 = 40;
/// The walk stops after this many steps per usable request without a gain.
const STALL_STEPS_PER_REQUEST: u64 = 5;
/// Walk steps after a must-meet kick to win the count back.
const KICK_STEPS: u64 = 4_000;

/// How deep and how wide one ejection chain searches, and how many passes over the requests.
#[derive(Clone, Copy)]
struct Reach {
    depth: usize,
    evals: usize,
    passes: usize,
}

/// Chains placing unplaced requests (weight).
const PLACE: Reach = Reach {
    depth: 3,
    evals: 600,
    passes: 3,
};
/// Chains moving meetings into working hours: shallow passes first, then deeper ones.
const MOVE: [Reach; 2] = [
    Reach {
        depth: 2,
        evals: 100,
        passes: 2,
    },
    Reach {
        depth: 3,
        evals: 300,
        passes: 2,
    },
];

/// A schedule of the (validated) instance: fixed meetings, then the others.
pub(super) fn solve(m: &Model, bounds: &Bounds) -> Vec<Placement> {
    run(m, bounds, true)
}

/// [`solve`] without the exact search for small instances.
#[cfg(test)]
pub(super) fn solve_heuristic(m: &Model, bounds: &Bounds) -> Vec<Placement> {
    run(m, bounds, false)
}

fn run(m: &Model, bounds: &Bounds, exact: bool) -> Vec<Placement> {
    let mut st = State::new(m, bounds.cap.clone());
    for r in 0..m.requests() {
        if m.live[r] && m.is_fixed(r) {
            st.place(r, m.fixed[r] as usize);
        }
    }
    st.commit();
    construct(&mut st, &bounds.usable);
    let usable_count = bounds.usable.iter().filter(|&&u| u).count() as u64;
    let seed = SEED ^ (m.requests() as u64) ^ ((m.n as u64) << 32);
    let mut walker = Walker::new(m.requests(), &bounds.usable, seed);
    walker.walk(
        &mut st,
        bounds.total,
        (
            WALK_STEPS_PER_REQUEST * usable_count,
            STALL_STEPS_PER_REQUEST * usable_count,
        ),
        true,
        &mut Vec::new(),
    );
    walker.kick_must_meets(&mut st, KICK_STEPS);
    chains(&mut st, &bounds.usable);
    if exact {
        exact::improve(&mut st, &bounds.usable);
    }
    st.placements()
}

/// Places the usable requests one by one: must-meet first, then those of people with the
/// fewest requests per free place, then those with the fewest common free slots, then by
/// weight. Each goes into the free common slot that blocks the fewest other unplaced requests
/// of the two sides (working hours on a tie).
fn construct(st: &mut State, usable: &[bool]) {
    let m = st.m;
    // How many usable requests a person has per unit of capacity left: below 1, every one of
    // them is needed.
    let choice: Vec<u64> = (0..m.n)
        .map(|p| {
            let room = u64::from(st.cap[p].saturating_sub(st.load[p])).max(1);
            let requests = m
                .requests_of(p)
                .iter()
                .filter(|&&r| usable[r as usize])
                .count();
            requests as u64 * 16 / room
        })
        .collect();
    let mut order: Vec<_> = (0..m.requests())
        .filter(|&r| usable[r])
        .map(|r| {
            let (a, b) = m.ends(r);
            let options: u32 = (0..m.words)
                .map(|i| st.free_common(r, i).count_ones())
                .sum();
            let need = choice[a].min(choice[b]).min(16);
            (!m.must[r], need, options, std::cmp::Reverse(m.weight[r]), r)
        })
        .collect();
    order.sort_unstable();
    let mut damage = vec![0u32; m.slots];
    for &(_, _, _, _, r) in &order {
        let (a, b) = m.ends(r);
        if !st.has_room(a) || !st.has_room(b) {
            continue;
        }
        let candidates: Vec<u64> = (0..m.words).map(|i| st.free_common(r, i)).collect();
        if candidates.iter().all(|&w| w == 0) {
            continue;
        }
        for (i, &w) in candidates.iter().enumerate() {
            for bit in Bits(w) {
                damage[i * 64 + bit] = 0;
            }
        }
        for p in [a, b] {
            for &other in m.requests_of(p) {
                let o = other as usize;
                if o == r || !usable[o] || st.slot_of[o] != NONE {
                    continue;
                }
                for (i, &w) in candidates.iter().enumerate() {
                    for bit in Bits(st.free_common(o, i) & w) {
                        damage[i * 64 + bit] += 1;
                    }
                }
            }
        }
        let best = candidates
            .iter()
            .enumerate()
            .flat_map(|(i, &w)| Bits(w).map(move |bit| i * 64 + bit))
            .min_by_key(|&s| (damage[s], !m.pref_both(r, s), s))
            .expect("a free common slot");
        st.place(r, best);
    }
    st.commit();
}

/// Ejection chains until no chain improves the objective (or a few passes): unplaced requests
/// by weight first (where one side has room: with both sides full, putting one in takes two
/// out), then meetings outside working hours that have a common slot in working hours.
fn chains(st: &mut State, usable: &[bool]) {
    let m = st.m;
    let mut order: Vec<usize> = (0..m.requests()).filter(|&r| usable[r]).collect();
    order.sort_by_key(|&r| (std::cmp::Reverse(m.weight[r]), r));
    let phases = [(false, PLACE), (true, MOVE[0]), (true, MOVE[1])];
    for (placed_ones, reach) in phases {
        for _ in 0..reach.passes {
            let mut improved = false;
            for &r in &order {
                let placed = st.slot_of[r] != NONE;
                if placed != placed_ones
                    || (placed && (m.pref_both(r, st.slot_of[r] as usize) || !m.pref_able[r]))
                {
                    continue;
                }
                let (a, b) = m.ends(r);
                if !placed && !st.has_room(a) && !st.has_room(b) {
                    continue;
                }
                improved |= try_chain(st, r, reach);
            }
            if !improved {
                break;
            }
        }
    }
}

/// Tries to move (or place) request `r` with a chain of ejections that improves the
/// objective; keeps the chain if it does.
fn try_chain(st: &mut State, r: usize, reach: Reach) -> bool {
    let base = st.score();
    let mark = st.mark();
    let from = st.slot_of[r];
    if from != NONE {
        st.remove(r);
    }
    let mut pending = vec![r as u32];
    let mut visited = vec![r as u32];
    let mut evals = reach.evals;
    if dfs(
        st,
        &mut pending,
        &mut visited,
        reach.depth,
        base,
        from,
        &mut evals,
    ) {
        st.commit();
        true
    } else {
        st.undo_to(mark);
        st.commit();
        false
    }
}

/// Places the last pending request somewhere (not in `avoid`), ejecting at most two meetings
/// that then become pending, until the objective exceeds `base`.
fn dfs(
    st: &mut State,
    pending: &mut Vec<u32>,
    visited: &mut Vec<u32>,
    depth: usize,
    base: Score,
    avoid: u32,
    evals: &mut usize,
) -> bool {
    let m = st.m;
    let r = *pending.last().expect("a pending request") as usize;
    let (a, b) = m.ends(r);
    // Slots in both sides' working hours first.
    let mut slots: Vec<usize> = st.common_slots(r).filter(|&s| s as u32 != avoid).collect();
    slots.sort_by_key(|&s| !m.pref_both(r, s));
    // The meeting each side would give up if at capacity.
    let drop = |p: usize| match st.has_room(p) {
        true => NONE,
        false => lightest_first(st, p, |d| !visited.contains(&d)),
    };
    let (drop_a, drop_b) = (drop(a), drop(b));
    for s in slots {
        let stuck = |e: u32| e != NONE && (m.is_fixed(e as usize) || visited.contains(&e));
        let (ea, eb) = (st.occupant(a, s), st.occupant(b, s));
        if stuck(ea) || stuck(eb) {
            continue;
        }
        let mut ej: Vec<u32> = Vec::with_capacity(2);
        ej.extend([ea, eb].into_iter().filter(|&e| e != NONE));
        ej.dedup();
        let mut possible = true;
        for (p, e, drop) in [(a, ea, drop_a), (b, eb, drop_b)] {
            if e == NONE && !st.has_room(p) {
                possible &= drop != NONE && !ej.contains(&drop);
                ej.push(drop);
            }
        }
        if !possible {
            continue;
        }
        // Optimistic: every pending request (the ejected ones too) goes back, in working
        // hours if it has a common slot there.
        let (mut placed, mut weight, mut wh) = st.score();
        placed += 1;
        weight += m.weight[r];
        wh += usize::from(m.pref_both(r, s));
        for &e in &ej {
            let e = e as usize;
            placed -= 1;
            weight -= m.weight[e];
            wh -= usize::from(m.pref_both(e, st.slot_of[e] as usize));
        }
        for &e in pending[..pending.len() - 1].iter().chain(&ej) {
            placed += 1;
            weight += m.weight[e as usize];
            wh += usize::from(m.pref_able[e as usize]);
        }
        if (placed, weight, wh) <= base {
            continue;
        }
        if *evals == 0 {
            return false;
        }
        *evals -= 1;
        let mark = st.mark();
        for &e in &ej {
            st.remove(e as usize);
        }
        st.place(r, s);
        if st.score() > base {
            return true;
        }
        pending.pop();
        let (plen, vlen) = (pending.len(), visited.len());
        pending.extend_from_slice(&ej);
        visited.extend_from_slice(&ej);
        if depth > 1
            && !pending.is_empty()
            && dfs(st, pending, visited, depth - 1, base, NONE, evals)
        {
            return true;
        }
        pending.truncate(plen);
        visited.truncate(vlen);
        pending.push(r as u32);
        st.undo_to(mark);
    }
    false
}
