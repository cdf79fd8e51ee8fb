//! Changing one's own profile: name, position, place, languages, expertise, bio, contact
//! details, and the organisation (named, left, or created; see `organisations` for the
//! request that naming one makes).

use super::model::{ContactKind, Country, OrgKind, Visibility, parse_bio};
use super::{changed, db, organisations};
use crate::accounts::DisplayName;
use crate::signals::Signal;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::Locale;
use crate::web::identity::CurrentMember;
use crate::web::text::{parse_language, parse_line, parse_timezone};

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
/// organisation is a request to its confirmed members unless [`access`](super::access) lets the member in.
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
    changed(state).await?;
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
