//! Library: documents and links with metadata, text extraction, multilingual full-text search
//! and access levels.
//!
//! - Files are streamed to a temporary file while counting (over the limit: 413 at once, and
//!   a `Content-Length` above it is refused before a byte is read), judged by content against
//!   the claimed format (415), and stored in the database in chunks ([`blobs`] explains why).
//! - Text is extracted ([`extract`]) at once for small files, in the background for large ones;
//!   a failure reason is stored and shown to those who may edit the document.
//! - Search runs on a tantivy index in the data folder ([`index`]). Every write appends to the
//!   `library_changes` feed in the database; each instance follows that feed ([`follow_changes`]
//!   polls it four times a second, and an instance applies its own writes before answering), so
//!   two instances over one PostgreSQL find each other's uploads within a second. The hourly
//!   [`housekeeping`] prunes entries older than a day (never the newest) and records how far;
//!   an index that applied less than that rebuilds instead of missing changes. It also sweeps
//!   file chunks that no version references ([`blobs::sweep_orphans`]).
//! - Who may see and change what is decided here, in [`may_see`] and [`may_edit`]: public
//!   documents are for everyone, members-only documents for signed-in members, hidden
//!   (deleted) ones for admins only; the uploader, organisers and admins edit. Admins list
//!   hidden documents (`/library/hidden`), restore them or purge them.
//!
//! Other capabilities use the library through the public functions below: [`documents_by_ids`]
//! and collections ([`add_to_collection`], [`collection`]), a generic way to group documents,
//! for example the materials of an event (`event:42`).

mod api;
pub mod blobs;
pub mod db;
mod demo;
pub mod extract;
pub mod import;
pub mod index;
pub mod model;
mod pages;
mod tokenizer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tantivy::IndexWriter;
use tokio::io::AsyncWriteExt;

pub use demo::load_demo;
pub use index::{SearchParams, SearchResults, Sort};
pub use model::{Access, DocType, Format};

use self::index::{IndexDoc, SearchIndex};
use crate::state::AppState;
use crate::store::Db;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

pub(crate) use api::ApiDoc;

