//! Mail over real SMTP: a minimal SMTP sink on loopback receives what the server sends when
//! `CIRCULA_SMTP_URL` is set — confirmation and reset links, and copies of notifications that
//! the member did not turn off, and the daily digest that replaces one mail per discussion post.

use crate::common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{PASSWORD, TestApp};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A received message: recipients and the raw data.
#[derive(Clone, Debug)]
struct Received {
    to: Vec<String>,
    data: String,
}

/// Accepts SMTP sessions and keeps every message.
async fn smtp_sink() -> (u16, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox: Arc<Mutex<Vec<Received>>> = Arc::default();
    let sink = inbox.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let inbox = sink.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                let mut to = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        write
                            .write_all(b"250-sink\r\n250 8BITMIME\r\n")
                            .await
                            .unwrap();
                    } else if upper.starts_with("RCPT TO:") {
                        to.push(line[8..].trim().trim_matches(['<', '>']).to_string());
                        write.write_all(b"250 ok\r\n").await.unwrap();
                    } else if upper.starts_with("DATA") {
                        write.write_all(b"354 go on\r\n").await.unwrap();
                        let mut data = String::new();
                        while let Ok(Some(line)) = lines.next_line().await {
                            if line == "." {
                                break;
                            }
                            data.push_str(&line);
                            data.push('\n');
                        }
                        inbox.lock().unwrap().push(Received {
                            to: std::mem::take(&mut to),
                            data,
                        });
                        write.write_all(b"250 queued\r\n").await.unwrap();
                    } else if upper.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        write.write_all(b"250 ok\r\n").await.unwrap();
                    }
                }
            });
        }
    });
    (port, inbox)
}

/// How many messages went to `to` so far.
fn received(inbox: &Arc<Mutex<Vec<Received>>>, to: &str) -> usize {
    inbox
        .lock()
        .unwrap()
        .iter()
        .filter(|m| m.to.iter().any(|t| t == to))
        .count()
}

