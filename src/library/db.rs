//! Library queries, written once for both databases (see `store/mod.rs`).
//!
//! Every write that changes what search should find appends a row to the [`FEED`] in the
//! same transaction ([`record_change`]); each instance's index follows that feed (see
//! `store/feed.rs`).

use sqlx::{Any, Transaction};

use crate::store::feed::Feed;
use crate::store::{Db, Sql, now_ms};

const DOCUMENT_COLUMNS: &str = "d.id, d.kind, d.title, d.description, d.authors, d.year, \
    d.doc_type, d.languages, d.topics, d.tags, d.visibility, d.url, d.uploader_id, \
    m.name AS uploader_name, d.version_id, d.extraction, d.extraction_error, d.pages, \
    d.created_at, d.updated_at, d.deleted_at, v.file_name, v.format, v.size, v.blob_id";

const DOCUMENT_FROM: &str = "FROM library_documents d \
    LEFT JOIN members m ON m.id = d.uploader_id \
    LEFT JOIN library_versions v ON v.id = d.version_id";

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub authors: String,
    pub year: Option<i64>,
    pub doc_type: String,
    pub languages: String,
    pub topics: String,
    pub tags: String,
    pub visibility: String,
    pub url: Option<String>,
    pub uploader_id: Option<i64>,
    pub uploader_name: Option<String>,
    pub version_id: Option<i64>,
    pub extraction: String,
    pub extraction_error: Option<String>,
    pub pages: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub deleted_at: Option<i64>,
    pub file_name: Option<String>,
    pub format: Option<String>,
    pub size: Option<i64>,
    pub blob_id: Option<String>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct VersionRow {
    pub id: i64,
    pub document_id: i64,
    pub blob_id: String,
    pub file_name: String,
    pub format: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: Option<i64>,
    pub uploader_name: Option<String>,
    pub created_at: i64,
}

/// Metadata as stored (lists one value a line).
pub struct Metadata<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub authors: &'a str,
    pub year: Option<i64>,
    pub doc_type: &'a str,
    pub languages: &'a str,
    pub topics: &'a str,
    pub tags: &'a str,
    pub visibility: &'a str,
}

pub struct NewVersion<'a> {
    pub blob_id: &'a str,
    pub file_name: &'a str,
    pub format: &'a str,
    pub size: i64,
    pub sha256: &'a str,
}

/// The library's change feed: documents whose search entry changed.
pub const FEED: Feed = Feed {
    table: "library_changes",
    subject: "document_id",
    lock: 7300003,
};

async fn begin(db: &Db) -> sqlx::Result<Transaction<'static, Any>> {
    FEED.begin(db).await
}

async fn record_change(tx: &mut Transaction<'static, Any>, document_id: i64) -> sqlx::Result<()> {
    FEED.record(tx, document_id).await
}

