//! Feedback after a session and after the event.
//!
//! - `session.rs`: once a session has ended, its participants rate it (1–5) and comment; its
//!   speakers and the event's organisers see the ratings counted, without names.
//! - `survey.rs`: the event's survey, whose questions (rating, choice, free text, in up to
//!   four languages) organisers define; participants answer once and may change their answers
//!   until it closes.
//! - `sending.rs`: the survey goes out as a notification and a mail in each participant's
//!   language when it opens, with one reminder to those who have not answered.
//! - `results.rs`: the answers and ratings counted for organisers, and as CSV and XLSX;
//!   `pages.rs` draws them as charts (`web::charts`) with their figures.
//! - `editor.rs`: the organisers' form for the survey.
//! - `model.rs`: parsing and pure rules; `db.rs`: queries; `api.rs`: the JSON API.

pub mod api;
mod db;
pub mod demo;
pub mod editor;
mod model;
pub mod pages;
mod results;
pub mod sending;
pub mod session;
mod survey;

use crate::state::AppState;
use crate::web::error::AppError;

/// Whether the event has a survey.
pub async fn has_survey(state: &AppState, event_id: i64) -> Result<bool, AppError> {
    Ok(db::survey(&state.db, event_id).await?.is_some())
}
