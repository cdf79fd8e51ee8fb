//! The chat's queries, written once for both databases (see `store/mod.rs`).

use sqlx::{Any, FromRow, Transaction};

use crate::store::{Backend, Db, Sql, now_ms};

#[derive(Clone, Debug, FromRow)]
pub struct ChannelRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub topic: String,
    pub context: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

#[derive(Clone, Debug, FromRow)]
pub struct MembershipRow {
    pub role: String,
    pub last_read_id: i64,
    pub muted_at: Option<i64>,
    pub silenced_at: Option<i64>,
}

/// A channel as listed for one member, with their unread count.
#[derive(Clone, Debug, FromRow)]
pub struct ListedChannel {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub topic: String,
    pub context: Option<String>,
    pub role: String,
    pub last_read_id: i64,
    pub muted_at: Option<i64>,
    pub unread: i64,
    pub last_post_at: i64,
}

#[derive(Clone, Debug, FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub channel_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub client_id: Option<String>,
    pub body: String,
    pub body_html: String,
    pub attachment_id: Option<i64>,
    /// The attachment's unguessable key, which its address uses.
    pub attachment_key: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    pub attachment_size: Option<i64>,
    pub document_id: Option<i64>,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub hidden_at: Option<i64>,
}

const CHANNEL_COLUMNS: &str = "id, kind, title, topic, context, created_by, created_at";

const MESSAGE_SELECT: &str = "SELECT x.id, x.channel_id, x.author_id, a.name AS author_name, \
    x.client_id, x.body, x.body_html, x.attachment_id, f.access_key AS attachment_key, \
    f.name AS attachment_name, \
    f.content_type AS attachment_type, f.size AS attachment_size, x.document_id, x.created_at, \
    x.edited_at, x.deleted_at, x.hidden_at \
    FROM chat_messages x JOIN members a ON a.id = x.author_id \
    LEFT JOIN chat_attachments f ON f.id = x.attachment_id";

