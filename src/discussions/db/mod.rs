//! Queries of discussions, written once for SQLite and PostgreSQL.
//!
//! Counting: a topic numbers its posts from its own counter (`post_count`, raised and read in
//! one statement), so concurrent replies never take the same number; `reply_count`,
//! `last_post_at` and `last_author_id` are recomputed from the visible posts by
//! [`topics::refresh_topic`] in the transaction of every change to a topic's posts.

mod categories;
mod changes;
mod moderation;
mod posts;
mod social;
mod topics;

pub use self::{categories::*, changes::*, moderation::*, posts::*, social::*, topics::*};
