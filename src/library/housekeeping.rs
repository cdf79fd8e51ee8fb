//! Housekeeping, once an hour: the change feed is pruned of entries older than a day (never
//! the newest, and how far is recorded, so an index behind it rebuilds instead of missing
//! changes), and file chunks that no version references are swept.

use std::time::Duration;

use super::{blobs, db};
use crate::state::AppState;
use crate::store::Db;

/// How long the change feed keeps its entries: far longer than any instance polls late.
pub const FEED_KEEP_MS: i64 = 24 * 60 * 60 * 1000;
/// How old an unreferenced blob chunk must be before it is swept.
pub const ORPHAN_CHUNK_AGE_MS: i64 = 60 * 60 * 1000;

/// What one round of [`housekeep`] removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Housekept {
    /// Change feed entries older than [`FEED_KEEP_MS`] (never the newest).
    pub changes: u64,
    /// Blob chunks no version references, older than [`ORPHAN_CHUNK_AGE_MS`].
    pub chunks: u64,
}

/// Prunes the change feed and sweeps orphan blob chunks, as of `now` (ms). An instance whose
/// index is behind the pruned entries rebuilds it ([`Library::sync`](super::Library::sync)).
pub async fn housekeep(db: &Db, now: i64) -> anyhow::Result<Housekept> {
    Ok(Housekept {
        changes: db::FEED.prune(db, now - FEED_KEEP_MS).await?,
        chunks: blobs::sweep_orphans(db, now - ORPHAN_CHUNK_AGE_MS, now).await?,
    })
}

/// Runs for the life of the server: [`housekeep`] once an hour.
pub async fn housekeeping(state: AppState) {
    let mut every_hour = tokio::time::interval(Duration::from_secs(60 * 60));
    loop {
        every_hour.tick().await;
        match housekeep(&state.db, crate::store::now_ms()).await {
            Ok(done) if done == Housekept::default() => {}
            Ok(done) => tracing::info!(
                changes = done.changes,
                chunks = done.chunks,
                "library: old change feed entries and orphan file chunks removed"
            ),
            Err(err) => tracing::warn!(error = ?err, "library housekeeping failed"),
        }
    }
}