pub async fn channel(db: &Db, id: i64) -> sqlx::Result<Option<ChannelRow>> {
    sqlx::query_as(&format!(
        "SELECT {CHANNEL_COLUMNS} FROM chat_channels WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

pub async fn channel_by(db: &Db, column: &str, value: &str) -> sqlx::Result<Option<ChannelRow>> {
    debug_assert!(matches!(column, "direct_key" | "context"));
    sqlx::query_as(&format!(
        "SELECT {CHANNEL_COLUMNS} FROM chat_channels WHERE {column} = $1"
    ))
    .bind(value)
    .fetch_optional(&db.pool)
    .await
}

pub async fn membership(
    db: &Db,
    channel_id: i64,
    member_id: i64,
) -> sqlx::Result<Option<MembershipRow>> {
    sqlx::query_as(
        "SELECT role, last_read_id, muted_at, silenced_at FROM chat_memberships
         WHERE channel_id = $1 AND member_id = $2",
    )
    .bind(channel_id)
    .bind(member_id)
    .fetch_optional(&db.pool)
    .await
}

/// A channel and `member_id`'s membership of it (if any), in one query: this runs before
/// every message is posted.
pub async fn channel_and_membership(
    db: &Db,
    channel_id: i64,
    member_id: i64,
) -> sqlx::Result<Option<(ChannelRow, Option<MembershipRow>)>> {
    Ok(channels_and_memberships(db, &[channel_id], member_id)
        .await?
        .pop())
}

/// Channels by id (those that exist, in no particular order), each with the member's
/// membership: one query for any number of channels.
pub async fn channels_and_memberships(
    db: &Db,
    channel_ids: &[i64],
    member_id: i64,
) -> sqlx::Result<Vec<(ChannelRow, Option<MembershipRow>)>> {
    #[derive(FromRow)]
    struct Joined {
        #[sqlx(flatten)]
        channel: ChannelRow,
        role: Option<String>,
        last_read_id: Option<i64>,
        muted_at: Option<i64>,
        silenced_at: Option<i64>,
    }
    if channel_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT c.id, c.kind, c.title, c.topic, c.context, c.created_by, c.created_at, \
                m.role, m.last_read_id, m.muted_at, m.silenced_at \
         FROM chat_channels c \
         LEFT JOIN chat_memberships m ON m.channel_id = c.id AND m.member_id = ",
    );
    sql.push_bind(member_id);
    sql.push(" WHERE c.id IN ");
    sql.push_list(channel_ids);
    let joined: Vec<Joined> = sql.query_as().fetch_all(&db.pool).await?;
    Ok(joined
        .into_iter()
        .map(|j| {
            let membership = j.role.map(|role| MembershipRow {
                role,
                last_read_id: j.last_read_id.unwrap_or_default(),
                muted_at: j.muted_at,
                silenced_at: j.silenced_at,
            });
            (j.channel, membership)
        })
        .collect())
}

/// Unread: messages of others after the read marker, neither deleted nor hidden.
const UNREAD: &str = "(SELECT COUNT(*) FROM chat_messages x WHERE x.channel_id = m.channel_id \
    AND x.id > m.last_read_id AND x.author_id <> m.member_id AND x.deleted_at IS NULL \
    AND x.hidden_at IS NULL)";

/// The channels a member belongs to, most recently active first.
pub async fn channels_of(db: &Db, member_id: i64) -> sqlx::Result<Vec<ListedChannel>> {
    sqlx::query_as(&format!(
        "SELECT c.id, c.kind, c.title, c.topic, c.context, m.role, m.last_read_id, m.muted_at,
                {UNREAD} AS unread,
                COALESCE((SELECT x.created_at FROM chat_messages x WHERE x.channel_id = c.id
                          ORDER BY x.id DESC LIMIT 1), 0) AS last_post_at
         FROM chat_memberships m JOIN chat_channels c ON c.id = m.channel_id
         WHERE m.member_id = $1 ORDER BY last_post_at DESC, c.id DESC"
    ))
    .bind(member_id)
    .fetch_all(&db.pool)
    .await
}

/// Public channels the member has not joined, by title.
pub async fn public_channels_to_join(db: &Db, member_id: i64) -> sqlx::Result<Vec<ChannelRow>> {
    sqlx::query_as(&format!(
        "SELECT {CHANNEL_COLUMNS} FROM chat_channels c WHERE kind = 'public'
         AND NOT EXISTS (SELECT 1 FROM chat_memberships m WHERE m.channel_id = c.id AND m.member_id = $1)
         ORDER BY title, id LIMIT 200"
    ))
    .bind(member_id)
    .fetch_all(&db.pool)
    .await
}

/// The unread count of one channel for one member.
pub async fn unread(db: &Db, channel_id: i64, member_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!(
        "SELECT {UNREAD} FROM chat_memberships m WHERE m.channel_id = $1 AND m.member_id = $2"
    ))
    .bind(channel_id)
    .bind(member_id)
    .fetch_optional(&db.pool)
    .await
    .map(Option::unwrap_or_default)
}

/// Unread messages over all channels the member has not muted: the badge in the header.
pub async fn unread_total(db: &Db, member_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!(
        "SELECT CAST(COALESCE(SUM({UNREAD}), 0) AS BIGINT) FROM chat_memberships m
         WHERE m.member_id = $1 AND m.muted_at IS NULL"
    ))
    .bind(member_id)
    .fetch_one(&db.pool)
    .await
}

/// The names of the other people in the given direct channels: (channel, member id, name).
pub async fn direct_partners(
    db: &Db,
    channel_ids: &[i64],
    member_id: i64,
) -> sqlx::Result<Vec<(i64, i64, String)>> {
    if channel_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT m.channel_id, m.member_id, b.name FROM chat_memberships m
         JOIN members b ON b.id = m.member_id WHERE m.member_id <> ",
    );
    sql.push_bind(member_id)
        .push(" AND m.channel_id IN ")
        .push_list(channel_ids)
        .push(" ORDER BY b.sort_name, b.id");
    sql.query_as().fetch_all(&db.pool).await
}

/// Everyone who shares a direct channel with the member: who sees their presence.
pub async fn direct_contacts(db: &Db, member_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT DISTINCT o.member_id FROM chat_memberships m
         JOIN chat_channels c ON c.id = m.channel_id AND c.kind = 'direct'
         JOIN chat_memberships o ON o.channel_id = m.channel_id AND o.member_id <> m.member_id
         WHERE m.member_id = $1",
    )
    .bind(member_id)
    .fetch_all(&db.pool)
    .await
}

