//! HTML pages of the library: list and search with facets, upload, document, editing.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::api::{self, DocumentView, SearchAnswer, SearchQuery};
use super::model::DocType;
use super::{MetadataInput, db};
use crate::state::AppState;
use crate::web::csrf::{CsrfForm, CsrfToken};
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::text::{LANGUAGES, language_name};
use crate::web::{FormError, render};

/// A choice in a select list or a checkbox group.
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// A facet value as a filter link.
pub struct FacetLink {
    label: String,
    count: u64,
    link: String,
    active: bool,
}

pub struct FacetGroup {
    id: &'static str,
    title: String,
    values: Vec<FacetLink>,
}

fn type_label(i18n: I18n, value: &str) -> String {
    i18n.t(&format!("library-type-{value}"))
}

/// Topic names in the reader's language, by slug.
async fn topic_names(state: &AppState, i18n: I18n) -> Result<Vec<(String, String)>, AppError> {
    let taxonomy = crate::members::taxonomy(state).await?;
    Ok(taxonomy
        .iter()
        .map(|e| {
            let name = match i18n.locale.code() {
                "de" => &e.name_de,
                "ru" => &e.name_ru,
                "kk" => &e.name_kk,
                _ => &e.name_en,
            };
            (e.slug.clone(), name.clone())
        })
        .collect())
}

fn name_of(names: &[(String, String)], slug: &str) -> String {
    names
        .iter()
        .find(|n| n.0 == slug)
        .map_or_else(|| slug.to_string(), |n| n.1.clone())
}

fn link_with(query: &SearchQuery, key: &str, value: Option<&str>, page: Option<usize>) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    let fields = [
        ("q", &query.q),
        ("type", &query.doc_type),
        ("language", &query.language),
        ("topic", &query.topic),
        ("year", &query.year),
        ("sort", &query.sort),
    ];
    for (name, current) in fields {
        let value = if name == key {
            value
        } else {
            current.as_deref()
        };
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            out.append_pair(name, v);
        }
    }
    if let Some(page) = page.filter(|p| *p > 1) {
        out.append_pair("page", &page.to_string());
    }
    format!("/library?{}", out.finish())
}

pub struct ResultItem {
    id: i64,
    title: String,
    snippet_html: String,
    page: Option<i64>,
    kind_label: String,
    year: Option<i64>,
    languages: String,
    members_only: bool,
}

#[derive(Template)]
#[template(path = "library/list.html")]
struct ListTemplate {
    page: Page,
    q: String,
    sort_date: bool,
    groups: Vec<FacetGroup>,
    items: Vec<ResultItem>,
    total: usize,
    prev_link: Option<String>,
    next_link: Option<String>,
    clear_link: Option<String>,
    error: Option<FormError>,
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let i18n = page.i18n;
    let (answer, error, status) = match query.parse() {
        Ok(params) => {
            let number = params.page;
            let results = super::search(&state, page.viewer.as_ref(), params).await?;
            (api::answer(results, number), None, StatusCode::OK)
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, i18n)?;
            let empty = api::answer(Default::default(), 1);
            (empty, Some(error), status)
        }
    };
    let names = topic_names(&state, i18n).await?;
    let SearchAnswer {
        items,
        total,
        page: number,
        facets,
    } = answer;
    let group = |id: &'static str,
                 key: &str,
                 title: String,
                 values: Vec<api::FacetValue>,
                 label: &dyn Fn(&str) -> String| {
        let current = match key {
            "type" => query.doc_type.as_deref(),
            "language" => query.language.as_deref(),
            "topic" => query.topic.as_deref(),
            _ => query.year.as_deref(),
        };
        FacetGroup {
            id,
            title,
            values: values
                .into_iter()
                .map(|v| {
                    let active = current == Some(v.value.as_str());
                    FacetLink {
                        label: label(&v.value),
                        count: v.count,
                        link: link_with(&query, key, (!active).then_some(v.value.as_str()), None),
                        active,
                    }
                })
                .collect(),
        }
    };
    let groups = vec![
        group(
            "facet-type",
            "type",
            i18n.t("library-field-type"),
            facets.doc_type,
            &|v| type_label(i18n, v),
        ),
        group(
            "facet-language",
            "language",
            i18n.t("library-field-languages"),
            facets.language,
            &|v| language_name(i18n, v),
        ),
        group(
            "facet-topic",
            "topic",
            i18n.t("library-field-topics"),
            facets.topic,
            &|v| name_of(&names, v),
        ),
        group(
            "facet-year",
            "year",
            i18n.t("library-field-year"),
            facets.year,
            &|v| v.to_string(),
        ),
    ];
    let pages = total.div_ceil(api::PAGE_SIZE).max(1);
    let filtered = [&query.doc_type, &query.language, &query.topic, &query.year]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.is_empty()));
    let template = ListTemplate {
        q: query.q.clone().unwrap_or_default(),
        sort_date: query.sort.as_deref() == Some("date"),
        groups,
        items: items
            .into_iter()
            .map(|item| ResultItem {
                id: item.id,
                title: item.title,
                snippet_html: item.snippet_html,
                page: item.page,
                kind_label: type_label(i18n, &item.doc_type),
                year: item.year,
                languages: item
                    .languages
                    .iter()
                    .map(|l| language_name(i18n, l))
                    .collect::<Vec<_>>()
                    .join(", "),
                members_only: item.visibility == "members",
            })
            .collect(),
        total,
        prev_link: (number > 1).then(|| link_with(&query, "", None, Some(number - 1))),
        next_link: (number < pages).then(|| link_with(&query, "", None, Some(number + 1))),
        clear_link: filtered.then(|| {
            let cleared = SearchQuery {
                q: query.q.clone(),
                sort: query.sort.clone(),
                ..SearchQuery::default()
            };
            link_with(&cleared, "", None, None)
        }),
        error,
        page,
    };
    render(status, &template)
}

