//! Hiding a document; for admins, the list of hidden documents, restoring and purging.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::library;
use crate::library::api;
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::render;

use super::*;

#[derive(Deserialize)]
pub struct Empty {}

pub async fn delete(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    library::hide(&state, &member, id).await?;
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
    library::purge(&state, &member, id).await?;
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
    library::restore(&state, &member, id).await?;
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
    let rows = library::hidden(&state, &member).await?;
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
