//! Posts: pages of a topic, replies, edits with their history, moderation, deletion, the
//! links a post makes.

use sqlx::{Any, FromRow, Transaction};

use super::changes::{begin, record_change};
use super::topics::refresh_topic;
use crate::store::{Db, Sql, now_ms};

const POST_COLUMNS: &str = "p.id, p.topic_id, p.author_id, a.name AS author_name, p.number,
    p.reply_to_id, r.number AS reply_to_number, p.body, p.body_html, p.pending, p.hidden_at,
    p.deleted_at, p.edited_at, p.created_at";

const POST_FROM: &str = " FROM discussion_posts p
    LEFT JOIN members a ON a.id = p.author_id
    LEFT JOIN discussion_posts r ON r.id = p.reply_to_id";

#[derive(Clone, Debug, FromRow)]
pub struct PostRow {
    pub id: i64,
    pub topic_id: i64,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub number: i64,
    pub reply_to_id: Option<i64>,
    pub reply_to_number: Option<i64>,
    pub body: String,
    pub body_html: String,
    pub pending: i64,
    pub hidden_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub edited_at: Option<i64>,
    pub created_at: i64,
}

/// A page of a topic's posts in order. Everyone sees approved posts that are not hidden
/// (deleted ones as a place holder); `viewer` also their own pending posts; `everything`
/// (moderators) all of them.
pub async fn posts(
    db: &Db,
    topic: i64,
    viewer: Option<i64>,
    everything: bool,
    offset: i64,
    limit: i64,
) -> sqlx::Result<Vec<PostRow>> {
    let mut sql = Sql::new(&format!(
        "SELECT {POST_COLUMNS}{POST_FROM} WHERE p.topic_id = "
    ));
    sql.push_bind(topic);
    if !everything {
        sql.push(" AND p.hidden_at IS NULL AND (p.pending = 0");
        if let Some(viewer) = viewer {
            sql.push(" OR p.author_id = ").push_bind(viewer);
        }
        sql.push(")");
    }
    sql.push(" ORDER BY p.number LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    sql.query_as().fetch_all(&db.pool).await
}

pub async fn post(db: &Db, id: i64) -> sqlx::Result<Option<PostRow>> {
    sqlx::query_as(&format!("SELECT {POST_COLUMNS}{POST_FROM} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// How many posts of a topic [`posts`] would show (those numbered below `before`, when
/// given): for the pages.
pub async fn post_count(
    db: &Db,
    topic: i64,
    viewer: Option<i64>,
    everything: bool,
    before: Option<i64>,
) -> sqlx::Result<i64> {
    let mut sql = Sql::new("SELECT COUNT(*) FROM discussion_posts p WHERE p.topic_id = ");
    sql.push_bind(topic);
    if let Some(before) = before {
        sql.push(" AND p.number < ").push_bind(before);
    }
    if !everything {
        sql.push(" AND p.hidden_at IS NULL AND (p.pending = 0");
        if let Some(viewer) = viewer {
            sql.push(" OR p.author_id = ").push_bind(viewer);
        }
        sql.push(")");
    }
    sql.query_scalar().fetch_one(&db.pool).await
}

pub struct NewReply<'a> {
    pub topic_id: i64,
    pub author_id: i64,
    pub reply_to_id: Option<i64>,
    pub body: &'a str,
    pub body_html: &'a str,
    pub pending: bool,
    pub links: &'a [(&'static str, i64)],
}

/// Adds a reply; answers (post id, number).
pub async fn insert_reply(db: &Db, r: &NewReply<'_>) -> sqlx::Result<(i64, i64)> {
    let mut tx = begin(db).await?;
    let number: i64 = sqlx::query_scalar(
        "UPDATE discussion_topics SET post_count = post_count + 1 WHERE id = $1 RETURNING post_count",
    )
    .bind(r.topic_id)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO discussion_posts
         (topic_id, author_id, number, reply_to_id, body, body_html, pending, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(r.topic_id)
    .bind(r.author_id)
    .bind(number)
    .bind(r.reply_to_id)
    .bind(r.body)
    .bind(r.body_html)
    .bind(i64::from(r.pending))
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    write_links(&mut tx, id, r.links).await?;
    refresh_topic(&mut tx, r.topic_id).await?;
    tx.commit().await?;
    Ok((id, number))
}

/// Replaces a post's text, keeping the old one in its history.
pub async fn edit_post(
    db: &Db,
    post: &PostRow,
    body: &str,
    body_html: &str,
    editor: i64,
    links: &[(&'static str, i64)],
) -> sqlx::Result<()> {
    let now = now_ms();
    let mut tx = begin(db).await?;
    sqlx::query(
        "INSERT INTO discussion_post_edits (post_id, body, edited_by, edited_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(post.id)
    .bind(&post.body)
    .bind(editor)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE discussion_posts SET body = $2, body_html = $3, edited_at = $4 WHERE id = $1",
    )
    .bind(post.id)
    .bind(body)
    .bind(body_html)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    write_links(&mut tx, post.id, links).await?;
    record_change(&mut tx, post.topic_id).await?;
    tx.commit().await
}

/// A moderator hides or shows a post, or approves a pending one.
pub async fn moderate_post(
    db: &Db,
    post: &PostRow,
    hidden: Option<bool>,
    approved: bool,
) -> sqlx::Result<()> {
    let mut tx = begin(db).await?;
    if let Some(hidden) = hidden {
        sqlx::query("UPDATE discussion_posts SET hidden_at = $2 WHERE id = $1")
            .bind(post.id)
            .bind(hidden.then(now_ms))
            .execute(&mut *tx)
            .await?;
    }
    if approved {
        sqlx::query("UPDATE discussion_posts SET pending = 0 WHERE id = $1")
            .bind(post.id)
            .execute(&mut *tx)
            .await?;
    }
    refresh_topic(&mut tx, post.topic_id).await?;
    tx.commit().await
}

/// The author deletes a post: its text is erased (the history too), its place stays so that
/// answers to it keep their sense.
pub async fn delete_post(db: &Db, post: &PostRow) -> sqlx::Result<()> {
    let mut tx = begin(db).await?;
    sqlx::query(
        "UPDATE discussion_posts SET body = '', body_html = '', deleted_at = $2 WHERE id = $1",
    )
    .bind(post.id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    for table in ["discussion_post_edits", "discussion_links"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE post_id = $1"))
            .bind(post.id)
            .execute(&mut *tx)
            .await?;
    }
    refresh_topic(&mut tx, post.topic_id).await?;
    tx.commit().await
}

#[derive(Clone, Debug, FromRow)]
pub struct EditRow {
    pub title: Option<String>,
    pub body: String,
    pub editor_name: Option<String>,
    pub edited_at: i64,
}

/// A post's earlier versions, newest first.
pub async fn edits(db: &Db, post: i64) -> sqlx::Result<Vec<EditRow>> {
    sqlx::query_as(
        "SELECT e.title, e.body, m.name AS editor_name, e.edited_at
         FROM discussion_post_edits e LEFT JOIN members m ON m.id = e.edited_by
         WHERE e.post_id = $1 ORDER BY e.id DESC",
    )
    .bind(post)
    .fetch_all(&db.pool)
    .await
}

pub(super) async fn write_links(
    tx: &mut Transaction<'_, Any>,
    post: i64,
    links: &[(&'static str, i64)],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM discussion_links WHERE post_id = $1")
        .bind(post)
        .execute(&mut **tx)
        .await?;
    for (kind, target) in links {
        sqlx::query("INSERT INTO discussion_links (kind, target_id, post_id) VALUES ($1, $2, $3)")
            .bind(*kind)
            .bind(*target)
            .bind(post)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Visible topics whose visible posts link `(kind, target)`, newest first:
/// `(topic id, title, category id)`.
pub async fn topics_linking(
    db: &Db,
    kind: &str,
    target: i64,
) -> sqlx::Result<Vec<(i64, String, i64)>> {
    sqlx::query_as(
        "SELECT DISTINCT t.id, t.title, t.category_id, t.last_post_at FROM discussion_links l
         JOIN discussion_posts p ON p.id = l.post_id
         JOIN discussion_topics t ON t.id = p.topic_id
         WHERE l.kind = $1 AND l.target_id = $2 AND p.pending = 0 AND p.hidden_at IS NULL
           AND p.deleted_at IS NULL AND t.pending = 0 AND t.hidden_at IS NULL
         ORDER BY t.last_post_at DESC LIMIT 20",
    )
    .bind(kind)
    .bind(target)
    .fetch_all(&db.pool)
    .await
    .map(|rows: Vec<(i64, String, i64, i64)>| {
        rows.into_iter().map(|(id, t, c, _)| (id, t, c)).collect()
    })
}

/// Visible topics in which the member's reply is the accepted answer, newest first:
/// `(topic id, title, category id)`.
pub async fn answered_by(db: &Db, member: i64) -> sqlx::Result<Vec<(i64, String, i64)>> {
    sqlx::query_as(
        "SELECT t.id, t.title, t.category_id FROM discussion_topics t
         JOIN discussion_posts p ON p.id = t.accepted_post_id
         WHERE p.author_id = $1 AND t.pending = 0 AND t.hidden_at IS NULL
         ORDER BY t.last_post_at DESC LIMIT 20",
    )
    .bind(member)
    .fetch_all(&db.pool)
    .await
}

/// Approved posts of a member: whether they are established.
pub async fn approved_posts(db: &Db, member: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM discussion_posts WHERE author_id = $1 AND pending = 0
         AND hidden_at IS NULL",
    )
    .bind(member)
    .fetch_one(&db.pool)
    .await
}
