//! The upper bound on the number of meetings.
//!
//! Every bound here holds for any schedule that meets the hard constraints and contains every
//! fixed meeting. Let `F` be the fixed meetings; a movable request is *usable* when its two
//! sides are below their limit after `F` and share an available slot that neither has a fixed
//! meeting in (any placement of it needs such a slot). Then the movable meetings of a schedule
//! are usable requests, and:
//!
//! - **(a) requests**: at most the number of usable requests.
//! - **capacity `c(p)`**: person `p` has at most `limit(p) - F(p)` movable meetings, and at most
//!   the size of a maximum bipartite matching between `p`'s usable requests and `p`'s free
//!   slots (request `(p, x)` adjacent to slot `s` when both are free there): the meetings of
//!   `p` in a schedule are such a matching, each in its own slot. When `c(p) = 0` the requests
//!   of `p` are not usable; this is repeated until nothing changes.
//! - **(b) slots**: in slot `s`, each meeting takes two of the people who are free in `s` and
//!   have a usable request with someone free in `s` too, so at most `⌊n(s)/2⌋` meetings.
//! - **(c) b-matching**: build the bipartite double cover: a source arc of capacity `c(p)` to
//!   `p` on the left, an arc of capacity 1 from `p` left to `x` right and from `x` left to `p`
//!   right for each usable request `(p, x)`, and an arc of capacity `c(p)` from `p` right to the
//!   sink. A schedule's movable meetings, each sent along both of its arcs, form a flow of value
//!   twice their number (person `p` sends and receives its number of meetings, at most `c(p)`).
//!   So their number is at most `⌊maxflow / 2⌋`.
//!
//! The bound is `|F|` plus the smallest of (a), (b) and (c).

use super::Instance;
use super::model::{Model, NONE};
use super::slotset::Bits;

/// No valid schedule of `instance` places more meetings (see the module doc of `bound`). If
/// the fixed requests clash ([`super::validate`]), no valid schedule exists; the bound is then
/// computed as if every request were movable, which holds for every schedule that meets
/// constraints 1, 2, 3 and 5.
pub fn upper_bound(instance: &Instance) -> usize {
    let honor = super::validate(instance).is_ok();
    Bounds::new(&Model::new(instance, honor)).total
}

/// The bound and the per-person capacities it found.
pub(super) struct Bounds {
    pub total: usize,
    /// `F(p) + c(p)`: the most meetings person `p` can have in any valid schedule.
    pub cap: Vec<u32>,
    /// Movable requests that can be placed at all.
    pub usable: Vec<bool>,
}

impl Bounds {
    pub fn new(m: &Model) -> Self {
        let (n, w) = (m.n, m.words);
        let mut fixed_busy = vec![0u64; n * w];
        let mut fixed_load = vec![0u32; n];
        let mut fixed_count = 0;
        for r in 0..m.requests() {
            if m.live[r] && m.is_fixed(r) {
                let s = m.fixed[r] as usize;
                let (a, b) = m.ends(r);
                for p in [a, b] {
                    fixed_busy[p * w + s / 64] |= 1 << (s % 64);
                    fixed_load[p] += 1;
                }
                fixed_count += 1;
            }
        }
        let free: Vec<u64> = (0..n * w).map(|i| m.avail[i] & !fixed_busy[i]).collect();
        let room = |p: usize| m.limit[p].saturating_sub(fixed_load[p]);
        let shared = |a: usize, b: usize| (0..w).any(|i| free[a * w + i] & free[b * w + i] != 0);
        let mut usable: Vec<bool> = (0..m.requests())
            .map(|r| {
                let (a, b) = m.ends(r);
                m.live[r] && !m.is_fixed(r) && room(a) > 0 && room(b) > 0 && shared(a, b)
            })
            .collect();
        let mut c = vec![0u32; n];
        let mut dirty = vec![true; n];
        while dirty.iter().any(|&d| d) {
            for p in 0..n {
                if !std::mem::take(&mut dirty[p]) {
                    continue;
                }
                c[p] = person_capacity(m, &free, &usable, p, room(p));
                if c[p] == 0 {
                    for &r in m.requests_of(p) {
                        let r = r as usize;
                        if usable[r] {
                            usable[r] = false;
                            dirty[m.other(r, p)] = true;
                        }
                    }
                }
            }
        }
        let usable_count = usable.iter().filter(|&&u| u).count();

        // (b) per slot.
        let mut per_slot = 0;
        let mut could = vec![0u64; w];
        let mut people_in = vec![0usize; m.slots];
        for p in 0..n {
            could.iter_mut().for_each(|x| *x = 0);
            for &r in m.requests_of(p) {
                let r = r as usize;
                if usable[r] {
                    let x = m.other(r, p);
                    for i in 0..w {
                        could[i] |= free[p * w + i] & free[x * w + i];
                    }
                }
            }
            for (i, &word) in could.iter().enumerate() {
                for bit in Bits(word) {
                    people_in[i * 64 + bit] += 1;
                }
            }
        }
        for &k in &people_in {
            per_slot += k / 2;
        }

        // (c) b-matching on the double cover.
        let mut flow = Flow::new(2 * n + 2);
        let (source, sink) = (2 * n, 2 * n + 1);
        for (p, &cap) in c.iter().enumerate() {
            if cap > 0 {
                flow.arc(source, p, cap);
                flow.arc(n + p, sink, cap);
            }
        }
        for (r, _) in usable.iter().enumerate().filter(|(_, u)| **u) {
            let (a, b) = m.ends(r);
            flow.arc(a, n + b, 1);
            flow.arc(b, n + a, 1);
        }
        let matching = flow.max_flow(source, sink) as usize / 2;

        let movable = usable_count.min(per_slot).min(matching);
        Self {
            total: fixed_count + movable,
            cap: (0..n).map(|p| fixed_load[p] + c[p]).collect(),
            usable,
        }
    }
}

