//! Topics: the live updates of capabilities above chat, carried by the chat socket (a
//! session's questions and polls, see `src/live/PROTOCOL.md`).
//!
//! Chat cannot call up, so a capability that has live updates registers a [`TopicSource`] for
//! its kind of topic (`"session"`) in `app::state` ([`Hub::serve_topics`]). A topic is named
//! `kind:id` (`"session:12"`). A client follows one with a `follow` frame: the source decides
//! whether the member may ([`TopicSource::may_follow`]), and the connection is listed as a
//! follower until it unfollows or closes.
//!
//! A change travels as an [`Event::Topic`] (kind, id and a small JSON `change` naming what
//! changed, ids only), published like any chat event after or within its transaction, so it
//! reaches every instance. Each instance's dispatcher asks the source for the frames the
//! change becomes ([`TopicSource::frames`]), read from the database at that moment, and
//! delivers each to the local followers in its [`Audience`]. Because frames carry the current
//! state rather than a difference, the last frame after a burst of changes is exact, and the
//! dispatcher may drop a change that a later one in the same batch repeats.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::extract::ws::Utf8Bytes;
use futures::future::BoxFuture;
use tokio::sync::mpsc;

use super::{Close, Event, Hub, Out};
use crate::state::AppState;
use crate::store::Db;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// The most topics one connection may follow at once.
pub const FOLLOW_MAX: usize = 16;

/// A capability's live updates of one kind of topic.
pub trait TopicSource: Send + Sync + 'static {
    /// Whether `member` may follow the topic `id` of this kind; the error is sent to the
    /// client as an `error` frame.
    fn may_follow<'a>(
        &'a self,
        state: &'a AppState,
        member: &'a CurrentMember,
        id: i64,
    ) -> BoxFuture<'a, Result<(), AppError>>;

    /// The frames a change of topic `id` becomes, each with who may have it.
    fn frames<'a>(
        &'a self,
        db: &'a Db,
        id: i64,
        change: &'a serde_json::Value,
    ) -> BoxFuture<'a, Vec<TopicFrame>>;
}

/// A frame for the followers of a topic.
pub struct TopicFrame {
    pub frame: Utf8Bytes,
    pub to: Audience,
}

/// Which followers a frame is for.
pub enum Audience {
    Followers,
    /// Only the followers among these members.
    Only(HashSet<i64>),
    /// The followers except these members.
    Except(HashSet<i64>),
}

impl Audience {
    fn includes(&self, member_id: i64) -> bool {
        match self {
            Audience::Followers => true,
            Audience::Only(members) => members.contains(&member_id),
            Audience::Except(members) => !members.contains(&member_id),
        }
    }
}

/// The event of a change of topic `kind:id`, to publish with [`Hub::publish_in`] (then
/// [`Hub::committed`]) or [`Hub::broadcast`].
pub fn topic_event(kind: &str, id: i64, change: serde_json::Value) -> Event {
    Event::Topic {
        kind: kind.to_string(),
        id,
        change,
    }
}

/// `"kind:id"` split, when it is one.
fn split_topic(topic: &str) -> Option<(&str, i64)> {
    let (kind, id) = topic.split_once(':')?;
    let id: i64 = id.parse().ok()?;
    (!kind.is_empty() && id > 0).then_some((kind, id))
}

/// Who follows what on this instance.
#[derive(Default)]
pub(super) struct Followers {
    by_topic: HashMap<String, Vec<u64>>,
    by_conn: HashMap<u64, Vec<String>>,
}

impl Followers {
    fn add(&mut self, conn: u64, topic: &str) -> Result<(), &'static str> {
        let mine = self.by_conn.entry(conn).or_default();
        if mine.iter().any(|t| t == topic) {
            return Ok(());
        }
        if mine.len() >= FOLLOW_MAX {
            return Err("chat_follow_too_many");
        }
        mine.push(topic.to_string());
        self.by_topic
            .entry(topic.to_string())
            .or_default()
            .push(conn);
        Ok(())
    }

    fn remove(&mut self, conn: u64, topic: &str) {
        if let Some(mine) = self.by_conn.get_mut(&conn) {
            mine.retain(|t| t != topic);
            if mine.is_empty() {
                self.by_conn.remove(&conn);
            }
        }
        if let Some(conns) = self.by_topic.get_mut(topic) {
            conns.retain(|c| *c != conn);
            if conns.is_empty() {
                self.by_topic.remove(topic);
            }
        }
    }

    /// Forgets a connection that is gone.
    pub(super) fn drop_conn(&mut self, conn: u64) {
        for topic in self.by_conn.remove(&conn).unwrap_or_default() {
            if let Some(conns) = self.by_topic.get_mut(&topic) {
                conns.retain(|c| *c != conn);
                if conns.is_empty() {
                    self.by_topic.remove(&topic);
                }
            }
        }
    }
}

impl Hub {
    /// Registers the source of a kind of topic (in `app::state`).
    pub fn serve_topics(&self, kind: &'static str, source: Arc<dyn TopicSource>) {
        self.sources
            .write()
            .expect("topic sources lock")
            .insert(kind, source);
    }

