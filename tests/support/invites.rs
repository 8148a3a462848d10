//! Invite mode from a client's side: a test key set, hosting a session, joining with
//! its invite, and requests and handshakes carrying a member token.

use reqwest::Method;
use serde_json::{Value, json};
use studio::access::{SigningKey, SigningKeys, Tokens};

use crate::app::{TestApp, member_ids, read};
use crate::ws::Member;

/// The key id tests sign with (the tokens' `iss`).
pub const TEST_KID: &str = "studio-test";
/// The secret tests sign with.
pub const TEST_SECRET: &str = "test-secret-of-at-least-thirty-two-bytes";

/// Tokens over the test key.
pub fn test_tokens() -> Tokens {
    Tokens::new(SigningKeys::single(
        SigningKey::new(TEST_KID, TEST_SECRET).unwrap(),
    ))
}

/// A session its host created: the answer's ids and tokens.
pub struct Hosted {
    pub session: String,
    pub host_id: String,
    pub host_token: String,
    pub invite: String,
}

/// A member who joined with an invite.
pub struct Joined {
    pub member_id: String,
    pub token: String,
    pub answer: Value,
}

impl TestApp {
    /// Creates a session in invite mode and keeps the host's token and the invite.
    pub async fn host_session(&self) -> Hosted {
        let (status, body) = self
            .send_json(
                Method::POST,
                "/api/sessions",
                &json!({ "name": "Band", "hostName": "Hana" }),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let text = |pointer: &str| body.pointer(pointer).and_then(Value::as_str).unwrap().to_owned();
        Hosted {
            session: text("/session/id"),
            host_id: text("/host/memberId"),
            host_token: text("/host/token"),
            invite: text("/invite/token"),
        }
    }

    /// Joins with `invite` as `name`; the exchange must succeed.
    pub async fn join_with(&self, invite: &str, name: &str) -> Joined {
        let body = json!({ "invite": invite, "displayName": name });
        let (status, answer) = self.send_json(Method::POST, "/api/sessions/join", &body).await;
        assert_eq!(status, 200, "{answer}");
        Joined {
            member_id: answer["memberId"].as_str().unwrap().to_owned(),
            token: answer["token"].as_str().unwrap().to_owned(),
            answer,
        }
    }

    /// A fresh invite granting `role` (`performer` or `listener`), as the host asks for
    /// one when it renews its token.
    pub async fn invite_for(&self, host_token: &str, role: &str) -> String {
        let body = json!({ "inviteRole": role });
        let (status, answer) = self
            .send_as(host_token, Method::POST, "/api/sessions/join", &body)
            .await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["invite"]["role"], role, "{answer}");
        answer["invite"]["token"].as_str().unwrap().to_owned()
    }

    /// A short take uploaded into the token holder's own session: the answer.
    pub async fn upload_as(&self, token: &str) -> (u16, Value) {
        let wav = crate::wav::tone(8_000, 1, 0.2, 440.0, 0.4);
        self.post_wav(None, "take.wav", &wav, Some(token)).await
    }

    /// An export of `session` made as `token`'s member, which must be accepted: its id.
    pub async fn export_as(&self, token: &str, session: &str) -> String {
        let body = json!({ "sessionId": session });
        let (status, made) = self.send_as(token, Method::POST, "/api/export", &body).await;
        assert_eq!(status, 201, "{made}");
        made["exportId"].as_str().unwrap().to_owned()
    }

    /// A request with `Authorization: Bearer <token>` (none when `token` is empty) and a
    /// JSON body (none when `body` is null).
    pub async fn send_as(&self, token: &str, method: Method, path: &str, body: &Value) -> (u16, Value) {
        let mut request = self.client.request(method, self.url(path));
        if !token.is_empty() {
            request = request.bearer_auth(token);
        }
        if !body.is_null() {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        read(request.send().await.expect("the gateway answers")).await
    }

    /// The handshake URL carrying `token` and any other `query` pairs.
    pub fn ws_token_url(&self, token: &str, query: &[(&str, &str)]) -> String {
        let mut url = form_urlencoded::Serializer::new(String::new());
        if !token.is_empty() {
            url.append_pair("token", token);
        }
        for (k, v) in query {
            url.append_pair(k, v);
        }
        format!("ws://{}/?{}", self.ws_addr, url.finish())
    }

    /// Opens `member`'s socket with its token; the handshake must succeed.
    pub async fn enter(&self, token: &str, member: &str) -> Member {
        Member::connect(&self.ws_token_url(token, &[]), member).await
    }

    /// The member ids `token`'s holder sees in its room, sorted.
    pub async fn roster_as(&self, token: &str) -> Vec<String> {
        let (status, body) = self
            .send_as(token, Method::GET, "/api/presence", &Value::Null)
            .await;
        assert_eq!(status, 200, "{body}");
        member_ids(&body)
    }
}

/// The status a refused handshake at `url` was answered with; an accepted one fails
/// the test.
pub async fn handshake_refusal(url: &str) -> u16 {
    match tokio_tungstenite::connect_async(url).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => response.status().as_u16(),
        Err(e) => panic!("the handshake failed without an answer: {e}"),
        Ok(_) => panic!("the handshake at {url} was accepted"),
    }
}
