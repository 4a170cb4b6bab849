#!/usr/bin/env bash
# Makes docs/img/demo-strip.png, the README's picture, from a finished demo.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
usage() {
  cat <<'EOF'
Makes docs/img/demo-strip.png, the README's picture, from a finished demo (default demo-out/):
a held-out frame and its self-reenactment, a driver frame and its cross-reenactment, and three
orbit views. Frames of franck.mp4: FG-NET Talking Face project (see README).
  scripts/docs/readme-strip.sh [DEMO_OUT]
EOF
}
t2p_options -- "$@"
demo="${t2p_args[0]:-$root/demo-out}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ck="$demo/runs/franck"
subj="$demo/subjects/franck"
last=$(t2p_json "$subj/params.jsonl" /index --line -1)
"$t2p" render --checkpoint "$ck" --subject "$subj" --mode self --frames "$last:$last" --side-by-side --png-dir "$work/self" >/dev/null
pick=$(t2p_json "$demo/subjects/cap12/params.jsonl" /index --line 30)
"$t2p" render --checkpoint "$ck" --subject "$subj" --mode cross --driver "$demo/subjects/cap12" --frames "$pick:$pick" \
  --side-by-side --png-dir "$work/cross" >/dev/null
"$t2p" render --checkpoint "$ck" --subject "$subj" --mode orbit --views 8 --png-dir "$work/orbit" >/dev/null
java "$root/scripts/docs/ReadmeStrip.java" "$root/docs/img/demo-strip.png" 128 \
  "held-out frame | avatar=$work/self/000000.png" "driver | avatar (cross)=$work/cross/000000.png" \
  "orbit -40°=$work/orbit/000006.png" "0°=$work/orbit/000000.png" "+40°=$work/orbit/000002.png"
echo "wrote $root/docs/img/demo-strip.png"
