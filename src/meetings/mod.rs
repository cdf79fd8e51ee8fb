//! B2B meetings.

pub mod scheduler;