/// Adds a document (a file with its first version, or a link) and returns its id.
pub async fn insert_document(
    db: &Db,
    kind: &str,
    meta: &Metadata<'_>,
    url: Option<&str>,
    uploader_id: i64,
    version: Option<&NewVersion<'_>>,
) -> sqlx::Result<i64> {
    let mut tx = begin(db).await?;
    let now = now_ms();
    let extraction = if version.is_some() { "pending" } else { "none" };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO library_documents (kind, title, description, authors, year, doc_type,
            languages, topics, tags, visibility, url, uploader_id, extraction, created_at,
            updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
         RETURNING id",
    )
    .bind(kind)
    .bind(meta.title)
    .bind(meta.description)
    .bind(meta.authors)
    .bind(meta.year)
    .bind(meta.doc_type)
    .bind(meta.languages)
    .bind(meta.topics)
    .bind(meta.tags)
    .bind(meta.visibility)
    .bind(url)
    .bind(uploader_id)
    .bind(extraction)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(version) = version {
        insert_version(&mut tx, id, version, uploader_id).await?;
    }
    record_change(&mut tx, id).await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert_version(
    tx: &mut Transaction<'static, Any>,
    document_id: i64,
    version: &NewVersion<'_>,
    uploader_id: i64,
) -> sqlx::Result<i64> {
    let now = now_ms();
    let version_id: i64 = sqlx::query_scalar(
        "INSERT INTO library_versions (document_id, blob_id, file_name, format, size, sha256,
            uploaded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(document_id)
    .bind(version.blob_id)
    .bind(version.file_name)
    .bind(version.format)
    .bind(version.size)
    .bind(version.sha256)
    .bind(uploader_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE library_documents SET version_id = $1, extraction = 'pending',
            extraction_error = NULL, updated_at = $2 WHERE id = $3",
    )
    .bind(version_id)
    .bind(now)
    .bind(document_id)
    .execute(&mut **tx)
    .await?;
    Ok(version_id)
}

/// Makes a new file the current version; earlier versions stay.
pub async fn add_version(
    db: &Db,
    document_id: i64,
    version: &NewVersion<'_>,
    uploader_id: i64,
) -> sqlx::Result<i64> {
    let mut tx = begin(db).await?;
    let id = insert_version(&mut tx, document_id, version, uploader_id).await?;
    record_change(&mut tx, document_id).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_metadata(db: &Db, id: i64, meta: &Metadata<'_>) -> sqlx::Result<()> {
    let mut tx = begin(db).await?;
    sqlx::query(
        "UPDATE library_documents SET title = $1, description = $2, authors = $3, year = $4,
            doc_type = $5, languages = $6, topics = $7, tags = $8, visibility = $9,
            updated_at = $10
         WHERE id = $11",
    )
    .bind(meta.title)
    .bind(meta.description)
    .bind(meta.authors)
    .bind(meta.year)
    .bind(meta.doc_type)
    .bind(meta.languages)
    .bind(meta.topics)
    .bind(meta.tags)
    .bind(meta.visibility)
    .bind(now_ms())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    record_change(&mut tx, id).await?;
    tx.commit().await
}

/// Stores the outcome of text extraction for `version_id`, unless a newer version came since.
pub async fn set_extraction(
    db: &Db,
    id: i64,
    version_id: i64,
    outcome: Result<(&str, Option<i64>), &str>,
) -> sqlx::Result<()> {
    let mut tx = begin(db).await?;
    let (status, error, body, pages) = match outcome {
        Ok((body, pages)) => ("done", None, body, pages),
        Err(reason) => ("failed", Some(reason), "", None),
    };
    let changed = sqlx::query(
        "UPDATE library_documents SET extraction = $1, extraction_error = $2, body = $3,
            pages = $4
         WHERE id = $5 AND version_id = $6",
    )
    .bind(status)
    .bind(error)
    .bind(body)
    .bind(pages)
    .bind(id)
    .bind(version_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed > 0 {
        record_change(&mut tx, id).await?;
    }
    tx.commit().await
}

pub async fn hide(db: &Db, id: i64) -> sqlx::Result<()> {
    let mut tx = begin(db).await?;
    sqlx::query("UPDATE library_documents SET deleted_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    record_change(&mut tx, id).await?;
    tx.commit().await
}

/// Brings a hidden document back; false when it is not hidden (or unknown).
pub async fn restore(db: &Db, id: i64) -> sqlx::Result<bool> {
    let mut tx = begin(db).await?;
    let changed = sqlx::query(
        "UPDATE library_documents SET deleted_at = NULL WHERE id = $1 AND deleted_at IS NOT NULL",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed > 0 {
        record_change(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(changed > 0)
}

/// Hidden (deleted) documents, most recently hidden first.
pub async fn hidden_documents(db: &Db, limit: i64) -> sqlx::Result<Vec<DocumentRow>> {
    sqlx::query_as(&format!(
        "SELECT {DOCUMENT_COLUMNS} {DOCUMENT_FROM} WHERE d.deleted_at IS NOT NULL
         ORDER BY d.deleted_at DESC, d.id DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// Deletes a document, its versions and their bytes for good.
pub async fn purge(db: &Db, id: i64) -> sqlx::Result<()> {
    let mut tx = begin(db).await?;
    sqlx::query(
        "DELETE FROM library_blob_chunks WHERE blob_id IN
            (SELECT blob_id FROM library_versions WHERE document_id = $1)",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM library_collection_items WHERE document_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM library_versions WHERE document_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM library_documents WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    record_change(&mut tx, id).await?;
    tx.commit().await
}

pub async fn document(db: &Db, id: i64) -> sqlx::Result<Option<DocumentRow>> {
    sqlx::query_as(&format!(
        "SELECT {DOCUMENT_COLUMNS} {DOCUMENT_FROM} WHERE d.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// Documents by id, in no particular order, hidden ones left out.
pub async fn documents(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<DocumentRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(&format!(
        "SELECT {DOCUMENT_COLUMNS} {DOCUMENT_FROM} WHERE d.deleted_at IS NULL AND d.id IN "
    ));
    sql.push_list(ids);
    sql.query_as().fetch_all(&db.pool).await
}

/// The extracted text of a document.
pub async fn body(db: &Db, id: i64) -> sqlx::Result<String> {
    sqlx::query_scalar("SELECT body FROM library_documents WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .map(Option::unwrap_or_default)
}

pub async fn versions(db: &Db, document_id: i64) -> sqlx::Result<Vec<VersionRow>> {
    sqlx::query_as(
        "SELECT v.id, v.document_id, v.blob_id, v.file_name, v.format, v.size, v.sha256,
            v.uploaded_by, m.name AS uploader_name, v.created_at
         FROM library_versions v LEFT JOIN members m ON m.id = v.uploaded_by
         WHERE v.document_id = $1 ORDER BY v.id DESC",
    )
    .bind(document_id)
    .fetch_all(&db.pool)
    .await
}

/// A page of live document ids after `after`, for rebuilding the index.
pub async fn live_ids_after(db: &Db, after: i64, limit: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM library_documents WHERE deleted_at IS NULL AND id > $1
         ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

pub async fn count_live(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM library_documents WHERE deleted_at IS NULL")
        .fetch_one(&db.pool)
        .await
}

/// Bodies of documents, by id.
pub async fn bodies(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<(i64, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT id, body FROM library_documents WHERE id IN ");
    sql.push_list(ids);
    sql.query_as().fetch_all(&db.pool).await
}

/// Documents whose extraction never finished (the instance stopped mid-way).
pub async fn pending_extractions(db: &Db) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as(
        "SELECT id, version_id FROM library_documents
         WHERE extraction = 'pending' AND version_id IS NOT NULL AND deleted_at IS NULL",
    )
    .fetch_all(&db.pool)
    .await
}

pub async fn add_to_collection(
    db: &Db,
    collection: &str,
    document_id: i64,
    position: i64,
) -> sqlx::Result<()> {
    // A change of the document for the feed: the pages that show the collection follow it.
    let mut tx = begin(db).await?;
    sqlx::query(
        "INSERT INTO library_collection_items (collection, document_id, position)
         VALUES ($1, $2, $3)
         ON CONFLICT (collection, document_id) DO UPDATE SET position = excluded.position",
    )
    .bind(collection)
    .bind(document_id)
    .bind(position)
    .execute(&mut *tx)
    .await?;
    record_change(&mut tx, document_id).await?;
    tx.commit().await
}

pub async fn remove_from_collection(
    db: &Db,
    collection: &str,
    document_id: i64,
) -> sqlx::Result<()> {
    let mut tx = begin(db).await?;
    sqlx::query("DELETE FROM library_collection_items WHERE collection = $1 AND document_id = $2")
        .bind(collection)
        .bind(document_id)
        .execute(&mut *tx)
        .await?;
    record_change(&mut tx, document_id).await?;
    tx.commit().await
}

pub async fn collection_ids(db: &Db, collection: &str) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT document_id FROM library_collection_items WHERE collection = $1
         ORDER BY position, document_id",
    )
    .bind(collection)
    .fetch_all(&db.pool)
    .await
}

/// A demo document already loaded, by title.
pub async fn find_by_title(db: &Db, title: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM library_documents WHERE title = $1 LIMIT 1")
        .bind(title)
        .fetch_optional(&db.pool)
        .await
}
