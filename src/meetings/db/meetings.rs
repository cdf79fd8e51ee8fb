//! Queries of meetings, their busy marks and feedback.
//!
//! A scheduled meeting holds one `b2b_busy` row per side, keyed by (member, slot start). Every
//! write that books or moves a meeting inserts those rows in the same transaction, as its
//! first statements, so that SQLite takes its write lock at once and PostgreSQL checks the key:
//! the second of two concurrent bookings of one person at one time fails on the key and rolls
//! back whole ([`Booked::Taken`]).

use sqlx::FromRow;

use crate::store::{Db, Sql, is_unique_violation, now_ms};

#[derive(Clone, Debug, FromRow)]
pub struct MeetingRow {
    pub id: i64,
    pub event_id: i64,
    pub request_id: i64,
    pub a_id: i64,
    pub a_name: String,
    pub a_timezone: String,
    pub b_id: i64,
    pub b_name: String,
    pub b_timezone: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub state: String,
    pub locked: i64,
    pub room: String,
    pub proposed_starts_at: Option<i64>,
    pub proposed_by: Option<i64>,
    pub sequence: i64,
    pub updated_at: i64,
    pub priority: i64,
}

impl MeetingRow {
    /// The other side, seen from `member_id`: (id, name, zone).
    pub fn other(&self, member_id: i64) -> (i64, &str, &str) {
        if self.a_id == member_id {
            (self.b_id, &self.b_name, &self.b_timezone)
        } else {
            (self.a_id, &self.a_name, &self.a_timezone)
        }
    }

    pub fn involves(&self, member_id: i64) -> bool {
        self.a_id == member_id || self.b_id == member_id
    }
}

const MEETINGS: &str = "SELECT g.id, g.event_id, g.request_id, g.a_id, a.name AS a_name, a.timezone AS a_timezone,
        g.b_id, b.name AS b_name, b.timezone AS b_timezone, g.starts_at, g.ends_at, g.state, g.locked, g.room,
        g.proposed_starts_at, g.proposed_by, g.sequence, g.updated_at, r.priority
     FROM b2b_meetings g JOIN members a ON a.id = g.a_id JOIN members b ON b.id = g.b_id
     JOIN b2b_requests r ON r.id = g.request_id";

pub async fn meeting(db: &Db, id: i64) -> sqlx::Result<Option<MeetingRow>> {
    sqlx::query_as(&format!("{MEETINGS} WHERE g.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// The meeting booked for a request (not cancelled), if any.
pub async fn meeting_of_request(db: &Db, request_id: i64) -> sqlx::Result<Option<MeetingRow>> {
    sqlx::query_as(&format!(
        "{MEETINGS} WHERE g.request_id = $1 AND g.state <> 'cancelled'"
    ))
    .bind(request_id)
    .fetch_optional(&db.pool)
    .await
}

/// The member's meetings ending after `since` (scheduled and cancelled; drafts are the
/// organisers'), in time order.
pub async fn meetings_of(db: &Db, member_id: i64, since: i64) -> sqlx::Result<Vec<MeetingRow>> {
    sqlx::query_as(&format!(
        "{MEETINGS} WHERE (g.a_id = $1 OR g.b_id = $1) AND g.state <> 'draft' AND g.ends_at > $2
         ORDER BY g.starts_at, g.id"
    ))
    .bind(member_id)
    .bind(since)
    .fetch_all(&db.pool)
    .await
}

/// The event's meetings in the given states, in time order.
pub async fn meetings_in(db: &Db, event_id: i64, states: &[&str]) -> sqlx::Result<Vec<MeetingRow>> {
    let mut sql = Sql::new(&format!("{MEETINGS} WHERE g.event_id = "));
    sql.push_bind(event_id).push(" AND g.state IN ");
    let states: Vec<String> = states.iter().map(|s| s.to_string()).collect();
    sql.push_list(&states).push(" ORDER BY g.starts_at, g.id");
    sql.query_as().fetch_all(&db.pool).await
}

/// The times at which any of `members` is booked: (member, start, end).
pub async fn busy(db: &Db, members: &[i64]) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    Ok(busy_with_meeting(db, members)
        .await?
        .into_iter()
        .map(|(member, start, end, _)| (member, start, end))
        .collect())
}

/// Booked times with their meeting: (member, start, end, meeting).
pub async fn busy_with_meeting(
    db: &Db,
    members: &[i64],
) -> sqlx::Result<Vec<(i64, i64, i64, i64)>> {
    if members.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT b.member_id, b.starts_at, g.ends_at, b.meeting_id FROM b2b_busy b
         JOIN b2b_meetings g ON g.id = b.meeting_id WHERE b.member_id IN ",
    );
    sql.push_list(members);
    sql.query_as().fetch_all(&db.pool).await
}

/// How a booking went.
#[derive(Debug, PartialEq, Eq)]
pub enum Booked {
    Done(i64),
    /// One of the two already has a meeting at that time.
    Taken,
}

pub struct NewMeeting<'a> {
    pub event_id: i64,
    pub request_id: i64,
    pub a_id: i64,
    pub b_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub room: &'a str,
}

