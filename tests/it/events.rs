//! Events over HTTP: creating events and sessions, schedules across time zones and the March
//! clock change, registration with questions, waiting lists (also under concurrent
//! registrations), the personal agenda, calendar files read by an independent parser,
//! participant exports, messages to participants, and who may see and change what.

use crate::common;

use common::{TestApp, TestMember, assert_error, location};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    events_are_created_read_in_each_language_and_changed_by_organisers_only,
    members_only_events_stay_hidden_from_visitors,
    schedule_times_are_right_across_the_march_change,
    the_whole_week_is_on_one_page_with_filters,
    bad_event_and_session_input_is_refused,
    waiting_list_moves_up_when_seats_free,
    concurrent_registrations_never_overfill_a_session,
    registration_questions_are_asked_and_answered,
    agenda_warns_of_overlaps,
    calendar_files_parse_with_zones_and_links,
    personal_feed_is_secret_and_revocable,
    participants_export_as_csv_and_xlsx,
    messages_reach_participants,
    deleting_a_session_tells_those_registered,
    schedule_and_forms_work_without_javascript,
    covers_are_cropped_and_guarded,
    events_connect_to_their_chat_channel_and_library_folder,
    speakers_and_organisers_are_chosen_and_shown_by_name,
    who_may_not_edit_learns_nothing_about_addresses,
    demoted_organisers_lose_their_events,
);

