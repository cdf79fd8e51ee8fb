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
//! Budgets are kept in memory per instance ([`Budget`]): with several instances a client gets
//! one budget per instance, which still bounds it.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::Quota;

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
    login_pair: Budget<(String, IpAddr)>,
    login_address: Budget<IpAddr>,
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
            login_pair: Budget::new(Quota::per_minute(nonzero(1)).allow_burst(burst)),
            login_address: Budget::new(
                Quota::per_minute(five).allow_burst(burst.saturating_mul(five)),
            ),
            registrations: Budget::new(per_hour(registrations_per_hour)),
            resets: Budget::new(per_hour(RESETS_PER_ADDRESS_HOUR)),
            mails: Budget::new(per_hour(MAILS_PER_TARGET_HOUR)),
        }
    }

    /// Takes one login attempt for `account` from `address`, or says how long to wait.
    pub fn login(&self, account: &str, address: IpAddr) -> Result<(), AppError> {
        self.login_address.take(&address)?;
        self.login_pair.take(&(account.to_string(), address))
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

    #[test]
    fn guessing_from_one_address_does_not_lock_the_owner_out() {
        let limits = AccountLimits::new(3, 10);
        let attacker: IpAddr = "192.0.2.1".parse().unwrap();
        let owner: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            limits.login("ana@example.kz", attacker).unwrap();
        }
        let err = limits.login("ana@example.kz", attacker).unwrap_err();
        assert_eq!(err.code(), "too_many_requests");
        limits
            .login("ana@example.kz", owner)
            .expect("the owner's address has its own budget");
        limits
            .login("bob@example.kz", attacker)
            .expect("another account from the same address");
    }

    #[test]
    fn one_address_is_bounded_across_accounts() {
        let limits = AccountLimits::new(1, 10);
        let attacker: IpAddr = "192.0.2.1".parse().unwrap();
        for n in 0..5 {
            limits.login(&format!("m{n}@example.kz"), attacker).unwrap();
        }
        assert!(limits.login("m5@example.kz", attacker).is_err());
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