    fn source(&self, kind: &str) -> Option<Arc<dyn TopicSource>> {
        self.sources
            .read()
            .expect("topic sources lock")
            .get(kind)
            .cloned()
    }

    /// Makes connection `conn` of `member` a follower of `topic`, if its source allows; the
    /// error code otherwise.
    pub async fn follow(
        &self,
        state: &AppState,
        member: &CurrentMember,
        conn: u64,
        topic: &str,
    ) -> Result<(), AppError> {
        let (kind, id) =
            split_topic(topic).ok_or_else(|| AppError::bad_request("chat_topic_unknown"))?;
        let source = self
            .source(kind)
            .ok_or_else(|| AppError::bad_request("chat_topic_unknown"))?;
        source.may_follow(state, member, id).await?;
        let mut registry = self.registry.lock().expect("registry lock");
        if !registry.conns.contains_key(&conn) {
            // Closed meanwhile: nothing to follow with.
            return Ok(());
        }
        registry
            .followers
            .add(conn, topic)
            .map_err(AppError::bad_request)
    }

    pub fn unfollow(&self, conn: u64, topic: &str) {
        let mut registry = self.registry.lock().expect("registry lock");
        registry.followers.remove(conn, topic);
    }

    /// Turns a change into its frames and hands them to the local followers (dispatcher).
    pub(super) async fn topic_changed(&self, kind: &str, id: i64, change: &serde_json::Value) {
        let topic = format!("{kind}:{id}");
        let followed = {
            let registry = self.registry.lock().expect("registry lock");
            registry.followers.by_topic.contains_key(&topic)
        };
        if !followed {
            return;
        }
        let Some(source) = self.source(kind) else {
            return;
        };
        let frames = source.frames(&self.db, id, change).await;
        let frames: Vec<(Arc<Utf8Bytes>, Audience)> = frames
            .into_iter()
            .map(|f| (Arc::new(f.frame), f.to))
            .collect();
        let mut registry = self.registry.lock().expect("registry lock");
        let mut slow = Vec::new();
        if let Some(conns) = registry.followers.by_topic.get(&topic) {
            for id in conns {
                let Some(conn) = registry.conns.get(id) else {
                    continue;
                };
                for (frame, to) in &frames {
                    if !to.includes(conn.member_id) {
                        continue;
                    }
                    if let Err(mpsc::error::TrySendError::Full(_)) =
                        conn.tx.try_send(Out::Frame(frame.clone()))
                    {
                        slow.push(*id);
                        break;
                    }
                }
            }
        }
        for id in slow {
            registry.close(id, Close::TooSlow);
        }
    }
}

/// Drops, from a batch of events, each topic change that a later one in the batch repeats:
/// its frames would be read again a moment later with the same or newer state.
pub(super) fn drop_repeated(events: &mut Vec<Event>) {
    // Most batches are chat events alone: they pay one scan and no allocation.
    let topics = events
        .iter()
        .filter(|e| matches!(e, Event::Topic { .. }))
        .count();
    if topics < 2 {
        return;
    }
    let mut seen = HashSet::new();
    let mut keep = vec![true; events.len()];
    for (i, event) in events.iter().enumerate().rev() {
        if let Event::Topic { kind, id, change } = event
            && !seen.insert((kind.clone(), *id, change.to_string()))
        {
            keep[i] = false;
        }
    }
    let mut i = 0;
    events.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_are_kind_and_positive_id() {
        assert_eq!(split_topic("session:12"), Some(("session", 12)));
        assert_eq!(split_topic("session:0"), None);
        assert_eq!(split_topic("session:x"), None);
        assert_eq!(split_topic(":4"), None);
        assert_eq!(split_topic("session"), None);
    }

    #[test]
    fn a_repeated_change_is_kept_once_at_its_last_place() {
        let vote = topic_event("session", 1, serde_json::json!({"poll": 3}));
        let other = topic_event("session", 1, serde_json::json!({"question": 4}));
        let mut events = vec![
            vote.clone(),
            other.clone(),
            Event::Heartbeat { instance: 1 },
            vote.clone(),
        ];
        drop_repeated(&mut events);
        assert_eq!(events, vec![other, Event::Heartbeat { instance: 1 }, vote]);
    }

    #[test]
    fn a_connection_follows_a_topic_once_and_at_most_the_limit() {
        let mut followers = Followers::default();
        followers.add(1, "session:1").unwrap();
        followers.add(1, "session:1").unwrap();
        assert_eq!(followers.by_topic["session:1"], vec![1]);
        for n in 2..=FOLLOW_MAX {
            followers.add(1, &format!("session:{n}")).unwrap();
        }
        assert_eq!(followers.add(1, "session:99"), Err("chat_follow_too_many"));
        followers.drop_conn(1);
        assert!(followers.by_topic.is_empty() && followers.by_conn.is_empty());
    }
}
