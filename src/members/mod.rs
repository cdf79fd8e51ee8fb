//! Members: profiles of people and organisations, the directory, contact requests, the
//! expertise taxonomy and profile photos.
//!
//! Who may see what is decided in one place: [`Relation`] (anonymous, member, contact, the
//! member themself) and its `may_see` rule filter every contact detail, for pages and the API
//! alike. Only active members appear in the directory or on profiles.
//!
//! Who may act for an organisation is decided in one place too: [`access`]. Belonging to an
//! organisation is confirmed, not declared: naming one on a profile asks its confirmed members
//! (see [`organisations`]); `members.organisation_id` holds only confirmed memberships.

pub mod access;
mod api;
pub mod cache;
mod contacts;
pub mod db;
pub mod membership_db;
pub mod model;
mod organisation_api;
mod organisation_pages;
pub mod organisations;
mod pages;
mod photos;
mod taxonomy;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use contacts::{ContactState, answer_contact, contact_state, request_contact};
pub use db::ExpertiseRow;
pub use model::{OrgKind, Relation, Visibility};
pub use organisations::{
    OrganisationInput, admit, may_edit_organisation, pending_request_of, update_organisation,
};
pub use pages::read_photo_form as read_image_form;
pub use taxonomy::{ExpertiseInput, delete_expertise, ensure_taxonomy, save_expertise};

use self::model::{ContactKind, Country, parse_bio};
use crate::accounts::DisplayName;
use crate::signals::{Signal, Signals};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::{I18n, Locale};
use crate::web::identity::CurrentMember;
use crate::web::text::{parse_language, parse_line, parse_timezone};

pub(crate) use api::ApiDoc;

pub const PAGE_SIZE: i64 = 20;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/members", get(pages::directory))
        .route("/members/{id}", get(pages::profile))
        .route("/members/{id}/contact", post(pages::request_contact))
        .route("/profile", get(pages::my_profile))
        .route("/profile/edit", get(pages::edit_form).post(pages::edit))
        // Photos may be larger than axum's default 2 MB body limit: the site-wide request
        // limit (max_photo_bytes plus room for a form) bounds them, `set_photo` checks exactly.
        .route(
            "/profile/photo",
            post(pages::upload_photo).layer(DefaultBodyLimit::disable()),
        )
        .route("/profile/photo/delete", post(pages::delete_photo))
        .route("/organisations", get(organisation_pages::organisations))
        .route("/organisations/{id}", get(organisation_pages::organisation))
        .route(
            "/organisations/{id}/edit",
            get(organisation_pages::organisation_form).post(organisation_pages::edit_organisation),
        )
        .route(
            "/organisations/{id}/requests/{member_id}/approve",
            post(organisation_pages::approve_request),
        )
        .route(
            "/organisations/{id}/requests/{member_id}/decline",
            post(organisation_pages::decline_request),
        )
        .route(
            "/organisations/{id}/members/{member_id}/remove",
            post(organisation_pages::remove_member),
        )
        .route("/contacts", get(pages::contacts))
        .route("/contacts/{id}/accept", post(pages::accept_contact))
        .route("/contacts/{id}/decline", post(pages::decline_contact))
        .route("/contacts/remove/{member_id}", post(pages::remove_contact))
        .route("/media/photos/{id}", get(photos::serve))
        .route("/api/v1/me", get(api::me).patch(api::update_me))
        .route(
            "/api/v1/me/photo",
            axum::routing::put(api::put_photo)
                .delete(api::delete_photo)
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/api/v1/members", get(api::directory))
        .route("/api/v1/members/{id}", get(api::member))
        .route(
            "/api/v1/organisations",
            get(api::organisations).post(api::create_organisation),
        )
        .route(
            "/api/v1/organisations/{id}",
            get(api::organisation).patch(api::update_organisation),
        )
        .route(
            "/api/v1/organisations/{id}/requests",
            get(organisation_api::pending_requests),
        )
        .route(
            "/api/v1/organisations/{id}/requests/{member_id}/approve",
            post(organisation_api::approve_request),
        )
        .route(
            "/api/v1/organisations/{id}/requests/{member_id}/decline",
            post(organisation_api::decline_request),
        )
        .route(
            "/api/v1/organisations/{id}/members/{member_id}",
            axum::routing::delete(organisation_api::remove_member),
        )
        .route(
            "/api/v1/organisations/{id}/history",
            get(organisation_api::history),
        )
        .route("/api/v1/expertise", get(api::expertise))
        .route(
            "/api/v1/contacts",
            get(api::contacts).post(api::request_contact),
        )
        .route("/api/v1/contacts/{id}/accept", post(api::accept_contact))
        .route("/api/v1/contacts/{id}/decline", post(api::decline_contact))
        .route(
            "/api/v1/contacts/members/{member_id}",
            axum::routing::delete(api::remove_contact),
        )
}

