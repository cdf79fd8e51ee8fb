//! [`SlotSet`]: a compact set of slot indices.

/// A set of slots as a bitset of 64-bit words. Grows as slots are inserted; two sets with the
/// same members are equal whatever room they were created with.
#[derive(Debug, Clone, Default)]
pub struct SlotSet {
    words: Vec<u64>,
}

impl SlotSet {
    /// An empty set with room for the slots `0..slots`.
    pub fn new(slots: usize) -> Self {
        Self {
            words: vec![0; slots.div_ceil(64)],
        }
    }

    /// The set of all slots `0..slots`.
    pub fn full(slots: usize) -> Self {
        let mut set = Self::new(slots);
        for (i, w) in set.words.iter_mut().enumerate() {
            let left = slots - i * 64;
            *w = if left >= 64 { !0 } else { (1u64 << left) - 1 };
        }
        set
    }

    /// Adds `slot`; true if it was not in the set.
    pub fn insert(&mut self, slot: usize) -> bool {
        let (i, bit) = (slot / 64, 1u64 << (slot % 64));
        if i >= self.words.len() {
            self.words.resize(i + 1, 0);
        }
        let fresh = self.words[i] & bit == 0;
        self.words[i] |= bit;
        fresh
    }

    /// Takes `slot` out; true if it was in the set.
    pub fn remove(&mut self, slot: usize) -> bool {
        let (i, bit) = (slot / 64, 1u64 << (slot % 64));
        match self.words.get_mut(i) {
            Some(w) if *w & bit != 0 => {
                *w &= !bit;
                true
            }
            _ => false,
        }
    }

    pub fn contains(&self, slot: usize) -> bool {
        self.words
            .get(slot / 64)
            .is_some_and(|w| w & (1u64 << (slot % 64)) != 0)
    }

    /// The number of slots in the set.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// The slots in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .enumerate()
            .flat_map(|(i, &w)| Bits(w).map(move |b| i * 64 + b))
    }

    /// Word `i` of the bitset (slots `64·i..64·i+64`), 0 beyond the stored words.
    pub(super) fn word(&self, i: usize) -> u64 {
        self.words.get(i).copied().unwrap_or(0)
    }
}

impl PartialEq for SlotSet {
    fn eq(&self, other: &Self) -> bool {
        let n = self.words.len().max(other.words.len());
        (0..n).all(|i| self.word(i) == other.word(i))
    }
}

impl Eq for SlotSet {}

impl FromIterator<usize> for SlotSet {
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Self {
        let mut set = Self::default();
        for slot in iter {
            set.insert(slot);
        }
        set
    }
}

impl Extend<usize> for SlotSet {
    fn extend<I: IntoIterator<Item = usize>>(&mut self, iter: I) {
        for slot in iter {
            self.insert(slot);
        }
    }
}

/// The set bits of a word, lowest first.
pub(super) struct Bits(pub u64);

impl Iterator for Bits {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.0 == 0 {
            return None;
        }
        let b = self.0.trailing_zeros() as usize;
        self.0 &= self.0 - 1;
        Some(b)
    }
}
