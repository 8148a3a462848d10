#!/usr/bin/env bash
# Builds the deployable artifacts offline, as `sam deploy` would ship them: an arm64
# `bootstrap` for every function in template.yaml, with the release profile. Then checks
# each one is an aarch64 executable within its size budget (infra/artifact-budget.txt)
# and prints its size. test.sh runs this last.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started=$(date +%s)
ensure_python_tools
ensure_arm64_target
export SAM_CLI_TELEMETRY=0
cd "$ROOT"

# Each function's logical id, binary and CodeUri (the Globals' `.` unless it sets its
# own), in the template's order. SAM names each function's artifact directory after its
# logical id.
mapfile -t functions < <(awk '
  function flush() { if (binary != "") print id, binary, (code == "" ? "." : code); binary = ""; code = "" }
  /^[A-Za-z]/ { flush() }
  /^  [A-Za-z0-9]+:$/ { flush(); id = $1; sub(":", "", id) }
  /^ +Binary: / { binary = $2 }
  /^      CodeUri: / { code = $2 }
  END { flush() }
' template.yaml)
[ "${#functions[@]}" -gt 0 ] || die "template.yaml names no Binary"

# SAM runs `cargo lambda build --release --arm64 --bin NAME` once per function, one after
# another, in the function's CodeUri. The same command for all the functions of one
# CodeUri first lets cargo run two fat-LTO links at a time; SAM's own runs then find
# every binary fresh and package it. Each CodeUri is built on its own, as SAM builds it,
# so a package's dependencies never get another package's features (the migrate
# function's refinery stays out of the route functions).
mapfile -t code_dirs < <(printf '%s\n' "${functions[@]}" | awk '{ print $3 }' | awk '!seen[$0]++')
for dir in "${code_dirs[@]}"; do
  bin_flags=()
  for function in "${functions[@]}"; do
    read -r _ binary code <<< "$function"
    [ "$code" = "$dir" ] && bin_flags+=(--bin "$binary")
  done
  say "cargo lambda build --release --arm64 in $dir ($(( ${#bin_flags[@]} / 2 )) functions)"
  (cd "$ROOT/$dir" && cargo lambda build --release --arm64 "${bin_flags[@]}")
done

say "sam build --beta-features"
sam build --beta-features --template-file template.yaml --build-dir .aws-sam/build

# binary -> largest allowed bytes
declare -A budget
while read -r name bytes; do
  case "$name" in ''|'#'*) continue ;; esac
  budget["$name"]="$bytes"
done < "$ROOT/infra/artifact-budget.txt"

over=()
printf '\n%-28s %-20s %10s %8s %10s\n' "function" "binary" "bytes" "MB" "budget"
for function in "${functions[@]}"; do
  read -r logical_id binary _ <<< "$function"
  artifact=".aws-sam/build/$logical_id/bootstrap"
  [ -f "$artifact" ] || die "$logical_id ($binary): no $artifact"
  # ELF magic, then e_machine at offset 18: 183 (0xb7) is EM_AARCH64.
  magic="$(od -An -tx1 -N4 "$artifact" | tr -d ' \n')"
  machine="$(od -An -tu2 -j18 -N2 "$artifact" | tr -d ' \n')"
  [ "$magic" = "7f454c46" ] || die "$artifact is not an ELF executable"
  [ "$machine" = "183" ] || die "$artifact is built for machine $machine, not aarch64 (183)"
  [ -x "$artifact" ] || die "$artifact is not executable"
  bytes="$(stat -c %s "$artifact")"
  limit="${budget[$binary]:-}"
  [ -n "$limit" ] || die "$binary has no line in infra/artifact-budget.txt"
  printf '%-28s %-20s %10d %8s %10d\n' "$logical_id" "$binary" "$bytes" "$(awk "BEGIN { printf \"%.1f\", $bytes / 1000000 }")" "$limit"
  [ "$bytes" -le "$limit" ] || over+=("$binary: $bytes bytes, budget $limit")
done
if [ "${#over[@]}" -gt 0 ]; then
  printf 'over budget: %s\n' "${over[@]}" >&2
  die "${#over[@]} artifact(s) over their size budget (infra/artifact-budget.txt)"
fi
say "${#functions[@]} arm64 artifacts built and checked in $(( $(date +%s) - started ))s"
