//! Members over HTTP: the own profile (API and form), contact-detail visibility, contact
//! requests and their notifications, the directory, organisations and profile photos.

use crate::common;

use std::collections::BTreeSet;
use std::io::Cursor;

use common::{Api, Browser, PASSWORD, TestApp, TestMember, assert_error, location};
use image::{ImageFormat, RgbImage};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    profile_via_api_round_trips,
    invalid_profile_changes_are_refused_and_change_nothing,
    contact_details_follow_visibility,
    contact_requests_notify_both_sides,
    contacts_and_notifications_through_pages,
    declining_removing_and_refusing_contacts,
    notification_email_settings,
    directory_pages_searches_and_filters,
    organisations_list_their_members,
    large_organisations_list_every_member,
    expertise_changes_reach_profiles_and_search,
    photos_are_resized_and_stripped,
    phone_photos_keep_their_orientation,
    photo_upload_through_the_form,
    profile_form_keeps_input_and_saves,
    members_change_only_their_own_profile,
    markup_in_profiles_is_escaped_everywhere,
    organisations_are_edited_by_their_members_and_admins,
    organisations_cannot_be_taken_over,
    contact_requests_cannot_flood_a_member,
    contact_requests_are_capped_per_day,
    decompression_bombs_are_refused,
    roles_are_shown_to_members_only,
);

// Helpers.

async fn patch_me(app: &TestApp, member: &TestMember, body: Value) -> Value {
    let response = app.api_as(member).patch("/api/v1/me", &body).await;
    let status = response.status();
    let json: Value = response.json().await.expect("JSON");
    assert_eq!(status, StatusCode::OK, "PATCH /api/v1/me {body}: {json}");
    json
}

/// A member's own profile without the field that moves with the clock.
async fn me_snapshot(app: &TestApp, member: &TestMember) -> Value {
    let mut me = app.api_as(member).get_json("/api/v1/me").await;
    me.as_object_mut().unwrap().remove("local_time");
    me
}

fn codes(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|x| x["code"].as_str().unwrap().to_string())
        .collect()
}

fn contact_kinds(profile: &Value) -> BTreeSet<String> {
    profile["contacts"]
        .as_array()
        .expect("contacts")
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_string())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn query(pairs: &[(&str, &str)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        serializer.append_pair(key, value);
    }
    serializer.finish()
}

async fn directory(api: &Api, pairs: &[(&str, &str)]) -> Value {
    api.get_json(&format!("/api/v1/members?{}", query(pairs)))
        .await
}

fn item_names(page: &Value) -> BTreeSet<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_string())
        .collect()
}

/// The names a search finds, checking that the total agrees.
async fn found(api: &Api, pairs: &[(&str, &str)]) -> BTreeSet<String> {
    let page = directory(api, pairs).await;
    let names = item_names(&page);
    assert_eq!(page["total"], names.len() as i64, "{pairs:?}: {page}");
    names
}

async fn logged_in(app: &TestApp, member: &TestMember) -> Browser {
    let browser = app.browser();
    browser.login(&member.email, PASSWORD).await;
    browser
}

fn is_hh_mm(text: &str) -> bool {
    regex::Regex::new(r"^([01]\d|2[0-3]):[0-5]\d$")
        .unwrap()
        .is_match(text)
}

fn now_in(zone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(zone).unwrap();
    jiff::Timestamp::now()
        .to_zoned(tz)
        .strftime("%H:%M")
        .to_string()
}

fn encode(image: &RgbImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    encode(&image, ImageFormat::Png)
}

/// A PNG of random pixels, which hardly compresses: about 3 bytes a pixel.
fn noisy_png(width: u32, height: u32) -> Vec<u8> {
    let mut seed: u32 = 0x9E37_79B9;
    let image = RgbImage::from_fn(width, height, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let [a, b, c, _] = seed.to_le_bytes();
        image::Rgb([a, b, c])
    });
    encode(&image, ImageFormat::Png)
}

/// A JPEG with an APP1 "Exif" segment right after the SOI marker that carries `secret`.
fn jpeg_with_exif(secret: &str) -> Vec<u8> {
    let image = RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x % 200) as u8, (y % 200) as u8, 40])
    });
    let jpeg = encode(&image, ImageFormat::Jpeg);
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "starts with SOI");
    let mut payload = b"Exif\0\0".to_vec();
    // A little-endian TIFF header pointing at an empty first IFD, then the secret.
    payload.extend_from_slice(b"II*\0\x08\0\0\0\0\0\0\0\0\0");
    payload.extend_from_slice(secret.as_bytes());
    let length = u16::try_from(payload.len() + 2).unwrap();
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

async fn put_photo(app: &TestApp, member: &TestMember, bytes: Vec<u8>) -> reqwest::Response {
    app.api_as(member)
        .request(reqwest::Method::PUT, "/api/v1/me/photo")
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .expect("request")
}

fn full_profile() -> Value {
    json!({
        "name": "Aigerim Nurlanovna",
        "position": "Head of recycling",
        "organisation_name": "Steppe Recycling LLP",
        "organisation_kind": "company",
        "country": "KZ",
        "city": "Almaty",
        "languages": ["ru", "kk"],
        "expertise": ["recycling", "landfill"],
        "bio": "We **sort** what Almaty throws away.\n\n<script>alert('x')</script>\n\n\
                [our plant](javascript:alert(1)) and [our site](https://steppe.kz)",
        "timezone": "Asia/Almaty",
        "contacts": [
            {"kind": "email", "value": "aigerim@steppe.kz", "visibility": "members"},
            {"kind": "phone", "value": "+7 (727) 123-45-67", "visibility": "contacts"},
            {"kind": "website", "value": "https://steppe.kz", "visibility": "public"}
        ]
    })
}

// 1. The own profile through the API.

async fn profile_via_api_round_trips(app: TestApp) {
    let aigerim = app.member("Aigerim").await;
    let expertise = app.api().get_json("/api/v1/expertise").await;
    let slugs: BTreeSet<&str> = expertise
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["slug"].as_str().unwrap())
        .collect();
    assert!(
        slugs.contains("recycling") && slugs.contains("landfill"),
        "{expertise}"
    );

    let answer = patch_me(&app, &aigerim, full_profile()).await;
    assert_eq!(
        answer["name"], "Aigerim Nurlanovna",
        "PATCH answers the new profile"
    );

    let me = app.api_as(&aigerim).get_json("/api/v1/me").await;
    assert_eq!(me["id"], aigerim.id);
    let local_time = me["local_time"].as_str().unwrap();
    assert!(is_hh_mm(local_time), "{local_time}");
    // The whole shape of one's own profile, the same on both databases.
    insta::assert_json_snapshot!("own_profile", me, {
        ".id" => "[member]",
        ".organisation.id" => "[organisation]",
        ".local_time" => "[hh:mm]",
    });
    assert!(
        me["bio"].as_str().unwrap().contains("**sort**"),
        "the source is kept"
    );
    let bio_html = me["bio_html"].as_str().unwrap();
    assert!(bio_html.contains("<strong>sort</strong>"), "{bio_html}");
    assert!(
        bio_html.contains("href=\"https://steppe.kz\""),
        "{bio_html}"
    );
    assert!(!bio_html.contains("<script"), "{bio_html}");
    assert!(!bio_html.contains("javascript:"), "{bio_html}");
    assert_eq!(contact_kinds(&me), set(&["email", "phone", "website"]));
    for contact in me["contacts"].as_array().unwrap() {
        let expected = match contact["kind"].as_str().unwrap() {
            "email" => ("aigerim@steppe.kz", "members"),
            "phone" => ("+7 (727) 123-45-67", "contacts"),
            _ => ("https://steppe.kz/", "public"),
        };
        assert_eq!(
            (
                contact["value"].as_str().unwrap(),
                contact["visibility"].as_str().unwrap()
            ),
            expected
        );
    }

    // The organisation was created with its kind.
    let organisations = app.api().get_json("/api/v1/organisations").await;
    let steppe = organisations["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Steppe Recycling LLP")
        .expect("the organisation exists");
    assert_eq!(steppe["kind"], "company");
    assert_eq!(steppe["members"], 1);
    assert_eq!(steppe["id"], me["organisation"]["id"]);

    // Fields left out stay as they are.
    let before = me_snapshot(&app, &aigerim).await;
    patch_me(&app, &aigerim, json!({"city": "Astana"})).await;
    let mut after = me_snapshot(&app, &aigerim).await;
    assert_eq!(after["city"], "Astana");
    after["city"] = before["city"].clone();
    assert_eq!(after, before, "only the city changed");

    // Empty values clear.
    patch_me(
        &app,
        &aigerim,
        json!({"country": "", "organisation_name": "", "languages": [], "contacts": []}),
    )
    .await;
    let cleared = app.api_as(&aigerim).get_json("/api/v1/me").await;
    assert!(cleared["country"].is_null(), "{cleared}");
    assert!(cleared["organisation"].is_null(), "{cleared}");
    assert_eq!(cleared["languages"], json!([]));
    assert_eq!(cleared["contacts"], json!([]));
    assert_eq!(
        codes(&cleared["expertise"]),
        set(&["landfill", "recycling"])
    );
}

