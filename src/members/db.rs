//! Queries of profiles, organisations, the taxonomy, the directory and contact requests.

use sqlx::FromRow;

use crate::store::{Db, Sql, fold, like_pattern, now_ms};

#[derive(Clone, Debug, FromRow)]
pub struct ProfileRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub status: String,
    pub position: String,
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub organisation_kind: Option<String>,
    pub country: Option<String>,
    pub city: String,
    pub bio: String,
    pub bio_html: String,
    pub photo: Option<String>,
    pub timezone: String,
    pub locale: String,
    pub created_at: i64,
}

pub async fn profile(db: &Db, id: i64) -> sqlx::Result<Option<ProfileRow>> {
    sqlx::query_as(
        "SELECT m.id, m.name, m.email, m.role, m.status, m.position, m.organisation_id,
                o.name AS organisation_name, o.kind AS organisation_kind, m.country, m.city, m.bio,
                m.bio_html, m.photo, m.timezone, m.locale, m.created_at
         FROM members m LEFT JOIN organisations o ON o.id = m.organisation_id
         WHERE m.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

#[derive(Clone, Debug, FromRow)]
pub struct ExpertiseRow {
    pub id: i64,
    pub slug: String,
    pub name_en: String,
    pub name_de: String,
    pub name_ru: String,
    pub name_kk: String,
    pub position: i64,
}

impl ExpertiseRow {
    pub fn name(&self, locale: crate::web::i18n::Locale) -> &str {
        use crate::web::i18n::Locale;
        match locale {
            Locale::En => &self.name_en,
            Locale::De => &self.name_de,
            Locale::Ru => &self.name_ru,
            Locale::Kk => &self.name_kk,
        }
    }
}

pub async fn taxonomy(db: &Db) -> sqlx::Result<Vec<ExpertiseRow>> {
    sqlx::query_as(
        "SELECT id, slug, name_en, name_de, name_ru, name_kk, position FROM expertise ORDER BY position, id",
    )
    .fetch_all(&db.pool)
    .await
}

pub async fn upsert_expertise(db: &Db, row: &ExpertiseRow) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO expertise (slug, name_en, name_de, name_ru, name_kk, position)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (slug) DO UPDATE SET name_en = excluded.name_en, name_de = excluded.name_de,
            name_ru = excluded.name_ru, name_kk = excluded.name_kk, position = excluded.position
         RETURNING id",
    )
    .bind(&row.slug)
    .bind(&row.name_en)
    .bind(&row.name_de)
    .bind(&row.name_ru)
    .bind(&row.name_kk)
    .bind(row.position)
    .fetch_one(&db.pool)
    .await
}

