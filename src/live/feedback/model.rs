//! Input parsed at the edge, and the pure rules of feedback: ratings, comments, a survey's
//! questions and times, what may change once answers are in, and answers checked against the
//! questions.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

// A survey's title and labels are as long as a poll's question, and a choice question's
// options as many and as long as a poll's.
use crate::live::model::{OPTION_MAX, OPTIONS_MAX, OPTIONS_MIN, PROMPT_MAX as LABEL_MAX, Texts};
use crate::web::error::AppError;

/// The longest comment on a session and the longest free-text answer, in characters.
pub const COMMENT_MAX: usize = 2000;
/// Questions in one survey.
pub const QUESTIONS_MAX: usize = 30;
/// How long after its end a session takes feedback.
pub const FEEDBACK_DAYS: i64 = 30;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// A rating: a whole number from 1 to 5.
pub fn parse_rating(value: i64, field: &'static str) -> Result<i64, AppError> {
    if (1..=5).contains(&value) {
        Ok(value)
    } else {
        Err(AppError::invalid(field, "live_rating_invalid"))
    }
}

/// A comment or a free-text answer: trimmed, at most [`COMMENT_MAX`] characters (may be empty).
pub fn parse_comment(value: &str, field: &'static str) -> Result<String, AppError> {
    let value = value.trim();
    if value.chars().count() > COMMENT_MAX {
        return Err(AppError::invalid(field, "live_comment_too_long"));
    }
    Ok(value.to_string())
}

/// When a session takes feedback: from its end for [`FEEDBACK_DAYS`] days.
pub fn feedback_window(ends_at: i64) -> (i64, i64) {
    (ends_at, ends_at + FEEDBACK_DAYS * DAY_MS)
}

/// How a survey question is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// 1 (poor) to 5 (excellent).
    Rating,
    /// One of the question's options.
    Choice,
    /// Free text, up to 2,000 characters.
    Text,
}

impl AnswerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerKind::Rating => "rating",
            AnswerKind::Choice => "choice",
            AnswerKind::Text => "text",
        }
    }

    pub fn from_db(value: &str) -> AnswerKind {
        match value {
            "choice" => AnswerKind::Choice,
            "text" => AnswerKind::Text,
            _ => AnswerKind::Rating,
        }
    }
}

/// The survey as organisers give it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SurveyInput {
    /// The title by language (`{"en": "…", "de": "…"}`), 1 to 300 characters each.
    #[schema(value_type = BTreeMap<String, String>)]
    pub title: BTreeMap<String, String>,
    /// When it goes out (notification and mail) and starts taking answers, milliseconds since
    /// the epoch; default: the event's end.
    pub opens_at: Option<i64>,
    /// When participants who have not answered are reminded, once; default: three days after
    /// it opens.
    pub remind_at: Option<i64>,
    /// When it stops taking answers; default: fourteen days after it opens.
    pub closes_at: Option<i64>,
    /// 1 to 30 questions, in order.
    pub questions: Vec<SurveyQuestionInput>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SurveyQuestionInput {
    /// The id of a question kept from before; none for a new one.
    pub id: Option<i64>,
    pub kind: AnswerKind,
    /// The question by language, 1 to 300 characters each.
    #[schema(value_type = BTreeMap<String, String>)]
    pub label: BTreeMap<String, String>,
    /// For a choice question, 2 to 10 options, each by language; otherwise empty.
    #[serde(default)]
    #[schema(value_type = Vec<BTreeMap<String, String>>)]
    pub options: Vec<BTreeMap<String, String>>,
    /// Whether an answer must give it.
    #[serde(default)]
    pub required: bool,
}

/// A survey checked and ready to store.
#[derive(Debug)]
pub struct Survey {
    pub title: Texts,
    pub opens_at: i64,
    pub remind_at: i64,
    pub closes_at: i64,
    pub questions: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub id: Option<i64>,
    pub kind: AnswerKind,
    pub label: Texts,
    pub options: Vec<Texts>,
    pub required: bool,
}

/// When a survey opening at `opens_at` reminds and closes unless its organisers say: three
/// and fourteen days later.
pub fn default_times(opens_at: i64) -> (i64, i64) {
    (opens_at + 3 * DAY_MS, opens_at + 14 * DAY_MS)
}

