//! Discussions over HTTP: categories, topics, replies, accepted answers, reactions, following
//! and mentions, flags and the moderation queue, new members' posts held for approval,
//! members-only categories kept from visitors, Markdown rendered harmless, the pages without
//! JavaScript, and what discussions add to documents, profiles and events.

use crate::common;

use common::{TestApp, TestMember, assert_error, location};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    topics_replies_and_answers,
    bad_input_is_refused_clearly,
    members_only_categories_stay_hidden,
    following_levels_and_mentions,
    new_members_wait_for_approval,
    flags_reach_the_queue,
    markdown_is_rendered_harmless,
    concurrent_replies_are_numbered_and_counted,
    pages_work_without_javascript,
    documents_profiles_and_events_show_topics,
    search_finds_topics_and_replies_in_four_languages,
    another_instance_sees_changes_through_the_feed,
    pages_kept_for_visitors_follow_every_change,
);

async fn category(app: &TestApp, admin: &TestMember, slug: &str, members_only: bool) -> i64 {
    let response = app
        .api_as(admin)
        .post(
            "/api/v1/discussions/categories",
            &json!({"slug": slug, "members_only": members_only, "texts": [
                {"locale": "en", "name": format!("{slug} (en)"), "description": "About it"},
                {"locale": "ru", "name": format!("{slug} (ru)")}]}),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

async fn open(app: &TestApp, member: &TestMember, category: i64, title: &str) -> (i64, i64) {
    let response = app
        .api_as(member)
        .post(
            "/api/v1/discussions/topics",
            &json!({"category_id": category, "title": title,
                    "body": "How should a city of 300,000 organise **separate collection**?",
                    "tags": ["Separate collection", "municipal"]}),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    (
        body["id"].as_i64().unwrap(),
        body["post_id"].as_i64().unwrap(),
    )
}

async fn reply(app: &TestApp, member: &TestMember, topic: i64, body: &str) -> Value {
    let response = app
        .api_as(member)
        .post(
            &format!("/api/v1/discussions/topics/{topic}/replies"),
            &json!({"body": body}),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

async fn kinds(app: &TestApp, member: &TestMember) -> Vec<String> {
    let notes = app.api_as(member).get_json("/api/v1/notifications").await;
    notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect()
}

async fn topics_replies_and_answers(app: TestApp) {
    let admin = app.member("Olga Organiser").await;
    let waste = category(&app, &admin, "municipal-waste", false).await;
    let anna = app.member("Anna Schmidt").await;
    let dana = app.member("Dana Seitkali").await;
    let (topic, first) = open(&app, &anna, waste, "Separate collection for 300,000").await;
    // Dana answers the opening post; Anna, who follows her topic, hears of it.
    let answer = app
        .api_as(&dana)
        .post(
            &format!("/api/v1/discussions/topics/{topic}/replies"),
            &json!({"body": "Start with two streams: dry recyclables and the rest.", "reply_to": first}),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let answer: Value = answer.json().await.unwrap();
    assert_eq!(answer["number"], 2);
    assert_eq!(answer["pending"], false);
    let answer_id = answer["id"].as_i64().unwrap();
    assert_eq!(kinds(&app, &anna).await, ["discussion_reply"]);
    // Anyone reads it; the list shows it with one reply; "unanswered" no longer does.
    let read = app
        .api()
        .get_json(&format!("/api/v1/discussions/topics/{topic}"))
        .await;
    assert_eq!(read["posts"].as_array().unwrap().len(), 2);
    assert_eq!(read["posts"][1]["reply_to"], first);
    assert!(
        read["posts"][0]["html"]
            .as_str()
            .unwrap()
            .contains("<strong>separate collection</strong>")
    );
    assert_eq!(
        read["topic"]["tags"],
        json!(["municipal", "separate-collection"])
    );
    let latest = app.api().get_json("/api/v1/discussions/topics").await;
    assert_eq!(latest["items"][0]["id"], topic);
    assert_eq!(latest["items"][0]["replies"], 1);
    let unanswered = app
        .api()
        .get_json("/api/v1/discussions/topics?filter=unanswered")
        .await;
    assert_eq!(unanswered["total"], 0);
    let tagged = app
        .api()
        .get_json("/api/v1/discussions/topics?tag=Municipal")
        .await;
    assert_eq!(tagged["total"], 1);
    // Only the author (or a moderator) marks the accepted answer; Dana is told.
    assert_error(
        app.api_as(&dana)
            .patch(
                &format!("/api/v1/discussions/topics/{topic}"),
                &json!({"accepted_post_id": answer_id}),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        app.api_as(&anna)
            .patch(
                &format!("/api/v1/discussions/topics/{topic}"),
                &json!({"accepted_post_id": first}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "discussion_answer_invalid",
    )
    .await;
    let accepted = app
        .api_as(&anna)
        .patch(
            &format!("/api/v1/discussions/topics/{topic}"),
            &json!({"accepted_post_id": answer_id}),
        )
        .await;
    assert_eq!(accepted.status(), StatusCode::NO_CONTENT);
    assert_eq!(kinds(&app, &dana).await, ["discussion_accepted"]);
    let read = app
        .api()
        .get_json(&format!("/api/v1/discussions/topics/{topic}"))
        .await;
    assert_eq!(read["topic"]["accepted_post_id"], answer_id);
    // Reactions: once each, and taken back.
    let react = |remove: bool| {
        let api = app.api_as(&anna);
        async move {
            api.post(
                &format!("/api/v1/discussions/posts/{answer_id}/reactions"),
                &json!({"reaction": "thanks", "remove": remove}),
            )
            .await
        }
    };
    assert_eq!(react(false).await.status(), StatusCode::NO_CONTENT);
    assert_error(
        react(false).await,
        StatusCode::CONFLICT,
        "discussion_reaction_exists",
    )
    .await;
    let read = app
        .api_as(&anna)
        .get_json(&format!("/api/v1/discussions/topics/{topic}"))
        .await;
    assert_eq!(
        read["posts"][1]["reactions"],
        json!([{"reaction": "thanks", "count": 1, "mine": true}])
    );
    assert_eq!(react(true).await.status(), StatusCode::NO_CONTENT);
    assert_error(
        react(true).await,
        StatusCode::CONFLICT,
        "discussion_reaction_missing",
    )
    .await;
    // Editing: only one's own post; the old text stays for moderators.
    assert_error(
        app.api_as(&anna)
            .patch(
                &format!("/api/v1/discussions/posts/{answer_id}"),
                &json!({"body": "Hijacked"}),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let edited = app
        .api_as(&dana)
        .patch(
            &format!("/api/v1/discussions/posts/{answer_id}"),
            &json!({"body": "Start with two streams, then add organics."}),
        )
        .await;
    assert_eq!(edited.status(), StatusCode::NO_CONTENT);
    assert_error(
        app.api_as(&dana)
            .get(&format!("/api/v1/discussions/posts/{answer_id}/history"))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let history = app
        .api_as(&admin)
        .get_json(&format!("/api/v1/discussions/posts/{answer_id}/history"))
        .await;
    assert_eq!(
        history[0]["body"],
        "Start with two streams: dry recyclables and the rest."
    );
    assert_eq!(history[0]["editor"], "Dana Seitkali");
    // A moderator closes the topic: no more replies.
    let closed = app
        .api_as(&admin)
        .patch(
            &format!("/api/v1/discussions/topics/{topic}"),
            &json!({"closed": true, "pinned": true}),
        )
        .await;
    assert_eq!(closed.status(), StatusCode::NO_CONTENT);
    assert_error(
        app.api_as(&dana)
            .post(
                &format!("/api/v1/discussions/topics/{topic}/replies"),
                &json!({"body": "One more thing"}),
            )
            .await,
        StatusCode::CONFLICT,
        "discussion_topic_closed",
    )
    .await;
    // Members do not moderate.
    assert_error(
        app.api_as(&anna)
            .patch(
                &format!("/api/v1/discussions/topics/{topic}"),
                &json!({"closed": false}),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // Deleting one's own reply erases its text but keeps its place; the accepted mark goes.
    let deleted = app
        .api_as(&dana)
        .delete(&format!("/api/v1/discussions/posts/{answer_id}"))
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let read = app
        .api()
        .get_json(&format!("/api/v1/discussions/topics/{topic}"))
        .await;
    assert_eq!(read["posts"][1]["deleted"], true);
    assert_eq!(read["posts"][1]["body"], "");
    assert_eq!(read["topic"]["accepted_post_id"], Value::Null);
    assert_eq!(read["topic"]["replies"], 0);
    assert_eq!(read["topic"]["pinned"], true);
}

async fn bad_input_is_refused_clearly(app: TestApp) {
    let admin = app.member("Olga Organiser").await;
    let waste = category(&app, &admin, "municipal-waste", false).await;
    let anna = app.member("Anna Schmidt").await;
    let api = app.api_as(&anna);
    let post = |body: Value| {
        let api = api.clone();
        async move { api.post("/api/v1/discussions/topics", &body).await }
    };
    for (body, status, code) in [
        (
            json!({"category_id": waste, "title": "", "body": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "field_required",
        ),
        (
            json!({"category_id": waste, "title": "EPR", "body": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "discussion_title_short",
        ),
        (
            json!({"category_id": waste, "title": "A fine question", "body": "  "}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "field_required",
        ),
        (
            json!({"category_id": waste, "title": "A fine question", "body": "x".repeat(20_001)}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "text_too_long",
        ),
        (
            json!({"category_id": waste, "title": "A fine question", "body": "x", "tags": ["a", "b", "c", "d", "e", "f"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "discussion_too_many_tags",
        ),
        (
            json!({"category_id": waste, "title": "A fine question", "body": "x", "topics": ["gold-mining"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "topic_unknown",
        ),
        (
            json!({"category_id": 999, "title": "A fine question", "body": "x"}),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ] {
        assert_error(post(body).await, status, code).await;
    }
    // Errors come in the member's language.
    let ru = assert_error(
        api.clone()
            .with_lang("ru")
            .post(
                "/api/v1/discussions/topics",
                &json!({"category_id": waste, "title": "EPR", "body": "x"}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "discussion_title_short",
    )
    .await;
    assert!(ru["message"].as_str().unwrap().contains("пяти"), "{ru}");
    assert_error(
        app.api()
            .get("/api/v1/discussions/topics?filter=popular")
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "discussion_filter_unknown",
    )
    .await;
    assert_error(
        app.api().get("/api/v1/discussions/topics?page=0").await,
        StatusCode::BAD_REQUEST,
        "page_invalid",
    )
    .await;
    let (topic, _) = open(&app, &anna, waste, "Packaging importers and EPR").await;
    let (other, other_first) = open(&app, &anna, waste, "Landfill gas in Almaty").await;
    assert_error(
        api.post(
            &format!("/api/v1/discussions/topics/{topic}/replies"),
            &json!({"body": "x", "reply_to": other_first}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "discussion_reply_to_invalid",
    )
    .await;
    // A hidden topic is gone for members, and takes no replies.
    let hidden = app
        .api_as(&admin)
        .patch(
            &format!("/api/v1/discussions/topics/{other}"),
            &json!({"hidden": true}),
        )
        .await;
    assert_eq!(hidden.status(), StatusCode::NO_CONTENT);
    assert_error(
        api.get(&format!("/api/v1/discussions/topics/{other}"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        api.post(
            &format!("/api/v1/discussions/topics/{other}/replies"),
            &json!({"body": "x"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        app.api_as(&admin)
            .post(
                &format!("/api/v1/discussions/topics/{other}/replies"),
                &json!({"body": "x"}),
            )
            .await,
        StatusCode::CONFLICT,
        "discussion_topic_hidden",
    )
    .await;
    // Visitors may read but not write.
    assert_error(
        app.api()
            .post(
                "/api/v1/discussions/topics",
                &json!({"category_id": waste, "title": "A fine question", "body": "x"}),
            )
            .await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    // Categories are the organisers' and keep their addresses unique.
    assert_error(
        api.post(
            "/api/v1/discussions/categories",
            &json!({"slug": "mine", "texts": [{"locale": "en", "name": "Mine"}]}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        app.api_as(&admin)
            .post(
                "/api/v1/discussions/categories",
                &json!({"slug": "municipal-waste", "texts": [{"locale": "en", "name": "Again"}]}),
            )
            .await,
        StatusCode::CONFLICT,
        "discussion_slug_taken",
    )
    .await;
    assert_error(
        app.api_as(&admin)
            .post(
                "/api/v1/discussions/categories",
                &json!({"slug": "Bad Slug", "texts": [{"locale": "en", "name": "Bad"}]}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "discussion_slug_invalid",
    )
    .await;
}

async fn members_only_categories_stay_hidden(app: TestApp) {
    let admin = app.member("Olga Organiser").await;
    let open_category = category(&app, &admin, "recycling-markets", false).await;
    let closed_category = category(&app, &admin, "partners-only", true).await;
    let anna = app.member("Anna Schmidt").await;
    let (public, _) = open(&app, &anna, open_category, "Prices for PET flakes").await;
    let (private, post) = open(&app, &anna, closed_category, "Our internal EPR position").await;
    let visitor = app.api();
    let categories = visitor.get_json("/api/v1/discussions/categories").await;
    assert_eq!(categories.as_array().unwrap().len(), 1);
    let list = visitor.get_json("/api/v1/discussions/topics").await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], public);
    for path in [
        format!("/api/v1/discussions/topics/{private}"),
        format!("/api/v1/discussions/topics?category={closed_category}"),
    ] {
        assert_error(visitor.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    }
    let page = app
        .browser()
        .get(&format!("/discussions/topics/{private}"))
        .await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    let goto = app
        .browser()
        .get(&format!("/discussions/posts/{post}"))
        .await;
    assert_eq!(goto.status(), StatusCode::NOT_FOUND);
    let html = app.browser().get_html("/discussions").await;
    assert!(html.contains("Prices for PET flakes"));
    assert!(!html.contains("Our internal EPR position"));
    assert!(!html.contains("partners-only"));
    // A visitor's view of Anna's profile lists only the open topic.
    let html = app
        .browser()
        .get_html(&format!("/members/{}", anna.id))
        .await;
    if html.contains("Topics opened") {
        assert!(!html.contains("Our internal EPR position"), "{html}");
    }
    // Members see both.
    let list = app
        .api_as(&admin)
        .get_json("/api/v1/discussions/topics")
        .await;
    assert_eq!(list["total"], 2);
}

async fn following_levels_and_mentions(app: TestApp) {
    let admin = app.member("Olga Organiser").await;
    let legislation = category(&app, &admin, "legislation-and-epr", false).await;
    let anna = app.member("Anna Schmidt").await;
    let bob = app.member("Bob Becker").await;
    let carl = app.member("Carl Krüger").await;
    let dana = app.member("Dana Seitkali").await;
    let follow = |member: &TestMember, path: String, level: Value| {
        let api = app.api_as(member);
        async move {
            let response = api.post(&path, &json!({"level": level})).await;
            assert_eq!(response.status(), StatusCode::NO_CONTENT);
        }
    };
    follow(
        &bob,
        format!("/api/v1/discussions/categories/{legislation}/follow"),
        json!("new_topics"),
    )
    .await;
    follow(
        &carl,
        format!("/api/v1/discussions/categories/{legislation}/follow"),
        json!("all"),
    )
    .await;
    let (topic, _) = open(&app, &anna, legislation, "What does the EPR rule mean?").await;
    assert_eq!(kinds(&app, &bob).await, ["discussion_topic"]);
    assert_eq!(kinds(&app, &carl).await, ["discussion_topic"]);
    // Carl mutes the topic; Dana mentions Bob and Carl in a reply.
    follow(
        &carl,
        format!("/api/v1/discussions/topics/{topic}/follow"),
        json!("muted"),
    )
    .await;
    reply(&app, &dana, topic, "@Bob and @Carl, what do importers say?").await;
    // Bob: mentioned. Carl: muted, nothing. Anna: a reply in her topic.
    assert_eq!(
        kinds(&app, &bob).await,
        ["discussion_mention", "discussion_topic"]
    );
    assert_eq!(kinds(&app, &carl).await, ["discussion_topic"]);
    assert_eq!(kinds(&app, &anna).await, ["discussion_reply"]);
    // Bob follows new topics only: a plain reply does not reach him.
    reply(&app, &anna, topic, "Importers pay per tonne of packaging.").await;
    assert_eq!(kinds(&app, &bob).await.len(), 2);
    // Dana replied, so she follows the topic now.
    assert_eq!(kinds(&app, &dana).await, ["discussion_reply"]);
    let read = app
        .api_as(&dana)
        .get_json(&format!("/api/v1/discussions/topics/{topic}"))
        .await;
    assert_eq!(read["following"], "all");
    // The notification leads to the post.
    let notes = app.api_as(&dana).get_json("/api/v1/notifications").await;
    let link = notes["items"][0]["link"].as_str().unwrap();
    let response = app.browser().get(link).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        location(&response).starts_with(&format!("/discussions/topics/{topic}?page=1")),
        "{}",
        location(&response)
    );
    assert!(location(&response).ends_with("#post-3"));
}

async fn new_members_wait_for_approval(app: TestApp) {
    let admin = app.member("Olga Organiser").await;
    let waste = category(&app, &admin, "municipal-waste", false).await;
    let watcher = app.member("Walter Watcher").await;
    let follow = app
        .api_as(&watcher)
        .post(
            &format!("/api/v1/discussions/categories/{waste}/follow"),
            &json!({"level": "all"}),
        )
        .await;
    assert_eq!(follow.status(), StatusCode::NO_CONTENT);
    // Without the hold, a new member's question goes straight through; links over the limit
    // make a post wait, never vanish.
    let anna = app.member("Anna Schmidt").await;
    let (_, _) = open(&app, &anna, waste, "A first honest question").await;
    let spam = app
        .api_as(&anna)
        .post(
            "/api/v1/discussions/topics",
            &json!({"category_id": waste, "title": "Cheap containers!!!",
                    "body": "https://a.example https://b.example https://c.example"}),
        )
        .await;
    let spam: Value = spam.json().await.unwrap();
    assert_eq!(spam["pending"], true, "{spam}");
    // The admin holds first posts.
    assert_error(
        app.api_as(&anna)
            .put(
                "/api/v1/discussions/settings",
                &json!({"hold_first_posts": true}),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let on = app
        .api_as(&admin)
        .put(
            "/api/v1/discussions/settings",
            &json!({"hold_first_posts": true}),
        )
        .await;
    assert_eq!(on.status(), StatusCode::NO_CONTENT);
    let newcomer = app.member("Nurlan Newcomer").await;
    let response = app
        .api_as(&newcomer)
        .post(
            "/api/v1/discussions/topics",
            &json!({"category_id": waste, "title": "Composting in Shymkent",
                    "body": "Has anyone composted market waste at scale?"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let held: Value = response.json().await.unwrap();
    assert_eq!(held["pending"], true);
    let held_topic = held["id"].as_i64().unwrap();
    // He sees it, marked as waiting; visitors and other members do not; nobody was told yet.
    let mine = app
        .api_as(&newcomer)
        .get_json(&format!("/api/v1/discussions/topics/{held_topic}"))
        .await;
    assert_eq!(mine["topic"]["pending"], true);
    let html = {
        let browser = app.browser();
        browser.login(&newcomer.email, common::PASSWORD).await;
        browser
            .get_html(&format!("/discussions/topics/{held_topic}"))
            .await
    };
    assert!(html.contains("waits for a moderator"), "{html}");
    assert_error(
        app.api()
            .get(&format!("/api/v1/discussions/topics/{held_topic}"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let list = app
        .api_as(&anna)
        .get_json("/api/v1/discussions/topics")
        .await;
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["id"] != held_topic)
    );
    let before = kinds(&app, &watcher).await.len();
    // Moderators see how much waits beside Discussions in the header (the spam and the held
    // topic); members do not. The admin's dashboard shows the setting.
    let moderator = app.browser();
    moderator.login(&admin.email, common::PASSWORD).await;
    let html = moderator.get_html("/discussions").await;
    assert!(
        html.contains(r#"aria-label="Discussions: 2 posts to moderate""#),
        "{html}"
    );
    let member_page = {
        let browser = app.browser();
        browser.login(&anna.email, common::PASSWORD).await;
        browser.get_html("/discussions").await
    };
    assert!(!member_page.contains("to moderate"));
    let dashboard = moderator.get_html("/admin").await;
    assert!(
        dashboard.contains(r#"name="hold_first_posts" value="1" checked"#),
        "{dashboard}"
    );
    // The queue holds it; a moderator approves; the watcher hears of it then.
    let queue = app
        .api_as(&admin)
        .get_json("/api/v1/discussions/queue")
        .await;
    let item = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["topic_id"] == held_topic)
        .expect("the held topic is in the queue");
    assert_eq!(item["pending"], true);
    let post = item["post_id"].as_i64().unwrap();
    assert_error(
        app.api_as(&anna).get("/api/v1/discussions/queue").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let approved = app
        .api_as(&admin)
        .patch(
            &format!("/api/v1/discussions/posts/{post}"),
            &json!({"approved": true}),
        )
        .await;
    assert_eq!(approved.status(), StatusCode::NO_CONTENT);
    let read = app
        .api()
        .get_json(&format!("/api/v1/discussions/topics/{held_topic}"))
        .await;
    assert_eq!(read["topic"]["pending"], false);
    assert_eq!(kinds(&app, &watcher).await.len(), before + 1);
    let html = moderator.get_html("/discussions").await;
    assert!(html.contains("1 post to moderate"), "{html}");
    // The admin lifts the hold on the dashboard, without JavaScript.
    let saved = moderator.submit("/admin/discussions", &[]).await;
    assert_eq!(location(&saved), "/admin?notice=saved");
    let dashboard = moderator.get_html("/admin").await;
    assert!(dashboard.contains(r#"name="hold_first_posts" value="1">"#));
    let latecomer = app.member("Lena Latecomer").await;
    let response = app
        .api_as(&latecomer)
        .post(
            "/api/v1/discussions/topics",
            &json!({"category_id": waste, "title": "Glass collection in Aktobe",
                    "body": "Who collects glass in Aktobe?"}),
        )
        .await;
    assert_eq!(response.json::<Value>().await.unwrap()["pending"], false);
}

async fn flags_reach_the_queue(app: TestApp) {
    let admin = app.member("Olga Organiser").await;
    let waste = category(&app, &admin, "municipal-waste", false).await;
    let anna = app.member("Anna Schmidt").await;
    let troll = app.member("Tom Troll").await;
    let (topic, _) = open(&app, &anna, waste, "Sorting stations in Astana").await;
    let rude = reply(&app, &troll, topic, "Nobody cares about sorting.").await;
    let rude = rude["id"].as_i64().unwrap();
    let flag = |member: &TestMember, post: i64| {
        let api = app.api_as(member);
        async move {
            api.post(
                &format!("/api/v1/discussions/posts/{post}/flags"),
                &json!({"reason": "offensive", "comment": "Rude to the asker"}),
            )
            .await
        }
    };
    assert_eq!(flag(&anna, rude).await.status(), StatusCode::CREATED);
    assert_error(
        flag(&anna, rude).await,
        StatusCode::CONFLICT,
        "discussion_flag_exists",
    )
    .await;
    assert_error(
        flag(&troll, rude).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "discussion_flag_own",
    )
    .await;
    let queue = app
        .api_as(&admin)
        .get_json("/api/v1/discussions/queue")
        .await;
    assert_eq!(queue[0]["post_id"], rude);
    assert_eq!(queue[0]["flags"], 1);
    assert_eq!(queue[0]["reasons"], json!(["offensive: Rude to the asker"]));
    // The moderator hides it: gone for members, flags resolved, the queue empty.
    let hidden = app
        .api_as(&admin)
        .patch(
            &format!("/api/v1/discussions/posts/{rude}"),
            &json!({"hidden": true}),
        )
        .await;
    assert_eq!(hidden.status(), StatusCode::NO_CONTENT);
    let read = app
        .api_as(&anna)
        .get_json(&format!("/api/v1/discussions/topics/{topic}"))
        .await;
    assert_eq!(read["posts"].as_array().unwrap().len(), 1);
    assert_eq!(read["topic"]["replies"], 0);
    let queue = app
        .api_as(&admin)
        .get_json("/api/v1/discussions/queue")
        .await;
    assert_eq!(queue, json!([]));
    // Moderators still see it, marked.
    let read = app
        .api_as(&admin)
        .get_json(&format!("/api/v1/discussions/topics/{topic}"))
        .await;
    assert_eq!(read["posts"][1]["hidden"], true);
}

/// Hostile Markdown: nothing that runs survives rendering.
async fn markdown_is_rendered_harmless(app: TestApp) {
    let admin = app.member("Olga Organiser").await;
    let waste = category(&app, &admin, "municipal-waste", false).await;
    let anna = app.member("Anna Schmidt").await;
    let (topic, _) = open(&app, &anna, waste, "Payloads that must not run").await;
    let payloads = [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)><circle r=1></svg>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<div style=\"background:url(javascript:alert(1))\" onclick=\"alert(1)\">x</div>",
        "![x](javascript:alert(1))",
        "<details open ontoggle=alert(1)>x</details>",
    ];
    for payload in payloads {
        reply(&app, &anna, topic, payload).await;
    }
    let read = app
        .api()
        .get_json(&format!("/api/v1/discussions/topics/{topic}"))
        .await;
    for post in read["posts"].as_array().unwrap() {
        let html = post["html"].as_str().unwrap().to_lowercase();
        for bad in [
            "<script",
            "javascript:",
            "onerror",
            "onload",
            "onclick",
            "ontoggle",
            "<svg",
            "<iframe",
            "data:text",
            "style=",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
    }
    let page = app
        .browser()
        .get_html(&format!("/discussions/topics/{topic}"))
        .await
        .to_lowercase();
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("onerror=alert"));
}

async fn concurrent_replies_are_numbered_and_counted(app: TestApp) {
    let admin = app.member("Olga Organiser").await;
    let waste = category(&app, &admin, "municipal-waste", false).await;
    let mut members = Vec::new();
    for i in 0..4 {
        members.push(app.member(&format!("Member {i}")).await);
    }
    let (topic, _) = open(&app, &members[0], waste, "Many voices at once").await;
    let mut tasks = Vec::new();
    for round in 0..5 {
        for member in &members {
            let api = app.api_as(member);
            tasks.push(tokio::spawn(async move {
                api.post(
                    &format!("/api/v1/discussions/topics/{topic}/replies"),
                    &json!({"body": format!("Reply in round {round}")}),
                )
                .await
                .status()
            }));
        }
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::CREATED);
    }
    let read = app
        .api()
        .get_json(&format!("/api/v1/discussions/topics/{topic}"))
        .await;
    let numbers: Vec<i64> = read["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=21).collect::<Vec<_>>());
    assert_eq!(read["topic"]["replies"], 20);
}

async fn pages_work_without_javascript(app: TestApp) {
    let admin = app.member("Olga Organiser").await;
    let waste = category(&app, &admin, "municipal-waste", false).await;
    let anna = app.member("Anna Schmidt").await;
    let dana = app.member("Dana Seitkali").await;
    let anna_page = app.browser();
    anna_page.login(&anna.email, common::PASSWORD).await;
    let dana_page = app.browser();
    dana_page.login(&dana.email, common::PASSWORD).await;
    // A visitor sees the list and the way to sign in.
    let html = app.browser().get_html("/discussions").await;
    assert!(html.contains("Sign in to open a topic"));
    // Anna opens a topic through the form; a short title comes back in German, kept.
    let form = anna_page.get_html("/discussions/new").await;
    assert!(form.contains(&format!("<option value=\"{waste}\"")));
    let german = app.browser();
    german.login(&anna.email, common::PASSWORD).await;
    german.get("/lang/de").await;
    let response = german
        .submit(
            "/discussions/new",
            &[
                ("category", &waste.to_string()),
                ("title", "EPR"),
                ("body", "Mein Entwurf"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("mindestens fünf Zeichen"), "{html}");
    assert!(html.contains("Mein Entwurf"));
    let response = anna_page
        .submit(
            "/discussions/new",
            &[
                ("category", &waste.to_string()),
                ("title", "Which bins for high-rise blocks?"),
                ("body", "We collect at 40 blocks in Almaty."),
                ("tags", "bins, high-rise"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response);
    assert!(to.contains("notice=discussions-opened"), "{to}");
    let topic: i64 = to
        .trim_start_matches("/discussions/topics/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let html = anna_page.get_html(&to).await;
    assert!(html.contains("Your topic is open."));
    assert!(html.contains("#high-rise"));
    // Dana replies with a quote of the opening post, and reacts.
    let read = app
        .api()
        .get_json(&format!("/api/v1/discussions/topics/{topic}"))
        .await;
    let first = read["posts"][0]["id"].as_i64().unwrap();
    let html = dana_page
        .get_html(&format!("/discussions/topics/{topic}?quote={first}"))
        .await;
    assert!(html.contains("&#62; **Anna Schmidt:**"), "{html}");
    let response = dana_page
        .submit(
            &format!("/discussions/topics/{topic}/reply"),
            &[
                ("reply_to", &first.to_string()),
                (
                    "body",
                    "> **Anna Schmidt:** 40 blocks\n\nUse 1.1 m³ containers.",
                ),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).contains("notice=discussions-replied"));
    let response = dana_page
        .submit(
            &format!("/discussions/posts/{first}"),
            &[("action", "react:agree")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // Anna marks the answer accepted from the page.
    let answer = app
        .api()
        .get_json(&format!("/api/v1/discussions/topics/{topic}"))
        .await["posts"][1]["id"]
        .as_i64()
        .unwrap();
    let response = anna_page
        .submit(
            &format!("/discussions/topics/{topic}"),
            &[("action", "accept"), ("post", &answer.to_string())],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = anna_page
        .get_html(&format!("/discussions/topics/{topic}"))
        .await;
    assert!(html.contains("Accepted answer"));
    assert!(html.contains("in reply to #1"));
    assert!(html.contains("aria-pressed=\"false\""));
    // An empty reply comes back with the message and the form.
    let response = dana_page
        .submit(
            &format!("/discussions/topics/{topic}/reply"),
            &[("body", "   ")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The moderator's queue page and tools answer moderators only.
    assert_eq!(
        anna_page.get("/discussions/queue").await.status(),
        StatusCode::FORBIDDEN
    );
    let olga = app.browser();
    olga.login(&admin.email, common::PASSWORD).await;
    let html = olga.get_html("/discussions/queue").await;
    assert!(html.contains("Nothing waits for moderation."));
    let response = olga
        .submit(
            &format!("/discussions/topics/{topic}"),
            &[("action", "close")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = dana_page
        .get_html(&format!("/discussions/topics/{topic}"))
        .await;
    assert!(html.contains("This topic is closed"));
}

async fn documents_profiles_and_events_show_topics(app: TestApp) {
    let admin = app.member("Olga Organiser").await;
    let waste = category(&app, &admin, "municipal-waste", false).await;
    let anna = app.member("Anna Schmidt").await;
    let dana = app.member("Dana Seitkali").await;
    let doc = app
        .api_as(&admin)
        .post(
            "/api/v1/library/links",
            &json!({"url": "https://example.org/epr-guide", "title": "EPR guide for importers",
                    "doc_type": "law", "visibility": "public"}),
        )
        .await;
    let status = doc.status();
    let doc: Value = doc.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{doc}");
    let doc = doc["id"].as_i64().unwrap();
    let (topic, _) = open(&app, &anna, waste, "Reading the EPR guide").await;
    let answer = reply(
        &app,
        &dana,
        topic,
        &format!("See {} — chapter 3.", app.url(&format!("/library/{doc}"))),
    )
    .await;
    let accepted = app
        .api_as(&anna)
        .patch(
            &format!("/api/v1/discussions/topics/{topic}"),
            &json!({"accepted_post_id": answer["id"]}),
        )
        .await;
    assert_eq!(accepted.status(), StatusCode::NO_CONTENT);
    let html = app.browser().get_html(&format!("/library/{doc}")).await;
    assert!(html.contains("Discussed in"), "{html}");
    assert!(html.contains(&format!("/discussions/topics/{topic}")));
    let html = app
        .browser()
        .get_html(&format!("/members/{}", dana.id))
        .await;
    assert!(html.contains("Accepted answers"), "{html}");
    assert!(html.contains("Reading the EPR guide"));
    let html = app
        .browser()
        .get_html(&format!("/members/{}", anna.id))
        .await;
    assert!(html.contains("Topics opened"));
    // An event's organiser opens its questions category; its page links it.
    let event = app
        .api_as(&admin)
        .post(
            "/api/v1/events",
            &json!({"title": "ECO week 2031", "locale": "en", "starts_on": "2031-03-25",
                    "ends_on": "2031-03-27", "timezone": "Asia/Almaty"}),
        )
        .await;
    let event = event.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let olga = app.browser();
    olga.login(&admin.email, common::PASSWORD).await;
    let html = olga.get_html(&format!("/events/{event}")).await;
    assert!(html.contains(&format!("/events/{event}/questions")));
    let anna_page = app.browser();
    anna_page.login(&anna.email, common::PASSWORD).await;
    assert_eq!(
        anna_page
            .get(&format!("/events/{event}/questions"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let response = olga
        .submit(&format!("/events/{event}/questions"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let categories = app.api().get_json("/api/v1/discussions/categories").await;
    let questions = categories
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["event_id"] == event)
        .expect("the event's category");
    assert_eq!(questions["name"], "Questions: ECO week 2031");
    let html = app.browser().get_html(&format!("/events/{event}")).await;
    assert!(html.contains("Questions to the speakers"));
}

async fn search(api: &common::Api, q: &str) -> Value {
    let q: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
    api.get_json(&format!("/api/v1/discussions/topics?q={q}"))
        .await
}

fn found_ids(list: &Value) -> Vec<i64> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect()
}

async fn search_finds_topics_and_replies_in_four_languages(app: TestApp) {
    let admin = app.member("Olga Organiser").await;
    let open_category = category(&app, &admin, "municipal-waste", false).await;
    let closed_category = category(&app, &admin, "partners-only", true).await;
    let anna = app.member("Anna Schmidt").await;
    let boris = app.member("Boris Petrov").await;
    let (collection, _) = open(&app, &anna, open_category, "Separate collection in Taraz").await;
    let russian = reply(
        &app,
        &boris,
        collection,
        "Мы вывозим отходы на сортировочную станцию каждый вторник.",
    )
    .await;
    reply(
        &app,
        &anna,
        collection,
        "Die Verpackungen werden in **Almaty** getrennt gesammelt und für das Recycling sortiert.",
    )
    .await;
    let response = app
        .api_as(&boris)
        .post(
            "/api/v1/discussions/topics",
            &json!({"category_id": open_category, "title": "Қалдықтарды сұрыптау",
                    "body": "Ауылдарда қалдықтарды жинау қалай ұйымдастырылады?"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let kazakh = response.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let (internal, _) = open(&app, &anna, closed_category, "Internal tariff notes").await;
    reply(&app, &boris, internal, "Тарифы на вывоз отходов вырастут.").await;

    let visitor = app.api();
    // Another grammatical case of a Russian word, in a reply: the post and its passage.
    let found = search(&visitor, "отходов").await;
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found_ids(&found), vec![collection]);
    assert_eq!(found["items"][0]["found"]["post_id"], russian["id"]);
    let snippet = found["items"][0]["found"]["snippet_html"].as_str().unwrap();
    assert!(snippet.contains("<b>отходы</b>"), "{snippet}");
    // Members also find the members-only topic; visitors cannot even name its category.
    let member_found = search(&app.api_as(&anna), "отходов").await;
    assert_eq!(member_found["total"], 2, "{member_found}");
    assert_error(
        visitor
            .get(&format!(
                "/api/v1/discussions/topics?q=tariff&category={closed_category}"
            ))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // German by its stem, Kazakh as written in another case, English title words, a typo.
    assert_eq!(
        found_ids(&search(&visitor, "Verpackung").await),
        vec![collection]
    );
    assert_eq!(
        found_ids(&search(&visitor, "ҚАЛДЫҚТАРДЫ").await),
        vec![kazakh]
    );
    assert_eq!(
        found_ids(&search(&visitor, "separate collection").await),
        vec![collection]
    );
    assert_eq!(
        found_ids(&search(&visitor, "colection").await),
        vec![collection]
    );
    assert_eq!(search(&visitor, "Verpackung ауылдарда").await["total"], 0);
    // Filters combine with words.
    let tagged = visitor
        .get_json("/api/v1/discussions/topics?q=collection&tag=municipal")
        .await;
    assert_eq!(found_ids(&tagged), vec![collection]);
    let unanswered = visitor
        .get_json("/api/v1/discussions/topics?q=collection&filter=unanswered")
        .await;
    assert_eq!(unanswered["total"], 0);

    // An edit is found at once; a hidden topic is not.
    let topic = app
        .api_as(&anna)
        .get_json(&format!("/api/v1/discussions/topics/{collection}"))
        .await;
    let first = topic["posts"][0]["id"].as_i64().unwrap();
    let edited = app
        .api_as(&anna)
        .patch(
            &format!("/api/v1/discussions/posts/{first}"),
            &json!({"body": "Who has tried kerbside compost bins?"}),
        )
        .await;
    assert_eq!(edited.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        found_ids(&search(&visitor, "compost").await),
        vec![collection]
    );
    assert_eq!(search(&visitor, "organise").await["total"], 0);
    let hidden = app
        .api_as(&admin)
        .patch(
            &format!("/api/v1/discussions/topics/{collection}"),
            &json!({"hidden": true}),
        )
        .await;
    assert_eq!(hidden.status(), StatusCode::NO_CONTENT);
    assert_eq!(search(&visitor, "compost").await["total"], 0);
    app.api_as(&admin)
        .patch(
            &format!("/api/v1/discussions/topics/{collection}"),
            &json!({"hidden": false}),
        )
        .await;

    // The page: a search form, the passage, a link to the post; no script needed.
    let html = app
        .browser()
        .get_html("/discussions?q=%D0%BE%D1%82%D1%85%D0%BE%D0%B4%D0%BE%D0%B2")
        .await;
    assert!(html.contains("Results for “отходов”"), "{html}");
    assert!(html.contains("<b>отходы</b>"), "{html}");
    assert!(html.contains(&format!("/discussions/posts/{}", russian["id"])));
    assert!(html.contains(r#"name="q" value="отходов""#), "{html}");
    assert!(!html.contains("Internal tariff notes"));
    let none = app.browser().get_html("/discussions?q=zzzzqqq").await;
    assert!(none.contains("No topic has these words."));
    let long = "x".repeat(201);
    assert_error(
        visitor
            .get(&format!("/api/v1/discussions/topics?q={long}"))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "discussion_query_too_long",
    )
    .await;
}

/// A second instance on the same database learns of the first one's writes from the change
/// feed: its search index, and the cached categories and totals of its lists.
async fn another_instance_sees_changes_through_the_feed(app: TestApp) {
    let admin = app.member("Olga Organiser").await;
    let municipal = category(&app, &admin, "municipal-waste", false).await;
    let anna = app.member("Anna Schmidt").await;
    open(&app, &anna, municipal, "Separate collection in Taraz").await;
    let other = app.another_instance().await;
    let visitor = other.api();
    assert_eq!(
        visitor.get_json("/api/v1/discussions/topics").await["total"],
        1
    );
    assert_eq!(
        visitor
            .get_json("/api/v1/discussions/categories")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Written through the first instance: a topic, a category made members-only.
    open(&app, &anna, municipal, "Composting in Shymkent").await;
    let made_private = app
        .api_as(&admin)
        .put(
            &format!("/api/v1/discussions/categories/{municipal}"),
            &json!({"slug": "municipal-waste", "members_only": true,
                    "texts": [{"locale": "en", "name": "Municipal waste"}]}),
        )
        .await;
    assert!(
        made_private.status().is_success(),
        "{}",
        made_private.status()
    );
    let member = other.api_as(&anna);
    let mut seen = (Value::Null, Value::Null);
    for _ in 0..100 {
        seen = (
            member
                .get_json("/api/v1/discussions/topics?q=Shymkent")
                .await["total"]
                .clone(),
            visitor.get_json("/api/v1/discussions/topics").await["total"].clone(),
        );
        if seen == (json!(1), json!(0)) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(seen, (json!(1), json!(0)));
}

/// Visitors who are not signed in get pages and answers rendered once per change: a reply, a
/// reaction, a renamed member all show at once; members always get their own page.
async fn pages_kept_for_visitors_follow_every_change(app: TestApp) {
    let admin = app.member("Olga Organiser").await;
    let municipal = category(&app, &admin, "municipal-waste", false).await;
    let anna = app.member("Anna Schmidt").await;
    let boris = app.member("Boris Petrov").await;
    let (topic, _) = open(&app, &anna, municipal, "Separate collection in Taraz").await;
    let path = format!("/discussions/topics/{topic}");
    let api_path = format!("/api/v1/discussions/topics/{topic}");
    let visitor = app.browser();
    for _ in 0..2 {
        let html = visitor.get_html(&path).await;
        assert!(html.contains("Separate collection in Taraz"));
        assert!(!html.contains("Sorting stations"));
        assert_eq!(
            app.api().get_json(&api_path).await["posts"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
    let list = visitor.get_html("/discussions").await;
    assert!(!list.contains("Composting in Shymkent"));

    let replied = reply(
        &app,
        &boris,
        topic,
        "Sorting stations first, then containers.",
    )
    .await;
    let html = visitor.get_html(&path).await;
    assert!(html.contains("Sorting stations first"), "{html}");
    assert_eq!(
        app.api().get_json(&api_path).await["posts"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let reacted = app
        .api_as(&anna)
        .post(
            &format!("/api/v1/discussions/posts/{}/reactions", replied["id"]),
            &json!({"reaction": "thanks"}),
        )
        .await;
    assert_eq!(reacted.status(), StatusCode::NO_CONTENT);
    let html = visitor.get_html(&path).await;
    assert!(
        html.contains(r#"<span class="tag" title="Thanks">"#),
        "{html}"
    );
    let renamed = app
        .api_as(&boris)
        .patch("/api/v1/me", &json!({"name": "Boris Petrov-Weber"}))
        .await;
    assert!(renamed.status().is_success());
    assert!(visitor.get_html(&path).await.contains("Boris Petrov-Weber"));
    open(&app, &anna, municipal, "Composting in Shymkent").await;
    assert!(
        visitor
            .get_html("/discussions")
            .await
            .contains("Composting in Shymkent")
    );
    // In Russian, another entry: the category's Russian name.
    let russian = app.api().with_lang("ru");
    let in_russian = russian.get_json(&api_path).await;
    assert_eq!(
        in_russian["category"]["name"], "municipal-waste (ru)",
        "{in_russian}"
    );
    // A member gets the reply form, never the visitors' page.
    let member = app.browser();
    member.login(&anna.email, common::PASSWORD).await;
    let html = member.get_html(&path).await;
    assert!(html.contains(r#"id="reply-body""#));
}
