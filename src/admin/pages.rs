//! HTML pages of administration.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::accounts::{self, RegistrationMode};
use crate::members::{self, ExpertiseInput};
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::identity::{CurrentMember, Role, Status};
use crate::web::layout::Page;
use crate::web::{FormError, render};

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct Dashboard {
    page: Page,
    counts: Vec<(String, i64)>,
    approval: bool,
    hold_first_posts: bool,
    mail_enabled: bool,
}

pub async fn dashboard(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
) -> Result<Response, AppError> {
    member.require_admin()?;
    let counts = accounts::count_by_status(&state.db)
        .await?
        .into_iter()
        .map(|(status, n)| (page.t(&format!("status-{status}")), n))
        .collect();
    let approval = accounts::registration_mode(&state).await? == RegistrationMode::Approval;
    render(
        StatusCode::OK,
        &Dashboard {
            page,
            counts,
            approval,
            hold_first_posts: crate::discussions::holds_first_posts(&state).await?,
            mail_enabled: state.mailer.is_enabled(),
        },
    )
}

#[derive(Deserialize)]
pub struct SettingsInput {
    registration_mode: String,
}

pub async fn save_settings(
    State(state): State<AppState>,
    member: CurrentMember,
    CsrfForm(input): CsrfForm<SettingsInput>,
) -> Result<Response, AppError> {
    member.require_admin()?;
    let mode = RegistrationMode::parse(&input.registration_mode)
        .ok_or_else(|| AppError::invalid("registration_mode", "registration_mode_invalid"))?;
    accounts::set_registration_mode(&state, &member, mode).await?;
    Ok(Redirect::to("/admin?notice=saved").into_response())
}

#[derive(Deserialize)]
pub struct DiscussionSettingsInput {
    /// A checkbox: present when ticked.
    hold_first_posts: Option<String>,
}

pub async fn save_discussions(
    State(state): State<AppState>,
    member: CurrentMember,
    CsrfForm(input): CsrfForm<DiscussionSettingsInput>,
) -> Result<Response, AppError> {
    member.require_admin()?;
    crate::discussions::set_holds_first_posts(&state, input.hold_first_posts.is_some()).await?;
    Ok(Redirect::to("/admin?notice=saved").into_response())
}

pub struct AccountItem {
    id: i64,
    name: String,
    email: String,
    role: String,
    status: String,
    status_label: String,
}

#[derive(Template)]
#[template(path = "admin/members.html")]
struct MembersPage {
    page: Page,
    items: Vec<AccountItem>,
    status: String,
    q: String,
    roles: Vec<(&'static str, String)>,
    me: i64,
}

#[derive(Deserialize)]
pub struct MembersQuery {
    status: Option<String>,
    q: Option<String>,
}

pub async fn members(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Query(query): Query<MembersQuery>,
) -> Result<Response, AppError> {
    member.require_admin()?;
    let status = query
        .status
        .as_deref()
        .filter(|s| ["pending", "active", "blocked"].contains(s));
    let q = query.q.clone().unwrap_or_default();
    let words: Vec<String> = q.split_whitespace().take(8).map(str::to_string).collect();
    let items = accounts::list_accounts(&state.db, status, &words, 500)
        .await?
        .into_iter()
        .map(|a| AccountItem {
            status_label: page.t(&format!("status-{}", a.status)),
            id: a.id,
            name: a.name,
            email: a.email,
            role: a.role,
            status: a.status,
        })
        .collect();
    let roles = Role::ALL
        .iter()
        .map(|r| (r.as_str(), page.t(&format!("role-{}", r.as_str()))))
        .collect();
    render(
        StatusCode::OK,
        &MembersPage {
            items,
            status: status.unwrap_or_default().to_string(),
            q,
            roles,
            me: member.id,
            page,
        },
    )
}

#[derive(Deserialize)]
pub struct RoleInput {
    role: String,
}

pub async fn set_role(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<RoleInput>,
) -> Result<Response, AppError> {
    member.require_admin()?;
    let role = Role::parse(&input.role)?;
    accounts::set_role(&state, &member, id, role).await?;
    Ok(Redirect::to("/admin/members?notice=saved").into_response())
}

#[derive(Deserialize)]
pub struct StatusInput {
    status: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<StatusInput>,
) -> Result<Response, AppError> {
    member.require_admin()?;
    let status = match input.status.as_str() {
        "active" => Status::Active,
        "blocked" => Status::Blocked,
        _ => return Err(AppError::invalid("status", "status_invalid")),
    };
    accounts::set_status(&state, &member, id, status).await?;
    Ok(Redirect::to("/admin/members?notice=saved").into_response())
}

pub struct AreaItem {
    id: i64,
    slug: String,
    names: [String; 4],
    position: i64,
}

#[derive(Template)]
#[template(path = "admin/expertise.html")]
struct ExpertisePage {
    page: Page,
    items: Vec<AreaItem>,
    error: Option<FormError>,
}

async fn expertise_page(
    state: &AppState,
    page: Page,
    error: Option<FormError>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let items = members::taxonomy(state)
        .await?
        .iter()
        .map(|x| AreaItem {
            id: x.id,
            slug: x.slug.clone(),
            names: [&x.name_en, &x.name_de, &x.name_ru, &x.name_kk].map(Clone::clone),
            position: x.position,
        })
        .collect();
    render(status, &ExpertisePage { page, items, error })
}

pub async fn expertise(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
) -> Result<Response, AppError> {
    member.require_admin()?;
    expertise_page(&state, page, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct AreaInput {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    name_de: String,
    #[serde(default)]
    name_ru: String,
    #[serde(default)]
    name_kk: String,
    position: Option<String>,
}

pub async fn save_expertise(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    CsrfForm(input): CsrfForm<AreaInput>,
) -> Result<Response, AppError> {
    member.require_admin()?;
    let position = input
        .position
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok());
    let area = ExpertiseInput {
        slug: input.slug,
        name_en: input.name_en,
        name_de: input.name_de,
        name_ru: input.name_ru,
        name_kk: input.name_kk,
        position,
    };
    match members::save_expertise(&state, &member, area).await {
        Ok(_) => Ok(Redirect::to("/admin/expertise?notice=saved").into_response()),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            expertise_page(&state, page, Some(error), status).await
        }
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn delete_expertise(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    member.require_admin()?;
    members::delete_expertise(&state, &member, id).await?;
    Ok(Redirect::to("/admin/expertise?notice=saved").into_response())
}
