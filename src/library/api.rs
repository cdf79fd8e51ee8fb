//! JSON API of the library: upload, links, search, documents, files.

use axum::Json;
use axum::body::Body;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::index::{SearchParams, SearchResults, Sort};
use super::model::{self, Format};
use super::{MetadataInput, db};
use crate::state::AppState;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::{CurrentMember, OptionalMember};

#[derive(OpenApi)]
#[openapi(paths(
    upload,
    add_link,
    search,
    get_document,
    update_document,
    delete_document,
    download,
    replace_file,
    purge,
    hidden,
    restore
))]
pub struct ApiDoc;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Person {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FileView {
    pub name: String,
    pub format: String,
    pub size: i64,
    /// Where to download it.
    pub download: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct VersionView {
    pub id: i64,
    pub name: String,
    pub format: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: Option<Person>,
    pub created_at: i64,
    pub download: String,
    pub current: bool,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct DocumentView {
    pub id: i64,
    /// file or link
    pub kind: String,
    pub title: String,
    pub description: String,
    pub authors: String,
    pub year: Option<i64>,
    pub doc_type: String,
    pub languages: Vec<String>,
    pub topics: Vec<String>,
    pub tags: Vec<String>,
    /// public or members
    pub visibility: String,
    /// The outside address, for links.
    pub url: Option<String>,
    pub uploader: Option<Person>,
    /// The current file, for files.
    pub file: Option<FileView>,
    /// none (links), pending, done or failed
    pub extraction: String,
    /// Why extraction failed (a code and its message), for those who may edit.
    pub extraction_error: Option<String>,
    pub extraction_message: Option<String>,
    pub pages: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Hidden (deleted) documents are shown to admins only, to purge them.
    pub hidden: bool,
    pub may_edit: bool,
    /// Every file version, newest first.
    pub versions: Vec<VersionView>,
}

/// The API view of a document for `viewer`.
pub async fn view(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    row: &db::DocumentRow,
    i18n: I18n,
) -> Result<DocumentView, AppError> {
    let may_edit = viewer.is_some_and(|m| super::may_edit(m, row)) && row.deleted_at.is_none();
    let versions = db::versions(&state.db, row.id).await?;
    let download = |version: Option<i64>| match version {
        Some(v) => format!("/api/v1/library/documents/{}/file?version={v}", row.id),
        None => format!("/api/v1/library/documents/{}/file", row.id),
    };
    let file = match (&row.file_name, &row.format, row.size) {
        (Some(name), Some(format), Some(size)) => Some(FileView {
            name: name.clone(),
            format: format.clone(),
            size,
            download: download(None),
        }),
        _ => None,
    };
    let (extraction_error, extraction_message) = match (&row.extraction_error, may_edit) {
        (Some(code), true) => (
            Some(code.clone()),
            Some(i18n.t(&format!("library-extraction-{code}"))),
        ),
        _ => (None, None),
    };
    Ok(DocumentView {
        id: row.id,
        kind: row.kind.clone(),
        title: row.title.clone(),
        description: row.description.clone(),
        authors: row.authors.clone(),
        year: row.year,
        doc_type: row.doc_type.clone(),
        languages: model::split_list(&row.languages),
        topics: model::split_list(&row.topics),
        tags: model::split_list(&row.tags),
        visibility: row.visibility.clone(),
        url: row.url.clone(),
        uploader: row
            .uploader_id
            .zip(row.uploader_name.clone())
            .map(|(id, name)| Person { id, name }),
        file,
        extraction: row.extraction.clone(),
        extraction_error,
        extraction_message,
        pages: row.pages,
        created_at: row.created_at,
        updated_at: row.updated_at,
        hidden: row.deleted_at.is_some(),
        may_edit,
        versions: versions
            .into_iter()
            .map(|v| VersionView {
                current: Some(v.id) == row.version_id,
                download: download(Some(v.id)),
                id: v.id,
                name: v.file_name,
                format: v.format,
                size: v.size,
                sha256: v.sha256,
                uploaded_by: v
                    .uploaded_by
                    .zip(v.uploader_name)
                    .map(|(id, name)| Person { id, name }),
                created_at: v.created_at,
            })
            .collect(),
    })
}

async fn view_of(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    id: i64,
    i18n: I18n,
) -> Result<Json<DocumentView>, AppError> {
    let row = super::visible_document(state, viewer, id).await?;
    Ok(Json(view(state, viewer, &row, i18n).await?))
}

/// The one uploaded file of an API request.
fn single(files: &[super::Received]) -> Result<&super::Received, AppError> {
    match files {
        [one] => Ok(one),
        [] => Err(AppError::invalid("file", "library_file_required")),
        _ => Err(AppError::invalid("file", "library_one_file")),
    }
}

/// Uploads a document: multipart with one `file` (PDF, DOCX, ODT, PPTX, XLSX, TXT, Markdown
/// or HTML, judged by content) and the metadata fields of `MetadataInput` (lists as repeated
/// fields or comma-separated).
#[utoipa::path(post, path = "/api/v1/library/documents", tag = "library", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "`file` plus metadata fields"),
    responses((status = 201, body = DocumentView), (status = 413, description = "file above the limit"),
        (status = 415, description = "content does not match the claimed type, or an unsupported type")))]
pub async fn upload(
    State(state): State<AppState>,
    i18n: I18n,
    member: CurrentMember,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<(StatusCode, Json<DocumentView>), AppError> {
    super::check_length(&state, &headers)?;
    let form = super::receive(&state, multipart, None).await?;
    let id = super::upload(&state, &member, form.metadata(), single(&form.files)?).await?;
    Ok((
        StatusCode::CREATED,
        view_of(&state, Some(&member), id, i18n).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct LinkInput {
    /// http or https address of the outside resource.
    pub url: String,
    #[serde(flatten)]
    pub metadata: MetadataInput,
}

/// Adds a link to an outside resource, with metadata.
#[utoipa::path(post, path = "/api/v1/library/links", tag = "library", security(("bearer" = [])),
    request_body = LinkInput, responses((status = 201, body = DocumentView)))]
pub async fn add_link(
    State(state): State<AppState>,
    i18n: I18n,
    member: CurrentMember,
    ApiJson(input): ApiJson<LinkInput>,
) -> Result<(StatusCode, Json<DocumentView>), AppError> {
    let id = super::add_link(&state, &member, &input.url, input.metadata).await?;
    Ok((
        StatusCode::CREATED,
        view_of(&state, Some(&member), id, i18n).await?,
    ))
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct SearchQuery {
    /// Words to find; empty lists everything, newest first.
    pub q: Option<String>,
    /// Document type.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub language: Option<String>,
    pub topic: Option<String>,
    pub year: Option<String>,
    /// relevance (default) or date
    pub sort: Option<String>,
    /// From 1.
    pub page: Option<String>,
}

pub const PAGE_SIZE: usize = 20;

impl SearchQuery {
    pub fn parse(&self) -> Result<SearchParams, AppError> {
        let non_empty = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let year = match non_empty(&self.year) {
            Some(y) => Some(
                y.parse()
                    .map_err(|_| AppError::invalid("year", "library_year"))?,
            ),
            None => None,
        };
        let sort = match non_empty(&self.sort).as_deref() {
            None | Some("relevance") => Sort::Relevance,
            Some("date") => Sort::Date,
            Some(_) => return Err(AppError::invalid("sort", "library_sort")),
        };
        let page = match non_empty(&self.page) {
            Some(p) => p
                .parse::<usize>()
                .ok()
                .filter(|p| (1..=500).contains(p))
                .ok_or_else(|| AppError::invalid("page", "library_page"))?,
            None => 1,
        };
        let q = self.q.clone().unwrap_or_default();
        if q.chars().count() > 500 {
            return Err(AppError::invalid("q", "library_query_too_long"));
        }
        Ok(SearchParams {
            q,
            doc_type: non_empty(&self.doc_type),
            language: non_empty(&self.language),
            topic: non_empty(&self.topic),
            year,
            sort,
            page,
            per_page: PAGE_SIZE,
            members: false,
        })
    }
}

#[derive(Serialize, ToSchema)]
pub struct SearchItem {
    pub id: i64,
    pub title: String,
    /// The best passage, as text.
    pub snippet: String,
    /// The same passage as HTML: escaped, the words found in `<b>`.
    pub snippet_html: String,
    /// The page of the passage (PDF pages, PPTX slides).
    pub page: Option<i64>,
    pub kind: String,
    pub doc_type: String,
    pub year: Option<i64>,
    pub languages: Vec<String>,
    pub topics: Vec<String>,
    pub format: Option<String>,
    pub visibility: String,
    pub created_at: i64,
    pub link: String,
}

#[derive(Serialize, ToSchema)]
pub struct FacetValue {
    pub value: String,
    pub count: u64,
}

#[derive(Serialize, ToSchema)]
pub struct Facets {
    #[serde(rename = "type")]
    pub doc_type: Vec<FacetValue>,
    pub language: Vec<FacetValue>,
    pub topic: Vec<FacetValue>,
    pub year: Vec<FacetValue>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchAnswer {
    pub items: Vec<SearchItem>,
    pub total: usize,
    pub page: usize,
    pub facets: Facets,
}

pub fn answer(results: SearchResults, page: usize) -> SearchAnswer {
    let values = |list: Vec<(String, u64)>| {
        list.into_iter()
            .map(|(value, count)| FacetValue { value, count })
            .collect()
    };
    SearchAnswer {
        total: results.total,
        page,
        items: results
            .items
            .into_iter()
            .map(|hit| SearchItem {
                link: format!("/library/{}", hit.id),
                id: hit.id,
                title: hit.meta.title,
                snippet: hit.snippet,
                snippet_html: hit.snippet_html,
                page: hit.page,
                kind: hit.meta.kind,
                doc_type: hit.meta.doc_type,
                year: hit.meta.year,
                languages: hit.meta.languages,
                topics: hit.meta.topics,
                format: hit.meta.format,
                visibility: hit.meta.visibility,
                created_at: hit.meta.created_at,
            })
            .collect(),
        facets: Facets {
            doc_type: values(results.facets.types),
            language: values(results.facets.languages),
            topic: values(results.facets.topics),
            year: values(results.facets.years),
        },
    }
}

/// Searches the documents the caller may see: BM25 ranking, snippets with the page, facets.
#[utoipa::path(get, operation_id = "search_library", path = "/api/v1/library/search", tag = "library", params(SearchQuery),
    responses((status = 200, body = SearchAnswer)))]
pub async fn search(
    State(state): State<AppState>,
    OptionalMember(viewer): OptionalMember,
    Query(query): Query<SearchQuery>,
) -> Result<Json<SearchAnswer>, AppError> {
    let params = query.parse()?;
    let page = params.page;
    let results = super::search(&state, viewer.as_ref(), params).await?;
    Ok(Json(answer(results, page)))
}

/// One document with its versions.
#[utoipa::path(get, path = "/api/v1/library/documents/{id}", tag = "library",
    responses((status = 200, body = DocumentView), (status = 404, description = "unknown, or not visible to the caller")))]
pub async fn get_document(
    State(state): State<AppState>,
    i18n: I18n,
    OptionalMember(viewer): OptionalMember,
    Path(id): Path<i64>,
) -> Result<Json<DocumentView>, AppError> {
    view_of(&state, viewer.as_ref(), id, i18n).await
}

/// Changes metadata (uploader, organisers, admins); fields left out stay.
#[utoipa::path(patch, path = "/api/v1/library/documents/{id}", tag = "library", security(("bearer" = [])),
    request_body = MetadataInput, responses((status = 200, body = DocumentView)))]