/// The fields of the metadata form, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct MetadataForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    authors: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    doc_type: String,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    visibility: String,
}

impl MetadataForm {
    fn input(&self) -> MetadataInput {
        MetadataInput {
            title: Some(self.title.clone()),
            description: Some(self.description.clone()),
            authors: Some(self.authors.clone()),
            year: Some(serde_json::Value::String(self.year.clone())),
            doc_type: Some(self.doc_type.clone()),
            languages: Some(self.languages.clone()),
            topics: Some(self.topics.clone()),
            tags: Some(vec![self.tags.clone()]),
            visibility: Some(self.visibility.clone()),
        }
    }

    fn from_upload(form: &super::UploadForm) -> MetadataForm {
        MetadataForm {
            title: form.value("title").unwrap_or_default(),
            description: form.value("description").unwrap_or_default(),
            authors: form.value("authors").unwrap_or_default(),
            year: form.value("year").unwrap_or_default(),
            doc_type: form.value("doc_type").unwrap_or_default(),
            languages: form.values("languages").unwrap_or_default(),
            topics: form.values("topics").unwrap_or_default(),
            tags: form.value("tags").unwrap_or_default(),
            visibility: form.value("visibility").unwrap_or_default(),
        }
    }

    fn from_view(view: &DocumentView) -> MetadataForm {
        MetadataForm {
            title: view.title.clone(),
            description: view.description.clone(),
            authors: view.authors.clone(),
            year: view.year.map(|y| y.to_string()).unwrap_or_default(),
            doc_type: view.doc_type.clone(),
            languages: view.languages.clone(),
            topics: view.topics.clone(),
            tags: view.tags.join(", "),
            visibility: view.visibility.clone(),
        }
    }
}

/// The select lists and checkboxes of the metadata form.
pub struct FormChoices {
    types: Vec<Choice>,
    languages: Vec<Choice>,
    topics: Vec<Choice>,
    public: bool,
}

async fn form_choices(
    state: &AppState,
    i18n: I18n,
    form: &MetadataForm,
) -> Result<FormChoices, AppError> {
    let names = topic_names(state, i18n).await?;
    Ok(FormChoices {
        types: DocType::ALL
            .iter()
            .map(|t| Choice {
                value: t.as_str().to_string(),
                label: type_label(i18n, t.as_str()),
                selected: form.doc_type == t.as_str(),
            })
            .collect(),
        languages: LANGUAGES
            .iter()
            .map(|l| Choice {
                value: l.to_string(),
                label: language_name(i18n, l),
                selected: form.languages.iter().any(|s| s == l),
            })
            .collect(),
        topics: names
            .into_iter()
            .map(|(slug, name)| Choice {
                selected: form.topics.contains(&slug),
                value: slug,
                label: name,
            })
            .collect(),
        public: form.visibility == "public",
    })
}

#[derive(Template)]
#[template(path = "library/upload.html")]
struct UploadTemplate {
    page: Page,
    form: MetadataForm,
    choices: FormChoices,
    limit: String,
    url: String,
    error: Option<FormError>,
}

async fn upload_page(
    state: &AppState,
    page: Page,
    form: MetadataForm,
    url: String,
    error: Option<FormError>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let i18n = page.i18n;
    let template = UploadTemplate {
        choices: form_choices(state, i18n, &form).await?,
        limit: i18n.decimal(state.config.library_max_upload_bytes as f64 / (1024.0 * 1024.0)),
        form,
        url,
        error,
        page,
    };
    render(status, &template)
}

pub async fn upload_form(
    State(state): State<AppState>,
    page: Page,
    _member: CurrentMember,
) -> Result<Response, AppError> {
    upload_page(
        &state,
        page,
        MetadataForm::default(),
        String::new(),
        None,
        StatusCode::OK,
    )
    .await
}

