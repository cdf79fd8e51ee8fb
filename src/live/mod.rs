//! Live sessions: the audience's part of an event's sessions — questions to the speakers with
//! votes, polls, and feedback after a session and after the event.
//!
//! - `questions.rs`: asking (optionally without one's name), reading by votes or by time,
//!   voting, and moderation by the session's speakers and the event's organisers.
//! - `polls.rs`: polls in up to four languages, opened and closed by moderators, one ballot
//!   per member, results shown as the poll says.
//! - `feedback/`: after a session, its participants rate it; after the event, a survey whose
//!   questions organisers define goes out by notification and mail, and organisers read the
//!   results as charts and files.
//! - `access.rs`: who may see, ask, vote and moderate — the one place that decides.
//! - `topics.rs`: the live frames of a session (`session:<id>`) on the chat socket; the chat
//!   hub carries them to every instance (see `chat::TopicSource`). Frames are in
//!   `src/live/PROTOCOL.md`.
//! - `model.rs`: parsing and pure rules; `db.rs`: queries; `api.rs` and `pages.rs`: handlers.
//!
//! Every write commits first and then announces its change ([`changed`]); the frames carry the
//! state read after it, so followers converge on what the database holds.

mod access;
mod api;
mod db;
pub mod demo;
mod feedback;
mod model;
mod pages;
mod polls;
mod questions;
mod topics;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

pub(crate) use api::ApiDoc;
pub(crate) use feedback::api::ApiDoc as FeedbackApiDoc;
pub use feedback::sending::{send_surveys, surveys};

/// The kind of topic of a session's live updates on the chat socket.
pub const TOPIC: &str = "session";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sessions/{id}/live", get(pages::live).post(pages::act))
        .route(
            "/api/v1/sessions/{id}/questions",
            get(api::list_questions).post(api::ask),
        )
        .route(
            "/api/v1/questions/{id}",
            axum::routing::patch(api::moderate),
        )
        .route(
            "/api/v1/questions/{id}/vote",
            post(api::vote).delete(api::unvote),
        )
        .route("/api/v1/questions/{id}/author", post(api::reveal_author))
        .route(
            "/api/v1/sessions/{id}/polls",
            get(api::list_polls).post(api::create_poll),
        )
        .route(
            "/api/v1/polls/{id}",
            get(api::get_poll).patch(api::change_poll),
        )
        .route(
            "/api/v1/polls/{id}/vote",
            axum::routing::put(api::put_ballot),
        )
        .route(
            "/api/v1/events/{id}/live-settings",
            get(api::get_settings).put(api::put_settings),
        )
        .merge(feedback_routes())
}

fn feedback_routes() -> Router<AppState> {
    use axum::routing::put;
    use feedback::{api, editor, pages};
    Router::new()
        .route(
            "/events/{id}/survey",
            get(pages::survey_page).post(pages::answer),
        )
        .route(
            "/events/{id}/survey/edit",
            get(editor::edit).post(editor::save),
        )
        .route("/events/{id}/survey/results", get(pages::results_page))
        .route(
            "/api/v1/sessions/{id}/feedback",
            get(api::get_feedback).put(api::put_feedback),
        )
        .route(
            "/api/v1/sessions/{id}/feedback/results",
            get(api::session_ratings),
        )
        .route(
            "/api/v1/events/{id}/survey",
            get(api::get_survey).put(api::put_survey),
        )
        .route("/api/v1/events/{id}/survey/answer", put(api::answer_survey))
        .route(
            "/api/v1/events/{id}/survey/results",
            get(api::survey_results),
        )
        .route(
            "/api/v1/events/{id}/survey/results.csv",
            get(api::survey_results_csv),
        )
        .route(
            "/api/v1/events/{id}/survey/results.xlsx",
            get(api::survey_results_xlsx),
        )
}

/// Registers the session topics with the chat socket (in `app::state`).
pub fn serve_topics(state: &AppState) {
    crate::chat::serve_topics(state, TOPIC, Arc::new(topics::SessionTopics));
}

/// Tells the session's followers, on every instance, what changed (after it is committed).
async fn changed(state: &AppState, session_id: i64, change: serde_json::Value) {
    crate::chat::topic_changed(state, TOPIC, session_id, change).await;
}

/// The link from a session's page to its questions, polls and feedback (a
/// `events::SessionLinks` source).
pub async fn session_link(
    _state: AppState,
    query: crate::events::SessionLinkQuery,
) -> Result<Option<crate::events::EventLink>, AppError> {
    let i18n = crate::web::i18n::I18n::new(query.locale);
    Ok(Some(crate::events::EventLink {
        href: format!("/sessions/{}/live", query.session_id),
        label: i18n.t("live-link"),
    }))
}

/// The link from an event's page to its survey: for organisers always (to define it and read
/// the results), for others once the event has one.
pub async fn event_link(
    state: AppState,
    query: crate::events::LinkQuery,
) -> Result<Option<crate::events::EventLink>, AppError> {
    let i18n = crate::web::i18n::I18n::new(query.locale);
    let exists = feedback::has_survey(&state, query.event_id).await?;
    Ok(
        (query.organiser || exists).then(|| crate::events::EventLink {
            href: format!("/events/{}/survey", query.event_id),
            label: i18n.t(if query.organiser {
                "live-survey-link-organiser"
            } else {
                "live-survey-link"
            }),
        }),
    )
}

/// Sets how the event's sessions take questions (its organisers).
async fn set_settings(
    state: &AppState,
    member: &CurrentMember,
    event_id: i64,
    open_before: i64,
    close_after: i64,
    approval: bool,
) -> Result<db::Settings, AppError> {
    crate::events::organised(state, member, event_id).await?;
    let range = 0..=model::WINDOW_MINUTES_MAX;
    if !range.contains(&open_before) || !range.contains(&close_after) {
        return Err(AppError::invalid(
            "open_before_minutes",
            "live_window_invalid",
        ));
    }
    let settings = db::Settings {
        open_before,
        close_after,
        approve_first: i64::from(approval),
    };
    db::put_settings(&state.db, event_id, settings).await?;
    Ok(settings)
}
