//! Organisations: editing their public face, joining them (a request that a confirmed member
//! or an admin answers), removing members, and the history of all of it. Who may do each of
//! these is decided in `access`, and only there.

use super::access::{self, OrgAccess, organisation_access};
use super::model::{self, Country, EarlierRequest, OrgKind};
use super::{OrganisationRef, db, membership_db};
use crate::notifications::{self, Kind};
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;
use crate::web::text::parse_line;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Changes to an organisation; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct OrganisationInput {
    pub name: Option<String>,
    pub kind: Option<OrgKind>,
    /// ISO 3166-1 alpha-2; empty for none.
    pub country: Option<String>,
    pub city: Option<String>,
    /// An http(s) address; empty for none.
    pub website: Option<String>,
    /// Plain text, at most 2,000 characters.
    pub description: Option<String>,
}

/// Whether `actor` may edit organisation `id` (see `access`).
pub async fn may_edit_organisation(
    state: &AppState,
    actor: &CurrentMember,
    id: i64,
) -> Result<bool, AppError> {
    Ok(organisation_access(state, Some(actor), id)
        .await?
        .may_edit())
}

/// Changes an organisation's details (its confirmed members and admins only) and records
/// which fields changed in its history; a new name reaches the directory search of its members.
pub async fn update_organisation(
    state: &AppState,
    actor: &CurrentMember,
    id: i64,
    input: OrganisationInput,
) -> Result<(), AppError> {
    let current = db::organisation(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let access = organisation_access(state, Some(actor), id).await?;
    access.require(access.may_edit())?;
    let name = match &input.name {
        Some(name) => parse_line(name, "name", 150)?,
        None => current.name.clone(),
    };
    if name.is_empty() {
        return Err(AppError::invalid("name", "name_missing"));
    }
    let kind = input
        .kind
        .or_else(|| OrgKind::parse(&current.kind))
        .unwrap_or(OrgKind::Company);
    let country = match input.country.as_deref().map(str::trim) {
        Some("") => None,
        Some(code) => Some(Country::parse(code)?.code().to_string()),
        None => current.country.clone(),
    };
    let city = match &input.city {
        Some(city) => parse_line(city, "city", 100)?,
        None => current.city.clone(),
    };
    let website = match &input.website {
        Some(url) => model::parse_website(url)?,
        None => current.website.clone(),
    };
    let description = match &input.description {
        Some(text) => model::parse_description(text)?,
        None => current.description.clone(),
    };
    let changed = model::changed_fields(&[
        ("name", current.name.as_str(), name.as_str()),
        ("kind", current.kind.as_str(), kind.as_str()),
        (
            "country",
            current.country.as_deref().unwrap_or_default(),
            country.as_deref().unwrap_or_default(),
        ),
        ("city", current.city.as_str(), city.as_str()),
        ("website", current.website.as_str(), website.as_str()),
        (
            "description",
            current.description.as_str(),
            description.as_str(),
        ),
    ]);
    if changed.is_empty() {
        return Ok(());
    }
    let changes = db::NewOrganisation {
        name: &name,
        kind: kind.as_str(),
        country: country.as_deref(),
        city: &city,
        website: &website,
        description: &description,
        created_by: None,
    };
    match db::update_organisation(&state.db, id, &changes).await {
        Ok(_) => {}
        Err(err) if crate::store::is_unique_violation(&err) => {
            return Err(AppError::Client {
                status: axum::http::StatusCode::CONFLICT,
                code: "organisation_exists",
                field: Some("name"),
                retry_after: None,
            });
        }
        Err(err) => return Err(err.into()),
    }
    membership_db::record_history(&state.db, id, actor.id, "edited", None, &changed.join(","))
        .await?;
    if name != current.name {
        for member in db::organisation_member_ids(&state.db, id).await? {
            db::refresh_search_terms(&state.db, member).await?;
        }
    }
    super::changed(state).await?;
    Ok(())
}

/// What naming an organisation on one's profile did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joining {
    /// The member is now a confirmed member.
    Joined,
    /// The member asked; a confirmed member or an admin answers.
    Requested,
}

/// `member` names organisation `organisation` on their profile: a confirmed member at once
/// when `access::joins_without_request` says so, otherwise a request (refused for 30 days
/// after a decline) that the organisation's confirmed members — or, when it has none, the
/// admins — are told of, at most once a day.
pub(super) async fn ask_to_join(
    state: &AppState,
    member: &CurrentMember,
    organisation: &db::OrganisationRow,
) -> Result<Joining, AppError> {
    let confirmed = membership_db::confirmed_active_members(&state.db, organisation.id).await?;
    let is_creator = organisation.created_by == Some(member.id);
    if access::joins_without_request(member.role.is_admin(), is_creator, confirmed.len()) {
        membership_db::join_organisation(&state.db, organisation.id, member.id).await?;
        return Ok(Joining::Joined);
    }
    let earlier = membership_db::membership_request(&state.db, organisation.id, member.id).await?;
    if earlier.as_ref().is_some_and(|e| e.status == "pending") {
        return Ok(Joining::Requested);
    }
    let now = now_ms();
    let notified_last_day =
        membership_db::membership_requests_notified_since(&state.db, member.id, now - DAY_MS)
            .await?;
    let earlier = earlier.as_ref().map(|e| EarlierRequest {
        status: &e.status,
        answered_at: e.answered_at,
        notified_at: e.notified_at,
    });
    let notify = model::membership_request_notifies(earlier.as_ref(), notified_last_day, now)?;
    membership_db::open_membership_request(&state.db, organisation.id, member.id, notify).await?;
    if notify {
        let recipients = if confirmed.is_empty() {
            crate::accounts::admin_ids(&state.db).await?
        } else {
            confirmed
        };
        let link = format!("/organisations/{}#requests", organisation.id);
        for recipient in recipients {
            notifications::notify_about(
                state,
                recipient,
                Kind::OrganisationRequest,
                Some(member.id),
                &link,
                &organisation.name,
                None,
            )
            .await?;
        }
    }
    Ok(Joining::Requested)
}

