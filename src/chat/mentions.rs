//! Mentions: whom a message's `@handle`s notify ([`notify_mentions`]), and how often.
//!
//! One member's mentions may notify another at most [`BURST`] times at once, then once
//! every [`REFILL`]. A mention over the limit is still a mention in the message; it only
//! adds no notification (and so no mail) to the list the member already has from the same
//! author. Without it anyone sharing a channel could fill a member's notifications and inbox
//! at the socket's flood limit (five messages a second).

use std::num::NonZeroU32;
use std::time::Duration;

use governor::Quota;

use super::{db, model};
use crate::notifications::{self, Kind};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;
use crate::web::limits::Budget;

const BURST: u32 = 5;
const REFILL: Duration = Duration::from_secs(120);

/// Mention notifications per (author, mentioned member), per instance.
pub struct MentionLimits {
    budget: Budget<(i64, i64)>,
}

impl Default for MentionLimits {
    fn default() -> MentionLimits {
        let quota = Quota::with_period(REFILL)
            .expect("a positive period")
            .allow_burst(NonZeroU32::new(BURST).expect("positive"));
        MentionLimits {
            budget: Budget::new(quota),
        }
    }
}

impl MentionLimits {
    /// Whether `author` mentioning `member` may notify them now (and counts it if so).
    pub fn may_notify(&self, author: i64, member: i64) -> bool {
        self.budget.try_take(&(author, member))
    }
}

/// Notifies the channel's members named with `@handle` (not the author, not who muted it,
/// not beyond [`MentionLimits`]).
pub(super) async fn notify_mentions(
    state: &AppState,
    author: &CurrentMember,
    channel_id: i64,
    message_id: i64,
    body: &str,
) -> Result<(), AppError> {
    let mentioned = model::mentions(body);
    if mentioned.is_empty() {
        return Ok(());
    }
    let link = format!("/chat/{channel_id}#m{message_id}");
    for (id, name) in db::channel_member_names(&state.db, channel_id).await? {
        if id == author.id || !model::handles(&name).iter().any(|h| mentioned.contains(h)) {
            continue;
        }
        let muted = db::membership(&state.db, channel_id, id)
            .await?
            .is_some_and(|m| m.muted_at.is_some());
        if !muted && state.service::<MentionLimits>().may_notify(author.id, id) {
            notifications::notify(state, id, Kind::ChatMention, Some(author.id), &link).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_author_notifies_one_member_a_few_times() {
        let limits = MentionLimits::default();
        for _ in 0..BURST {
            assert!(limits.may_notify(1, 2));
        }
        assert!(!limits.may_notify(1, 2));
        assert!(limits.may_notify(3, 2), "other authors are not affected");
        assert!(limits.may_notify(1, 4), "other members are not affected");
    }
}
