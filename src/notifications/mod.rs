//! Notifications: an in-app list with an unread badge, which every capability posts into, and
//! a copy by email (when mail is on) unless the member turned that kind off.
//!
//! A capability calls [`notify`] with a [`Kind`]; the text is the Fluent message
//! `notification-<kind>` with the actor's name, so it shows in the reader's language at the
//! time they read it. A new kind needs a variant here and its messages in every locale.
//! Kinds that can wait may be mailed as a daily or weekly digest instead (`digest.rs`).

mod api;
mod digest;
mod pages;

use axum::Router;
use axum::routing::{get, post};
use sqlx::FromRow;

use crate::mail::Mail;
use crate::state::AppState;
use crate::store::{Db, now_ms};
use crate::web::error::AppError;
use crate::web::i18n::{I18n, Locale};
use crate::web::identity::CurrentMember;

pub(crate) use api::ApiDoc;
pub use digest::{Frequency, digests, send_digests};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(pages::list))
        .route("/notifications/read", post(pages::mark_all_read))
        .route("/notifications/{id}/open", get(pages::open))
        .route(
            "/settings/notifications",
            get(pages::settings).post(pages::save_settings),
        )
        .route("/api/v1/notifications", get(api::list))
        .route("/api/v1/notifications/read", post(api::mark_read))
        .route("/api/v1/notifications/unread", get(api::unread))
        .route(
            "/api/v1/me/notification-settings",
            get(api::settings).put(api::save_settings),
        )
}

/// What happened.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    ContactRequest,
    ContactAccepted,
    RegistrationPending,
    RoleChanged,
    SeatConfirmed,
    SessionCancelled,
    EventMessage,
    ChatMention,
    ChatReport,
    OrganisationRequest,
    MeetingRequest,
    MeetingAccepted,
    MeetingDeclined,
    MeetingCancelled,
    MeetingMoveProposed,
    MeetingMoved,
    MeetingScheduled,
    MeetingReminder,
    DiscussionTopic,
    DiscussionReply,
    DiscussionMention,
    DiscussionAccepted,
    SurveyOpen,
    SurveyReminder,
}

impl Kind {
    pub const ALL: [Kind; 24] = [
        Kind::ContactRequest,
        Kind::ContactAccepted,
        Kind::RegistrationPending,
        Kind::RoleChanged,
        Kind::SeatConfirmed,
        Kind::SessionCancelled,
        Kind::EventMessage,
        Kind::ChatMention,
        Kind::ChatReport,
        Kind::OrganisationRequest,
        Kind::MeetingRequest,
        Kind::MeetingAccepted,
        Kind::MeetingDeclined,
        Kind::MeetingCancelled,
        Kind::MeetingMoveProposed,
        Kind::MeetingMoved,
        Kind::MeetingScheduled,
        Kind::MeetingReminder,
        Kind::DiscussionTopic,
        Kind::DiscussionReply,
        Kind::DiscussionMention,
        Kind::DiscussionAccepted,
        Kind::SurveyOpen,
        Kind::SurveyReminder,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ContactRequest => "contact_request",
            Kind::ContactAccepted => "contact_accepted",
            Kind::RegistrationPending => "registration_pending",
            Kind::RoleChanged => "role_changed",
            Kind::SeatConfirmed => "seat_confirmed",
            Kind::SessionCancelled => "session_cancelled",
            Kind::EventMessage => "event_message",
            Kind::ChatMention => "chat_mention",
            Kind::ChatReport => "chat_report",
            Kind::OrganisationRequest => "organisation_request",
            Kind::MeetingRequest => "meeting_request",
            Kind::MeetingAccepted => "meeting_accepted",
            Kind::MeetingDeclined => "meeting_declined",
            Kind::MeetingCancelled => "meeting_cancelled",
            Kind::MeetingMoveProposed => "meeting_move_proposed",
            Kind::MeetingMoved => "meeting_moved",
            Kind::MeetingScheduled => "meeting_scheduled",
            Kind::MeetingReminder => "meeting_reminder",
            Kind::DiscussionTopic => "discussion_topic",
            Kind::DiscussionReply => "discussion_reply",
            Kind::DiscussionMention => "discussion_mention",
            Kind::DiscussionAccepted => "discussion_accepted",
            Kind::SurveyOpen => "survey_open",
            Kind::SurveyReminder => "survey_reminder",
        }
    }

    pub fn parse(value: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    fn message_key(self) -> String {
        format!("notification-{}", self.as_str().replace('_', "-"))
    }

    /// The notification's text, naming the member who caused it and what it is about (an
    /// event's or a session's title, for example).
    pub fn text(self, i18n: I18n, actor: &str, detail: &str) -> String {
        i18n.t_args(&self.message_key(), &[("actor", actor), ("detail", detail)])
    }

    /// Whether the member may take this kind by digest rather than one mail each: what
    /// happens in discussions, which a member who follows a lot gets plenty of.
    pub fn can_wait(self) -> bool {
        matches!(
            self,
            Kind::DiscussionTopic
                | Kind::DiscussionReply
                | Kind::DiscussionMention
                | Kind::DiscussionAccepted
        )
    }

    /// The kind's name in the email settings.
    pub fn setting_label(self, i18n: I18n) -> String {
        i18n.t(&format!("{}-setting", self.message_key()))
    }
}

