#!/usr/bin/env bash
# Training benchmark on this CPU: steps/s and peak memory of tiny.json, a few paper.json steps; JSON out.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
usage() {
  cat <<'EOF'
Training benchmark on this CPU: steps/s and peak resident memory of `tri2plane train` with
tiny.json on a tracked subject (tracked here from 10 s of the sample video if none is given),
plus the time of a few paper.json training steps (bench-step, synthetic inputs). JSON out
(DIR/train.json).
  scripts/bench-train.sh [--subject DIR] [--steps N] [--out DIR]      (default 100 tiny steps)
EOF
}
out="$root/bench-out"
steps=100
subject=""
t2p_options --subject=subject --steps=steps --out=out -- "$@"
t2p_int --steps "$steps"
[ "$steps" -gt 10 ] || t2p_usage_error "--steps must be more than 10 (the median is taken after step 10)"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -z "$subject" ]; then
  "$t2p" fetch-assets >/dev/null
  assets="$(t2p_assets_dir)"
  subject="$work/franck"
  "$t2p" track --video "$assets/franck.mp4" --out "$subject" --max-frames 240 --fps 24 >/dev/null 2>&1
fi
export TRI2PLANE_JAVA_OPTS="${TRI2PLANE_JAVA_OPTS:--Xmx2g}"
"$t2p" train --subject "$subject" --config "$root/configs/tiny.json" --out "$work/run" --steps "$steps" >/dev/null 2>"$work/train.err"
log="$work/run/train_log.jsonl"
# median step time (after the first 10 steps) and peak RSS from the training log
times=$(t2p_json "$log" /seconds --all-lines | sed -n '11,$p' | sort -g)
n=$(echo "$times" | wc -l)
median=$(echo "$times" | sed -n "$(( (n + 1) / 2 ))p")
peak=$(t2p_json "$log" /rssMb --all-lines | sort -n | tail -1)
"$t2p" bench-step --config "$root/configs/paper.json" --warmup 1 --steps 2 --no-inference --out "$work/paper.json" 2>/dev/null
{
  echo "{"
  echo "  \"benchmark\": \"tri2plane train, configs/tiny.json, $steps steps (median step time after step 10)\","
  echo "  \"machine\": \"$(t2p_machine)\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"tinyStepSecondsMedian\": $median,"
  echo "  \"tinyStepsPerSecond\": $(awk "BEGIN {printf \"%.3f\", 1 / $median}"),"
  echo "  \"tinyPeakRssMb\": $peak,"
  echo "  \"paperStep\": $(sed '2,$s/^/  /' "$work/paper.json")"
  echo "}"
} > "$out/train.json.tmp" && mv "$out/train.json.tmp" "$out/train.json"
cat "$out/train.json"
