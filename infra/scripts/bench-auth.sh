#!/usr/bin/env bash
# Runs the access benchmark (tests/examples/auth_bench.rs): token verification, the
# HTTP authorizer cached and uncached, and $connect with and without the WebSocket
# authorizer, against a DynamoDB Local of its own. Prints numbers; release build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_postgres
run_realtime_example auth_bench
