//! The WebSocket endpoint: authentication, then one task per connection running one
//! `tokio::select!` loop over just two things: the hub's queue (frames, keepalive pings, and
//! its end when the hub closes the connection) and the client's frames. The protocol is
//! documented in `src/chat/PROTOCOL.md`.
//!
//! Writes: a frame taken from the queue goes out at once, together with the frames already
//! waiting behind it (at most [`BATCH`]): each is fed into the socket's write buffer
//! ([`WRITE_BUFFER`]) and the batch is flushed once ([`write_batch`]). A lone frame is never
//! held back for company; frames that queued up while the socket was busy cost one write
//! instead of one each.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use futures::{Sink, SinkExt};
use tokio::sync::mpsc;

use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;

use super::hub::{Close, Out, Presence};
use super::model::Bucket;
use super::protocol::{self, ClientFrame, ServerFrame};
use super::{db, hub_of};
use crate::state::AppState;
use crate::web::error::AppError;
use crate::web::i18n::I18n;
use crate::web::identity::{AuthVia, CurrentMember};

/// A client that does not take a frame for this long is too slow.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Frames written with one flush, at most.
const BATCH: usize = 64;
/// Bytes a batch gathers before they are written (without waiting for the flush). A
/// connection's write buffer keeps its size, so a busy connection holds about this much more
/// than an idle one.
const WRITE_BUFFER: usize = 8 * 1024;
/// Flooding errors in a row after which the connection is closed.
const MAX_STRIKES: u32 = 10;
const MAX_FRAME: usize = 64 * 1024;
/// The most channels one `resume` may name. Far above the channels a member reads, and low
/// enough that a resume costs one bounded access query (see `resume_all`).
pub const RESUME_CHANNELS_MAX: usize = 500;

/// How long a new connection waits for a first frame (a `resume`) before sending live ones.
const FIRST_FRAME_WAIT: Duration = Duration::from_millis(500);
/// "No message of this channel sent live yet."
const NO_FLOOR: i64 = i64::MAX;
/// Messages per page while resuming.
const RESUME_PAGE: i64 = 200;
/// Why a socket whose session ended is closed (with 1008).
const SIGNED_OUT: &str = "signed out";

/// `GET /api/v1/chat/socket`: a member, by session cookie (from this site's pages only: the
/// Origin must be the site's own) or by bearer token.
pub async fn upgrade(
    State(state): State<AppState>,
    member: CurrentMember,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Result<Response, AppError> {
    if member.via == AuthVia::Cookie {
        let origin = headers
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !same_origin(origin, state.base_url()) {
            return Err(AppError::forbidden_code("chat_origin_refused"));
        }
    }
    if hub_of(&state).is_shutting_down() {
        return Err(AppError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "chat_unavailable",
        ));
    }
    Ok(ws
        .read_buffer_size(1024)
        .write_buffer_size(WRITE_BUFFER)
        .max_message_size(MAX_FRAME)
        .max_frame_size(MAX_FRAME)
        .on_upgrade(move |socket| async move {
            let mut connection = Connection::new(state, member);
            connection.run(socket).await;
        }))
}

/// True when `origin` (an Origin header) is the origin of the site's base URL.
fn same_origin(origin: &str, base_url: &str) -> bool {
    match (url::Url::parse(origin), url::Url::parse(base_url)) {
        (Ok(a), Ok(b)) => a.origin() == b.origin() && a.origin().is_tuple(),
        _ => false,
    }
}

/// Per channel, the first message a connection sent live and the highest it sent, so that a
/// resume and the live stream neither overlap nor leave a gap.
type Sent = HashMap<i64, (i64, i64)>;

/// What one connection remembers.
struct Connection {
    state: AppState,
    member: CurrentMember,
    /// Its id in the hub (set when registered).
    id: u64,
    bucket: Bucket,
    strikes: u32,
    sent: Sent,
    typing: HashMap<i64, Instant>,
}

