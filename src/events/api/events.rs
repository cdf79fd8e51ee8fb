//! JSON API of events themselves: listing, reading, creating and changing one, and its cover.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{EventSummary, summary};
use crate::events::model::{self, QuestionKind};
use crate::events::{EventInput, Schedule, db};
use crate::state::AppState;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::{CurrentMember, OptionalMember};

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
        context: crate::events::chat_context(s.event.id),
        cover_url: s.event.cover.as_deref().map(crate::events::cover_url),
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
    let events = crate::events::listed(
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
    let id = crate::events::create_event(&state, &member, input).await?;
    let s = crate::events::visible(&state, Some(&member), id).await?;
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
    let s = crate::events::visible(&state, viewer.as_ref(), id).await?;
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
    crate::events::update_event(&state, &member, id, input).await?;
    let s = crate::events::visible(&state, Some(&member), id).await?;
    Ok(Json(event_view(&state, &s, Some(&member), i18n).await?))
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
    let cover_url = crate::events::set_cover(&state, &member, id, body.to_vec()).await?;
    Ok(Json(CoverResponse { cover_url }))
}

/// Removes the event's cover.
#[utoipa::path(delete, path = "/api/v1/events/{id}/cover", tag = "events", security(("bearer" = [])), responses((status = 204)))]
pub async fn delete_cover(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    crate::events::remove_cover(&state, &member, id).await?;
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
    crate::events::visible(&state, viewer.as_ref(), event).await?;
    let bytes = state
        .blobs
        .get(&blob)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(crate::web::jpeg_response(bytes))
}
