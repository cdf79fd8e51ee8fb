//! JSON API of members: the own profile, the directory, organisations, expertise, contacts.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::model::{self, OrgKind};
use super::{ContactState, DirectoryEntry, DirectoryParams, MemberView, Named, ProfileInput, db};
use crate::state::AppState;
use crate::web::ApiJson;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::{CurrentMember, OptionalMember};
use crate::web::text::parse_line;

#[derive(OpenApi)]
#[openapi(paths(
    me,
    update_me,
    put_photo,
    delete_photo,
    directory,
    member,
    organisations,
    create_organisation,
    update_organisation,
    organisation,
    super::organisation_api::pending_requests,
    super::organisation_api::approve_request,
    super::organisation_api::decline_request,
    super::organisation_api::remove_member,
    super::organisation_api::history,
    expertise,
    contacts,
    request_contact,
    accept_contact,
    decline_contact,
    remove_contact
))]
pub struct ApiDoc;

#[derive(Serialize, ToSchema)]
pub struct Me {
    #[serde(flatten)]
    profile: MemberView,
    email: String,
    locale: String,
    /// The organisation the member asked to join, until its members answer (`organisation`
    /// shows only a confirmed membership).
    organisation_request: Option<super::OrganisationRef>,
}

async fn me_json(
    state: &AppState,
    member: &CurrentMember,
    i18n: I18n,
) -> Result<Json<Me>, AppError> {
    let (profile, _) = super::view_member(state, Some(member), member.id, i18n)
        .await?
        .ok_or_else(AppError::not_found)?;
    let locale = db::profile(&state.db, member.id)
        .await?
        .map(|p| p.locale)
        .unwrap_or_default();
    let organisation_request = super::pending_request_of(state, member.id).await?;
    Ok(Json(Me {
        profile,
        email: member.email.clone(),
        locale,
        organisation_request,
    }))
}

/// The signed-in member's own profile, with every contact detail.
#[utoipa::path(get, path = "/api/v1/me", tag = "members", security(("bearer" = [])), responses((status = 200, body = Me)))]
pub async fn me(
    State(state): State<AppState>,
    i18n: I18n,
    member: CurrentMember,
) -> Result<Json<Me>, AppError> {
    me_json(&state, &member, i18n).await
}

/// Changes the own profile; fields left out stay as they are. Naming an existing organisation
/// asks its confirmed members (see `organisation_request`); 429 `membership_declined_recently`
/// within 30 days of a decline.
#[utoipa::path(patch, path = "/api/v1/me", tag = "members", security(("bearer" = [])), request_body = ProfileInput,
    responses((status = 200, body = Me), (status = 422, description = "invalid field, named in `field`"),
              (status = 429, description = "membership_declined_recently or too_many_requests")))]
pub async fn update_me(
    State(state): State<AppState>,
    i18n: I18n,
    member: CurrentMember,
    ApiJson(input): ApiJson<ProfileInput>,
) -> Result<Json<Me>, AppError> {
    super::update_profile(&state, &member, input).await?;
    me_json(&state, &member, i18n).await
}

#[derive(Serialize, ToSchema)]
pub struct PhotoResponse {
    photo_url: String,
}

/// Sets the profile photo from the request body (JPEG, PNG or WebP; judged by content).
#[utoipa::path(put, path = "/api/v1/me/photo", tag = "members", security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 200, body = PhotoResponse), (status = 413, description = "photo_too_large"),
              (status = 415, description = "photo_type"),
              (status = 422, description = "photo_unreadable, or image_too_large (more than 40 million pixels)")))]
pub async fn put_photo(
    State(state): State<AppState>,
    member: CurrentMember,
    body: Bytes,
) -> Result<Json<PhotoResponse>, AppError> {
    if body.is_empty() {
        return Err(AppError::invalid("photo", "photo_missing"));
    }
    let id = super::set_photo(&state, &member, body.to_vec()).await?;
    Ok(Json(PhotoResponse {
        photo_url: super::photo_url(Some(&id)).unwrap_or_default(),
    }))
}

/// Removes the profile photo.
#[utoipa::path(delete, path = "/api/v1/me/photo", tag = "members", security(("bearer" = [])), responses((status = 204)))]
pub async fn delete_photo(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<StatusCode, AppError> {
    super::remove_photo(&state, &member).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct DirectoryResponse {
    items: Vec<DirectoryEntry>,
    total: i64,
    page: i64,
    per_page: i64,
}

/// Searches the member directory.
#[utoipa::path(get, path = "/api/v1/members", tag = "members", params(DirectoryParams),
    responses((status = 200, body = DirectoryResponse), (status = 422, description = "unknown filter value")))]
