//! Events: an event week with tracks, rooms and sessions, links to the virtual rooms,
//! registration (with the organisers' questions) and waiting lists, a personal agenda,
//! iCalendar feeds, participant lists with CSV/XLSX export, and messages to participants.
//!
//! - **Who sees what** is decided here, in [`visible`]: a public event is open to everyone, a
//!   members-only one asks for a sign-in. Links to virtual rooms are shown to signed-in
//!   members only (and in their personal feed), so a public schedule does not invite
//!   strangers into the rooms.
//! - **Who changes what** is decided in one place, [`access`]: organisers (by their current
//!   role) listed on the event, and admins; every handler asks it first.
//! - **People by name**: co-organisers and speakers are picked from the members directory and
//!   shown by name ([`people`]); no page or API answer of events shows a login address.
//! - **Time**: every instant is stored in UTC; an event has an IANA zone and its days are dates
//!   in that zone. Pages show each time in the event's zone and in the viewer's zone (the
//!   `tz` query, else the browser's zone from the `tz` cookie that `static/events.js` sets,
//!   else the member's profile zone, else the event's), with the difference stated. See
//!   [`model`] for the rules and their tests.
//! - **Seats**: see [`db`]: a session is never over capacity, also under concurrent
//!   registrations; the waiting list moves up when someone leaves or the capacity grows.
//! - **Connections**: [`chat_context`] names the event for the chat capability (its channel)
//!   and the library (its folder of materials); session materials are links, which may point
//!   at library documents.

pub mod access;
mod api;
pub mod cache;
mod calendar;
pub mod db;
pub mod demo;
mod export;
pub mod model;
mod pages;
mod people;

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, patch, post};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use self::db::{
    EventRow, MaterialRow, NamedRow, PersonRow, QuestionRow, SessionRow, SpeakerRow, TextRow,
};
use self::model::{
    EventVisibility, QuestionKind, SeatStatus, SessionKind, parse_capacity, parse_description,
    parse_https_url, parse_languages, parse_optional_url, parse_title, parse_zone,
};
use crate::accounts::CurrentMember;
use crate::app::AppState;
use crate::notifications::{self, Kind};
use crate::store::now_ms;
use crate::web::error::AppError;
use crate::web::i18n::Locale;

