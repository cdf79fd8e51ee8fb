//! Library files, stored in the database in chunks.
//!
//! Why the database and not the blob folder of `store::blobs` or an object store: with
//! several instances every instance must read every file, and the one thing they already share
//! is the database. Chunks of [`CHUNK`] bytes keep each row small, so a file streams in (one
//! insert per chunk, in one transaction: a file is stored whole or not at all) and out (one
//! select per chunk) without ever being held whole in memory by the server. A backup of the
//! database is a backup of the library. The price is database size; for libraries of tens of
//! gigabytes an S3-compatible store would be the next step, behind these same functions.
//! Blob ids are random (never derived from a file name).
//!
//! A file is stored before the document or version that names it (two transactions), so a
//! failure in between leaves chunks no version references. Only `library_versions` references
//! these chunks (chat attachments, photos and covers live in the folder store of
//! `store::blobs`), so [`sweep_orphans`] deletes unreferenced chunks once they are an hour old:
//! an upload still on its way is never that old.

use std::path::Path;

use bytes::Bytes;
use futures::Stream;
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use crate::store::{Db, now_ms};

pub const CHUNK: usize = 256 * 1024;

const INSERT_CHUNK: &str =
    "INSERT INTO library_blob_chunks (blob_id, seq, data, created_at) VALUES ($1, $2, $3, $4)";

/// What was stored.
pub struct Stored {
    pub blob_id: String,
    pub size: i64,
    pub sha256: String,
}

pub fn new_blob_id() -> String {
    let bytes: [u8; 16] = rand::random();
    hex::encode(bytes)
}

/// Stores the file at `path` in chunks, in one transaction.
pub async fn put_file(db: &Db, path: &Path) -> anyhow::Result<Stored> {
    let blob_id = new_blob_id();
    let mut file = tokio::fs::File::open(path).await?;
    let mut tx = db.pool.begin().await?;
    let mut hasher = Sha256::new();
    let mut size = 0i64;
    let mut seq = 0i64;
    loop {
        let mut buf = Vec::with_capacity(CHUNK);
        (&mut file).take(CHUNK as u64).read_to_end(&mut buf).await?;
        if buf.is_empty() && seq > 0 {
            break;
        }
        hasher.update(&buf);
        size += buf.len() as i64;
        let last = buf.len() < CHUNK;
        sqlx::query(INSERT_CHUNK)
            .bind(&blob_id)
            .bind(seq)
            .bind(buf)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        seq += 1;
        if last {
            break;
        }
    }
    tx.commit().await?;
    Ok(Stored {
        blob_id,
        size,
        sha256: hex::encode(hasher.finalize()),
    })
}

/// Stores bytes held in memory (demo content, small files).
pub async fn put_bytes(db: &Db, bytes: &[u8]) -> anyhow::Result<Stored> {
    let blob_id = new_blob_id();
    let mut tx = db.pool.begin().await?;
    let chunks: Vec<&[u8]> = if bytes.is_empty() {
        vec![&[][..]]
    } else {
        bytes.chunks(CHUNK).collect()
    };
    for (seq, chunk) in chunks.into_iter().enumerate() {
        sqlx::query(INSERT_CHUNK)
            .bind(&blob_id)
            .bind(seq as i64)
            .bind(chunk.to_vec())
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Stored {
        blob_id,
        size: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(bytes)),
    })
}

async fn chunk(db: &Db, blob_id: &str, seq: i64) -> sqlx::Result<Option<Vec<u8>>> {
    sqlx::query_scalar("SELECT data FROM library_blob_chunks WHERE blob_id = $1 AND seq = $2")
        .bind(blob_id)
        .bind(seq)
        .fetch_optional(&db.pool)
        .await
}

/// The file, chunk by chunk.
pub fn stream(db: Db, blob_id: String) -> impl Stream<Item = Result<Bytes, std::io::Error>> {
    futures::stream::try_unfold(0i64, move |seq| {
        let db = db.clone();
        let blob_id = blob_id.clone();
        async move {
            match chunk(&db, &blob_id, seq).await {
                Ok(Some(data)) if !data.is_empty() => Ok(Some((Bytes::from(data), seq + 1))),
                Ok(_) => Ok(None),
                Err(err) => Err(std::io::Error::other(err)),
            }
        }
    })
}

/// The whole file, for text extraction (bounded by the upload limit).
pub async fn read_all(db: &Db, blob_id: &str) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut seq = 0;
    while let Some(data) = chunk(db, blob_id, seq).await? {
        if data.is_empty() {
            break;
        }
        out.extend_from_slice(&data);
        seq += 1;
    }
    Ok(out)
}

pub async fn delete(db: &Db, blob_id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM library_blob_chunks WHERE blob_id = $1")
        .bind(blob_id)
        .execute(&db.pool)
        .await
        .map(drop)
}

/// Deletes chunks that no library version references and that were written before `before`
/// (ms); returns how many. Chunks from before their time was recorded are stamped with `now`
/// when found unreferenced, and judged by a later sweep.
pub async fn sweep_orphans(db: &Db, before: i64, now: i64) -> sqlx::Result<u64> {
    sqlx::query(
        "UPDATE library_blob_chunks SET created_at = $1
         WHERE created_at IS NULL AND blob_id NOT IN (SELECT blob_id FROM library_versions)",
    )
    .bind(now)
    .execute(&db.pool)
    .await?;
    sqlx::query(
        "DELETE FROM library_blob_chunks
         WHERE created_at < $1 AND blob_id NOT IN (SELECT blob_id FROM library_versions)",
    )
    .bind(before)
    .execute(&db.pool)
    .await
    .map(|done| done.rows_affected())
}
