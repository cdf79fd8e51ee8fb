//! A small map whose entries hold while the data they were read from stays the same: the
//! caches of what everyone opens (the directory, an event's schedule) are built on it.
//!
//! Each entry is stored with the version of the data it was read from (see `versions.rs`:
//! read the version first, then the data); a lookup under another version misses, so a change
//! made through any instance is never served from here. When full, the map starts over:
//! simpler than an eviction order, and a cache of pages refills in one round of requests.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

pub struct VersionedMap<K, V> {
    entries: Mutex<HashMap<K, (i64, V)>>,
    max_entries: usize,
}

impl<K: Eq + Hash, V: Clone> VersionedMap<K, V> {
    pub fn new(max_entries: usize) -> VersionedMap<K, V> {
        VersionedMap {
            entries: Mutex::default(),
            max_entries: max_entries.max(1),
        }
    }

    /// The value kept for `key`, if it was read at `version`.
    pub fn get(&self, key: &K, version: i64) -> Option<V> {
        let entries = self.entries.lock().expect("cache lock");
        entries
            .get(key)
            .filter(|(at, _)| *at == version)
            .map(|(_, value)| value.clone())
    }

    /// Keeps `value`, read at `version`.
    pub fn put(&self, key: K, version: i64, value: V) {
        let mut entries = self.entries.lock().expect("cache lock");
        if entries.len() >= self.max_entries && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (version, value));
    }

    pub fn remove(&self, key: &K) {
        self.entries.lock().expect("cache lock").remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_hold_for_their_version_and_the_map_stays_bounded() {
        let map = VersionedMap::new(2);
        map.put(1, 7, "a");
        map.put(2, 7, "b");
        assert_eq!(map.get(&1, 7), Some("a"));
        assert_eq!(map.get(&1, 8), None, "another version misses");
        map.put(2, 8, "c");
        assert_eq!((map.get(&1, 7), map.get(&2, 8)), (Some("a"), Some("c")));
        // A third key starts over.
        map.put(3, 8, "d");
        assert_eq!((map.get(&1, 7), map.get(&3, 8)), (None, Some("d")));
        map.remove(&3);
        assert_eq!(map.get(&3, 8), None);
    }
}
