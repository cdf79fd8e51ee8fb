//! A cache of directory results, so that the pages everyone opens (the first page of the
//! directory, popular searches) cost no database work.
//!
//! Entries hold database rows only (nothing language-dependent), each read at a version of
//! the members' data ([`super::AREA`], see `store/versions.rs`): every change to what the
//! directory shows raises it ([`super::changed`]), on this instance or another, and an entry
//! of an older version is not served. The cache is bounded: when full, it starts over (see
//! [`VersionedMap`]).

use std::sync::Arc;

use super::db::{DirectoryQuery, DirectoryRow, ExpertiseRow};
use crate::store::cache::VersionedMap;

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
    entries: VersionedMap<Key, Arc<Found>>,
    totals: VersionedMap<DirectoryQuery, i64>,
    taxonomy: VersionedMap<(), Arc<Vec<ExpertiseRow>>>,
}

impl Default for DirectoryCache {
    fn default() -> DirectoryCache {
        DirectoryCache {
            entries: VersionedMap::new(MAX_ENTRIES),
            totals: VersionedMap::new(MAX_ENTRIES),
            taxonomy: VersionedMap::new(1),
        }
    }
}

impl DirectoryCache {
    pub fn get(&self, key: &Key, version: i64) -> Option<Arc<Found>> {
        self.entries.get(key, version)
    }

    pub fn put(&self, key: Key, version: i64, found: Arc<Found>) {
        self.entries.put(key, version, found);
    }

    /// How many members a query finds, whichever page is asked for.
    pub fn total(&self, query: &DirectoryQuery, version: i64) -> Option<i64> {
        self.totals.get(query, version)
    }

    pub fn put_total(&self, query: DirectoryQuery, version: i64, total: i64) {
        self.totals.put(query, version, total);
    }

    pub fn taxonomy(&self, version: i64) -> Option<Arc<Vec<ExpertiseRow>>> {
        self.taxonomy.get(&(), version)
    }

    pub fn put_taxonomy(&self, version: i64, rows: Arc<Vec<ExpertiseRow>>) {
        self.taxonomy.put((), version, rows);
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
    fn entries_are_kept_for_their_version() {
        let cache = DirectoryCache::default();
        let key = Key {
            query: DirectoryQuery::default(),
            limit: 20,
            offset: 0,
        };
        assert!(cache.get(&key, 1).is_none());
        cache.put(key.clone(), 1, found(7));
        assert_eq!(cache.get(&key, 1).unwrap().total, 7);
        let other = Key {
            offset: 20,
            ..key.clone()
        };
        assert!(cache.get(&other, 1).is_none());
        assert!(cache.get(&key, 2).is_none(), "a change was made");
    }
}
