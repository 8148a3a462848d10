#!/usr/bin/env bash
# The README's run command as a newcomer meets it: the repository's files copied to a
# checkout of their own (what a fresh clone has, nothing built), `dev.sh` started there
# twice side by side with every port moved, a session created over HTTP on each and read
# back, the pages served, then both stopped. It fails when `dev.sh` runs anything it does
# not build itself. test.sh runs it; alone it needs only what test.sh needs.
#   bash infra/scripts/newcomer-check.sh
# The checkout lives in target/newcomer/ with a target directory of its own, so on a
# fresh clone (CI) it compiles the gateway and studio-admin from nothing; the binaries it
# ran last time are deleted first, so a later run cannot lean on them either.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_postgres
ensure_python_tools
ensure_dynamodb_local

CHECKOUT="$ROOT/target/newcomer/studio"
say "a clean checkout in $CHECKOUT"
mkdir -p "$CHECKOUT"
find "$CHECKOUT" -mindepth 1 -maxdepth 1 ! -name target -exec rm -rf {} +
# Tracked and new (not ignored) files, as they are in the work tree; modification times
# kept so an unchanged file is not recompiled on a second run.
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard) |
  rsync -a --from0 --ignore-missing-args --files-from=- "$ROOT/" "$CHECKOUT/"
# The tools dev.sh installs (virtualenv, DynamoDB Local) are the ones test.sh installed.
ln -sfn "$LOCAL" "$CHECKOUT/.local"
find "$CHECKOUT/target/debug" -maxdepth 1 -type f -delete 2>/dev/null || true

PIDS=()
DATABASES=()
cleanup() {
  # TERM: a background job of a script ignores INT.
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  for db in "${DATABASES[@]}"; do
    psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

# start_studio NAME: dev.sh in the checkout, in a shell with only what a newcomer's has,
# on four free ports; sets PORT_NAME_HTTP.
start_studio() {
  local name="$1" http ws dynamodb s3
  read -r http ws dynamodb s3 <<< "$(free_ports 4)"
  local db="studio_test_newcomer_${name}_$$"
  DATABASES+=("$db")
  env -i HOME="$HOME" PATH="$PATH" USER="${USER:-root}" TERM=dumb RUST_LOG=warn \
    STUDIO_HTTP_PORT="$http" STUDIO_WS_PORT="$ws" STUDIO_DYNAMODB_PORT="$dynamodb" STUDIO_S3_PORT="$s3" \
    DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" \
    bash "$CHECKOUT/infra/scripts/dev.sh" > "$ROOT/target/newcomer/dev-$name.log" 2>&1 &
  PIDS+=($!)
  printf -v "PORT_${name}_HTTP" '%s' "$http"
}

# wait_for NAME: until the studio answers /healthz, or its dev.sh has exited.
wait_for() {
  local name="$1" port_var="PORT_${1}_HTTP" pid="${PIDS[$2]}"
  local port="${!port_var}"
  for _ in $(seq 1 1800); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] && return
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$ROOT/target/newcomer/dev-$name.log" >&2
      die "dev.sh ($name) exited before serving: see target/newcomer/dev-$name.log"
    fi
    sleep 1
  done
  die "dev.sh ($name) did not serve within 30 minutes"
}

# A session created over HTTP reads back by id, and the sessions page is served.
check_studio() {
  local port_var="PORT_${1}_HTTP"
  local base="http://127.0.0.1:${!port_var}" id
  local created answer page
  created="$(curl -sf "$base/api/sessions" -H 'content-type: application/json' -d "{\"name\":\"Newcomer $1\"}")" ||
    die "studio $1 did not create a session"
  id="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["session"]["id"])' "$created")"
  answer="$(curl -sf "$base/api/sessions?id=$id")" || die "studio $1 did not answer GET /api/sessions?id=$id"
  [[ "$answer" == *"\"Newcomer $1\""* ]] || die "studio $1 did not read session $id back: $answer"
  page="$(curl -sf "$base/sessions")" || die "studio $1 did not serve /sessions"
  [[ "$page" == *"<html"* ]] || die "studio $1 served /sessions without a page"
  say "studio $1 on $base: session $id created and read back"
}

started=$(date +%s)
say "dev.sh from the clean checkout (builds what it runs)"
start_studio first
wait_for first 0
built=$(( $(date +%s) - started ))
say "a second dev.sh beside it, every port moved"
start_studio second
wait_for second 1
check_studio first
check_studio second
say "newcomer check passed: first studio up in ${built}s, both in $(( $(date +%s) - started ))s"
