//! The HTTP server loop: accepts connections, bounds what each may cost, serves the router.
//!
//! `axum::serve` gives hyper no timer, so hyper's header-read timeout never runs, and it has no
//! per-client bound: a client that trickles one header line every few seconds, or connects and
//! says nothing, holds a socket forever, and a few hundred of them exhaust the file descriptors.
//! This loop serves HTTP/1.1 (with upgrades, for the chat's WebSocket) through hyper directly:
//!
//! - **Header timeout** ([`Limits::header_timeout`]): from the moment the server waits for a
//!   request (a new connection, or a kept-alive one between requests) to the end of its
//!   headers. A silent, trickling or idle connection is closed when it runs out.
//! - **Idle timeout** ([`Limits::idle_timeout`]): a request body that sends nothing, or an
//!   answer the client does not take, for this long ends the connection (a body-frame timeout
//!   and a write timeout on the socket; WebSockets keep their own keepalive on top).
//! - **Connections per address** ([`Limits::per_address`]): more open connections from one
//!   client address are closed as soon as they are accepted. Behind a trusted local proxy
//!   (`trust_proxy`) every connection comes from loopback, so loopback is not counted there.
//!
//! Shutdown is graceful: the listener stops, open connections finish their request.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::{Service, ServiceExt};

/// What one connection may cost; see the module doc.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub per_address: usize,
    /// Loopback connections come from a trusted proxy and are not counted per address.
    pub trust_proxy: bool,
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets open requests finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let router = router.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
        limits.idle_timeout,
    ));
    let mut make_service = router.into_make_service_with_connect_info::<SocketAddr>();
    let open = Arc::new(OpenConnections::default());
    // Connections watch `stop` for the shutdown and hold `done` until they end.
    let (stop, _) = tokio::sync::watch::channel(());
    let (done_tx, done) = tokio::sync::watch::channel(());
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, usually: wait a moment rather than spin.
                    tracing::warn!(error = %err, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let counted = !(limits.trust_proxy && remote.ip().is_loopback());
        let guard = if counted {
            match open.enter(remote.ip(), limits.per_address) {
                Some(guard) => Some(guard),
                None => {
                    tracing::debug!(%remote, "too many connections from one address");
                    drop(stream);
                    continue;
                }
            }
        } else {
            None
        };
        // Chat frames and answers are small and must leave at once, not wait for Nagle.
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!(error = %err, "cannot set TCP_NODELAY");
        }
        let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
        stream.set_write_timeout(Some(limits.idle_timeout));
        let io = TokioIo::new(Box::pin(stream));
        let service = match make_service.call(remote).await {
            Ok(service) => service,
            Err(never) => match never {},
        };
        let service = TowerToHyperService::new(
            service.map_request(|request: Request<Incoming>| request.map(Body::new)),
        );
        let connection = http.serve_connection(io, service).with_upgrades();
        let mut stopping = stop.subscribe();
        let done = done.clone();
        tokio::spawn(async move {
            let mut connection = std::pin::pin!(connection);
            let ended = tokio::select! {
                ended = connection.as_mut() => ended,
                _ = stopping.changed() => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(err) = ended {
                tracing::debug!(error = %err, "connection ended with an error");
            }
            drop((guard, done));
        });
    }
    drop(listener);
    stop.send_replace(());
    drop(done);
    done_tx.closed().await;
}

/// Open connections per client address.
#[derive(Default)]
struct OpenConnections {
    by_address: Mutex<HashMap<IpAddr, usize>>,
}

impl OpenConnections {
    /// Counts one more connection from `address`, or `None` when it already has `max`.
    fn enter(self: &Arc<Self>, address: IpAddr, max: usize) -> Option<ConnectionGuard> {
        let mut by_address = self.by_address.lock().expect("not poisoned");
        let count = by_address.entry(address).or_insert(0);
        if *count >= max {
            return None;
        }
        *count += 1;
        Some(ConnectionGuard {
            open: self.clone(),
            address,
        })
    }
}

/// Uncounts its connection when dropped.
struct ConnectionGuard {
    open: Arc<OpenConnections>,
    address: IpAddr,
}

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        let mut by_address = self.open.by_address.lock().expect("not poisoned");
        if let Some(count) = by_address.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                by_address.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_per_address_are_counted_and_released() {
        let open = Arc::new(OpenConnections::default());
        let home: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        let first = open.enter(home, 2).expect("first");
        let second = open.enter(home, 2).expect("second");
        assert!(open.enter(home, 2).is_none(), "a third is refused");
        assert!(open.enter(other, 2).is_some(), "others are not affected");
        drop(first);
        let third = open.enter(home, 2).expect("room again after one closed");
        drop((second, third));
        assert!(
            !open.by_address.lock().unwrap().contains_key(&home),
            "an address without connections is forgotten"
        );
    }
}
