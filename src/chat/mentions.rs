//! How often one member's mentions may notify another: at most [`BURST`] at once, then one
//! every [`REFILL`]. A mention over the limit is still a mention in the message; it only
//! adds no notification (and so no mail) to the list the member already has from the same
//! author. Without it anyone sharing a channel could fill a member's notifications and inbox
//! at the socket's flood limit (five messages a second).

use std::num::NonZeroU32;
use std::time::Duration;

use governor::Quota;

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