pub async fn update_document(
    State(state): State<AppState>,
    i18n: I18n,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MetadataInput>,
) -> Result<Json<DocumentView>, AppError> {
    super::update(&state, &member, id, input).await?;
    view_of(&state, Some(&member), id, i18n).await
}

/// Hides a document (uploader, organisers, admins); admins can still purge it.
#[utoipa::path(delete, path = "/api/v1/library/documents/{id}", tag = "library", security(("bearer" = [])),
    responses((status = 204)))]
pub async fn delete_document(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    super::hide(&state, &member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes a document and all its files for good (admins).
#[utoipa::path(post, path = "/api/v1/library/documents/{id}/purge", tag = "library", security(("bearer" = [])),
    responses((status = 204)))]
pub async fn purge(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    super::purge(&state, &member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Replaces the file (multipart with one `file`); earlier versions are kept.
#[utoipa::path(put, path = "/api/v1/library/documents/{id}/file", tag = "library", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "`file`"),
    responses((status = 200, body = DocumentView)))]
pub async fn replace_file(
    State(state): State<AppState>,
    i18n: I18n,
    member: CurrentMember,
    Path(id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Json<DocumentView>, AppError> {
    super::check_length(&state, &headers)?;
    let form = super::receive(&state, multipart, None).await?;
    super::replace_file(&state, &member, id, single(&form.files)?).await?;
    view_of(&state, Some(&member), id, i18n).await
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct FileQuery {
    /// A version id; default the current one.
    pub version: Option<i64>,
    /// `1` shows a PDF in the browser instead of downloading it.
    pub inline: Option<String>,
}

/// The file: an attachment, with `nosniff` and a sandboxing policy, so an uploaded HTML file
/// never runs in the site's origin. PDFs may be asked for inline, for the preview.
#[utoipa::path(get, path = "/api/v1/library/documents/{id}/file", tag = "library", params(FileQuery),
    responses((status = 200, description = "the file")))]
pub async fn download(
    State(state): State<AppState>,
    OptionalMember(viewer): OptionalMember,
    Path(id): Path<i64>,
    Query(query): Query<FileQuery>,
) -> Result<Response, AppError> {
    let row = super::visible_document(&state, viewer.as_ref(), id).await?;
    let version_id = query
        .version
        .or(row.version_id)
        .ok_or_else(AppError::not_found)?;
    let version = db::versions(&state.db, id)
        .await?
        .into_iter()
        .find(|v| v.id == version_id)
        .ok_or_else(AppError::not_found)?;
    let format = Format::from_db(&version.format).ok_or_else(AppError::not_found)?;
    file_response(
        &state,
        &version,
        format,
        query.inline.as_deref() == Some("1"),
    )
}

fn file_response(
    state: &AppState,
    version: &db::VersionRow,
    format: Format,
    inline: bool,
) -> Result<Response, AppError> {
    let inline = inline && format == Format::Pdf;
    let disposition = model::content_disposition(
        if inline { "inline" } else { "attachment" },
        &version.file_name,
    );
    let body = Body::from_stream(super::blobs::stream(
        state.db.clone(),
        version.blob_id.clone(),
    ));
    let mut response = body.into_response();
    let headers = response.headers_mut();
    let value = |v: &str| HeaderValue::from_str(v).map_err(|e| AppError::Internal(e.into()));
    headers.insert(header::CONTENT_TYPE, value(format.media_type())?);
    headers.insert(header::CONTENT_LENGTH, value(&version.size.to_string())?);
    headers.insert(header::CONTENT_DISPOSITION, value(&disposition)?);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    if inline {
        // A checked PDF, shown by the browser's own viewer inside the document page.
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("script-src 'none'; frame-ancestors 'self'; base-uri 'none'"),
        );
        headers.insert(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("SAMEORIGIN"),
        );
    } else {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; sandbox"),
        );
    }
    Ok(response)
}

