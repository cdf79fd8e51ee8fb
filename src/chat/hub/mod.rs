//! The hub: who is connected, and how an event reaches every socket that may see it.
//!
//! # Design
//!
//! Every chat write (a message, an edit, a membership change) is committed to the database
//! first and then becomes an [`Event`] carrying only ids. Each instance runs exactly one
//! *dispatcher* task that receives the events in commit order, loads what it needs (the
//! message row, the channel's member set) and pushes one pre-serialised frame into the queue
//! of every local connection of every member of the channel. Because the dispatcher is the
//! only reader of the event stream and processes it in order, "removed from a channel" is
//! applied before any later message of that channel, so a removed member is never sent it.
//!
//! Where the events come from:
//!
//! - **SQLite** (one instance): an in-process queue. Writers hold [`Hub::lock`] from
//!   `BEGIN` until the event is queued, so queue order is commit order.
//! - **PostgreSQL** (one or many instances): `LISTEN/NOTIFY` on the channel `circula_chat`.
//!   The writer calls `pg_notify` inside its transaction (a new message's row does it in its
//!   insert trigger, see `db::insert_message`); PostgreSQL delivers notifications only on
//!   commit and in commit order, to every listening instance including the writer's own. So
//!   all instances see one order and none needs a lock. The payload is the small JSON
//!   [`Event`] (ids only) — far below NOTIFY's 8,000-byte limit whatever the message.
//!
//! Either way the events wait in one queue for the dispatcher, which takes each with those
//! already behind it and reads their new messages with one query (on SQLite the instance
//! keeps what it posted, and reads nothing).
//!
//! Why PostgreSQL and not NATS: the database is already a required, shared dependency of a
//! multi-instance setup; NOTIFY is transactional (an event exists exactly when its row is
//! committed, with no dual-write window) and ordered, which NATS core is not relative to the
//! database. A second broker would add a service to run and a failure mode (message stored but
//! not published, or the reverse). The cost: one listener connection per instance and NOTIFY's
//! commit-time serialisation, far above the chat's rates. If the listener connection drops,
//! notifications in the gap are lost, so the hub then closes every local socket with 1012
//! ("service restart"): clients reconnect and `resume`, which reads the database.
//!
//! # Connections
//!
//! A connection registers a bounded queue ([`QUEUE`] frames) under a fresh id in a map
//! (member → connections) and receives a [`Registration`] whose `Drop` removes it, however the
//! socket task ends. The hub ends a connection by removing it from the map with a [`Close`]
//! reason: that drops the queue's only sender, so the connection sends what is still queued,
//! sees the queue end, and closes the socket with the reason's code. So a connection task waits
//! on exactly two things, its queue and its socket, and the send path (which runs once per
//! delivery, a hundred thousand times a second under load) polls nothing else.
//!
//! - The dispatcher never waits for a socket: when a queue is full the client is too slow and
//!   is closed (1008), so a stalled client never grows the server's memory.
//! - Keepalive is one task for all connections ([`KEEPALIVE`]): it queues a ping for each, and
//!   closes those that have not been heard from (any frame, pongs included) for [`DEAD_AFTER`].
//! - On shutdown [`Hub::shutdown`] closes every connection with 1001: each finishes the frame
//!   it is handling (an accepted message is acknowledged), flushes its queue and closes; the
//!   hub waits for them, at most five seconds.
//!
//! Presence is kept per instance for each member (online/away/offline per instance id) and
//! shared with the same events; a member's status is their best status on any instance. It is
//! sent to the people they share a direct conversation with.
//!
//! An instance that crashes cannot say its members went offline, so every instance sends an
//! [`Event::Heartbeat`] every `CIRCULA_CHAT_HEARTBEAT_SECS` (and stops on shutdown). Each
//! dispatcher drops the presence of an instance it has not heard from for three heartbeats and
//! tells the contacts whose status that changes. Silence is counted in the dispatcher's own
//! heartbeats, which travel the same ordered stream, not on the wall clock: a dispatcher that
//! falls behind under load does not mistake its backlog for silence. It then publishes
//! [`Event::Dropped`]: an instance that was only slow, not dead, announces its members again.
//!
//! # Extending
//! A new live event: add a variant to [`Event`], publish it after (or, on PostgreSQL, within)
//! the transaction that made it true, and handle it in `Dispatcher::handle`
//! (`dispatcher.rs`).
//!
//! # Where the code is
//!
//! - this file: the [`Event`]s, the [`Hub`] and how events are published and received: the
//!   in-process queue (SQLite), `LISTEN/NOTIFY` (PostgreSQL), and the heartbeats;
//! - `connections.rs`: the local connections: registering, delivering into their queues,
//!   closing them, keepalive and shutdown, and presence;
//! - `dispatcher.rs`: the dispatcher, which turns each event into frames for the sockets that
//!   may see it;
//! - `topics.rs`: the live updates of capabilities above chat (a session's questions and
//!   polls), which the same socket carries to those who follow them.