/// Changes to a profile; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ProfileInput {
    pub name: Option<String>,
    pub position: Option<String>,
    /// An existing organisation by id … (a request to its confirmed members, who approve it;
    /// until then `organisation` stays as it is and `organisation_request` names it)
    pub organisation_id: Option<i64>,
    /// … or by name; a new name creates the organisation with `organisation_kind`, with the
    /// member as its first confirmed member. Empty: none (and no request).
    pub organisation_name: Option<String>,
    pub organisation_kind: Option<OrgKind>,
    /// ISO 3166-1 alpha-2; empty for none.
    pub country: Option<String>,
    pub city: Option<String>,
    /// ISO 639-1 codes.
    pub languages: Option<Vec<String>>,
    /// Slugs from the expertise taxonomy.
    pub expertise: Option<Vec<String>>,
    /// Markdown.
    pub bio: Option<String>,
    /// IANA time zone, e.g. Asia/Almaty.
    pub timezone: Option<String>,
    /// Language for mail: en, de, ru, kk.
    pub locale: Option<String>,
    /// Replaces all contact details.
    pub contacts: Option<Vec<ContactInput>>,
}

#[derive(Clone, Debug, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ContactInput {
    pub kind: ContactKind,
    pub value: String,
    pub visibility: Visibility,
}

/// What a profile change does to the member's organisation.
enum OrganisationChoice {
    Keep,
    Leave,
    /// An existing organisation: joined at once or asked (see [`organisations::ask_to_join`]).
    Name(db::OrganisationRow),
    /// A new organisation, created with the member as its first confirmed member.
    Create(String, OrgKind),
}

