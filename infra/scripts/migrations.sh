#!/usr/bin/env bash
# Where a deployed stack's schema is: what the Migrations custom resource answered during
# the last deploys (its stack events, shown when the AWS CLI is installed) and the
# stack's SchemaVersion output, which must be the newest migration in migrations/.
# With --run it first invokes the migrate function (`sam remote invoke MigrateFunction`),
# which applies any pending migration again from inside the VPC and prints its report:
# migrating without a deploy, from any machine with AWS credentials.
#   bash infra/scripts/migrations.sh [--run] [--config-env dev | --stack-name NAME] [--region REGION]
# AWS credentials are needed (cloudformation:DescribeStacks and DescribeStackEvents; with
# --run also lambda:InvokeFunction on the migrate function).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export SAM_CLI_TELEMETRY=0
[ -x "$ROOT/.local/venv/bin/sam" ] && ! command -v sam >/dev/null && export PATH="$ROOT/.local/venv/bin:$PATH"

run=false config_env=dev stack_name="" region_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --run) run=true ;;
    --config-env) config_env="$2"; shift ;;
    --stack-name) stack_name="$2"; shift ;;
    --region) region_args=(--region "$2"); shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$stack_name" ]; then
  stack_name="$(python3 -c 'import sys, tomllib
config = tomllib.load(open("samconfig.toml", "rb"))
print(config[sys.argv[1]]["global"]["parameters"]["stack_name"])' "$config_env")"
fi

schema=""
if $run; then
  echo "==> sam remote invoke MigrateFunction ($stack_name)"
  response="$(sam remote invoke MigrateFunction --stack-name "$stack_name" "${region_args[@]}" \
    --event '{}' --output json)"
  # The report, or the function's error (a failed run is a function error).
  schema="$(python3 -c 'import json, sys
response = json.loads(sys.stdin.read())
payload = json.loads(response.get("Payload") or "null")
if response.get("FunctionError"):
    sys.exit(f"the migrate function failed: {payload}")
print(json.dumps(payload, indent=2), file=sys.stderr)
print(payload.get("schemaVersion"))' <<< "$response")"
fi

if command -v aws >/dev/null; then
  echo "==> the Migrations resource's latest events ($stack_name)"
  aws cloudformation describe-stack-events --stack-name "$stack_name" "${region_args[@]}" \
    --query "StackEvents[?LogicalResourceId=='Migrations'] | [0:6].[Timestamp, ResourceStatus, ResourceStatusReason]" \
    --output table
fi

newest="$(find migrations -name 'V*__*.sql' | sed 's|.*/V\([0-9]*\)__.*|\1|' | sort -n | tail -n1)"
if [ -z "$schema" ]; then
  # What the last deploy's migrations left (the output changes only with a deploy).
  schema="$(sam list stack-outputs --stack-name "$stack_name" "${region_args[@]}" --output json |
    python3 -c 'import json, sys
print(next((o["OutputValue"] for o in json.load(sys.stdin) if o["OutputKey"] == "SchemaVersion"), "missing"))')"
fi
echo "==> schema of $stack_name: V$schema; newest in migrations/: V$newest"
if [ "$schema" != "$newest" ]; then
  echo "the stack's schema is not at the newest migration" >&2
  exit 1
fi
