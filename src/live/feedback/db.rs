//! The queries of feedback: ratings of sessions, and the event's survey with its questions and
//! answers (see `store/mod.rs` for how one query serves both databases).

use sqlx::{Any, FromRow, Transaction};

use super::model::{Answer, AnswerKind, Shape, Survey};
use crate::store::{Backend, Db};
use crate::web::error::AppError;

// ---- session feedback ------------------------------------------------------------------

#[derive(Clone, Debug, FromRow)]
pub struct FeedbackRow {
    pub rating: i64,
    pub comment: String,
    pub updated_at: i64,
}

pub async fn feedback(
    db: &Db,
    session_id: i64,
    member_id: i64,
) -> sqlx::Result<Option<FeedbackRow>> {
    sqlx::query_as(
        "SELECT rating, comment, updated_at FROM live_feedback WHERE session_id = $1 AND member_id = $2",
    )
    .bind(session_id)
    .bind(member_id)
    .fetch_optional(&db.pool)
    .await
}

/// Stores the member's rating of the session, replacing the one they gave.
pub async fn put_feedback(
    db: &Db,
    session_id: i64,
    member_id: i64,
    rating: i64,
    comment: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO live_feedback (session_id, member_id, rating, comment, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (session_id, member_id) DO UPDATE SET rating = excluded.rating,
             comment = excluded.comment, updated_at = excluded.updated_at",
    )
    .bind(session_id)
    .bind(member_id)
    .bind(rating)
    .bind(comment)
    .bind(now)
    .execute(&db.pool)
    .await
    .map(drop)
}