/// Validates `input` against the member's current profile and stores the result. Naming an
/// organisation is a request to its confirmed members unless [`access`] lets the member in.
pub async fn update_profile(
    state: &AppState,
    member: &CurrentMember,
    input: ProfileInput,
) -> Result<(), AppError> {
    let current = db::profile(&state.db, member.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let taxonomy = db::taxonomy(&state.db).await?;
    let mut write = db::ProfileWrite {
        name: current.name.clone(),
        position: current.position.clone(),
        country: current.country.clone(),
        city: current.city.clone(),
        bio: current.bio.clone(),
        bio_html: current.bio_html.clone(),
        timezone: current.timezone.clone(),
        locale: current.locale.clone(),
        ..Default::default()
    };
    if let Some(name) = &input.name {
        write.name = DisplayName::parse(name)?.as_str().to_string();
    }
    if let Some(position) = &input.position {
        write.position = parse_line(position, "position", 100)?;
    }
    if let Some(city) = &input.city {
        write.city = parse_line(city, "city", 100)?;
    }
    if let Some(country) = &input.country {
        write.country = match country.trim() {
            "" => None,
            code => Some(Country::parse(code)?.code().to_string()),
        };
    }
    if let Some(timezone) = &input.timezone {
        write.timezone = parse_timezone(timezone)?;
    }
    if let Some(locale) = &input.locale {
        write.locale = Locale::parse(locale)
            .ok_or_else(|| AppError::invalid("locale", "locale_unknown"))?
            .code()
            .to_string();
    }
    if let Some(bio) = &input.bio {
        (write.bio, write.bio_html) = parse_bio(bio)?;
    }
    // The organisation is acted on only once the whole change is known to be valid.
    let choice = match (input.organisation_id, &input.organisation_name) {
        (Some(id), _) => OrganisationChoice::Name(
            db::organisation(&state.db, id)
                .await?
                .ok_or_else(|| AppError::invalid("organisation_id", "organisation_unknown"))?,
        ),
        (None, Some(name)) => {
            let name = parse_line(name, "organisation_name", 150)?;
            if name.is_empty() {
                OrganisationChoice::Leave
            } else if let Some(id) = db::organisation_by_name(&state.db, &name).await? {
                OrganisationChoice::Name(
                    db::organisation(&state.db, id)
                        .await?
                        .ok_or_else(AppError::not_found)?,
                )
            } else {
                let kind = input.organisation_kind.ok_or_else(|| {
                    AppError::invalid("organisation_kind", "organisation_kind_missing")
                })?;
                OrganisationChoice::Create(name, kind)
            }
        }
        (None, None) => OrganisationChoice::Keep,
    };
    write.languages = match &input.languages {
        Some(languages) => {
            let mut parsed = languages
                .iter()
                .map(|l| parse_language(l))
                .collect::<Result<Vec<_>, _>>()?;
            parsed.sort_unstable();
            parsed.dedup();
            parsed.into_iter().map(str::to_string).collect()
        }
        None => db::languages_of(&state.db, &[member.id])
            .await?
            .into_iter()
            .map(|(_, l)| l)
            .collect(),
    };
    write.expertise = match &input.expertise {
        Some(slugs) => {
            let mut ids = Vec::new();
            for slug in slugs {
                let found = taxonomy
                    .iter()
                    .find(|x| x.slug == slug.trim())
                    .ok_or_else(|| AppError::invalid("expertise", "expertise_unknown"))?;
                if !ids.contains(&found.id) {
                    ids.push(found.id);
                }
            }
            ids
        }
        None => db::expertise_of(&state.db, &[member.id])
            .await?
            .into_iter()
            .map(|(_, x)| x)
            .collect(),
    };
    write.contacts = match &input.contacts {
        Some(contacts) => {
            let mut out: Vec<(String, String, String)> = Vec::new();
            for contact in contacts {
                if contact.value.trim().is_empty() {
                    continue;
                }
                let value = contact.kind.parse_value(&contact.value)?;
                out.retain(|(k, _, _)| k != contact.kind.as_str());
                out.push((
                    contact.kind.as_str().into(),
                    value,
                    contact.visibility.as_str().into(),
                ));
            }
            out
        }
        None => db::contact_details(&state.db, member.id)
            .await?
            .into_iter()
            .map(|c| (c.kind, c.value, c.visibility))
            .collect(),
    };
    let named = match choice {
        OrganisationChoice::Keep => None,
        OrganisationChoice::Leave => {
            organisations::leave(state, member.id).await?;
            None
        }
        OrganisationChoice::Name(organisation) => Some(organisation),
        OrganisationChoice::Create(name, kind) => {
            let new = db::NewOrganisation {
                name: &name,
                kind: kind.as_str(),
                country: write.country.as_deref(),
                city: &write.city,
                website: "",
                description: "",
                created_by: Some(member.id),
            };
            let id = db::find_or_create_organisation(&state.db, &new).await?;
            // Created by someone else at the same moment, it is theirs: then this is a request.
            Some(
                db::organisation(&state.db, id)
                    .await?
                    .ok_or_else(AppError::not_found)?,
            )
        }
    };
    if let Some(organisation) = named {
        if current.organisation_id == Some(organisation.id) {
            // Staying where one is confirmed: no longer waiting for another organisation.
            organisations::withdraw_request(state, member.id).await?;
        } else {
            organisations::ask_to_join(state, member, &organisation).await?;
        }
    }
    db::write_profile(&state.db, member.id, &write).await?;
    db::refresh_search_terms(&state.db, member.id).await?;
    directory_changed(state);
    if (&write.name, &write.locale, &write.timezone)
        != (&current.name, &current.locale, &current.timezone)
    {
        // Open chat sockets show the new name and speak the new language.
        state
            .publish(Signal::MemberChanged { member: member.id })
            .await;
    }
    Ok(())
}

/// Listens for accounts (see `signals.rs`): a new account becomes findable in the directory
/// by what its profile says, and a member whose status or role changed is shown anew.
pub fn subscribe(signals: &Signals<AppState>) {
    signals.subscribe(|state: AppState, signal| async move {
        match signal {
            Signal::AccountCreated { member } => {
                if let Err(err) = db::refresh_search_terms(&state.db, member).await {
                    tracing::error!(error = %err, member, "members: cannot index a new account");
                }
                directory_changed(&state);
            }
            Signal::MemberChanged { .. } => directory_changed(&state),
        }
    });
}

/// How `viewer` stands to member `id`.
pub async fn relation(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    id: i64,
) -> Result<Relation, AppError> {
    Ok(match viewer {
        None => Relation::Anonymous,
        Some(v) if v.id == id => Relation::Myself,
        Some(v) => Relation::between(v.id, id, db::are_contacts(&state.db, v.id, id).await?),
    })
}

/// A profile as a given viewer may see it.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct MemberView {
    pub id: i64,
    pub name: String,
    pub position: String,
    pub organisation: Option<OrganisationRef>,
    pub country: Option<String>,
    pub country_name: Option<String>,
    pub city: String,
    pub languages: Vec<Named>,
    pub expertise: Vec<Named>,
    /// Markdown source.
    pub bio: String,
    /// Sanitised HTML.
    pub bio_html: String,
    pub photo_url: Option<String>,
    pub timezone: String,
    /// The member's current local time, HH:MM.
    pub local_time: String,
    /// Only the details the viewer may see.
    pub contacts: Vec<ContactView>,
    /// Signed-in viewers only (see [`Relation::may_see_role`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<crate::web::identity::Role>,
}

