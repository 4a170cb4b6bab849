#!/usr/bin/env bash
# Tracking throughput on this CPU, JSON out.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
usage() {
  cat <<'EOF'
Tracking throughput on this CPU: tracks N frames of the sample video (fetched with
fetch-assets) and writes DIR/track.json: the tracking report (frames/s, wall time per stage,
reprojection errors) with the machine it ran on.
  scripts/bench-track.sh [--frames N] [--out DIR]      (default 200 frames, DIR bench-out/)
EOF
}
out="$root/bench-out"
frames=200
t2p_options --frames=frames --out=out -- "$@"
t2p_int --frames "$frames"
mkdir -p "$out"
"$t2p" fetch-assets >/dev/null
assets="$(t2p_assets_dir)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$t2p" track --video "$assets/franck.mp4" --out "$work/franck" --max-frames "$frames" >/dev/null
{
  echo "{"
  echo "  \"benchmark\": \"tracking throughput (tri2plane track on franck.mp4, --max-frames $frames)\","
  echo "  \"machine\": \"$(t2p_machine)\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"report\": $(cat "$work/franck/report.json" | sed '2,$s/^/  /')"
  echo "}"
} > "$out/track.json.tmp" && mv "$out/track.json.tmp" "$out/track.json"
for key in framesKept trackingFps seconds heldOutMedianErrorPx; do
  echo "$key: $(t2p_json "$out/track.json" "/report/$key")"
done
echo "wrote $out/track.json"