pub async fn directory(
    State(state): State<AppState>,
    i18n: I18n,
    Query(params): Query<DirectoryParams>,
) -> Result<Json<DirectoryResponse>, AppError> {
    let (query, page) = params.parse()?;
    let result = super::directory(&state, &query, page, i18n).await?;
    Ok(Json(DirectoryResponse {
        items: result.items,
        total: result.total,
        page: result.page,
        per_page: super::PAGE_SIZE,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct MemberResponse {
    #[serde(flatten)]
    profile: MemberView,
    /// Where a contact request with the viewer stands (absent for anonymous viewers).
    contact_state: Option<ContactState>,
    contact_request_id: Option<i64>,
}

/// One member's profile, with the contact details the viewer may see.
#[utoipa::path(get, path = "/api/v1/members/{id}", tag = "members", responses((status = 200, body = MemberResponse), (status = 404)))]
pub async fn member(
    State(state): State<AppState>,
    i18n: I18n,
    OptionalMember(viewer): OptionalMember,
    Path(id): Path<i64>,
) -> Result<Json<MemberResponse>, AppError> {
    let (profile, _) = super::view_member(&state, viewer.as_ref(), id, i18n)
        .await?
        .ok_or_else(AppError::not_found)?;
    let (contact_state, contact_request_id) = match &viewer {
        Some(v) if v.id != id => {
            let (s, r) = super::contact_state(&state, v.id, id).await?;
            (Some(s), r)
        }
        _ => (None, None),
    };
    Ok(Json(MemberResponse {
        profile,
        contact_state,
        contact_request_id,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct OrganisationJson {
    id: i64,
    name: String,
    kind: Option<OrgKind>,
    country: Option<String>,
    city: String,
    website: String,
    description: String,
    members: i64,
}

impl From<db::OrganisationRow> for OrganisationJson {
    fn from(o: db::OrganisationRow) -> OrganisationJson {
        OrganisationJson {
            id: o.id,
            kind: OrgKind::parse(&o.kind),
            name: o.name,
            country: o.country,
            city: o.city,
            website: o.website,
            description: o.description,
            members: o.members,
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct OrganisationParams {
    /// Words in the name.
    q: Option<String>,
    /// company, public_body, ngo, research, association, chamber
    kind: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct OrganisationList {
    items: Vec<OrganisationJson>,
}

/// Lists organisations (at most 500), by name.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "members", params(OrganisationParams),
    responses((status = 200, body = OrganisationList)))]
pub async fn organisations(
    State(state): State<AppState>,
    Query(params): Query<OrganisationParams>,
) -> Result<Json<OrganisationList>, AppError> {
    let kind = params.kind.as_deref().filter(|k| !k.is_empty());
    if kind.is_some_and(|k| OrgKind::parse(k).is_none()) {
        return Err(AppError::invalid("kind", "org_type_unknown"));
    }
    let words: Vec<String> = params
        .q
        .unwrap_or_default()
        .split_whitespace()
        .take(8)
        .map(str::to_string)
        .collect();
    let items = db::organisations(&state.db, kind, &words)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(Json(OrganisationList { items }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewOrganisation {
    name: String,
    kind: OrgKind,
    country: Option<String>,
    city: Option<String>,
    website: Option<String>,
    description: Option<String>,
}

/// Creates an organisation (or returns the existing one of that name, with 200). Its creator
/// is not yet a member: naming it on their profile makes them its first confirmed member while
/// nobody else is confirmed.
#[utoipa::path(post, path = "/api/v1/organisations", tag = "members", security(("bearer" = [])), request_body = NewOrganisation,
    responses((status = 201, body = OrganisationJson), (status = 200, body = OrganisationJson)))]
pub async fn create_organisation(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(input): ApiJson<NewOrganisation>,
) -> Result<(StatusCode, Json<OrganisationJson>), AppError> {
    let name = parse_line(&input.name, "name", 150)?;
    if name.is_empty() {
        return Err(AppError::invalid("name", "name_missing"));
    }
    let country = match input
        .country
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) => Some(model::Country::parse(c)?.code().to_string()),
        None => None,
    };
    let city = parse_line(input.city.as_deref().unwrap_or_default(), "city", 100)?;
    let website = model::parse_website(input.website.as_deref().unwrap_or_default())?;
    let description = model::parse_description(input.description.as_deref().unwrap_or_default())?;
    let existed = db::organisation_by_name(&state.db, &name).await?.is_some();
    let new = db::NewOrganisation {
        name: &name,
        kind: input.kind.as_str(),
        country: country.as_deref(),
        city: &city,
        website: &website,
        description: &description,
        created_by: Some(member.id),
    };
    let id = db::find_or_create_organisation(&state.db, &new).await?;
    let org = db::organisation(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let status = if existed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(org.into())))
}

/// Changes an organisation (its confirmed members and admins only); fields left out stay. The
/// change is recorded in its history.
#[utoipa::path(patch, path = "/api/v1/organisations/{id}", tag = "members", security(("bearer" = [])),
    request_body = super::OrganisationInput,
    responses((status = 200, body = OrganisationJson), (status = 403), (status = 404),
              (status = 409, description = "organisation_exists"), (status = 422)))]
pub async fn update_organisation(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<super::OrganisationInput>,
) -> Result<Json<OrganisationJson>, AppError> {
    super::update_organisation(&state, &member, id, input).await?;
    let org = db::organisation(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(Json(org.into()))
}

#[derive(Serialize, ToSchema)]
pub struct OrganisationDetail {
    #[serde(flatten)]
    organisation: OrganisationJson,
    /// Its active members by name, at most 500.
    member_list: Vec<DirectoryEntry>,
}

/// One organisation and its members.
#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "members", responses((status = 200, body = OrganisationDetail), (status = 404)))]
pub async fn organisation(
    State(state): State<AppState>,
    i18n: I18n,
    Path(id): Path<i64>,
) -> Result<Json<OrganisationDetail>, AppError> {
    let org = db::organisation(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let member_list = super::organisation_members(&state, id, i18n).await?;
    Ok(Json(OrganisationDetail {
        organisation: org.into(),
        member_list,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ExpertiseJson {
    slug: String,
    /// In the request's language.
    name: String,
    names: std::collections::BTreeMap<String, String>,
}

/// The expertise taxonomy.
#[utoipa::path(get, path = "/api/v1/expertise", tag = "members", responses((status = 200, body = Vec<ExpertiseJson>)))]
pub async fn expertise(
    State(state): State<AppState>,
    i18n: I18n,
) -> Result<Json<Vec<ExpertiseJson>>, AppError> {
    let items = db::taxonomy(&state.db)
        .await?
        .into_iter()
        .map(|x| ExpertiseJson {
            name: x.name(i18n.locale).to_string(),
            names: [
                ("en", &x.name_en),
                ("de", &x.name_de),
                ("ru", &x.name_ru),
                ("kk", &x.name_kk),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
            slug: x.slug,
        })
        .collect();
    Ok(Json(items))
}

#[derive(Serialize, ToSchema)]
pub struct ContactRequestJson {
    id: i64,
    member: Named,
    message: String,
    created_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ContactsResponse {
    /// Requests waiting for the signed-in member's answer.
    incoming: Vec<ContactRequestJson>,
    /// Requests the signed-in member sent, not yet answered.
    outgoing: Vec<ContactRequestJson>,
    /// Accepted contacts.
    contacts: Vec<ContactRequestJson>,
}

/// The signed-in member's contacts and pending requests.
#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", security(("bearer" = [])), responses((status = 200, body = ContactsResponse)))]
pub async fn contacts(
    State(state): State<AppState>,
    member: CurrentMember,
) -> Result<Json<ContactsResponse>, AppError> {
    let mut out = ContactsResponse {
        incoming: Vec::new(),
        outgoing: Vec::new(),
        contacts: Vec::new(),
    };
    for r in db::requests_of(&state.db, member.id).await? {
        let incoming = r.to_id == member.id;
        let item = ContactRequestJson {
            id: r.id,
            member: Named {
                code: r.other_id.to_string(),
                name: r.other_name,
            },
            message: r.message,
            created_at: r.created_at,
        };
        match (r.status.as_str(), incoming) {
            ("accepted", _) => out.contacts.push(item),
            ("pending", true) => out.incoming.push(item),
            ("pending", false) => out.outgoing.push(item),
            _ => {}
        }
    }
    Ok(Json(out))
}

#[derive(Deserialize, ToSchema)]
pub struct ContactRequestInput {
    member_id: i64,
    message: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ContactRequestCreated {
    id: i64,
    state: ContactState,
}

/// Asks a member to become a contact (accepts their request if they already asked).
#[utoipa::path(post, path = "/api/v1/contacts", tag = "contacts", security(("bearer" = [])), request_body = ContactRequestInput,
    responses((status = 201, body = ContactRequestCreated), (status = 404), (status = 409, description = "contact_exists"),
              (status = 422, description = "contact_self"),
              (status = 429, description = "contact_declined_recently (30 days after a decline) or contact_requests_daily_limit (50 a day)")))]
pub async fn request_contact(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(input): ApiJson<ContactRequestInput>,
) -> Result<(StatusCode, Json<ContactRequestCreated>), AppError> {
    let id = super::request_contact(
        &state,
        &member,
        input.member_id,
        input.message.as_deref().unwrap_or_default(),
    )
    .await?;
    let (state_now, _) = super::contact_state(&state, member.id, input.member_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(ContactRequestCreated {
            id,
            state: state_now,
        }),
    ))
}

/// Accepts a request addressed to the signed-in member.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/accept", tag = "contacts", security(("bearer" = [])), responses((status = 204), (status = 404)))]
pub async fn accept_contact(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    super::answer_contact(&state, &member, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Declines a request addressed to the signed-in member.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/decline", tag = "contacts", security(("bearer" = [])), responses((status = 204), (status = 404)))]
pub async fn decline_contact(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    super::answer_contact(&state, &member, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends a contact with a member.
#[utoipa::path(delete, path = "/api/v1/contacts/members/{member_id}", tag = "contacts", security(("bearer" = [])), responses((status = 204), (status = 404)))]
pub async fn remove_contact(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(other): Path<i64>,
) -> Result<StatusCode, AppError> {
    if !db::remove_contact(&state.db, member.id, other).await? {
        return Err(AppError::not_found());
    }
    Ok(StatusCode::NO_CONTENT)
}
