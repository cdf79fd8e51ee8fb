//! The connections of this instance: each registers a bounded queue and gets a
//! [`Registration`] that removes it on drop; the hub delivers frames into the queues, closes
//! a connection by ending its queue with a [`Close`] reason, pings them all ([`KEEPALIVE`])
//! and closes them on shutdown. A member's first connection here announces them online, their
//! last one offline; [`Hub::presence_of`] answers their status over all instances (which the
//! dispatcher records). See the module doc of [`super`] for the design.

use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use axum::extract::ws::Utf8Bytes;
use tokio::sync::mpsc;

use super::{DEAD_AFTER, Event, Hub, KEEPALIVE, NOTIFY_CHANNEL, Presence, QUEUE, Registry};
use crate::store::now_ms;

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

pub(super) struct Conn {
    pub(super) member_id: i64,
    pub(super) tx: mpsc::Sender<Out>,
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

impl Hub {
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
            registry.followers.drop_conn(id);
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
    pub(super) fn deliver(&self, members: impl IntoIterator<Item = i64>, out: impl Fn() -> Out) {
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
    pub(super) fn close_all(&self, reason: Close) {
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
    pub(super) fn close(&mut self, id: u64, reason: Close) {
        if let Some(conn) = self.conns.remove(&id) {
            self.followers.drop_conn(id);
            conn.shared.closed.store(reason as u8, Ordering::SeqCst);
            if let Some(mine) = self.by_member.get_mut(&conn.member_id) {
                mine.retain(|c| *c != id);
            }
        }
    }
}

/// Pings every connection of the hub every [`KEEPALIVE`]; ends with the hub.
pub(super) async fn keepalive(hub: Weak<Hub>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Db;

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
}
