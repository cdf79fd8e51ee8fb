//! HTML pages of notifications: the list and the email settings.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::Kind;
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::{local_path, render};

pub struct Item {
    id: i64,
    text: String,
    when: String,
    unread: bool,
}

#[derive(Template)]
#[template(path = "notifications/list.html")]
struct ListPage {
    page: Page,
    items: Vec<Item>,
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
) -> Result<Response, AppError> {
    let items = super::latest(&state.db, member.id, 100)
        .await?
        .into_iter()
        .filter_map(|n| {
            let kind = Kind::parse(&n.kind)?;
            Some(Item {
                id: n.id,
                text: kind.text(page.i18n, n.actor_name.as_deref().unwrap_or(""), &n.detail),
                when: page.i18n.stored_datetime(n.created_at, &member.timezone),
                unread: n.read_at.is_none(),
            })
        })
        .collect();
    render(StatusCode::OK, &ListPage { page, items })
}

#[derive(serde::Deserialize)]
pub struct Empty {}

pub async fn mark_all_read(
    State(state): State<AppState>,
    member: CurrentMember,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    super::mark_read(&state.db, member.id, None).await?;
    Ok(Redirect::to("/notifications").into_response())
}

/// Marks one notification read and follows its link.
pub async fn open(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let link: Option<String> =
        sqlx::query_scalar("SELECT link FROM notifications WHERE id = $1 AND member_id = $2")
            .bind(id)
            .bind(member.id)
            .fetch_optional(&state.db.pool)
            .await?;
    let link = link.ok_or_else(AppError::not_found)?;
    super::mark_read(&state.db, member.id, Some(&[id])).await?;
    Ok(Redirect::to(&local_path(Some(&link))).into_response())
}

pub struct Setting {
    kind: &'static str,
    label: String,
    email: bool,
}

#[derive(Template)]
#[template(path = "notifications/settings.html")]
struct SettingsPage {
    page: Page,
    settings: Vec<Setting>,
    /// (value, label, chosen) for the kinds that can wait.
    digest: Vec<(&'static str, String, bool)>,
    mail_enabled: bool,
}

pub async fn settings(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
) -> Result<Response, AppError> {
    let off = super::email_off(&state.db, member.id).await?;
    let settings = Kind::ALL
        .into_iter()
        .filter(|k| *k != Kind::RegistrationPending || member.role.is_admin())
        .map(|kind| Setting {
            kind: kind.as_str(),
            label: kind.setting_label(page.i18n),
            email: !off.contains(&kind),
        })
        .collect();
    let frequency = super::digest::frequency(&state.db, member.id).await?;
    let digest = super::Frequency::ALL
        .into_iter()
        .map(|f| {
            (
                f.as_str(),
                page.i18n.t(&format!("notifications-digest-{}", f.as_str())),
                f == frequency,
            )
        })
        .collect();
    render(
        StatusCode::OK,
        &SettingsPage {
            digest,
            page,
            settings,
            mail_enabled: state.mailer.is_enabled(),
        },
    )
}

pub async fn save_settings(
    State(state): State<AppState>,
    member: CurrentMember,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let wanted: Vec<&str> = form
        .iter()
        .filter(|(k, _)| k == "email")
        .map(|(_, v)| v.as_str())
        .collect();
    let off: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| !wanted.contains(&k.as_str()))
        .collect();
    super::set_email_off(&state.db, member.id, &off).await?;
    let chosen = form
        .iter()
        .find(|(k, _)| k == "digest")
        .map(|(_, v)| v.as_str())
        .unwrap_or("each");
    let frequency = super::Frequency::parse(chosen)
        .ok_or_else(|| AppError::invalid("digest", "digest_unknown"))?;
    super::digest::set_frequency(&state.db, member.id, frequency).await?;
    Ok(Redirect::to("/settings/notifications?notice=saved").into_response())
}
