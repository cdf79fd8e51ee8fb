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

/// The event of each session asked for: a session never moves to another event, so an entry
/// holds for good (a deleted session is simply not in its event's schedule any more).
pub struct SessionEvents(VersionedMap<i64, i64>);

impl Default for SessionEvents {
    fn default() -> SessionEvents {
        SessionEvents(VersionedMap::new(16 * MAX_ENTRIES))
    }
}

impl SessionEvents {
    pub fn get(&self, session_id: i64) -> Option<i64> {
        self.0.get(&session_id, 0)
    }

    pub fn put(&self, session_id: i64, event_id: i64) {
        self.0.put(session_id, 0, event_id);
    }
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
