//! `spawn_realtime()`: the studio's HTTP and WebSocket APIs on free ports, over fresh
//! DynamoDB Local tables, with `@connections` posts going back to the local gateway.

use futures::{SinkExt, StreamExt};
use local_gateway::{Gateway, Invoker, Template, WsSettings};
use serde_json::Value;
use std::{sync::Arc, time::Duration};
use studio::realtime::{DynamoConnectionStore, DynamoPresenceStore, ManagementApi, Realtime};
use studio::{Resources, telemetry::Telemetry};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, tungstenite::Message};

use crate::dynamo::{Tables, fresh_tables, sdk_config};
use crate::workspace_root;

/// How long a test waits for a frame it expects.
pub const FRAME_TIMEOUT: Duration = Duration::from_secs(10);

/// A running realtime studio for one test.
pub struct RealtimeApp {
    /// `http://127.0.0.1:PORT` of the HTTP API.
    pub http: String,
    /// `127.0.0.1:PORT` of the WebSocket API and `@connections`.
    pub ws_addr: String,
    pub client: reqwest::Client,
    pub tables: Tables,
    /// The stores the functions use, for looking at rows directly.
    pub realtime: Realtime,
}

/// The realtime studio with the default fan-out concurrency.
pub async fn spawn_realtime() -> RealtimeApp {
    spawn_realtime_with(studio::realtime::DEFAULT_FANOUT_CONCURRENCY).await
}

/// The realtime studio posting at most `concurrency` frames at once per fan-out.
pub async fn spawn_realtime_with(concurrency: usize) -> RealtimeApp {
    spawn(concurrency, WsSettings::default()).await
}

/// The realtime studio with other WebSocket limits (a short idle timeout, say).
pub async fn spawn_realtime_with_settings(settings: WsSettings) -> RealtimeApp {
    spawn(studio::realtime::DEFAULT_FANOUT_CONCURRENCY, settings).await
}

async fn spawn(concurrency: usize, settings: WsSettings) -> RealtimeApp {
    spawn_around(concurrency, settings, Telemetry::off(), |resources, _| resources).await
}

/// The realtime studio with more resources: `extend` gets the realtime resources and the
/// WebSocket API's address and returns what the functions use.
pub async fn spawn_around(
    concurrency: usize,
    settings: WsSettings,
    telemetry: Telemetry,
    extend: impl FnOnce(Resources, &str) -> Resources,
) -> RealtimeApp {
    let tables = fresh_tables().await;
    let ws_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let ws_addr = ws_listener.local_addr().unwrap().to_string();
    let sdk = sdk_config().await;
    let realtime = Realtime {
        presence: Arc::new(DynamoPresenceStore::new(tables.client.clone(), &tables.presence)),
        connections: Arc::new(DynamoConnectionStore::new(
            tables.client.clone(),
            &tables.connections,
        )),
        sender: Arc::new(ManagementApi::at(&sdk, &format!("http://{ws_addr}"))),
        concurrency,
    };
    let resources = extend(Resources::default().with_realtime(realtime.clone()), &ws_addr);
    let template = Template::load(&workspace_root().join("template.yaml")).expect("template.yaml loads");
    let gateway = Gateway::new(template, Invoker::in_process(resources, telemetry)).expect("routes resolve");
    let http_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let http = format!("http://{}", http_listener.local_addr().unwrap());
    tokio::spawn(gateway.clone().serve_ws(ws_listener, settings));
    tokio::spawn(gateway.serve_http(http_listener));
    RealtimeApp {
        http,
        ws_addr,
        client: reqwest::Client::new(),
        tables,
        realtime,
    }
}

/// A WebSocket client of the local gateway.
pub struct Member {
    pub member_id: String,
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl RealtimeApp {
    /// The handshake URL for a member.
    pub fn ws_url(&self, room: &str, member: &str, name: &str) -> String {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("roomId", room)
            .append_pair("memberId", member)
            .append_pair("displayName", name)
            .finish();
        format!("ws://{}/?{query}", self.ws_addr)
    }

    /// Connects `member` to `room`; the handshake must succeed.
    pub async fn join(&self, room: &str, member: &str) -> Member {
        let url = self.ws_url(room, member, &format!("{member} name"));
        let (socket, _) = tokio_tungstenite::connect_async(url)
            .await
            .unwrap_or_else(|e| panic!("{member} cannot join {room}: {e}"));
        Member {
            member_id: member.to_owned(),
            socket,
        }
    }

    /// `GET /api/presence?roomId=`: the member ids listed.
    pub async fn roster(&self, room: &str) -> Vec<String> {
        let (status, body) = self.get(&format!("/api/presence?roomId={room}")).await;
        assert_eq!(status, 200, "{body}");
        let mut ids: Vec<String> = body["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["memberId"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    }

    /// GET on the HTTP API.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        crate::app::read(
            self.client
                .get(format!("{}{path}", self.http))
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// Any method with a JSON body on the HTTP API.
    pub async fn send_json(&self, method: reqwest::Method, path: &str, body: &Value) -> (u16, Value) {
        let request = self
            .client
            .request(method, format!("{}{path}", self.http))
            .json(body);
        crate::app::read(request.send().await.unwrap()).await
    }
}

impl Member {
    /// Sends a text frame.
    pub async fn send_text(&mut self, text: &str) {
        self.socket
            .send(Message::Text(text.into()))
            .await
            .expect("the frame is sent");
    }

    /// Sends a JSON frame.
    pub async fn send(&mut self, value: &Value) {
        self.send_text(&value.to_string()).await;
    }

    /// The next message, or `None` when the socket closed; fails after the timeout.
    pub async fn next_message(&mut self) -> Option<Message> {
        let next = tokio::time::timeout(FRAME_TIMEOUT, self.socket.next())
            .await
            .unwrap_or_else(|_| panic!("{} waited {FRAME_TIMEOUT:?} for a frame", self.member_id));
        next.and_then(Result::ok)
    }

    /// The next frame, as JSON.
    pub async fn next_json(&mut self) -> Value {
        loop {
            match self.next_message().await {
                Some(Message::Text(text)) => return serde_json::from_str(&text).expect("frames are JSON"),
                Some(Message::Ping(_) | Message::Pong(_)) => continue,
                other => panic!("{} expected a text frame, got {other:?}", self.member_id),
            }
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

    /// Closes the socket and waits for the server's close.
    pub async fn leave(mut self) {
        let _ = self.socket.close(None).await;
        while let Ok(Some(_)) = tokio::time::timeout(FRAME_TIMEOUT, self.socket.next()).await {}
    }
}
