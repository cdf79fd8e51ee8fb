//! The member's requests in an event: those received (accept, in self-scheduling with a
//! choice of the slots free for both, each in both sides' times; decline with a reason) and
//! those sent (their state; withdraw). Every answer posts to `/b2b/requests/{id}/answer`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

use super::*;
use crate::meetings::db::RequestRow;
use crate::meetings::model::Mode;
use crate::meetings::programme::Programme;
use crate::meetings::{access, bookings, profiles, requests};
use crate::web::csrf::CsrfForm;
use crate::web::layout::Page;
use crate::web::render;

pub struct RequestCard {
    pub id: i64,
    pub other_id: i64,
    pub other_name: String,
    pub message: String,
    pub priority: String,
    pub status: String,
    pub pending: bool,
    /// Accepted and not yet withdrawn: either side may still cancel.
    pub accepted: bool,
    pub reason: String,
    pub sent_at: String,
    pub expires_at: Option<String>,
    /// In self-scheduling, for a request to answer: the slots free for both.
    pub slots: Vec<SlotChoice>,
    pub meeting: Option<i64>,
    /// The message of an answer that failed, and what was typed.
    pub error: Option<String>,
    pub typed_reason: String,
}

#[derive(Template)]
#[template(path = "meetings/requests.html")]
struct RequestsTemplate {
    page: Page,
    nav: Nav,
    received: Vec<RequestCard>,
    sent: Vec<RequestCard>,
    self_service: bool,
    viewer_zone: String,
}

/// A failed answer to show again with its card.
struct Failed {
    request: i64,
    message: String,
    reason: String,
    slot: Option<i64>,
}

async fn requests_page(
    state: &AppState,
    page: Page,
    jar: &CookieJar,
    member: &CurrentMember,
    event_id: i64,
    failed: Option<Failed>,
) -> Result<RequestsTemplate, AppError> {
    let i18n = page.i18n;
    let (programme, rows): (Programme, Vec<RequestRow>) =
        requests::mine(state, member, event_id).await?;
    let (zone_name, zone) = viewer_zone(jar, member, &programme.event.event.timezone);
    let others: Vec<i64> = rows
        .iter()
        .map(|r| {
            if r.from_id == member.id {
                r.to_id
            } else {
                r.from_id
            }
        })
        .collect();
    let zones: HashMap<i64, String> = profiles::profiles(state, event_id, Some(&others))
        .await?
        .into_iter()
        .map(|p| (p.row.member_id, p.row.timezone))
        .collect();
    let meetings: HashMap<i64, i64> = bookings::mine(state, member, 0)
        .await?
        .into_iter()
        .filter(|m| m.event_id == event_id && m.state != "cancelled")
        .map(|m| (m.request_id, m.id))
        .collect();
    let self_service = programme.settings.mode == Mode::SelfService;
    let at = |ms: i64| {
        jiff::Timestamp::from_millisecond(ms)
            .map(|t| i18n.datetime(t, &zone))
            .unwrap_or_default()
    };
    let mut received = Vec::new();
    let mut sent = Vec::new();
    for r in &rows {
        let mine = r.from_id == member.id;
        let (other_id, other_name) = if mine {
            (r.to_id, r.to_name.clone())
        } else {
            (r.from_id, r.from_name.clone())
        };
        let pending = r.status == "pending";
        let failure = failed.as_ref().filter(|f| f.request == r.id);
        let slots = if !mine && pending && self_service {
            let their_zone_name = zones
                .get(&other_id)
                .cloned()
                .unwrap_or_else(|| "UTC".into());
            let their_zone = crate::web::i18n::zone(&their_zone_name);
            let labels = [
                (
                    i18n.t_args("b2b-your-time-in", &[("zone", zone_name.as_str())]),
                    &zone,
                ),
                (format!("{other_name}, {their_zone_name}"), &their_zone),
            ];
            let chosen = failure.and_then(|f| f.slot);
            profiles::common_free_slots(state, &programme, r.from_id, r.to_id)
                .await?
                .into_iter()
                .enumerate()
                .map(|(i, slot)| SlotChoice {
                    value: slot.starts_at,
                    label: slot_label(i18n, slot, &labels),
                    checked: chosen.map_or(i == 0, |c| c == slot.starts_at),
                })
                .collect()
        } else {
            Vec::new()
        };
        let card = RequestCard {
            id: r.id,
            other_id,
            other_name,
            message: r.message.clone(),
            priority: i18n.t(&format!("b2b-priority-{}", r.priority.clamp(1, 3))),
            status: status_label(i18n, &r.status),
            pending,
            accepted: r.status == "accepted",
            reason: r.reason.clone(),
            sent_at: at(r.created_at),
            expires_at: r.expires_at.filter(|_| pending).map(at),
            slots,
            meeting: meetings.get(&r.id).copied(),
            error: failure.map(|f| f.message.clone()),
            typed_reason: failure.map(|f| f.reason.clone()).unwrap_or_default(),
        };
        if mine {
            sent.push(card);
        } else {
            received.push(card);
        }
    }
    // Waiting requests first, then the rest, newest first within each (as listed).
    received.sort_by_key(|c| !c.pending);
    Ok(RequestsTemplate {
        nav: Nav::new(
            &programme.event,
            i18n,
            access::organises(&programme, member),
            "requests",
        ),
        received,
        sent,
        self_service,
        viewer_zone: zone_name,
        page,
    })
}

pub async fn requests_list(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let template = requests_page(&state, page, &jar, &member, id, None).await?;
    render(StatusCode::OK, &template)
}

pub async fn answer(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(posted): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(posted);
    let slot = fields.number("slot");
    let result = match fields.get("action") {
        "accept" => match &slot {
            Ok(slot) => {
                requests::accept(&state, &member, id, *slot)
                    .await
                    .map(|a| match a.meeting_id {
                        Some(meeting) => {
                            format!("/b2b/meetings/{meeting}?notice=meetings-accepted")
                        }
                        None => "accepted".into(),
                    })
            }
            Err(_) => Err(AppError::invalid("slot", "b2b_slot_outside_windows")),
        },
        "decline" => requests::decline(&state, &member, id, fields.get("reason"))
            .await
            .map(|()| "declined".into()),
        "cancel" => requests::cancel(&state, &member, id)
            .await
            .map(|()| "cancelled".into()),
        _ => Err(AppError::invalid("action", "b2b_action_unknown")),
    };
    match result {
        Ok(to) if to.starts_with('/') => Ok(Redirect::to(&to).into_response()),
        Ok(notice) => {
            let (programme, _) = access::request(&state, &member, id).await?;
            Ok(Redirect::to(&format!(
                "/events/{}/b2b/requests?notice=meetings-request-{notice}#request-{id}",
                programme.id()
            ))
            .into_response())
        }
        Err(err) => {
            let (error, status) = form_error(err, page.i18n)?;
            let (programme, _) = access::request(&state, &member, id).await?;
            let failed = Failed {
                request: id,
                message: error.message,
                reason: fields.get("reason").into(),
                slot: slot.ok().flatten(),
            };
            let template =
                requests_page(&state, page, &jar, &member, programme.id(), Some(failed)).await?;
            render(status, &template)
        }
    }
}