/// Checks a survey: a title, 1 to [`QUESTIONS_MAX`] questions with labels, options only (and
/// 2 to 10 of them) on choice questions, no question id twice, and times in order (opening
/// before the reminder before closing). `event_end` gives the default opening.
pub fn parse_survey(input: &SurveyInput, event_end: i64) -> Result<Survey, AppError> {
    let title = Texts::parse(&input.title, "title", LABEL_MAX)?;
    let opens_at = input.opens_at.unwrap_or(event_end);
    let (remind_default, close_default) = default_times(opens_at);
    let remind_at = input.remind_at.unwrap_or(remind_default);
    let closes_at = input.closes_at.unwrap_or(close_default);
    if remind_at <= opens_at {
        return Err(AppError::invalid("remind_at", "live_survey_times"));
    }
    if closes_at <= remind_at {
        return Err(AppError::invalid("closes_at", "live_survey_times"));
    }
    if input.questions.is_empty() {
        return Err(AppError::invalid("questions", "field_required"));
    }
    if input.questions.len() > QUESTIONS_MAX {
        return Err(AppError::invalid("questions", "live_survey_too_many"));
    }
    let mut seen = Vec::new();
    let mut questions = Vec::with_capacity(input.questions.len());
    for q in &input.questions {
        if let Some(id) = q.id {
            if seen.contains(&id) {
                return Err(AppError::invalid(
                    "questions",
                    "live_survey_question_unknown",
                ));
            }
            seen.push(id);
        }
        let options = match q.kind {
            AnswerKind::Choice => {
                if !(OPTIONS_MIN..=OPTIONS_MAX).contains(&q.options.len()) {
                    return Err(AppError::invalid("options", "live_choice_count"));
                }
                q.options
                    .iter()
                    .map(|o| Texts::parse(o, "options", OPTION_MAX))
                    .collect::<Result<Vec<_>, _>>()?
            }
            _ if !q.options.is_empty() => {
                return Err(AppError::invalid(
                    "options",
                    "live_survey_options_unexpected",
                ));
            }
            _ => Vec::new(),
        };
        questions.push(Question {
            id: q.id,
            kind: q.kind,
            label: Texts::parse(&q.label, "label", LABEL_MAX)?,
            options,
            required: q.required,
        });
    }
    Ok(Survey {
        title,
        opens_at,
        remind_at,
        closes_at,
        questions,
    })
}

/// A stored question's shape: what answers depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub id: i64,
    pub kind: AnswerKind,
    pub options: usize,
}

/// Whether the new questions may replace the stored ones. Kept questions must be the survey's
/// own. Once answers are in, no question may go or change how it is answered (its kind, its
/// number of options), so that no answer loses its meaning; wording may change and questions
/// may be added.
pub fn check_change(stored: &[Shape], new: &[Question], answered: bool) -> Result<(), AppError> {
    for q in new {
        let Some(id) = q.id else { continue };
        let Some(old) = stored.iter().find(|s| s.id == id) else {
            return Err(AppError::invalid(
                "questions",
                "live_survey_question_unknown",
            ));
        };
        if answered && (old.kind != q.kind || old.options != q.options.len()) {
            return Err(AppError::conflict("live_survey_answered"));
        }
    }
    if answered
        && stored
            .iter()
            .any(|s| !new.iter().any(|q| q.id == Some(s.id)))
    {
        return Err(AppError::conflict("live_survey_answered"));
    }
    Ok(())
}

/// One answer as a participant gives it: the field that fits the question's kind.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
pub struct AnswerInput {
    pub question_id: i64,
    /// For a rating question: 1 to 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<i64>,
    /// For a choice question: the option's position, from 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<i64>,
    /// For a text question: up to 2,000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// An answer checked against its question, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub question_id: i64,
    pub rating: Option<i64>,
    pub choice: Option<i64>,
    pub text: Option<String>,
}

