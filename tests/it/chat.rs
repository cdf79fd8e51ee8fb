//! Chat over HTTP and WebSocket: channels, direct conversations, idempotent sends, history,
//! edits and deletions, mentions and reports, the socket protocol (acks, fan-out, typing,
//! unread counts, errors, flooding, resume), authorisation after removal, shutdown, two
//! instances on one PostgreSQL, durability across `kill -9`, and the pages without JavaScript.

use crate::chat_client;
use crate::common;

use std::time::Duration;

use chat_client::*;
use common::{PASSWORD, TestApp, TestMember, assert_error};
use futures::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

both_backends!(
    channels_messages_and_direct_conversations,
    history_pages_edits_deletions_and_search,
    mentions_notify_and_reports_reach_moderators,
    mentions_cannot_flood_a_member,
    socket_acks_fans_out_and_counts_unread,
    socket_errors_keep_the_connection_open,
    socket_authentication_and_origin,
    removed_members_are_sent_nothing,
    resume_has_no_gap_and_no_duplicate,
    acknowledged_messages_survive_kill_9,
    pages_work_without_javascript,
);

async fn post(app: &TestApp, author: &TestMember, channel: i64, body: &str) -> Value {
    let response = app
        .api_as(author)
        .post(
            &format!("/api/v1/chat/channels/{channel}/messages"),
            &json!({"body": body}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED, "post {body}");
    response.json().await.unwrap()
}

async fn history(app: &TestApp, member: &TestMember, channel: i64, query: &str) -> Vec<Value> {
    app.api_as(member)
        .get_json(&format!("/api/v1/chat/channels/{channel}/messages{query}"))
        .await["messages"]
        .as_array()
        .unwrap()
        .clone()
}

fn ids(messages: &[Value]) -> Vec<i64> {
    messages
        .iter()
        .map(|m| {
            m["id"]
                .as_i64()
                .or_else(|| m["message"]["id"].as_i64())
                .unwrap()
        })
        .collect()
}

async fn unread_of(app: &TestApp, member: &TestMember, channel: i64) -> i64 {
    let list = app.api_as(member).get_json("/api/v1/chat/channels").await;
    list["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == channel)
        .map(|c| c["unread"].as_i64().unwrap())
        .expect("the channel is listed")
}

// Tests.

async fn channels_messages_and_direct_conversations(app: TestApp) {
    let admin = app.member("Admin").await;
    let bob = app.member("Bob").await;
    let carla = app.member("Carla").await;

    // Organisers create public channels; members create private ones only.
    let landfills = create_channel(&app, &admin, "public", "Landfills").await;
    assert_error(
        app.api_as(&bob)
            .post(
                "/api/v1/chat/channels",
                &json!({"kind": "public", "title": "Mine"}),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        app.api_as(&bob)
            .post(
                "/api/v1/chat/channels",
                &json!({"kind": "private", "title": " "}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "chat_title_invalid",
    )
    .await;
    let private = create_channel(&app, &bob, "private", "Bob's circle").await;

    // A public channel is listed to join; posting needs membership.
    let list = app.api_as(&carla).get_json("/api/v1/chat/channels").await;
    let listed: Vec<&Value> = list["channels"].as_array().unwrap().iter().collect();
    assert!(
        listed
            .iter()
            .any(|c| c["id"] == landfills && c["joined"] == false)
    );
    assert!(!listed.iter().any(|c| c["id"] == private), "{list}");
    assert_error(
        app.api_as(&carla)
            .post(
                &format!("/api/v1/chat/channels/{landfills}/messages"),
                &json!({"body": "hi"}),
            )
            .await,
        StatusCode::FORBIDDEN,
        "chat_not_a_member",
    )
    .await;
    add(&app, &carla, landfills, None).await;

    // Idempotent sends: the same client id returns the stored message.
    let first = app
        .api_as(&carla)
        .post(
            &format!("/api/v1/chat/channels/{landfills}/messages"),
            &json!({"body": "Methane **capture**", "client_id": "c-1"}),
        )
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["author_name"], "Carla");
    assert!(
        first["body_html"]
            .as_str()
            .unwrap()
            .contains("<strong>capture</strong>")
    );
    let again = app
        .api_as(&carla)
        .post(
            &format!("/api/v1/chat/channels/{landfills}/messages"),
            &json!({"body": "Methane **capture**", "client_id": "c-1"}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.json::<Value>().await.unwrap()["id"], first["id"]);
    assert_eq!(history(&app, &carla, landfills, "").await.len(), 1);
    assert_error(
        app.api_as(&carla)
            .post(
                &format!("/api/v1/chat/channels/{private}/messages"),
                &json!({"body": "x", "client_id": "c-1"}),
            )
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Bodies: sanitised, not empty, at most 4,000 characters.
    for (body, code) in [
        ("   ", "chat_body_empty"),
        (&"ж".repeat(4001) as &str, "chat_body_too_long"),
    ] {
        assert_error(
            app.api_as(&carla)
                .post(
                    &format!("/api/v1/chat/channels/{landfills}/messages"),
                    &json!({"body": body}),
                )
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        )
        .await;
    }
    let evil = post(
        &app,
        &carla,
        landfills,
        "Look <script>alert(1)</script> see https://eco.kz",
    )
    .await;
    let html = evil["body_html"].as_str().unwrap();
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("href=\"https://eco.kz\""), "{html}");

    // A private channel does not exist for outsiders.
    assert_error(
        app.api_as(&carla)
            .get(&format!("/api/v1/chat/channels/{private}/messages"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        app.api_as(&carla)
            .post(
                &format!("/api/v1/chat/channels/{private}/members"),
                &json!({}),
            )
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    add(&app, &bob, private, Some(&carla)).await;
    assert_eq!(history(&app, &carla, private, "").await.len(), 0);

    // Direct conversations: one channel per set of people, 2 to 10 people.
    let direct = |who: &TestMember, ids: Value| {
        let api = app.api_as(who);
        async move {
            api.post("/api/v1/chat/direct", &json!({"member_ids": ids}))
                .await
        }
    };
    let a: Value = direct(&bob, json!([carla.id])).await.json().await.unwrap();
    let b: Value = direct(&carla, json!([bob.id, bob.id, carla.id]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(a["id"], b["id"]);
    let group: Value = direct(&bob, json!([carla.id, admin.id]))
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(group["id"], a["id"]);
    assert_error(
        direct(&bob, json!([bob.id])).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "chat_direct_size",
    )
    .await;
    assert_error(
        direct(&bob, json!((1000..1010).collect::<Vec<i64>>())).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "chat_direct_size",
    )
    .await;
    assert_error(
        direct(&bob, json!([999_999])).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "chat_member_unknown",
    )
    .await;
    let dm = a["id"].as_i64().unwrap();
    post(&app, &bob, dm, "Hello Carla").await;
    assert_eq!(
        history(&app, &admin, group["id"].as_i64().unwrap(), "")
            .await
            .len(),
        0
    );
    assert_error(
        app.api_as(&admin)
            .get(&format!("/api/v1/chat/channels/{dm}/messages"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let list = app.api_as(&carla).get_json("/api/v1/chat/channels").await;
    let conversation = list["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == dm)
        .unwrap()
        .clone();
    assert_eq!(conversation["kind"], "direct");
    assert_eq!(conversation["title"], "Bob");
    assert_eq!(conversation["unread"], 1);
    assert_eq!(
        app.api_as(&carla).get_json("/api/v1/chat/unread").await["total"],
        1
    );

    // Event channels for other capabilities: one per context.
    let first = circula::chat::ensure_context_channel(&app.state, "event:42", "ECO week")
        .await
        .unwrap();
    let again = circula::chat::ensure_context_channel(&app.state, "event:42", "ECO week")
        .await
        .unwrap();
    assert_eq!(first, again);
    assert!(
        circula::chat::add_context_member(&app.state, first, bob.id)
            .await
            .unwrap()
    );
    post(&app, &bob, first, "See you at the session").await;
    assert_error(
        app.api_as(&carla)
            .get(&format!("/api/v1/chat/channels/{first}/messages"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

async fn history_pages_edits_deletions_and_search(app: TestApp) {
    let admin = app.member("Admin").await;
    let bob = app.member("Bob").await;
    let carla = app.member("Carla").await;
    let public = create_channel(&app, &admin, "public", "Recycling in Almaty").await;
    add(&app, &bob, public, None).await;
    let mut sent = Vec::new();
    for i in 0..7 {
        sent.push(
            post(&app, &bob, public, &format!("Batch {i} of PET bales")).await["id"]
                .as_i64()
                .unwrap(),
        );
    }
    let newest = history(&app, &bob, public, "?limit=3").await;
    assert_eq!(ids(&newest), sent[4..].to_vec());
    let older = history(&app, &bob, public, &format!("?limit=3&before={}", sent[4])).await;
    assert_eq!(ids(&older), sent[1..4].to_vec());
    let after = history(&app, &bob, public, &format!("?limit=2&after={}", sent[1])).await;
    assert_eq!(ids(&after), sent[2..4].to_vec());
    assert_error(
        app.api_as(&bob)
            .get(&format!(
                "/api/v1/chat/channels/{public}/messages?limit=abc"
            ))
            .await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;

    // Edit and delete one's own messages only.
    let path = format!("/api/v1/chat/messages/{}", sent[0]);
    let edited = app
        .api_as(&bob)
        .patch(&path, &json!({"body": "Batch zero, corrected"}))
        .await;
    assert_eq!(edited.status(), StatusCode::OK);
    let edited: Value = edited.json().await.unwrap();
    assert_eq!(edited["body"], "Batch zero, corrected");
    assert!(edited["edited_at"].is_i64());
    assert_error(
        app.api_as(&admin)
            .patch(&path, &json!({"body": "mine now"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        app.api_as(&carla).delete(&path).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        app.api_as(&bob).delete(&path).await.status(),
        StatusCode::NO_CONTENT
    );
    let all = history(&app, &bob, public, "").await;
    let gone = all.iter().find(|m| m["id"] == sent[0]).unwrap();
    assert_eq!(gone["deleted"], true);
    assert_eq!(gone["body"], "");
    assert_error(
        app.api_as(&bob)
            .patch(&path, &json!({"body": "back"}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Search finds words by prefix in readable channels only, never deleted text.
    let private = create_channel(&app, &bob, "private", "Secret").await;
    post(&app, &bob, private, "Secret bales price").await;
    let found = app
        .api_as(&carla)
        .get_json("/api/v1/chat/search?q=bale")
        .await;
    let found = found["messages"].as_array().unwrap();
    assert_eq!(found.len(), 6, "{found:?}");
    assert!(found.iter().all(|m| m["channel_id"] == public));
    let mine = app
        .api_as(&bob)
        .get_json("/api/v1/chat/search?q=secret+BAL")
        .await;
    assert_eq!(mine["messages"].as_array().unwrap().len(), 1);
    let zero = app
        .api_as(&bob)
        .get_json("/api/v1/chat/search?q=zero")
        .await;
    assert!(zero["messages"].as_array().unwrap().is_empty());
}

/// Twenty mentions in a row from one author notify Bob five times; another author still can.
async fn mentions_cannot_flood_a_member(app: TestApp) {
    let admin = app.member("Admin").await;
    let bob = app.member("Bob").await;
    let carla = app.member("Carla").await;
    let channel = create_channel(&app, &admin, "public", "Sorting").await;
    add(&app, &bob, channel, None).await;
    add(&app, &carla, channel, None).await;
    let mentions_of_bob = || async {
        let list = app.api_as(&bob).get_json("/api/v1/notifications").await;
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "chat_mention")
            .count()
    };
    for n in 0..20 {
        post(&app, &carla, channel, &format!("@bob look {n}")).await;
    }
    assert_eq!(
        mentions_of_bob().await,
        5,
        "at most five at once from one author"
    );
    post(&app, &admin, channel, "@bob and from me").await;
    assert_eq!(
        mentions_of_bob().await,
        6,
        "other authors are not held back"
    );
}

async fn mentions_notify_and_reports_reach_moderators(app: TestApp) {
    let admin = app.member("Admin").await;
    let bob = app.member("Bob Sailau").await;
    let carla = app.member("Carla").await;
    let channel = create_channel(&app, &admin, "public", "Landfill gas").await;
    add(&app, &bob, channel, None).await;
    add(&app, &carla, channel, None).await;

    let message = post(
        &app,
        &carla,
        channel,
        "@bob and @BobSailau, look; not me@mail.kz",
    )
    .await;
    let notifications = app.api_as(&bob).get_json("/api/v1/notifications").await;
    let items = notifications["items"]
        .as_array()
        .or(notifications["notifications"].as_array())
        .unwrap()
        .clone();
    let mentions: Vec<&Value> = items
        .iter()
        .filter(|n| n["kind"] == "chat_mention")
        .collect();
    assert_eq!(mentions.len(), 1, "{notifications}");
    assert_eq!(
        mentions[0]["link"],
        format!("/chat/{channel}#m{}", message["id"])
    );

    // Reports go to the moderators, once per member and message.
    let report = format!("/api/v1/chat/messages/{}/report", message["id"]);
    assert_eq!(
        app.api_as(&bob)
            .post(&report, &json!({"reason": "spam"}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_error(
        app.api_as(&bob).post(&report, &json!({})).await,
        StatusCode::CONFLICT,
        "chat_already_reported",
    )
    .await;
    let notifications = app.api_as(&admin).get_json("/api/v1/notifications").await;
    assert!(
        notifications.to_string().contains("chat_report"),
        "{notifications}"
    );

    // Only moderators hide; a hidden message keeps its place without its text.
    let hide = format!("/api/v1/chat/messages/{}/hide", message["id"]);
    assert_error(
        app.api_as(&bob).post(&hide, &json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        app.api_as(&admin).post(&hide, &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    let shown = history(&app, &bob, channel, "").await;
    assert_eq!(shown[0]["hidden"], true);
    assert_eq!(shown[0]["body_html"], "");
    assert_error(
        app.api_as(&carla)
            .patch(
                &format!("/api/v1/chat/messages/{}", message["id"]),
                &json!({"body": "again"}),
            )
            .await,
        StatusCode::FORBIDDEN,
        "chat_message_hidden",
    )
    .await;
}

async fn socket_acks_fans_out_and_counts_unread(app: TestApp) {
    let _admin = app.member("Admin").await;
    let bob = app.member("Bob").await;
    let carla = app.member("Carla").await;
    let dave = app.member("Dave").await;
    let channel = create_channel(&app, &bob, "private", "Operators").await;
    add(&app, &bob, channel, Some(&carla)).await;
    let dm: Value = app
        .api_as(&bob)
        .post("/api/v1/chat/direct", &json!({"member_ids": [carla.id]}))
        .await
        .json()
        .await
        .unwrap();
    let dm = dm["id"].as_i64().unwrap();

    let mut carla_ws = connect(&app.address, &carla.token).await;
    let mut bob_ws = connect(&app.address, &bob.token).await;
    let mut dave_ws = connect(&app.address, &dave.token).await;
    // Carla shares a direct conversation with Bob: she sees him come online.
    let presence = carla_ws.next_of("presence").await;
    assert_eq!(presence["member_id"], bob.id);
    assert_eq!(presence["status"], "online");

    let message = bob_ws
        .send_message(channel, "Hello *operators*", "b-1")
        .await;
    assert_eq!(message["channel_id"], channel);
    assert_eq!(message["author_id"], bob.id);
    let stored = history(&app, &carla, channel, "").await;
    assert_eq!(ids(&stored), vec![message["id"].as_i64().unwrap()]);
    let live = carla_ws.next_of("message").await;
    assert_eq!(live["message"]["id"], message["id"]);
    assert!(
        live["message"]["body_html"]
            .as_str()
            .unwrap()
            .contains("<em>operators</em>")
    );

    // A resend of the same client id is acknowledged with the stored message, not posted again.
    let again = bob_ws
        .send_message(channel, "Hello *operators*", "b-1")
        .await;
    assert_eq!(again["id"], message["id"]);
    assert!(
        carla_ws
            .collect("message", Duration::from_millis(400))
            .await
            .is_empty()
    );
    assert_eq!(history(&app, &carla, channel, "").await.len(), 1);

    // Typing reaches the others of the channel, not the typist, not outsiders.
    bob_ws
        .send(json!({"type": "typing", "channel_id": channel}))
        .await;
    let typing = carla_ws.next_of("typing").await;
    assert_eq!(typing["channel_id"], channel);
    assert_eq!(typing["name"], "Bob");
    assert!(
        bob_ws
            .collect("typing", Duration::from_millis(300))
            .await
            .is_empty()
    );
    assert!(
        dave_ws
            .collect("message", Duration::from_millis(10))
            .await
            .is_empty()
    );

    // Edits and deletions arrive live.
    let path = format!("/api/v1/chat/messages/{}", message["id"]);
    app.api_as(&bob)
        .patch(&path, &json!({"body": "Hello all"}))
        .await;
    let edited = carla_ws.next_of("edited").await;
    assert_eq!(edited["message"]["body"], "Hello all");
    app.api_as(&bob).delete(&path).await;
    let deleted = carla_ws.next_of("deleted").await;
    assert_eq!(deleted["message_id"], message["id"]);
    assert_eq!(deleted["channel_id"], channel);

    // Unread counts: a new connection gets them; a read marker updates them.
    let second = bob_ws.send_message(dm, "Are you coming?", "b-2").await;
    carla_ws.next_of("message").await;
    assert_eq!(unread_of(&app, &carla, dm).await, 1);
    let mut carla_phone = connect(&app.address, &carla.token).await;
    let unread = carla_phone.next_of("unread").await;
    assert_eq!(unread["channel_id"], dm);
    assert_eq!(unread["count"], 1);
    assert_eq!(unread["total"], 1);
    carla_ws
        .send(json!({"type": "read", "channel_id": dm, "message_id": second["id"]}))
        .await;
    for socket in [&mut carla_ws, &mut carla_phone] {
        let unread = socket.next_of("unread").await;
        assert_eq!(unread["channel_id"], dm);
        assert_eq!(unread["count"], 0);
        assert_eq!(unread["total"], 0);
    }
    assert_eq!(unread_of(&app, &carla, dm).await, 0);

    // Away and offline reach the contact too.
    bob_ws
        .send(json!({"type": "presence", "status": "away"}))
        .await;
    let away = carla_ws.next_of("presence").await;
    assert_eq!(away["status"], "away");
    drop(bob_ws);
    let offline = carla_ws.next_of("presence").await;
    assert_eq!(offline["member_id"], bob.id);
    assert_eq!(offline["status"], "offline");
}

async fn socket_errors_keep_the_connection_open(app: TestApp) {
    let _admin = app.member("Admin").await;
    let bob = app.member("Bob").await;
    let carla = app.member("Carla").await;
    let mine = create_channel(&app, &bob, "private", "Mine").await;
    let hers = create_channel(&app, &carla, "private", "Hers").await;
    let mut ws = connect(&app.address, &bob.token).await;

    let cases: Vec<(String, &str)> = vec![
        ("not json".into(), "chat_malformed_frame"),
        (json!({"type": "send", "channel_id": "x"}).to_string(), "chat_malformed_frame"),
        (json!({"type": "dance"}).to_string(), "chat_unknown_type"),
        (
            json!({"type": "send", "channel_id": mine, "body": "x".repeat(4001), "client_id": "long"}).to_string(),
            "chat_body_too_long",
        ),
        (
            json!({"type": "send", "channel_id": mine, "body": "  ", "client_id": "empty"}).to_string(),
            "chat_body_empty",
        ),
        (
            json!({"type": "send", "channel_id": hers, "body": "hi", "client_id": "theirs"}).to_string(),
            "chat_not_a_member",
        ),
        (
            json!({"type": "send", "channel_id": 999_999, "body": "hi", "client_id": "nowhere"}).to_string(),
            "chat_not_a_member",
        ),
        (
            json!({"type": "send", "channel_id": mine, "body": "hi", "client_id": ""}).to_string(),
            "chat_client_id_invalid",
        ),
    ];
    for (frame, code) in cases {
        ws.send_text(&frame).await;
        let error = ws.next_of("error").await;
        assert_eq!(error["code"], code, "{frame}");
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let error = {
        ws.send(json!({"type": "send", "channel_id": mine, "body": "", "client_id": "e-2"}))
            .await;
        ws.next_of("error").await
    };
    assert_eq!(error["client_id"], "e-2");
    // Nothing was stored, and the connection still works.
    assert!(history(&app, &bob, mine, "").await.is_empty());
    assert!(history(&app, &carla, hers, "").await.is_empty());
    ws.send_message(mine, "still here", "ok-1").await;

    // Flooding: over the burst, frames are refused with an error; the connection stays.
    // A full bucket (30), then 35 frames at once.
    tokio::time::sleep(Duration::from_secs(6)).await;
    for _ in 0..35 {
        ws.send(json!({"type": "presence", "status": "online"}))
            .await;
    }
    let errors = ws.collect("error", Duration::from_millis(500)).await;
    assert!(!errors.is_empty());
    assert!(
        errors.iter().all(|e| e["code"] == "chat_flooding"),
        "{errors:?}"
    );
    tokio::time::sleep(Duration::from_millis(1200)).await;
    ws.send_message(mine, "after a pause", "ok-2").await;
    assert_eq!(history(&app, &bob, mine, "").await.len(), 2);

    // Abuse ends the connection (policy violation), and affects no one else.
    let mut other = connect(&app.address, &carla.token).await;
    for i in 0..200 {
        if ws
            .stream
            .send(Message::text(
                json!({"type": "typing", "channel_id": i}).to_string(),
            ))
            .await
            .is_err()
        {
            break;
        }
    }
    assert_eq!(ws.close_code().await, Some(1008));
    other.send_message(hers, "unaffected", "c-1").await;
}

async fn socket_authentication_and_origin(app: TestApp) {
    let _admin = app.member("Admin").await;
    let bob = app.member("Bob").await;
    // No credentials.
    let err = tokio_tungstenite::connect_async(socket_url(&app.address))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("401"), "{err}");
    // A bad bearer token.
    let mut request = socket_url(&app.address).into_client_request().unwrap();
    request
        .headers_mut()
        .insert("authorization", "Bearer nope".parse().unwrap());
    assert!(tokio_tungstenite::connect_async(request).await.is_err());

    // The session cookie works only from the site's own pages.
    let browser = app.browser();
    browser.login(&bob.email, PASSWORD).await;
    let session = browser.cookie("session").unwrap();
    let with_origin = |origin: &str| {
        let mut request = socket_url(&app.address).into_client_request().unwrap();
        let headers = request.headers_mut();
        headers.insert("cookie", format!("session={session}").parse().unwrap());
        if !origin.is_empty() {
            headers.insert("origin", origin.parse().unwrap());
        }
        request
    };
    for origin in ["https://evil.example", ""] {
        let err = tokio_tungstenite::connect_async(with_origin(origin))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("403"), "{origin}: {err}");
    }
    let (stream, _) = tokio_tungstenite::connect_async(with_origin(&app.address))
        .await
        .expect("same-origin cookie socket");
    let mut ws = Ws { stream };
    let channel = create_channel(&app, &bob, "private", "Mine").await;
    ws.send_message(channel, "from the browser", "web-1").await;
}

async fn removed_members_are_sent_nothing(app: TestApp) {
    let _admin = app.member("Admin").await;
    let bob = app.member("Bob").await;
    let carla = app.member("Carla").await;
    let channel = create_channel(&app, &bob, "private", "Board").await;
    add(&app, &bob, channel, Some(&carla)).await;
    let mut carla_ws = connect(&app.address, &carla.token).await;
    let mut bob_ws = connect(&app.address, &bob.token).await;
    let before = bob_ws.send_message(channel, "before", "1").await;
    assert_eq!(
        carla_ws.next_of("message").await["message"]["id"],
        before["id"]
    );

    // Carla may not remove Bob; Bob (moderator) removes Carla.
    assert_error(
        app.api_as(&carla)
            .delete(&format!(
                "/api/v1/chat/channels/{channel}/members/{}",
                bob.id
            ))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        app.api_as(&bob)
            .delete(&format!(
                "/api/v1/chat/channels/{channel}/members/{}",
                carla.id
            ))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let after = bob_ws.send_message(channel, "after", "2").await;
    bob_ws
        .send(json!({"type": "typing", "channel_id": channel}))
        .await;
    app.api_as(&bob)
        .patch(
            &format!("/api/v1/chat/messages/{}", before["id"]),
            &json!({"body": "edited after"}),
        )
        .await;
    carla_ws
        .send(json!({"type": "resume", "since": {channel.to_string(): 0}}))
        .await;
    let error = carla_ws.next_of("error").await;
    assert_eq!(error["code"], "chat_not_a_member");
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_millis(700);
    while let Ok(Some(Ok(message))) =
        tokio::time::timeout_at(deadline, carla_ws.stream.next()).await
    {
        if let Message::Text(text) = message {
            seen.push(text.to_string());
        }
    }
    assert!(
        seen.iter()
            .all(|f| !f.contains("after") && !f.contains("typing")),
        "{seen:?}"
    );
    assert!(
        !seen
            .iter()
            .any(|f| f.contains(&format!("\"id\":{}", after["id"])))
    );
    assert_error(
        app.api_as(&carla)
            .get(&format!("/api/v1/chat/channels/{channel}/messages"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    carla_ws
        .send(json!({"type": "send", "channel_id": channel, "body": "let me in", "client_id": "x"}))
        .await;
    assert_eq!(carla_ws.next_of("error").await["code"], "chat_not_a_member");
}

async fn resume_has_no_gap_and_no_duplicate(app: TestApp) {
    let _admin = app.member("Admin").await;
    let bob = app.member("Bob").await;
    let carla = app.member("Carla").await;
    let channel = create_channel(&app, &bob, "private", "Weak signal").await;
    add(&app, &bob, channel, Some(&carla)).await;
    let a = post(&app, &bob, channel, "a").await["id"].as_i64().unwrap();
    let mut carla_ws = connect(&app.address, &carla.token).await;
    drop(carla_ws);
    // While Carla is away: b and c.
    let b = post(&app, &bob, channel, "b").await["id"].as_i64().unwrap();
    let c = post(&app, &bob, channel, "c").await["id"].as_i64().unwrap();
    carla_ws = connect(&app.address, &carla.token).await;
    // Before she asks to resume, d arrives live.
    // (With PostgreSQL, c may also arrive live: its notification can trail the connection.)
    let d = post(&app, &bob, channel, "d").await["id"].as_i64().unwrap();
    let mut got = Vec::new();
    while got.last() != Some(&d) {
        got.push(
            carla_ws.next_of("message").await["message"]["id"]
                .as_i64()
                .unwrap(),
        );
    }
    carla_ws
        .send(json!({"type": "resume", "since": {channel.to_string(): a}}))
        .await;
    let e = post(&app, &bob, channel, "e").await["id"].as_i64().unwrap();
    let frames = carla_ws
        .collect("message", Duration::from_millis(800))
        .await;
    got.extend(ids(&frames));
    let mut sorted = got.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted, vec![b, c, d, e], "no gap: {got:?}");
    assert_eq!(got.len(), 4, "no duplicate: {got:?}");

    // A resume right after connecting, with many messages, in order.
    let mut expected = Vec::new();
    for i in 0..230 {
        expected.push(
            post(&app, &bob, channel, &format!("m{i}")).await["id"]
                .as_i64()
                .unwrap(),
        );
    }
    let mut phone = connect(&app.address, &carla.token).await;
    phone
        .send(json!({"type": "resume", "since": {channel.to_string(): e}}))
        .await;
    let mut got = Vec::new();
    while got.len() < expected.len() {
        got.push(
            phone.next_of("message").await["message"]["id"]
                .as_i64()
                .unwrap(),
        );
    }
    assert_eq!(got, expected);
    assert!(
        phone
            .collect("message", Duration::from_millis(300))
            .await
            .is_empty()
    );
}

/// A real server process: messages acknowledged over the socket survive `kill -9`.
async fn acknowledged_messages_survive_kill_9(app: TestApp) {
    let data = tempfile::tempdir().unwrap();
    let database_url = match app.state.db.backend {
        circula::store::Backend::Sqlite => None,
        circula::store::Backend::Postgres => app.state.config.database_url.clone(),
    };
    let server = Server::start(data.path(), database_url.as_deref()).await;
    let api = reqwest::Client::new();
    let email = "kill@circula.test";
    let registered = api
        .post(server.url("/api/v1/auth/register"))
        .json(&json!({"email": email, "password": PASSWORD, "name": "Kill Nine"}))
        .send()
        .await
        .unwrap();
    assert!(registered.status().is_success(), "{}", registered.status());
    let token: Value = api
        .post(server.url("/api/v1/auth/token"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["token"].as_str().unwrap().to_string();
    let channel: Value = api
        .post(server.url("/api/v1/chat/channels"))
        .bearer_auth(&token)
        .json(&json!({"kind": "private", "title": "Durable"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let channel = channel["id"].as_i64().unwrap();

    let mut ws = connect(&server.address, &token).await;
    for i in 0..400 {
        ws.send(json!({"type": "send", "channel_id": channel, "body": format!("durable {i}"), "client_id": format!("k{i}")}))
            .await;
    }
    let mut acked = Vec::new();
    while acked.len() < 150 {
        let ack = ws.next_of("ack").await;
        acked.push(ack["message"]["id"].as_i64().unwrap());
    }
    let mut server = server;
    server.kill9();
    // Whatever else was acknowledged before the kill counts too.
    while let Ok(Some(Ok(Message::Text(text)))) =
        tokio::time::timeout(Duration::from_millis(200), ws.stream.next()).await
    {
        let frame: Value = serde_json::from_str(&text).unwrap();
        if frame["type"] == "ack" {
            acked.push(frame["message"]["id"].as_i64().unwrap());
        }
    }
    let server = Server::start(data.path(), database_url.as_deref()).await;
    let mut stored = Vec::new();
    let mut after = 0;
    loop {
        let page: Value = api
            .get(server.url(&format!(
                "/api/v1/chat/channels/{channel}/messages?after={after}&limit=200"
            )))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let page = page["messages"].as_array().unwrap().clone();
        if page.is_empty() {
            break;
        }
        after = page.last().unwrap()["id"].as_i64().unwrap();
        stored.extend(ids(&page));
    }
    for id in &acked {
        assert!(stored.contains(id), "acknowledged message {id} was lost");
    }
    drop(server);
}

/// The built binary serving on a free port.
struct Server {
    child: std::process::Child,
    address: String,
}

impl Server {
    async fn start(data: &std::path::Path, database_url: Option<&str>) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_circula"));
        command
            .arg("serve")
            .env("CIRCULA_LISTEN", format!("127.0.0.1:{port}"))
            .env("CIRCULA_DATA", data)
            .env("CIRCULA_CHAT_BURST", "100000")
            .env("CIRCULA_CHAT_PER_SECOND", "100000")
            .env_remove("CIRCULA_DATABASE_URL")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        if let Some(url) = database_url {
            command.env("CIRCULA_DATABASE_URL", url);
        }
        let child = command.spawn().expect("the server starts");
        let server = Server {
            child,
            address: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..300 {
            if let Ok(response) = reqwest::get(server.url("/healthz")).await
                && response.status().is_success()
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not come up");
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// SIGKILL: no shutdown code runs.
    fn kill9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn pages_work_without_javascript(app: TestApp) {
    let admin = app.member("Admin").await;
    let bob = app.member("Bob").await;
    let carla = app.member("Carla").await;
    let channel = create_channel(&app, &admin, "public", "Landfills").await;
    add(&app, &bob, channel, None).await;
    add(&app, &carla, channel, None).await;
    for i in 0..55 {
        post(&app, &carla, channel, &format!("Old note {i}")).await;
    }

    let browser = app.browser();
    browser.login(&bob.email, PASSWORD).await;
    let index = browser.get_html("/chat").await;
    assert!(index.contains("Landfills"));
    assert!(
        index.contains("id=\"chat-badge\">55<"),
        "the header shows the total"
    );

    // The channel page: newest page, a link to older ones, the first unread marked.
    let page = browser.get_html(&format!("/chat/{channel}")).await;
    assert!(page.contains("Old note 54"));
    assert!(!page.contains("Old note 4<"));
    assert!(page.contains("id=\"first-unread\""));
    assert!(page.contains("href=\"#first-unread\""));
    let older = regex::Regex::new(r#"href="(/chat/\d+\?before=\d+)""#).unwrap();
    let older = older.captures(&page).expect("a link to older messages")[1].to_string();
    let older_page = browser.get_html(&older).await;
    assert!(older_page.contains("Old note 0"));
    // Seeing the newest page read it.
    assert!(
        browser
            .get_html("/chat")
            .await
            .contains("id=\"chat-badge\" hidden>0<")
    );

    // Posting through the form, with a file; a resubmitted form does not post twice.
    let csrf = browser.csrf().await;
    let form = |body: &str| {
        reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("client_id", "form-1")
            .text("body", body.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(b"%PDF-1.4 report".to_vec())
                    .file_name("report.pdf"),
            )
    };
    for _ in 0..2 {
        let response = browser
            .client
            .post(browser.url(&format!("/chat/{channel}/post")))
            .multipart(form("From the **form**"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    let newest = history(&app, &bob, channel, "?limit=2").await;
    assert_eq!(newest.last().unwrap()["body"], "From the **form**");
    assert_ne!(newest[0]["body"], "From the **form**");
    let attachment = newest.last().unwrap()["attachment"].clone();
    assert_eq!(attachment["name"], "report.pdf");
    assert_eq!(attachment["content_type"], "application/pdf");
    let url = attachment["url"].as_str().unwrap();
    let file = browser.get(url).await;
    assert_eq!(file.status(), StatusCode::OK);
    assert!(
        file.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(file.bytes().await.unwrap().as_ref(), b"%PDF-1.4 report");
    // Outsiders of a private channel cannot download its files.
    let private = create_channel(&app, &bob, "private", "Files").await;
    let response = browser
        .client
        .post(browser.url(&format!("/chat/{private}/post")))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf", csrf.clone())
                .text("body", "secret file")
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(b"secret".to_vec()).file_name("s.txt"),
                ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let secret = history(&app, &bob, private, "").await[0]["attachment"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    let outsider = app.browser();
    outsider.login(&carla.email, PASSWORD).await;
    assert_eq!(outsider.get(&secret).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        outsider.get(&format!("/chat/{private}")).await.status(),
        StatusCode::NOT_FOUND
    );

    // An empty body shows the form again with the error.
    let response = browser
        .client
        .post(browser.url(&format!("/chat/{channel}/post")))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf", csrf.clone())
                .text("body", "  "),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("The message is empty.")
    );

    // Edit, delete, report, search through forms.
    let mine = newest.last().unwrap()["id"].as_i64().unwrap();
    let edit = browser
        .get_html(&format!("/chat/messages/{mine}/edit"))
        .await;
    assert!(edit.contains("From the **form**"));
    let response = browser
        .submit(
            &format!("/chat/messages/{mine}/edit"),
            &[("body", "Edited in the form")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let carlas = history(&app, &bob, channel, "?limit=5").await[0]["id"]
        .as_i64()
        .unwrap();
    let response = browser
        .submit(
            &format!("/chat/messages/{carlas}/report"),
            &[("reason", "off topic")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let search = browser.get_html("/chat/search?q=edited").await;
    assert!(search.contains("Edited in the form"));
    let response = browser
        .submit(&format!("/chat/messages/{mine}/delete"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        !browser
            .get_html("/chat/search?q=edited")
            .await
            .contains("Edited in the form")
    );
    // Someone else's message cannot be deleted or edited through the forms either.
    let response = browser
        .submit(&format!("/chat/messages/{carlas}/delete"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // Moderation: the organiser silences Bob, who then cannot post.
    let moderator = app.browser();
    moderator.login(&admin.email, PASSWORD).await;
    let response = moderator
        .submit(
            &format!("/chat/{channel}/members/{}/silence", bob.id),
            &[("silenced", "1")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_error(
        app.api_as(&bob)
            .post(
                &format!("/api/v1/chat/channels/{channel}/messages"),
                &json!({"body": "muted?"}),
            )
            .await,
        StatusCode::FORBIDDEN,
        "chat_silenced",
    )
    .await;
    assert!(
        browser
            .get_html(&format!("/chat/{channel}"))
            .await
            .contains("A moderator has muted you")
    );
    // A direct conversation by name.
    let response = browser.submit("/chat/direct", &[("names", "Carla")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let dm_page = browser.get_html(&common::location(&response)).await;
    assert!(dm_page.contains("<h1>Carla</h1>"));
}

/// Two instances on one PostgreSQL: what one accepts, a socket on the other receives.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_fan_out_through_postgres() {
    let Some(a) = TestApp::postgres().await else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let mut config = circula::config::Config::with_data(data.path());
    config.database_url = a.state.config.database_url.clone();
    let b = circula::app::App::build(config).await.unwrap();
    let b_address = format!("http://{}", b.addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(b.serve(async {
        let _ = stopped.await;
    }));

    let _admin = a.member("Admin").await;
    let bob = a.member("Bob").await;
    let carla = a.member("Carla").await;
    let channel = create_channel(&a, &bob, "private", "Across").await;
    add(&a, &bob, channel, Some(&carla)).await;

    let mut carla_on_b = connect(&b_address, &carla.token).await;
    let mut bob_on_a = connect(&a.address, &bob.token).await;
    let sent = bob_on_a.send_message(channel, "from A", "x-1").await;
    let got = carla_on_b.next_of("message").await;
    assert_eq!(got["message"]["id"], sent["id"]);
    assert_eq!(got["message"]["body"], "from A");
    bob_on_a
        .send(json!({"type": "typing", "channel_id": channel}))
        .await;
    assert_eq!(carla_on_b.next_of("typing").await["member_id"], bob.id);

    // Removal on A is honoured by B.
    a.api_as(&bob)
        .delete(&format!(
            "/api/v1/chat/channels/{channel}/members/{}",
            carla.id
        ))
        .await;
    bob_on_a.send_message(channel, "after removal", "x-2").await;
    assert!(
        carla_on_b
            .collect("message", Duration::from_millis(700))
            .await
            .is_empty()
    );

    // Shutting B down closes its sockets with 1001 ("going away").
    let _ = stop.send(());
    assert_eq!(carla_on_b.close_code().await, Some(1001));
    served.await.unwrap().unwrap();
}

/// On shutdown the server acknowledges what it accepted, then closes sockets with 1001.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_flushes_and_closes_with_1001() {
    let data = tempfile::tempdir().unwrap();
    let mut config = circula::config::Config::with_data(data.path());
    config.login_burst = 1000;
    let app = circula::app::App::build(config).await.unwrap();
    let address = format!("http://{}", app.addr());
    let state = app.state().clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(app.serve(async {
        let _ = stopped.await;
    }));
    let api = reqwest::Client::new();
    api.post(format!("{address}/api/v1/auth/register"))
        .json(&json!({"email": "s@circula.test", "password": PASSWORD, "name": "Stop"}))
        .send()
        .await
        .unwrap();
    let token: Value = api
        .post(format!("{address}/api/v1/auth/token"))
        .json(&json!({"email": "s@circula.test", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["token"].as_str().unwrap();
    let channel: Value = api
        .post(format!("{address}/api/v1/chat/channels"))
        .bearer_auth(token)
        .json(&json!({"kind": "private", "title": "Last words"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut ws = connect(&address, token).await;
    ws.send_message(channel["id"].as_i64().unwrap(), "before shutdown", "s-1")
        .await;
    assert_eq!(state.service::<circula::chat::Hub>().connections(), 1);
    let _ = stop.send(());
    assert_eq!(ws.close_code().await, Some(1001));
    served.await.unwrap().unwrap();
    assert_eq!(state.service::<circula::chat::Hub>().connections(), 0);
}
