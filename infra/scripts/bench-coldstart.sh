#!/usr/bin/env bash
# Cold-start benchmark: builds the functions with the release profile, starts each
# binary behind a local Lambda Runtime API (infra/local-gateway/src/lambda) against
# stand-ins of its own, and prints init time, first-request time, warm-request time and
# stripped size beside a hello-world lambda_runtime binary built the same way.
#   bash infra/scripts/bench-coldstart.sh [FUNCTION ...]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_postgres
ensure_python_tools
ensure_dynamodb_local
export_local_aws
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
cd "$ROOT"
say "building release binaries (this takes a while on two cores: fat LTO per binary)"
# The functions on their own, as `sam build` builds them: built together with the
# gateway, their dependencies would get the gateway's features too. The harness and the
# hello-world baseline come from the gateway package, built after them.
cargo build --release --quiet -p studio-functions
cargo build --release --quiet -p local-gateway --bin coldstart --bin hello-lambda -p studio-admin

SEAWEEDFS_PID=""
S3_DIR="$(mktemp -d)"
trap 'stop_dynamodb_local; [ -n "$SEAWEEDFS_PID" ] && kill "$SEAWEEDFS_PID"; rm -rf "$S3_DIR"' EXIT
dynamodb_port="$(free_port)"
start_dynamodb_local "$dynamodb_port"
read -r -a s3_ports <<< "$(free_ports 10)"
start_seaweedfs "$S3_DIR" "${s3_ports[@]}"

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/studio_bench"
export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$dynamodb_port"
export AWS_ENDPOINT_URL_S3="http://127.0.0.1:${s3_ports[0]}" S3_FORCE_PATH_STYLE=true MEDIA_BUCKET=studio-bench
export PRESENCE_TABLE=studio-bench-presence CONNECTIONS_TABLE=studio-bench-connections
export WEBSOCKET_MANAGEMENT_URL="http://127.0.0.1:$(free_port)" STUDIO_TRACES=off RUST_LOG=warn
export AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI="$WEBSOCKET_MANAGEMENT_URL"
create_bucket "$AWS_ENDPOINT_URL_S3" "$MEDIA_BUCKET"
"$CARGO_TARGET_DIR/release/studio-admin" migrate create-tables
"$CARGO_TARGET_DIR/release/coldstart" --dir "$CARGO_TARGET_DIR/release" "$@"
