#!/usr/bin/env bash
# Cold-start benchmark: builds the functions with the release profile, starts each
# binary behind a local Lambda Runtime API (infra/local-gateway/src/lambda) against
# stand-ins of its own, 7 times cold, and prints the medians of init time, init CPU
# time, first-request time and the cold request (start to first answer), the warm
# median, peak memory and stripped size, beside a hello-world lambda_runtime binary
# built the same way. Everything runs with TLS on: Postgres with sslmode=require, and
# DynamoDB Local and SeaweedFS behind TLS-terminating proxies with a certificate made
# for the run. libpq's own TLS connect-and-query time (pgbench -C) is printed first, as
# the floor a Postgres function's cold request is held to: with SELECT 1, and with
# sessions-get's own query.
# A function named NAME:cold-clients runs again with its init-time warm-up switched off
# (STUDIO_WARM_AT_INIT=false), to show what opening connections during init saves.
#   bash infra/scripts/bench-coldstart.sh [--runs N] [FUNCTION[:cold-clients] ...]
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
# Only the functions named, when some are (`--runs N` is the harness's).
bins=()
for arg in "$@"; do
  case "$arg" in --*|[0-9]*) ;; *) bins+=(--bin "${arg%:cold-clients}") ;; esac
done
cargo build --release --quiet -p studio-functions "${bins[@]}"
cargo build --release --quiet -p local-gateway --bin coldstart --bin hello-lambda
cargo build --release --quiet -p studio-admin

SEAWEEDFS_PID=""
S3_DIR="$(mktemp -d)"
CONNECTIONS_PID=""
trap 'stop_dynamodb_local; stop_seaweedfs; [ -n "$CONNECTIONS_PID" ] && kill "$CONNECTIONS_PID"; rm -rf "$S3_DIR"' EXIT
dynamodb_port="$(free_port)"
start_dynamodb_local "$dynamodb_port"
read -r -a s3_ports <<< "$(free_ports 10)"
start_seaweedfs "$S3_DIR" "${s3_ports[@]}"

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/studio_bench?sslmode=require"
export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$dynamodb_port"
export AWS_ENDPOINT_URL_S3="http://127.0.0.1:${s3_ports[0]}" S3_FORCE_PATH_STYLE=true MEDIA_BUCKET=studio-bench
export PRESENCE_TABLE=studio-bench-presence CONNECTIONS_TABLE=studio-bench-connections ROOM_EVENTS_TABLE=studio-bench-room-events
# An `@connections` stand-in that answers every post 410 Gone, as API Gateway answers
# a post to a connection that has closed: the realtime functions' posts and their
# warm-up get a real answer, so their rows measure the functions, not retries.
connections_port="$(free_port)"
python3 -c 'import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", "0")))
        body = b"{\"message\":\"Gone\"}"
        self.send_response(410); self.send_header("content-length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()' "$connections_port" &
CONNECTIONS_PID=$!
export WEBSOCKET_MANAGEMENT_URL="http://127.0.0.1:$connections_port" STUDIO_TRACES=off RUST_LOG=warn
export AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI="$WEBSOCKET_MANAGEMENT_URL"
create_bucket "$AWS_ENDPOINT_URL_S3" "$MEDIA_BUCKET"
"$CARGO_TARGET_DIR/release/studio-admin" migrate create-tables
# A certificate for 127.0.0.1, trusted by the functions through SSL_CERT_FILE.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -addext basicConstraints=critical,CA:FALSE -addext extendedKeyUsage=serverAuth \
  -keyout "$S3_DIR/tls-key.pem" -out "$S3_DIR/tls-cert.pem" 2>/dev/null

libpq() {
  pgbench -n -C "$@" -t 200 "host=127.0.0.1 user=postgres dbname=studio_bench sslmode=require" 2>/dev/null |
    grep -E "latency average|average connection time" || true
}
say "libpq's TLS connect and one query per transaction (pgbench -C, 200 transactions)"
echo "SELECT 1;" > "$S3_DIR/select.sql"
libpq -f "$S3_DIR/select.sql"
# The same with sessions-get's own first statement (SELECT_FIRST_PAGE in
# shared/src/adapters/postgres/sessions.rs, for the sample event's limit of 10),
# prepared and run as the function runs it: a new server process reads the table's catalog entries and plans the
# statement on its first use, which SELECT 1 never asks of it.
say "libpq's TLS connect and sessions-get's first-page query (pgbench -C -M prepared)"
printf '%s\n' '\set n 11' 'SELECT id, name, created_at FROM sessions ORDER BY created_at DESC, id DESC LIMIT :n;' > "$S3_DIR/first-page.sql"
libpq -M prepared -f "$S3_DIR/first-page.sql"
"$CARGO_TARGET_DIR/release/coldstart" --dir "$CARGO_TARGET_DIR/release" \
  --tls-cert "$S3_DIR/tls-cert.pem" --tls-key "$S3_DIR/tls-key.pem" "$@"