pub async fn insert_channel(
    tx: &mut Transaction<'_, Any>,
    kind: &str,
    title: &str,
    topic: &str,
    key: (Option<&str>, Option<&str>),
    created_by: Option<i64>,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO chat_channels (kind, title, topic, direct_key, context, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(kind)
    .bind(title)
    .bind(topic)
    .bind(key.0)
    .bind(key.1)
    .bind(created_by)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await
}

/// Adds a member; true when they were not in the channel yet.
pub async fn add_member(
    tx: &mut Transaction<'_, Any>,
    channel_id: i64,
    member_id: i64,
    role: &str,
) -> sqlx::Result<bool> {
    // A new member starts with everything so far read: unread counts start at their arrival.
    let result = sqlx::query(
        "INSERT INTO chat_memberships (channel_id, member_id, role, last_read_id, joined_at)
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(id), 0) FROM chat_messages WHERE channel_id = $1), $4)
         ON CONFLICT (channel_id, member_id) DO NOTHING",
    )
    .bind(channel_id)
    .bind(member_id)
    .bind(role)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected() > 0)
}

pub async fn remove_member(
    tx: &mut Transaction<'_, Any>,
    channel_id: i64,
    member_id: i64,
) -> sqlx::Result<bool> {
    let result =
        sqlx::query("DELETE FROM chat_memberships WHERE channel_id = $1 AND member_id = $2")
            .bind(channel_id)
            .bind(member_id)
            .execute(&mut **tx)
            .await?;
    Ok(result.rows_affected() > 0)
}

pub async fn member_ids(db: &Db, channel_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT member_id FROM chat_memberships WHERE channel_id = $1")
        .bind(channel_id)
        .fetch_all(&db.pool)
        .await
}

/// Members of a channel with their names and roles, by name.
pub async fn members_of(db: &Db, channel_id: i64) -> sqlx::Result<Vec<(i64, String, String)>> {
    sqlx::query_as(
        "SELECT b.id, b.name, m.role FROM chat_memberships m JOIN members b ON b.id = m.member_id
         WHERE m.channel_id = $1 ORDER BY b.sort_name, b.id",
    )
    .bind(channel_id)
    .fetch_all(&db.pool)
    .await
}

/// The message an author already sent with this client id.
pub async fn message_by_client(
    db: &Db,
    author_id: i64,
    client_id: &str,
) -> sqlx::Result<Option<MessageRow>> {
    sqlx::query_as(&format!(
        "{MESSAGE_SELECT} WHERE x.author_id = $1 AND x.client_id = $2"
    ))
    .bind(author_id)
    .bind(client_id)
    .fetch_optional(&db.pool)
    .await
}

