//! Profile input, parsed at the edge, and the pure rules of profiles and contact details.

use crate::web::error::AppError;
use crate::web::i18n::I18n;

/// The kind of an organisation.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Company,
    PublicBody,
    Ngo,
    Research,
    Association,
    Chamber,
}

impl OrgKind {
    pub const ALL: [OrgKind; 6] = [
        OrgKind::Company,
        OrgKind::PublicBody,
        OrgKind::Ngo,
        OrgKind::Research,
        OrgKind::Association,
        OrgKind::Chamber,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Company => "company",
            OrgKind::PublicBody => "public_body",
            OrgKind::Ngo => "ngo",
            OrgKind::Research => "research",
            OrgKind::Association => "association",
            OrgKind::Chamber => "chamber",
        }
    }

    pub fn parse(value: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn label(self, i18n: I18n) -> String {
        i18n.t(&format!("org-kind-{}", self.as_str().replace('_', "-")))
    }
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// How long a declined contact request keeps its sender from asking the same member again.
pub const CONTACT_DECLINE_COOLDOWN_MS: i64 = 30 * DAY_MS;

/// The most contact requests a member may send in 24 hours.
pub const CONTACT_REQUESTS_PER_DAY: i64 = 50;

/// The rule that keeps contact requests from flooding a member's notifications: after a
/// decline the sender waits [`CONTACT_DECLINE_COOLDOWN_MS`] before asking the same member
/// again, and nobody sends more than [`CONTACT_REQUESTS_PER_DAY`] a day. `declined_at` is when
/// the addressee last declined this sender (ms), `sent_last_day` how many requests the sender
/// made in the last 24 hours.
pub fn may_request_contact(
    declined_at: Option<i64>,
    sent_last_day: i64,
    now: i64,
) -> Result<(), AppError> {
    if let Some(declined) = declined_at {
        let until = declined + CONTACT_DECLINE_COOLDOWN_MS;
        if now < until {
            return Err(too_many("contact_declined_recently", until - now));
        }
    }
    if sent_last_day >= CONTACT_REQUESTS_PER_DAY {
        return Err(too_many("contact_requests_daily_limit", DAY_MS));
    }
    Ok(())
}

/// A 429 with its own code, after which the client may try again in `wait_ms`.
fn too_many(code: &'static str, wait_ms: i64) -> AppError {
    AppError::too_many(code, u64::try_from(wait_ms / 1000).unwrap_or(0))
}

/// How long a declined request to join an organisation keeps the member from asking again.
pub const MEMBERSHIP_DECLINE_COOLDOWN_MS: i64 = 30 * DAY_MS;

/// How many organisations a member may tell of a request to join in 24 hours.
pub const MEMBERSHIP_REQUESTS_PER_DAY: i64 = 5;

/// What became of a member's earlier request to join the same organisation.
#[derive(Clone, Debug)]
pub struct EarlierRequest<'a> {
    pub status: &'a str,
    pub answered_at: Option<i64>,
    pub notified_at: Option<i64>,
}

/// The rule of requests to join an organisation: refused for 30 days after a decline;
/// otherwise `Ok(true)` when the organisation is to be told, which happens at most once a day
/// per organisation (a member switching back and forth does not notify it again) and for at
/// most [`MEMBERSHIP_REQUESTS_PER_DAY`] organisations a day.
pub fn membership_request_notifies(
    earlier: Option<&EarlierRequest<'_>>,
    notified_last_day: i64,
    now: i64,
) -> Result<bool, AppError> {
    if let Some(EarlierRequest {
        status: "declined",
        answered_at: Some(at),
        ..
    }) = earlier
    {
        let until = at + MEMBERSHIP_DECLINE_COOLDOWN_MS;
        if now < until {
            return Err(too_many("membership_declined_recently", until - now));
        }
    }
    if earlier
        .and_then(|e| e.notified_at)
        .is_some_and(|at| now - at < DAY_MS)
    {
        return Ok(false);
    }
    if notified_last_day >= MEMBERSHIP_REQUESTS_PER_DAY {
        return Err(too_many("too_many_requests", DAY_MS));
    }
    Ok(true)
}