pub use access::{organised, organised_session};
pub(crate) use api::ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events", get(pages::list))
        .route("/events/new", get(pages::new_form).post(pages::create))
        .route("/events/{id}", get(pages::schedule))
        .route("/events/{id}/edit", get(pages::edit_form).post(pages::edit))
        // Covers may be larger than axum's default body limit: the site-wide request limit
        // (max_photo_bytes plus room for a form) bounds them, `set_cover` checks exactly.
        .route(
            "/events/{id}/cover",
            post(pages::upload_cover).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/events/{id}/cover/delete", post(pages::delete_cover))
        .route("/media/covers/{blob}", get(api::cover))
        .route(
            "/events/{id}/sessions/new",
            get(pages::new_session_form).post(pages::create_session),
        )
        .route(
            "/events/{id}/register",
            get(pages::register_form).post(pages::register),
        )
        .route("/events/{id}/unregister", post(pages::unregister))
        .route("/events/{id}/participants", get(pages::participants))
        .route("/events/{id}/participants.csv", get(export::csv))
        .route("/events/{id}/participants.xlsx", get(export::xlsx))
        .route(
            "/events/{id}/messages",
            get(pages::messages).post(pages::send_message),
        )
        .route("/events/{id}/calendar.ics", get(api::event_calendar))
        .route("/sessions/{id}", get(pages::session))
        .route(
            "/sessions/{id}/edit",
            get(pages::edit_session_form).post(pages::edit_session),
        )
        .route("/sessions/{id}/delete", post(pages::delete_session))
        .route("/sessions/{id}/register", post(pages::take_seat))
        .route("/sessions/{id}/unregister", post(pages::leave_seat))
        .route("/sessions/{id}/calendar.ics", get(api::session_calendar))
        .route("/agenda", get(pages::agenda))
        .route("/agenda/feed", post(pages::renew_feed))
        .route("/calendar/{token}", get(api::feed))
        .route("/api/v1/events", get(api::list).post(api::create))
        .route(
            "/api/v1/events/{id}",
            get(api::get_event).patch(api::update),
        )
        .route(
            "/api/v1/events/{id}/cover",
            axum::routing::put(api::put_cover)
                .delete(api::delete_cover)
                .layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/api/v1/events/{id}/sessions", post(api::add_session))
        .route("/api/v1/events/{id}/schedule", get(api::schedule))
        .route(
            "/api/v1/events/{id}/registration",
            post(api::register).delete(api::unregister),
        )
        .route("/api/v1/events/{id}/participants", get(api::participants))
        .route("/api/v1/events/{id}/messages", post(api::send_message))
        .route(
            "/api/v1/sessions/{id}",
            patch(api::update_session).delete(api::delete_session),
        )
        .route(
            "/api/v1/sessions/{id}/registration",
            post(api::take_seat).delete(api::leave_seat),
        )
        .route("/api/v1/me/agenda", get(api::agenda))
        .route(
            "/api/v1/me/calendar-feed",
            get(api::calendar_feed)
                .post(api::renew_calendar_feed)
                .delete(api::revoke_calendar_feed),
        )
}

/// The name under which other capabilities file things that belong to an event: its chat
/// channel, its folder of library materials.
pub fn chat_context(event_id: i64) -> String {
    format!("event:{event_id}")
}

/// An event with everything its schedule shows, as stored (shared by all viewers).
pub struct Schedule {
    pub event: EventRow,
    pub zone: TimeZone,
    pub texts: Vec<TextRow>,
    pub organisers: Vec<PersonRow>,
    pub tracks: Vec<NamedRow>,
    pub rooms: Vec<NamedRow>,
    pub sessions: Vec<SessionFull>,
    pub questions: Vec<QuestionRow>,
}

pub struct SessionFull {
    pub row: SessionRow,
    /// The day (in the event's zone) the session starts on.
    pub day: jiff::civil::Date,
    pub speakers: Vec<SpeakerRow>,
    pub materials: Vec<MaterialRow>,
}

impl Schedule {
    fn text(&self, locale: Locale) -> Option<&TextRow> {
        let pairs: Vec<(String, &TextRow)> =
            self.texts.iter().map(|t| (t.locale.clone(), t)).collect();
        model::pick_text(&pairs, locale, &self.event.default_locale).copied()
    }

    /// The title in the reader's language, with the fallbacks of [`model::pick_text`].
    pub fn title(&self, locale: Locale) -> &str {
        self.text(locale).map_or("", |t| t.title.as_str())
    }

    pub fn description_html(&self, locale: Locale) -> &str {
        self.text(locale)
            .map_or("", |t| t.description_html.as_str())
    }

    pub fn visibility(&self) -> EventVisibility {
        EventVisibility::from_db(&self.event.visibility)
    }

    pub fn registration_open(&self) -> bool {
        self.event.registration == "open"
    }

    pub fn session(&self, id: i64) -> Option<&SessionFull> {
        self.sessions.iter().find(|s| s.row.id == id)
    }

    pub fn track_name(&self, id: Option<i64>) -> Option<&str> {
        id.and_then(|id| self.tracks.iter().find(|t| t.id == id))
            .map(|t| t.name.as_str())
    }

    pub fn room_name(&self, id: Option<i64>) -> Option<&str> {
        id.and_then(|id| self.rooms.iter().find(|t| t.id == id))
            .map(|t| t.name.as_str())
    }

    /// Whether the member organises this event (the rule is [`access::may_organise`]).
    pub fn is_organiser(&self, member: &CurrentMember) -> bool {
        access::may_organise(self, member)
    }

    /// The event's days, first to last.
    pub fn days(&self) -> Vec<jiff::civil::Date> {
        let (Ok(first), Ok(last)) = (
            self.event.starts_on.parse::<jiff::civil::Date>(),
            self.event.ends_on.parse::<jiff::civil::Date>(),
        ) else {
            return Vec::new();
        };
        first
            .series(jiff::ToSpan::day(1))
            .take_while(|d| *d <= last)
            .collect()
    }

    pub fn has_required_questions(&self) -> bool {
        self.questions.iter().any(|q| q.required != 0)
    }
}

/// The event's schedule, from the cache or the database; `None` when there is no such event.
pub async fn schedule(state: &AppState, id: i64) -> Result<Option<Arc<Schedule>>, AppError> {
    if let Some(found) = state.schedule_cache.get(&id) {
        return Ok(Some(found));
    }
    let Some(event) = db::event(&state.db, id).await? else {
        return Ok(None);
    };
    let db = &state.db;
    let (texts, organisers, tracks, rooms, sessions, speakers, materials, questions) = tokio::try_join!(
        db::texts(db, id),
        db::organisers(db, id),
        db::tracks(db, id),
        db::rooms(db, id),
        db::sessions(db, id),
        db::speakers(db, id),
        db::materials(db, id),
        db::questions(db, id),
    )?;
    let mut speakers_by: HashMap<i64, Vec<SpeakerRow>> = HashMap::new();
    for s in speakers {
        speakers_by.entry(s.session_id).or_default().push(s);
    }
    let mut materials_by: HashMap<i64, Vec<MaterialRow>> = HashMap::new();
    for m in materials {
        materials_by.entry(m.session_id).or_default().push(m);
    }
    let zone = crate::web::i18n::zone(&event.timezone);
    let sessions = sessions
        .into_iter()
        .map(|row| SessionFull {
            day: model::zoned(row.starts_at, &zone).date(),
            speakers: speakers_by.remove(&row.id).unwrap_or_default(),
            materials: materials_by.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect();
    let found = Arc::new(Schedule {
        zone,
        event,
        texts,
        organisers,
        tracks,
        rooms,
        sessions,
        questions,
    });
    state.schedule_cache.put(id, found.clone());
    Ok(Some(found))
}

/// The events a viewer may list (`signed_in`: members-only ones too), upcoming or `past`, each
/// with its title in `locale` (see [`model::pick_text`]). Reads only the event rows and their
/// texts, not whole schedules.
pub async fn listed(
    state: &AppState,
    signed_in: bool,
    past: bool,
    locale: Locale,
) -> Result<Vec<(EventRow, String)>, AppError> {
    let rows = db::list_events(&state.db, signed_in, past, now_ms()).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let texts = db::texts_of(&state.db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let pairs: Vec<(String, &TextRow)> = texts
                .iter()
                .filter(|t| t.event_id == row.id)
                .map(|t| (t.locale.clone(), t))
                .collect();
            let title = model::pick_text(&pairs, locale, &row.default_locale)
                .map(|t| t.title.clone())
                .unwrap_or_default();
            (row, title)
        })
        .collect())
}

/// The event, if the viewer may see it: 404 when there is none, 401 (a sign-in) when it is
/// for members and the viewer is anonymous.
pub async fn visible(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    id: i64,
) -> Result<Arc<Schedule>, AppError> {
    let found = schedule(state, id).await?.ok_or_else(AppError::not_found)?;
    if found.visibility() == EventVisibility::Members && viewer.is_none() {
        return Err(AppError::unauthenticated());
    }
    Ok(found)
}

/// The event a session belongs to, if the viewer may see it.
pub async fn session_event(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    session_id: i64,
) -> Result<Arc<Schedule>, AppError> {
    let event_id: Option<i64> =
        sqlx::query_scalar("SELECT event_id FROM event_sessions WHERE id = $1")
            .bind(session_id)
            .fetch_optional(&state.db.pool)
            .await?;
    let found = visible(state, viewer, event_id.ok_or_else(AppError::not_found)?).await?;
    if found.session(session_id).is_none() {
        // Added a moment ago on another instance: read it fresh.
        state.schedule_cache.remove(&found.event.id);
        return visible(state, viewer, found.event.id).await;
    }
    Ok(found)
}

fn changed(state: &AppState, event_id: i64) {
    state.schedule_cache.remove(&event_id);
}

/// Which zone to show the viewer's times in: an explicit `tz` (query), the browser's zone
/// (cookie), the member's profile zone (unless it is the default UTC), else the event's.
pub fn viewer_zone(
    explicit: Option<&str>,
    browser: Option<&str>,
    member: Option<&CurrentMember>,
    event_zone: &str,
) -> (String, TimeZone) {
    let candidates = [
        explicit,
        browser,
        member.map(|m| m.timezone.as_str()).filter(|z| *z != "UTC"),
        Some(event_zone),
    ];
    for name in candidates.into_iter().flatten() {
        if let Ok(found) = parse_zone(name) {
            return found;
        }
    }
    ("UTC".to_string(), TimeZone::UTC)
}

// ─── Events ─────────────────────────────────────────────────────────────────────────────

/// An event's title and description in one language.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct TextInput {
    /// en, de, ru or kk.
    pub locale: String,
    /// Empty removes this language.
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
}

