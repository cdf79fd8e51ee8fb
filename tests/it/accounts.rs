//! Accounts over HTTP: registration, tokens, login and its rate limit, the HTML forms and CSRF,
//! password reset and change, email confirmation, admin control of accounts, approval mode,
//! and the `circula user add` command.

use crate::common;

use common::{Api, PASSWORD, TestApp, assert_error, location};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    api_registration_and_validation,
    errors_read_the_same_in_every_language,
    api_tokens_issue_and_revoke,
    html_register_login_logout,
    html_forms_keep_input_and_need_csrf,
    password_reset_by_mail,
    email_confirmation_link_works_once,
    change_password_ends_other_sessions,
    admin_blocks_unblocks_and_changes_roles,
    approval_mode_holds_new_members,
    registration_does_not_tell_known_addresses,
    reset_mail_is_limited_per_target_and_address,
    redirects_stay_on_this_site,
    personal_answers_are_not_stored,
);

const NEW_PASSWORD: &str = "Tobol-Composting-Plant-77";

async fn register(api: &Api, email: &str, password: &str, name: &str) -> reqwest::Response {
    api.post(
        "/api/v1/auth/register",
        &json!({"email": email, "password": password, "name": name}),
    )
    .await
}

async fn token_response(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.api()
        .post(
            "/api/v1/auth/token",
            &json!({"email": email, "password": password}),
        )
        .await
}

/// A page's status and text without its CSRF token, to compare two answers.
async fn comparable_page(
    browser: &common::Browser,
    response: reqwest::Response,
) -> (StatusCode, String) {
    let status = response.status();
    let body = response.text().await.unwrap();
    (status, body.replace(&browser.csrf().await, "CSRF"))
}

fn bearer(app: &TestApp, token: &str) -> Api {
    let mut api = app.api();
    api.token = Some(token.to_string());
    api
}

/// The path and query of a link from a mail, after checking it points at this server.
fn local_part(app: &TestApp, link: &str) -> String {
    let url = reqwest::Url::parse(link).expect("a valid link");
    let base = reqwest::Url::parse(&app.address).unwrap();
    assert_eq!(url.host_str(), base.host_str(), "{link}");
    assert_eq!(url.port(), base.port(), "{link}");
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

fn session_set_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("session="))
        .map(str::to_string)
}

/// An error answer keeps its code and field in every language and only its message changes:
/// the four bodies of one refused registration, side by side.
async fn errors_read_the_same_in_every_language(app: TestApp) {
    let mut bodies = serde_json::Map::new();
    for lang in ["en", "de", "ru", "kk"] {
        let response = register(
            &app.api().with_lang(lang),
            "dana-at-example",
            PASSWORD,
            "Dana",
        )
        .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        bodies.insert(lang.to_string(), response.json().await.unwrap());
    }
    insta::assert_json_snapshot!("registration_error_in_four_languages", bodies);
}

