//! A profile as a given viewer may see it: how the viewer stands to the member
//! ([`Relation`]), and the contact details that relation lets them see, on a profile and in
//! other capabilities' lists of people ([`visible_emails`]).

use super::db;
use super::model::{self, ContactKind, OrgKind, Relation, Visibility};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::CurrentMember;

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
