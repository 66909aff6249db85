//! One gateway connection: open the WebSocket, read HELLO, identify or resume, beat in a task of
//! its own (so nothing the reader or the service does delays a heartbeat), read events until
//! the connection ends, and tell the session loop (`gateway`) what to do next.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::Value;
use serenity::constants::Opcode;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use tracing::{info, warn};

use super::gateway_proto::{self as proto, CloseAction, Frame, GatewayTuning, ReadyInfo, Session};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// What the session loop does after a connection ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Outcome {
    /// Reconnect and resume (a dropped socket, op 7, no heartbeat ACK, a resumable close).
    Resume,
    /// Forget the session and identify anew after this wait (INVALID_SESSION, 4007, 4009).
    Identify(Duration),
    /// Stop with this reason (a close code that must not reconnect).
    Stop(String),
    /// Shutdown was asked.
    Shutdown,
}

/// How a connection ended.
#[derive(Debug)]
pub(super) struct Ended {
    pub outcome: Outcome,
    /// Whether it got as far as READY or RESUMED (a working connection resets the backoff).
    pub ready: bool,
}

/// What stays the same across the connections of one client.
pub(super) struct Link<'a> {
    pub token: &'a str,
    /// The variable the token came from, named in the error a refused token gives.
    pub token_env: &'a str,
    pub tuning: &'a GatewayTuning,
    /// The last sequence number seen in this session (0: none yet); the heartbeat reads it.
    pub seq: Arc<AtomicU64>,
}

impl Link<'_> {
    fn seq(&self) -> Option<u64> {
        last_seq(&self.seq)
    }
}

fn last_seq(seq: &AtomicU64) -> Option<u64> {
    Some(seq.load(Ordering::Relaxed)).filter(|&s| s != 0)
}

/// Aborts a task when dropped, so no early return leaves a heartbeat running.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Runs one connection to `url` until it ends. With `session` set it resumes it, else it
/// identifies and fills `session` from READY. Interactions go to `on_interaction` as Discord's
/// JSON, in the order they arrive.
pub(super) async fn run(
    url: &str,
    link: &Link<'_>,
    session: &mut Option<Session>,
    shutdown: &mut watch::Receiver<bool>,
    mut on_interaction: impl FnMut(Value),
) -> Ended {
    let opened = tokio::select! {
        r = tokio::time::timeout(link.tuning.hello_timeout, open(url, link.tuning)) => r,
        _ = shutdown.wait_for(|stop| *stop) => return ended(Outcome::Shutdown, false),
    };
    let (sink, mut stream, interval) = match opened {
        Ok(Ok(v)) => v,
        Ok(Err(error)) => {
            warn!(message = "Failed to open the Discord gateway connection.", %error, url = %url);
            return ended(Outcome::Resume, false);
        }
        Err(_) => {
            warn!(message = "The Discord gateway sent no HELLO in time.", url = %url, timeout = ?link.tuning.hello_timeout);
            return ended(Outcome::Resume, false);
        }
    };
    let (out, out_rx) = mpsc::unbounded_channel();
    let writer = tokio::spawn(write(sink, out_rx));
    let acked = Arc::new(AtomicBool::new(true));
    let (zombie_tx, mut zombie) = oneshot::channel();
    let first = proto::first_beat(interval, rand::random::<f64>());
    let beating = AbortOnDrop(tokio::spawn(beat(
        interval,
        first,
        link.seq.clone(),
        acked.clone(),
        out.clone(),
        zombie_tx,
    )));
    let opening = match session.as_ref() {
        Some(s) => proto::resume(link.token, s, link.seq()),
        None => proto::identify(link.token),
    };
    let _ = out.send(Message::Text(opening.to_string()));

    let mut reader = Reader {
        link,
        session,
        out: &out,
        acked: &acked,
        ready: false,
    };
    let outcome = reader
        .read(&mut stream, &mut zombie, shutdown, &mut on_interaction)
        .await;
    let ready = reader.ready;
    super::status::set_connected(false);
    drop(beating);
    close(out, writer, &outcome).await;
    ended(outcome, ready)
}

/// Closes the connection after `outcome`: with 1000 when the session is over (Discord ends it),
/// with another code when it is to be resumed (Discord keeps it).
async fn close(out: mpsc::UnboundedSender<Message>, mut writer: JoinHandle<()>, outcome: &Outcome) {
    let code = match outcome {
        Outcome::Shutdown | Outcome::Identify(_) | Outcome::Stop(_) => CloseCode::Normal,
        Outcome::Resume => CloseCode::Library(4000),
    };
    let _ = out.send(Message::Close(Some(CloseFrame {
        code,
        reason: "".into(),
    })));
    drop(out);
    // The close frame gets a moment to leave; a peer that reads nothing does not hold us.
    if tokio::time::timeout(Duration::from_secs(1), &mut writer)
        .await
        .is_err()
    {
        writer.abort();
    }
}

