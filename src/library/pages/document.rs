//! A document's page: its metadata, a preview (the PDF in a frame, or the extracted text) and
//! related documents by topic.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use crate::library::api::{self, DocumentView};
use crate::library::{self, db};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::layout::Page;
use crate::web::render;
use crate::web::text::language_name;

use super::*;

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
    /// What other capabilities show about the document (discussion topics that link it).
    sections: Vec<crate::web::related::Section>,
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
    let row = library::visible_document(&state, page.viewer.as_ref(), id).await?;
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
    let sections = crate::web::related::sections(
        &state,
        crate::web::related::Subject::Document(id),
        page.viewer.as_ref(),
        i18n.locale,
    )
    .await?;
    let template = DocumentTemplate {
        sections,
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