/// Posts a notification to `member_id` about `actor_id`, linking to `link` (a site path), and
/// mails a copy when mail is on, the address is confirmed and the member wants this kind.
pub async fn notify(
    state: &AppState,
    member_id: i64,
    kind: Kind,
    actor_id: Option<i64>,
    link: &str,
) -> Result<(), AppError> {
    notify_about(state, member_id, kind, actor_id, link, "", None).await
}

/// Like [`notify`], naming what the notification is about (`detail`, shown in its text) and,
/// for the mail copy, a longer text (`mail_text`, such as a message's body).
pub async fn notify_about(
    state: &AppState,
    member_id: i64,
    kind: Kind,
    actor_id: Option<i64>,
    link: &str,
    detail: &str,
    mail_text: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO notifications (member_id, kind, actor_id, link, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(member_id)
    .bind(kind.as_str())
    .bind(actor_id)
    .bind(link)
    .bind(detail)
    .bind(now_ms())
    .execute(&state.db.pool)
    .await?;
    if state.mailer.is_enabled() {
        mail_copy(state, member_id, kind, actor_id, link, detail, mail_text).await?;
    }
    Ok(())
}

#[derive(FromRow)]
struct Recipient {
    email: String,
    locale: String,
    email_confirmed_at: Option<i64>,
    muted: i64,
}

async fn mail_copy(
    state: &AppState,
    member_id: i64,
    kind: Kind,
    actor_id: Option<i64>,
    link: &str,
    detail: &str,
    mail_text: Option<&str>,
) -> Result<(), AppError> {
    let recipient: Option<Recipient> = sqlx::query_as(
        "SELECT m.email, m.locale, m.email_confirmed_at,
                (SELECT COUNT(*) FROM notification_email_off o WHERE o.member_id = m.id AND o.kind = $2) AS muted
         FROM members m WHERE m.id = $1 AND m.status = 'active'",
    )
    .bind(member_id)
    .bind(kind.as_str())
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(recipient) = recipient.filter(|r| r.muted == 0 && r.email_confirmed_at.is_some())
    else {
        return Ok(());
    };
    if kind.can_wait() && digest::frequency(&state.db, member_id).await? != Frequency::Each {
        // The digest will carry it.
        return Ok(());
    }
    let actor = actor_name(&state.db, actor_id).await?;
    let i18n = I18n::new(Locale::parse(&recipient.locale).unwrap_or(Locale::En));
    let text = kind.text(i18n, &actor, detail);
    let url = format!("{}{link}", state.base_url());
    let body = match mail_text {
        Some(extra) => format!("{text}\n\n{extra}"),
        None => text.clone(),
    };
    state.mailer.send(Mail {
        to: recipient.email,
        subject: text,
        body: i18n.t_args("mail-notification-body", &[("text", &body), ("link", &url)]),
    });
    Ok(())
}

async fn actor_name(db: &Db, actor_id: Option<i64>) -> Result<String, AppError> {
    let Some(id) = actor_id else {
        return Ok(String::new());
    };
    Ok(sqlx::query_scalar("SELECT name FROM members WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .unwrap_or_default())
}

/// How many notifications the member has not read; drives the badge in the header.
/// The navigation badge: how many notifications the member has not read.
pub async fn badge(state: AppState, member: CurrentMember) -> i64 {
    unread_count(&state.db, member.id).await.unwrap_or(0)
}

pub async fn unread_count(db: &Db, member_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE member_id = $1 AND read_at IS NULL",
    )
    .bind(member_id)
    .fetch_one(&db.pool)
    .await
}

#[derive(Clone, Debug, FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub link: String,
    pub detail: String,
    pub read_at: Option<i64>,
    pub created_at: i64,
}

/// The member's latest notifications, newest first.
pub async fn latest(db: &Db, member_id: i64, limit: i64) -> sqlx::Result<Vec<NotificationRow>> {
    sqlx::query_as(
        "SELECT n.id, n.kind, n.actor_id, a.name AS actor_name, n.link, n.detail, n.read_at, n.created_at
         FROM notifications n LEFT JOIN members a ON a.id = n.actor_id
         WHERE n.member_id = $1 ORDER BY n.id DESC LIMIT $2",
    )
    .bind(member_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// Marks the member's notifications read: all of them, or those listed.
pub async fn mark_read(db: &Db, member_id: i64, ids: Option<&[i64]>) -> sqlx::Result<()> {
    let mut sql = crate::store::Sql::new("UPDATE notifications SET read_at = ");
    sql.push_bind(now_ms())
        .push(" WHERE member_id = ")
        .push_bind(member_id)
        .push(" AND read_at IS NULL");
    if let Some(ids) = ids {
        if ids.is_empty() {
            return Ok(());
        }
        sql.push(" AND id IN ").push_list(ids);
    }
    sql.query().execute(&db.pool).await.map(drop)
}

/// Kinds the member does not want by email.
pub async fn email_off(db: &Db, member_id: i64) -> sqlx::Result<Vec<Kind>> {
    let kinds: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM notification_email_off WHERE member_id = $1")
            .bind(member_id)
            .fetch_all(&db.pool)
            .await?;
    Ok(kinds.iter().filter_map(|k| Kind::parse(k)).collect())
}

pub async fn set_email_off(db: &Db, member_id: i64, off: &[Kind]) -> sqlx::Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM notification_email_off WHERE member_id = $1")
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
    for kind in off {
        sqlx::query("INSERT INTO notification_email_off (member_id, kind) VALUES ($1, $2)")
            .bind(member_id)
            .bind(kind.as_str())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}
