//! Basic health of the server: health check, OpenAPI, headers, errors, languages.

use crate::common;

use common::{TestApp, assert_error};
use reqwest::StatusCode;
use serde_json::Value;

both_backends!(
    health_and_openapi,
    security_headers_on_every_page,
    unknown_routes_are_translated_errors,
    the_icon_answers_under_both_names,
    landing_page_in_four_languages
);

async fn health_and_openapi(app: TestApp) {
    let api = app.api();
    let health = api.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK);
    let spec = api.get_json("/api/v1/openapi.json").await;
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/members",
        "/api/v1/members/{id}",
        "/api/v1/organisations",
        "/api/v1/organisations/{id}",
        "/api/v1/contacts",
        "/api/v1/notifications",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} is documented");
    }
    assert!(spec["components"]["securitySchemes"]["bearer"].is_object());
    // Every operation documents the error body as its default answer.
    assert!(spec["components"]["schemas"]["Error"].is_object());
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            assert!(
                operation["responses"]["default"].is_object(),
                "{method} {path}"
            );
        }
    }
    openapi_document_is_valid(&api.get("/api/v1/openapi.json").await.text().await.unwrap());
}

/// The served document is valid OpenAPI 3.1, as a generated client needs it: it parses as
/// such, every operation id is used once, and every `$ref` names a schema that exists.
fn openapi_document_is_valid(text: &str) {
    let spec = oas3::from_json(text).expect("a valid OpenAPI 3.1 document");
    assert!(spec.openapi.starts_with("3.1"), "{}", spec.openapi);
    let json: Value = serde_json::from_str(text).unwrap();
    let mut ids = std::collections::BTreeMap::<String, String>::new();
    for (path, item) in json["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has an operation id"));
            if let Some(first) = ids.insert(id.to_string(), format!("{method} {path}")) {
                panic!("operation id {id} is used by {first} and {method} {path}");
            }
        }
    }
    let mut refs = Vec::new();
    collect_refs(&json, &mut refs);
    assert!(!refs.is_empty());
    for reference in refs {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected $ref {reference}"));
        assert!(
            json["components"]["schemas"][name].is_object(),
            "$ref {reference} names no schema"
        );
    }
}

fn collect_refs(value: &Value, refs: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => refs.push(target.clone()),
                    _ => collect_refs(value, refs),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, refs)),
        _ => {}
    }
}

