//! "My agenda" and its private calendar feed.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use jiff::Timestamp;
use serde::Deserialize;

use crate::events::db;
use crate::events::model::{self, Timing};
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;
use crate::web::layout::Page;
use crate::web::render;

use super::*;

/// A session, or an appointment from another capability (a B2B meeting), in time order.
pub struct AgendaEntry {
    starts_at: i64,
    /// The element id: `agenda-7` for session 7, `agenda-meeting-3` for an appointment.
    anchor: String,
    href: String,
    /// The event a session belongs to: its id and title.
    event: Option<(i64, String)>,
    /// What an appointment says about itself (its event, the other side's zone).
    note: Option<String>,
    cancelled: bool,
    title: String,
    day: String,
    viewer_time: String,
    event_time: String,
    event_zone: String,
    waiting: bool,
    overlaps: Vec<String>,
    join_url: Option<String>,
    join_prominent: bool,
}

#[derive(Template)]
#[template(path = "events/agenda.html")]
struct AgendaTemplate {
    page: Page,
    entries: Vec<AgendaEntry>,
    viewer_zone: String,
    feed_url: Option<String>,
}

pub async fn agenda(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
    Query(query): Query<ScheduleQuery>,
) -> Result<Response, AppError> {
    let items = crate::events::agenda(&state, &member).await?;
    let (viewer_zone, tz, _) = page_zone(query.tz.as_deref(), &jar, Some(&member), "UTC");
    let i18n = page.i18n;
    let titles: HashMap<i64, String> = items
        .iter()
        .map(|i| (i.row.session_id, i.row.title.clone()))
        .collect();
    let now = Timestamp::now();
    let mut entries: Vec<AgendaEntry> = items
        .iter()
        .map(|item| {
            let r = &item.row;
            let event_zone = crate::web::i18n::zone(&r.event_timezone);
            let (vs, ve) = (model::zoned(r.starts_at, &tz), model::zoned(r.ends_at, &tz));
            let (es, ee) = (
                model::zoned(r.starts_at, &event_zone),
                model::zoned(r.ends_at, &event_zone),
            );
            let ts = |ms| Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
            let timing = model::timing(ts(r.starts_at), ts(r.ends_at), now);
            AgendaEntry {
                starts_at: r.starts_at,
                anchor: format!("agenda-{}", r.session_id),
                href: format!("/sessions/{}", r.session_id),
                event: Some((r.event_id, item.event_title.clone())),
                note: None,
                cancelled: false,
                title: r.title.clone(),
                day: i18n.date(vs.date()),
                viewer_time: time_range(&vs, &ve, i18n),
                event_time: time_range(&es, &ee, i18n),
                event_zone: r.event_timezone.clone(),
                waiting: r.status == "waiting",
                overlaps: item
                    .overlaps_with
                    .iter()
                    .filter_map(|id| titles.get(id).cloned())
                    .collect(),
                join_url: (!r.join_url.is_empty() && timing != Timing::Past)
                    .then(|| r.join_url.clone()),
                join_prominent: matches!(timing, Timing::Live | Timing::Soon),
            }
        })
        .collect();
    // Appointments of other capabilities (B2B meetings), interleaved by time.
    let since = now.as_millisecond() - 24 * 3_600_000;
    for a in crate::events::appointments(&state, member.id, since, i18n.locale).await? {
        let event_zone = crate::web::i18n::zone(&a.zone);
        let (vs, ve) = (model::zoned(a.starts_at, &tz), model::zoned(a.ends_at, &tz));
        let (es, ee) = (
            model::zoned(a.starts_at, &event_zone),
            model::zoned(a.ends_at, &event_zone),
        );
        let ts = |ms| Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
        let timing = model::timing(ts(a.starts_at), ts(a.ends_at), now);
        let anchor = format!("agenda-{}", a.uid);
        entries.push(AgendaEntry {
            starts_at: a.starts_at,
            anchor,
            href: a.page.clone(),
            event: None,
            note: Some(a.description.lines().collect::<Vec<_>>().join(" · ")),
            cancelled: a.cancelled,
            title: a.title.clone(),
            day: i18n.date(vs.date()),
            viewer_time: time_range(&vs, &ve, i18n),
            event_time: time_range(&es, &ee, i18n),
            event_zone: a.zone.clone(),
            waiting: false,
            overlaps: Vec::new(),
            join_url: a.join.filter(|_| !a.cancelled && timing != Timing::Past),
            join_prominent: matches!(timing, Timing::Live | Timing::Soon),
        });
    }
    entries.sort_by_key(|e| e.starts_at);
    let feed_url = db::feed_token(&state.db, member.id)
        .await?
        .map(|t| format!("{}/calendar/{t}.ics", state.base_url()));
    render(
        StatusCode::OK,
        &AgendaTemplate {
            page,
            entries,
            viewer_zone,
            feed_url,
        },
    )
}

#[derive(Deserialize)]
pub struct FeedForm {
    action: String,
}

pub async fn renew_feed(
    State(state): State<AppState>,
    member: CurrentMember,
    CsrfForm(form): CsrfForm<FeedForm>,
) -> Result<Response, AppError> {
    let notice = match form.action.as_str() {
        "revoke" => {
            crate::events::revoke_feed(&state, &member).await?;
            "feed-revoked"
        }
        "renew" => {
            crate::events::feed_token(&state, &member, true).await?;
            "feed-renewed"
        }
        _ => {
            crate::events::feed_token(&state, &member, false).await?;
            "feed-created"
        }
    };
    Ok(Redirect::to(&format!("/agenda?notice={notice}")).into_response())
}