/// Checks a participant's answers against the questions: each names a question of the survey
/// once, gives the field its kind takes (an empty text counts as no answer), and every required
/// question is answered.
pub fn parse_answers(
    questions: &[Shape],
    required: &[i64],
    given: &[AnswerInput],
) -> Result<Vec<Answer>, AppError> {
    let by_id: HashMap<i64, Shape> = questions.iter().map(|q| (q.id, *q)).collect();
    let mut out: Vec<Answer> = Vec::with_capacity(given.len());
    for a in given {
        let Some(shape) = by_id.get(&a.question_id) else {
            return Err(AppError::invalid("answers", "live_survey_question_unknown"));
        };
        if out.iter().any(|o| o.question_id == a.question_id) {
            return Err(AppError::invalid("answers", "live_survey_question_unknown"));
        }
        let mut answer = Answer {
            question_id: a.question_id,
            rating: None,
            choice: None,
            text: None,
        };
        match shape.kind {
            AnswerKind::Rating => match a.rating {
                Some(r) => answer.rating = Some(parse_rating(r, "answers")?),
                None => continue,
            },
            AnswerKind::Choice => match a.choice {
                Some(c) if c >= 0 && (c as usize) < shape.options => answer.choice = Some(c),
                Some(_) => return Err(AppError::invalid("answers", "live_choice_unknown")),
                None => continue,
            },
            AnswerKind::Text => match a.text.as_deref().map(|t| parse_comment(t, "answers")) {
                Some(Ok(t)) if !t.is_empty() => answer.text = Some(t),
                Some(Err(e)) => return Err(e),
                _ => continue,
            },
        }
        out.push(answer);
    }
    if required
        .iter()
        .any(|id| !out.iter().any(|a| a.question_id == *id))
    {
        return Err(AppError::invalid("answers", "live_survey_answer_required"));
    }
    Ok(out)
}

/// Ratings counted: how many gave each of 1 to 5, and their mean.
#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct RatingSummary {
    pub count: i64,
    /// The mean rating, none without ratings.
    pub average: Option<f64>,
    /// How many gave 1, 2, 3, 4 and 5.
    pub distribution: [i64; 5],
}

