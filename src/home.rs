//! The landing page: what the community is, a glimpse of who is in it. Visitors who are not
//! signed in get it from the render cache, kept while the members' data stays the same.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use crate::members::{self, DirectoryEntry};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::layout::Page;
use crate::web::render_cache::{self, Entry};

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
    let kept = render_cache::for_visitors(&state, &page, "home", members::version(&state));
    if let Some(body) = kept.as_ref().and_then(Entry::get) {
        return Ok(render_cache::html(body));
    }
    let directory = members::directory(&state, &Default::default(), 1, page.i18n).await?;
    let organisations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
        .fetch_one(&state.db.pool)
        .await?;
    let newest = directory.items.into_iter().take(6).collect();
    render_cache::render_kept(
        kept,
        &Landing {
            page,
            members: directory.total,
            organisations,
            newest,
        },
    )
}
