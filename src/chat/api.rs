//! JSON API of the chat. The live part is the WebSocket (`socket.rs`, `PROTOCOL.md`).

use axum::Json;
use axum::extract::{FromRequest, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::protocol::MessageOut;
use super::{ChannelKind, ChannelView};
use crate::state::AppState;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

#[derive(OpenApi)]
#[openapi(paths(
    channels,
    create_channel,
    add_member,
    remove_member,
    messages,
    post_message,
    read,
    edit_message,
    delete_message,
    hide_message,
    report_message,
    reports,
    dismiss_reports,
    silence,
    unsilence,
    direct,
    search,
    unread,
    set_retention
))]
pub struct ApiDoc;

#[derive(Serialize, ToSchema)]
pub struct ChannelList {
    channels: Vec<ChannelView>,
}

#[utoipa::path(get, path = "/api/v1/chat/channels", tag = "chat", security(("bearer" = [])),
    responses((status = 200, body = ChannelList, description = "The member's channels, then public channels to join")))]
pub async fn channels(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<Json<ChannelList>, AppError> {
    Ok(Json(ChannelList {
        channels: super::channels(&state, &member).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewChannel {
    /// `public` (organisers only) or `private`.
    kind: ChannelKind,
    title: String,
    #[serde(default)]
    topic: String,
}

#[derive(Serialize, ToSchema)]
pub struct ChannelCreated {
    id: i64,
}

#[utoipa::path(post, path = "/api/v1/chat/channels", tag = "chat", security(("bearer" = [])),
    request_body = NewChannel, responses((status = 201, body = ChannelCreated)))]
pub async fn create_channel(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(input): ApiJson<NewChannel>,
) -> Result<Response, AppError> {
    let id = super::create_channel(&state, &member, input.kind, &input.title, &input.topic).await?;
    Ok((StatusCode::CREATED, Json(ChannelCreated { id })).into_response())
}

#[derive(Deserialize, ToSchema, Default)]
pub struct MemberInput {
    /// Whom to invite; absent: join oneself.
    member_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct Membership {
    channel_id: i64,
    member_id: i64,
    /// False when they already were a member.
    added: bool,
}

#[utoipa::path(post, path = "/api/v1/chat/channels/{id}/members", tag = "chat", security(("bearer" = [])),
    request_body = MemberInput, responses((status = 200, body = Membership)))]
pub async fn add_member(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    OptionalJson(input): OptionalJson<MemberInput>,
) -> Result<Json<Membership>, AppError> {
    let target = input.member_id;
    let added = super::add_member(&state, &member, id, target).await?;
    Ok(Json(Membership {
        channel_id: id,
        member_id: target.unwrap_or(member.id),
        added,
    }))
}

#[utoipa::path(delete, path = "/api/v1/chat/channels/{id}/members/{member_id}", tag = "chat",
    security(("bearer" = [])), responses((status = 204, description = "Left or removed")))]