fn ended(outcome: Outcome, ready: bool) -> Ended {
    Ended { outcome, ready }
}

/// Connects (with the size limits) and reads HELLO; returns the heartbeat interval.
async fn open(
    url: &str,
    tuning: &GatewayTuning,
) -> Result<(SplitSink<Socket, Message>, SplitStream<Socket>, Duration), String> {
    let config = WebSocketConfig {
        max_message_size: Some(tuning.max_message_bytes),
        max_frame_size: Some(tuning.max_message_bytes),
        ..WebSocketConfig::default()
    };
    let (ws, _) = tokio_tungstenite::connect_async_with_config(url, Some(config), true)
        .await
        .map_err(|e| e.to_string())?;
    let (sink, mut stream) = ws.split();
    loop {
        match stream.next().await {
            Some(Ok(Message::Text(text))) => return Ok((sink, stream, hello_interval(&text)?)),
            Some(Ok(Message::Close(frame))) => {
                return Err(format!(
                    "closed before HELLO: {}",
                    frame.map(|f| f.to_string()).unwrap_or_default()
                ))
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(e.to_string()),
            None => return Err("closed before HELLO".into()),
        }
    }
}

/// The heartbeat interval from op 10 HELLO; anything else first is a protocol error.
fn hello_interval(text: &str) -> Result<Duration, String> {
    #[derive(Deserialize)]
    struct Hello {
        heartbeat_interval: u64,
    }
    let frame: Frame =
        serde_json::from_str(text).map_err(|e| format!("unreadable first payload: {e}"))?;
    if Opcode::from(frame.op) != Opcode::Hello {
        return Err(format!("first payload is op {}, not HELLO (10)", frame.op));
    }
    let hello = Hello::deserialize(&frame.d).map_err(|e| format!("HELLO: {e}"))?;
    if hello.heartbeat_interval == 0 {
        return Err("HELLO asks for a heartbeat interval of 0 ms".into());
    }
    Ok(Duration::from_millis(hello.heartbeat_interval))
}

/// Sends what the connection's parts queue, in order, until a close frame or the queue ends.
async fn write(mut sink: SplitSink<Socket, Message>, mut queue: mpsc::UnboundedReceiver<Message>) {
    while let Some(msg) = queue.recv().await {
        let closing = matches!(msg, Message::Close(_));
        if sink.send(msg).await.is_err() || closing {
            break;
        }
    }
}

/// Heartbeats at `interval` (the first after `first`); a beat due while the last one has no
/// ACK means a zombie connection, reported through `zombie`.
async fn beat(
    interval: Duration,
    first: Duration,
    seq: Arc<AtomicU64>,
    acked: Arc<AtomicBool>,
    out: mpsc::UnboundedSender<Message>,
    zombie: oneshot::Sender<()>,
) {
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + first, interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if !acked.swap(false, Ordering::Relaxed) {
            let _ = zombie.send(());
            return;
        }
        let payload = proto::heartbeat(last_seq(&seq)).to_string();
        if out.send(Message::Text(payload)).is_err() {
            return;
        }
    }
}

/// The reading side of one connection.
struct Reader<'a, 'b> {
    link: &'a Link<'b>,
    session: &'a mut Option<Session>,
    out: &'a mpsc::UnboundedSender<Message>,
    acked: &'a AtomicBool,
    ready: bool,
}

impl Reader<'_, '_> {
    /// Reads until the connection ends, shutdown comes or the heartbeat finds no ACK.
    async fn read(
        &mut self,
        stream: &mut SplitStream<Socket>,
        zombie: &mut oneshot::Receiver<()>,
        shutdown: &mut watch::Receiver<bool>,
        on_interaction: &mut impl FnMut(Value),
    ) -> Outcome {
        loop {
            let msg = tokio::select! {
                _ = shutdown.wait_for(|stop| *stop) => return Outcome::Shutdown,
                _ = &mut *zombie => {
                    warn!(message = "No heartbeat ACK from the Discord gateway since the last beat; reconnecting.");
                    return Outcome::Resume;
                }
                msg = stream.next() => msg,
            };
            match msg {
                None => {
                    warn!(message = "The Discord gateway connection closed; resuming.");
                    return Outcome::Resume;
                }
                Some(Err(error)) => {
                    warn!(message = "The Discord gateway connection failed; resuming.", %error);
                    return Outcome::Resume;
                }
                Some(Ok(Message::Text(text))) => {
                    if let Some(outcome) = self.text(&text, on_interaction) {
                        return outcome;
                    }
                }
                Some(Ok(Message::Close(frame))) => return self.closed(frame),
                Some(Ok(Message::Binary(_))) => {
                    // No compression was asked for, so Discord sends text; anything else is noise.
                    warn!(message = "Ignored a binary payload from the Discord gateway.");
                }
                Some(Ok(_)) => {}
            }
        }
    }

