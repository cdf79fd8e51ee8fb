//! Branch and bound for small instances: the lexicographic optimum when there are at most
//! [`MAX_REQUESTS`] movable requests and the search ends within [`MAX_NODES`] nodes.

use super::model::{NONE, Score, State};

/// Instances with at most this many usable movable requests are solved exactly.
pub const MAX_REQUESTS: usize = 14;
/// Nodes the search may visit; beyond that, the heuristic's schedule stays.
const MAX_NODES: usize = 2_000_000;

/// Replaces the schedule in `st` by an optimal one if the instance is small enough.
pub(super) fn improve(st: &mut State, usable: &[bool]) {
    let m = st.m;
    let list: Vec<usize> = (0..m.requests()).filter(|&r| usable[r]).collect();
    if list.len() > MAX_REQUESTS {
        return;
    }
    let mut best = (
        st.score(),
        list.iter().map(|&r| st.slot_of[r]).collect::<Vec<_>>(),
    );
    for &r in &list {
        if st.slot_of[r] != NONE {
            st.remove(r);
        }
    }
    // Optimistic gains of the requests from index i on.
    let mut rest = vec![(0usize, 0u64, 0usize); list.len() + 1];
    for i in (0..list.len()).rev() {
        let (c, w, h) = rest[i + 1];
        rest[i] = (c + 1, w + m.weight[list[i]], h + 1);
    }
    let mut search = Search {
        list: &list,
        rest: &rest,
        nodes: 0,
        best: &mut best,
    };
    search.run(st, 0);
    for &r in &list {
        if st.slot_of[r] != NONE {
            st.remove(r);
        }
    }
    for (i, &r) in list.iter().enumerate() {
        if best.1[i] != NONE {
            st.place(r, best.1[i] as usize);
        }
    }
    st.commit();
}

struct Search<'a> {
    list: &'a [usize],
    rest: &'a [Score],
    nodes: usize,
    best: &'a mut (Score, Vec<u32>),
}

impl Search<'_> {
    fn run(&mut self, st: &mut State, i: usize) {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return;
        }
        let (c, w, h) = st.score();
        let (rc, rw, rh) = self.rest[i];
        if (c + rc, w + rw, h + rh) <= self.best.0 {
            return;
        }
        if i == self.list.len() {
            self.best.0 = st.score();
            self.best.1 = self.list.iter().map(|&r| st.slot_of[r]).collect();
            return;
        }
        let r = self.list[i];
        let (a, b) = st.m.ends(r);
        if st.has_room(a) && st.has_room(b) {
            let slots: Vec<usize> = st.free_slots(r).collect();
            for s in slots {
                st.place(r, s);
                self.run(st, i + 1);
                st.remove(r);
            }
        }
        self.run(st, i + 1);
        st.commit();
    }
}
