//! HTML pages of members: directory, profiles, profile editing, organisations, contacts.

use std::borrow::Cow;
use std::sync::LazyLock;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::model::{self, ContactKind, OrgKind, Visibility};
use super::{
    ContactInput, ContactState, DirectoryEntry, DirectoryParams, MemberView, ProfileInput,
    Relation, db,
};
use crate::state::AppState;
use crate::web::csrf::{self, CsrfForm, CsrfToken};
use crate::web::error::AppError;
use crate::web::i18n::{I18n, Locale};
use crate::web::identity::{CurrentMember, OptionalMember};
use crate::web::layout::Page;
use crate::web::text::LANGUAGES;
use crate::web::{FormError, render};

/// A choice in a select list: value, label, selected.
pub struct Choice {
    pub(super) value: Cow<'static, str>,
    pub(super) label: Cow<'static, str>,
    pub(super) selected: bool,
}

fn choices<V, L>(
    options: impl IntoIterator<Item = (V, L)>,
    selected: impl Fn(&str) -> bool,
) -> Vec<Choice>
where
    V: Into<Cow<'static, str>>,
    L: Into<Cow<'static, str>>,
{
    options
        .into_iter()
        .map(|(value, label)| {
            let value = value.into();
            Choice {
                selected: selected(&value),
                value,
                label: label.into(),
            }
        })
        .collect()
}

/// Countries sorted by their name in each locale (built once: names are compiled in).
fn countries(i18n: I18n) -> &'static [(String, String)] {
    static LISTS: LazyLock<Vec<Vec<(String, String)>>> = LazyLock::new(|| {
        Locale::ALL
            .iter()
            .map(|l| {
                let i18n = I18n::new(*l);
                let mut list: Vec<(String, String)> = model::Country::all_codes()
                    .map(|c| (c.to_string(), model::country_name(i18n, c)))
                    .collect();
                list.sort_by(|a, b| a.1.cmp(&b.1));
                list
            })
            .collect()
    });
    &LISTS[i18n.locale as usize]
}

pub(super) fn country_choices(i18n: I18n, selected: &str) -> Vec<Choice> {
    choices(
        countries(i18n)
            .iter()
            .map(|(code, name)| (code.as_str(), name.as_str())),
        |v| v == selected,
    )
}

fn language_choices(i18n: I18n, selected: &[String]) -> Vec<Choice> {
    choices(
        LANGUAGES
            .iter()
            .map(|l| (l.to_string(), crate::web::text::language_name(i18n, l))),
        |v| selected.iter().any(|s| s == v),
    )
}

pub(super) fn org_kind_choices(i18n: I18n, selected: &str) -> Vec<Choice> {
    choices(
        OrgKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), k.label(i18n))),
        |v| v == selected,
    )
}

#[derive(Template)]
#[template(path = "members/directory.html")]
struct DirectoryTemplate {
    page: Page,
    q: String,
    countries: Vec<Choice>,
    expertise: Vec<Choice>,
    languages: Vec<Choice>,
    org_types: Vec<Choice>,
    items: Vec<DirectoryEntry>,
    total: i64,
    current: i64,
    pages: i64,
    prev_link: Option<String>,
    next_link: Option<String>,
    error: Option<FormError>,
}

fn page_link(params: &DirectoryParams, page: i64) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in [
        ("q", &params.q),
        ("country", &params.country),
        ("expertise", &params.expertise),
        ("language", &params.language),
        ("org_type", &params.org_type),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            query.append_pair(key, value);
        }
    }
    query.append_pair("page", &page.to_string());
    format!("/members?{}", query.finish())
}

pub async fn directory(
    State(state): State<AppState>,
    page: Page,
    Query(params): Query<DirectoryParams>,
) -> Result<Response, AppError> {
    let i18n = page.i18n;
    let found = match params.parse() {
        Ok((query, current)) => super::directory(&state, &query, current, i18n).await,
        Err(err) => Err(err),
    };
    let (result, error, status) = match found {
        Ok(result) => (result, None, StatusCode::OK),
        Err(err) => {
            let (error, status) = FormError::from_error(err, i18n)?;
            (
                super::DirectoryPage {
                    items: Vec::new(),
                    total: 0,
                    page: 1,
                },
                Some(error),
                status,
            )
        }
    };
    let taxonomy = super::taxonomy(&state).await?;
    let selected_expertise = params.expertise.clone().unwrap_or_default();
    let pages = ((result.total + super::PAGE_SIZE - 1) / super::PAGE_SIZE).max(1);
    let template = DirectoryTemplate {
        q: params.q.clone().unwrap_or_default(),
        countries: country_choices(i18n, params.country.as_deref().unwrap_or_default()),
        expertise: choices(
            taxonomy
                .iter()
                .map(|x| (x.slug.clone(), x.name(i18n.locale).to_string())),
            |v| v == selected_expertise,
        ),
        languages: language_choices(i18n, &params.language.iter().cloned().collect::<Vec<_>>()),
        org_types: org_kind_choices(i18n, params.org_type.as_deref().unwrap_or_default()),
        items: result.items,
        total: result.total,
        current: result.page,
        pages,
        prev_link: (result.page > 1).then(|| page_link(&params, result.page - 1)),
        next_link: (result.page < pages).then(|| page_link(&params, result.page + 1)),
        error,
        page,
    };
    render(status, &template)
}

