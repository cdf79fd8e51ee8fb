//! The dispatcher: the one consumer of this instance's events, in commit order (see the
//! module doc of [`super`]). It loads what an event needs (the message, the channel's member
//! set, kept in a cache), and hands one pre-serialised frame to the connections of every
//! member who may see it; it also keeps presence and judges which instances went silent.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{Close, Delivery, Event, Hub, Out, Presence, db};
use crate::chat::protocol::{self, ServerFrame};

/// The event consumer of one instance (see the module doc); owns the member-set cache.
#[derive(Default)]
pub(super) struct Dispatcher {
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

    pub(super) async fn handle(&mut self, hub: &Hub, event: Event) {
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
                    crate::chat::resolve_documents(&hub.db, std::slice::from_mut(&mut message))
                        .await
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
            Event::Topic { kind, id, change } => {
                hub.topic_changed(&kind, id, &change).await;
            }
        }
    }
}
