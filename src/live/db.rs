//! The queries of live sessions, written once for SQLite and PostgreSQL (see `store/mod.rs`).
//!
//! Vote counts are never kept in a column: they are counted from the votes, whose primary
//! keys allow one vote per member and question and one ballot per member and poll, so a count
//! is exact however many votes and withdrawals run at once.

use sqlx::{Any, FromRow, Transaction};

use crate::store::{Backend, Db, Sql};

/// How an event runs its sessions' questions.
#[derive(Clone, Copy, Debug, FromRow, PartialEq, Eq)]
pub struct Settings {
    /// Minutes before a session's start that questions open.
    pub open_before: i64,
    /// Minutes after its end that they close.
    pub close_after: i64,
    /// 1 when new questions wait for approval.
    pub approve_first: i64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            open_before: 30,
            close_after: 30,
            approve_first: 0,
        }
    }
}

pub async fn settings(db: &Db, event_id: i64) -> sqlx::Result<Settings> {
    let found: Option<Settings> = sqlx::query_as(
        "SELECT open_before, close_after, approve_first FROM live_settings WHERE event_id = $1",
    )
    .bind(event_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(found.unwrap_or_default())
}

pub async fn put_settings(db: &Db, event_id: i64, s: Settings) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO live_settings (event_id, open_before, close_after, approve_first)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_id) DO UPDATE SET open_before = excluded.open_before,
             close_after = excluded.close_after, approve_first = excluded.approve_first",
    )
    .bind(event_id)
    .bind(s.open_before)
    .bind(s.close_after)
    .bind(s.approve_first)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// See `access::moderator_ids`.
pub async fn moderator_ids(db: &Db, session_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT member_id FROM session_speakers WHERE session_id = $1 AND member_id IS NOT NULL
         UNION
         SELECT o.member_id FROM event_organisers o
           JOIN event_sessions s ON s.event_id = o.event_id
           JOIN members m ON m.id = o.member_id
          WHERE s.id = $1 AND m.status = 'active' AND m.role IN ('organiser', 'admin')
         UNION
         SELECT id FROM members WHERE status = 'active' AND role = 'admin'",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await
}

// ---- questions -------------------------------------------------------------------------

/// A question with its vote count and whether the reader voted for it.
#[derive(Clone, Debug, FromRow)]
pub struct QuestionRow {
    pub id: i64,
    pub session_id: i64,
    pub author_id: Option<i64>,
    /// The author's current name (empty when the account is gone).
    pub author_name: String,
    pub anonymous: i64,
    pub body: String,
    pub state: String,
    pub pinned: i64,
    pub created_at: i64,
    pub votes: i64,
    /// 1 when the reader voted for it.
    pub voted: i64,
}

const QUESTION_COLUMNS: &str = "q.id, q.session_id, q.author_id, COALESCE(m.name, '') AS author_name,
     q.anonymous, q.body, q.state, q.pinned, q.created_at,
     (SELECT COUNT(*) FROM live_question_votes v WHERE v.question_id = q.id) AS votes,
     (SELECT COUNT(*) FROM live_question_votes v WHERE v.question_id = q.id AND v.member_id = $2) AS voted";

/// The session's questions, oldest first, with `reader`'s votes.
pub async fn questions(db: &Db, session_id: i64, reader: i64) -> sqlx::Result<Vec<QuestionRow>> {
    sqlx::query_as(&format!(
        "SELECT {QUESTION_COLUMNS} FROM live_questions q LEFT JOIN members m ON m.id = q.author_id
         WHERE q.session_id = $1 ORDER BY q.id"
    ))
    .bind(session_id)
    .bind(reader)
    .fetch_all(&db.pool)
    .await
}

pub async fn question(db: &Db, id: i64, reader: i64) -> sqlx::Result<Option<QuestionRow>> {
    sqlx::query_as(&format!(
        "SELECT {QUESTION_COLUMNS} FROM live_questions q LEFT JOIN members m ON m.id = q.author_id
         WHERE q.id = $1"
    ))
    .bind(id)
    .bind(reader)
    .fetch_optional(&db.pool)
    .await
}

/// How many questions the member asked in the session.
pub async fn asked_by(db: &Db, session_id: i64, member_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM live_questions WHERE session_id = $1 AND author_id = $2",
    )
    .bind(session_id)
    .bind(member_id)
    .fetch_one(&db.pool)
    .await
}