#[derive(Template)]
#[template(path = "members/profile.html")]
struct ProfileTemplate {
    page: Page,
    member: MemberView,
    relation: Relation,
    contact_state: ContactState,
    request_id: Option<i64>,
    /// The organisation the member asked to join: shown to the member themself only.
    pending_organisation: Option<super::OrganisationRef>,
    /// What other capabilities show about the member (their discussion topics and answers).
    sections: Vec<crate::web::related::Section>,
}

impl ProfileTemplate {
    fn is_self(&self) -> bool {
        self.relation == Relation::Myself
    }

    /// The member's role when the viewer may see it and it is more than "member".
    fn role_label(&self) -> Option<String> {
        self.member
            .role
            .filter(|r| r.is_organiser() || r.is_admin())
            .map(|r| self.page.t(&format!("role-{}", r.as_str())))
    }
}

pub async fn profile(
    State(state): State<AppState>,
    page: Page,
    OptionalMember(viewer): OptionalMember,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (member, relation) = super::view_member(&state, viewer.as_ref(), id, page.i18n)
        .await?
        .ok_or_else(AppError::not_found)?;
    let (contact_state, request_id) = match &viewer {
        Some(v) if v.id != id => super::contact_state(&state, v.id, id).await?,
        _ => (ContactState::None, None),
    };
    let pending_organisation = if relation == Relation::Myself {
        super::pending_request_of(&state, id).await?
    } else {
        None
    };
    let sections = crate::web::related::sections(
        &state,
        crate::web::related::Subject::Member(id),
        viewer.as_ref(),
        page.i18n.locale,
    )
    .await?;
    render(
        StatusCode::OK,
        &ProfileTemplate {
            sections,
            page,
            member,
            relation,
            contact_state,
            request_id,
            pending_organisation,
        },
    )
}

pub async fn my_profile(member: CurrentMember) -> Redirect {
    Redirect::to(&format!("/members/{}", member.id))
}

#[derive(Deserialize)]
pub struct MessageInput {
    #[serde(default)]
    message: String,
}

pub async fn request_contact(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<MessageInput>,
) -> Result<Response, AppError> {
    super::request_contact(&state, &member, id, &input.message).await?;
    Ok(Redirect::to(&format!("/members/{id}?notice=contact-sent")).into_response())
}

/// The profile form's fields as text, so a rejected submission shows what was typed.
#[derive(Default)]
pub struct ProfileForm {
    name: String,
    position: String,
    organisation_name: String,
    organisation_kind: String,
    country: String,
    city: String,
    languages: Vec<String>,
    expertise: Vec<String>,
    bio: String,
    timezone: String,
    locale: String,
    contacts: Vec<(ContactKind, String, Visibility)>,
}

impl ProfileForm {
    fn from_pairs(pairs: &[(String, String)]) -> ProfileForm {
        let get = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let all = |key: &str| {
            pairs
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>()
        };
        ProfileForm {
            name: get("name"),
            position: get("position"),
            organisation_name: get("organisation_name"),
            organisation_kind: get("organisation_kind"),
            country: get("country"),
            city: get("city"),
            languages: all("languages"),
            expertise: all("expertise"),
            bio: get("bio"),
            timezone: get("timezone"),
            locale: get("locale"),
            contacts: ContactKind::ALL
                .iter()
                .map(|kind| {
                    let value = get(&format!("contact_{}", kind.as_str()));
                    let visibility =
                        Visibility::parse(&get(&format!("visibility_{}", kind.as_str())))
                            .unwrap_or(Visibility::Members);
                    (*kind, value, visibility)
                })
                .collect(),
        }
    }