enum Flow {
    Continue,
    Close(u16, &'static str),
}

impl Connection {
    fn new(state: AppState, member: CurrentMember) -> Connection {
        let bucket = Bucket::new(
            state.config.chat_burst,
            f64::from(state.config.chat_per_second.max(1)),
        );
        Connection {
            state,
            member,
            id: 0,
            bucket,
            strikes: 0,
            sent: HashMap::new(),
            typing: HashMap::new(),
        }
    }

    async fn run(&mut self, mut socket: WebSocket) {
        let hub = hub_of(&self.state).clone();
        let mut registration = hub.register(self.member.id);
        self.id = registration.id;
        let mut queue = registration.take_queue();
        let shared = registration.shared.clone();
        // Frame handlers are boxed: their futures (database calls) are large, and an idle
        // connection should hold only this loop's small state.
        if Box::pin(self.greet(&mut socket)).await.is_err() {
            return;
        }
        // A client that resumes does so in its first frame. Handling that frame before any
        // live one keeps each channel in id order: the resume reads what was committed up to
        // now, and live frames already queued for those messages are then skipped.
        let first = tokio::time::timeout(FIRST_FRAME_WAIT, socket.recv()).await;
        let mut close = None;
        if let Ok(incoming) = first {
            shared.heard();
            close = Box::pin(self.incoming(&mut socket, incoming)).await;
        }
        let close = if let Some(close) = close {
            close
        } else {
            loop {
                tokio::select! {
                    biased;
                    out = queue.recv() => match out {
                        Some(Out::Revalidate) => {
                            if let Some(close) = Box::pin(self.revalidate()).await {
                                break Some(close);
                            }
                        }
                        Some(out) => {
                            match write_batch(&mut socket, &mut self.sent, out, &mut queue).await {
                                Err(()) => break None,
                                Ok(false) => {}
                                // The batch stopped at a Revalidate, which comes next.
                                Ok(true) => {
                                    if let Some(close) = Box::pin(self.revalidate()).await {
                                        break Some(close);
                                    }
                                }
                            }
                        }
                        // The hub closed this connection; everything queued has been sent.
                        None => break Some(shared.close_reason().frame()),
                    },
                    incoming = socket.recv() => {
                        shared.heard();
                        if let Some(close) = Box::pin(self.incoming(&mut socket, incoming)).await {
                            break close;
                        }
                    }
                }
            }
        };
        if let Some((code, reason)) = close {
            // Flush what is already queued (on shutdown: everything accepted so far), unless
            // the member lost the right to it.
            while let Ok(out) = queue.try_recv() {
                if reason == SIGNED_OUT {
                    break;
                }
                if write_batch(&mut socket, &mut self.sent, out, &mut queue)
                    .await
                    .is_err()
                {
                    return;
                }
            }
            let frame = CloseFrame {
                code,
                reason: reason.into(),
            };
            if send(&mut socket, Message::Close(Some(frame))).await.is_ok() {
                // The closing handshake: read (and drop) until the client's close, so that
                // frames still in flight do not make the kernel reset the connection before
                // the client has read the close frame.
                let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
                while let Ok(Some(Ok(message))) =
                    tokio::time::timeout_at(deadline, socket.recv()).await
                {
                    if matches!(message, Message::Close(_)) {
                        break;
                    }
                }
            }
        }
        drop(registration);
    }

    /// Handles what the client sent; `Some(close)` ends the connection (with a close frame
    /// when `close` is `Some`).
    async fn incoming(
        &mut self,
        socket: &mut WebSocket,
        incoming: Option<Result<Message, axum::Error>>,
    ) -> Option<Option<(u16, &'static str)>> {
        let Some(Ok(message)) = incoming else {
            return Some(None);
        };
        let flow = match message {
            Message::Text(text) => self.handle(socket, text.as_str()).await,
            Message::Binary(_) => self.error(socket, "chat_malformed_frame", None, None).await,
            Message::Close(_) => return Some(None),
            Message::Ping(_) | Message::Pong(_) => Ok(Flow::Continue),
        };
        match flow {
            Ok(Flow::Continue) => None,
            Ok(Flow::Close(code, reason)) => Some(Some((code, reason))),
            Err(()) => Some(None),
        }
    }

