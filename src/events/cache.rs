//! A cache of whole schedules (an event with its sessions, speakers and seat counts), so that
//! the schedule page everyone opens during an event week costs no database work. Entries hold
//! database rows only (nothing language- or viewer-dependent).
//!
//! Each entry is read at a version of the events' and the members' data (speakers' and
//! organisers' names): every change to an event, its sessions or its registrations raises the
//! events' counter ([`super::changed`]) on whichever instance makes it, so no entry outlives a
//! change (see `store/versions.rs`). Registering always decides on the database's numbers.

use std::sync::Arc;

use super::Schedule;
use crate::state::AppState;
use crate::store::cache::VersionedMap;

const MAX_ENTRIES: usize = 256;

/// Schedules by event id.
pub type ScheduleCache = VersionedMap<i64, Arc<Schedule>>;

pub fn new() -> ScheduleCache {
    VersionedMap::new(MAX_ENTRIES)
}

/// The version a schedule is read at now.
pub fn version(state: &AppState) -> i64 {
    state.versions.of(&[super::AREA, crate::members::AREA])
}

/// The version of what an event's pages show (for the render cache): the schedule's, and
/// the library's (the event's documents).
pub fn page_version(state: &AppState) -> i64 {
    version(state) + crate::library::position(state)
}
