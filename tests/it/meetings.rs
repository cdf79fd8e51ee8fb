//! B2B meetings over HTTP: the programme's settings, profiles and the marketplace, requests
//! and their rules, self-scheduling without double bookings (also under concurrent accepts),
//! moving and cancelling with calendars that update, rooms with signed tokens, the automatic
//! scheduler's draft and publication, reminders, feedback and the organisers' dashboard.

use crate::common;

use common::{TestApp, TestMember, assert_error};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    settings_are_set_by_organisers_and_checked,
    profiles_are_searched_and_matched,
    requests_follow_the_rules,
    self_scheduling_books_a_slot_free_for_both,
    concurrent_accepts_never_double_book,
    meetings_move_with_consent_and_calendars_update,
    rooms_open_only_to_the_two_sides_in_their_window,
    the_scheduler_drafts_and_organisers_publish,
    reminders_feedback_and_the_dashboard,
    strangers_learn_nothing,
);

/// A future event in Europe/Berlin (25–27 March 2031) with registration open.
async fn event(app: &TestApp, organiser: &TestMember) -> i64 {
    let response = app
        .api_as(organiser)
        .post(
            "/api/v1/events",
            &json!({"texts": [{"locale": "en", "title": "ECO week 2031"},
                              {"locale": "ru", "title": "ЭКО-неделя 2031"}],
                    "default_locale": "en", "starts_on": "2031-03-25",
                    "ends_on": "2031-03-27", "timezone": "Europe/Berlin"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap()
}

fn settings(extra: Value) -> Value {
    let mut body = json!({
        "meeting_minutes": 20,
        "break_minutes": 5,
        "windows": [{"date": "2031-03-25", "from": "10:00", "to": "12:00"},
                    {"date": "2031-03-26", "from": "14:00", "to": "15:00"}],
        "max_meetings": 6,
        "max_pending": 5,
        "request_ttl_minutes": 2880,
        "room_base": "https://meet.example.org",
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

async fn enable(app: &TestApp, organiser: &TestMember, event: i64, extra: Value) -> Value {
    let response = app
        .api_as(organiser)
        .put(&format!("/api/v1/events/{event}/b2b"), &settings(extra))
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Registers the member for the event and writes a profile.
async fn participant(app: &TestApp, member: &TestMember, event: i64, profile: Value) {
    let api = app.api_as(member);
    let response = api
        .post(&format!("/api/v1/events/{event}/registration"), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let response = api
        .put(&format!("/api/v1/events/{event}/b2b/profile"), &profile)
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

fn profile(organisation: &str, pitch: &str, items: Value) -> Value {
    json!({"organisation": organisation, "pitch": pitch, "languages": ["en", "ru"], "items": items})
}

async fn set_zone(app: &TestApp, member: &TestMember, zone: &str) {
    let response = app
        .api_as(member)
        .patch("/api/v1/me", &json!({"timezone": zone}))
        .await;
    assert!(response.status().is_success(), "{}", response.status());
}

async fn request(app: &TestApp, from: &TestMember, event: i64, to: &TestMember) -> i64 {
    let response = app
        .api_as(from)
        .post(
            &format!("/api/v1/events/{event}/b2b/requests"),
            &json!({"to": to.id, "message": "Let us talk about sorting lines.", "priority": 3}),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

/// Accepts a request as `member` (at `slot`, or the earliest free); answers the meeting's id
/// (none when organisers schedule).
async fn accept(app: &TestApp, member: &TestMember, id: i64, slot: Option<&str>) -> Option<i64> {
    let body = match slot {
        Some(slot) => json!({"slot": slot}),
        None => json!({}),
    };
    let response = app
        .api_as(member)
        .post(&format!("/api/v1/b2b/requests/{id}/accept"), &body)
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body["meeting_id"].as_i64()
}

/// Organiser (the first account is an admin), an event with B2B on, and two participants.
async fn setup(app: &TestApp, extra: Value) -> (TestMember, i64, TestMember, TestMember) {
    let organiser = app.member("Olga Organiser").await;
    let event = event(app, &organiser).await;
    enable(app, &organiser, event, extra).await;
    let anna = app.member("Anna Schmidt").await;
    let dana = app.member("Dana Seitkali").await;
    set_zone(app, &anna, "Europe/Berlin").await;
    set_zone(app, &dana, "Asia/Almaty").await;
    participant(
        app,
        &anna,
        event,
        profile(
            "EcoSort GmbH",
            "Sortieranlagen für mittelgroße Städte",
            json!([{"direction": "offer", "kind": "technology", "title": "Sorting lines",
                    "topics": ["sorting"], "countries": ["KZ"]}]),
        ),
    )
    .await;
    participant(
        app,
        &dana,
        event,
        profile(
            "Таза Қала",
            "Переработка пластика в Алматы",
            json!([{"direction": "request", "kind": "technology", "title": "Линия сортировки",
                    "topics": ["sorting", "recycling"], "countries": ["DE"]}]),
        ),
    )
    .await;
    (organiser, event, anna, dana)
}

async fn settings_are_set_by_organisers_and_checked(app: TestApp) {
    let organiser = app.member("Olga Organiser").await;
    let member = app.member("Max Member").await;
    let event = event(&app, &organiser).await;
    // Not yet switched on.
    assert_error(
        app.api_as(&member)
            .get(&format!("/api/v1/events/{event}/b2b"))
            .await,
        StatusCode::NOT_FOUND,
        "b2b_not_enabled",
    )
    .await;
    // Only organisers set it up.
    assert_error(
        app.api_as(&member)
            .put(&format!("/api/v1/events/{event}/b2b"), &settings(json!({})))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let body = enable(
        &app,
        &organiser,
        event,
        json!({"room_kind": "jitsi_jwt", "jitsi_app_id": "circula", "jitsi_secret": "a-secret-of-enough-length"}),
    )
    .await;
    // 10:00–12:00 holds 5 meetings of 20 + 5 minutes, 14:00–15:00 holds 2.
    assert_eq!(body["slots"].as_array().unwrap().len(), 7);
    assert_eq!(body["slots"][0]["starts_at"], "2031-03-25T09:00:00Z");
    assert_eq!(body["has_jitsi_secret"], true);
    assert!(!body.to_string().contains("a-secret-of-enough-length"));
    // Members see the programme, not the video server or the secret.
    let seen = app
        .api_as(&member)
        .get_json(&format!("/api/v1/events/{event}/b2b"))
        .await;
    assert_eq!(seen["room_base"], "");
    assert_eq!(seen["has_jitsi_secret"], false);
    assert!(!seen.to_string().contains("secret-of"));
    // Saving again without a secret keeps it.
    let again = enable(
        &app,
        &organiser,
        event,
        json!({"room_kind": "jitsi_jwt", "jitsi_app_id": "circula"}),
    )
    .await;
    assert_eq!(again["has_jitsi_secret"], true);
    for (extra, code) in [
        (json!({"windows": []}), "b2b_windows_invalid"),
        (
            json!({"windows": [{"date": "2031-04-02", "from": "10:00", "to": "12:00"}]}),
            "b2b_window_outside_event",
        ),
        (
            json!({"windows": [{"date": "2031-03-25", "from": "10:00", "to": "12:00"},
                               {"date": "2031-03-25", "from": "11:00", "to": "13:00"}]}),
            "b2b_windows_overlap",
        ),
        (
            json!({"windows": [{"date": "2031-03-25", "from": "25:00", "to": "26:00"}]}),
            "time_invalid",
        ),
        (json!({"meeting_minutes": 0}), "number_out_of_range"),
        (json!({"request_ttl_minutes": 5}), "number_out_of_range"),
        (json!({"room_base": "javascript:alert(1)"}), "url_invalid"),
        (
            json!({"room_kind": "jitsi_jwt", "jitsi_app_id": "x", "jitsi_secret": "short"}),
            "b2b_secret_too_short",
        ),
        (json!({"rule": "groups"}), "field_required"),
    ] {
        let response = app
            .api_as(&organiser)
            .put(&format!("/api/v1/events/{event}/b2b"), &settings(extra))
            .await;
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, code).await;
    }
    // A wrong type is a clear 422, not a 500.
    let response = app
        .api_as(&organiser)
        .put(
            &format!("/api/v1/events/{event}/b2b"),
            &json!({"meeting_minutes": "twenty"}),
        )
        .await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "json_invalid").await;
}

async fn profiles_are_searched_and_matched(app: TestApp) {
    let (_, event, anna, dana) = setup(&app, json!({})).await;
    let outsider = app.member("Otto Outsider").await;
    assert_error(
        app.api_as(&outsider)
            .put(
                &format!("/api/v1/events/{event}/b2b/profile"),
                &profile("X", "Y", json!([])),
            )
            .await,
        StatusCode::FORBIDDEN,
        "b2b_registration_required",
    )
    .await;
    let api = app.api_as(&anna);
    // Cyrillic and Latin, any case, by the beginning of a word.
    let found = api
        .get_json(&format!(
            "/api/v1/events/{event}/b2b/profiles?q=%D0%BF%D0%B5%D1%80%D0%B5%D1%80%D0%B0%D0%B1"
        ))
        .await;
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["organisation"], "Таза Қала");
    let none = api
        .get_json(&format!("/api/v1/events/{event}/b2b/profiles?q=landfill"))
        .await;
    assert_eq!(none.as_array().unwrap().len(), 0);
    for (filter, count) in [
        ("type=technology", 1),
        ("type=investment", 0),
        ("topic=recycling", 1),
        ("topic=landfill", 0),
        ("country=de", 1),
        ("country=KZ", 0),
        ("lang=ru", 1),
        ("lang=kk", 0),
    ] {
        let found = api
            .get_json(&format!("/api/v1/events/{event}/b2b/profiles?{filter}"))
            .await;
        assert_eq!(found.as_array().unwrap().len(), count, "{filter}: {found}");
    }
    assert_error(
        api.get(&format!("/api/v1/events/{event}/b2b/profiles?type=gold"))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "b2b_kind_unknown",
    )
    .await;
    // Anna offers what Dana asks for: the reason says so.
    let matches = api
        .get_json(&format!("/api/v1/events/{event}/b2b/matches"))
        .await;
    assert_eq!(matches[0]["profile"]["member_id"], dana.id);
    let reasons = matches[0]["reasons"].as_array().unwrap();
    assert!(
        reasons
            .iter()
            .any(|r| r["reason"] == "you_offer" && r["request"] == "Линия сортировки"),
        "{matches}"
    );
    assert!(reasons.iter().any(|r| r["reason"] == "shared_topics"));
    // "No thanks" hides a suggestion from both sides.
    let response = app
        .api_as(&dana)
        .put(
            &format!("/api/v1/events/{event}/b2b/preferences/{}", anna.id),
            &json!({"preference": "no_thanks"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let matches = api
        .get_json(&format!("/api/v1/events/{event}/b2b/matches"))
        .await;
    assert_eq!(matches.as_array().unwrap().len(), 0, "{matches}");
    for (body, code) in [
        (
            profile(
                "X",
                "Y",
                json!([{"direction": "offer", "kind": "product", "title": "x", "topics": ["gold-mining"]}]),
            ),
            "topic_unknown",
        ),
        (
            profile(
                "X",
                "Y",
                json!([{"direction": "offer", "kind": "product", "title": "x", "countries": ["XX"]}]),
            ),
            "country_unknown",
        ),
        (
            json!({"organisation": "X", "languages": ["xx"]}),
            "language_unknown",
        ),
    ] {
        assert_error(
            api.put(&format!("/api/v1/events/{event}/b2b/profile"), &body)
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        )
        .await;
    }
    // Availability: only the programme's slots.
    assert_error(
        api.put(
            &format!("/api/v1/events/{event}/b2b/availability"),
            &json!({"slots": ["2031-03-25T09:10:00Z"]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "b2b_slot_outside_windows",
    )
    .await;
    let saved = api
        .put(
            &format!("/api/v1/events/{event}/b2b/availability"),
            &json!({"slots": ["2031-03-25T09:00:00Z", "2031-03-25T10:00:00+01:00"]}),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let own = api
        .get_json(&format!("/api/v1/events/{event}/b2b/profile"))
        .await;
    let slots = own["availability"].as_array().unwrap();
    assert_eq!(slots.len(), 1, "the same slot twice is one: {own}");
    assert_eq!(slots[0]["local_start"], "2031-03-25T10:00:00+01:00");
}

async fn requests_follow_the_rules(app: TestApp) {
    let (organiser, event, anna, dana) = setup(&app, json!({"max_pending": 1})).await;
    let path = format!("/api/v1/events/{event}/b2b/requests");
    let anna_api = app.api_as(&anna);
    assert_error(
        anna_api.post(&path, &json!({"to": anna.id})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "b2b_not_yourself",
    )
    .await;
    assert_error(
        anna_api.post(&path, &json!({"to": organiser.id})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "b2b_participant_unknown",
    )
    .await;
    assert_error(
        anna_api
            .post(&path, &json!({"to": dana.id, "priority": 9}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "number_out_of_range",
    )
    .await;
    let reads_russian = app
        .api_as(&dana)
        .patch("/api/v1/me", &json!({"locale": "ru"}))
        .await;
    assert!(reads_russian.status().is_success());
    let first = request(&app, &anna, event, &dana).await;
    // Dana was asked in her own language, by mail too when mail is on.
    let notes = app.api_as(&dana).get_json("/api/v1/notifications").await;
    assert_eq!(notes["items"][0]["kind"], "meeting_request", "{notes}");
    let text = notes["items"][0]["text"].as_str().unwrap();
    assert!(text.contains("ЭКО-неделя 2031"), "{text}");
    // The same pair again, from either side.
    assert_error(
        anna_api.post(&path, &json!({"to": dana.id})).await,
        StatusCode::CONFLICT,
        "b2b_request_exists",
    )
    .await;
    assert_error(
        app.api_as(&dana).post(&path, &json!({"to": anna.id})).await,
        StatusCode::CONFLICT,
        "b2b_request_exists",
    )
    .await;
    // The outstanding limit (1).
    let boris = app.member("Boris Petrov").await;
    participant(&app, &boris, event, profile("Recycle KZ", "", json!([]))).await;
    assert_error(
        anna_api.post(&path, &json!({"to": boris.id})).await,
        StatusCode::CONFLICT,
        "b2b_too_many_pending",
    )
    .await;
    // The sender cannot accept their own request; the recipient can decline with a reason.
    assert_error(
        anna_api
            .post(&format!("/api/v1/b2b/requests/{first}/accept"), &json!({}))
            .await,
        StatusCode::FORBIDDEN,
        "b2b_not_recipient",
    )
    .await;
    let response = app
        .api_as(&dana)
        .post(
            &format!("/api/v1/b2b/requests/{first}/decline"),
            &json!({"reason": "No budget this year"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_error(
        app.api_as(&dana)
            .post(&format!("/api/v1/b2b/requests/{first}/accept"), &json!({}))
            .await,
        StatusCode::CONFLICT,
        "b2b_request_answered",
    )
    .await;
    let listed = anna_api.get_json(&path).await;
    assert_eq!(listed[0]["status"], "declined");
    assert_eq!(listed[0]["reason"], "No budget this year");
    // A pending request expires: accepting it then is refused, and the budget is free again.
    let second = request(&app, &anna, event, &boris).await;
    sqlx::query("UPDATE b2b_requests SET expires_at = $1 WHERE id = $2")
        .bind(circula::store::now_ms() - 1000)
        .bind(second)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_error(
        app.api_as(&boris)
            .post(&format!("/api/v1/b2b/requests/{second}/accept"), &json!({}))
            .await,
        StatusCode::CONFLICT,
        "b2b_request_expired",
    )
    .await;
    let listed = anna_api.get_json(&path).await;
    assert_eq!(listed[0]["status"], "expired", "{listed}");
    // "No thanks" is a hard veto.
    let response = app
        .api_as(&boris)
        .put(
            &format!("/api/v1/events/{event}/b2b/preferences/{}", anna.id),
            &json!({"preference": "no_thanks"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_error(
        anna_api.post(&path, &json!({"to": boris.id})).await,
        StatusCode::CONFLICT,
        "b2b_no_thanks",
    )
    .await;
    // Groups: only across.
    let response = app
        .api_as(&organiser)
        .put(
            &format!("/api/v1/events/{event}/b2b"),
            &settings(json!({"rule": "groups", "group_a": "Foreign companies", "group_b": "Local organisations",
                             "max_pending": 5})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    for (member, group) in [(&anna, "a"), (&dana, "a")] {
        let response = app
            .api_as(member)
            .put(
                &format!("/api/v1/events/{event}/b2b/profile"),
                &json!({"organisation": "X", "group": group}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    assert_error(
        anna_api.post(&path, &json!({"to": dana.id})).await,
        StatusCode::FORBIDDEN,
        "b2b_rule_excludes",
    )
    .await;
    // After the deadline, no more requests.
    let response = app
        .api_as(&organiser)
        .put(
            &format!("/api/v1/events/{event}/b2b"),
            &settings(json!({"request_deadline": "2020-01-01T00:00"})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_error(
        anna_api.post(&path, &json!({"to": dana.id})).await,
        StatusCode::CONFLICT,
        "b2b_deadline_passed",
    )
    .await;
}

async fn self_scheduling_books_a_slot_free_for_both(app: TestApp) {
    let (_, event, anna, dana) = setup(&app, json!({})).await;
    let id = request(&app, &anna, event, &dana).await;
    // 2031-03-25 11:40 in Berlin is 09:40 UTC: not a slot (10:00, 10:25, 10:50, 11:15, 11:40 are).
    assert_error(
        app.api_as(&dana)
            .post(
                &format!("/api/v1/b2b/requests/{id}/accept"),
                &json!({"slot": "2031-03-25T09:40:00Z"}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "b2b_slot_outside_windows",
    )
    .await;
    let meeting = accept(&app, &dana, id, Some("2031-03-25T09:25:00Z"))
        .await
        .unwrap();
    // Both see it, each with both local times: Berlin is UTC+1, Almaty UTC+5 in March 2031.
    for member in [&anna, &dana] {
        let mine = app.api_as(member).get_json("/api/v1/me/meetings").await;
        assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
        let m = &mine[0];
        assert_eq!(m["id"], meeting);
        assert_eq!(m["starts_at"], "2031-03-25T09:25:00Z");
        let sides = m["sides"].as_array().unwrap();
        let berlin = sides.iter().find(|s| s["member_id"] == anna.id).unwrap();
        let almaty = sides.iter().find(|s| s["member_id"] == dana.id).unwrap();
        assert_eq!(berlin["local_start"], "2031-03-25T10:25:00+01:00");
        assert_eq!(almaty["local_start"], "2031-03-25T14:25:00+05:00");
    }
    let notes = app.api_as(&anna).get_json("/api/v1/notifications").await;
    assert_eq!(notes["items"][0]["kind"], "meeting_accepted");
    // Anna cannot be booked at 10:25 Berlin again, with anyone.
    let boris = app.member("Boris Petrov").await;
    participant(&app, &boris, event, profile("Recycle KZ", "", json!([]))).await;
    let second = request(&app, &boris, event, &anna).await;
    assert_error(
        app.api_as(&anna)
            .post(
                &format!("/api/v1/b2b/requests/{second}/accept"),
                &json!({"slot": "2031-03-25T09:25:00Z"}),
            )
            .await,
        StatusCode::CONFLICT,
        "b2b_slot_taken",
    )
    .await;
    // Without a slot, the earliest free for both: 10:00 Berlin.
    let other = accept(&app, &anna, second, None).await.unwrap();
    let m = app
        .api_as(&boris)
        .get_json(&format!("/api/v1/b2b/meetings/{other}"))
        .await;
    assert_eq!(m["starts_at"], "2031-03-25T09:00:00Z");
    // The agenda shows meetings beside sessions.
    let page = app.browser();
    page.login(&anna.email, common::PASSWORD).await;
    let html = page.get_html("/agenda").await;
    assert!(
        html.contains("Dana Seitkali"),
        "the agenda names the partner"
    );
}

async fn concurrent_accepts_never_double_book(app: TestApp) {
    let (_, event, anna, _) = setup(&app, json!({})).await;
    // Anna can meet only at 10:00 Berlin; five others ask her, and she accepts all at once.
    let response = app
        .api_as(&anna)
        .put(
            &format!("/api/v1/events/{event}/b2b/availability"),
            &json!({"slots": ["2031-03-25T09:00:00Z"]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut ids = Vec::new();
    for i in 0..5 {
        let other = app.member(&format!("Partner {i}")).await;
        participant(&app, &other, event, profile("Partner", "", json!([]))).await;
        ids.push(request(&app, &other, event, &anna).await);
    }
    let api = app.api_as(&anna);
    let paths: Vec<String> = ids
        .iter()
        .map(|id| format!("/api/v1/b2b/requests/{id}/accept"))
        .collect();
    let slot = json!({"slot": "2031-03-25T09:00:00Z"});
    let answers = futures::future::join_all(paths.iter().map(|path| api.post(path, &slot))).await;
    let statuses: Vec<StatusCode> = answers.iter().map(|r| r.status()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
    let mine = api.get_json("/api/v1/me/meetings").await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    // The refused requests are still pending: nothing was lost.
    let listed = api
        .get_json(&format!("/api/v1/events/{event}/b2b/requests"))
        .await;
    let pending = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "pending")
        .count();
    assert_eq!(pending, 4, "{listed}");
}

async fn meetings_move_with_consent_and_calendars_update(app: TestApp) {
    let (_, event, anna, dana) = setup(&app, json!({})).await;
    let id = request(&app, &anna, event, &dana).await;
    let meeting = accept(&app, &dana, id, Some("2031-03-25T09:00:00Z"))
        .await
        .unwrap();
    let path = format!("/api/v1/b2b/meetings/{meeting}");
    // Anna proposes 10:50 Berlin; she cannot confirm her own proposal; Dana confirms.
    let proposed = app
        .api_as(&anna)
        .patch(&path, &json!({"starts_at": "2031-03-25T09:50:00Z"}))
        .await;
    assert_eq!(proposed.status(), StatusCode::OK);
    let body: Value = proposed.json().await.unwrap();
    assert_eq!(body["starts_at"], "2031-03-25T09:00:00Z", "not moved yet");
    assert_eq!(body["proposed_starts_at"], "2031-03-25T09:50:00Z");
    assert_error(
        app.api_as(&anna)
            .patch(&path, &json!({"confirm_move": true}))
            .await,
        StatusCode::FORBIDDEN,
        "b2b_not_other_side",
    )
    .await;
    let feed_url = app.api_as(&dana).get_json("/api/v1/me/calendar-feed").await["url"]
        .as_str()
        .unwrap()
        .to_string();
    let before = reqwest::get(&feed_url).await.unwrap().text().await.unwrap();
    let moved: Value = app
        .api_as(&dana)
        .patch(&path, &json!({"confirm_move": true}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(moved["starts_at"], "2031-03-25T09:50:00Z");
    assert!(moved["sequence"].as_i64().unwrap() >= 1);
    let notes = app.api_as(&anna).get_json("/api/v1/notifications").await;
    assert_eq!(notes["items"][0]["kind"], "meeting_moved", "{notes}");
    // The feed keeps one entry with the same UID and a higher SEQUENCE.
    let after = reqwest::get(&feed_url).await.unwrap().text().await.unwrap();
    let entry = |ics: &str| -> (String, i64, String) {
        let calendar = ical::IcalParser::new(ics.as_bytes())
            .next()
            .unwrap()
            .unwrap();
        let events: Vec<_> = calendar
            .events
            .iter()
            .filter(|e| {
                e.properties.iter().any(|p| {
                    p.name == "UID" && p.value.as_deref().unwrap_or("").starts_with("meeting-")
                })
            })
            .collect();
        assert_eq!(events.len(), 1, "{ics}");
        let get = |name: &str| {
            events[0]
                .properties
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
                .unwrap_or_default()
        };
        (get("UID"), get("SEQUENCE").parse().unwrap(), get("STATUS"))
    };
    let (uid_before, seq_before, _) = entry(&before);
    let (uid_after, seq_after, status) = entry(&after);
    assert_eq!(uid_before, uid_after);
    assert!(seq_after > seq_before);
    assert_eq!(status, "CONFIRMED");
    assert!(
        after.contains("DTSTART;TZID=Europe/Berlin:20310325T105000"),
        "{after}"
    );
    // Cancelled: the entry stays, marked CANCELLED, with a higher SEQUENCE.
    let cancelled = app
        .api_as(&anna)
        .patch(&path, &json!({"state": "cancelled"}))
        .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let gone = reqwest::get(&feed_url).await.unwrap().text().await.unwrap();
    let (uid, seq, status) = entry(&gone);
    assert_eq!(uid, uid_after);
    assert!(seq > seq_after);
    assert_eq!(status, "CANCELLED");
    assert_error(
        app.api_as(&dana)
            .patch(&path, &json!({"starts_at": "2031-03-25T09:00:00Z"}))
            .await,
        StatusCode::CONFLICT,
        "b2b_meeting_cancelled",
    )
    .await;
    // The slot is free again: Dana and Anna can book it anew.
    let again = request(&app, &dana, event, &anna).await;
    let response = app
        .api_as(&anna)
        .post(
            &format!("/api/v1/b2b/requests/{again}/accept"),
            &json!({"slot": "2031-03-25T09:50:00Z"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

/// A zone where it is now between 01:00 and 21:00, so that a window from now on fits the day.
fn daytime_zone() -> &'static str {
    for zone in ["UTC", "Asia/Almaty", "America/New_York", "Pacific/Auckland"] {
        let now = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::get(zone).unwrap());
        if (1..21).contains(&now.hour()) {
            return zone;
        }
    }
    "UTC"
}

async fn rooms_open_only_to_the_two_sides_in_their_window(app: TestApp) {
    let organiser = app.member("Olga Organiser").await;
    let zone = daytime_zone();
    let tz = jiff::tz::TimeZone::get(zone).unwrap();
    let now = jiff::Timestamp::now().to_zoned(tz.clone());
    let today = now.date().to_string();
    let response = app
        .api_as(&organiser)
        .post(
            "/api/v1/events",
            &json!({"title": "Today", "locale": "en", "starts_on": today, "ends_on": today, "timezone": zone}),
        )
        .await;
    let event = response.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    // A window starting in 5 minutes (whole minutes), so the first slot opens for joining now.
    let start = now.checked_add(jiff::Span::new().minutes(6)).unwrap();
    let from = format!("{:02}:{:02}", start.hour(), start.minute());
    let end = start.checked_add(jiff::Span::new().minutes(60)).unwrap();
    let to = format!("{:02}:{:02}", end.hour(), end.minute());
    enable(
        &app,
        &organiser,
        event,
        json!({"windows": [{"date": today, "from": from, "to": to}], "room_kind": "jitsi_jwt",
               "jitsi_app_id": "circula", "jitsi_secret": "a-secret-of-enough-length"}),
    )
    .await;
    let anna = app.member("Anna Schmidt").await;
    let dana = app.member("Dana Seitkali").await;
    let stranger = app.member("Stan Stranger").await;
    for m in [&anna, &dana] {
        participant(&app, m, event, profile("Org", "", json!([]))).await;
    }
    let id = request(&app, &anna, event, &dana).await;
    let meeting = accept(&app, &dana, id, None).await.unwrap();
    let join = format!("/api/v1/b2b/meetings/{meeting}/join");
    let url = app.api_as(&anna).get_json(&join).await["url"]
        .as_str()
        .unwrap()
        .to_string();
    let (link, token) = url.split_once("?jwt=").unwrap();
    assert!(link.starts_with("https://meet.example.org/circula-"));
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.set_audience(&["circula"]);
    let claims = jsonwebtoken::decode::<Value>(
        token,
        &jsonwebtoken::DecodingKey::from_secret(b"a-secret-of-enough-length").unwrap(),
        &validation,
    )
    .expect("a valid token")
    .claims;
    assert_eq!(
        format!(
            "https://meet.example.org/{}",
            claims["room"].as_str().unwrap()
        ),
        link
    );
    assert_eq!(claims["context"]["user"]["name"], "Anna Schmidt");
    // Dana enters the same room, with her own name.
    let dana_url = app.api_as(&dana).get_json(&join).await["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(dana_url.starts_with(link));
    // A stranger learns nothing.
    assert_error(
        app.api_as(&stranger).get(&join).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // The page's link redirects into the room.
    let page = app.browser();
    page.login(&anna.email, common::PASSWORD).await;
    let response = page.get(&format!("/b2b/meetings/{meeting}/join")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(common::location(&response).starts_with(link));
    // Outside its window the room is closed: move the meeting a day back.
    sqlx::query("UPDATE b2b_meetings SET starts_at = starts_at - 86400000, ends_at = ends_at - 86400000 WHERE id = $1")
        .bind(meeting)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_error(
        app.api_as(&anna).get(&join).await,
        StatusCode::CONFLICT,
        "b2b_join_closed",
    )
    .await;
}

async fn the_scheduler_drafts_and_organisers_publish(app: TestApp) {
    let (organiser, event, anna, dana) = setup(&app, json!({"mode": "auto"})).await;
    let boris = app.member("Boris Petrov").await;
    let chen = app.member("Chen Wei").await;
    for m in [&boris, &chen] {
        participant(&app, m, event, profile("Org", "", json!([]))).await;
    }
    // Four accepted requests; Anna meets three people.
    let mut accepted = Vec::new();
    for (from, to) in [
        (&anna, &dana),
        (&boris, &anna),
        (&chen, &anna),
        (&boris, &dana),
    ] {
        let id = request(&app, from, event, to).await;
        let body: Value = app
            .api_as(to)
            .post(&format!("/api/v1/b2b/requests/{id}/accept"), &json!({}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            body["meeting_id"],
            Value::Null,
            "organisers schedule: {body}"
        );
        accepted.push(id);
    }
    // Participants may not run it.
    assert_error(
        app.api_as(&anna)
            .post(&format!("/api/v1/events/{event}/b2b/schedule"), &json!({}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let plan = app
        .api_as(&organiser)
        .post(&format!("/api/v1/events/{event}/b2b/schedule"), &json!({}))
        .await;
    assert_eq!(plan.status(), StatusCode::OK);
    let plan: Value = plan.json().await.unwrap();
    let quality = &plan["quality"];
    assert_eq!(quality["placed"], 4, "{plan}");
    assert!(quality["upper_bound"].as_i64().unwrap() >= 4);
    assert!(quality["greedy"].as_i64().unwrap() <= 4);
    let meetings = plan["meetings"].as_array().unwrap();
    assert_eq!(meetings.len(), 4);
    assert!(meetings.iter().all(|m| m["state"] == "draft"));
    // Nobody has two meetings at once.
    let mut seen = std::collections::HashSet::new();
    for m in meetings {
        for side in m["sides"].as_array().unwrap() {
            assert!(seen.insert((
                side["member_id"].as_i64(),
                m["starts_at"].as_str().map(str::to_string)
            )));
        }
    }
    // Drafts are the organisers' until published.
    let mine = app.api_as(&anna).get_json("/api/v1/me/meetings").await;
    assert_eq!(mine.as_array().unwrap().len(), 0);
    let first = meetings[0]["id"].as_i64().unwrap();
    assert_error(
        app.api_as(&anna)
            .get(&format!("/api/v1/b2b/meetings/{first}"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Lock one; a clash made by hand is refused at publishing, and nothing is published.
    let locked = app
        .api_as(&organiser)
        .patch(
            &format!("/api/v1/b2b/meetings/{first}"),
            &json!({"locked": true}),
        )
        .await;
    assert_eq!(locked.status(), StatusCode::OK);
    let anna_meetings: Vec<&Value> = meetings
        .iter()
        .filter(|m| {
            m["sides"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["member_id"] == anna.id)
        })
        .collect();
    let (x, y) = (anna_meetings[0], anna_meetings[1]);
    let original = y["starts_at"].clone();
    let response = app
        .api_as(&organiser)
        .patch(
            &format!("/api/v1/b2b/meetings/{}", y["id"]),
            &json!({"starts_at": x["starts_at"]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_error(
        app.api_as(&organiser)
            .post(
                &format!("/api/v1/events/{event}/b2b/schedule/publish"),
                &json!({}),
            )
            .await,
        StatusCode::CONFLICT,
        "b2b_schedule_clash",
    )
    .await;
    assert_eq!(
        app.api_as(&anna)
            .get_json("/api/v1/me/meetings")
            .await
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let response = app
        .api_as(&organiser)
        .patch(
            &format!("/api/v1/b2b/meetings/{}", y["id"]),
            &json!({"starts_at": original}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let published: Value = app
        .api_as(&organiser)
        .post(
            &format!("/api/v1/events/{event}/b2b/schedule/publish"),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(published["published"], 4);
    let mine = app.api_as(&anna).get_json("/api/v1/me/meetings").await;
    assert_eq!(mine.as_array().unwrap().len(), 3);
    let notes = app.api_as(&dana).get_json("/api/v1/notifications").await;
    assert!(
        notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "meeting_scheduled")
    );
    // A late request: running again keeps the published meetings and adds the new one.
    let late = request(&app, &chen, event, &dana).await;
    let response = app
        .api_as(&dana)
        .post(&format!("/api/v1/b2b/requests/{late}/accept"), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let before: Vec<(i64, String)> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_i64().unwrap(),
                m["starts_at"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let plan: Value = app
        .api_as(&organiser)
        .post(&format!("/api/v1/events/{event}/b2b/schedule"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(plan["quality"]["placed"], 5, "{plan}");
    for (id, start) in before {
        let kept = plan["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .expect("kept");
        assert_eq!(kept["starts_at"], start.as_str());
        assert_eq!(kept["state"], "scheduled");
    }
}

async fn reminders_feedback_and_the_dashboard(app: TestApp) {
    let (organiser, event, anna, dana) = setup(&app, json!({})).await;
    let id = request(&app, &anna, event, &dana).await;
    let meeting = accept(&app, &dana, id, None).await.unwrap();
    let feedback = format!("/api/v1/b2b/meetings/{meeting}/feedback");
    assert_error(
        app.api_as(&anna)
            .post(&feedback, &json!({"took_place": true, "usefulness": 5}))
            .await,
        StatusCode::CONFLICT,
        "b2b_meeting_not_started",
    )
    .await;
    // The meeting starts in 20 minutes: one reminder to each side, once.
    let now = circula::store::now_ms();
    sqlx::query("UPDATE b2b_meetings SET starts_at = $1, ends_at = $2 WHERE id = $3")
        .bind(now + 20 * 60_000)
        .bind(now + 40 * 60_000)
        .bind(meeting)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(
        circula::meetings::send_reminders(&app.state, now)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        circula::meetings::send_reminders(&app.state, now)
            .await
            .unwrap(),
        0
    );
    for member in [&anna, &dana] {
        let notes = app.api_as(member).get_json("/api/v1/notifications").await;
        assert_eq!(notes["items"][0]["kind"], "meeting_reminder", "{notes}");
    }
    // Afterwards: feedback from both sides.
    sqlx::query("UPDATE b2b_meetings SET starts_at = $1, ends_at = $2 WHERE id = $3")
        .bind(now - 40 * 60_000)
        .bind(now - 20 * 60_000)
        .bind(meeting)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_error(
        app.api_as(&anna)
            .post(&feedback, &json!({"took_place": true, "usefulness": 9}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "number_out_of_range",
    )
    .await;
    for (member, useful) in [(&anna, 5), (&dana, 4)] {
        let response = app
            .api_as(member)
            .post(
                &feedback,
                &json!({"took_place": true, "usefulness": useful, "follow_up": true, "comment": "Очень полезно"}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }
    assert_error(
        app.api_as(&anna)
            .get(&format!("/api/v1/events/{event}/b2b/dashboard"))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let figures = app
        .api_as(&organiser)
        .get_json(&format!("/api/v1/events/{event}/b2b/dashboard"))
        .await;
    assert_eq!(figures["participants"], 2, "{figures}");
    assert_eq!(figures["requests_accepted"], 1);
    assert_eq!(figures["meetings_scheduled"], 1);
    assert_eq!(figures["meetings_held"], 1);
    assert_eq!(figures["follow_ups"], 2);
    assert_eq!(figures["usefulness_mean"], 4.5);
    assert!(
        figures["by_sector"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["key"] == "sorting" && s["participants"] == 2)
    );
    let page = app.browser();
    page.login(&organiser.email, common::PASSWORD).await;
    let csv = page
        .get(&format!("/events/{event}/b2b/dashboard.csv"))
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = csv.text().await.unwrap();
    assert!(
        csv.contains("Anna Schmidt") && csv.contains("Dana Seitkali"),
        "{csv}"
    );
    let xlsx = page
        .get(&format!("/events/{event}/b2b/dashboard.xlsx"))
        .await
        .bytes()
        .await
        .unwrap();
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 2);
    let meetings = book.worksheet_range(&names[1]).unwrap();
    assert_eq!(meetings.height(), 2, "a heading and one meeting");
}

async fn strangers_learn_nothing(app: TestApp) {
    let (_, event, anna, dana) = setup(&app, json!({})).await;
    let stranger = app.member("Stan Stranger").await;
    let id = request(&app, &anna, event, &dana).await;
    for path in [
        format!("/api/v1/b2b/requests/{id}/accept"),
        format!("/api/v1/b2b/requests/{id}/decline"),
        format!("/api/v1/b2b/requests/{id}/cancel"),
    ] {
        assert_error(
            app.api_as(&stranger).post(&path, &json!({})).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    let meeting = accept(&app, &dana, id, None).await.unwrap();
    for response in [
        app.api_as(&stranger)
            .get(&format!("/api/v1/b2b/meetings/{meeting}"))
            .await,
        app.api_as(&stranger)
            .patch(
                &format!("/api/v1/b2b/meetings/{meeting}"),
                &json!({"state": "cancelled"}),
            )
            .await,
        app.api_as(&stranger)
            .post(
                &format!("/api/v1/b2b/meetings/{meeting}/feedback"),
                &json!({"took_place": false}),
            )
            .await,
    ] {
        assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    }
    // A participant cannot lock or run the organisers' tools.
    assert_error(
        app.api_as(&anna)
            .patch(
                &format!("/api/v1/b2b/meetings/{meeting}"),
                &json!({"locked": true}),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        app.api_as(&anna)
            .get(&format!("/api/v1/events/{event}/b2b/schedule"))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // Without a sign-in: 401.
    let response = app
        .api()
        .get(&format!("/api/v1/events/{event}/b2b/profiles"))
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    // The meeting stays: the stranger changed nothing.
    let m = app
        .api_as(&anna)
        .get_json(&format!("/api/v1/b2b/meetings/{meeting}"))
        .await;
    assert_eq!(m["state"], "scheduled");
}