    /// Handles one text payload; `Some` ends the connection.
    fn text(&mut self, text: &str, on_interaction: &mut impl FnMut(Value)) -> Option<Outcome> {
        let frame: Frame = match serde_json::from_str(text) {
            Ok(f) => f,
            Err(error) => {
                warn!(message = "Ignored an unreadable Discord gateway payload.", %error);
                return None;
            }
        };
        match Opcode::from(frame.op) {
            Opcode::Dispatch => {
                if let Some(s) = frame.s {
                    self.link.seq.store(s, Ordering::Relaxed);
                }
                return self.dispatch(frame, on_interaction);
            }
            Opcode::Heartbeat => {
                let payload = proto::heartbeat(self.link.seq()).to_string();
                let _ = self.out.send(Message::Text(payload));
            }
            Opcode::HeartbeatAck => self.acked.store(true, Ordering::Relaxed),
            Opcode::Reconnect => {
                info!(message = "The Discord gateway asked for a reconnect; resuming.");
                return Some(Outcome::Resume);
            }
            Opcode::InvalidSession => {
                if frame.d.as_bool() == Some(true) && self.session.is_some() {
                    info!(message = "The Discord gateway session was interrupted; resuming.");
                    return Some(Outcome::Resume);
                }
                let wait = proto::reidentify_wait(self.link.tuning, rand::random::<f64>());
                info!(message = "The Discord gateway session is invalid; identifying anew.", wait = ?wait);
                return Some(Outcome::Identify(wait));
            }
            _ => {}
        }
        None
    }

    fn dispatch(
        &mut self,
        frame: Frame,
        on_interaction: &mut impl FnMut(Value),
    ) -> Option<Outcome> {
        match frame.t.as_deref() {
            Some("READY") => match ReadyInfo::deserialize(&frame.d) {
                Ok(ready) => {
                    let user = frame.d["user"]["username"].as_str().unwrap_or("?");
                    info!(message = "Connected to the Discord gateway.", user = %user);
                    *self.session = Some(Session {
                        id: ready.session_id,
                        resume_url: ready.resume_gateway_url,
                    });
                    self.connected();
                }
                Err(error) => {
                    warn!(message = "Unreadable READY from the Discord gateway; identifying anew.", %error);
                    return Some(Outcome::Identify(Duration::ZERO));
                }
            },
            Some("RESUMED") => {
                info!(message = "Resumed the Discord gateway session.");
                self.connected();
            }
            Some("INTERACTION_CREATE") => on_interaction(frame.d),
            _ => {}
        }
        None
    }

    fn connected(&mut self) {
        self.ready = true;
        super::status::set_connected(true);
    }

    /// The gateway closed the connection: resume, identify anew or stop, by its code.
    fn closed(&self, frame: Option<CloseFrame<'_>>) -> Outcome {
        let (code, reason) = frame
            .map(|f| (u16::from(f.code), f.reason.to_string()))
            .unwrap_or((1005, String::new()));
        match proto::close_action(code) {
            CloseAction::Resume => {
                warn!(message = "The Discord gateway closed the connection; resuming.", code, reason = %reason);
                Outcome::Resume
            }
            CloseAction::Identify => {
                warn!(message = "The Discord gateway closed the session; identifying anew.", code, reason = %reason);
                Outcome::Identify(Duration::ZERO)
            }
            CloseAction::Stop => {
                Outcome::Stop(proto::stop_reason(code, &reason, self.link.token_env))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hello_gives_the_interval_and_nothing_else_passes_for_it() {
        assert_eq!(
            hello_interval(r#"{"op":10,"d":{"heartbeat_interval":41250}}"#).unwrap(),
            Duration::from_millis(41_250)
        );
        assert!(hello_interval(r#"{"op":0,"t":"READY","s":1,"d":{}}"#).is_err());
        assert!(hello_interval(r#"{"op":10,"d":{"heartbeat_interval":0}}"#).is_err());
        assert!(hello_interval(r#"{"op":10,"d":{}}"#).is_err());
        assert!(hello_interval("not json").is_err());
    }
}
