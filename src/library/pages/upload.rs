//! The upload form (one or several files with shared metadata, without JavaScript) and the
//! form for adding a link.

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::library;
use crate::state::AppState;
use crate::web::csrf::{CsrfForm, CsrfToken};
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::{FormError, render};

use super::*;

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
        library::check_length(&state, &headers).map_err(|e| (e, None))?;
        let form = library::receive(&state, multipart, Some(&token))
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
            match library::upload(&state, &member, input, file).await {
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
    match library::add_link(&state, &member, &form.url, form.metadata.input()).await {
        Ok(id) => {
            Ok(Redirect::to(&format!("/library/{id}?notice=library-link-added")).into_response())
        }
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            upload_page(&state, page, form.metadata, form.url, Some(error), status).await
        }
    }
}

impl UploadTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}