/// A registration question.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct QuestionInput {
    /// Keep an existing question (and its answers) by its id.
    pub id: Option<i64>,
    pub label: String,
    #[serde(default = "text_kind")]
    pub kind: QuestionKind,
    /// The choices of a `choice` question.
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub required: bool,
}

fn text_kind() -> QuestionKind {
    QuestionKind::Text
}

/// An event to create, or changes to one (fields left out stay as they are).
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct EventInput {
    /// The title in `locale` (or the default language); a shortcut for one entry of `texts`.
    pub title: Option<String>,
    pub description: Option<String>,
    /// The language of `title` and `description`.
    pub locale: Option<String>,
    /// Titles and descriptions in up to four languages.
    pub texts: Option<Vec<TextInput>>,
    /// First day, `YYYY-MM-DD`, in the event's zone.
    pub starts_on: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub ends_on: Option<String>,
    /// IANA time zone, e.g. `Asia/Almaty`.
    pub timezone: Option<String>,
    pub visibility: Option<EventVisibility>,
    pub registration_open: Option<bool>,
    /// The language readers fall back to: en, de, ru or kk.
    pub default_locale: Option<String>,
    /// All organisers by member id (replaces the list); must not be empty. A member added
    /// must hold the organiser or admin role (`organiser_role_required`); one already listed
    /// may stay. Rights follow the current role: a listed member without it may not edit.
    pub organiser_ids: Option<Vec<i64>>,
    /// All registration questions (replaces the list).
    pub questions: Option<Vec<QuestionInput>>,
}

fn parse_locale(code: &str, field: &'static str) -> Result<Locale, AppError> {
    Locale::parse(code.trim()).ok_or_else(|| AppError::invalid(field, "locale_unknown"))
}

/// Creates an event; the creator becomes its first organiser.
pub async fn create_event(
    state: &AppState,
    member: &CurrentMember,
    input: EventInput,
) -> Result<i64, AppError> {
    access::may_create(member)?;
    for (value, field) in [
        (&input.starts_on, "starts_on"),
        (&input.ends_on, "ends_on"),
        (&input.timezone, "timezone"),
    ] {
        if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
            return Err(AppError::invalid(field, "field_required"));
        }
    }
    let texts = merge_texts(&[], &input, member.locale)?;
    if texts.is_empty() {
        return Err(AppError::invalid("title", "field_required"));
    }
    let default_locale = match &input.default_locale {
        Some(code) => parse_locale(code, "default_locale")?.code().to_string(),
        None => texts[0].0.clone(),
    };
    let write = event_write(&input, None, &default_locale, &texts)?;
    let mut tx = state.db.pool.begin().await?;
    let id = db::insert_event(&mut tx, &write.as_write(), member.id).await?;
    for (locale, title, description, html) in &texts {
        db::put_text(&mut tx, id, locale, title, description, html).await?;
    }
    if let Some(ids) = &input.organiser_ids {
        let mut ids = check_organisers(state, ids, &[]).await?;
        if !ids.contains(&member.id) && !member.role.is_admin() {
            ids.push(member.id);
        }
        db::set_organisers(&mut tx, id, &ids).await?;
    }
    if let Some(questions) = &input.questions {
        db::set_questions(&mut tx, id, &parse_questions(questions, &[])?).await?;
    }
    tx.commit().await?;
    if let Some(schedule) = schedule(state, id).await? {
        let channel = event_channel(state, &schedule).await?;
        for organiser in &schedule.organisers {
            crate::chat::add_context_member(state, channel, organiser.id).await?;
        }
    }
    Ok(id)
}

/// The event's chat channel (made on first use), where its participants and organisers talk.
pub async fn event_channel(state: &AppState, schedule: &Schedule) -> Result<i64, AppError> {
    let title = schedule.title(Locale::parse(&schedule.event.default_locale).unwrap_or(Locale::En));
    crate::chat::ensure_context_channel(state, &chat_context(schedule.event.id), title).await
}

/// Whether the member belongs in the event's chat: registered, or one of its organisers.
async fn join_event_channel(
    state: &AppState,
    schedule: &Schedule,
    member_id: i64,
) -> Result<(), AppError> {
    let channel = event_channel(state, schedule).await?;
    crate::chat::add_context_member(state, channel, member_id).await?;
    Ok(())
}

/// Changes an event; only its organisers may.
pub async fn update_event(
    state: &AppState,
    member: &CurrentMember,
    id: i64,
    input: EventInput,
) -> Result<(), AppError> {
    let current = organised(state, member, id).await?;
    let existing: Vec<(String, String, String, String)> = current
        .texts
        .iter()
        .map(|t| {
            (
                t.locale.clone(),
                t.title.clone(),
                t.description.clone(),
                t.description_html.clone(),
            )
        })
        .collect();
    let texts = merge_texts(&existing, &input, member.locale)?;
    if texts.is_empty() {
        return Err(AppError::invalid("title", "field_required"));
    }
    let default_locale = match &input.default_locale {
        Some(code) => parse_locale(code, "default_locale")?.code().to_string(),
        None if texts.iter().any(|t| t.0 == current.event.default_locale) => {
            current.event.default_locale.clone()
        }
        None => texts[0].0.clone(),
    };
    let write = event_write(&input, Some(&current.event), &default_locale, &texts)?;
    // Sessions keep their instants: the new days must still hold them all.
    for s in &current.sessions {
        if s.row.starts_at < write.starts_at || s.row.ends_at > write.ends_at {
            return Err(AppError::invalid("starts_on", "event_excludes_sessions"));
        }
    }
    let listed: Vec<i64> = current.organisers.iter().map(|o| o.id).collect();
    let organisers = match &input.organiser_ids {
        Some(ids) => Some(check_organisers(state, ids, &listed).await?),
        None => None,
    };
    let questions = match &input.questions {
        Some(q) => {
            let known: Vec<i64> = current.questions.iter().map(|q| q.id).collect();
            Some(parse_questions(q, &known)?)
        }
        None => None,
    };
    let mut tx = state.db.pool.begin().await?;
    db::update_event(&mut tx, id, &write.as_write()).await?;
    for (locale, ..) in &existing {
        if !texts.iter().any(|t| &t.0 == locale) {
            db::delete_text(&mut tx, id, locale).await?;
        }
    }
    for (locale, title, description, html) in &texts {
        db::put_text(&mut tx, id, locale, title, description, html).await?;
    }
    if let Some(ids) = &organisers {
        db::set_organisers(&mut tx, id, ids).await?;
    }
    if let Some(questions) = &questions {
        db::set_questions(&mut tx, id, questions).await?;
    }
    tx.commit().await?;
    changed(state, id);
    Ok(())
}