async fn invalid_profile_changes_are_refused_and_change_nothing(app: TestApp) {
    let aigerim = app.member("Aigerim").await;
    patch_me(&app, &aigerim, full_profile()).await;
    let before = me_snapshot(&app, &aigerim).await;
    let organisations_before = app.api().get_json("/api/v1/organisations").await;
    let website =
        |value: &str| json!([{"kind": "website", "value": value, "visibility": "public"}]);

    let cases = [
        (json!({"country": "XX"}), "country_unknown", "country"),
        (
            json!({"timezone": "Mars/Olympus"}),
            "timezone_unknown",
            "timezone",
        ),
        (json!({"timezone": ""}), "timezone_unknown", "timezone"),
        (
            json!({"expertise": ["recycling", "alchemy"]}),
            "expertise_unknown",
            "expertise",
        ),
        (
            json!({"languages": ["ru", "xx"]}),
            "language_unknown",
            "languages",
        ),
        (
            json!({"position": "p".repeat(101)}),
            "text_too_long",
            "position",
        ),
        (json!({"bio": "б".repeat(5001)}), "bio_too_long", "bio"),
        (
            json!({"contacts": website("javascript:alert(1)")}),
            "contact_invalid",
            "contact_website",
        ),
        (
            json!({"organisation_name": "Brand New Recycling GmbH"}),
            "organisation_kind_missing",
            "organisation_kind",
        ),
        (
            json!({"organisation_id": 999_999}),
            "organisation_unknown",
            "organisation_id",
        ),
        // Valid fields beside an invalid one are not stored either, nor is a new
        // organisation named in the same request.
        (
            json!({
                "name": "Someone Else",
                "city": "Berlin",
                "organisation_name": "Ghost Organisation GmbH",
                "organisation_kind": "company",
                "contacts": website("javascript:alert(1)"),
            }),
            "contact_invalid",
            "contact_website",
        ),
        (
            json!({
                "organisation_name": "Phantom Recycling AG",
                "organisation_kind": "company",
                "expertise": ["alchemy"],
            }),
            "expertise_unknown",
            "expertise",
        ),
    ];
    for (body, code, field) in cases {
        let response = app.api_as(&aigerim).patch("/api/v1/me", &body).await;
        let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, code).await;
        assert_eq!(error["field"], field, "{body}: {error}");
    }
    // The bio limit counts characters, not bytes: 5000 Cyrillic letters are fine.
    let long_bio = "б".repeat(5000);
    patch_me(&app, &aigerim, json!({"bio": long_bio})).await;
    patch_me(&app, &aigerim, json!({"bio": before["bio"]})).await;

    assert_eq!(me_snapshot(&app, &aigerim).await, before, "nothing changed");
    assert_eq!(
        app.api().get_json("/api/v1/organisations").await,
        organisations_before,
        "no organisation was created by a refused change"
    );
    // Messages follow the request's language.
    let response = app
        .api_as(&aigerim)
        .with_lang("de")
        .patch("/api/v1/me", &json!({"country": "XX"}))
        .await;
    let de = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "country_unknown",
    )
    .await;
    let response = app
        .api_as(&aigerim)
        .patch("/api/v1/me", &json!({"country": "XX"}))
        .await;
    let en = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "country_unknown",
    )
    .await;
    assert_ne!(de["message"], en["message"]);
}

// 2. Who sees which contact detail.