pub async fn delete_expertise(db: &Db, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM expertise WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn members_with_expertise(db: &Db, expertise_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT member_id FROM member_expertise WHERE expertise_id = $1")
        .bind(expertise_id)
        .fetch_all(&db.pool)
        .await
}

/// Expertise ids of each of the given members.
pub async fn expertise_of(db: &Db, member_ids: &[i64]) -> sqlx::Result<Vec<(i64, i64)>> {
    if member_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql =
        Sql::new("SELECT member_id, expertise_id FROM member_expertise WHERE member_id IN ");
    sql.push_list(member_ids);
    sql.query_as::<(i64, i64)>().fetch_all(&db.pool).await
}

pub async fn languages_of(db: &Db, member_ids: &[i64]) -> sqlx::Result<Vec<(i64, String)>> {
    if member_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT member_id, language FROM member_languages WHERE member_id IN ");
    sql.push_list(member_ids).push(" ORDER BY language");
    sql.query_as::<(i64, String)>().fetch_all(&db.pool).await
}

#[derive(Clone, Debug, FromRow)]
pub struct ContactRow {
    pub kind: String,
    pub value: String,
    pub visibility: String,
}

pub async fn contact_details(db: &Db, member_id: i64) -> sqlx::Result<Vec<ContactRow>> {
    sqlx::query_as("SELECT kind, value, visibility FROM member_contacts WHERE member_id = $1")
        .bind(member_id)
        .fetch_all(&db.pool)
        .await
}

/// (member id, value, visibility) of the contact details of `kind` of members `ids`.
pub async fn contact_details_of(
    db: &Db,
    ids: &[i64],
    kind: &str,
) -> sqlx::Result<Vec<(i64, String, String)>> {
    let mut sql = crate::store::Sql::new(
        "SELECT member_id, value, visibility FROM member_contacts WHERE kind = ",
    );
    sql.push_bind(kind.to_string());
    sql.push(" AND member_id IN ");
    sql.push_list(ids);
    sql.push(" ORDER BY member_id");
    sql.query_as().fetch_all(&db.pool).await
}

/// Those of `ids` who are `member`'s contacts (an accepted request either way).
pub async fn contacts_among(db: &Db, member: i64, ids: &[i64]) -> sqlx::Result<Vec<i64>> {
    let mut sql = crate::store::Sql::new("SELECT CASE WHEN from_id = ");
    sql.push_bind(member);
    sql.push(" THEN to_id ELSE from_id END FROM contact_requests WHERE status = 'accepted' AND ((from_id = ");
    sql.push_bind(member);
    sql.push(" AND to_id IN ");
    sql.push_list(ids);
    sql.push(") OR (to_id = ");
    sql.push_bind(member);
    sql.push(" AND from_id IN ");
    sql.push_list(ids);
    sql.push("))");
    sql.query_scalar().fetch_all(&db.pool).await
}

/// A validated profile, ready to store. The organisation is not part of it: only the
/// membership functions (`membership_db`) write `members.organisation_id`.
#[derive(Clone, Debug, Default)]
pub struct ProfileWrite {
    pub name: String,
    pub position: String,
    pub country: Option<String>,
    pub city: String,
    pub bio: String,
    pub bio_html: String,
    pub timezone: String,
    pub locale: String,
    pub languages: Vec<String>,
    pub expertise: Vec<i64>,
    pub contacts: Vec<(String, String, String)>,
}

pub async fn write_profile(db: &Db, id: i64, p: &ProfileWrite) -> sqlx::Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "UPDATE members SET name = $1, position = $2, country = $3, city = $4,
                bio = $5, bio_html = $6, timezone = $7, locale = $8, sort_name = $9
         WHERE id = $10",
    )
    .bind(&p.name)
    .bind(&p.position)
    .bind(p.country.as_deref())
    .bind(&p.city)
    .bind(&p.bio)
    .bind(&p.bio_html)
    .bind(&p.timezone)
    .bind(&p.locale)
    .bind(fold(&p.name))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM member_languages WHERE member_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for language in &p.languages {
        sqlx::query("INSERT INTO member_languages (member_id, language) VALUES ($1, $2)")
            .bind(id)
            .bind(language)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM member_expertise WHERE member_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for expertise in &p.expertise {
        sqlx::query("INSERT INTO member_expertise (member_id, expertise_id) VALUES ($1, $2)")
            .bind(id)
            .bind(expertise)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM member_contacts WHERE member_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for (kind, value, visibility) in &p.contacts {
        sqlx::query("INSERT INTO member_contacts (member_id, kind, value, visibility) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(kind)
            .bind(value)
            .bind(visibility)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

pub async fn set_photo(db: &Db, id: i64, photo: Option<&str>) -> sqlx::Result<Option<String>> {
    let old: Option<String> = sqlx::query_scalar("SELECT photo FROM members WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .flatten();
    sqlx::query("UPDATE members SET photo = $1 WHERE id = $2")
        .bind(photo)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(old)
}

pub async fn photo_exists(db: &Db, photo: &str) -> sqlx::Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM members WHERE photo = $1 AND status = 'active'")
            .bind(photo)
            .fetch_optional(&db.pool)
            .await?;
    Ok(found.is_some())
}

/// Recomputes a member's search terms: the words of their name, position, city,
/// organisation, expertise (in all four languages) and bio.
pub async fn refresh_search_terms(db: &Db, id: i64) -> sqlx::Result<()> {
    let Some(p) = profile(db, id).await? else {
        return Ok(());
    };
    let expertise: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT x.name_en, x.name_de, x.name_ru, x.name_kk FROM member_expertise me
         JOIN expertise x ON x.id = me.expertise_id WHERE me.member_id = $1",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let mut text = vec![
        p.name,
        p.position,
        p.city,
        p.organisation_name.unwrap_or_default(),
    ];
    for (en, de, ru, kk) in expertise {
        text.extend([en, de, ru, kk]);
    }
    text.push(p.bio);
    let terms = crate::store::terms(&text.join(" "));
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM member_terms WHERE member_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for chunk in terms.chunks(200) {
        let mut sql = Sql::new("INSERT INTO member_terms (member_id, term) VALUES ");
        for (i, term) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.push_bind(id).push(", ").push_bind(term).push(")");
        }
        sql.query().execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// Directory filters; all optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct DirectoryQuery {
    pub words: Vec<String>,
    pub country: Option<String>,
    pub org_kind: Option<String>,
    pub expertise: Option<String>,
    pub language: Option<String>,
    pub organisation_id: Option<i64>,
}

#[derive(Clone, Debug, FromRow)]
pub struct DirectoryRow {
    pub id: i64,
    pub name: String,
    pub position: String,
    pub city: String,
    pub country: Option<String>,
    pub timezone: String,
    pub photo: Option<String>,
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub organisation_kind: Option<String>,
}

fn directory_filters(sql: &mut Sql, q: &DirectoryQuery) {
    sql.push(" WHERE m.status = 'active'");
    // Each word must begin one of the member's terms.
    for word in &q.words {
        sql.push(" AND m.id IN (SELECT member_id FROM member_terms WHERE term >= ")
            .push_bind(word)
            .push(" AND term < ")
            .push_bind(crate::store::prefix_end(word))
            .push(")");
    }

    if let Some(country) = &q.country {
        sql.push(" AND m.country = ").push_bind(country);
    }
    if let Some(kind) = &q.org_kind {
        sql.push(" AND m.organisation_id IN (SELECT id FROM organisations WHERE kind = ")
            .push_bind(kind)
            .push(")");
    }
    if let Some(organisation) = q.organisation_id {
        sql.push(" AND m.organisation_id = ")
            .push_bind(organisation);
    }
    if let Some(slug) = &q.expertise {
        sql.push(
            " AND EXISTS (SELECT 1 FROM member_expertise me JOIN expertise x ON x.id = me.expertise_id
               WHERE me.member_id = m.id AND x.slug = ",
        )
        .push_bind(slug)
        .push(")");
    }
    if let Some(language) = &q.language {
        sql.push(" AND EXISTS (SELECT 1 FROM member_languages ml WHERE ml.member_id = m.id AND ml.language = ")
            .push_bind(language)
            .push(")");
    }
}

/// One page of the directory, ordered by name, and the total count (counted unless known).
pub async fn directory(
    db: &Db,
    q: &DirectoryQuery,
    limit: i64,
    offset: i64,
    known_total: Option<i64>,
) -> sqlx::Result<(Vec<DirectoryRow>, i64)> {
    // The page is chosen on `members` alone (without filters the index (status, sort_name, id)
    // answers it, skipped rows included); only the chosen rows are then read and joined.
    let mut sql = Sql::new(
        "SELECT m.id, m.name, m.position, m.city, m.country, m.timezone, m.photo, m.organisation_id,
                o.name AS organisation_name, o.kind AS organisation_kind
         FROM (SELECT m.id, m.sort_name FROM members m",
    );
    directory_filters(&mut sql, q);
    sql.push(" ORDER BY m.sort_name, m.id LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset)
        .push(
            ") AS chosen JOIN members m ON m.id = chosen.id
             LEFT JOIN organisations o ON o.id = m.organisation_id
             ORDER BY chosen.sort_name, chosen.id",
        );
    let rows = sql.query_as::<DirectoryRow>().fetch_all(&db.pool).await?;

    let total = if let Some(total) = known_total {
        total
    } else if offset == 0 && (rows.len() as i64) < limit {
        rows.len() as i64
    } else {
        let mut count = Sql::new("SELECT COUNT(*) FROM members m");
        directory_filters(&mut count, q);
        count.query_scalar::<i64>().fetch_one(&db.pool).await?
    };
    Ok((rows, total))
}

#[derive(Clone, Debug, FromRow)]
pub struct OrganisationRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    pub city: String,
    pub website: String,
    pub description: String,
    pub created_by: Option<i64>,
    /// Its confirmed, active members.
    pub members: i64,
}

const ORGANISATION_SELECT: &str = "SELECT o.id, o.name, o.kind, o.country, o.city, o.website, o.description, o.created_by,
        (SELECT COUNT(*) FROM members m WHERE m.organisation_id = o.id AND m.status = 'active') AS members
     FROM organisations o";

pub async fn organisations(
    db: &Db,
    kind: Option<&str>,
    words: &[String],
) -> sqlx::Result<Vec<OrganisationRow>> {
    let mut sql = Sql::new(ORGANISATION_SELECT);
    sql.push(" WHERE 1 = 1");
    if let Some(kind) = kind {
        sql.push(" AND o.kind = ").push_bind(kind);
    }
    for word in words {
        sql.push(" AND o.name_key LIKE ")
            .push_bind(like_pattern(&fold(word)))
            .push(" ESCAPE '\\'");
    }
    sql.push(" ORDER BY o.name_key, o.id LIMIT 500");
    sql.query_as::<OrganisationRow>().fetch_all(&db.pool).await
}

pub async fn organisation(db: &Db, id: i64) -> sqlx::Result<Option<OrganisationRow>> {
    let mut sql = Sql::new(ORGANISATION_SELECT);
    sql.push(" WHERE o.id = ").push_bind(id);
    sql.query_as::<OrganisationRow>()
        .fetch_optional(&db.pool)
        .await
}

pub async fn organisation_by_name(db: &Db, name: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM organisations WHERE name_key = $1")
        .bind(fold(name))
        .fetch_optional(&db.pool)
        .await
}

pub struct NewOrganisation<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub country: Option<&'a str>,
    pub city: &'a str,
    pub website: &'a str,
    pub description: &'a str,
    pub created_by: Option<i64>,
}

/// Creates an organisation, or returns the one that already has this name (case-insensitive).
pub async fn find_or_create_organisation(db: &Db, new: &NewOrganisation<'_>) -> sqlx::Result<i64> {
    if let Some(id) = organisation_by_name(db, new.name).await? {
        return Ok(id);
    }
    let inserted: sqlx::Result<i64> = sqlx::query_scalar(
        "INSERT INTO organisations (name, name_key, kind, country, city, website, description, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(new.name)
    .bind(fold(new.name))
    .bind(new.kind)
    .bind(new.country)
    .bind(new.city)
    .bind(new.website)
    .bind(new.description)
    .bind(new.created_by)
    .bind(now_ms())
    .fetch_one(&db.pool)
    .await;
    match inserted {
        // Someone created it at the same moment: use theirs.
        Err(err) if crate::store::is_unique_violation(&err) => {
            organisation_by_name(db, new.name).await?.ok_or(err)
        }
        other => other,
    }
}

/// Changes an organisation's details.
pub async fn update_organisation(db: &Db, id: i64, o: &NewOrganisation<'_>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE organisations SET name = $1, name_key = $2, kind = $3, country = $4, city = $5,
                website = $6, description = $7
         WHERE id = $8",
    )
    .bind(o.name)
    .bind(fold(o.name))
    .bind(o.kind)
    .bind(o.country)
    .bind(o.city)
    .bind(o.website)
    .bind(o.description)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The confirmed members (of any status) of an organisation.
pub async fn organisation_member_ids(db: &Db, id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM members WHERE organisation_id = $1")
        .bind(id)
        .fetch_all(&db.pool)
        .await
}

// Contact requests.

#[derive(Clone, Debug, FromRow)]
pub struct ContactRequestRow {
    pub id: i64,
    pub from_id: i64,
    pub to_id: i64,
    pub message: String,
    pub status: String,
    pub created_at: i64,
    pub other_id: i64,
    pub other_name: String,
}

/// The request between two members, in either direction, newest first.
pub async fn request_between(
    db: &Db,
    a: i64,
    b: i64,
) -> sqlx::Result<Option<(i64, i64, i64, String)>> {
    sqlx::query_as(
        "SELECT id, from_id, to_id, status FROM contact_requests
         WHERE (from_id = $1 AND to_id = $2) OR (from_id = $2 AND to_id = $1)
         ORDER BY (CASE WHEN status = 'accepted' THEN 0 WHEN status = 'pending' THEN 1 ELSE 2 END), id DESC LIMIT 1",
    )
    .bind(a)
    .bind(b)
    .fetch_optional(&db.pool)
    .await
}

pub async fn are_contacts(db: &Db, a: i64, b: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM contact_requests WHERE status = 'accepted'
         AND ((from_id = $1 AND to_id = $2) OR (from_id = $2 AND to_id = $1)) LIMIT 1",
    )
    .bind(a)
    .bind(b)
    .fetch_optional(&db.pool)
    .await?;
    Ok(found.is_some())
}

/// When `to` last declined a request from `from`, if they did.
pub async fn declined_at(db: &Db, from: i64, to: i64) -> sqlx::Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT responded_at FROM contact_requests
         WHERE from_id = $1 AND to_id = $2 AND status = 'declined'",
    )
    .bind(from)
    .bind(to)
    .fetch_optional(&db.pool)
    .await?
    .flatten())
}

