//! A running studio for one test, driven with real HTTP and WebSocket clients.

use local_gateway::hosted::Clients;
use serde_json::Value;
use std::sync::Arc;
use studio::adapters::postgres::Db;
use studio::realtime::Realtime;

use crate::builder::TestAppBuilder;
use crate::dynamo::Tables;
use crate::postgres::count_rows;
use crate::proxy::Proxy;
use crate::s3::TestBucket;
use crate::ws::Member;

/// The studio behind the local gateway.
pub struct TestApp {
    /// `http://127.0.0.1:PORT` of the HTTP API.
    pub address: String,
    /// `127.0.0.1:PORT` of the WebSocket API and `@connections` (served with realtime).
    pub ws_addr: String,
    /// A client for the gateway.
    pub client: reqwest::Client,
    /// The test's own database, reached directly (not through any proxy).
    pub db: Db,
    /// The proxy the studio reaches Postgres through, when the test asked for one.
    pub proxy: Option<Arc<Proxy>>,
    /// The test's own bucket on the run's SeaweedFS, when the test asked for media.
    pub bucket: Option<TestBucket>,
    /// The test's own realtime tables, when the test asked for rooms.
    pub tables: Option<Tables>,
    /// The realtime stores the functions use, for looking at rows directly.
    pub realtime: Option<Realtime>,
    /// Every store the hosted functions share, to host them elsewhere too.
    pub clients: Clients,
    /// The proxy in front of DynamoDB Local, when the test asked for one.
    pub dynamodb_proxy: Option<Arc<Proxy>>,
    /// The proxy in front of SeaweedFS, when the test asked for one.
    pub s3_proxy: Option<Arc<Proxy>>,
}

