//! Abuse limits of accounts: how often one client may try to log in, register, or make the
//! server mail someone. The one place these budgets live.
//!
//! - **Logins** are counted per account *and* client address together, plus per address
//!   across accounts. Guessing from one address slows that address down for that account, and
//!   for everything after a few accounts; it never locks the owner out: the right password from
//!   another address still gets in.
//! - **Registrations** are counted per client address.
//! - **Mail to one address** (a reset link, a "someone tried to register with your address"
//!   notice, a new confirmation link) is limited per target address and kind. Over the limit
//!   the mail is not sent, and the answer does not change: it must not tell whether the
//!   address has an account. Reset requests are also counted per client address (that answer
//!   may change, as it does not depend on the target).
//!
//! Login budgets are kept in the database (`store::rate`), so that every instance counts the
//! same attempts. The others are kept in memory per instance ([`Budget`]): with several
//! instances a client gets one budget per instance, which still bounds it.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::Quota;

use crate::store::Db;
use crate::store::rate::{self, Rate};
use crate::web::error::AppError;
use crate::web::limits::Budget;

/// Mails about an account that are limited per target address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MailKind {
    PasswordReset,
    /// "Someone tried to register with your address", or a new confirmation link.
    AccountNotice,
}

/// Mails of one kind one address may receive in an hour.
const MAILS_PER_TARGET_HOUR: u32 = 3;
/// Reset requests one client address may make in an hour.
const RESETS_PER_ADDRESS_HOUR: u32 = 10;

pub struct AccountLimits {
    login_pair: Rate,
    login_address: Rate,
    registrations: Budget<IpAddr>,
    resets: Budget<IpAddr>,
    mails: Budget<(MailKind, String)>,
}

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).expect("at least one")
}

/// `n` at once, refilled evenly over an hour.
fn per_hour(n: u32) -> Quota {
    Quota::per_hour(nonzero(n))
}

impl AccountLimits {
    /// `login_burst` attempts per account and address, refilled one a minute (five times as
    /// many per address); `registrations_per_hour` per address.
    pub fn new(login_burst: u32, registrations_per_hour: u32) -> AccountLimits {
        let burst = nonzero(login_burst);
        let five = nonzero(5);
        AccountLimits {
            login_pair: Rate {
                every_ms: 60_000,
                burst: i64::from(burst.get()),
            },
            login_address: Rate {
                every_ms: 60_000 / 5,
                burst: i64::from(burst.saturating_mul(five).get()),
            },
            registrations: Budget::new(per_hour(registrations_per_hour)),
            resets: Budget::new(per_hour(RESETS_PER_ADDRESS_HOUR)),
            mails: Budget::new(per_hour(MAILS_PER_TARGET_HOUR)),
        }
    }

    /// Takes one login attempt for `account` from `address` at `now`, on every instance, or
    /// says how long to wait.
    pub async fn login(
        &self,
        db: &Db,
        account: &str,
        address: IpAddr,
        now: i64,
    ) -> Result<(), AppError> {
        let address = address.to_string();
        let by_address = rate::key("login_address", &[&address]);
        let by_pair = rate::key("login_pair", &[account, &address]);
        for (key, budget) in [(by_address, self.login_address), (by_pair, self.login_pair)] {
            if let Err(wait_ms) = rate::take(db, &key, budget, now).await? {
                let seconds = u64::try_from(wait_ms.max(1)).unwrap_or(1).div_ceil(1000);
                return Err(AppError::too_many_requests(seconds));
            }
        }
        Ok(())
    }

    /// Takes one registration from `address`, or says how long to wait.
    pub fn register(&self, address: IpAddr) -> Result<(), AppError> {
        self.registrations.take(&address)
    }

    /// Takes one reset request from `address`, or says how long to wait.
    pub fn reset_request(&self, address: IpAddr) -> Result<(), AppError> {
        self.resets.take(&address)
    }

    /// Whether a mail of `kind` may go to `email` now (and counts it if so).
    pub fn may_mail(&self, kind: MailKind, email: &str) -> bool {
        self.mails.try_take(&(kind, email.to_lowercase()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("l.db").display());
        let db = Db::connect(&url).await.unwrap();
        (dir, db)
    }

    #[tokio::test]
    async fn guessing_from_one_address_does_not_lock_the_owner_out() {
        let (_dir, db) = db().await;
        let limits = AccountLimits::new(3, 10);
        let attacker: IpAddr = "192.0.2.1".parse().unwrap();
        let owner: IpAddr = "192.0.2.2".parse().unwrap();
        let now = 1_000_000;
        for _ in 0..3 {
            limits
                .login(&db, "ana@example.kz", attacker, now)
                .await
                .unwrap();
        }
        let err = limits
            .login(&db, "ana@example.kz", attacker, now)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "too_many_requests");
        assert_eq!(err.retry_after(), Some(60));
        limits
            .login(&db, "ana@example.kz", owner, now)
            .await
            .expect("the owner's address has its own budget");
        limits
            .login(&db, "bob@example.kz", attacker, now)
            .await
            .expect("another account from the same address");
        limits
            .login(&db, "ana@example.kz", attacker, now + 60_000)
            .await
            .expect("a minute later, one more try");
    }

    #[tokio::test]
    async fn one_address_is_bounded_across_accounts() {
        let (_dir, db) = db().await;
        let limits = AccountLimits::new(1, 10);
        let attacker: IpAddr = "192.0.2.1".parse().unwrap();
        for n in 0..5 {
            let account = format!("m{n}@example.kz");
            limits.login(&db, &account, attacker, 0).await.unwrap();
        }
        assert!(
            limits
                .login(&db, "m5@example.kz", attacker, 0)
                .await
                .is_err()
        );
    }

    #[test]
    fn registrations_are_counted_per_address() {
        let limits = AccountLimits::new(10, 2);
        let home: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        limits.register(home).unwrap();
        limits.register(home).unwrap();
        assert!(limits.register(home).is_err());
        limits.register(other).unwrap();
    }

    #[test]
    fn mail_to_one_address_is_limited_per_kind() {
        let limits = AccountLimits::new(10, 10);
        for _ in 0..MAILS_PER_TARGET_HOUR {
            assert!(limits.may_mail(MailKind::PasswordReset, "Ana@example.kz"));
        }
        assert!(!limits.may_mail(MailKind::PasswordReset, "ana@EXAMPLE.kz"));
        assert!(limits.may_mail(MailKind::AccountNotice, "ana@example.kz"));
        assert!(limits.may_mail(MailKind::PasswordReset, "bob@example.kz"));
    }
}
