//! Meetings: the member's list in all events, and one meeting's page (both sides and their
//! times, the room, moving with the other side's consent, cancelling; organisers move, lock
//! and cancel directly; feedback once it has started).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

use super::*;
use crate::meetings::bookings::{self, FeedbackInput, MeetingChange};
use crate::meetings::db::{self, MeetingRow};
use crate::meetings::model::{MeetingState, join_window};
use crate::meetings::programme::Programme;
use crate::meetings::{access, profiles};
use crate::store::now_ms;
use crate::web::csrf::CsrfForm;
use crate::web::layout::Page;
use crate::web::render;

/// How long before its start a meeting's join button stands out.
const JOIN_PROMINENT_MINUTES: i64 = 15;

/// One side of a meeting, with the time in their zone.
pub struct SideLine {
    pub id: i64,
    pub name: String,
    pub zone: String,
    pub time: String,
    pub you: bool,
}

pub struct MeetingItem {
    pub id: i64,
    pub event_id: i64,
    pub event_title: String,
    pub partner: SideLine,
    /// The viewer's time (their zone) and the event's.
    pub times: Times,
    pub state: String,
    pub cancelled: bool,
    pub past: bool,
    pub join_prominent: bool,
    pub move_proposed: bool,
}

fn join_prominent(m: &MeetingRow, now: i64) -> bool {
    m.state == "scheduled"
        && now >= m.starts_at - JOIN_PROMINENT_MINUTES * 60_000
        && now <= m.ends_at
}

#[derive(Template)]
#[template(path = "meetings/list.html")]
struct ListTemplate {
    page: Page,
    meetings: Vec<MeetingItem>,
}

pub async fn my_meetings(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
) -> Result<Response, AppError> {
    let i18n = page.i18n;
    let now = now_ms();
    let rows = bookings::mine(&state, &member, now - 24 * 3_600_000).await?;
    let mut meetings = Vec::with_capacity(rows.len());
    for m in rows {
        let Some(event) = crate::events::schedule(&state, m.event_id).await? else {
            continue;
        };
        let (zone_name, zone) = viewer_zone(&jar, &member, &event.event.timezone);
        let (partner_id, partner_name, partner_zone) = m.other(member.id);
        let partner_tz = crate::web::i18n::zone(partner_zone);
        meetings.push(MeetingItem {
            id: m.id,
            event_id: m.event_id,
            event_title: event.title(i18n.locale).to_string(),
            partner: SideLine {
                id: partner_id,
                name: partner_name.to_string(),
                zone: partner_zone.to_string(),
                time: when(i18n, m.starts_at, m.ends_at, &partner_tz),
                you: false,
            },
            times: Times::new(
                i18n,
                m.starts_at,
                m.ends_at,
                (&zone_name, &zone),
                (&event.event.timezone, &event.zone),
            ),
            state: state_label(i18n, &m.state),
            cancelled: m.state == "cancelled",
            past: m.ends_at < now,
            join_prominent: join_prominent(&m, now),
            move_proposed: m.proposed_starts_at.is_some(),
        });
    }
    render(StatusCode::OK, &ListTemplate { page, meetings })
}

#[derive(Template)]
#[template(path = "meetings/meeting.html")]
struct MeetingTemplate {
    page: Page,
    nav: Nav,
    id: i64,
    heading: String,
    state: String,
    scheduled: bool,
    cancelled: bool,
    locked: bool,
    side: bool,
    organiser: bool,
    sides: Vec<SideLine>,
    event_time: String,
    event_zone: String,
    viewer_zone: String,
    join_prominent: bool,
    join_open: bool,
    room_ready: bool,
    /// A proposed move: the new time for the viewer, and whether they proposed it.
    proposed: Option<(String, bool)>,
    /// Slots free for both (a side proposes one of them).
    free_slots: Vec<SlotChoice>,
    /// Every slot of the programme (organisers move to any).
    all_slots: Vec<SlotChoice>,
    feedback_open: bool,
    took_place: Option<bool>,
    usefulness: Option<i64>,
    follow_up: bool,
    comment: String,
    error: Option<FormError>,
    feedback_error: Option<FormError>,
}

/// The feedback form's values.
#[derive(Default)]
struct FeedbackForm {
    took_place: Option<bool>,
    usefulness: Option<i64>,
    follow_up: bool,
    comment: String,
}

/// What a failed post on the meeting page brings back.
#[derive(Default)]
struct Again {
    error: Option<FormError>,
    /// The feedback as posted, and its error.
    feedback: Option<(FeedbackForm, FormError)>,
}