pub async fn remove_member(
    State(state): State<AppState>,
    member: CurrentMember,
    Path((id, member_id)): Path<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    super::remove_member(&state, &member, id, member_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
pub struct Page {
    /// Messages older than this id (newest page when absent).
    before: Option<i64>,
    /// Messages newer than this id, oldest first.
    after: Option<i64>,
    /// 1 to 200, default 50.
    limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct MessageList {
    /// Oldest first.
    messages: Vec<MessageOut>,
}

#[utoipa::path(get, path = "/api/v1/chat/channels/{id}/messages", tag = "chat", security(("bearer" = [])),
    params(Page), responses((status = 200, body = MessageList)))]
pub async fn messages(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    Query(page): Query<Page>,
) -> Result<Json<MessageList>, AppError> {
    let limit = page.limit.unwrap_or(super::PAGE_SIZE);
    let messages = super::messages(&state, &member, id, page.before, page.after, limit).await?;
    Ok(Json(MessageList { messages }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewMessage {
    /// Markdown, 1 to 4,000 characters.
    body: String,
    /// The client's key for this message: a resend with the same key returns the stored
    /// message instead of posting it twice.
    client_id: Option<String>,
    /// A library document to link: one the poster may see (else 422
    /// `chat_document_not_found`).
    document_id: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/chat/channels/{id}/messages", tag = "chat", security(("bearer" = [])),
    request_body = NewMessage, responses(
        (status = 201, body = MessageOut, description = "Stored"),
        (status = 200, body = MessageOut, description = "Already stored under this client_id")))]
pub async fn post_message(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<NewMessage>,
) -> Result<Response, AppError> {
    let (message, new) = super::post_message(
        &state,
        &member,
        id,
        &input.body,
        input.client_id.as_deref(),
        None,
        input.document_id,
    )
    .await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(message)).into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct ReadInput {
    message_id: i64,
}

#[derive(Serialize, ToSchema)]
pub struct Unread {
    /// Unread in this channel.
    unread: i64,
    /// Unread in all channels not muted.
    total: i64,
}

#[utoipa::path(post, path = "/api/v1/chat/channels/{id}/read", tag = "chat", security(("bearer" = [])),
    request_body = ReadInput, responses((status = 200, body = Unread)))]
pub async fn read(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ReadInput>,
) -> Result<Json<Unread>, AppError> {
    let (unread, total) = super::mark_read(&state, &member, id, input.message_id).await?;
    Ok(Json(Unread { unread, total }))
}

#[derive(Deserialize, ToSchema)]
pub struct EditInput {
    body: String,
}

#[utoipa::path(patch, path = "/api/v1/chat/messages/{id}", tag = "chat", security(("bearer" = [])),
    request_body = EditInput, responses((status = 200, body = MessageOut)))]
pub async fn edit_message(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EditInput>,
) -> Result<Json<MessageOut>, AppError> {
    Ok(Json(
        super::edit_message(&state, &member, id, &input.body).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/chat/messages/{id}", tag = "chat", security(("bearer" = [])),
    responses((status = 204, description = "Deleted")))]
pub async fn delete_message(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    super::remove_message(&state, &member, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/chat/messages/{id}/hide", tag = "chat", security(("bearer" = [])),
    responses((status = 204, description = "Hidden by a moderator")))]
pub async fn hide_message(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    super::remove_message(&state, &member, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, Default)]
pub struct ReportInput {
    #[serde(default)]
    reason: String,
}

#[utoipa::path(post, path = "/api/v1/chat/messages/{id}/report", tag = "chat", security(("bearer" = [])),
    request_body = ReportInput, responses((status = 204, description = "The moderators are notified")))]
pub async fn report_message(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    OptionalJson(input): OptionalJson<ReportInput>,
) -> Result<StatusCode, AppError> {
    super::report_message(&state, &member, id, &input.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct ReportQueue {
    /// Messages with open reports in the channels the caller moderates, the longest waiting
    /// first; empty for members who moderate nothing.
    reports: Vec<super::ReportedMessage>,
}

#[utoipa::path(get, path = "/api/v1/chat/reports", tag = "chat", security(("bearer" = [])),
    responses((status = 200, body = ReportQueue, description = "The moderation queue")))]
pub async fn reports(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<Json<ReportQueue>, AppError> {
    Ok(Json(ReportQueue {
        reports: super::open_reports(&state, &member).await?,
    }))
}

#[utoipa::path(delete, path = "/api/v1/chat/messages/{id}/reports", tag = "chat", security(("bearer" = [])),
    responses((status = 204, description = "The message's open reports are dismissed"),
        (status = 403, description = "Not a moderator of the channel"),
        (status = 404, description = "No such message the caller may read")))]
pub async fn dismiss_reports(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    super::dismiss_reports(&state, &member, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/chat/channels/{id}/members/{member_id}/silence", tag = "chat",
    security(("bearer" = [])), responses((status = 204, description = "The member may read but not post here"),
        (status = 403, description = "Not a moderator of the channel"),
        (status = 404, description = "No channel the caller may read"),
        (status = 422, description = "`chat_member_unknown`: not a member of the channel, or oneself")))]
