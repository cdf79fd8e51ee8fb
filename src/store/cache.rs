//! A small map whose entries expire: the short-lived caches of pages everyone opens (the
//! directory, an event's schedule) are built on it.
//!
//! An entry is served for at most `max_age`; the capability that owns the cache removes or
//! clears entries when it changes what they hold, so the age only bounds how long a change made
//! by *another* instance (on the same PostgreSQL) stays unseen. When full, the map starts over:
//! simpler than an eviction order, and a cache of pages refills in one round of requests.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct TtlMap<K, V> {
    entries: Mutex<HashMap<K, (Instant, V)>>,
    max_age: Duration,
    max_entries: usize,
}

impl<K: Eq + Hash, V: Clone> TtlMap<K, V> {
    pub fn new(max_age: Duration, max_entries: usize) -> TtlMap<K, V> {
        TtlMap {
            entries: Mutex::default(),
            max_age,
            max_entries: max_entries.max(1),
        }
    }

    /// The value, if it is younger than `max_age`.
    pub fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.lock().expect("cache lock");
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.max_age)
            .map(|(_, value)| value.clone())
    }

    pub fn put(&self, key: K, value: V) {
        let mut entries = self.entries.lock().expect("cache lock");
        if entries.len() >= self.max_entries && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (Instant::now(), value));
    }

    pub fn remove(&self, key: &K) {
        self.entries.lock().expect("cache lock").remove(key);
    }

    pub fn clear(&self) {
        self.entries.lock().expect("cache lock").clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_are_removed_and_the_map_stays_bounded() {
        let map = TtlMap::new(Duration::from_millis(50), 2);
        map.put(1, "a");
        map.put(2, "b");
        assert_eq!(map.get(&1), Some("a"));
        map.put(2, "c");
        assert_eq!((map.get(&1), map.get(&2)), (Some("a"), Some("c")));
        // A third key starts over.
        map.put(3, "d");
        assert_eq!((map.get(&1), map.get(&3)), (None, Some("d")));
        map.remove(&3);
        assert_eq!(map.get(&3), None);
        map.put(4, "e");
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(map.get(&4), None);
        map.put(5, "f");
        map.clear();
        assert_eq!(map.get(&5), None);
    }
}