mod connections;
mod dispatcher;
mod topics;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};
use tokio::sync::{Notify, mpsc};

pub use self::connections::{Close, Delivery, Out, Registration, Shared};
pub use self::topics::{Audience, TopicFrame, TopicSource, topic_event};

use self::connections::{Conn, keepalive};
use self::dispatcher::Dispatcher;
use super::db;
use crate::store::{Backend, Db};

/// Frames a connection may have waiting before it counts as too slow.
pub const QUEUE: usize = 512;
/// How often every connection is pinged.
pub const KEEPALIVE: Duration = Duration::from_secs(25);
/// A connection not heard from for this long is gone.
pub const DEAD_AFTER: Duration = Duration::from_secs(60);
const NOTIFY_CHANNEL: &str = "circula_chat";

/// Something that happened, as it travels between instances: ids only.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(tag = "k", rename_all = "snake_case")]
pub enum Event {
    Message {
        id: i64,
    },
    Edited {
        id: i64,
    },
    Deleted {
        id: i64,
        channel_id: i64,
    },
    Joined {
        channel_id: i64,
        member_id: i64,
    },
    Left {
        channel_id: i64,
        member_id: i64,
    },
    Typing {
        channel_id: i64,
        member_id: i64,
        name: String,
    },
    Presence {
        member_id: i64,
        instance: u64,
        status: Presence,
    },
    Unread {
        channel_id: i64,
        member_id: i64,
        count: i64,
        total: i64,
    },
    /// Every local socket should reconnect (the event stream had a gap).
    Reconnect,
    /// An instance is alive.
    Heartbeat {
        instance: u64,
    },
    /// An instance was not heard from for three heartbeats and its presence was dropped.
    Dropped {
        instance: u64,
    },
    /// The member's rights changed (blocked, signed out, new role or name): each of their
    /// sockets re-checks its own session.
    Revalidate {
        member_id: i64,
    },
    /// A topic of a capability above chat changed (see `topics.rs`): `change` names what, by
    /// ids.
    Topic {
        kind: String,
        id: i64,
        change: serde_json::Value,
    },
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Offline,
    Away,
    Online,
}

#[derive(Default)]
struct Registry {
    conns: HashMap<u64, Conn>,
    by_member: HashMap<i64, Vec<u64>>,
    /// member → instance → status, as last announced.
    presence: HashMap<i64, BTreeMap<u64, Presence>>,
    followers: topics::Followers,
}

pub struct Hub {
    db: Db,
    instance: u64,
    /// How often this instance says it is alive; three missed heartbeats count as a crash.
    heartbeat: Duration,
    registry: Mutex<Registry>,
    next_conn: AtomicU64,
    /// SQLite: the in-process event queue and the writers' lock.
    local: Option<(mpsc::UnboundedSender<Event>, tokio::sync::Mutex<()>)>,
    shutting_down: AtomicBool,
    /// SQLite: messages posted and not yet dispatched; the dispatcher takes them from here
    /// instead of reading them back from the database (see [`Hub::message_stored`]).
    posted: Mutex<HashMap<i64, db::MessageRow>>,
    live: AtomicUsize,
    /// Events waiting for the dispatcher after the batch it took last (a gauge in `/metrics`).
    backlog: AtomicUsize,
    drained: Notify,
    /// The sources of topics, by kind (see `topics.rs`).
    sources: RwLock<HashMap<&'static str, Arc<dyn TopicSource>>>,
}