/// The plain-form upload (without JavaScript): one or several files with shared metadata.
pub async fn upload(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    token: CsrfToken,
    headers: axum::http::HeaderMap,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let result = async {
        super::check_length(&state, &headers).map_err(|e| (e, None))?;
        let form = super::receive(&state, multipart, Some(&token))
            .await
            .map_err(|e| (e, None))?;
        if form.files.is_empty() {
            return Err((
                AppError::invalid("file", "library_file_required"),
                Some(form),
            ));
        }
        let mut ids = Vec::new();
        for file in &form.files {
            // With several files, each gets its own title from its name.
            let mut input = form.metadata();
            if form.files.len() > 1 {
                input.title = None;
            }
            match super::upload(&state, &member, input, file).await {
                Ok(id) => ids.push(id),
                Err(err) => return Err((err, Some(form))),
            }
        }
        Ok(ids)
    }
    .await;
    match result {
        Ok(ids) if ids.len() == 1 => Ok(Redirect::to(&format!(
            "/library/{}?notice=library-uploaded",
            ids[0]
        ))
        .into_response()),
        Ok(_) => Ok(Redirect::to("/library?sort=date&notice=library-uploaded").into_response()),
        Err((err, form)) if err.code() != "csrf_failed" => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let form = form
                .as_ref()
                .map(MetadataForm::from_upload)
                .unwrap_or_default();
            upload_page(&state, page, form, String::new(), Some(error), status).await
        }
        Err((err, _)) => Err(err),
    }
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    url: String,
    #[serde(flatten)]
    metadata: MetadataForm,
}

pub async fn add_link(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    CsrfForm(form): CsrfForm<LinkForm>,
) -> Result<Response, AppError> {
    match super::add_link(&state, &member, &form.url, form.metadata.input()).await {
        Ok(id) => {
            Ok(Redirect::to(&format!("/library/{id}?notice=library-link-added")).into_response())
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            upload_page(&state, page, form.metadata, form.url, Some(error), status).await
        }
    }
}

pub struct Related {
    id: i64,
    title: String,
    kind_label: String,
}

#[derive(Template)]
#[template(path = "library/document.html")]
struct DocumentTemplate {
    page: Page,
    doc: DocumentView,
    kind_label: String,
    languages: String,
    topics: Vec<String>,
    preview_pdf: bool,
    preview_text: Option<String>,
    text_cut: bool,
    related: Vec<Related>,
    limit: String,
}

/// Most characters of extracted text shown on the page.
const PREVIEW_CHARS: usize = 60_000;

pub async fn document(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let i18n = page.i18n;
    let row = super::visible_document(&state, page.viewer.as_ref(), id).await?;
    let doc = api::view(&state, page.viewer.as_ref(), &row, i18n).await?;
    let names = topic_names(&state, i18n).await?;
    let preview_pdf = doc.file.as_ref().is_some_and(|f| f.format == "pdf");
    let (preview_text, text_cut) = if doc.kind == "file" && !preview_pdf && doc.extraction == "done"
    {
        let body = db::body(&state.db, id).await?;
        let cut = body.chars().count() > PREVIEW_CHARS;
        let text: String = body
            .chars()
            .take(PREVIEW_CHARS)
            .map(|c| if c == '\u{c}' { '\n' } else { c })
            .collect();
        (Some(text), cut)
    } else {
        (None, false)
    };
    let related = state
        .service::<crate::library::Library>()
        .index()
        .related(id, &doc.topics, page.viewer.is_some(), 5)
        .unwrap_or_default()
        .into_iter()
        .map(|(id, meta)| Related {
            id,
            kind_label: type_label(i18n, &meta.doc_type),
            title: meta.title,
        })
        .collect();
    let template = DocumentTemplate {
        kind_label: type_label(i18n, &doc.doc_type),
        languages: doc
            .languages
            .iter()
            .map(|l| language_name(i18n, l))
            .collect::<Vec<_>>()
            .join(", "),
        topics: doc.topics.iter().map(|t| name_of(&names, t)).collect(),
        preview_pdf,
        preview_text,
        text_cut,
        related,
        limit: i18n.decimal(state.config.library_max_upload_bytes as f64 / (1024.0 * 1024.0)),
        doc,
        page,
    };
    let mut response = render(StatusCode::OK, &template)?;
    if preview_pdf {
        // The site's policy, plus frames of this site for the PDF preview.
        let policy = format!(
            "{}; frame-src 'self'",
            crate::web::security::CONTENT_SECURITY_POLICY
        );
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&policy).map_err(|e| AppError::Internal(e.into()))?,
        );
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "library/edit.html")]
struct EditTemplate {
    page: Page,
    id: i64,
    form: MetadataForm,
    choices: FormChoices,
    error: Option<FormError>,
}