/// `c(p)`: the smaller of `room` and a maximum matching between `p`'s usable requests and
/// `p`'s free slots (augmenting paths, Kuhn's algorithm).
fn person_capacity(m: &Model, free: &[u64], usable: &[bool], p: usize, room: u32) -> u32 {
    let w = m.words;
    let lists: Vec<Vec<u64>> = m
        .requests_of(p)
        .iter()
        .map(|&r| r as usize)
        .filter(|&r| usable[r])
        .map(|r| {
            let x = m.other(r, p);
            (0..w).map(|i| free[p * w + i] & free[x * w + i]).collect()
        })
        .collect();
    let mut owner = vec![NONE; m.slots];
    let mut size = 0;
    for i in 0..lists.len() {
        if size >= room {
            break;
        }
        let mut seen = vec![false; m.slots];
        if augment(&lists, i, &mut owner, &mut seen) {
            size += 1;
        }
    }
    size
}

fn augment(lists: &[Vec<u64>], i: usize, owner: &mut [u32], seen: &mut [bool]) -> bool {
    for (k, &word) in lists[i].iter().enumerate() {
        for bit in Bits(word) {
            let s = k * 64 + bit;
            if seen[s] {
                continue;
            }
            seen[s] = true;
            if owner[s] == NONE || augment(lists, owner[s] as usize, owner, seen) {
                owner[s] = i as u32;
                return true;
            }
        }
    }
    false
}

/// Dinic's maximum flow.
struct Flow {
    head: Vec<u32>,
    next: Vec<u32>,
    to: Vec<u32>,
    cap: Vec<u32>,
}

impl Flow {
    fn new(nodes: usize) -> Self {
        Self {
            head: vec![NONE; nodes],
            next: Vec::new(),
            to: Vec::new(),
            cap: Vec::new(),
        }
    }

    fn arc(&mut self, from: usize, to: usize, cap: u32) {
        for (u, v, c) in [(from, to, cap), (to, from, 0)] {
            self.next.push(self.head[u]);
            self.head[u] = self.to.len() as u32;
            self.to.push(v as u32);
            self.cap.push(c);
        }
    }

    fn max_flow(&mut self, source: usize, sink: usize) -> u64 {
        let nodes = self.head.len();
        let mut total = 0u64;
        let mut level = vec![u32::MAX; nodes];
        let mut queue = Vec::with_capacity(nodes);
        loop {
            level.iter_mut().for_each(|l| *l = u32::MAX);
            level[source] = 0;
            queue.clear();
            queue.push(source);
            let mut qi = 0;
            while qi < queue.len() {
                let u = queue[qi];
                qi += 1;
                let mut e = self.head[u];
                while e != NONE {
                    let v = self.to[e as usize] as usize;
                    if self.cap[e as usize] > 0 && level[v] == u32::MAX {
                        level[v] = level[u] + 1;
                        queue.push(v);
                    }
                    e = self.next[e as usize];
                }
            }
            if level[sink] == u32::MAX {
                return total;
            }
            let mut iter = self.head.clone();
            loop {
                let pushed = self.push(source, sink, u32::MAX, &level, &mut iter);
                if pushed == 0 {
                    break;
                }
                total += u64::from(pushed);
            }
        }
    }

    /// One blocking-flow path, iteratively (no recursion on long paths).
    fn push(
        &mut self,
        source: usize,
        sink: usize,
        limit: u32,
        level: &[u32],
        iter: &mut [u32],
    ) -> u32 {
        let mut path: Vec<u32> = Vec::new();
        let mut u = source;
        loop {
            if u == sink {
                let f = path
                    .iter()
                    .map(|&e| self.cap[e as usize])
                    .min()
                    .unwrap_or(limit);
                for &e in &path {
                    self.cap[e as usize] -= f;
                    self.cap[(e ^ 1) as usize] += f;
                }
                return f;
            }
            let mut advanced = false;
            while iter[u] != NONE {
                let e = iter[u] as usize;
                let v = self.to[e] as usize;
                if self.cap[e] > 0 && level[v] == level[u] + 1 {
                    path.push(e as u32);
                    u = v;
                    advanced = true;
                    break;
                }
                iter[u] = self.next[e];
            }
            if !advanced {
                // Dead end: retreat and skip the arc that led here.
                let Some(e) = path.pop() else {
                    return 0;
                };
                u = self.to[(e ^ 1) as usize] as usize;
                iter[u] = self.next[iter[u] as usize];
            }
        }
    }
}
