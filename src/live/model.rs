//! Input parsed at the edge, and the pure rules of live sessions: the question window, texts
//! in several languages, poll ballots and their results.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::web::error::AppError;
use crate::web::i18n::Locale;

/// The longest question, in characters.
pub const QUESTION_MAX: usize = 500;
/// The longest poll question and the longest option, in characters.
pub const PROMPT_MAX: usize = 300;
pub const OPTION_MAX: usize = 120;
/// Options of a poll.
pub const OPTIONS_MIN: usize = 2;
pub const OPTIONS_MAX: usize = 10;

/// A question's text: trimmed, 1 to [`QUESTION_MAX`] characters, in any language.
pub fn parse_question(body: &str) -> Result<String, AppError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid("body", "live_question_empty"));
    }
    if body.chars().count() > QUESTION_MAX {
        return Err(AppError::invalid("body", "live_question_too_long"));
    }
    Ok(body.to_string())
}

/// Where a question stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionState {
    /// Waits for a moderator's approval; seen by moderators and its author only.
    Pending,
    Visible,
    Hidden,
    Answered,
}

impl QuestionState {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionState::Pending => "pending",
            QuestionState::Visible => "visible",
            QuestionState::Hidden => "hidden",
            QuestionState::Answered => "answered",
        }
    }

    pub fn from_db(value: &str) -> QuestionState {
        match value {
            "pending" => QuestionState::Pending,
            "hidden" => QuestionState::Hidden,
            "answered" => QuestionState::Answered,
            _ => QuestionState::Visible,
        }
    }

    /// Whether every participant sees it (and may vote on it).
    pub fn is_public(self) -> bool {
        matches!(self, QuestionState::Visible | QuestionState::Answered)
    }
}

/// How questions are ordered for reading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionOrder {
    /// Most votes first (then the older first).
    #[default]
    Votes,
    /// Newest first.
    Recent,
}

impl QuestionOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionOrder::Votes => "votes",
            QuestionOrder::Recent => "recent",
        }
    }

    /// The order a form names; anything else is the default.
    pub fn from_form(value: &str) -> QuestionOrder {
        if value == QuestionOrder::Recent.as_str() {
            QuestionOrder::Recent
        } else {
            QuestionOrder::Votes
        }
    }
}

/// The span in which a session takes questions: from `open_before` minutes before its start
/// to `close_after` minutes after its end (milliseconds since the epoch).
pub fn question_window(
    starts_at: i64,
    ends_at: i64,
    open_before: i64,
    close_after: i64,
) -> (i64, i64) {
    (
        starts_at - open_before * 60_000,
        ends_at + close_after * 60_000,
    )
}

/// Minutes a question window may reach before a start or after an end: a week.
pub const WINDOW_MINUTES_MAX: i64 = 7 * 24 * 60;

/// A text in up to four languages (locale code → text), as organisers give it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(transparent)]
pub struct Texts(pub BTreeMap<String, String>);

impl Texts {
    /// Parses texts: at least one, known locales only, each trimmed, 1 to `max` characters on
    /// one line. `field` names the input for the error.
    pub fn parse(
        input: &BTreeMap<String, String>,
        field: &'static str,
        max: usize,
    ) -> Result<Texts, AppError> {
        let mut out = BTreeMap::new();
        for (code, text) in input {
            let locale = Locale::parse(code)
                .filter(|l| l.code() == code)
                .ok_or_else(|| AppError::invalid(field, "locale_unknown"))?;
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            if text.chars().count() > max || text.contains(['\n', '\r']) {
                return Err(AppError::invalid(field, "text_too_long"));
            }
            out.insert(locale.code().to_string(), text.to_string());
        }
        if out.is_empty() {
            return Err(AppError::invalid(field, "field_required"));
        }
        Ok(Texts(out))
    }

    /// The text in the reader's language, else English, else the first there is.
    pub fn pick(&self, reader: Locale) -> &str {
        self.0
            .get(reader.code())
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).expect("texts serialise")
    }

    /// Texts as stored; an unreadable value reads as none.
    pub fn from_json(value: &str) -> Texts {
        Texts(serde_json::from_str(value).unwrap_or_default())
    }
}

/// One choice or several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PollKind {
    Single,
    Multiple,
}

impl PollKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PollKind::Single => "single",
            PollKind::Multiple => "multiple",
        }
    }

    pub fn from_db(value: &str) -> PollKind {
        if value == "multiple" {
            PollKind::Multiple
        } else {
            PollKind::Single
        }
    }
}

/// Where a poll stands: prepared (seen by moderators only), open for votes, closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PollState {
    Draft,
    Open,
    Closed,
}

impl PollState {
    pub fn as_str(self) -> &'static str {
        match self {
            PollState::Draft => "draft",
            PollState::Open => "open",
            PollState::Closed => "closed",
        }
    }

    pub fn from_db(value: &str) -> PollState {
        match value {
            "open" => PollState::Open,
            "closed" => PollState::Closed,
            _ => PollState::Draft,
        }
    }
}

/// Who sees a poll's results while it is open (once closed, everyone does).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResultsShown {
    /// Each voter, once they voted.
    AfterVote,
    /// Nobody but the moderators until it closes.
    AfterClose,
}