/// How many contact requests `from` made (or renewed) since `since` (ms).
pub async fn requests_sent_since(db: &Db, from: i64, since: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM contact_requests WHERE from_id = $1 AND created_at >= $2",
    )
    .bind(from)
    .bind(since)
    .fetch_one(&db.pool)
    .await
}

/// Creates a pending request, or renews a declined one from the same sender (the caller
/// checks [`super::model::may_request_contact`] first).
pub async fn insert_request(db: &Db, from: i64, to: i64, message: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO contact_requests (from_id, to_id, message, status, created_at) VALUES ($1, $2, $3, 'pending', $4)
         ON CONFLICT (from_id, to_id) DO UPDATE SET status = 'pending', message = excluded.message,
            created_at = excluded.created_at, responded_at = NULL
         RETURNING id",
    )
    .bind(from)
    .bind(to)
    .bind(message)
    .bind(now_ms())
    .fetch_one(&db.pool)
    .await
}

/// Answers a pending request addressed to `to`; returns its sender, or `None` when there is
/// no such pending request.
pub async fn answer_request(db: &Db, id: i64, to: i64, status: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "UPDATE contact_requests SET status = $1, responded_at = $2
         WHERE id = $3 AND to_id = $4 AND status = 'pending' RETURNING from_id",
    )
    .bind(status)
    .bind(now_ms())
    .bind(id)
    .bind(to)
    .fetch_optional(&db.pool)
    .await
}

/// Removes an accepted contact (either side may).
pub async fn remove_contact(db: &Db, me: i64, other: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "DELETE FROM contact_requests WHERE status = 'accepted'
         AND ((from_id = $1 AND to_id = $2) OR (from_id = $2 AND to_id = $1))",
    )
    .bind(me)
    .bind(other)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Requests involving `me`: the other member's id and name come along.
pub async fn requests_of(db: &Db, me: i64) -> sqlx::Result<Vec<ContactRequestRow>> {
    sqlx::query_as(
        "SELECT r.id, r.from_id, r.to_id, r.message, r.status, r.created_at,
                o.id AS other_id, o.name AS other_name
         FROM contact_requests r
         JOIN members o ON o.id = (CASE WHEN r.from_id = $1 THEN r.to_id ELSE r.from_id END)
         WHERE (r.from_id = $1 OR r.to_id = $1) AND r.status IN ('pending', 'accepted') AND o.status = 'active'
         ORDER BY r.created_at DESC, r.id DESC",
    )
    .bind(me)
    .fetch_all(&db.pool)
    .await
}