/// The event's texts after applying `input` to `existing`: (locale, title, description, html).
fn merge_texts(
    existing: &[(String, String, String, String)],
    input: &EventInput,
    fallback: Locale,
) -> Result<Vec<(String, String, String, String)>, AppError> {
    let mut texts: Vec<(String, String, String, String)> = existing.to_vec();
    let mut changes: Vec<TextInput> = input.texts.clone().unwrap_or_default();
    if input.title.is_some() || input.description.is_some() {
        let locale = match &input.locale {
            Some(code) => parse_locale(code, "locale")?,
            None => input
                .default_locale
                .as_deref()
                .and_then(Locale::parse)
                .or_else(|| existing.first().and_then(|t| Locale::parse(&t.0)))
                .unwrap_or(fallback),
        };
        let current = texts.iter().find(|t| t.0 == locale.code());
        changes.push(TextInput {
            locale: locale.code().to_string(),
            title: input
                .title
                .clone()
                .or_else(|| current.map(|t| t.1.clone()))
                .unwrap_or_default(),
            description: input
                .description
                .clone()
                .or_else(|| current.map(|t| t.2.clone()))
                .unwrap_or_default(),
        });
    }
    for change in changes {
        let locale = parse_locale(&change.locale, "locale")?.code().to_string();
        texts.retain(|t| t.0 != locale);
        if change.title.trim().is_empty() {
            continue;
        }
        let title = parse_title(&change.title, "title", model::TITLE_MAX)?;
        let (description, html) = parse_description(&change.description, "description")?;
        texts.push((locale, title, description, html));
    }
    texts.sort_by_key(|t| Locale::parse(&t.0).map_or(9, |l| l as usize));
    Ok(texts)
}

struct ParsedEvent {
    timezone: String,
    starts_on: String,
    ends_on: String,
    starts_at: i64,
    ends_at: i64,
    visibility: &'static str,
    registration: &'static str,
    default_locale: String,
}

impl ParsedEvent {
    fn as_write(&self) -> db::EventWrite<'_> {
        db::EventWrite {
            timezone: &self.timezone,
            starts_on: &self.starts_on,
            ends_on: &self.ends_on,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            visibility: self.visibility,
            registration: self.registration,
            default_locale: &self.default_locale,
        }
    }
}

fn event_write(
    input: &EventInput,
    current: Option<&EventRow>,
    default_locale: &str,
    texts: &[(String, String, String, String)],
) -> Result<ParsedEvent, AppError> {
    let pick = |new: &Option<String>, old: Option<&String>| -> String {
        new.clone().or_else(|| old.cloned()).unwrap_or_default()
    };
    let (timezone, zone) = parse_zone(&pick(&input.timezone, current.map(|c| &c.timezone)))?;
    let (first, last) = model::parse_days(
        &pick(&input.starts_on, current.map(|c| &c.starts_on)),
        &pick(&input.ends_on, current.map(|c| &c.ends_on)),
    )?;
    let (start, end) = model::day_span(first, last, &zone)?;
    if !texts.iter().any(|t| t.0 == default_locale) {
        return Err(AppError::invalid(
            "default_locale",
            "default_locale_without_title",
        ));
    }
    let visibility = input
        .visibility
        .or_else(|| current.map(|c| EventVisibility::from_db(&c.visibility)))
        .unwrap_or(EventVisibility::Public);
    let open = input
        .registration_open
        .unwrap_or_else(|| current.is_none_or(|c| c.registration == "open"));
    Ok(ParsedEvent {
        timezone,
        starts_on: first.to_string(),
        ends_on: last.to_string(),
        starts_at: start.as_millisecond(),
        ends_at: end.as_millisecond(),
        visibility: visibility.as_str(),
        registration: if open { "open" } else { "closed" },
        default_locale: default_locale.to_string(),
    })
}

/// The organisers to store: active members, each holding the organiser (or admin) role
/// unless already `listed` (a demoted organiser may stay listed, without rights; see
/// [`access`]).
async fn check_organisers(
    state: &AppState,
    ids: &[i64],
    listed: &[i64],
) -> Result<Vec<i64>, AppError> {
    let mut unique: Vec<i64> = Vec::new();
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    if unique.is_empty() {
        return Err(AppError::invalid("organiser_ids", "organisers_required"));
    }
    if unique.len() > 20 {
        return Err(AppError::invalid("organiser_ids", "too_many_items"));
    }
    let active = db::active_members(&state.db, &unique).await?;
    if active.len() != unique.len() {
        return Err(AppError::invalid("organiser_ids", "member_unknown"));
    }
    let new: Vec<i64> = unique
        .iter()
        .copied()
        .filter(|id| !listed.contains(id))
        .collect();
    if db::organisers_by_role(&state.db, &new).await?.len() != new.len() {
        return Err(AppError::invalid(
            "organiser_ids",
            "organiser_role_required",
        ));
    }
    Ok(unique)
}

type ParsedQuestion = (Option<i64>, String, String, String, bool);

