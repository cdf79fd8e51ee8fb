//! JSON API of a member's agenda and calendar feed, and the iCalendar files (event, session,
//! personal feed).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::tz::TimeZone;
use serde::Serialize;
use utoipa::ToSchema;

use super::{Times, rfc3339, utc};
use crate::events::model::{SeatStatus, SessionKind};
use crate::events::{Schedule, SessionFull, calendar, db};
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::{CurrentMember, OptionalMember};

#[derive(Serialize, ToSchema)]
pub struct AgendaEntry {
    session_id: i64,
    event_id: i64,
    event_title: String,
    title: String,
    kind: SessionKind,
    status: SeatStatus,
    starts_at: String,
    ends_at: String,
    event_time: Times,
    local_time: Times,
    join_url: Option<String>,
    /// Sessions in the agenda whose times overlap this one.
    overlaps_with: Vec<i64>,
}

/// The signed-in member's agenda: sessions with a seat or a place on the waiting list, from
/// yesterday on, with overlaps marked.
#[utoipa::path(get, path = "/api/v1/me/agenda", tag = "events", security(("bearer" = [])), responses((status = 200, body = Vec<AgendaEntry>)))]
pub async fn agenda(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<Json<Vec<AgendaEntry>>, AppError> {
    let items = crate::events::agenda(&state, &member).await?;
    let own = crate::events::viewer_zone(None, None, Some(&member), "UTC");
    Ok(Json(
        items
            .into_iter()
            .map(|item| {
                let r = &item.row;
                let event_zone = crate::web::i18n::zone(&r.event_timezone);
                AgendaEntry {
                    session_id: r.session_id,
                    event_id: r.event_id,
                    event_title: item.event_title.clone(),
                    title: r.title.clone(),
                    kind: SessionKind::from_db(&r.kind),
                    status: SeatStatus::from_db(&r.status),
                    starts_at: utc(r.starts_at),
                    ends_at: utc(r.ends_at),
                    event_time: Times {
                        start: rfc3339(r.starts_at, &event_zone),
                        end: rfc3339(r.ends_at, &event_zone),
                        timezone: r.event_timezone.clone(),
                    },
                    local_time: Times {
                        start: rfc3339(r.starts_at, &own.1),
                        end: rfc3339(r.ends_at, &own.1),
                        timezone: own.0.clone(),
                    },
                    join_url: (!r.join_url.is_empty()).then(|| r.join_url.clone()),
                    overlaps_with: item.overlaps_with,
                }
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct CalendarFeed {
    /// A secret address for calendar programs; anyone with it sees the agenda.
    url: String,
}

fn feed_url(state: &AppState, token: &str) -> String {
    format!("{}/calendar/{token}", state.base_url())
}

/// The address of the member's personal calendar feed (made on first use).
#[utoipa::path(get, path = "/api/v1/me/calendar-feed", tag = "events", security(("bearer" = [])), responses((status = 200, body = CalendarFeed)))]
pub async fn calendar_feed(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<Json<CalendarFeed>, AppError> {
    let token = crate::events::feed_token(&state, &member, false).await?;
    Ok(Json(CalendarFeed {
        url: feed_url(&state, &token),
    }))
}

/// Replaces the feed's address; the old one stops working.
#[utoipa::path(post, path = "/api/v1/me/calendar-feed", tag = "events", security(("bearer" = [])), responses((status = 200, body = CalendarFeed)))]
pub async fn renew_calendar_feed(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<Json<CalendarFeed>, AppError> {
    let token = crate::events::feed_token(&state, &member, true).await?;
    Ok(Json(CalendarFeed {
        url: feed_url(&state, &token),
    }))
}

/// Turns the feed off.
#[utoipa::path(delete, path = "/api/v1/me/calendar-feed", tag = "events", security(("bearer" = [])), responses((status = 204)))]
pub async fn revoke_calendar_feed(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<StatusCode, AppError> {
    crate::events::revoke_feed(&state, &member).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn ics_response(body: String, filename: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "private, max-age=300".to_string()),
        ],
        body,
    )
        .into_response()
}

fn entry<'a>(
    state: &AppState,
    s: &'a Schedule,
    session: &'a SessionFull,
    links: bool,
    tentative: bool,
) -> calendar::Entry<'a> {
    let row = &session.row;
    calendar::Entry {
        uid: format!("session-{}@{}", row.id, host(state)),
        title: &row.title,
        description: &row.description,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        updated_at: row.updated_at.max(s.event.updated_at),
        zone_name: &s.event.timezone,
        zone: &s.zone,
        join_url: if links { &row.join_url } else { "" },
        page_url: format!("{}/sessions/{}", state.base_url(), row.id),
        tentative,
        cancelled: false,
        sequence: None,
    }
}

fn host(state: &AppState) -> String {
    url::Url::parse(state.base_url())
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "circula".to_string())
}

/// All sessions of an event, as an iCalendar file (room links for signed-in members).
pub async fn event_calendar(
    State(state): State<AppState>,
    OptionalMember(viewer): OptionalMember,
    i18n: I18n,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let s = crate::events::visible(&state, viewer.as_ref(), id).await?;
    let links = viewer.is_some();
    let entries: Vec<_> = s
        .sessions
        .iter()
        .map(|x| entry(&state, &s, x, links, false))
        .collect();
    let body = calendar::write(s.title(i18n.locale), &entries);
    Ok(ics_response(body, &format!("event-{id}.ics")))
}

/// One session, for "add to calendar".
pub async fn session_calendar(
    State(state): State<AppState>,
    OptionalMember(viewer): OptionalMember,
    i18n: I18n,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let s = crate::events::session_event(&state, viewer.as_ref(), id).await?;
    let session = s.session(id).ok_or_else(AppError::not_found)?;
    let entries = [entry(&state, &s, session, viewer.is_some(), false)];
    let body = calendar::write(s.title(i18n.locale), &entries);
    Ok(ics_response(body, &format!("session-{id}.ics")))
}

/// A member's personal feed: every session they hold a seat in or wait for, with room links.
pub async fn feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let token = token.trim_end_matches(".ics");
    if token.len() > 100 {
        return Err(AppError::not_found());
    }
    let member_id = db::feed_owner(&state.db, token)
        .await?
        .ok_or_else(AppError::not_found)?;
    let since = now_ms() - 90 * 24 * 3_600_000;
    let rows = db::agenda(&state.db, member_id, since).await?;
    let locale: String = sqlx::query_scalar("SELECT locale FROM members WHERE id = $1")
        .bind(member_id)
        .fetch_one(&state.db.pool)
        .await?;
    let i18n =
        I18n::new(crate::web::i18n::Locale::parse(&locale).unwrap_or(crate::web::i18n::Locale::En));
    let zones: Vec<TimeZone> = rows
        .iter()
        .map(|r| crate::web::i18n::zone(&r.event_timezone))
        .collect();
    let appointments = crate::events::appointments(&state, member_id, since, i18n.locale).await?;
    let appointment_zones: Vec<TimeZone> = appointments
        .iter()
        .map(|a| crate::web::i18n::zone(&a.zone))
        .collect();
    let appointment_joins: Vec<String> = appointments
        .iter()
        .map(|a| match &a.join {
            Some(path) if !a.cancelled => format!("{}{path}", state.base_url()),
            _ => String::new(),
        })
        .collect();
    let mut entries: Vec<calendar::Entry<'_>> = rows
        .iter()
        .zip(&zones)
        .map(|(r, zone)| calendar::Entry {
            uid: format!("session-{}@{}", r.session_id, host(&state)),
            title: &r.title,
            description: &r.description,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            updated_at: r.updated_at,
            zone_name: &r.event_timezone,
            zone,
            join_url: &r.join_url,
            page_url: format!("{}/sessions/{}", state.base_url(), r.session_id),
            tentative: r.status == "waiting",
            cancelled: false,
            sequence: None,
        })
        .collect();
    entries.extend(
        appointments
            .iter()
            .zip(appointment_zones.iter().zip(&appointment_joins))
            .map(|(a, (zone, join))| calendar::Entry {
                uid: format!("{}@{}", a.uid, host(&state)),
                title: &a.title,
                description: &a.description,
                starts_at: a.starts_at,
                ends_at: a.ends_at,
                updated_at: a.updated_at,
                zone_name: &a.zone,
                zone,
                join_url: join,
                page_url: format!("{}{}", state.base_url(), a.page),
                tentative: false,
                cancelled: a.cancelled,
                sequence: Some(a.sequence),
            }),
    );
    Ok(ics_response(
        calendar::write(&i18n.t("agenda-title"), &entries),
        "agenda.ics",
    ))
}