async fn api_registration_and_validation(app: TestApp) {
    let api = app.api();
    let response = register(&api, " Ana@Circula.Test ", PASSWORD, "  Ana   Admin ").await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let first: Value = response.json().await.unwrap();
    assert!(first["id"].as_i64().is_some(), "{first}");
    assert_eq!(first["email"], "ana@circula.test");
    assert_eq!(first["name"], "Ana Admin");
    assert_eq!(first["role"], "admin", "the first account administers");
    assert_eq!(first["status"], "active");

    // Every later registration waits for the mailed link, and says nothing more.
    let response = register(&api, "bob@circula.test", PASSWORD, "Bob").await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let second: Value = response.json().await.unwrap();
    assert_eq!(
        second,
        json!({"email": "bob@circula.test", "name": "Bob", "status": "confirmation_sent"})
    );
    assert_error(
        token_response(&app, "bob@circula.test", PASSWORD).await,
        StatusCode::FORBIDDEN,
        "email_unconfirmed",
    )
    .await;
    app.confirm("bob@circula.test").await;
    let response = token_response(&app, "bob@circula.test", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let bob: Value = response.json().await.unwrap();
    assert_ne!(first["id"], bob["member_id"]);
    let me = bearer(&app, bob["token"].as_str().unwrap())
        .get_json("/api/v1/me")
        .await;
    assert_eq!(me["role"], "member");

    let body = assert_error(
        register(&api, "not-an-email", PASSWORD, "Carla").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "email_invalid",
    )
    .await;
    assert_eq!(body["field"], "email");

    let body = assert_error(
        register(&api, "carla@circula.test", "short1!", "Carla").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "password_too_short",
    )
    .await;
    assert_eq!(body["field"], "password");

    for common in ["1234567890", "password1234"] {
        let body = assert_error(
            register(&api, "carla@circula.test", common, "Carla").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "password_common",
        )
        .await;
        assert_eq!(body["field"], "password", "{common}");
    }

    // A guesser tries the own email and name first.
    for (password, name) in [
        ("carla@circula.test", "Carla"),
        ("carla rossi-nurlanovna", "Carla Rossi-Nurlanovna"),
    ] {
        assert_error(
            register(&api, "carla@circula.test", password, name).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "password_common",
        )
        .await;
    }

    let body = assert_error(
        register(&api, "carla@circula.test", PASSWORD, &"N".repeat(101)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "name_too_long",
    )
    .await;
    assert_eq!(body["field"], "name");

    // None of the refused attempts created Carla.
    let admin_token = app.token("ana@circula.test", PASSWORD).await;
    let accounts = bearer(&app, &admin_token)
        .get_json("/api/v1/admin/members")
        .await;
    assert_eq!(accounts.as_array().unwrap().len(), 2, "{accounts}");

    // The message is in the request's language; the code stays the same.
    let mut messages = Vec::new();
    for lang in ["en", "de-DE,de;q=0.9", "ru"] {
        let body = assert_error(
            register(&app.api().with_lang(lang), "nope", PASSWORD, "Carla").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "email_invalid",
        )
        .await;
        messages.push(body["message"].as_str().unwrap().to_string());
    }
    assert_ne!(messages[0], messages[1], "German differs from English");
    assert_ne!(messages[0], messages[2], "Russian differs from English");
}

async fn api_tokens_issue_and_revoke(app: TestApp) {
    let ana = app.member("Ana").await;
    let response = token_response(&app, &ana.email, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    let token = body["token"].as_str().unwrap().to_string();
    assert_eq!(body["member_id"], ana.id);
    assert_ne!(token, ana.token, "every token is new");

    let me = bearer(&app, &token).get_json("/api/v1/me").await;
    assert_eq!(me["id"], ana.id);
    assert_eq!(me["email"], ana.email);
    assert_eq!(me["name"], "Ana");

    // The email is matched without regard to case.
    let response = token_response(&app, "ANA@circula.test", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);

    let wrong = assert_error(
        token_response(&app, &ana.email, "Wrong-Password-123").await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let unknown = assert_error(
        token_response(&app, "nobody@circula.test", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    assert_eq!(wrong, unknown, "an unknown email is not told apart");

    // Revoking ends this token only.
    let response = bearer(&app, &token).delete("/api/v1/auth/token").await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_error(
        bearer(&app, &token).get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_error(
        bearer(&app, &token).delete("/api/v1/auth/token").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    app.api_as(&ana).get_json("/api/v1/me").await;

    for header in ["Bearer xyz", "Bearer ", "Basic YW5hOnB3", "bearer"] {
        let response = app
            .api()
            .request(reqwest::Method::GET, "/api/v1/me")
            .header("authorization", header)
            .send()
            .await
            .unwrap();
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
    assert_error(
        app.api().get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_is_rate_limited() {
    let app = TestApp::sqlite_with(|c| {
        c.login_burst = 3;
        c.trust_proxy = true;
    })
    .await;
    for name in ["Ana", "Bob", "Carla"] {
        app.member(name).await;
    }
    let token_from = |address: &'static str, email: &'static str, password: &'static str| {
        app.api()
            .request(reqwest::Method::POST, "/api/v1/auth/token")
            .header("x-forwarded-for", address)
            .json(&json!({"email": email, "password": password}))
            .send()
    };

    // API: three wrong attempts, then even the right password must wait, from that address.
    for _ in 0..3 {
        assert_error(
            token_from("203.0.113.1", "ana@circula.test", "Wrong-Password-123")
                .await
                .unwrap(),
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        )
        .await;
    }
    let response = token_from("203.0.113.1", "Ana@Circula.test", PASSWORD)
        .await
        .unwrap();
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=120).contains(&retry_after), "{retry_after}");
    assert_error(response, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;

    // The owner, from another address, is not locked out by the guesser.
    let response = token_from("198.51.100.7", "ana@circula.test", PASSWORD)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "the owner gets in");

    // The form counts the same way and answers with a page.
    let browser = app.browser();
    let login_from = |address: &'static str, email: &'static str, password: &'static str| {
        let browser = &browser;
        async move {
            let csrf = browser.csrf().await;
            browser
                .client
                .post(browser.url("/login"))
                .header("x-forwarded-for", address)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("email", email),
                    ("password", password),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..3 {
        let response = login_from("203.0.113.2", "bob@circula.test", "Wrong-Password").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let response = login_from("203.0.113.2", "bob@circula.test", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    assert!(session_set_cookie(&response).is_none());
    let html = response.text().await.unwrap();
    assert!(html.contains("Too many attempts"), "{html}");
    assert!(html.contains("bob@circula.test"), "the email is kept");

    // Another account from the same address is not locked out, nor Bob from elsewhere.
    let response = login_from("203.0.113.2", "carla@circula.test", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = login_from("198.51.100.8", "bob@circula.test", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

async fn html_register_login_logout(app: TestApp) {
    app.member("Admin").await;
    let browser = app.browser();
    let html = browser.get_html("/register").await;
    let csrf = browser.cookie("csrf").expect("a CSRF cookie");
    assert!(
        html.contains(&format!(
            r#"<input type="hidden" name="csrf" value="{csrf}">"#
        )),
        "{html}"
    );
    for field in [r#"name="name""#, r#"name="email""#, r#"name="password""#] {
        assert!(html.contains(field), "{field}");
    }

    let response = browser
        .submit(
            "/register",
            &[
                ("name", "Aigerim Saparova"),
                ("email", "aigerim@circula.test"),
                ("password", PASSWORD),
            ],
        )
        .await;
    // No session yet: the same page as for an address that has an account.
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert!(session_set_cookie(&response).is_none());
    let sent = response.text().await.unwrap();
    assert!(sent.contains("Check your mail"), "{sent}");
    let response = browser
        .submit(
            "/login",
            &[("email", "aigerim@circula.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(session_set_cookie(&response).is_none());
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("confirm your email address")
    );
    let link = app.last_link_to("aigerim@circula.test");
    let confirmed = browser.get_html(&local_part(&app, &link)).await;
    assert!(confirmed.contains(r#"href="/login""#), "{confirmed}");
    let response = browser
        .submit(
            "/login",
            &[
                ("email", "aigerim@circula.test"),
                ("password", PASSWORD),
                ("next", "/profile/edit?notice=welcome"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with("/profile/edit"));
    let cookie = session_set_cookie(&response).expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "no Secure flag over plain HTTP: {cookie}"
    );
    let session = browser.cookie("session").unwrap();

    // The header links the member's name to their profile.
    let header_name = r#"<a href="/profile">Aigerim Saparova</a>"#;
    let home = browser.get_html("/").await;
    assert!(home.contains(header_name), "{home}");
    assert!(home.contains(r#"action="/logout""#));
    let me = browser.get("/profile").await;
    assert_eq!(me.status(), StatusCode::SEE_OTHER);
    assert!(location(&me).starts_with("/members/"));

    let response = browser.submit("/logout", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/");
    let response = browser.get("/profile").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/login?next=%2Fprofile");
    assert!(
        !browser.get_html("/").await.contains(header_name),
        "logged out"
    );

    // The old cookie is dead on the server too, not just forgotten by the browser.
    let response = browser
        .client
        .get(browser.url("/profile"))
        .header("cookie", format!("session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with("/login"));

    // Logging in again goes to `next`.
    let response = browser
        .submit(
            "/login",
            &[
                ("email", "Aigerim@Circula.test"),
                ("password", PASSWORD),
                ("next", "/contacts"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/contacts");
    assert!(browser.get_html("/").await.contains(header_name));
}

async fn html_forms_keep_input_and_need_csrf(app: TestApp) {
    let ana = app.member("Ana").await;
    let browser = app.browser();
    let response = browser
        .submit(
            "/register",
            &[
                ("name", "Dana Nur"),
                ("email", "dana-at-example"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(session_set_cookie(&response).is_none());
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"value="Dana Nur""#), "name kept");
    assert!(html.contains(r#"value="dana-at-example""#), "email kept");
    assert!(html.contains("Please enter a valid email address."));
    assert!(html.contains(r#"aria-invalid="true""#));
    assert!(!html.contains(PASSWORD), "the password is never echoed");

    // In German, the same mistake reads differently.
    let response = browser
        .client
        .post(browser.url("/register"))
        .header("accept-language", "de")
        .form(&[
            ("csrf", browser.csrf().await.as_str()),
            ("name", "Dana Nur"),
            ("email", "dana-at-example"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="de">"#));
    assert!(!html.contains("Please enter a valid email address."));

    // Without the CSRF field, or with a wrong one, nothing happens.
    let csrf = browser.csrf().await;
    let forged = if csrf.starts_with('A') {
        "B".repeat(43)
    } else {
        "A".repeat(43)
    };
    let fields = [
        ("name", "Dana Nur"),
        ("email", "dana@circula.test"),
        ("password", PASSWORD),
    ];
    let missing = browser
        .client
        .post(browser.url("/register"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    let mut with_forged = vec![("csrf", forged.as_str())];
    with_forged.extend_from_slice(&fields);
    let wrong = browser
        .client
        .post(browser.url("/register"))
        .form(&with_forged)
        .send()
        .await
        .unwrap();
    for response in [missing, wrong] {
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(session_set_cookie(&response).is_none());
        let html = response.text().await.unwrap();
        assert!(html.contains("The form has expired"), "{html}");
    }
    // A cookie-less client (another site's form) is refused as well.
    let response = app
        .api()
        .client
        .post(app.url("/login"))
        .form(&[
            ("csrf", forged.as_str()),
            ("email", ana.email.as_str()),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = browser
        .client
        .post(browser.url("/logout"))
        .form(&[("csrf", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_error(
        token_response(&app, "dana@circula.test", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;

    // A wrong password on the login form: 401, a message, the email kept.
    let response = browser
        .submit(
            "/login",
            &[
                ("email", ana.email.as_str()),
                ("password", "Wrong-Password-123"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(session_set_cookie(&response).is_none());
    let html = response.text().await.unwrap();
    assert!(html.contains("The email address or the password is not correct."));
    assert!(html.contains(&format!(r#"value="{}""#, ana.email)));
    assert!(browser.cookie("session").is_none());
}

async fn password_reset_by_mail(app: TestApp) {
    let ana = app.member("Ana").await;
    let old_session = app.browser();
    old_session.login(&ana.email, PASSWORD).await;

    // Known and unknown addresses get the same answer; only the known one gets mail.
    let mails_before = app.outbox().len();
    let mut pages = Vec::new();
    for email in [ana.email.as_str(), "nobody@circula.test"] {
        let browser = app.browser();
        let form = browser.get_html("/password/forgot").await;
        assert!(form.contains(r#"name="email""#));
        let response = browser
            .submit("/password/forgot", &[("email", email)])
            .await;
        pages.push(comparable_page(&browser, response).await);
    }
    assert_eq!(pages[0].0, StatusCode::OK);
    assert_eq!(pages[0], pages[1]);
    let new_mail = &app.outbox()[mails_before..];
    assert_eq!(new_mail.len(), 1, "{new_mail:?}");
    assert_eq!(new_mail[0].to, ana.email);
    assert!(app.outbox().iter().all(|m| m.to != "nobody@circula.test"));

    let link = app.last_link_to(&ana.email);
    assert!(link.contains("/password/reset/"), "{link}");
    let path = local_part(&app, &link);

    let browser = app.browser();
    let form = browser.get_html(&path).await;
    assert!(form.contains(r#"name="password""#));
    assert!(form.contains(&format!(r#"action="{path}""#)));
    // A weak password keeps the link usable; the own email is as weak as at registration.
    for weak in ["1234567890", ana.email.as_str()] {
        let response = browser.submit(&path, &[("password", weak)]).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{weak}"
        );
        let html = response.text().await.unwrap();
        assert!(html.contains("too common"), "{html}");
        assert!(
            html.contains(r#"name="password""#),
            "the form is shown again"
        );
    }
    let response = browser.submit(&path, &[("password", NEW_PASSWORD)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with("/login"));

    // Every earlier session and token has ended.
    let response = old_session.get("/profile").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with("/login?next="));
    assert_error(
        app.api_as(&ana).get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_error(
        token_response(&app, &ana.email, PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let token = app.token(&ana.email, NEW_PASSWORD).await;
    bearer(&app, &token).get_json("/api/v1/me").await;
    app.browser().login(&ana.email, NEW_PASSWORD).await;

    // The link works once.
    let response = browser.get(&path).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        !response
            .text()
            .await
            .unwrap()
            .contains(r#"name="password""#)
    );
    let response = browser
        .submit(&path, &[("password", "Another-Fresh-Password-9")])
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("This link is invalid or has expired.")
    );
    app.token(&ana.email, NEW_PASSWORD).await;
    let response = browser.get("/password/reset/not-a-real-token").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

async fn email_confirmation_link_works_once(app: TestApp) {
    let admin = app.member("Admin").await;
    let response = register(&app.api(), "bob@circula.test", PASSWORD, "Bob").await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let mail = app
        .outbox()
        .into_iter()
        .find(|m| m.to == "bob@circula.test")
        .expect("a confirmation mail");
    assert!(mail.body.contains("Bob"), "{}", mail.body);
    let link = app.last_link_to("bob@circula.test");
    assert!(link.contains("/confirm/"), "{link}");
    let path = local_part(&app, &link);

    let confirmed_at = || async {
        let accounts = app.api_as(&admin).get_json("/api/v1/admin/members").await;
        accounts
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["email"] == "bob@circula.test")
            .expect("bob is listed")["email_confirmed_at"]
            .clone()
    };
    assert!(confirmed_at().await.is_null());

    let browser = app.browser();
    let response = browser.get(&path).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("your email address is confirmed")
    );
    assert!(confirmed_at().await.is_i64());

    let response = browser.get(&path).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("This link is invalid or has expired.")
    );
    let response = browser.get("/confirm/made-up-token").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

async fn change_password_ends_other_sessions(app: TestApp) {
    let ana = app.member("Ana").await;
    let here = app.browser();
    here.login(&ana.email, PASSWORD).await;
    let elsewhere = app.browser();
    elsewhere.login(&ana.email, PASSWORD).await;

    let html = here.get_html("/settings/account").await;
    assert!(html.contains(r#"name="current_password""#));
    assert!(html.contains(r#"name="new_password""#));

    let response = here
        .submit(
            "/settings/account",
            &[
                ("current_password", "Wrong-Password-123"),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("The current password is not correct.")
    );
    for weak in ["short", ana.email.as_str()] {
        let response = here
            .submit(
                "/settings/account",
                &[("current_password", PASSWORD), ("new_password", weak)],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{weak}"
        );
    }
    // Nothing changed so far.
    assert_eq!(
        elsewhere.get("/settings/account").await.status(),
        StatusCode::OK
    );
    app.api_as(&ana).get_json("/api/v1/me").await;

    let response = here
        .submit(
            "/settings/account",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with("/settings/account"));

    let html = here.get_html("/settings/account").await;
    assert!(html.contains("Ana"), "this session goes on");
    let response = elsewhere.get("/settings/account").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        "/login?next=%2Fsettings%2Faccount",
        "the other session ended"
    );
    assert_error(
        app.api_as(&ana).get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_error(
        token_response(&app, &ana.email, PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    app.token(&ana.email, NEW_PASSWORD).await;
}

async fn admin_blocks_unblocks_and_changes_roles(app: TestApp) {
    let admin = app.member("Admin").await;
    let bob = app.member("Bob").await;
    let carla = app.member("Carla").await;
    let as_admin = app.api_as(&admin);
    let as_bob = app.api_as(&bob);
    let bob_path = format!("/api/v1/admin/members/{}", bob.id);
    let admin_path = format!("/api/v1/admin/members/{}", admin.id);

    // Members are not admins, and guests are not even members.
    assert_error(
        as_bob.get("/api/v1/admin/members").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        as_bob.get("/api/v1/admin/settings").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    for mode in ["approval", "no-such-mode"] {
        assert_error(
            as_bob
                .put(
                    "/api/v1/admin/settings",
                    &json!({"registration_mode": mode}),
                )
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    assert_error(
        as_bob
            .patch(
                &format!("/api/v1/admin/members/{}", carla.id),
                &json!({"status": "blocked"}),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        as_bob.patch(&bob_path, &json!({"role": "admin"})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        app.api().get("/api/v1/admin/members").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_eq!(as_bob.get_json("/api/v1/me").await["role"], "member");
    app.api_as(&carla).get_json("/api/v1/me").await;
    let bob_browser = app.browser();
    bob_browser.login(&bob.email, PASSWORD).await;
    assert_eq!(
        bob_browser.get("/admin").await.status(),
        StatusCode::FORBIDDEN
    );

    // Blocking takes effect at the next request.
    let response = as_admin
        .patch(&bob_path, &json!({"status": "blocked"}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_error(
        as_bob.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let response = bob_browser.get("/profile").await;
    assert!(location(&response).starts_with("/login"));
    assert_error(
        token_response(&app, &bob.email, PASSWORD).await,
        StatusCode::FORBIDDEN,
        "account_blocked",
    )
    .await;
    let response = app
        .browser()
        .submit(
            "/login",
            &[("email", bob.email.as_str()), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.text().await.unwrap().contains("blocked"));
    let blocked = as_admin
        .get_json("/api/v1/admin/members?status=blocked")
        .await;
    let ids: Vec<i64> = blocked
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![bob.id]);
    // Carla is untouched.
    app.api_as(&carla).get_json("/api/v1/me").await;

    // Unblocking restores login, but not the ended tokens.
    let response = as_admin
        .patch(&bob_path, &json!({"status": "active"}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        as_bob.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let token = app.token(&bob.email, PASSWORD).await;
    let as_bob = bearer(&app, &token);

    // Roles.
    let response = as_admin
        .patch(&bob_path, &json!({"role": "organiser"}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(as_bob.get_json("/api/v1/me").await["role"], "organiser");
    assert_error(
        as_bob.get("/api/v1/admin/members").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        as_admin
            .patch(&admin_path, &json!({"role": "member"}))
            .await,
        StatusCode::CONFLICT,
        "last_admin",
    )
    .await;
    assert_error(
        as_admin
            .patch(&admin_path, &json!({"status": "blocked"}))
            .await,
        StatusCode::CONFLICT,
        "cannot_block_self",
    )
    .await;
    assert_eq!(as_admin.get_json("/api/v1/me").await["role"], "admin");
    assert_error(
        as_admin
            .patch(&bob_path, &json!({"status": "pending"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "status_invalid",
    )
    .await;
    assert_error(
        as_admin
            .patch(
                "/api/v1/admin/members/999999",
                &json!({"status": "blocked"}),
            )
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        as_admin.patch(&bob_path, &json!({"role": "emperor"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "json_invalid",
    )
    .await;

    // A blocked admin does not count as the last one standing, nor does demoting them leave
    // the site without an active admin.
    let response = as_admin.patch(&bob_path, &json!({"role": "admin"})).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = as_admin
        .patch(&bob_path, &json!({"status": "blocked"}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = as_admin.patch(&bob_path, &json!({"role": "member"})).await;
    assert_eq!(
        response.status(),
        StatusCode::NO_CONTENT,
        "demoting a blocked admin"
    );
    assert_error(
        as_admin
            .patch(&admin_path, &json!({"role": "member"}))
            .await,
        StatusCode::CONFLICT,
        "last_admin",
    )
    .await;

    // With a second active admin, the first may step down.
    let response = as_admin
        .patch(
            &format!("/api/v1/admin/members/{}", carla.id),
            &json!({"role": "admin"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = as_admin
        .patch(&admin_path, &json!({"role": "member"}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_error(
        as_admin.get("/api/v1/admin/members").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    app.api_as(&carla).get_json("/api/v1/admin/members").await;
}

async fn approval_mode_holds_new_members(app: TestApp) {
    let admin = app.member("Admin").await;
    let as_admin = app.api_as(&admin);
    assert_eq!(
        as_admin.get_json("/api/v1/admin/settings").await["registration_mode"],
        "open"
    );
    assert_error(
        as_admin
            .put(
                "/api/v1/admin/settings",
                &json!({"registration_mode": "maybe"}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "registration_mode_invalid",
    )
    .await;
    let response = as_admin
        .put(
            "/api/v1/admin/settings",
            &json!({"registration_mode": "approval"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        as_admin.get_json("/api/v1/admin/settings").await["registration_mode"],
        "approval"
    );

    let response = register(&app.api(), "carla@circula.test", PASSWORD, "Carla").await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let carla: Value = response.json().await.unwrap();
    assert_eq!(carla["status"], "confirmation_sent");
    app.confirm("carla@circula.test").await;

    let notifications = as_admin.get_json("/api/v1/notifications").await;
    let pending: Vec<&Value> = notifications["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "registration_pending")
        .collect();
    assert_eq!(pending.len(), 1, "{notifications}");
    let carla_id = pending[0]["actor_id"].as_i64().unwrap();
    assert!(notifications["unread"].as_i64().unwrap() >= 1);

    assert_error(
        token_response(&app, "carla@circula.test", PASSWORD).await,
        StatusCode::FORBIDDEN,
        "account_pending",
    )
    .await;
    let listed = as_admin
        .get_json("/api/v1/admin/members?status=pending")
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"], carla_id);

    // The form tells a newcomer to wait and starts no session.
    let browser = app.browser();
    let response = browser
        .submit(
            "/register",
            &[
                ("name", "Dana"),
                ("email", "dana@circula.test"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert!(session_set_cookie(&response).is_none());
    assert!(response.text().await.unwrap().contains("administrator"));
    app.confirm("dana@circula.test").await;

    let response = as_admin
        .patch(
            &format!("/api/v1/admin/members/{carla_id}"),
            &json!({"status": "active"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let token = app.token("carla@circula.test", PASSWORD).await;
    assert_eq!(
        bearer(&app, &token).get_json("/api/v1/me").await["id"],
        carla_id
    );
    // Dana still waits.
    assert_error(
        token_response(&app, "dana@circula.test", PASSWORD).await,
        StatusCode::FORBIDDEN,
        "account_pending",
    )
    .await;

    let response = as_admin
        .put(
            "/api/v1/admin/settings",
            &json!({"registration_mode": "open"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = register(&app.api(), "emil@circula.test", PASSWORD, "Emil").await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    app.confirm("emil@circula.test").await;
    app.token("emil@circula.test", PASSWORD).await;
}

fn circula(data: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_circula"));
    for (key, _) in std::env::vars() {
        if key.starts_with("CIRCULA_") {
            command.env_remove(key);
        }
    }
    let mut child = command
        .args(args)
        .arg("--data")
        .arg(data)
        .env("RUST_LOG", "off")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the circula binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_adds_users() {
    let data = tempfile::tempdir().unwrap();
    let add = |email: &'static str, role: &'static str| {
        [
            "user", "add", "--email", email, "--name", "X Y", "--role", role,
        ]
    };

    let out = circula(
        data.path(),
        &add("x@circula.test", "admin"),
        &format!("{PASSWORD}\n"),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout: {stdout}\nstderr: {stderr}");
    let id: i64 = regex::Regex::new(r"\(id (\d+)\)")
        .unwrap()
        .captures(&stdout)
        .unwrap_or_else(|| panic!("the id is printed: {stdout}"))[1]
        .parse()
        .unwrap();
    assert!(stdout.contains("x@circula.test") && stdout.contains("admin"));

    let out = circula(
        data.path(),
        &add("weak@circula.test", "member"),
        "1234567890\n",
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("password_common"), "{stderr}");
    assert!(stderr.contains("too common"), "{stderr}");

    let out = circula(
        data.path(),
        &add("boss@circula.test", "superuser"),
        &format!("{PASSWORD}\n"),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("superuser"), "{stderr}");
    assert!(stderr.contains("member, organiser or admin"), "{stderr}");

    let out = circula(
        data.path(),
        &add("X@Circula.test", "member"),
        &format!("{PASSWORD}\n"),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("email_taken"), "{stderr}");

    let out = circula(
        data.path(),
        &add("o@circula.test", "organiser"),
        &format!("{NEW_PASSWORD}\r\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A server on the same data folder knows the accounts, with their roles, active and
    // confirmed at once.
    let dir = data.path().to_path_buf();
    let app = TestApp::sqlite_with(move |c| c.data = dir).await;
    let token = app.token("x@circula.test", PASSWORD).await;
    let admin = bearer(&app, &token);
    let me = admin.get_json("/api/v1/me").await;
    assert_eq!(me["id"], id);
    assert_eq!(me["role"], "admin");
    assert_eq!(me["name"], "X Y");
    let accounts = admin.get_json("/api/v1/admin/members").await;
    let accounts = accounts.as_array().unwrap();
    assert_eq!(accounts.len(), 2, "refused additions left nothing behind");
    for account in accounts {
        assert_eq!(account["status"], "active");
        assert!(account["email_confirmed_at"].is_i64(), "{account}");
    }
    let organiser = app.token("o@circula.test", NEW_PASSWORD).await;
    assert_eq!(
        bearer(&app, &organiser).get_json("/api/v1/me").await["role"],
        "organiser"
    );
    assert!(app.outbox().is_empty(), "the command line sends no mail");
}

/// Expired sessions stop working and are removed by the housekeeping query.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_sessions_are_refused_and_removed() {
    let app = TestApp::sqlite().await;
    let ana = app.member("Ana Expired").await;
    assert_eq!(
        app.api_as(&ana).get("/api/v1/me").await.status(),
        StatusCode::OK
    );
    sqlx::query("UPDATE sessions SET expires_at = 0")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(
        app.api_as(&ana).get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let removed = circula::accounts::db::delete_expired(&app.state.db)
        .await
        .unwrap();
    assert!(removed >= 1);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

/// Behind a trusted local proxy, each forwarded client address has its own login budget;
/// without the setting, `X-Forwarded-For` is ignored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_limit_per_forwarded_address_only_behind_a_trusted_proxy() {
    async fn attempt(app: &TestApp, n: usize, from: &str) -> StatusCode {
        app.api()
            .request(reqwest::Method::POST, "/api/v1/auth/token")
            .header("x-forwarded-for", format!("198.51.100.200, {from}"))
            .json(&json!({"email": format!("nobody{n}@circula.test"), "password": "Wrong-password-123"}))
            .send()
            .await
            .unwrap()
            .status()
    }
    for trust_proxy in [true, false] {
        // One attempt per account, five per address.
        let app = TestApp::sqlite_with(|c| {
            c.login_burst = 1;
            c.trust_proxy = trust_proxy;
        })
        .await;
        for n in 0..5 {
            assert_eq!(
                attempt(&app, n, "203.0.113.1").await,
                StatusCode::UNAUTHORIZED
            );
        }
        assert_eq!(
            attempt(&app, 5, "203.0.113.1").await,
            StatusCode::TOO_MANY_REQUESTS
        );
        let other = attempt(&app, 6, "203.0.113.2").await;
        if trust_proxy {
            assert_eq!(
                other,
                StatusCode::UNAUTHORIZED,
                "another client has its own budget"
            );
        } else {
            assert_eq!(
                other,
                StatusCode::TOO_MANY_REQUESTS,
                "forwarded addresses are not trusted"
            );
        }
    }
}

/// Registering with a known address answers exactly as with a new one; the owner gets a mail.
async fn registration_does_not_tell_known_addresses(app: TestApp) {
    app.member("Admin").await;
    let bob = app.member("Bob").await;
    let mails_before = app.outbox().len();

    // Over the API: the same status and body (but for the name given).
    let mut answers = Vec::new();
    for email in [bob.email.as_str(), "new@circula.test"] {
        let response = register(&app.api(), email, NEW_PASSWORD, "Mallory").await;
        answers.push((response.status(), response.json::<Value>().await.unwrap()));
    }
    assert_eq!(answers[0].0, StatusCode::ACCEPTED);
    assert_eq!(answers[0].0, answers[1].0);
    assert_eq!(answers[0].1["status"], answers[1].1["status"]);
    assert_eq!(
        answers[0].1.as_object().unwrap().keys().collect::<Vec<_>>(),
        answers[1].1.as_object().unwrap().keys().collect::<Vec<_>>()
    );
    // Bob is told, and his password still works; the attacker's does not.
    let mails = &app.outbox()[mails_before..];
    let notice = mails
        .iter()
        .find(|m| m.to == bob.email)
        .expect("a notice to Bob");
    assert!(notice.subject.contains("register"), "{}", notice.subject);
    assert!(notice.body.contains("/password/forgot"), "{}", notice.body);
    assert!(!notice.body.contains("/confirm/"), "{}", notice.body);
    app.token(&bob.email, PASSWORD).await;
    assert_error(
        token_response(&app, &bob.email, NEW_PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;

    // Through the form: the same page, and no session either way.
    let mut pages = Vec::new();
    for email in [bob.email.as_str(), "other@circula.test"] {
        let browser = app.browser();
        let response = browser
            .submit(
                "/register",
                &[
                    ("name", "Mallory"),
                    ("email", email),
                    ("password", NEW_PASSWORD),
                ],
            )
            .await;
        assert!(session_set_cookie(&response).is_none());
        pages.push(comparable_page(&browser, response).await);
    }
    assert_eq!(pages[0].0, StatusCode::ACCEPTED);
    assert_eq!(pages[0], pages[1]);

    // Notices to one address are limited: a flood of attempts sends at most three an hour.
    for _ in 0..6 {
        register(&app.api(), &bob.email, NEW_PASSWORD, "Mallory").await;
    }
    let notices = app
        .outbox()
        .iter()
        .filter(|m| m.to == bob.email && m.body.contains("/password/forgot"))
        .count();
    assert_eq!(notices, 3, "at most three notices an hour");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registrations_are_limited_per_address() {
    let app = TestApp::sqlite_with(|c| {
        c.registrations_per_hour = 2;
        c.trust_proxy = true;
    })
    .await;
    let register_from = |address: &'static str, n: u32| {
        app.api()
            .request(reqwest::Method::POST, "/api/v1/auth/register")
            .header("x-forwarded-for", address)
            .json(
                &json!({"email": format!("m{n}@circula.test"), "password": PASSWORD, "name": "M"}),
            )
            .send()
    };
    for n in 0..2 {
        assert!(
            register_from("203.0.113.5", n)
                .await
                .unwrap()
                .status()
                .is_success()
        );
    }
    let response = register_from("203.0.113.5", 2).await.unwrap();
    assert!(response.headers().contains_key("retry-after"));
    assert_error(response, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
    // Nothing was created by the refused attempt, and other addresses go on.
    assert!(app.outbox().iter().all(|m| m.to != "m2@circula.test"));
    assert_eq!(
        register_from("198.51.100.5", 3).await.unwrap().status(),
        StatusCode::ACCEPTED
    );
}

/// Reset mails: at most three an hour to one address, and one client address cannot go on
/// asking for ever; the answer never tells whether the address is known.
async fn reset_mail_is_limited_per_target_and_address(app: TestApp) {
    let ana = app.member("Ana").await;
    let browser = app.browser();
    for _ in 0..6 {
        let response = browser
            .submit("/password/forgot", &[("email", ana.email.as_str())])
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let resets = app
        .outbox()
        .iter()
        .filter(|m| m.to == ana.email && m.body.contains("/password/reset/"))
        .count();
    assert_eq!(
        resets, 3,
        "at most three reset mails an hour to one address"
    );
    // Ten requests an hour from one client address, whatever the target.
    for n in 0..4 {
        let email = format!("nobody{n}@circula.test");
        let response = browser
            .submit("/password/forgot", &[("email", email.as_str())])
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let response = browser
        .submit("/password/forgot", &[("email", "nobody@circula.test")])
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
}

/// The attack of the probe: a tab after the slash makes Chromium leave for another host.
async fn redirects_stay_on_this_site(app: TestApp) {
    let ana = app.member("Ana").await;
    let browser = app.browser();
    let hostile = [
        "/%09/127.0.0.1:8097/x",
        "/%0A/evil.example",
        "//evil.example",
        "/%5Cevil.example",
        "/%5C%5Cevil.example",
        "/.//evil.example",
        "https://evil.example",
        "%2F%2Fevil.example",
    ];
    for next in hostile {
        let response = browser.get(&format!("/lang/de?next={next}")).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(location(&response), "/", "{next}");
    }
    let response = browser.get("/lang/ru?next=/events%3Fday%3D2").await;
    assert_eq!(location(&response), "/events?day=2");

    // After logging in, through the same judge (a tab, a newline, a space, a backslash).
    for next in [
        "/\t/evil.example",
        "/\n/evil.example",
        "/ /evil.example",
        "/\\evil",
    ] {
        let browser = app.browser();
        let response = browser
            .submit(
                "/login",
                &[
                    ("email", ana.email.as_str()),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), "/", "{next:?}");
    }
}

/// Pages of a signed-in member and API answers are never stored by a browser or a proxy.
async fn personal_answers_are_not_stored(app: TestApp) {
    let ana = app.member("Ana").await;
    // A visitor's pages may be kept (once the CSRF cookie is set: answers setting a cookie
    // are not).
    let visitor = app.browser();
    let first = visitor.get("/").await;
    assert_eq!(first.headers()["cache-control"], "no-store");
    let again = visitor.get("/").await;
    assert!(!again.headers().contains_key("cache-control"));
    let browser = app.browser();
    browser.login(&ana.email, PASSWORD).await;
    for path in ["/", "/settings/account", "/profile/edit", "/members"] {
        let response = browser.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
    // The page that shows a new API token once.
    let response = browser
        .submit("/settings/tokens", &[("label", "script")])
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(response.headers()["cache-control"], "no-store");
    let response = app.api_as(&ana).get("/api/v1/me").await;
    assert_eq!(response.headers()["cache-control"], "no-store");
    // Logging in sets a cookie: that answer is not stored either.
    let response = app
        .browser()
        .submit(
            "/login",
            &[("email", ana.email.as_str()), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.headers()["cache-control"], "no-store");
}
