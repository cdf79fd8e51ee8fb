//! The chat's test client, shared by the `chat` and `chat_features` test modules: a WebSocket
//! client of `/api/v1/chat/socket` and the API calls every chat test makes.
#![allow(dead_code)]

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::common::{self, TestApp, TestMember};

pub type Stream =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A WebSocket client of the chat.
pub struct Ws {
    pub stream: Stream,
}

pub fn socket_url(address: &str) -> String {
    format!("{}/api/v1/chat/socket", address.replacen("http", "ws", 1))
}

pub async fn connect(address: &str, token: &str) -> Ws {
    let mut request = socket_url(address).into_client_request().unwrap();
    request
        .headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    let (stream, response) = tokio_tungstenite::connect_async(request)
        .await
        .expect("socket connects");
    assert_eq!(response.status(), 101);
    Ws { stream }
}

/// A socket of a browser session: its cookie, from the site's own origin.
pub async fn connect_cookie(address: &str, browser: &common::Browser) -> Ws {
    let mut request = socket_url(address).into_client_request().unwrap();
    let session = browser.cookie("session").expect("signed in");
    let headers = request.headers_mut();
    headers.insert("cookie", format!("session={session}").parse().unwrap());
    headers.insert("origin", address.parse().unwrap());
    let (stream, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("socket connects");
    Ws { stream }
}

impl Ws {
    pub async fn send(&mut self, frame: Value) {
        self.stream
            .send(Message::text(frame.to_string()))
            .await
            .expect("send");
    }

    pub async fn send_text(&mut self, text: &str) {
        self.stream.send(Message::text(text)).await.expect("send");
    }

    /// The next JSON frame, within five seconds.
    pub async fn next(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(Duration::from_secs(5), self.stream.next())
                .await
                .expect("a frame within 5 s")
                .expect("the socket is open")
                .expect("a frame");
            match message {
                Message::Text(text) => return serde_json::from_str(&text).unwrap(),
                Message::Close(frame) => panic!("closed: {frame:?}"),
                _ => {}
            }
        }
    }

    /// The next JSON frame, within `wait`.
    pub async fn next_within(&mut self, wait: Duration) -> Value {
        loop {
            let message = tokio::time::timeout(wait, self.stream.next())
                .await
                .expect("a frame in time")
                .expect("the socket is open")
                .expect("a frame");
            match message {
                Message::Text(text) => return serde_json::from_str(&text).unwrap(),
                Message::Close(frame) => panic!("closed: {frame:?}"),
                _ => {}
            }
        }
    }

    /// The next frame of the given type, skipping others (presence, unread, typing).
    pub async fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let frame = self.next().await;
            if frame["type"] == kind {
                return frame;
            }
        }
    }

    /// Frames of the given type arriving within `wait`.
    pub async fn collect(&mut self, kind: &str, wait: Duration) -> Vec<Value> {
        let mut out = Vec::new();
        let deadline = tokio::time::Instant::now() + wait;
        while let Ok(Some(Ok(message))) =
            tokio::time::timeout_at(deadline, self.stream.next()).await
        {
            if let Message::Text(text) = message {
                let frame: Value = serde_json::from_str(&text).unwrap();
                if frame["type"] == kind {
                    out.push(frame);
                }
            }
        }
        out
    }

    /// The close code the server ends with, within five seconds.
    pub async fn close_code(&mut self) -> Option<u16> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            match tokio::time::timeout_at(deadline, self.stream.next()).await {
                Ok(Some(Ok(Message::Close(frame)))) => return frame.map(|f| f.code.into()),
                Ok(Some(Ok(_))) => continue,
                Ok(Some(Err(_))) | Ok(None) => return None,
                Err(_) => panic!("the server did not close the socket"),
            }
        }
    }

    /// The close frame (code, reason) the server ends with, within five seconds; frames
    /// before it are returned too.
    pub async fn closed(&mut self) -> (Option<(u16, String)>, Vec<Value>) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        let mut before = Vec::new();
        loop {
            match tokio::time::timeout_at(deadline, self.stream.next()).await {
                Ok(Some(Ok(Message::Close(frame)))) => {
                    return (frame.map(|f| (f.code.into(), f.reason.to_string())), before);
                }
                Ok(Some(Ok(Message::Text(text)))) => {
                    before.push(serde_json::from_str(&text).unwrap());
                }
                Ok(Some(Ok(_))) => continue,
                Ok(Some(Err(_))) | Ok(None) => return (None, before),
                Err(_) => panic!("the server did not close the socket"),
            }
        }
    }

    pub async fn send_message(&mut self, channel_id: i64, body: &str, client_id: &str) -> Value {
        self.send(
            json!({"type": "send", "channel_id": channel_id, "body": body, "client_id": client_id}),
        )
        .await;
        let ack = self.next_of("ack").await;
        assert_eq!(ack["client_id"], client_id, "{ack}");
        ack["message"].clone()
    }
}

pub async fn create_channel(app: &TestApp, owner: &TestMember, kind: &str, title: &str) -> i64 {
    let response = app
        .api_as(owner)
        .post(
            "/api/v1/chat/channels",
            &json!({"kind": kind, "title": title, "topic": "Talk"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED, "create {title}");
    response.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap()
}

pub async fn add(app: &TestApp, actor: &TestMember, channel: i64, member: Option<&TestMember>) {
    let body = match member {
        Some(m) => json!({"member_id": m.id}),
        None => json!({}),
    };
    let response = app
        .api_as(actor)
        .post(&format!("/api/v1/chat/channels/{channel}/members"), &body)
        .await;
    assert_eq!(response.status(), StatusCode::OK, "add to {channel}");
}
