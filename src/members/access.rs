//! Who may do what to an organisation: this is the one place where it is decided.
//!
//! Membership of an organisation is confirmed, not declared: `members.organisation_id` names
//! only the organisation of which someone is a confirmed member, and only `membership_db`
//! writes it (a profile update cannot); a wish to join is a request (see `organisations`)
//! that a confirmed member or an admin answers. [`organisation_access`]
//! turns the viewer into an [`OrgAccess`] for one organisation, and its methods are the rules.
//! Every page, API handler and capability function that edits an organisation, lists or
//! answers its requests, removes its members or shows its history asks them; nothing else
//! decides. [`joins_without_request`] is the one exception to "joining is a request".

use super::db;
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::identity::CurrentMember;

/// How a viewer stands to one organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgAccess {
    /// Not signed in.
    Visitor,
    /// Signed in, not a confirmed member of this organisation.
    Outsider,
    /// A confirmed member of this organisation.
    Confirmed,
    /// An administrator of the site: may act for any organisation.
    Admin,
}

impl OrgAccess {
    /// The pure rule: `viewer` is whether the viewer is an admin, and the organisation they
    /// are a confirmed member of.
    pub fn of(viewer: Option<(bool, Option<i64>)>, organisation: i64) -> OrgAccess {
        match viewer {
            None => OrgAccess::Visitor,
            Some((true, _)) => OrgAccess::Admin,
            Some((false, Some(own))) if own == organisation => OrgAccess::Confirmed,
            Some(_) => OrgAccess::Outsider,
        }
    }

    /// Change its name, kind, place, website and description.
    pub fn may_edit(self) -> bool {
        matches!(self, OrgAccess::Confirmed | OrgAccess::Admin)
    }

    /// List, approve and decline requests to join it.
    pub fn may_answer_requests(self) -> bool {
        matches!(self, OrgAccess::Confirmed | OrgAccess::Admin)
    }

    /// See who changed what, and who approved, declined or removed whom.
    pub fn may_see_history(self) -> bool {
        matches!(self, OrgAccess::Confirmed | OrgAccess::Admin)
    }

    /// Remove a confirmed member (members leave on their own through their profile).
    pub fn may_remove_members(self) -> bool {
        self == OrgAccess::Admin
    }

    /// `Ok` when `allowed`; otherwise 401 for visitors (so pages send them to log in), 403.
    pub fn require(self, allowed: bool) -> Result<(), AppError> {
        match (allowed, self) {
            (true, _) => Ok(()),
            (false, OrgAccess::Visitor) => Err(AppError::unauthenticated()),
            (false, _) => Err(AppError::forbidden()),
        }
    }
}

/// Whether naming an organisation on one's profile makes one a confirmed member at once
/// instead of asking: admins (who could approve themselves anyway), and the member who created
/// the organisation while nobody is confirmed in it.
pub fn joins_without_request(is_admin: bool, is_creator: bool, confirmed_members: usize) -> bool {
    is_admin || (is_creator && confirmed_members == 0)
}

/// How `viewer` stands to organisation `organisation`.
pub async fn organisation_access(
    state: &AppState,
    viewer: Option<&CurrentMember>,
    organisation: i64,
) -> Result<OrgAccess, AppError> {
    let Some(viewer) = viewer else {
        return Ok(OrgAccess::Visitor);
    };
    let own = db::profile(&state.db, viewer.id)
        .await?
        .filter(|p| p.status == "active")
        .and_then(|p| p.organisation_id);
    Ok(OrgAccess::of(
        Some((viewer.role.is_admin(), own)),
        organisation,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_confirmed_members_and_admins_act_for_an_organisation() {
        let visitor = OrgAccess::of(None, 7);
        let outsider = OrgAccess::of(Some((false, Some(8))), 7);
        let nobody = OrgAccess::of(Some((false, None)), 7);
        let member = OrgAccess::of(Some((false, Some(7))), 7);
        let admin = OrgAccess::of(Some((true, None)), 7);
        assert_eq!(
            (visitor, outsider, nobody, member, admin),
            (
                OrgAccess::Visitor,
                OrgAccess::Outsider,
                OrgAccess::Outsider,
                OrgAccess::Confirmed,
                OrgAccess::Admin
            )
        );
        for access in [visitor, outsider, nobody] {
            assert!(!access.may_edit() && !access.may_answer_requests());
            assert!(!access.may_see_history() && !access.may_remove_members());
        }
        assert!(member.may_edit() && member.may_answer_requests() && member.may_see_history());
        assert!(!member.may_remove_members());
        assert!(admin.may_edit() && admin.may_remove_members());
        assert_eq!(
            visitor.require(false).unwrap_err().code(),
            "unauthenticated"
        );
        assert_eq!(outsider.require(false).unwrap_err().code(), "forbidden");
    }

    #[test]
    fn joining_is_a_request_except_for_admins_and_lone_creators() {
        assert!(!joins_without_request(false, false, 0));
        assert!(!joins_without_request(false, false, 3));
        assert!(joins_without_request(false, true, 0));
        assert!(!joins_without_request(false, true, 1));
        assert!(joins_without_request(true, false, 5));
    }
}
