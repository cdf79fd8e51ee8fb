//! A short-lived cache of whole schedules (an event with its sessions, speakers and seat
//! counts), so that the schedule page everyone opens during an event week costs no database
//! work. Entries hold database rows only (nothing language- or viewer-dependent).
//!
//! Every change this instance makes to an event calls [`ScheduleCache::invalidate`]; changes
//! made by another instance on the same PostgreSQL show up once an entry is older than
//! [`MAX_AGE`]. Seat counts are shown from the cache, but registering always decides on the
//! database's numbers, so a stale count never lets a session overfill.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Schedule;

pub const MAX_AGE: Duration = Duration::from_secs(5);
const MAX_ENTRIES: usize = 256;

#[derive(Default)]
pub struct ScheduleCache {
    entries: Mutex<HashMap<i64, (Instant, Arc<Schedule>)>>,
}

impl ScheduleCache {
    pub fn get(&self, event_id: i64) -> Option<Arc<Schedule>> {
        let entries = self.entries.lock().expect("cache lock");
        entries
            .get(&event_id)
            .filter(|(at, _)| at.elapsed() < MAX_AGE)
            .map(|(_, s)| s.clone())
    }

    pub fn put(&self, event_id: i64, schedule: Arc<Schedule>) {
        let mut entries = self.entries.lock().expect("cache lock");
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(event_id, (Instant::now(), schedule));
    }

    pub fn invalidate(&self, event_id: i64) {
        self.entries.lock().expect("cache lock").remove(&event_id);
    }
}
