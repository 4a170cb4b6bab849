#!/usr/bin/env bash
# Benchmark of the core model's training step (forward, backward, Adam) and one inference frame.
# Writes one JSON file per config and a combined bench-core.json into --out (default bench-out/).
#   scripts/bench-core.sh [--quick] [--out DIR]
#   --quick   tiny.json only (about a minute); otherwise also a few paper.json steps (slow on CPU)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench-out"
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "bench-core.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$out"
export TRI2PLANE_JAVA_OPTS="${TRI2PLANE_JAVA_OPTS:--Xmx2g}"
"$root/scripts/tri2plane" bench-step --config "$root/configs/tiny.json" --warmup 3 --steps 30 --out "$out/tiny.json"
files=("$out/tiny.json")
if [ "$quick" = 0 ]; then
  "$root/scripts/tri2plane" bench-step --config "$root/configs/paper.json" --warmup 1 --steps 2 --out "$out/paper.json"
  files+=("$out/paper.json")
fi
{
  echo "{"
  echo "  \"machine\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') x$(nproc), $(free -g | awk '/Mem:/{print $2}') GiB\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"results\": ["
  sep=""
  for f in "${files[@]}"; do printf '%s' "$sep"; sed 's/^/    /' "$f"; sep=$',\n'; done
  echo
  echo "  ]"
  echo "}"
} > "$out/bench-core.json.tmp" && mv "$out/bench-core.json.tmp" "$out/bench-core.json"
echo "wrote $out/bench-core.json"
