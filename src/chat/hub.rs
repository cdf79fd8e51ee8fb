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
//!   The writer calls `pg_notify` inside its transaction; PostgreSQL delivers notifications
//!   only on commit and in commit order, to every listening instance including the writer's
//!   own. So all instances see one order and none needs a lock. The payload is the small
//!   JSON [`Event`] (ids only) — far below NOTIFY's 8,000-byte limit whatever the message.
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
//! the transaction that made it true, and handle it in [`Dispatcher::handle`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use axum::extract::ws::Utf8Bytes;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};
use tokio::sync::{Notify, mpsc};

use super::db;
use super::protocol::{self, ServerFrame};
use crate::store::{Backend, Db, now_ms};

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
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Offline,
    Away,
    Online,
}

/// What a connection's queue carries: shared, so that a queue slot is two words and one
/// event is one allocation however many sockets it goes to.
#[derive(Debug)]
pub enum Out {
    /// A new message: sent unless this connection already sent it (during a resume).
    Message(Arc<Delivery>),
    Frame(Arc<Utf8Bytes>),
    /// A keepalive ping.
    Ping,
    /// Re-check the connection's session (see [`Event::Revalidate`]).
    Revalidate,
}

#[derive(Debug)]
pub struct Delivery {
    pub channel_id: i64,
    pub id: i64,
    pub frame: Utf8Bytes,
}

/// Why the hub closed a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Close {
    TooSlow = 1,
    /// The event stream had a gap: reconnect and resume.
    Reconnect = 2,
    Shutdown = 3,
    /// Not heard from for [`DEAD_AFTER`].
    Dead = 4,
}

impl Close {
    /// The WebSocket close code and reason.
    pub fn frame(self) -> (u16, &'static str) {
        match self {
            Close::TooSlow => (1008, "too slow"),
            Close::Reconnect => (1012, "reconnect and resume"),
            Close::Shutdown => (1001, "server shutting down"),
            Close::Dead => (1001, "no answer to pings"),
        }
    }
}

struct Conn {
    member_id: i64,
    tx: mpsc::Sender<Out>,
    shared: Arc<Shared>,
}

/// What a connection and the hub both see: when the client was last heard from, and why the
/// hub closed the connection (0 while open).
pub struct Shared {
    heard_at: AtomicU64,
    closed: AtomicU8,
}

impl Shared {
    fn new() -> Shared {
        Shared {
            heard_at: AtomicU64::new(now_ms() as u64),
            closed: AtomicU8::new(0),
        }
    }

    /// The client sent something.
    pub fn heard(&self) {
        self.heard_at.store(now_ms() as u64, Ordering::Relaxed);
    }

    /// Why the hub ended the queue (a queue ends only when the hub removes the connection).
    pub fn close_reason(&self) -> Close {
        match self.closed.load(Ordering::SeqCst) {
            1 => Close::TooSlow,
            3 => Close::Shutdown,
            4 => Close::Dead,
            _ => Close::Reconnect,
        }
    }
}

