#!/usr/bin/env bash
# Runs the local studio: Postgres (database created and migrated), DynamoDB Local on
# ${STUDIO_DYNAMODB_PORT:-8000} (tables created), SeaweedFS as S3 on
# ${STUDIO_S3_PORT:-8333} (media bucket created), then the local API Gateway on
# http://127.0.0.1:${STUDIO_HTTP_PORT:-3000} and ws://127.0.0.1:${STUDIO_WS_PORT:-8080}
# invoking every function in-process. Ctrl-C stops everything it started.
# Every port it opens moves with those four variables (SeaweedFS's internal ports are
# free ones chosen at start), so two studios run side by side; a studio on another HTTP
# port than 3000 keeps its data apart (database omnisonic_PORT, .local/seaweedfs-PORT).
# STUDIO_ACCESS=invite runs it in invite mode (rooms joined with invite links and member
# tokens, the template's authorizers in front of the protected routes); the default,
# open, is the seed's contract.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HTTP_PORT="${STUDIO_HTTP_PORT:-3000}"
WS_PORT="${STUDIO_WS_PORT:-8080}"
DYNAMODB_PORT="${STUDIO_DYNAMODB_PORT:-8000}"
S3_PORT="${STUDIO_S3_PORT:-8333}"
if [ "$HTTP_PORT" = 3000 ]; then database=omnisonic; else database="omnisonic_$HTTP_PORT"; fi
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$database}"
export RUST_LOG="${RUST_LOG:-info}"

ensure_postgres
ensure_python_tools
ensure_dynamodb_local
export_local_aws
say "building the local gateway and studio-admin"
# Both binaries named: a `--bin` filter applies to every package given, so naming only
# the gateway's would leave studio-admin unbuilt on a fresh clone (newcomer-check.sh).
(cd "$ROOT" && cargo build --quiet -p local-gateway -p studio-admin --bin local-gateway --bin studio-admin)

# Leftovers of an earlier run on these ports are ours to stop (a studio on other ports is
# left alone); anything else on a port is an error.
run_id="$HTTP_PORT"
stop_recorded "dev-gateway-$run_id"
stop_recorded "dev-dynamodb-$run_id"
stop_recorded "dev-seaweedfs-$run_id"
require_free_port "$HTTP_PORT" STUDIO_HTTP_PORT
require_free_port "$WS_PORT" STUDIO_WS_PORT
require_free_port "$DYNAMODB_PORT" STUDIO_DYNAMODB_PORT
require_free_port "$S3_PORT" STUDIO_S3_PORT

cleanup() {
  [ -n "${GATEWAY_PID:-}" ] && kill "$GATEWAY_PID" 2>/dev/null || true
  stop_dynamodb_local
  stop_seaweedfs
  rm -f "$LOCAL/run/dev-gateway-$run_id.pid" "$LOCAL/run/dev-dynamodb-$run_id.pid" "$LOCAL/run/dev-seaweedfs-$run_id.pid"
}
trap cleanup EXIT INT TERM

say "starting DynamoDB Local on 127.0.0.1:$DYNAMODB_PORT"
start_dynamodb_local "$DYNAMODB_PORT"
record "dev-dynamodb-$run_id" "$DYNAMODB_LOCAL_PID"
export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$DYNAMODB_PORT"
export PRESENCE_TABLE="${PRESENCE_TABLE:-studio-presence}"
export CONNECTIONS_TABLE="${CONNECTIONS_TABLE:-studio-connections}"
export ROOM_EVENTS_TABLE="${ROOM_EVENTS_TABLE:-studio-room-events}"

# SeaweedFS: S3 on S3_PORT, its nine internal ports free ones (nothing else talks to them).
export MEDIA_BUCKET="${MEDIA_BUCKET:-studio-media}"
export AWS_ENDPOINT_URL_S3="http://127.0.0.1:$S3_PORT"
export S3_FORCE_PATH_STYLE=true
if [ "$S3_PORT" = 8333 ]; then s3_dir="$LOCAL/seaweedfs"; else s3_dir="$LOCAL/seaweedfs-$S3_PORT"; fi
say "starting SeaweedFS (S3 on $AWS_ENDPOINT_URL_S3, data in $s3_dir)"
read -r -a internal_ports <<< "$(free_ports 9)"
start_seaweedfs "$s3_dir" "$S3_PORT" "${internal_ports[@]}"
record "dev-seaweedfs-$run_id" "$SEAWEEDFS_PID"

say "serving the studio on http://127.0.0.1:$HTTP_PORT and ws://127.0.0.1:$WS_PORT (database: $DATABASE_URL)"
start_local_studio "$HTTP_PORT" "$WS_PORT" "$@"
record "dev-gateway-$run_id" "$GATEWAY_PID"
wait "$GATEWAY_PID"
