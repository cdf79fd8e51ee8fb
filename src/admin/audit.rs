//! The audit log for admins: what organisers, moderators and admins did (role and status
//! changes, hidden messages and posts, silenced members, dismissed reports, retention, looks at
//! an anonymous question's author…), filtered by who, what and since when, as a page, as JSON
//! and as CSV. Capabilities record into it with `store::audit::record`.

use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::state::AppState;
use crate::store::audit::{self, Entry, Filter};
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::{render, tables};

/// The most entries one answer holds.
const LIMIT_MAX: i64 = 100_000;

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
pub struct AuditQuery {
    /// The member who acted (their id).
    actor: Option<String>,
    /// An action's name, such as `member_role` or `chat_hide_message`.
    action: Option<String>,
    /// From this moment: a date (`2026-12-01`, UTC), an RFC 3339 time, or milliseconds since
    /// the epoch.
    since: Option<String>,
    /// How many, newest first (default 500, at most 100,000).
    limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditList {
    entries: Vec<Entry>,
}

fn parse_since(value: &str) -> Result<i64, AppError> {
    let value = value.trim();
    if let Ok(ms) = value.parse::<i64>() {
        return Ok(ms);
    }
    if let Ok(instant) = value.parse::<jiff::Timestamp>() {
        return Ok(instant.as_millisecond());
    }
    value
        .parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp().as_millisecond())
        .ok_or_else(|| AppError::invalid("since", "audit_since_invalid"))
}

fn filter(query: &AuditQuery, default_limit: i64) -> Result<Filter, AppError> {
    let blank = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    Ok(Filter {
        actor_id: match blank(&query.actor) {
            Some(a) => Some(
                a.parse()
                    .map_err(|_| AppError::invalid("actor", "number_invalid"))?,
            ),
            None => None,
        },
        action: blank(&query.action),
        since: blank(&query.since).map(|s| parse_since(&s)).transpose()?,
        limit: query.limit.unwrap_or(default_limit).clamp(1, LIMIT_MAX),
    })
}

async fn entries(
    state: &AppState,
    member: &CurrentMember,
    filter: &Filter,
) -> Result<Vec<Entry>, AppError> {
    member.require_admin()?;
    Ok(audit::list(&state.db, filter).await?)
}

/// The audit log, newest first (admins).
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin", security(("bearer" = [])), params(AuditQuery),
    responses((status = 200, body = AuditList), (status = 403, description = "forbidden"),
              (status = 422, description = "audit_since_invalid, number_invalid")))]
pub async fn list(
    State(state): State<AppState>,
    member: CurrentMember,
    Query(query): Query<AuditQuery>,
) -> Result<Json<AuditList>, AppError> {
    let filter = filter(&query, 500)?;
    Ok(Json(AuditList {
        entries: entries(&state, &member, &filter).await?,
    }))
}

/// The audit log as CSV (UTF-8 with a byte-order mark), with the same filters (admins).
#[utoipa::path(get, path = "/api/v1/admin/audit.csv", tag = "admin", security(("bearer" = [])), params(AuditQuery),
    responses((status = 200, description = "the entries", content_type = "text/csv", body = String),
              (status = 403, description = "forbidden")))]
pub async fn csv(
    State(state): State<AppState>,
    member: CurrentMember,
    i18n: I18n,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let filter = filter(&query, LIMIT_MAX)?;
    let mut rows = vec![vec![
        i18n.t("admin-audit-time"),
        i18n.t("admin-audit-actor"),
        i18n.t("admin-audit-actor-id"),
        i18n.t("admin-audit-action"),
        i18n.t("admin-audit-subject"),
        i18n.t("admin-audit-reason"),
    ]];
    for e in entries(&state, &member, &filter).await? {
        rows.push(vec![
            crate::web::text::utc(e.created_at),
            e.actor_name,
            e.actor_id.map_or_else(String::new, |a| a.to_string()),
            e.action,
            e.subject,
            e.reason,
        ]);
    }
    tables::csv_file("audit-log", &rows)
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    page: Page,
    entries: Vec<(String, Entry)>,
    actions: Vec<String>,
    actor: String,
    action: String,
    since: String,
    query: String,
}

/// `GET /admin/audit`: the latest 200 entries that match the filters.
pub async fn page(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    member.require_admin()?;
    let filter = filter(&query, 200)?;
    let time = |ms: i64| page.i18n.stored_datetime(ms, &member.timezone);
    let entries = entries(&state, &member, &filter)
        .await?
        .into_iter()
        .map(|e| (time(e.created_at), e))
        .collect();
    let field = |v: &Option<String>| v.clone().unwrap_or_default();
    let template = AuditPage {
        entries,
        actions: audit::actions(&state.db).await?,
        actor: field(&query.actor),
        action: field(&query.action),
        since: field(&query.since),
        query: serde_urlencoded::to_string([
            ("actor", field(&query.actor)),
            ("action", field(&query.action)),
            ("since", field(&query.since)),
        ])
        .unwrap_or_default(),
        page,
    };
    render(StatusCode::OK, &template)
}