#[derive(Default)]
struct Registry {
    conns: HashMap<u64, Conn>,
    by_member: HashMap<i64, Vec<u64>>,
    /// member → instance → status, as last announced.
    presence: HashMap<i64, BTreeMap<u64, Presence>>,
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
    /// Messages posted on this instance and not yet dispatched: the dispatcher takes them from
    /// here instead of reading them back from the database (see [`Hub::remember`]).
    posted: Mutex<HashMap<i64, db::MessageRow>>,
    live: AtomicUsize,
    drained: Notify,
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
                tokio::spawn(local_events(Arc::downgrade(&hub), rx));
                hub
            }
            Backend::Postgres => {
                let mut listener = sqlx::postgres::PgListener::connect(database_url).await?;
                listener.listen(NOTIFY_CHANNEL).await?;
                let hub = Arc::new(Hub::new(db, instance, None));
                tokio::spawn(postgres_events(Arc::downgrade(&hub), listener));
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
            drained: Notify::new(),
        }
    }

    /// Keeps a message being posted for the dispatcher, which then need not read it back.
    /// Call before the commit (on PostgreSQL the event may arrive before the commit returns).
    pub fn remember(&self, row: db::MessageRow) {
        let mut posted = self.posted.lock().expect("posted lock");
        if posted.len() >= 10_000 {
            // Events that never came (a listener gap): their rows are read when needed.
            posted.clear();
        }
        posted.insert(row.id, row);
    }

    /// Drops a remembered message whose transaction failed.
    pub fn forget(&self, id: i64) {
        self.posted.lock().expect("posted lock").remove(&id);
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

    /// Registers a connection of `member_id`; dropping the registration removes it.
    pub fn register(self: &Arc<Hub>, member_id: i64) -> Registration {
        let id = self.next_conn.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel(QUEUE);
        let shared = Arc::new(Shared::new());
        let first = {
            let mut registry = self.registry.lock().expect("registry lock");
            registry.conns.insert(
                id,
                Conn {
                    member_id,
                    tx,
                    shared: shared.clone(),
                },
            );
            let mine = registry.by_member.entry(member_id).or_default();
            mine.push(id);
            let first = mine.len() == 1;
            if self.is_shutting_down() {
                // Registered after `shutdown` closed everyone: close at once as well.
                registry.close(id, Close::Shutdown);
            }
            first
        };
        self.live.fetch_add(1, Ordering::SeqCst);
        if first {
            self.announce(member_id, Presence::Online);
        }
        Registration {
            hub: self.clone(),
            id,
            member_id,
            rx: Some(rx),
            shared,
        }
    }

    fn unregister(&self, id: u64, member_id: i64) {
        let last = {
            let mut registry = self.registry.lock().expect("registry lock");
            registry.conns.remove(&id);
            match registry.by_member.get_mut(&member_id) {
                Some(mine) => {
                    mine.retain(|c| *c != id);
                    let empty = mine.is_empty();
                    if empty {
                        registry.by_member.remove(&member_id);
                    }
                    empty
                }
                None => false,
            }
        };
        if last && !self.is_shutting_down() {
            self.announce(member_id, Presence::Offline);
        }
        if self.live.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.drained.notify_waiters();
        }
    }

    /// Announces this instance's presence of a member, in the background.
    pub fn announce(self: &Hub, member_id: i64, status: Presence) {
        let event = Event::Presence {
            member_id,
            instance: self.instance,
            status,
        };
        if let Some((tx, _)) = &self.local {
            let _ = tx.send(event);
            return;
        }
        let db = self.db.clone();
        tokio::spawn(async move {
            let _ = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(NOTIFY_CHANNEL)
                .bind(serde_json::to_string(&event).expect("events serialise"))
                .execute(&db.pool)
                .await;
        });
    }

    /// A member's status over all instances.
    pub fn presence_of(&self, member_id: i64) -> Presence {
        let registry = self.registry.lock().expect("registry lock");
        registry
            .presence
            .get(&member_id)
            .and_then(|by_instance| by_instance.values().max().copied())
            .unwrap_or(Presence::Offline)
    }

    /// Connections open on this instance.
    pub fn connections(&self) -> usize {
        self.live.load(Ordering::SeqCst)
    }

    pub fn is_shutting_down(&self) -> bool {
        self.shutting_down.load(Ordering::SeqCst)
    }

    /// Tells every connection to flush and close (1001), and waits for them, at most 5 s.
    pub async fn shutdown(&self) {
        self.shutting_down.store(true, Ordering::SeqCst);
        self.close_all(Close::Shutdown);
        let wait = async {
            loop {
                let drained = self.drained.notified();
                if self.live.load(Ordering::SeqCst) == 0 {
                    return;
                }
                drained.await;
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(5), wait).await;
    }

    /// Sends a frame to every local connection of the given members.
    fn deliver(&self, members: impl IntoIterator<Item = i64>, out: impl Fn() -> Out) {
        let mut registry = self.registry.lock().expect("registry lock");
        let mut slow = Vec::new();
        for member in members {
            let Some(conns) = registry.by_member.get(&member) else {
                continue;
            };
            for id in conns {
                let conn = &registry.conns[id];
                if let Err(mpsc::error::TrySendError::Full(_)) = conn.tx.try_send(out()) {
                    slow.push(*id);
                }
            }
        }
        for id in slow {
            registry.close(id, Close::TooSlow);
        }
    }

    /// Closes every local connection.
    fn close_all(&self, reason: Close) {
        let mut registry = self.registry.lock().expect("registry lock");
        let ids: Vec<u64> = registry.conns.keys().copied().collect();
        for id in ids {
            registry.close(id, reason);
        }
    }

    /// Pings every connection, and closes those not heard from for [`DEAD_AFTER`] or whose
    /// queue is full.
    fn keepalive(&self) {
        let dead_before = now_ms() - DEAD_AFTER.as_millis() as i64;
        let mut registry = self.registry.lock().expect("registry lock");
        let mut closing = Vec::new();
        for (id, conn) in &registry.conns {
            if (conn.shared.heard_at.load(Ordering::Relaxed) as i64) < dead_before {
                closing.push((*id, Close::Dead));
            } else if conn.tx.try_send(Out::Ping).is_err() {
                closing.push((*id, Close::TooSlow));
            }
        }
        for (id, reason) in closing {
            registry.close(id, reason);
        }
    }
}

