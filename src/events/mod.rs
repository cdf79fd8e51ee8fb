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
mod agenda;
mod api;
mod appointments;
pub mod cache;
mod calendar;
pub mod db;
pub mod demo;
mod editing;
mod export;
mod links;
pub mod model;
mod pages;
mod people;
mod registration;
mod sessions;

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, patch, post};
use jiff::tz::TimeZone;

use self::db::{
    EventRow, MaterialRow, NamedRow, PersonRow, QuestionRow, SessionRow, SpeakerRow, TextRow,
};
use self::model::parse_zone;
use crate::state::AppState;
use crate::store::now_ms;
use crate::store::versions::Area;
use crate::web::error::AppError;
use crate::web::i18n::Locale;
use crate::web::identity::CurrentMember;

pub use self::{agenda::*, editing::*, registration::*, sessions::*};
pub use access::{organised, organised_session};
pub(crate) use api::ApiDoc;
pub use appointments::{Appointment, AppointmentSources, appointments};
pub use links::{
    EventLink, EventLinks, LinkQuery, SessionLinkQuery, SessionLinks, event_links, session_links,
};
pub use model::{
    EventInput, EventVisibility, MaterialInput, QuestionInput, SessionInput, SpeakerInput,
    TextInput, parse_instant,
};

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

    /// The last moment up to `now` at which the schedule's pages change by themselves: a
    /// session's join link comes up, it starts or ends, a new day of the event begins (the
    /// day shown first). Pages kept for visitors are keyed by it.
    pub fn moment(&self, now: i64) -> i64 {
        let soon = model::JOIN_SOON_MINUTES * 60_000;
        let sessions = self
            .sessions
            .iter()
            .flat_map(|x| [x.row.starts_at - soon, x.row.starts_at, x.row.ends_at]);
        let days = self.days().into_iter().filter_map(|d| {
            d.to_zoned(self.zone.clone())
                .ok()
                .map(|z| z.timestamp().as_millisecond())
        });
        sessions
            .chain(days)
            .filter(|t| *t <= now)
            .max()
            .unwrap_or(0)
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
    let version = cache::version(state);
    if let Some(found) = state.service::<cache::ScheduleCache>().get(&id, version) {
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
    state
        .service::<cache::ScheduleCache>()
        .put(id, version, found.clone());
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
    let known = state.service::<cache::SessionEvents>();
    let event_id = match known.get(session_id) {
        Some(id) => id,
        None => {
            let id: i64 = sqlx::query_scalar("SELECT event_id FROM event_sessions WHERE id = $1")
                .bind(session_id)
                .fetch_optional(&state.db.pool)
                .await?
                .ok_or_else(AppError::not_found)?;
            known.put(session_id, id);
            id
        }
    };
    let found = visible(state, viewer, event_id).await?;
    if found.session(session_id).is_none() {
        // Added a moment ago on another instance: read it fresh.
        state
            .service::<cache::ScheduleCache>()
            .remove(&found.event.id);
        return visible(state, viewer, found.event.id).await;
    }
    Ok(found)
}

/// Whether the member registered for the event.
pub async fn is_registered(
    state: &AppState,
    event_id: i64,
    member_id: i64,
) -> Result<bool, AppError> {
    Ok(db::is_registered(&state.db, event_id, member_id).await?)
}

/// The times of the event's sessions in which each member holds a seat: (member, start, end).
pub async fn seat_spans(state: &AppState, event_id: i64) -> Result<Vec<(i64, i64, i64)>, AppError> {
    Ok(db::seat_spans(&state.db, event_id).await?)
}

/// The events' data, for caches on every instance (see `store/versions.rs`): events, their
/// sessions, registrations and seats, and what other capabilities link from an event's page.
pub const AREA: Area = Area("events");

/// Records a change of the event: its schedule and pages are read anew, on every instance. A
/// capability that adds to an event's page (its links) calls this when what it adds changes.
pub async fn changed(state: &AppState, event_id: i64) -> Result<(), AppError> {
    state.service::<cache::ScheduleCache>().remove(&event_id);
    Ok(state.versions.raise(&state.db, AREA).await?)
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
