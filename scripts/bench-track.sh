#!/usr/bin/env bash
# Tracking throughput on this CPU: tracks N frames of the sample video (fetched with
# fetch-assets) and writes bench-out/track.json: the tracking report (frames/s, wall time per
# stage, reprojection errors) with the machine it ran on.
#   scripts/bench-track.sh [--frames N] [--out DIR]      (default 200 frames)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench-out"
frames=200
while [ $# -gt 0 ]; do
  case "$1" in
    --frames) frames="$2"; shift ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "bench-track.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$out"
t2p="$root/scripts/tri2plane"
"$t2p" fetch-assets >/dev/null
assets="${TRI2PLANE_ASSETS:-${XDG_CACHE_HOME:-$HOME/.cache}/tri2plane/assets}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$t2p" track --video "$assets/franck.mp4" --out "$work/franck" --max-frames "$frames" >/dev/null
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') x$(nproc)"
{
  echo "{"
  echo "  \"benchmark\": \"tracking throughput (tri2plane track on franck.mp4, --max-frames $frames)\","
  echo "  \"machine\": \"$cpu, $(free -g | awk '/Mem:/{print $2}') GiB\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"report\": $(cat "$work/franck/report.json" | sed '2,$s/^/  /')"
  echo "}"
} > "$out/track.json.tmp" && mv "$out/track.json.tmp" "$out/track.json"
grep -E '"(framesKept|trackingFps|seconds|heldOutMedianErrorPx)"' "$out/track.json" | head -5
echo "wrote $out/track.json"
