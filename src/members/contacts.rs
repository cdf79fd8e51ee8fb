//! Contact requests between members: asking, answering, and the limits that keep a member's
//! notifications from being flooded (see `model::may_request_contact`).

use super::{db, model};
use crate::notifications::{self, Kind};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// Where a contact request between the viewer and a member stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactState {
    None,
    Sent,
    Received,
    Contacts,
}

pub async fn contact_state(
    state: &AppState,
    me: i64,
    other: i64,
) -> Result<(ContactState, Option<i64>), AppError> {
    Ok(match db::request_between(&state.db, me, other).await? {
        Some((_, _, _, status)) if status == "accepted" => (ContactState::Contacts, None),
        Some((id, from, _, status)) if status == "pending" => {
            if from == me {
                (ContactState::Sent, Some(id))
            } else {
                (ContactState::Received, Some(id))
            }
        }
        _ => (ContactState::None, None),
    })
}

/// Sends a contact request and notifies its addressee. Asking someone who already asked you
/// accepts their request.
pub async fn request_contact(
    state: &AppState,
    me: &CurrentMember,
    to: i64,
    message: &str,
) -> Result<i64, AppError> {
    if to == me.id {
        return Err(AppError::invalid("member_id", "contact_self"));
    }
    let target = db::profile(&state.db, to)
        .await?
        .filter(|p| p.status == "active");
    if target.is_none() {
        return Err(AppError::not_found());
    }
    let message = crate::web::text::parse_line(message, "message", 500)?;
    match contact_state(state, me.id, to).await? {
        (ContactState::Contacts, _) => Err(AppError::conflict("contact_exists")),
        (ContactState::Sent, Some(id)) => Ok(id),
        (ContactState::Received, Some(id)) => {
            answer_contact(state, me, id, true).await?;
            Ok(id)
        }
        _ => {
            let now = crate::store::now_ms();
            let declined_at = db::declined_at(&state.db, me.id, to).await?;
            let sent = db::requests_sent_since(&state.db, me.id, now - 24 * 60 * 60 * 1000).await?;
            model::may_request_contact(declined_at, sent, now)?;
            let id = db::insert_request(&state.db, me.id, to, &message).await?;
            notifications::notify(state, to, Kind::ContactRequest, Some(me.id), "/contacts")
                .await?;
            Ok(id)
        }
    }
}

/// Accepts or declines a pending request addressed to `me`.
pub async fn answer_contact(
    state: &AppState,
    me: &CurrentMember,
    request_id: i64,
    accept: bool,
) -> Result<(), AppError> {
    let status = if accept { "accepted" } else { "declined" };
    let from = db::answer_request(&state.db, request_id, me.id, status)
        .await?
        .ok_or_else(AppError::not_found)?;
    if accept {
        notifications::notify(
            state,
            from,
            Kind::ContactAccepted,
            Some(me.id),
            &format!("/members/{}", me.id),
        )
        .await?;
    }
    Ok(())
}