fn parse_questions(
    input: &[QuestionInput],
    known: &[i64],
) -> Result<Vec<ParsedQuestion>, AppError> {
    if input.len() > model::QUESTIONS_MAX {
        return Err(AppError::invalid("questions", "too_many_items"));
    }
    input
        .iter()
        .map(|q| {
            if q.id.is_some_and(|id| !known.contains(&id)) {
                return Err(AppError::invalid("questions", "question_unknown"));
            }
            let label = parse_title(&q.label, "questions", model::TITLE_MAX)?;
            let mut options = Vec::new();
            for option in &q.options {
                let option = parse_title(option, "questions", model::NAME_MAX)?;
                if !options.contains(&option) {
                    options.push(option);
                }
            }
            if q.kind == QuestionKind::Choice && options.len() < 2 {
                return Err(AppError::invalid("questions", "question_needs_options"));
            }
            if q.kind == QuestionKind::Text {
                options.clear();
            }
            Ok((
                q.id,
                label,
                q.kind.as_str().to_string(),
                options.join("\n"),
                q.required,
            ))
        })
        .collect()
}

// ─── Sessions ───────────────────────────────────────────────────────────────────────────

#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct SpeakerInput {
    /// A member who speaks …
    pub member_id: Option<i64>,
    /// … or a guest, by name, with a short bio.
    pub name: Option<String>,
    pub bio: Option<String>,
}

#[derive(Clone, Debug, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct MaterialInput {
    pub title: String,
    /// An https link (a library document's page, slides, a report).
    pub url: String,
}

/// `Some(None)` for an explicit `null` (clear), `None` when the field is left out.
fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

/// A session to add, or changes to one (fields left out stay as they are).
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct SessionInput {
    pub title: Option<String>,
    /// Markdown.
    pub description: Option<String>,
    pub kind: Option<SessionKind>,
    /// A track by name (created when new); empty for none.
    pub track: Option<String>,
    /// A room by name (created when new); empty for none.
    pub room: Option<String>,
    /// RFC 3339 with offset, or a local `YYYY-MM-DDTHH:MM` in the event's zone.
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    /// Spoken languages (ISO 639-1).
    pub languages: Option<Vec<String>>,
    /// Languages interpreted into.
    pub interpretation: Option<Vec<String>>,
    /// The virtual room: an https link.
    pub join_url: Option<String>,
    /// The recording, afterwards: an https link.
    pub recording_url: Option<String>,
    /// Seats; `null` for unlimited.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub capacity: Option<Option<i64>>,
    pub speakers: Option<Vec<SpeakerInput>>,
    pub materials: Option<Vec<MaterialInput>>,
}

struct ParsedSession {
    kind: SessionKind,
    title: String,
    description: String,
    description_html: String,
    track: String,
    room: String,
    starts_at: i64,
    ends_at: i64,
    languages: String,
    interpretation: String,
    join_url: String,
    recording_url: String,
    capacity: Option<i64>,
    speakers: Option<Vec<(Option<i64>, String, String)>>,
    materials: Option<Vec<(String, String)>>,
}

async fn parse_session(
    state: &AppState,
    schedule: &Schedule,
    current: Option<&SessionFull>,
    input: SessionInput,
) -> Result<ParsedSession, AppError> {
    let cur = current.map(|c| &c.row);
    let title = match (&input.title, cur) {
        (Some(t), _) => parse_title(t, "title", model::TITLE_MAX)?,
        (None, Some(c)) => c.title.clone(),
        (None, None) => return Err(AppError::invalid("title", "field_required")),
    };
    let (description, description_html) = match (&input.description, cur) {
        (Some(d), _) => parse_description(d, "description")?,
        (None, Some(c)) => (c.description.clone(), c.description_html.clone()),
        (None, None) => (String::new(), String::new()),
    };
    let kind = input
        .kind
        .or_else(|| cur.map(|c| SessionKind::from_db(&c.kind)))
        .unwrap_or(SessionKind::Talk);
    let name = |new: &Option<String>, old: Option<&str>, field| -> Result<String, AppError> {
        match new {
            Some(n) if n.trim().is_empty() => Ok(String::new()),
            Some(n) => parse_title(n, field, model::NAME_MAX),
            None => Ok(old.unwrap_or_default().to_string()),
        }
    };
    let track = name(
        &input.track,
        cur.and_then(|c| schedule.track_name(c.track_id)),
        "track",
    )?;
    let room = name(
        &input.room,
        cur.and_then(|c| schedule.room_name(c.room_id)),
        "room",
    )?;
    let instant = |new: &Option<String>, old: Option<i64>, field| -> Result<i64, AppError> {
        match (new, old) {
            (Some(v), _) => Ok(model::parse_instant(v, &schedule.zone, field)?.as_millisecond()),
            (None, Some(old)) => Ok(old),
            (None, None) => Err(AppError::invalid(field, "field_required")),
        }
    };
    let starts_at = instant(&input.starts_at, cur.map(|c| c.starts_at), "starts_at")?;
    let ends_at = instant(&input.ends_at, cur.map(|c| c.ends_at), "ends_at")?;
    let ts = |ms| Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
    model::check_session_times(
        ts(starts_at),
        ts(ends_at),
        (ts(schedule.event.starts_at), ts(schedule.event.ends_at)),
    )?;
    let list =
        |new: &Option<Vec<String>>, old: Option<&String>, field| -> Result<String, AppError> {
            match new {
                Some(codes) => Ok(parse_languages(codes, field)?.join(",")),
                None => Ok(old.cloned().unwrap_or_default()),
            }
        };
    let languages = list(&input.languages, cur.map(|c| &c.languages), "languages")?;
    let interpretation = list(
        &input.interpretation,
        cur.map(|c| &c.interpretation),
        "interpretation",
    )?;
    let url = |new: &Option<String>, old: Option<&String>, field| -> Result<String, AppError> {
        match new {
            Some(v) => parse_optional_url(v, field),
            None => Ok(old.cloned().unwrap_or_default()),
        }
    };
    let join_url = url(&input.join_url, cur.map(|c| &c.join_url), "join_url")?;
    let recording_url = url(
        &input.recording_url,
        cur.map(|c| &c.recording_url),
        "recording_url",
    )?;
    let capacity = match input.capacity {
        Some(value) => parse_capacity(value)?,
        None => cur.and_then(|c| c.capacity),
    };
    let speakers = match input.speakers {
        Some(list) => Some(parse_speakers(state, &list).await?),
        None => None,
    };
    let materials = match input.materials {
        Some(list) => {
            if list.len() > model::MATERIALS_MAX {
                return Err(AppError::invalid("materials", "too_many_items"));
            }
            let mut out = Vec::new();
            for m in list {
                out.push((
                    parse_title(&m.title, "materials", model::TITLE_MAX)?,
                    parse_https_url(&m.url, "materials")?,
                ));
            }
            Some(out)
        }
        None => None,
    };
    Ok(ParsedSession {
        kind,
        title,
        description,
        description_html,
        track,
        room,
        starts_at,
        ends_at,
        languages,
        interpretation,
        join_url,
        recording_url,
        capacity,
        speakers,
        materials,
    })
}