pub async fn silence(
    State(state): State<AppState>,
    member: CurrentMember,
    Path((id, member_id)): Path<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    super::silence_member(&state, &member, id, member_id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/chat/channels/{id}/members/{member_id}/silence", tag = "chat",
    security(("bearer" = [])), responses((status = 204, description = "The member may post again"),
        (status = 403, description = "Not a moderator of the channel"),
        (status = 404, description = "No channel the caller may read")))]
pub async fn unsilence(
    State(state): State<AppState>,
    member: CurrentMember,
    Path((id, member_id)): Path<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    super::silence_member(&state, &member, id, member_id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct DirectInput {
    /// The other people (1 to 9); the caller is always included.
    member_ids: Vec<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct DirectChannel {
    id: i64,
    member_ids: Vec<i64>,
}

#[utoipa::path(post, path = "/api/v1/chat/direct", tag = "chat", security(("bearer" = [])),
    request_body = DirectInput, responses((status = 200, body = DirectChannel,
        description = "The direct channel of these people: the same channel for the same set")))]
pub async fn direct(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(input): ApiJson<DirectInput>,
) -> Result<Json<DirectChannel>, AppError> {
    if input.member_ids.len() > 100 {
        return Err(AppError::invalid("member_ids", "chat_direct_size"));
    }
    let id = super::direct_channel(&state, &member, &input.member_ids).await?;
    let (member_ids, _) = super::model::direct_set(member.id, &input.member_ids)?;
    Ok(Json(DirectChannel { id, member_ids }))
}

#[derive(Deserialize, IntoParams)]
pub struct SearchQuery {
    /// Words; each matches words that begin with it.
    q: String,
}

#[utoipa::path(get, operation_id = "search_chat", path = "/api/v1/chat/search", tag = "chat", security(("bearer" = [])),
    params(SearchQuery), responses((status = 200, body = MessageList, description = "Newest first")))]
pub async fn search(
    State(state): State<AppState>,
    member: CurrentMember,
    Query(query): Query<SearchQuery>,
) -> Result<Json<MessageList>, AppError> {
    Ok(Json(MessageList {
        messages: super::search(&state, &member, &query.q).await?,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct UnreadTotal {
    total: i64,
}

#[utoipa::path(get, operation_id = "chat_unread", path = "/api/v1/chat/unread", tag = "chat", security(("bearer" = [])),
    responses((status = 200, body = UnreadTotal)))]
pub async fn unread(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<Json<UnreadTotal>, AppError> {
    Ok(Json(UnreadTotal {
        total: super::unread_total(&state, member.id).await?,
    }))
}

/// A JSON body that may be left out (empty body: the defaults).
pub struct OptionalJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + Default> FromRequest<S> for OptionalJson<T> {
    type Rejection = AppError;

    async fn from_request(
        request: axum::extract::Request,
        state: &S,
    ) -> Result<OptionalJson<T>, AppError> {
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|_| AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(T::default()));
        }
        serde_json::from_slice(&bytes)
            .map(OptionalJson)
            .map_err(|_| AppError::invalid("body", "json_invalid"))
    }
}

/// Sets how long the channel keeps its messages (admins): older ones are deleted, with their
/// files, within the hour.
#[utoipa::path(put, path = "/api/v1/chat/channels/{id}/retention", tag = "chat", security(("bearer" = [])),
    request_body = super::retention::Retention,
    responses((status = 200, body = super::retention::Retention),
        (status = 403, description = "Not an admin"), (status = 404, description = "No such channel"),
        (status = 422, description = "`chat_retention_invalid`: days outside 1 to 3650")))]
pub async fn set_retention(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<super::retention::Retention>,
) -> Result<Json<super::retention::Retention>, AppError> {
    Ok(Json(
        super::retention::set_retention(&state, &member, id, input).await?,
    ))
}
