//! Relay benchmark: how long one room message takes to reach every other member through
//! the local gateway (real WebSockets, real DynamoDB Local, `@connections` over HTTP).
//!
//! Run with `bash infra/scripts/bench.sh` (starts its own DynamoDB Local; release build).
//! `RELAY_POST_LATENCY_MS` (default 10) and `RELAY_ROOM_SIZES` (default 10,100,500,2000)
//! change the set-up. Prints numbers; it asserts nothing.

use aws_sdk_dynamodb::types::{AttributeValue, PutRequest, WriteRequest};
use local_gateway::WsSettings;
use serde_json::json;
use std::time::{Duration, Instant};
use studio::domain::RoomId;
use studio::realtime::{CONNECTION_TTL_SECONDS, now};
use studio_tests::{Member, TestApp};

const ROUNDS: usize = 5;

/// Opens `n` members, each alone in a private room (so joining costs no fan-out), then
/// moves their connection rows into `room`: the sockets are live, the rows real.
async fn fill_room(app: &TestApp, room: &str, n: usize) -> Vec<Member> {
    let target = RoomId::parse(room).unwrap();
    let mut members = Vec::with_capacity(n);
    for i in 0..n {
        let private = format!("{room}-solo-{i}");
        members.push(app.join(&private, &format!("m{i}")).await);
        let rows = app
            .rooms()
            .connections
            .in_room(&RoomId::parse(&private).unwrap(), now())
            .await
            .unwrap();
        let mut row = rows.into_iter().next().expect("the connection row exists");
        app.rooms().connections.remove(&row.connection_id).await.unwrap();
        row.room_id = target.clone();
        app.rooms().connections.put(&row).await.unwrap();
    }
    members
}

/// Median time for one message from member 0 to reach all the others, after one
/// uncounted round that opens the SDK's connections.
async fn relay(members: &mut [Member]) -> Duration {
    let mut times = Vec::new();
    for round in 0..=ROUNDS {
        let (sender, receivers) = members.split_first_mut().unwrap();
        let started = Instant::now();
        sender.send(&json!({ "type": "message", "payload": round })).await;
        // A sequential fan-out to a big room takes longer than a test's frame wait.
        futures::future::join_all(receivers.iter_mut().map(|m| async move {
            while let Some(frame) = m.try_next_json(Duration::from_secs(120)).await {
                if frame["type"] == "room.message" {
                    return;
                }
            }
            panic!("{} heard no relay within 120 s", m.member_id);
        }))
        .await;
        if round > 0 {
            times.push(started.elapsed());
        }
    }
    times.sort();
    times[ROUNDS / 2]
}

/// Writes `count` connection rows spread over rooms of 100, straight into DynamoDB.
async fn seed_other_connections(app: &TestApp, count: usize) {
    let expires = (now() + CONNECTION_TTL_SECONDS).to_string();
    let rows: Vec<WriteRequest> = (0..count)
        .map(|i| {
            let put = PutRequest::builder()
                .item("connectionId", AttributeValue::S(format!("seeded{i:010}=")))
                .item("roomId", AttributeValue::S(format!("other-{}", i / 100)))
                .item("memberId", AttributeValue::S(format!("o{i}")))
                .item("displayName", AttributeValue::S("Other".into()))
                .item("connectedAt", AttributeValue::N(now().to_string()))
                .item("expiresAt", AttributeValue::N(expires.clone()))
                .build()
                .unwrap();
            WriteRequest::builder().put_request(put).build()
        })
        .collect();
    for batch in rows.chunks(25) {
        let mut pending = batch.to_vec();
        while !pending.is_empty() {
            let out = app
                .tables
                .as_ref()
                .unwrap()
                .client
                .batch_write_item()
                .request_items(&app.tables.as_ref().unwrap().connections, pending)
                .send()
                .await
                .unwrap();
            pending = out
                .unprocessed_items()
                .and_then(|u| u.get(&app.tables.as_ref().unwrap().connections))
                .cloned()
                .unwrap_or_default();
        }
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The studio with `concurrency` posts in flight per fan-out and `latency` added to each
/// `@connections` post, as an in-region round trip would add.
async fn studio(concurrency: usize, latency: Duration) -> TestApp {
    let settings = WsSettings {
        post_latency: latency,
        ..WsSettings::default()
    };
    TestApp::builder()
        .fanout_concurrency(concurrency)
        .ws_settings(settings)
        .spawn()
        .await
}

#[tokio::main]
async fn main() {
    let latency_ms: u64 = std::env::var("RELAY_POST_LATENCY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let latency = Duration::from_millis(latency_ms);
    let sizes: Vec<usize> = std::env::var("RELAY_ROOM_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10, 100, 500, 2000]);
    println!(
        "relay benchmark (in-process functions, DynamoDB Local, {latency_ms} ms added to each @connections post, \
         median of {ROUNDS} after a warm-up)"
    );
    println!("room members are live WebSockets; their rows were moved into the room directly");
    println!(
        "{:>8} | {:>14} | {:>14} | {:>8}",
        "members", "concurrent(32)", "sequential(1)", "speed-up"
    );
    for n in sizes {
        let mut row = Vec::new();
        for concurrency in [32, 1] {
            let app = studio(concurrency, latency).await;
            let mut members = fill_room(&app, "bench", n).await;
            row.push(relay(&mut members).await);
        }
        let speedup = row[1].as_secs_f64() / row[0].as_secs_f64();
        println!(
            "{n:>8} | {:>14} | {:>14} | {speedup:>7.1}x",
            ms(row[0]),
            ms(row[1])
        );
    }
    println!("10-member relay vs other connections in the table (seeded rows in rooms of 100):");
    for others in [10, 10_000] {
        let app = studio(32, latency).await;
        seed_other_connections(&app, others).await;
        let mut members = fill_room(&app, "bench", 10).await;
        println!("{others:>8} others | {:>10}", ms(relay(&mut members).await));
    }
}
