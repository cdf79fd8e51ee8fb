//! Live sessions over HTTP and WebSocket: questions (asking, votes, order, moderation,
//! anonymity, approval, the window), polls (drafts, ballots, results as the poll says),
//! exact counts under concurrent votes, the live frames on the chat socket (also across two
//! instances on PostgreSQL), and the page without JavaScript.

use crate::chat_client::*;
use crate::common::{TestApp, TestMember, assert_error};

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    questions_are_asked_voted_ordered_and_moderated,
    anonymous_authors_stay_hidden_but_admins_may_look,
    polls_are_prepared_opened_voted_and_closed,
    counts_are_exact_under_concurrent_votes,
    followers_get_live_frames_for_what_they_may_see,
    the_live_page_works_without_javascript,
);

/// Minutes from now as the event's local time (UTC), `YYYY-MM-DDTHH:MM`.
pub(crate) fn at(minutes: i64) -> String {
    let t = jiff::Timestamp::now() + jiff::SignedDuration::from_mins(minutes);
    t.to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

pub(crate) fn day(days: i64) -> String {
    let t = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * days);
    t.to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%Y-%m-%d")
        .to_string()
}

/// The people of a session: its event's organiser (the admin), a speaker and three members.
pub(crate) struct Cast {
    pub(crate) admin: TestMember,
    pub(crate) speaker: TestMember,
    pub(crate) ana: TestMember,
    pub(crate) bolat: TestMember,
    pub(crate) carl: TestMember,
    pub(crate) event: i64,
    /// Running now: takes questions.
    pub(crate) session: i64,
    /// Over for two days: takes none.
    pub(crate) past: i64,
}

