//! JSON API of B2B meetings, a file per resource family: `programme.rs` (settings, profiles,
//! the marketplace, availability, marks), `requests.rs`, `meetings.rs` (meetings, rooms,
//! feedback) and `planning.rs` (the scheduler, publishing, the dashboard and its exports).
//! Times are RFC 3339: instants in UTC, and each side's local time with its zone.

use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::db::MeetingRow;
use super::model::{self, Slot};
use crate::web::text::utc;

mod meetings;
mod planning;
mod programme;
mod requests;

pub use self::{meetings::*, planning::*, programme::*, requests::*};

#[derive(OpenApi)]
#[openapi(paths(
    get_settings,
    put_settings,
    get_profile,
    put_profile,
    profiles,
    matches,
    put_availability,
    put_preference,
    list_requests,
    send_request,
    accept,
    decline,
    cancel,
    get_schedule,
    run_scheduler,
    publish,
    dashboard,
    get_meeting,
    change_meeting,
    feedback,
    join_api,
    my_meetings
))]
pub struct ApiDoc;

/// `2031-03-25T14:00:00+05:00` in `zone`.
fn local(millis: i64, zone: &str) -> String {
    model::zoned(millis, &crate::web::i18n::zone(zone))
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// A slot, with its start in UTC and in the reader's zone.
#[derive(Serialize, ToSchema)]
pub struct SlotView {
    starts_at: String,
    ends_at: String,
    /// The start in the reader's zone.
    local_start: String,
}

fn slot_view(slot: Slot, zone: &str) -> SlotView {
    SlotView {
        starts_at: utc(slot.starts_at),
        ends_at: utc(slot.ends_at),
        local_start: local(slot.starts_at, zone),
    }
}

#[derive(Serialize, ToSchema)]
pub struct Side {
    member_id: i64,
    name: String,
    timezone: String,
    /// The meeting's start in this side's zone.
    local_start: String,
    local_end: String,
}

#[derive(Serialize, ToSchema)]
pub struct MeetingView {
    id: i64,
    event_id: i64,
    request_id: i64,
    /// draft, scheduled or cancelled.
    state: String,
    locked: bool,
    starts_at: String,
    ends_at: String,
    /// The two sides, each with the time in their own zone.
    sides: Vec<Side>,
    /// A move one side proposed, waiting for the other.
    proposed_starts_at: Option<String>,
    proposed_by: Option<i64>,
    priority: i64,
    /// Raised on every change (the calendar entry's SEQUENCE).
    sequence: i64,
    /// Where the sides enter the room (a redirect, open shortly before the start).
    join_url: String,
    url: String,
}

pub fn meeting_view(row: &MeetingRow) -> MeetingView {
    let side = |id: i64, name: &str, zone: &str| Side {
        member_id: id,
        name: name.to_string(),
        timezone: zone.to_string(),
        local_start: local(row.starts_at, zone),
        local_end: local(row.ends_at, zone),
    };
    MeetingView {
        id: row.id,
        event_id: row.event_id,
        request_id: row.request_id,
        state: row.state.clone(),
        locked: row.locked != 0,
        starts_at: utc(row.starts_at),
        ends_at: utc(row.ends_at),
        sides: vec![
            side(row.a_id, &row.a_name, &row.a_timezone),
            side(row.b_id, &row.b_name, &row.b_timezone),
        ],
        proposed_starts_at: row.proposed_starts_at.map(utc),
        proposed_by: row.proposed_by,
        priority: row.priority,
        sequence: row.sequence,
        join_url: format!("/b2b/meetings/{}/join", row.id),
        url: format!("/b2b/meetings/{}", row.id),
    }
}
