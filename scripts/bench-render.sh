#!/usr/bin/env bash
# Rendering benchmark: frames/s of the render frame path at 128², 512² and 1024², JSON out.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
usage() {
  cat <<'EOF'
Rendering benchmark on this machine: frames/s of the `tri2plane render` frame path (model,
SR, resize, H.264 encoding) for configs/tiny.json (its own 128² output and resized to 512²),
configs/paper.json at 512² and configs/paper-1024.json (learned x2 stage) at 1024², with
resident memory over the run. Weights are freshly initialised: the work per frame is the same.
JSON out (DIR/render.json).
  scripts/bench-render.sh [--frames N] [--paper-frames N] [--out DIR]   (defaults 200 and 2)
EOF
}
out="$root/bench-out"
frames=200
paper_frames=2
t2p_options --frames=frames --paper-frames=paper_frames --out=out -- "$@"
t2p_int --frames "$frames"
t2p_int --paper-frames "$paper_frames"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run() { # name config frames [resolution]
  local extra=()
  [ -n "${4:-}" ] && extra=(--resolution "$4")
  echo "bench-render: $1" >&2
  "$t2p" bench-render --config "$root/configs/$2" --warmup 1 --frames "$3" ${extra[@]+"${extra[@]}"} --out "$work/$1.json" 2>/dev/null
}
run tiny tiny.json "$frames"
run tiny512 tiny.json "$frames" 512
run paper512 paper.json "$paper_frames"
run paper1024 paper-1024.json "$paper_frames" 1024
indent() { sed '2,$s/^/  /' "$1"; }
{
  echo "{"
  echo "  \"benchmark\": \"tri2plane bench-render: frames/s of the render frame path, H.264 encoding included\","
  echo "  \"machine\": \"$(t2p_machine)\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"tiny\": $(indent "$work/tiny.json"),"
  echo "  \"tinyAt512\": $(indent "$work/tiny512.json"),"
  echo "  \"paperAt512\": $(indent "$work/paper512.json"),"
  echo "  \"paper1024At1024\": $(indent "$work/paper1024.json")"
  echo "}"
} > "$out/render.json.tmp" && mv "$out/render.json.tmp" "$out/render.json"
cat "$out/render.json"