    /// The first frames: unread counts of the member's channels and their contacts' presence
    /// (or a close, when the member lost their rights while connecting).
    async fn greet(&mut self, socket: &mut WebSocket) -> Result<(), ()> {
        // The session was checked at the upgrade, before this connection was registered: a
        // Revalidate published in between never reached it, so check once more.
        if let Some((code, reason)) = self.revalidate().await {
            let frame = CloseFrame {
                code,
                reason: reason.into(),
            };
            let _ = send(socket, Message::Close(Some(frame))).await;
            return Err(());
        }
        let channels = db::channels_of(&self.state.db, self.member.id)
            .await
            .map_err(drop)?;
        let total: i64 = channels
            .iter()
            .filter(|c| c.muted_at.is_none())
            .map(|c| c.unread)
            .sum();
        for channel in channels.iter().filter(|c| c.unread > 0) {
            let frame = ServerFrame::Unread {
                channel_id: channel.id,
                count: channel.unread,
                total,
            };
            timely(socket.feed(Message::Text(protocol::encode(&frame)))).await?;
        }
        let contacts = db::direct_contacts(&self.state.db, self.member.id)
            .await
            .map_err(drop)?;
        for member_id in contacts {
            let status = hub_of(&self.state).presence_of(member_id);
            if status != Presence::Offline {
                let frame = ServerFrame::Presence { member_id, status };
                timely(socket.feed(Message::Text(protocol::encode(&frame)))).await?;
            }
        }
        timely(socket.flush()).await
    }

    /// Re-checks this connection's session: closes it when the session ended or the member
    /// was blocked, else takes their current role, name and language.
    async fn revalidate(&mut self) -> Option<(u16, &'static str)> {
        match crate::web::identity::recheck(&self.state, &self.member).await {
            Ok(Some(member)) => {
                self.member = member;
                None
            }
            Ok(None) => Some((1008, SIGNED_OUT)),
            // Unsure: the client reconnects, and the upgrade checks the session again.
            Err(_) => Some(Close::Reconnect.frame()),
        }
    }

    async fn handle(&mut self, socket: &mut WebSocket, text: &str) -> Result<Flow, ()> {
        let frame = match protocol::parse(text) {
            Ok(frame) => frame,
            Err(code) => return self.error(socket, code, None, None).await,
        };
        let client_id = match &frame {
            ClientFrame::Send { client_id, .. } => Some(client_id.clone()),
            _ => None,
        };
        if !self.bucket.take(Instant::now()) {
            self.strikes += 1;
            if self.strikes > MAX_STRIKES {
                return Ok(Flow::Close(1008, "flooding"));
            }
            return self
                .error(socket, "chat_flooding", client_id.as_deref(), None)
                .await;
        }
        self.strikes = 0;
        match frame {
            ClientFrame::Send {
                channel_id,
                body,
                client_id,
                document_id,
            } => {
                let posted = super::post_message(
                    &self.state,
                    &self.member,
                    channel_id,
                    &body,
                    Some(&client_id),
                    None,
                    document_id,
                )
                .await;
                match posted {
                    Ok((message, _)) => {
                        let frame = ServerFrame::Ack {
                            client_id: &client_id,
                            message,
                        };
                        send(socket, Message::Text(protocol::encode(&frame))).await?;
                        Ok(Flow::Continue)
                    }
                    Err(err) => {
                        self.app_error(socket, err, Some(&client_id), Some(channel_id))
                            .await
                    }
                }
            }
            ClientFrame::Read {
                channel_id,
                message_id,
            } => match super::mark_read(&self.state, &self.member, channel_id, message_id).await {
                Ok(_) => Ok(Flow::Continue),
                Err(err) => self.app_error(socket, err, None, Some(channel_id)).await,
            },
            ClientFrame::Typing { channel_id } => self.typing(socket, channel_id).await,
            ClientFrame::Resume { since } => self.resume_all(socket, since).await,
            ClientFrame::Presence { status } => {
                let status = if status == Presence::Away {
                    Presence::Away
                } else {
                    Presence::Online
                };
                hub_of(&self.state).announce(self.member.id, status);
                Ok(Flow::Continue)
            }
            ClientFrame::Follow { topic } => {
                let followed = hub_of(&self.state)
                    .follow(&self.state, &self.member, self.id, &topic)
                    .await;
                match followed {
                    Ok(()) => {
                        let frame = ServerFrame::Following { topic: &topic };
                        send(socket, Message::Text(protocol::encode(&frame))).await?;
                        Ok(Flow::Continue)
                    }
                    Err(err) => {
                        if let AppError::Internal(err) = &err {
                            tracing::error!(error = ?err, "chat: cannot follow a topic");
                        }
                        self.error(socket, err.code(), None, None).await
                    }
                }
            }
            ClientFrame::Unfollow { topic } => {
                hub_of(&self.state).unfollow(self.id, &topic);
                Ok(Flow::Continue)
            }
        }
    }

