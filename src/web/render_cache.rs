//! Pages and answers for visitors who are not signed in, kept while what they show stays the
//! same (a service registered in `app.rs`).
//!
//! A capability keys an entry by everything its output depends on for such a visitor (path,
//! query, language) and stores it with a *version*: the position of its change feed when it
//! read the data. A lookup with another version misses, so an entry is never served after a
//! change of that data on any instance (each instance follows the feeds). Signed-in members
//! never read from it: their pages carry their own forms, reactions and badges. The cache is
//! bounded by its total size: when full it is emptied, and the next requests refill it.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// What the cache holds at most, in bytes of bodies.
pub const DEFAULT_LIMIT: usize = 32 * 1024 * 1024;

pub struct RenderCache {
    entries: Mutex<Entries>,
    limit: usize,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, (i64, Bytes)>,
    bytes: usize,
}

impl RenderCache {
    pub fn new(limit: usize) -> RenderCache {
        RenderCache {
            entries: Mutex::new(Entries::default()),
            limit,
        }
    }

    /// The body kept under `key` for `version`.
    pub fn get(&self, key: &str, version: i64) -> Option<Bytes> {
        let entries = self.entries.lock().expect("render cache lock");
        entries
            .map
            .get(key)
            .filter(|(at, _)| *at == version)
            .map(|(_, body)| body.clone())
    }

    /// Keeps `body` under `key` for `version` (read before the data was).
    pub fn put(&self, key: String, version: i64, body: Bytes) {
        if body.len() > self.limit / 8 {
            return;
        }
        let mut entries = self.entries.lock().expect("render cache lock");
        if entries.bytes + body.len() > self.limit {
            entries.map.clear();
            entries.bytes = 0;
        }
        entries.bytes += body.len();
        if let Some((_, old)) = entries.map.insert(key, (version, body)) {
            entries.bytes -= old.len();
        }
    }
}

/// An HTML page from the cache or just rendered.
pub fn html(body: Bytes) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A JSON answer from the cache or just serialised.
pub fn json(body: Bytes) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_the_size_bound() {
        let cache = RenderCache::new(80);
        cache.put("a".into(), 1, Bytes::from_static(b"0123456789"));
        assert_eq!(cache.get("a", 1).as_deref(), Some(&b"0123456789"[..]));
        assert!(cache.get("a", 2).is_none(), "another version misses");
        assert!(cache.get("b", 1).is_none());
        // Too large for it: not kept.
        cache.put("big".into(), 1, Bytes::from(vec![0; 11]));
        assert!(cache.get("big", 1).is_none());
        // Full: emptied, then filled again.
        for n in 0..8 {
            cache.put(format!("k{n}"), 1, Bytes::from(vec![0; 10]));
        }
        assert!(cache.get("a", 1).is_none());
        assert!(cache.get("k7", 1).is_some());
    }
}