/// A hidden (deleted) document, as admins see it in the list of hidden documents.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct HiddenDocument {
    #[serde(flatten)]
    pub document: super::DocumentSummary,
    pub uploader: Option<Person>,
    /// When it was hidden (milliseconds since the epoch, UTC).
    pub hidden_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct HiddenList {
    /// Most recently hidden first (at most 500).
    pub items: Vec<HiddenDocument>,
}

pub fn hidden_document(row: &db::DocumentRow) -> HiddenDocument {
    HiddenDocument {
        document: super::DocumentSummary::from_row(row),
        uploader: row
            .uploader_id
            .zip(row.uploader_name.clone())
            .map(|(id, name)| Person { id, name }),
        hidden_at: row.deleted_at.unwrap_or_default(),
    }
}

/// Hidden (deleted) documents, to restore or purge (admins).
#[utoipa::path(get, path = "/api/v1/library/hidden", tag = "library", security(("bearer" = [])),
    responses((status = 200, body = HiddenList), (status = 403, description = "not an admin")))]
pub async fn hidden(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<Json<HiddenList>, AppError> {
    let rows = super::hidden(&state, &member).await?;
    Ok(Json(HiddenList {
        items: rows.iter().map(hidden_document).collect(),
    }))
}

/// Restores a hidden document (admins): listed and searchable again.
#[utoipa::path(post, path = "/api/v1/library/documents/{id}/restore", tag = "library", security(("bearer" = [])),
    responses((status = 204), (status = 403, description = "not an admin"),
        (status = 404, description = "unknown, or not hidden")))]
pub async fn restore(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    super::restore(&state, &member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