    async fn typing(&mut self, socket: &mut WebSocket, channel_id: i64) -> Result<Flow, ()> {
        // One typing notice per channel every two seconds is plenty; more are dropped quietly.
        let now = Instant::now();
        if self
            .typing
            .get(&channel_id)
            .is_some_and(|at| now.duration_since(*at) < Duration::from_secs(2))
        {
            return Ok(Flow::Continue);
        }
        self.typing.insert(channel_id, now);
        let may_post = match super::access(&self.state, &self.member, channel_id).await {
            Ok(access) => access.require_post(),
            Err(err) => Err(err),
        };
        if let Err(err) = may_post {
            return self.app_error(socket, err, None, Some(channel_id)).await;
        }
        let event = super::hub::Event::Typing {
            channel_id,
            member_id: self.member.id,
            name: self.member.name.clone(),
        };
        if hub_of(&self.state).broadcast(event).await.is_err() {
            return self.error(socket, "internal", None, None).await;
        }
        Ok(Flow::Continue)
    }

    /// Answers a `resume`: refuses one that names more channels than [`RESUME_CHANNELS_MAX`]
    /// (one error frame, nothing looked up), decides access to all named channels with one
    /// query, then sends each readable channel's missed messages in turn.
    async fn resume_all(
        &mut self,
        socket: &mut WebSocket,
        since: std::collections::BTreeMap<String, i64>,
    ) -> Result<Flow, ()> {
        if since.len() > RESUME_CHANNELS_MAX {
            return self.error(socket, "chat_resume_too_many", None, None).await;
        }
        // Channel id → since; "7" and "07" name one channel, the first one counts.
        let mut wanted = std::collections::BTreeMap::<i64, i64>::new();
        for (channel, since) in since {
            let Ok(channel_id) = channel.parse::<i64>() else {
                return self.error(socket, "chat_malformed_frame", None, None).await;
            };
            wanted.entry(channel_id).or_insert(since);
        }
        let ids: Vec<i64> = wanted.keys().copied().collect();
        let readable: std::collections::HashSet<i64> =
            match super::access_many(&self.state, &self.member, &ids).await {
                Ok(found) => found
                    .into_iter()
                    .filter(|a| a.can_read())
                    .map(|a| a.channel.id)
                    .collect(),
                Err(_) => return self.error(socket, "internal", None, None).await,
            };
        for (channel_id, since) in wanted {
            if !readable.contains(&channel_id) {
                if let Flow::Close(code, reason) = self
                    .error(socket, "chat_not_a_member", None, Some(channel_id))
                    .await?
                {
                    return Ok(Flow::Close(code, reason));
                }
                continue;
            }
            if let Flow::Close(code, reason) = self.resume(socket, channel_id, since).await? {
                return Ok(Flow::Close(code, reason));
            }
        }
        Ok(Flow::Continue)
    }

