//! Versions of what caches hold, shared by every instance: one counter per *area* of data
//! (members, events, …) in the table `versions`, raised after every change to that area.
//!
//! A cache stores an entry with the version of the areas it read ([`Versions::of`], read
//! *before* the data) and serves it only while that version holds, so no entry outlives a
//! change. Every instance keeps the counters in memory:
//! - its own change raises the counter in the database and here at once ([`Versions::raise`]),
//!   so the answer to the change and every later request see it;
//! - another instance's change arrives by `LISTEN/NOTIFY` on PostgreSQL (channel
//!   `circula_versions`, within milliseconds), and by reading the table every second
//!   ([`follow`]), which also covers a lost listener connection and other processes on one
//!   SQLite file.
//!
//! A change is raised after its write commits, so an entry read under the new version always
//! holds the new data; a process that dies between its commit and the raise leaves the change
//! unseen by the caches until the area's next change.
//!
//! An area is named by the capability that owns the data (`pub const AREA: Area = Area("…")`);
//! the store knows no names.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use super::{Backend, Db};

/// A part of the data whose changes caches follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Area(pub &'static str);

const NOTIFY_CHANNEL: &str = "circula_versions";
/// How often the counters are read even without a notification.
const POLL: Duration = Duration::from_secs(1);

/// This instance's copy of the counters (a field of `AppState`).
#[derive(Default)]
pub struct Versions {
    counters: RwLock<HashMap<String, i64>>,
}

impl Versions {
    /// The version of what was read from `areas`: the sum of their counters, which rises with
    /// any of them.
    pub fn of(&self, areas: &[Area]) -> i64 {
        let counters = self.counters.read().expect("versions lock");
        areas
            .iter()
            .map(|a| counters.get(a.0).copied().unwrap_or_default())
            .sum()
    }

    /// Records a change of `area` (after its write committed), for this instance and the others.
    pub async fn raise(&self, db: &Db, area: Area) -> sqlx::Result<()> {
        let version: i64 = sqlx::query_scalar(
            "INSERT INTO versions (area, version) VALUES ($1, 1)
             ON CONFLICT (area) DO UPDATE SET version = versions.version + 1
             RETURNING version",
        )
        .bind(area.0)
        .fetch_one(&db.pool)
        .await?;
        self.learn(area.0, version);
        if db.backend == Backend::Postgres {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(NOTIFY_CHANNEL)
                .bind(area.0)
                .execute(&db.pool)
                .await?;
        }
        Ok(())
    }

    /// Reads every counter from the database.
    pub async fn load(&self, db: &Db) -> sqlx::Result<()> {
        let rows: Vec<(String, i64)> = sqlx::query_as("SELECT area, version FROM versions")
            .fetch_all(&db.pool)
            .await?;
        for (area, version) in rows {
            self.learn(&area, version);
        }
        Ok(())
    }

    /// Counters only rise: a read that raced with a raise never takes one back.
    fn learn(&self, area: &str, version: i64) {
        let mut counters = self.counters.write().expect("versions lock");
        let counter = counters.entry(area.to_string()).or_default();
        *counter = (*counter).max(version);
    }
}

/// Keeps `versions` current with other instances' changes; runs until aborted.
pub async fn follow(versions: Arc<Versions>, db: Db, database_url: String) {
    loop {
        let mut listener = match db.backend {
            Backend::Postgres => match listen(&database_url).await {
                Ok(listener) => Some(listener),
                Err(err) => {
                    tracing::warn!(error = %err, "versions: cannot listen for changes");
                    None
                }
            },
            Backend::Sqlite => None,
        };
        // Read after listening, so no change falls between the two.
        if let Err(err) = versions.load(&db).await {
            tracing::warn!(error = %err, "versions: cannot read the counters");
        }
        loop {
            let notified = match listener.as_mut() {
                Some(l) => match tokio::time::timeout(POLL, l.try_recv()).await {
                    Ok(Ok(Some(_))) => true,
                    // The connection dropped (a notification may be lost): listen again.
                    Ok(Ok(None) | Err(_)) => break,
                    Err(_) => false,
                },
                None => {
                    tokio::time::sleep(POLL).await;
                    false
                }
            };
            if let Err(err) = versions.load(&db).await {
                tracing::warn!(error = %err, notified, "versions: cannot read the counters");
            }
            if listener.is_none() && db.backend == Backend::Postgres {
                break;
            }
        }
    }
}

async fn listen(database_url: &str) -> sqlx::Result<sqlx::postgres::PgListener> {
    let mut listener = sqlx::postgres::PgListener::connect(database_url).await?;
    listener.listen(NOTIFY_CHANNEL).await?;
    Ok(listener)
}
