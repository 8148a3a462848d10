//! The resume load test's members and its accounting.

use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};
use studio_tests::ordered::Ordered;
use studio_tests::{Member, TestApp};

/// When a member drops (after how long) and for how long it stays away.
#[derive(Clone, Copy)]
pub struct Plan {
    pub drop: Option<(Duration, Duration)>,
}

/// What one member sent (acknowledged, as `(n, seq)`) and applied.
pub struct SeatLog {
    room: String,
    name: String,
    start: u64,
    acked: Vec<(u64, u64)>,
    /// `(room, from, n, seq)` of each room message applied, in order.
    applied: Vec<(String, String, u64, u64)>,
    dropped: bool,
    told_lost: bool,
}

/// Joins, retrying a refused handshake as a client does.
pub async fn connect(app: &TestApp, room: &str, name: &str) -> Member {
    let url = app.ws_url(room, name, name);
    for attempt in 0..20u64 {
        if let Ok(member) = Member::try_connect(&url, name).await {
            return member;
        }
        tokio::time::sleep(Duration::from_millis(100 << attempt.min(5))).await;
    }
    panic!("{name} was refused 20 times");
}

pub async fn roster_seq(member: &mut Member) -> u64 {
    member.send(&json!({ "type": "roster" })).await;
    loop {
        let frame = member.next_json().await;
        if frame["type"] == "presence.roster" {
            return frame["seq"].as_u64().unwrap_or(0);
        }
    }
}

/// One member: sends a message with an id every 500–1000 ms until `stop`, drops and
/// resumes as planned, sends unacknowledged messages again after a reconnect, and
/// finally listens until the room is quiet.
pub async fn seat(
    app: &TestApp,
    room: &str,
    name: &str,
    plan: Plan,
    start: Instant,
    stop: Instant,
) -> SeatLog {
    let mut member = connect(app, room, name).await;
    let first = roster_seq(&mut member).await;
    let mut order = Ordered::at(first);
    let mut log = SeatLog {
        room: room.into(),
        name: name.into(),
        start: first,
        acked: Vec::new(),
        applied: Vec::new(),
        dropped: false,
        told_lost: false,
    };
    let mut unacked: BTreeMap<u64, Value> = BTreeMap::new();
    let mut n = 0;
    let period = Duration::from_millis(500 + name.len() as u64 * 37 % 500);
    let mut next_send = Instant::now() + period;
    let mut held_since: Option<Instant> = None;
    let take = |frame: Value, order: &mut Ordered, log: &mut SeatLog, unacked: &mut BTreeMap<u64, Value>| {
        if frame["type"] == "ack" {
            let id_n = frame["id"]
                .as_str()
                .and_then(|id| id.rsplit('-').next()?.parse().ok())
                .unwrap_or(0);
            if unacked.remove(&id_n).is_some() {
                log.acked.push((id_n, frame["seq"].as_u64().unwrap_or(0)));
            }
        }
        for e in order.take(&frame) {
            if e["type"] == "room.message" {
                let p = &e["payload"];
                let (r, f) = (
                    p["room"].as_str().unwrap_or("").to_owned(),
                    p["from"].as_str().unwrap_or("").to_owned(),
                );
                log.applied
                    .push((r, f, p["n"].as_u64().unwrap_or(0), e["seq"].as_u64().unwrap_or(0)));
            }
        }
    };
    while Instant::now() < stop {
        if let Some((at, away)) = plan.drop
            && !log.dropped
            && start.elapsed() >= at
        {
            log.dropped = true;
            member.leave().await;
            tokio::time::sleep(away).await;
            member = connect(app, room, name).await;
            member.send(&order.resume()).await;
            for frame in unacked.values() {
                member.send(frame).await;
            }
        }
        if Instant::now() >= next_send {
            n += 1;
            let frame = json!({ "type": "message", "id": format!("{name}-{n}"), "payload": { "room": room, "from": name, "n": n } });
            unacked.insert(n, frame.clone());
            member.send(&frame).await;
            next_send += period;
        }
        if let Some(frame) = member.try_next_json(Duration::from_millis(20)).await {
            take(frame, &mut order, &mut log, &mut unacked);
        }
        // A live envelope that skipped ahead for 1.5 s: fetch what is missing.
        match (order.waiting(), held_since) {
            (true, None) => held_since = Some(Instant::now()),
            (true, Some(t)) if t.elapsed() > Duration::from_millis(1500) => {
                member.send(&order.resume()).await;
                held_since = None;
            }
            (false, _) => held_since = None,
            _ => {}
        }
    }
    for _ in 0..3 {
        while let Some(frame) = member.try_next_json(Duration::from_secs(3)).await {
            take(frame, &mut order, &mut log, &mut unacked);
        }
        if !order.waiting() && unacked.is_empty() {
            break;
        }
        member.send(&order.resume()).await;
        for frame in unacked.values() {
            member.send(frame).await;
        }
    }
    log.told_lost = order.lost > 0;
    member.leave().await;
    log
}

