//! Queries of registrations: the event's questions and answers, registering and cancelling,
//! seats and the waiting list (see the module doc of `db`), and the participant lists.

use sqlx::{Any, FromRow, Transaction};

use crate::events::model::{ParsedQuestion, SeatStatus};
use crate::store::{Db, now_ms};

#[derive(Clone, Debug, FromRow)]
pub struct QuestionRow {
    pub id: i64,
    pub label: String,
    pub kind: String,
    pub options: String,
    pub required: i64,
}

pub async fn questions(db: &Db, event_id: i64) -> sqlx::Result<Vec<QuestionRow>> {
    sqlx::query_as(
        "SELECT id, label, kind, options, required FROM event_questions WHERE event_id = $1 ORDER BY position, id",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

/// Replaces the questions. Existing answers stay with questions whose id is kept.
pub async fn set_questions(
    tx: &mut Transaction<'_, Any>,
    event_id: i64,
    questions: &[ParsedQuestion],
) -> sqlx::Result<()> {
    let keep: Vec<i64> = questions.iter().filter_map(|q| q.id).collect();
    let mut sql = crate::store::Sql::new("DELETE FROM event_questions WHERE event_id = ");
    sql.push_bind(event_id);
    if !keep.is_empty() {
        sql.push(" AND id NOT IN ").push_list(&keep);
    }
    sql.query().execute(&mut **tx).await?;
    for (
        position,
        ParsedQuestion {
            id,
            label,
            kind,
            options,
            required,
        },
    ) in questions.iter().enumerate()
    {
        let required = i64::from(*required);
        match id {
            Some(id) => {
                sqlx::query(
                    "UPDATE event_questions SET position = $3, label = $4, kind = $5, options = $6, required = $7
                     WHERE id = $1 AND event_id = $2",
                )
                .bind(*id)
                .bind(event_id)
                .bind(position as i64)
                .bind(label)
                .bind(kind)
                .bind(options)
                .bind(required)
                .execute(&mut **tx)
                .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO event_questions (event_id, position, label, kind, options, required)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(event_id)
                .bind(position as i64)
                .bind(label)
                .bind(kind)
                .bind(options)
                .bind(required)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

pub async fn is_registered(db: &Db, event_id: i64, member_id: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND member_id = $2",
    )
    .bind(event_id)
    .bind(member_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// Registers for the event (or updates the answers of an existing registration).
pub async fn register_event(
    tx: &mut Transaction<'_, Any>,
    event_id: i64,
    member_id: i64,
    answers: &[(i64, String)],
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO event_registrations (event_id, member_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (event_id, member_id) DO NOTHING",
    )
    .bind(event_id)
    .bind(member_id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM event_answers WHERE event_id = $1 AND member_id = $2")
        .bind(event_id)
        .bind(member_id)
        .execute(&mut **tx)
        .await?;
    for (question_id, answer) in answers {
        sqlx::query(
            "INSERT INTO event_answers (event_id, member_id, question_id, answer) VALUES ($1, $2, $3, $4)",
        )
        .bind(event_id)
        .bind(member_id)
        .bind(question_id)
        .bind(answer)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn unregister_event(
    tx: &mut Transaction<'_, Any>,
    event_id: i64,
    member_id: i64,
) -> sqlx::Result<bool> {
    let done =
        sqlx::query("DELETE FROM event_registrations WHERE event_id = $1 AND member_id = $2")
            .bind(event_id)
            .bind(member_id)
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected() > 0)
}

/// The member's seat in a session, if any (inside a transaction).
pub async fn seat(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    member_id: i64,
) -> sqlx::Result<Option<SeatStatus>> {
    let status: Option<String> = sqlx::query_scalar(
        "SELECT status FROM session_registrations WHERE session_id = $1 AND member_id = $2",
    )
    .bind(session_id)
    .bind(member_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(status.as_deref().map(SeatStatus::from_db))
}

pub async fn insert_seat(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    member_id: i64,
    status: SeatStatus,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO session_registrations (session_id, member_id, status, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(session_id)
    .bind(member_id)
    .bind(status.as_str())
    .bind(now_ms())
    .execute(&mut **tx)
    .await
    .map(drop)
}

pub async fn delete_seat(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    member_id: i64,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM session_registrations WHERE session_id = $1 AND member_id = $2")
        .bind(session_id)
        .bind(member_id)
        .execute(&mut **tx)
        .await
        .map(drop)
}

/// Moves the first `n` of the waiting list up; returns who moved.
pub async fn promote(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    n: i64,
) -> sqlx::Result<Vec<i64>> {
    if n <= 0 {
        return Ok(Vec::new());
    }
    let ids: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, member_id FROM session_registrations WHERE session_id = $1 AND status = 'waiting'
         ORDER BY id LIMIT $2",
    )
    .bind(session_id)
    .bind(n)
    .fetch_all(&mut **tx)
    .await?;
    for (id, _) in &ids {
        sqlx::query("UPDATE session_registrations SET status = 'registered' WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(ids.into_iter().map(|(_, m)| m).collect())
}

/// Session ids in `event_id` where the member holds a seat or waits.
pub async fn seats_in_event(
    tx: &mut Transaction<'_, Any>,
    event_id: i64,
    member_id: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT r.session_id FROM session_registrations r JOIN event_sessions s ON s.id = r.session_id
         WHERE s.event_id = $1 AND r.member_id = $2",
    )
    .bind(event_id)
    .bind(member_id)
    .fetch_all(&mut **tx)
    .await
}

/// Who holds a seat (not a waiting place) in which session of the event, with its times:
/// (member, start, end).
pub async fn seat_spans(db: &Db, event_id: i64) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    sqlx::query_as(
        "SELECT r.member_id, s.starts_at, s.ends_at FROM session_registrations r JOIN event_sessions s ON s.id = r.session_id
         WHERE s.event_id = $1 AND r.status = 'registered'",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

/// The member's seats in one event: (session id, status).
pub async fn my_seats(db: &Db, event_id: i64, member_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT r.session_id, r.status FROM session_registrations r JOIN event_sessions s ON s.id = r.session_id
         WHERE s.event_id = $1 AND r.member_id = $2",
    )
    .bind(event_id)
    .bind(member_id)
    .fetch_all(&db.pool)
    .await
}

#[derive(Clone, Debug, FromRow)]
pub struct ParticipantRow {
    pub member_id: i64,
    pub name: String,
    /// Filled by `people::participants` with what the viewer may see; never the login address.
    #[sqlx(skip)]
    pub email: String,
    pub position: String,
    pub organisation: Option<String>,
    pub country: Option<String>,
    pub registered_at: i64,
}

pub async fn participants(db: &Db, event_id: i64) -> sqlx::Result<Vec<ParticipantRow>> {
    sqlx::query_as(
        "SELECT m.id AS member_id, m.name, m.position, o.name AS organisation, m.country,
                r.created_at AS registered_at
         FROM event_registrations r JOIN members m ON m.id = r.member_id
         LEFT JOIN organisations o ON o.id = m.organisation_id
         WHERE r.event_id = $1 ORDER BY m.sort_name, m.id",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

/// (member id, question id, answer) for every registration of the event.
pub async fn answers(db: &Db, event_id: i64) -> sqlx::Result<Vec<(i64, i64, String)>> {
    sqlx::query_as("SELECT member_id, question_id, answer FROM event_answers WHERE event_id = $1")
        .bind(event_id)
        .fetch_all(&db.pool)
        .await
}

#[derive(Clone, Debug, FromRow)]
pub struct SeatRow {
    pub session_id: i64,
    pub member_id: i64,
    pub name: String,
    pub status: String,
}

/// Every session registration of the event, by session and place in the queue.
pub async fn seats_of_event(db: &Db, event_id: i64) -> sqlx::Result<Vec<SeatRow>> {
    sqlx::query_as(
        "SELECT r.session_id, r.member_id, m.name, r.status
         FROM session_registrations r JOIN event_sessions s ON s.id = r.session_id
         JOIN members m ON m.id = r.member_id
         WHERE s.event_id = $1 ORDER BY r.session_id, r.id",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

/// Members registered for the event and still active.
pub async fn participant_ids(db: &Db, event_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT r.member_id FROM event_registrations r JOIN members m ON m.id = r.member_id
         WHERE r.event_id = $1 AND m.status = 'active'",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}
