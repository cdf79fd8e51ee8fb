//! The survey goes out: when it opens, each participant of the event gets a notification
//! (and a mail, as their settings say) in their own language; at its reminder time, those who
//! have not answered get one reminder. A background task looks every minute; each survey's
//! sending and reminder is claimed by one instance (`db::take_due_openings`), so several
//! instances send each once.

use std::time::Duration;

use super::db::{self, SurveyRow};
use crate::live::model::Texts;
use crate::notifications::{Kind, notify_about};
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::error::AppError;
use crate::web::i18n::{I18n, Locale};

/// Sends the surveys and reminders due at `now`; answers how many notifications went out.
pub async fn send_surveys(state: &AppState, now: i64) -> Result<usize, AppError> {
    let mut sent = 0;
    for survey in db::take_due_openings(&state.db, now).await? {
        sent += send(state, &survey, Kind::SurveyOpen, false).await?;
    }
    for survey in db::take_due_reminders(&state.db, now).await? {
        sent += send(state, &survey, Kind::SurveyReminder, true).await?;
    }
    Ok(sent)
}

async fn send(
    state: &AppState,
    survey: &SurveyRow,
    kind: Kind,
    unanswered: bool,
) -> Result<usize, AppError> {
    let Some(schedule) = crate::events::schedule(state, survey.event_id).await? else {
        return Ok(0);
    };
    let title = Texts::from_json(&survey.title);
    let link = format!("/events/{}/survey", survey.event_id);
    let recipients = db::participants(&state.db, survey.event_id, unanswered).await?;
    for (member_id, locale, zone) in &recipients {
        let locale = Locale::parse(locale).unwrap_or(Locale::En);
        let i18n = I18n::new(locale);
        let detail = schedule.title(locale);
        let closes = i18n.stored_datetime(survey.closes_at, zone);
        let more = i18n.t_args(
            "live-survey-mail",
            &[("title", title.pick(locale)), ("closes", &closes)],
        );
        notify_about(state, *member_id, kind, None, &link, detail, Some(&more)).await?;
    }
    Ok(recipients.len())
}

/// Sends due surveys and reminders every minute, for the life of the server.
pub async fn surveys(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        if let Err(e) = send_surveys(&state, now_ms()).await {
            tracing::warn!(error = %e, "survey sending failed");
        }
    }
}
