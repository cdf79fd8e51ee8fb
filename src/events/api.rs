//! JSON API of events, and the iCalendar files (event, session, personal feed).

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::model::{self, EventVisibility, QuestionKind, SeatStatus, SessionKind};
use super::{EventInput, Schedule, Seat, SessionFull, SessionInput, calendar, db};
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::{CurrentMember, OptionalMember};

#[derive(OpenApi)]
#[openapi(paths(
    list,
    create,
    get_event,
    update,
    put_cover,
    delete_cover,
    add_session,
    schedule,
    update_session,
    delete_session,
    register,
    unregister,
    take_seat,
    leave_seat,
    participants,
    send_message,
    agenda,
    calendar_feed,
    renew_calendar_feed,
    revoke_calendar_feed
))]
pub struct ApiDoc;

fn rfc3339(millis: i64, tz: &TimeZone) -> String {
    model::zoned(millis, tz)
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn utc(millis: i64) -> String {
    rfc3339(millis, &TimeZone::UTC).replace("+00:00", "Z")
}

#[derive(Serialize, ToSchema)]
pub struct EventSummary {
    id: i64,
    /// In the reader's language, or the best fallback.
    title: String,
    timezone: String,
    starts_on: String,
    ends_on: String,
    visibility: EventVisibility,
    registration_open: bool,
    url: String,
}

/// An event as listed: its row, with its title in the reader's language.
fn summary(row: &db::EventRow, title: String) -> EventSummary {
    EventSummary {
        id: row.id,
        title,
        timezone: row.timezone.clone(),
        starts_on: row.starts_on.clone(),
        ends_on: row.ends_on.clone(),
        visibility: EventVisibility::from_db(&row.visibility),
        registration_open: row.registration == "open",
        url: format!("/events/{}", row.id),
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventText {
    locale: String,
    title: String,
    description: String,
}

#[derive(Serialize, ToSchema)]
pub struct Person {
    id: i64,
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct Question {
    id: i64,
    label: String,
    kind: QuestionKind,
    options: Vec<String>,
    required: bool,
}

#[derive(Serialize, ToSchema)]
pub struct EventView {
    #[serde(flatten)]
    summary: EventSummary,
    /// Markdown source, in the reader's language.
    description: String,
    description_html: String,
    default_locale: String,
    texts: Vec<EventText>,
    organisers: Vec<Person>,
    tracks: Vec<String>,
    rooms: Vec<String>,
    questions: Vec<Question>,
    sessions: i64,
    /// Whether the signed-in reader is registered.
    registered: bool,
    /// Whether the signed-in reader organises this event.
    organiser: bool,
    /// The event's chat channel and library folder are filed under this name.
    context: String,
    cover_url: Option<String>,
}

async fn event_view(
    state: &AppState,
    s: &Schedule,
    viewer: Option<&CurrentMember>,
    i18n: I18n,
) -> Result<EventView, AppError> {
    let registered = match viewer {
        Some(m) => db::is_registered(&state.db, s.event.id, m.id).await?,
        None => false,
    };
    let pairs: Vec<(String, &db::TextRow)> =
        s.texts.iter().map(|t| (t.locale.clone(), t)).collect();
    let text = model::pick_text(&pairs, i18n.locale, &s.event.default_locale);
    Ok(EventView {
        summary: summary(&s.event, s.title(i18n.locale).to_string()),
        description: text.map(|t| t.description.clone()).unwrap_or_default(),
        description_html: text.map(|t| t.description_html.clone()).unwrap_or_default(),
        default_locale: s.event.default_locale.clone(),
        texts: s
            .texts
            .iter()
            .map(|t| EventText {
                locale: t.locale.clone(),
                title: t.title.clone(),
                description: t.description.clone(),
            })
            .collect(),
        organisers: s
            .organisers
            .iter()
            .map(|o| Person {
                id: o.id,
                name: o.name.clone(),
            })
            .collect(),
        tracks: s.tracks.iter().map(|t| t.name.clone()).collect(),
        rooms: s.rooms.iter().map(|t| t.name.clone()).collect(),
        questions: s
            .questions
            .iter()
            .map(|q| Question {
                id: q.id,
                label: q.label.clone(),
                kind: QuestionKind::from_db(&q.kind),
                options: q
                    .options
                    .lines()
                    .map(str::to_string)
                    .filter(|o| !o.is_empty())
                    .collect(),
                required: q.required != 0,
            })
            .collect(),
        sessions: s.sessions.len() as i64,
        registered,
        organiser: viewer.is_some_and(|m| s.is_organiser(m)),
        context: super::chat_context(s.event.id),
        cover_url: s.event.cover.as_deref().map(super::cover_url),
    })
}

#[derive(Deserialize, IntoParams)]
pub struct ListParams {
    /// Also list events that are over.
    past: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct EventList {
    items: Vec<EventSummary>,
}

/// Events the reader may see: upcoming and running (or, with `past=true`, those over).
#[utoipa::path(get, operation_id = "list_events", path = "/api/v1/events", tag = "events", params(ListParams), responses((status = 200, body = EventList)))]
pub async fn list(
    State(state): State<AppState>,
    i18n: I18n,
    OptionalMember(viewer): OptionalMember,
    Query(params): Query<ListParams>,
) -> Result<Json<EventList>, AppError> {
    let events = super::listed(
        &state,
        viewer.is_some(),
        params.past.unwrap_or(false),
        i18n.locale,
    )
    .await?;
    let items = events
        .into_iter()
        .map(|(row, title)| summary(&row, title))
        .collect();
    Ok(Json(EventList { items }))
}

/// Creates an event (organisers and admins).
#[utoipa::path(post, path = "/api/v1/events", tag = "events", security(("bearer" = [])), request_body = EventInput,
    responses((status = 201, body = EventView), (status = 403, description = "not an organiser"), (status = 422, description = "invalid field, named in `field`")))]
pub async fn create(
    State(state): State<AppState>,
    i18n: I18n,
    member: CurrentMember,
    ApiJson(input): ApiJson<EventInput>,
) -> Result<(StatusCode, Json<EventView>), AppError> {
    let id = super::create_event(&state, &member, input).await?;
    let s = super::visible(&state, Some(&member), id).await?;
    Ok((
        StatusCode::CREATED,
        Json(event_view(&state, &s, Some(&member), i18n).await?),
    ))
}

/// An event.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", responses((status = 200, body = EventView)))]
pub async fn get_event(
    State(state): State<AppState>,
    i18n: I18n,
    OptionalMember(viewer): OptionalMember,
    Path(id): Path<i64>,
) -> Result<Json<EventView>, AppError> {
    let s = super::visible(&state, viewer.as_ref(), id).await?;
    Ok(Json(event_view(&state, &s, viewer.as_ref(), i18n).await?))
}

/// Changes an event (its organisers); fields left out stay as they are.
#[utoipa::path(patch, path = "/api/v1/events/{id}", tag = "events", security(("bearer" = [])), request_body = EventInput,
    responses((status = 200, body = EventView), (status = 403, description = "not one of its organisers (by current role), checked before the input"), (status = 422, description = "invalid field, named in `field`; `organiser_role_required` for a new co-organiser without the role")))]
pub async fn update(
    State(state): State<AppState>,
    i18n: I18n,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EventInput>,
) -> Result<Json<EventView>, AppError> {
    super::update_event(&state, &member, id, input).await?;
    let s = super::visible(&state, Some(&member), id).await?;
    Ok(Json(event_view(&state, &s, Some(&member), i18n).await?))
}

#[derive(Serialize, ToSchema)]
pub struct Times {
    /// RFC 3339 with the zone's offset.
    start: String,
    end: String,
    timezone: String,
}

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
    let session_id = super::add_session(&state, &member, id, input).await?;
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
    let s = super::session_event(state, Some(member), session_id).await?;
    let session = s.session(session_id).ok_or_else(AppError::not_found)?;
    let zone = super::viewer_zone(None, None, Some(member), &s.event.timezone);
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
    super::update_session(&state, &member, id, input).await?;
    Ok(Json(one_session(&state, &member, id).await?))
}

