//! Circula's integration tests, in one binary so that the suite links once: each module tests
//! one capability through the real server (HTTP and WebSocket, on SQLite and PostgreSQL, see
//! `common`), `browser` drives headless Chromium, `locales` checks the translations.
//!
//! Run one capability with `cargo test --test it accounts::`, one test by its name.

#[macro_use]
mod common;
mod chat_client;

mod accounts;
mod architecture;
mod browser;
mod chat;
mod chat_features;
mod demo;
mod discussions;
mod events;
mod library;
mod live;
mod live_feedback;
mod locales;
mod mail;
mod meetings;
mod meetings_pages;
mod members;
mod operations;
mod signals;
mod smoke;
mod visitors;
