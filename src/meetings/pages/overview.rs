//! The overview of an event's B2B programme: what it is, where the viewer stands, and the way
//! to each section; a page that says B2B is off (with the way to switch it on for organisers).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;

use super::*;
use crate::meetings::model::{Mode, Rule};
use crate::meetings::{access, bookings, profiles, requests};
use crate::store::now_ms;
use crate::web::layout::Page;
use crate::web::render;

/// A meeting of the viewer, in one line.
pub struct MeetingLine {
    pub id: i64,
    pub partner: String,
    pub when: String,
    pub cancelled: bool,
}

#[derive(Template)]
#[template(path = "meetings/overview.html")]
struct OverviewTemplate {
    page: Page,
    nav: Nav,
    meeting_minutes: i64,
    break_minutes: i64,
    max_meetings: i64,
    slot_count: i64,
    windows: Vec<Times>,
    /// The deadline in the viewer's zone and in the event's.
    deadline: Option<(String, String)>,
    deadline_passed: bool,
    auto: bool,
    groups: Option<(String, String)>,
    published: bool,
    viewer_zone: String,
    event_zone: String,
    registered: bool,
    registration_open: bool,
    has_profile: bool,
    waiting: i64,
    sent_pending: i64,
    meetings: Vec<MeetingLine>,
}

#[derive(Template)]
#[template(path = "meetings/not_enabled.html")]
struct NotEnabledTemplate {
    page: Page,
    event_id: i64,
    event_title: String,
    organiser: bool,
}

/// The page for an event without B2B: 404, with the settings link for its organisers.
pub(super) async fn not_enabled(
    state: &AppState,
    page: Page,
    member: &CurrentMember,
    event_id: i64,
) -> Result<Response, AppError> {
    let event = crate::events::visible(state, Some(member), event_id).await?;
    render(
        StatusCode::NOT_FOUND,
        &NotEnabledTemplate {
            event_id,
            event_title: event.title(page.i18n.locale).to_string(),
            organiser: event.is_organiser(member),
            page,
        },
    )
}

pub async fn overview(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let programme = match access::programme(&state, &member, id).await {
        Ok(p) => p,
        Err(e) if e.code() == "b2b_not_enabled" => {
            return not_enabled(&state, page, &member, id).await;
        }
        Err(e) => return Err(e),
    };
    let i18n = page.i18n;
    let s = &programme.settings;
    let event_zone_name = programme.event.event.timezone.clone();
    let (viewer_zone_name, zone) = viewer_zone(&jar, &member, &event_zone_name);
    let viewer = (viewer_zone_name.as_str(), &zone);
    let event = (event_zone_name.as_str(), programme.zone());
    let windows = s
        .windows
        .iter()
        .filter_map(|w| {
            let at = |t: &str| {
                model::local_instant(&format!("{}T{t}", w.date), programme.zone(), "windows").ok()
            };
            Some(Times::new(i18n, at(&w.from)?, at(&w.to)?, viewer, event))
        })
        .collect();
    let deadline = s.request_deadline.map(|d| {
        let at = |tz: &TimeZone| {
            jiff::Timestamp::from_millisecond(d)
                .map(|t| i18n.datetime(t, tz))
                .unwrap_or_default()
        };
        (at(&zone), at(programme.zone()))
    });
    let (registered, waiting, sent_pending) = match requests::mine(&state, &member, id).await {
        Ok((_, rows)) => {
            let pending = |r: &&crate::meetings::db::RequestRow| r.status == "pending";
            (
                true,
                rows.iter()
                    .filter(|r| r.to_id == member.id)
                    .filter(pending)
                    .count() as i64,
                rows.iter()
                    .filter(|r| r.from_id == member.id)
                    .filter(pending)
                    .count() as i64,
            )
        }
        Err(e) if e.code() == "b2b_registration_required" => (false, 0, 0),
        Err(e) => return Err(e),
    };
    let has_profile = registered && profiles::profile(&state, id, member.id).await?.is_some();
    let meetings = bookings::mine(&state, &member, now_ms())
        .await?
        .into_iter()
        .filter(|m| m.event_id == id)
        .map(|m| MeetingLine {
            id: m.id,
            partner: m.other(member.id).1.to_string(),
            when: when(i18n, m.starts_at, m.ends_at, &zone),
            cancelled: m.state == "cancelled",
        })
        .collect();
    let organiser = access::organises(&programme, &member);
    let template = OverviewTemplate {
        nav: Nav::new(&programme.event, i18n, organiser, "overview"),
        meeting_minutes: s.meeting_minutes,
        break_minutes: s.break_minutes,
        max_meetings: s.max_meetings,
        slot_count: programme.slots.len() as i64,
        windows,
        deadline,
        deadline_passed: s.request_deadline.is_some_and(|d| now_ms() > d),
        auto: s.mode == Mode::Auto,
        groups: (s.rule == Rule::Groups).then(|| (s.group_a.clone(), s.group_b.clone())),
        published: programme.published_at.is_some(),
        viewer_zone: viewer_zone_name.clone(),
        event_zone: event_zone_name.clone(),
        registered,
        registration_open: programme.event.registration_open(),
        has_profile,
        waiting,
        sent_pending,
        meetings,
        page,
    };
    render(StatusCode::OK, &template)
}