#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct OrganisationRef {
    pub id: i64,
    pub name: String,
    pub kind: Option<OrgKind>,
}

/// A code with its name in the reader's language.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Named {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ContactView {
    pub kind: ContactKind,
    pub value: String,
    pub visibility: Visibility,
    #[serde(skip)]
    pub label: String,
    #[serde(skip)]
    pub href: Option<String>,
}

pub fn photo_url(photo: Option<&str>) -> Option<String> {
    photo.map(|id| format!("/media/photos/{id}"))
}

/// Member `id` as `viewer` may see them; `None` when not an active member.
pub async fn view_member(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    id: i64,
    i18n: I18n,
) -> Result<Option<(MemberView, Relation)>, AppError> {
    let Some(p) = db::profile(&state.db, id).await? else {
        return Ok(None);
    };
    let is_self = viewer.is_some_and(|v| v.id == id);
    let visible_to_admin = viewer.is_some_and(|v| v.role.is_admin());
    if p.status != "active" && !is_self && !visible_to_admin {
        return Ok(None);
    }
    let relation = relation(state, viewer, id).await?;
    let taxonomy = db::taxonomy(&state.db).await?;
    let expertise_ids: Vec<i64> = db::expertise_of(&state.db, &[id])
        .await?
        .into_iter()
        .map(|(_, x)| x)
        .collect();
    let expertise = taxonomy
        .iter()
        .filter(|x| expertise_ids.contains(&x.id))
        .map(|x| Named {
            code: x.slug.clone(),
            name: x.name(i18n.locale).to_string(),
        })
        .collect();
    let languages = db::languages_of(&state.db, &[id])
        .await?
        .into_iter()
        .map(|(_, code)| Named {
            name: crate::web::text::language_name(i18n, &code),
            code,
        })
        .collect();
    let contacts = db::contact_details(&state.db, id)
        .await?
        .into_iter()
        .filter_map(|c| {
            let kind = ContactKind::parse(&c.kind)?;
            let visibility = Visibility::parse(&c.visibility)?;
            relation.may_see(visibility).then(|| ContactView {
                kind,
                label: kind.label(i18n),
                href: kind.href(&c.value),
                value: c.value,
                visibility,
            })
        })
        .collect();
    let view = MemberView {
        id: p.id,
        name: p.name,
        position: p.position,
        organisation: p.organisation_id.map(|oid| OrganisationRef {
            id: oid,
            name: p.organisation_name.clone().unwrap_or_default(),
            kind: p.organisation_kind.as_deref().and_then(OrgKind::parse),
        }),
        country_name: p.country.as_deref().map(|c| model::country_name(i18n, c)),
        country: p.country,
        city: p.city,
        languages,
        expertise,
        bio: p.bio,
        bio_html: p.bio_html,
        photo_url: photo_url(p.photo.as_deref()),
        local_time: model::local_time(i18n, &p.timezone, jiff::Timestamp::now()),
        timezone: p.timezone,
        contacts,
        role: relation
            .may_see_role()
            .then(|| crate::web::identity::Role::from_db(&p.role)),
    };
    Ok(Some((view, relation)))
}

