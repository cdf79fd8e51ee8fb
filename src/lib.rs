//! Circula: a self-hosted networking platform for professional communities across borders
//! and languages. See `DESIGN.md` in the shared folder for the map; each capability is a module
//! with its routes in `mod.rs`, and `app.rs` assembles them.

pub mod accounts;
pub mod admin;
pub mod app;
pub mod chat;
pub mod config;
pub mod demo;
pub mod discussions;
pub mod events;
pub mod home;
pub mod library;
pub mod live;
pub mod mail;
pub mod meetings;
pub mod members;
pub mod notifications;
pub mod openapi;
pub mod search;
pub mod signals;
pub mod state;
pub mod store;
pub mod web;