impl ResultsShown {
    pub fn as_str(self) -> &'static str {
        match self {
            ResultsShown::AfterVote => "after_vote",
            ResultsShown::AfterClose => "after_close",
        }
    }

    pub fn from_db(value: &str) -> ResultsShown {
        if value == "after_close" {
            ResultsShown::AfterClose
        } else {
            ResultsShown::AfterVote
        }
    }
}

/// Whether a viewer sees a poll's results: moderators always, everyone once it is closed,
/// voters while it is open if the poll says so.
pub fn sees_results(state: PollState, shown: ResultsShown, moderator: bool, voted: bool) -> bool {
    moderator
        || state == PollState::Closed
        || (state == PollState::Open && shown == ResultsShown::AfterVote && voted)
}

/// A ballot's options: at least one, no option twice, exactly one for a single-choice poll,
/// each an option of the poll (`known`). Sorted.
pub fn parse_ballot(kind: PollKind, chosen: &[i64], known: &[i64]) -> Result<Vec<i64>, AppError> {
    let mut chosen = chosen.to_vec();
    chosen.sort_unstable();
    chosen.dedup();
    if chosen.is_empty() {
        return Err(AppError::invalid("options", "live_vote_empty"));
    }
    if kind == PollKind::Single && chosen.len() > 1 {
        return Err(AppError::invalid("options", "live_vote_single"));
    }
    if chosen.iter().any(|c| !known.contains(c)) {
        return Err(AppError::invalid("options", "live_option_unknown"));
    }
    Ok(chosen)
}

/// A share in whole percent of `part` out of `whole` (0 when nobody voted).
pub fn percent(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    (part * 100 + whole / 2) / whole
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_trimmed_and_bounded_in_characters() {
        assert_eq!(parse_question("  Вопрос?  ").unwrap(), "Вопрос?");
        assert_eq!(
            parse_question(" \n ").unwrap_err().code(),
            "live_question_empty"
        );
        assert!(parse_question(&"ә".repeat(QUESTION_MAX)).is_ok());
        assert_eq!(
            parse_question(&"ә".repeat(QUESTION_MAX + 1))
                .unwrap_err()
                .code(),
            "live_question_too_long"
        );
    }

    #[test]
    fn the_window_reaches_around_the_session() {
        assert_eq!(question_window(600_000, 900_000, 5, 1), (300_000, 960_000));
    }

    #[test]
    fn texts_need_known_languages_and_pick_the_readers() {
        let input: BTreeMap<String, String> = [("de", " Frage "), ("ru", "Вопрос"), ("kk", " ")]
            .into_iter()
            .map(|(a, b)| (a.into(), b.into()))
            .collect();
        let texts = Texts::parse(&input, "question", 10).unwrap();
        assert_eq!(texts.0.len(), 2);
        assert_eq!(texts.pick(Locale::De), "Frage");
        assert_eq!(texts.pick(Locale::Ru), "Вопрос");
        // No English: the first there is.
        assert_eq!(texts.pick(Locale::Kk), "Frage");
        assert_eq!(Texts::from_json(&texts.to_json()), texts);
        let unknown: BTreeMap<String, String> = [("fr".to_string(), "x".to_string())].into();
        assert_eq!(
            Texts::parse(&unknown, "q", 10).unwrap_err().code(),
            "locale_unknown"
        );
        assert_eq!(
            Texts::parse(&BTreeMap::new(), "q", 10).unwrap_err().code(),
            "field_required"
        );
        let long: BTreeMap<String, String> = [("en".to_string(), "x".repeat(11))].into();
        assert_eq!(
            Texts::parse(&long, "q", 10).unwrap_err().code(),
            "text_too_long"
        );
    }

    #[test]
    fn ballots_name_options_of_the_poll_once() {
        let known = [3, 4, 5];
        assert_eq!(
            parse_ballot(PollKind::Multiple, &[5, 3, 5], &known).unwrap(),
            vec![3, 5]
        );
        assert_eq!(
            parse_ballot(PollKind::Single, &[4], &known).unwrap(),
            vec![4]
        );
        let code = |r: Result<Vec<i64>, AppError>| r.unwrap_err().code();
        assert_eq!(
            code(parse_ballot(PollKind::Single, &[3, 4], &known)),
            "live_vote_single"
        );
        assert_eq!(
            code(parse_ballot(PollKind::Single, &[], &known)),
            "live_vote_empty"
        );
        assert_eq!(
            code(parse_ballot(PollKind::Multiple, &[3, 9], &known)),
            "live_option_unknown"
        );
    }

    #[test]
    fn results_are_shown_as_the_poll_says() {
        use PollState::*;
        use ResultsShown::*;
        assert!(sees_results(Draft, AfterClose, true, false));
        assert!(!sees_results(Open, AfterVote, false, false));
        assert!(sees_results(Open, AfterVote, false, true));
        assert!(!sees_results(Open, AfterClose, false, true));
        assert!(sees_results(Closed, AfterClose, false, false));
    }

    #[test]
    fn percentages_round_and_count_nobody() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(0, 0), 0);
    }
}
