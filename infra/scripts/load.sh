#!/usr/bin/env bash
# Runs the burst-and-churn load test (tests/examples/churn_load.rs) against a DynamoDB
# Local of its own on a free port, release build. Prints numbers.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_realtime_example churn_load
