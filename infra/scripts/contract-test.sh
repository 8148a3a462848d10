#!/usr/bin/env bash
# The HTTP contract, checked against a running studio: schemathesis generates requests
# from docs/openapi.json (bounded examples per operation) and checks every answer: no
# 5xx, a documented status, the documented content type and schema. Once in open mode,
# then in invite mode with a real member token. test.sh runs it after the smoke tests on
# its stand-ins; run alone it starts its own (needs the debug builds of local-gateway,
# studio-admin and the functions: see docs/contract-http.md).
#   bash infra/scripts/contract-test.sh                # both modes
#   CONTRACT_EXAMPLES=20 bash infra/scripts/contract-test.sh open
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(open invite)
examples="${CONTRACT_EXAMPLES:-50}"

ensure_postgres
ensure_python_tools
export_local_aws
if [ -z "${STUDIO_TEST_DYNAMODB_ENDPOINT:-}" ] || [ -z "${STUDIO_TEST_S3_ENDPOINT:-}" ]; then
  ensure_dynamodb_local
  port="$(free_port)"
  start_dynamodb_local "$port"
  export STUDIO_TEST_DYNAMODB_ENDPOINT="http://127.0.0.1:$port"
  S3_DIR="$(mktemp -d "${TMPDIR:-/tmp}/studio-contract-s3.XXXXXX")"
  read -r -a s3_ports <<< "$(free_ports 10)"
  start_seaweedfs "$S3_DIR" "${s3_ports[@]}"
  export STUDIO_TEST_S3_ENDPOINT="http://127.0.0.1:${s3_ports[0]}"
  trap 'stop_seaweedfs; stop_dynamodb_local; rm -rf "$S3_DIR"' EXIT
fi

# contract_local MODE: a local studio in MODE on a database, tables and a bucket of its
# own, and schemathesis against it.
contract_local() (
  local mode="$1" db="studio_test_contract_${1}_$$"
  read -r http_port ws_port <<< "$(free_ports 2)"
  export STUDIO_ACCESS="$mode" DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
  export AWS_ENDPOINT_URL_DYNAMODB="$STUDIO_TEST_DYNAMODB_ENDPOINT"
  export AWS_ENDPOINT_URL_S3="$STUDIO_TEST_S3_ENDPOINT" S3_FORCE_PATH_STYLE=true
  export PRESENCE_TABLE="contract-$mode-presence" CONNECTIONS_TABLE="contract-$mode-connections" ROOM_EVENTS_TABLE="contract-$mode-room-events" MEDIA_BUCKET="contract-$mode-media"
  export RUST_LOG=warn STUDIO_TRACES=off
  unset STUDIO_WS_URL AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI
  trap '[ -n "${GATEWAY_PID:-}" ] && kill "$GATEWAY_PID" 2>/dev/null; wait 2>/dev/null || true
        psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
  start_local_studio "$http_port" "$ws_port"
  local base="http://127.0.0.1:$http_port" auth=()
  if [ "$mode" = invite ]; then
    # A host's member token, from the session it creates.
    local token
    token="$(curl -sf "$base/api/sessions" -H 'content-type: application/json' -d '{"name":"Contract"}' |
      "$VENV/bin/python3" -c 'import json,sys; print(json.load(sys.stdin)["host"]["token"])')"
    auth=(-H "Authorization: Bearer $token")
  fi
  say "schemathesis against a local studio in $mode mode ($examples examples per operation)"
  # One worker: with two, hypothesis parses lambdas' source on both threads at once, and
  # CPython 3.11's ast.parse is not thread-safe ("AST constructor recursion depth
  # mismatch", a runtime error of the tool, not an answer of the studio's).
  (cd "$ROOT" && "$VENV/bin/schemathesis" run docs/openapi.json --url "$base" "${auth[@]}" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --max-examples "$examples" --seed 20240601 --workers 1 --request-timeout 30 \
    --suppress-health-check all --warnings off --no-color)
)

for mode in "${modes[@]}"; do
  contract_local "$mode"
done