async fn security_headers_on_every_page(app: TestApp) {
    let browser = app.browser();
    for path in ["/", "/login", "/members", "/does-not-exist"] {
        let response = browser.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert!(headers.contains_key("referrer-policy"));
    }
    let response = app.browser().get("/login").await;
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

/// Browsers ask for `/favicon.ico` unless a page names its icon; a 404 there is a console
/// error on every page.
async fn the_icon_answers_under_both_names(app: TestApp) {
    let landing = app.browser().get("/").await.text().await.unwrap();
    assert!(landing.contains(r#"<link rel="icon" href="/static/favicon.svg""#));
    for path in ["/favicon.ico", "/static/favicon.svg"] {
        let response = app.browser().get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "image/svg+xml",
            "{path}"
        );
        assert!(response.text().await.unwrap().starts_with("<svg"), "{path}");
    }
}

async fn unknown_routes_are_translated_errors(app: TestApp) {
    let en = assert_error(
        app.api().get("/api/v1/nothing-here").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let ru = assert_error(
        app.api()
            .with_lang("ru-RU,ru;q=0.9")
            .get("/api/v1/nothing-here")
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_ne!(en["message"], ru["message"]);
    let response = app
        .api()
        .request(reqwest::Method::PUT, "/api/v1/auth/register")
        .send()
        .await
        .unwrap();
    assert_error(
        response,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
    let response = app
        .api()
        .request(reqwest::Method::POST, "/api/v1/auth/register")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::BAD_REQUEST, "json_invalid").await;
    let response = app
        .api()
        .request(reqwest::Method::POST, "/api/v1/auth/register")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "json_expected",
    )
    .await;
    let html = app.browser().get("/members/999999").await;
    assert_eq!(html.status(), StatusCode::NOT_FOUND);
    assert!(html.text().await.unwrap().contains("<html"));
}

async fn landing_page_in_four_languages(app: TestApp) {
    let mut seen = Vec::new();
    for (lang, expected) in [
        ("en", "lang=\"en\""),
        ("de-DE", "lang=\"de\""),
        ("ru", "lang=\"ru\""),
        ("kk-KZ", "lang=\"kk\""),
    ] {
        let response = app.api().with_lang(lang).get("/").await;
        assert_eq!(response.status(), StatusCode::OK);
        let html = response.text().await.unwrap();
        assert!(html.contains(expected), "{lang}");
        assert!(html.contains("ECO week") || html.contains("ECO"), "{lang}");
        seen.push(html);
    }
    seen.dedup();
    assert_eq!(seen.len(), 4, "each language renders differently");
    // The switcher sets a cookie that wins over Accept-Language.
    let browser = app.browser();
    let response = browser.get("/lang/kk?next=/members").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(common::location(&response), "/members");
    let html = browser.get_html("/members").await;
    assert!(html.contains("lang=\"kk\""));
    let evil = browser.get("/lang/de?next=//evil.example").await;
    assert_eq!(common::location(&evil), "/");
    let _: Option<Value> = None;
}

mod connections {
    //! The probe's attack: connections that trickle their headers or say nothing held sockets
    //! for ever; a few hundred exhausted the file descriptors and /healthz stopped answering.

    use std::time::{Duration, Instant};

    use circula::config::Config;
    use reqwest::StatusCode;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    use super::common::TestApp;

    fn short_timeouts(config: &mut Config) {
        config.header_timeout_secs = 1;
    }

    fn few_connections(config: &mut Config) {
        config.max_connections_per_address = 8;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn slow_clients_are_cut_off_sqlite() {
        slow_clients_are_cut_off(TestApp::sqlite_with(short_timeouts).await).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn slow_clients_are_cut_off_postgres() {
        if let Some(app) = TestApp::postgres_with(short_timeouts).await {
            slow_clients_are_cut_off(app).await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn connections_per_address_are_capped_sqlite() {
        connections_per_address_are_capped(TestApp::sqlite_with(few_connections).await).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn connections_per_address_are_capped_postgres() {
        if let Some(app) = TestApp::postgres_with(few_connections).await {
            connections_per_address_are_capped(app).await;
        }
    }

    fn socket_address(app: &TestApp) -> String {
        app.address.trim_start_matches("http://").to_string()
    }

    /// Reads until the server closes the connection; what it sent.
    async fn until_closed(mut reader: impl AsyncReadExt + Unpin) -> Vec<u8> {
        let mut seen = Vec::new();
        let mut buffer = [0u8; 1024];
        loop {
            match reader.read(&mut buffer).await {
                Ok(0) | Err(_) => return seen,
                Ok(n) => seen.extend_from_slice(&buffer[..n]),
            }
        }
    }

    async fn healthz(app: &TestApp) -> StatusCode {
        reqwest::get(app.url("/healthz")).await.unwrap().status()
    }

    async fn slow_clients_are_cut_off(app: TestApp) {
        let address = socket_address(&app);
        let started = Instant::now();
        // One says nothing at all.
        let silent = TcpStream::connect(&address).await.unwrap();
        let silent = tokio::spawn(until_closed(silent));
        // One sends a header line every 200 ms and never finishes.
        let trickler = TcpStream::connect(&address).await.unwrap();
        let (reader, mut writer) = trickler.into_split();
        let mut closed = tokio::spawn(until_closed(reader));
        writer
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: circula\r\n")
            .await
            .unwrap();
        let mut line = 0;
        let answer = loop {
            tokio::select! {
                seen = &mut closed => break seen.unwrap(),
                () = tokio::time::sleep(Duration::from_millis(200)) => {
                    line += 1;
                    // Writing may fail once the server has closed; the reader tells.
                    let _ = writer.write_all(format!("X-Slow-{line}: y\r\n").as_bytes()).await;
                    // Meanwhile the server answers everyone else.
                    if line % 3 == 0 {
                        assert_eq!(healthz(&app).await, StatusCode::OK);
                    }
                    assert!(started.elapsed() < Duration::from_secs(10), "the trickler was never cut off");
                }
            }
        };
        let elapsed = started.elapsed();
        assert!(
            elapsed >= Duration::from_millis(900),
            "cut only after the timeout: {elapsed:?}"
        );
        assert!(
            !String::from_utf8_lossy(&answer).contains("200 OK"),
            "the trickled request was not served"
        );
        let silent_answer = tokio::time::timeout(Duration::from_secs(5), silent)
            .await
            .expect("the silent connection is closed")
            .unwrap();
        assert!(
            silent_answer.is_empty() || !String::from_utf8_lossy(&silent_answer).contains("200")
        );
        assert_eq!(healthz(&app).await, StatusCode::OK);

        // A kept-alive connection that waits too long for its next request is closed too.
        let mut idle = TcpStream::connect(&address).await.unwrap();
        idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: circula\r\n\r\n")
            .await
            .unwrap();
        let mut buffer = [0u8; 1024];
        let n = idle.read(&mut buffer).await.unwrap();
        assert!(String::from_utf8_lossy(&buffer[..n]).starts_with("HTTP/1.1 200"));
        let rest = tokio::time::timeout(Duration::from_secs(5), until_closed(idle))
            .await
            .expect("an idle kept-alive connection is closed");
        assert!(
            !String::from_utf8_lossy(&rest).contains("HTTP/1.1"),
            "nothing more was sent"
        );
    }

    async fn connections_per_address_are_capped(app: TestApp) {
        let address = socket_address(&app);
        let mut held = Vec::new();
        for _ in 0..8 {
            held.push(TcpStream::connect(&address).await.unwrap());
        }
        // Give the server a moment to count them all.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let mut ninth = TcpStream::connect(&address).await.unwrap();
        let _ = ninth
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: circula\r\n\r\n")
            .await;
        let answer = tokio::time::timeout(Duration::from_secs(5), until_closed(ninth))
            .await
            .expect("the ninth connection is closed at once");
        assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));

        // When one closes, there is room again.
        held.pop();
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(healthz(&app).await, StatusCode::OK);
    }
}