/// An event in Europe/Berlin over the last weekend of March `year` (the clock change).
async fn berlin_event(app: &TestApp, organiser: &TestMember, year: i32, extra: Value) -> i64 {
    let mut body = json!({
        "title": format!("Recycling days {year}"),
        "description": "Talks on **recycling**.",
        "locale": "en",
        "starts_on": format!("{year}-03-25"),
        "ends_on": format!("{year}-03-27"),
        "timezone": "Europe/Berlin",
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let response = app.api_as(organiser).post("/api/v1/events", &body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let event: Value = response.json().await.unwrap();
    event["id"].as_i64().unwrap()
}

async fn add_session(app: &TestApp, organiser: &TestMember, event: i64, body: Value) -> i64 {
    let response = app
        .api_as(organiser)
        .post(&format!("/api/v1/events/{event}/sessions"), &body)
        .await;
    let status = response.status();
    let json: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{json}");
    json["id"].as_i64().unwrap()
}

/// A future event (so that registration is open) with one session of `capacity` seats.
async fn future_session(
    app: &TestApp,
    organiser: &TestMember,
    capacity: Option<i64>,
) -> (i64, i64) {
    let event = berlin_event(app, organiser, 2031, json!({})).await;
    let session = add_session(
        app,
        organiser,
        event,
        json!({"title": "Sorting lines", "starts_at": "2031-03-25T10:00", "ends_at": "2031-03-25T11:00",
               "capacity": capacity, "join_url": "https://meet.example.org/sorting"}),
    )
    .await;
    (event, session)
}

async fn events_are_created_read_in_each_language_and_changed_by_organisers_only(app: TestApp) {
    let organiser = app.member("Aigerim Organiser").await; // the first account: an admin
    let member = app.member("Markus Member").await;
    let body = json!({
        "texts": [
            {"locale": "ru", "title": "ЭКО-неделя", "description": "Четыре дня"},
            {"locale": "de", "title": "ECO-Woche", "description": "Vier Tage"}
        ],
        "default_locale": "ru",
        "starts_on": "2031-02-21", "ends_on": "2031-02-24", "timezone": "Asia/Almaty"
    });
    let created = app.api_as(&organiser).post("/api/v1/events", &body).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let event: Value = created.json().await.unwrap();
    let id = event["id"].as_i64().unwrap();
    assert_eq!(event["organiser"], true);
    assert_eq!(event["context"], format!("event:{id}"));

    let as_lang = |lang: &str| app.api().with_lang(lang);
    assert_eq!(
        as_lang("de")
            .get_json(&format!("/api/v1/events/{id}"))
            .await["title"],
        "ECO-Woche"
    );
    assert_eq!(
        as_lang("ru")
            .get_json(&format!("/api/v1/events/{id}"))
            .await["title"],
        "ЭКО-неделя"
    );
    // No Kazakh or English text: the default language (Russian) is shown.
    assert_eq!(
        as_lang("kk")
            .get_json(&format!("/api/v1/events/{id}"))
            .await["title"],
        "ЭКО-неделя"
    );
    assert_eq!(
        as_lang("en")
            .get_json(&format!("/api/v1/events/{id}"))
            .await["description"],
        "Четыре дня"
    );
    let listed = app.api().get_json("/api/v1/events").await;
    assert!(
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == id)
    );

    // A plain member may neither create nor change events.
    let refused = app.api_as(&member).post("/api/v1/events", &body).await;
    assert_error(refused, StatusCode::FORBIDDEN, "forbidden").await;
    let refused = app
        .api_as(&member)
        .patch(
            &format!("/api/v1/events/{id}"),
            &json!({"title": "Hijacked", "locale": "ru"}),
        )
        .await;
    assert_error(refused, StatusCode::FORBIDDEN, "forbidden").await;

    // A co-organiser must hold the organiser role.
    let refused = app
        .api_as(&organiser)
        .patch(
            &format!("/api/v1/events/{id}"),
            &json!({"organiser_ids": [organiser.id, member.id]}),
        )
        .await;
    assert_error(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "organiser_role_required",
    )
    .await;
    set_role(&app, &organiser, &member, "organiser").await;

    // Organisers change it, adding English and a co-organiser, who may then edit too.
    let changed = app
        .api_as(&organiser)
        .patch(
            &format!("/api/v1/events/{id}"),
            &json!({"title": "ECO week", "locale": "en", "organiser_ids": [organiser.id, member.id]}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(
        as_lang("en")
            .get_json(&format!("/api/v1/events/{id}"))
            .await["title"],
        "ECO week"
    );
    let by_co = app
        .api_as(&member)
        .patch(
            &format!("/api/v1/events/{id}"),
            &json!({"registration_open": false}),
        )
        .await;
    assert_eq!(by_co.status(), StatusCode::OK);
    let now: Value = by_co.json().await.unwrap();
    assert_eq!(now["registration_open"], false);
    assert_eq!(now["texts"].as_array().unwrap().len(), 3);
}

async fn members_only_events_stay_hidden_from_visitors(app: TestApp) {
    let organiser = app.member("Olga Organiser").await;
    let id = berlin_event(&app, &organiser, 2031, json!({"visibility": "members"})).await;
    add_session(
        &app,
        &organiser,
        id,
        json!({"title": "Closed circle", "starts_at": "2031-03-25T10:00", "ends_at": "2031-03-25T11:00",
               "join_url": "https://meet.example.org/secret-room"}),
    )
    .await;
    let visitor = app.api();
    assert_error(
        visitor.get(&format!("/api/v1/events/{id}")).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_error(
        visitor.get(&format!("/api/v1/events/{id}/schedule")).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let ics = visitor.get(&format!("/events/{id}/calendar.ics")).await;
    assert_eq!(ics.url().path(), "/login", "a visitor is sent to log in");
    assert!(!ics.text().await.unwrap().contains("BEGIN:VCALENDAR"));
    let listed = visitor.get_json("/api/v1/events").await;
    assert!(
        !listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == id)
    );
    let page = app.browser().get(&format!("/events/{id}")).await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert!(location(&page).starts_with("/login?next="));
    let html = app.browser().get_html("/events").await;
    assert!(!html.contains("Recycling days 2031"), "{html}");

    // Members see it, with the room link; a visitor never sees the link of a public event.
    let member = app.member("Any Member").await;
    let schedule = app
        .api_as(&member)
        .get_json(&format!("/api/v1/events/{id}/schedule"))
        .await;
    assert_eq!(
        schedule["days"][0]["sessions"][0]["join_url"],
        "https://meet.example.org/secret-room"
    );
    app.api_as(&organiser)
        .patch(
            &format!("/api/v1/events/{id}"),
            &json!({"visibility": "public"}),
        )
        .await;
    let public = visitor
        .get_json(&format!("/api/v1/events/{id}/schedule"))
        .await;
    assert_eq!(public["days"][0]["sessions"][0]["title"], "Closed circle");
    assert!(
        public["days"][0]["sessions"][0]["join_url"].is_null(),
        "{public}"
    );
    let ics = visitor
        .get(&format!("/events/{id}/calendar.ics"))
        .await
        .text()
        .await
        .unwrap();
    assert!(ics.contains("SUMMARY:Closed circle"));
    assert!(!ics.contains("secret-room"), "{ics}");
}

async fn the_whole_week_is_on_one_page_with_filters(app: TestApp) {
    let organiser = app.member("Sabine Organiser").await;
    let id = berlin_event(&app, &organiser, 2023, json!({})).await;
    for day in ["25", "26", "27"] {
        add_session(
            &app,
            &organiser,
            id,
            json!({"title": format!("Morning talk {day}"), "starts_at": format!("2023-03-{day}T10:00"),
                   "ends_at": format!("2023-03-{day}T11:00"), "kind": "talk", "track": "Policy"}),
        )
        .await;
    }
    add_session(
        &app,
        &organiser,
        id,
        json!({"title": "Afternoon workshop", "starts_at": "2023-03-26T15:00",
               "ends_at": "2023-03-26T16:00", "kind": "workshop", "track": "Technology"}),
    )
    .await;
    // A visitor, without JavaScript: every day under its own heading, in order.
    let visitor = app.browser();
    let week = visitor
        .get_html(&format!("/events/{id}?day=all&tz=Asia/Almaty"))
        .await;
    let at = |text: &str| {
        week.find(text)
            .unwrap_or_else(|| panic!("{text} missing: {week}"))
    };
    assert!(at("Morning talk 25") < at("Morning talk 26"));
    assert!(at("Morning talk 26") < at("Afternoon workshop"));
    assert!(at("Afternoon workshop") < at("Morning talk 27"));
    assert_eq!(week.matches("class=\"day-title\"").count(), 3, "{week}");
    assert!(
        at("Saturday") < at("Morning talk 25") && at("Sunday") < at("Morning talk 26"),
        "{week}"
    );
    // The tab beside the days is the current one, and counts every session.
    assert!(
        week.contains("?day=all&amp;tz=Asia/Almaty\" aria-current=\"page\">All days <span class=\"count\">4</span>"),
        "{week}"
    );
    assert_eq!(week.matches("aria-current=\"page\"").count(), 1, "{week}");
    // Times in both zones; the clock changes in Berlin during the week, so the days after it
    // say how far apart the zones are then.
    assert!(week.contains("15:00–16:00 your time"), "{week}");
    assert!(week.contains("14:00–15:00 your time"), "{week}");
    assert!(
        week.contains("5 hours ahead") && week.contains("4 hours ahead"),
        "{week}"
    );
    // The filters keep the whole week.
    assert!(week.contains("name=\"day\" value=\"all\""), "{week}");
    let policy = visitor
        .get_html(&format!("/events/{id}?day=all&track=Policy"))
        .await;
    assert_eq!(policy.matches("class=\"day-title\"").count(), 3);
    assert!(policy.contains("Morning talk 27"), "{policy}");
    assert!(!policy.contains("Afternoon workshop"), "{policy}");
    let workshops = visitor
        .get_html(&format!("/events/{id}?day=all&kind=workshop"))
        .await;
    assert!(workshops.contains("Afternoon workshop"), "{workshops}");
    assert!(!workshops.contains("Morning talk"), "{workshops}");
    assert_eq!(workshops.matches("No sessions on this day.").count(), 2);
    // One day stays one day, in every language.
    let saturday = visitor
        .get_html(&format!("/events/{id}?day=2023-03-25"))
        .await;
    assert!(saturday.contains("Morning talk 25") && !saturday.contains("Morning talk 26"));
    assert_eq!(saturday.matches("class=\"day-title\"").count(), 1);
    for (language, label) in [
        ("de", "Alle Tage"),
        ("ru", "Все дни"),
        ("kk", "Барлық күндер"),
    ] {
        let page = app
            .api()
            .request(reqwest::Method::GET, &format!("/events/{id}?day=all"))
            .header("Accept-Language", language)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains(label), "{language}: {page}");
    }
}

async fn schedule_times_are_right_across_the_march_change(app: TestApp) {
    let organiser = app.member("Sabine Organiser").await;
    let id = berlin_event(&app, &organiser, 2023, json!({})).await;
    for day in ["25", "26", "27"] {
        add_session(
            &app,
            &organiser,
            id,
            json!({"title": format!("Morning talk {day}"), "starts_at": format!("2023-03-{day}T10:00"),
                   "ends_at": format!("2023-03-{day}T11:00"), "kind": "talk", "track": "Policy"}),
        )
        .await;
    }
    let schedule = app
        .api()
        .get_json(&format!("/api/v1/events/{id}/schedule?tz=Asia/Almaty"))
        .await;
    assert_eq!(schedule["timezone"], "Asia/Almaty");
    let days = schedule["days"].as_array().unwrap();
    assert_eq!(days.len(), 3);
    let session = |d: usize| &days[d]["sessions"][0];
    // Saturday: Berlin UTC+1, Almaty UTC+6 (in 2023): 10:00 in Berlin is 15:00 in Almaty.
    assert_eq!(
        session(0)["event_time"]["start"],
        "2023-03-25T10:00:00+01:00"
    );
    assert_eq!(
        session(0)["local_time"]["start"],
        "2023-03-25T15:00:00+06:00"
    );
    assert_eq!(session(0)["starts_at"], "2023-03-25T09:00:00Z");
    // Sunday, the day of the change: Berlin UTC+2, four hours apart.
    assert_eq!(
        session(1)["event_time"]["start"],
        "2023-03-26T10:00:00+02:00"
    );
    assert_eq!(
        session(1)["local_time"]["start"],
        "2023-03-26T14:00:00+06:00"
    );
    assert_eq!(
        session(2)["local_time"]["start"],
        "2023-03-27T14:00:00+06:00"
    );
    assert_eq!(session(1)["track"], "Policy");

    // The page states the difference of the day shown, in the viewer's language.
    let browser = app.browser();
    let saturday = browser
        .get_html(&format!("/events/{id}?day=2023-03-25&tz=Asia/Almaty"))
        .await;
    assert!(saturday.contains("5 hours ahead"), "{saturday}");
    assert!(saturday.contains("15:00–16:00 your time"), "{saturday}");
    let sunday = browser
        .get_html(&format!("/events/{id}?day=2023-03-26&tz=Asia/Almaty"))
        .await;
    assert!(sunday.contains("4 hours ahead"), "{sunday}");
    assert!(sunday.contains("10:00–11:00"), "{sunday}");
    assert!(sunday.contains("14:00–15:00 your time"), "{sunday}");
    // The browser's zone from the cookie counts when no zone is asked for.
    let cookie = app
        .api()
        .request(
            reqwest::Method::GET,
            &format!("/events/{id}?day=2023-03-26"),
        )
        .header("Cookie", "tz=Asia/Almaty")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(cookie.contains("14:00–15:00 your time"), "{cookie}");

    // 02:30 does not exist in Berlin on that Sunday.
    let gap = app
        .api_as(&organiser)
        .post(
            &format!("/api/v1/events/{id}/sessions"),
            &json!({"title": "Ghost", "starts_at": "2023-03-26T02:30", "ends_at": "2023-03-26T03:30"}),
        )
        .await;
    assert_error(gap, StatusCode::UNPROCESSABLE_ENTITY, "datetime_ambiguous").await;
}

async fn bad_event_and_session_input_is_refused(app: TestApp) {
    let organiser = app.member("Daulet Organiser").await;
    let api = app.api_as(&organiser);
    let base = json!({"title": "Week", "starts_on": "2031-03-25", "ends_on": "2031-03-27", "timezone": "Europe/Berlin"});
    for (change, field, code) in [
        (
            json!({"timezone": "Mars/Olympus"}),
            "timezone",
            "timezone_unknown",
        ),
        (
            json!({"ends_on": "2031-03-20"}),
            "ends_on",
            "event_ends_before_start",
        ),
        (
            json!({"starts_on": "25.03.2031"}),
            "starts_on",
            "date_invalid",
        ),
        (json!({"title": "   "}), "title", "field_required"),
    ] {
        let mut body = base.clone();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let refused = assert_error(
            api.post("/api/v1/events", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        )
        .await;
        assert_eq!(refused["field"], field);
    }
    let id = berlin_event(&app, &organiser, 2031, json!({})).await;
    let path = format!("/api/v1/events/{id}/sessions");
    let session =
        json!({"title": "Talk", "starts_at": "2031-03-25T10:00", "ends_at": "2031-03-25T11:00"});
    for (change, code) in [
        (
            json!({"ends_at": "2031-03-25T09:00"}),
            "session_ends_before_start",
        ),
        (
            json!({"starts_at": "2031-03-28T10:00", "ends_at": "2031-03-28T11:00"}),
            "session_outside_event",
        ),
        (
            json!({"join_url": "http://meet.example.org/x"}),
            "url_not_https",
        ),
        (json!({"join_url": "javascript:alert(1)"}), "url_not_https"),
        (json!({"recording_url": "https://"}), "url_not_https"),
        (json!({"capacity": 0}), "capacity_invalid"),
        (json!({"languages": ["xx"]}), "language_unknown"),
        (
            json!({"speakers": [{"member_id": 999999}]}),
            "member_unknown",
        ),
        (json!({"starts_at": "soon"}), "datetime_invalid"),
    ] {
        let mut body = session.clone();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        assert_error(
            api.post(&path, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        )
        .await;
    }
    assert_error(
        api.post(&path, &json!({"title": "x", "kind": "party"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "json_invalid",
    )
    .await;
    let sent = api
        .request(reqwest::Method::POST, &path)
        .header("Content-Type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert!(sent.status().is_client_error());
    let schedule = app
        .api()
        .get(&format!("/api/v1/events/{id}/schedule?tz=Nowhere/City"))
        .await;
    assert_error(
        schedule,
        StatusCode::UNPROCESSABLE_ENTITY,
        "timezone_unknown",
    )
    .await;
    // Moving the event's days away from its sessions is refused; nothing was stored.
    let session_id = add_session(&app, &organiser, id, session.clone()).await;
    let moved = api
        .patch(
            &format!("/api/v1/events/{id}"),
            &json!({"starts_on": "2031-03-26"}),
        )
        .await;
    assert_error(
        moved,
        StatusCode::UNPROCESSABLE_ENTITY,
        "event_excludes_sessions",
    )
    .await;
    assert_eq!(
        app.api().get_json(&format!("/api/v1/events/{id}")).await["starts_on"],
        "2031-03-25"
    );
    // A capacity below the seats already taken.
    for name in ["Seat One", "Seat Two"] {
        let m = app.member(name).await;
        let taken = app
            .api_as(&m)
            .post(
                &format!("/api/v1/sessions/{session_id}/registration"),
                &json!({}),
            )
            .await;
        assert_eq!(taken.status(), StatusCode::CREATED);
    }
    let lowered = api
        .patch(
            &format!("/api/v1/sessions/{session_id}"),
            &json!({"capacity": 1}),
        )
        .await;
    assert_error(
        lowered,
        StatusCode::UNPROCESSABLE_ENTITY,
        "capacity_below_registrations",
    )
    .await;
    let ok = api
        .patch(
            &format!("/api/v1/sessions/{session_id}"),
            &json!({"capacity": 2}),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(
        api.delete("/api/v1/sessions/999999").await.status(),
        StatusCode::NOT_FOUND
    );
}

async fn waiting_list_moves_up_when_seats_free(app: TestApp) {
    let organiser = app.member("Asel Organiser").await;
    let (_, session) = future_session(&app, &organiser, Some(2)).await;
    let path = format!("/api/v1/sessions/{session}/registration");
    let mut members = Vec::new();
    for name in ["First Comer", "Second Comer", "Third Comer", "Fourth Comer"] {
        members.push(app.member(name).await);
    }
    let mut answers = Vec::new();
    for m in &members {
        let response = app.api_as(m).post(&path, &json!({})).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        answers.push(response.json::<Value>().await.unwrap());
    }
    assert_eq!(answers[0]["status"], "registered");
    assert_eq!(answers[1]["status"], "registered");
    assert_eq!(answers[2]["status"], "waiting");
    assert_eq!(answers[2]["waiting_position"], 1);
    assert_eq!(answers[3]["waiting_position"], 2);
    // Registering again changes nothing.
    let again = app.api_as(&members[2]).post(&path, &json!({})).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.json::<Value>().await.unwrap()["waiting_position"], 1);

    // The first leaves: the third moves up and hears of it.
    assert_eq!(
        app.api_as(&members[0]).delete(&path).await.status(),
        StatusCode::NO_CONTENT
    );
    let agenda = app.api_as(&members[2]).get_json("/api/v1/me/agenda").await;
    assert_eq!(agenda[0]["status"], "registered");
    let notes = app
        .api_as(&members[2])
        .get_json("/api/v1/notifications")
        .await;
    let text = notes.to_string();
    assert!(text.contains("seat_confirmed"), "{text}");
    assert!(text.contains("Sorting lines"), "{text}");
    // More seats move the rest up.
    app.api_as(&organiser)
        .patch(
            &format!("/api/v1/sessions/{session}"),
            &json!({"capacity": 5}),
        )
        .await;
    let agenda = app.api_as(&members[3]).get_json("/api/v1/me/agenda").await;
    assert_eq!(agenda[0]["status"], "registered");
    // Leaving what one does not hold is a 404; cancelling the event frees the seat too.
    assert_eq!(
        app.api_as(&members[0]).delete(&path).await.status(),
        StatusCode::NOT_FOUND
    );
    let event = agenda[0]["event_id"].as_i64().unwrap();
    let cancelled = app
        .api_as(&members[3])
        .delete(&format!("/api/v1/events/{event}/registration"))
        .await;
    assert_eq!(cancelled.status(), StatusCode::NO_CONTENT);
    assert!(
        app.api_as(&members[3])
            .get_json("/api/v1/me/agenda")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
}

async fn concurrent_registrations_never_overfill_a_session(app: TestApp) {
    let organiser = app.member("Timur Organiser").await;
    let (_, session) = future_session(&app, &organiser, Some(5)).await;
    let mut members = Vec::new();
    for i in 0..20 {
        members.push(app.member(&format!("Parallel {i}")).await);
    }
    let path = format!("/api/v1/sessions/{session}/registration");
    let tasks: Vec<_> = members
        .iter()
        .map(|m| {
            let api = app.api_as(m);
            let path = path.clone();
            tokio::spawn(async move {
                let response = api.post(&path, &json!({})).await;
                assert_eq!(response.status(), StatusCode::CREATED);
                response.json::<Value>().await.unwrap()["status"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
        })
        .collect();
    let mut registered = 0;
    for task in tasks {
        if task.await.unwrap() == "registered" {
            registered += 1;
        }
    }
    assert_eq!(registered, 5);
    let stored: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM session_registrations WHERE session_id = $1 AND status = 'registered'",
    )
    .bind(session)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(stored, 5);
    // Parallel cancellations move exactly as many up.
    let tasks: Vec<_> = members
        .iter()
        .take(10)
        .map(|m| {
            let api = app.api_as(m);
            let path = path.clone();
            tokio::spawn(async move { api.delete(&path).await.status() })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::NO_CONTENT);
    }
    let counts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT status, COUNT(*) FROM session_registrations WHERE session_id = $1 GROUP BY status ORDER BY status",
    )
    .bind(session)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(
        counts,
        vec![("registered".to_string(), 5), ("waiting".to_string(), 5)]
    );
}

async fn registration_questions_are_asked_and_answered(app: TestApp) {
    let organiser = app.member("Jonas Organiser").await;
    let event = berlin_event(
        &app,
        &organiser,
        2031,
        json!({"questions": [
            {"label": "Organisation type", "kind": "choice", "options": ["Company", "Municipality"], "required": true},
            {"label": "Your expectations", "kind": "text"}
        ]}),
    )
    .await;
    let session = add_session(
        &app,
        &organiser,
        event,
        json!({"title": "Intro", "starts_at": "2031-03-26T09:00", "ends_at": "2031-03-26T10:00"}),
    )
    .await;
    let questions =
        app.api().get_json(&format!("/api/v1/events/{event}")).await["questions"].clone();
    let choice = questions[0]["id"].as_i64().unwrap();
    let text = questions[1]["id"].as_i64().unwrap();
    let member = app.member("Curious Member").await;
    let api = app.api_as(&member);
    // A required question: the session alone is not enough.
    let seat = api
        .post(
            &format!("/api/v1/sessions/{session}/registration"),
            &json!({}),
        )
        .await;
    assert_error(seat, StatusCode::CONFLICT, "event_registration_required").await;
    let path = format!("/api/v1/events/{event}/registration");
    assert_error(
        api.post(&path, &json!({"answers": {}})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "answer_required",
    )
    .await;
    let wrong = json!({"answers": {choice.to_string(): "Pirate"}});
    assert_error(
        api.post(&path, &wrong).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "answer_not_an_option",
    )
    .await;
    let alien = json!({"answers": {choice.to_string(): "Company", "99999": "x"}});
    assert_error(
        api.post(&path, &alien).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "question_unknown",
    )
    .await;
    let good = json!({"answers": {choice.to_string(): "Municipality", text.to_string(): "Partners in Taraz"}});
    assert_eq!(api.post(&path, &good).await.status(), StatusCode::CREATED);
    assert_eq!(
        api.post(
            &format!("/api/v1/sessions/{session}/registration"),
            &json!({})
        )
        .await
        .status(),
        StatusCode::CREATED
    );

    let participants = app
        .api_as(&organiser)
        .get_json(&format!("/api/v1/events/{event}/participants"))
        .await;
    let me = participants
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["member_id"] == member.id)
        .unwrap();
    assert_eq!(me["answers"][text.to_string()], "Partners in Taraz");
    assert_eq!(me["sessions"], json!([session]));
    assert_error(
        api.get(&format!("/api/v1/events/{event}/participants"))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // Closed registration keeps newcomers out.
    app.api_as(&organiser)
        .patch(
            &format!("/api/v1/events/{event}"),
            &json!({"registration_open": false}),
        )
        .await;
    let late = app.member("Late Comer").await;
    let refused = app.api_as(&late).post(&path, &good).await;
    assert_error(refused, StatusCode::CONFLICT, "registration_closed").await;
}

async fn agenda_warns_of_overlaps(app: TestApp) {
    let organiser = app.member("Yerlan Organiser").await;
    let event = berlin_event(&app, &organiser, 2031, json!({})).await;
    let a = add_session(&app, &organiser, event, json!({"title": "Landfill gas", "starts_at": "2031-03-25T10:00", "ends_at": "2031-03-25T11:30"})).await;
    let b = add_session(&app, &organiser, event, json!({"title": "EPR panel", "starts_at": "2031-03-25T11:00", "ends_at": "2031-03-25T12:00"})).await;
    let c = add_session(
        &app,
        &organiser,
        event,
        json!({"title": "Closing", "starts_at": "2031-03-25T12:00", "ends_at": "2031-03-25T12:30"}),
    )
    .await;
    let member = app.member("Busy Member").await;
    for s in [c, a, b] {
        app.api_as(&member)
            .post(&format!("/api/v1/sessions/{s}/registration"), &json!({}))
            .await;
    }
    let agenda = app.api_as(&member).get_json("/api/v1/me/agenda").await;
    let titles: Vec<&str> = agenda
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Landfill gas", "EPR panel", "Closing"]);
    assert_eq!(agenda[0]["overlaps_with"], json!([b]));
    assert_eq!(agenda[1]["overlaps_with"], json!([a]));
    assert_eq!(agenda[2]["overlaps_with"], json!([]));
    let browser = app.browser();
    browser.login(&member.email, common::PASSWORD).await;
    let html = browser.get_html("/agenda").await;
    assert!(html.contains("Overlaps with: EPR panel"), "{html}");
    let browser = app.browser();
    assert_eq!(browser.get("/agenda").await.status(), StatusCode::SEE_OTHER);
}

/// Parses an iCalendar text with the `ical` crate (not the code that wrote it).
fn parse_ics(text: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = parser
        .next()
        .expect("one calendar")
        .expect("valid iCalendar");
    assert!(parser.next().is_none());
    calendar
}

fn property<'a>(props: &'a [ical::property::Property], name: &str) -> &'a ical::property::Property {
    props
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} missing"))
}

async fn calendar_files_parse_with_zones_and_links(app: TestApp) {
    let organiser = app.member("Calendar Organiser").await;
    let event = berlin_event(&app, &organiser, 2023, json!({})).await;
    for (title, day) in [
        ("Before the change; with, commas", "25"),
        ("After the change", "27"),
    ] {
        add_session(&app, &organiser, event, json!({"title": title, "starts_at": format!("2023-03-{day}T10:00"),
            "ends_at": format!("2023-03-{day}T11:00"), "join_url": "https://meet.example.org/room-1",
            "description": "Line one\nLine two"})).await;
    }
    let response = app
        .api_as(&organiser)
        .get(&format!("/events/{event}/calendar.ics"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let text = response.text().await.unwrap();
    assert!(text.lines().all(|l| l.len() <= 75), "lines are folded");
    let calendar = parse_ics(&text);
    assert_eq!(
        property(&calendar.properties, "VERSION").value.as_deref(),
        Some("2.0")
    );
    assert_eq!(calendar.events.len(), 2);
    assert_eq!(calendar.timezones.len(), 1);
    let tz = &calendar.timezones[0];
    assert_eq!(
        property(&tz.properties, "TZID").value.as_deref(),
        Some("Europe/Berlin")
    );
    let offsets: Vec<String> = tz
        .transitions
        .iter()
        .map(|t| property(&t.properties, "TZOFFSETTO").value.clone().unwrap())
        .collect();
    assert!(
        offsets.contains(&"+0100".to_string()) && offsets.contains(&"+0200".to_string()),
        "{offsets:?}"
    );
    let first = &calendar.events[0];
    let start = property(&first.properties, "DTSTART");
    assert_eq!(start.value.as_deref(), Some("20230325T100000"));
    let params = start.params.as_ref().expect("TZID parameter");
    assert!(
        params
            .iter()
            .any(|(k, v)| k == "TZID" && v == &vec!["Europe/Berlin".to_string()])
    );
    assert_eq!(
        property(&calendar.events[1].properties, "DTSTART")
            .value
            .as_deref(),
        Some("20230327T100000")
    );
    assert_eq!(
        property(&first.properties, "SUMMARY").value.as_deref(),
        Some("Before the change\\; with\\, commas")
    );
    assert_eq!(
        property(&first.properties, "LOCATION").value.as_deref(),
        Some("https://meet.example.org/room-1")
    );
    assert!(
        property(&first.properties, "UID")
            .value
            .as_deref()
            .unwrap()
            .starts_with("session-")
    );
    // A visitor's copy has no room links; one session alone is a calendar too.
    let anonymous = app
        .api()
        .get(&format!("/events/{event}/calendar.ics"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!anonymous.contains("room-1"));
    let session_id = app
        .api()
        .get_json(&format!("/api/v1/events/{event}/schedule"))
        .await["days"][0]["sessions"][0]["id"]
        .as_i64()
        .unwrap();
    let single = app
        .api_as(&organiser)
        .get(&format!("/sessions/{session_id}/calendar.ics"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(parse_ics(&single).events.len(), 1);
}

async fn personal_feed_is_secret_and_revocable(app: TestApp) {
    let organiser = app.member("Feed Organiser").await;
    let (_, session) = future_session(&app, &organiser, None).await;
    let member = app.member("Feed Member").await;
    let api = app.api_as(&member);
    api.post(
        &format!("/api/v1/sessions/{session}/registration"),
        &json!({}),
    )
    .await;
    let url = api.get_json("/api/v1/me/calendar-feed").await["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        api.get_json("/api/v1/me/calendar-feed").await["url"],
        url.as_str(),
        "stable until renewed"
    );
    let path = url.strip_prefix(&app.address).unwrap().to_string();
    let feed = app.api().get(&path).await;
    assert_eq!(feed.status(), StatusCode::OK);
    let calendar = parse_ics(&feed.text().await.unwrap());
    assert_eq!(calendar.events.len(), 1);
    let event = &calendar.events[0];
    assert_eq!(
        property(&event.properties, "SUMMARY").value.as_deref(),
        Some("Sorting lines")
    );
    assert_eq!(
        property(&event.properties, "URL").value.as_deref(),
        Some("https://meet.example.org/sorting")
    );
    // Other members' feeds are not guessable, and renewing retires the old address.
    assert_eq!(
        app.api().get("/calendar/not-a-token").await.status(),
        StatusCode::NOT_FOUND
    );
    let renewed = api
        .post("/api/v1/me/calendar-feed", &json!({}))
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_ne!(renewed["url"], url.as_str());
    assert_eq!(app.api().get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        api.delete("/api/v1/me/calendar-feed").await.status(),
        StatusCode::NO_CONTENT
    );
    let renewed_path = renewed["url"]
        .as_str()
        .unwrap()
        .strip_prefix(&app.address)
        .unwrap()
        .to_string();
    assert_eq!(
        app.api().get(&renewed_path).await.status(),
        StatusCode::NOT_FOUND
    );
}

async fn participants_export_as_csv_and_xlsx(app: TestApp) {
    let organiser = app.member("Export Organiser").await;
    let event = berlin_event(
        &app,
        &organiser,
        2031,
        json!({"questions": [{"label": "Phone", "kind": "text"}]}),
    )
    .await;
    let question =
        app.api().get_json(&format!("/api/v1/events/{event}")).await["questions"][0]["id"]
            .as_i64()
            .unwrap();
    let member = app.member("Ольга Иванова").await;
    let answers = json!({"answers": {question.to_string(): "=HYPERLINK(\"http://evil\")"}});
    app.api_as(&member)
        .post(&format!("/api/v1/events/{event}/registration"), &answers)
        .await;

    let browser = app.browser();
    browser.login(&organiser.email, common::PASSWORD).await;
    let csv = browser
        .get(&format!("/events/{event}/participants.csv"))
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let bytes = csv.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv_rows(&text);
    assert_eq!(reader[0][0], "Name");
    assert_eq!(reader[0][6], "Phone");
    let row = reader.remove(1);
    assert_eq!(row[0], "Ольга Иванова");
    assert_eq!(
        row[6], "'=HYPERLINK(\"http://evil\")",
        "formulas are defused"
    );

    let xlsx = browser
        .get(&format!("/events/{event}/participants.xlsx"))
        .await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.unwrap().to_vec();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("a workbook");
    let sheet = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    assert_eq!(sheet.get((1, 0)).unwrap().to_string(), "Ольга Иванова");
    assert_eq!(
        sheet.get((1, 6)).unwrap().to_string(),
        "=HYPERLINK(\"http://evil\")"
    );

    let outsider = app.browser();
    outsider.login(&member.email, common::PASSWORD).await;
    assert_eq!(
        outsider
            .get(&format!("/events/{event}/participants.csv"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        outsider
            .get(&format!("/events/{event}/participants"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| {
            r.expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

async fn messages_reach_participants(app: TestApp) {
    let organiser = app.member("Message Organiser").await;
    let event = berlin_event(&app, &organiser, 2031, json!({})).await;
    let participant = app.member("Listening Member").await;
    let outsider = app.member("Outside Member").await;
    app.api_as(&participant)
        .post(&format!("/api/v1/events/{event}/registration"), &json!({}))
        .await;
    let sent = app
        .api_as(&organiser)
        .post(
            &format!("/api/v1/events/{event}/messages"),
            &json!({"subject": "Room change", "body": "The panel moves to **room B**."}),
        )
        .await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    assert_eq!(sent.json::<Value>().await.unwrap()["recipients"], 1);
    let notes = app
        .api_as(&participant)
        .get_json("/api/v1/notifications")
        .await
        .to_string();
    assert!(
        notes.contains("event_message") && notes.contains("Room change"),
        "{notes}"
    );
    let outsider_notes = app
        .api_as(&outsider)
        .get_json("/api/v1/notifications")
        .await
        .to_string();
    assert!(!outsider_notes.contains("Room change"));
    let refused = app
        .api_as(&participant)
        .post(
            &format!("/api/v1/events/{event}/messages"),
            &json!({"subject": "Spam", "body": "Buy"}),
        )
        .await;
    assert_error(refused, StatusCode::FORBIDDEN, "forbidden").await;
    let browser = app.browser();
    browser.login(&participant.email, common::PASSWORD).await;
    let html = browser.get_html(&format!("/events/{event}/messages")).await;
    assert!(html.contains("<strong>room B</strong>"), "{html}");
    let other = app.browser();
    other.login(&outsider.email, common::PASSWORD).await;
    assert_eq!(
        other
            .get(&format!("/events/{event}/messages"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

async fn deleting_a_session_tells_those_registered(app: TestApp) {
    let organiser = app.member("Delete Organiser").await;
    let (_, session) = future_session(&app, &organiser, None).await;
    let member = app.member("Registered Member").await;
    app.api_as(&member)
        .post(
            &format!("/api/v1/sessions/{session}/registration"),
            &json!({}),
        )
        .await;
    assert_error(
        app.api_as(&member)
            .delete(&format!("/api/v1/sessions/{session}"))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        app.api_as(&organiser)
            .delete(&format!("/api/v1/sessions/{session}"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let notes = app
        .api_as(&member)
        .get_json("/api/v1/notifications")
        .await
        .to_string();
    assert!(
        notes.contains("session_cancelled") && notes.contains("Sorting lines"),
        "{notes}"
    );
    assert!(
        app.api_as(&member)
            .get_json("/api/v1/me/agenda")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
}

async fn schedule_and_forms_work_without_javascript(app: TestApp) {
    let organiser = app.member("Form Organiser").await;
    let browser = app.browser();
    browser.login(&organiser.email, common::PASSWORD).await;
    let created = browser
        .submit(
            "/events/new",
            &[
                ("title_en", "Circular Almaty"),
                ("title_ru", "Циркулярный Алматы"),
                ("description_en", "Two days"),
                ("default_locale", "en"),
                ("starts_on", "2031-06-10"),
                ("ends_on", "2031-06-11"),
                ("timezone", "Asia/Almaty"),
                ("visibility", "public"),
                ("registration_open", "on"),
                ("q_label_0", "Company size"),
                ("q_kind_0", "choice"),
                ("q_options_0", "Small; Large"),
                ("q_required_0", "on"),
            ],
        )
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let event_path = location(&created);
    let event: i64 = event_path
        .trim_start_matches("/events/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // A session with an http link is refused with the form kept.
    let refused = browser
        .submit(
            &format!("/events/{event}/sessions/new"),
            &[
                ("title", "Sorting"),
                ("kind", "workshop"),
                ("starts_at", "2031-06-10T15:00"),
                ("ends_at", "2031-06-10T16:00"),
                ("join_url", "http://insecure.example"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("https://") && html.contains("value=\"Sorting\""),
        "{html}"
    );
    let added = browser
        .submit(
            &format!("/events/{event}/sessions/new"),
            &[
                ("title", "Sorting"),
                ("kind", "workshop"),
                ("starts_at", "2031-06-10T15:00"),
                ("ends_at", "2031-06-10T16:00"),
                ("join_url", "https://meet.example.org/sorting"),
                ("capacity", "10"),
                ("languages", "ru"),
                ("languages", "en"),
                ("track", "Practice"),
                ("guests", "Guest Speaker — recycler from Shymkent"),
            ],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let schedule = browser.get_html(&format!("/events/{event}")).await;
    assert!(
        schedule.contains("Circular Almaty")
            && schedule.contains("Sorting")
            && schedule.contains("Guest Speaker"),
        "{schedule}"
    );
    assert!(schedule.contains("10 of 10 seats free"), "{schedule}");

    // A member registers through the forms: the question comes first.
    let member = app.member("Form Member").await;
    let visitor = app.browser();
    visitor.login(&member.email, common::PASSWORD).await;
    let session: i64 = app
        .api()
        .get_json(&format!("/api/v1/events/{event}/schedule"))
        .await["days"][0]["sessions"][0]["id"]
        .as_i64()
        .unwrap();
    let seat = visitor
        .submit(
            &format!("/sessions/{session}/register"),
            &[("next", &format!("/events/{event}"))],
        )
        .await;
    assert_eq!(
        location(&seat),
        format!("/events/{event}/register?session={session}")
    );
    let form = visitor
        .get_html(&format!("/events/{event}/register?session={session}"))
        .await;
    assert!(form.contains("Company size"), "{form}");
    let question =
        app.api().get_json(&format!("/api/v1/events/{event}")).await["questions"][0]["id"]
            .as_i64()
            .unwrap();
    let done = visitor
        .submit(
            &format!("/events/{event}/register"),
            &[
                (&format!("q{question}"), "Small"),
                ("session", &session.to_string()),
            ],
        )
        .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let agenda = visitor.get_html("/agenda").await;
    assert!(
        agenda.contains("Sorting") && agenda.contains("Circular Almaty"),
        "{agenda}"
    );
    let page = visitor.get_html(&format!("/sessions/{session}")).await;
    assert!(
        page.contains("In your agenda") && page.contains("https://meet.example.org/sorting"),
        "{page}"
    );
    // Russian readers see the Russian title.
    let ru = app
        .api()
        .with_lang("ru")
        .get(&format!("/events/{event}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(ru.contains("Циркулярный Алматы"));
    let list = visitor.get_html("/events").await;
    assert!(list.contains("Circular Almaty"));
}

async fn covers_are_cropped_and_guarded(app: TestApp) {
    let organiser = app.member("Cover Organiser").await;
    let id = berlin_event(&app, &organiser, 2031, json!({"visibility": "members"})).await;
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(900, 900, image::Rgb([20, 90, 60]))
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    let put = |api: common::Api, body: Vec<u8>| async move {
        api.request(reqwest::Method::PUT, &format!("/api/v1/events/{id}/cover"))
            .header("Content-Type", "image/png")
            .body(body)
            .send()
            .await
            .unwrap()
    };
    let member = app.member("Cover Member").await;
    assert_error(
        put(app.api_as(&member), png.get_ref().clone()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let html = b"<html><script>alert(1)</script></html>".to_vec();
    assert_error(
        put(app.api_as(&organiser), html).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "photo_type",
    )
    .await;
    let saved = put(app.api_as(&organiser), png.into_inner()).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let url = saved.json::<Value>().await.unwrap()["cover_url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        app.api_as(&member)
            .get_json(&format!("/api/v1/events/{id}"))
            .await["cover_url"],
        url.as_str()
    );
    let image = app.api_as(&member).get(&url).await;
    assert_eq!(image.headers()["content-type"], "image/jpeg");
    let decoded = image::load_from_memory(&image.bytes().await.unwrap()).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1600, 500));
    // The event is for members: so is its cover.
    let anonymous = app.api().get(&url).await;
    assert_ne!(
        anonymous
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap()),
        Some("image/jpeg")
    );
    assert_eq!(
        app.api_as(&organiser)
            .delete(&format!("/api/v1/events/{id}/cover"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.api_as(&member).get(&url).await.status(),
        StatusCode::NOT_FOUND
    );
}

async fn events_connect_to_their_chat_channel_and_library_folder(app: TestApp) {
    let organiser = app.member("Connected Organiser").await;
    let event = berlin_event(&app, &organiser, 2031, json!({})).await;
    let channels = |member: TestMember| {
        let api = app.api_as(&member);
        async move {
            api.get_json("/api/v1/chat/channels").await["channels"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["title"] == "Recycling days 2031")
                .count()
        }
    };
    assert_eq!(
        channels(organiser.clone()).await,
        1,
        "organisers are in the event's channel"
    );
    let member = app.member("Connected Member").await;
    assert_eq!(channels(member.clone()).await, 0);
    let path = format!("/api/v1/events/{event}/registration");
    app.api_as(&member).post(&path, &json!({})).await;
    assert_eq!(
        channels(member.clone()).await,
        1,
        "participants join the channel"
    );
    app.api_as(&member).delete(&path).await;
    assert_eq!(
        channels(member.clone()).await,
        0,
        "and leave it when they cancel"
    );

    // The event's library folder shows on its page.
    let link = app
        .api_as(&organiser)
        .post(
            "/api/v1/library/links",
            &json!({"url": "https://eur-lex.europa.eu/eli/dir/2008/98/oj", "title": "Directive 2008/98/EC",
                    "doc_type": "law", "visibility": "public"}),
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    let document = link["id"].as_i64().unwrap();
    circula::library::add_to_collection(&app.state, &format!("event:{event}"), document, 0)
        .await
        .unwrap();
    let page = app.browser().get_html(&format!("/events/{event}")).await;
    assert!(
        page.contains("Materials in the library") && page.contains("Directive 2008/98/EC"),
        "{page}"
    );
}

/// Changes `member`'s role through the admin API.
async fn set_role(app: &TestApp, admin: &TestMember, member: &TestMember, role: &str) {
    let response = app
        .api_as(admin)
        .patch(
            &format!("/api/v1/admin/members/{}", member.id),
            &json!({"role": role}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT, "role {role}");
}

async fn member_with_email(app: &TestApp, name: &str, email: &str) -> i64 {
    app.member_with_email(name, email).await.id
}

/// Speakers and co-organisers are picked by name from the directory and shown by name: no
/// form and no API answer carries their login addresses.
async fn speakers_and_organisers_are_chosen_and_shown_by_name(app: TestApp) {
    let admin = app.member("Aliya Admin").await;
    let colleague = app.member("Gulnara Colleague").await;
    set_role(&app, &admin, &colleague, "organiser").await;
    let speaker = app.member("Dana Speaker").await;
    let event = berlin_event(
        &app,
        &admin,
        2031,
        json!({"organiser_ids": [admin.id, colleague.id]}),
    )
    .await;
    let session = add_session(
        &app,
        &admin,
        event,
        json!({"title": "Compost", "starts_at": "2031-03-25T10:00", "ends_at": "2031-03-25T11:00",
               "speakers": [{"member_id": speaker.id}, {"name": "Guest Guru", "bio": "From Shymkent"}]}),
    )
    .await;
    let browser = app.browser();
    browser.login(&admin.email, common::PASSWORD).await;
    let hidden = [&speaker.email, &colleague.email];
    let session_form = browser.get_html(&format!("/sessions/{session}/edit")).await;
    let event_form = browser.get_html(&format!("/events/{event}/edit")).await;
    for (what, html) in [("session form", &session_form), ("event form", &event_form)] {
        for email in hidden {
            assert!(!html.contains(email.as_str()), "{what} shows {email}");
        }
    }
    assert!(session_form.contains("Dana Speaker") && session_form.contains("Guest Guru"));
    assert!(event_form.contains("Gulnara Colleague"));
    for path in [
        format!("/api/v1/events/{event}"),
        format!("/api/v1/events/{event}/schedule"),
    ] {
        let body = app.api_as(&admin).get(&path).await.text().await.unwrap();
        assert!(!body.contains("@circula.test"), "{path}: {body}");
    }

    // Through the form: a member speaker found by name, kept by the ticked box.
    let added = browser
        .submit(
            &format!("/events/{event}/sessions/new"),
            &[
                ("title", "Sorting"),
                ("kind", "talk"),
                ("starts_at", "2031-03-26T10:00"),
                ("ends_at", "2031-03-26T11:00"),
                ("speaker_find", "dana speaker"),
                ("guests", "Guest Guru — From Shymkent"),
            ],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let sorting: i64 = location(&added)
        .trim_start_matches("/sessions/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let view = app
        .api_as(&admin)
        .get_json(&format!("/api/v1/events/{event}/schedule"))
        .await;
    let found = view["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["sessions"].as_array().unwrap().clone())
        .find(|s| s["id"] == sorting)
        .unwrap();
    assert_eq!(found["speakers"][0]["member_id"], speaker.id, "{found}");
    assert_eq!(found["speakers"][1]["name"], "Guest Guru", "{found}");

    // Two members of one name: the form asks which one, listing both by name only.
    member_with_email(&app, "Ivan Petrov", "ivan.one@circula.test").await;
    member_with_email(&app, "Ivan Petrov", "ivan.two@circula.test").await;
    let ambiguous = browser
        .submit(
            &format!("/sessions/{sorting}/edit"),
            &[
                ("title", "Sorting"),
                ("kind", "talk"),
                ("starts_at", "2031-03-26T10:00"),
                ("ends_at", "2031-03-26T11:00"),
                ("speaker_ids", &speaker.id.to_string()),
                ("speaker_find", "Ivan Petrov"),
            ],
        )
        .await;
    assert_eq!(ambiguous.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = ambiguous.text().await.unwrap();
    assert!(
        html.contains("Ivan Petrov") && html.contains("Dana Speaker"),
        "{html}"
    );
    assert!(
        !html.contains("ivan.one@") && !html.contains("ivan.two@"),
        "{html}"
    );
    assert_eq!(html.matches("name=\"speaker_ids\"").count(), 3, "{html}");
    // A name nobody has is refused with the form kept.
    let unknown = browser
        .submit(
            &format!("/events/{event}/edit"),
            &[
                ("title_en", "Recycling days 2031"),
                ("default_locale", "en"),
                ("starts_on", "2031-03-25"),
                ("ends_on", "2031-03-27"),
                ("timezone", "Europe/Berlin"),
                ("visibility", "public"),
                ("organiser_ids", &admin.id.to_string()),
                ("organiser_find", "Nobody Byname"),
            ],
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.text().await.unwrap().contains("Nobody Byname"));
    // A co-organiser added by name through the form.
    let other = app.member("Timur Second").await;
    set_role(&app, &admin, &other, "organiser").await;
    let saved = browser
        .submit(
            &format!("/events/{event}/edit"),
            &[
                ("title_en", "Recycling days 2031"),
                ("default_locale", "en"),
                ("starts_on", "2031-03-25"),
                ("ends_on", "2031-03-27"),
                ("timezone", "Europe/Berlin"),
                ("visibility", "public"),
                ("organiser_ids", &admin.id.to_string()),
                ("organiser_find", "Timur Second"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let organisers =
        app.api().get_json(&format!("/api/v1/events/{event}")).await["organisers"].clone();
    let ids: Vec<i64> = organisers
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    assert!(
        ids.contains(&other.id) && !ids.contains(&colleague.id),
        "{organisers}"
    );
}

/// A member who may not edit an event gets 403 before anything is looked up: no form, and
/// the same answer for a real address as for an unknown one.
async fn who_may_not_edit_learns_nothing_about_addresses(app: TestApp) {
    let admin = app.member("Aliya Admin").await;
    let speaker = app.member("Dana Speaker").await;
    let outsider = app.member("Otto Outsider").await;
    let (event, session) = future_session(&app, &admin, None).await;
    let browser = app.browser();
    browser.login(&outsider.email, common::PASSWORD).await;
    for path in [
        format!("/sessions/{session}/edit"),
        format!("/events/{event}/edit"),
    ] {
        let response = browser.get(&path).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            !html.contains("name=\"title\"") && !html.contains("title_en"),
            "{html}"
        );
    }
    let mut answers = Vec::new();
    for email in [speaker.email.as_str(), "nobody@circula.test"] {
        let session_edit = browser
            .submit(
                &format!("/sessions/{session}/edit"),
                &[
                    ("title", "Hijacked"),
                    ("speakers", email),
                    ("speaker_find", email),
                ],
            )
            .await;
        let event_edit = browser
            .submit(
                &format!("/events/{event}/edit"),
                &[
                    ("title_en", "Hijacked"),
                    ("organisers", email),
                    ("organiser_find", email),
                ],
            )
            .await;
        let new_session = browser
            .submit(
                &format!("/events/{event}/sessions/new"),
                &[
                    ("title", "Hijacked"),
                    ("speakers", email),
                    ("speaker_find", email),
                ],
            )
            .await;
        for response in [session_edit, event_edit, new_session] {
            let status = response.status();
            let html = response.text().await.unwrap();
            assert_eq!(status, StatusCode::FORBIDDEN, "{html}");
            assert!(!html.contains("Hijacked"), "the form is not shown: {html}");
            answers.push(html.len());
        }
    }
    assert_eq!(
        answers[..3],
        answers[3..],
        "a real and an unknown address answer alike"
    );
    // Over the API too, whatever the speaker ids name.
    for id in [speaker.id, 999_999] {
        let response = app
            .api_as(&outsider)
            .patch(
                &format!("/api/v1/sessions/{session}"),
                &json!({"speakers": [{"member_id": id}]}),
            )
            .await;
        assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
        let response = app
            .api_as(&outsider)
            .patch(
                &format!("/api/v1/events/{event}"),
                &json!({"organiser_ids": [id]}),
            )
            .await;
        assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
    }
    // Organisers' views of participants never carry login addresses either.
    let registered = app
        .api_as(&speaker)
        .post(&format!("/api/v1/events/{event}/registration"), &json!({}))
        .await;
    assert!(registered.status().is_success());
    let participants = app
        .api_as(&admin)
        .get(&format!("/api/v1/events/{event}/participants"))
        .await
        .text()
        .await
        .unwrap();
    assert!(participants.contains("Dana Speaker"), "{participants}");
    assert!(!participants.contains(&speaker.email), "{participants}");
}

/// Rights over an event follow the member's current role: an organiser demoted to member
/// keeps no rights over the events that still list them.
async fn demoted_organisers_lose_their_events(app: TestApp) {
    let admin = app.member("Aliya Admin").await;
    let organiser = app.member("Olga Organiser").await;
    set_role(&app, &admin, &organiser, "organiser").await;
    let (event, session) = future_session(&app, &organiser, None).await;
    let ok = app
        .api_as(&organiser)
        .patch(
            &format!("/api/v1/events/{event}"),
            &json!({"registration_open": true}),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);

    set_role(&app, &admin, &organiser, "member").await;
    let api = app.api_as(&organiser);
    assert_error(
        api.patch(
            &format!("/api/v1/events/{event}"),
            &json!({"registration_open": false}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        api.patch(
            &format!("/api/v1/sessions/{session}"),
            &json!({"title": "Mine still"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        api.get(&format!("/api/v1/events/{event}/participants"))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        api.delete(&format!("/api/v1/sessions/{session}")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        api.get_json(&format!("/api/v1/events/{event}")).await["organiser"],
        false
    );
    let browser = app.browser();
    browser.login(&organiser.email, common::PASSWORD).await;
    for path in [
        format!("/events/{event}/edit"),
        format!("/sessions/{session}/edit"),
        format!("/events/{event}/participants"),
        format!("/events/{event}/participants.csv"),
    ] {
        assert_eq!(
            browser.get(&path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    // Promoted again, they organise it again (the listing was kept).
    set_role(&app, &admin, &organiser, "organiser").await;
    let ok = app
        .api_as(&organiser)
        .patch(
            &format!("/api/v1/events/{event}"),
            &json!({"registration_open": false}),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
}