/// The names of the fields whose value differs: `(name, before, after)`.
pub fn changed_fields<'a>(fields: &[(&'a str, &str, &str)]) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|(_, before, after)| before != after)
        .map(|(name, _, _)| *name)
        .collect()
}

/// Who may see a contact detail.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Everyone, signed in or not.
    Public,
    /// Signed-in members.
    Members,
    /// Accepted contacts only.
    Contacts,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [
        Visibility::Public,
        Visibility::Members,
        Visibility::Contacts,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Members => "members",
            Visibility::Contacts => "contacts",
        }
    }

    pub fn parse(value: &str) -> Option<Visibility> {
        Visibility::ALL.into_iter().find(|v| v.as_str() == value)
    }

    pub fn label(self, i18n: I18n) -> String {
        i18n.t(&format!("visibility-{}", self.as_str()))
    }
}

/// How the viewer stands to the member whose profile they see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relation {
    Anonymous,
    Member,
    Contact,
    Myself,
}

impl Relation {
    /// How a signed-in viewer stands to a member, knowing whether they are contacts.
    pub fn between(viewer: i64, member: i64, contacts: bool) -> Relation {
        if viewer == member {
            Relation::Myself
        } else if contacts {
            Relation::Contact
        } else {
            Relation::Member
        }
    }

    /// The one rule of contact-detail visibility.
    pub fn may_see(self, visibility: Visibility) -> bool {
        match visibility {
            Visibility::Public => true,
            Visibility::Members => self >= Relation::Member,
            Visibility::Contacts => self >= Relation::Contact,
        }
    }

    /// The rule of roles (member, organiser, admin): signed-in members see them; to a visitor
    /// they would only point out whose account is worth attacking.
    pub fn may_see_role(self) -> bool {
        self >= Relation::Member
    }
}

/// A way to reach a member.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    Email,
    Phone,
    Website,
    Linkedin,
    Telegram,
}

impl ContactKind {
    pub const ALL: [ContactKind; 5] = [
        ContactKind::Email,
        ContactKind::Phone,
        ContactKind::Website,
        ContactKind::Linkedin,
        ContactKind::Telegram,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContactKind::Email => "email",
            ContactKind::Phone => "phone",
            ContactKind::Website => "website",
            ContactKind::Linkedin => "linkedin",
            ContactKind::Telegram => "telegram",
        }
    }

    pub fn parse(value: &str) -> Option<ContactKind> {
        ContactKind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn label(self, i18n: I18n) -> String {
        i18n.t(&format!("contact-kind-{}", self.as_str()))
    }

    /// Checks and normalises a value of this kind.
    pub fn parse_value(self, input: &str) -> Result<String, AppError> {
        let value = input.trim();
        let field = self.as_str();
        let invalid = || AppError::invalid(field_name(self), "contact_invalid");
        if value.chars().count() > 200 || value.chars().any(char::is_control) {
            return Err(invalid());
        }
        match self {
            ContactKind::Email => crate::accounts::Email::parse(value)
                .map(|e| e.to_string())
                .map_err(|_| invalid()),
            ContactKind::Phone => {
                let ok = value.chars().filter(char::is_ascii_digit).count() >= 5
                    && value
                        .chars()
                        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
                if ok {
                    Ok(value.to_string())
                } else {
                    Err(invalid())
                }
            }
            ContactKind::Website | ContactKind::Linkedin => {
                let url = url::Url::parse(value).map_err(|_| invalid())?;
                if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
                    return Err(invalid());
                }
                let _ = field;
                Ok(url.to_string())
            }
            ContactKind::Telegram => {
                let handle = value.trim_start_matches('@');
                let ok = (5..=32).contains(&handle.len())
                    && handle
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_');
                if ok {
                    Ok(format!("@{handle}"))
                } else {
                    Err(invalid())
                }
            }
        }
    }

    /// A link for the value, when it has one.
    pub fn href(self, value: &str) -> Option<String> {
        match self {
            ContactKind::Email => Some(format!("mailto:{value}")),
            ContactKind::Phone => Some(format!(
                "tel:{}",
                value.replace([' ', '(', ')', '-', '.'], "")
            )),
            ContactKind::Website | ContactKind::Linkedin => Some(value.to_string()),
            ContactKind::Telegram => {
                Some(format!("https://t.me/{}", value.trim_start_matches('@')))
            }
        }
    }
}