async fn wait_for(inbox: &Arc<Mutex<Vec<Received>>>, to: &str, count: usize) -> Vec<Received> {
    for _ in 0..100 {
        let mails: Vec<Received> = inbox
            .lock()
            .unwrap()
            .iter()
            .filter(|m| m.to.iter().any(|t| t == to))
            .cloned()
            .collect();
        if mails.len() >= count {
            return mails;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "expected {count} mails to {to}, got {:?}",
        inbox.lock().unwrap()
    );
}

/// A message's body as text, whether it went as base64 or quoted-printable.
fn decoded(data: &str) -> String {
    use base64::Engine;
    let (headers, body) = data.split_once("\n\n").unwrap_or((data, ""));
    if headers
        .to_ascii_lowercase()
        .contains("content-transfer-encoding: base64")
    {
        let joined: String = body.lines().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(joined.trim())
            .expect("base64 body");
        String::from_utf8(bytes).expect("UTF-8 body")
    } else {
        plain(body)
    }
}

/// Quoted-printable soft line breaks and escapes removed, enough to find links in the text.
fn plain(data: &str) -> String {
    data.replace("=\n", "").replace("=3D", "=")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_and_notification_copies_go_by_smtp() {
    let (port, inbox) = smtp_sink().await;
    let app = TestApp::sqlite_with(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
    .await;
    assert!(app.state.mailer.is_enabled());

    // Registration mails a confirmation link.
    let ana = app.member("Ana Example").await;
    let mails = wait_for(&inbox, &ana.email, 1).await;
    let confirm = plain(&mails[0].data);
    assert!(confirm.contains("/confirm/"), "{confirm}");

    // A contact request is not copied by mail until the address is confirmed …
    let bob = app.member("Bob Example").await;
    let response = app
        .api_as(&bob)
        .post("/api/v1/contacts", &json!({"member_id": ana.id}))
        .await;
    assert_eq!(response.status(), 201);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(wait_for(&inbox, &ana.email, 1).await.len(), 1);

    // … and is copied once it is.
    let link = confirm
        .split_whitespace()
        .find(|w| w.contains("/confirm/"))
        .unwrap()
        .to_string();
    let path = link
        .split_once("/confirm/")
        .map(|(_, t)| format!("/confirm/{t}"))
        .unwrap();
    assert_eq!(app.browser().get(&path).await.status(), 200);
    let carol = app.member("Carol Example").await;
    let response = app
        .api_as(&carol)
        .post("/api/v1/contacts", &json!({"member_id": ana.id}))
        .await;
    assert_eq!(response.status(), 201);
    let mails = wait_for(&inbox, &ana.email, 2).await;
    assert!(
        plain(&mails[1].data).contains("/contacts"),
        "{}",
        mails[1].data
    );

    // Turning the kind off stops the copies; the in-app notification stays.
    let response = app
        .api_as(&ana)
        .put("/api/v1/me/notification-settings", &json!({"email": []}))
        .await;
    assert_eq!(response.status(), 200);
    let dave = app.member("Dave Example").await;
    app.api_as(&dave)
        .post("/api/v1/contacts", &json!({"member_id": ana.id}))
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(wait_for(&inbox, &ana.email, 2).await.len(), 2);
    let list = app.api_as(&ana).get_json("/api/v1/notifications").await;
    assert_eq!(list["unread"], 3);

    // A password reset link goes by mail too.
    let browser = app.browser();
    let response = browser
        .submit("/password/forgot", &[("email", &ana.email)])
        .await;
    assert_eq!(response.status(), 200);
    let mails = wait_for(&inbox, &ana.email, 3).await;
    assert!(plain(&mails[2].data).contains("/password/reset/"));
    let _ = PASSWORD;
}

/// A member who follows a lot takes a daily digest: no mail per post, one mail a day listing
/// them, in their language; a member without a digest gets each mail at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discussion_digests_replace_one_mail_per_post() {
    let (port, inbox) = smtp_sink().await;
    let app = TestApp::sqlite_with(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
    .await;
    let admin = app.member("Olga Organiser").await;
    let category = app
        .api_as(&admin)
        .post(
            "/api/v1/discussions/categories",
            &json!({"slug": "municipal-waste", "texts": [{"locale": "en", "name": "Municipal waste"}]}),
        )
        .await
        .json::<serde_json::Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let anna = app.member("Anna Schmidt").await;
    let bob = app.member("Bob Becker").await;
    let carl = app.member("Carl Krueger").await;
    for member in [&bob, &carl] {
        let response = app
            .api_as(member)
            .post(
                &format!("/api/v1/discussions/categories/{category}/follow"),
                &json!({"level": "all"}),
            )
            .await;
        assert_eq!(response.status(), 204);
    }
    let carl_api = app.api_as(&carl);
    assert_eq!(
        carl_api
            .patch("/api/v1/me", &json!({"locale": "de"}))
            .await
            .status(),
        200
    );
    let settings = carl_api.get_json("/api/v1/me/notification-settings").await;
    assert_eq!(settings["digest"], "each");
    let saved = carl_api
        .put(
            "/api/v1/me/notification-settings",
            &json!({"email": settings["email"], "digest": "daily"}),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let count = |to: &str| received(&inbox, to);
    // Their confirmation mails go out in the background: count from after they arrived.
    wait_for(&inbox, &bob.email, 1).await;
    wait_for(&inbox, &carl.email, 1).await;
    let (bob_before, carl_before) = (count(&bob.email), count(&carl.email));
    let topic = app
        .api_as(&anna)
        .post(
            "/api/v1/discussions/topics",
            &json!({"category_id": category, "title": "Container deposits in Astana",
                    "body": "Who runs a deposit scheme?"}),
        )
        .await
        .json::<serde_json::Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let response = app
        .api_as(&anna)
        .post(
            &format!("/api/v1/discussions/topics/{topic}/replies"),
            &json!({"body": "An update: the pilot starts in May."}),
        )
        .await;
    assert_eq!(response.status(), 201);
    // Bob gets a mail for each; Carl sees both in the app but gets no mail.
    wait_for(&inbox, &bob.email, bob_before + 2).await;
    let notes = carl_api.get_json("/api/v1/notifications").await;
    assert_eq!(notes["items"].as_array().unwrap().len(), 2);
    assert_eq!(count(&carl.email), carl_before);
    // Not yet a day: nothing. A day later: one digest, in German, listing both.
    let now = circula::store::now_ms();
    let send = |at: i64| {
        let state = app.state.clone();
        async move {
            circula::notifications::send_digests(&state, at)
                .await
                .unwrap()
        }
    };
    assert_eq!(send(now).await, 0);
    let later = now + 24 * 60 * 60 * 1000 + 1;
    assert_eq!(send(later).await, 1);
    let mails = wait_for(&inbox, &carl.email, carl_before + 1).await;
    let digest = plain(&mails.last().unwrap().data);
    assert!(digest.contains("2 Neues in Diskussionen heute"), "{digest}");
    assert!(digest.contains("Container deposits in Astana"), "{digest}");
    assert!(digest.contains("/discussions/posts/"), "{digest}");
    // Sent once: the next run finds nothing new.
    assert_eq!(send(later + 1).await, 0);
    // A choice that does not exist is refused on the settings page.
    let page = app.browser();
    page.login(&carl.email, PASSWORD).await;
    let response = page
        .submit("/settings/notifications", &[("digest", "hourly")])
        .await;
    assert_eq!(response.status(), 422);
}

/// The survey after an event goes by mail in each participant's language when it opens, and
/// the one reminder only to those who have not answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn surveys_go_by_mail_in_each_language_with_one_reminder() {
    let (port, inbox) = smtp_sink().await;
    let app = TestApp::sqlite_with(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
    .await;
    let admin = app.member("Olga Organiser").await;
    let ana = app.member("Ana Petrova").await;
    let bolat = app.member("Bolat Nurlanov").await;
    for who in [&ana, &bolat] {
        app.confirm(&who.email).await;
    }
    sqlx::query("UPDATE members SET locale = 'ru' WHERE id = $1")
        .bind(ana.id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let event = app
        .api_as(&admin)
        .post(
            "/api/v1/events",
            &json!({"texts": [{"locale": "en", "title": "ECO week"},
                              {"locale": "ru", "title": "Неделя ECO"}],
                    "default_locale": "en", "starts_on": "2031-02-20",
                    "ends_on": "2031-02-24", "timezone": "Asia/Almaty"}),
        )
        .await
        .json::<serde_json::Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    for who in [&ana, &bolat] {
        let response = app
            .api_as(who)
            .post(&format!("/api/v1/events/{event}/registration"), &json!({}))
            .await;
        assert!(response.status().is_success());
    }
    let now = jiff::Timestamp::now().as_millisecond();
    let hour = 3_600_000;
    let survey = app
        .api_as(&admin)
        .put(
            &format!("/api/v1/events/{event}/survey"),
            &json!({"title": {"en": "How was it?", "ru": "Как всё прошло?"},
                    "opens_at": now - 1000, "remind_at": now + hour, "closes_at": now + 2 * hour,
                    "questions": [{"kind": "rating", "label": {"en": "Overall"}}]}),
        )
        .await;
    assert_eq!(survey.status(), 200);
    let before = |to: &str| received(&inbox, to);
    let (ana_before, bolat_before) = (before(&ana.email), before(&bolat.email));

    assert_eq!(
        circula::live::send_surveys(&app.state, now).await.unwrap(),
        2
    );
    let to_ana = wait_for(&inbox, &ana.email, ana_before + 1).await;
    let mail = decoded(&to_ana.last().unwrap().data);
    assert!(mail.contains(&format!("/events/{event}/survey")), "{mail}");
    assert!(
        mail.contains("«Как всё прошло?»") && mail.contains("Неделя ECO"),
        "in Russian: {mail}"
    );
    wait_for(&inbox, &bolat.email, bolat_before + 1).await;

    // Ana answers; only Bolat is reminded, once.
    let survey = app
        .api_as(&ana)
        .get_json(&format!("/api/v1/events/{event}/survey"))
        .await;
    let question = survey["questions"][0]["id"].as_i64().unwrap();
    let answered = app
        .api_as(&ana)
        .put(
            &format!("/api/v1/events/{event}/survey/answer"),
            &json!({"answers": [{"question_id": question, "rating": 5}]}),
        )
        .await;
    assert_eq!(answered.status(), 200);
    assert_eq!(
        circula::live::send_surveys(&app.state, now + hour + 1)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        circula::live::send_surveys(&app.state, now + hour + 2)
            .await
            .unwrap(),
        0
    );
    wait_for(&inbox, &bolat.email, bolat_before + 2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        before(&ana.email),
        ana_before + 1,
        "no reminder after answering"
    );
}