async fn parse_speakers(
    state: &AppState,
    list: &[SpeakerInput],
) -> Result<Vec<(Option<i64>, String, String)>, AppError> {
    if list.len() > model::SPEAKERS_MAX {
        return Err(AppError::invalid("speakers", "too_many_items"));
    }
    let member_ids: Vec<i64> = list.iter().filter_map(|s| s.member_id).collect();
    let active = db::active_members(&state.db, &member_ids).await?;
    let mut out = Vec::new();
    for speaker in list {
        let bio = match &speaker.bio {
            Some(b) if !b.trim().is_empty() => {
                let b = b.trim();
                if b.chars().count() > 1_000 {
                    return Err(AppError::invalid("speakers", "text_too_long"));
                }
                b.to_string()
            }
            _ => String::new(),
        };
        match (speaker.member_id, &speaker.name) {
            (Some(id), _) => {
                if !active.contains(&id) {
                    return Err(AppError::invalid("speakers", "member_unknown"));
                }
                out.push((Some(id), String::new(), bio));
            }
            (None, Some(name)) => {
                out.push((None, parse_title(name, "speakers", model::NAME_MAX)?, bio));
            }
            (None, None) => return Err(AppError::invalid("speakers", "field_required")),
        }
    }
    Ok(out)
}

async fn session_write_ids(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    event_id: i64,
    parsed: &ParsedSession,
) -> Result<(Option<i64>, Option<i64>), AppError> {
    let track = if parsed.track.is_empty() {
        None
    } else {
        Some(db::named_id(tx, "event_tracks", event_id, &parsed.track).await?)
    };
    let room = if parsed.room.is_empty() {
        None
    } else {
        Some(db::named_id(tx, "event_rooms", event_id, &parsed.room).await?)
    };
    Ok((track, room))
}

fn session_write<'a>(
    parsed: &'a ParsedSession,
    ids: (Option<i64>, Option<i64>),
) -> db::SessionWrite<'a> {
    db::SessionWrite {
        track_id: ids.0,
        room_id: ids.1,
        kind: parsed.kind.as_str(),
        title: &parsed.title,
        description: &parsed.description,
        description_html: &parsed.description_html,
        starts_at: parsed.starts_at,
        ends_at: parsed.ends_at,
        languages: &parsed.languages,
        interpretation: &parsed.interpretation,
        join_url: &parsed.join_url,
        recording_url: &parsed.recording_url,
        capacity: parsed.capacity,
    }
}

/// Adds a session to an event; only its organisers may.
pub async fn add_session(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    input: SessionInput,
) -> Result<i64, AppError> {
    let schedule = organised(state, member, event_id).await?;
    let parsed = parse_session(state, &schedule, None, input).await?;
    let mut tx = state.db.pool.begin().await?;
    let ids = session_write_ids(&mut tx, event_id, &parsed).await?;
    let id = db::insert_session(&mut tx, event_id, &session_write(&parsed, ids)).await?;
    if let Some(speakers) = &parsed.speakers {
        db::set_speakers(&mut tx, id, speakers).await?;
    }
    if let Some(materials) = &parsed.materials {
        db::set_materials(&mut tx, id, materials).await?;
    }
    tx.commit().await?;
    changed(state, event_id);
    Ok(id)
}

