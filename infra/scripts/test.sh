#!/usr/bin/env bash
# Runs every check and test: formatting, clippy, unit tests, the integration tests
# against real Postgres, DynamoDB Local and SeaweedFS through the local gateway, the
# browser tests in headless Chromium, the static checks (template, pipeline), and the
# deploy smoke test against a local studio, then `sam build` of every function for
# arm64. Sets up what it needs first, on ports of its own.
#   bash infra/scripts/test.sh              # everything
#   bash infra/scripts/test.sh --no-build   # all but the arm64 build (the pipeline builds it next)
# It also runs dev.sh from a clean checkout (newcomer-check.sh): on a fresh clone that
# compiles the gateway and studio-admin a second time, in a target directory of its own.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_artifacts=true
for arg in "$@"; do
  case "$arg" in
    --no-build) build_artifacts=false ;;
    *) die "unknown option $arg (use --no-build)" ;;
  esac
done

started=$(date +%s)
ensure_postgres
ensure_python_tools
ensure_dynamodb_local
ensure_actionlint
ensure_asyncapi_parser
ensure_browser
ensure_audio_tools
export_local_aws

drop_test_databases() {
  psql -h 127.0.0.1 -U postgres -d postgres -Atc \
    "SELECT datname FROM pg_database WHERE datname LIKE 'studio\_test\_%'" 2>/dev/null |
    while read -r db; do
      [ -n "$db" ] && psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
    done
}
drop_test_databases

SEAWEEDFS_PID=""
S3_DIR="$(mktemp -d "${TMPDIR:-/tmp}/studio-test-s3.XXXXXX")"
stop_test_s3() { stop_seaweedfs; rm -rf "$S3_DIR"; }
trap 'stop_test_s3; stop_dynamodb_local; drop_test_databases' EXIT

# This run's own DynamoDB Local (tests make tables each) and SeaweedFS (a bucket each).
dynamodb_port="$(free_port)"
say "starting DynamoDB Local on 127.0.0.1:$dynamodb_port"
start_dynamodb_local "$dynamodb_port"
export STUDIO_TEST_DYNAMODB_ENDPOINT="http://127.0.0.1:$dynamodb_port"
read -r -a s3_ports <<< "$(free_ports 10)"
start_seaweedfs "$S3_DIR" "${s3_ports[@]}"
export STUDIO_TEST_S3_ENDPOINT="http://127.0.0.1:${s3_ports[0]}"
say "SeaweedFS for this run on $STUDIO_TEST_S3_ENDPOINT"

cd "$ROOT"
say "cargo fmt --check"
cargo fmt --all --check
say "cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
# The realtime contract is a valid AsyncAPI 3.0 document (tests/static holds the file
# equal to what studio-admin generates).
say "docs/asyncapi.json against the AsyncAPI 3.0 specification"
validate_asyncapi "$ROOT/docs/asyncapi.json"
say "building the function binaries (tests run them behind a local Runtime API), the gateway and studio-admin"
cargo build --quiet -p studio-functions
cargo build --quiet -p studio-admin
cargo build --quiet -p local-gateway --bin local-gateway
say "tests"
# Every process hosting the gateway records the functions it invoked here (see
# infra/local-gateway/src/invoked.rs), so a function no test drives is named below.
export STUDIO_INVOKED_DIR="$ROOT/target/invoked"
rm -rf "$STUDIO_INVOKED_DIR"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast
else
  cargo test --workspace --no-fail-fast
fi
say "every routed function and authorizer was invoked by a test"
undriven="$(comm -23 <("$ROOT/target/debug/local-gateway" --routed-functions --template "$ROOT/template.yaml" | sort -u) \
  <(cat "$STUDIO_INVOKED_DIR"/*.txt 2>/dev/null | sort -u))"
[ -z "$undriven" ] || die "no test invoked: $(echo $undriven)"
unset STUDIO_INVOKED_DIR

# The README's run command from a clean checkout, twice side by side on ports of its own.
say "dev.sh from a clean checkout"
bash "$ROOT/infra/scripts/newcomer-check.sh"

# The smoke test the pipeline runs against a deployed stack, here against a local studio
# on this run's stand-ins (a database, tables and a bucket of its own), so it is known
# to work before any deploy: in open mode (the local default) and in invite mode (the
# deployed default).
smoke_local() (
  local mode="$1"
  read -r http_port ws_port <<< "$(free_ports 2)"
  export STUDIO_ACCESS="$mode"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/studio_test_smoke_${mode}_$$"
  export AWS_ENDPOINT_URL_DYNAMODB="$STUDIO_TEST_DYNAMODB_ENDPOINT"
  export AWS_ENDPOINT_URL_S3="$STUDIO_TEST_S3_ENDPOINT" S3_FORCE_PATH_STYLE=true
  export PRESENCE_TABLE="smoke-$mode-presence" CONNECTIONS_TABLE="smoke-$mode-connections" ROOM_EVENTS_TABLE="smoke-$mode-room-events" MEDIA_BUCKET="smoke-$mode-media"
  export RUST_LOG=warn STUDIO_TRACES=off
  unset STUDIO_WS_URL AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI
  trap '[ -n "${GATEWAY_PID:-}" ] && kill "$GATEWAY_PID" 2>/dev/null; wait 2>/dev/null || true' EXIT
  start_local_studio "$http_port" "$ws_port"
  "$VENV/bin/python3" "$ROOT/infra/scripts/smoke.py" \
    --http-url "http://127.0.0.1:$http_port" --ws-url "ws://127.0.0.1:$ws_port"
)
for mode in open invite; do
  say "smoke test against a local studio in $mode mode"
  smoke_local "$mode"
done

# The HTTP contract: schemathesis from docs/openapi.json against a local studio in both
# modes, on this run's stand-ins.
say "contract test: schemathesis from docs/openapi.json"
bash "$ROOT/infra/scripts/contract-test.sh"

# The deployable artifacts last: SAM's arm64 release build of every function.
if $build_artifacts; then
  bash "$ROOT/infra/scripts/sam-build.sh"
fi
say "all checks passed in $(( $(date +%s) - started ))s"