    /// Sends the messages of a readable channel after `since` that this connection has not
    /// sent live.
    async fn resume(
        &mut self,
        socket: &mut WebSocket,
        channel_id: i64,
        since: i64,
    ) -> Result<Flow, ()> {
        let floor = self
            .sent
            .get(&channel_id)
            .map(|s| s.0)
            .filter(|f| *f != NO_FLOOR);
        let mut after = since.max(0);
        loop {
            let rows = db::messages(&self.state.db, channel_id, floor, Some(after), RESUME_PAGE)
                .await
                .map_err(drop)?;
            let full = rows.len() as i64 == RESUME_PAGE;
            let messages = super::message_outs(&self.state.db, rows)
                .await
                .map_err(drop)?;
            for message in messages {
                after = message.id;
                let frame = ServerFrame::Message { message };
                send(socket, Message::Text(protocol::encode(&frame))).await?;
            }
            if !full {
                break;
            }
        }
        if floor.is_none() {
            let sent = self.sent.entry(channel_id).or_insert((NO_FLOOR, 0));
            sent.1 = sent.1.max(after);
        }
        Ok(Flow::Continue)
    }

    async fn app_error(
        &mut self,
        socket: &mut WebSocket,
        err: AppError,
        client_id: Option<&str>,
        channel_id: Option<i64>,
    ) -> Result<Flow, ()> {
        let code = match err.code() {
            // A channel one may not read does not exist for them.
            "not_found" | "forbidden" => "chat_not_a_member",
            code => code,
        };
        self.error(socket, code, client_id, channel_id).await
    }

