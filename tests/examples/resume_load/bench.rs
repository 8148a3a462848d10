//! The resume load test's two measurements: resume latency and what sequencing adds
//! to a relay.

use async_trait::async_trait;
use futures::StreamExt;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use studio::domain::{MemberId, RoomId};
use studio::realtime::{Entry, RoomLog};
use studio::store::StoreError;
use studio_tests::{Member, TestApp};

use crate::parts::connect;

fn quantile(samples: &mut [f64], q: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[((samples.len() - 1) as f64 * q).round() as usize]
}

/// Time from `resume` to the replay's last page, `missed` envelopes back, 5 times. The
/// envelopes are sequenced and stored straight into the room's log (16 at a time), so
/// the run measures the replay, not the relay that would have filled it.
pub async fn resume_latency(app: &TestApp, reader: &mut Member, missed: u64) {
    let room = RoomId::parse("bench-resume").unwrap();
    let rt = app.rooms();
    let mut samples = Vec::new();
    for _ in 0..5 {
        let before = rt.log.current(&room).await.unwrap();
        let room = &room;
        futures::stream::iter(0..missed)
            .map(|i| async move {
                let envelope = json!({ "type": "room.message", "roomId": "bench-resume", "from": { "memberId": "w", "displayName": "w" }, "payload": i, "sentAt": 0 });
                rt.sequence(room, &envelope, None).await.unwrap();
            })
            .buffer_unordered(16)
            .collect::<Vec<_>>()
            .await;
        let after_all = rt.log.current(room).await.unwrap();
        let started = Instant::now();
        reader.send(&json!({ "type": "resume", "after": before })).await;
        let mut count = 0;
        loop {
            let frame = reader.next_json().await;
            if frame["type"] == "room.replay" {
                count += frame["envelopes"].as_array().map_or(0, Vec::len);
                if frame["last"] == true {
                    break;
                }
            }
        }
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(
            count as u64,
            after_all - before,
            "the replay holds every envelope"
        );
    }
    println!(
        "resume of {missed:>4} missed envelopes: p50 {:>7.1} ms  p99 {:>7.1} ms  (5 runs)",
        quantile(&mut samples, 0.5),
        quantile(&mut samples, 0.99)
    );
}

/// The relay of one message to a room of 10 connections, 200 times with the room log
/// on DynamoDB Local and 200 times with a log that costs nothing, interleaved.
pub async fn sequencing_cost(app: &TestApp) {
    let mut members = Vec::new();
    for i in 0..10 {
        members.push(connect(app, "bench-cost", &format!("m{i}")).await);
    }
    let drain = async {
        for m in &mut members {
            while m.try_next_json(Duration::from_millis(200)).await.is_some() {}
        }
    };
    drain.await;
    let room = RoomId::parse("bench-cost").unwrap();
    let with_log = app.rooms().clone();
    let mut without = app.rooms().clone();
    without.log = Arc::new(FreeLog::default());
    let (mut on, mut off) = (Vec::new(), Vec::new());
    for i in 0..200 {
        let envelope = json!({ "type": "room.message", "roomId": "bench-cost", "from": { "memberId": "b", "displayName": "b" }, "payload": i, "sentAt": 0 });
        for (rt, samples) in [(&with_log, &mut on), (&without, &mut off)] {
            let started = Instant::now();
            rt.broadcast(None, &room, &envelope, None).await.unwrap();
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        if i % 20 == 19 {
            for m in &mut members {
                while m.try_next_json(Duration::from_millis(5)).await.is_some() {}
            }
        }
    }
    let mean = |s: &[f64]| s.iter().sum::<f64>() / s.len() as f64;
    println!(
        "relay to 10 connections: with the room log p50 {:.2} ms mean {:.2} ms; without p50 {:.2} ms mean {:.2} ms; added {:.2} ms per message",
        quantile(&mut on.clone(), 0.5),
        mean(&on),
        quantile(&mut off.clone(), 0.5),
        mean(&off),
        mean(&on) - mean(&off)
    );
}

/// A room log that costs nothing: seqs from a counter in memory, nothing stored. The
/// relay without sequencing, for the comparison.
#[derive(Default)]
struct FreeLog(AtomicU64);

#[async_trait]
impl RoomLog for FreeLog {
    async fn next(&self, _: &RoomId) -> Result<u64, StoreError> {
        Ok(self.0.fetch_add(1, Ordering::Relaxed) + 1)
    }
    async fn current(&self, _: &RoomId) -> Result<u64, StoreError> {
        Ok(self.0.load(Ordering::Relaxed))
    }
    async fn store(&self, _: &RoomId, _: &Entry, _: i64, _: Option<u64>) -> Result<(), StoreError> {
        Ok(())
    }
    async fn claim(
        &self,
        _: &RoomId,
        _: &MemberId,
        _: &str,
        _: u64,
        _: i64,
    ) -> Result<Option<u64>, StoreError> {
        Ok(None)
    }
    async fn release(&self, _: &RoomId, _: &MemberId, _: &str) {}
    async fn count(&self, _: &RoomId, _: &str, _: i64) -> Result<u64, StoreError> {
        Ok(1)
    }
    async fn range(&self, _: &RoomId, _: u64, _: u64, _: usize, _: i64) -> Result<Vec<Entry>, StoreError> {
        Ok(Vec::new())
    }
}
