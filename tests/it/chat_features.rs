//! Chat, continued: library documents linked from messages, sockets that end with their
//! member's rights, moderation over JSON and the report queue, presence that does not outlive a
//! crashed instance, and uploads bound by the chat's own limit.

use crate::chat_client;
use crate::common;

use std::time::Duration;

use chat_client::*;
use common::{PASSWORD, TestApp, TestMember, assert_error};
use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

both_backends!(
    library_documents_linked_in_messages,
    sockets_end_with_their_members_rights,
    moderation_over_json_and_the_report_queue,
    attachments_die_with_their_message,
    resume_of_too_many_channels_is_refused,
    retention_deletes_what_is_older,
);

async fn post(app: &TestApp, author: &TestMember, channel: i64, body: Value) -> reqwest::Response {
    app.api_as(author)
        .post(&format!("/api/v1/chat/channels/{channel}/messages"), &body)
        .await
}

async fn history(app: &TestApp, member: &TestMember, channel: i64) -> Vec<Value> {
    app.api_as(member)
        .get_json(&format!("/api/v1/chat/channels/{channel}/messages"))
        .await["messages"]
        .as_array()
        .unwrap()
        .clone()
}

/// A library link document; returns its id.
async fn document(app: &TestApp, owner: &TestMember, title: &str, visibility: &str) -> i64 {
    let response = app
        .api_as(owner)
        .post(
            "/api/v1/library/links",
            &json!({"url": "https://example.org/guide", "title": title, "doc_type": "guide", "visibility": visibility}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED, "document {title}");
    response.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap()
}

// Tests.

/// Messages link library documents: only ones the poster may see, shown as cards, and as
/// "no longer available" (without the title) once the document is hidden or purged.
async fn library_documents_linked_in_messages(app: TestApp) {
    let admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let bob = app.member("Bob").await;
    let channel = create_channel(&app, &ana, "private", "Gas").await;
    add(&app, &ana, channel, Some(&bob)).await;
    let guide = document(&app, &ana, "Landfill gas guide", "members").await;
    let draft = document(&app, &ana, "Secret draft", "public").await;
    let response = app
        .api_as(&ana)
        .delete(&format!("/api/v1/library/documents/{draft}"))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    let mut bob_ws = connect(&app.address, &bob.token).await;
    bob_ws.send(json!({"type": "resume", "since": {}})).await;
    tokio::time::sleep(Duration::from_millis(600)).await;

    // A members-only document, linked over REST: a card for the channel, live too.
    let response = post(
        &app,
        &ana,
        channel,
        json!({"body": "Read this", "document_id": guide}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let message: Value = response.json().await.unwrap();
    let expected = json!({"id": guide, "available": true, "title": "Landfill gas guide",
        "doc_type": "guide", "url": format!("/library/{guide}")});
    assert_eq!(message["document"], expected);
    let live = bob_ws.next_of("message").await;
    assert_eq!(live["message"]["document"], expected);
    assert_eq!(history(&app, &bob, channel).await[0]["document"], expected);
    let plain = post(&app, &ana, channel, json!({"body": "No link"})).await;
    assert!(plain.json::<Value>().await.unwrap()["document"].is_null());
    let spec = app.api().get_json("/api/v1/openapi.json").await;
    assert!(spec["components"]["schemas"]["DocumentOut"].is_object());

    // Hidden, unknown, or not a number the poster may see: refused with one code.
    for (who, id) in [(&bob, draft), (&ana, draft), (&bob, 987_654)] {
        let response = post(&app, who, channel, json!({"body": "x", "document_id": id})).await;
        let body = assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "chat_document_not_found",
        )
        .await;
        assert_eq!(body["field"], "document_id");
    }
    // An admin may see a hidden document, but it is not linked either.
    let open = create_channel(&app, &admin, "public", "Open").await;
    let response = post(
        &app,
        &admin,
        open,
        json!({"body": "x", "document_id": draft}),
    )
    .await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "chat_document_not_found",
    )
    .await;

    // Over the socket: linked in `send`, refused with an error frame.
    let mut ana_ws = connect(&app.address, &ana.token).await;
    ana_ws
        .send(json!({"type": "send", "channel_id": channel, "body": "Socket link", "client_id": "d-1", "document_id": guide}))
        .await;
    let ack = ana_ws.next_of("ack").await;
    assert_eq!(ack["message"]["document"]["title"], "Landfill gas guide");
    ana_ws
        .send(json!({"type": "send", "channel_id": channel, "body": "Bad link", "client_id": "d-2", "document_id": draft}))
        .await;
    let error = ana_ws.next_of("error").await;
    assert_eq!(error["code"], "chat_document_not_found");
    assert_eq!(error["client_id"], "d-2");
    assert!(!error["message"].as_str().unwrap().is_empty());

    // The page shows a card linking to the library.
    let browser = app.browser();
    browser.login(&bob.email, PASSWORD).await;
    let page = browser.get_html(&format!("/chat/{channel}")).await;
    assert!(page.contains(&format!("href=\"/library/{guide}\">Landfill gas guide</a>")));
    assert!(!page.contains("Secret draft"));

    // Hidden after it was linked: no title any more, anywhere.
    let response = app
        .api_as(&ana)
        .delete(&format!("/api/v1/library/documents/{guide}"))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let gone =
        json!({"id": guide, "available": false, "title": null, "doc_type": null, "url": null});
    for message in history(&app, &bob, channel).await {
        if !message["document"].is_null() {
            assert_eq!(message["document"], gone);
        }
    }
    let page = browser.get_html(&format!("/chat/{channel}")).await;
    assert!(!page.contains("Landfill gas guide"));
    assert!(page.contains("Document no longer available"));
    // Purged: still a placeholder, not an error.
    let response = app
        .api_as(&admin)
        .post(
            &format!("/api/v1/library/documents/{guide}/purge"),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let linked: Vec<Value> = history(&app, &bob, channel)
        .await
        .into_iter()
        .filter(|m| !m["document"].is_null())
        .collect();
    assert_eq!(linked.len(), 2);
    assert!(linked.iter().all(|m| m["document"] == gone));

    // The page form takes a link or a number; anything else is explained.
    let other = document(&app, &bob, "Sorting plant study", "public").await;
    let csrf = browser.csrf().await;
    let form = |document: String| {
        reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("body", "From the form")
            .text("document", document)
    };
    let response = browser
        .client
        .post(browser.url(&format!("/chat/{channel}/post")))
        .multipart(form(format!("{}/library/{other}?x=1", app.address)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let last = history(&app, &bob, channel).await.pop().unwrap();
    assert_eq!(last["document"]["title"], "Sorting plant study");
    let response = browser
        .client
        .post(browser.url(&format!("/chat/{channel}/post")))
        .multipart(form("not a document".into()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(page.contains("Give the number of a library document"));
    let response = browser
        .client
        .post(browser.url(&format!("/chat/{channel}/post")))
        .multipart(form(format!("{draft}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("no library document with this number")
    );
}

/// A socket ends with its member's rights: blocking and signing out close it (1008, "signed
/// out") before anything later is sent; a new role or name keeps it, with the new name.
async fn sockets_end_with_their_members_rights(app: TestApp) {
    let admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let bob = app.member("Bob").await;
    let carla = app.member("Carla").await;
    let channel = create_channel(&app, &ana, "private", "Rights").await;
    add(&app, &ana, channel, Some(&bob)).await;
    add(&app, &ana, channel, Some(&carla)).await;
    let mut ana_ws = connect(&app.address, &ana.token).await;
    let mut bob_ws = connect(&app.address, &bob.token).await;

    // A new role and a new name keep the socket; it speaks with the new name at once.
    let response = app
        .api_as(&admin)
        .patch(
            &format!("/api/v1/admin/members/{}", bob.id),
            &json!({"role": "organiser"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app
        .api_as(&bob)
        .patch("/api/v1/me", &json!({"name": "Robert Brown"}))
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    let sent = post(
        &app,
        &ana,
        channel,
        json!({"body": "after the role change"}),
    )
    .await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    let got = bob_ws.next_of("message").await;
    assert_eq!(got["message"]["body"], "after the role change");
    bob_ws
        .send(json!({"type": "typing", "channel_id": channel}))
        .await;
    assert_eq!(ana_ws.next_of("typing").await["name"], "Robert Brown");

    // Logging out closes the socket of that browser session, not the member's other ones.
    let browser = app.browser();
    browser.login(&carla.email, PASSWORD).await;
    let mut carla_page = connect_cookie(&app.address, &browser).await;
    let mut carla_app = connect(&app.address, &carla.token).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let response = browser.submit("/logout", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (close, _) = carla_page.closed().await;
    assert_eq!(close, Some((1008, "signed out".to_string())));
    post(&app, &ana, channel, json!({"body": "after the logout"})).await;
    assert_eq!(
        carla_app.next_of("message").await["message"]["body"],
        "after the logout"
    );
    // Revoking the token closes the socket that uses it.
    let response = app.api_as(&carla).delete("/api/v1/auth/token").await;
    assert!(response.status().is_success(), "{}", response.status());
    let (close, _) = carla_app.closed().await;
    assert_eq!(close, Some((1008, "signed out".to_string())));

    // Blocking closes every socket of the member before any later message reaches it.
    let mut bob_again = connect(&app.address, &bob.token).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let response = app
        .api_as(&admin)
        .patch(
            &format!("/api/v1/admin/members/{}", bob.id),
            &json!({"status": "blocked"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let sent = post(&app, &ana, channel, json!({"body": "after the block"})).await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    for ws in [&mut bob_ws, &mut bob_again] {
        let (close, before) = ws.closed().await;
        assert_eq!(close, Some((1008, "signed out".to_string())));
        assert!(
            before
                .iter()
                .all(|f| f["message"]["body"] != "after the block"),
            "{before:?}"
        );
    }
    // Ana's socket is untouched.
    loop {
        if ana_ws.next_of("message").await["message"]["body"] == "after the block" {
            break;
        }
    }
}

async fn report(app: &TestApp, who: &TestMember, message: i64, reason: &str) {
    let response = app
        .api_as(who)
        .post(
            &format!("/api/v1/chat/messages/{message}/report"),
            &json!({"reason": reason}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

async fn queue(app: &TestApp, who: &TestMember) -> Vec<Value> {
    app.api_as(who).get_json("/api/v1/chat/reports").await["reports"]
        .as_array()
        .unwrap()
        .clone()
}

/// Moderators silence over JSON and work through a queue of reports of their own channels
/// only; plain members get nothing.
async fn moderation_over_json_and_the_report_queue(app: TestApp) {
    let admin = app.member("Admin").await;
    let olga = app.member("Olga").await;
    let mira = app.member("Mira").await;
    let bob = app.member("Bob").await;
    let carla = app.member("Carla").await;
    let dave = app.member("Dave").await;
    let eve = app.member("Eve").await;
    let response = app
        .api_as(&admin)
        .patch(
            &format!("/api/v1/admin/members/{}", olga.id),
            &json!({"role": "organiser"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    // Mira moderates A, Dave moderates B; Olga (an organiser) moderates public channels.
    let a = create_channel(&app, &mira, "private", "Channel A").await;
    for m in [&bob, &carla, &eve] {
        add(&app, &mira, a, Some(m)).await;
    }
    let b = create_channel(&app, &dave, "private", "Channel B").await;
    add(&app, &dave, b, Some(&bob)).await;
    let open = create_channel(&app, &olga, "public", "Open square").await;
    add(&app, &carla, open, None).await;
    add(&app, &bob, open, None).await;

    // Silencing over JSON: moderators only; a channel one cannot read does not exist.
    let silence = format!("/api/v1/chat/channels/{a}/members/{}/silence", carla.id);
    assert_error(
        app.api_as(&bob).post(&silence, &json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        app.api_as(&dave).post(&silence, &json!({})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        app.api_as(&dave).delete(&silence).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        app.api_as(&mira)
            .post(
                &format!("/api/v1/chat/channels/{a}/members/{}/silence", dave.id),
                &json!({}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "chat_member_unknown",
    )
    .await;
    let response = app.api_as(&mira).post(&silence, &json!({})).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_error(
        post(&app, &carla, a, json!({"body": "let me speak"})).await,
        StatusCode::FORBIDDEN,
        "chat_silenced",
    )
    .await;
    assert_error(
        app.api_as(&bob).delete(&silence).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let response = app.api_as(&mira).delete(&silence).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    // Reports of three channels, each seen by that channel's moderators only.
    let posted = post(&app, &carla, a, json!({"body": "Buy cheap scrap!"})).await;
    assert_eq!(posted.status(), StatusCode::CREATED);
    let m1 = posted.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let m2 = post(&app, &bob, b, json!({"body": "B spam"}))
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let m3 = post(&app, &carla, open, json!({"body": "Open spam"}))
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    report(&app, &bob, m1, "spam").await;
    report(&app, &eve, m1, "").await;
    report(&app, &dave, m2, "mine to judge").await;
    report(&app, &bob, m3, "spam too").await;

    let mira_queue = queue(&app, &mira).await;
    assert_eq!(mira_queue.len(), 1, "{mira_queue:?}");
    let entry = &mira_queue[0];
    assert_eq!(entry["message"]["id"], m1);
    assert_eq!(entry["message"]["body"], "Buy cheap scrap!");
    assert_eq!(entry["channel_id"], a);
    assert_eq!(entry["channel_title"], "Channel A");
    assert_eq!(entry["count"], 2);
    assert_eq!(entry["reports"][0]["reporter_id"], bob.id);
    assert_eq!(entry["reports"][0]["reporter_name"], "Bob");
    assert_eq!(entry["reports"][0]["reason"], "spam");
    assert_eq!(entry["reports"][1]["reporter_id"], eve.id);
    let dave_queue = queue(&app, &dave).await;
    assert_eq!(dave_queue.len(), 1);
    assert_eq!(dave_queue[0]["message"]["id"], m2);
    let olga_queue = queue(&app, &olga).await;
    assert_eq!(olga_queue.len(), 1, "organisers moderate public channels");
    assert_eq!(olga_queue[0]["message"]["id"], m3);
    for plain in [&bob, &carla, &eve] {
        assert!(queue(&app, plain).await.is_empty(), "{}", plain.name);
    }
    // The admin is in none of the private channels: their reports are not theirs.
    assert!(
        queue(&app, &admin)
            .await
            .iter()
            .all(|e| e["message"]["id"] == m3)
    );

    // Dismissing: moderators of the channel only; the reports leave the queue.
    let dismiss = format!("/api/v1/chat/messages/{m1}/reports");
    assert_error(
        app.api_as(&bob).delete(&dismiss).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        app.api_as(&dave).delete(&dismiss).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        app.api_as(&mira).delete(&dismiss).await.status(),
        StatusCode::NO_CONTENT
    );
    assert!(queue(&app, &mira).await.is_empty());
    assert_eq!(queue(&app, &dave).await.len(), 1, "other queues unchanged");
    // A new report brings the message back, with the new report only.
    report(&app, &carla, m1, "again").await;
    let again = queue(&app, &mira).await;
    assert_eq!(again.len(), 1);
    assert_eq!(again[0]["count"], 1);
    assert_eq!(again[0]["reports"][0]["reason"], "again");

    // The page: linked from /chat for moderators; hiding resolves the reports.
    let browser = app.browser();
    browser.login(&mira.email, PASSWORD).await;
    let index = browser.get_html("/chat").await;
    assert!(index.contains("href=\"/chat/reports\""), "{index}");
    let page = browser.get_html("/chat/reports").await;
    assert!(page.contains("Buy cheap scrap!"));
    assert!(page.contains("Channel A"));
    assert!(page.contains("again"));
    assert!(!page.contains("B spam"));
    let response = browser
        .submit(&format!("/chat/reports/{m1}/hide"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        common::location(&response),
        "/chat/reports?notice=chat-reported-hidden"
    );
    let page = browser
        .get_html("/chat/reports?notice=chat-reported-hidden")
        .await;
    assert!(page.contains("The message is hidden"));
    assert!(page.contains("No open reports"));
    assert!(queue(&app, &mira).await.is_empty());
    let shown = app
        .api_as(&bob)
        .get_json(&format!("/api/v1/chat/channels/{a}/messages"))
        .await;
    assert_eq!(shown["messages"][0]["hidden"], true);

    // A plain member sees no link, an empty queue, and may not act on it.
    let plain = app.browser();
    plain.login(&bob.email, PASSWORD).await;
    assert!(
        !plain
            .get_html("/chat")
            .await
            .contains("href=\"/chat/reports\"")
    );
    let page = plain.get_html("/chat/reports").await;
    assert!(page.contains("No open reports") && !page.contains("B spam"));
    let response = plain
        .submit(&format!("/chat/reports/{m2}/dismiss"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(queue(&app, &dave).await.len(), 1);

    // The new paths are documented.
    let spec = app.api().get_json("/api/v1/openapi.json").await;
    let silence = &spec["paths"]["/api/v1/chat/channels/{id}/members/{member_id}/silence"];
    assert!(silence["post"].is_object() && silence["delete"].is_object());
    assert!(spec["paths"]["/api/v1/chat/reports"]["get"].is_object());
    assert!(spec["paths"]["/api/v1/chat/messages/{id}/reports"]["delete"].is_object());
}

/// The built binary serving on a free port, with extra environment.
struct Server {
    child: std::process::Child,
    address: String,
}

impl Server {
    async fn start(data: &std::path::Path, database_url: &str, env: &[(&str, &str)]) -> Server {
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
            .env("CIRCULA_DATABASE_URL", database_url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command.spawn().expect("the server starts");
        let server = Server {
            child,
            address: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..300 {
            if let Ok(response) = reqwest::get(format!("{}/healthz", server.address)).await
                && response.status().is_success()
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not come up");
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

/// Two instances on one PostgreSQL with 1 s heartbeats: when the instance a member is
/// connected to dies without a word, their contact on the other instance sees them go offline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_of_a_crashed_instance_expires() {
    let Some(b) = TestApp::postgres_with(|config| config.chat_heartbeat_secs = 1).await else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let url = b.state.config.database_url();
    let mut a = Server::start(data.path(), &url, &[("CIRCULA_CHAT_HEARTBEAT_SECS", "1")]).await;
    let _admin = b.member("Admin").await;
    let bob = b.member("Bob").await;
    let carla = b.member("Carla").await;
    let response = b
        .api_as(&bob)
        .post("/api/v1/chat/direct", &json!({"member_ids": [carla.id]}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);

    let mut carla_on_b = connect(&b.address, &carla.token).await;
    let _bob_on_a = connect(&a.address, &bob.token).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let frame = carla_on_b.next_within(left).await;
        if frame["type"] == "presence" && frame["member_id"] == bob.id {
            assert_eq!(frame["status"], "online");
            break;
        }
    }
    // Several heartbeats pass: a live instance is not dropped. (A second "online" may come:
    // the greeting and the live stream can both tell of one arrival.)
    let flapped = carla_on_b
        .collect("presence", Duration::from_millis(4500))
        .await;
    assert!(
        flapped.iter().all(|f| f["status"] == "online"),
        "{flapped:?}"
    );

    a.kill9();
    let killed = std::time::Instant::now();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let frame = carla_on_b.next_within(left).await;
        if frame["type"] == "presence" && frame["member_id"] == bob.id {
            assert_eq!(frame["status"], "offline");
            break;
        }
    }
    let waited = killed.elapsed();
    assert!(
        waited >= Duration::from_millis(1500),
        "not before three heartbeats: {waited:?}"
    );
    // And it stays so: a new socket of Carla on B is not told Bob is here.
    let mut carla_again = connect(&b.address, &carla.token).await;
    let told = carla_again
        .collect("presence", Duration::from_secs(1))
        .await;
    assert!(told.iter().all(|f| f["member_id"] != bob.id), "{told:?}");
}

const PHOTO_LIMIT: usize = 256 * 1024;
const CHAT_LIMIT: usize = 600 * 1024;

fn upload_limits(config: &mut circula::config::Config) {
    config.max_photo_bytes = PHOTO_LIMIT;
    config.chat_max_upload_bytes = CHAT_LIMIT;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_uploads_have_their_own_limit_sqlite() {
    chat_uploads_have_their_own_limit(TestApp::sqlite_with(upload_limits).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_uploads_have_their_own_limit_postgres() {
    if let Some(app) = TestApp::postgres_with(upload_limits).await {
        chat_uploads_have_their_own_limit(app).await;
    }
}

/// The post form is bound by the chat's upload limit, not by the (smaller) photo limit.
async fn chat_uploads_have_their_own_limit(app: TestApp) {
    let _admin = app.member("Admin").await;
    let bob = app.member("Bob").await;
    let channel = create_channel(&app, &bob, "private", "Files").await;
    let browser = app.browser();
    browser.login(&bob.email, PASSWORD).await;
    let csrf = browser.csrf().await;
    let send = |size: usize, name: &str| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("body", format!("file {name}"))
            .part(
                "file",
                reqwest::multipart::Part::bytes(vec![b'x'; size]).file_name(name.to_string()),
            );
        browser
            .client
            .post(browser.url(&format!("/chat/{channel}/post")))
            .multipart(form)
            .send()
    };
    // Just under the chat limit, and well over the photo limit: accepted.
    let response = send(CHAT_LIMIT - 1, "under.bin").await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let last = history(&app, &bob, channel).await.pop().unwrap();
    assert_eq!(last["attachment"]["name"], "under.bin");
    assert_eq!(last["attachment"]["size"], CHAT_LIMIT - 1);
    // Just over it: 413 with the usual error, in the page.
    let response = send(CHAT_LIMIT + 1, "over.bin").await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let page = response.text().await.unwrap();
    assert!(page.contains("The file is larger than allowed."), "{page}");
    assert_eq!(history(&app, &bob, channel).await.len(), 1);
    // The site-wide limit still holds elsewhere, e.g. for JSON.
    let big = "y".repeat(PHOTO_LIMIT + 100 * 1024);
    let response = post(&app, &bob, channel, json!({"body": big})).await;
    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

/// Posts a file through the chat's form as `browser`; returns the stored message (JSON).
async fn post_file(
    app: &TestApp,
    browser: &common::Browser,
    reader: &TestMember,
    channel: i64,
    name: &str,
) -> Value {
    let csrf = browser.csrf().await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .text("body", format!("file {name}"))
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"%PDF-1.4 minutes".to_vec())
                .file_name(name.to_string()),
        );
    let response = browser
        .client
        .post(browser.url(&format!("/chat/{channel}/post")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    history(app, reader, channel).await.pop().unwrap()
}

async fn attachment_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM chat_attachments")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// A file is served only with a message one may read: not by a guessable number, not after
/// a moderator hid the message, and not after its author deleted it (then its row and its
/// bytes are gone too).
async fn attachments_die_with_their_message(app: TestApp) {
    let ana = app.member("Ana").await; // the first account, an admin: creates the channel
    let bob = app.member("Bob").await;
    let carla = app.member("Carla").await; // never joins
    let channel = create_channel(&app, &ana, "public", "Minutes").await;
    add(&app, &bob, channel, None).await;
    let bob_browser = app.browser();
    bob_browser.login(&bob.email, PASSWORD).await;
    let carla_browser = app.browser();
    carla_browser.login(&carla.email, PASSWORD).await;

    let hidden = post_file(&app, &bob_browser, &bob, channel, "hidden.pdf").await;
    let url = hidden["attachment"]["url"].as_str().unwrap().to_string();
    // Addressed by an unguessable key, not by a sequential number.
    let key = url.strip_prefix("/chat/attachments/").unwrap();
    assert!(key.len() >= 22 && key.parse::<i64>().is_err(), "{url}");
    assert!(hidden["attachment"].get("id").is_none(), "{hidden}");
    assert_eq!(
        carla_browser.get("/chat/attachments/1").await.status(),
        StatusCode::NOT_FOUND
    );
    // While the message stands, whoever may read it (the channel is public) gets the file.
    assert_eq!(carla_browser.get(&url).await.status(), StatusCode::OK);
    assert_eq!(bob_browser.get(&url).await.status(), StatusCode::OK);

    // Hidden by a moderator: served to nobody, the author included.
    let response = app
        .api_as(&ana)
        .post(
            &format!("/api/v1/chat/messages/{}/hide", hidden["id"]),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    for browser in [&carla_browser, &bob_browser] {
        assert_eq!(browser.get(&url).await.status(), StatusCode::NOT_FOUND);
    }

    // Deleted by its author: not served, and its row and bytes are erased.
    let deleted = post_file(&app, &bob_browser, &bob, channel, "deleted.pdf").await;
    let url = deleted["attachment"]["url"].as_str().unwrap().to_string();
    assert_eq!(carla_browser.get(&url).await.status(), StatusCode::OK);
    let before = attachment_rows(&app).await;
    let response = app
        .api_as(&bob)
        .delete(&format!("/api/v1/chat/messages/{}", deleted["id"]))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    for browser in [&carla_browser, &bob_browser] {
        assert_eq!(browser.get(&url).await.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(attachment_rows(&app).await, before - 1);
    let blobs: Vec<String> = sqlx::query_scalar("SELECT blob FROM chat_attachments")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(blobs.len(), 1, "only the hidden message's file is kept");
}

/// A `resume` naming more channels than anyone may resume is refused with one error frame,
/// not answered channel by channel; the connection stays usable.
async fn resume_of_too_many_channels_is_refused(app: TestApp) {
    let _admin = app.member("Admin").await;
    let bob = app.member("Bob").await;
    let channel = create_channel(&app, &bob, "private", "Mine").await;
    let first = post(&app, &bob, channel, json!({"body": "one"})).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let mut ws = connect(&app.address, &bob.token).await;
    let since: serde_json::Map<String, Value> =
        (1..=5_500).map(|id| (id.to_string(), json!(0))).collect();
    ws.send(json!({"type": "resume", "since": since})).await;
    // "one" may also arrive live (the hub delivers it to a socket that connected before the
    // hub read it); a resume never repeats what a connection already sent.
    let mut seen_one = false;
    let mut errors = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_millis(1500);
    while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, ws.stream.next()).await {
        if let Message::Text(text) = frame {
            let frame: Value = serde_json::from_str(&text).unwrap();
            match frame["type"].as_str() {
                Some("error") => errors.push(frame["code"].clone()),
                Some("message") => seen_one |= frame["message"]["body"] == "one",
                _ => {}
            }
        }
    }
    assert_eq!(
        errors,
        vec![json!("chat_resume_too_many")],
        "one error, not one per channel"
    );
    // A resume of one's own channels still works.
    ws.send(json!({"type": "resume", "since": {channel.to_string(): 0}}))
        .await;
    if !seen_one {
        let message = ws.next_of("message").await;
        assert_eq!(message["message"]["body"], "one");
    }
    assert!(
        ws.collect("error", Duration::from_millis(300))
            .await
            .is_empty()
    );
}

/// Retention: admins set how long a channel keeps its messages; the job, told the time (an
/// injected clock), deletes the older ones with their files, search terms and reports, keeps
/// the newer ones, and leaves channels without retention alone.
async fn retention_deletes_what_is_older(app: TestApp) {
    let ana = app.member("Ana").await; // the first account, an admin
    let bob = app.member("Bob").await;
    let channel = create_channel(&app, &ana, "public", "Minutes").await;
    let other = create_channel(&app, &ana, "public", "Archive").await;
    add(&app, &bob, channel, None).await;
    let path = format!("/api/v1/chat/channels/{channel}/retention");
    let set = |who: &TestMember, days: Value| {
        let api = app.api_as(who);
        let path = path.clone();
        async move { api.put(&path, &json!({ "days": days })).await }
    };
    assert_error(
        set(&bob, json!(30)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    for bad in [json!(0), json!(3651)] {
        assert_error(
            set(&ana, bad).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "chat_retention_invalid",
        )
        .await;
    }
    let missing = app
        .api_as(&ana)
        .put(
            "/api/v1/chat/channels/999999/retention",
            &json!({"days": 30}),
        )
        .await;
    assert_error(missing, StatusCode::NOT_FOUND, "not_found").await;

    let bob_browser = app.browser();
    bob_browser.login(&bob.email, PASSWORD).await;
    let file = post_file(&app, &bob_browser, &bob, channel, "old-minutes.pdf").await;
    let file_url = file["attachment"]["url"].as_str().unwrap().to_string();
    let old: Value = post(
        &app,
        &bob,
        channel,
        json!({"body": "Deponiegas confidential figures"}),
    )
    .await
    .json()
    .await
    .unwrap();
    report(&app, &ana, old["id"].as_i64().unwrap(), "old").await;
    let recent = post(&app, &bob, channel, json!({"body": "Recent agenda"})).await;
    assert_eq!(recent.status(), StatusCode::CREATED);
    let archived = post(&app, &ana, other, json!({"body": "Deponiegas archive"})).await;
    assert_eq!(archived.status(), StatusCode::CREATED);
    // The file's message, the reported one and the other channel's are 40 days old.
    let forty_days = 40 * 24 * 3600 * 1000_i64;
    sqlx::query(
        "UPDATE chat_messages SET created_at = created_at - $1 WHERE id IN ($2, $3) OR channel_id = $4",
    )
    .bind(forty_days)
    .bind(file["id"].as_i64().unwrap())
    .bind(old["id"].as_i64().unwrap())
    .bind(other)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    let now = circula::store::now_ms();
    assert_eq!(
        circula::chat::apply_retention(&app.state, now)
            .await
            .unwrap(),
        0,
        "no channel keeps less than for ever yet"
    );

    let terms_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM chat_message_terms WHERE term = 'confidential'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(
        terms_before, 1,
        "the old message is searchable before it expires"
    );
    let saved = set(&ana, json!(30)).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let admin_page = app.browser();
    admin_page.login(&ana.email, PASSWORD).await;
    assert!(
        admin_page
            .get_html(&format!("/chat/{channel}"))
            .await
            .contains("30 days")
    );
    assert!(
        !bob_browser
            .get_html(&format!("/chat/{channel}"))
            .await
            .contains("retention-days")
    );

    assert_eq!(
        circula::chat::apply_retention(&app.state, now)
            .await
            .unwrap(),
        2
    );
    let left: Vec<String> = history(&app, &bob, channel)
        .await
        .iter()
        .map(|m| m["body"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(left, vec!["Recent agenda".to_string()]);
    let pool = app.state.db.pool.clone();
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(count("SELECT COUNT(*) FROM chat_reports").await, 0);
    assert_eq!(attachment_rows(&app).await, 0);
    assert_eq!(
        bob_browser.get(&file_url).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM chat_message_terms WHERE term = 'confidential'").await,
        0,
        "search terms go with their message"
    );
    // The channel without retention keeps its 40-day-old message.
    assert_eq!(history(&app, &ana, other).await.len(), 1);
    // Run again, a year later: the recent message goes too; back to for ever, nothing more.
    let year = 365 * 24 * 3600 * 1000_i64;
    assert_eq!(
        circula::chat::apply_retention(&app.state, now + year)
            .await
            .unwrap(),
        1
    );
    assert_eq!(set(&ana, Value::Null).await.status(), StatusCode::OK);
    assert_eq!(
        circula::chat::apply_retention(&app.state, now + 10 * year)
            .await
            .unwrap(),
        0
    );
}
