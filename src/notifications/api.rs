//! JSON API of notifications.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::{Frequency, Kind};
use crate::state::AppState;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;

#[derive(OpenApi)]
#[openapi(paths(list, unread, mark_read, settings, save_settings))]
pub struct ApiDoc;

#[derive(Serialize, ToSchema)]
pub struct NotificationJson {
    id: i64,
    kind: Kind,
    /// The text in the request's language.
    text: String,
    actor_id: Option<i64>,
    link: String,
    read: bool,
    /// Milliseconds since the Unix epoch.
    created_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct NotificationList {
    items: Vec<NotificationJson>,
    unread: i64,
}

/// The latest 100 notifications, newest first, and the unread count.
#[utoipa::path(get, operation_id = "list_notifications", path = "/api/v1/notifications", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = NotificationList)))]
pub async fn list(
    State(state): State<AppState>,
    i18n: I18n,
    member: CurrentMember,
) -> Result<Json<NotificationList>, AppError> {
    let items = super::latest(&state.db, member.id, 100)
        .await?
        .into_iter()
        .filter_map(|n| {
            let kind = Kind::parse(&n.kind)?;
            Some(NotificationJson {
                id: n.id,
                kind,
                text: kind.text(i18n, n.actor_name.as_deref().unwrap_or(""), &n.detail),
                actor_id: n.actor_id,
                link: n.link,
                read: n.read_at.is_some(),
                created_at: n.created_at,
            })
        })
        .collect();
    let unread = super::unread_count(&state.db, member.id).await?;
    Ok(Json(NotificationList { items, unread }))
}

#[derive(Serialize, ToSchema)]
pub struct UnreadCount {
    unread: i64,
}

/// The unread count alone, for the badge.
#[utoipa::path(get, operation_id = "unread_notifications", path = "/api/v1/notifications/unread", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = UnreadCount)))]
pub async fn unread(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<Json<UnreadCount>, AppError> {
    Ok(Json(UnreadCount {
        unread: super::unread_count(&state.db, member.id).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct MarkRead {
    /// Which to mark; all when absent.
    ids: Option<Vec<i64>>,
}

/// Marks notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications", security(("bearer" = [])),
    request_body = MarkRead, responses((status = 204)))]
pub async fn mark_read(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(input): ApiJson<MarkRead>,
) -> Result<StatusCode, AppError> {
    if input.ids.as_ref().is_some_and(|ids| ids.len() > 1000) {
        return Err(AppError::invalid("ids", "too_many_items"));
    }
    super::mark_read(&state.db, member.id, input.ids.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct EmailSettings {
    /// Kinds sent by email as well.
    email: Vec<Kind>,
    /// For the kinds that can wait (discussions): one mail each, or a daily or weekly
    /// digest. Left out, it stays as it is.
    #[serde(default)]
    digest: Option<Frequency>,
}

/// Which kinds of notification are also sent by email.
#[utoipa::path(get, operation_id = "notification_settings", path = "/api/v1/me/notification-settings", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, body = EmailSettings)))]
pub async fn settings(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<Json<EmailSettings>, AppError> {
    let off = super::email_off(&state.db, member.id).await?;
    Ok(Json(EmailSettings {
        email: Kind::ALL.into_iter().filter(|k| !off.contains(k)).collect(),
        digest: Some(super::digest::frequency(&state.db, member.id).await?),
    }))
}

/// Sets which kinds are also sent by email.
#[utoipa::path(put, operation_id = "save_notification_settings", path = "/api/v1/me/notification-settings", tag = "notifications", security(("bearer" = [])),
    request_body = EmailSettings, responses((status = 200, body = EmailSettings)))]
pub async fn save_settings(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(input): ApiJson<EmailSettings>,
) -> Result<Json<EmailSettings>, AppError> {
    let off: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| !input.email.contains(k))
        .collect();
    super::set_email_off(&state.db, member.id, &off).await?;
    if let Some(frequency) = input.digest {
        super::digest::set_frequency(&state.db, member.id, frequency).await?;
    }
    Ok(Json(EmailSettings {
        email: input.email,
        digest: Some(super::digest::frequency(&state.db, member.id).await?),
    }))
}
