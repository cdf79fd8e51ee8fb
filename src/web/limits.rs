//! Budgets: how often one key (a client address, an account, a pair of members) may do
//! something, as a token bucket per key. Over budget, [`Budget::take`] answers 429
//! `too_many_requests` with how long to wait; [`Budget::try_take`] just says no, for limits
//! whose answer must not change (a mail that is silently not sent).
//!
//! Kept in memory per instance. A budget forgets keys whose bucket has refilled once it holds
//! more than [`KEYS_BEFORE_SWEEP`], so a flood of distinct keys cannot grow it without bound.

use std::hash::Hash;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::error::AppError;

/// How many keys a budget holds before it forgets the refilled ones.
const KEYS_BEFORE_SWEEP: usize = 100_000;

pub struct Budget<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
}

impl<K: Hash + Eq + Clone> Budget<K> {
    pub fn new(quota: Quota) -> Budget<K> {
        Budget {
            limiter: RateLimiter::keyed(quota),
        }
    }

    /// Takes one from `key`'s budget, or a 429 saying how long to wait.
    pub fn take(&self, key: &K) -> Result<(), AppError> {
        self.sweep();
        self.limiter.check_key(key).map_err(|not_until| {
            let wait: Duration = not_until.wait_time_from(DefaultClock::default().now());
            AppError::too_many_requests(wait.as_secs() + 1)
        })
    }

    /// Takes one from `key`'s budget if there is one left.
    pub fn try_take(&self, key: &K) -> bool {
        self.sweep();
        self.limiter.check_key(key).is_ok()
    }

    fn sweep(&self) {
        if self.limiter.len() > KEYS_BEFORE_SWEEP {
            self.limiter.retain_recent();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroU32;

    use super::*;

    #[test]
    fn each_key_has_its_own_budget() {
        let budget = Budget::new(Quota::per_hour(NonZeroU32::new(2).unwrap()));
        assert!(budget.try_take(&"a"));
        budget.take(&"a").unwrap();
        assert!(!budget.try_take(&"a"));
        let err = budget.take(&"a").unwrap_err();
        assert_eq!(err.code(), "too_many_requests");
        assert!(err.retry_after().is_some_and(|secs| secs >= 1));
        assert!(budget.try_take(&"b"), "other keys are not affected");
    }
}
