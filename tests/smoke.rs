//! Basic health of the server: health check, OpenAPI, headers, errors, languages.

mod common;

use common::{TestApp, assert_error};
use reqwest::StatusCode;
use serde_json::Value;

both_backends!(
    health_and_openapi,
    security_headers_on_every_page,
    unknown_routes_are_translated_errors,
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