pub struct NewQuestion<'a> {
    pub session_id: i64,
    pub author_id: i64,
    pub anonymous: bool,
    pub body: &'a str,
    pub state: &'static str,
}

pub async fn insert_question(db: &Db, q: NewQuestion<'_>, now: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO live_questions (session_id, author_id, anonymous, body, state, pinned, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 0, $6, $6) RETURNING id",
    )
    .bind(q.session_id)
    .bind(q.author_id)
    .bind(i64::from(q.anonymous))
    .bind(q.body)
    .bind(q.state)
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

/// Adds a vote, if the question is one everyone sees; false when the member had voted or the
/// question is not (or no longer) open to votes.
pub async fn vote(db: &Db, question_id: i64, member_id: i64, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO live_question_votes (question_id, member_id, created_at)
         SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM live_questions
             WHERE id = $1 AND state IN ('visible', 'answered'))
         ON CONFLICT (question_id, member_id) DO NOTHING",
    )
    .bind(question_id)
    .bind(member_id)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Withdraws a vote; false when there was none.
pub async fn unvote(db: &Db, question_id: i64, member_id: i64) -> sqlx::Result<bool> {
    let done =
        sqlx::query("DELETE FROM live_question_votes WHERE question_id = $1 AND member_id = $2")
            .bind(question_id)
            .bind(member_id)
            .execute(&db.pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn votes(db: &Db, question_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM live_question_votes WHERE question_id = $1")
        .bind(question_id)
        .fetch_one(&db.pool)
        .await
}

/// Sets a question's state and pin; pinning it unpins the session's other questions, whose
/// ids are returned.
pub async fn moderate_question(
    db: &Db,
    id: i64,
    state: Option<&str>,
    pinned: Option<bool>,
    now: i64,
) -> sqlx::Result<Vec<i64>> {
    let mut tx = db.pool.begin().await?;
    let mut unpinned = Vec::new();
    if pinned == Some(true) {
        unpinned = sqlx::query_scalar(
            "UPDATE live_questions SET pinned = 0, updated_at = $2
             WHERE session_id = (SELECT session_id FROM live_questions WHERE id = $1)
               AND pinned = 1 AND id <> $1 RETURNING id",
        )
        .bind(id)
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
    }
    sqlx::query(
        "UPDATE live_questions SET state = COALESCE($2, state),
             pinned = COALESCE($3, pinned), updated_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(state)
    .bind(pinned.map(i64::from))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(unpinned)
}

// ---- polls -----------------------------------------------------------------------------

#[derive(Clone, Debug, FromRow)]
pub struct PollRow {
    pub id: i64,
    pub session_id: i64,
    pub kind: String,
    pub state: String,
    pub results: String,
    /// Texts as JSON (locale → text).
    pub question: String,
}

#[derive(Clone, Debug, FromRow)]
pub struct OptionRow {
    pub id: i64,
    pub poll_id: i64,
    pub label: String,
}

pub struct NewPoll {
    pub session_id: i64,
    pub kind: &'static str,
    pub results: &'static str,
    pub question: String,
    pub options: Vec<String>,
    pub created_by: i64,
}

pub async fn insert_poll(db: &Db, p: NewPoll, now: i64) -> sqlx::Result<i64> {
    let mut tx = db.pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO live_polls (session_id, kind, state, results, question, created_by, created_at)
         VALUES ($1, $2, 'draft', $3, $4, $5, $6) RETURNING id",
    )
    .bind(p.session_id)
    .bind(p.kind)
    .bind(p.results)
    .bind(&p.question)
    .bind(p.created_by)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    for (position, label) in p.options.iter().enumerate() {
        sqlx::query("INSERT INTO live_poll_options (poll_id, position, label) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(position as i64)
            .bind(label)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

const POLL_COLUMNS: &str = "id, session_id, kind, state, results, question";

pub async fn polls(db: &Db, session_id: i64) -> sqlx::Result<Vec<PollRow>> {
    sqlx::query_as(&format!(
        "SELECT {POLL_COLUMNS} FROM live_polls WHERE session_id = $1 ORDER BY id"
    ))
    .bind(session_id)
    .fetch_all(&db.pool)
    .await
}

pub async fn poll(db: &Db, id: i64) -> sqlx::Result<Option<PollRow>> {
    sqlx::query_as(&format!(
        "SELECT {POLL_COLUMNS} FROM live_polls WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// The options of the given polls, in their order.
pub async fn options(db: &Db, poll_ids: &[i64]) -> sqlx::Result<Vec<OptionRow>> {
    if poll_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT id, poll_id, label FROM live_poll_options WHERE poll_id IN ");
    sql.push_list(poll_ids).push(" ORDER BY poll_id, position");
    sql.query_as().fetch_all(&db.pool).await
}

/// Moves a poll from `from` to `to` (draft → open, open → closed); false when it was not in
/// `from`.
pub async fn move_poll(db: &Db, id: i64, from: &str, to: &str, now: i64) -> sqlx::Result<bool> {
    let column = if to == "open" {
        "opened_at"
    } else {
        "closed_at"
    };
    let done = sqlx::query(&format!(
        "UPDATE live_polls SET state = $3, {column} = $4 WHERE id = $1 AND state = $2"
    ))
    .bind(id)
    .bind(from)
    .bind(to)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Why a ballot was not stored.
#[derive(Debug, PartialEq, Eq)]
pub enum BallotRefused {
    /// The poll is not open (any more).
    NotOpen,
}

/// Stores the member's ballot (replacing the one they had) if the poll is open. The first
/// statement writes (the ballot's row, only while the poll is open), so SQLite takes its write
/// lock at once; on PostgreSQL it reads the poll's row with a shared lock, so a close that
/// commits first is seen, and one that comes later waits for the ballot.
pub async fn put_ballot(
    db: &Db,
    poll_id: i64,
    member_id: i64,
    options: &[i64],
    now: i64,
) -> sqlx::Result<Result<(), BallotRefused>> {
    let mut tx = db.pool.begin().await?;
    let lock = if db.backend == Backend::Postgres {
        " FOR SHARE"
    } else {
        ""
    };
    // The upsert takes the ballot's row lock: two ballots of one member queue up.
    let done = sqlx::query(&format!(
        "INSERT INTO live_poll_ballots (poll_id, member_id, updated_at)
         SELECT $1, $2, $3 WHERE EXISTS
             (SELECT 1 FROM live_polls WHERE id = $1 AND state = 'open'{lock})
         ON CONFLICT (poll_id, member_id) DO UPDATE SET updated_at = excluded.updated_at"
    ))
    .bind(poll_id)
    .bind(member_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(Err(BallotRefused::NotOpen));
    }
    replace_choices(&mut tx, poll_id, member_id, options).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

async fn replace_choices(
    tx: &mut Transaction<'_, Any>,
    poll_id: i64,
    member_id: i64,
    options: &[i64],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM live_poll_choices WHERE poll_id = $1 AND member_id = $2")
        .bind(poll_id)
        .bind(member_id)
        .execute(&mut **tx)
        .await?;
    for option in options {
        sqlx::query(
            "INSERT INTO live_poll_choices (poll_id, member_id, option_id) VALUES ($1, $2, $3)",
        )
        .bind(poll_id)
        .bind(member_id)
        .bind(option)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The member's choices in a poll (empty when they have not voted).
pub async fn ballot(db: &Db, poll_id: i64, member_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT option_id FROM live_poll_choices WHERE poll_id = $1 AND member_id = $2 ORDER BY option_id",
    )
    .bind(poll_id)
    .bind(member_id)
    .fetch_all(&db.pool)
    .await
}

/// The polls (of the given ones) the member voted in.
pub async fn voted_in(db: &Db, poll_ids: &[i64], member_id: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    if poll_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT poll_id, option_id FROM live_poll_choices WHERE member_id = ");
    sql.push_bind(member_id)
        .push(" AND poll_id IN ")
        .push_list(poll_ids);
    sql.query_as().fetch_all(&db.pool).await
}

/// Voters of a poll, and votes per option (options nobody chose are missing).
pub async fn tally(db: &Db, poll_id: i64) -> sqlx::Result<(i64, Vec<(i64, i64)>)> {
    let voters: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM live_poll_ballots WHERE poll_id = $1")
            .bind(poll_id)
            .fetch_one(&db.pool)
            .await?;
    let counts = sqlx::query_as(
        "SELECT option_id, COUNT(*) FROM live_poll_choices WHERE poll_id = $1 GROUP BY option_id",
    )
    .bind(poll_id)
    .fetch_all(&db.pool)
    .await?;
    Ok((voters, counts))
}

pub async fn voters(db: &Db, poll_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT member_id FROM live_poll_ballots WHERE poll_id = $1")
        .bind(poll_id)
        .fetch_all(&db.pool)
        .await
}
