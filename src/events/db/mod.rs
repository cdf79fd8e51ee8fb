//! Queries of events, sessions, registrations, calendar feeds and organiser messages, a file
//! per section: `events.rs`, `sessions.rs`, `registrations.rs` and `agenda.rs`, re-exported
//! here so that callers write `db::…`.
//!
//! Seats: a session registration takes the session's row lock first (an `UPDATE` of the row,
//! which PostgreSQL locks and SQLite turns into the database's write lock), then counts and
//! inserts. Every transaction here writes before it reads: a SQLite transaction that read
//! first could not upgrade to writing once another connection had committed. Concurrent registrations therefore queue one behind the other and a session is
//! never over capacity; cancelling moves the first of the waiting list up in the same
//! transaction.

mod agenda;
mod events;
mod registrations;
mod sessions;

pub use self::{agenda::*, events::*, registrations::*, sessions::*};