/// Whether the member takes part in the session: registered for its event and, when the
/// session has seats, holding one.
pub async fn takes_part(
    db: &Db,
    event_id: i64,
    session_id: i64,
    member_id: i64,
    seated: bool,
) -> sqlx::Result<bool> {
    let seat = if seated {
        " AND EXISTS (SELECT 1 FROM session_registrations s WHERE s.session_id = $2 AND s.member_id = $3 AND s.status = 'registered')"
    } else {
        " AND $2 > 0"
    };
    let n: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = $1 AND r.member_id = $3{seat}"
    ))
    .bind(event_id)
    .bind(session_id)
    .bind(member_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// One rating of one session (without who gave it).
#[derive(Clone, Debug, FromRow)]
pub struct RatingRow {
    pub session_id: i64,
    pub rating: i64,
    pub comment: String,
}

/// The ratings of the event's sessions (or of one session), oldest first.
pub async fn ratings(
    db: &Db,
    event_id: i64,
    session_id: Option<i64>,
) -> sqlx::Result<Vec<RatingRow>> {
    let one = if session_id.is_some() {
        "f.session_id = $2"
    } else {
        "$2 = 0"
    };
    sqlx::query_as(&format!(
        "SELECT f.session_id, f.rating, f.comment FROM live_feedback f
           JOIN event_sessions s ON s.id = f.session_id
          WHERE s.event_id = $1 AND {one}
          ORDER BY f.session_id, f.created_at, f.member_id"
    ))
    .bind(event_id)
    .bind(session_id.unwrap_or(0))
    .fetch_all(&db.pool)
    .await
}

// ---- the survey --------------------------------------------------------------------------

#[derive(Clone, Debug, FromRow)]
pub struct SurveyRow {
    pub event_id: i64,
    pub title: String,
    pub opens_at: i64,
    pub remind_at: i64,
    pub closes_at: i64,
    pub sent_at: Option<i64>,
    pub reminded_at: Option<i64>,
}

#[derive(Clone, Debug, FromRow)]
pub struct QuestionRow {
    pub id: i64,
    pub kind: String,
    pub label: String,
    pub options: String,
    pub required: i64,
}

impl QuestionRow {
    pub fn shape(&self) -> Shape {
        Shape {
            id: self.id,
            kind: AnswerKind::from_db(&self.kind),
            options: serde_json::from_str::<Vec<serde_json::Value>>(&self.options)
                .map_or(0, |o| o.len()),
        }
    }
}

const SURVEY: &str = "SELECT event_id, title, opens_at, remind_at, closes_at, sent_at, reminded_at FROM live_surveys";

pub async fn survey(db: &Db, event_id: i64) -> sqlx::Result<Option<SurveyRow>> {
    sqlx::query_as(&format!("{SURVEY} WHERE event_id = $1"))
        .bind(event_id)
        .fetch_optional(&db.pool)
        .await
}

pub async fn questions(db: &Db, event_id: i64) -> sqlx::Result<Vec<QuestionRow>> {
    questions_in(&mut *db.pool.acquire().await?, event_id).await
}

async fn questions_in(
    conn: &mut sqlx::AnyConnection,
    event_id: i64,
) -> sqlx::Result<Vec<QuestionRow>> {
    sqlx::query_as(
        "SELECT id, kind, label, options, required FROM live_survey_questions
          WHERE event_id = $1 ORDER BY position, id",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}

/// Stores the survey: its times and title, and its questions in the given order (kept ones by
/// id, new ones added, missing ones removed with their answers). `check` decides, from the
/// stored questions and whether anyone answered, whether the change may be made; it runs in
/// the transaction, after the first statement took the survey's write lock.
pub async fn put_survey(
    db: &Db,
    event_id: i64,
    survey: &Survey,
    now: i64,
    check: impl FnOnce(&[Shape], bool) -> Result<(), AppError>,
) -> sqlx::Result<Result<(), AppError>> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO live_surveys (event_id, title, opens_at, remind_at, closes_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (event_id) DO UPDATE SET title = excluded.title, opens_at = excluded.opens_at,
             remind_at = excluded.remind_at, closes_at = excluded.closes_at, updated_at = excluded.updated_at",
    )
    .bind(event_id)
    .bind(survey.title.to_json())
    .bind(survey.opens_at)
    .bind(survey.remind_at)
    .bind(survey.closes_at)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let stored: Vec<Shape> = questions_in(&mut tx, event_id)
        .await?
        .iter()
        .map(QuestionRow::shape)
        .collect();
    let answered: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM live_survey_responses WHERE event_id = $1")
            .bind(event_id)
            .fetch_one(&mut *tx)
            .await?;
    if let Err(e) = check(&stored, answered > 0) {
        return Ok(Err(e));
    }
    for old in &stored {
        if !survey.questions.iter().any(|q| q.id == Some(old.id)) {
            sqlx::query("DELETE FROM live_survey_questions WHERE id = $1")
                .bind(old.id)
                .execute(&mut *tx)
                .await?;
        }
    }
    for (position, q) in survey.questions.iter().enumerate() {
        let options = serde_json::to_string(&q.options.iter().map(|o| &o.0).collect::<Vec<_>>())
            .expect("options serialise");
        // Both statements take the same values in the same places; $7 is the kept id.
        let sql = if q.id.is_some() {
            "UPDATE live_survey_questions SET position = $1, kind = $2, label = $3, options = $4, required = $5
              WHERE event_id = $6 AND id = $7"
        } else {
            "INSERT INTO live_survey_questions (position, kind, label, options, required, event_id)
             VALUES ($1, $2, $3, $4, $5, $6)"
        };
        let mut query = sqlx::query(sql)
            .bind(position as i64)
            .bind(q.kind.as_str())
            .bind(q.label.to_json())
            .bind(options)
            .bind(i64::from(q.required))
            .bind(event_id);
        if let Some(id) = q.id {
            query = query.bind(id);
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}

#[derive(Clone, Debug, FromRow)]
pub struct AnswerRow {
    pub member_id: i64,
    pub question_id: i64,
    pub rating: Option<i64>,
    pub choice: Option<i64>,
    pub text: Option<String>,
}

/// When the member last answered the survey, if they did.
pub async fn answered_at(db: &Db, event_id: i64, member_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT updated_at FROM live_survey_responses WHERE event_id = $1 AND member_id = $2",
    )
    .bind(event_id)
    .bind(member_id)
    .fetch_optional(&db.pool)
    .await
}

/// The survey's answers: one member's, or everyone's (ordered by member, then question).
pub async fn answers(
    db: &Db,
    event_id: i64,
    member_id: Option<i64>,
) -> sqlx::Result<Vec<AnswerRow>> {
    let one = if member_id.is_some() {
        "a.member_id = $2"
    } else {
        "$2 = 0"
    };
    sqlx::query_as(&format!(
        "SELECT a.member_id, a.question_id, a.rating, a.choice, a.text FROM live_survey_answers a
           JOIN live_survey_questions q ON q.id = a.question_id
          WHERE a.event_id = $1 AND {one}
          ORDER BY a.member_id, q.position, q.id"
    ))
    .bind(event_id)
    .bind(member_id.unwrap_or(0))
    .fetch_all(&db.pool)
    .await
}

pub async fn responses(db: &Db, event_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM live_survey_responses WHERE event_id = $1")
        .bind(event_id)
        .fetch_one(&db.pool)
        .await
}

/// Why answers were refused (nothing was written).
pub enum AnswersRefused {
    /// The survey does not take answers at this moment.
    Closed,
    Invalid(AppError),
}

/// Stores the member's answers, replacing the ones they gave, if the survey takes answers now.
/// The first statement writes the response's row (only while the survey is open), so SQLite
/// takes its write lock at once and PostgreSQL holds the survey's row shared: the questions
/// `parse` checks the answers against are the ones the answers are stored under.
pub async fn put_answers(
    db: &Db,
    event_id: i64,
    member_id: i64,
    now: i64,
    parse: impl FnOnce(&[QuestionRow]) -> Result<Vec<Answer>, AppError>,
) -> sqlx::Result<Result<(), AnswersRefused>> {
    let mut tx = db.pool.begin().await?;
    let lock = if db.backend == Backend::Postgres {
        " FOR SHARE"
    } else {
        ""
    };
    let done = sqlx::query(&format!(
        "INSERT INTO live_survey_responses (event_id, member_id, created_at, updated_at)
         SELECT $1, $2, $3, $3 WHERE EXISTS
             (SELECT 1 FROM live_surveys WHERE event_id = $1 AND opens_at <= $3 AND closes_at > $3{lock})
         ON CONFLICT (event_id, member_id) DO UPDATE SET updated_at = excluded.updated_at"
    ))
    .bind(event_id)
    .bind(member_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(Err(AnswersRefused::Closed));
    }
    let answers = match parse(&questions_in(&mut tx, event_id).await?) {
        Ok(answers) => answers,
        Err(e) => return Ok(Err(AnswersRefused::Invalid(e))),
    };
    write_answers(&mut tx, event_id, member_id, &answers).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Records a response as given at `at`, whether or not the survey is open (example content).
pub async fn record_response(
    db: &Db,
    event_id: i64,
    member_id: i64,
    at: i64,
    answers: &[Answer],
) -> sqlx::Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO live_survey_responses (event_id, member_id, created_at, updated_at)
         VALUES ($1, $2, $3, $3) ON CONFLICT (event_id, member_id) DO UPDATE SET updated_at = excluded.updated_at",
    )
    .bind(event_id)
    .bind(member_id)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    write_answers(&mut tx, event_id, member_id, answers).await?;
    tx.commit().await
}

async fn write_answers(
    tx: &mut Transaction<'_, Any>,
    event_id: i64,
    member_id: i64,
    answers: &[Answer],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM live_survey_answers WHERE event_id = $1 AND member_id = $2")
        .bind(event_id)
        .bind(member_id)
        .execute(&mut **tx)
        .await?;
    for a in answers {
        sqlx::query(
            "INSERT INTO live_survey_answers (event_id, member_id, question_id, rating, choice, text)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(event_id)
        .bind(member_id)
        .bind(a.question_id)
        .bind(a.rating)
        .bind(a.choice)
        .bind(a.text.as_deref())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Marks the survey as sent and reminded at the given moments (example content).
pub async fn mark_sent(db: &Db, event_id: i64, sent_at: i64, reminded_at: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE live_surveys SET sent_at = $2, reminded_at = $3 WHERE event_id = $1")
        .bind(event_id)
        .bind(sent_at)
        .bind(reminded_at)
        .execute(&db.pool)
        .await
        .map(drop)
}

// ---- sending ---------------------------------------------------------------------------

/// Surveys due to go out at `now` (open, not sent, not closed), each claimed by the instance
/// whose update wins.
pub async fn take_due_openings(db: &Db, now: i64) -> sqlx::Result<Vec<SurveyRow>> {
    take_due(
        db,
        now,
        "sent_at IS NULL AND opens_at <= $1 AND closes_at > $1",
        "sent_at",
    )
    .await
}

/// Surveys due for their one reminder at `now`, claimed as [`take_due_openings`].
pub async fn take_due_reminders(db: &Db, now: i64) -> sqlx::Result<Vec<SurveyRow>> {
    take_due(
        db,
        now,
        "sent_at IS NOT NULL AND reminded_at IS NULL AND remind_at <= $1 AND closes_at > $1",
        "reminded_at",
    )
    .await
}

async fn take_due(db: &Db, now: i64, due: &str, column: &str) -> sqlx::Result<Vec<SurveyRow>> {
    let found: Vec<SurveyRow> = sqlx::query_as(&format!("{SURVEY} WHERE {due}"))
        .bind(now)
        .fetch_all(&db.pool)
        .await?;
    let mut taken = Vec::new();
    for survey in found {
        let done = sqlx::query(&format!(
            "UPDATE live_surveys SET {column} = $2 WHERE event_id = $1 AND {column} IS NULL"
        ))
        .bind(survey.event_id)
        .bind(now)
        .execute(&db.pool)
        .await?;
        if done.rows_affected() == 1 {
            taken.push(survey);
        }
    }
    Ok(taken)
}

/// The event's participants who are active members, with their language and time zone; only
/// those who have not answered the survey when `unanswered`.
pub async fn participants(
    db: &Db,
    event_id: i64,
    unanswered: bool,
) -> sqlx::Result<Vec<(i64, String, String)>> {
    let filter = if unanswered {
        " AND NOT EXISTS (SELECT 1 FROM live_survey_responses s WHERE s.event_id = r.event_id AND s.member_id = r.member_id)"
    } else {
        ""
    };
    sqlx::query_as(&format!(
        "SELECT m.id, m.locale, m.timezone FROM event_registrations r JOIN members m ON m.id = r.member_id
          WHERE r.event_id = $1 AND m.status = 'active'{filter} ORDER BY m.id"
    ))
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}