#[derive(Default)]
struct Row {
    members: usize,
    dropped: usize,
    told: usize,
    expected: usize,
    delivered: usize,
    duplicated: usize,
    lost: usize,
    lost_told: usize,
    out_of_order: usize,
    cross_room: usize,
}

/// Prints each room's exact accounting: every member should apply every other member's
/// acknowledged message sent after it joined, once, in the room's order.
pub fn account(logs: &[SeatLog]) {
    let mut sent: BTreeMap<&str, Vec<(&str, u64, u64)>> = BTreeMap::new();
    for l in logs {
        sent.entry(&l.room)
            .or_default()
            .extend(l.acked.iter().map(|(n, seq)| (l.name.as_str(), *n, *seq)));
    }
    let mut rows: BTreeMap<&str, Row> = BTreeMap::new();
    for l in logs {
        let row = rows.entry(&l.room).or_default();
        row.members += 1;
        row.dropped += usize::from(l.dropped);
        row.told += usize::from(l.told_lost);
        let expected: BTreeSet<(&str, u64)> = sent[l.room.as_str()]
            .iter()
            .filter(|(from, _, seq)| *from != l.name && *seq > l.start)
            .map(|(from, n, _)| (*from, *n))
            .collect();
        let mut seen = BTreeSet::new();
        let mut last_seq = 0;
        for (room, from, n, seq) in &l.applied {
            if room != &l.room {
                row.cross_room += 1;
                continue;
            }
            row.out_of_order += usize::from(*seq <= last_seq);
            last_seq = *seq;
            if from == &l.name {
                continue; // its own, replayed: not expected, not counted
            }
            if !seen.insert((from.as_str(), *n)) {
                row.duplicated += 1;
            } else if expected.contains(&(from.as_str(), *n)) {
                row.delivered += 1;
            }
        }
        row.expected += expected.len();
        let missing = expected.len() - expected.iter().filter(|k| seen.contains(*k)).count();
        match l.told_lost {
            true => row.lost_told += missing,
            false => row.lost += missing,
        }
    }
    println!(
        "{:<14} {:>4} {:>4} {:>5} {:>8} {:>9} {:>5} {:>5} {:>10} {:>6} {:>6}",
        "room",
        "mbrs",
        "drop",
        "told",
        "expected",
        "delivered",
        "dup",
        "lost",
        "lost(told)",
        "order",
        "cross"
    );
    for (room, r) in &rows {
        println!(
            "{room:<14} {:>4} {:>4} {:>5} {:>8} {:>9} {:>5} {:>5} {:>10} {:>6} {:>6}",
            r.members,
            r.dropped,
            r.told,
            r.expected,
            r.delivered,
            r.duplicated,
            r.lost,
            r.lost_told,
            r.out_of_order,
            r.cross_room
        );
    }
}
