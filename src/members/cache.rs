//! A short-lived cache of directory results, so that the pages everyone opens (the first page
//! of the directory, popular searches) cost no database work.
//!
//! Entries hold database rows only (nothing language-dependent). Every change this instance
//! makes to what the directory shows calls [`DirectoryCache::invalidate`], which empties the
//! cache; changes made by another instance on the same PostgreSQL show up once an entry is
//! older than [`MAX_AGE`]. The cache is bounded: when full, it starts over.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::db::{DirectoryQuery, DirectoryRow, ExpertiseRow};

/// How long another instance's change may stay unseen.
pub const MAX_AGE: Duration = Duration::from_secs(5);
const MAX_ENTRIES: usize = 2048;

/// What one directory query found.
#[derive(Debug)]
pub struct Found {
    pub taxonomy: Arc<Vec<ExpertiseRow>>,
    pub rows: Vec<DirectoryRow>,
    pub total: i64,
    /// (member id, expertise id) of the rows.
    pub expertise: Vec<(i64, i64)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub query: DirectoryQuery,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Default)]
pub struct DirectoryCache {
    entries: Mutex<HashMap<Key, (Instant, Arc<Found>)>>,
    totals: Mutex<HashMap<DirectoryQuery, (Instant, i64)>>,
    taxonomy: Mutex<Option<(Instant, Arc<Vec<ExpertiseRow>>)>>,
}

impl DirectoryCache {
    pub fn get(&self, key: &Key) -> Option<Arc<Found>> {
        let entries = self.entries.lock().expect("cache lock");
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < MAX_AGE)
            .map(|(_, found)| found.clone())
    }

    pub fn put(&self, key: Key, found: Arc<Found>) {
        let mut entries = self.entries.lock().expect("cache lock");
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, (Instant::now(), found));
    }

    /// How many members a query finds, whichever page is asked for.
    pub fn total(&self, query: &DirectoryQuery) -> Option<i64> {
        let totals = self.totals.lock().expect("cache lock");
        totals
            .get(query)
            .filter(|(at, _)| at.elapsed() < MAX_AGE)
            .map(|(_, n)| *n)
    }

    pub fn put_total(&self, query: DirectoryQuery, total: i64) {
        let mut totals = self.totals.lock().expect("cache lock");
        if totals.len() >= MAX_ENTRIES {
            totals.clear();
        }
        totals.insert(query, (Instant::now(), total));
    }

    pub fn taxonomy(&self) -> Option<Arc<Vec<ExpertiseRow>>> {
        let taxonomy = self.taxonomy.lock().expect("cache lock");
        taxonomy
            .as_ref()
            .filter(|(at, _)| at.elapsed() < MAX_AGE)
            .map(|(_, rows)| rows.clone())
    }

    pub fn put_taxonomy(&self, rows: Arc<Vec<ExpertiseRow>>) {
        *self.taxonomy.lock().expect("cache lock") = Some((Instant::now(), rows));
    }

    /// Forgets everything: call after any change to members, profiles or the taxonomy.
    pub fn invalidate(&self) {
        self.entries.lock().expect("cache lock").clear();
        self.totals.lock().expect("cache lock").clear();
        *self.taxonomy.lock().expect("cache lock") = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(total: i64) -> Arc<Found> {
        Arc::new(Found {
            taxonomy: Arc::default(),
            rows: Vec::new(),
            total,
            expertise: Vec::new(),
        })
    }

    #[test]
    fn entries_are_kept_until_invalidated() {
        let cache = DirectoryCache::default();
        let key = Key {
            query: DirectoryQuery::default(),
            limit: 20,
            offset: 0,
        };
        assert!(cache.get(&key).is_none());
        cache.put(key.clone(), found(7));
        assert_eq!(cache.get(&key).unwrap().total, 7);
        let other = Key {
            offset: 20,
            ..key.clone()
        };
        assert!(cache.get(&other).is_none());
        cache.invalidate();
        assert!(cache.get(&key).is_none());
    }
}
