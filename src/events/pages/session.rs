//! One session's page, and taking or leaving a seat.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use jiff::Timestamp;
use serde::Deserialize;

use crate::events::db::SpeakerRow;
use crate::events::model::SeatStatus;
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::render_cache::{self, Entry};

use super::*;

#[derive(Template)]
#[template(path = "events/session.html")]
struct SessionTemplate {
    page: Page,
    event_id: i64,
    event_title: String,
    c: SessionCard,
    date: String,
    event_zone: String,
    viewer_zone: String,
    same_zone: bool,
    description_html: String,
    speakers: Vec<SpeakerRow>,
    materials: Vec<(String, String)>,
    organiser: bool,
    waiting_position: Option<i64>,
    /// What capabilities above events offer for the session (its questions and polls).
    links: Vec<crate::events::EventLink>,
    labels: Labels,
}

pub async fn session(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    Path(id): Path<i64>,
    Query(query): Query<ScheduleQuery>,
) -> Result<Response, AppError> {
    let version = crate::events::cache::version(&state);
    let s = crate::events::session_event(&state, page.viewer.as_ref(), id).await?;
    let x = s.session(id).ok_or_else(AppError::not_found)?;
    let (viewer_zone, tz, _) = page_zone(
        query.tz.as_deref(),
        &jar,
        page.viewer.as_ref(),
        &s.event.timezone,
    );
    let now = Timestamp::now();
    let kept = render_cache::for_visitors(
        &state,
        &page,
        &format!("session {viewer_zone} {}", s.moment(now.as_millisecond())),
        version,
    );
    if let Some(body) = kept.as_ref().and_then(Entry::get) {
        return Ok(render_cache::html(body));
    }
    let (status, waiting_position) = match &page.viewer {
        Some(m) => {
            let row: Option<(String, i64)> = sqlx::query_as(
                "SELECT r.status, (SELECT COUNT(*) FROM session_registrations w
                     WHERE w.session_id = r.session_id AND w.status = 'waiting' AND w.id <= r.id)
                 FROM session_registrations r WHERE r.session_id = $1 AND r.member_id = $2",
            )
            .bind(id)
            .bind(m.id)
            .fetch_optional(&state.db.pool)
            .await?;
            match row {
                Some((st, pos)) => {
                    let st = SeatStatus::from_db(&st);
                    (Some(st), (st == SeatStatus::Waiting).then_some(pos))
                }
                None => (None, None),
            }
        }
        None => (None, None),
    };
    let links = crate::events::session_links(
        &state,
        crate::events::SessionLinkQuery {
            session_id: id,
            event_id: s.event.id,
            locale: page.i18n.locale,
        },
    )
    .await?;
    let mut labels = Labels::new(page.i18n);
    let card = card(
        &s,
        x,
        &mut labels,
        &tz,
        page.viewer.is_some(),
        now,
        None,
        status,
    );
    let template = SessionTemplate {
        event_id: s.event.id,
        event_title: s.title(page.i18n.locale).to_string(),
        date: page.i18n.date(x.day),
        event_zone: s.event.timezone.clone(),
        same_zone: viewer_zone == s.event.timezone,
        viewer_zone,
        description_html: x.row.description_html.clone(),
        speakers: x.speakers.clone(),
        materials: x
            .materials
            .iter()
            .map(|m| (m.title.clone(), m.url.clone()))
            .collect(),
        organiser: page.viewer.as_ref().is_some_and(|m| s.is_organiser(m)),
        waiting_position,
        links,
        c: card,
        labels,
        page,
    };
    render_cache::render_kept(kept, &template)
}

#[derive(Deserialize)]
pub struct BackForm {
    /// Where to return: a local path.
    next: Option<String>,
}

fn back(next: Option<&str>, fallback: String, notice: &str) -> Response {
    let path = next
        .and_then(crate::web::redirect::LocalPath::parse)
        .map_or(fallback, crate::web::redirect::LocalPath::into_string);
    let sep = if path.contains('?') { '&' } else { '?' };
    let (path, fragment) = match path.split_once('#') {
        Some((p, f)) => (p.to_string(), format!("#{f}")),
        None => (path, String::new()),
    };
    Redirect::to(&format!("{path}{sep}notice={notice}{fragment}")).into_response()
}

pub async fn take_seat(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<BackForm>,
) -> Result<Response, AppError> {
    match crate::events::take_seat(&state, &member, id).await {
        Ok(seat) => {
            let notice = match seat.status {
                SeatStatus::Registered => "seat-taken",
                SeatStatus::Waiting => "seat-waiting",
            };
            Ok(back(
                form.next.as_deref(),
                format!("/sessions/{id}"),
                notice,
            ))
        }
        Err(err) if err.code() == "event_registration_required" => {
            let event_id = crate::events::session_event(&state, Some(&member), id)
                .await?
                .event
                .id;
            Ok(Redirect::to(&format!("/events/{event_id}/register?session={id}")).into_response())
        }
        Err(err) => Err(err),
    }
}

pub async fn leave_seat(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<BackForm>,
) -> Result<Response, AppError> {
    crate::events::leave_seat(&state, &member, id).await?;
    Ok(back(
        form.next.as_deref(),
        format!("/sessions/{id}"),
        "seat-released",
    ))
}