/// The email addresses among the contact details of members `ids` that `viewer` may see, by
/// each member's own visibility settings (the [`Relation::may_see`] rule of profiles), joined
/// by ", " per member. Login addresses are never among them: other capabilities that list
/// people to someone other than the person (an event's participants for its organisers) show
/// this instead. Two queries for any number of members.
pub async fn visible_emails(
    state: &AppState,
    viewer: &CurrentMember,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, String>, AppError> {
    let mut out: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let (details, contacts) = tokio::try_join!(
        db::contact_details_of(&state.db, ids, ContactKind::Email.as_str()),
        db::contacts_among(&state.db, viewer.id, ids),
    )?;
    for (member_id, value, visibility) in details {
        let relation = Relation::between(viewer.id, member_id, contacts.contains(&member_id));
        if Visibility::parse(&visibility).is_some_and(|v| relation.may_see(v)) {
            let entry = out.entry(member_id).or_default();
            if !entry.is_empty() {
                entry.push_str(", ");
            }
            entry.push_str(&value);
        }
    }
    Ok(out)
}

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

/// The database side of a directory query, from the cache when it is fresh.
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
    if let Some(found) = state.service::<cache::DirectoryCache>().get(&key) {
        return Ok(found);
    }
    let taxonomy = taxonomy(state).await?;
    if let Some(slug) = &query.expertise
        && !taxonomy.iter().any(|x| x.slug == *slug)
    {
        return Err(AppError::invalid("expertise", "expertise_unknown"));
    }
    let known_total = state.service::<cache::DirectoryCache>().total(query);
    let (rows, total) = db::directory(&state.db, query, limit, offset, known_total).await?;
    if known_total.is_none() {
        state
            .service::<cache::DirectoryCache>()
            .put_total(query.clone(), total);
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let expertise = db::expertise_of(&state.db, &ids).await?;
    let found = Arc::new(cache::Found {
        taxonomy,
        rows,
        total,
        expertise,
    });
    state
        .service::<cache::DirectoryCache>()
        .put(key, found.clone());
    Ok(found)
}

/// The expertise taxonomy, from the cache when it is fresh.
pub async fn taxonomy(state: &AppState) -> Result<Arc<Vec<db::ExpertiseRow>>, AppError> {
    if let Some(rows) = state.service::<cache::DirectoryCache>().taxonomy() {
        return Ok(rows);
    }
    let rows = Arc::new(db::taxonomy(&state.db).await?);
    state
        .service::<cache::DirectoryCache>()
        .put_taxonomy(rows.clone());
    Ok(rows)
}

/// Tells the directory that what it shows has changed (see [`cache`]).
pub fn directory_changed(state: &AppState) {
    state.service::<cache::DirectoryCache>().invalidate();
}

/// Replaces the member's photo with an uploaded image (resized, metadata stripped).
pub async fn set_photo(
    state: &AppState,
    member: &CurrentMember,
    bytes: Vec<u8>,
) -> Result<String, AppError> {
    if bytes.len() > state.config.max_photo_bytes {
        return Err(AppError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "photo_too_large",
        ));
    }
    let jpeg = state
        .service::<crate::web::images::ImageDecodes>()
        .to_jpeg(bytes, photos::PHOTO_SIZE, photos::PHOTO_SIZE)
        .await?;
    let id = state.blobs.put(jpeg).await?;
    let old = db::set_photo(&state.db, member.id, Some(&id)).await?;
    directory_changed(state);
    if let Some(old) = old {
        state.blobs.delete(&old).await?;
    }
    Ok(id)
}

pub async fn remove_photo(state: &AppState, member: &CurrentMember) -> Result<(), AppError> {
    let old = db::set_photo(&state.db, member.id, None).await?;
    directory_changed(state);
    if let Some(old) = old {
        state.blobs.delete(&old).await?;
    }
    Ok(())
}
