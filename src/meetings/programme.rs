//! An event's B2B programme: its settings as organisers save them, and the slot grid that
//! follows from them.

use std::sync::Arc;

use jiff::tz::TimeZone;

use super::db::{self, SettingsRow};
use super::model::{Mode, RoomKind, Rule, Settings, SettingsInput, Slot, Window};
use crate::events::Schedule;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// An event with B2B switched on.
#[derive(Clone)]
pub struct Programme {
    pub event: Arc<Schedule>,
    pub settings: Settings,
    pub published_at: Option<i64>,
    pub slots: Vec<Slot>,
    /// The quality figures of the last draft (`scheduler::Quality` as JSON), if any.
    pub draft_quality: Option<serde_json::Value>,
}

impl Programme {
    pub fn id(&self) -> i64 {
        self.event.event.id
    }

    pub fn zone(&self) -> &TimeZone {
        &self.event.zone
    }

    pub fn slot_at(&self, starts_at: i64) -> Option<Slot> {
        self.slots
            .iter()
            .copied()
            .find(|s| s.starts_at == starts_at)
    }

    /// The name of group `a` or `b`.
    pub fn group_name(&self, side: &str) -> &str {
        match side {
            "a" => &self.settings.group_a,
            "b" => &self.settings.group_b,
            _ => "",
        }
    }
}

pub fn settings_of(row: &SettingsRow) -> Settings {
    Settings {
        enabled: row.enabled != 0,
        meeting_minutes: row.meeting_minutes,
        break_minutes: row.break_minutes,
        windows: serde_json::from_str::<Vec<Window>>(&row.windows).unwrap_or_default(),
        max_meetings: row.max_meetings,
        rule: Rule::parse(&row.rule).unwrap_or(Rule::Everyone),
        group_a: row.group_a.clone(),
        group_b: row.group_b.clone(),
        request_deadline: row.request_deadline,
        request_ttl_minutes: row.request_ttl_minutes,
        max_pending: row.max_pending,
        mode: Mode::parse(&row.mode).unwrap_or(Mode::SelfService),
        room_kind: RoomKind::parse(&row.room_kind).unwrap_or(RoomKind::Link),
        room_base: row.room_base.clone(),
        jitsi_app_id: row.jitsi_app_id.clone(),
        jitsi_secret: row.jitsi_secret.clone(),
    }
}

/// The event's programme as stored, whether switched on or not (`None`: never set up).
pub async fn load(state: &AppState, event: Arc<Schedule>) -> Result<Option<Programme>, AppError> {
    let Some(row) = db::settings(&state.db, event.event.id).await? else {
        return Ok(None);
    };
    let settings = settings_of(&row);
    let slots = settings.slots(&event.zone);
    Ok(Some(Programme {
        event,
        settings,
        published_at: row.published_at,
        slots,
        draft_quality: serde_json::from_str(&row.draft_quality).ok(),
    }))
}

/// Saves the settings (organisers of the event only; see [`super::access`]).
pub async fn save_settings(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    input: SettingsInput,
) -> Result<Programme, AppError> {
    let event = crate::events::organised(state, member, event_id).await?;
    let stored = db::settings(&state.db, event_id).await?;
    let secret = stored.as_ref().map_or("", |s| s.jitsi_secret.as_str());
    let settings = input.parse(&event.zone, &event.days(), secret)?;
    db::put_settings(&state.db, event_id, &settings).await?;
    // The event's page links the programme when it is open.
    crate::events::changed(state, event_id).await?;
    load(state, event)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("B2B settings vanished")))
}
