//! The members directory: search filters parsed from a query string, pages of entries in the
//! reader's language, an organisation's member list, both read through the directory cache
//! (see `cache.rs`).

use std::sync::Arc;

use super::model::{self, Country, OrgKind};
use super::{Named, OrganisationRef, PAGE_SIZE, cache, db, photo_url, taxonomy};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::text::parse_language;

/// Directory search input, as given in a query string.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct DirectoryParams {
    /// Words to find in names, organisations, expertise and bios (all must match).
    pub q: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Expertise slug.
    pub expertise: Option<String>,
    /// ISO 639-1 language code.
    pub language: Option<String>,
    /// Organisation type: company, public_body, ngo, research, association, chamber.
    pub org_type: Option<String>,
    /// Page number, from 1.
    pub page: Option<String>,
}

/// One entry of the directory.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct DirectoryEntry {
    pub id: i64,
    pub name: String,
    pub position: String,
    pub organisation: Option<OrganisationRef>,
    pub country: Option<String>,
    pub country_name: Option<String>,
    pub city: String,
    pub expertise: Vec<Named>,
    pub photo_url: Option<String>,
    pub timezone: String,
    pub local_time: String,
}

pub struct DirectoryPage {
    pub items: Vec<DirectoryEntry>,
    pub total: i64,
    pub page: i64,
}

impl DirectoryParams {
    /// Parses the filters; unknown values are a 422 with the offending field.
    pub fn parse(&self) -> Result<(db::DirectoryQuery, i64), AppError> {
        let non_empty = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let q = non_empty(&self.q).unwrap_or_default();
        if q.chars().count() > 200 {
            return Err(AppError::invalid("q", "text_too_long"));
        }
        let mut words: Vec<String> = crate::store::terms(&q).into_iter().take(8).collect();
        if words.is_empty() && !q.is_empty() {
            // Only punctuation: no term begins with it, so nothing matches.
            words.push(q.clone());
        }
        let country = non_empty(&self.country)
            .map(|c| Country::parse(&c).map(|c| c.code().to_string()))
            .transpose()?;
        let org_kind = non_empty(&self.org_type)
            .map(|k| {
                OrgKind::parse(&k)
                    .map(|k| k.as_str().to_string())
                    .ok_or_else(|| AppError::invalid("org_type", "org_type_unknown"))
            })
            .transpose()?;
        let language = non_empty(&self.language)
            .map(|l| parse_language(&l).map(str::to_string))
            .transpose()?;
        let expertise = non_empty(&self.expertise);
        if expertise.as_ref().is_some_and(|e| e.len() > 64) {
            return Err(AppError::invalid("expertise", "expertise_unknown"));
        }
        let page = match non_empty(&self.page) {
            None => 1,
            Some(p) => p
                .parse::<i64>()
                .ok()
                .filter(|p| (1..=100_000).contains(p))
                .ok_or_else(|| AppError::invalid("page", "page_invalid"))?,
        };
        Ok((
            db::DirectoryQuery {
                words,
                country,
                org_kind,
                expertise,
                language,
                organisation_id: None,
            },
            page,
        ))
    }
}

/// A page of the directory in the reader's language; an unknown expertise slug is a 422.
pub async fn directory(
    state: &AppState,
    query: &db::DirectoryQuery,
    page: i64,
    i18n: I18n,
) -> Result<DirectoryPage, AppError> {
    let (items, total) =
        directory_entries(state, query, PAGE_SIZE, (page - 1) * PAGE_SIZE, i18n).await?;
    Ok(DirectoryPage { items, total, page })
}

/// The most members an organisation's page lists.
pub const ORGANISATION_MEMBERS_MAX: i64 = 500;

/// The active members of an organisation, by name (at most [`ORGANISATION_MEMBERS_MAX`]).
pub async fn organisation_members(
    state: &AppState,
    id: i64,
    i18n: I18n,
) -> Result<Vec<DirectoryEntry>, AppError> {
    let query = db::DirectoryQuery {
        organisation_id: Some(id),
        ..Default::default()
    };
    let (items, _) = directory_entries(state, &query, ORGANISATION_MEMBERS_MAX, 0, i18n).await?;
    Ok(items)
}

async fn directory_entries(
    state: &AppState,
    query: &db::DirectoryQuery,
    limit: i64,
    offset: i64,
    i18n: I18n,
) -> Result<(Vec<DirectoryEntry>, i64), AppError> {
    let found = find_in_directory(state, query, limit, offset).await?;
    let cache::Found {
        taxonomy,
        rows,
        total,
        expertise,
    } = &*found;
    let now = jiff::Timestamp::now();
    let items = rows
        .iter()
        .cloned()
        .map(|r| DirectoryEntry {
            expertise: expertise
                .iter()
                .filter(|(m, _)| *m == r.id)
                .filter_map(|(_, x)| taxonomy.iter().find(|t| t.id == *x))
                .map(|x| Named {
                    code: x.slug.clone(),
                    name: x.name(i18n.locale).to_string(),
                })
                .collect(),
            id: r.id,
            name: r.name,
            position: r.position,
            organisation: r.organisation_id.map(|id| OrganisationRef {
                id,
                name: r.organisation_name.clone().unwrap_or_default(),
                kind: r.organisation_kind.as_deref().and_then(OrgKind::parse),
            }),
            country_name: r.country.as_deref().map(|c| model::country_name(i18n, c)),
            country: r.country,
            city: r.city,
            photo_url: photo_url(r.photo.as_deref()),
            local_time: model::local_time(i18n, &r.timezone, now),
            timezone: r.timezone,
        })
        .collect();
    Ok((items, *total))
}

/// The database side of a directory query, from the cache when it is current.
async fn find_in_directory(
    state: &AppState,
    query: &db::DirectoryQuery,
    limit: i64,
    offset: i64,
) -> Result<Arc<cache::Found>, AppError> {
    let key = cache::Key {
        query: query.clone(),
        limit,
        offset,
    };
    let cache = state.service::<cache::DirectoryCache>();
    let version = super::version(state);
    if let Some(found) = cache.get(&key, version) {
        return Ok(found);
    }
    let taxonomy = taxonomy(state).await?;
    if let Some(slug) = &query.expertise
        && !taxonomy.iter().any(|x| x.slug == *slug)
    {
        return Err(AppError::invalid("expertise", "expertise_unknown"));
    }
    let known_total = cache.total(query, version);
    let (rows, total) = db::directory(&state.db, query, limit, offset, known_total).await?;
    if known_total.is_none() {
        cache.put_total(query.clone(), version, total);
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let expertise = db::expertise_of(&state.db, &ids).await?;
    let found = Arc::new(cache::Found {
        taxonomy,
        rows,
        total,
        expertise,
    });
    cache.put(key, version, found.clone());
    Ok(found)
}