impl RatingSummary {
    pub fn from_ratings(ratings: impl IntoIterator<Item = i64>) -> RatingSummary {
        let mut summary = RatingSummary::default();
        let mut sum = 0;
        for r in ratings {
            if let Ok(i) = usize::try_from(r - 1)
                && i < 5
            {
                summary.distribution[i] += 1;
                summary.count += 1;
                sum += r;
            }
        }
        if summary.count > 0 {
            summary.average = Some(sum as f64 / summary.count as f64);
        }
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(en: &str) -> BTreeMap<String, String> {
        [("en".to_string(), en.to_string())].into()
    }

    fn question(id: Option<i64>, kind: AnswerKind, options: usize) -> SurveyQuestionInput {
        SurveyQuestionInput {
            id,
            kind,
            label: texts("How was it?"),
            options: (0..options).map(|i| texts(&format!("o{i}"))).collect(),
            required: false,
        }
    }

    #[test]
    fn ratings_are_one_to_five_and_comments_bounded() {
        assert_eq!(parse_rating(5, "rating").unwrap(), 5);
        assert_eq!(
            parse_rating(0, "rating").unwrap_err().code(),
            "live_rating_invalid"
        );
        assert_eq!(
            parse_rating(6, "rating").unwrap_err().code(),
            "live_rating_invalid"
        );
        assert_eq!(parse_comment("  Жақсы  ", "c").unwrap(), "Жақсы");
        assert!(parse_comment(&"ә".repeat(COMMENT_MAX), "c").is_ok());
        assert_eq!(
            parse_comment(&"ә".repeat(COMMENT_MAX + 1), "c")
                .unwrap_err()
                .code(),
            "live_comment_too_long"
        );
    }

    #[test]
    fn surveys_default_their_times_and_check_their_questions() {
        let input = SurveyInput {
            title: texts("After the week"),
            opens_at: None,
            remind_at: None,
            closes_at: None,
            questions: vec![
                question(None, AnswerKind::Rating, 0),
                question(None, AnswerKind::Choice, 3),
            ],
        };
        let survey = parse_survey(&input, 1_000).unwrap();
        assert_eq!(survey.opens_at, 1_000);
        assert_eq!(survey.remind_at, 1_000 + 3 * DAY_MS);
        assert_eq!(survey.closes_at, 1_000 + 14 * DAY_MS);
        assert_eq!(survey.questions[1].options.len(), 3);

        let code = |input: &SurveyInput| parse_survey(input, 0).unwrap_err().code();
        let mut bad = SurveyInput {
            questions: vec![question(None, AnswerKind::Choice, 1)],
            ..input
        };
        assert_eq!(code(&bad), "live_choice_count");
        bad.questions = vec![question(None, AnswerKind::Text, 2)];
        assert_eq!(code(&bad), "live_survey_options_unexpected");
        bad.questions = vec![];
        assert_eq!(code(&bad), "field_required");
        bad.questions = vec![
            question(Some(4), AnswerKind::Text, 0),
            question(Some(4), AnswerKind::Text, 0),
        ];
        assert_eq!(code(&bad), "live_survey_question_unknown");
        bad.questions = vec![question(None, AnswerKind::Text, 0)];
        bad.opens_at = Some(10);
        bad.remind_at = Some(10);
        assert_eq!(code(&bad), "live_survey_times");
        bad.remind_at = Some(20);
        bad.closes_at = Some(20);
        assert_eq!(code(&bad), "live_survey_times");
    }

    #[test]
    fn answered_surveys_keep_the_shape_of_their_questions() {
        let stored = [
            Shape {
                id: 1,
                kind: AnswerKind::Rating,
                options: 0,
            },
            Shape {
                id: 2,
                kind: AnswerKind::Choice,
                options: 3,
            },
        ];
        let q = |id: Option<i64>, kind, options| Question {
            id,
            kind,
            label: Texts(texts("x")),
            options: (0..options).map(|_| Texts(texts("o"))).collect(),
            required: false,
        };
        let same = [
            q(Some(1), AnswerKind::Rating, 0),
            q(Some(2), AnswerKind::Choice, 3),
            q(None, AnswerKind::Text, 0),
        ];
        assert!(check_change(&stored, &same, true).is_ok());
        let dropped = [q(Some(1), AnswerKind::Rating, 0)];
        assert!(check_change(&stored, &dropped, false).is_ok());
        assert_eq!(
            check_change(&stored, &dropped, true).unwrap_err().code(),
            "live_survey_answered"
        );
        let fewer = [
            q(Some(1), AnswerKind::Rating, 0),
            q(Some(2), AnswerKind::Choice, 2),
        ];
        assert_eq!(
            check_change(&stored, &fewer, true).unwrap_err().code(),
            "live_survey_answered"
        );
        let foreign = [q(Some(9), AnswerKind::Rating, 0)];
        assert_eq!(
            check_change(&stored, &foreign, false).unwrap_err().code(),
            "live_survey_question_unknown"
        );
    }

    #[test]
    fn answers_fit_their_questions() {
        let shapes = [
            Shape {
                id: 1,
                kind: AnswerKind::Rating,
                options: 0,
            },
            Shape {
                id: 2,
                kind: AnswerKind::Choice,
                options: 3,
            },
            Shape {
                id: 3,
                kind: AnswerKind::Text,
                options: 0,
            },
        ];
        let a = |id, rating, choice, text: Option<&str>| AnswerInput {
            question_id: id,
            rating,
            choice,
            text: text.map(str::to_string),
        };
        let ok = parse_answers(
            &shapes,
            &[1],
            &[
                a(1, Some(4), None, None),
                a(2, None, Some(2), None),
                a(3, None, None, Some("  ")),
            ],
        )
        .unwrap();
        assert_eq!(ok.len(), 2, "an empty text is no answer");
        let code = |given: &[AnswerInput], required: &[i64]| {
            parse_answers(&shapes, required, given).unwrap_err().code()
        };
        assert_eq!(
            code(&[a(1, Some(6), None, None)], &[]),
            "live_rating_invalid"
        );
        assert_eq!(
            code(&[a(2, None, Some(3), None)], &[]),
            "live_choice_unknown"
        );
        assert_eq!(
            code(&[a(9, Some(1), None, None)], &[]),
            "live_survey_question_unknown"
        );
        assert_eq!(
            code(&[a(1, Some(1), None, None), a(1, Some(2), None, None)], &[]),
            "live_survey_question_unknown"
        );
        assert_eq!(
            code(&[a(2, None, Some(0), None)], &[1]),
            "live_survey_answer_required"
        );
    }

    #[test]
    fn ratings_are_summarised() {
        let s = RatingSummary::from_ratings([5, 4, 4, 1]);
        assert_eq!(s.count, 4);
        assert_eq!(s.distribution, [1, 0, 0, 2, 1]);
        assert_eq!(s.average, Some(3.5));
        assert_eq!(RatingSummary::from_ratings([]).average, None);
    }
}