impl Hub {
    /// Creates the hub and starts its dispatcher (and, on PostgreSQL, its listener).
    pub async fn start(
        db: Db,
        database_url: &str,
        heartbeat: Duration,
    ) -> anyhow::Result<Arc<Hub>> {
        let instance = (rand::random::<u64>() >> 12, heartbeat);
        let hub = match db.backend {
            Backend::Sqlite => {
                let (tx, rx) = mpsc::unbounded_channel();
                let hub = Arc::new(Hub::new(db, instance, Some((tx, Default::default()))));
                tokio::spawn(dispatch(Arc::downgrade(&hub), rx));
                hub
            }
            Backend::Postgres => {
                let mut listener = sqlx::postgres::PgListener::connect(database_url).await?;
                listener.listen(NOTIFY_CHANNEL).await?;
                let hub = Arc::new(Hub::new(db, instance, None));
                let (tx, rx) = mpsc::unbounded_channel();
                tokio::spawn(dispatch(Arc::downgrade(&hub), rx));
                tokio::spawn(postgres_events(Arc::downgrade(&hub), listener, tx));
                hub
            }
        };
        tokio::spawn(heartbeats(Arc::downgrade(&hub)));
        tokio::spawn(keepalive(Arc::downgrade(&hub)));
        Ok(hub)
    }

    fn new(
        db: Db,
        (instance, heartbeat): (u64, Duration),
        local: Option<(mpsc::UnboundedSender<Event>, tokio::sync::Mutex<()>)>,
    ) -> Hub {
        Hub {
            db,
            instance,
            heartbeat,
            registry: Mutex::default(),
            next_conn: AtomicU64::new(1),
            local,
            shutting_down: AtomicBool::new(false),
            posted: Mutex::default(),
            live: AtomicUsize::new(0),
            backlog: AtomicUsize::new(0),
            drained: Notify::new(),
            sources: RwLock::default(),
        }
    }

    /// Events waiting for the dispatcher behind the batch it is handling.
    pub fn backlog(&self) -> usize {
        self.backlog.load(Ordering::Relaxed)
    }

    /// A message was stored (`db::insert_message`, which commits it): on SQLite, still
    /// holding [`Hub::lock`], queues its event, and keeps the row, when given, so that the
    /// dispatcher need not read it back. On PostgreSQL the row's trigger has notified every
    /// instance already.
    pub fn message_stored(&self, id: i64, row: Option<&db::MessageRow>) {
        if let Some((tx, _)) = &self.local {
            if let Some(row) = row {
                self.keep_posted([row.clone()]);
            }
            let _ = tx.send(Event::Message { id });
        }
    }

    fn keep_posted(&self, rows: impl IntoIterator<Item = db::MessageRow>) {
        let mut posted = self.posted.lock().expect("posted lock");
        if posted.len() >= 10_000 {
            // Events that never came: their rows are read when needed.
            posted.clear();
        }
        posted.extend(rows.into_iter().map(|row| (row.id, row)));
    }

    /// Reads the new messages of a run of events that this instance does not keep, with one
    /// query, for the dispatcher to take (on PostgreSQL every instance reads what was posted,
    /// its own posts included).
    async fn load_posted(&self, events: &[Event]) {
        let ids: Vec<i64> = {
            let posted = self.posted.lock().expect("posted lock");
            events
                .iter()
                .filter_map(|event| match event {
                    Event::Message { id } if !posted.contains_key(id) => Some(*id),
                    _ => None,
                })
                .collect()
        };
        if ids.is_empty() {
            return;
        }
        match db::messages_by_ids(&self.db, &ids).await {
            Ok(rows) => self.keep_posted(rows),
            // Each is read on its own when dispatched.
            Err(err) => tracing::warn!(error = %err, "chat: cannot read new messages"),
        }
    }

    /// A new message: as remembered by this instance, else from the database.
    async fn posted_message(&self, id: i64) -> sqlx::Result<Option<db::MessageRow>> {
        let remembered = self.posted.lock().expect("posted lock").remove(&id);
        match remembered {
            Some(row) => Ok(Some(row)),
            None => db::message(&self.db, id).await,
        }
    }

    /// Serialises writers on SQLite (see the module doc); nothing on PostgreSQL.
    pub async fn lock(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match &self.local {
            Some((_, lock)) => Some(lock.lock().await),
            None => None,
        }
    }

