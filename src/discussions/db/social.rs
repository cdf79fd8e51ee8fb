//! Reactions, follows, and the members a mention may name.

use crate::store::{Db, Sql, now_ms};

/// Reactions to the given posts: `(post id, reaction, count, whether the viewer is among them)`.
pub async fn reactions(
    db: &Db,
    posts: &[i64],
    viewer: i64,
) -> sqlx::Result<Vec<(i64, String, i64, i64)>> {
    if posts.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT post_id, reaction, COUNT(*), SUM(CASE WHEN member_id = ");
    sql.push_bind(viewer)
        .push(" THEN 1 ELSE 0 END) FROM discussion_reactions WHERE post_id IN ")
        .push_list(posts)
        .push(" GROUP BY post_id, reaction ORDER BY post_id, reaction");
    sql.query_as().fetch_all(&db.pool).await
}

/// Adds a reaction (`on`) or takes it back; `false` when there was nothing to do (the member
/// had already reacted so, or had not).
pub async fn set_reaction(
    db: &Db,
    post: i64,
    member: i64,
    reaction: &str,
    on: bool,
) -> sqlx::Result<bool> {
    let mut tx = super::begin(db).await?;
    let query = if on {
        "INSERT INTO discussion_reactions (post_id, member_id, reaction, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM discussion_reactions WHERE post_id = $1 AND member_id = $2 AND reaction = $3"
    };
    let mut query = sqlx::query(query).bind(post).bind(member).bind(reaction);
    if on {
        query = query.bind(now_ms());
    }
    let done = query.execute(&mut *tx).await?.rows_affected() == 1;
    if done {
        // Pages for visitors show the counts: a reaction is a change of its topic.
        let topic: i64 = sqlx::query_scalar("SELECT topic_id FROM discussion_posts WHERE id = $1")
            .bind(post)
            .fetch_one(&mut *tx)
            .await?;
        super::record_change(&mut tx, topic).await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Sets how a member follows a topic or a category (`None` forgets it).
pub async fn set_follow(
    db: &Db,
    target: &str,
    target_id: i64,
    member: i64,
    level: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM discussion_follows WHERE target = $1 AND target_id = $2 AND member_id = $3",
    )
    .bind(target)
    .bind(target_id)
    .bind(member)
    .execute(&db.pool)
    .await?;
    if let Some(level) = level {
        sqlx::query(
            "INSERT INTO discussion_follows (target, target_id, member_id, level, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(target)
        .bind(target_id)
        .bind(member)
        .bind(level)
        .bind(now_ms())
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

/// How a member follows a topic or a category, if they chose.
pub async fn follow_level(
    db: &Db,
    target: &str,
    target_id: i64,
    member: i64,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT level FROM discussion_follows WHERE target = $1 AND target_id = $2 AND member_id = $3",
    )
    .bind(target)
    .bind(target_id)
    .bind(member)
    .fetch_optional(&db.pool)
    .await
}

/// Everyone following a topic or a category: `(member id, level)`.
pub async fn followers(db: &Db, target: &str, target_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT member_id, level FROM discussion_follows WHERE target = $1 AND target_id = $2",
    )
    .bind(target)
    .bind(target_id)
    .fetch_all(&db.pool)
    .await
}

/// Active members' ids and names, to match `@handle`s against (only read for a post that
/// mentions someone).
pub async fn active_members(db: &Db) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("SELECT id, name FROM members WHERE status = 'active'")
        .fetch_all(&db.pool)
        .await
}