pub async fn message(db: &Db, id: i64) -> sqlx::Result<Option<MessageRow>> {
    sqlx::query_as(&format!("{MESSAGE_SELECT} WHERE x.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// The messages of the given ids (in no particular order).
pub async fn messages_by_ids(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<MessageRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(MESSAGE_SELECT);
    sql.push(" WHERE x.id IN ").push_list(ids);
    sql.query_as().fetch_all(&db.pool).await
}

/// Stores a new message if its author may post in the channel (a member, not silenced: the
/// rule of `access::require_post`, checked in the same statement). Returns its id and time,
/// or `None` when the author may not post.
///
/// One statement, committed on its own: the row's trigger (migration 0015) moves its search
/// terms into `chat_message_terms` and marks it read for its author, and on PostgreSQL
/// notifies the hubs, so the notification goes out exactly when the message is committed.
///
/// Order within a channel: on PostgreSQL the statement first locks the channel's row, which
/// is held until commit, so that within a channel ids are drawn, and become visible, in one
/// order — a client that resumes after id N misses nothing committed later with a smaller
/// id. On SQLite the hub's lock serialises writers (see `hub`).
pub async fn insert_message(db: &Db, new: NewMessage<'_>) -> sqlx::Result<Option<(i64, i64)>> {
    let now = now_ms();
    // PostgreSQL: the channel's row, locked (see above).
    let ordered = match db.backend {
        Backend::Sqlite => "",
        Backend::Postgres => "FROM (SELECT id FROM chat_channels WHERE id = $1 FOR UPDATE) ordered",
    };
    let insert = format!(
        "INSERT INTO chat_messages (channel_id, author_id, client_id, body, body_html, attachment_id, document_id, created_at, terms)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 {ordered}
         WHERE EXISTS (SELECT 1 FROM chat_memberships
                       WHERE channel_id = $1 AND member_id = $2 AND silenced_at IS NULL)
         RETURNING id"
    );
    let terms = serde_json::to_string(&crate::store::terms(new.body)).expect("strings serialise");
    let id: Option<i64> = sqlx::query_scalar(&insert)
        .bind(new.channel_id)
        .bind(new.author_id)
        .bind(new.client_id)
        .bind(new.body)
        .bind(new.body_html)
        .bind(new.attachment_id)
        .bind(new.document_id)
        .bind(now)
        .bind(terms)
        .fetch_optional(&db.pool)
        .await?;
    Ok(id.map(|id| (id, now)))
}

/// A message to store (see [`insert_message`]).
pub struct NewMessage<'a> {
    pub channel_id: i64,
    pub author_id: i64,
    pub client_id: Option<&'a str>,
    pub body: &'a str,
    pub body_html: &'a str,
    pub attachment_id: Option<i64>,
    pub document_id: Option<i64>,
}

/// Replaces the search terms of an edited message.
async fn write_terms(tx: &mut Transaction<'_, Any>, id: i64, body: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM chat_message_terms WHERE message_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    insert_terms(tx, id, body).await
}

async fn insert_terms(tx: &mut Transaction<'_, Any>, id: i64, body: &str) -> sqlx::Result<()> {
    let terms = crate::store::terms(body);
    for chunk in terms.chunks(100) {
        let mut sql = Sql::new("INSERT INTO chat_message_terms (term, message_id) VALUES ");
        for (i, term) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push("(")
                .push_bind(term.as_str())
                .push(", ")
                .push_bind(id)
                .push(")");
        }
        sql.query().execute(&mut **tx).await?;
    }
    Ok(())
}

pub async fn edit_message(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    body: &str,
    body_html: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE chat_messages SET body = $2, body_html = $3, edited_at = $4 WHERE id = $1")
        .bind(id)
        .bind(body)
        .bind(body_html)
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
    write_terms(tx, id, body).await
}

/// Deletes (by the author) or hides (by a moderator): the row stays as a tombstone, so read
/// markers and resumes keep their order; its text and search terms go.
pub async fn remove_message(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    hidden_by: Option<i64>,
) -> sqlx::Result<()> {
    let now = now_ms();
    match hidden_by {
        Some(moderator) => {
            sqlx::query("UPDATE chat_messages SET hidden_at = $2, hidden_by = $3 WHERE id = $1")
                .bind(id)
                .bind(now)
                .bind(moderator)
                .execute(&mut **tx)
                .await?
        }
        None => {
            sqlx::query(
                "UPDATE chat_messages SET deleted_at = $2, body = '', body_html = '' WHERE id = $1",
            )
            .bind(id)
            .bind(now)
            .execute(&mut **tx)
            .await?
        }
    };
    sqlx::query("DELETE FROM chat_message_terms WHERE message_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await
        .map(drop)
}

/// A page of a channel's messages: before `before` (newest first, then reversed) or after
/// `after` (oldest first), always returned oldest first.
pub async fn messages(
    db: &Db,
    channel_id: i64,
    before: Option<i64>,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<MessageRow>> {
    let mut sql = Sql::new(MESSAGE_SELECT);
    sql.push(" WHERE x.channel_id = ").push_bind(channel_id);
    if let Some(before) = before {
        sql.push(" AND x.id < ").push_bind(before);
    }
    if let Some(after) = after {
        sql.push(" AND x.id > ").push_bind(after);
        sql.push(" ORDER BY x.id ASC LIMIT ").push_bind(limit);
        return sql.query_as().fetch_all(&db.pool).await;
    }
    sql.push(" ORDER BY x.id DESC LIMIT ").push_bind(limit);
    let mut rows: Vec<MessageRow> = sql.query_as().fetch_all(&db.pool).await?;
    rows.reverse();
    Ok(rows)
}

/// Moves the read marker forward (never back); true when it moved.
pub async fn set_read(db: &Db, channel_id: i64, member_id: i64, id: i64) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE chat_memberships SET last_read_id = $3
         WHERE channel_id = $1 AND member_id = $2 AND last_read_id < $3",
    )
    .bind(channel_id)
    .bind(member_id)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(result.rows_affected() > 0)
}

pub async fn latest_id(db: &Db, channel_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM chat_messages WHERE channel_id = $1")
        .bind(channel_id)
        .fetch_one(&db.pool)
        .await
}

/// Messages containing words that begin with every given term, in channels the member
/// belongs to or public ones, newest first.
pub async fn search(
    db: &Db,
    member_id: i64,
    terms: &[String],
    limit: i64,
) -> sqlx::Result<Vec<MessageRow>> {
    let mut sql = Sql::new(MESSAGE_SELECT);
    sql.push(" JOIN chat_channels c ON c.id = x.channel_id WHERE x.deleted_at IS NULL AND x.hidden_at IS NULL AND (c.kind = 'public' OR EXISTS (SELECT 1 FROM chat_memberships m WHERE m.channel_id = x.channel_id AND m.member_id = ")
        .push_bind(member_id)
        .push("))");
    for term in terms {
        sql.push(" AND EXISTS (SELECT 1 FROM chat_message_terms t WHERE t.message_id = x.id AND t.term >= ")
            .push_bind(term.as_str())
            .push(" AND t.term < ")
            .push_bind(crate::store::prefix_end(term))
            .push(")");
    }
    sql.push(" ORDER BY x.id DESC LIMIT ").push_bind(limit);
    sql.query_as().fetch_all(&db.pool).await
}

pub async fn set_silenced(
    db: &Db,
    channel_id: i64,
    member_id: i64,
    silenced: bool,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "UPDATE chat_memberships SET silenced_at = $3 WHERE channel_id = $1 AND member_id = $2",
    )
    .bind(channel_id)
    .bind(member_id)
    .bind(silenced.then(now_ms))
    .execute(&db.pool)
    .await?;
    Ok(result.rows_affected() > 0)
}

