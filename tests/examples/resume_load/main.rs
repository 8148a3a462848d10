//! Resume load test: rooms of members sending messages with ids while 30% of them drop
//! at a random moment and come back 1–20 s later, resuming from their last seq; then a
//! variant whose rooms keep a short log, so members away long are told continuity was
//! lost. Every member keeps order as the AsyncAPI document asks (`Ordered`), and each
//! room is accounted exactly. Then resume latency for 10, 100 and 1000 missed envelopes
//! and the cost of sequencing and storing per relayed message, with and without it.
//!
//! `cargo run -p studio-tests --example resume_load` with the stand-ins' environment;
//! `LOAD_ROOMS`, `LOAD_MEMBERS`, `LOAD_SECONDS`, `LOAD_AWAY_MAX` size the run (20, 25,
//! 40, 20). Prints numbers; it asserts nothing.

mod bench;
mod parts;

use bench::{resume_latency, sequencing_cost};
use parts::{Plan, account, connect, seat};
use std::time::{Duration, Instant};
use studio_tests::TestApp;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The next pseudo-random number of a small xorshift, so runs drop the same members.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

async fn run(label: &str, app: &TestApp) {
    let (rooms, per_room) = (env("LOAD_ROOMS", 20), env("LOAD_MEMBERS", 25));
    let seconds = env("LOAD_SECONDS", 40);
    let away_max = env("LOAD_AWAY_MAX", 20).max(1);
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let start = Instant::now();
    let stop = start + Duration::from_secs(seconds);
    let seats: Vec<(String, String, Plan)> = (0..rooms)
        .flat_map(|r| (0..per_room).map(move |m| (format!("{label}-{r:02}"), format!("r{r:02}m{m:02}"))))
        .map(|(room, name)| {
            let drops = next(&mut state) % 10 < 3;
            let at = Duration::from_millis(next(&mut state) % (seconds * 1000 / 2));
            let away = Duration::from_millis(1000 + next(&mut state) % ((away_max - 1) * 1000 + 1));
            (
                room,
                name,
                Plan {
                    drop: drops.then_some((at, away)),
                },
            )
        })
        .collect();
    let logs = futures::future::join_all(
        seats
            .iter()
            .map(|(room, name, plan)| seat(app, room, name, *plan, start, stop)),
    )
    .await;
    println!("\n{label}: {rooms} rooms x {per_room} members, {seconds} s of sending, away 1-{away_max} s");
    account(&logs);
}

#[tokio::main]
async fn main() {
    let app = TestApp::builder().realtime().spawn().await;
    run("resume", &app).await;
    // A log kept 10 s (400 envelopes deep): members away longer are told continuity was
    // lost, and a message they send again after that is relayed again (its id expired).
    let short = TestApp::builder().room_retention(10, 400).spawn().await;
    run("short-log", &short).await;
    let mut reader = connect(&app, "bench-resume", "reader").await;
    println!();
    for missed in [10, 100, 1000] {
        resume_latency(&app, &mut reader, missed).await;
    }
    println!();
    sequencing_cost(&app).await;
}
