//! The instance in flat arrays ([`Model`]) and a schedule under construction ([`State`]) with
//! an undo log.

use super::Instance;
use super::slotset::Bits;

/// "No request" / "no slot".
pub(super) const NONE: u32 = u32::MAX;

/// The instance in flat arrays, for speed. Malformed requests are kept but never `live`.
pub(super) struct Model {
    pub n: usize,
    pub slots: usize,
    /// 64-bit words per person in `avail` and `pref`.
    pub words: usize,
    pub avail: Vec<u64>,
    pub pref: Vec<u64>,
    pub limit: Vec<u32>,
    pub ends: Vec<[u32; 2]>,
    pub weight: Vec<u64>,
    pub must: Vec<bool>,
    /// Whether the two sides of a request share an available slot in both working hours.
    pub pref_able: Vec<bool>,
    /// The fixed slot, or [`NONE`] for a movable request.
    pub fixed: Vec<u32>,
    pub live: Vec<bool>,
    adj_start: Vec<u32>,
    adj: Vec<u32>,
}

impl Model {
    /// With `honor_fixed` false, fixed requests are treated as movable.
    pub fn new(instance: &Instance, honor_fixed: bool) -> Self {
        let n = instance.people.len();
        let slots = instance.slots;
        let words = slots.div_ceil(64).max(1);
        let mask = |i: usize| {
            let left = slots.saturating_sub(i * 64);
            if left >= 64 { !0 } else { (1u64 << left) - 1 }
        };
        let mut avail = vec![0; n * words];
        let mut pref = vec![0; n * words];
        for (p, person) in instance.people.iter().enumerate() {
            for i in 0..words {
                avail[p * words + i] = person.available.word(i) & mask(i);
                pref[p * words + i] = person.preferred.word(i) & mask(i);
            }
        }
        let count = instance.requests.len();
        let mut ends = Vec::with_capacity(count);
        let mut live = Vec::with_capacity(count);
        let mut degree = vec![0u32; n + 1];
        for (i, r) in instance.requests.iter().enumerate() {
            let ok = super::malformed(instance, r).is_none();
            live.push(ok);
            if ok {
                ends.push([r.a as u32, r.b as u32]);
                degree[r.a] += 1;
                degree[r.b] += 1;
            } else {
                ends.push([NONE, NONE]);
            }
            debug_assert_eq!(ends.len(), i + 1);
        }
        let mut adj_start = vec![0u32; n + 1];
        for p in 0..n {
            adj_start[p + 1] = adj_start[p] + degree[p];
        }
        let mut fill = adj_start.clone();
        let mut adj = vec![0u32; adj_start[n] as usize];
        for (i, e) in ends.iter().enumerate() {
            if live[i] {
                for &p in e {
                    adj[fill[p as usize] as usize] = i as u32;
                    fill[p as usize] += 1;
                }
            }
        }
        let pref_able = ends
            .iter()
            .map(|&[a, b]| {
                a != NONE
                    && (0..words).any(|i| {
                        let (a, b) = (a as usize * words + i, b as usize * words + i);
                        avail[a] & avail[b] & pref[a] & pref[b] != 0
                    })
            })
            .collect();
        Self {
            n,
            slots,
            words,
            avail,
            pref,
            pref_able,
            limit: instance.people.iter().map(|p| p.limit).collect(),
            ends,
            weight: instance.requests.iter().map(|r| r.weight(count)).collect(),
            must: instance.requests.iter().map(|r| r.must_meet).collect(),
            fixed: instance
                .requests
                .iter()
                .map(|r| match r.fixed {
                    Some(s) if honor_fixed => s as u32,
                    _ => NONE,
                })
                .collect(),
            live,
            adj_start,
            adj,
        }
    }

    pub fn requests(&self) -> usize {
        self.ends.len()
    }

    /// The live requests of person `p`.
    pub fn requests_of(&self, p: usize) -> &[u32] {
        &self.adj[self.adj_start[p] as usize..self.adj_start[p + 1] as usize]
    }

    pub fn avail(&self, p: usize) -> &[u64] {
        &self.avail[p * self.words..(p + 1) * self.words]
    }

    pub fn ends(&self, r: usize) -> (usize, usize) {
        let [a, b] = self.ends[r];
        (a as usize, b as usize)
    }

    /// The side of request `r` that is not `p`.
    pub fn other(&self, r: usize, p: usize) -> usize {
        let (a, b) = self.ends(r);
        if a == p { b } else { a }
    }

    pub fn is_pref(&self, p: usize, s: usize) -> bool {
        self.pref[p * self.words + s / 64] & (1 << (s % 64)) != 0
    }

    /// Whether slot `s` is in both sides' working hours for request `r`.
    pub fn pref_both(&self, r: usize, s: usize) -> bool {
        let (a, b) = self.ends(r);
        self.is_pref(a, s) && self.is_pref(b, s)
    }

    pub fn is_fixed(&self, r: usize) -> bool {
        self.fixed[r] != NONE
    }
}

