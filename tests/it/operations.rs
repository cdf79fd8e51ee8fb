//! Running it: the figures for Prometheus at `/metrics` (who may read them, what they count)
//! and the log as JSON lines.

use crate::chat_client::connect;
use crate::common::{TestApp, assert_error};

use std::io::BufRead;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    metrics_count_requests_sockets_and_the_pool,
    the_audit_log_records_moderation_and_admins_filter_it,
);

/// The value of the sample line that starts with `prefix` (name and labels).
fn sample(text: &str, prefix: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

async fn metrics(app: &TestApp) -> String {
    let response = app.api().get("/metrics").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    response.text().await.unwrap()
}

async fn metrics_count_requests_sockets_and_the_pool(app: TestApp) {
    for _ in 0..3 {
        assert_eq!(app.api().get("/healthz").await.status(), StatusCode::OK);
    }
    app.api().get("/events/424242").await;
    let member = app.member("Ana Metrics").await;
    let _socket = connect(&app.address, &member.token).await;
    // The socket counts once its task has registered it.
    let mut text = metrics(&app).await;
    for _ in 0..50 {
        if sample(&text, "circula_chat_sockets ") == Some(1.0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        text = metrics(&app).await;
    }
    assert_eq!(sample(&text, "circula_chat_sockets "), Some(1.0), "{text}");
    let healthz = r#"circula_http_requests_total{method="GET",route="/healthz",status="200"}"#;
    assert!(sample(&text, healthz).unwrap() >= 3.0, "{text}");
    // Routes are templates, not paths: no label grows with ids.
    assert!(
        text.contains(r#"route="/events/{id}",status="404""#),
        "{text}"
    );
    assert!(!text.contains("424242"));
    assert!(text.contains(
        r#"circula_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/healthz"}"#
    ) || text.contains(r#"circula_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"}"#), "{text}");
    assert!(sample(&text, "circula_db_pool_connections ").unwrap() >= 1.0);
    assert!(text.contains("circula_chat_dispatch_backlog "));
    assert!(text.trim_end().ends_with("# EOF"));

    // Not through a proxy, where it would reach the world.
    let proxied = app
        .api()
        .request(reqwest::Method::GET, "/metrics")
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_error(proxied, StatusCode::FORBIDDEN, "metrics_local_only").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_need_the_token_when_one_is_set() {
    let app = TestApp::sqlite_with(|c| c.metrics_token = Some("scrape-secret-7".into())).await;
    assert_error(
        app.api().get("/metrics").await,
        StatusCode::UNAUTHORIZED,
        "metrics_token",
    )
    .await;
    let wrong = app
        .api()
        .request(reqwest::Method::GET, "/metrics")
        .bearer_auth("scrape-secret-8")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let right = app
        .api()
        .request(reqwest::Method::GET, "/metrics")
        .header("x-forwarded-for", "203.0.113.9")
        .bearer_auth("scrape-secret-7")
        .send()
        .await
        .unwrap();
    assert_eq!(
        right.status(),
        StatusCode::OK,
        "a token works through a proxy too"
    );
}

/// `--log-format json` writes one JSON object a line, with the level and the message.
#[test]
fn the_log_can_be_json_lines() {
    let data = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_circula"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--log-format",
            "json",
            "--data",
        ])
        .arg(data.path())
        .env_remove("CIRCULA_DATABASE_URL")
        .env_remove("CIRCULA_LOG_FORMAT")
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = std::io::BufReader::new(stdout).lines();
    let mut listening = None;
    for line in lines.by_ref().take(50) {
        let line = line.unwrap();
        let object: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
        assert!(object["level"].is_string(), "{line}");
        if object["message"]
            .as_str()
            .is_some_and(|m| m.contains("listening"))
        {
            listening = Some(object);
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let listening = listening.expect("the server says where it listens");
    assert_eq!(listening["level"], "INFO");
    assert!(listening["timestamp"].is_string());
}

/// Role and status changes, a hidden chat message and a retention change land in the audit
/// log with who and what; admins filter it by action, actor and time, and export it.
async fn the_audit_log_records_moderation_and_admins_filter_it(app: TestApp) {
    let admin = app.member("Aigerim Admin").await;
    let bob = app.member("Bob Organiser").await;
    let carl = app.member("Carl Spammer").await;
    let api = app.api_as(&admin);
    let patch = |id: i64, body: Value| {
        let api = api.clone();
        async move {
            api.patch(&format!("/api/v1/admin/members/{id}"), &body)
                .await
        }
    };
    assert_eq!(
        patch(bob.id, json!({"role": "organiser"})).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        patch(carl.id, json!({"status": "blocked"})).await.status(),
        StatusCode::NO_CONTENT
    );
    let channel = crate::chat_client::create_channel(&app, &admin, "public", "Minutes").await;
    let posted: Value = api
        .post(
            &format!("/api/v1/chat/channels/{channel}/messages"),
            &json!({"body": "spam"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let hidden = api
        .post(
            &format!("/api/v1/chat/messages/{}/hide", posted["id"]),
            &json!({}),
        )
        .await;
    assert_eq!(hidden.status(), StatusCode::NO_CONTENT);
    let kept = api
        .put(
            &format!("/api/v1/chat/channels/{channel}/retention"),
            &json!({"days": 90}),
        )
        .await;
    assert_eq!(kept.status(), StatusCode::OK);

    let all = api.get_json("/api/v1/admin/audit").await;
    let entries = all["entries"].as_array().unwrap();
    let find = |action: &str| entries.iter().find(|e| e["action"] == action).cloned();
    let role = find("member_role").expect("the role change is recorded");
    assert_eq!(role["subject"], format!("member:{}", bob.id));
    assert_eq!(role["reason"], "organiser");
    assert_eq!(role["actor_id"], admin.id);
    assert_eq!(role["actor_name"], "Aigerim Admin");
    assert_eq!(find("member_status").unwrap()["reason"], "blocked");
    assert_eq!(
        find("chat_hide_message").unwrap()["subject"],
        format!("chat_message:{}", posted["id"])
    );
    assert_eq!(find("chat_retention").unwrap()["reason"], "90 days");

    let only = api
        .get_json("/api/v1/admin/audit?action=member_status")
        .await;
    assert_eq!(only["entries"].as_array().unwrap().len(), 1);
    let other = api
        .get_json(&format!("/api/v1/admin/audit?actor={}", bob.id))
        .await;
    assert_eq!(other["entries"], json!([]));
    let future = api.get_json("/api/v1/admin/audit?since=2999-01-01").await;
    assert_eq!(future["entries"], json!([]));
    assert_error(
        api.get("/api/v1/admin/audit?since=yesterday").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "audit_since_invalid",
    )
    .await;
    // Organisers do not read it.
    assert_error(
        app.api_as(&bob).get("/api/v1/admin/audit").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    let csv = api.get("/api/v1/admin/audit.csv?action=member_role").await;
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = csv.text().await.unwrap();
    assert!(
        csv.contains("member_role") && !csv.contains("member_status"),
        "{csv}"
    );
    let browser = app.browser();
    browser.login(&admin.email, crate::common::PASSWORD).await;
    let page = browser.get_html("/admin/audit?action=chat_retention").await;
    assert!(
        page.contains("90 days") && !page.contains("blocked"),
        "{page}"
    );
}

/// A backup taken while 50 writers post restores, into an empty data folder, a working platform
/// that holds every message acknowledged before the backup started, and the stored files.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_writes_restores_everything_acknowledged() {
    use std::sync::{Arc, Mutex};
    use std::time::Instant;
    let unlimited = |c: &mut circula::config::Config| {
        c.chat_burst = 1_000_000;
        c.chat_per_second = 1_000_000;
    };
    let app = TestApp::sqlite_with(unlimited).await;
    let admin = app.member("Aigerim Admin").await;
    let channel = crate::chat_client::create_channel(&app, &admin, "public", "Busy").await;
    let picture = image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8, y as u8, 80]));
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let photo = app
        .api_as(&admin)
        .request(reqwest::Method::PUT, "/api/v1/me/photo")
        .header("content-type", "application/octet-stream")
        .body(jpeg)
        .send()
        .await
        .unwrap();
    assert!(photo.status().is_success());
    let photo_url = photo.json::<Value>().await.unwrap()["photo_url"]
        .as_str()
        .unwrap()
        .to_string();

    // 50 writers post until told to stop; each acknowledged message with the moment of its ack.
    let acks: Arc<Mutex<Vec<(i64, Instant)>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..50 {
        let (api, acks, stop) = (app.api_as(&admin), acks.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let response = api
                    .post(
                        &format!("/api/v1/chat/channels/{channel}/messages"),
                        &json!({"body": format!("writer {w} message {n}")}),
                    )
                    .await;
                if response.status() == StatusCode::CREATED {
                    let id = response.json::<Value>().await.unwrap()["id"]
                        .as_i64()
                        .unwrap();
                    acks.lock().unwrap().push((id, Instant::now()));
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    let out = tempfile::tempdir().unwrap();
    let manifest =
        circula::store::backup::backup(&app.state.db, &app.state.config.data, out.path())
            .await
            .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    assert!(manifest.files >= 1, "the photo's file is in the backup");
    let acks = acks.lock().unwrap().clone();
    let before: Vec<i64> = acks.iter().filter(|a| a.1 < started).map(|a| a.0).collect();
    assert!(
        before.len() >= 50,
        "writers were busy before: {}",
        before.len()
    );
    assert!(acks.len() > before.len(), "and went on during the backup");

    // A backup goes only into a new or empty folder, and back only into an empty one.
    let busy = tempfile::tempdir().unwrap();
    std::fs::write(busy.path().join("x"), b"x").unwrap();
    assert!(
        circula::store::backup::backup(&app.state.db, &app.state.config.data, busy.path())
            .await
            .is_err()
    );
    assert!(circula::store::backup::restore(out.path(), &app.state.config.data).is_err());

    let restored = tempfile::tempdir().unwrap();
    let data = restored.path().join("data");
    circula::store::backup::restore(out.path(), &data).unwrap();
    let again = TestApp::sqlite_with(move |c| {
        unlimited(c);
        c.data = data;
    })
    .await;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM chat_messages")
        .fetch_all(&again.state.db.pool)
        .await
        .unwrap();
    let ids: std::collections::HashSet<i64> = ids.into_iter().collect();
    let missing: Vec<&i64> = before.iter().filter(|id| !ids.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "acknowledged before the backup and lost: {missing:?}"
    );
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&again.state.db.pool)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    // The restored platform works: the old password signs in, the photo is served.
    let token = again.token(&admin.email, crate::common::PASSWORD).await;
    assert!(!token.is_empty());
    assert_eq!(again.api().get(&photo_url).await.status(), StatusCode::OK);
}

/// The login limit counts the attempts made through every instance: a guesser gains nothing by
/// spreading tries over two instances on one PostgreSQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_login_limit_counts_attempts_on_every_instance() {
    let Some(one) = TestApp::postgres_with(|c| c.login_burst = 4).await else {
        return;
    };
    let two = one.another_instance_with(|c| c.login_burst = 4).await;
    // Registering signs in once through the first instance: one attempt of four.
    let ana = one.member("Ana Example").await;
    let attempt = |app: &TestApp, password: &str| {
        let api = app.api();
        let body = json!({"email": ana.email, "password": password});
        async move { api.post("/api/v1/auth/token", &body).await.status() }
    };
    assert_eq!(attempt(&one, "wrong-1").await, StatusCode::UNAUTHORIZED);
    assert_eq!(attempt(&two, "wrong-2").await, StatusCode::UNAUTHORIZED);
    assert_eq!(attempt(&one, "wrong-3").await, StatusCode::UNAUTHORIZED);
    // The fourth, on either instance, waits: even with the right password.
    assert_eq!(
        attempt(&two, crate::common::PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        attempt(&one, "wrong-4").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}
