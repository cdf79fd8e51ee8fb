//! The change feed: every write that changes what a topic shows appends its topic's id to
//! `discussion_changes` in the same transaction ([`record_change`]; 0 for the categories).
//! Each instance follows the feed into its search index and empties its list caches (see
//! `discussions/index.rs`). On PostgreSQL the writers take a transaction-scoped advisory lock
//! first ([`begin`]), so change ids become visible in the order they were handed out and a
//! follower never skips one that commits late. Also what the index reads of a topic.

use sqlx::{Any, FromRow, Transaction};

use crate::store::{Backend, Db, Sql, now_ms};

/// A transaction of a write that records a change (see the module's note on order).
pub async fn begin(db: &Db) -> sqlx::Result<Transaction<'static, Any>> {
    let mut tx = db.pool.begin().await?;
    if db.backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(7300012)")
            .execute(&mut *tx)
            .await?;
    }
    Ok(tx)
}

pub async fn record_change(tx: &mut Transaction<'_, Any>, topic: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO discussion_changes (topic_id, created_at) VALUES ($1, $2)")
        .bind(topic)
        .bind(now_ms())
        .execute(&mut **tx)
        .await
        .map(drop)
}

/// A change of every topic's page at once (a member's name shows on many).
pub async fn record_members_change(db: &Db) -> sqlx::Result<()> {
    let mut tx = begin(db).await?;
    record_change(&mut tx, 0).await?;
    tx.commit().await
}

/// Changes after `after`, oldest first: (change id, topic id).
pub async fn changes_after(db: &Db, after: i64, limit: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as("SELECT id, topic_id FROM discussion_changes WHERE id > $1 ORDER BY id LIMIT $2")
        .bind(after)
        .bind(limit)
        .fetch_all(&db.pool)
        .await
}

pub async fn last_change(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM discussion_changes")
        .fetch_one(&db.pool)
        .await
        .map(Option::unwrap_or_default)
}

/// Deletes the feed's entries written before `before` (ms), never the newest one, and records
/// the highest id deleted (see [`pruned_up_to`]); returns how many were deleted.
pub async fn prune_changes(db: &Db, before: i64) -> sqlx::Result<u64> {
    let mut tx = begin(db).await?;
    let up_to: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(id) FROM discussion_changes WHERE created_at < $1
            AND id < (SELECT MAX(id) FROM discussion_changes)",
    )
    .bind(before)
    .fetch_one(&mut *tx)
    .await?;
    let Some(up_to) = up_to else {
        tx.commit().await?;
        return Ok(0);
    };
    let deleted = sqlx::query("DELETE FROM discussion_changes WHERE id <= $1")
        .bind(up_to)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ('discussions.changes_pruned_up_to', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(up_to.to_string())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(deleted)
}

/// The highest change id pruned from the feed, if any was: an index that applied less than
/// this has missed changes and must be rebuilt.
pub async fn pruned_up_to(db: &Db) -> sqlx::Result<Option<i64>> {
    Ok(super::setting(db, "changes_pruned_up_to")
        .await?
        .and_then(|v| v.parse().ok()))
}

/// A listed topic as the search index needs it.
#[derive(Clone, Debug, FromRow)]
pub struct IndexTopic {
    pub id: i64,
    pub category_id: i64,
    pub author_id: Option<i64>,
    pub title: String,
    /// 1 when nobody answered (no reply, no accepted answer, not closed).
    pub unanswered: i64,
}

/// A visible post of a listed topic, for the index.
#[derive(Clone, Debug, FromRow)]
pub struct IndexPost {
    pub topic_id: i64,
    pub id: i64,
    pub body: String,
}

const LISTED: &str = "t.hidden_at IS NULL AND t.pending = 0";

/// The listed topics among `ids` (neither hidden nor waiting for approval), with their
/// labels `(topic id, kind, value)` and visible posts in order.
pub async fn index_topics(
    db: &Db,
    ids: &[i64],
) -> sqlx::Result<(Vec<IndexTopic>, Vec<(i64, String, String)>, Vec<IndexPost>)> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let mut sql = Sql::new(&format!(
        "SELECT t.id, t.category_id, t.author_id, t.title,
                CASE WHEN t.reply_count = 0 AND t.accepted_post_id IS NULL AND t.closed_at IS NULL
                     THEN 1 ELSE 0 END AS unanswered
         FROM discussion_topics t WHERE {LISTED} AND t.id IN "
    ));
    sql.push_list(ids).push(" ORDER BY t.id");
    let topics: Vec<IndexTopic> = sql.query_as().fetch_all(&db.pool).await?;
    let listed: Vec<i64> = topics.iter().map(|t| t.id).collect();
    let labels = super::labels(db, &listed).await?;
    if listed.is_empty() {
        return Ok((topics, labels, Vec::new()));
    }
    let mut sql = Sql::new(
        "SELECT p.topic_id, p.id, p.body FROM discussion_posts p
         WHERE p.pending = 0 AND p.hidden_at IS NULL AND p.deleted_at IS NULL AND p.topic_id IN ",
    );
    sql.push_list(&listed)
        .push(" ORDER BY p.topic_id, p.number");
    let posts = sql.query_as().fetch_all(&db.pool).await?;
    Ok((topics, labels, posts))
}

/// A page of listed topic ids after `after`, for rebuilding the index.
pub async fn listed_ids_after(db: &Db, after: i64, limit: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(&format!(
        "SELECT t.id FROM discussion_topics t WHERE {LISTED} AND t.id > $1 ORDER BY t.id LIMIT $2"
    ))
    .bind(after)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}