impl Registry {
    /// Ends a connection's queue (see the module doc); its task then closes the socket.
    fn close(&mut self, id: u64, reason: Close) {
        if let Some(conn) = self.conns.remove(&id) {
            conn.shared.closed.store(reason as u8, Ordering::SeqCst);
            if let Some(mine) = self.by_member.get_mut(&conn.member_id) {
                mine.retain(|c| *c != id);
            }
        }
    }
}

/// Pings every connection of the hub every [`KEEPALIVE`]; ends with the hub.
async fn keepalive(hub: Weak<Hub>) {
    let mut every = tokio::time::interval_at(tokio::time::Instant::now() + KEEPALIVE, KEEPALIVE);
    loop {
        every.tick().await;
        let Some(hub) = hub.upgrade() else { return };
        hub.keepalive();
    }
}

/// A registered connection: its queue and what it shares with the hub; unregisters on drop.
pub struct Registration {
    hub: Arc<Hub>,
    pub id: u64,
    pub member_id: i64,
    rx: Option<mpsc::Receiver<Out>>,
    pub shared: Arc<Shared>,
}

impl Registration {
    pub fn take_queue(&mut self) -> mpsc::Receiver<Out> {
        self.rx.take().expect("the queue is taken once")
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.hub.unregister(self.id, self.member_id);
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

async fn local_events(hub: Weak<Hub>, mut rx: mpsc::UnboundedReceiver<Event>) {
    let mut dispatcher = Dispatcher::default();
    while let Some(event) = rx.recv().await {
        let Some(hub) = hub.upgrade() else { return };
        dispatcher.handle(&hub, event).await;
    }
}

async fn postgres_events(hub: Weak<Hub>, mut listener: sqlx::postgres::PgListener) {
    let mut dispatcher = Dispatcher::default();
    loop {
        let received = listener.try_recv().await;
        let Some(hub) = hub.upgrade() else { return };
        match received {
            Ok(Some(notification)) => match serde_json::from_str(notification.payload()) {
                Ok(event) => dispatcher.handle(&hub, event).await,
                Err(err) => tracing::warn!(error = %err, "chat: unreadable notification"),
            },
            Ok(None) => {
                // The connection was lost and is re-established on the next call: events in
                // between are gone, so every socket resumes from the database.
                tracing::warn!("chat: listener reconnected; asking clients to resume");
                dispatcher.handle(&hub, Event::Reconnect).await;
            }
            Err(err) => {
                tracing::warn!(error = %err, "chat: listener failed");
                drop(hub);
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// The event consumer of one instance (see the module doc); owns the member-set cache.
#[derive(Default)]
struct Dispatcher {
    members: HashMap<i64, Arc<HashSet<i64>>>,
    /// Other instances with presence here: this instance's heartbeats since each was last
    /// heard from.
    heard: HashMap<u64, u32>,
}

impl Dispatcher {
    async fn members(&mut self, hub: &Hub, channel_id: i64) -> Option<Arc<HashSet<i64>>> {
        if let Some(set) = self.members.get(&channel_id) {
            return Some(set.clone());
        }
        match db::member_ids(&hub.db, channel_id).await {
            Ok(ids) => {
                let set = Arc::new(ids.into_iter().collect::<HashSet<i64>>());
                if self.members.len() > 10_000 {
                    self.members.clear();
                }
                self.members.insert(channel_id, set.clone());
                Some(set)
            }
            Err(err) => {
                tracing::error!(error = %err, "chat: cannot load channel members");
                None
            }
        }
    }

    /// Counts one of this instance's heartbeats and drops the presence of every instance not
    /// heard from since three before it (silent for three to four heartbeat periods).
    async fn drop_silent_instances(&mut self, hub: &Hub) {
        let mut silent = Vec::new();
        for (instance, missed) in &mut self.heard {
            *missed += 1;
            if *missed > 3 {
                silent.push(*instance);
            }
        }
        for instance in silent {
            self.heard.remove(&instance);
            tracing::info!(
                instance,
                "chat: an instance went silent; dropping its presence"
            );
            self.drop_presence_of(hub, instance).await;
            if let Err(err) = hub.broadcast(Event::Dropped { instance }).await {
                tracing::warn!(error = %err, "chat: cannot announce a dropped instance");
            }
        }
    }

    /// Forgets what `instance` said about presence; contacts hear of members now offline.
    async fn drop_presence_of(&self, hub: &Hub, instance: u64) {
        let changed: Vec<(i64, Presence)> = {
            let mut registry = hub.registry.lock().expect("registry lock");
            let mut changed = Vec::new();
            registry.presence.retain(|member_id, by_instance| {
                let before = by_instance.values().max().copied();
                if by_instance.remove(&instance).is_some() {
                    let after = by_instance.values().max().copied();
                    if before != after {
                        changed.push((*member_id, after.unwrap_or(Presence::Offline)));
                    }
                }
                !by_instance.is_empty()
            });
            changed
        };
        for (member_id, status) in changed {
            let contacts = db::direct_contacts(&hub.db, member_id)
                .await
                .unwrap_or_default();
            let frame = Arc::new(protocol::encode(&ServerFrame::Presence {
                member_id,
                status,
            }));
            hub.deliver(contacts, || Out::Frame(frame.clone()));
        }
    }

    async fn handle(&mut self, hub: &Hub, event: Event) {
        match event {
            Event::Message { id } | Event::Edited { id } => {
                let row = if matches!(event, Event::Message { .. }) {
                    hub.posted_message(id).await
                } else {
                    db::message(&hub.db, id).await
                };
                let row = match row {
                    Ok(Some(row)) => row,
                    Ok(None) => return,
                    Err(err) => {
                        tracing::error!(error = %err, "chat: cannot load message");
                        return;
                    }
                };
                let Some(members) = self.members(hub, row.channel_id).await else {
                    return;
                };
                let channel_id = row.channel_id;
                let mut message = protocol::MessageOut::from(row);
                if let Err(err) =
                    super::resolve_documents(&hub.db, std::slice::from_mut(&mut message)).await
                {
                    tracing::error!(error = %err, "chat: cannot load a linked document");
                }
                if matches!(event, Event::Message { .. }) {
                    let delivery = Arc::new(Delivery {
                        channel_id,
                        id,
                        frame: protocol::encode(&ServerFrame::Message { message }),
                    });
                    hub.deliver(members.iter().copied(), || Out::Message(delivery.clone()));
                } else {
                    let frame = Arc::new(protocol::encode(&ServerFrame::Edited { message }));
                    hub.deliver(members.iter().copied(), || Out::Frame(frame.clone()));
                }
            }
            Event::Deleted { id, channel_id } => {
                let Some(members) = self.members(hub, channel_id).await else {
                    return;
                };
                let frame = Arc::new(protocol::encode(&ServerFrame::Deleted {
                    channel_id,
                    message_id: id,
                }));
                hub.deliver(members.iter().copied(), || Out::Frame(frame.clone()));
            }
            Event::Joined { channel_id, .. } | Event::Left { channel_id, .. } => {
                self.members.remove(&channel_id);
            }
            Event::Typing {
                channel_id,
                member_id,
                name,
            } => {
                let Some(members) = self.members(hub, channel_id).await else {
                    return;
                };
                if !members.contains(&member_id) {
                    return;
                }
                let frame = Arc::new(protocol::encode(&ServerFrame::Typing {
                    channel_id,
                    member_id,
                    name,
                }));
                let others = members.iter().copied().filter(|m| *m != member_id);
                hub.deliver(others, || Out::Frame(frame.clone()));
            }
            Event::Presence {
                member_id,
                instance,
                status,
            } => {
                if instance != hub.instance {
                    self.heard.entry(instance).or_insert(0);
                }
                let (before, after) = {
                    let mut registry = hub.registry.lock().expect("registry lock");
                    let by_instance = registry.presence.entry(member_id).or_default();
                    let before = by_instance.values().max().copied();
                    if status == Presence::Offline {
                        by_instance.remove(&instance);
                    } else {
                        by_instance.insert(instance, status);
                    }
                    let after = by_instance.values().max().copied();
                    if by_instance.is_empty() {
                        registry.presence.remove(&member_id);
                    }
                    (before, after)
                };
                if before == after {
                    return;
                }
                let contacts = db::direct_contacts(&hub.db, member_id)
                    .await
                    .unwrap_or_default();
                let frame = Arc::new(protocol::encode(&ServerFrame::Presence {
                    member_id,
                    status: after.unwrap_or(Presence::Offline),
                }));
                hub.deliver(contacts, || Out::Frame(frame.clone()));
            }
            Event::Unread {
                channel_id,
                member_id,
                count,
                total,
            } => {
                let frame = Arc::new(protocol::encode(&ServerFrame::Unread {
                    channel_id,
                    count,
                    total,
                }));
                hub.deliver([member_id], || Out::Frame(frame.clone()));
            }
            Event::Reconnect => {
                self.members.clear();
                hub.close_all(Close::Reconnect);
            }
            Event::Heartbeat { instance } if instance == hub.instance => {
                self.drop_silent_instances(hub).await;
            }
            Event::Heartbeat { instance } => {
                self.heard.insert(instance, 0);
            }
            Event::Dropped { instance } if instance == hub.instance => {
                // Another instance thought this one dead: say again who is here.
                let here: Vec<(i64, Presence)> = {
                    let registry = hub.registry.lock().expect("registry lock");
                    registry
                        .presence
                        .iter()
                        .filter_map(|(m, by)| by.get(&hub.instance).map(|s| (*m, *s)))
                        .collect()
                };
                for (member_id, status) in here {
                    hub.announce(member_id, status);
                }
            }
            // Each instance judges silence for itself.
            Event::Dropped { .. } => {}
            Event::Revalidate { member_id } => {
                hub.deliver([member_id], || Out::Revalidate);
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

    async fn hub() -> (tempfile::TempDir, Arc<Hub>) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("hub.db").display());
        let db = Db::connect(&url).await.unwrap();
        let hub = Hub::start(db, &url, Duration::from_secs(3600))
            .await
            .unwrap();
        (dir, hub)
    }

    #[tokio::test]
    async fn keepalive_pings_the_living_and_closes_the_silent() {
        let (_dir, hub) = hub().await;
        let mut alive = hub.register(1);
        let mut silent = hub.register(2);
        let (mut alive_queue, mut silent_queue) = (alive.take_queue(), silent.take_queue());
        silent.shared.heard_at.store(
            (now_ms() - DEAD_AFTER.as_millis() as i64 - 1) as u64,
            Ordering::Relaxed,
        );
        hub.keepalive();
        assert!(matches!(alive_queue.try_recv(), Ok(Out::Ping)));
        // The silent one's queue ends, with the reason its task closes the socket for.
        assert!(silent_queue.recv().await.is_none());
        assert_eq!(silent.shared.close_reason(), Close::Dead);
        assert_eq!(Close::Dead.frame().0, 1001);
        // Closed connections get no more frames; the living one still does.
        hub.deliver([1, 2], || Out::Ping);
        assert!(matches!(alive_queue.try_recv(), Ok(Out::Ping)));
    }

    #[tokio::test]
    async fn a_full_queue_closes_the_slow_connection_only() {
        let (_dir, hub) = hub().await;
        let mut slow = hub.register(1);
        let mut other = hub.register(1);
        let (mut slow_queue, mut other_queue) = (slow.take_queue(), other.take_queue());
        for _ in 0..QUEUE {
            hub.deliver([1], || Out::Ping);
            other_queue.try_recv().unwrap();
        }
        hub.deliver([1], || Out::Ping);
        assert_eq!(slow.shared.close_reason(), Close::TooSlow);
        // What was queued is still sent before the queue ends.
        for _ in 0..QUEUE {
            assert!(slow_queue.recv().await.is_some());
        }
        assert!(slow_queue.recv().await.is_none());
        assert!(matches!(other_queue.try_recv(), Ok(Out::Ping)));
        // Shutdown closes everyone with 1001.
        hub.close_all(Close::Shutdown);
        assert!(other_queue.recv().await.is_none());
        assert_eq!(other.shared.close_reason(), Close::Shutdown);
        assert_eq!(Close::Shutdown.frame().0, 1001);
    }

    #[test]
    fn presence_orders_by_availability() {
        assert!(Presence::Online > Presence::Away && Presence::Away > Presence::Offline);
    }
}
