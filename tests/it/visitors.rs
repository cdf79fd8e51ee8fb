//! Public pages for visitors who are not signed in, served from the render cache: the landing
//! page, an event's schedule and session pages, the library listing, organisation pages. Each
//! follows every change to what it shows at once, on this instance and on another one on the
//! same database; nothing member-only or belonging to a member is ever kept for a visitor.

use std::time::{Duration, Instant};

use crate::common;

use common::{TestApp, TestMember};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    public_pages_follow_every_change_at_once,
    visitors_never_get_what_members_see,
    another_instance_never_serves_a_stale_page,
);

/// A public event next year with one session of three seats, and the session's id.
async fn public_event(app: &TestApp, organiser: &TestMember, title: &str) -> (i64, i64) {
    let response = app
        .api_as(organiser)
        .post(
            "/api/v1/events",
            &json!({"title": title, "description": "Four days on **recycling**.", "locale": "en",
                    "starts_on": "2031-02-21", "ends_on": "2031-02-24", "timezone": "Asia/Almaty"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let event = response.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let response = app
        .api_as(organiser)
        .post(
            &format!("/api/v1/events/{event}/sessions"),
            &json!({"title": "Sorting lines in Almaty", "starts_at": "2031-02-21T10:00",
                    "ends_at": "2031-02-21T11:00", "capacity": 3,
                    "join_url": "https://meet.example.org/sorting"}),
        )
        .await;
    let body: Value = response.json().await.unwrap();
    assert!(body["id"].is_i64(), "{body}");
    (event, body["id"].as_i64().unwrap())
}

async fn public_pages_follow_every_change_at_once(app: TestApp) {
    let organiser = app.member("Aigerim Organiser").await;
    let (event, session) = public_event(&app, &organiser, "ECO week 2031").await;
    let schedule = format!("/events/{event}");
    let session_page = format!("/sessions/{session}");
    let visitor = app.browser();
    // Twice: rendered, then from the cache, the same page.
    let first = visitor.get_html(&schedule).await;
    assert!(first.contains("ECO week 2031") && first.contains("3 of 3 seats free"));
    assert_eq!(visitor.get_html(&schedule).await, first);
    assert!(
        visitor
            .get_html(&session_page)
            .await
            .contains("3 of 3 seats free")
    );

    // A seat taken: both pages count it.
    let member = app.member("Markus Member").await;
    let taken = app
        .api_as(&member)
        .post(
            &format!("/api/v1/sessions/{session}/registration"),
            &json!({}),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::CREATED);
    assert!(
        visitor
            .get_html(&schedule)
            .await
            .contains("2 of 3 seats free")
    );
    assert!(
        visitor
            .get_html(&session_page)
            .await
            .contains("2 of 3 seats free")
    );

    // The event renamed, its organiser renamed, a document put into its folder.
    let renamed = app
        .api_as(&organiser)
        .patch(
            &format!("/api/v1/events/{event}"),
            &json!({"title": "ECO-Woche 2031", "locale": "en"}),
        )
        .await;
    assert!(renamed.status().is_success());
    let page = visitor.get_html(&schedule).await;
    assert!(page.contains("ECO-Woche 2031") && !page.contains("ECO week 2031"));
    let renamed = app
        .api_as(&organiser)
        .patch("/api/v1/me", &json!({"name": "Aigerim Nurlanovna"}))
        .await;
    assert!(renamed.status().is_success());
    assert!(
        visitor
            .get_html(&schedule)
            .await
            .contains("Aigerim Nurlanovna")
    );
    let link = app
        .api_as(&organiser)
        .post(
            "/api/v1/library/links",
            &json!({"url": "https://eur-lex.europa.eu/eli/dir/2008/98/oj",
                    "title": "Directive 2008/98/EC", "doc_type": "law", "visibility": "public"}),
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert!(
        visitor
            .get_html("/library")
            .await
            .contains("Directive 2008/98/EC"),
        "the library listing shows the new document"
    );
    assert!(!visitor.get_html(&schedule).await.contains("Directive 2008"));
    circula::library::add_to_collection(
        &app.state,
        &format!("event:{event}"),
        link["id"].as_i64().unwrap(),
        0,
    )
    .await
    .unwrap();
    assert!(
        visitor
            .get_html(&schedule)
            .await
            .contains("Directive 2008/98/EC")
    );

    // The landing page and the organisations: a new member with a new organisation.
    let landing = visitor.get_html("/").await;
    assert!(landing.contains("2 members"), "{landing}");
    assert!(
        !visitor
            .get_html("/organisations")
            .await
            .contains("Taza Qala")
    );
    let dana = app.member("Dana Sultanova").await;
    let joined = app
        .api_as(&dana)
        .patch(
            "/api/v1/me",
            &json!({"organisation_name": "Taza Qala", "organisation_kind": "company"}),
        )
        .await;
    assert!(joined.status().is_success());
    let landing = visitor.get_html("/").await;
    assert!(
        landing.contains("3 members") && landing.contains("Dana Sultanova"),
        "{landing}"
    );
    assert!(
        visitor
            .get_html("/organisations")
            .await
            .contains("Taza Qala")
    );
    let org = app.api_as(&dana).get_json("/api/v1/me").await["organisation"]["id"]
        .as_i64()
        .unwrap();
    let org_page = format!("/organisations/{org}");
    assert!(visitor.get_html(&org_page).await.contains("Dana Sultanova"));
    let renamed = app
        .api_as(&dana)
        .patch("/api/v1/me", &json!({"name": "Dana Sultan"}))
        .await;
    assert!(renamed.status().is_success());
    let page = visitor.get_html(&org_page).await;
    assert!(page.contains("Dana Sultan") && !page.contains("Dana Sultanova"));
}

/// The link to one's own profile, in the menu of a signed-in member's pages.
const MEMBERS_MENU: &str = r#"<a href="/profile">"#;

async fn visitors_never_get_what_members_see(app: TestApp) {
    let organiser = app.member("Aigerim Organiser").await;
    let (event, session) = public_event(&app, &organiser, "ECO week 2031").await;
    let schedule = format!("/events/{event}");
    let member = app.member("Markus Member").await;
    let signed_in = app.browser();
    signed_in.login(&member.email, common::PASSWORD).await;
    let visitor = app.browser();
    // Each way round: a member's page first, then a visitor's, then the member's again.
    for _ in 0..2 {
        for path in [
            schedule.as_str(),
            &format!("/sessions/{session}"),
            "/",
            "/library",
        ] {
            let mine = signed_in.get_html(path).await;
            assert!(mine.contains(MEMBERS_MENU), "{path}: the member's menu");
            let theirs = visitor.get_html(path).await;
            assert!(!theirs.contains(MEMBERS_MENU), "{path}: {theirs}");
            assert!(
                !theirs.contains("name=\"csrf\""),
                "{path}: no form of a member"
            );
            assert!(!theirs.contains("meet.example.org"), "{path}: no join link");
        }
    }
    // The join link and the register button are for members only.
    let mine = signed_in.get_html(&schedule).await;
    assert!(mine.contains("meet.example.org") && mine.contains("name=\"csrf\""));

    // An event made members-only is never shown to a visitor, cached or not.
    let hidden = app
        .api_as(&organiser)
        .patch(
            &format!("/api/v1/events/{event}"),
            &json!({"visibility": "members"}),
        )
        .await;
    assert!(hidden.status().is_success());
    assert!(
        signed_in
            .get_html(&schedule)
            .await
            .contains("ECO week 2031")
    );
    for path in [schedule.clone(), format!("/sessions/{session}")] {
        let response = visitor.get(&path).await;
        assert_ne!(response.status(), StatusCode::OK, "{path}");
        let body = response.text().await.unwrap();
        assert!(!body.contains("Sorting lines in Almaty"), "{path}: {body}");
    }
}

/// A change written through one instance is never served stale by another: its caches
/// follow the versions (PostgreSQL's notifications, and a read of the counters every second).
async fn another_instance_never_serves_a_stale_page(app: TestApp) {
    let organiser = app.member("Aigerim Organiser").await;
    let (event, _) = public_event(&app, &organiser, "ECO week 2031").await;
    let other = app.another_instance().await;
    let visitor = other.browser();
    let schedule = format!("/events/{event}");
    assert!(visitor.get_html(&schedule).await.contains("ECO week 2031"));
    assert!(visitor.get_html("/").await.contains("1 member"));

    let renamed = app
        .api_as(&organiser)
        .patch(
            &format!("/api/v1/events/{event}"),
            &json!({"title": "ECO-Woche 2031", "locale": "en"}),
        )
        .await;
    assert!(renamed.status().is_success());
    app.member("Markus Member").await;
    let changed = Instant::now();
    // Within the second of a read of the counters (milliseconds on PostgreSQL).
    let deadline = changed + Duration::from_secs(3);
    loop {
        let page = visitor.get_html(&schedule).await;
        let landing = visitor.get_html("/").await;
        if page.contains("ECO-Woche 2031") && landing.contains("2 members") {
            break;
        }
        assert!(Instant::now() < deadline, "still stale: {page}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Once seen, never the old page again.
    for _ in 0..5 {
        assert!(!visitor.get_html(&schedule).await.contains("ECO week 2031"));
    }
}