/// A schedule under construction: who meets whom when, with the objective's totals, the
/// people below their capacity ("holes") and an undo log.
pub(super) struct State<'m> {
    pub m: &'m Model,
    pub slot_of: Vec<u32>,
    /// `occ[p * slots + s]`: the request person `p` meets in slot `s`, or [`NONE`].
    pub occ: Vec<u32>,
    busy: Vec<u64>,
    pub load: Vec<u32>,
    /// Most meetings a person can have: their limit, or less when no schedule can give more.
    pub cap: Vec<u32>,
    pub placed: usize,
    pub weight: u64,
    pub wh: usize,
    /// People with `load < cap`, in no particular order, and each one's position there.
    pub holes: Vec<u32>,
    hole_pos: Vec<u32>,
    log: Vec<(u32, u32)>,
}

/// `(count, weight, working hours)`: the lexicographic objective.
pub(super) type Score = (usize, u64, usize);

impl<'m> State<'m> {
    pub fn new(m: &'m Model, cap: Vec<u32>) -> Self {
        let mut state = Self {
            m,
            slot_of: vec![NONE; m.requests()],
            occ: vec![NONE; m.n * m.slots],
            busy: vec![0; m.n * m.words],
            load: vec![0; m.n],
            cap,
            placed: 0,
            weight: 0,
            wh: 0,
            holes: Vec::new(),
            hole_pos: vec![NONE; m.n],
            log: Vec::new(),
        };
        for p in 0..m.n {
            state.update_hole(p);
        }
        state
    }

    pub fn score(&self) -> Score {
        (self.placed, self.weight, self.wh)
    }

    /// The bits of the slots where both sides of `r` are available and free.
    pub fn free_common(&self, r: usize, i: usize) -> u64 {
        let (a, b) = self.m.ends(r);
        let w = self.m.words;
        self.m.avail[a * w + i]
            & self.m.avail[b * w + i]
            & !self.busy[a * w + i]
            & !self.busy[b * w + i]
    }

    /// The slots where both sides of `r` are available and free, in increasing order.
    pub fn free_slots(&self, r: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.m.words).flat_map(move |i| Bits(self.free_common(r, i)).map(move |b| i * 64 + b))
    }

    /// Slots where both sides of `r` are available, free or not, in increasing order.
    pub fn common_slots(&self, r: usize) -> impl Iterator<Item = usize> + '_ {
        let (a, b) = self.m.ends(r);
        let (x, y) = (self.m.avail(a), self.m.avail(b));
        (0..self.m.words).flat_map(move |i| Bits(x[i] & y[i]).map(move |bit| i * 64 + bit))
    }

    pub fn occupant(&self, p: usize, s: usize) -> u32 {
        self.occ[p * self.m.slots + s]
    }

    pub fn has_room(&self, p: usize) -> bool {
        self.load[p] < self.cap[p]
    }

    fn update_hole(&mut self, p: usize) {
        let is_hole = self.load[p] < self.cap[p];
        let pos = self.hole_pos[p];
        if is_hole && pos == NONE {
            self.hole_pos[p] = self.holes.len() as u32;
            self.holes.push(p as u32);
        } else if !is_hole && pos != NONE {
            let last = *self.holes.last().expect("a hole is listed");
            self.holes.swap_remove(pos as usize);
            if last as usize != p {
                self.hole_pos[last as usize] = pos;
            }
            self.hole_pos[p] = NONE;
        }
    }

    /// Puts request `r` into slot `s`; both sides must be free there.
    pub fn place(&mut self, r: usize, s: usize) {
        debug_assert_eq!(self.slot_of[r], NONE);
        let m = self.m;
        let (a, b) = m.ends(r);
        for p in [a, b] {
            debug_assert_eq!(self.occ[p * m.slots + s], NONE);
            self.occ[p * m.slots + s] = r as u32;
            self.busy[p * m.words + s / 64] |= 1 << (s % 64);
            self.load[p] += 1;
            self.update_hole(p);
        }
        self.slot_of[r] = s as u32;
        self.placed += 1;
        self.weight += m.weight[r];
        self.wh += usize::from(m.pref_both(r, s));
        self.log.push((r as u32, NONE));
    }

    /// Takes request `r` out of its slot.
    pub fn remove(&mut self, r: usize) {
        let m = self.m;
        let s = self.slot_of[r] as usize;
        debug_assert!(s != NONE as usize);
        let (a, b) = m.ends(r);
        for p in [a, b] {
            self.occ[p * m.slots + s] = NONE;
            self.busy[p * m.words + s / 64] &= !(1 << (s % 64));
            self.load[p] -= 1;
            self.update_hole(p);
        }
        self.slot_of[r] = NONE;
        self.placed -= 1;
        self.weight -= m.weight[r];
        self.wh -= usize::from(m.pref_both(r, s));
        self.log.push((r as u32, s as u32));
    }

    /// A mark to [`State::undo_to`].
    pub fn mark(&self) -> usize {
        self.log.len()
    }

    /// Undoes every change made since `mark`.
    pub fn undo_to(&mut self, mark: usize) {
        while self.log.len() > mark {
            let (r, s) = self.log.pop().expect("log is longer than mark");
            if s == NONE {
                self.remove(r as usize);
            } else {
                self.place(r as usize, s as usize);
            }
            self.log.pop();
        }
    }

    /// Forgets the undo log (the changes stay).
    pub fn commit(&mut self) {
        self.log.clear();
    }

    /// The placements, sorted by request.
    pub fn placements(&self) -> Vec<super::Placement> {
        (0..self.slot_of.len())
            .filter(|&r| self.slot_of[r] != NONE)
            .map(|r| super::Placement {
                request: r,
                slot: self.slot_of[r] as usize,
            })
            .collect()
    }
}
