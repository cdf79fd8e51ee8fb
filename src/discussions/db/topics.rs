//! Topics: lists, one topic, opening one with its first post, changes, and the counts kept
//! on each.

use sqlx::{Any, FromRow, Transaction};

use super::changes::{begin, record_change};
use super::posts::write_links;
use crate::store::{Db, Sql, now_ms};

const TOPIC_COLUMNS: &str = "t.id, t.category_id, t.author_id, a.name AS author_name, t.title,
    t.pending, t.closed_at, t.hidden_at, t.pinned_at, t.accepted_post_id, t.reply_count,
    t.last_post_at, l.name AS last_author_name, t.created_at";

const TOPIC_FROM: &str = " FROM discussion_topics t
    LEFT JOIN members a ON a.id = t.author_id
    LEFT JOIN members l ON l.id = t.last_author_id";

#[derive(Clone, Debug, FromRow)]
pub struct TopicRow {
    pub id: i64,
    pub category_id: i64,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub title: String,
    pub pending: i64,
    pub closed_at: Option<i64>,
    pub hidden_at: Option<i64>,
    pub pinned_at: Option<i64>,
    pub accepted_post_id: Option<i64>,
    pub reply_count: i64,
    pub last_post_at: i64,
    pub last_author_name: Option<String>,
    pub created_at: i64,
}

/// The categories a list takes its topics from.
#[derive(Clone, Copy, Debug)]
pub enum Within<'a> {
    Only(&'a [i64]),
    /// All but these, perhaps none (written so, a list of most categories walks the index of
    /// latest activity instead of sorting every topic of the categories it names).
    Except(&'a [i64]),
}

/// Which topics a list asks for.
#[derive(Clone, Copy)]
pub struct TopicQuery<'a> {
    pub within: Within<'a>,
    pub tag: Option<&'a str>,
    pub topic: Option<&'a str>,
    pub author: Option<i64>,
    pub unanswered: bool,
    /// Pinned topics (read apart, for the top of a first page), or the others.
    pub pinned: bool,
    /// Pending and hidden topics too (moderators).
    pub everything: bool,
    /// The viewer's own pending topics too.
    pub viewer: Option<i64>,
    /// Only this member's topics that wait for approval (to count them).
    pub pending_of: Option<i64>,
    pub offset: i64,
    pub limit: i64,
}

fn topic_filter(sql: &mut Sql, q: &TopicQuery<'_>) {
    sql.push(if q.pinned {
        " WHERE t.pinned_at IS NOT NULL"
    } else {
        " WHERE t.pinned_at IS NULL"
    });
    // Pinned topics are few and found by their own index: the unary plus keeps the planner
    // from reading every topic of a category through the category index to find them.
    let category = if q.pinned {
        " AND +t.category_id"
    } else {
        " AND t.category_id"
    };
    match q.within {
        Within::Only([]) => {
            sql.push(" AND 1 = 0");
        }
        Within::Only([one]) => {
            sql.push(category).push(" = ").push_bind(*one);
        }
        Within::Only(ids) => {
            sql.push(category).push(" IN ").push_list(ids);
        }
        Within::Except([]) => {}
        Within::Except(ids) => {
            sql.push(category).push(" NOT IN ").push_list(ids);
        }
    }
    if let Some(member) = q.pending_of {
        sql.push(" AND t.hidden_at IS NULL AND t.pending = 1 AND t.author_id = ")
            .push_bind(member);
    } else if !q.everything {
        sql.push(" AND t.hidden_at IS NULL AND (t.pending = 0");
        if let Some(viewer) = q.viewer {
            sql.push(" OR t.author_id = ").push_bind(viewer);
        }
        sql.push(")");
    }
    if let Some(tag) = q.tag {
        sql.push(
            " AND t.id IN (SELECT topic_id FROM discussion_topic_labels WHERE kind = 'tag' AND value = ",
        )
        .push_bind(tag)
        .push(")");
    }
    if let Some(topic) = q.topic {
        sql.push(
            " AND t.id IN (SELECT topic_id FROM discussion_topic_labels WHERE kind = 'topic' AND value = ",
        )
        .push_bind(topic)
        .push(")");
    }
    if let Some(author) = q.author {
        sql.push(" AND t.author_id = ").push_bind(author);
    }
    if q.unanswered {
        sql.push(" AND t.reply_count = 0 AND t.accepted_post_id IS NULL AND t.closed_at IS NULL");
    }
}