async fn hold(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    meeting: i64,
    members: [i64; 2],
    starts_at: i64,
) -> sqlx::Result<()> {
    for member in members {
        sqlx::query("INSERT INTO b2b_busy (member_id, starts_at, meeting_id) VALUES ($1, $2, $3)")
            .bind(member)
            .bind(starts_at)
            .bind(meeting)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

fn taken<T>(result: sqlx::Result<T>) -> sqlx::Result<Result<T, ()>> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(e) if is_unique_violation(&e) => Ok(Err(())),
        Err(e) => Err(e),
    }
}

/// Books a scheduled meeting: the meeting and both busy marks, or nothing.
pub async fn book(db: &Db, new: &NewMeeting<'_>) -> sqlx::Result<Booked> {
    let mut tx = db.pool.begin().await?;
    let now = now_ms();
    let inserted = sqlx::query_scalar(
        "INSERT INTO b2b_meetings (event_id, request_id, a_id, b_id, starts_at, ends_at, state, room, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'scheduled', $7, $8, $8) RETURNING id",
    )
    .bind(new.event_id)
    .bind(new.request_id)
    .bind(new.a_id)
    .bind(new.b_id)
    .bind(new.starts_at)
    .bind(new.ends_at)
    .bind(new.room)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let Ok(id) = taken(inserted)? else {
        return Ok(Booked::Taken);
    };
    if taken(hold(&mut tx, id, [new.a_id, new.b_id], new.starts_at).await)?.is_err() {
        return Ok(Booked::Taken);
    }
    tx.commit().await?;
    Ok(Booked::Done(id))
}

/// Moves a scheduled meeting to another slot (its busy marks with it); raises its sequence.
pub async fn reschedule(
    db: &Db,
    meeting: &MeetingRow,
    starts_at: i64,
    ends_at: i64,
    lock: bool,
) -> sqlx::Result<Booked> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "UPDATE b2b_meetings SET starts_at = $2, ends_at = $3, proposed_starts_at = NULL, proposed_by = NULL,
             reminded_at = NULL, sequence = sequence + 1, locked = CASE WHEN $4 = 1 THEN 1 ELSE locked END, updated_at = $5
         WHERE id = $1",
    )
    .bind(meeting.id)
    .bind(starts_at)
    .bind(ends_at)
    .bind(i64::from(lock))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    if meeting.state == "scheduled" {
        sqlx::query("DELETE FROM b2b_busy WHERE meeting_id = $1")
            .bind(meeting.id)
            .execute(&mut *tx)
            .await?;
        if taken(hold(&mut tx, meeting.id, [meeting.a_id, meeting.b_id], starts_at).await)?.is_err()
        {
            return Ok(Booked::Taken);
        }
    }
    tx.commit().await?;
    Ok(Booked::Done(meeting.id))
}

/// Records a proposal to move the meeting; `None` withdraws it.
pub async fn propose(
    db: &Db,
    id: i64,
    starts_at: Option<i64>,
    by: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE b2b_meetings SET proposed_starts_at = $2, proposed_by = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(starts_at)
    .bind(by)
    .bind(now_ms())
    .execute(&db.pool)
    .await
    .map(drop)
}

pub async fn set_locked(db: &Db, id: i64, locked: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE b2b_meetings SET locked = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(i64::from(locked))
        .bind(now_ms())
        .execute(&db.pool)
        .await
        .map(drop)
}

