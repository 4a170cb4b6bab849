#!/usr/bin/env bash
# Spark GPU discovery script: prints this worker's GPUs as Spark's resource JSON.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
usage() {
  cat <<'EOF2'
Spark GPU discovery script (spark.worker.resource.gpu.discoveryScript or
spark.executor.resource.gpu.discoveryScript): prints the GPUs nvidia-smi lists on this machine as
{"name": "gpu", "addresses": ["0", "1", ...]}; no GPU (or no nvidia-smi): an empty list.
  scripts/gpu-discovery.sh [--help]
EOF2
}
t2p_options -- "$@"
ids=""
if command -v nvidia-smi >/dev/null 2>&1; then
  ids="$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | tr -d ' ' | sed 's/.*/"&"/' | paste -sd, -)"
fi
echo "{\"name\": \"gpu\", \"addresses\": [${ids}]}"
