//! The landing page: what the community is, a glimpse of who is in it.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use crate::members::{self, DirectoryEntry};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::layout::Page;
use crate::web::render;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(landing))
}

#[derive(Template)]
#[template(path = "home.html")]
struct Landing {
    page: Page,
    members: i64,
    organisations: i64,
    newest: Vec<DirectoryEntry>,
}

async fn landing(State(state): State<AppState>, page: Page) -> Result<Response, AppError> {
    let directory = members::directory(&state, &Default::default(), 1, page.i18n).await?;
    let organisations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
        .fetch_one(&state.db.pool)
        .await?;
    let newest = directory.items.into_iter().take(6).collect();
    render(
        StatusCode::OK,
        &Landing {
            page,
            members: directory.total,
            organisations,
            newest,
        },
    )
}