/// Changes a session. A capacity below the seats already taken is refused; a larger one
/// moves the waiting list up.
pub async fn update_session(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
    input: SessionInput,
) -> Result<i64, AppError> {
    let schedule = organised_session(state, member, session_id).await?;
    let current = schedule
        .session(session_id)
        .ok_or_else(AppError::not_found)?;
    let parsed = parse_session(state, &schedule, Some(current), input).await?;
    let mut tx = state.db.pool.begin().await?;
    db::lock_session(&mut tx, session_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let taken = db::seats_taken(&mut tx, session_id).await?;
    if parsed.capacity.is_some_and(|c| c < taken) {
        return Err(AppError::invalid(
            "capacity",
            "capacity_below_registrations",
        ));
    }
    let ids = session_write_ids(&mut tx, schedule.event.id, &parsed).await?;
    db::update_session(&mut tx, session_id, &session_write(&parsed, ids)).await?;
    if let Some(speakers) = &parsed.speakers {
        db::set_speakers(&mut tx, session_id, speakers).await?;
    }
    if let Some(materials) = &parsed.materials {
        db::set_materials(&mut tx, session_id, materials).await?;
    }
    let free = parsed.capacity.map_or(i64::MAX, |c| c - taken);
    let promoted = db::promote(&mut tx, session_id, free).await?;
    tx.commit().await?;
    changed(state, schedule.event.id);
    notify_seats(state, &promoted, session_id, &parsed.title).await?;
    Ok(schedule.event.id)
}

/// Deletes a session; those registered hear of it.
pub async fn delete_session(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
) -> Result<i64, AppError> {
    let schedule = organised_session(state, member, session_id).await?;
    let title = schedule
        .session(session_id)
        .map(|s| s.row.title.clone())
        .unwrap_or_default();
    let holders: Vec<i64> =
        sqlx::query_scalar("SELECT member_id FROM session_registrations WHERE session_id = $1")
            .bind(session_id)
            .fetch_all(&state.db.pool)
            .await?;
    db::delete_session(&state.db, session_id).await?;
    changed(state, schedule.event.id);
    let link = format!("/events/{}", schedule.event.id);
    for id in holders {
        notifications::notify_about(
            state,
            id,
            Kind::SessionCancelled,
            Some(member.id),
            &link,
            &title,
            None,
        )
        .await?;
    }
    Ok(schedule.event.id)
}

async fn notify_seats(
    state: &AppState,
    members: &[i64],
    session_id: i64,
    title: &str,
) -> Result<(), AppError> {
    let link = format!("/sessions/{session_id}");
    for id in members {
        notifications::notify_about(state, *id, Kind::SeatConfirmed, None, &link, title, None)
            .await?;
    }
    Ok(())
}

// ─── Registration ───────────────────────────────────────────────────────────────────────

/// Registers the member for the event with answers to its questions (question id → answer);
/// registering again updates the answers. Returns whether the registration is new.
pub async fn register(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    answers: &HashMap<i64, String>,
) -> Result<bool, AppError> {
    let schedule = visible(state, Some(member), event_id).await?;
    let already = db::is_registered(&state.db, event_id, member.id).await?;
    if !already && !schedule.registration_open() {
        return Err(AppError::conflict("registration_closed"));
    }
    if !already && schedule.event.ends_at <= now_ms() {
        return Err(AppError::conflict("event_over"));
    }
    let parsed = parse_answers(&schedule, answers)?;
    let mut tx = state.db.pool.begin().await?;
    db::register_event(&mut tx, event_id, member.id, &parsed).await?;
    tx.commit().await?;
    join_event_channel(state, &schedule, member.id).await?;
    Ok(!already)
}

fn parse_answers(
    schedule: &Schedule,
    answers: &HashMap<i64, String>,
) -> Result<Vec<(i64, String)>, AppError> {
    if answers
        .keys()
        .any(|id| !schedule.questions.iter().any(|q| q.id == *id))
    {
        return Err(AppError::invalid("answers", "question_unknown"));
    }
    let mut out = Vec::new();
    for question in &schedule.questions {
        let answer = answers.get(&question.id).map(|a| a.trim()).unwrap_or("");
        if answer.is_empty() {
            if question.required != 0 {
                return Err(AppError::invalid("answers", "answer_required"));
            }
            continue;
        }
        if answer.chars().count() > model::ANSWER_MAX {
            return Err(AppError::invalid("answers", "text_too_long"));
        }
        if QuestionKind::from_db(&question.kind) == QuestionKind::Choice
            && !question.options.lines().any(|o| o == answer)
        {
            return Err(AppError::invalid("answers", "answer_not_an_option"));
        }
        out.push((question.id, answer.to_string()));
    }
    Ok(out)
}

/// Cancels the member's registration for the event and their seats in its sessions.
pub async fn unregister(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<(), AppError> {
    let schedule = visible(state, Some(member), event_id).await?;
    let mut tx = state.db.pool.begin().await?;
    db::lock_event(&mut tx, event_id).await?;
    let mut seats = db::seats_in_event(&mut tx, event_id, member.id).await?;
    seats.sort_unstable(); // lock in one order: no deadlock with another cancelling member
    let mut promoted = Vec::new();
    for session_id in seats {
        let moved = release_seat(&mut tx, session_id, member.id)
            .await?
            .unwrap_or_default();
        promoted.push((session_id, moved));
    }
    let existed = db::unregister_event(&mut tx, event_id, member.id).await?;
    tx.commit().await?;
    if !existed {
        return Err(AppError::not_found());
    }
    changed(state, event_id);
    if !schedule.is_organiser(member) {
        let channel = event_channel(state, &schedule).await?;
        crate::chat::remove_context_member(state, channel, member.id).await?;
    }
    for (session_id, members) in promoted {
        let title = schedule
            .session(session_id)
            .map(|s| s.row.title.as_str())
            .unwrap_or("");
        notify_seats(state, &members, session_id, title).await?;
    }
    Ok(())
}

/// Frees the member's seat (or place in the queue), taking the session's lock first; returns
/// who moved up, or `None` when the member held nothing.
async fn release_seat(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    session_id: i64,
    member_id: i64,
) -> Result<Option<Vec<i64>>, AppError> {
    let capacity = db::lock_session(tx, session_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let Some(status) = db::seat(tx, session_id, member_id).await? else {
        return Ok(None);
    };
    db::delete_seat(tx, session_id, member_id).await?;
    if status != SeatStatus::Registered {
        return Ok(Some(Vec::new()));
    }
    let taken = db::seats_taken(tx, session_id).await?;
    let free = capacity.map_or(i64::MAX, |c| c - taken);
    Ok(Some(db::promote(tx, session_id, free).await?))
}

/// What a registration for a session gave.
#[derive(Clone, Copy, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Seat {
    pub status: SeatStatus,
    /// Place on the waiting list (1 = next), when waiting.
    pub waiting_position: Option<i64>,
    /// False when the member already held this seat or place.
    pub new: bool,
}

/// Takes a seat in a session, or a place on its waiting list when it is full. Registers for
/// the event too when it asks no required questions.
pub async fn take_seat(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
) -> Result<Seat, AppError> {
    let schedule = session_event(state, Some(member), session_id).await?;
    let session = schedule
        .session(session_id)
        .ok_or_else(AppError::not_found)?;
    if session.row.ends_at <= now_ms() {
        return Err(AppError::conflict("session_over"));
    }
    let event_id = schedule.event.id;
    let registered = db::is_registered(&state.db, event_id, member.id).await?;
    if !registered {
        if !schedule.registration_open() {
            return Err(AppError::conflict("registration_closed"));
        }
        if schedule.has_required_questions() {
            return Err(AppError::conflict("event_registration_required"));
        }
    }
    let mut tx = state.db.pool.begin().await?;
    let capacity = db::lock_session(&mut tx, session_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if !registered {
        db::register_event(&mut tx, event_id, member.id, &[]).await?;
    }
    let (status, new) = match db::seat(&mut tx, session_id, member.id).await? {
        Some(status) => (status, false),
        None => {
            let taken = db::seats_taken(&mut tx, session_id).await?;
            let status = match capacity {
                Some(c) if taken >= c => SeatStatus::Waiting,
                _ => SeatStatus::Registered,
            };
            db::insert_seat(&mut tx, session_id, member.id, status).await?;
            (status, true)
        }
    };
    let waiting_position = if status == SeatStatus::Waiting {
        Some(
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM session_registrations WHERE session_id = $1 AND status = 'waiting'
                 AND id <= (SELECT id FROM session_registrations WHERE session_id = $1 AND member_id = $2)",
            )
            .bind(session_id)
            .bind(member.id)
            .fetch_one(&mut *tx)
            .await?,
        )
    } else {
        None
    };
    tx.commit().await?;
    changed(state, event_id);
    if !registered {
        join_event_channel(state, &schedule, member.id).await?;
    }
    Ok(Seat {
        status,
        waiting_position,
        new,
    })
}

/// Gives up a seat or a place on the waiting list.
pub async fn leave_seat(
    state: &AppState,
    member: &CurrentMember,
    session_id: i64,
) -> Result<i64, AppError> {
    let schedule = session_event(state, Some(member), session_id).await?;
    let mut tx = state.db.pool.begin().await?;
    let released = release_seat(&mut tx, session_id, member.id).await?;
    tx.commit().await?;
    let Some(promoted) = released else {
        return Err(AppError::not_found());
    };
    changed(state, schedule.event.id);
    let title = schedule
        .session(session_id)
        .map(|s| s.row.title.as_str())
        .unwrap_or("");
    notify_seats(state, &promoted, session_id, title).await?;
    Ok(schedule.event.id)
}

// ─── Agenda, feeds, messages ────────────────────────────────────────────────────────────

/// One entry of a member's agenda.
pub struct AgendaItem {
    pub row: db::AgendaRow,
    pub event_title: String,
    /// Other entries (session ids) whose times overlap this one.
    pub overlaps_with: Vec<i64>,
}

/// The member's sessions from today on (registered or waiting), with overlaps found.
pub async fn agenda(state: &AppState, member: &CurrentMember) -> Result<Vec<AgendaItem>, AppError> {
    let since = now_ms() - 24 * 3_600_000;
    let rows = db::agenda(&state.db, member.id, since).await?;
    let mut event_ids: Vec<i64> = rows.iter().map(|r| r.event_id).collect();
    event_ids.dedup();
    let texts = db::texts_of(&state.db, &event_ids).await?;
    let ts = |ms| Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
    let spans: Vec<(Timestamp, Timestamp)> = rows
        .iter()
        .map(|r| (ts(r.starts_at), ts(r.ends_at)))
        .collect();
    let pairs = model::overlaps(&spans);
    Ok(rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let pairs_of_event: Vec<(String, &TextRow)> = texts
                .iter()
                .filter(|t| t.event_id == row.event_id)
                .map(|t| (t.locale.clone(), t))
                .collect();
            let event_title =
                model::pick_text(&pairs_of_event, member.locale, &row.event_default_locale)
                    .map(|t| t.title.clone())
                    .unwrap_or_default();
            let overlaps_with = pairs
                .iter()
                .filter_map(|&(a, b)| match (a == i, b == i) {
                    (true, _) => Some(rows[b].session_id),
                    (_, true) => Some(rows[a].session_id),
                    _ => None,
                })
                .collect();
            AgendaItem {
                row: row.clone(),
                event_title,
                overlaps_with,
            }
        })
        .collect())
}

