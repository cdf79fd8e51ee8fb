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
