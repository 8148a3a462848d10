#!/usr/bin/env bash
# Runs the export benchmark (tests/examples/export_bench.rs) against a SeaweedFS of its
# own on free ports and the local Postgres. Prints numbers; release build.
#   bash infra/scripts/export-bench.sh           # release build, as deployed
#   bash infra/scripts/export-bench.sh --quick   # debug build with the studio and audio
#                                                # crates at opt-level 3 (no LTO build)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build=(--release)
for arg in "$@"; do
  case "$arg" in
    --quick)
      build=()
      for crate in studio rubato realfft rustfft hound symphonia symphonia-core symphonia-common symphonia-metadata \
        symphonia-format-riff symphonia-format-ogg symphonia-bundle-flac symphonia-codec-pcm \
        symphonia-codec-vorbis; do
        build+=(--config "profile.dev.package.$crate.opt-level=3")
      done ;;
    *) die "unknown option $arg (use --quick)" ;;
  esac
done

ensure_postgres
ensure_python_tools
export_local_aws
S3_DIR="$(mktemp -d "${TMPDIR:-/tmp}/studio-export-bench.XXXXXX")"
SEAWEEDFS_PID=""
trap 'stop_seaweedfs; rm -rf "$S3_DIR"' EXIT
read -r -a s3_ports <<< "$(free_ports 10)"
start_seaweedfs "$S3_DIR" "${s3_ports[@]}"
export STUDIO_TEST_S3_ENDPOINT="http://127.0.0.1:${s3_ports[0]}"
cd "$ROOT"
cargo run "${build[@]}" --quiet -p studio-tests --example export_bench
