//! Languages: which one a request wants, and text, numbers and dates in it.
//!
//! Every user-visible string lives in `locales/<lang>/<capability>.ftl` (Fluent), compiled into
//! the binary. A request's language comes from the `lang` cookie (set by the switcher), else the
//! browser's `Accept-Language`, else English. Numbers and dates are formatted here per locale;
//! month names and date patterns come from `locales/*/common.ftl`, so a translator owns them.
//!
//! Plural forms: Fluent selects on a number's CLDR plural category (Russian has one/few/many,
//! Kazakh one/other). Messages that count take `$count` (the number, for the selector) and `$n`
//! (the same number formatted for the locale, for display): see [`I18n::count`].

use std::borrow::Cow;
use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The cookie that remembers the language chosen with the switcher.
pub const LANG_COOKIE: &str = "lang";

/// A language the site is translated into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    En,
    De,
    Ru,
    Kk,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Locale::En, Locale::De, Locale::Ru, Locale::Kk];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
            Locale::Ru => "ru",
            Locale::Kk => "kk",
        }
    }

    /// The language's own name, as shown in the switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::De => "Deutsch",
            Locale::Ru => "Русский",
            Locale::Kk => "Қазақша",
        }
    }

    pub fn parse(code: &str) -> Option<Locale> {
        let primary = code.split(['-', '_']).next()?.trim();
        Locale::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// The best match for an `Accept-Language` header, by quality, in order.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut candidates: Vec<(f32, usize, Locale)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim();
                let quality = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (quality > 0.0).then_some(())?;
                Some((quality, i, Locale::parse(tag)?))
            })
            .collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.first().map(|c| c.2)
    }

    fn langid(self) -> &'static LanguageIdentifier {
        use std::sync::LazyLock;
        static IDS: LazyLock<[LanguageIdentifier; 4]> = LazyLock::new(|| {
            Locale::ALL.map(|l| l.code().parse().expect("valid language identifier"))
        });
        &IDS[self as usize]
    }
}

/// Text, numbers and dates in one language. Cheap to copy into every template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I18n {
    pub locale: Locale,
}

impl I18n {
    pub fn new(locale: Locale) -> I18n {
        I18n { locale }
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        LOCALES.lookup(self.locale.langid(), key)
    }

    /// The message `key`, or `None` when no locale has it.
    pub fn try_t(&self, key: &str) -> Option<String> {
        LOCALES.try_lookup(self.locale.langid(), key)
    }

    /// The message `key` with text arguments.
    pub fn t_args(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.to_string())))
            .collect();
        LOCALES.lookup_with_args(self.locale.langid(), key, &args)
    }

    /// A counting message: `$count` selects the plural form, `$n` shows the formatted number.
    pub fn count(&self, key: &str, count: i64) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed("count"), FluentValue::from(count));
        args.insert(Cow::Borrowed("n"), FluentValue::from(self.number(count)));
        LOCALES.lookup_with_args(self.locale.langid(), key, &args)
    }

    /// An integer with the locale's digit grouping: 10,000 · 10.000 · 10 000.
    pub fn number(&self, n: i64) -> String {
        let separator = match self.locale {
            Locale::En => ",",
            Locale::De => ".",
            Locale::Ru | Locale::Kk => "\u{a0}",
        };
        let digits = n.unsigned_abs().to_string();
        // CLDR: Russian and Kazakh (and German) leave four-digit numbers ungrouped.
        let min_grouping = if self.locale == Locale::En { 4 } else { 5 };
        let mut out = String::new();
        if n < 0 {
            out.push('-');
        }
        if digits.len() < min_grouping {
            out.push_str(&digits);
            return out;
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(c);
        }
        out
    }

    /// A number with at most one decimal, with the locale's decimal separator: 2.5 · 2,5.
    pub fn decimal(&self, value: f64) -> String {
        let rounded = (value * 10.0).round() / 10.0;
        let text = if rounded.fract() == 0.0 {
            self.number(rounded as i64)
        } else {
            format!("{rounded:.1}")
        };
        match self.locale {
            Locale::En => text,
            Locale::De | Locale::Ru | Locale::Kk => text.replace('.', ","),
        }
    }

    /// A calendar date, e.g. "21 February 2023" · "21. Februar 2023" · "21 февраля 2023 г.".
    pub fn date(&self, date: jiff::civil::Date) -> String {
        let month = self.t(&format!("month-genitive-{}", date.month()));
        self.t_args(
            "date-long",
            &[
                ("day", &date.day().to_string()),
                ("month", &month),
                ("year", &date.year().to_string()),
            ],
        )
    }

    /// A time of day, 24-hour clock: "14:05".
    pub fn time(&self, time: jiff::civil::Time) -> String {
        format!("{:02}:{:02}", time.hour(), time.minute())
    }

    /// A stored instant (milliseconds since the epoch, UTC) as a date and time in the time zone
    /// named `timezone`.
    pub fn stored_datetime(&self, millis: i64, timezone: &str) -> String {
        jiff::Timestamp::from_millisecond(millis)
            .map(|ts| self.datetime(ts, &zone(timezone)))
            .unwrap_or_default()
    }

    /// A date and time in the time zone `tz`.
    pub fn datetime(&self, instant: jiff::Timestamp, tz: &jiff::tz::TimeZone) -> String {
        let zoned = instant.to_zoned(tz.clone());
        format!(
            "{}, {}",
            self.date(zoned.date()),
            self.time(zoned.datetime().time())
        )
    }
}

