//! Access benchmark: what a member token costs. Token verification alone, the HTTP
//! authorizer's whole answer, a protected request through the local gateway without
//! auth (open mode), with the authorizer's answer cached, and uncached (a new token each
//! time), and the `$connect` handshake with and without the WebSocket authorizer.
//!
//! Run with `bash infra/scripts/bench-auth.sh` (its own DynamoDB Local; release build).
//! Prints numbers; it asserts nothing. The gateway invokes functions in-process, so an
//! uncached authorizer costs its work here, not the Lambda invocation it costs on AWS.

use reqwest::Method;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use studio::access::{AccessConfig, Member, NoRevocations, Role, authorize_http};
use studio::domain::{DisplayName, MemberId, SessionId};
use studio::realtime::now;
use studio_tests::TestApp;
use studio_tests::invites::test_tokens;

const VERIFY_ROUNDS: u32 = 50_000;
const REQUESTS: usize = 300;
const HANDSHAKES: usize = 100;

fn member(session: SessionId, i: usize) -> Member {
    Member {
        session,
        member: MemberId::parse(&format!("m-bench-{i}")).unwrap(),
        name: DisplayName::parse("Bench").unwrap(),
        role: Role::Performer,
        expires_at: 0,
    }
}

fn per_call(rounds: u32, mut call: impl FnMut()) -> Duration {
    let started = Instant::now();
    for _ in 0..rounds {
        call();
    }
    started.elapsed() / rounds
}

fn summary(mut times: Vec<Duration>) -> String {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    format!("median {:>8.3} ms   p95 {:>8.3} ms", ms(at(0.5)), ms(at(0.95)))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn timed_requests(app: &TestApp, token: impl Fn(usize) -> String) -> Vec<Duration> {
    let mut times = Vec::with_capacity(REQUESTS);
    for i in 0..REQUESTS {
        // Open mode names the room; invite mode takes it from the token.
        let path = if token(i).is_empty() {
            "/api/presence?roomId=bench-room"
        } else {
            "/api/presence"
        };
        let started = Instant::now();
        let (status, body) = app.send_as(&token(i), Method::GET, path, &Value::Null).await;
        times.push(started.elapsed());
        assert_eq!(status, 200, "{body}");
    }
    times
}

async fn timed_handshakes(url: impl Fn(usize) -> String) -> Vec<Duration> {
    let mut times = Vec::with_capacity(HANDSHAKES);
    for i in 0..HANDSHAKES {
        let started = Instant::now();
        let (mut socket, _) = tokio_tungstenite::connect_async(url(i))
            .await
            .expect("the handshake succeeds");
        times.push(started.elapsed());
        socket.close(None).await.ok();
    }
    times
}

#[tokio::main]
async fn main() {
    let tokens = test_tokens();
    let session = SessionId::new();
    let token = tokens.member(&member(session, 0), now()).token;
    let verify = per_call(VERIFY_ROUNDS, || {
        tokens.verify_member(&token).unwrap();
    });
    let access = AccessConfig::invite(tokens.clone());
    let event = json!({ "headers": { "authorization": format!("Bearer {token}") } });
    let authorize = per_call(VERIFY_ROUNDS, || {
        futures::executor::block_on(authorize_http(&access, &NoRevocations, &event, now())).unwrap();
    });
    println!("member token ({} bytes)", token.len());
    println!(
        "  verify_member            {:>8.2} µs per call",
        verify.as_secs_f64() * 1e6
    );
    println!(
        "  HTTP authorizer answer   {:>8.2} µs per call",
        authorize.as_secs_f64() * 1e6
    );

    let open = TestApp::builder().realtime().spawn().await;
    let invite = TestApp::builder().realtime().invite(tokens.clone()).spawn().await;
    let hosted = invite.host_session().await;
    let session = SessionId::parse(&hosted.session).unwrap();
    let fresh: Vec<String> = (0..REQUESTS.max(HANDSHAKES))
        .map(|i| tokens.member(&member(session, i + 1), now()).token)
        .collect();
    // One unmeasured round of each first, so DynamoDB Local and the connections are warm
    // for every set alike.
    timed_requests(&open, |_| String::new()).await;
    timed_requests(&invite, |_| hosted.host_token.clone()).await;
    timed_handshakes(|i| open.ws_url("bench-handshakes", &format!("w{i}"), "Warm")).await;
    timed_handshakes(|i| invite.ws_token_url(&fresh[i], &[])).await;
    println!("GET /api/presence through the local gateway ({REQUESTS} sequential requests)");
    let times = timed_requests(&open, |_| String::new()).await;
    println!("  open mode, no authorizer {}", summary(times));
    let times = timed_requests(&invite, |_| hosted.host_token.clone()).await;
    println!("  invite, answer cached    {}", summary(times));
    let times = timed_requests(&invite, |i| fresh[i].clone()).await;
    println!("  invite, uncached         {}", summary(times));

    println!("$connect handshake ({HANDSHAKES} sequential, each closed after)");
    let times = timed_handshakes(|i| open.ws_url("bench-handshakes", &format!("m{i}"), "Bench")).await;
    println!("  open mode, no authorizer {}", summary(times));
    let times = timed_handshakes(|i| invite.ws_token_url(&fresh[i], &[])).await;
    println!("  invite, REQUEST authorizer {}", summary(times));
}