pub(crate) async fn cast(app: &TestApp) -> Cast {
    let admin = app.member("Aigerim Admin").await;
    let speaker = app.member("Sabina Speaker").await;
    let ana = app.member("Ana Petrova").await;
    let bolat = app.member("Bolat Nurlanov").await;
    let carl = app.member("Carl Weber").await;
    let created = app
        .api_as(&admin)
        .post(
            "/api/v1/events",
            &json!({"title": "ECO week", "locale": "en", "starts_on": day(-3), "ends_on": day(2),
                    "timezone": "UTC"}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let event = created.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let add = |title: &str, from: i64, to: i64| {
        let body = json!({"title": title, "starts_at": at(from), "ends_at": at(to),
                          "speakers": [{"member_id": speaker.id}]});
        let api = app.api_as(&admin);
        async move {
            let response = api
                .post(&format!("/api/v1/events/{event}/sessions"), &body)
                .await;
            let status = response.status();
            let json: Value = response.json().await.unwrap();
            assert_eq!(status, StatusCode::CREATED, "{json}");
            json["id"].as_i64().unwrap()
        }
    };
    let session = add("Landfill gas", -10, 50).await;
    let past = add("Sorting lines", -2 * 24 * 60, -2 * 24 * 60 + 60).await;
    Cast {
        admin,
        speaker,
        ana,
        bolat,
        carl,
        event,
        session,
        past,
    }
}

async fn ask(app: &TestApp, who: &TestMember, session: i64, body: Value) -> Value {
    let response = app
        .api_as(who)
        .post(&format!("/api/v1/sessions/{session}/questions"), &body)
        .await;
    let status = response.status();
    let json: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{json}");
    json
}

async fn questions(app: &TestApp, who: &TestMember, session: i64, order: &str) -> Vec<Value> {
    let out = app
        .api_as(who)
        .get_json(&format!(
            "/api/v1/sessions/{session}/questions?order={order}"
        ))
        .await;
    out["questions"].as_array().unwrap().clone()
}

fn ids(list: &[Value]) -> Vec<i64> {
    list.iter().map(|q| q["id"].as_i64().unwrap()).collect()
}

async fn questions_are_asked_voted_ordered_and_moderated(app: TestApp) {
    let c = cast(&app).await;
    let s = c.session;
    let first = ask(
        &app,
        &c.ana,
        s,
        json!({"body": "  How is landfill gas measured?  "}),
    )
    .await;
    assert_eq!(first["body"], "How is landfill gas measured?");
    assert_eq!(first["author_name"], "Ana Petrova");
    assert_eq!(first["state"], "visible");
    assert_eq!(first["mine"], true);
    let second = ask(&app, &c.bolat, s, json!({"body": "Қанша тұрады?"})).await;
    let (q1, q2) = (
        first["id"].as_i64().unwrap(),
        second["id"].as_i64().unwrap(),
    );

    // Votes: one per member; withdrawn once; the order follows them.
    let carl = app.api_as(&c.carl);
    let voted: Value = carl
        .post(&format!("/api/v1/questions/{q2}/vote"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(voted, json!({"question_id": q2, "votes": 1, "voted": true}));
    assert_error(
        carl.post(&format!("/api/v1/questions/{q2}/vote"), &json!({}))
            .await,
        StatusCode::CONFLICT,
        "live_vote_twice",
    )
    .await;
    let listed = questions(&app, &c.ana, s, "votes").await;
    assert_eq!(ids(&listed), vec![q2, q1]);
    assert_eq!(listed[0]["votes"], 1);
    assert_eq!(listed[0]["voted"], false);
    assert_eq!(
        ids(&questions(&app, &c.ana, s, "recent").await),
        vec![q2, q1]
    );
    app.api_as(&c.ana)
        .post(&format!("/api/v1/questions/{q1}/vote"), &json!({}))
        .await;
    app.api_as(&c.bolat)
        .post(&format!("/api/v1/questions/{q1}/vote"), &json!({}))
        .await;
    assert_eq!(
        ids(&questions(&app, &c.carl, s, "votes").await),
        vec![q1, q2]
    );
    let withdrawn: Value = carl
        .delete(&format!("/api/v1/questions/{q2}/vote"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(withdrawn["votes"], 0);
    assert_error(
        carl.delete(&format!("/api/v1/questions/{q2}/vote")).await,
        StatusCode::CONFLICT,
        "live_not_voted",
    )
    .await;

    // Bad input is refused with a stable code, and nothing is stored.
    let ana = app.api_as(&c.ana);
    let path = format!("/api/v1/sessions/{s}/questions");
    assert_error(
        ana.post(&path, &json!({"body": " \n "})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "live_question_empty",
    )
    .await;
    assert_error(
        ana.post(&path, &json!({"body": "ө".repeat(501)})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "live_question_too_long",
    )
    .await;
    assert!(
        ana.post(&path, &json!({"body": "ө".repeat(500)}))
            .await
            .status()
            .is_success()
    );
    assert_error(
        ana.post(
            &format!("/api/v1/sessions/{}/questions", c.past),
            &json!({"body": "Late?"}),
        )
        .await,
        StatusCode::CONFLICT,
        "live_questions_closed",
    )
    .await;
    assert_error(
        ana.post("/api/v1/sessions/999999/questions", &json!({"body": "?"}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        ana.post("/api/v1/questions/999999/vote", &json!({})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        app.api().get(&path).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_error(
        ana.post(&path, &json!({"text": "wrong field"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "json_invalid",
    )
    .await;
    assert_eq!(questions(&app, &c.ana, s, "votes").await.len(), 3);

    // Moderation: the speaker may, a participant may not.
    assert_error(
        ana.patch(
            &format!("/api/v1/questions/{q2}"),
            &json!({"state": "hidden"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let speaker = app.api_as(&c.speaker);
    let pinned: Value = speaker
        .patch(&format!("/api/v1/questions/{q1}"), &json!({"pinned": true}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pinned["pinned"], true);
    speaker
        .patch(&format!("/api/v1/questions/{q2}"), &json!({"pinned": true}))
        .await;
    let listed = questions(&app, &c.carl, s, "votes").await;
    assert_eq!(listed[0]["id"], q2, "the pinned question comes first");
    assert_eq!(listed.iter().filter(|q| q["pinned"] == true).count(), 1);
    let answered: Value = speaker
        .patch(
            &format!("/api/v1/questions/{q1}"),
            &json!({"state": "answered"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(answered["state"], "answered");
    assert_eq!(
        questions(&app, &c.carl, s, "votes").await.last().unwrap()["id"],
        q1
    );
    assert_error(
        speaker
            .patch(
                &format!("/api/v1/questions/{q1}"),
                &json!({"state": "pending"}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "live_state_invalid",
    )
    .await;
    // Hidden: gone for participants (and not open to votes), kept for moderators.
    speaker
        .patch(
            &format!("/api/v1/questions/{q2}"),
            &json!({"state": "hidden"}),
        )
        .await;
    assert!(!ids(&questions(&app, &c.carl, s, "votes").await).contains(&q2));
    let seen_by_speaker = questions(&app, &c.speaker, s, "votes").await;
    let hidden = seen_by_speaker.iter().find(|q| q["id"] == q2).unwrap();
    assert_eq!(hidden["state"], "hidden");
    assert_eq!(hidden["pinned"], false, "a hidden question loses its pin");
    assert_error(
        carl.post(&format!("/api/v1/questions/{q2}/vote"), &json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        carl.patch(
            &format!("/api/v1/questions/{q2}"),
            &json!({"state": "visible"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // With approval on, a participant's question waits: seen by its author and moderators.
    let settings = app
        .api_as(&c.admin)
        .put(
            &format!("/api/v1/events/{}/live-settings", c.event),
            &json!({"open_before_minutes": 15, "close_after_minutes": 60, "approval": true}),
        )
        .await;
    assert_eq!(settings.status(), StatusCode::OK);
    assert_error(
        app.api_as(&c.speaker)
            .put(
                &format!("/api/v1/events/{}/live-settings", c.event),
                &json!({"open_before_minutes": 0, "close_after_minutes": 0, "approval": false}),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        app.api_as(&c.admin)
            .put(
                &format!("/api/v1/events/{}/live-settings", c.event),
                &json!({"open_before_minutes": -1, "close_after_minutes": 0, "approval": true}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "live_window_invalid",
    )
    .await;
    let waiting = ask(&app, &c.carl, s, json!({"body": "Is it safe?"})).await;
    assert_eq!(waiting["state"], "pending");
    let w = waiting["id"].as_i64().unwrap();
    assert!(!ids(&questions(&app, &c.ana, s, "votes").await).contains(&w));
    assert!(ids(&questions(&app, &c.carl, s, "votes").await).contains(&w));
    assert_error(
        ana.post(&format!("/api/v1/questions/{w}/vote"), &json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    speaker
        .patch(
            &format!("/api/v1/questions/{w}"),
            &json!({"state": "visible"}),
        )
        .await;
    assert!(ids(&questions(&app, &c.ana, s, "votes").await).contains(&w));
    // The speaker's own questions need no approval.
    assert_eq!(
        ask(&app, &c.speaker, s, json!({"body": "Warm-up?"})).await["state"],
        "visible"
    );
}

async fn anonymous_authors_stay_hidden_but_admins_may_look(app: TestApp) {
    let c = cast(&app).await;
    let s = c.session;
    let asked = ask(
        &app,
        &c.bolat,
        s,
        json!({"body": "Who pays for the sorting?", "anonymous": true}),
    )
    .await;
    let q = asked["id"].as_i64().unwrap();
    assert_eq!(asked["author_name"], Value::Null);
    assert_eq!(asked["author_id"], Value::Null);
    assert_eq!(asked["mine"], true);
    for who in [&c.ana, &c.speaker, &c.admin] {
        let listed = questions(&app, who, s, "votes").await;
        let found = listed.iter().find(|x| x["id"] == q).unwrap();
        assert_eq!(found["author_name"], Value::Null, "{found}");
        assert_eq!(found["author_id"], Value::Null, "{found}");
        assert!(!found.to_string().contains("Bolat"), "{found}");
    }
    let page = app.browser();
    page.login(&c.speaker.email, crate::common::PASSWORD).await;
    let html = page.get_html(&format!("/sessions/{s}/live")).await;
    assert!(html.contains("Who pays for the sorting?"));
    assert!(
        !html.contains("Bolat"),
        "the speaker's page names no anonymous author"
    );

    let path = format!("/api/v1/questions/{q}/author");
    assert_error(
        app.api_as(&c.speaker)
            .post(&path, &json!({"reason": "curious"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        app.api_as(&c.admin)
            .post(&path, &json!({"reason": "  "}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "field_required",
    )
    .await;
    let revealed: Value = app
        .api_as(&c.admin)
        .post(&path, &json!({"reason": "A complaint about this question"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(revealed["author_name"], "Bolat Nurlanov");
    let logged: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT actor_id, action, subject, reason FROM audit_log ORDER BY id")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(
        logged,
        vec![(
            c.admin.id,
            "live_reveal_author".to_string(),
            format!("question:{q}"),
            "A complaint about this question".to_string()
        )]
    );
}

fn texts(en: &str, ru: &str) -> Value {
    json!({"en": en, "ru": ru})
}

async fn create_poll(
    app: &TestApp,
    who: &TestMember,
    session: i64,
    show: &str,
    kind: &str,
) -> Value {
    let response = app
        .api_as(who)
        .post(
            &format!("/api/v1/sessions/{session}/polls"),
            &json!({"kind": kind, "show_results": show,
                    "question": texts("Which stream do you sort?", "Какой поток вы сортируете?"),
                    "options": [texts("Plastics", "Пластик"), texts("Paper", "Бумага"), texts("Glass", "Стекло")]}),
        )
        .await;
    let status = response.status();
    let json: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{json}");
    json
}

fn option_ids(poll: &Value) -> Vec<i64> {
    poll["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect()
}

async fn polls_are_prepared_opened_voted_and_closed(app: TestApp) {
    let c = cast(&app).await;
    let s = c.session;
    let ana = app.api_as(&c.ana);
    let path = format!("/api/v1/sessions/{s}/polls");
    let body = json!({"kind": "single", "show_results": "after_vote", "question": {"en": "?"},
                      "options": [{"en": "a"}, {"en": "b"}]});
    assert_error(
        ana.post(&path, &body).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let speaker = app.api_as(&c.speaker);
    let mut one = body.clone();
    one["options"] = json!([{"en": "only"}]);
    assert_error(
        speaker.post(&path, &one).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "live_options_count",
    )
    .await;
    let mut french = body.clone();
    french["question"] = json!({"fr": "Quoi?"});
    assert_error(
        speaker.post(&path, &french).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "locale_unknown",
    )
    .await;
    let mut bad_kind = body.clone();
    bad_kind["kind"] = json!("ranked");
    assert_error(
        speaker.post(&path, &bad_kind).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "json_invalid",
    )
    .await;

    let poll = create_poll(&app, &c.speaker, s, "after_vote", "single").await;
    assert_eq!(poll["state"], "draft");
    assert_eq!(poll["question"]["ru"], "Какой поток вы сортируете?");
    let p = poll["id"].as_i64().unwrap();
    let opts = option_ids(&poll);
    // A draft is the moderators' only.
    assert!(ana.get_json(&path).await.as_array().unwrap().is_empty());
    assert_error(
        ana.get(&format!("/api/v1/polls/{p}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let vote_path = format!("/api/v1/polls/{p}/vote");
    assert_error(
        ana.put(&vote_path, &json!({"options": [opts[0]]})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        ana.patch(&format!("/api/v1/polls/{p}"), &json!({"state": "open"}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    let opened: Value = speaker
        .patch(&format!("/api/v1/polls/{p}"), &json!({"state": "open"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(opened["state"], "open");
    assert_error(
        ana.patch(&format!("/api/v1/polls/{p}"), &json!({"state": "closed"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let seen = ana.get_json(&format!("/api/v1/polls/{p}")).await;
    assert_eq!(seen["my_choices"], json!([]));
    assert!(
        seen.get("tally").is_none(),
        "no results before voting: {seen}"
    );

    // Ballots: one option here, of this poll, while it is open.
    assert_error(
        ana.put(&vote_path, &json!({"options": [opts[0], opts[1]]}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "live_vote_single",
    )
    .await;
    assert_error(
        ana.put(&vote_path, &json!({"options": []})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "live_vote_empty",
    )
    .await;
    let other = create_poll(&app, &c.speaker, s, "after_close", "multiple").await;
    let other_opts = option_ids(&other);
    assert_error(
        ana.put(&vote_path, &json!({"options": [other_opts[0]]}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "live_option_unknown",
    )
    .await;
    let voted: Value = ana
        .put(&vote_path, &json!({"options": [opts[0]]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(voted["my_choices"], json!([opts[0]]));
    assert_eq!(voted["tally"]["voters"], 1);
    assert_eq!(
        voted["tally"]["options"][0],
        json!({"id": opts[0], "votes": 1, "percent": 100})
    );
    // Changing one's ballot replaces it.
    let changed: Value = ana
        .put(&vote_path, &json!({"options": [opts[1]]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(changed["tally"]["voters"], 1);
    assert_eq!(changed["tally"]["options"][0]["votes"], 0);
    assert_eq!(changed["tally"]["options"][1]["votes"], 1);
    app.api_as(&c.bolat)
        .put(&vote_path, &json!({"options": [opts[1]]}))
        .await;
    let carl_sees = app
        .api_as(&c.carl)
        .get_json(&format!("/api/v1/polls/{p}"))
        .await;
    assert!(carl_sees.get("tally").is_none());

    // Results after closing: voters see nothing while it is open, everyone after.
    let o = other["id"].as_i64().unwrap();
    speaker
        .patch(&format!("/api/v1/polls/{o}"), &json!({"state": "open"}))
        .await;
    let mine: Value = ana
        .put(
            &format!("/api/v1/polls/{o}/vote"),
            &json!({"options": [other_opts[0], other_opts[2]]}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(mine.get("tally").is_none(), "{mine}");
    assert!(
        speaker
            .get_json(&format!("/api/v1/polls/{o}"))
            .await
            .get("tally")
            .is_some()
    );
    speaker
        .patch(&format!("/api/v1/polls/{o}"), &json!({"state": "closed"}))
        .await;
    let after = app
        .api_as(&c.carl)
        .get_json(&format!("/api/v1/polls/{o}"))
        .await;
    assert_eq!(after["state"], "closed");
    assert_eq!(after["tally"]["voters"], 1);
    assert_eq!(after["tally"]["options"][2]["percent"], 100);
    assert_error(
        ana.put(
            &format!("/api/v1/polls/{o}/vote"),
            &json!({"options": [other_opts[1]]}),
        )
        .await,
        StatusCode::CONFLICT,
        "live_poll_closed",
    )
    .await;
    assert_error(
        speaker
            .patch(&format!("/api/v1/polls/{o}"), &json!({"state": "open"}))
            .await,
        StatusCode::CONFLICT,
        "live_poll_state",
    )
    .await;
    assert_error(
        speaker
            .patch(&format!("/api/v1/polls/{o}"), &json!({"state": "draft"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "live_state_invalid",
    )
    .await;
    // The closed poll still holds Ana's ballot unchanged.
    assert_eq!(after["tally"]["options"][1]["votes"], 0);
}

async fn counts_are_exact_under_concurrent_votes(app: TestApp) {
    let c = cast(&app).await;
    let s = c.session;
    let q = ask(&app, &c.ana, s, json!({"body": "Exact?"})).await["id"]
        .as_i64()
        .unwrap();
    let poll = create_poll(&app, &c.speaker, s, "after_vote", "single").await;
    let p = poll["id"].as_i64().unwrap();
    let opts = option_ids(&poll);
    app.api_as(&c.speaker)
        .patch(&format!("/api/v1/polls/{p}"), &json!({"state": "open"}))
        .await;
    let mut voters = Vec::new();
    for n in 0..16 {
        voters.push(app.member(&format!("Voter {n}")).await);
    }
    // Everyone votes for the question and casts a ballot at once; one member clicks five
    // times; half withdraw again and change their ballot, all in parallel.
    let mut tasks = Vec::new();
    for (n, voter) in voters.iter().enumerate() {
        let api = app.api_as(voter);
        let (vote_q, ballot) = (
            format!("/api/v1/questions/{q}/vote"),
            format!("/api/v1/polls/{p}/vote"),
        );
        let (first, second) = (opts[n % 3], opts[(n + 1) % 3]);
        tasks.push(tokio::spawn(async move {
            let clicks = if n == 0 { 5 } else { 1 };
            let empty = json!({});
            let mut ok = 0;
            let mut twice = 0;
            let results =
                futures::future::join_all((0..clicks).map(|_| api.post(&vote_q, &empty))).await;
            for r in results {
                match r.status() {
                    StatusCode::OK => ok += 1,
                    StatusCode::CONFLICT => twice += 1,
                    other => panic!("vote: {other}"),
                }
            }
            assert_eq!(
                api.put(&ballot, &json!({"options": [first]}))
                    .await
                    .status(),
                StatusCode::OK
            );
            if n % 2 == 1 {
                assert_eq!(api.delete(&vote_q).await.status(), StatusCode::OK);
                assert_eq!(
                    api.put(&ballot, &json!({"options": [second]}))
                        .await
                        .status(),
                    StatusCode::OK
                );
            }
            (ok, twice)
        }));
    }
    let mut accepted = 0;
    let mut refused = 0;
    for task in tasks {
        let (ok, twice) = task.await.unwrap();
        accepted += ok;
        refused += twice;
    }
    assert_eq!((accepted, refused), (16, 4));
    let listed = questions(&app, &c.ana, s, "votes").await;
    assert_eq!(listed[0]["votes"], 8);
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM live_question_votes WHERE question_id = $1")
            .bind(q)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(stored, 8);
    let tally = app
        .api_as(&c.speaker)
        .get_json(&format!("/api/v1/polls/{p}"))
        .await["tally"]
        .clone();
    assert_eq!(tally["voters"], 16);
    let mut expected = [0i64; 3];
    for n in 0..16 {
        expected[if n % 2 == 1 { (n + 1) % 3 } else { n % 3 }] += 1;
    }
    for (i, want) in expected.iter().enumerate() {
        assert_eq!(tally["options"][i]["votes"], *want, "{tally}");
    }
    // One ballot per member and poll, whatever was sent.
    let ballots: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM live_poll_choices WHERE poll_id = $1")
            .bind(p)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(ballots, 16);
}

async fn follow(ws: &mut Ws, session: i64) {
    ws.send(json!({"type": "follow", "topic": format!("session:{session}")}))
        .await;
    assert_eq!(
        ws.next_of("following").await["topic"],
        format!("session:{session}")
    );
}

/// The next frame of one of the live kinds (skipping presence and the like).
async fn next_live(ws: &mut Ws) -> Value {
    loop {
        let frame = ws.next().await;
        if ["question", "question_votes", "poll", "poll_results"]
            .contains(&frame["type"].as_str().unwrap_or(""))
        {
            return frame;
        }
    }
}

async fn followers_get_live_frames_for_what_they_may_see(app: TestApp) {
    let c = cast(&app).await;
    let s = c.session;
    let mut ana = connect(&app.address, &c.ana.token).await;
    let mut bolat = connect(&app.address, &c.bolat.token).await;
    let mut speaker = connect(&app.address, &c.speaker.token).await;
    ana.send(json!({"type": "follow", "topic": "meeting:3"}))
        .await;
    assert_eq!(ana.next_of("error").await["code"], "chat_topic_unknown");
    ana.send(json!({"type": "follow", "topic": "session:999999"}))
        .await;
    assert_eq!(ana.next_of("error").await["code"], "not_found");
    for ws in [&mut ana, &mut bolat, &mut speaker] {
        follow(ws, s).await;
    }

    let asked = ask(&app, &c.ana, s, json!({"body": "Biogas yield?"})).await;
    let q = asked["id"].as_i64().unwrap();
    let frame = next_live(&mut bolat).await;
    assert_eq!(frame["type"], "question");
    assert_eq!(frame["question"]["body"], "Biogas yield?");
    assert_eq!(frame["question"]["author_name"], "Ana Petrova");
    assert!(frame["question"].get("voted").is_none());
    ask(
        &app,
        &c.bolat,
        s,
        json!({"body": "Anonymous one", "anonymous": true}),
    )
    .await;
    let anonymous = next_live(&mut ana).await; // Ana's own question first
    assert_eq!(anonymous["question"]["id"], q);
    let anonymous = next_live(&mut ana).await;
    assert_eq!(anonymous["question"]["body"], "Anonymous one");
    assert_eq!(anonymous["question"]["author_name"], Value::Null);
    assert!(!anonymous.to_string().contains("Bolat"));

    app.api_as(&c.bolat)
        .post(&format!("/api/v1/questions/{q}/vote"), &json!({}))
        .await;
    let votes = next_live(&mut ana).await;
    assert_eq!(
        votes,
        json!({"type": "question_votes", "session_id": s, "question_id": q, "votes": 1})
    );

    // A pending question reaches its author and the moderators only.
    app.api_as(&c.admin)
        .put(
            &format!("/api/v1/events/{}/live-settings", c.event),
            &json!({"open_before_minutes": 30, "close_after_minutes": 30, "approval": true}),
        )
        .await;
    let pending = ask(&app, &c.carl, s, json!({"body": "Pending one"})).await;
    let mut skipped = Vec::new();
    for ws in [&mut speaker] {
        loop {
            let f = next_live(ws).await;
            if f["type"] == "question" && f["question"]["id"] == pending["id"] {
                assert_eq!(f["question"]["state"], "pending");
                break;
            }
            skipped.push(f);
        }
    }
    // Hiding: moderators keep the text, the others are told it is gone, without it.
    app.api_as(&c.speaker)
        .patch(
            &format!("/api/v1/questions/{q}"),
            &json!({"state": "hidden"}),
        )
        .await;
    let gone = next_live(&mut ana).await;
    assert_eq!(
        gone["type"], "question",
        "Ana never got the pending question: {gone}"
    );
    assert_eq!(gone["question"]["state"], "hidden");
    assert_eq!(gone["question"]["body"], "");
    let kept = loop {
        let f = next_live(&mut speaker).await;
        if f["type"] == "question" && f["question"]["id"] == q {
            break f;
        }
    };
    assert_eq!(kept["question"]["body"], "Biogas yield?");

    // Polls: a draft to moderators; results to voters while open, to all once closed.
    let poll = create_poll(&app, &c.speaker, s, "after_vote", "single").await;
    let p = poll["id"].as_i64().unwrap();
    let opts = option_ids(&poll);
    let draft = loop {
        let f = next_live(&mut speaker).await;
        if f["type"] == "poll" {
            break f;
        }
    };
    assert_eq!(draft["poll"]["state"], "draft");
    app.api_as(&c.speaker)
        .patch(&format!("/api/v1/polls/{p}"), &json!({"state": "open"}))
        .await;
    let opened = next_live(&mut ana).await;
    assert_eq!(opened["type"], "poll", "Ana never got the draft: {opened}");
    assert_eq!(opened["poll"]["state"], "open");
    assert_eq!(opened["poll"]["options"][1]["label"]["ru"], "Бумага");
    // Bolat's questions and votes, then the hidden question, then the open poll (never the
    // draft).
    let bolat_poll = loop {
        let f = next_live(&mut bolat).await;
        if f["type"] == "poll" {
            break f;
        }
    };
    assert_eq!(bolat_poll["poll"]["state"], "open");
    app.api_as(&c.ana)
        .put(
            &format!("/api/v1/polls/{p}/vote"),
            &json!({"options": [opts[2]]}),
        )
        .await;
    let results = next_live(&mut ana).await;
    assert_eq!(results["type"], "poll_results");
    assert_eq!(results["poll_id"], p);
    assert_eq!(results["voters"], 1);
    assert_eq!(results["options"][2]["percent"], 100);
    app.api_as(&c.speaker)
        .patch(&format!("/api/v1/polls/{p}"), &json!({"state": "closed"}))
        .await;
    // Bolat, who did not vote, first hears of results when the poll closes.
    assert_eq!(next_live(&mut bolat).await["poll"]["state"], "closed");
    let closed_results = next_live(&mut bolat).await;
    assert_eq!(closed_results["type"], "poll_results");
    assert_eq!(closed_results["voters"], 1);

    // Unfollowing stops the frames.
    ana.send(json!({"type": "unfollow", "topic": format!("session:{s}")}))
        .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    while let Ok(f) = tokio::time::timeout(Duration::from_millis(100), ana.next()).await {
        let _ = f;
    }
    app.api_as(&c.speaker)
        .patch(
            &format!("/api/v1/questions/{}", pending["id"]),
            &json!({"state": "visible"}),
        )
        .await;
    assert_eq!(
        next_live(&mut bolat).await["question"]["body"],
        "Pending one"
    );
    assert!(
        ana.collect("question", Duration::from_millis(500))
            .await
            .is_empty()
    );
}

async fn the_live_page_works_without_javascript(app: TestApp) {
    let c = cast(&app).await;
    let s = c.session;
    let visitor = app.browser();
    let session_page = visitor.get_html(&format!("/sessions/{s}")).await;
    assert!(
        session_page.contains(&format!("/sessions/{s}/live")),
        "the session page links its questions"
    );
    let refused = visitor.get(&format!("/sessions/{s}/live")).await;
    assert!(
        refused.status().is_redirection(),
        "a visitor is asked to sign in"
    );

    let ana = app.browser();
    ana.login(&c.ana.email, crate::common::PASSWORD).await;
    let asked = ana
        .submit(
            &format!("/sessions/{s}/live"),
            &[
                ("action", "ask"),
                ("body", "Where does the compost go?"),
                ("anonymous", "1"),
            ],
        )
        .await;
    assert!(asked.status().is_redirection());
    let html = ana.get_html(&crate::common::location(&asked)).await;
    assert!(html.contains("Where does the compost go?"));
    assert!(html.contains("Your question is posted."));
    let empty = ana
        .submit(
            &format!("/sessions/{s}/live"),
            &[("action", "ask"), ("body", "   ")],
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty
            .text()
            .await
            .unwrap()
            .contains("The question is empty.")
    );

    let q = questions(&app, &c.ana, s, "votes").await[0]["id"]
        .as_i64()
        .unwrap();
    let bolat = app.browser();
    bolat.login(&c.bolat.email, crate::common::PASSWORD).await;
    let voted = bolat
        .submit(
            &format!("/sessions/{s}/live"),
            &[("action", "vote"), ("question", &q.to_string())],
        )
        .await;
    assert!(voted.status().is_redirection());
    let html = bolat.get_html(&format!("/sessions/{s}/live")).await;
    assert!(
        html.contains(r#"aria-pressed="true""#),
        "the vote shows as given"
    );
    assert!(html.contains(r#"<span class="vote-count">1</span>"#));
    assert!(!html.contains("Ana Petrova"), "asked anonymously");
    assert!(
        !html.contains("moderate-form"),
        "a participant gets no moderation buttons"
    );

    // The speaker prepares and opens a poll from the page; Bolat votes on it.
    let speaker = app.browser();
    speaker
        .login(&c.speaker.email, crate::common::PASSWORD)
        .await;
    let created = speaker
        .submit(
            &format!("/sessions/{s}/live"),
            &[
                ("action", "poll_create"),
                ("kind", "single"),
                ("show_results", "after_vote"),
                ("question_en", "Best sorting day?"),
                ("question_ru", "Лучший день?"),
                ("options_en", "Monday\nFriday"),
                ("options_ru", "Понедельник\nПятница"),
            ],
        )
        .await;
    assert!(created.status().is_redirection(), "{:?}", created.status());
    let polls = app
        .api_as(&c.speaker)
        .get_json(&format!("/api/v1/sessions/{s}/polls"))
        .await;
    let p = polls[0]["id"].as_i64().unwrap();
    assert_eq!(polls[0]["options"][1]["label"]["ru"], "Пятница");
    speaker
        .submit(
            &format!("/sessions/{s}/live"),
            &[
                ("action", "poll_state"),
                ("poll", &p.to_string()),
                ("state", "open"),
            ],
        )
        .await;
    let option = polls[0]["options"][1]["id"].as_i64().unwrap().to_string();
    let voted = bolat
        .submit(
            &format!("/sessions/{s}/live"),
            &[
                ("action", "poll_vote"),
                ("poll", &p.to_string()),
                ("option", &option),
            ],
        )
        .await;
    assert!(voted.status().is_redirection());
    let html = bolat.get_html(&format!("/sessions/{s}/live")).await;
    assert!(
        html.contains(r#"<progress max="100" value="100""#),
        "{html}"
    );
    let html = speaker.get_html(&format!("/sessions/{s}/live")).await;
    assert!(html.contains("moderate-form"));
}

/// Two instances on one PostgreSQL: a question asked through one reaches a follower of the
/// other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frames_cross_instances_through_postgres() {
    let Some(a) = TestApp::postgres().await else {
        return;
    };
    let b = a.another_instance().await;
    let c = cast(&a).await;
    let mut bolat_on_b = connect(&b.address, &c.bolat.token).await;
    follow(&mut bolat_on_b, c.session).await;
    let asked = ask(&a, &c.ana, c.session, json!({"body": "From instance A"})).await;
    let frame = next_live(&mut bolat_on_b).await;
    assert_eq!(frame["question"]["id"], asked["id"]);
    a.api_as(&c.carl)
        .post(
            &format!("/api/v1/questions/{}/vote", asked["id"]),
            &json!({}),
        )
        .await;
    assert_eq!(next_live(&mut bolat_on_b).await["votes"], 1);
}
