//! The server's figures for Prometheus at `GET /metrics` (OpenMetrics text): requests by
//! route, method and status, their latencies, and gauges read at each scrape — the database
//! pool, and what capabilities add in `app::state` (the chat's open sockets and the backlog of
//! its dispatcher).
//!
//! Who may read them: with `CIRCULA_METRICS_TOKEN` set, a request bearing that token
//! (`Authorization: Bearer …`); without, only a client on this machine talking to the server
//! directly — a request that came through a proxy (it carries `X-Forwarded-For` or
//! `Forwarded`) is refused, so a reverse proxy in front never publishes them by accident.
//!
//! Labels stay few: the route is the matched path template (`/events/{id}`), never the path
//! itself, and methods outside the usual ones count as `OTHER`.

use std::sync::atomic::AtomicI64;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use sha2::{Digest, Sha256};

use super::error::AppError;
use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: String,
}

/// A gauge's value, read from the state at each scrape.
type Reading = Box<dyn Fn(&AppState) -> i64 + Send + Sync>;

type Durations = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// The figures of this instance (a service).
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Durations,
    gauges: Vec<(Gauge<i64, AtomicI64>, Reading)>,
}

fn latency_histogram() -> Histogram {
    // 0.25 ms to about 4 s.
    Histogram::new(exponential_buckets(0.000_25, 2.0, 15))
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "circula_http_requests",
            "HTTP requests answered, by method, route and status",
            requests.clone(),
        );
        let durations = Durations::new_with_constructor(latency_histogram);
        registry.register(
            "circula_http_request_duration_seconds",
            "Time from a request's arrival to its answer's head, by method and route",
            durations.clone(),
        );
        Metrics {
            registry,
            requests,
            durations,
            gauges: Vec::new(),
        }
        .with_gauge(
            "circula_db_pool_connections",
            "Open connections of the database pool",
            |state| i64::from(state.db.pool.size()),
        )
        .with_gauge(
            "circula_db_pool_idle",
            "Idle connections of the database pool",
            |state| i64::try_from(state.db.pool.num_idle()).unwrap_or(i64::MAX),
        )
    }
}

impl Metrics {
    /// Adds a gauge whose value `read` takes from the state at each scrape.
    pub fn with_gauge(
        mut self,
        name: &str,
        help: &str,
        read: impl Fn(&AppState) -> i64 + Send + Sync + 'static,
    ) -> Metrics {
        let gauge = Gauge::<i64, AtomicI64>::default();
        self.registry.register(name, help, gauge.clone());
        self.gauges.push((gauge, Box::new(read)));
        self
    }

    fn observe(&self, method: &'static str, route: String, status: u16, took: Duration) {
        self.durations
            .get_or_create(&RouteLabels {
                method,
                route: route.clone(),
            })
            .observe(took.as_secs_f64());
        self.requests
            .get_or_create(&RequestLabels {
                method,
                route,
                status,
            })
            .inc();
    }

    /// The figures as OpenMetrics text.
    fn render(&self, state: &AppState) -> String {
        for (gauge, read) in &self.gauges {
            gauge.set(read(state));
        }
        let mut out = String::new();
        encode(&mut out, &self.registry).expect("writing to a String cannot fail");
        out
    }
}

fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// Middleware: counts each request and times it to its answer's head.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    state.service::<Metrics>().observe(
        method,
        route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// Whether the request may read the figures (see the module's documentation). Refusals are
/// JSON errors, as for the API (`metrics_token`, `metrics_local_only`): a scraper follows no
/// sign-in page.
fn allowed(
    state: &AppState,
    headers: &HeaderMap,
    peer: std::net::SocketAddr,
) -> Result<(), AppError> {
    match &state.config.metrics_token {
        Some(token) => {
            let given = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or("");
            // Compared as digests: the time taken says nothing about the token.
            if Sha256::digest(given.as_bytes()) == Sha256::digest(token.as_bytes()) {
                Ok(())
            } else {
                Err(AppError::new(StatusCode::UNAUTHORIZED, "metrics_token"))
            }
        }
        None => {
            let proxied =
                headers.contains_key("x-forwarded-for") || headers.contains_key("forwarded");
            if peer.ip().is_loopback() && !proxied {
                Ok(())
            } else {
                Err(AppError::new(StatusCode::FORBIDDEN, "metrics_local_only"))
            }
        }
    }
}

/// `GET /metrics`.
pub async fn scrape(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    allowed(&state, &headers, peer)?;
    let body = state.service::<Metrics>().render(&state);
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        body,
    )
        .into_response())
}
