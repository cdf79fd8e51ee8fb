//! Change feeds: tables of `(id, subject id, created_at)` that writers append to in the
//! transaction of their write, and that every instance follows to keep what it derives from
//! the database (a search index, caches) current. `library_changes` (documents) and
//! `discussion_changes` (topics) are feeds.
//!
//! Order: on PostgreSQL a writer takes a transaction-scoped advisory lock first
//! ([`Feed::begin`]), so ids become visible in the order they were handed out and a follower
//! never skips one that commits late (SQLite has one writer at a time anyway).
//!
//! Pruning: [`Feed::prune`] deletes entries older than a given time, never the newest, and
//! records how far it went (in `settings`, key `feed_pruned.<table>`); a follower that had
//! applied less than that has missed changes and rebuilds.

use sqlx::{Any, Transaction};

use super::{Backend, Db, now_ms};

/// One feed: its table, the column naming what changed, and its writers' advisory lock.
pub struct Feed {
    pub table: &'static str,
    pub subject: &'static str,
    pub lock: i64,
}

impl Feed {
    /// A transaction for a write that records a change (see the module's note on order).
    pub async fn begin(&self, db: &Db) -> sqlx::Result<Transaction<'static, Any>> {
        let mut tx = db.pool.begin().await?;
        if db.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(self.lock)
                .execute(&mut *tx)
                .await?;
        }
        Ok(tx)
    }

    /// Appends a change of `subject`.
    pub async fn record(&self, tx: &mut Transaction<'_, Any>, subject: i64) -> sqlx::Result<()> {
        sqlx::query(&format!(
            "INSERT INTO {} ({}, created_at) VALUES ($1, $2)",
            self.table, self.subject
        ))
        .bind(subject)
        .bind(now_ms())
        .execute(&mut **tx)
        .await
        .map(drop)
    }

    /// Changes after `after`, oldest first: (change id, subject id).
    pub async fn after(&self, db: &Db, after: i64, limit: i64) -> sqlx::Result<Vec<(i64, i64)>> {
        sqlx::query_as(&format!(
            "SELECT id, {} FROM {} WHERE id > $1 ORDER BY id LIMIT $2",
            self.subject, self.table
        ))
        .bind(after)
        .bind(limit)
        .fetch_all(&db.pool)
        .await
    }

    /// The newest change's id, 0 for none.
    pub async fn last(&self, db: &Db) -> sqlx::Result<i64> {
        sqlx::query_scalar::<_, Option<i64>>(&format!("SELECT MAX(id) FROM {}", self.table))
            .fetch_one(&db.pool)
            .await
            .map(Option::unwrap_or_default)
    }

    /// Deletes the entries written before `before` (ms), never the newest one, and records
    /// the highest id deleted; returns how many were deleted.
    pub async fn prune(&self, db: &Db, before: i64) -> sqlx::Result<u64> {
        let mut tx = self.begin(db).await?;
        let up_to: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT MAX(id) FROM {table} WHERE created_at < $1
               AND id < (SELECT MAX(id) FROM {table})",
            table = self.table
        ))
        .bind(before)
        .fetch_one(&mut *tx)
        .await?;
        let Some(up_to) = up_to else {
            tx.commit().await?;
            return Ok(0);
        };
        let deleted = sqlx::query(&format!("DELETE FROM {} WHERE id <= $1", self.table))
            .bind(up_to)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(self.pruned_key())
        .bind(up_to.to_string())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(deleted)
    }

    /// The highest change id pruned, if any was: a follower that applied less than this has
    /// missed changes and must rebuild.
    pub async fn pruned_up_to(&self, db: &Db) -> sqlx::Result<Option<i64>> {
        let value: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(self.pruned_key())
            .fetch_optional(&db.pool)
            .await?;
        Ok(value.and_then(|v| v.parse().ok()))
    }

    /// Whether a follower that applied the changes up to `applied` and reads `first` next has
    /// missed some: a gap between them (which may only be ids of rolled-back writes), and
    /// entries pruned past what it applied. Such a follower must rebuild.
    pub async fn missed(&self, db: &Db, applied: i64, first: i64) -> sqlx::Result<bool> {
        Ok(first > applied + 1
            && self
                .pruned_up_to(db)
                .await?
                .is_some_and(|pruned| applied < pruned))
    }

    fn pruned_key(&self) -> String {
        format!("feed_pruned.{}", self.table)
    }
}
