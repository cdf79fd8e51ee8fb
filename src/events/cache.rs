//! A short-lived cache of whole schedules (an event with its sessions, speakers and seat
//! counts), so that the schedule page everyone opens during an event week costs no database
//! work. Entries hold database rows only (nothing language- or viewer-dependent).
//!
//! Every change this instance makes to an event removes its entry; changes made by another
//! instance on the same PostgreSQL show up once an entry is older than [`MAX_AGE`]. Seat counts
//! are shown from the cache, but registering always decides on the database's numbers, so a
//! stale count never lets a session overfill.

use std::sync::Arc;
use std::time::Duration;

use super::Schedule;
use crate::store::cache::TtlMap;

pub const MAX_AGE: Duration = Duration::from_secs(5);
const MAX_ENTRIES: usize = 256;

/// Schedules by event id.
pub type ScheduleCache = TtlMap<i64, Arc<Schedule>>;

pub fn new() -> ScheduleCache {
    TtlMap::new(MAX_AGE, MAX_ENTRIES)
}
