//! Account input, parsed at the edge: emails, passwords, names, roles; hashing and tokens.

use std::fmt;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::Rng;

use crate::web::error::AppError;

/// A syntactically valid email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, AppError> {
        let email = input.trim().to_lowercase();
        if email.len() > 254
            || !email_address::EmailAddress::is_valid(&email)
            || !email.contains('.')
        {
            return Err(AppError::invalid("email", "email_invalid"));
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password good enough to keep: at least 10 characters and not guessable.
pub struct Password(String);

/// Never prints the password itself.
impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 256;

    /// `context` holds words a guesser would try first (the email, the name).
    pub fn parse(input: &str, context: &[&str]) -> Result<Password, AppError> {
        let chars = input.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(AppError::invalid("password", "password_too_short"));
        }
        if chars > Self::MAX_CHARS {
            return Err(AppError::invalid("password", "password_too_long"));
        }
        // zxcvbn knows the common-password lists and keyboard patterns; score 0–1 means
        // "guessable within about a million tries".
        let estimate = zxcvbn::zxcvbn(input, context);
        if (estimate.score() as u8) < 2 {
            return Err(AppError::invalid("password", "password_common"));
        }
        Ok(Password(input.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's display name: 1 to 100 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(input: &str) -> Result<DisplayName, AppError> {
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(AppError::invalid("name", "name_missing"));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(AppError::invalid("name", "name_too_long"));
        }
        if name.chars().any(char::is_control) {
            return Err(AppError::invalid("name", "name_invalid"));
        }
        Ok(DisplayName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether newcomers can join at once or wait for an admin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistrationMode {
    Open,
    Approval,
}

impl RegistrationMode {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationMode::Open => "open",
            RegistrationMode::Approval => "approval",
        }
    }

    pub fn parse(value: &str) -> Option<RegistrationMode> {
        match value {
            "open" => Some(RegistrationMode::Open),
            "approval" => Some(RegistrationMode::Approval),
            _ => None,
        }
    }
}

fn argon2() -> Argon2<'static> {
    // Argon2id with the crate's defaults (19 MiB, 2 passes), OWASP's recommendation.
    Argon2::default()
}

/// Hashes a password with Argon2id (slow on purpose: call from a blocking thread).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::encode_b64(&rand::rng().random::<[u8; 16]>())
        .map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

/// Checks a password against a stored hash; a malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash that no password matches, verified for unknown emails so that they take as long.
pub fn dummy_hash() -> &'static str {
    use std::sync::LazyLock;
    static HASH: LazyLock<String> =
        LazyLock::new(|| hash_password("not-a-real-password-at-all").expect("hashing works"));
    &HASH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Ana@Example.KZ ").unwrap().as_str(),
            "ana@example.kz"
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.kz",
            "ana@example",
            "a b@example.kz",
        ] {
            let err = Email::parse(bad).unwrap_err();
            assert_eq!(err.code(), "email_invalid", "{bad:?}");
        }
        let long = format!("{}@example.kz", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
    }

    #[test]
    fn passwords_must_be_long_and_uncommon() {
        assert_eq!(
            Password::parse("short", &[]).unwrap_err().code(),
            "password_too_short"
        );
        assert_eq!(
            Password::parse("1234567890", &[]).unwrap_err().code(),
            "password_common"
        );
        assert_eq!(
            Password::parse("password1234", &[]).unwrap_err().code(),
            "password_common"
        );
        assert_eq!(
            Password::parse("qwertyuiop", &[]).unwrap_err().code(),
            "password_common"
        );
        assert!(Password::parse("Steppe-Recycling-2023", &[]).is_ok());
        assert!(Password::parse("жасыл-экономика-алматы", &[]).is_ok());
        assert_eq!(
            Password::parse(&"x".repeat(300), &[]).unwrap_err().code(),
            "password_too_long"
        );
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            DisplayName::parse("  Айгерим   Сапарова ")
                .unwrap()
                .as_str(),
            "Айгерим Сапарова"
        );
        assert_eq!(
            DisplayName::parse("   ").unwrap_err().code(),
            "name_missing"
        );
        assert_eq!(
            DisplayName::parse(&"Ä".repeat(101)).unwrap_err().code(),
            "name_too_long"
        );
        assert!(DisplayName::parse(&"Ä".repeat(100)).is_ok());
        assert_eq!(
            DisplayName::parse("a\u{7}b").unwrap_err().code(),
            "name_invalid"
        );
    }

    #[test]
    fn password_hashes_verify() {
        let hash = hash_password("Steppe-Recycling-2023").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("Steppe-Recycling-2023", &hash));
        assert!(!verify_password("steppe-recycling-2023", &hash));
        assert!(!verify_password("x", "not a hash"));
    }
}
