//! Queries of the B2B programme, written once for SQLite and PostgreSQL (see `store`), by
//! resource: settings and profiles, requests, meetings.

mod meetings;
mod profiles;
mod requests;

pub use meetings::*;
pub use profiles::*;
pub use requests::*;
