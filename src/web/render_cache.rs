//! Pages and answers for visitors who are not signed in, kept while what they show stays the
//! same (a service registered in `app.rs`).
//!
//! A capability keys an entry by everything its output depends on for such a visitor (path,
//! query, language, the zone times are shown in, the moment of the week for a schedule) and
//! stores it with a *version* of the data it read, taken before reading: the counters of its
//! areas (`store/versions.rs`) or the position of its change feed. A lookup with another
//! version misses, so an entry is never served after a change of that data on any instance
//! (each instance follows the counters and the feeds). Signed-in members never read from it:
//! their pages carry their own forms, seats, reactions and badges. The cache is bounded by its
//! total size: when full it is emptied, and the next requests refill it.
//!
//! A handler asks [`for_visitors`] for its entry, answers with [`Entry::get`] when there is a
//! body, and otherwise renders through [`render_kept`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use askama::Template;
use axum::body::Bytes;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::layout::Page;

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

/// A page's or an answer's place in the cache, and the version it must have been read at.
pub struct Entry {
    cache: Arc<RenderCache>,
    key: String,
    version: i64,
}

impl Entry {
    /// The body kept for this version, if any.
    pub fn get(&self) -> Option<Bytes> {
        self.cache.get(&self.key, self.version)
    }

    /// Keeps `body` and gives it back to be sent.
    pub fn put(self, body: impl Into<Bytes>) -> Bytes {
        let body = body.into();
        self.cache.put(self.key, self.version, body.clone());
        body
    }
}

/// The entry of `page` for a visitor who is not signed in: keyed by `what` (the kind of page
/// and anything it depends on beyond its path, query and language) and `version` (of the data
/// it shows, read before that data); `None` for a signed-in member.
pub fn for_visitors(state: &AppState, page: &Page, what: &str, version: i64) -> Option<Entry> {
    entry(
        state,
        page.viewer.is_some(),
        page.i18n.locale.code(),
        &page.here,
        what,
        version,
    )
}

/// The same for an answer that is not a page (JSON): keyed by `what`, which must name
/// everything it depends on but the language.
pub fn answer_for_visitors(
    state: &AppState,
    signed_in: bool,
    language: &str,
    what: &str,
    version: i64,
) -> Option<Entry> {
    entry(state, signed_in, language, "", what, version)
}

fn entry(
    state: &AppState,
    signed_in: bool,
    language: &str,
    here: &str,
    what: &str,
    version: i64,
) -> Option<Entry> {
    (!signed_in).then(|| Entry {
        cache: state.service::<RenderCache>().clone(),
        key: format!("{what} {language} {here}"),
        version,
    })
}

/// Renders a page, keeping it for visitors when it has an entry.
pub fn render_kept(entry: Option<Entry>, template: &impl Template) -> Result<Response, AppError> {
    match entry {
        Some(entry) => Ok(html(entry.put(template.render()?))),
        None => crate::web::render(StatusCode::OK, template),
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