/// The secret of the member's personal calendar feed, made on first use; `renew` replaces it
/// (the old address stops working at once).
pub async fn feed_token(
    state: &AppState,
    member: &CurrentMember,
    renew: bool,
) -> Result<String, AppError> {
    if !renew && let Some(token) = db::feed_token(&state.db, member.id).await? {
        return Ok(token);
    }
    let token = crate::accounts::random_token();
    db::put_feed_token(&state.db, member.id, &token).await?;
    Ok(token)
}

pub async fn revoke_feed(state: &AppState, member: &CurrentMember) -> Result<(), AppError> {
    db::delete_feed_token(&state.db, member.id).await?;
    Ok(())
}

/// Sends a message to everyone registered for the event: in the app, and by email when mail
/// is on (unless they turned event messages off). Returns how many it reached.
pub async fn message_participants(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    subject: &str,
    body: &str,
) -> Result<i64, AppError> {
    let schedule = organised(state, member, event_id).await?;
    let subject = parse_title(subject, "subject", model::TITLE_MAX)?;
    let (body, body_html) = parse_description(body, "body")?;
    if body.is_empty() {
        return Err(AppError::invalid("body", "field_required"));
    }
    let recipients = db::participant_ids(&state.db, event_id).await?;
    let id = db::insert_message(
        &state.db,
        event_id,
        member.id,
        &subject,
        &body,
        &body_html,
        recipients.len() as i64,
    )
    .await?;
    let link = format!("/events/{event_id}/messages#message-{id}");
    let detail = format!("{}: {subject}", schedule.title(member.locale));
    for recipient in &recipients {
        notifications::notify_about(
            state,
            *recipient,
            Kind::EventMessage,
            Some(member.id),
            &link,
            &detail,
            Some(&body),
        )
        .await?;
    }
    Ok(recipients.len() as i64)
}

/// Width and height of a stored cover image: a banner.
pub const COVER_SIZE: (u32, u32) = (1600, 500);

/// Replaces the event's cover with an uploaded image (cropped to a banner, metadata
/// stripped); only its organisers may. Returns the cover's address.
pub async fn set_cover(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    bytes: Vec<u8>,
) -> Result<String, AppError> {
    let schedule = organised(state, member, event_id).await?;
    if bytes.is_empty() {
        return Err(AppError::invalid("photo", "photo_missing"));
    }
    if bytes.len() > state.config.max_photo_bytes {
        return Err(AppError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "photo_too_large",
        ));
    }
    let (width, height) = COVER_SIZE;
    let jpeg = state.image_decodes.to_jpeg(bytes, width, height).await?;
    let blob = state.blobs.put(jpeg).await?;
    db::set_cover(&state.db, event_id, Some(&blob)).await?;
    changed(state, event_id);
    if let Some(old) = &schedule.event.cover {
        state.blobs.delete(old).await?;
    }
    Ok(cover_url(&blob))
}

pub async fn remove_cover(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
) -> Result<(), AppError> {
    let schedule = organised(state, member, event_id).await?;
    db::set_cover(&state.db, event_id, None).await?;
    changed(state, event_id);
    if let Some(old) = &schedule.event.cover {
        state.blobs.delete(old).await?;
    }
    Ok(())
}

pub fn cover_url(blob: &str) -> String {
    format!("/media/covers/{blob}")
}

/// Removes a member's sessions from the cache after a change made elsewhere (tests, demo).
pub fn forget(state: &AppState, event_id: i64) {
    changed(state, event_id);
}
