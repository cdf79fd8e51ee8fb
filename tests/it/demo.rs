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
    let again = demo::load(&app.state).await.expect("the demo loads again");
    assert_eq!(
        (
            again.members_created,
            again.organisations_created,
            again.events_created,
            again.library_documents_created
        ),
        (0, 0, 0, 0),
        "loading twice adds nothing"
    );

    let browser = app.browser();
    browser.login("admin@circula.example", DEMO_PASSWORD).await;
    let events = browser.get_html("/events").await;
    assert!(events.contains("ECO week 2023"), "events list");
    let library = browser.get_html("/library").await;
    assert!(library.contains("Экологический кодекс"), "library list");
    let members = browser.get_html("/members").await;
    assert!(members.contains("AHK Zentralasien"), "directory");
}
