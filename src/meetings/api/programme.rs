//! Settings, profiles, the marketplace, availability and marks.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{SlotView, slot_view, utc};
use crate::meetings::model::{
    Direction, ItemKind, Mode, Preference, ProfileInput, RoomKind, Rule, SettingsInput, Window,
};
use crate::meetings::profiles::{self, MarketQuery, ProfileView, Reason};
use crate::meetings::programme::Programme;
use crate::meetings::{access, db, programme};
use crate::state::AppState;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

#[derive(Serialize, ToSchema)]
pub struct SettingsView {
    event_id: i64,
    enabled: bool,
    meeting_minutes: i64,
    break_minutes: i64,
    windows: Vec<Window>,
    max_meetings: i64,
    rule: Rule,
    group_a: String,
    group_b: String,
    request_deadline: Option<String>,
    request_ttl_minutes: Option<i64>,
    max_pending: i64,
    mode: Mode,
    room_kind: RoomKind,
    /// Organisers only (empty for others).
    room_base: String,
    /// Organisers only (empty for others).
    jitsi_app_id: String,
    /// Whether a Jitsi secret is stored; the secret itself is never answered.
    has_jitsi_secret: bool,
    published_at: Option<String>,
    /// Every slot, with its start in the reader's zone.
    slots: Vec<SlotView>,
}

fn settings_view(p: &Programme, organiser: bool, zone: &str) -> SettingsView {
    let s = &p.settings;
    SettingsView {
        event_id: p.id(),
        enabled: s.enabled,
        meeting_minutes: s.meeting_minutes,
        break_minutes: s.break_minutes,
        windows: s.windows.clone(),
        max_meetings: s.max_meetings,
        rule: s.rule,
        group_a: s.group_a.clone(),
        group_b: s.group_b.clone(),
        request_deadline: s.request_deadline.map(utc),
        request_ttl_minutes: s.request_ttl_minutes,
        max_pending: s.max_pending,
        mode: s.mode,
        room_kind: s.room_kind,
        room_base: if organiser {
            s.room_base.clone()
        } else {
            String::new()
        },
        jitsi_app_id: if organiser {
            s.jitsi_app_id.clone()
        } else {
            String::new()
        },
        has_jitsi_secret: organiser && !s.jitsi_secret.is_empty(),
        published_at: p.published_at.map(utc),
        slots: p.slots.iter().map(|slot| slot_view(*slot, zone)).collect(),
    }
}

/// The event's B2B programme: its settings and slots (organisers also see the video server).
#[utoipa::path(get, operation_id = "get_b2b_settings", path = "/api/v1/events/{id}/b2b", tag = "meetings", security(("bearer" = [])),
    responses((status = 200, body = SettingsView), (status = 404, description = "not_found, b2b_not_enabled")))]
pub async fn get_settings(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<SettingsView>, AppError> {
    let event = crate::events::visible(&state, Some(&member), id).await?;
    let organiser = event.is_organiser(&member);
    let programme = match programme::load(&state, event).await? {
        Some(p) if organiser || p.settings.enabled => p,
        _ => return Err(AppError::new(StatusCode::NOT_FOUND, "b2b_not_enabled")),
    };
    Ok(Json(settings_view(&programme, organiser, &member.timezone)))
}

/// Switches B2B on (or off, with `enabled: false`) and sets it up (the event's organisers).
#[utoipa::path(put, operation_id = "put_b2b_settings", path = "/api/v1/events/{id}/b2b", tag = "meetings", security(("bearer" = [])), request_body = SettingsInput,
    responses((status = 200, body = SettingsView), (status = 403, description = "forbidden"),
              (status = 422, description = "b2b_windows_invalid, b2b_window_outside_event, b2b_windows_overlap, b2b_windows_too_short, b2b_too_many_slots, number_out_of_range, url_invalid, b2b_secret_too_short, field_required")))]
pub async fn put_settings(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SettingsInput>,
) -> Result<Json<SettingsView>, AppError> {
    let programme = programme::save_settings(&state, &member, id, input).await?;
    Ok(Json(settings_view(&programme, true, &member.timezone)))
}

#[derive(Serialize, ToSchema)]
pub struct ItemView {
    direction: Direction,
    kind: ItemKind,
    title: String,
    description: String,
    topics: Vec<String>,
    countries: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ProfileOut {
    member_id: i64,
    name: String,
    timezone: String,
    organisation: String,
    pitch: String,
    languages: Vec<String>,
    /// `a` or `b` when the programme runs between two groups; else empty.
    group: String,
    items: Vec<ItemView>,
    /// The slots the participant can meet in (only in one's own profile).
    #[serde(skip_serializing_if = "Option::is_none")]
    availability: Option<Vec<SlotView>>,
    /// What the reader said about this participant.
    #[serde(skip_serializing_if = "Option::is_none")]
    preference: Option<Preference>,
}

fn profile_out(p: &ProfileView) -> ProfileOut {
    ProfileOut {
        member_id: p.row.member_id,
        name: p.row.name.clone(),
        timezone: p.row.timezone.clone(),
        organisation: p.row.organisation.clone(),
        pitch: p.row.pitch.clone(),
        languages: p.languages().iter().map(|l| l.to_string()).collect(),
        group: p.row.side.clone(),
        items: p
            .items
            .iter()
            .map(|i| ItemView {
                direction: Direction::parse(&i.direction).unwrap_or(Direction::Offer),
                kind: ItemKind::parse(&i.kind).unwrap_or(ItemKind::Service),
                title: i.title.clone(),
                description: i.description.clone(),
                topics: i.topics.split_whitespace().map(str::to_string).collect(),
                countries: i.countries.split_whitespace().map(str::to_string).collect(),
            })
            .collect(),
        availability: None,
        preference: None,
    }
}

/// The member's own cooperation profile for the event, with availability.
#[utoipa::path(get, operation_id = "get_b2b_profile", path = "/api/v1/events/{id}/b2b/profile", tag = "meetings", security(("bearer" = [])),
    responses((status = 200, body = ProfileOut), (status = 404, description = "not_found (no profile yet), b2b_not_enabled")))]
