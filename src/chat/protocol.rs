//! The JSON frames of the WebSocket protocol (documented in `src/chat/PROTOCOL.md`) and the
//! message as the API and the socket show it.

use std::collections::BTreeMap;

use axum::extract::ws::Utf8Bytes;
use serde::{Deserialize, Serialize};

use super::db::MessageRow;
use super::hub::Presence;

/// A frame from a client. Unknown fields are ignored; an unknown `type` is an error.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    Send {
        channel_id: i64,
        body: String,
        client_id: String,
        /// A library document to link (its id).
        #[serde(default)]
        document_id: Option<i64>,
    },
    Read {
        channel_id: i64,
        message_id: i64,
    },
    Typing {
        channel_id: i64,
    },
    Resume {
        /// Channel id (as a JSON object key) → the last message id the client has.
        since: BTreeMap<String, i64>,
    },
    /// The client's own presence: `online` or `away` (e.g. its tab is hidden).
    Presence {
        status: Presence,
    },
    /// Live updates of a topic of another capability (`"session:12"`).
    Follow {
        topic: String,
    },
    Unfollow {
        topic: String,
    },
}

/// Why a text frame is not a [`ClientFrame`]: not JSON at all or the wrong shape (malformed),
/// or a `type` the server does not know.
pub fn parse(text: &str) -> Result<ClientFrame, &'static str> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|_| "chat_malformed_frame")?;
    const KNOWN: [&str; 7] = [
        "send", "read", "typing", "resume", "presence", "follow", "unfollow",
    ];
    match value.get("type").and_then(|t| t.as_str()) {
        Some(kind) if KNOWN.contains(&kind) => {
            serde_json::from_value(value).map_err(|_| "chat_malformed_frame")
        }
        Some(_) => Err("chat_unknown_type"),
        None => Err("chat_malformed_frame"),
    }
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AttachmentOut {
    pub name: String,
    pub content_type: String,
    pub size: i64,
    /// Where those who may read the message download it: `/chat/attachments/<key>`, with an
    /// unguessable key. Gone (404) once the message is deleted or hidden.
    pub url: String,
}

/// A library document linked from a message. `available` is false (and the other fields
/// empty) when the document has since been hidden or deleted, or is not for every member:
/// its title is then never shown.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DocumentOut {
    pub id: i64,
    pub available: bool,
    pub title: Option<String>,
    /// law, study, presentation, guide, report, concept, other
    pub doc_type: Option<String>,
    /// The document's page in the library.
    pub url: Option<String>,
}

impl DocumentOut {
    /// A link whose document is not shown: the safe default until it is resolved.
    pub fn unavailable(id: i64) -> DocumentOut {
        DocumentOut {
            id,
            available: false,
            title: None,
            doc_type: None,
            url: None,
        }
    }
}

/// A message. Deleted and hidden messages keep their place with an empty body.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MessageOut {
    pub id: i64,
    pub channel_id: i64,
    pub author_id: i64,
    pub author_name: String,
    /// Markdown source.
    pub body: String,
    /// Sanitised HTML rendered from `body`.
    pub body_html: String,
    pub client_id: Option<String>,
    /// Milliseconds since the Unix epoch, UTC.
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted: bool,
    /// Hidden by a moderator.
    pub hidden: bool,
    pub attachment: Option<AttachmentOut>,
    /// A linked library document.
    pub document: Option<DocumentOut>,
}

impl From<MessageRow> for MessageOut {
    fn from(row: MessageRow) -> MessageOut {
        let gone = row.deleted_at.is_some() || row.hidden_at.is_some();
        let attachment = match (row.attachment_key, row.attachment_name) {
            (Some(key), Some(name)) if !gone => Some(AttachmentOut {
                name,
                content_type: row.attachment_type.unwrap_or_default(),
                size: row.attachment_size.unwrap_or_default(),
                url: format!("/chat/attachments/{key}"),
            }),
            _ => None,
        };
        MessageOut {
            id: row.id,
            channel_id: row.channel_id,
            author_id: row.author_id,
            author_name: row.author_name,
            body: if gone { String::new() } else { row.body },
            body_html: if gone { String::new() } else { row.body_html },
            client_id: row.client_id,
            created_at: row.created_at,
            edited_at: row.edited_at,
            deleted: row.deleted_at.is_some(),
            hidden: row.hidden_at.is_some(),
            attachment,
            document: row
                .document_id
                .filter(|_| !gone)
                .map(DocumentOut::unavailable),
        }
    }
}

/// A frame from the server.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame<'a> {
    Ack {
        client_id: &'a str,
        message: MessageOut,
    },
    Message {
        message: MessageOut,
    },
    Edited {
        message: MessageOut,
    },
    Deleted {
        channel_id: i64,
        message_id: i64,
    },
    Typing {
        channel_id: i64,
        member_id: i64,
        name: String,
    },
    Presence {
        member_id: i64,
        status: Presence,
    },
    Unread {
        channel_id: i64,
        count: i64,
        total: i64,
    },
    /// The connection follows the topic from now on.
    Following {
        topic: &'a str,
    },
    Error {
        code: &'a str,
        message: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        client_id: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        channel_id: Option<i64>,
    },
}

pub fn encode(frame: &ServerFrame<'_>) -> Utf8Bytes {
    serde_json::to_string(frame)
        .expect("frames serialise")
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_frames_parse() {
        assert_eq!(
            parse(r#"{"type":"send","channel_id":3,"body":"hi","client_id":"c1"}"#).unwrap(),
            ClientFrame::Send {
                channel_id: 3,
                body: "hi".into(),
                client_id: "c1".into(),
                document_id: None,
            }
        );
        let linked =
            parse(r#"{"type":"send","channel_id":3,"body":"hi","client_id":"c2","document_id":9}"#)
                .unwrap();
        assert!(matches!(
            linked,
            ClientFrame::Send {
                document_id: Some(9),
                ..
            }
        ));
        let resume = parse(r#"{"type":"resume","since":{"3":10,"4":0}}"#).unwrap();
        assert!(matches!(resume, ClientFrame::Resume { since } if since["3"] == 10));
        assert_eq!(parse("not json").unwrap_err(), "chat_malformed_frame");
        assert_eq!(
            parse(r#"{"type":"send"}"#).unwrap_err(),
            "chat_malformed_frame"
        );
        assert_eq!(
            parse(r#"{"body":"x"}"#).unwrap_err(),
            "chat_malformed_frame"
        );
        assert_eq!(
            parse(r#"{"type":"dance"}"#).unwrap_err(),
            "chat_unknown_type"
        );
    }

    #[test]
    fn server_frames_are_tagged() {
        let text = encode(&ServerFrame::Unread {
            channel_id: 2,
            count: 5,
            total: 9,
        });
        assert_eq!(
            text.as_str(),
            r#"{"type":"unread","channel_id":2,"count":5,"total":9}"#
        );
    }
}