async fn meeting_page(
    state: &AppState,
    page: Page,
    jar: &CookieJar,
    member: &CurrentMember,
    id: i64,
    again: Again,
) -> Result<MeetingTemplate, AppError> {
    let i18n = page.i18n;
    let (programme, m) = access::meeting(state, member, id).await?;
    let organiser = access::organises(&programme, member);
    let side = m.involves(member.id) && m.state != "draft";
    let event_zone = programme.event.event.timezone.clone();
    let (zone_name, zone) = viewer_zone(jar, member, &event_zone);
    let now = now_ms();
    let mut sides = Vec::new();
    for (sid, name, side_zone) in [
        (m.a_id, &m.a_name, &m.a_timezone),
        (m.b_id, &m.b_name, &m.b_timezone),
    ] {
        let you = sid == member.id;
        let (zone_shown, tz) = if you {
            (zone_name.clone(), zone.clone())
        } else {
            (side_zone.clone(), crate::web::i18n::zone(side_zone))
        };
        sides.push(SideLine {
            id: sid,
            name: name.clone(),
            time: when(i18n, m.starts_at, m.ends_at, &tz),
            zone: zone_shown,
            you,
        });
    }
    // Your side first.
    sides.sort_by_key(|s| !s.you);
    let heading = if m.involves(member.id) {
        i18n.t_args("b2b-meeting-with", &[("name", m.other(member.id).1)])
    } else {
        i18n.t_args(
            "b2b-meeting-between",
            &[("a", m.a_name.as_str()), ("b", m.b_name.as_str())],
        )
    };
    let zones = slot_zones(i18n, &programme, &m, member, (&zone_name, &zone));
    let zone_refs: Vec<(String, &TimeZone)> = zones.iter().map(|(w, z)| (w.clone(), z)).collect();
    let active = m.state != "cancelled";
    let free_slots = if side && active && m.state == "scheduled" {
        profiles::common_free_slots(state, &programme, m.a_id, m.b_id)
            .await?
            .into_iter()
            .filter(|s| s.starts_at != m.starts_at)
            .map(|s| SlotChoice {
                value: s.starts_at,
                label: slot_label(i18n, s, &zone_refs),
                checked: false,
            })
            .collect()
    } else {
        Vec::new()
    };
    let all_slots = if organiser && active {
        programme
            .slots
            .iter()
            .map(|s| SlotChoice {
                value: s.starts_at,
                label: slot_label(i18n, *s, &zone_refs),
                checked: s.starts_at == m.starts_at,
            })
            .collect()
    } else {
        Vec::new()
    };
    let proposed = m.proposed_starts_at.map(|start| {
        let length = m.ends_at - m.starts_at;
        (
            when(i18n, start, start + length, &zone),
            m.proposed_by == Some(member.id),
        )
    });
    let stored = if side {
        db::feedback_of(&state.db, id, member.id).await?
    } else {
        None
    };
    let (form, feedback_error) = match again.feedback {
        Some((form, error)) => (form, Some(error)),
        None => (
            stored
                .map(|f| FeedbackForm {
                    took_place: Some(f.took_place != 0),
                    usefulness: f.usefulness,
                    follow_up: f.follow_up != 0,
                    comment: f.comment,
                })
                .unwrap_or_default(),
            None,
        ),
    };
    Ok(MeetingTemplate {
        nav: Nav::new(&programme.event, i18n, organiser, ""),
        id,
        heading,
        state: state_label(i18n, &m.state),
        scheduled: m.state == "scheduled",
        cancelled: m.state == "cancelled",
        locked: m.locked != 0,
        side,
        organiser,
        sides,
        event_time: when(i18n, m.starts_at, m.ends_at, programme.zone()),
        event_zone,
        viewer_zone: zone_name,
        join_prominent: join_prominent(&m, now),
        join_open: join_window(
            model::Slot {
                starts_at: m.starts_at,
                ends_at: m.ends_at,
            },
            now,
        ),
        room_ready: !programme.settings.room_base.is_empty(),
        proposed,
        free_slots,
        all_slots,
        feedback_open: side && m.state == "scheduled" && now >= m.starts_at,
        took_place: form.took_place,
        usefulness: form.usefulness,
        follow_up: form.follow_up,
        comment: form.comment,
        error: again.error,
        feedback_error,
        page,
    })
}