/// The member no longer waits for any organisation.
pub(super) async fn withdraw_request(state: &AppState, member: i64) -> Result<(), AppError> {
    membership_db::withdraw_membership_requests(&state.db, member).await?;
    Ok(())
}

/// The member leaves their organisation (and withdraws any request).
pub(super) async fn leave(state: &AppState, member: i64) -> Result<(), AppError> {
    membership_db::leave_organisation(&state.db, member).await?;
    Ok(())
}

/// The organisation `member` asked to join and waits for, if any.
pub async fn pending_request_of(
    state: &AppState,
    member: i64,
) -> Result<Option<OrganisationRef>, AppError> {
    Ok(membership_db::pending_request_of(&state.db, member)
        .await?
        .map(|r| OrganisationRef {
            id: r.organisation_id,
            name: r.organisation_name,
            kind: OrgKind::parse(&r.organisation_kind),
        }))
}

/// The organisation, and how `viewer` stands to it; 404 when there is no such organisation.
pub async fn organisation_for(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    id: i64,
) -> Result<(db::OrganisationRow, OrgAccess), AppError> {
    let organisation = db::organisation(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let access = organisation_access(state, viewer, id).await?;
    Ok((organisation, access))
}

/// The requests waiting to join an organisation (its confirmed members and admins only).
pub async fn pending_requests(
    state: &AppState,
    actor: &CurrentMember,
    id: i64,
) -> Result<Vec<membership_db::PendingRow>, AppError> {
    let (_, access) = organisation_for(state, Some(actor), id).await?;
    access.require(access.may_answer_requests())?;
    Ok(membership_db::pending_requests(&state.db, id).await?)
}

/// Approves or declines `member`'s request to join organisation `id` (its confirmed members
/// and admins only); 404 when no such request waits. Approval moves the member to it.
pub async fn answer_request(
    state: &AppState,
    actor: &CurrentMember,
    id: i64,
    member: i64,
    approve: bool,
) -> Result<(), AppError> {
    let (_, access) = organisation_for(state, Some(actor), id).await?;
    access.require(access.may_answer_requests())?;
    let (status, action) = if approve {
        ("approved", "approved")
    } else {
        ("declined", "declined")
    };
    if !membership_db::answer_membership_request(&state.db, id, member, status, actor.id).await? {
        return Err(AppError::not_found());
    }
    membership_db::record_history(&state.db, id, actor.id, action, Some(member), "").await?;
    if approve {
        db::refresh_search_terms(&state.db, member).await?;
        super::changed(state).await?;
    }
    Ok(())
}

/// Removes a confirmed member from organisation `id` (admins only); 404 when `member` is not
/// one.
pub async fn remove_member(
    state: &AppState,
    actor: &CurrentMember,
    id: i64,
    member: i64,
) -> Result<(), AppError> {
    let (_, access) = organisation_for(state, Some(actor), id).await?;
    access.require(access.may_remove_members())?;
    if !membership_db::remove_from_organisation(&state.db, id, member).await? {
        return Err(AppError::not_found());
    }
    membership_db::record_history(&state.db, id, actor.id, "removed", Some(member), "").await?;
    db::refresh_search_terms(&state.db, member).await?;
    super::changed(state).await?;
    Ok(())
}

/// The most history entries shown.
pub const HISTORY_MAX: i64 = 100;

/// An organisation's history, newest first (its confirmed members and admins only).
pub async fn history(
    state: &AppState,
    viewer: &CurrentMember,
    id: i64,
) -> Result<Vec<membership_db::HistoryRow>, AppError> {
    let (_, access) = organisation_for(state, Some(viewer), id).await?;
    access.require(access.may_see_history())?;
    Ok(membership_db::history(&state.db, id, HISTORY_MAX).await?)
}

/// Makes `member` a confirmed member of `organisation` without a request: for trusted callers
/// only (the example content), never reachable from a request.
pub async fn admit(state: &AppState, organisation: i64, member: i64) -> Result<(), AppError> {
    membership_db::join_organisation(&state.db, organisation, member).await?;
    db::refresh_search_terms(&state.db, member).await?;
    super::changed(state).await?;
    Ok(())
}