pub async fn set_muted(db: &Db, channel_id: i64, member_id: i64, muted: bool) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE chat_memberships SET muted_at = $3 WHERE channel_id = $1 AND member_id = $2",
    )
    .bind(channel_id)
    .bind(member_id)
    .bind(muted.then(now_ms))
    .execute(&db.pool)
    .await
    .map(drop)
}

/// Records a report; false when this member already reported this message.
pub async fn insert_report(
    db: &Db,
    message_id: i64,
    reporter_id: i64,
    reason: &str,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "INSERT INTO chat_reports (message_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (message_id, reporter_id) DO NOTHING",
    )
    .bind(message_id)
    .bind(reporter_id)
    .bind(reason)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// An open report in a channel the member moderates.
#[derive(Clone, Debug, FromRow)]
pub struct OpenReport {
    pub message_id: i64,
    pub channel_id: i64,
    pub channel_title: String,
    pub reporter_id: i64,
    pub reporter_name: String,
    pub reason: String,
    pub created_at: i64,
}

/// Open reports of messages still shown, in the channels `member_id` moderates (the rule of
/// [`super::access`]: moderator by membership; organisers in public and event channels;
/// admins where they are members; never in direct conversations), oldest first.
pub async fn open_reports(
    db: &Db,
    member_id: i64,
    organiser: bool,
    admin: bool,
) -> sqlx::Result<Vec<OpenReport>> {
    sqlx::query_as(&format!(
        "SELECT r.message_id, x.channel_id, c.title AS channel_title, r.reporter_id,
                b.name AS reporter_name, r.reason, r.created_at
         {OPEN_REPORTS} ORDER BY r.created_at, r.id LIMIT 2000"
    ))
    .bind(member_id)
    .bind(i64::from(organiser))
    .bind(i64::from(admin))
    .fetch_all(&db.pool)
    .await
}

/// How many messages [`open_reports`] lists, without reading them.
pub async fn open_report_count(
    db: &Db,
    member_id: i64,
    organiser: bool,
    admin: bool,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!(
        "SELECT COUNT(DISTINCT r.message_id) {OPEN_REPORTS}"
    ))
    .bind(member_id)
    .bind(i64::from(organiser))
    .bind(i64::from(admin))
    .fetch_one(&db.pool)
    .await
}

