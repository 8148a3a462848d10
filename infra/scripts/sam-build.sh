#!/usr/bin/env bash
# Builds the deployable artifacts offline, as `sam deploy` would ship them: an arm64
# `bootstrap` for every function in template.yaml, with the release profile. Then checks
# each one is an aarch64 executable and prints its size. test.sh runs this last.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started=$(date +%s)
ensure_python_tools
ensure_arm64_target
export SAM_CLI_TELEMETRY=0
cd "$ROOT"

# The binaries the template builds, in its order.
mapfile -t binaries < <(sed -n 's/^ *Binary: *\([a-z0-9-]*\) *$/\1/p' template.yaml)
[ "${#binaries[@]}" -gt 0 ] || die "template.yaml names no Binary"

# SAM runs `cargo lambda build --release --arm64 --bin NAME` once per function, one after
# another. The same command for all of them first lets cargo run two fat-LTO links at a
# time; SAM's own runs then find every binary fresh and package it.
say "cargo lambda build --release --arm64 (${#binaries[@]} functions)"
bin_flags=()
for bin in "${binaries[@]}"; do bin_flags+=(--bin "$bin"); done
cargo lambda build --release --arm64 "${bin_flags[@]}"

say "sam build --beta-features"
sam build --beta-features --template-file template.yaml --build-dir .aws-sam/build

# Every function has its own artifact directory under the build dir, named by its logical
# id; the pairs of logical id and binary come from template.yaml.
built_template=.aws-sam/build/template.yaml
[ -f "$built_template" ] || die "sam build wrote no $built_template"
printf '\n%-28s %-20s %10s %8s\n' "function" "binary" "bytes" "MB"
count=0
while read -r logical_id binary; do
  artifact=".aws-sam/build/$logical_id/bootstrap"
  [ -f "$artifact" ] || die "$logical_id ($binary): no $artifact"
  # ELF magic, then e_machine at offset 18: 183 (0xb7) is EM_AARCH64.
  magic="$(od -An -tx1 -N4 "$artifact" | tr -d ' \n')"
  machine="$(od -An -tu2 -j18 -N2 "$artifact" | tr -d ' \n')"
  [ "$magic" = "7f454c46" ] || die "$artifact is not an ELF executable"
  [ "$machine" = "183" ] || die "$artifact is built for machine $machine, not aarch64 (183)"
  [ -x "$artifact" ] || die "$artifact is not executable"
  bytes="$(stat -c %s "$artifact")"
  printf '%-28s %-20s %10d %8s\n' "$logical_id" "$binary" "$bytes" "$(awk "BEGIN { printf \"%.1f\", $bytes / 1000000 }")"
  count=$((count + 1))
done < <(awk '
  /^  [A-Za-z0-9]+:$/ { id = $1; sub(":", "", id) }
  /^ +Binary: / { print id, $2 }
' template.yaml)
[ "$count" -eq "${#binaries[@]}" ] || die "checked $count artifacts for ${#binaries[@]} functions"
say "$count arm64 artifacts built and checked in $(( $(date +%s) - started ))s"
