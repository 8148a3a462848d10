//! A WebSocket client of the local gateway, as a room member's browser would be. Every
//! text frame it receives, and every frame it sends but [`Member::send_invalid`]'s, is
//! checked against the AsyncAPI document (`docs/asyncapi.json`): a frame outside the
//! contract fails the test with the frame and the reason.

use futures::{SinkExt, StreamExt};
use serde_json::Value;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, tungstenite::Message};

use crate::asyncapi::Contract;

/// How long a test waits for a frame it expects.
pub const FRAME_TIMEOUT: Duration = Duration::from_secs(10);

/// One member's socket.
pub struct Member {
    pub member_id: String,
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Member {
    /// Connects to `url` as `member`; the handshake must succeed.
    pub async fn connect(url: &str, member: &str) -> Self {
        Self::try_connect(url, member)
            .await
            .unwrap_or_else(|e| panic!("{member} cannot connect to {url}: {e}"))
    }

    /// Connects to `url` as `member`, or says why the handshake was refused.
    pub async fn try_connect(url: &str, member: &str) -> Result<Self, tokio_tungstenite::tungstenite::Error> {
        let (socket, _) = tokio_tungstenite::connect_async(url).await?;
        Ok(Self {
            member_id: member.to_owned(),
            socket,
        })
    }

    /// Sends a text frame, which must be one the contract allows.
    pub async fn send_text(&mut self, text: &str) {
        if let Err(e) = Contract::get().check_sent(text) {
            panic!(
                "{} sent a frame outside the AsyncAPI contract: {e}\nframe: {}",
                self.member_id,
                excerpt(text)
            );
        }
        self.write(text).await;
    }

    /// Sends a frame the contract refuses, on purpose (to test how the studio answers it);
    /// fails if the contract would in fact allow it.
    pub async fn send_invalid(&mut self, text: &str) {
        if Contract::get().check_sent(text).is_ok() {
            panic!(
                "{} meant to send a frame outside the contract, but it is valid: {}",
                self.member_id,
                excerpt(text)
            );
        }
        self.write(text).await;
    }

    async fn write(&mut self, text: &str) {
        self.socket
            .send(Message::Text(text.into()))
            .await
            .expect("the frame is sent");
    }

    /// Sends a JSON frame.
    pub async fn send(&mut self, value: &Value) {
        self.send_text(&value.to_string()).await;
    }

    /// The next message, or `None` when the socket closed; fails after the timeout, or
    /// when a text frame is outside the contract.
    pub async fn next_message(&mut self) -> Option<Message> {
        let message = self.next_unchecked().await;
        if let Some(Message::Text(text)) = &message {
            self.check_received(text);
        }
        message
    }

    async fn next_unchecked(&mut self) -> Option<Message> {
        let next = tokio::time::timeout(FRAME_TIMEOUT, self.socket.next())
            .await
            .unwrap_or_else(|_| panic!("{} waited {FRAME_TIMEOUT:?} for a frame", self.member_id));
        next.and_then(Result::ok)
    }

    /// The next frame, as JSON; it must be one of the contract's envelopes.
    pub async fn next_json(&mut self) -> Value {
        loop {
            match self.next_message().await {
                Some(Message::Text(text)) => return serde_json::from_str(&text).expect("frames are JSON"),
                Some(Message::Ping(_) | Message::Pong(_)) => continue,
                other => panic!("{} expected a text frame, got {other:?}", self.member_id),
            }
        }
    }

    /// The next frame, as JSON, whatever it is: for a frame posted to the connection by
    /// hand through `@connections`, which no contract covers.
    pub async fn next_json_unchecked(&mut self) -> Value {
        loop {
            match self.next_unchecked().await {
                Some(Message::Text(text)) => return serde_json::from_str(&text).expect("frames are JSON"),
                Some(Message::Ping(_) | Message::Pong(_)) => continue,
                other => panic!("{} expected a text frame, got {other:?}", self.member_id),
            }
        }
    }

    /// The next JSON frame within `wait`, or `None` when none came or the socket closed.
    pub async fn try_next_json(&mut self, wait: Duration) -> Option<Value> {
        loop {
            match tokio::time::timeout(wait, self.socket.next()).await {
                Ok(Some(Ok(Message::Text(text)))) => {
                    self.check_received(&text);
                    return serde_json::from_str(&text).ok();
                }
                Ok(Some(Ok(Message::Ping(_) | Message::Pong(_)))) => continue,
                _ => return None,
            }
        }
    }

    fn check_received(&self, text: &str) {
        if let Err(e) = Contract::get().check_received(text) {
            panic!(
                "{} received a frame outside the AsyncAPI contract: {e}\nframe: {}",
                self.member_id,
                excerpt(text)
            );
        }
    }

    /// Waits for the next frame of `kind`; frames of other types before it are skipped.
    pub async fn expect(&mut self, kind: &str) -> Value {
        loop {
            let frame = self.next_json().await;
            if frame["type"] == kind {
                return frame;
            }
        }
    }

    /// Asks the room for its roster and returns the member ids it lists, sorted.
    pub async fn roster_ids(&mut self) -> Vec<String> {
        self.send(&serde_json::json!({ "type": "roster" })).await;
        let roster = self.expect("presence.roster").await;
        let mut ids: Vec<String> = roster["members"]
            .as_array()
            .expect("a roster lists members")
            .iter()
            .filter_map(|m| m["memberId"].as_str().map(str::to_owned))
            .collect();
        ids.sort();
        ids
    }

    /// Closes the socket and waits for the server's close.
    pub async fn leave(mut self) {
        let _ = self.socket.close(None).await;
        while let Ok(Some(_)) = tokio::time::timeout(FRAME_TIMEOUT, self.socket.next()).await {}
    }
}

/// The start of a frame, enough to recognise it in a failure.
fn excerpt(text: &str) -> String {
    match text.char_indices().nth(2000) {
        Some((cut, _)) => format!("{}… ({} bytes)", &text[..cut], text.len()),
        None => text.to_owned(),
    }
}
