#!/usr/bin/env bash
# Makes docs/img/demo-strip.png, the README's picture, from a finished demo.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
usage() {
  cat <<'EOF'
Makes docs/img/demo-strip.png, the README's picture, from a finished demo (default demo-out/):
a laughing training frame and the avatar driven by its tracked expression with the mean code (the
expression protocol), a held-out frame and its self-reenactment, a driver frame with an open
mouth and its cross-reenactment, and three orbit views. Frames of franck.mp4: FG-NET Talking Face
project (see README).
  scripts/docs/readme-strip.sh [--laugh-frame N] [--cross-frame N] [DEMO_OUT]
  --laugh-frame N  franck's source frame (default 60: his widest laugh, mouth opening 0.166)
  --cross-frame N  the driver's source frame (default 184: cap12's widest open mouth, 0.160)
EOF
}
laugh=60
cross=184
t2p_options --laugh-frame=laugh --cross-frame=cross -- "$@"
demo="${t2p_args[0]:-$root/demo-out}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ck="$demo/runs/franck"
subj="$demo/subjects/franck"
last=$(t2p_json "$subj/params.jsonl" /index --line -1)
"$t2p" render --checkpoint "$ck" --subject "$subj" --mode self --frames "$last:$last" --side-by-side --png-dir "$work/self" >/dev/null
"$t2p" render --checkpoint "$ck" --subject "$subj" --mode self --gamma mean --frames "$laugh:$laugh" --side-by-side \
  --png-dir "$work/laugh" >/dev/null
"$t2p" render --checkpoint "$ck" --subject "$subj" --mode cross --driver "$demo/subjects/cap12" --frames "$cross:$cross" \
  --side-by-side --png-dir "$work/cross" >/dev/null
"$t2p" render --checkpoint "$ck" --subject "$subj" --mode orbit --views 8 --png-dir "$work/orbit" >/dev/null
java "$root/scripts/docs/ReadmeStrip.java" "$root/docs/img/demo-strip.png" 128 \
  "laugh | avatar (mean γ)=$work/laugh/000000.png" "held-out frame | avatar=$work/self/000000.png" \
  "driver | avatar (cross)=$work/cross/000000.png" \
  "orbit -40°=$work/orbit/000006.png" "0°=$work/orbit/000000.png" "+40°=$work/orbit/000002.png"
echo "wrote $root/docs/img/demo-strip.png"