    /// Publishes events as part of a transaction: on PostgreSQL they are sent on commit;
    /// on SQLite call [`Hub::committed`] after the commit, still holding [`Hub::lock`].
    pub async fn publish_in(
        &self,
        tx: &mut Transaction<'_, Any>,
        events: &[Event],
    ) -> sqlx::Result<()> {
        if self.local.is_none() {
            for event in events {
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(NOTIFY_CHANNEL)
                    .bind(serde_json::to_string(event).expect("events serialise"))
                    .execute(&mut **tx)
                    .await?;
            }
        }
        Ok(())
    }

    /// Queues events after their transaction committed (SQLite); nothing on PostgreSQL.
    pub fn committed(&self, events: Vec<Event>) {
        if let Some((tx, _)) = &self.local {
            for event in events {
                let _ = tx.send(event);
            }
        }
    }

    /// Publishes an event that belongs to no transaction (typing, presence, unread counts).
    pub async fn broadcast(&self, event: Event) -> sqlx::Result<()> {
        match &self.local {
            Some((tx, _)) => {
                let _ = tx.send(event);
                Ok(())
            }
            None => sqlx::query("SELECT pg_notify($1, $2)")
                .bind(NOTIFY_CHANNEL)
                .bind(serde_json::to_string(&event).expect("events serialise"))
                .execute(&self.db.pool)
                .await
                .map(drop),
        }
    }
}

/// Says every `heartbeat` that this instance is alive, until it shuts down or is dropped.
async fn heartbeats(hub: Weak<Hub>) {
    let Some(every) = hub.upgrade().map(|h| h.heartbeat) else {
        return;
    };
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let Some(hub) = hub.upgrade() else { return };
        if hub.is_shutting_down() {
            return;
        }
        let event = Event::Heartbeat {
            instance: hub.instance,
        };
        if let Err(err) = hub.broadcast(event).await {
            tracing::warn!(error = %err, "chat: cannot send a heartbeat");
        }
    }
}

/// The dispatcher's task: takes the events in order, each with those already waiting behind
/// it (whose new messages are then read with one query), until the hub is dropped.
async fn dispatch(hub: Weak<Hub>, mut rx: mpsc::UnboundedReceiver<Event>) {
    let mut dispatcher = Dispatcher::default();
    let mut events = Vec::new();
    while rx.recv_many(&mut events, 256).await > 0 {
        let Some(hub) = hub.upgrade() else { return };
        hub.backlog.store(rx.len(), Ordering::Relaxed);
        topics::drop_repeated(&mut events);
        hub.load_posted(&events).await;
        for event in events.drain(..) {
            dispatcher.handle(&hub, event).await;
        }
    }
}

/// Reads the notifications of every instance (PostgreSQL) into the dispatcher's queue.
async fn postgres_events(
    hub: Weak<Hub>,
    mut listener: sqlx::postgres::PgListener,
    events: mpsc::UnboundedSender<Event>,
) {
    loop {
        let received = listener.try_recv().await;
        if hub.strong_count() == 0 {
            return;
        }
        match received {
            Ok(Some(notification)) => match serde_json::from_str(notification.payload()) {
                Ok(event) => {
                    let _ = events.send(event);
                }
                Err(err) => tracing::warn!(error = %err, "chat: unreadable notification"),
            },
            Ok(None) => {
                // The connection was lost and is re-established on the next call: events in
                // between are gone, so every socket resumes from the database.
                tracing::warn!("chat: listener reconnected; asking clients to resume");
                let _ = events.send(Event::Reconnect);
            }
            Err(err) => {
                tracing::warn!(error = %err, "chat: listener failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_small_json() {
        let event = Event::Typing {
            channel_id: 4,
            member_id: 7,
            name: "Ана".into(),
        };
        let text = serde_json::to_string(&event).unwrap();
        assert_eq!(
            text,
            r#"{"k":"typing","channel_id":4,"member_id":7,"name":"Ана"}"#
        );
        assert_eq!(serde_json::from_str::<Event>(&text).unwrap(), event);
    }

    #[test]
    fn presence_orders_by_availability() {
        assert!(Presence::Online > Presence::Away && Presence::Away > Presence::Offline);
    }
}