/// The open reports `$1` moderates ($2: is an organiser, $3: is an admin); see [`open_reports`].
const OPEN_REPORTS: &str = "FROM chat_reports r
    JOIN chat_messages x ON x.id = r.message_id
    JOIN chat_channels c ON c.id = x.channel_id
    JOIN members b ON b.id = r.reporter_id
    LEFT JOIN chat_memberships m ON m.channel_id = c.id AND m.member_id = $1
    WHERE r.resolved_at IS NULL AND x.deleted_at IS NULL AND x.hidden_at IS NULL
      AND c.kind <> 'direct'
      AND (m.role = 'moderator'
           OR ($2 = 1 AND c.kind IN ('public', 'context'))
           OR ($3 = 1 AND m.member_id IS NOT NULL))";

/// Resolves the open reports of a message; returns how many.
pub async fn resolve_reports(
    tx: &mut Transaction<'_, Any>,
    message_id: i64,
    moderator_id: i64,
) -> sqlx::Result<u64> {
    sqlx::query(
        "UPDATE chat_reports SET resolved_at = $2, resolved_by = $3
         WHERE message_id = $1 AND resolved_at IS NULL",
    )
    .bind(message_id)
    .bind(now_ms())
    .bind(moderator_id)
    .execute(&mut **tx)
    .await
    .map(|r| r.rows_affected())
}

/// Who moderates a channel: its moderators, and for public and event channels the site's
/// organisers and admins.
pub async fn moderator_ids(db: &Db, channel_id: i64, kind: &str) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT member_id FROM chat_memberships WHERE channel_id = $1 AND role = 'moderator'
         UNION SELECT id FROM members WHERE status = 'active' AND role IN ('organiser', 'admin')
               AND $2 IN ('public', 'context')",
    )
    .bind(channel_id)
    .bind(kind)
    .fetch_all(&db.pool)
    .await
}

/// Members of a channel whose handles match the mentioned names: (id, name).
pub async fn channel_member_names(db: &Db, channel_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT b.id, b.name FROM chat_memberships m JOIN members b ON b.id = m.member_id
         WHERE m.channel_id = $1 AND b.status = 'active'",
    )
    .bind(channel_id)
    .fetch_all(&db.pool)
    .await
}

/// Stores an attachment's metadata under a new random key; returns its id.
pub async fn insert_attachment(
    db: &Db,
    channel_id: i64,
    owner_id: i64,
    blob: &str,
    name: &str,
    content_type: &str,
    size: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO chat_attachments (channel_id, owner_id, blob, name, content_type, size, created_at, access_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(channel_id)
    .bind(owner_id)
    .bind(blob)
    .bind(name)
    .bind(content_type)
    .bind(size)
    .bind(now_ms())
    .bind(crate::web::identity::random_token())
    .fetch_one(&db.pool)
    .await
}

/// An attachment found by its key, with the message that carries it.
#[derive(Clone, Debug, FromRow)]
pub struct AttachmentRow {
    pub message_id: i64,
    pub blob: String,
    pub name: String,
    pub content_type: String,
}

/// The attachment with this key and the message that carries it (none: no such key, or a
/// file whose message was never stored).
pub async fn attachment_by_key(db: &Db, key: &str) -> sqlx::Result<Option<AttachmentRow>> {
    sqlx::query_as(
        "SELECT x.id AS message_id, f.blob, f.name, f.content_type
         FROM chat_attachments f JOIN chat_messages x ON x.attachment_id = f.id
         WHERE f.access_key = $1",
    )
    .bind(key)
    .fetch_optional(&db.pool)
    .await
}

/// Erases a message's attachment row (the message forgets it); returns the blob to delete
/// once the transaction is committed.
pub async fn erase_attachment(
    tx: &mut Transaction<'_, Any>,
    message_id: i64,
) -> sqlx::Result<Option<String>> {
    let found: Option<(i64, String)> = sqlx::query_as(
        "SELECT f.id, f.blob FROM chat_messages x JOIN chat_attachments f ON f.id = x.attachment_id
         WHERE x.id = $1",
    )
    .bind(message_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((attachment_id, blob)) = found else {
        return Ok(None);
    };
    sqlx::query("UPDATE chat_messages SET attachment_id = NULL WHERE id = $1")
        .bind(message_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM chat_attachments WHERE id = $1")
        .bind(attachment_id)
        .execute(&mut **tx)
        .await?;
    Ok(Some(blob))
}