async fn contact_details_follow_visibility(app: TestApp) {
    let _admin = app.member("Admin").await;
    let aigerim = app.member("Aigerim").await;
    let boris = app.member("Boris").await;
    patch_me(&app, &aigerim, full_profile()).await;
    let path = format!("/api/v1/members/{}", aigerim.id);
    let page = format!("/members/{}", aigerim.id);

    let anonymous = app.api().get_json(&path).await;
    assert_eq!(contact_kinds(&anonymous), set(&["website"]));
    assert!(anonymous["contact_state"].is_null());
    let as_boris = app.api_as(&boris).get_json(&path).await;
    assert_eq!(contact_kinds(&as_boris), set(&["email", "website"]));
    assert_eq!(as_boris["contact_state"], "none");
    let as_herself = app.api_as(&aigerim).get_json(&path).await;
    assert_eq!(
        contact_kinds(&as_herself),
        set(&["email", "phone", "website"])
    );

    let html = app.browser().get_html(&page).await;
    assert!(html.contains("Aigerim Nurlanovna"));
    assert!(html.contains("https://steppe.kz/"), "website is public");
    assert!(!html.contains("aigerim@steppe.kz"), "email is for members");
    assert!(!html.contains("123-45-67"), "phone is for contacts");
    let boris_browser = logged_in(&app, &boris).await;
    let html = boris_browser.get_html(&page).await;
    assert!(html.contains("https://steppe.kz/"));
    assert!(html.contains("aigerim@steppe.kz"));
    assert!(!html.contains("123-45-67"));

    // Boris asks, Aigerim accepts: now they are contacts.
    let response = app
        .api_as(&boris)
        .post("/api/v1/contacts", &json!({"member_id": aigerim.id}))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let request: Value = response.json().await.unwrap();
    assert_eq!(request["state"], "sent");
    let pending = app.api_as(&boris).get_json(&path).await;
    assert_eq!(
        contact_kinds(&pending),
        set(&["email", "website"]),
        "a request is not enough"
    );
    let response = app
        .api_as(&aigerim)
        .post(
            &format!("/api/v1/contacts/{}/accept", request["id"]),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    let as_contact = app.api_as(&boris).get_json(&path).await;
    assert_eq!(
        contact_kinds(&as_contact),
        set(&["email", "phone", "website"])
    );
    assert_eq!(as_contact["contact_state"], "contacts");
    let html = boris_browser.get_html(&page).await;
    assert!(html.contains("123-45-67"));
    assert!(
        html.contains("href=\"tel:+77271234567\""),
        "phone links dial"
    );
    assert!(html.contains("aigerim@steppe.kz"));
    // Still nothing more for the public.
    let anonymous = app.api().get_json(&path).await;
    assert_eq!(contact_kinds(&anonymous), set(&["website"]));
    let html = app.browser().get_html(&page).await;
    assert!(!html.contains("123-45-67") && !html.contains("aigerim@steppe.kz"));
}

// 3. Contact requests and notifications.

async fn notifications_of(app: &TestApp, member: &TestMember) -> Value {
    app.api_as(member).get_json("/api/v1/notifications").await
}

async fn contact_requests_notify_both_sides(app: TestApp) {
    let _admin = app.member("Admin").await;
    let asel = app.member("Asel").await;
    let boris = app.member("Boris").await;
    let carla = app.member("Carla").await;
    assert_eq!(notifications_of(&app, &asel).await["unread"], 0);

    let response = app
        .api_as(&boris)
        .post(
            "/api/v1/contacts",
            &json!({"member_id": asel.id, "message": "Let us talk about sorting"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let request: Value = response.json().await.unwrap();
    let request_id = request["id"].as_i64().unwrap();

    let list = notifications_of(&app, &asel).await;
    assert_eq!(list["unread"], 1, "{list}");
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{list}");
    assert_eq!(items[0]["kind"], "contact_request");
    assert_eq!(items[0]["actor_id"], boris.id);
    assert_eq!(items[0]["read"], false);
    assert!(
        items[0]["text"].as_str().unwrap().contains("Boris"),
        "{list}"
    );
    let unread = app
        .api_as(&asel)
        .get_json("/api/v1/notifications/unread")
        .await;
    assert_eq!(unread, json!({"unread": 1}));
    assert_eq!(notifications_of(&app, &boris).await["unread"], 0);

    // The header badge shows the count.
    let browser = logged_in(&app, &asel).await;
    let html = browser.get_html("/members").await;
    assert!(html.contains("id=\"unread-badge\">1</span>"), "{html}");

    // Both sides see the pending request.
    let contacts = app.api_as(&asel).get_json("/api/v1/contacts").await;
    assert_eq!(
        contacts["incoming"].as_array().unwrap().len(),
        1,
        "{contacts}"
    );
    assert_eq!(contacts["incoming"][0]["id"], request_id);
    assert_eq!(
        contacts["incoming"][0]["member"]["code"],
        boris.id.to_string()
    );
    assert_eq!(
        contacts["incoming"][0]["message"],
        "Let us talk about sorting"
    );
    let contacts = app.api_as(&boris).get_json("/api/v1/contacts").await;
    assert_eq!(contacts["outgoing"][0]["id"], request_id, "{contacts}");
    let html = browser.get_html("/contacts").await;
    assert!(html.contains("Let us talk about sorting"));
    assert!(html.contains(&format!("/contacts/{request_id}/accept")));

    // Asking again changes nothing and notifies no one twice.
    let again = app
        .api_as(&boris)
        .post("/api/v1/contacts", &json!({"member_id": asel.id}))
        .await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.json::<Value>().await.unwrap()["id"], request_id);
    assert_eq!(notifications_of(&app, &asel).await["unread"], 1);

    // Nobody but the addressee may answer.
    let accept = format!("/api/v1/contacts/{request_id}/accept");
    for intruder in [&carla, &boris] {
        let response = app.api_as(intruder).post(&accept, &json!({})).await;
        assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    }
    let response = app
        .api_as(&carla)
        .post(
            &format!("/api/v1/contacts/{request_id}/decline"),
            &json!({}),
        )
        .await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(
        app.api_as(&boris)
            .get_json(&format!("/api/v1/members/{}", asel.id))
            .await["contact_state"],
        "sent"
    );

    let response = app.api_as(&asel).post(&accept, &json!({})).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app.api_as(&asel).post(&accept, &json!({})).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;

    let list = notifications_of(&app, &boris).await;
    assert_eq!(list["unread"], 1, "{list}");
    assert_eq!(list["items"][0]["kind"], "contact_accepted");
    assert_eq!(list["items"][0]["actor_id"], asel.id);
    assert_eq!(list["items"][0]["link"], format!("/members/{}", asel.id));

    // Asking when already contacts, in either direction, is a conflict.
    for (from, to) in [(&boris, &asel), (&asel, &boris)] {
        let response = app
            .api_as(from)
            .post("/api/v1/contacts", &json!({"member_id": to.id}))
            .await;
        assert_error(response, StatusCode::CONFLICT, "contact_exists").await;
    }
    let response = app
        .api_as(&asel)
        .post("/api/v1/contacts", &json!({"member_id": asel.id}))
        .await;
    let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "contact_self").await;
    assert_eq!(error["field"], "member_id");
    let response = app
        .api_as(&asel)
        .post("/api/v1/contacts", &json!({"member_id": 999_999}))
        .await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;

    // Reading clears the count and the badge.
    let response = app
        .api_as(&asel)
        .post("/api/v1/notifications/read", &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let list = notifications_of(&app, &asel).await;
    assert_eq!(list["unread"], 0);
    assert_eq!(list["items"][0]["read"], true);
    let html = browser.get_html("/members").await;
    assert!(!html.contains("unread-badge"), "no badge without unread");
    // One member's reading does not touch another's notifications.
    assert_eq!(notifications_of(&app, &boris).await["unread"], 1);
    let response = app
        .api_as(&boris)
        .post(
            "/api/v1/notifications/read",
            &json!({"ids": [list["items"][0]["id"]]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        notifications_of(&app, &boris).await["unread"],
        1,
        "ids of another member's notifications are ignored"
    );
}

async fn contacts_and_notifications_through_pages(app: TestApp) {
    let _admin = app.member("Admin").await;
    let asel = app.member("Asel").await;
    let boris = app.member("Boris").await;
    let asel_page = format!("/members/{}", asel.id);
    let request_form = format!("action=\"/members/{}/contact\"", asel.id);

    let boris_browser = logged_in(&app, &boris).await;
    let html = boris_browser.get_html(&asel_page).await;
    assert!(html.contains(&request_form), "a contact request form");
    let response = boris_browser
        .submit(
            &format!("/members/{}/contact", asel.id),
            &[("message", "Salem, Asel!")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        format!("{asel_page}?notice=contact-sent")
    );
    let html = boris_browser.get_html(&asel_page).await;
    assert!(!html.contains(&request_form), "no second request form");

    let asel_browser = logged_in(&app, &asel).await;
    let html = asel_browser.get_html("/notifications").await;
    assert!(
        html.contains("Boris") && html.contains("class=\"unread\""),
        "{html}"
    );
    let html = asel_browser.get_html("/contacts").await;
    assert!(html.contains("Salem, Asel!"));
    let request_id = app.api_as(&asel).get_json("/api/v1/contacts").await["incoming"][0]["id"]
        .as_i64()
        .unwrap();
    // A form without its CSRF field does nothing.
    let response = asel_browser
        .client
        .post(asel_browser.url(&format!("/contacts/{request_id}/accept")))
        .form(&[("x", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = asel_browser
        .submit(&format!("/contacts/{request_id}/accept"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/contacts?notice=contact-accepted");
    let html = asel_browser.get_html("/contacts").await;
    assert!(html.contains("id=\"contacts\"") && html.contains(&format!("/members/{}", boris.id)));

    // Opening a notification reads it and follows its link; only its owner may.
    let list = notifications_of(&app, &boris).await;
    let id = list["items"][0]["id"].as_i64().unwrap();
    let response = asel_browser.get(&format!("/notifications/{id}/open")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(notifications_of(&app, &boris).await["unread"], 1);
    let response = boris_browser
        .get(&format!("/notifications/{id}/open"))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), asel_page);
    assert_eq!(notifications_of(&app, &boris).await["unread"], 0);

    let response = asel_browser.submit("/notifications/read", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(notifications_of(&app, &asel).await["unread"], 0);

    let response = asel_browser
        .submit(&format!("/contacts/remove/{}", boris.id), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.api_as(&boris).get_json("/api/v1/contacts").await["contacts"],
        json!([])
    );

    // Email settings through the form.
    let html = asel_browser.get_html("/settings/notifications").await;
    assert!(html.contains("value=\"contact_request\" checked"), "{html}");
    let response = asel_browser
        .submit("/settings/notifications", &[("email", "contact_accepted")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.api_as(&asel)
            .get_json("/api/v1/me/notification-settings")
            .await,
        json!({"email": ["contact_accepted"], "digest": "each"})
    );
    let html = asel_browser.get_html("/settings/notifications").await;
    assert!(!html.contains("value=\"contact_request\" checked"));
    assert!(html.contains("value=\"contact_accepted\" checked"));
}

async fn declining_removing_and_refusing_contacts(app: TestApp) {
    let _admin = app.member("Admin").await;
    let asel = app.member("Asel").await;
    let boris = app.member("Boris").await;
    let carla = app.member("Carla").await;

    // Carla asks, Asel declines.
    let response = app
        .api_as(&carla)
        .post("/api/v1/contacts", &json!({"member_id": asel.id}))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let request_id = response.json::<Value>().await.unwrap()["id"].clone();
    let response = app
        .api_as(&asel)
        .post(
            &format!("/api/v1/contacts/{request_id}/decline"),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let contacts = app.api_as(&asel).get_json("/api/v1/contacts").await;
    assert_eq!(
        contacts,
        json!({"incoming": [], "outgoing": [], "contacts": []})
    );
    let contacts = app.api_as(&carla).get_json("/api/v1/contacts").await;
    assert_eq!(contacts["outgoing"], json!([]));
    let view = app
        .api_as(&carla)
        .get_json(&format!("/api/v1/members/{}", asel.id))
        .await;
    assert_eq!(view["contact_state"], "none");
    assert!(!contact_kinds(&view).contains("phone"));
    assert_eq!(
        notifications_of(&app, &carla).await["unread"],
        0,
        "no news of a refusal"
    );
    // A declined request cannot be accepted afterwards.
    let response = app
        .api_as(&asel)
        .post(&format!("/api/v1/contacts/{request_id}/accept"), &json!({}))
        .await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;

    // Boris and Asel become contacts, then Asel removes Boris.
    let response = app
        .api_as(&boris)
        .post("/api/v1/contacts", &json!({"member_id": asel.id}))
        .await;
    let request_id = response.json::<Value>().await.unwrap()["id"].clone();
    let response = app
        .api_as(&asel)
        .post(&format!("/api/v1/contacts/{request_id}/accept"), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let contacts = app.api_as(&boris).get_json("/api/v1/contacts").await;
    assert_eq!(
        contacts["contacts"][0]["member"]["code"],
        asel.id.to_string()
    );

    let remove = format!("/api/v1/contacts/members/{}", boris.id);
    let response = app.api_as(&asel).delete(&remove).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app.api_as(&asel).delete(&remove).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    let contacts = app.api_as(&boris).get_json("/api/v1/contacts").await;
    assert_eq!(contacts["contacts"], json!([]));
    let view = app
        .api_as(&boris)
        .get_json(&format!("/api/v1/members/{}", asel.id))
        .await;
    assert_eq!(view["contact_state"], "none");
    // They may start again.
    let response = app
        .api_as(&boris)
        .post("/api/v1/contacts", &json!({"member_id": asel.id}))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.json::<Value>().await.unwrap()["state"], "sent");

    // Asking someone who already asked you accepts their request.
    let response = app
        .api_as(&asel)
        .post("/api/v1/contacts", &json!({"member_id": boris.id}))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.json::<Value>().await.unwrap()["state"], "contacts");

    // Anonymous callers are refused.
    let response = app
        .api()
        .post("/api/v1/contacts", &json!({"member_id": asel.id}))
        .await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

async fn notification_email_settings(app: TestApp) {
    let asel = app.member("Asel").await;
    let api = app.api_as(&asel);
    let path = "/api/v1/me/notification-settings";
    let initial = api.get_json(path).await;
    let kinds: BTreeSet<&str> = initial["email"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert!(
        kinds.contains("contact_request") && kinds.contains("contact_accepted"),
        "every kind is mailed by default: {initial}"
    );

    let response = api.put(path, &json!({"email": []})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        api.get_json(path).await,
        json!({"email": [], "digest": "each"})
    );

    let response = api
        .put(
            path,
            &json!({"email": ["contact_request"], "digest": "each"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        api.get_json(path).await,
        json!({"email": ["contact_request"], "digest": "each"})
    );

    let response = api.put(path, &json!({"email": ["carrier_pigeon"]})).await;
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(
        api.get_json(path).await,
        json!({"email": ["contact_request"], "digest": "each"})
    );

    let response = app.api().get(path).await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

// 4. The directory.

struct Profile {
    register_as: String,
    body: Value,
}

fn directory_profiles() -> Vec<Profile> {
    let mut profiles = vec![
        Profile {
            register_as: "Oelcer".into(),
            body: json!({
                "name": "Ölçer Yılmaz", "country": "DE", "city": "Köln",
                "languages": ["de", "tr"], "expertise": ["sorting"],
                "organisation_name": "Rhein Sort GmbH", "organisation_kind": "company",
                "timezone": "Europe/Berlin",
            }),
        },
        Profile {
            register_as: "Dana".into(),
            body: json!({
                "name": "Dana Seitkali", "country": "KZ", "city": "Алматы",
                "languages": ["ru", "kk"], "expertise": ["recycling"],
                "organisation_name": "Taza Qala", "organisation_kind": "ngo",
                "timezone": "Asia/Almaty",
            }),
        },
        Profile {
            register_as: "Jonas".into(),
            body: json!({
                "name": "Jonas Weber", "country": "DE", "city": "Berlin",
                "languages": ["de", "en"], "expertise": ["landfill"],
                "organisation_name": "Berliner Stadtreinigung", "organisation_kind": "public_body",
                "bio": "Kreislaufwirtschaft ist unsere Zukunft.",
                "timezone": "Europe/Berlin",
            }),
        },
        Profile {
            register_as: "Nurlan".into(),
            body: json!({
                "name": "Nurlan Abenov", "country": "KZ", "city": "Astana",
                "languages": ["kk", "ru", "en"], "expertise": ["landfill", "waste-collection"],
                "organisation_name": "EcoNur", "organisation_kind": "ngo",
                "bio": "Landfill remediation projects across the steppe.",
                "timezone": "Asia/Almaty",
            }),
        },
        Profile {
            register_as: "Irina".into(),
            body: json!({
                "name": "Ирина Петрова", "country": "KZ", "city": "Караганда",
                "languages": ["ru"], "expertise": ["composting"],
                "bio": "Компостирование в больших городах.",
            }),
        },
        Profile {
            register_as: "Bolat".into(),
            body: json!({
                "name": "Bolat Blocked", "country": "KZ", "city": "Алматы",
                "languages": ["kk"], "expertise": ["recycling", "landfill"],
                "organisation_name": "Rhein Sort GmbH",
                "bio": "Kreislaufwirtschaft too.",
            }),
        },
    ];
    for n in 1..=18 {
        profiles.push(Profile {
            register_as: format!("Filler {n:02}"),
            body: json!({
                "country": "AT", "city": "Wien", "languages": ["de"],
                "position": "Engineer", "timezone": "Europe/Vienna",
            }),
        });
    }
    profiles
}

async fn directory_pages_searches_and_filters(app: TestApp) {
    let admin = app.member("Admin Root").await;
    let mut by_name = std::collections::HashMap::new();
    for profile in directory_profiles() {
        let member = app.member(&profile.register_as).await;
        let me = patch_me(&app, &member, profile.body).await;
        by_name.insert(me["name"].as_str().unwrap().to_string(), member);
    }
    assert_eq!(by_name.len(), 24);
    let api = app.api();
    let everyone = directory(&api, &[]).await;
    assert_eq!(everyone["total"], 25, "{everyone}");

    // Blocked and pending members are not listed.
    let bolat = &by_name["Bolat Blocked"];
    let response = app
        .api_as(&admin)
        .patch(
            &format!("/api/v1/admin/members/{}", bolat.id),
            &json!({"status": "blocked"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app
        .api_as(&admin)
        .put(
            "/api/v1/admin/settings",
            &json!({"registration_mode": "approval"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = api
        .post(
            "/api/v1/auth/register",
            &json!({"email": "pending@circula.test", "password": PASSWORD, "name": "Pending Person"}),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::ACCEPTED,
        "waits for approval"
    );
    let pending_id = app
        .api_as(&admin)
        .get_json("/api/v1/admin/members?status=pending")
        .await[0]["id"]
        .clone();

    // Pagination: 24 listed, 20 on the first page and the rest on the second.
    let first = directory(&api, &[]).await;
    assert_eq!(first["total"], 24, "{first}");
    assert_eq!(first["page"], 1);
    assert_eq!(first["per_page"], 20);
    assert_eq!(first["items"].as_array().unwrap().len(), 20);
    let second = directory(&api, &[("page", "2")]).await;
    assert_eq!(second["total"], 24, "the total does not depend on the page");
    assert_eq!(second["page"], 2);
    assert_eq!(second["items"].as_array().unwrap().len(), 4);
    let third = directory(&api, &[("page", "3")]).await;
    assert_eq!(third["items"], json!([]));
    assert_eq!(third["total"], 24);
    let ids: Vec<i64> = [&first, &second]
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap().iter())
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    let unique: BTreeSet<i64> = ids.iter().copied().collect();
    assert_eq!(unique.len(), 24, "no member appears twice");
    assert!(!unique.contains(&bolat.id), "blocked members are hidden");
    assert!(
        !unique.contains(&pending_id.as_i64().unwrap()),
        "pending members are hidden"
    );
    assert!(unique.contains(&admin.id));

    // Every entry has a local time and its zone.
    for entry in first["items"].as_array().unwrap() {
        assert!(entry["timezone"].is_string(), "{entry}");
        assert!(is_hh_mm(entry["local_time"].as_str().unwrap()), "{entry}");
    }
    let before = now_in("Asia/Almaty");
    let dana = directory(&api, &[("q", "Dana")]).await;
    let after = now_in("Asia/Almaty");
    assert_eq!(dana["items"][0]["timezone"], "Asia/Almaty");
    let local = dana["items"][0]["local_time"].as_str().unwrap();
    assert!(
        local == before || local == after,
        "{local} is Almaty time ({before})"
    );
    assert_eq!(dana["items"][0]["country"], "KZ");
    assert_eq!(dana["items"][0]["organisation"]["name"], "Taza Qala");
    assert_eq!(codes(&dana["items"][0]["expertise"]), set(&["recycling"]));

    // Search ignores case, in Cyrillic and Latin scripts.
    for q in ["алматы", "АЛМАТЫ", "Алматы"] {
        assert_eq!(
            found(&api, &[("q", q)]).await,
            set(&["Dana Seitkali"]),
            "{q}"
        );
    }
    for q in ["ölçer", "ÖLÇER"] {
        assert_eq!(
            found(&api, &[("q", q)]).await,
            set(&["Ölçer Yılmaz"]),
            "{q}"
        );
    }
    for q in ["kreislaufwirtschaft", "KREISLAUFWIRTSCHAFT"] {
        assert_eq!(found(&api, &[("q", q)]).await, set(&["Jonas Weber"]), "{q}");
    }
    assert_eq!(
        found(&api, &[("q", "ирина")]).await,
        set(&["Ирина Петрова"])
    );
    // Words combine with AND.
    assert_eq!(
        found(&api, &[("q", "landfill astana")]).await,
        set(&["Nurlan Abenov"])
    );
    assert_eq!(
        found(&api, &[("q", "landfill")]).await,
        set(&["Nurlan Abenov", "Jonas Weber"])
    );
    assert_eq!(found(&api, &[("q", "landfill köln")]).await, set(&[]));
    // Organisation names, expertise in every language, bio words.
    assert_eq!(
        found(&api, &[("q", "stadtreinigung")]).await,
        set(&["Jonas Weber"])
    );
    assert_eq!(
        found(&api, &[("q", "rhein sort")]).await,
        set(&["Ölçer Yılmaz"])
    );
    assert_eq!(
        found(&api, &[("q", "Переработка")]).await,
        set(&["Dana Seitkali"])
    );
    assert_eq!(
        found(&api, &[("q", "қайта өңдеу")]).await,
        set(&["Dana Seitkali"])
    );
    assert_eq!(
        found(&api, &[("q", "Deponie")]).await,
        set(&["Nurlan Abenov", "Jonas Weber"])
    );
    assert_eq!(
        found(&api, &[("q", "remediation")]).await,
        set(&["Nurlan Abenov"])
    );
    assert_eq!(
        found(&api, &[("q", "городах")]).await,
        set(&["Ирина Петрова"])
    );
    // Account emails and contact details are not searchable.
    assert_eq!(found(&api, &[("q", "circula.test")]).await, set(&[]));
    // LIKE wildcards are plain characters.
    for q in ["%", "_", "\\"] {
        assert_eq!(found(&api, &[("q", q)]).await, set(&[]), "{q}");
    }

    // Filters.
    assert_eq!(
        found(&api, &[("country", "DE")]).await,
        set(&["Ölçer Yılmaz", "Jonas Weber"])
    );
    assert_eq!(
        found(&api, &[("country", "de")]).await,
        set(&["Ölçer Yılmaz", "Jonas Weber"])
    );
    assert_eq!(
        found(&api, &[("expertise", "landfill")]).await,
        set(&["Nurlan Abenov", "Jonas Weber"])
    );
    assert_eq!(
        found(&api, &[("language", "kk")]).await,
        set(&["Nurlan Abenov", "Dana Seitkali"])
    );
    assert_eq!(
        found(&api, &[("org_type", "company")]).await,
        set(&["Ölçer Yılmaz"])
    );
    assert_eq!(
        found(&api, &[("org_type", "ngo")]).await,
        set(&["Nurlan Abenov", "Dana Seitkali"])
    );
    assert_eq!(
        found(&api, &[("country", "KZ"), ("expertise", "landfill")]).await,
        set(&["Nurlan Abenov"])
    );
    assert_eq!(
        found(&api, &[("q", "astana"), ("language", "tr")]).await,
        set(&[]),
        "filters and words combine"
    );
    let wien = directory(&api, &[("country", "AT")]).await;
    assert_eq!(wien["total"], 18);
    assert_eq!(
        directory(&api, &[("country", "AT"), ("page", "1")]).await["items"]
            .as_array()
            .unwrap()
            .len(),
        18
    );
    let empty_filters = directory(
        &api,
        &[
            ("q", ""),
            ("country", ""),
            ("org_type", ""),
            ("language", ""),
            ("expertise", ""),
        ],
    )
    .await;
    assert_eq!(empty_filters["total"], 24, "empty filters are no filters");

    // Invalid filter values.
    for (pairs, code, field) in [
        (vec![("country", "XX")], "country_unknown", "country"),
        (vec![("page", "0")], "page_invalid", "page"),
        (vec![("page", "-1")], "page_invalid", "page"),
        (vec![("page", "two")], "page_invalid", "page"),
        (vec![("org_type", "x")], "org_type_unknown", "org_type"),
        (vec![("language", "xx")], "language_unknown", "languages"),
        (
            vec![("expertise", "alchemy")],
            "expertise_unknown",
            "expertise",
        ),
    ] {
        let response = api.get(&format!("/api/v1/members?{}", query(&pairs))).await;
        let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, code).await;
        assert_eq!(error["field"], field, "{pairs:?}");
    }

    // The profile of a blocked member is gone too.
    let response = api.get(&format!("/api/v1/members/{}", bolat.id)).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;

    // The HTML directory shows the same.
    let browser = app.browser();
    let html = browser
        .get_html(&format!("/members?{}", query(&[("q", "АЛМАТЫ")])))
        .await;
    assert!(html.contains("id=\"result-count\">1 member</p>"), "{html}");
    assert!(html.contains("Dana Seitkali"));
    assert!(!html.contains("Bolat Blocked"));
    assert!(
        html.contains("value=\"АЛМАТЫ\""),
        "the search box keeps the words"
    );
    let html = browser.get_html("/members").await;
    assert!(
        html.contains("id=\"result-count\">24 members</p>"),
        "{html}"
    );
    assert!(html.contains("rel=\"next\""));
    let html = browser.get_html("/members?page=2").await;
    for entry in second["items"].as_array().unwrap() {
        assert!(html.contains(entry["name"].as_str().unwrap()), "{entry}");
    }
    for entry in first["items"].as_array().unwrap() {
        let link = format!("href=\"/members/{}\"", entry["id"]);
        assert!(!html.contains(&link), "page 2 does not repeat {entry}");
    }
    let html = browser
        .get_html(&format!(
            "/members?{}",
            query(&[("q", "landfill"), ("country", "DE")])
        ))
        .await;
    assert!(html.contains("id=\"result-count\">1 member</p>"));
    assert!(html.contains("Jonas Weber") && !html.contains("Nurlan Abenov"));
    let response = browser.get("/members?country=XX").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"form-error\""), "{html}");
    assert!(html.contains("Unknown country."));
    let response = browser.get("/members?expertise=alchemy").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.unwrap().contains("id=\"form-error\""));
}

// 5. Organisations.

async fn organisations_list_their_members(app: TestApp) {
    let admin = app.member("Admin").await;
    let aigerim = app.member("Aigerim").await;
    let timur = app.member("Timur").await;
    let yulia = app.member("Yulia").await;
    patch_me(&app, &aigerim, full_profile()).await;
    // An existing organisation by name, in another case: no kind needed.
    let me = patch_me(
        &app,
        &timur,
        json!({"name": "Timur Akhmetov", "organisation_name": "steppe recycling llp"}),
    )
    .await;
    // Joining an existing organisation is a request until one of its members approves it.
    assert!(me["organisation"].is_null(), "{me}");
    assert_eq!(me["organisation_request"]["name"], "Steppe Recycling LLP");
    assert_eq!(me["organisation_request"]["kind"], "company");
    let steppe = me_org_id(&app, &aigerim).await;
    approve(&app, &aigerim, steppe, timur.id).await;
    let me = app.api_as(&timur).get_json("/api/v1/me").await;
    assert_eq!(me["organisation"]["name"], "Steppe Recycling LLP");
    assert!(me["organisation_request"].is_null(), "{me}");

    // Creating through the API; the same name in another case returns the existing one.
    let api = app.api_as(&yulia);
    let response = api
        .post(
            "/api/v1/organisations",
            &json!({"name": "Grünes Berlin e.V.", "kind": "association", "country": "de",
                    "city": "Berlin", "website": "https://gruenes-berlin.example"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["kind"], "association");
    assert_eq!(created["country"], "DE");
    assert_eq!(created["members"], 0);
    let response = api
        .post(
            "/api/v1/organisations",
            &json!({"name": "GRÜNES BERLIN E.V.", "kind": "company"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let existing: Value = response.json().await.unwrap();
    assert_eq!(existing["id"], created["id"]);
    assert_eq!(existing["name"], "Grünes Berlin e.V.");
    assert_eq!(existing["kind"], "association", "the first kind stays");
    let response = api
        .post(
            "/api/v1/organisations",
            &json!({"name": "Тазалық", "kind": "ngo"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let taza: Value = response.json().await.unwrap();
    let response = api
        .post(
            "/api/v1/organisations",
            &json!({"name": "ТАЗАЛЫҚ", "kind": "ngo"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<Value>().await.unwrap()["id"], taza["id"]);
    let response = api
        .post(
            "/api/v1/organisations",
            &json!({"name": "  ", "kind": "ngo"}),
        )
        .await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "name_missing").await;
    let response = api
        .post(
            "/api/v1/organisations",
            &json!({"name": "Evil Corp", "kind": "company", "website": "javascript:alert(1)"}),
        )
        .await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "contact_invalid",
    )
    .await;
    let response = app
        .api()
        .post(
            "/api/v1/organisations",
            &json!({"name": "Anon Org", "kind": "ngo"}),
        )
        .await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;

    // Yulia joins by id: she created it and nobody confirmed belongs to it yet.
    let me = patch_me(&app, &yulia, json!({"organisation_id": created["id"]})).await;
    assert_eq!(me["organisation"]["id"], created["id"]);

    let list = app.api().get_json("/api/v1/organisations").await;
    let counts: Vec<(String, i64)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap().to_string(),
                o["members"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(
        counts.contains(&("Steppe Recycling LLP".to_string(), 2)),
        "{counts:?}"
    );
    assert!(
        counts.contains(&("Grünes Berlin e.V.".to_string(), 1)),
        "{counts:?}"
    );
    assert!(counts.contains(&("Тазалық".to_string(), 0)), "{counts:?}");
    assert_eq!(counts.len(), 3, "{counts:?}");
    let associations = app
        .api()
        .get_json("/api/v1/organisations?kind=association")
        .await;
    assert_eq!(associations["items"].as_array().unwrap().len(), 1);
    assert_eq!(associations["items"][0]["id"], created["id"]);
    let searched = app.api().get_json("/api/v1/organisations?q=STEPPE").await;
    assert_eq!(searched["items"].as_array().unwrap().len(), 1);
    let response = app.api().get("/api/v1/organisations?kind=bogus").await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "org_type_unknown",
    )
    .await;

    let steppe_id = me_org_id(&app, &aigerim).await;
    let detail = app
        .api()
        .get_json(&format!("/api/v1/organisations/{steppe_id}"))
        .await;
    assert_eq!(detail["name"], "Steppe Recycling LLP");
    assert_eq!(detail["members"], 2);
    assert_eq!(
        item_names(&json!({"items": detail["member_list"]})),
        set(&["Aigerim Nurlanovna", "Timur Akhmetov"])
    );
    let html = app
        .browser()
        .get_html(&format!("/organisations/{steppe_id}"))
        .await;
    assert!(html.contains("Steppe Recycling LLP"));
    assert!(html.contains("Aigerim Nurlanovna") && html.contains("Timur Akhmetov"));
    assert!(html.contains("2 members"), "{html}");
    let html = app.browser().get_html("/organisations").await;
    assert!(html.contains("Grünes Berlin e.V.") && html.contains("Тазалық"));
    let response = app.api().get("/api/v1/organisations/999999").await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(
        app.browser().get("/organisations/999999").await.status(),
        StatusCode::NOT_FOUND
    );

    // A blocked member no longer counts or shows.
    let response = app
        .api_as(&admin)
        .patch(
            &format!("/api/v1/admin/members/{}", timur.id),
            &json!({"status": "blocked"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let detail = app
        .api()
        .get_json(&format!("/api/v1/organisations/{steppe_id}"))
        .await;
    assert_eq!(detail["members"], 1);
    assert_eq!(
        item_names(&json!({"items": detail["member_list"]})),
        set(&["Aigerim Nurlanovna"])
    );
    let html = app
        .browser()
        .get_html(&format!("/organisations/{steppe_id}"))
        .await;
    assert!(!html.contains("Timur Akhmetov"));
}

async fn large_organisations_list_every_member(app: TestApp) {
    let mut names = BTreeSet::new();
    let mut founder: Option<(TestMember, i64)> = None;
    for n in 1..=22 {
        let member = app.member(&format!("Staff {n:02}")).await;
        patch_me(
            &app,
            &member,
            json!({"organisation_name": "Kazakh Waste Association", "organisation_kind": "association"}),
        )
        .await;
        match &founder {
            Some((first, org)) => approve(&app, first, *org, member.id).await,
            None => founder = Some((member.clone(), me_org_id(&app, &member).await)),
        }
        names.insert(member.name);
    }
    let list = app.api().get_json("/api/v1/organisations").await;
    let id = list["items"][0]["id"].as_i64().unwrap();
    assert_eq!(list["items"][0]["members"], 22);
    let detail = app
        .api()
        .get_json(&format!("/api/v1/organisations/{id}"))
        .await;
    assert_eq!(detail["members"], 22);
    assert_eq!(
        item_names(&json!({"items": detail["member_list"]})),
        names,
        "every member is listed"
    );
    let html = app
        .browser()
        .get_html(&format!("/organisations/{id}"))
        .await;
    assert!(html.contains("22 members"), "{html}");
    for name in &names {
        assert!(html.contains(&format!(">{name}</a>")), "{name}");
    }
}

async fn expertise_changes_reach_profiles_and_search(app: TestApp) {
    let admin = app.member("Admin").await;
    let dana = app.member("Dana").await;
    patch_me(
        &app,
        &dana,
        json!({"expertise": ["recycling", "composting"]}),
    )
    .await;
    let api = app.api();
    assert_eq!(found(&api, &[("q", "переработка")]).await, set(&["Dana"]));

    // Renaming an area changes what search finds.
    let response = app
        .api_as(&admin)
        .post(
            "/api/v1/admin/expertise",
            &json!({"slug": "recycling", "name_en": "Recycling", "name_de": "Wiederverwertung",
                    "name_ru": "Рециклинг", "name_kk": "Қайта өңдеу"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(found(&api, &[("q", "рециклинг")]).await, set(&["Dana"]));
    assert_eq!(found(&api, &[("q", "переработка")]).await, set(&[]));
    let ru = app
        .api()
        .with_lang("ru")
        .get_json(&format!("/api/v1/members/{}", dana.id))
        .await;
    let names: BTreeSet<&str> = ru["expertise"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert!(names.contains("Рециклинг"), "{ru}");

    // A new area can be chosen at once.
    let response = app
        .api_as(&admin)
        .post(
            "/api/v1/admin/expertise",
            &json!({"slug": "textile-recycling", "name_en": "Textile recycling",
                    "name_de": "Textilrecycling", "name_ru": "Переработка текстиля",
                    "name_kk": "Тоқыма өңдеу"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    patch_me(
        &app,
        &dana,
        json!({"expertise": ["textile-recycling", "composting"]}),
    )
    .await;
    assert_eq!(
        found(&api, &[("expertise", "textile-recycling")]).await,
        set(&["Dana"])
    );

    // Removing an area takes it off profiles and out of search.
    let response = app
        .api_as(&admin)
        .delete("/api/v1/admin/expertise/textile-recycling")
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let me = app.api_as(&dana).get_json("/api/v1/me").await;
    assert_eq!(codes(&me["expertise"]), set(&["composting"]));
    assert_eq!(found(&api, &[("q", "textilrecycling")]).await, set(&[]));
    assert_eq!(found(&api, &[("q", "Kompostierung")]).await, set(&["Dana"]));
    let response = app
        .api_as(&dana)
        .patch("/api/v1/me", &json!({"expertise": ["textile-recycling"]}))
        .await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "expertise_unknown",
    )
    .await;

    // Only admins edit the taxonomy.
    let response = app
        .api_as(&dana)
        .post(
            "/api/v1/admin/expertise",
            &json!({"slug": "x-files", "name_en": "X", "name_de": "X", "name_ru": "X", "name_kk": "X"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

/// `by` approves the request of `member` to join organisation `org`.
async fn approve(app: &TestApp, by: &TestMember, org: i64, member: i64) {
    let response = app
        .api_as(by)
        .post(
            &format!("/api/v1/organisations/{org}/requests/{member}/approve"),
            &json!({}),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::NO_CONTENT,
        "approving {member}"
    );
}

async fn me_org_id(app: &TestApp, member: &TestMember) -> i64 {
    app.api_as(member).get_json("/api/v1/me").await["organisation"]["id"]
        .as_i64()
        .expect("an organisation")
}

// 6. Photos.

async fn photos_are_resized_and_stripped(app: TestApp) {
    let aigerim = app.member("Aigerim").await;
    let response = put_photo(&app, &aigerim, png(800, 600)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let first_url = response.json::<Value>().await.unwrap()["photo_url"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(first_url.starts_with("/media/photos/"), "{first_url}");
    let me = app.api_as(&aigerim).get_json("/api/v1/me").await;
    assert_eq!(me["photo_url"], first_url);

    let response = app.api().get(&first_url).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("sandbox"), "{csp}");
    let bytes = response.bytes().await.unwrap();
    assert_eq!(image::guess_format(&bytes).unwrap(), ImageFormat::Jpeg);
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (400, 400));

    // Metadata does not survive.
    let exif = jpeg_with_exif("GPS-SECRET 43.2567N 76.9286E");
    assert!(contains(&exif, b"GPS-SECRET"));
    image::load_from_memory(&exif).expect("the test JPEG is valid");
    let response = put_photo(&app, &aigerim, exif).await;
    assert_eq!(response.status(), StatusCode::OK);
    let second_url = response.json::<Value>().await.unwrap()["photo_url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(second_url, first_url);
    let stored = app.api().get(&second_url).await.bytes().await.unwrap();
    assert!(!contains(&stored, b"GPS-SECRET"), "EXIF was stripped");
    assert!(!contains(&stored, b"Exif"), "no EXIF segment at all");
    let decoded = image::load_from_memory(&stored).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (400, 400));
    // The replaced photo is gone.
    let response = app.api().get(&first_url).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // Content decides, not the declared type.
    let mut truncated = png(300, 300);
    truncated.truncate(truncated.len() / 3);
    let response = put_photo(&app, &aigerim, truncated).await;
    let error = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "photo_unreadable",
    )
    .await;
    assert_eq!(error["field"], "photo");
    let html = b"<!doctype html><html><script>alert(1)</script></html>".to_vec();
    let response = app
        .api_as(&aigerim)
        .request(reqwest::Method::PUT, "/api/v1/me/photo")
        .header("content-type", "image/jpeg")
        .body(html)
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::UNSUPPORTED_MEDIA_TYPE, "photo_type").await;
    let response = put_photo(&app, &aigerim, Vec::new()).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "photo_missing").await;
    let me = app.api_as(&aigerim).get_json("/api/v1/me").await;
    assert_eq!(
        me["photo_url"], second_url,
        "refused uploads keep the photo"
    );

    // A photo of a few megabytes (under the 5 MB default) is accepted.
    let big = noisy_png(1100, 1000);
    assert!(
        big.len() > 3_000_000 && big.len() < 5 * 1024 * 1024,
        "{}",
        big.len()
    );
    let response = put_photo(&app, &aigerim, big).await;
    assert_eq!(response.status(), StatusCode::OK, "a 3 MB photo is allowed");

    let response = put_photo(
        &app,
        &TestMember {
            token: "nope".into(),
            ..aigerim.clone()
        },
        png(10, 10),
    )
    .await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;

    // Removing.
    let current = app.api_as(&aigerim).get_json("/api/v1/me").await["photo_url"]
        .as_str()
        .unwrap()
        .to_string();
    let response = app.api_as(&aigerim).delete("/api/v1/me/photo").await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let me = app.api_as(&aigerim).get_json("/api/v1/me").await;
    assert!(me["photo_url"].is_null());
    assert_eq!(
        app.api().get(&current).await.status(),
        StatusCode::NOT_FOUND
    );
}

/// A landscape JPEG, red above and blue below, whose EXIF says "rotate 90° clockwise to
/// show", as phone cameras write it.
fn jpeg_rotated_by_exif() -> Vec<u8> {
    let image = RgbImage::from_fn(600, 300, |_, y| {
        if y < 150 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    let jpeg = encode(&image, ImageFormat::Jpeg);
    let mut payload = b"Exif\0\0II*\0\x08\0\0\0".to_vec();
    // One IFD entry: Orientation (0x0112), SHORT, count 1, value 6; then no next IFD.
    payload.extend_from_slice(&[1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]);
    let length = u16::try_from(payload.len() + 2).unwrap();
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

async fn phone_photos_keep_their_orientation(app: TestApp) {
    let aigerim = app.member("Aigerim").await;
    let response = put_photo(&app, &aigerim, jpeg_rotated_by_exif()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let url = response.json::<Value>().await.unwrap()["photo_url"]
        .as_str()
        .unwrap()
        .to_string();
    let bytes = app.api().get(&url).await.bytes().await.unwrap();
    let photo = image::load_from_memory(&bytes).unwrap().to_rgb8();
    // Turned upright, the red top edge is now on the right and blue on the left.
    let [r, _, b] = photo.get_pixel(40, 40).0;
    assert!(b > 150 && r < 100, "left is blue, got {r},{b}");
    let [r, _, b] = photo.get_pixel(360, 40).0;
    assert!(r > 150 && b < 100, "right is red, got {r},{b}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_above_the_limit_are_refused() {
    let app = TestApp::sqlite_with(|c| c.max_photo_bytes = 100_000).await;
    let aigerim = app.member("Aigerim").await;
    let small = png(200, 150);
    assert!(small.len() < 100_000);
    let response = put_photo(&app, &aigerim, small).await;
    assert_eq!(response.status(), StatusCode::OK);

    // Just above the limit: refused by the photo check.
    let over = noisy_png(200, 200);
    assert!(
        over.len() > 100_000 && over.len() < 150_000,
        "{}",
        over.len()
    );
    let response = put_photo(&app, &aigerim, over.clone()).await;
    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "photo_too_large").await;
    // Far above: refused before the body is read. Only the length is sent (raw HTTP): a
    // client still writing a body the server will not read may see the connection reset
    // before it reads the answer.
    let address = app.address.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let request = format!(
        "PUT /api/v1/me/photo HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/octet-stream\r\nContent-Length: 10000000\r\n\r\n",
        aigerim.token
    );
    tokio::io::AsyncWriteExt::write_all(&mut stream, request.as_bytes())
        .await
        .unwrap();
    let mut answer = vec![0u8; 4096];
    let n = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        tokio::io::AsyncReadExt::read(&mut stream, &mut answer),
    )
    .await
    .expect("answered without the body")
    .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");

    // The form too; it states the configured limit.
    let browser = logged_in(&app, &aigerim).await;
    let html = browser.get_html("/profile/edit").await;
    assert!(html.contains("at most 0.1 MB"), "the form names the limit");
    let csrf = browser.csrf().await;
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part(
        "photo",
        reqwest::multipart::Part::bytes(over)
            .file_name("big.png")
            .mime_str("image/png")
            .unwrap(),
    );
    let response = browser
        .client
        .post(browser.url("/profile/photo"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.text().await.unwrap().contains("id=\"form-error\""));
}

async fn photo_upload_through_the_form(app: TestApp) {
    let aigerim = app.member("Aigerim").await;
    let browser = logged_in(&app, &aigerim).await;
    let upload = |csrf: Option<String>, bytes: Vec<u8>| {
        let mut form = reqwest::multipart::Form::new();
        if let Some(csrf) = csrf {
            form = form.text("csrf", csrf);
        }
        form = form.part(
            "photo",
            reqwest::multipart::Part::bytes(bytes)
                .file_name("me.png")
                .mime_str("image/png")
                .unwrap(),
        );
        browser
            .client
            .post(browser.url("/profile/photo"))
            .multipart(form)
            .send()
    };

    let response = upload(None, png(800, 600)).await.unwrap();
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "the CSRF field is required"
    );
    let response = upload(Some("x".repeat(43)), png(800, 600)).await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "and must match");
    assert!(app.api_as(&aigerim).get_json("/api/v1/me").await["photo_url"].is_null());

    let csrf = browser.csrf().await;
    let response = upload(Some(csrf.clone()), png(800, 600)).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/profile/edit?notice=photo-saved");
    let url = app.api_as(&aigerim).get_json("/api/v1/me").await["photo_url"]
        .as_str()
        .expect("a photo")
        .to_string();
    let bytes = app.api().get(&url).await.bytes().await.unwrap();
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (400, 400));
    let html = browser.get_html("/profile/edit?notice=photo-saved").await;
    assert!(html.contains(&format!("src=\"{url}\"")));
    assert!(html.contains("Your photo is saved."));

    // A broken file shows the form again with the error.
    let response = upload(Some(csrf), b"<html>no</html>".to_vec())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"form-error\"") && html.contains("id=\"profile-form\""));
    assert_eq!(
        app.api_as(&aigerim).get_json("/api/v1/me").await["photo_url"],
        url
    );

    let response = browser.submit("/profile/photo/delete", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(app.api_as(&aigerim).get_json("/api/v1/me").await["photo_url"].is_null());
}

// 7. The profile form.

async fn profile_form_keeps_input_and_saves(app: TestApp) {
    let aigerim = app.member("Aigerim").await;
    let response = app.browser().get("/profile/edit").await;
    assert_ne!(
        response.status(),
        StatusCode::OK,
        "anonymous visitors get no form"
    );

    let browser = logged_in(&app, &aigerim).await;
    let html = browser.get_html("/profile/edit").await;
    assert!(html.contains("id=\"profile-form\""));
    assert!(html.contains("name=\"name\" value=\"Aigerim\""), "{html}");
    assert!(html.contains("name=\"timezone\""));

    let mut fields = vec![
        ("name", "Aigerim Nurlanovna"),
        ("position", "Head of recycling"),
        ("organisation_name", "Steppe Recycling LLP"),
        ("organisation_kind", "company"),
        ("country", "KZ"),
        ("city", "Шымкент"),
        ("timezone", "Asia/Atlantis"),
        ("locale", "ru"),
        ("languages", "ru"),
        ("languages", "kk"),
        ("expertise", "recycling"),
        ("bio", "We **sort** waste.\n\n<script>alert(1)</script>"),
        ("contact_email", "aigerim@steppe.kz"),
        ("visibility_email", "members"),
        ("contact_phone", ""),
        ("visibility_phone", "contacts"),
    ];
    let before = me_snapshot(&app, &aigerim).await;
    let response = browser.submit("/profile/edit", &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("Unknown time zone."), "{html}");
    assert!(html.contains("value=\"Шымкент\""), "the typed city is kept");
    assert!(
        html.contains("value=\"Asia/Atlantis\""),
        "the typed zone is kept"
    );
    assert!(html.contains("value=\"aigerim@steppe.kz\""));
    assert!(html.contains("value=\"kk\" checked"));
    assert!(html.contains("value=\"recycling\" checked"));
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(
        !html.contains("<script>alert(1)</script>"),
        "the bio is escaped"
    );
    assert_eq!(
        me_snapshot(&app, &aigerim).await,
        before,
        "nothing was saved"
    );

    let response = browser
        .client
        .post(browser.url("/profile/edit"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "no CSRF field");

    fields.retain(|(k, _)| *k != "timezone");
    fields.push(("timezone", "Asia/Almaty"));
    let response = browser.submit("/profile/edit", &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let target = location(&response);
    assert_eq!(
        target,
        format!("/members/{}?notice=profile-saved", aigerim.id)
    );
    let html = browser.get_html(&target).await;
    assert!(html.contains("class=\"notice\""), "a notice is shown");
    assert!(
        html.contains("<strong>sort</strong>"),
        "the bio is rendered"
    );
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("Шымкент"));
    assert!(html.contains("Steppe Recycling LLP"));

    let me = app.api_as(&aigerim).get_json("/api/v1/me").await;
    assert_eq!(me["city"], "Шымкент");
    assert_eq!(me["timezone"], "Asia/Almaty");
    assert_eq!(me["locale"], "ru");
    assert_eq!(codes(&me["languages"]), set(&["kk", "ru"]));
    assert_eq!(contact_kinds(&me), set(&["email"]));
    assert_eq!(me["organisation"]["kind"], "company");

    // The form comes back filled from what was stored.
    let html = browser.get_html("/profile/edit").await;
    assert!(html.contains("value=\"Шымкент\""));
    assert!(html.contains("value=\"Asia/Almaty\""));
}

// 8. Access.

async fn members_change_only_their_own_profile(app: TestApp) {
    let aigerim = app.member("Aigerim").await;
    let boris = app.member("Boris").await;
    patch_me(&app, &aigerim, json!({"city": "Almaty"})).await;
    let aigerim_before = me_snapshot(&app, &aigerim).await;

    let me = patch_me(
        &app,
        &boris,
        json!({"city": "Bonn", "name": "Boris Becker"}),
    )
    .await;
    assert_eq!(me["id"], boris.id);
    assert_eq!(me["city"], "Bonn");
    assert_eq!(me_snapshot(&app, &aigerim).await, aigerim_before);
    let public = app
        .api()
        .get_json(&format!("/api/v1/members/{}", aigerim.id))
        .await;
    assert_eq!(public["city"], "Almaty");
    assert_eq!(public["name"], "Aigerim");

    // Unknown fields such as an id do not redirect the change.
    let response = app
        .api_as(&boris)
        .patch("/api/v1/me", &json!({"id": aigerim.id, "city": "Köln"}))
        .await;
    if response.status() == StatusCode::OK {
        assert_eq!(me_snapshot(&app, &aigerim).await, aigerim_before);
        assert_eq!(
            app.api_as(&boris).get_json("/api/v1/me").await["city"],
            "Köln"
        );
    } else {
        assert!(response.status().is_client_error());
    }
    assert_eq!(me_snapshot(&app, &aigerim).await, aigerim_before);

    let response = app
        .api()
        .patch("/api/v1/me", &json!({"city": "Nowhere"}))
        .await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    let response = app.api().get("/api/v1/me").await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    let mut forged = app.api();
    forged.token = Some("forged-token".into());
    let response = forged
        .patch("/api/v1/me", &json!({"city": "Nowhere"}))
        .await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;

    // A browser session needs the CSRF header to change anything through the API.
    let browser = logged_in(&app, &aigerim).await;
    let response = browser
        .client
        .patch(browser.url("/api/v1/me"))
        .json(&json!({"city": "Forged"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(me_snapshot(&app, &aigerim).await, aigerim_before);
    let response = browser
        .client
        .patch(browser.url("/api/v1/me"))
        .header("x-csrf-token", browser.csrf().await)
        .json(&json!({"city": "Taraz"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        app.api_as(&aigerim).get_json("/api/v1/me").await["city"],
        "Taraz"
    );
}

async fn markup_in_profiles_is_escaped_everywhere(app: TestApp) {
    let _admin = app.member("Admin").await;
    let asel = app.member("Asel").await;
    let eve = app.member("Eve").await;
    patch_me(
        &app,
        &eve,
        json!({
            "name": "Eve <img src=x onerror=alert(1)>",
            "position": "<b>boss</b>",
            "city": "<script>alert(2)</script>",
            "organisation_name": "<i>Evil</i> Org",
            "organisation_kind": "company",
        }),
    )
    .await;
    let response = app
        .api_as(&eve)
        .post(
            "/api/v1/contacts",
            &json!({"member_id": asel.id, "message": "<script>alert(3)</script>"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let org = me_org_id(&app, &eve).await;

    let browser = logged_in(&app, &asel).await;
    for path in [
        format!("/members/{}", eve.id),
        "/members?q=eve".to_string(),
        "/contacts".to_string(),
        "/notifications".to_string(),
        "/organisations".to_string(),
        format!("/organisations/{org}"),
    ] {
        let html = browser.get_html(&path).await;
        let escaped = [
            "Eve &#60;img",
            "Eve &lt;img",
            "&#60;i&#62;Evil",
            "&lt;i&gt;Evil",
        ];
        assert!(escaped.iter().any(|e| html.contains(e)), "{path}: {html}");
        for raw in ["<img src=x", "<b>boss", "<script>alert", "<i>Evil"] {
            assert!(!html.contains(raw), "{path} contains {raw}");
        }
    }
}

async fn organisations_are_edited_by_their_members_and_admins(app: TestApp) {
    let admin = app.member("Admin Person").await;
    let ana = app.member("Ana Member").await;
    let outsider = app.member("Otto Outsider").await;
    patch_me(
        &app,
        &ana,
        json!({"organisation_name": "Steppe Recycling", "organisation_kind": "company"}),
    )
    .await;
    patch_me(
        &app,
        &outsider,
        json!({"organisation_name": "Other Org", "organisation_kind": "ngo"}),
    )
    .await;
    let me = app.api_as(&ana).get_json("/api/v1/me").await;
    let id = me["organisation"]["id"].as_i64().unwrap();
    let path = format!("/api/v1/organisations/{id}");

    // A member of the organisation edits it; fields left out stay.
    let response = app
        .api_as(&ana)
        .patch(&path, &json!({"website": "https://steppe-recycling.kz", "description": "PET and cardboard, Almaty"}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let org: Value = response.json().await.unwrap();
    assert_eq!(org["website"], "https://steppe-recycling.kz/");
    assert_eq!(org["name"], "Steppe Recycling");
    assert_eq!(org["kind"], "company");

    // Someone from elsewhere may not; anonymous callers must log in.
    assert_error(
        app.api_as(&outsider)
            .patch(&path, &json!({"name": "Mine now"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        app.api().patch(&path, &json!({"name": "Mine now"})).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    // Bad input is refused and changes nothing.
    assert_error(
        app.api_as(&ana)
            .patch(&path, &json!({"website": "javascript:alert(1)"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "contact_invalid",
    )
    .await;
    assert_error(
        app.api_as(&ana)
            .patch(&path, &json!({"country": "XX"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "country_unknown",
    )
    .await;
    assert_error(
        app.api_as(&ana)
            .patch(&path, &json!({"name": "other org"}))
            .await,
        StatusCode::CONFLICT,
        "organisation_exists",
    )
    .await;
    let org = app.api().get_json(&path).await;
    assert_eq!(org["name"], "Steppe Recycling");

    // An admin renames it; the directory finds its members by the new name.
    let response = app
        .api_as(&admin)
        .patch(&path, &json!({"name": "Жасыл Дала Recycling"}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = app
        .api()
        .get_json("/api/v1/members?q=%D0%B6%D0%B0%D1%81%D1%8B%D0%BB")
        .await;
    assert_eq!(item_names(&page), set(&["Ana Member"]));

    // The HTML form: offered to members, refused to others, keeps input on errors.
    let browser = logged_in(&app, &ana).await;
    let html = browser.get_html(&format!("/organisations/{id}")).await;
    assert!(html.contains(&format!("/organisations/{id}/edit")));
    let outsider_browser = logged_in(&app, &outsider).await;
    let html = outsider_browser
        .get_html(&format!("/organisations/{id}"))
        .await;
    assert!(!html.contains(&format!("/organisations/{id}/edit")));
    assert_eq!(
        outsider_browser
            .get(&format!("/organisations/{id}/edit"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let edit = format!("/organisations/{id}/edit");
    let response = browser
        .submit(
            &edit,
            &[
                ("name", "Жасыл Дала Recycling"),
                ("kind", "company"),
                ("country", "KZ"),
                ("city", "Талдыкорган"),
                ("website", "not a url"),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Талдыкорган"),
        "the form keeps what was typed"
    );
    let response = browser
        .submit(
            &edit,
            &[
                ("name", "Жасыл Дала Recycling"),
                ("kind", "ngo"),
                ("country", "KZ"),
                ("city", "Талдыкорган"),
                ("website", ""),
                ("description", "Separate collection"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let org = app.api().get_json(&path).await;
    assert_eq!(org["kind"], "ngo");
    assert_eq!(org["city"], "Талдыкорган");
    assert_eq!(org["website"], "");
}

// 9. Security issue 16: organisation take-over, contact-request floods, decompression bombs,
// roles shown to visitors.

/// An organisation's pending membership requests, as `member` sees them through the API.
async fn pending_requests(app: &TestApp, member: &TestMember, org: i64) -> BTreeSet<i64> {
    app.api_as(member)
        .get_json(&format!("/api/v1/organisations/{org}/requests"))
        .await["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| r["member"]["id"].as_i64().unwrap())
        .collect()
}

async fn organisations_cannot_be_taken_over(app: TestApp) {
    let admin = app.member("Admin Person").await;
    let ana = app.member("Ana Founder").await;
    let mallory = app.member("Mallory").await;
    let timur = app.member("Timur").await;
    patch_me(
        &app,
        &ana,
        json!({"organisation_name": "Steppe Recycling", "organisation_kind": "company"}),
    )
    .await;
    let id = me_org_id(&app, &ana).await;
    let path = format!("/api/v1/organisations/{id}");

    // The attack: declare oneself a member, then edit the organisation's public face.
    let me = patch_me(&app, &mallory, json!({"organisation_id": id})).await;
    assert!(me["organisation"].is_null(), "not a member yet: {me}");
    assert_eq!(me["organisation_request"]["id"], id, "{me}");
    assert_error(
        app.api_as(&mallory)
            .patch(&path, &json!({"website": "https://evil.example"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let org = app.api().get_json(&path).await;
    assert_eq!(org["website"], "");
    assert_eq!(org["members"], 1);
    assert_eq!(
        item_names(&json!({"items": org["member_list"]})),
        set(&["Ana Founder"])
    );
    // Visitors see no affiliation; the directory does not count her.
    let public = app
        .api()
        .get_json(&format!("/api/v1/members/{}", mallory.id))
        .await;
    assert!(public["organisation"].is_null(), "{public}");
    assert!(found(&app.api(), &[("q", "steppe")]).await == set(&["Ana Founder"]));
    // The page form is refused as well, and the profile page says "pending" only to her.
    let mallory_browser = logged_in(&app, &mallory).await;
    let edit = format!("/organisations/{id}/edit");
    assert_eq!(
        mallory_browser.get(&edit).await.status(),
        StatusCode::FORBIDDEN
    );
    let response = mallory_browser
        .submit(
            &edit,
            &[
                ("name", "Steppe Recycling"),
                ("kind", "company"),
                ("website", "https://evil.example"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let html = mallory_browser
        .get_html(&format!("/members/{}", mallory.id))
        .await;
    assert!(html.contains("id=\"organisation-pending\""), "{html}");
    let html = app
        .browser()
        .get_html(&format!("/members/{}", mallory.id))
        .await;
    assert!(!html.contains("Steppe Recycling"), "{html}");

    // Ana, its confirmed member, is told and sees the request; others may not list them.
    let list = notifications_of(&app, &ana).await;
    assert_eq!(list["items"][0]["kind"], "organisation_request", "{list}");
    assert_eq!(list["items"][0]["actor_id"], mallory.id);
    assert_eq!(
        pending_requests(&app, &ana, id).await,
        BTreeSet::from([mallory.id])
    );
    assert_eq!(
        pending_requests(&app, &admin, id).await,
        BTreeSet::from([mallory.id])
    );
    let requests = format!("/api/v1/organisations/{id}/requests");
    assert_error(
        app.api_as(&timur).get(&requests).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        app.api().get(&requests).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    // Mallory cannot approve herself.
    assert_error(
        app.api_as(&mallory)
            .post(&format!("{requests}/{}/approve", mallory.id), &json!({}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // Ana declines through the page; asking again at once is refused.
    let ana_browser = logged_in(&app, &ana).await;
    let html = ana_browser.get_html(&format!("/organisations/{id}")).await;
    let decline = format!("/organisations/{id}/requests/{}/decline", mallory.id);
    assert!(html.contains(&decline), "{html}");
    let response = ana_browser.submit(&decline, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(pending_requests(&app, &ana, id).await.is_empty());
    let me = app.api_as(&mallory).get_json("/api/v1/me").await;
    assert!(
        me["organisation"].is_null() && me["organisation_request"].is_null(),
        "{me}"
    );
    assert_error(
        app.api_as(&mallory)
            .patch("/api/v1/me", &json!({"organisation_id": id}))
            .await,
        StatusCode::TOO_MANY_REQUESTS,
        "membership_declined_recently",
    )
    .await;

    // Timur asks by name; Ana approves through the API: now he is listed and may edit.
    let me = patch_me(
        &app,
        &timur,
        json!({"organisation_name": "steppe recycling"}),
    )
    .await;
    assert!(me["organisation"].is_null());
    let response = app
        .api_as(&ana)
        .post(&format!("{requests}/{}/approve", timur.id), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(me_org_id(&app, &timur).await, id);
    let response = app
        .api_as(&timur)
        .patch(
            &path,
            &json!({"website": "https://steppe.example", "city": "Almaty"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);

    // The history says who changed which fields; only members and admins see it.
    let history = app.api_as(&ana).get_json(&format!("{path}/history")).await;
    let latest = &history["items"][0];
    assert_eq!(latest["actor"]["id"], timur.id, "{history}");
    assert_eq!(latest["fields"], json!(["city", "website"]), "{history}");
    assert_error(
        app.api_as(&mallory).get(&format!("{path}/history")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let html = ana_browser.get_html(&format!("/organisations/{id}")).await;
    assert!(html.contains("id=\"organisation-history\""), "{html}");
    let html = app
        .browser()
        .get_html(&format!("/organisations/{id}"))
        .await;
    assert!(!html.contains("id=\"organisation-history\""));
    assert!(html.contains("https://steppe.example"));

    // An admin removes Timur: he may no longer edit and is no longer listed. The page offers
    // the removal to admins only.
    let remove_form = format!("/organisations/{id}/members/{}/remove", timur.id);
    let html = ana_browser.get_html(&format!("/organisations/{id}")).await;
    assert!(!html.contains(&remove_form));
    let admin_browser = logged_in(&app, &admin).await;
    let html = admin_browser
        .get_html(&format!("/organisations/{id}"))
        .await;
    assert!(html.contains(&remove_form), "{html}");
    let remove = format!("{path}/members/{}", timur.id);
    assert_error(
        app.api_as(&ana).delete(&remove).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let response = app.api_as(&admin).delete(&remove).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_error(
        app.api_as(&timur)
            .patch(&path, &json!({"website": "https://evil.example"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let org = app.api().get_json(&path).await;
    assert_eq!(org["members"], 1);
    assert_eq!(org["website"], "https://steppe.example/");
    let history = app.api_as(&ana).get_json(&format!("{path}/history")).await;
    assert_eq!(history["items"][0]["action"], "removed", "{history}");
    assert_eq!(history["items"][0]["subject"]["id"], timur.id);
    let actions: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["removed", "edited", "approved", "declined"]);
}

async fn contact_requests_cannot_flood_a_member(app: TestApp) {
    let _admin = app.member("Admin").await;
    let asel = app.member("Asel").await;
    let eve = app.member("Eve").await;
    let ask = || async {
        app.api_as(&eve)
            .post("/api/v1/contacts", &json!({"member_id": asel.id}))
            .await
    };
    let response = ask().await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let id = response.json::<Value>().await.unwrap()["id"].clone();
    let response = app
        .api_as(&asel)
        .post(&format!("/api/v1/contacts/{id}/decline"), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let unread = notifications_of(&app, &asel).await["unread"].clone();

    // Asking again right after a decline is refused, with a translated message.
    let body = assert_error(
        ask().await,
        StatusCode::TOO_MANY_REQUESTS,
        "contact_declined_recently",
    )
    .await;
    let de = app
        .api_as(&eve)
        .with_lang("de")
        .post("/api/v1/contacts", &json!({"member_id": asel.id}))
        .await;
    let de = assert_error(
        de,
        StatusCode::TOO_MANY_REQUESTS,
        "contact_declined_recently",
    )
    .await;
    assert_ne!(body["message"], de["message"]);
    // Through the page too.
    let browser = logged_in(&app, &eve).await;
    let response = browser
        .submit(
            &format!("/members/{}/contact", asel.id),
            &[("message", "again")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        notifications_of(&app, &asel).await["unread"],
        unread,
        "no new notification"
    );
}

async fn contact_requests_are_capped_per_day(app: TestApp) {
    let _admin = app.member("Admin").await;
    let spammer = app.member("Spammer").await;
    let mut ids = Vec::new();
    for n in 0..51 {
        ids.push(app.member(&format!("Target {n:02}")).await.id);
    }
    for id in &ids[..50] {
        let response = app
            .api_as(&spammer)
            .post("/api/v1/contacts", &json!({"member_id": id}))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    assert_error(
        app.api_as(&spammer)
            .post("/api/v1/contacts", &json!({"member_id": ids[50]}))
            .await,
        StatusCode::TOO_MANY_REQUESTS,
        "contact_requests_daily_limit",
    )
    .await;
}

/// A PNG of `width` × `height` black RGB pixels: tiny on disk, huge once decoded.
fn zero_png(width: u32, height: u32) -> Vec<u8> {
    use std::io::Write;
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &header);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let row = vec![0u8; 1 + 3 * width as usize];
    for _ in 0..height {
        z.write_all(&row).unwrap();
    }
    chunk(&mut out, b"IDAT", &z.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}

async fn decompression_bombs_are_refused(app: TestApp) {
    let admin = app.member("Admin").await;
    let aigerim = app.member("Aigerim").await;
    let bomb = zero_png(10_000, 10_000);
    assert!(bomb.len() < 400_000, "{}", bomb.len());
    let body = assert_error(
        put_photo(&app, &aigerim, bomb.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "image_too_large",
    )
    .await;
    assert!(
        body["message"].as_str().unwrap().contains("pixels"),
        "{body}"
    );
    let me = app.api_as(&aigerim).get_json("/api/v1/me").await;
    assert!(me["photo_url"].is_null());
    // A normal photo still works.
    let response = put_photo(&app, &aigerim, png(800, 600)).await;
    assert_eq!(response.status(), StatusCode::OK);

    // Event covers go through the same bounded decode.
    let response = app
        .api_as(&admin)
        .post(
            "/api/v1/events",
            &json!({"title": "Bomb days", "description": "Covers.", "locale": "en",
                    "starts_on": "2031-03-25", "ends_on": "2031-03-26",
                    "timezone": "Europe/Berlin"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let event = response.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let put_cover = |body: Vec<u8>| async {
        app.api_as(&admin)
            .request(
                reqwest::Method::PUT,
                &format!("/api/v1/events/{event}/cover"),
            )
            .header("content-type", "image/png")
            .body(body)
            .send()
            .await
            .unwrap()
    };
    assert_error(
        put_cover(bomb).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "image_too_large",
    )
    .await;
    assert_eq!(put_cover(png(900, 400)).await.status(), StatusCode::OK);
}

async fn roles_are_shown_to_members_only(app: TestApp) {
    let admin = app.member("Admin").await;
    let asel = app.member("Asel").await;
    let path = format!("/api/v1/members/{}", admin.id);
    let public = app.api().get_json(&path).await;
    assert!(public.get("role").is_none(), "{public}");
    let html = app
        .browser()
        .get_html(&format!("/members/{}", admin.id))
        .await;
    assert!(!html.contains("id=\"member-role\""));
    let seen = app.api_as(&asel).get_json(&path).await;
    assert_eq!(seen["role"], "admin", "{seen}");
    let browser = logged_in(&app, &asel).await;
    let html = browser.get_html(&format!("/members/{}", admin.id)).await;
    assert!(html.contains("id=\"member-role\""), "{html}");
    for listing in ["/api/v1/members", "/api/v1/organisations"] {
        let text = app.api().get(listing).await.text().await.unwrap();
        assert!(!text.contains("\"role\""), "{listing}: {text}");
    }
}