    fn to_input(&self) -> Result<ProfileInput, AppError> {
        let organisation_kind = match self.organisation_kind.as_str() {
            "" => None,
            kind => Some(
                OrgKind::parse(kind)
                    .ok_or_else(|| AppError::invalid("organisation_kind", "org_type_unknown"))?,
            ),
        };
        Ok(ProfileInput {
            name: Some(self.name.clone()),
            position: Some(self.position.clone()),
            organisation_id: None,
            organisation_name: Some(self.organisation_name.clone()),
            organisation_kind,
            country: Some(self.country.clone()),
            city: Some(self.city.clone()),
            languages: Some(self.languages.clone()),
            expertise: Some(self.expertise.clone()),
            bio: Some(self.bio.clone()),
            timezone: Some(self.timezone.clone()),
            locale: Some(self.locale.clone()),
            contacts: Some(
                self.contacts
                    .iter()
                    .map(|(kind, value, visibility)| ContactInput {
                        kind: *kind,
                        value: value.clone(),
                        visibility: *visibility,
                    })
                    .collect(),
            ),
        })
    }
}

pub struct ContactField {
    kind: &'static str,
    label: String,
    value: String,
    visibilities: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "members/edit.html")]
struct EditTemplate {
    page: Page,
    form: ProfileForm,
    photo_url: Option<String>,
    organisations: Vec<String>,
    org_kinds: Vec<Choice>,
    countries: Vec<Choice>,
    languages: Vec<Choice>,
    expertise: Vec<Choice>,
    locales: Vec<Choice>,
    contact_fields: Vec<ContactField>,
    timezones: &'static [String],
    /// The largest photo accepted, in megabytes, as the reader writes numbers.
    photo_limit: String,
    /// The organisation the member asked to join, while its members have not answered.
    pending_organisation: Option<String>,
    error: Option<FormError>,
}

impl EditTemplate {
    fn error_on(&self, field: &str) -> bool {
        FormError::is_on(&self.error, field)
    }
}

fn timezone_names() -> &'static [String] {
    static NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
        let mut names: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
        names.retain(|n| n.contains('/') && !n.starts_with("Etc/"));
        names.sort();
        names
    });
    &NAMES
}

async fn edit_page(
    state: &AppState,
    page: Page,
    member: &CurrentMember,
    form: ProfileForm,
    error: Option<FormError>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let i18n = page.i18n;
    let profile = db::profile(&state.db, member.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let taxonomy = db::taxonomy(&state.db).await?;
    let organisations = db::organisations(&state.db, None, &[])
        .await?
        .into_iter()
        .map(|o| o.name)
        .collect();
    let contact_fields = form
        .contacts
        .iter()
        .map(|(kind, value, visibility)| ContactField {
            kind: kind.as_str(),
            label: kind.label(i18n),
            value: value.clone(),
            visibilities: choices(
                Visibility::ALL
                    .iter()
                    .map(|v| (v.as_str().to_string(), v.label(i18n))),
                |v| v == visibility.as_str(),
            ),
        })
        .collect();
    let pending_organisation = super::pending_request_of(state, member.id)
        .await?
        .map(|o| o.name);
    let template = EditTemplate {
        pending_organisation,
        photo_limit: i18n.decimal(state.config.max_photo_bytes as f64 / (1024.0 * 1024.0)),
        photo_url: super::photo_url(profile.photo.as_deref()),
        organisations,
        org_kinds: org_kind_choices(i18n, &form.organisation_kind),
        countries: country_choices(i18n, &form.country),
        languages: language_choices(i18n, &form.languages),
        expertise: choices(
            taxonomy
                .iter()
                .map(|x| (x.slug.clone(), x.name(i18n.locale).to_string())),
            |v| form.expertise.iter().any(|e| e == v),
        ),
        locales: choices(
            Locale::ALL
                .iter()
                .map(|l| (l.code().to_string(), l.endonym().to_string())),
            |v| v == form.locale,
        ),
        contact_fields,
        timezones: timezone_names(),
        form,
        error,
        page,
    };
    render(status, &template)
}

pub async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
) -> Result<Response, AppError> {
    let form = stored_form(&state, &member).await?;
    edit_page(&state, page, &member, form, None, StatusCode::OK).await
}

