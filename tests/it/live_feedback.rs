//! Feedback over HTTP: sessions rated by their participants after they end, the event's
//! survey (defined by organisers, answered by participants until it closes, sent and reminded
//! once), the results counted without names and as CSV and XLSX, and the pages without
//! JavaScript.

use crate::common::{TestApp, TestMember, assert_error, location};
use crate::live::{at, cast};

use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    sessions_are_rated_by_their_participants,
    surveys_are_defined_answered_sent_and_closed,
    feedback_pages_work_without_javascript,
);

fn ms(minutes: i64) -> i64 {
    (jiff::Timestamp::now() + jiff::SignedDuration::from_mins(minutes)).as_millisecond()
}

async fn register(app: &TestApp, who: &TestMember, event: i64) {
    let response = app
        .api_as(who)
        .post(&format!("/api/v1/events/{event}/registration"), &json!({}))
        .await;
    assert!(
        response.status().is_success(),
        "{}",
        response.text().await.unwrap()
    );
}

async fn ok_json(response: reqwest::Response) -> Value {
    let status = response.status();
    let json: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{json}");
    json
}

async fn sessions_are_rated_by_their_participants(app: TestApp) {
    let c = cast(&app).await;
    let path = format!("/api/v1/sessions/{}/feedback", c.past);
    let ana = app.api_as(&c.ana);

    // Not registered for the event: not a participant.
    let own = ana.get_json(&path).await;
    assert_eq!(own["participant"], false);
    assert_eq!(own["open"], false);
    assert_error(
        ana.put(&path, &json!({"rating": 4})).await,
        StatusCode::FORBIDDEN,
        "live_not_participant",
    )
    .await;

    register(&app, &c.ana, c.event).await;
    let own = ana.get_json(&path).await;
    assert_eq!(own["participant"], true);
    assert_eq!(own["open"], true);
    assert!(own["rating"].is_null());

    // Bad input is refused and nothing is stored.
    for rating in [0, 6] {
        assert_error(
            ana.put(&path, &json!({"rating": rating})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "live_rating_invalid",
        )
        .await;
    }
    let long = "ә".repeat(2001);
    assert_error(
        ana.put(&path, &json!({"rating": 3, "comment": long})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "live_comment_too_long",
    )
    .await;
    assert!(ana.get_json(&path).await["rating"].is_null());

    // A rating, then a changed one: one per member.
    let given = ok_json(
        ana.put(
            &path,
            &json!({"rating": 4, "comment": "  Useful figures  "}),
        )
        .await,
    )
    .await;
    assert_eq!(given["rating"], 4);
    assert_eq!(given["comment"], "Useful figures");
    let changed = ok_json(
        ana.put(
            &path,
            &json!({"rating": 5, "comment": "Very useful figures"}),
        )
        .await,
    )
    .await;
    assert_eq!(changed["rating"], 5);

    // A session still running takes no feedback yet.
    assert_error(
        ana.put(
            &format!("/api/v1/sessions/{}/feedback", c.session),
            &json!({"rating": 5}),
        )
        .await,
        StatusCode::CONFLICT,
        "live_feedback_not_yet",
    )
    .await;

    register(&app, &c.bolat, c.event).await;
    ok_json(app.api_as(&c.bolat).put(&path, &json!({"rating": 2})).await).await;

    // The speaker and the organisers see the ratings counted, without names.
    let results = format!("/api/v1/sessions/{}/feedback/results", c.past);
    assert_error(ana.get(&results).await, StatusCode::FORBIDDEN, "forbidden").await;
    let seen = app.api_as(&c.speaker).get_json(&results).await;
    assert_eq!(seen["ratings"]["count"], 2, "{seen}");
    assert_eq!(seen["ratings"]["average"], 3.5);
    assert_eq!(seen["ratings"]["distribution"], json!([0, 1, 0, 0, 1]));
    assert_eq!(seen["comments"], json!(["Very useful figures"]));
    let text = seen.to_string();
    assert!(!text.contains("Ana") && !text.contains("member"), "{text}");
    let organiser = app.api_as(&c.admin).get_json(&results).await;
    assert_eq!(organiser["ratings"]["count"], 2);
}

fn survey_body(opens: i64, remind: i64, closes: i64) -> Value {
    json!({
        "title": {"en": "How was the ECO week?", "ru": "Как прошла неделя ECO?"},
        "opens_at": opens, "remind_at": remind, "closes_at": closes,
        "questions": [
            {"kind": "rating", "label": {"en": "Overall", "de": "Insgesamt"}, "required": true},
            {"kind": "choice", "label": {"en": "Come again?"},
             "options": [{"en": "Yes", "ru": "Да"}, {"en": "Maybe"}, {"en": "No"}]},
            {"kind": "text", "label": {"en": "What to improve?"}}
        ]
    })
}

async fn surveys_are_defined_answered_sent_and_closed(app: TestApp) {
    let c = cast(&app).await;
    let e = c.event;
    let path = format!("/api/v1/events/{e}/survey");
    let admin = app.api_as(&c.admin);
    let body = survey_body(ms(-1), ms(60), ms(120));

    // Only organisers define it, and only a sound one.
    assert_error(
        app.api_as(&c.carl).put(&path, &body).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        admin.put(&path, &survey_body(ms(10), ms(5), ms(120))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "live_survey_times",
    )
    .await;
    let mut one_option = body.clone();
    one_option["questions"][1]["options"] = json!([{"en": "Yes"}]);
    assert_error(
        admin.put(&path, &one_option).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "live_choice_count",
    )
    .await;
    let mut untitled = body.clone();
    untitled["title"] = json!({});
    assert_error(
        admin.put(&path, &untitled).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "field_required",
    )
    .await;
    assert_error(
        app.api_as(&c.ana).get(&path).await,
        StatusCode::NOT_FOUND,
        "live_survey_none",
    )
    .await;

    let defined = ok_json(admin.put(&path, &body).await).await;
    assert_eq!(defined["organiser"], true);
    assert_eq!(defined["responses"], 0);
    let q: Vec<i64> = defined["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_i64().unwrap())
        .collect();
    assert_eq!(q.len(), 3);
    assert_eq!(defined["questions"][1]["options"][0]["ru"], "Да");

    // Participants answer; others may read it but not answer.
    register(&app, &c.ana, e).await;
    register(&app, &c.bolat, e).await;
    let ana = app.api_as(&c.ana);
    let seen = ana.get_json(&path).await;
    assert_eq!(seen["open"], true);
    assert_eq!(seen["participant"], true);
    assert!(seen["responses"].is_null(), "counts are for organisers");
    let answer = format!("{path}/answer");
    let good = json!({"answers": [
        {"question_id": q[0], "rating": 4},
        {"question_id": q[1], "choice": 0},
        {"question_id": q[2], "text": "More time for questions"}
    ]});
    assert_error(
        app.api_as(&c.carl).put(&answer, &good).await,
        StatusCode::FORBIDDEN,
        "live_not_participant",
    )
    .await;
    for (bad, code) in [
        (
            json!({"answers": [{"question_id": q[1], "choice": 0}]}),
            "live_survey_answer_required",
        ),
        (
            json!({"answers": [{"question_id": q[0], "rating": 6}]}),
            "live_rating_invalid",
        ),
        (
            json!({"answers": [{"question_id": q[0], "rating": 3}, {"question_id": q[1], "choice": 3}]}),
            "live_choice_unknown",
        ),
        (
            json!({"answers": [{"question_id": q[0], "rating": 3}, {"question_id": 999_999, "rating": 3}]}),
            "live_survey_question_unknown",
        ),
    ] {
        assert_error(
            ana.put(&answer, &bad).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        )
        .await;
    }
    let untouched = ana.get_json(&path).await;
    assert!(
        untouched["answered_at"].is_null(),
        "nothing half-written: {untouched}"
    );
    assert_eq!(untouched["my_answers"], json!([]));

    let answered = ok_json(ana.put(&answer, &good).await).await;
    assert_eq!(answered["my_answers"].as_array().unwrap().len(), 3);
    // Changed: the text dropped, another choice.
    let changed = ok_json(
        ana.put(
            &answer,
            &json!({"answers": [
                {"question_id": q[0], "rating": 5}, {"question_id": q[1], "choice": 1}
            ]}),
        )
        .await,
    )
    .await;
    assert_eq!(
        changed["my_answers"],
        json!([{"question_id": q[0], "rating": 5}, {"question_id": q[1], "choice": 1}])
    );
    ok_json(
        app.api_as(&c.bolat)
            .put(
                &answer,
                &json!({"answers": [
                    {"question_id": q[0], "rating": 2}, {"question_id": q[1], "choice": 1},
                    {"question_id": q[2], "text": "=HYPERLINK(\"x\")"}
                ]}),
            )
            .await,
    )
    .await;

    // Once answered, questions may be reworded and added, not removed or changed in kind.
    let mut kept = body.clone();
    for (i, id) in q.iter().enumerate() {
        kept["questions"][i]["id"] = json!(id);
    }
    let mut removed = kept.clone();
    removed["questions"].as_array_mut().unwrap().pop();
    assert_error(
        admin.put(&path, &removed).await,
        StatusCode::CONFLICT,
        "live_survey_answered",
    )
    .await;
    let mut retyped = kept.clone();
    retyped["questions"][2]["kind"] = json!("rating");
    assert_error(
        admin.put(&path, &retyped).await,
        StatusCode::CONFLICT,
        "live_survey_answered",
    )
    .await;
    let mut reworded = kept.clone();
    reworded["questions"][0]["label"] = json!({"en": "Overall, how was it?"});
    reworded["questions"]
        .as_array_mut()
        .unwrap()
        .push(json!({"kind": "text", "label": {"en": "Anything else?"}}));
    let saved = ok_json(admin.put(&path, &reworded).await).await;
    assert_eq!(saved["questions"].as_array().unwrap().len(), 4);
    assert_eq!(
        saved["questions"][0]["id"], q[0],
        "kept questions keep their id"
    );
    assert_eq!(saved["responses"], 2);

    // Results, without names.
    let results = format!("{path}/results");
    assert_error(ana.get(&results).await, StatusCode::FORBIDDEN, "forbidden").await;
    let r = admin.get_json(&results).await;
    assert_eq!(r["participants"], 2, "{r}");
    assert_eq!(r["responses"], 2);
    assert_eq!(
        r["questions"][0]["ratings"]["distribution"],
        json!([0, 1, 0, 0, 1])
    );
    assert_eq!(r["questions"][0]["ratings"]["average"], 3.5);
    assert_eq!(r["questions"][1]["options"][1]["count"], 2);
    assert_eq!(r["questions"][1]["options"][1]["percent"], 100);
    assert_eq!(r["questions"][2]["texts"], json!(["=HYPERLINK(\"x\")"]));
    assert!(!r.to_string().contains("Ana"));

    let csv = admin.get(&format!("{results}.csv")).await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains("Overall, how was it?"), "{csv}");
    assert!(csv.contains("'=HYPERLINK"), "formulas are defused: {csv}");
    assert!(!csv.contains("Ana Petrova") && !csv.contains("Bolat"));
    let xlsx = admin.get(&format!("{results}.xlsx")).await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(
        xlsx.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));

    // It goes out once when it opens, to every participant; the reminder goes once, to those
    // who have not answered.
    let dave = app.member("Dave Recycler").await;
    register(&app, &dave, e).await;
    let sent = circula::live::send_surveys(&app.state, ms(0))
        .await
        .unwrap();
    assert_eq!(sent, 3);
    assert_eq!(
        circula::live::send_surveys(&app.state, ms(0))
            .await
            .unwrap(),
        0
    );
    let notes = app.api_as(&dave).get_json("/api/v1/notifications").await;
    assert_eq!(notes["items"][0]["kind"], "survey_open", "{notes}");
    assert_eq!(notes["items"][0]["link"], format!("/events/{e}/survey"));
    assert_eq!(
        circula::live::send_surveys(&app.state, ms(61))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        circula::live::send_surveys(&app.state, ms(62))
            .await
            .unwrap(),
        0
    );
    let notes = app.api_as(&dave).get_json("/api/v1/notifications").await;
    assert_eq!(notes["items"][0]["kind"], "survey_reminder");
    let ana_notes = ana.get_json("/api/v1/notifications").await;
    assert!(
        ana_notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["kind"] != "survey_reminder")
    );

    // A closed survey takes no answers; one not yet open is not shown to participants.
    let mut closed = reworded.clone();
    for (i, id) in saved["questions"].as_array().unwrap().iter().enumerate() {
        closed["questions"][i]["id"] = id["id"].clone();
    }
    closed["opens_at"] = json!(ms(-180));
    closed["remind_at"] = json!(ms(-120));
    closed["closes_at"] = json!(ms(-60));
    ok_json(admin.put(&path, &closed).await).await;
    assert_error(
        ana.put(&answer, &good).await,
        StatusCode::CONFLICT,
        "live_survey_closed",
    )
    .await;
    closed["opens_at"] = json!(ms(60));
    closed["remind_at"] = json!(ms(120));
    closed["closes_at"] = json!(ms(180));
    ok_json(admin.put(&path, &closed).await).await;
    assert_error(
        ana.get(&path).await,
        StatusCode::NOT_FOUND,
        "live_survey_none",
    )
    .await;
    assert_eq!(admin.get_json(&path).await["open"], false);
}

async fn feedback_pages_work_without_javascript(app: TestApp) {
    let c = cast(&app).await;
    let e = c.event;
    register(&app, &c.ana, e).await;

    // The organiser finds a usual first survey to adapt, and saves it.
    let admin = app.browser();
    admin.login(&c.admin.email, crate::common::PASSWORD).await;
    let event_page = admin.get_html(&format!("/events/{e}")).await;
    assert!(
        event_page.contains(&format!("/events/{e}/survey")),
        "the event links its survey"
    );
    let form = admin.get_html(&format!("/events/{e}/survey/edit")).await;
    assert!(
        form.contains("How would you rate the event overall?"),
        "{form}"
    );
    assert!(form.contains("Wie bewerten Sie die Veranstaltung insgesamt?"));
    let opens = at(-5);
    let remind = at(60);
    let closes = at(120);
    let fields = [
        ("rows", "3"),
        ("title_en", "How was the week?"),
        ("title_kk", "Апта қалай өтті?"),
        ("opens_at", opens.as_str()),
        ("remind_at", remind.as_str()),
        ("closes_at", closes.as_str()),
        ("q0_kind", "rating"),
        ("q0_label_en", "Overall"),
        ("q0_required", "1"),
        ("q1_kind", "choice"),
        ("q1_label_en", "Again?"),
        ("q1_options_en", "Yes\nMaybe\nNo"),
        ("q1_options_ru", "Да\nВозможно\nНет"),
        ("q2_kind", "text"),
        ("q2_label_en", ""),
    ];
    let saved = admin
        .submit(&format!("/events/{e}/survey/edit"), &fields)
        .await;
    assert_eq!(
        saved.status(),
        StatusCode::SEE_OTHER,
        "{}",
        saved.text().await.unwrap()
    );
    let mut bad = fields.to_vec();
    bad[9] = ("q1_kind", "choice");
    bad[11] = ("q1_options_en", "Only one");
    bad[12] = ("q1_options_ru", "");
    let refused = admin
        .submit(&format!("/events/{e}/survey/edit"), &bad)
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("A choice question has 2 to 10 options."),
        "{html}"
    );
    assert!(html.contains("Only one"), "what was typed stays");

    // A participant answers through the form.
    let survey = app
        .api_as(&c.admin)
        .get_json(&format!("/api/v1/events/{e}/survey"))
        .await;
    assert_eq!(
        survey["questions"].as_array().unwrap().len(),
        2,
        "the empty row is left out"
    );
    let q0 = survey["questions"][0]["id"].as_i64().unwrap().to_string();
    let q1 = survey["questions"][1]["id"].as_i64().unwrap().to_string();
    let ana = app.browser();
    ana.login(&c.ana.email, crate::common::PASSWORD).await;
    let page = ana
        .client
        .get(ana.url(&format!("/events/{e}/survey")))
        .header("accept-language", "ru")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Возможно"),
        "options in the reader's language"
    );
    let missing = ana
        .submit(&format!("/events/{e}/survey"), &[(&format!("q{q1}"), "1")])
        .await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answered = ana
        .submit(
            &format!("/events/{e}/survey"),
            &[(&format!("q{q0}"), "5"), (&format!("q{q1}"), "1")],
        )
        .await;
    assert_eq!(answered.status(), StatusCode::SEE_OTHER);
    let page = ana.get_html(&location(&answered)).await;
    assert!(
        page.contains(r#"value="5" checked"#),
        "the answer is shown: {page}"
    );

    // Rating a past session from its live page.
    let rated = ana
        .submit(
            &format!("/sessions/{}/live", c.past),
            &[
                ("action", "feedback"),
                ("rating", "4"),
                ("comment", "Хорошо"),
            ],
        )
        .await;
    assert_eq!(rated.status(), StatusCode::SEE_OTHER);
    let none = ana
        .submit(
            &format!("/sessions/{}/live", c.past),
            &[("action", "feedback")],
        )
        .await;
    assert_eq!(none.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The speaker sees the session's ratings as a chart with its figures.
    let speaker = app.browser();
    speaker
        .login(&c.speaker.email, crate::common::PASSWORD)
        .await;
    let live = speaker
        .get_html(&format!("/sessions/{}/live", c.past))
        .await;
    assert!(
        live.contains("<svg class=\"chart-svg\" role=\"img\""),
        "{live}"
    );
    assert!(live.contains("Хорошо"));

    // The organiser reads the results as charts with tables.
    let results = admin.get_html(&format!("/events/{e}/survey/results")).await;
    assert!(
        results.contains("1 of 1 participants answered the survey."),
        "{results}"
    );
    assert_eq!(
        results.matches("<svg class=\"chart-svg\"").count(),
        3,
        "two questions and the sessions"
    );
    assert!(results.contains("<table class=\"chart-figures\">"));
    assert!(results.contains("Sorting lines"));
    assert!(results.contains("/api/v1/events/"));
    let refused = ana.get(&format!("/events/{e}/survey/results")).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}
