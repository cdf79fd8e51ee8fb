//! Receiving an upload: a declared `Content-Length` above the limit is refused before a byte
//! is read ([`check_length`]), and a multipart form is read with each file streamed to a
//! temporary file while counting, stopping with 413 as soon as one passes the limit
//! ([`receive`]). A browser form's CSRF field must come before any file and match.

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use tokio::io::AsyncWriteExt;

use super::{Library, MetadataInput, blobs};
use crate::state::AppState;
use crate::web::error::AppError;

/// An uploaded file waiting in the temporary folder; removed when dropped.
pub struct Received {
    pub(super) path: PathBuf,
    pub file_name: String,
    pub size: u64,
    pub head: Vec<u8>,
}

impl Drop for Received {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Received {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Copies a file from disk (the command-line import).
    pub async fn copy_of(
        state: &AppState,
        source: &Path,
        file_name: &str,
    ) -> anyhow::Result<Received> {
        use tokio::io::AsyncReadExt;
        let mut head = Vec::with_capacity(8192);
        tokio::fs::File::open(source)
            .await?
            .take(8192)
            .read_to_end(&mut head)
            .await?;
        let path = state.service::<Library>().tmp.join(blobs::new_blob_id());
        let size = tokio::fs::copy(source, &path).await?;
        Ok(Received {
            path,
            file_name: file_name.to_string(),
            size,
            head,
        })
    }
}

pub fn too_large() -> AppError {
    AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "library_file_too_large")
}

/// Refuses a request whose declared length is above the limit, before reading it.
pub fn check_length(state: &AppState, headers: &axum::http::HeaderMap) -> Result<(), AppError> {
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > state.config.library_max_upload_bytes + 1024 * 1024 => Err(too_large()),
        _ => Ok(()),
    }
}

/// What a multipart upload carried: the files and the other fields.
pub struct UploadForm {
    pub files: Vec<Received>,
    pub fields: Vec<(String, String)>,
}

impl UploadForm {
    pub fn value(&self, name: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|f| f.0 == name)
            .map(|f| f.1.clone())
    }

    pub fn values(&self, name: &str) -> Option<Vec<String>> {
        let values: Vec<String> = self
            .fields
            .iter()
            .filter(|f| f.0 == name || f.0 == format!("{name}[]"))
            .map(|f| f.1.clone())
            .collect();
        (!values.is_empty()).then_some(values)
    }

    /// The metadata fields, as for the API (empty year means none).
    pub fn metadata(&self) -> MetadataInput {
        MetadataInput {
            title: self.value("title"),
            description: self.value("description"),
            authors: self.value("authors"),
            year: self.value("year").map(serde_json::Value::String),
            doc_type: self.value("doc_type"),
            languages: self.values("languages"),
            topics: self.values("topics"),
            tags: self.values("tags"),
            visibility: self.value("visibility"),
        }
    }
}

/// Reads a multipart upload, streaming each `file` part to a temporary file and stopping with
/// 413 as soon as one passes the limit. With `csrf`, the form's `csrf` field must come before
/// any file and match.
pub async fn receive(
    state: &AppState,
    mut multipart: axum::extract::Multipart,
    csrf: Option<&crate::web::csrf::CsrfToken>,
) -> Result<UploadForm, AppError> {
    let broken = |_| AppError::bad_request("library_upload_broken");
    let limit = state.config.library_max_upload_bytes;
    let mut form = UploadForm {
        files: Vec::new(),
        fields: Vec::new(),
    };
    let mut csrf_ok = csrf.is_none();
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            if !csrf_ok {
                return Err(AppError::forbidden_code("csrf_failed"));
            }
            let file_name = field.file_name().unwrap_or_default().to_string();
            let path = state.service::<Library>().tmp.join(blobs::new_blob_id());
            let mut received = Received {
                path,
                file_name,
                size: 0,
                head: Vec::new(),
            };
            let mut out = tokio::fs::File::create(&received.path)
                .await
                .map_err(anyhow::Error::from)?;
            while let Some(chunk) = field.chunk().await.map_err(broken)? {
                received.size += chunk.len() as u64;
                if received.size > limit {
                    return Err(too_large());
                }
                if received.head.len() < 8192 {
                    let take = (8192 - received.head.len()).min(chunk.len());
                    received.head.extend_from_slice(&chunk[..take]);
                }
                out.write_all(&chunk).await.map_err(anyhow::Error::from)?;
            }
            out.flush().await.map_err(anyhow::Error::from)?;
            if received.file_name.is_empty() && received.size == 0 {
                continue; // an empty file input of a form
            }
            form.files.push(received);
        } else {
            let mut value = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(broken)? {
                value.extend_from_slice(&chunk);
                if value.len() > 64 * 1024 {
                    return Err(AppError::invalid("description", "library_text_too_long"));
                }
            }
            let value = String::from_utf8(value)
                .map_err(|_| AppError::bad_request("library_upload_broken"))?;
            if name == "csrf" {
                if let Some(token) = csrf {
                    csrf_ok = crate::web::csrf::matches(token, &value);
                }
            } else if form.fields.len() < 200 {
                form.fields.push((name, value));
            }
        }
    }
    if !csrf_ok {
        return Err(AppError::forbidden_code("csrf_failed"));
    }
    Ok(form)
}
