//! The example content of `serve --demo`: it loads on both databases, loading it again adds
//! nothing, and a newcomer who signs in as the demo's admin finds every capability filled.

use crate::common;

use circula::demo::{self, DEMO_PASSWORD};
use common::TestApp;

both_backends!(the_demo_fills_every_capability_once);

async fn the_demo_fills_every_capability_once(app: TestApp) {
    let first = demo::load(&app.state).await.expect("the demo loads");
    assert!(first.members_created > 0, "{first:?}");
    assert!(first.organisations_created > 0, "{first:?}");
    assert!(first.events_created > 0, "{first:?}");
    assert!(first.library_documents_created > 0, "{first:?}");
    assert_eq!(first.b2b_programmes_created, 1, "{first:?}");
    assert!(first.discussions_created, "{first:?}");
    assert!(first.live_created, "{first:?}");
    let again = demo::load(&app.state).await.expect("the demo loads again");
    assert_eq!(
        (
            again.members_created,
            again.organisations_created,
            again.events_created,
            again.library_documents_created,
            again.b2b_programmes_created,
            again.discussions_created,
            again.live_created
        ),
        (0, 0, 0, 0, 0, false, false),
        "loading twice adds nothing"
    );

    let browser = app.browser();
    browser.login("admin@circula.example", DEMO_PASSWORD).await;
    let events = browser.get_html("/events").await;
    assert!(events.contains("ECO week 2023"), "events list");
    // Live sessions: the landfill-gas session's questions (one anonymous) and closed poll.
    let landfill: i64 = sqlx::query_scalar(
        "SELECT id FROM event_sessions WHERE title LIKE 'Landfill gas capture%'",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    let session = browser.get_html(&format!("/sessions/{landfill}")).await;
    assert!(session.contains(&format!("/sessions/{landfill}/live")));
    let live = browser
        .get_html(&format!("/sessions/{landfill}/live"))
        .await;
    for text in [
        "Какая доля метана на полигонах Казахстана",
        "Who owns the carbon credits",
        "Anonymous",
        "Does your city capture landfill gas today?",
        r#"<progress max="100""#,
    ] {
        assert!(live.contains(text), "live page: {text}");
    }
    assert!(
        !live.contains("Timur Seitkali"),
        "the anonymous author stays hidden"
    );
    // Feedback: the session's ratings, and the week's survey with its results.
    assert!(live.contains("Очень практично"), "session comments");
    let eco: i64 = sqlx::query_scalar("SELECT event_id FROM event_sessions WHERE id = $1")
        .bind(landfill)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let results = browser
        .get_html(&format!("/events/{eco}/survey/results"))
        .await;
    for text in [
        "How would you rate the week overall?",
        "The B2B meetings",
        "Mehr Zeit für Fragen nach den Vorträgen.",
        "Average rating per session",
        r#"<svg class="chart-svg""#,
    ] {
        assert!(results.contains(text), "survey results: {text}");
    }
    let audit = browser.get_html("/admin/audit").await;
    assert!(
        audit.contains("live_question_moderate") && audit.contains("state=answered"),
        "the audit log shows the questions marked answered"
    );
    let library = browser.get_html("/library").await;
    assert!(library.contains("Экологический кодекс"), "library list");
    let members = browser.get_html("/members").await;
    assert!(members.contains("AHK Zentralasien"), "directory");
    // Discussions: six categories, topics in the community's languages, accepted answers.
    let discussions = browser.get_html("/discussions").await;
    for text in [
        "Как городу на 300 000 жителей организовать раздельный сбор?",
        "EPR in Kazakhstan: what does it mean for packaging importers?",
        "Мектептерде қалдықтарды сұрыптауды қалай үйретеміз?",
        "Partner gesucht: Service für Sortieranlagen in Kasachstan",
        "Legislation and EPR",
    ] {
        assert!(discussions.contains(text), "discussions list: {text}");
    }
    assert!(discussions.contains("Answered"));
    // A newcomer's reply waits in the queue: the admin sees the badge; search finds topics.
    assert!(discussions.contains("1 post to moderate"), "queue badge");
    let found = browser
        .get_html("/discussions?q=%D0%BE%D1%82%D1%85%D0%BE%D0%B4%D0%BE%D0%B2")
        .await;
    assert!(found.contains("<b>отходы</b>"), "search in discussions");
    let visitor = app.browser().get_html("/discussions").await;
    assert!(
        !visitor.contains("Partner gesucht"),
        "members-only topics stay hidden from visitors"
    );

    // The ECO week's B2B programme: profiles, requests in every state, a published schedule.
    let eco_week = demo_event(&app).await;
    let api = app
        .api_as_email("admin@circula.example", DEMO_PASSWORD)
        .await;
    let figures = api
        .get_json(&format!("/api/v1/events/{eco_week}/b2b/dashboard"))
        .await;
    assert_eq!(figures["participants"], 8, "{figures}");
    assert!(
        figures["meetings_scheduled"].as_i64().unwrap() >= 6,
        "{figures}"
    );
    assert_eq!(figures["requests_pending"], 1, "{figures}");
    assert_eq!(figures["requests_declined"], 1, "{figures}");
    assert!(figures["meetings_held"].as_i64().unwrap() >= 1, "{figures}");
    let markus = app
        .api_as_email("markus.weber@circula.example", DEMO_PASSWORD)
        .await;
    let found = markus
        .get_json(&format!(
            "/api/v1/events/{eco_week}/b2b/profiles?q=%D1%81%D0%BE%D1%80%D1%82"
        ))
        .await;
    assert!(
        found
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["organisation"] == "EcoRecycling Almaty"),
        "a Cyrillic search finds the Almaty recycler: {found}"
    );
}

async fn demo_event(app: &TestApp) -> i64 {
    circula::events::demo::eco_week(&app.state)
        .await
        .unwrap()
        .expect("the ECO week")
}

/// A newcomer's first command, as the README gives it: `circula serve --demo` with its
/// options on the command line. The example content is loaded (in a child process, see
/// `main.rs`) before the server answers, and the server finds all of it, its search index
/// included.
#[tokio::test]
async fn serve_demo_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _server = KillOnDrop(
        std::process::Command::new(env!("CARGO_BIN_EXE_circula"))
            .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
            .arg(data.path())
            .arg("--demo")
            .env_remove("CIRCULA_DATABASE_URL")
            .env_remove("CIRCULA_DATA")
            .env_remove("CIRCULA_LISTEN")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the server starts"),
    );
    let base = format!("http://127.0.0.1:{port}");
    let mut up = false;
    for _ in 0..1200 {
        if let Ok(response) = reqwest::get(format!("{base}/healthz")).await
            && response.status().is_success()
        {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "serve --demo did not come up within two minutes");
    assert!(data.path().join("circula.db").exists());
    {
        let get = |path: &str| reqwest::get(format!("{base}{path}"));
        let library = get("/library").await.unwrap().text().await.unwrap();
        assert!(library.contains("Экологический кодекс Республики Казахстан"));
        let found = get("/library?q=waste").await.unwrap().text().await.unwrap();
        assert!(found.contains("EU-Abfallrahmenrichtlinie"), "{found}");
        let events = get("/events").await.unwrap().text().await.unwrap();
        assert!(events.contains("ECO"), "{events}");
    }
}

struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
