//! Categories and their texts.

use sqlx::{Any, FromRow, Transaction};

use super::changes::{begin, record_change};
use crate::store::{Db, now_ms};

#[derive(Clone, Debug, FromRow)]
pub struct CategoryRow {
    pub id: i64,
    pub slug: String,
    pub position: i64,
    pub members_only: i64,
    pub event_id: Option<i64>,
}

#[derive(Clone, Debug, FromRow)]
pub struct CategoryText {
    pub category_id: i64,
    pub locale: String,
    pub name: String,
    pub description: String,
}

pub async fn categories(db: &Db) -> sqlx::Result<Vec<CategoryRow>> {
    sqlx::query_as(
        "SELECT id, slug, position, members_only, event_id FROM discussion_categories
         ORDER BY position, id",
    )
    .fetch_all(&db.pool)
    .await
}

pub async fn category_texts(db: &Db) -> sqlx::Result<Vec<CategoryText>> {
    sqlx::query_as(
        "SELECT category_id, locale, name, description FROM discussion_category_texts
         ORDER BY category_id, locale",
    )
    .fetch_all(&db.pool)
    .await
}

pub struct NewCategory<'a> {
    pub slug: &'a str,
    pub position: i64,
    pub members_only: bool,
    pub event_id: Option<i64>,
    /// (locale, name, description)
    pub texts: &'a [(String, String, String)],
}

pub async fn insert_category(db: &Db, c: &NewCategory<'_>) -> sqlx::Result<i64> {
    let mut tx = begin(db).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO discussion_categories (slug, position, members_only, event_id, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(c.slug)
    .bind(c.position)
    .bind(i64::from(c.members_only))
    .bind(c.event_id)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    write_category_texts(&mut tx, id, c.texts).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_category(db: &Db, id: i64, c: &NewCategory<'_>) -> sqlx::Result<bool> {
    let mut tx = begin(db).await?;
    let changed = sqlx::query(
        "UPDATE discussion_categories SET slug = $2, position = $3, members_only = $4
         WHERE id = $1",
    )
    .bind(id)
    .bind(c.slug)
    .bind(c.position)
    .bind(i64::from(c.members_only))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(false);
    }
    write_category_texts(&mut tx, id, c.texts).await?;
    tx.commit().await?;
    Ok(true)
}

async fn write_category_texts(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    texts: &[(String, String, String)],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM discussion_category_texts WHERE category_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (locale, name, description) in texts {
        sqlx::query(
            "INSERT INTO discussion_category_texts (category_id, locale, name, description)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(locale)
        .bind(name)
        .bind(description)
        .execute(&mut **tx)
        .await?;
    }
    // Lists and caches show the categories' names and access.
    record_change(tx, 0).await
}

pub async fn category_of_event(db: &Db, event_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM discussion_categories WHERE event_id = $1")
        .bind(event_id)
        .fetch_optional(&db.pool)
        .await
}