/// Files up to this size are extracted before the upload is answered; larger ones after.
pub const INLINE_EXTRACTION_BYTES: u64 = 512 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/library", get(pages::list))
        .route(
            "/library/upload",
            get(pages::upload_form)
                .post(pages::upload)
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/library/link", post(pages::add_link))
        .route("/library/{id}", get(pages::document))
        .route(
            "/library/{id}/edit",
            get(pages::edit_form).post(pages::edit),
        )
        .route(
            "/library/{id}/replace",
            post(pages::replace).layer(DefaultBodyLimit::disable()),
        )
        .route("/library/{id}/delete", post(pages::delete))
        .route("/library/{id}/purge", post(pages::purge))
        .route("/library/{id}/restore", post(pages::restore))
        .route("/library/hidden", get(pages::hidden))
        .route("/api/v1/library/hidden", get(api::hidden))
        .route("/api/v1/library/documents/{id}/restore", post(api::restore))
        .route(
            "/api/v1/library/documents",
            post(api::upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/api/v1/library/links", post(api::add_link))
        .route("/api/v1/library/search", get(api::search))
        .route(
            "/api/v1/library/documents/{id}",
            get(api::get_document)
                .patch(api::update_document)
                .delete(api::delete_document),
        )
        .route(
            "/api/v1/library/documents/{id}/file",
            get(api::download)
                .put(api::replace_file)
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/api/v1/library/documents/{id}/purge", post(api::purge))
}

/// The search index of this instance and how far it has followed the change feed.
pub struct Library {
    index: SearchIndex,
    /// Held while applying changes, so one sync or rebuild runs at a time.
    following: tokio::sync::Mutex<Following>,
    /// Where uploads wait while they are checked.
    tmp: PathBuf,
}

/// The writing side of the index: the last change applied and one long-lived writer. The
/// writer lives as long as the instance, so that the segments its commits make are merged in
/// the background (a writer dropped after each commit would cancel those merges and leave one
/// more small segment per change, slowing every search down over time).
struct Following {
    applied: i64,
    writer: Option<IndexWriter>,
}

/// Indexing threads and memory of the writer (memory is split between the threads).
const WRITER_THREADS: usize = 2;
const WRITER_MEMORY: usize = 100_000_000;

impl Following {
    /// The writer, opened on first use (or again after a failed commit dropped it).
    fn writer(&mut self, index: &SearchIndex) -> anyhow::Result<&IndexWriter> {
        if self.writer.is_none() {
            self.writer = Some(index.writer(WRITER_THREADS, WRITER_MEMORY)?);
        }
        Ok(self.writer.as_ref().expect("just opened"))
    }

    /// Drops what was staged but not committed (after a failure half-way).
    fn discard(&mut self) {
        if let Some(writer) = self.writer.as_mut() {
            let _ = writer.rollback();
        }
    }

    /// Commits what is staged (off the async threads), remembering `change` as applied.
    async fn commit(&mut self, index: &SearchIndex, change: i64) -> anyhow::Result<()> {
        let Some(mut writer) = self.writer.take() else {
            anyhow::bail!("no index writer to commit");
        };
        let index = index.clone();
        let (writer, result) = tokio::task::spawn_blocking(move || {
            let result = index.commit(&mut writer, change);
            if result.is_err() {
                // Staged work is dropped; the changes are read again from the feed.
                let _ = writer.rollback();
            }
            (writer, result)
        })
        .await?;
        self.writer = Some(writer);
        result?;
        self.applied = change;
        Ok(())
    }
}

impl Library {
    /// Opens the index in `data`, rebuilding it from the database when it is new.
    pub async fn open(data: &Path, db: &Db) -> anyhow::Result<Arc<Library>> {
        let tmp = data.join("tmp");
        std::fs::create_dir_all(&tmp)?;
        let (index, fresh) = SearchIndex::open(&data.join("library-index"))?;
        let applied = index.applied_change();
        let library = Arc::new(Library {
            index,
            following: tokio::sync::Mutex::new(Following {
                applied: applied.unwrap_or_default(),
                writer: None,
            }),
            tmp,
        });
        if fresh || applied.is_none() {
            library.rebuild(db, |_, _| {}).await?;
        } else {
            library.sync(db).await?;
        }
        Ok(library)
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Applies the changes of the feed this index has not seen; returns how many.
    pub async fn sync(&self, db: &Db) -> anyhow::Result<usize> {
        let mut following = self.following.lock().await;
        let mut count = 0;
        loop {
            let changes = db::changes_after(db, following.applied, 500).await?;
            let Some(&(last, _)) = changes.last() else {
                break;
            };
            // A gap after what was applied: ids skipped by a rolled-back write, or entries
            // pruned before this index saw them. In the second case only a rebuild is right.
            if changes[0].0 > following.applied + 1
                && db::pruned_up_to(db)
                    .await?
                    .is_some_and(|pruned| following.applied < pruned)
            {
                drop(following);
                tracing::warn!("library index: behind the pruned change feed, rebuilding");
                self.rebuild(db, |_, _| {}).await?;
                return Ok(count + changes.len());
            }
            let mut ids: Vec<i64> = changes.iter().map(|c| c.1).collect();
            ids.sort_unstable();
            ids.dedup();
            let docs = index_docs(db, &ids).await?;
            let removed: Vec<i64> = ids
                .iter()
                .copied()
                .filter(|id| !docs.iter().any(|d| d.id == *id))
                .collect();
            let staged = following
                .writer(&self.index)
                .and_then(|writer| self.index.stage(writer, &docs, &removed));
            if let Err(err) = staged {
                following.discard();
                return Err(err);
            }
            following.commit(&self.index, last).await?;
            count += changes.len();
        }
        Ok(count)
    }

    /// Rebuilds the index from the database; `progress(done, total)` is called as it goes.
    pub async fn rebuild(&self, db: &Db, progress: impl Fn(u64, u64)) -> anyhow::Result<u64> {
        let mut following = self.following.lock().await;
        // Read the feed's position first: changes made during the rebuild are applied after.
        let last = db::last_change(db).await?;
        let total = db::count_live(db).await? as u64;
        let staged = async {
            following.writer(&self.index)?.delete_all_documents()?;
            let mut done = 0u64;
            let mut after = 0;
            progress(0, total);
            loop {
                let ids = db::live_ids_after(db, after, 200).await?;
                let Some(&max) = ids.last() else { break };
                after = max;
                let docs = index_docs(db, &ids).await?;
                self.index.add_new(following.writer(&self.index)?, &docs)?;
                done += docs.len() as u64;
                progress(done, total);
            }
            anyhow::Ok(done)
        }
        .await;
        match staged {
            Ok(done) => {
                following.commit(&self.index, last).await?;
                Ok(done)
            }
            Err(err) => {
                // Never commit half a rebuild (it starts by deleting everything).
                following.discard();
                Err(err)
            }
        }
    }

    /// Searches (CPU work, off the async threads).
    pub async fn search(&self, params: SearchParams) -> anyhow::Result<SearchResults> {
        let index = self.index.clone();
        tokio::task::spawn_blocking(move || index.search(&params)).await?
    }
}

/// Keeps this instance's index current from the database's change feed; runs until aborted.
/// Also finishes extractions that an instance left unfinished when it stopped.
pub async fn follow_changes(state: AppState) {
    if let Ok(pending) = db::pending_extractions(&state.db).await {
        for (id, version_id) in pending {
            run_extraction(&state, id, version_id).await;
        }
    }
    loop {
        if let Err(err) = state.service::<Library>().sync(&state.db).await {
            tracing::warn!(error = ?err, "library index: cannot apply changes");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// How long the change feed keeps its entries: far longer than any instance polls late.
pub const FEED_KEEP_MS: i64 = 24 * 60 * 60 * 1000;
/// How old an unreferenced blob chunk must be before it is swept.
pub const ORPHAN_CHUNK_AGE_MS: i64 = 60 * 60 * 1000;

/// What one round of [`housekeep`] removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Housekept {
    /// Change feed entries older than [`FEED_KEEP_MS`] (never the newest).
    pub changes: u64,
    /// Blob chunks no version references, older than [`ORPHAN_CHUNK_AGE_MS`].
    pub chunks: u64,
}

/// Prunes the change feed and sweeps orphan blob chunks, as of `now` (ms). An instance whose
/// index is behind the pruned entries rebuilds it ([`Library::sync`]).
pub async fn housekeep(db: &Db, now: i64) -> anyhow::Result<Housekept> {
    Ok(Housekept {
        changes: db::prune_changes(db, now - FEED_KEEP_MS).await?,
        chunks: blobs::sweep_orphans(db, now - ORPHAN_CHUNK_AGE_MS, now).await?,
    })
}

/// Runs for the life of the server: [`housekeep`] once an hour.
pub async fn housekeeping(state: AppState) {
    let mut every_hour = tokio::time::interval(Duration::from_secs(60 * 60));
    loop {
        every_hour.tick().await;
        match housekeep(&state.db, crate::store::now_ms()).await {
            Ok(done) if done == Housekept::default() => {}
            Ok(done) => tracing::info!(
                changes = done.changes,
                chunks = done.chunks,
                "library: old change feed entries and orphan file chunks removed"
            ),
            Err(err) => tracing::warn!(error = ?err, "library housekeeping failed"),
        }
    }
}

/// The index entries of the live documents among `ids`.
async fn index_docs(db: &Db, ids: &[i64]) -> anyhow::Result<Vec<IndexDoc>> {
    let rows = db::documents(db, ids).await?;
    let mut bodies = db::bodies(db, ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let body = bodies
                .iter_mut()
                .find(|b| b.0 == row.id)
                .map(|b| std::mem::take(&mut b.1))
                .unwrap_or_default();
            let about = [
                row.description.as_str(),
                row.authors.as_str(),
                &model::split_list(&row.tags).join(" "),
            ]
            .join("\n");
            IndexDoc {
                id: row.id,
                kind: row.kind,
                title: row.title,
                about,
                body,
                doc_type: row.doc_type,
                languages: model::split_list(&row.languages),
                topics: model::split_list(&row.topics),
                year: row.year,
                visibility: row.visibility,
                format: row.format,
                created_at: row.created_at,
            }
        })
        .collect())
}

/// May `viewer` see this document at all?
pub fn may_see(viewer: Option<&CurrentMember>, row: &db::DocumentRow) -> bool {
    if row.deleted_at.is_some() {
        return viewer.is_some_and(|m| m.role.is_admin());
    }
    match Access::from_db(&row.visibility) {
        Access::Public => true,
        Access::Members => viewer.is_some(),
    }
}

/// May `member` change this document (metadata, file, hiding)?
pub fn may_edit(member: &CurrentMember, row: &db::DocumentRow) -> bool {
    row.uploader_id == Some(member.id) || member.role.is_organiser()
}

/// The document if `viewer` may see it; 404 otherwise (whether it exists stays unsaid).
pub async fn visible_document(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    id: i64,
) -> Result<db::DocumentRow, AppError> {
    let row = db::document(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if may_see(viewer, &row) {
        Ok(row)
    } else {
        Err(AppError::not_found())
    }
}

async fn editable_document(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
) -> Result<db::DocumentRow, AppError> {
    let row = visible_document(state, Some(member), id).await?;
    if row.deleted_at.is_some() {
        return Err(AppError::not_found());
    }
    if !may_edit(member, &row) {
        return Err(AppError::forbidden());
    }
    Ok(row)
}

/// Metadata as sent by a form or the API; `None` keeps what is stored (or the default).
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct MetadataInput {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Authors or publisher.
    pub authors: Option<String>,
    /// Year of publication; empty or null for none.
    #[schema(value_type = Option<i64>)]
    pub year: Option<serde_json::Value>,
    /// law, study, presentation, guide, report, concept, other
    pub doc_type: Option<String>,
    /// ISO 639-1 codes.
    pub languages: Option<Vec<String>>,
    /// Slugs of the sector taxonomy.
    pub topics: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
    /// public or members (the default).
    pub visibility: Option<String>,
}

/// Metadata, validated.
#[derive(Clone, Debug)]
pub struct Metadata {
    pub title: String,
    pub description: String,
    pub authors: String,
    pub year: Option<i64>,
    pub doc_type: DocType,
    pub languages: Vec<String>,
    pub topics: Vec<String>,
    pub tags: Vec<String>,
    pub visibility: Access,
}

impl Metadata {
    fn stored(&self) -> (String, String, String) {
        (
            model::join_list(&self.languages),
            model::join_list(&self.topics),
            model::join_list(&self.tags),
        )
    }
}

/// Validates `input` over `current` (or the defaults for a new document).
async fn parse_metadata(
    state: &AppState,
    input: MetadataInput,
    current: Option<&db::DocumentRow>,
    default_title: Option<&str>,
) -> Result<Metadata, AppError> {
    let keep = |value: Option<String>, stored: Option<&str>| {
        value.unwrap_or_else(|| stored.unwrap_or_default().to_string())
    };
    let title_input = match (input.title, current) {
        (Some(t), _) if !t.trim().is_empty() || default_title.is_none() => t,
        (None, Some(row)) => row.title.clone(),
        _ => default_title.unwrap_or_default().to_string(),
    };
    let title = model::parse_title(&title_input)?;
    let description = model::parse_text(
        &keep(input.description, current.map(|r| r.description.as_str())),
        20_000,
        "description",
    )?;
    let authors = model::parse_text(
        &keep(input.authors, current.map(|r| r.authors.as_str())),
        500,
        "authors",
    )?;
    let year = match input.year {
        None => current.and_then(|r| r.year),
        Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Number(n)) => model::parse_year(&n.to_string())?,
        Some(serde_json::Value::String(s)) => model::parse_year(&s)?,
        Some(_) => return Err(AppError::invalid("year", "library_year")),
    };
    let doc_type =
        model::DocType::parse(&keep(input.doc_type, current.map(|r| r.doc_type.as_str())))?;
    let list = |value: Option<Vec<String>>, stored: Option<&str>| {
        value.unwrap_or_else(|| model::split_list(stored.unwrap_or_default()))
    };
    let languages = model::parse_languages(&list(
        input.languages,
        current.map(|r| r.languages.as_str()),
    ))?;
    let topic_input = list(input.topics, current.map(|r| r.topics.as_str()));
    let mut topics: Vec<String> = Vec::new();
    if !topic_input.is_empty() {
        let taxonomy = crate::members::taxonomy(state).await?;
        for topic in topic_input.iter().flat_map(|t| t.split(',')) {
            let topic = topic.trim();
            if topic.is_empty() {
                continue;
            }
            if !taxonomy.iter().any(|e| e.slug == topic) {
                return Err(AppError::invalid("topics", "library_topic"));
            }
            if !topics.iter().any(|t| t == topic) {
                topics.push(topic.to_string());
            }
        }
    }
    let tags = model::parse_tags(&list(input.tags, current.map(|r| r.tags.as_str())))?;
    let visibility = model::Access::parse(&keep(
        input.visibility,
        current.map(|r| r.visibility.as_str()),
    ))?;
    Ok(Metadata {
        title,
        description,
        authors,
        year,
        doc_type,
        languages,
        topics,
        tags,
        visibility,
    })
}

/// An uploaded file waiting in the temporary folder; removed when dropped.
pub struct Received {
    path: PathBuf,
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
    let (languages, topics, tags) = meta.stored();
    let id = db::insert_document(
        &state.db,
        "file",
        &db::Metadata {
            title: &meta.title,
            description: &meta.description,
            authors: &meta.authors,
            year: meta.year,
            doc_type: meta.doc_type.as_str(),
            languages: &languages,
            topics: &topics,
            tags: &tags,
            visibility: meta.visibility.as_str(),
        },
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

/// Applies this instance's own write to its index before answering, so the writer finds what
/// it wrote at once. A failure (another process holding the index) only delays it: the change
/// feed brings it in at the next poll.
async fn refresh(state: &AppState) {
    if let Err(err) = state.service::<Library>().sync(&state.db).await {
        tracing::warn!(error = ?err, "library index: cannot apply changes yet");
    }
}

/// Extracts the text of a version and stores the outcome.
async fn run_extraction(state: &AppState, id: i64, version_id: i64) {
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

/// Adds a link to an outside resource.
pub async fn add_link(
    state: &AppState,
    member: &CurrentMember,
    url: &str,
    input: MetadataInput,
) -> Result<i64, AppError> {
    let url = model::parse_link(url)?;
    let meta = parse_metadata(state, input, None, None).await?;
    let (languages, topics, tags) = meta.stored();
    let id = db::insert_document(
        &state.db,
        "link",
        &db::Metadata {
            title: &meta.title,
            description: &meta.description,
            authors: &meta.authors,
            year: meta.year,
            doc_type: meta.doc_type.as_str(),
            languages: &languages,
            topics: &topics,
            tags: &tags,
            visibility: meta.visibility.as_str(),
        },
        Some(&url),
        member.id,
        None,
    )
    .await?;
    refresh(state).await;
    Ok(id)
}

/// Changes the metadata of a document the member may edit.
pub async fn update(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    input: MetadataInput,
) -> Result<(), AppError> {
    let row = editable_document(state, member, id).await?;
    let meta = parse_metadata(state, input, Some(&row), None).await?;
    let (languages, topics, tags) = meta.stored();
    db::update_metadata(
        &state.db,
        id,
        &db::Metadata {
            title: &meta.title,
            description: &meta.description,
            authors: &meta.authors,
            year: meta.year,
            doc_type: meta.doc_type.as_str(),
            languages: &languages,
            topics: &topics,
            tags: &tags,
            visibility: meta.visibility.as_str(),
        },
    )
    .await?;
    refresh(state).await;
    Ok(())
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

/// Hides a document: gone from lists and search; admins may still purge it.
pub async fn hide(state: &AppState, member: &CurrentMember, id: i64) -> Result<(), AppError> {
    editable_document(state, member, id).await?;
    db::hide(&state.db, id).await?;
    refresh(state).await;
    Ok(())
}

/// Deletes a document and all its files for good (admins only).
pub async fn purge(state: &AppState, member: &CurrentMember, id: i64) -> Result<(), AppError> {
    member.require_admin()?;
    db::document(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    db::purge(&state.db, id).await?;
    refresh(state).await;
    Ok(())
}

/// Most hidden documents listed at once.
pub const HIDDEN_LIMIT: i64 = 500;

/// The hidden (deleted) documents, for admins to restore or purge.
pub async fn hidden(
    state: &AppState,
    member: &CurrentMember,
) -> Result<Vec<db::DocumentRow>, AppError> {
    member.require_admin()?;
    Ok(db::hidden_documents(&state.db, HIDDEN_LIMIT).await?)
}

/// Un-hides a document (admins only): back in lists and, through the change feed, in the
/// search of every instance.
pub async fn restore(state: &AppState, member: &CurrentMember, id: i64) -> Result<(), AppError> {
    member.require_admin()?;
    if !db::restore(&state.db, id).await? {
        return Err(AppError::not_found());
    }
    refresh(state).await;
    Ok(())
}

/// Searches what `viewer` may see.
pub async fn search(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    mut params: SearchParams,
) -> Result<SearchResults, AppError> {
    params.members = viewer.is_some();
    Ok(state.service::<Library>().search(params).await?)
}

/// A document in a list: what other capabilities show of it.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct DocumentSummary {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub doc_type: String,
    pub year: Option<i64>,
    pub languages: Vec<String>,
    pub visibility: String,
    /// Format of the current file (pdf, docx, …); none for links.
    pub format: Option<String>,
    /// The outside address, for links.
    pub url: Option<String>,
    /// The page of the document on this site.
    pub link: String,
}

impl DocumentSummary {
    fn from_row(row: &db::DocumentRow) -> DocumentSummary {
        DocumentSummary {
            id: row.id,
            kind: row.kind.clone(),
            title: row.title.clone(),
            doc_type: row.doc_type.clone(),
            year: row.year,
            languages: model::split_list(&row.languages),
            visibility: row.visibility.clone(),
            format: row.format.clone(),
            url: row.url.clone(),
            link: format!("/library/{}", row.id),
        }
    }
}

/// The documents among `ids` that `viewer` may see, in the order of `ids`.
pub async fn documents_by_ids(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    ids: &[i64],
) -> Result<Vec<DocumentSummary>, AppError> {
    let rows = db::documents(&state.db, ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| rows.iter().find(|r| r.id == *id))
        .filter(|row| may_see(viewer, row))
        .map(DocumentSummary::from_row)
        .collect())
}

/// The documents among `ids` that every signed-in member may see (live, public or members
/// only), in no particular order. For places that show one answer to many members at once,
/// such as a chat message fanned out to a channel: hidden documents, which only admins may
/// see, are left out.
pub async fn documents_for_every_member(
    db: &Db,
    ids: &[i64],
) -> sqlx::Result<Vec<DocumentSummary>> {
    let rows = db::documents(db, ids).await?;
    Ok(rows
        .iter()
        .filter(|row| {
            row.deleted_at.is_none()
                && match Access::from_db(&row.visibility) {
                    Access::Public | Access::Members => true,
                }
        })
        .map(DocumentSummary::from_row)
        .collect())
}

/// Puts a document into a collection (at `position`; again: moves it).
pub async fn add_to_collection(
    state: &AppState,
    collection: &str,
    document_id: i64,
    position: i64,
) -> Result<(), AppError> {
    model::check_collection(collection)?;
    db::document(&state.db, document_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    db::add_to_collection(&state.db, collection, document_id, position).await?;
    Ok(())
}

pub async fn remove_from_collection(
    state: &AppState,
    collection: &str,
    document_id: i64,
) -> Result<(), AppError> {
    model::check_collection(collection)?;
    db::remove_from_collection(&state.db, collection, document_id).await?;
    Ok(())
}

/// The documents of a collection that `viewer` may see, in order.
pub async fn collection(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    collection: &str,
) -> Result<Vec<DocumentSummary>, AppError> {
    model::check_collection(collection)?;
    let ids = db::collection_ids(&state.db, collection).await?;
    documents_by_ids(state, viewer, &ids).await
}
