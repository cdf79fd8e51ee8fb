//! Browser tests: headless Chromium driven over WebDriver (chromedriver) against the real
//! server. They register, log in, edit a profile, search the directory and switch language,
//! and follow an event's schedule from another time zone; two members chat live in two
//! browsers; two B2B participants in Berlin and Almaty meet through the pages; a question is
//! answered and accepted in discussions, where hostile Markdown runs nothing.
//!
//! Chromium and chromedriver come from Debian (`scripts/test` installs them). Without them the
//! tests fail under CI (`CI` set) and are skipped loudly elsewhere.

use crate::common;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::TestApp;
use fantoccini::{Client, ClientBuilder, Locator};

/// A chromedriver process on a free port, stopped on drop.
struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn which(program: &str) -> Option<String> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
            .map(|p| p.display().to_string())
    })
}

async fn start_browser(lang: &str) -> Option<(Driver, Client)> {
    start_browser_in(lang, None).await
}

/// A browser whose clock runs in the IANA zone `tz` (Chromium follows `TZ`).
async fn start_browser_in(lang: &str, tz: Option<&str>) -> Option<(Driver, Client)> {
    // Two TLS back ends are linked in (lettre's and the WebDriver client's): pick one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (Some(driver), Some(chromium)) = (which("chromedriver"), which("chromium")) else {
        if std::env::var_os("CI").is_some() {
            panic!("chromium and chromedriver are required under CI (scripts/test installs them)");
        }
        eprintln!(
            "\n*** SKIPPING browser test: chromium or chromedriver not installed (run scripts/test) ***\n"
        );
        return None;
    };
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut command = Command::new(driver);
    if let Some(tz) = tz {
        command.env("TZ", tz);
    }
    let child = command
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let profile = tempfile::tempdir().unwrap();
    let driver = Driver {
        child,
        port,
        _profile: profile,
    };
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", format!("--user-data-dir={}", driver._profile.path().display()),
                format!("--lang={lang}"), "--window-size=1200,900"
            ],
            "prefs": { "intl.accept_languages": lang }
        }),
    );
    let url = format!("http://127.0.0.1:{}", driver.port);
    let mut last_error = None;
    for _ in 0..50 {
        match ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return Some((driver, client)),
            Err(err) => {
                last_error = Some(err);
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    panic!("cannot connect to chromedriver: {last_error:?}");
}

async fn fill(client: &Client, css: &str, text: &str) {
    let field = find(client, css).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// The element, waiting up to 5 s for it to appear (the page may still be loading).
async fn find(client: &Client, css: &str) -> fantoccini::elements::Element {
    let mut last_error = None;
    for _ in 0..50 {
        match client.find(Locator::Css(css)).await {
            Ok(element) => return element,
            Err(e) => last_error = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css}: {last_error:?}");
}

async fn click(client: &Client, css: &str) {
    let element = find(client, css).await;
    // Bring it to the middle of the viewport, away from open suggestion lists.
    let arg = serde_json::to_value(&element).unwrap();
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'}); document.activeElement.blur();",
            vec![arg],
        )
        .await
        .unwrap();
    if let Err(e) = element.click().await {
        let png = client.screenshot().await.unwrap();
        std::fs::write("/tmp/browser-failure.png", png).unwrap();
        panic!("click {css}: {e}");
    }
}

async fn text_of(client: &Client, css: &str) -> String {
    // A click that submits a form returns before the next page has loaded: look again until
    // the element is there (and not from the page being left), for at most 5 s.
    let mut last_error = None;
    for _ in 0..50 {
        match client.find(Locator::Css(css)).await {
            Ok(element) => match element.text().await {
                Ok(text) => return text,
                Err(e) => last_error = Some(e),
            },
            Err(e) => last_error = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css}: {last_error:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_edit_profile_search_and_switch_language() {
    let app = TestApp::sqlite().await;
    // Someone to find in the directory.
    let other = app.member("Ольга Иванова").await;
    let response = app
        .api_as(&other)
        .patch(
            "/api/v1/me",
            &serde_json::json!({"city": "Алматы", "country": "KZ", "expertise": ["recycling"]}),
        )
        .await;
    assert_eq!(response.status(), 200);

    let Some((_driver, client)) = start_browser("en-US").await else {
        return;
    };

    // Register.
    client.goto(&app.url("/register")).await.unwrap();
    fill(&client, "#name", "Markus Weber").await;
    fill(&client, "#email", "markus@circula.test").await;
    fill(&client, "#password", common::PASSWORD).await;
    click(&client, "form[action='/register'] button[type=submit]").await;
    assert_eq!(text_of(&client, "h1").await, "Check your mail");
    // The mailed link confirms the address and leads to the login, then to the profile form.
    client
        .goto(&app.last_link_to("markus@circula.test"))
        .await
        .unwrap();
    click(&client, "main a[href^='/login']").await;
    fill(&client, "#email", "markus@circula.test").await;
    fill(&client, "#password", common::PASSWORD).await;
    click(&client, "form[action='/login'] button[type=submit]").await;
    // The click returns before the next page has loaded: wait for the address to change.
    let mut url = client.current_url().await.unwrap();
    for _ in 0..50 {
        if url.path() != "/login" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        url = client.current_url().await.unwrap();
    }
    assert_eq!(
        url.path(),
        "/profile/edit",
        "registration leads to the profile form"
    );

    // Edit the profile.
    fill(&client, "#position", "Head of export").await;
    fill(&client, "#city", "Berlin").await;
    fill(&client, "#timezone", "Europe/Berlin").await;
    fill(&client, "#bio", "We build **sorting plants**.").await;
    click(&client, "input[name=expertise][value=sorting]").await;
    click(&client, "#profile-form button[type=submit]").await;
    let url = client.current_url().await.unwrap();
    assert!(
        url.path().starts_with("/members/"),
        "saved profile shows the profile page: {url}"
    );
    assert_eq!(text_of(&client, "h1").await, "Markus Weber");
    assert!(
        client
            .source()
            .await
            .unwrap()
            .contains("<strong>sorting plants</strong>")
    );

    // Log out and in again.
    click(&client, "form[action='/logout'] button").await;
    // The logout answer must land before the next navigation, or it may replace it.
    wait_for_text(&client, "href=\"/login\"").await;
    log_in(&client, &app, "markus@circula.test").await;
    assert!(
        client.source().await.unwrap().contains("Markus Weber"),
        "logged in again"
    );

    // Search the directory, in Cyrillic, case-insensitively.
    client.goto(&app.url("/members")).await.unwrap();
    fill(&client, "#q", "АЛМАТЫ").await;
    click(&client, "form.filters button[type=submit]").await;
    // The click returns before the filtered page has loaded: wait for its address.
    for _ in 0..50 {
        let url = client.current_url().await.unwrap();
        if url.query().is_some_and(|q| q.contains("q=")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let results = text_of(&client, "#directory").await;
    assert!(results.contains("Ольга Иванова"), "{results}");
    assert!(!results.contains("Markus Weber"));
    assert!(text_of(&client, "#result-count").await.contains("1 member"));

    // Switch the language; the choice sticks on the next page.
    click(&client, "nav.languages a[data-lang=de]").await;
    let html = client.source().await.unwrap();
    assert!(html.contains("lang=\"de\""));
    assert!(
        text_of(&client, "#result-count")
            .await
            .contains("1 Mitglied"),
        "German count"
    );
    client.goto(&app.url("/")).await.unwrap();
    assert!(client.source().await.unwrap().contains("lang=\"de\""));
    click(&client, "nav.languages a[data-lang=kk]").await;
    assert!(client.source().await.unwrap().contains("lang=\"kk\""));

    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_language_is_used_until_switched() {
    let app = TestApp::sqlite().await;
    let Some((_driver, client)) = start_browser("ru-RU").await else {
        return;
    };
    client.goto(&app.url("/")).await.unwrap();
    assert!(
        client.source().await.unwrap().contains("lang=\"ru\""),
        "Accept-Language ru"
    );
    let current = client
        .find(Locator::Css("nav.languages a[aria-current=true]"))
        .await
        .unwrap();
    assert_eq!(
        current.attr("data-lang").await.unwrap().as_deref(),
        Some("ru")
    );
    click(&client, "nav.languages a[data-lang=en]").await;
    assert!(client.source().await.unwrap().contains("lang=\"en\""));
    client.close().await.unwrap();
}

/// Polls the page until its source contains `needle` (a reload may be under way).
async fn wait_for_text(client: &Client, needle: &str) -> String {
    let mut html = String::new();
    for _ in 0..50 {
        html = client.source().await.unwrap();
        if html.contains(needle) {
            return html;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{needle:?} never appeared:\n{html}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn viewer_in_almaty_follows_a_berlin_schedule_into_the_agenda() {
    let app = TestApp::sqlite().await;
    let organiser = app.member("Sabine Koch").await; // the first account: may create events
    let event = app
        .api_as(&organiser)
        .post(
            "/api/v1/events",
            &serde_json::json!({"title": "Recycling days Berlin", "starts_on": "2031-06-10",
                "ends_on": "2031-06-11", "timezone": "Europe/Berlin"}),
        )
        .await
        .json::<serde_json::Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let session = app
        .api_as(&organiser)
        .post(
            &format!("/api/v1/events/{event}/sessions"),
            &serde_json::json!({"title": "Sorting plants in Saxony", "starts_at": "2031-06-10T10:00",
                "ends_at": "2031-06-10T11:00", "capacity": 20, "join_url": "https://meet.example.org/saxony"}),
        )
        .await;
    assert_eq!(session.status(), 201);
    let member = app.member("Aigerim Saparova").await;

    let Some((_driver, client)) = start_browser_in("en-US", Some("Asia/Almaty")).await else {
        return;
    };
    log_in(&client, &app, &member.email).await;

    // Berlin is UTC+2 in June; Almaty UTC+5 since 2024: 10:00 there is 13:00 here. The page
    // learns the browser's zone (events.js) and shows both.
    client
        .goto(&app.url(&format!("/events/{event}")))
        .await
        .unwrap();
    let html = wait_for_text(&client, "13:00–14:00 your time").await;
    assert!(html.contains("10:00–11:00"), "event time");
    let note = text_of(&client, "#zone-note").await;
    assert!(
        note.contains("Asia/Almaty")
            && note.contains("Europe/Berlin")
            && note.contains("3 hours ahead"),
        "{note}"
    );

    // Register for the session; it lands in "My agenda" in local time.
    click(&client, "button[data-session]").await;
    wait_for_text(&client, "In your agenda").await;
    client.goto(&app.url("/agenda")).await.unwrap();
    let agenda = text_of(&client, "ol.agenda").await;
    assert!(agenda.contains("Sorting plants in Saxony"), "{agenda}");
    assert!(agenda.contains("13:00–14:00"), "{agenda}");
    assert!(agenda.contains("10:00–11:00 Europe/Berlin"), "{agenda}");
    assert!(
        text_of(&client, "main")
            .await
            .contains("Times in Asia/Almaty")
    );

    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn library_upload_with_progress_search_filter_and_preview() {
    let app = TestApp::sqlite().await;
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana Weber").await;
    // Something else in the library, to filter away.
    let form = reqwest::multipart::Form::new()
        .text("visibility", "public")
        .text("doc_type", "law")
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"Landfill regulation about leachate".to_vec())
                .file_name("law.txt"),
        );
    let response = app
        .api_as(&ana)
        .request(reqwest::Method::POST, "/api/v1/library/documents")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("leachate-study.txt");
    std::fs::write(&path, "A study of leachate treatment at the Taraz landfill").unwrap();

    let Some((_driver, client)) = start_browser("en-US").await else {
        return;
    };
    log_in(&client, &app, &ana.email).await;

    // Upload through the enhanced form, recording the progress bar as it moves.
    client.goto(&app.url("/library/upload")).await.unwrap();
    client
        .execute(
            "sessionStorage.removeItem('progress'); \
             new MutationObserver(() => { \
               const bar = document.querySelector('#upload-progress progress'); \
               if (bar) sessionStorage.setItem('progress', String(bar.value)); \
             }).observe(document.getElementById('upload-progress'), {subtree: true, childList: true, attributes: true});",
            vec![],
        )
        .await
        .unwrap();
    client
        .find(Locator::Css("#file"))
        .await
        .unwrap()
        .send_keys(path.to_str().unwrap())
        .await
        .unwrap();
    fill(&client, "#title", "Leachate study").await;
    click(&client, "input[name=visibility][value=public]").await;
    click(&client, "select#doc_type").await;
    client
        .find(Locator::Css("select#doc_type option[value=study]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click(&client, "#upload-submit").await;
    // The script sends the file, then opens the document.
    let mut opened = false;
    for _ in 0..100 {
        let url = client.current_url().await.unwrap();
        if url.path().starts_with("/library/") && url.path() != "/library/upload" {
            opened = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(opened, "the upload opens the new document");
    let progress = client
        .execute("return sessionStorage.getItem('progress');", vec![])
        .await
        .unwrap();
    assert_eq!(
        progress,
        serde_json::json!("100"),
        "the progress bar reached the end"
    );
    assert_eq!(text_of(&client, "#document-title").await, "Leachate study");
    // The preview shows the extracted text.
    assert!(
        text_of(&client, "#text-preview")
            .await
            .contains("leachate treatment at the Taraz landfill")
    );

    // Search, then narrow by a facet.
    client.goto(&app.url("/library")).await.unwrap();
    fill(&client, "#q", "leachate").await;
    click(&client, "#library-search button[type=submit]").await;
    let results = text_of(&client, "#library-results").await;
    assert!(
        results.contains("Leachate study") && results.contains("law"),
        "{results}"
    );
    assert!(
        text_of(&client, "#result-count")
            .await
            .contains("2 documents")
    );
    let study = client
        .find(Locator::XPath(
            "//ul[@id='facet-type']//a[contains(., 'Study')]",
        ))
        .await
        .unwrap();
    study.click().await.unwrap();
    let url = client.current_url().await.unwrap();
    assert!(
        url.query().unwrap_or_default().contains("type=study"),
        "{url}"
    );
    assert!(
        text_of(&client, "#result-count")
            .await
            .contains("1 document")
    );
    let results = text_of(&client, "#library-results").await;
    assert!(results.contains("Leachate study") && !results.contains("law.txt"));
    client.close().await.unwrap();
}

/// Waits until the text of `css` satisfies `done` (at most 10 s) and returns it.
async fn wait_text(client: &Client, css: &str, done: impl Fn(&str) -> bool) -> String {
    let mut last = String::new();
    for _ in 0..100 {
        if let Ok(element) = client.find(Locator::Css(css)).await
            && let Ok(text) = element.text().await
        {
            if done(&text) {
                return text;
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css}: still {last:?}");
}

async fn log_in(client: &Client, app: &TestApp, email: &str) {
    client.goto(&app.url("/login")).await.unwrap();
    fill(client, "#email", email).await;
    fill(client, "#password", common::PASSWORD).await;
    click(client, "form[action='/login'] button[type=submit]").await;
    // Signed in once the answer has landed: the header offers to log out.
    wait_for_text(client, "action=\"/logout\"").await;
}

/// Two members in two browsers chat live: messages without reloading, unread counts on the
/// channel list and in the header, and who is typing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_members_chat_live() {
    let app = TestApp::sqlite().await;
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let bob = app.member("Bob").await;
    let created = app
        .api_as(&ana)
        .post(
            "/api/v1/chat/channels",
            &serde_json::json!({"kind": "private", "title": "Almaty recyclers"}),
        )
        .await;
    let channel = created.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let added = app
        .api_as(&ana)
        .post(
            &format!("/api/v1/chat/channels/{channel}/members"),
            &serde_json::json!({"member_id": bob.id}),
        )
        .await;
    assert_eq!(added.status(), 200);

    let Some((_ana_driver, ana_browser)) = start_browser("en-US").await else {
        return;
    };
    let Some((_bob_driver, bob_browser)) = start_browser("en-US").await else {
        return;
    };
    log_in(&ana_browser, &app, &ana.email).await;
    log_in(&bob_browser, &app, &bob.email).await;
    ana_browser
        .goto(&app.url(&format!("/chat/{channel}")))
        .await
        .unwrap();
    bob_browser.goto(&app.url("/chat")).await.unwrap();
    // Let both sockets connect.
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Ana posts; Bob's list and header count it without a reload.
    fill(&ana_browser, "#chat-body", "Hello Bob, the bales are ready").await;
    click(&ana_browser, "#chat-form button[type=submit]").await;
    wait_text(&ana_browser, "#chat-log", |t| {
        t.contains("the bales are ready")
    })
    .await;
    assert_eq!(
        ana_browser.current_url().await.unwrap().path(),
        format!("/chat/{channel}"),
        "sent over the socket, no page load"
    );
    wait_text(
        &bob_browser,
        &format!(".chat-unread[data-channel='{channel}']"),
        |t| t == "1",
    )
    .await;
    wait_text(&bob_browser, "#chat-badge", |t| t == "1").await;

    // Bob opens the channel: the message is there and nothing is unread any more.
    click(
        &bob_browser,
        &format!("#chat-channels a[href='/chat/{channel}']"),
    )
    .await;
    wait_text(&bob_browser, "#chat-log", |t| {
        t.contains("the bales are ready")
    })
    .await;
    wait_text(&bob_browser, "#chat-badge", |t| t.is_empty()).await;

    // Bob types: Ana sees it; Bob answers: Ana sees the answer live.
    fill(&bob_browser, "#chat-body", "Great").await;
    wait_text(&ana_browser, "#chat-typing", |t| {
        t.contains("Bob is typing")
    })
    .await;
    fill(
        &bob_browser,
        "#chat-body",
        "Great, I will pick them up on Monday",
    )
    .await;
    click(&bob_browser, "#chat-form button[type=submit]").await;
    wait_text(&ana_browser, "#chat-log", |t| {
        t.contains("pick them up on Monday")
    })
    .await;
    wait_text(&ana_browser, "#chat-typing", |t| t.is_empty()).await;

    // Both messages are stored once.
    let stored = app
        .api_as(&ana)
        .get_json(&format!("/api/v1/chat/channels/{channel}/messages"))
        .await;
    assert_eq!(stored["messages"].as_array().unwrap().len(), 2, "{stored}");

    ana_browser.close().await.unwrap();
    bob_browser.close().await.unwrap();
}

/// Two files dropped on the upload form's drop zone (a real `drop` event carrying a
/// `DataTransfer` of two `File`s, as a desktop drag would): both are sent with a progress bar
/// each, both documents appear in the library, and search finds one of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn library_files_dropped_on_the_upload_form() {
    let app = TestApp::sqlite().await;
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana Weber").await;
    let Some((_driver, client)) = start_browser("en-US").await else {
        return;
    };
    log_in(&client, &app, &ana.email).await;
    client.goto(&app.url("/library/upload")).await.unwrap();
    find(&client, "#dropzone").await;
    // Record every progress bar by file name as the script updates it (the page is left
    // for the library once both are in).
    client
        .execute(
            "sessionStorage.removeItem('bars'); \
             new MutationObserver(() => { \
               const bars = {}; \
               for (const item of document.querySelectorAll('#upload-progress li')) { \
                 const name = item.querySelector('span').textContent; \
                 bars[name] = {value: item.querySelector('progress').value, done: item.classList.contains('done')}; \
               } \
               sessionStorage.setItem('bars', JSON.stringify(bars)); \
             }).observe(document.getElementById('upload-progress'), {subtree: true, childList: true, attributes: true});",
            vec![],
        )
        .await
        .unwrap();

    let dropped = client
        .execute(
            "const data = new DataTransfer(); \
             data.items.add(new File(['Vermicompost beds of the Shymkent pilot plant'], 'vermicompost-beds.txt', {type: 'text/plain'})); \
             data.items.add(new File(['Colour sorting of glass cullet in Almaty'], 'glass-cullet.txt', {type: 'text/plain'})); \
             const zone = document.getElementById('dropzone'); \
             const init = {bubbles: true, cancelable: true, dataTransfer: data}; \
             zone.dispatchEvent(new DragEvent('dragenter', init)); \
             zone.dispatchEvent(new DragEvent('dragover', init)); \
             const dragging = zone.classList.contains('dragging'); \
             const notHandled = zone.dispatchEvent(new DragEvent('drop', init)); \
             return [dragging, notHandled, Array.from(document.getElementById('file').files).map(f => f.name)];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        dropped,
        serde_json::json!([true, false, ["vermicompost-beds.txt", "glass-cullet.txt"]]),
        "the drop zone takes the files into the form"
    );
    click(&client, "input[name=visibility][value=public]").await;
    click(&client, "#upload-submit").await;

    // Both are sent, then the library opens, newest first.
    let mut listed = false;
    for _ in 0..100 {
        let url = client.current_url().await.unwrap();
        if url.path() == "/library" && url.query().unwrap_or_default().contains("notice") {
            listed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(listed, "the uploads open the library");
    let bars = client
        .execute("return JSON.parse(sessionStorage.getItem('bars'));", vec![])
        .await
        .unwrap();
    for name in ["vermicompost-beds.txt", "glass-cullet.txt"] {
        assert_eq!(bars[name]["value"], 100, "{name}: {bars}");
        assert_eq!(bars[name]["done"], true, "{name}: {bars}");
    }
    let results = text_of(&client, "#library-results").await;
    assert!(
        results.contains("vermicompost-beds") && results.contains("glass-cullet"),
        "{results}"
    );

    // Search finds one by a word of its text.
    fill(&client, "#q", "cullet").await;
    click(&client, "#library-search button[type=submit]").await;
    wait_text(&client, "#result-count", |t| t.contains("1 document")).await;
    let results = text_of(&client, "#library-results").await;
    assert!(
        results.contains("glass-cullet") && !results.contains("vermicompost"),
        "{results}"
    );
    client.close().await.unwrap();
}

/// Two participants of a B2B programme in Berlin and Almaty: one asks through the pages, the
/// other accepts a time free for both, and each sees the meeting at their own time (Berlin
/// UTC+1 and Almaty UTC+5 in March 2031) with the same room link.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn b2b_meeting_between_berlin_and_almaty_through_the_pages() {
    use serde_json::json;
    let app = TestApp::sqlite().await;
    let organiser = app.member("Olga Organiser").await;
    let event = app
        .api_as(&organiser)
        .post(
            "/api/v1/events",
            &json!({"title": "ECO week 2031", "starts_on": "2031-03-25", "ends_on": "2031-03-27",
                    "timezone": "Europe/Berlin"}),
        )
        .await
        .json::<serde_json::Value>()
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let response = app
        .api_as(&organiser)
        .put(
            &format!("/api/v1/events/{event}/b2b"),
            &json!({"meeting_minutes": 20, "break_minutes": 5, "max_meetings": 6, "max_pending": 5,
                    "windows": [{"date": "2031-03-25", "from": "10:00", "to": "12:00"}],
                    "room_base": "https://meet.example.org"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let anna = app.member("Anna Schmidt").await;
    let dana = app.member("Dana Seitkali").await;
    for (member, zone, organisation) in [
        (&anna, "Europe/Berlin", "EcoSort GmbH"),
        (&dana, "Asia/Almaty", "Taza Qala"),
    ] {
        let api = app.api_as(member);
        let response = api.patch("/api/v1/me", &json!({"timezone": zone})).await;
        assert!(response.status().is_success());
        let response = api
            .post(&format!("/api/v1/events/{event}/registration"), &json!({}))
            .await;
        assert_eq!(response.status(), 201);
        let response = api
            .put(
                &format!("/api/v1/events/{event}/b2b/profile"),
                &json!({"organisation": organisation, "languages": ["en"]}),
            )
            .await;
        assert_eq!(response.status(), 201);
    }

    // Anna, in Berlin, asks Dana for a meeting.
    let Some((_anna_driver, anna_client)) = start_browser_in("en-US", Some("Europe/Berlin")).await
    else {
        return;
    };
    log_in(&anna_client, &app, &anna.email).await;
    anna_client
        .goto(&app.url(&format!("/events/{event}/b2b/participants/{}", dana.id)))
        .await
        .unwrap();
    fill(&anna_client, "#message", "Let us talk about sorting lines.").await;
    click(&anna_client, "#request-form button[type=submit]").await;
    wait_for_text(&anna_client, "Your request is sent.").await;

    // Dana, in Almaty, accepts 14:25 her time: 10:25 in Berlin, 09:25 UTC.
    let Some((_dana_driver, dana_client)) = start_browser_in("en-US", Some("Asia/Almaty")).await
    else {
        return;
    };
    log_in(&dana_client, &app, &dana.email).await;
    dana_client
        .goto(&app.url(&format!("/events/{event}/b2b/requests")))
        .await
        .unwrap();
    let html = wait_for_text(&dana_client, "Let us talk about sorting lines.").await;
    assert!(
        html.contains(
            "14:25–14:45 (your time, Asia/Almaty) · 10:25–10:45 (Anna Schmidt, Europe/Berlin)"
        ),
        "both sides' times are offered"
    );
    let start = jiff::civil::date(2031, 3, 25)
        .at(9, 25, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp()
        .as_millisecond();
    click(&dana_client, &format!("input[name=slot][value='{start}']")).await;
    click(&dana_client, "button[name=action][value=accept]").await;
    wait_for_text(&dana_client, "Accepted: the meeting is booked.").await;
    let meeting_url = dana_client.current_url().await.unwrap();
    let meeting_path = meeting_url.path().to_string();
    assert!(meeting_path.starts_with("/b2b/meetings/"), "{meeting_path}");

    let side = |member: i64| format!(".side-time[data-member='{member}']");
    let dana_own = text_of(&dana_client, &side(dana.id)).await;
    let dana_sees_anna = text_of(&dana_client, &side(anna.id)).await;
    assert!(
        dana_own.contains("14:25–14:45") && dana_own.contains("Asia/Almaty"),
        "{dana_own}"
    );
    assert!(
        dana_sees_anna.contains("10:25–10:45") && dana_sees_anna.contains("Europe/Berlin"),
        "{dana_sees_anna}"
    );
    let dana_room = find(&dana_client, "#join")
        .await
        .attr("href")
        .await
        .unwrap();

    anna_client.goto(&app.url(&meeting_path)).await.unwrap();
    let anna_own = text_of(&anna_client, &side(anna.id)).await;
    let anna_sees_dana = text_of(&anna_client, &side(dana.id)).await;
    assert!(
        anna_own.contains("10:25–10:45") && anna_own.contains("Europe/Berlin"),
        "{anna_own}"
    );
    assert!(
        anna_sees_dana.contains("14:25–14:45") && anna_sees_dana.contains("Asia/Almaty"),
        "{anna_sees_dana}"
    );
    let anna_room = find(&anna_client, "#join")
        .await
        .attr("href")
        .await
        .unwrap();
    assert_eq!(anna_room, dana_room, "one room for both");
    assert_eq!(anna_room, Some(format!("{meeting_path}/join")));
    // Her list of meetings shows it at her time, with Dana's beside it.
    anna_client.goto(&app.url("/b2b/meetings")).await.unwrap();
    let list = text_of(&anna_client, "ol.b2b-meetings").await;
    assert!(
        list.contains("10:25–10:45")
            && list.contains("Dana Seitkali: Tuesday, 25 March 2031, 14:25–14:45 (Asia/Almaty)"),
        "{list}"
    );

    anna_client.close().await.unwrap();
    dana_client.close().await.unwrap();
}

/// A member opens a topic, another replies, the first hears of it and marks the answer
/// accepted; hostile Markdown in a reply runs nothing in the browser.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_answered_and_accepted_in_discussions() {
    use serde_json::json;
    let app = TestApp::sqlite().await;
    let admin = app.member("Olga Organiser").await;
    let response = app
        .api_as(&admin)
        .post(
            "/api/v1/discussions/categories",
            &json!({"slug": "municipal-waste", "texts": [{"locale": "en", "name": "Municipal waste"}]}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let anna = app.member("Anna Schmidt").await;
    let dana = app.member("Dana Seitkali").await;

    let Some((_anna_driver, anna_client)) = start_browser("en-US").await else {
        return;
    };
    log_in(&anna_client, &app, &anna.email).await;
    anna_client
        .goto(&app.url("/discussions/new"))
        .await
        .unwrap();
    fill(
        &anna_client,
        "#title",
        "How should a city of 300,000 sort its waste?",
    )
    .await;
    fill(
        &anna_client,
        "#body",
        "We start in *one* district next spring.",
    )
    .await;
    fill(&anna_client, "#tags", "separate collection").await;
    click(
        &anna_client,
        "form[action='/discussions/new'] button[type=submit]",
    )
    .await;
    wait_for_text(&anna_client, "Your topic is open.").await;
    let topic_path = anna_client.current_url().await.unwrap().path().to_string();
    assert!(
        topic_path.starts_with("/discussions/topics/"),
        "{topic_path}"
    );

    let Some((_dana_driver, dana_client)) = start_browser("en-US").await else {
        return;
    };
    log_in(&dana_client, &app, &dana.email).await;
    dana_client.goto(&app.url(&topic_path)).await.unwrap();
    fill(
        &dana_client,
        "#reply-body",
        "Start with two streams: dry and wet.",
    )
    .await;
    click(&dana_client, "form[action$='/reply'] button[type=submit]").await;
    wait_for_text(&dana_client, "Your reply is posted.").await;

    // Anna's notifications name Dana's reply and lead to it.
    anna_client.goto(&app.url("/notifications")).await.unwrap();
    wait_for_text(&anna_client, "Dana Seitkali replied in").await;
    click(&anna_client, "a[href^='/notifications/']").await;
    wait_for_text(&anna_client, "Start with two streams").await;
    click(&anna_client, "button[name=action][value=accept]").await;
    wait_for_text(&anna_client, "The answer is marked as accepted.").await;
    let accepted = text_of(&anna_client, ".post.is-accepted .post-body").await;
    assert!(accepted.contains("two streams"), "{accepted}");

    // Hostile Markdown: nothing runs, nothing dangerous is in the page.
    let topic: i64 = topic_path
        .trim_start_matches("/discussions/topics/")
        .parse()
        .unwrap();
    for payload in [
        "<script>window.pwned = 1</script>",
        "<img src=x onerror=\"window.pwned = 2\">",
        "<svg onload=\"window.pwned = 3\"></svg>",
        "[click me](javascript:window.pwned=4)",
        "<a href=\"javascript:window.pwned=5\" id=\"evil\">evil</a>",
        "<details open ontoggle=\"window.pwned = 6\">x</details>",
    ] {
        let response = app
            .api_as(&dana)
            .post(
                &format!("/api/v1/discussions/topics/{topic}/replies"),
                &json!({"body": payload}),
            )
            .await;
        assert_eq!(response.status(), 201);
    }
    anna_client.goto(&app.url(&topic_path)).await.unwrap();
    wait_for_text(&anna_client, "click me").await;
    // Follow every link in the posts: none may run code.
    let links = anna_client
        .find_all(Locator::Css(".post-body a"))
        .await
        .unwrap();
    for link in links {
        let href = link.attr("href").await.unwrap().unwrap_or_default();
        assert!(!href.to_lowercase().starts_with("javascript"), "{href}");
    }
    let outcome = anna_client
        .execute(
            "return [window.pwned === undefined, \
                     document.querySelectorAll('.post-body script, .post-body svg, .post-body [onerror], .post-body [ontoggle]').length]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(outcome, json!([true, 0]), "a payload ran or survived");

    anna_client.close().await.unwrap();
    dana_client.close().await.unwrap();
}

/// Evaluates `script` (which returns a string) until `done` holds, for at most 10 s.
async fn wait_js(client: &Client, script: &str, done: impl Fn(&str) -> bool) -> String {
    let mut last = String::new();
    for _ in 0..100 {
        if let Ok(value) = client.execute(script, vec![]).await {
            last = value.as_str().unwrap_or_default().to_string();
            if done(&last) {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{script}: still {last:?}");
}

/// A session's audience in two browsers: one member asks, the other votes it up and the
/// asker sees the order change live; the speaker marks it answered; a poll opened by the
/// organiser appears, and the voter sees its result bars move as votes come in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn questions_and_polls_live_in_two_browsers() {
    use serde_json::{Value, json};
    let app = TestApp::sqlite().await;
    let admin = app.member("Aigerim Admin").await;
    let speaker = app.member("Sabina Speaker").await;
    let ana = app.member("Ana").await;
    let bolat = app.member("Bolat").await;
    let carl = app.member("Carl").await;
    let stamp = |minutes: i64, format: &str| {
        (jiff::Timestamp::now() + jiff::SignedDuration::from_mins(minutes))
            .to_zoned(jiff::tz::TimeZone::UTC)
            .strftime(format)
            .to_string()
    };
    let event: Value = app
        .api_as(&admin)
        .post(
            "/api/v1/events",
            &json!({"title": "ECO week", "locale": "en", "starts_on": stamp(-2880, "%Y-%m-%d"),
                    "ends_on": stamp(2880, "%Y-%m-%d"), "timezone": "UTC"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let session: Value = app
        .api_as(&admin)
        .post(
            &format!("/api/v1/events/{}/sessions", event["id"]),
            &json!({"title": "Landfill gas", "starts_at": stamp(-10, "%Y-%m-%dT%H:%M"),
                    "ends_at": stamp(50, "%Y-%m-%dT%H:%M"), "speakers": [{"member_id": speaker.id}]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let s = session["id"].as_i64().unwrap();
    let earlier: Value = app
        .api_as(&carl)
        .post(
            &format!("/api/v1/sessions/{s}/questions"),
            &json!({"body": "An earlier question"}),
        )
        .await
        .json()
        .await
        .unwrap();

    let Some((_ana_driver, ana_browser)) = start_browser("en-US").await else {
        return;
    };
    let Some((_bolat_driver, bolat_browser)) = start_browser("en-US").await else {
        return;
    };
    log_in(&ana_browser, &app, &ana.email).await;
    log_in(&bolat_browser, &app, &bolat.email).await;
    let live = app.url(&format!("/sessions/{s}/live"));
    bolat_browser.goto(&live).await.unwrap();
    ana_browser.goto(&live).await.unwrap();
    let following = "return document.getElementById('live').dataset.live || ''";
    wait_js(&bolat_browser, following, |v| v == "on").await;

    // Ana asks through the form; Bolat's page shows the question without a reload.
    fill(
        &ana_browser,
        "#ask-body",
        "How much gas does a tonne of waste give?",
    )
    .await;
    click(&ana_browser, "#ask-form button[type=submit]").await;
    wait_text(&ana_browser, "#live-questions", |t| {
        t.contains("a tonne of waste")
    })
    .await;
    wait_text(&bolat_browser, "#live-questions", |t| {
        t.contains("a tonne of waste")
    })
    .await;
    wait_js(&ana_browser, following, |v| v == "on").await;
    let first = "return document.querySelector('#live-questions li').id";
    assert_eq!(
        wait_js(&ana_browser, first, |_| true).await,
        format!("q{}", earlier["id"])
    );

    // Bolat votes it up: Ana sees it move to the top, live.
    let asked = app
        .api_as(&ana)
        .get_json(&format!("/api/v1/sessions/{s}/questions"))
        .await["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["mine"] == true)
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    click(&bolat_browser, &format!("#q{asked} .vote-button")).await;
    wait_js(&ana_browser, first, |v| v == format!("q{asked}")).await;
    wait_text(&ana_browser, &format!("#q{asked} .vote-count"), |t| {
        t == "1"
    })
    .await;
    wait_text(&bolat_browser, &format!("#q{asked} .vote-button"), |t| {
        t == "Withdraw vote"
    })
    .await;
    assert_eq!(
        bolat_browser.current_url().await.unwrap().path(),
        format!("/sessions/{s}/live"),
        "voted without leaving the page"
    );

    // The speaker marks it answered: it says so on Ana's page and moves below the open one.
    let answered = app
        .api_as(&speaker)
        .patch(
            &format!("/api/v1/questions/{asked}"),
            &json!({"state": "answered"}),
        )
        .await;
    assert_eq!(answered.status(), 200);
    wait_text(
        &ana_browser,
        &format!("#q{asked} .live-question-meta"),
        |t| t.contains("Answered"),
    )
    .await;
    wait_js(&ana_browser, first, |v| v == format!("q{}", earlier["id"])).await;

    // The organiser opens a poll: it appears on Bolat's page; his vote shows the bars, and
    // Carl's vote moves them.
    let poll: Value = app
        .api_as(&admin)
        .post(
            &format!("/api/v1/sessions/{s}/polls"),
            &json!({"kind": "single", "show_results": "after_vote",
                    "question": {"en": "Do you capture landfill gas?"},
                    "options": [{"en": "Yes"}, {"en": "Not yet"}]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let p = poll["id"].as_i64().unwrap();
    app.api_as(&admin)
        .patch(&format!("/api/v1/polls/{p}"), &json!({"state": "open"}))
        .await;
    wait_text(&bolat_browser, "#polls", |t| {
        t.contains("Do you capture landfill gas?")
    })
    .await;
    let yes = poll["options"][0]["id"].as_i64().unwrap();
    let not_yet = poll["options"][1]["id"].as_i64().unwrap();
    click(
        &bolat_browser,
        &format!("#poll{p} input[name=option][value='{yes}']"),
    )
    .await;
    click(
        &bolat_browser,
        &format!("#poll{p} .poll-form button[type=submit]"),
    )
    .await;
    let bar = |option: i64| {
        format!(
            "return String(document.querySelector('#poll{p} li[data-option=\"{option}\"] progress').value)"
        )
    };
    wait_js(&bolat_browser, &bar(yes), |v| v == "100").await;
    app.api_as(&carl)
        .put(
            &format!("/api/v1/polls/{p}/vote"),
            &json!({"options": [not_yet]}),
        )
        .await;
    wait_js(&bolat_browser, &bar(yes), |v| v == "50").await;
    wait_js(&bolat_browser, &bar(not_yet), |v| v == "50").await;
    wait_text(&bolat_browser, &format!("#poll{p} .voters-n"), |t| t == "2").await;
    // Ana has not voted: no results for her yet.
    let hidden = format!("return String(document.querySelector('#poll{p} .poll-results').hidden)");
    wait_js(
        &ana_browser,
        &format!("return document.getElementById('poll{p}') ? 'yes' : ''"),
        |v| v == "yes",
    )
    .await;
    assert_eq!(wait_js(&ana_browser, &hidden, |_| true).await, "true");

    ana_browser.close().await.unwrap();
    bolat_browser.close().await.unwrap();
}
