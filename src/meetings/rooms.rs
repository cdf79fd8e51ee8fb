//! Virtual rooms: every meeting gets its own unguessable room at the event's video server.
//!
//! - **Link**: `https://meet.example.org/circula-<room>`, where `<room>` is 128 random bits;
//!   the address itself is the secret, and Circula hands it only to the two sides.
//! - **Jitsi with tokens**: the same room, entered with a JWT that Circula signs with the
//!   event's app secret (HS256), as Jitsi's token authentication expects: `iss` and `aud`
//!   name the app, `sub` the server, `room` binds it to this meeting's room only, `nbf`/`exp`
//!   let it in from [`super::model::JOIN_EARLY_MINUTES`] before the slot to the slot's end,
//!   and `context.user` carries the member's name. Anyone else, or anyone at another time,
//!   has no valid token.

use jsonwebtoken::{EncodingKey, Header, encode};
use rand::Rng;
use serde::Serialize;

use super::model::{JOIN_EARLY_MINUTES, RoomKind, Settings, Slot};

/// A fresh room name: 128 random bits in hex.
pub fn new_room() -> String {
    hex::encode(rand::rng().random::<[u8; 16]>())
}

/// The room's name at the video server.
pub fn room_name(room: &str) -> String {
    format!("circula-{room}")
}

#[derive(Serialize)]
struct User<'a> {
    id: String,
    name: &'a str,
}

#[derive(Serialize)]
struct Context<'a> {
    user: User<'a>,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    aud: &'a str,
    sub: &'a str,
    room: &'a str,
    nbf: i64,
    exp: i64,
    context: Context<'a>,
}

/// Where a side enters the room: the plain link, or the link with a signed token. `None`
/// when the event has no video server configured.
pub fn entry_url(
    settings: &Settings,
    room: &str,
    slot: Slot,
    member_id: i64,
    member_name: &str,
) -> Option<String> {
    if settings.room_base.is_empty() {
        return None;
    }
    let name = room_name(room);
    let link = format!("{}/{name}", settings.room_base);
    match settings.room_kind {
        RoomKind::Link => Some(link),
        RoomKind::JitsiJwt => {
            let host = url::Url::parse(&settings.room_base)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_default();
            let claims = Claims {
                iss: &settings.jitsi_app_id,
                aud: &settings.jitsi_app_id,
                sub: &host,
                room: &name,
                nbf: (slot.starts_at - JOIN_EARLY_MINUTES * 60_000) / 1000,
                exp: slot.ends_at / 1000,
                context: Context {
                    user: User {
                        id: member_id.to_string(),
                        name: member_name,
                    },
                },
            };
            let key = EncodingKey::from_secret(settings.jitsi_secret.as_bytes()).ok()?;
            let token = encode(&Header::default(), &claims, &key).ok()?;
            Some(format!("{link}?jwt={token}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meetings::model::{Mode, Rule};

    fn settings(kind: RoomKind) -> Settings {
        Settings {
            enabled: true,
            meeting_minutes: 20,
            break_minutes: 5,
            windows: vec![],
            max_meetings: 12,
            rule: Rule::Everyone,
            group_a: String::new(),
            group_b: String::new(),
            request_deadline: None,
            request_ttl_minutes: None,
            max_pending: 10,
            mode: Mode::SelfService,
            room_kind: kind,
            room_base: "https://meet.example.org".into(),
            jitsi_app_id: "circula".into(),
            jitsi_secret: "a-secret-of-enough-length".into(),
        }
    }

    #[test]
    fn rooms_are_unguessable_and_distinct() {
        let (a, b) = (new_room(), new_room());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }

    #[test]
    fn a_token_is_bound_to_the_room_the_slot_and_the_member() {
        let slot = Slot {
            starts_at: 1_900_000_000_000,
            ends_at: 1_900_000_000_000 + 20 * 60_000,
        };
        let url = entry_url(&settings(RoomKind::JitsiJwt), "abc", slot, 7, "Aigerim").unwrap();
        let (link, token) = url.split_once("?jwt=").unwrap();
        assert_eq!(link, "https://meet.example.org/circula-abc");
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
        validation.set_audience(&["circula"]);
        validation.validate_exp = false;
        let decoded = jsonwebtoken::decode::<serde_json::Value>(
            token,
            &jsonwebtoken::DecodingKey::from_secret(b"a-secret-of-enough-length").unwrap(),
            &validation,
        )
        .unwrap();
        let claims = decoded.claims;
        assert_eq!(claims["room"], "circula-abc");
        assert_eq!(claims["sub"], "meet.example.org");
        assert_eq!(claims["context"]["user"]["name"], "Aigerim");
        assert_eq!(claims["exp"], 1_900_000_000 + 20 * 60);
        assert_eq!(claims["nbf"], 1_900_000_000 - 10 * 60);
        let wrong = jsonwebtoken::decode::<serde_json::Value>(
            token,
            &jsonwebtoken::DecodingKey::from_secret(b"another-secret-entirely").unwrap(),
            &validation,
        );
        assert!(wrong.is_err());
    }

    #[test]
    fn a_plain_link_needs_a_server() {
        let slot = Slot {
            starts_at: 0,
            ends_at: 1,
        };
        assert_eq!(
            entry_url(&settings(RoomKind::Link), "abc", slot, 1, "A").as_deref(),
            Some("https://meet.example.org/circula-abc")
        );
        let mut none = settings(RoomKind::Link);
        none.room_base.clear();
        assert_eq!(entry_url(&none, "abc", slot, 1, "A"), None);
    }
}
