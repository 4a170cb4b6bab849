#!/usr/bin/env bash
# Evaluation benchmark: seconds per 512² frame pair of each metric, JSON out.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
usage() {
  cat <<'EOF'
Evaluation benchmark on this machine: seconds per 512 x 512 frame pair for the image metrics
(PSNR, SSIM, MS-SSIM, SD), LPIPS (with --lpips-weights) and F-LMD, on real frames of the sample
video, and the resulting frames/s of `tri2plane eval`. JSON out (DIR/eval.json).
  scripts/bench-eval.sh [--frames N] [--lpips-weights FILE] [--out DIR]      (default 40 frames)
EOF
}
out="$root/bench-out"
frames=40
lpips_weights=""
t2p_options --frames=frames --lpips-weights=lpips_weights --out=out -- "$@"
t2p_int --frames "$frames"
lpips=()
[ -n "$lpips_weights" ] && lpips=(--lpips-weights "$lpips_weights")
mkdir -p "$out"
"$t2p" fetch-assets >/dev/null
assets="$(t2p_assets_dir)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$t2p" bench-eval --video "$assets/franck.mp4" --frames "$frames" ${lpips[@]+"${lpips[@]}"} --out "$work/eval.json" 2>/dev/null
{
  echo "{"
  echo "  \"benchmark\": \"tri2plane bench-eval: metric throughput at 512x512 on franck.mp4 frames\","
  echo "  \"machine\": \"$(t2p_machine)\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"eval\": $(sed '2,$s/^/  /' "$work/eval.json")"
  echo "}"
} > "$out/eval.json.tmp" && mv "$out/eval.json.tmp" "$out/eval.json"
cat "$out/eval.json"