/// Deletes a session (the event's organisers); those registered are notified.
#[utoipa::path(delete, path = "/api/v1/sessions/{id}", tag = "events", security(("bearer" = [])), responses((status = 204)))]
pub async fn delete_session(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    super::delete_session(&state, &member, id).await?;
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
    let s = super::visible(&state, viewer.as_ref(), id).await?;
    let zone = super::viewer_zone(
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

#[derive(Deserialize, Default, ToSchema)]
pub struct RegistrationInput {
    /// Answers by question id.
    #[serde(default)]
    answers: HashMap<i64, String>,
}

#[derive(Serialize, ToSchema)]
pub struct Registration {
    registered: bool,
}

/// Registers for the event, answering its questions (again: updates the answers).
#[utoipa::path(post, operation_id = "register_for_event", path = "/api/v1/events/{id}/registration", tag = "events", security(("bearer" = [])), request_body = RegistrationInput,
    responses((status = 201, body = Registration), (status = 200, body = Registration, description = "answers updated"),
              (status = 409, description = "registration_closed, event_over"), (status = 422, description = "answer_required")))]
pub async fn register(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Registration>), AppError> {
    // The body is optional: an event without questions needs none.
    let input: RegistrationInput = if body.iter().all(u8::is_ascii_whitespace) {
        RegistrationInput::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|_| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "json_invalid"))?
    };
    let new = super::register(&state, &member, id, &input.answers).await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(Registration { registered: true })))
}

/// Cancels the registration for the event and every seat in its sessions.
#[utoipa::path(delete, path = "/api/v1/events/{id}/registration", tag = "events", security(("bearer" = [])), responses((status = 204)))]
pub async fn unregister(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    super::unregister(&state, &member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes a seat in a session, or a place on its waiting list when it is full.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/registration", tag = "events", security(("bearer" = [])),
    responses((status = 201, body = Seat), (status = 200, body = Seat, description = "already held"),
              (status = 409, description = "session_over, registration_closed, event_registration_required")))]