    async fn error(
        &mut self,
        socket: &mut WebSocket,
        code: &str,
        client_id: Option<&str>,
        channel_id: Option<i64>,
    ) -> Result<Flow, ()> {
        let i18n = I18n::new(self.member.locale);
        let key = format!("error-{}", code.replace('_', "-"));
        let message = i18n.try_t(&key).unwrap_or_else(|| i18n.t("error-internal"));
        let frame = ServerFrame::Error {
            code,
            message,
            client_id,
            channel_id,
        };
        send(socket, Message::Text(protocol::encode(&frame))).await?;
        Ok(Flow::Continue)
    }
}

/// The frame to write for `out`: None for a message this connection already sent (during a
/// resume) and for a `Revalidate`.
fn frame_of(sent: &mut Sent, out: Out) -> Option<Message> {
    match out {
        Out::Message(delivery) => {
            let sent = sent.entry(delivery.channel_id).or_insert((NO_FLOOR, 0));
            if delivery.id <= sent.1 {
                return None;
            }
            if sent.0 == NO_FLOOR {
                sent.0 = delivery.id;
            }
            sent.1 = delivery.id;
            Some(Message::Text(delivery.frame.clone()))
        }
        Out::Frame(frame) => Some(Message::Text((*frame).clone())),
        Out::Ping => Some(Message::Ping(Default::default())),
        Out::Revalidate => None,
    }
}

/// Writes `first` and the frames already waiting behind it in `queue` (at most [`BATCH`], up
/// to a `Revalidate`), then flushes once. Never waits for a frame that is not there. True
/// when it stopped at a `Revalidate`, which the caller handles next.
async fn write_batch<S>(
    socket: &mut S,
    sent: &mut Sent,
    first: Out,
    queue: &mut mpsc::Receiver<Out>,
) -> Result<bool, ()>
where
    S: Sink<Message, Error = axum::Error> + Unpin,
{
    let mut fed = 0;
    let mut next = Some(first);
    let mut revalidate = false;
    while let Some(out) = next.take() {
        if matches!(out, Out::Revalidate) {
            revalidate = true;
            break;
        }
        if let Some(message) = frame_of(sent, out) {
            timely(socket.feed(message)).await?;
            fed += 1;
        }
        if fed < BATCH {
            next = queue.try_recv().ok();
        }
    }
    if fed > 0 {
        timely(socket.flush()).await?;
    }
    Ok(revalidate)
}

/// Sends a frame at once.
async fn send(socket: &mut WebSocket, message: Message) -> Result<(), ()> {
    timely(socket.send(message)).await
}

/// Waits for a write, giving up after [`WRITE_TIMEOUT`]. Most writes finish at the first try,
/// so the timer is only started when the socket cannot take the frame at once.
async fn timely(write: impl Future<Output = Result<(), axum::Error>>) -> Result<(), ()> {
    let mut write = std::pin::pin!(write);
    if let std::task::Poll::Ready(done) = futures::poll!(write.as_mut()) {
        return done.map_err(drop);
    }
    match tokio::time::timeout(WRITE_TIMEOUT, write).await {
        Ok(Ok(())) => Ok(()),
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use std::pin::Pin;
    use std::sync::Arc;
    use std::task::{Context, Poll};

    use super::super::hub::Delivery;
    use super::*;

    /// A socket that records what it is asked to do.
    #[derive(Default)]
    struct Recorder(Vec<String>);

    impl Sink<Message> for Recorder {
        type Error = axum::Error;
        fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
            Poll::Ready(Ok(()))
        }
        fn start_send(mut self: Pin<&mut Self>, message: Message) -> Result<(), Self::Error> {
            let text = match message {
                Message::Text(text) => text.to_string(),
                Message::Ping(_) => "ping".into(),
                _ => "other".into(),
            };
            self.0.push(text);
            Ok(())
        }
        fn poll_flush(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Result<(), Self::Error>> {
            self.0.push("flush".into());
            Poll::Ready(Ok(()))
        }
        fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
            Poll::Ready(Ok(()))
        }
    }

    fn frame(text: &str) -> Out {
        Out::Frame(Arc::new(text.into()))
    }

    fn message(channel_id: i64, id: i64) -> Out {
        Out::Message(Arc::new(Delivery {
            channel_id,
            id,
            frame: format!("m{id}").into(),
        }))
    }

    #[tokio::test]
    async fn waiting_frames_go_out_with_one_flush_and_a_lone_frame_at_once() {
        let (tx, mut queue) = mpsc::channel(2 * BATCH);
        let mut sent = Sent::new();
        let mut socket = Recorder::default();
        // A lone frame: written and flushed, nothing waited for.
        let revalidate = write_batch(&mut socket, &mut sent, frame("a"), &mut queue).await;
        assert_eq!(revalidate, Ok(false));
        assert_eq!(socket.0, ["a", "flush"]);
        // Frames waiting behind the first: one flush for all, up to a Revalidate; a message
        // already sent is skipped.
        for out in [
            message(7, 1),
            message(7, 1),
            Out::Ping,
            Out::Revalidate,
            frame("d"),
        ] {
            tx.try_send(out).unwrap();
        }
        socket.0.clear();
        let revalidate = write_batch(&mut socket, &mut sent, frame("b"), &mut queue).await;
        assert_eq!(revalidate, Ok(true));
        assert_eq!(socket.0, ["b", "m1", "ping", "flush"]);
        assert_eq!(sent[&7], (1, 1));
        // What follows the Revalidate waits for the next batch.
        assert!(matches!(queue.try_recv(), Ok(Out::Frame(f)) if f.as_str() == "d"));
        // A batch is at most BATCH frames.
        for i in 0..BATCH + 3 {
            tx.try_send(frame(&i.to_string())).unwrap();
        }
        socket.0.clear();
        let first = queue.try_recv().unwrap();
        write_batch(&mut socket, &mut sent, first, &mut queue)
            .await
            .unwrap();
        assert_eq!(socket.0.len(), BATCH + 1);
        assert_eq!(socket.0.last().map(String::as_str), Some("flush"));
        assert_eq!(queue.len(), 3);
    }

    #[test]
    fn origins_must_match_the_site() {
        assert!(same_origin(
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080"
        ));
        assert!(same_origin("https://c.example/", "https://c.example"));
        assert!(!same_origin("https://evil.example", "https://c.example"));
        assert!(!same_origin("http://c.example", "https://c.example"));
        assert!(!same_origin("", "https://c.example"));
        assert!(!same_origin("null", "https://c.example"));
    }
}
