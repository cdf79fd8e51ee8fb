//! The B2B pages over HTTP, like a browser without JavaScript: every page for the people it
//! is for and refused to others, the whole way from the settings form to a cancelled meeting
//! through posted forms only, and bad input answered in the member's language with what
//! they typed kept.

use crate::common;

use common::{TestApp, TestMember, location};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    pages_open_to_the_right_people_only,
    forms_work_end_to_end_without_javascript,
    bad_forms_answer_in_the_members_language_and_keep_the_input,
);

/// A future event in Europe/Berlin (25–27 March 2031) with registration open.
async fn event(app: &TestApp, organiser: &TestMember, title: &str) -> i64 {
    let response = app
        .api_as(organiser)
        .post(
            "/api/v1/events",
            &json!({"title": title, "locale": "en", "starts_on": "2031-03-25",
                    "ends_on": "2031-03-27", "timezone": "Europe/Berlin"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap()
}

async fn enable(app: &TestApp, organiser: &TestMember, event: i64) {
    let response = app
        .api_as(organiser)
        .put(
            &format!("/api/v1/events/{event}/b2b"),
            &json!({"meeting_minutes": 20, "break_minutes": 5,
                    "windows": [{"date": "2031-03-25", "from": "10:00", "to": "12:00"}],
                    "max_meetings": 6, "max_pending": 5, "room_base": "https://meet.example.org"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

async fn register(app: &TestApp, member: &TestMember, event: i64) {
    let response = app
        .api_as(member)
        .post(&format!("/api/v1/events/{event}/registration"), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

async fn set_zone(app: &TestApp, member: &TestMember, zone: &str) {
    let response = app
        .api_as(member)
        .patch("/api/v1/me", &json!({"timezone": zone}))
        .await;
    assert!(response.status().is_success());
}

async fn profile_by_api(app: &TestApp, member: &TestMember, event: i64, organisation: &str) {
    let response = app
        .api_as(member)
        .put(
            &format!("/api/v1/events/{event}/b2b/profile"),
            &json!({"organisation": organisation, "languages": ["en"],
                    "items": [{"direction": "offer", "kind": "technology", "title": "Sorting lines"}]}),
        )
        .await;
    assert!(response.status().is_success());
}

fn browser_of(app: &TestApp) -> common::Browser {
    app.browser()
}

async fn signed_in(app: &TestApp, member: &TestMember) -> common::Browser {
    let page = browser_of(app);
    page.login(&member.email, common::PASSWORD).await;
    page
}

/// The start of a slot on 25 March 2031 at `hh:mm` UTC, in milliseconds.
fn slot(hh: i8, mm: i8) -> String {
    jiff::civil::date(2031, 3, 25)
        .at(hh, mm, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp()
        .as_millisecond()
        .to_string()
}

async fn pages_open_to_the_right_people_only(app: TestApp) {
    let organiser = app.member("Olga Organiser").await;
    let b2b = event(&app, &organiser, "ECO week 2031").await;
    let plain = event(&app, &organiser, "Plain event").await;
    enable(&app, &organiser, b2b).await;
    let anna = app.member("Anna Schmidt").await;
    let dana = app.member("Dana Seitkali").await;
    let max = app.member("Max Visitor").await;
    for m in [&anna, &dana] {
        register(&app, m, b2b).await;
        profile_by_api(&app, m, b2b, "EcoSort").await;
    }
    let request: Value = app
        .api_as(&anna)
        .post(
            &format!("/api/v1/events/{b2b}/b2b/requests"),
            &json!({"to": dana.id}),
        )
        .await
        .json()
        .await
        .unwrap();
    let accepted: Value = app
        .api_as(&dana)
        .post(
            &format!("/api/v1/b2b/requests/{}/accept", request["id"]),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let meeting = accepted["meeting_id"].as_i64().unwrap();

    // Signed out: every page leads to the login.
    let visitor = browser_of(&app);
    for path in [
        format!("/events/{b2b}/b2b"),
        "/b2b/meetings".to_string(),
        format!("/b2b/meetings/{meeting}"),
    ] {
        let response = visitor.get(&path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(location(&response).starts_with("/login"), "{path}");
    }

    // Organisers see everything, including their own tools.
    let olga = signed_in(&app, &organiser).await;
    for path in ["", "/settings", "/schedule", "/dashboard", "/marketplace"] {
        let html = olga.get_html(&format!("/events/{b2b}/b2b{path}")).await;
        assert!(html.contains("B2B"), "{path}");
    }
    let html = olga.get_html(&format!("/b2b/meetings/{meeting}")).await;
    assert!(html.contains("Anna Schmidt") && html.contains("Dana Seitkali"));
    assert!(
        html.contains("name=\"action\" value=\"lock\""),
        "organisers lock"
    );
    // The schedule page leads to the programme; without one, organisers are offered to set
    // it up, and the programme's page says it is off.
    let html = olga.get_html(&format!("/events/{b2b}")).await;
    assert!(html.contains(&format!("href=\"/events/{b2b}/b2b\"")));
    let html = olga.get_html(&format!("/events/{plain}")).await;
    assert!(html.contains(&format!("href=\"/events/{plain}/b2b/settings\"")));
    let response = olga.get(&format!("/events/{plain}/b2b")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let html = response.text().await.unwrap();
    assert!(html.contains("This event has no B2B meetings."));
    assert!(html.contains(&format!("/events/{plain}/b2b/settings")));
    olga.get_html(&format!("/events/{plain}/b2b/settings"))
        .await;

    // Participants: their pages, not the organisers'.
    let anna_page = signed_in(&app, &anna).await;
    for path in ["", "/profile", "/marketplace", "/requests"] {
        anna_page
            .get_html(&format!("/events/{b2b}/b2b{path}"))
            .await;
    }
    anna_page
        .get_html(&format!("/events/{b2b}/b2b/participants/{}", dana.id))
        .await;
    let html = anna_page.get_html("/b2b/meetings").await;
    assert!(html.contains("Dana Seitkali"));
    let html = anna_page
        .get_html(&format!("/b2b/meetings/{meeting}"))
        .await;
    assert!(html.contains(&format!("href=\"/b2b/meetings/{meeting}/join\"")));
    assert!(!html.contains("value=\"lock\""), "only organisers lock");
    for path in ["/settings", "/schedule", "/dashboard"] {
        let response = anna_page.get(&format!("/events/{b2b}/b2b{path}")).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let response = anna_page
        .get(&format!("/events/{b2b}/b2b/participants/{}", max.id))
        .await;
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "not a participant"
    );
    let html = anna_page.get_html(&format!("/events/{b2b}")).await;
    assert!(
        !html.contains("/b2b/settings"),
        "members are not offered the set-up"
    );
    let response = anna_page.get(&format!("/events/{plain}/b2b")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(!response.text().await.unwrap().contains("/b2b/settings"));

    // A member who has not registered: told to register, refused the participant pages, and
    // others' meetings do not exist for them.
    let max_page = signed_in(&app, &max).await;
    let html = max_page.get_html(&format!("/events/{b2b}/b2b")).await;
    assert!(html.contains("Register for the event first"));
    assert!(html.contains(&format!("/events/{b2b}/register")));
    for path in ["/profile", "/requests"] {
        let response = max_page.get(&format!("/events/{b2b}/b2b{path}")).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let response = max_page.get(&format!("/b2b/meetings/{meeting}")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = max_page
        .submit(&format!("/b2b/meetings/{meeting}"), &[("action", "cancel")])
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = max_page
        .submit(
            &format!("/b2b/requests/{}/answer", request["id"]),
            &[("action", "cancel")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = max_page
        .submit(&format!("/events/{b2b}/b2b/schedule"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let html = max_page.get_html("/b2b/meetings").await;
    assert!(!html.contains("Dana Seitkali"));
    // A form without its CSRF token is refused.
    let response = anna_page
        .client
        .post(anna_page.url(&format!("/b2b/meetings/{meeting}")))
        .form(&[("action", "cancel")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

async fn forms_work_end_to_end_without_javascript(app: TestApp) {
    let organiser = app.member("Olga Organiser").await;
    let id = event(&app, &organiser, "ECO week 2031").await;
    let olga = signed_in(&app, &organiser).await;
    // Settings: B2B switched on through the form, with two windows (the empty rows ignored).
    let response = olga
        .submit(
            &format!("/events/{id}/b2b/settings"),
            &[
                ("enabled", "yes"),
                ("meeting_minutes", "20"),
                ("break_minutes", "5"),
                ("max_meetings", "6"),
                ("max_pending", "5"),
                ("request_ttl_minutes", ""),
                ("request_deadline", ""),
                ("window_date", "2031-03-25"),
                ("window_from", "10:00"),
                ("window_to", "12:00"),
                ("window_date", "2031-03-26"),
                ("window_from", "14:00"),
                ("window_to", "15:00"),
                ("window_date", ""),
                ("window_from", ""),
                ("window_to", ""),
                ("rule", "everyone"),
                ("mode", "self"),
                ("room_kind", "link"),
                ("room_base", "https://meet.example.org"),
                ("jitsi_app_id", ""),
                ("jitsi_secret", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        format!("/events/{id}/b2b?notice=meetings-settings-saved")
    );
    let html = olga
        .get_html(&format!("/events/{id}/b2b?notice=meetings-settings-saved"))
        .await;
    assert!(html.contains("The B2B settings are saved."));
    assert!(html.contains("7 meeting slots in all"), "5 + 2 slots");
    let html = olga.get_html(&format!("/events/{id}/b2b/settings")).await;
    assert!(html.contains("value=\"14:00\""), "the windows come back");

    let anna = app.member("Anna Schmidt").await;
    let dana = app.member("Dana Seitkali").await;
    set_zone(&app, &anna, "Europe/Berlin").await;
    set_zone(&app, &dana, "Asia/Almaty").await;
    for m in [&anna, &dana] {
        register(&app, m, id).await;
    }
    let anna_page = signed_in(&app, &anna).await;
    let dana_page = signed_in(&app, &dana).await;
    // Profiles through the form: two rows, the empty one left out.
    let response = anna_page
        .submit(
            &format!("/events/{id}/b2b/profile"),
            &[
                ("organisation", "EcoSort GmbH"),
                ("pitch", "Sorting lines for mid-sized cities"),
                ("languages", "de"),
                ("languages", "en"),
                ("item-0-direction", "offer"),
                ("item-0-kind", "technology"),
                ("item-0-title", "Sorting lines"),
                ("item-0-description", ""),
                ("item-0-countries", "kz, UZ"),
                ("item-1-direction", "offer"),
                ("item-1-kind", "service"),
                ("item-1-title", ""),
                ("item-1-description", ""),
                ("item-1-countries", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = anna_page
        .get_html(&format!("/events/{id}/b2b/profile"))
        .await;
    assert!(html.contains("value=\"EcoSort GmbH\""));
    assert!(html.contains("KZ, UZ"), "countries come back as codes");
    assert!(html.contains("id=\"availability\""));
    let response = dana_page
        .submit(
            &format!("/events/{id}/b2b/profile"),
            &[
                ("organisation", "Taza Qala"),
                ("languages", "ru"),
                ("languages", "en"),
                ("item-0-direction", "request"),
                ("item-0-kind", "technology"),
                ("item-0-title", "A sorting line"),
                ("item-0-countries", "DE"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // Availability: Dana can meet at 10:25 and 10:50 Berlin (09:25 and 09:50 UTC) only.
    let html = dana_page
        .get_html(&format!("/events/{id}/b2b/profile"))
        .await;
    assert!(
        html.contains("14:25–14:45 (your time, Asia/Almaty)"),
        "{html}"
    );
    let response = dana_page
        .submit(
            &format!("/events/{id}/b2b/availability"),
            &[("slot", &slot(9, 25)), ("slot", &slot(9, 50))],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = dana_page
        .get_html(&format!("/events/{id}/b2b/profile"))
        .await;
    let ticked = |at: String| html.contains(&format!("name=\"slot\" value=\"{at}\" checked"));
    assert!(
        ticked(slot(9, 25)) && ticked(slot(9, 50)),
        "the two slots are ticked"
    );
    assert!(!ticked(slot(9, 0)), "the others are not");
    // The marketplace suggests Dana to Anna, with the reason in words.
    let html = anna_page
        .get_html(&format!("/events/{id}/b2b/marketplace"))
        .await;
    assert!(html.contains("Suggested for you"));
    assert!(html.contains("Your offer “Sorting lines” answers their request “A sorting line”."));
    let html = anna_page
        .get_html(&format!("/events/{id}/b2b/marketplace?q=taza"))
        .await;
    assert!(html.contains("Dana Seitkali"));
    // Anna asks Dana for a meeting.
    let response = anna_page
        .submit(
            &format!("/events/{id}/b2b/participants/{}/request", dana.id),
            &[("message", "Let us talk about sorting."), ("priority", "3")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with(&format!(
        "/events/{id}/b2b/requests?notice=meetings-request-sent"
    )));
    let html = anna_page
        .get_html(&format!("/events/{id}/b2b/participants/{}", dana.id))
        .await;
    assert!(html.contains("You asked for a meeting: Waiting for an answer."));
    // Dana sees it with the common slots in both zones, and accepts the second.
    let html = dana_page
        .get_html(&format!("/events/{id}/b2b/requests"))
        .await;
    assert!(html.contains("Let us talk about sorting."));
    assert!(
        html.contains(
            "14:25–14:45 (your time, Asia/Almaty) · 10:25–10:45 (Anna Schmidt, Europe/Berlin)"
        ),
        "{html}"
    );
    let request_id = {
        let at = html.find("id=\"request-").unwrap() + "id=\"request-".len();
        html[at..].split('"').next().unwrap().to_string()
    };
    let response = dana_page
        .submit(
            &format!("/b2b/requests/{request_id}/answer"),
            &[("action", "accept"), ("slot", &slot(9, 50))],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response);
    assert!(
        to.starts_with("/b2b/meetings/") && to.ends_with("?notice=meetings-accepted"),
        "{to}"
    );
    let meeting = to
        .trim_start_matches("/b2b/meetings/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    // Both see the meeting at their own time, and the other's.
    let html = dana_page.get_html(&to).await;
    assert!(html.contains("Accepted: the meeting is booked."));
    assert!(html.contains("B2B meeting with Anna Schmidt"));
    assert!(
        html.contains("14:50–15:10</strong> <span class=\"muted\">(Asia/Almaty)"),
        "{html}"
    );
    assert!(html.contains("10:50–11:10</strong> <span class=\"muted\">(Europe/Berlin)"));
    let html = anna_page
        .get_html(&format!("/b2b/meetings/{meeting}"))
        .await;
    assert!(html.contains("B2B meeting with Dana Seitkali"));
    let html = anna_page.get_html("/b2b/meetings").await;
    assert!(html.contains("B2B meeting with Dana Seitkali"));
    assert!(
        html.contains("Dana Seitkali: Tuesday, 25 March 2031, 14:50–15:10 (Asia/Almaty)"),
        "{html}"
    );
    let html = anna_page.get_html("/agenda").await;
    assert!(
        html.contains("B2B meeting with Dana Seitkali"),
        "the agenda lists it"
    );
    assert!(html.contains(&format!("/b2b/meetings/{meeting}/join")));
    // Anna proposes 10:25 Berlin, the only other time free for both; Dana confirms.
    let html = anna_page
        .get_html(&format!("/b2b/meetings/{meeting}"))
        .await;
    assert!(html.contains(&format!("value=\"{}\"", slot(9, 25))));
    let response = anna_page
        .submit(
            &format!("/b2b/meetings/{meeting}"),
            &[("action", "propose"), ("slot", &slot(9, 25))],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = anna_page
        .get_html(&format!("/b2b/meetings/{meeting}"))
        .await;
    assert!(html.contains("Waiting for the other side to confirm the move"));
    let html = dana_page
        .get_html(&format!("/b2b/meetings/{meeting}"))
        .await;
    assert!(
        html.contains("A move to Tuesday, 25 March 2031, 14:25–14:45 (your time) is proposed."),
        "{html}"
    );
    let response = dana_page
        .submit(
            &format!("/b2b/meetings/{meeting}"),
            &[("action", "confirm")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = dana_page
        .get_html(&format!(
            "/b2b/meetings/{meeting}?notice=meetings-move-confirmed"
        ))
        .await;
    assert!(html.contains("The meeting is moved."));
    assert!(html.contains("14:25–14:45</strong>"));
    // The organiser sees it in the plan and locks it there.
    let html = olga.get_html(&format!("/events/{id}/b2b/schedule")).await;
    assert!(html.contains(&format!("id=\"meeting-{meeting}\"")));
    // Its move list offers only the slots free for both: where it is, and the one it left.
    let select = &html[html.find(&format!("id=\"move-{meeting}\"")).unwrap()..];
    let select = &select[..select.find("</select>").unwrap()];
    assert_eq!(select.matches("<option").count(), 2, "{select}");
    assert!(
        select.contains(&format!("value=\"{}\" selected", slot(9, 25))),
        "{select}"
    );
    assert!(
        select.contains(&format!("value=\"{}\"", slot(9, 50))),
        "{select}"
    );
    let response = olga
        .submit(
            &format!("/b2b/meetings/{meeting}"),
            &[
                ("action", "lock"),
                ("back", "schedule"),
                ("slot", &slot(9, 25)),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with(&format!("/events/{id}/b2b/schedule?")));
    let html = olga.get_html(&format!("/b2b/meetings/{meeting}")).await;
    assert!(html.contains("value=\"unlock\""));
    // Anna cancels; both see it cancelled, and nothing more can be done with it.
    let response = anna_page
        .submit(&format!("/b2b/meetings/{meeting}"), &[("action", "cancel")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = dana_page
        .get_html(&format!("/b2b/meetings/{meeting}"))
        .await;
    assert!(html.contains("id=\"meeting-state\">Cancelled"));
    assert!(!html.contains("value=\"cancel\""));
    let html = dana_page.get_html("/b2b/meetings").await;
    assert!(html.contains("is-cancelled"));
    let response = dana_page
        .submit(&format!("/b2b/meetings/{meeting}"), &[("action", "cancel")])
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("This meeting is cancelled.")
    );
    // The dashboard counts it.
    let html = olga.get_html(&format!("/events/{id}/b2b/dashboard")).await;
    assert!(html.contains("Meetings cancelled</th><td>1</td>"), "{html}");
    assert!(html.contains(&format!("/events/{id}/b2b/dashboard.xlsx")));
}

async fn bad_forms_answer_in_the_members_language_and_keep_the_input(app: TestApp) {
    let organiser = app.member("Olga Organiser").await;
    let id = event(&app, &organiser, "ECO week 2031").await;
    let olga = signed_in(&app, &organiser).await;
    // Olga reads German.
    olga.get("/lang/de?next=/").await;
    let response = olga
        .submit(
            &format!("/events/{id}/b2b/settings"),
            &[
                ("enabled", "yes"),
                ("meeting_minutes", "20"),
                ("max_meetings", "6"),
                ("max_pending", "5"),
                ("window_date", "2031-03-25"),
                ("window_from", "10:00"),
                ("window_to", "12:00"),
                ("window_date", "2031-03-25"),
                ("window_from", "11:00"),
                ("window_to", "13:00"),
                ("rule", "groups"),
                ("group_a", "Ausländische Unternehmen"),
                ("group_b", "Lokale Organisationen"),
                ("mode", "auto"),
                ("room_kind", "link"),
                ("jitsi_secret", "a-secret-never-echoed"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Zwei Zeitfenster überschneiden sich."),
        "{html}"
    );
    assert!(
        html.contains("value=\"Ausländische Unternehmen\""),
        "typed text is kept"
    );
    assert!(html.contains("value=\"13:00\""));
    assert!(
        !html.contains("a-secret-never-echoed"),
        "the secret is never echoed"
    );
    let response = olga
        .submit(
            &format!("/events/{id}/b2b/settings"),
            &[
                ("meeting_minutes", "zwanzig"),
                ("max_meetings", "6"),
                ("max_pending", "5"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("Bitte geben Sie eine ganze Zahl an."));
    assert!(html.contains("value=\"zwanzig\""));
    assert!(html.contains("aria-invalid=\"true\""));

    enable(&app, &organiser, id).await;
    let anna = app.member("Anna Schmidt").await;
    register(&app, &anna, id).await;
    let anna_page = signed_in(&app, &anna).await;
    anna_page.get("/lang/ru?next=/").await;
    // An unknown country in the second offer: the message names the row, in Russian.
    let response = anna_page
        .submit(
            &format!("/events/{id}/b2b/profile"),
            &[
                ("organisation", "EcoSort GmbH"),
                ("pitch", "Сортировочные линии"),
                ("item-0-direction", "offer"),
                ("item-0-kind", "technology"),
                ("item-0-title", "Sorting lines"),
                ("item-0-countries", "KZ"),
                ("item-1-direction", "request"),
                ("item-1-kind", "partnership"),
                ("item-1-title", "Partners"),
                ("item-1-countries", "XX"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("Предложение или запрос 2:"), "{html}");
    assert!(html.contains(">Сортировочные линии</textarea>"));
    assert!(html.contains("value=\"XX\""));
    assert!(html.contains("id=\"item-1-countries\" name=\"item-1-countries\" value=\"XX\" maxlength=\"200\" autocapitalize=\"characters\" aria-describedby=\"countries-hint-1\" aria-invalid=\"true\""));
    // A request without a profile: told to write one, in Russian, with the message kept.
    let dana = app.member("Dana Seitkali").await;
    register(&app, &dana, id).await;
    profile_by_api(&app, &dana, id, "Taza Qala").await;
    let response = anna_page
        .submit(
            &format!("/events/{id}/b2b/participants/{}/request", dana.id),
            &[("message", "Давайте поговорим"), ("priority", "2")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let html = response.text().await.unwrap();
    assert!(html.contains("Сначала заполните"), "{html}");
    assert!(html.contains(">Давайте поговорим</textarea>"));
    // A marketplace query of an unknown type says so and still shows the page.
    let response = anna_page
        .get(&format!("/events/{id}/b2b/marketplace?type=gadgets"))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Неизвестный вид предложения")
    );
}