/// The profile form filled from the database.
async fn stored_form(state: &AppState, member: &CurrentMember) -> Result<ProfileForm, AppError> {
    let profile = db::profile(&state.db, member.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let languages = db::languages_of(&state.db, &[member.id])
        .await?
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    let expertise_ids: Vec<i64> = db::expertise_of(&state.db, &[member.id])
        .await?
        .into_iter()
        .map(|(_, x)| x)
        .collect();
    let expertise = db::taxonomy(&state.db)
        .await?
        .into_iter()
        .filter(|x| expertise_ids.contains(&x.id))
        .map(|x| x.slug)
        .collect();
    let stored = db::contact_details(&state.db, member.id).await?;
    let contacts = ContactKind::ALL
        .iter()
        .map(|kind| {
            let found = stored.iter().find(|c| c.kind == kind.as_str());
            (
                *kind,
                found.map(|c| c.value.clone()).unwrap_or_default(),
                found
                    .and_then(|c| Visibility::parse(&c.visibility))
                    .unwrap_or(Visibility::Members),
            )
        })
        .collect();
    // While a request waits, the field names the organisation asked for, so that saving the
    // form again keeps the request rather than withdrawing it.
    let pending = super::pending_request_of(state, member.id).await?;
    let (organisation_name, organisation_kind) = match &pending {
        Some(org) => (
            org.name.clone(),
            org.kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
        ),
        None => (
            profile.organisation_name.unwrap_or_default(),
            profile.organisation_kind.unwrap_or_default(),
        ),
    };
    let form = ProfileForm {
        name: profile.name,
        position: profile.position,
        organisation_name,
        organisation_kind,
        country: profile.country.unwrap_or_default(),
        city: profile.city,
        languages,
        expertise,
        bio: profile.bio,
        timezone: profile.timezone,
        locale: profile.locale,
        contacts,
    };
    Ok(form)
}

pub async fn edit(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = ProfileForm::from_pairs(&pairs);
    let result = match form.to_input() {
        Ok(input) => super::update_profile(&state, &member, input).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(()) => Ok(
            Redirect::to(&format!("/members/{}?notice=profile-saved", member.id)).into_response(),
        ),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            edit_page(&state, page, &member, form, Some(error), status).await
        }
    }
}

/// Reads the photo form: its CSRF field and the file.
pub async fn read_photo_form(
    token: &CsrfToken,
    mut multipart: Multipart,
) -> Result<Vec<u8>, AppError> {
    let mut csrf_ok = false;
    let mut photo = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::bad_request("bad_request"))?
    {
        match field.name() {
            Some("csrf") => {
                let value = field
                    .text()
                    .await
                    .map_err(|_| AppError::bad_request("bad_request"))?;
                csrf_ok = csrf::matches(token, &value);
            }
            Some("photo") => {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "photo_too_large"))?;
                photo = Some(bytes.to_vec());
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(AppError::forbidden_code("csrf_failed"));
    }
    photo
        .filter(|p| !p.is_empty())
        .ok_or_else(|| AppError::invalid("photo", "photo_missing"))
}

pub async fn upload_photo(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
    token: CsrfToken,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let result = match read_photo_form(&token, multipart).await {
        Ok(bytes) => super::set_photo(&state, &member, bytes).await.map(drop),
        Err(err) => Err(err),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/profile/edit?notice=photo-saved").into_response()),
        Err(err) if err.code() == "csrf_failed" => Err(err),
        Err(err) => {
            let (error, status) = FormError::from_error(err, page.i18n)?;
            let form = stored_form(&state, &member).await?;
            edit_page(&state, page, &member, form, Some(error), status).await
        }
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn delete_photo(
    State(state): State<AppState>,
    member: CurrentMember,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    super::remove_photo(&state, &member).await?;
    Ok(Redirect::to("/profile/edit?notice=photo-removed").into_response())
}

pub struct RequestItem {
    id: i64,
    other_id: i64,
    other_name: String,
    message: String,
}

#[derive(Template)]
#[template(path = "members/contacts.html")]
struct ContactsTemplate {
    page: Page,
    incoming: Vec<RequestItem>,
    outgoing: Vec<RequestItem>,
    contacts: Vec<RequestItem>,
}

pub async fn contacts(
    State(state): State<AppState>,
    page: Page,
    member: CurrentMember,
) -> Result<Response, AppError> {
    let (mut incoming, mut outgoing, mut contacts) = (Vec::new(), Vec::new(), Vec::new());
    for r in db::requests_of(&state.db, member.id).await? {
        let item = RequestItem {
            id: r.id,
            other_id: r.other_id,
            other_name: r.other_name,
            message: r.message,
        };
        match (r.status.as_str(), r.to_id == member.id) {
            ("accepted", _) => contacts.push(item),
            ("pending", true) => incoming.push(item),
            ("pending", false) => outgoing.push(item),
            _ => {}
        }
    }
    render(
        StatusCode::OK,
        &ContactsTemplate {
            page,
            incoming,
            outgoing,
            contacts,
        },
    )
}

pub async fn accept_contact(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    super::answer_contact(&state, &member, id, true).await?;
    Ok(Redirect::to("/contacts?notice=contact-accepted").into_response())
}

pub async fn decline_contact(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    super::answer_contact(&state, &member, id, false).await?;
    Ok(Redirect::to("/contacts?notice=contact-declined").into_response())
}

pub async fn remove_contact(
    State(state): State<AppState>,
    member: CurrentMember,
    Path(other): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    if !db::remove_contact(&state.db, member.id, other).await? {
        return Err(AppError::not_found());
    }
    Ok(Redirect::to("/contacts?notice=contact-removed").into_response())
}