/// A page of topics by latest activity.
pub async fn topics(db: &Db, q: &TopicQuery<'_>) -> sqlx::Result<Vec<TopicRow>> {
    let mut sql = Sql::new(&format!("SELECT {TOPIC_COLUMNS}{TOPIC_FROM}"));
    topic_filter(&mut sql, q);
    sql.push(" ORDER BY t.last_post_at DESC, t.id DESC LIMIT ")
        .push_bind(q.limit)
        .push(" OFFSET ")
        .push_bind(q.offset);
    sql.query_as().fetch_all(&db.pool).await
}

/// How many topics [`topics`] has in all pages.
pub async fn count_topics(db: &Db, q: &TopicQuery<'_>) -> sqlx::Result<i64> {
    let mut count = Sql::new("SELECT COUNT(*) FROM discussion_topics t");
    topic_filter(&mut count, q);
    count.query_scalar().fetch_one(&db.pool).await
}

/// The topics with these ids, in any order.
pub async fn topics_by_id(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<TopicRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(&format!(
        "SELECT {TOPIC_COLUMNS}{TOPIC_FROM} WHERE t.id IN "
    ));
    sql.push_list(ids);
    sql.query_as().fetch_all(&db.pool).await
}

pub async fn topic(db: &Db, id: i64) -> sqlx::Result<Option<TopicRow>> {
    sqlx::query_as(&format!(
        "SELECT {TOPIC_COLUMNS}{TOPIC_FROM} WHERE t.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// Tags and sector topics of the given topics: `(topic_id, kind, value)`.
pub async fn labels(db: &Db, topics: &[i64]) -> sqlx::Result<Vec<(i64, String, String)>> {
    if topics.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql =
        Sql::new("SELECT topic_id, kind, value FROM discussion_topic_labels WHERE topic_id IN ");
    sql.push_list(topics)
        .push(" ORDER BY topic_id, kind, value");
    sql.query_as().fetch_all(&db.pool).await
}

async fn write_labels(
    tx: &mut Transaction<'_, Any>,
    topic: i64,
    tags: &[String],
    topics: &[String],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM discussion_topic_labels WHERE topic_id = $1")
        .bind(topic)
        .execute(&mut **tx)
        .await?;
    for (kind, values) in [("tag", tags), ("topic", topics)] {
        for value in values {
            sqlx::query(
                "INSERT INTO discussion_topic_labels (topic_id, kind, value) VALUES ($1, $2, $3)",
            )
            .bind(topic)
            .bind(kind)
            .bind(value)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

pub struct NewTopic<'a> {
    pub category_id: i64,
    pub author_id: i64,
    pub title: &'a str,
    pub tags: &'a [String],
    pub topics: &'a [String],
    pub body: &'a str,
    pub body_html: &'a str,
    pub pending: bool,
    pub links: &'a [(&'static str, i64)],
}

/// Opens a topic with its first post; answers (topic id, post id).
pub async fn insert_topic(db: &Db, t: &NewTopic<'_>) -> sqlx::Result<(i64, i64)> {
    let now = now_ms();
    let mut tx = begin(db).await?;
    let topic: i64 = sqlx::query_scalar(
        "INSERT INTO discussion_topics
         (category_id, author_id, title, pending, post_count, last_post_at, last_author_id, created_at)
         VALUES ($1, $2, $3, $4, 1, $5, $2, $5) RETURNING id",
    )
    .bind(t.category_id)
    .bind(t.author_id)
    .bind(t.title)
    .bind(i64::from(t.pending))
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    write_labels(&mut tx, topic, t.tags, t.topics).await?;
    let post: i64 = sqlx::query_scalar(
        "INSERT INTO discussion_posts (topic_id, author_id, number, body, body_html, pending, created_at)
         VALUES ($1, $2, 1, $3, $4, $5, $6) RETURNING id",
    )
    .bind(topic)
    .bind(t.author_id)
    .bind(t.body)
    .bind(t.body_html)
    .bind(i64::from(t.pending))
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    write_links(&mut tx, post, t.links).await?;
    record_change(&mut tx, topic).await?;
    tx.commit().await?;
    Ok((topic, post))
}

/// What a topic's author or a moderator changes; `None` keeps the value.
#[derive(Default)]
pub struct TopicChange<'a> {
    pub title: Option<&'a str>,
    pub labels: Option<(&'a [String], &'a [String])>,
    pub category_id: Option<i64>,
    pub closed: Option<bool>,
    pub pinned: Option<bool>,
    pub hidden: Option<bool>,
    pub approved: Option<bool>,
    /// `Some(None)` clears the accepted answer.
    pub accepted: Option<Option<i64>>,
    /// Who edits the title (kept in the opening post's history).
    pub editor: i64,
}

pub async fn change_topic(db: &Db, id: i64, c: &TopicChange<'_>) -> sqlx::Result<()> {
    let now = now_ms();
    let mut tx = begin(db).await?;
    if let Some(title) = c.title {
        sqlx::query(
            "INSERT INTO discussion_post_edits (post_id, title, body, edited_by, edited_at)
             SELECT p.id, t.title, p.body, $2, $3 FROM discussion_posts p
             JOIN discussion_topics t ON t.id = p.topic_id
             WHERE p.topic_id = $1 AND p.number = 1 AND t.title <> $4",
        )
        .bind(id)
        .bind(c.editor)
        .bind(now)
        .bind(title)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE discussion_topics SET title = $2 WHERE id = $1")
            .bind(id)
            .bind(title)
            .execute(&mut *tx)
            .await?;
    }
    if let Some((tags, topics)) = c.labels {
        write_labels(&mut tx, id, tags, topics).await?;
    }
    if let Some(category) = c.category_id {
        sqlx::query("UPDATE discussion_topics SET category_id = $2 WHERE id = $1")
            .bind(id)
            .bind(category)
            .execute(&mut *tx)
            .await?;
    }
    for (column, value) in [
        ("closed_at", c.closed),
        ("pinned_at", c.pinned),
        ("hidden_at", c.hidden),
    ] {
        if let Some(on) = value {
            sqlx::query(&format!(
                "UPDATE discussion_topics SET {column} = $2 WHERE id = $1"
            ))
            .bind(id)
            .bind(on.then_some(now))
            .execute(&mut *tx)
            .await?;
        }
    }
    if let Some(true) = c.approved {
        sqlx::query("UPDATE discussion_topics SET pending = 0 WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE discussion_posts SET pending = 0 WHERE topic_id = $1 AND number = 1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(accepted) = c.accepted {
        sqlx::query("UPDATE discussion_topics SET accepted_post_id = $2 WHERE id = $1")
            .bind(id)
            .bind(accepted)
            .execute(&mut *tx)
            .await?;
    }
    refresh_topic(&mut tx, id).await?;
    tx.commit().await
}

/// Recomputes a topic's visible reply count and last activity, drops an accepted answer that
/// is no longer visible, and records the change in the feed.
pub(super) async fn refresh_topic(tx: &mut Transaction<'_, Any>, topic: i64) -> sqlx::Result<()> {
    const VISIBLE: &str = "p.topic_id = $1 AND p.pending = 0 AND p.hidden_at IS NULL
                           AND p.deleted_at IS NULL";
    sqlx::query(&format!(
        "UPDATE discussion_topics SET
           reply_count = (SELECT COUNT(*) FROM discussion_posts p WHERE {VISIBLE} AND p.number > 1),
           last_post_at = COALESCE((SELECT MAX(p.created_at) FROM discussion_posts p WHERE {VISIBLE}), created_at),
           last_author_id = COALESCE((SELECT p.author_id FROM discussion_posts p WHERE {VISIBLE}
                                      ORDER BY p.number DESC LIMIT 1), author_id),
           accepted_post_id = (SELECT p.id FROM discussion_posts p WHERE {VISIBLE}
                               AND p.id = discussion_topics.accepted_post_id)
         WHERE id = $1"
    ))
    .bind(topic)
    .execute(&mut **tx)
    .await?;
    record_change(tx, topic).await
}