fn field_name(kind: ContactKind) -> &'static str {
    match kind {
        ContactKind::Email => "contact_email",
        ContactKind::Phone => "contact_phone",
        ContactKind::Website => "contact_website",
        ContactKind::Linkedin => "contact_linkedin",
        ContactKind::Telegram => "contact_telegram",
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country(String);

impl Country {
    pub fn parse(input: &str) -> Result<Country, AppError> {
        isocountry::CountryCode::for_alpha2_caseless(input.trim())
            .map(|c| Country(c.alpha2().to_string()))
            .map_err(|_| AppError::invalid("country", "country_unknown"))
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    /// Every country code, for the profile form.
    pub fn all_codes() -> impl Iterator<Item = &'static str> {
        isocountry::CountryCode::iter().map(|c| c.alpha2())
    }
}

/// The name of a country in the reader's language (English name when a locale lacks one).
pub fn country_name(i18n: I18n, code: &str) -> String {
    i18n.try_t(&format!("country-{code}")).unwrap_or_else(|| {
        isocountry::CountryCode::for_alpha2(code)
            .map(|c| c.name().to_string())
            .unwrap_or_else(|_| code.to_string())
    })
}

/// An organisation's website: an http(s) address, or empty.
pub fn parse_website(input: &str) -> Result<String, AppError> {
    match input.trim() {
        "" => Ok(String::new()),
        url => ContactKind::Website
            .parse_value(url)
            .map_err(|_| AppError::invalid("website", "contact_invalid")),
    }
}

/// An organisation's description: plain text, at most 2,000 characters.
pub fn parse_description(input: &str) -> Result<String, AppError> {
    let text = input.trim().replace("\r\n", "\n");
    if text.chars().count() > 2000 {
        return Err(AppError::invalid("description", "text_too_long"));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(AppError::invalid("description", "text_invalid"));
    }
    Ok(text)
}

pub const BIO_MAX_CHARS: usize = 5000;

pub fn parse_bio(input: &str) -> Result<(String, String), AppError> {
    let bio = input.trim().replace("\r\n", "\n");
    if bio.chars().count() > BIO_MAX_CHARS {
        return Err(AppError::invalid("bio", "bio_too_long"));
    }
    let html = crate::web::text::render_markdown(&bio);
    Ok((bio, html))
}

/// The current time of day in a member's time zone, e.g. "14:05".
pub fn local_time(i18n: I18n, timezone: &str, now: jiff::Timestamp) -> String {
    i18n.time(now.to_zoned(crate::web::i18n::zone(timezone)).time())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Locale;

    #[test]
    fn visibility_rule() {
        assert!(Relation::Anonymous.may_see(Visibility::Public));
        assert!(!Relation::Anonymous.may_see(Visibility::Members));
        assert!(Relation::Member.may_see(Visibility::Members));
        assert!(!Relation::Member.may_see(Visibility::Contacts));
        assert!(Relation::Contact.may_see(Visibility::Contacts));
        assert!(Relation::Myself.may_see(Visibility::Contacts));
        assert!(!Relation::Anonymous.may_see_role());
        assert!(Relation::Member.may_see_role());
    }

    #[test]
    fn contact_requests_are_limited() {
        let now = 1_000 * DAY_MS;
        assert!(may_request_contact(None, 0, now).is_ok());
        let err = may_request_contact(Some(now - DAY_MS), 0, now).unwrap_err();
        assert_eq!(err.code(), "contact_declined_recently");
        assert_eq!(err.status(), axum::http::StatusCode::TOO_MANY_REQUESTS);
        assert!(may_request_contact(Some(now - CONTACT_DECLINE_COOLDOWN_MS), 0, now).is_ok());
        assert!(may_request_contact(None, CONTACT_REQUESTS_PER_DAY - 1, now).is_ok());
        assert_eq!(
            may_request_contact(None, CONTACT_REQUESTS_PER_DAY, now)
                .unwrap_err()
                .code(),
            "contact_requests_daily_limit"
        );
    }

    #[test]
    fn membership_requests_are_limited() {
        let now = 1_000 * DAY_MS;
        assert!(membership_request_notifies(None, 0, now).unwrap());
        let declined = EarlierRequest {
            status: "declined",
            answered_at: Some(now - DAY_MS),
            notified_at: Some(now - 2 * DAY_MS),
        };
        assert_eq!(
            membership_request_notifies(Some(&declined), 0, now)
                .unwrap_err()
                .code(),
            "membership_declined_recently"
        );
        let long_ago = EarlierRequest {
            answered_at: Some(now - MEMBERSHIP_DECLINE_COOLDOWN_MS),
            ..declined
        };
        assert!(membership_request_notifies(Some(&long_ago), 0, now).unwrap());
        let withdrawn_today = EarlierRequest {
            status: "withdrawn",
            answered_at: None,
            notified_at: Some(now - 60_000),
        };
        assert!(!membership_request_notifies(Some(&withdrawn_today), 99, now).unwrap());
        assert_eq!(
            membership_request_notifies(None, MEMBERSHIP_REQUESTS_PER_DAY, now)
                .unwrap_err()
                .code(),
            "too_many_requests"
        );
    }

    #[test]
    fn changed_fields_are_named() {
        assert_eq!(
            changed_fields(&[
                ("name", "A", "A"),
                ("city", "", "Almaty"),
                ("website", "x", "y")
            ]),
            vec!["city", "website"]
        );
    }

    #[test]
    fn countries_are_checked() {
        assert_eq!(Country::parse("kz").unwrap().code(), "KZ");
        assert_eq!(Country::parse("DE").unwrap().code(), "DE");
        assert_eq!(Country::parse("XX").unwrap_err().code(), "country_unknown");
        assert_eq!(
            Country::parse("Germany").unwrap_err().code(),
            "country_unknown"
        );
        assert!(Country::all_codes().count() > 240);
    }

    #[test]
    fn country_names_are_translated() {
        assert_eq!(country_name(I18n::new(Locale::De), "DE"), "Deutschland");
        assert_eq!(country_name(I18n::new(Locale::Ru), "KZ"), "Казахстан");
        assert_eq!(country_name(I18n::new(Locale::Kk), "KZ"), "Қазақстан");
    }

    #[test]
    fn local_time_follows_the_zone() {
        let now: jiff::Timestamp = "2026-11-25T12:00:00Z".parse().unwrap();
        assert_eq!(
            local_time(I18n::new(Locale::En), "Asia/Almaty", now),
            "17:00"
        );
        assert_eq!(
            local_time(I18n::new(Locale::En), "Europe/Berlin", now),
            "13:00"
        );
    }

    #[test]
    fn contact_values() {
        assert_eq!(
            ContactKind::Telegram.parse_value("@eco_almaty").unwrap(),
            "@eco_almaty"
        );
        assert!(
            ContactKind::Website
                .parse_value("javascript:alert(1)")
                .is_err()
        );
        assert!(ContactKind::Website.parse_value("https://ahk.de").is_ok());
        assert!(ContactKind::Phone.parse_value("+7 (727) 123-45-67").is_ok());
        assert!(ContactKind::Phone.parse_value("call me").is_err());
        assert_eq!(
            ContactKind::Phone.href("+7 (727) 123-45-67").unwrap(),
            "tel:+77271234567"
        );
    }
}
