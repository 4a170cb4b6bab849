#!/usr/bin/env bash
# Training benchmark on this CPU: steps/s and peak resident memory of `tri2plane train` with
# tiny.json on a tracked subject (tracked here from 10 s of the sample video if none is given),
# plus the time of a few paper.json training steps (bench-step, synthetic inputs). JSON out.
#   scripts/bench-train.sh [--subject DIR] [--steps N] [--out DIR]      (default 100 tiny steps)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench-out"
steps=100
subject=""
while [ $# -gt 0 ]; do
  case "$1" in
    --subject) subject="$2"; shift ;;
    --steps) steps="$2"; shift ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "bench-train.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$out"
t2p="$root/scripts/tri2plane"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -z "$subject" ]; then
  "$t2p" fetch-assets >/dev/null
  assets="${TRI2PLANE_ASSETS:-${XDG_CACHE_HOME:-$HOME/.cache}/tri2plane/assets}"
  subject="$work/franck"
  "$t2p" track --video "$assets/franck.mp4" --out "$subject" --max-frames 240 --fps 24 >/dev/null 2>&1
fi
export TRI2PLANE_JAVA_OPTS="${TRI2PLANE_JAVA_OPTS:--Xmx2g}"
"$t2p" train --subject "$subject" --config "$root/configs/tiny.json" --out "$work/run" --steps "$steps" >/dev/null 2>"$work/train.err"
log="$work/run/train_log.jsonl"
# median step time (after the first 10 steps) and peak RSS from the training log
times=$(sed -n '11,$p' "$log" | grep -o '"seconds":[0-9.]*' | cut -d: -f2 | sort -n)
n=$(echo "$times" | wc -l)
median=$(echo "$times" | sed -n "$(( (n + 1) / 2 ))p")
peak=$(grep -o '"rssMb":[0-9]*' "$log" | cut -d: -f2 | sort -n | tail -1)
"$t2p" bench-step --config "$root/configs/paper.json" --warmup 1 --steps 2 --no-inference --out "$work/paper.json" 2>/dev/null
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') x$(nproc)"
{
  echo "{"
  echo "  \"benchmark\": \"tri2plane train, configs/tiny.json, $steps steps (median step time after step 10)\","
  echo "  \"machine\": \"$cpu, $(free -g | awk '/Mem:/{print $2}') GiB\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"tinyStepSecondsMedian\": $median,"
  echo "  \"tinyStepsPerSecond\": $(awk "BEGIN {printf \"%.3f\", 1 / $median}"),"
  echo "  \"tinyPeakRssMb\": $peak,"
  echo "  \"paperStep\": $(sed '2,$s/^/  /' "$work/paper.json")"
  echo "}"
} > "$out/train.json.tmp" && mv "$out/train.json.tmp" "$out/train.json"
cat "$out/train.json"