/// Cancels a meeting and frees both sides' time; raises its sequence so calendars take it.
pub async fn cancel(db: &Db, id: i64) -> sqlx::Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE b2b_meetings SET state = 'cancelled', proposed_starts_at = NULL, proposed_by = NULL,
             sequence = sequence + 1, updated_at = $2
         WHERE id = $1 AND state <> 'cancelled'",
    )
    .bind(id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM b2b_busy WHERE meeting_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces the event's unlocked drafts with `drafts` (request, start, end, room).
pub async fn replace_drafts(
    db: &Db,
    event_id: i64,
    drafts: &[(i64, i64, i64, i64, i64, String)],
) -> sqlx::Result<()> {
    let now = now_ms();
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM b2b_meetings WHERE event_id = $1 AND state = 'draft' AND locked = 0")
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
    for (request, a, b, starts_at, ends_at, room) in drafts {
        sqlx::query(
            "INSERT INTO b2b_meetings (event_id, request_id, a_id, b_id, starts_at, ends_at, state, room, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $8)",
        )
        .bind(event_id)
        .bind(request)
        .bind(a)
        .bind(b)
        .bind(starts_at)
        .bind(ends_at)
        .bind(room)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// Turns every draft of the event into a scheduled meeting with its busy marks, or none of
/// them: `Err(meeting)` names the first that clashes with a booked time.
pub async fn publish(db: &Db, event_id: i64) -> sqlx::Result<Result<Vec<i64>, i64>> {
    let mut tx = db.pool.begin().await?;
    let now = now_ms();
    let drafts: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "UPDATE b2b_meetings SET state = 'scheduled', sequence = sequence + 1, updated_at = $2
         WHERE event_id = $1 AND state = 'draft' RETURNING id, a_id, b_id, starts_at",
    )
    .bind(event_id)
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    for (id, a, b, starts_at) in &drafts {
        if taken(hold(&mut tx, *id, [*a, *b], *starts_at).await)?.is_err() {
            return Ok(Err(*id));
        }
    }
    tx.commit().await?;
    Ok(Ok(drafts.into_iter().map(|d| d.0).collect()))
}

/// Scheduled meetings starting before `until` whose reminder has not gone out; marks them.
pub async fn take_due_reminders(db: &Db, now: i64, until: i64) -> sqlx::Result<Vec<MeetingRow>> {
    let due: Vec<MeetingRow> = sqlx::query_as(&format!(
        "{MEETINGS} WHERE g.state = 'scheduled' AND g.reminded_at IS NULL AND g.starts_at > $1 AND g.starts_at <= $2"
    ))
    .bind(now)
    .bind(until)
    .fetch_all(&db.pool)
    .await?;
    let mut taken = Vec::new();
    for meeting in due {
        // Only the instance whose update wins sends the reminder.
        let done = sqlx::query(
            "UPDATE b2b_meetings SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL",
        )
        .bind(meeting.id)
        .bind(now)
        .execute(&db.pool)
        .await?;
        if done.rows_affected() == 1 {
            taken.push(meeting);
        }
    }
    Ok(taken)
}

#[derive(Clone, Debug, FromRow)]
pub struct FeedbackRow {
    pub meeting_id: i64,
    pub member_id: i64,
    pub took_place: i64,
    pub usefulness: Option<i64>,
    pub follow_up: i64,
    pub comment: String,
}

pub async fn put_feedback(db: &Db, row: &FeedbackRow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO b2b_feedback (meeting_id, member_id, took_place, usefulness, follow_up, comment, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (meeting_id, member_id) DO UPDATE SET took_place = $3, usefulness = $4, follow_up = $5, comment = $6",
    )
    .bind(row.meeting_id)
    .bind(row.member_id)
    .bind(row.took_place)
    .bind(row.usefulness)
    .bind(row.follow_up)
    .bind(&row.comment)
    .bind(now_ms())
    .execute(&db.pool)
    .await
    .map(drop)
}

pub async fn feedback_in(db: &Db, event_id: i64) -> sqlx::Result<Vec<FeedbackRow>> {
    sqlx::query_as(
        "SELECT f.meeting_id, f.member_id, f.took_place, f.usefulness, f.follow_up, f.comment
         FROM b2b_feedback f JOIN b2b_meetings g ON g.id = f.meeting_id WHERE g.event_id = $1 ORDER BY f.meeting_id, f.member_id",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}

pub async fn feedback_of(
    db: &Db,
    meeting_id: i64,
    member_id: i64,
) -> sqlx::Result<Option<FeedbackRow>> {
    sqlx::query_as(
        "SELECT meeting_id, member_id, took_place, usefulness, follow_up, comment FROM b2b_feedback
         WHERE meeting_id = $1 AND member_id = $2",
    )
    .bind(meeting_id)
    .bind(member_id)
    .fetch_optional(&db.pool)
    .await
}

/// The country of each participant (from their member profile): (member, country).
pub async fn member_countries(db: &Db, event_id: i64) -> sqlx::Result<Vec<(i64, Option<String>)>> {
    sqlx::query_as(
        "SELECT m.id, m.country FROM b2b_profiles p JOIN members m ON m.id = p.member_id WHERE p.event_id = $1",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await
}
