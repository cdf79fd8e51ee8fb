//! Signals: how a lower floor tells the floors above it that something happened, without
//! calling them (see `ARCHITECTURE.md`).
//!
//! Accounts and members publish a [`Signal`]: an account was created, or what a member may
//! do or how they are shown changed. Chat (close or refresh the member's sockets), the member
//! directory (re-index, forget cached pages) and any later capability subscribe while the
//! state is built (`app.rs`); the publisher never learns who listens, so a new subscriber needs
//! no change where the signal is published.
//!
//! [`Signals::publish`] awaits the subscribers one after the other, in the order they
//! subscribed: when the request that blocked a member answers, their sockets have been told.
//! A subscriber handles its own failures (it logs them): the change itself has happened.
//!
//! Signals stay in this process. A subscriber whose reaction other instances must see passes it
//! on over its own fan-out, as the chat hub does over PostgreSQL.
//!
//! The bus is generic over the state handed to subscribers, so that this module depends on
//! nothing; the application uses `Signals<AppState>` (see `state.rs`).

use std::future::Future;
use std::sync::{Arc, RwLock};

use futures::future::BoxFuture;

/// Something that happened to a member, as the floors above need to hear it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    /// An account was created: by registration, by an admin, by the demo or the command line.
    AccountCreated { member: i64 },
    /// What the member may do, or how they are shown, changed: blocked, unblocked or approved,
    /// role changed, a session or token ended, password reset or changed, renamed, language or
    /// time zone changed.
    MemberChanged { member: i64 },
}

type Subscriber<S> = Arc<dyn Fn(S, Signal) -> BoxFuture<'static, ()> + Send + Sync>;

/// The subscribers of one process.
pub struct Signals<S> {
    subscribers: RwLock<Vec<Subscriber<S>>>,
}

impl<S> Default for Signals<S> {
    fn default() -> Self {
        Signals {
            subscribers: RwLock::new(Vec::new()),
        }
    }
}

impl<S: Clone + Send + 'static> Signals<S> {
    /// Adds a subscriber: it hears every signal published from now on.
    pub fn subscribe<F, Fut>(&self, subscriber: F)
    where
        F: Fn(S, Signal) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let boxed: Subscriber<S> =
            Arc::new(move |state, signal| Box::pin(subscriber(state, signal)));
        self.subscribers
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(boxed);
    }

    /// Tells every subscriber, one after the other (see the module doc).
    pub async fn publish(&self, state: &S, signal: Signal) {
        let subscribers = self
            .subscribers
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        for subscriber in subscribers {
            subscriber(state.clone(), signal).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[tokio::test]
    async fn every_subscriber_hears_in_order() {
        let heard = Arc::new(Mutex::new(Vec::new()));
        let signals = Signals::<Arc<Mutex<Vec<(u8, Signal)>>>>::default();
        for n in [1u8, 2] {
            signals.subscribe(
                move |heard: Arc<Mutex<Vec<(u8, Signal)>>>, signal| async move {
                    heard.lock().unwrap().push((n, signal));
                },
            );
        }
        let signal = Signal::MemberChanged { member: 7 };
        signals.publish(&heard, signal).await;
        assert_eq!(*heard.lock().unwrap(), vec![(1, signal), (2, signal)]);
    }

    #[tokio::test]
    async fn publishing_without_subscribers_does_nothing() {
        Signals::<()>::default()
            .publish(&(), Signal::AccountCreated { member: 1 })
            .await;
    }
}
