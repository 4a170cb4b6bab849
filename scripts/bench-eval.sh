#!/usr/bin/env bash
# Evaluation benchmark on this machine: seconds per 512 x 512 frame pair for the image metrics
# (PSNR, SSIM, MS-SSIM, SD), LPIPS (with --lpips-weights) and F-LMD, on real frames of the sample
# video, and the resulting frames/s of `tri2plane eval`. JSON out.
#   scripts/bench-eval.sh [--frames N] [--lpips-weights FILE] [--out DIR]      (default 40 frames)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench-out"
frames=40
lpips=()
while [ $# -gt 0 ]; do
  case "$1" in
    --frames) frames="$2"; shift ;;
    --lpips-weights) lpips=(--lpips-weights "$2"); shift ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "bench-eval.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$out"
t2p="$root/scripts/tri2plane"
"$t2p" fetch-assets >/dev/null
assets="${TRI2PLANE_ASSETS:-${XDG_CACHE_HOME:-$HOME/.cache}/tri2plane/assets}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$t2p" bench-eval --video "$assets/franck.mp4" --frames "$frames" "${lpips[@]}" --out "$work/eval.json" 2>/dev/null
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') x$(nproc)"
{
  echo "{"
  echo "  \"benchmark\": \"tri2plane bench-eval: metric throughput at 512x512 on franck.mp4 frames\","
  echo "  \"machine\": \"$cpu, $(free -g | awk '/Mem:/{print $2}') GiB\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"eval\": $(sed '2,$s/^/  /' "$work/eval.json")"
  echo "}"
} > "$out/eval.json.tmp" && mv "$out/eval.json.tmp" "$out/eval.json"
cat "$out/eval.json"