pub async fn get_profile(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<ProfileOut>, AppError> {
    let programme = access::participant(&state, &member, id).await?;
    let profile = profiles::profile(&state, id, member.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let slots = profiles::available(&state, &programme, &profile.row).await?;
    let mut out = profile_out(&profile);
    out.availability = Some(
        slots
            .into_iter()
            .map(|s| slot_view(s, &member.timezone))
            .collect(),
    );
    Ok(Json(out))
}

/// Writes the member's cooperation profile (participants: registered for the event).
#[utoipa::path(put, operation_id = "put_b2b_profile", path = "/api/v1/events/{id}/b2b/profile", tag = "meetings", security(("bearer" = [])), request_body = ProfileInput,
    responses((status = 201, body = ProfileOut), (status = 200, body = ProfileOut),
              (status = 403, description = "b2b_registration_required"),
              (status = 422, description = "text_too_long, topic_unknown, country_unknown, language_unknown, b2b_group_required, b2b_too_many_items, field_required")))]
pub async fn put_profile(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ProfileInput>,
) -> Result<(StatusCode, Json<ProfileOut>), AppError> {
    let new = profiles::save_profile(&state, &member, id, input).await?;
    let profile = profiles::profile(&state, id, member.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(profile_out(&profile))))
}

/// The marketplace: participants' profiles, searched and filtered (the caller's own left out).
#[utoipa::path(get, operation_id = "list_b2b_profiles", path = "/api/v1/events/{id}/b2b/profiles", tag = "meetings", security(("bearer" = [])), params(MarketQuery),
    responses((status = 200, body = Vec<ProfileOut>), (status = 422, description = "b2b_kind_unknown")))]
pub async fn profiles(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    Query(query): Query<MarketQuery>,
) -> Result<Json<Vec<ProfileOut>>, AppError> {
    let (_, found) = profiles::marketplace(&state, &member, id, &query).await?;
    let marks = db::preferences(&state.db, id, member.id).await?;
    Ok(Json(
        found
            .iter()
            .map(|p| {
                let mut out = profile_out(p);
                out.preference = marks
                    .iter()
                    .find(|(o, _)| *o == p.row.member_id)
                    .and_then(|(_, k)| Preference::parse(k));
                out
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct MatchOut {
    profile: ProfileOut,
    score: i64,
    reasons: Vec<Reason>,
}

/// Suggested partners, best first, each with the reasons.
#[utoipa::path(get, operation_id = "list_b2b_matches", path = "/api/v1/events/{id}/b2b/matches", tag = "meetings", security(("bearer" = [])),
    responses((status = 200, body = Vec<MatchOut>), (status = 409, description = "b2b_profile_required")))]
pub async fn matches(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Json<Vec<MatchOut>>, AppError> {
    let (_, found) = profiles::matches(&state, &member, id).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|m| {
                let mut profile = profile_out(&m.profile);
                profile.preference = m.preference;
                MatchOut {
                    profile,
                    score: m.score,
                    reasons: m.reasons,
                }
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct AvailabilityInput {
    /// Starts of the slots the member can meet in (RFC 3339 instants, or milliseconds).
    slots: Vec<String>,
}

/// Sets the slots the member can meet in (each must be one of the programme's slots).
#[utoipa::path(put, operation_id = "put_b2b_availability", path = "/api/v1/events/{id}/b2b/availability", tag = "meetings", security(("bearer" = [])), request_body = AvailabilityInput,
    responses((status = 200, body = Vec<SlotView>), (status = 409, description = "b2b_profile_required"),
              (status = 422, description = "b2b_slot_outside_windows, datetime_invalid")))]
pub async fn put_availability(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AvailabilityInput>,
) -> Result<Json<Vec<SlotView>>, AppError> {
    if input.slots.len() > crate::meetings::model::MAX_SLOTS {
        return Err(AppError::invalid("slots", "too_many_items"));
    }
    let starts = input
        .slots
        .iter()
        .map(|s| crate::meetings::bookings::parse_instant(s, "slots"))
        .collect::<Result<Vec<i64>, AppError>>()?;
    let slots = profiles::save_availability(&state, &member, id, &starts).await?;
    Ok(Json(
        slots
            .into_iter()
            .map(|s| slot_view(s, &member.timezone))
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct PreferenceInput {
    /// `must_meet`, `no_thanks`, or null to clear.
    preference: Option<Preference>,
}

/// Marks another participant "must meet" or "no thanks" (a hard veto), or clears the mark.
#[utoipa::path(put, operation_id = "put_b2b_preference", path = "/api/v1/events/{id}/b2b/preferences/{member_id}", tag = "meetings", security(("bearer" = [])), request_body = PreferenceInput,
    responses((status = 204), (status = 404, description = "not_found (no such participant)"), (status = 422, description = "b2b_not_yourself")))]
pub async fn put_preference(
    State(state): State<AppState>,
    member: CurrentMember,
    Path((id, other)): Path<(i64, i64)>,
    ApiJson(input): ApiJson<PreferenceInput>,
) -> Result<StatusCode, AppError> {
    profiles::set_preference(&state, &member, id, other, input.preference).await?;
    Ok(StatusCode::NO_CONTENT)
}