pub async fn take_seat(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<Seat>), AppError> {
    let seat = super::take_seat(&state, &member, id).await?;
    let status = if seat.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(seat)))
}

/// Gives up a seat or a place on the waiting list; the next in line moves up.
#[utoipa::path(delete, path = "/api/v1/sessions/{id}/registration", tag = "events", security(("bearer" = [])), responses((status = 204)))]
pub async fn leave_seat(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    super::leave_seat(&state, &member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Participant {
    member_id: i64,
    name: String,
    /// The email addresses the participant lets the caller see in their contact details
    /// (by their own visibility settings), comma-separated; empty when none. Never the
    /// participant's login address.
    email: String,
    organisation: Option<String>,
    country: Option<String>,
    registered_at: String,
    /// Answers by question id.
    answers: HashMap<i64, String>,
    /// Session ids with a seat, and with a place on the waiting list.
    sessions: Vec<i64>,
    waiting: Vec<i64>,
}

/// Everyone registered, with answers and sessions (the event's organisers).
#[utoipa::path(get, path = "/api/v1/events/{id}/participants", tag = "events", security(("bearer" = [])), responses((status = 200, body = Vec<Participant>)))]
pub async fn participants(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Participant>>, AppError> {
    super::access::organised(&state, &member, id).await?;
    let (answers, seats) = tokio::try_join!(
        db::answers(&state.db, id),
        db::seats_of_event(&state.db, id),
    )?;
    let rows = super::people::participants(&state, &member, id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| Participant {
                answers: answers
                    .iter()
                    .filter(|a| a.0 == r.member_id)
                    .map(|a| (a.1, a.2.clone()))
                    .collect(),
                sessions: seats
                    .iter()
                    .filter(|s| s.member_id == r.member_id && s.status == "registered")
                    .map(|s| s.session_id)
                    .collect(),
                waiting: seats
                    .iter()
                    .filter(|s| s.member_id == r.member_id && s.status == "waiting")
                    .map(|s| s.session_id)
                    .collect(),
                member_id: r.member_id,
                name: r.name,
                email: r.email,
                organisation: r.organisation,
                country: r.country,
                registered_at: utc(r.registered_at),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct MessageInput {
    subject: String,
    /// Markdown.
    body: String,
}

#[derive(Serialize, ToSchema)]
pub struct MessageSent {
    recipients: i64,
}

/// Sends a message to everyone registered (in the app; by email when mail is on).
#[utoipa::path(post, path = "/api/v1/events/{id}/messages", tag = "events", security(("bearer" = [])), request_body = MessageInput,
    responses((status = 201, body = MessageSent)))]
pub async fn send_message(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MessageInput>,
) -> Result<(StatusCode, Json<MessageSent>), AppError> {
    let recipients =
        super::message_participants(&state, &member, id, &input.subject, &input.body).await?;
    Ok((StatusCode::CREATED, Json(MessageSent { recipients })))
}

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
    let items = super::agenda(&state, &member).await?;
    let own = super::viewer_zone(None, None, Some(&member), "UTC");
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
    let token = super::feed_token(&state, &member, false).await?;
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
    let token = super::feed_token(&state, &member, true).await?;
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
    super::revoke_feed(&state, &member).await?;
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
    let s = super::visible(&state, viewer.as_ref(), id).await?;
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
    let s = super::session_event(&state, viewer.as_ref(), id).await?;
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
    let entries: Vec<calendar::Entry<'_>> = rows
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
        })
        .collect();
    Ok(ics_response(
        calendar::write(&i18n.t("agenda-title"), &entries),
        "agenda.ics",
    ))
}

#[derive(Serialize, ToSchema)]
pub struct CoverResponse {
    cover_url: String,
}

/// Sets the event's cover from the request body (JPEG, PNG or WebP; judged by content; cropped
/// to a 1600×500 banner).
#[utoipa::path(put, path = "/api/v1/events/{id}/cover", tag = "events", security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 200, body = CoverResponse), (status = 413, description = "photo_too_large"),
              (status = 415, description = "photo_type"), (status = 422, description = "photo_unreadable")))]
pub async fn put_cover(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Json<CoverResponse>, AppError> {
    let cover_url = super::set_cover(&state, &member, id, body.to_vec()).await?;
    Ok(Json(CoverResponse { cover_url }))
}

/// Removes the event's cover.
#[utoipa::path(delete, path = "/api/v1/events/{id}/cover", tag = "events", security(("bearer" = [])), responses((status = 204)))]
pub async fn delete_cover(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    super::remove_cover(&state, &member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A cover image, to those who may see its event.
pub async fn cover(
    State(state): State<AppState>,
    OptionalMember(viewer): OptionalMember,
    Path(blob): Path<String>,
) -> Result<Response, AppError> {
    let event = db::event_with_cover(&state.db, &blob)
        .await?
        .ok_or_else(AppError::not_found)?;
    super::visible(&state, viewer.as_ref(), event).await?;
    let bytes = state
        .blobs
        .get(&blob)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(crate::web::jpeg_response(bytes))
}
