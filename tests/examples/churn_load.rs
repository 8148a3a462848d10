//! Burst and churn load test: 50 rooms of 20 members connect at once through the local
//! gateway (real WebSockets, DynamoDB Local); every member sends a message; a third of
//! them disconnect and reconnect at random; every live member sends again. Each round is
//! accounted exactly — every live member must receive every other live member's
//! message of its room once, and nothing from another room — and the final rosters are
//! compared with the members actually connected.
//!
//! Run with `bash infra/scripts/load.sh`. Prints numbers; it asserts nothing.

use futures::future::join_all;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};
use studio_tests::{Member, TestApp};

const ROOMS: usize = 50;
const PER_ROOM: usize = 20;
/// How long a member keeps listening after the last message it heard.
const QUIET: Duration = Duration::from_secs(3);

#[derive(Default)]
struct Tally {
    expected: usize,
    delivered: usize,
    duplicated: usize,
    cross_room: usize,
    latencies: Vec<Duration>,
}

/// `(room, member)` of every seat.
fn seats() -> Vec<(String, String)> {
    (0..ROOMS)
        .flat_map(|r| (0..PER_ROOM).map(move |m| (format!("load-{r:02}"), format!("r{r:02}m{m:02}"))))
        .collect()
}

/// Every member sends one message stamped with the round's clock, then listens until
/// the room goes quiet; returns what each heard.
async fn round(members: &mut BTreeMap<(String, String), Member>, clock: Instant, tag: &str) -> Tally {
    let heard = join_all(members.iter_mut().map(|((room, name), member)| async move {
        let sent = clock.elapsed().as_micros() as u64;
        member
            .send(&json!({ "type": "message", "payload": { "room": room, "from": name, "tag": tag, "at": sent } }))
            .await;
        let mut got = Vec::new();
        while let Some(frame) = member.try_next_json(QUIET).await {
            if frame["type"] == "room.message" && frame["payload"]["tag"] == tag {
                let at = Duration::from_micros(frame["payload"]["at"].as_u64().unwrap_or_default());
                got.push((frame["payload"].clone(), clock.elapsed().saturating_sub(at)));
            }
        }
        ((room.clone(), name.clone()), got)
    }))
    .await;
    let mut tally = Tally::default();
    let per_room: BTreeMap<&String, usize> = members.keys().fold(BTreeMap::new(), |mut m, (room, _)| {
        *m.entry(room).or_default() += 1;
        m
    });
    for ((room, _), got) in heard {
        tally.expected += per_room[&room] - 1;
        let mut seen = BTreeSet::new();
        for (payload, latency) in got {
            if payload["room"] != room.as_str() {
                tally.cross_room += 1;
            } else if !seen.insert(payload["from"].as_str().unwrap_or_default().to_owned()) {
                tally.duplicated += 1;
            } else {
                tally.delivered += 1;
                tally.latencies.push(latency);
            }
        }
    }
    tally
}

fn report(name: &str, mut tally: Tally) {
    tally.latencies.sort();
    let at = |q: f64| {
        let i = ((tally.latencies.len() as f64 - 1.0) * q).round() as usize;
        tally.latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{name:<22} expected {:>6} delivered {:>6} duplicated {:>4} lost {:>5} cross-room {:>4} | relay p50 {:>7.1} ms p99 {:>7.1} ms",
        tally.expected,
        tally.delivered,
        tally.duplicated,
        tally.expected.saturating_sub(tally.delivered),
        tally.cross_room,
        at(0.5),
        at(0.99),
    );
}

/// The next pseudo-random number of a small xorshift, so runs churn the same members.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Joins as a client does: a refused handshake (503 while the stand-ins are saturated)
/// is tried again after a jittered backoff. Returns the member and how many refusals it met.
async fn join_seat(app: &TestApp, room: &str, name: &str) -> (Member, usize) {
    let url = app.ws_url(room, name, name);
    let mut state = name
        .bytes()
        .fold(0x2545_f491_4f6c_dd1d_u64, |h, b| h.rotate_left(5) ^ u64::from(b));
    for refused in 0..20 {
        match Member::try_connect(&url, name).await {
            Ok(member) => return (member, refused),
            Err(_) => {
                let backoff = 250u64 << refused.min(5);
                let jitter = next(&mut state) % backoff;
                tokio::time::sleep(Duration::from_millis(backoff / 2 + jitter)).await;
            }
        }
    }
    panic!("{name} was refused 20 times");
}

async fn join_all_seats(app: &TestApp, seats: &[(String, String)]) -> Vec<((String, String), Member)> {
    let joined = join_all(seats.iter().map(|(room, name)| async move {
        let (member, refused) = join_seat(app, room, name).await;
        ((room.clone(), name.clone()), member, refused)
    }))
    .await;
    let refusals: usize = joined.iter().map(|(_, _, r)| r).sum();
    println!("handshakes refused and retried with backoff: {refusals}");
    joined
        .into_iter()
        .map(|(seat, member, _)| (seat, member))
        .collect()
}

#[tokio::main]
async fn main() {
    let app = TestApp::builder().realtime().spawn().await;
    let clock = Instant::now();
    let all = seats();
    let started = Instant::now();
    let mut members: BTreeMap<_, _> = join_all_seats(&app, &all).await.into_iter().collect();
    println!(
        "{} members in {ROOMS} rooms connected at once in {:.1} s",
        members.len(),
        started.elapsed().as_secs_f64()
    );
    report("burst: first messages", round(&mut members, clock, "first").await);

    let mut state = 0x9e37_79b9_7f4a_7c15;
    let churned: Vec<(String, String)> = all
        .iter()
        .filter(|_| next(&mut state).is_multiple_of(3))
        .cloned()
        .collect();
    join_all(churned.iter().map(|seat| members.remove(seat).unwrap().leave())).await;
    let started = Instant::now();
    members.extend(join_all_seats(&app, &churned).await);
    println!(
        "{} members left and rejoined at once in {:.1} s",
        churned.len(),
        started.elapsed().as_secs_f64()
    );
    report(
        "churn: second messages",
        round(&mut members, clock, "second").await,
    );

    let mut wrong = 0;
    for r in 0..ROOMS {
        let room = format!("load-{r:02}");
        let live: Vec<String> = members
            .keys()
            .filter(|(rm, _)| rm == &room)
            .map(|(_, m)| m.clone())
            .collect();
        if app.roster(&room).await != live {
            wrong += 1;
        }
    }
    println!(
        "final rosters equal to the live members: {} of {ROOMS} rooms",
        ROOMS - wrong
    );
}
