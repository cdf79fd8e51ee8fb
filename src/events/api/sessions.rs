//! JSON API of sessions: adding, changing and deleting one, and the schedule day by day.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{EventSummary, Times, rfc3339, summary, utc};
use crate::events::model::{self, SeatStatus, SessionKind};
use crate::events::{Schedule, SessionFull, SessionInput, db};
use crate::state::AppState;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::{CurrentMember, OptionalMember};

#[derive(Serialize, ToSchema)]
pub struct SpeakerView {
    member_id: Option<i64>,
    name: String,
    bio: String,
}

#[derive(Serialize, ToSchema)]
pub struct MaterialView {
    title: String,
    url: String,
}

#[derive(Serialize, ToSchema)]
pub struct SessionView {
    id: i64,
    event_id: i64,
    title: String,
    description: String,
    description_html: String,
    kind: SessionKind,
    track: Option<String>,
    room: Option<String>,
    /// UTC.
    starts_at: String,
    ends_at: String,
    /// In the event's zone.
    event_time: Times,
    /// In the requested zone (`tz`), else the reader's.
    local_time: Times,
    languages: Vec<String>,
    interpretation: Vec<String>,
    /// The virtual room; only for signed-in members.
    join_url: Option<String>,
    recording_url: Option<String>,
    capacity: Option<i64>,
    registered: i64,
    waiting: i64,
    speakers: Vec<SpeakerView>,
    materials: Vec<MaterialView>,
    /// The reader's own registration, if any.
    my_status: Option<SeatStatus>,
}

fn split(list: &str) -> Vec<String> {
    list.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

fn session_view(
    s: &Schedule,
    session: &SessionFull,
    viewer: Option<&CurrentMember>,
    zone: &(String, TimeZone),
    my_status: Option<SeatStatus>,
) -> SessionView {
    let row = &session.row;
    let times = |name: &str, tz: &TimeZone| Times {
        start: rfc3339(row.starts_at, tz),
        end: rfc3339(row.ends_at, tz),
        timezone: name.to_string(),
    };
    let link = |url: &str| (!url.is_empty()).then(|| url.to_string());
    SessionView {
        id: row.id,
        event_id: row.event_id,
        title: row.title.clone(),
        description: row.description.clone(),
        description_html: row.description_html.clone(),
        kind: SessionKind::from_db(&row.kind),
        track: s.track_name(row.track_id).map(str::to_string),
        room: s.room_name(row.room_id).map(str::to_string),
        starts_at: utc(row.starts_at),
        ends_at: utc(row.ends_at),
        event_time: times(&s.event.timezone, &s.zone),
        local_time: times(&zone.0, &zone.1),
        languages: split(&row.languages),
        interpretation: split(&row.interpretation),
        join_url: viewer.and_then(|_| link(&row.join_url)),
        recording_url: link(&row.recording_url),
        capacity: row.capacity,
        registered: row.registered,
        waiting: row.waiting,
        speakers: session
            .speakers
            .iter()
            .map(|sp| SpeakerView {
                member_id: sp.member_id,
                name: sp.name.clone(),
                bio: sp.bio.clone(),
            })
            .collect(),
        materials: session
            .materials
            .iter()
            .map(|m| MaterialView {
                title: m.title.clone(),
                url: m.url.clone(),
            })
            .collect(),
        my_status,
    }
}

/// Adds a session (the event's organisers).
#[utoipa::path(post, path = "/api/v1/events/{id}/sessions", tag = "events", security(("bearer" = [])), request_body = SessionInput,
    responses((status = 201, body = SessionView), (status = 422, description = "invalid field, named in `field`")))]
pub async fn add_session(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SessionInput>,
) -> Result<(StatusCode, Json<SessionView>), AppError> {
    let session_id = crate::events::add_session(&state, &member, id, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(one_session(&state, &member, session_id).await?),
    ))
}

async fn one_session(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
) -> Result<SessionView, AppError> {
    let s = crate::events::session_event(state, Some(member), session_id).await?;
    let session = s.session(session_id).ok_or_else(AppError::not_found)?;
    let zone = crate::events::viewer_zone(None, None, Some(member), &s.event.timezone);
    let mine = db::my_seats(&state.db, s.event.id, member.id).await?;
    let status = mine
        .iter()
        .find(|(id, _)| *id == session_id)
        .map(|(_, st)| SeatStatus::from_db(st));
    Ok(session_view(&s, session, Some(member), &zone, status))
}

/// Changes a session (the event's organisers); `capacity` below the seats taken is refused.
#[utoipa::path(patch, path = "/api/v1/sessions/{id}", tag = "events", security(("bearer" = [])), request_body = SessionInput,
    responses((status = 200, body = SessionView), (status = 422, description = "invalid field, named in `field`")))]
pub async fn update_session(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SessionInput>,
) -> Result<Json<SessionView>, AppError> {
    crate::events::update_session(&state, &member, id, input).await?;
    Ok(Json(one_session(&state, &member, id).await?))
}

/// Deletes a session (the event's organisers); those registered are notified.
#[utoipa::path(delete, path = "/api/v1/sessions/{id}", tag = "events", security(("bearer" = [])), responses((status = 204)))]
pub async fn delete_session(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    crate::events::delete_session(&state, &member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
pub struct ScheduleParams {
    /// IANA zone for `local_time` (default: the reader's profile zone, else the event's).
    tz: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Day {
    /// The date in the event's zone.
    date: String,
    sessions: Vec<SessionView>,
}

#[derive(Serialize, ToSchema)]
pub struct ScheduleView {
    event: EventSummary,
    /// The zone of `local_time`.
    timezone: String,
    days: Vec<Day>,
}

/// The schedule, day by day in the event's zone, with every time also in `tz`.
#[utoipa::path(get, path = "/api/v1/events/{id}/schedule", tag = "events", params(ScheduleParams),
    responses((status = 200, body = ScheduleView), (status = 422, description = "timezone_unknown")))]
pub async fn schedule(
    State(state): State<AppState>,
    i18n: I18n,
    OptionalMember(viewer): OptionalMember,
    Path(id): Path<i64>,
    Query(params): Query<ScheduleParams>,
) -> Result<Json<ScheduleView>, AppError> {
    if let Some(tz) = &params.tz {
        model::parse_zone(tz)?;
    }
    let s = crate::events::visible(&state, viewer.as_ref(), id).await?;
    let zone = crate::events::viewer_zone(
        params.tz.as_deref(),
        None,
        viewer.as_ref(),
        &s.event.timezone,
    );
    let mine: HashMap<i64, SeatStatus> = match &viewer {
        Some(m) => db::my_seats(&state.db, id, m.id)
            .await?
            .into_iter()
            .map(|(sid, st)| (sid, SeatStatus::from_db(&st)))
            .collect(),
        None => HashMap::new(),
    };
    let days = s
        .days()
        .into_iter()
        .map(|date| Day {
            date: date.to_string(),
            sessions: s
                .sessions
                .iter()
                .filter(|x| x.day == date)
                .map(|x| session_view(&s, x, viewer.as_ref(), &zone, mine.get(&x.row.id).copied()))
                .collect(),
        })
        .collect();
    Ok(Json(ScheduleView {
        event: summary(&s.event, s.title(i18n.locale).to_string()),
        timezone: zone.0,
        days,
    }))
}