async fn edit_page(
    state: &AppState,
    page: Page,
    id: i64,
    form: MetadataForm,
    error: Option<FormError>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let choices = form_choices(state, page.i18n, &form).await?;
    render(
        status,
        &EditTemplate {
            page,
            id,
            form,
            choices,
            error,
        },
    )
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let row = super::access::editable_document(&state, &member, id).await?;
    let view = api::view(&state, Some(&member), &row, page.i18n).await?;
    edit_page(
        &state,
        page,
        id,
        MetadataForm::from_view(&view),
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn edit(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<MetadataForm>,
) -> Result<Response, AppError> {
    match super::update(&state, &member, id, form.input()).await {
        Ok(()) => Ok(Redirect::to(&format!("/library/{id}?notice=library-saved")).into_response()),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            edit_page(&state, page, id, form, Some(error), status).await
        }
    }
}

pub async fn replace(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    token: CsrfToken,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let result = async {
        super::check_length(&state, &headers)?;
        let form = super::receive(&state, multipart, Some(&token)).await?;
        match form.files.as_slice() {
            [one] => super::replace_file(&state, &member, id, one).await,
            [] => Err(AppError::invalid("file", "library_file_required")),
            _ => Err(AppError::invalid("file", "library_one_file")),
        }
    }
    .await;
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/library/{id}?notice=library-replaced")).into_response())
        }
        Err(err)
            if err.code() == "csrf_failed"
                || err.status() == StatusCode::NOT_FOUND
                || err.status() == StatusCode::FORBIDDEN =>
        {
            Err(err)
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let row = super::access::editable_document(&state, &member, id).await?;
            let view = api::view(&state, Some(&member), &row, page.i18n).await?;
            let form = MetadataForm::from_view(&view);
            let choices = form_choices(&state, page.i18n, &form).await?;
            render(
                status,
                &EditTemplate {
                    page,
                    id,
                    form,
                    choices,
                    error: Some(error),
                },
            )
        }
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn delete(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    super::hide(&state, &member, id).await?;
    Ok(Redirect::to("/library?notice=library-deleted").into_response())
}

/// The purge and restore buttons; `from=hidden` when pressed on the list of hidden documents.
#[derive(Deserialize)]
pub struct AdminForm {
    #[serde(default)]
    from: String,
}

pub async fn purge(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AdminForm>,
) -> Result<Response, AppError> {
    super::purge(&state, &member, id).await?;
    if form.from == "hidden" {
        return Ok(Redirect::to("/library/hidden?notice=library-purged").into_response());
    }
    Ok(Redirect::to("/library?notice=library-purged").into_response())
}

pub async fn restore(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AdminForm>,
) -> Result<Response, AppError> {
    super::restore(&state, &member, id).await?;
    if form.from == "hidden" {
        return Ok(Redirect::to("/library/hidden?notice=library-restored").into_response());
    }
    Ok(Redirect::to(&format!("/library/{id}?notice=library-restored")).into_response())
}

pub struct HiddenItem {
    id: i64,
    title: String,
    kind_label: String,
    uploader: Option<api::Person>,
    hidden_at: String,
}

#[derive(Template)]
#[template(path = "library/hidden.html")]
struct HiddenTemplate {
    page: Page,
    items: Vec<HiddenItem>,
}

/// The hidden (deleted) documents, for admins: restore or purge each.
pub async fn hidden(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
) -> Result<Response, AppError> {
    let rows = super::hidden(&state, &member).await?;
    let i18n = page.i18n;
    let items = rows
        .iter()
        .map(|row| {
            let view = api::hidden_document(row);
            HiddenItem {
                id: row.id,
                kind_label: type_label(i18n, &row.doc_type),
                title: view.document.title,
                uploader: view.uploader,
                hidden_at: i18n.stored_datetime(view.hidden_at, &member.timezone),
            }
        })
        .collect();
    render(StatusCode::OK, &HiddenTemplate { page, items })
}

impl UploadTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}

impl EditTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}

impl ListTemplate {
    fn signed_in(&self) -> bool {
        self.page.viewer.is_some()
    }

    fn total_count(&self) -> i64 {
        self.total as i64
    }
}

impl DocumentTemplate {
    /// A file size in the reader's number format: KB below a megabyte, MB above.
    fn size(&self, bytes: &i64) -> String {
        let i18n = self.page.i18n;
        let bytes = *bytes as f64;
        if bytes < 1024.0 * 1024.0 {
            i18n.t_args(
                "library-size-kb",
                &[("size", &i18n.decimal((bytes / 1024.0).max(0.1)))],
            )
        } else {
            i18n.t_args(
                "library-size-mb",
                &[("size", &i18n.decimal(bytes / (1024.0 * 1024.0)))],
            )
        }
    }
}
