#!/usr/bin/env bash
# Runs the burst-and-churn load test (tests/examples/churn_load.rs) against a DynamoDB
# Local of its own on a free port, release build. Prints numbers.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_dynamodb_local
port="$(free_port)"
say "starting DynamoDB Local on 127.0.0.1:$port"
start_dynamodb_local "$port"
trap stop_dynamodb_local EXIT
export STUDIO_TEST_DYNAMODB_ENDPOINT="http://127.0.0.1:$port"
export_local_aws
ulimit -n 65536 2>/dev/null || true
cd "$ROOT"
cargo run --release --quiet -p studio-tests --example churn_load
