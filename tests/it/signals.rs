//! The signal bus (`src/signals.rs`): a change of a member's rights reaches chat through the
//! bus alone, and a new subscriber hears what accounts and members publish without any change
//! where they publish it.

use crate::chat_client;
use crate::common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chat_client::connect;
use circula::signals::Signal;
use common::TestApp;
use reqwest::StatusCode;
use serde_json::json;

both_backends!(
    a_signal_alone_closes_the_sockets_of_a_member_whose_session_ended,
    a_new_subscriber_hears_accounts_and_members,
);

async fn a_signal_alone_closes_the_sockets_of_a_member_whose_session_ended(app: TestApp) {
    let bob = app.member("Bob").await;
    let mut ws = connect(&app.address, &bob.token).await;
    // Past the greeting, which checks the session once more.
    tokio::time::sleep(Duration::from_millis(600)).await;
    // The session ends behind the server's back: nothing tells the socket, so it stays open.
    sqlx::query("DELETE FROM sessions WHERE member_id = $1")
        .bind(bob.id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let still_open = tokio::time::timeout(Duration::from_millis(300), ws.closed()).await;
    assert!(
        still_open.is_err(),
        "closed without a signal: {still_open:?}"
    );
    // The signal alone makes chat re-check the socket, which finds the session gone.
    app.state
        .publish(Signal::MemberChanged { member: bob.id })
        .await;
    let (close, _) = ws.closed().await;
    assert_eq!(close, Some((1008, "signed out".to_string())));
}

async fn a_new_subscriber_hears_accounts_and_members(app: TestApp) {
    let heard = Arc::new(Mutex::new(Vec::new()));
    let recorder = heard.clone();
    app.state.signals.subscribe(move |_state, signal| {
        let recorder = recorder.clone();
        async move { recorder.lock().unwrap().push(signal) }
    });
    let admin = app.member("Admin").await;
    let bob = app.member("Bob").await;
    assert!(
        heard
            .lock()
            .unwrap()
            .contains(&Signal::AccountCreated { member: bob.id }),
        "{heard:?}"
    );
    let changed = Signal::MemberChanged { member: bob.id };
    let response = app
        .api_as(&admin)
        .patch(
            &format!("/api/v1/admin/members/{}", bob.id),
            &json!({"role": "organiser"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(heard.lock().unwrap().last(), Some(&changed), "role change");
    heard.lock().unwrap().clear();
    let response = app
        .api_as(&bob)
        .patch("/api/v1/me", &json!({"name": "Robert Brown"}))
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(*heard.lock().unwrap(), vec![changed], "rename");
}
