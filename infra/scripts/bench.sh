#!/usr/bin/env bash
# Runs the relay benchmark (tests/examples/relay_bench.rs) against a DynamoDB Local of
# its own on a free port. Prints numbers; release build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

port="$(free_port)"
say "starting DynamoDB Local on 127.0.0.1:$port"
start_dynamodb_local "$port"
trap stop_dynamodb_local EXIT
export STUDIO_TEST_DYNAMODB_ENDPOINT="http://127.0.0.1:$port"
export_local_aws
cd "$ROOT"
ulimit -n 65536 2>/dev/null || true
cargo run --release --quiet -p studio-tests --example relay_bench
