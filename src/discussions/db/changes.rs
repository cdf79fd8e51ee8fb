//! The change feed (see `store/feed.rs`): every write that changes what a topic shows appends
//! its topic's id to `discussion_changes` in the same transaction ([`record_change`]; 0 for
//! the categories and members, whose names show on many topics). Each instance follows the
//! feed into its search index and empties its caches (see `discussions/index.rs`). Also what
//! the index reads of a topic.

use sqlx::{Any, FromRow, Transaction};

use crate::store::feed::Feed;
use crate::store::{Db, Sql};

/// The discussions' change feed: topics whose lists, pages or search entry changed.
pub const FEED: Feed = Feed {
    table: "discussion_changes",
    subject: "topic_id",
    lock: 7300012,
};

/// A transaction of a write that records a change.
pub async fn begin(db: &Db) -> sqlx::Result<Transaction<'static, Any>> {
    FEED.begin(db).await
}

pub async fn record_change(tx: &mut Transaction<'_, Any>, topic: i64) -> sqlx::Result<()> {
    FEED.record(tx, topic).await
}

/// A change of every topic's page at once (a member's name shows on many).
pub async fn record_members_change(db: &Db) -> sqlx::Result<()> {
    let mut tx = begin(db).await?;
    record_change(&mut tx, 0).await?;
    tx.commit().await
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
