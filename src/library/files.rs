//! Files into documents: a received file is judged by its content against the format its
//! name claims (415 otherwise), stored in chunks ([`super::blobs`]) as a new document or as a
//! new version of one, and its text extracted ([`super::extract`]): before the answer for small
//! files, in the background for large ones. A failure reason is stored with the version.

use axum::http::StatusCode;

use super::access::editable_document;
use super::following::refresh;
use super::metadata::{MetadataInput, parse_metadata};
use super::model::{self, Format};
use super::receiving::Received;
use super::{blobs, db, extract};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// Files up to this size are extracted before the upload is answered; larger ones after.
pub const INLINE_EXTRACTION_BYTES: u64 = 512 * 1024;

/// Judges a received file: its format by name, confirmed by content.
async fn judge(received: &Received) -> Result<Format, AppError> {
    let format = Format::from_name(&received.file_name)
        .ok_or_else(|| AppError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "library_file_type"))?;
    if received.size == 0 {
        return Err(AppError::invalid("file", "library_file_empty"));
    }
    model::check_content(format, &received.head)?;
    if format.is_zip() {
        let path = received.path.clone();
        tokio::task::spawn_blocking(move || {
            let file = std::fs::File::open(path).map_err(anyhow::Error::from)?;
            extract::check_archive(std::io::BufReader::new(file), format)
        })
        .await
        .map_err(anyhow::Error::from)??;
    }
    Ok(format)
}

/// Adds an uploaded file as a new document.
pub async fn upload(
    state: &AppState,
    member: &CurrentMember,
    input: MetadataInput,
    received: &Received,
) -> Result<i64, AppError> {
    let format = judge(received).await?;
    let default_title = model::title_from_name(&received.file_name);
    let meta = parse_metadata(state, input, None, Some(&default_title)).await?;
    let file_name = model::safe_file_name(&received.file_name, format);
    let stored = blobs::put_file(&state.db, &received.path).await?;
    let id = meta
        .insert(
            &state.db,
            "file",
            None,
            member.id,
            Some(&db::NewVersion {
                blob_id: &stored.blob_id,
                file_name: &file_name,
                format: format.as_str(),
                size: stored.size,
                sha256: &stored.sha256,
            }),
        )
        .await?;
    let version_id = db::document(&state.db, id)
        .await?
        .and_then(|r| r.version_id)
        .ok_or_else(|| anyhow::anyhow!("document {id} lost its version"))?;
    extract_after_upload(state, id, version_id, received.size).await;
    Ok(id)
}

/// Extracts now for small files, in the background for large ones; then updates the index.
async fn extract_after_upload(state: &AppState, id: i64, version_id: i64, size: u64) {
    if size <= INLINE_EXTRACTION_BYTES {
        run_extraction(state, id, version_id).await;
        refresh(state).await;
    } else {
        refresh(state).await;
        let state = state.clone();
        tokio::spawn(async move {
            run_extraction(&state, id, version_id).await;
            refresh(&state).await;
        });
    }
}

/// Extracts the text of a version and stores the outcome.
pub(super) async fn run_extraction(state: &AppState, id: i64, version_id: i64) {
    let outcome = async {
        let versions = db::versions(&state.db, id).await?;
        let Some(version) = versions.into_iter().find(|v| v.id == version_id) else {
            return Ok(None);
        };
        let Some(format) = Format::from_db(&version.format) else {
            return Ok(Some(Err(extract::Failure::Damaged)));
        };
        let bytes = blobs::read_all(&state.db, &version.blob_id).await?;
        let result = tokio::task::spawn_blocking(move || extract::extract(format, &bytes))
            .await
            .unwrap_or(Err(extract::Failure::Damaged));
        anyhow::Ok(Some(result))
    }
    .await;
    let stored = match outcome {
        Ok(None) => Ok(()),
        Ok(Some(Ok(extracted))) => {
            db::set_extraction(
                &state.db,
                id,
                version_id,
                Ok((&extracted.text, extracted.pages)),
            )
            .await
        }
        Ok(Some(Err(failure))) => {
            db::set_extraction(&state.db, id, version_id, Err(failure.as_str())).await
        }
        Err(err) => {
            tracing::error!(error = ?err, document = id, "text extraction failed");
            db::set_extraction(
                &state.db,
                id,
                version_id,
                Err(extract::Failure::Damaged.as_str()),
            )
            .await
        }
    };
    if let Err(err) = stored {
        tracing::error!(error = ?err, document = id, "cannot store extracted text");
    }
}

/// Makes an uploaded file the new version of a document; earlier versions are kept.
pub async fn replace_file(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    received: &Received,
) -> Result<(), AppError> {
    let row = editable_document(state, member, id).await?;
    if row.kind != "file" {
        return Err(AppError::invalid("file", "library_not_a_file"));
    }
    let format = judge(received).await?;
    let file_name = model::safe_file_name(&received.file_name, format);
    let stored = blobs::put_file(&state.db, &received.path).await?;
    let version_id = db::add_version(
        &state.db,
        id,
        &db::NewVersion {
            blob_id: &stored.blob_id,
            file_name: &file_name,
            format: format.as_str(),
            size: stored.size,
            sha256: &stored.sha256,
        },
        member.id,
    )
    .await?;
    extract_after_upload(state, id, version_id, received.size).await;
    Ok(())
}
