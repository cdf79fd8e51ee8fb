//! Digests: relief from one mail per post. For the kinds that can wait ([`Kind::can_wait`]:
//! what happens in discussions), a member chooses one mail each (the default), a daily or a
//! weekly digest. With a digest, those kinds get no mail of their own; [`send_digests`] mails
//! each member, once their period has passed, one message in their language listing what
//! came since the last one (nothing is sent when nothing came). [`digests`] runs it for the
//! life of the server.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use utoipa::ToSchema;

use super::Kind;
use crate::mail::Mail;
use crate::state::AppState;
use crate::store::{Db, now_ms};
use crate::web::error::AppError;
use crate::web::i18n::{I18n, Locale};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// Most items listed in one digest (the rest are counted).
const MAX_ITEMS: usize = 50;

/// How the kinds that can wait are mailed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// One mail per notification.
    #[default]
    Each,
    Daily,
    Weekly,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Frequency::Each, Frequency::Daily, Frequency::Weekly];

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Each => "each",
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
        }
    }

    pub fn parse(value: &str) -> Option<Frequency> {
        Frequency::ALL.into_iter().find(|f| f.as_str() == value)
    }

    fn period_ms(self) -> Option<i64> {
        match self {
            Frequency::Each => None,
            Frequency::Daily => Some(DAY_MS),
            Frequency::Weekly => Some(7 * DAY_MS),
        }
    }
}

pub async fn frequency(db: &Db, member_id: i64) -> sqlx::Result<Frequency> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT frequency FROM notification_digests WHERE member_id = $1")
            .bind(member_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(stored
        .as_deref()
        .and_then(Frequency::parse)
        .unwrap_or_default())
}

/// Sets the member's choice; a digest's period starts now.
pub async fn set_frequency(db: &Db, member_id: i64, frequency: Frequency) -> sqlx::Result<()> {
    if self::frequency(db, member_id).await? == frequency {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO notification_digests (member_id, frequency, last_sent_at) VALUES ($1, $2, $3)
         ON CONFLICT (member_id) DO UPDATE SET frequency = excluded.frequency,
             last_sent_at = excluded.last_sent_at",
    )
    .bind(member_id)
    .bind(frequency.as_str())
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct Due {
    member_id: i64,
    frequency: String,
    last_sent_at: i64,
    email: String,
    locale: String,
}

#[derive(FromRow)]
struct Waiting {
    kind: String,
    actor_name: Option<String>,
    link: String,
    detail: String,
}

/// Mails the digests due at `now`; answers how many were sent.
pub async fn send_digests(state: &AppState, now: i64) -> Result<usize, AppError> {
    let members: Vec<Due> = sqlx::query_as(
        "SELECT d.member_id, d.frequency, d.last_sent_at, m.email, m.locale
         FROM notification_digests d JOIN members m ON m.id = d.member_id
         WHERE d.frequency <> 'each' AND m.status = 'active' AND m.email_confirmed_at IS NOT NULL",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let kinds: Vec<&str> = Kind::ALL
        .into_iter()
        .filter(|k| k.can_wait())
        .map(Kind::as_str)
        .collect();
    let mut sent = 0;
    for due in members {
        let Some(period) = Frequency::parse(&due.frequency).and_then(Frequency::period_ms) else {
            continue;
        };
        if due.last_sent_at + period > now {
            continue;
        }
        let mut sql = crate::store::Sql::new(
            "SELECT n.kind, a.name AS actor_name, n.link, n.detail FROM notifications n
             LEFT JOIN members a ON a.id = n.actor_id
             WHERE n.member_id = ",
        );
        sql.push_bind(due.member_id)
            .push(" AND n.created_at > ")
            .push_bind(due.last_sent_at)
            .push(" AND n.created_at <= ")
            .push_bind(now)
            .push(" AND n.kind IN ")
            .push_list(&kinds)
            .push(
                " AND n.kind NOT IN (SELECT kind FROM notification_email_off o WHERE o.member_id = n.member_id)
                  ORDER BY n.created_at",
            );
        let waiting: Vec<Waiting> = sql.query_as().fetch_all(&state.db.pool).await?;
        sqlx::query("UPDATE notification_digests SET last_sent_at = $2 WHERE member_id = $1")
            .bind(due.member_id)
            .bind(now)
            .execute(&state.db.pool)
            .await?;
        if waiting.is_empty() || !state.mailer.is_enabled() {
            continue;
        }
        let i18n = I18n::new(Locale::parse(&due.locale).unwrap_or(Locale::En));
        let base = state.base_url();
        let mut lines = Vec::new();
        for item in waiting.iter().take(MAX_ITEMS) {
            if let Some(kind) = Kind::parse(&item.kind) {
                let text = kind.text(i18n, item.actor_name.as_deref().unwrap_or(""), &item.detail);
                lines.push(format!("- {text}\n  {base}{}", item.link));
            }
        }
        if waiting.len() > MAX_ITEMS {
            lines.push(i18n.count("mail-digest-more", (waiting.len() - MAX_ITEMS) as i64));
        }
        let count = waiting.len().to_string();
        state.mailer.send(Mail {
            to: due.email,
            subject: i18n.t_args(
                &format!("mail-digest-subject-{}", due.frequency),
                &[("count", &count)],
            ),
            body: i18n.t_args(
                "mail-digest-body",
                &[
                    ("items", &lines.join("\n\n")),
                    ("settings", &format!("{base}/settings/notifications")),
                ],
            ),
        });
        sent += 1;
    }
    Ok(sent)
}

/// Sends the digests that are due, every ten minutes, for the life of the server.
pub async fn digests(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        if let Err(err) = send_digests(&state, now_ms()).await {
            tracing::warn!(error = %err, "sending digests failed; trying again later");
        }
    }
}