impl TestApp {
    /// What the test's studio is made of; `.spawn()` starts it.
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder::default()
    }

    /// The URL of `path` on the gateway.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// GET `path`; returns the status and the JSON body.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        read(
            self.client
                .get(self.url(path))
                .send()
                .await
                .expect("the gateway answers"),
        )
        .await
    }

    /// POST `body` as JSON text to `path`.
    pub async fn post_json(&self, path: &str, body: &str) -> (u16, Value) {
        self.send(
            reqwest::Method::POST,
            path,
            "application/json",
            body.as_bytes().to_vec(),
        )
        .await
    }

    /// POST with an `Idempotency-Key`; the status, whether it was a replay, and the body.
    pub async fn post_once(
        &self,
        path: &str,
        key: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, bool, Value) {
        let response = self
            .client
            .post(self.url(path))
            .header("content-type", content_type)
            .header("idempotency-key", key)
            .body(body)
            .send()
            .await
            .unwrap();
        let replayed = response.headers().get("idempotent-replayed").is_some();
        let (status, body) = read(response).await;
        (status, replayed, body)
    }

    /// Any method with a JSON value as its body.
    pub async fn send_json(&self, method: reqwest::Method, path: &str, body: &Value) -> (u16, Value) {
        self.send(method, path, "application/json", body.to_string().into_bytes())
            .await
    }

    /// Any method, content type and body.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, Value) {
        let response = self
            .client
            .request(method, self.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("the gateway answers");
        read(response).await
    }

    /// How many rows `table` holds.
    pub async fn row_count(&self, table: &str) -> i64 {
        count_rows(&self.db, table).await
    }

    /// The keys in the test's bucket.
    pub async fn object_keys(&self) -> Vec<String> {
        self.bucket.as_ref().expect("a media app").keys().await
    }

    /// Creates a session named `name` and returns its id.
    pub async fn create_session(&self, name: &str) -> String {
        let body = serde_json::json!({ "name": name });
        let (status, body) = self
            .send_json(reqwest::Method::POST, "/api/sessions", &body)
            .await;
        assert_eq!(status, 201, "{body}");
        body["session"]["id"].as_str().unwrap().to_owned()
    }

    /// Creates a session and returns its id.
    pub async fn new_session(&self) -> String {
        self.create_session("Media").await
    }

    /// Posts `wav` as `name` in a multipart upload (into `session`, or the token's own
    /// when none is named; as `token`'s member when given) and answers what came back.
    pub async fn post_wav(
        &self,
        session: Option<&str>,
        name: &str,
        wav: &[u8],
        token: Option<&str>,
    ) -> (u16, Value) {
        let (content_type, body) = crate::wav::form(Some((name, "audio/wav", wav)), session);
        let mut request = self
            .client
            .post(self.url("/api/upload"))
            .header("content-type", content_type)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        read(request.send().await.expect("the gateway answers")).await
    }

    /// Uploads `wav` to `session` as `name` (as `token`'s member when given), which must
    /// be accepted, and returns the upload's id.
    pub async fn upload_wav(&self, session: &str, name: &str, wav: &[u8], token: Option<&str>) -> String {
        let (status, created) = self.post_wav(Some(session), name, wav, token).await;
        assert_eq!(status, 201, "{created}");
        created["id"].as_str().unwrap().to_owned()
    }

    /// `GET /api/arrangement?{query}` (`sessionId=...`, with `&version=` or `&changes`),
    /// which must answer 200.
    pub async fn arrangement(&self, query: &str) -> Value {
        let (status, body) = self.get(&format!("/api/arrangement?{query}")).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// How many sessions the database holds.
    pub async fn session_count(&self) -> i64 {
        self.row_count("sessions").await
    }

    /// The realtime stores (the app must have been built with realtime).
    pub fn rooms(&self) -> &Realtime {
        self.realtime.as_ref().expect("a realtime app")
    }

    /// A call to the local gateway's `@connections` API, signed with SigV4 as a
    /// function's SDK client signs it (the environment's credentials) unless `signed`
    /// is false.
    pub async fn management(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &str,
        signed: bool,
    ) -> reqwest::Response {
        let mut request = http::Request::builder()
            .method(method)
            .uri(format!("http://{}{path}", self.ws_addr))
            .header("host", self.ws_addr.to_string())
            .body(bytes::Bytes::from(body.to_owned()))
            .unwrap();
        if signed {
            let credentials = studio::adapters::from_env::credentials().expect("the tests' AWS credentials");
            let now = std::time::SystemTime::now();
            studio::adapters::secrets::sign_request(
                &mut request,
                &credentials,
                "execute-api",
                "us-east-1",
                now,
            )
            .unwrap();
        }
        let request = reqwest::Request::try_from(request.map(reqwest::Body::from)).unwrap();
        self.client.execute(request).await.unwrap()
    }

    /// The id of an open connection in `room` (the only one, in tests that open one),
    /// for posts to `@connections`.
    pub async fn only_connection(&self, room: &str) -> String {
        let room = studio::domain::RoomId::parse(room).unwrap();
        let open = self
            .rooms()
            .connections
            .in_room(&room, studio::realtime::now())
            .await
            .unwrap();
        open.first()
            .expect("an open connection in the room")
            .connection_id
            .clone()
    }

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
        Member::connect(&self.ws_url(room, member, &format!("{member} name")), member).await
    }

    /// `GET /api/presence?roomId=`: the member ids listed, sorted.
    pub async fn roster(&self, room: &str) -> Vec<String> {
        let (status, body) = self.get(&format!("/api/presence?roomId={room}")).await;
        assert_eq!(status, 200, "{body}");
        member_ids(&body)
    }
}

/// The member ids of a `{ members }` answer, sorted.
pub fn member_ids(body: &Value) -> Vec<String> {
    let mut ids: Vec<String> = body["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["memberId"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

/// PUTs `body` as a WAV to the presigned upload `created` (the answer of a JSON
/// `POST /api/upload`) as a client does, with the tag it was given; the store's status.
pub async fn put_presigned(created: &Value, body: Vec<u8>) -> u16 {
    reqwest::Client::new()
        .put(created["url"].as_str().unwrap())
        .header("content-type", "audio/wav")
        .header(
            "x-amz-tagging",
            created["headers"]["x-amz-tagging"].as_str().unwrap(),
        )
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The status and JSON body of a response; a body that is not JSON fails the test.
pub async fn read(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("the body is readable");
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("status {status}, body is not JSON ({e}): {text}"));
    (status, body)
}