/// The time zone of a stored IANA name; UTC when the name is unknown (names are checked when
/// they are stored, so that only happens if the time-zone database drops one).
pub fn zone(name: &str) -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(name).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// The request's language, as an extractor.
impl<S: Send + Sync> FromRequestParts<S> for I18n {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<I18n, Self::Rejection> {
        Ok(I18n::new(request_locale(parts)))
    }
}

/// The language a request wants: switcher cookie, then `Accept-Language`, then English.
pub fn request_locale(parts: &Parts) -> Locale {
    let jar = CookieJar::from_headers(&parts.headers);
    jar.get(LANG_COOKIE)
        .and_then(|c| Locale::parse(c.value()))
        .or_else(|| {
            parts
                .headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or(Locale::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_best_supported() {
        let pick = Locale::from_accept_language;
        assert_eq!(pick("ru-RU,ru;q=0.9,en;q=0.8"), Some(Locale::Ru));
        assert_eq!(pick("fr-FR,de;q=0.5,en;q=0.9"), Some(Locale::En));
        assert_eq!(pick("kk"), Some(Locale::Kk));
        assert_eq!(pick("fr, es"), None);
        assert_eq!(pick("de;q=0, ru;q=0.1"), Some(Locale::Ru));
        assert_eq!(pick(""), None);
    }

    #[test]
    fn numbers_are_grouped_per_locale() {
        assert_eq!(I18n::new(Locale::En).number(10000), "10,000");
        assert_eq!(I18n::new(Locale::En).number(1000), "1,000");
        assert_eq!(I18n::new(Locale::De).number(1234567), "1.234.567");
        assert_eq!(I18n::new(Locale::De).number(1000), "1000");
        assert_eq!(I18n::new(Locale::Ru).number(10000), "10\u{a0}000");
        assert_eq!(I18n::new(Locale::Kk).number(-250), "-250");
    }

    #[test]
    fn decimals_per_locale() {
        assert_eq!(I18n::new(Locale::En).decimal(5.0), "5");
        assert_eq!(I18n::new(Locale::En).decimal(2.54), "2.5");
        assert_eq!(I18n::new(Locale::De).decimal(2.5), "2,5");
        assert_eq!(I18n::new(Locale::Ru).decimal(0.095), "0,1");
    }

    #[test]
    fn russian_and_kazakh_plurals() {
        let ru = I18n::new(Locale::Ru);
        assert_eq!(ru.count("members-count", 1), "1 участник");
        assert_eq!(ru.count("members-count", 3), "3 участника");
        assert_eq!(ru.count("members-count", 5), "5 участников");
        assert_eq!(ru.count("members-count", 21), "21 участник");
        assert_eq!(ru.count("members-count", 12), "12 участников");
        assert_eq!(ru.count("members-count", 10000), "10\u{a0}000 участников");
        let kk = I18n::new(Locale::Kk);
        assert_eq!(kk.count("members-count", 1), "1 қатысушы");
        assert_eq!(kk.count("members-count", 7), "7 қатысушы");
        let en = I18n::new(Locale::En);
        assert_eq!(en.count("members-count", 1), "1 member");
        assert_eq!(en.count("members-count", 2), "2 members");
    }

    #[test]
    fn dates_per_locale() {
        let date = jiff::civil::date(2023, 2, 21);
        assert_eq!(I18n::new(Locale::En).date(date), "21 February 2023");
        assert_eq!(I18n::new(Locale::De).date(date), "21. Februar 2023");
        assert_eq!(I18n::new(Locale::Ru).date(date), "21 февраля 2023 г.");
        assert_eq!(I18n::new(Locale::Kk).date(date), "2023 ж. 21 ақпан");
    }

    #[test]
    fn datetime_uses_the_time_zone_database() {
        // Almaty moved from UTC+6 to UTC+5 on 1 March 2024.
        let almaty = jiff::tz::TimeZone::get("Asia/Almaty").unwrap();
        let en = I18n::new(Locale::En);
        let before: jiff::Timestamp = "2023-02-21T09:00:00Z".parse().unwrap();
        let after: jiff::Timestamp = "2025-02-21T09:00:00Z".parse().unwrap();
        assert_eq!(en.datetime(before, &almaty), "21 February 2023, 15:00");
        assert_eq!(en.datetime(after, &almaty), "21 February 2025, 14:00");
    }
}
