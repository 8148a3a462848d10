#!/usr/bin/env bash
# Runs the relay benchmark (tests/examples/relay_bench.rs) against a DynamoDB Local of
# its own on a free port. Prints numbers; release build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_realtime_example relay_bench
