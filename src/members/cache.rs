//! A short-lived cache of directory results, so that the pages everyone opens (the first page
//! of the directory, popular searches) cost no database work.
//!
//! Entries hold database rows only (nothing language-dependent). Every change this instance
//! makes to what the directory shows calls [`DirectoryCache::invalidate`], which empties the
//! cache; changes made by another instance on the same PostgreSQL show up once an entry is
//! older than [`MAX_AGE`]. The cache is bounded: when full, it starts over
//! (see [`TtlMap`]).

use std::sync::Arc;
use std::time::Duration;

use super::db::{DirectoryQuery, DirectoryRow, ExpertiseRow};
use crate::store::cache::TtlMap;

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

pub struct DirectoryCache {
    entries: TtlMap<Key, Arc<Found>>,
    totals: TtlMap<DirectoryQuery, i64>,
    taxonomy: TtlMap<(), Arc<Vec<ExpertiseRow>>>,
}

impl Default for DirectoryCache {
    fn default() -> DirectoryCache {
        DirectoryCache {
            entries: TtlMap::new(MAX_AGE, MAX_ENTRIES),
            totals: TtlMap::new(MAX_AGE, MAX_ENTRIES),
            taxonomy: TtlMap::new(MAX_AGE, 1),
        }
    }
}

impl DirectoryCache {
    pub fn get(&self, key: &Key) -> Option<Arc<Found>> {
        self.entries.get(key)
    }

    pub fn put(&self, key: Key, found: Arc<Found>) {
        self.entries.put(key, found);
    }

    /// How many members a query finds, whichever page is asked for.
    pub fn total(&self, query: &DirectoryQuery) -> Option<i64> {
        self.totals.get(query)
    }

    pub fn put_total(&self, query: DirectoryQuery, total: i64) {
        self.totals.put(query, total);
    }

    pub fn taxonomy(&self) -> Option<Arc<Vec<ExpertiseRow>>> {
        self.taxonomy.get(&())
    }

    pub fn put_taxonomy(&self, rows: Arc<Vec<ExpertiseRow>>) {
        self.taxonomy.put((), rows);
    }

    /// Forgets everything: call after any change to members, profiles or the taxonomy.
    pub fn invalidate(&self) {
        self.entries.clear();
        self.totals.clear();
        self.taxonomy.clear();
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
