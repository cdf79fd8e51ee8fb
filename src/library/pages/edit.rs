//! Editing a document's metadata, and replacing its file with a new version.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::library;
use crate::library::api;
use crate::state::AppState;
use crate::web::csrf::{CsrfForm, CsrfToken};
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::{FormError, render};

use super::*;

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
    let row = library::access::editable_document(&state, &member, id).await?;
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
    match library::update(&state, &member, id, form.input()).await {
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
        library::check_length(&state, &headers)?;
        let form = library::receive(&state, multipart, Some(&token)).await?;
        match form.files.as_slice() {
            [one] => library::replace_file(&state, &member, id, one).await,
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
            let row = library::access::editable_document(&state, &member, id).await?;
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

impl EditTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}