/// The zones a slot is labelled in on a meeting's page: the viewer's and the partner's for a
/// side; the event's and both sides' for organisers.
fn slot_zones(
    i18n: I18n,
    programme: &Programme,
    m: &MeetingRow,
    member: &CurrentMember,
    viewer: (&str, &TimeZone),
) -> Vec<(String, TimeZone)> {
    if m.involves(member.id) {
        let (_, name, zone) = m.other(member.id);
        vec![
            (
                i18n.t_args("b2b-your-time-in", &[("zone", viewer.0)]),
                viewer.1.clone(),
            ),
            (format!("{name}, {zone}"), crate::web::i18n::zone(zone)),
        ]
    } else {
        vec![
            (
                i18n.t_args(
                    "b2b-event-time-in",
                    &[("zone", programme.event.event.timezone.as_str())],
                ),
                programme.zone().clone(),
            ),
            (
                format!("{}, {}", m.a_name, m.a_timezone),
                crate::web::i18n::zone(&m.a_timezone),
            ),
            (
                format!("{}, {}", m.b_name, m.b_timezone),
                crate::web::i18n::zone(&m.b_timezone),
            ),
        ]
    }
}

pub async fn meeting(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let template = meeting_page(&state, page, &jar, &member, id, Again::default()).await?;
    render(StatusCode::OK, &template)
}

/// The change an action of the meeting page asks for.
fn change_of(fields: &Fields) -> Result<MeetingChange, AppError> {
    let slot = || match fields.get("slot").trim() {
        "" => Err(AppError::invalid("slot", "field_required")),
        start => Ok(Some(start.to_string())),
    };
    let mut change = MeetingChange::default();
    match fields.get("action") {
        "propose" | "move" => change.starts_at = slot()?,
        "confirm" => change.confirm_move = Some(true),
        "reject" => change.confirm_move = Some(false),
        "cancel" => change.state = Some(MeetingState::Cancelled),
        "lock" => change.locked = Some(true),
        "unlock" => change.locked = Some(false),
        _ => return Err(AppError::invalid("action", "b2b_action_unknown")),
    }
    Ok(change)
}

pub async fn change_meeting(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(posted);
    let action = fields.get("action");
    let to_schedule = fields.get("back") == "schedule";
    let result = match change_of(&fields) {
        Ok(change) => bookings::change(&state, &member, id, change).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(m) if to_schedule => Ok(Redirect::to(&format!(
            "/events/{}/b2b/schedule?notice=meetings-meeting-changed#meeting-{id}",
            m.event_id
        ))
        .into_response()),
        Ok(_) => {
            let notice = match action {
                "propose" => "meetings-move-proposed",
                "confirm" => "meetings-move-confirmed",
                "reject" => "meetings-move-rejected",
                "cancel" => "meetings-meeting-cancelled",
                _ => "meetings-meeting-changed",
            };
            Ok(Redirect::to(&format!("/b2b/meetings/{id}?notice={notice}")).into_response())
        }
        Err(err) => {
            let (error, status) = form_error(err, page.i18n)?;
            if to_schedule {
                let (programme, _) = access::meeting(&state, &member, id).await?;
                return super::schedule::schedule_again(
                    &state,
                    page,
                    &jar,
                    &member,
                    programme.id(),
                    error,
                    status,
                )
                .await;
            }
            let again = Again {
                error: Some(error),
                feedback: None,
            };
            let template = meeting_page(&state, page, &jar, &member, id, again).await?;
            render(status, &template)
        }
    }
}

pub async fn feedback(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(posted);
    let usefulness = fields.number("usefulness");
    let input = FeedbackInput {
        took_place: fields.get("took_place") == "yes",
        usefulness: usefulness.as_ref().ok().copied().flatten(),
        follow_up: fields.has("follow_up"),
        comment: fields.get("comment").into(),
    };
    let result = match (fields.get("took_place"), usefulness) {
        ("yes" | "no", Ok(_)) => bookings::feedback(&state, &member, id, input.clone()).await,
        ("yes" | "no", Err(e)) => Err(e),
        _ => Err(AppError::invalid("took_place", "field_required")),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/b2b/meetings/{id}?notice=meetings-feedback-saved#feedback"
        ))
        .into_response()),
        Err(err) => {
            let (error, status) = form_error(err, page.i18n)?;
            let took_place = match fields.get("took_place") {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            };
            let again = Again {
                error: None,
                feedback: Some((
                    FeedbackForm {
                        took_place,
                        usefulness: input.usefulness,
                        follow_up: input.follow_up,
                        comment: input.comment,
                    },
                    error,
                )),
            };
            let template = meeting_page(&state, page, &jar, &member, id, again).await?;
            render(status, &template)
        }
    }
}
