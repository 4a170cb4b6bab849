#!/usr/bin/env bash
# Tri2plane-J demo (what works today): builds the command line, checks the installation,
# summarises the paper's model and times full training steps of the tiny model on this machine.
# The end-to-end demo (track a video → train → render → evaluate) replaces this script once the
# tracking, training and rendering modules land.
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

echo "== 1/3 installation check (tri2plane doctor)"
"$t2p" doctor --configs "$root/configs" | tee "$out/doctor.txt"

echo "== 2/3 the paper's model (tri2plane model-summary --config configs/paper.json)"
"$t2p" model-summary --config "$root/configs/paper.json" | tee "$out/paper-summary.txt"

echo "== 3/3 training-step benchmark of configs/tiny.json (synthetic data)"
TRI2PLANE_JAVA_OPTS="${TRI2PLANE_JAVA_OPTS:--Xmx2g}" \
  "$t2p" bench-step --config "$root/configs/tiny.json" --warmup 3 --steps 20 --out "$out/bench-tiny.json"

echo
echo "Outputs in $out: doctor.txt, paper-summary.txt, bench-tiny.json"
