#!/usr/bin/env bash
# Batch evaluation in the layout of the paper's Table 1.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
usage() {
  cat <<'EOF'
Batch evaluation in the layout of the paper's Table 1. For every trained subject: render its
held-out frames (self-reenactment) with the aligned ground truth, evaluate PSNR / SSIM / SD /
LPIPS / F-LMD, CSIM (identity against the subject's training frames) and APD / AED (our tracker
on the result against the pose and expression it was rendered from); the same for every tracked
frame driven by the mean code (the expression protocol: does the avatar open its mouth when its
expression inputs do? mouth gain and correlation); render a ±40° orbit and score it by how far
the head is turned (NAME/orbit/eval/novel_views.md: faces found, APD, CSIM per 10° bin), and the
canonical appearance (neutral expression, mean pose) under the same orbit (NAME/canonical/eval); with
--driver also render a
cross-reenactment and measure its F-LMD against the driver's motion after transfer, its CSIM to
the subject and its APD / AED. Writes OUT/table.md, OUT/table.csv, OUT/psnr.png (per-frame
PSNR per subject), OUT/NAME/report.html (a page per subject) and OUT/index.html (a Table 1 row
per subject, linking to its page). A subject that fails is reported under the table; the others still finish.
  scripts/eval-batch.sh [--out DIR] [--driver DIR] [--lpips-weights FILE] [NAME=RUN_DIR:SUBJECT_DIR ...]
Without subjects it evaluates the demo's avatar (demo-out/), running scripts/demo.sh first if
there is none yet.
EOF
}
out=""
driver=""
lpips_weights=""
t2p_options --out=out --driver=driver --lpips-weights=lpips_weights -- "$@"
lpips=()
[ -n "$lpips_weights" ] && lpips=(--lpips-weights "$lpips_weights")
subjects=()
for a in ${t2p_args[@]+"${t2p_args[@]}"}; do
  case "$a" in
    *=*:*) subjects+=("$a") ;;
    *) t2p_usage_error "'$a' is not NAME=RUN_DIR:SUBJECT_DIR" ;;
  esac
done
if [ ${#subjects[@]} -eq 0 ]; then
  demo="$root/demo-out"
  if [ ! -f "$demo/runs/franck/checkpoint/checkpoint.json" ]; then
    echo "eval-batch: no subjects given and no demo avatar yet; running scripts/demo.sh (it ends with this evaluation)"
    exec "$root/scripts/demo.sh" --out "$demo"
  fi
  subjects=("franck=$demo/runs/franck:$demo/subjects/franck")
  [ -z "$driver" ] && [ -f "$demo/subjects/cap12/subject.json" ] && driver="$demo/subjects/cap12"
  [ -z "$out" ] && out="$demo/eval"
fi
[ -z "$out" ] && out="$root/eval-out"
mkdir -p "$out"
report=(--out "$out")
n=${#subjects[@]}
i=0
for entry in "${subjects[@]}"; do
  i=$((i + 1))
  name="${entry%%=*}"
  rest="${entry#*=}"
  run="${rest%%:*}"
  subject="${rest#*:}"
  dir="$out/$name"
  rm -rf "$dir"
  mkdir -p "$dir"
  log="$dir/log.txt"
  echo "[$i/$n] $name: rendering the held-out frames"
  if ! "$t2p" render --checkpoint "$run" --subject "$subject" --mode self --png-dir "$dir/self/pred" \
        --truth-dir "$dir/self/gt" --expected-params "$dir/self/params.json" >>"$log" 2>&1; then
    why="$(grep -m1 'error:' "$log" | sed 's/.*error: //')"
    echo "[$i/$n] $name: FAILED (${why:-see $log})"
    report+=(--failed "$name=render failed: ${why:-see $log}")
    continue
  fi
  echo "[$i/$n] $name: evaluating"
  if ! "$t2p" eval --pred "$dir/self/pred" --gt "$dir/self/gt" --out "$dir/self/eval" --identity-ref "$subject" \
        --gt-params "$dir/self/params.json" \
        ${lpips[@]+"${lpips[@]}"} >>"$log" 2>&1; then
    why="$(grep -m1 'error:' "$log" | sed 's/.*error: //')"
    echo "[$i/$n] $name: FAILED (${why:-see $log})"
    report+=(--failed "$name=eval failed: ${why:-see $log}")
    continue
  fi
  tail -n 1 "$log"
  report+=(--self "$name=$dir/self/eval")
  # the expression protocol: every tracked frame driven by the mean code from its own expression and pose
  echo "[$i/$n] $name: every tracked frame driven by the mean code (the expression protocol)"
  if "$t2p" render --checkpoint "$run" --subject "$subject" --mode self --gamma mean --frames all --png-dir "$dir/expression/pred" \
        --truth-dir "$dir/expression/gt" --expected-params "$dir/expression/params.json" >>"$log" 2>&1 \
      && "$t2p" eval --pred "$dir/expression/pred" --gt "$dir/expression/gt" --out "$dir/expression/eval" --identity-ref "$subject" \
        --gt-params "$dir/expression/params.json" ${lpips[@]+"${lpips[@]}"} >>"$log" 2>&1; then
    grep -m1 '^mouth opening' <(tac "$log") || true
    report+=(--expression "$name=$dir/expression/eval")
  else
    why="$(grep -m1 'error:' "$log" | sed 's/.*error: //')"
    echo "[$i/$n] $name: the expression protocol FAILED (${why:-see $log})"
    report+=(--failed "$name (expression)=${why:-see $log}")
  fi
  if [ -n "$driver" ]; then
    dname="$(basename "$driver")"
    echo "[$i/$n] $name: cross-reenactment driven by $dname"
    if "$t2p" render --checkpoint "$run" --subject "$subject" --mode cross --driver "$driver" \
          --png-dir "$dir/cross/pred" --landmarks "$dir/cross/landmarks.jsonl" \
          --expected-params "$dir/cross/params.json" >>"$log" 2>&1 \
        && "$t2p" eval --pred "$dir/cross/pred" --gt-landmarks "$dir/cross/landmarks.jsonl" \
          --identity-ref "$subject" --gt-params "$dir/cross/params.json" --out "$dir/cross/eval" >>"$log" 2>&1; then
      tail -n 1 "$log"
      report+=(--cross "$name <- $dname=$dir/cross/eval")
    else
      why="$(grep -m1 'error:' "$log" | sed 's/.*error: //')"
      echo "[$i/$n] $name: cross-reenactment FAILED (${why:-see $log})"
      report+=(--failed "$name <- $dname=${why:-see $log}")
    fi
  fi
  # novel views: a ±40° orbit, scored by our tracker against the pose each view was rendered at
  echo "[$i/$n] $name: novel views (±40° orbit, 48 views)"
  if "$t2p" render --checkpoint "$run" --subject "$subject" --mode orbit --yaw 40 --views 48 --png-dir "$dir/orbit/pred" \
        --landmarks "$dir/orbit/landmarks.jsonl" --expected-params "$dir/orbit/params.json" >>"$log" 2>&1 \
      && "$t2p" eval --pred "$dir/orbit/pred" --gt-landmarks "$dir/orbit/landmarks.jsonl" --gt-params "$dir/orbit/params.json" \
        --identity-ref "$subject" --out "$dir/orbit/eval" >>"$log" 2>&1; then
    cat "$dir/orbit/eval/novel_views.md"
  else
    why="$(grep -m1 'error:' "$log" | sed 's/.*error: //')"
    echo "[$i/$n] $name: novel views FAILED (${why:-see $log})"
  fi
  # the canonical appearance (neutral expression, mean code, mean pose facing the camera) under the same orbit
  echo "[$i/$n] $name: canonical appearance (±40° orbit, 48 views)"
  if "$t2p" render --checkpoint "$run" --subject "$subject" --mode orbit --canonical --yaw 40 --views 48 \
        --png-dir "$dir/canonical/pred" --landmarks "$dir/canonical/landmarks.jsonl" --expected-params "$dir/canonical/params.json" \
        >>"$log" 2>&1 \
      && "$t2p" eval --pred "$dir/canonical/pred" --gt-landmarks "$dir/canonical/landmarks.jsonl" \
        --gt-params "$dir/canonical/params.json" --identity-ref "$subject" --out "$dir/canonical/eval" >>"$log" 2>&1; then
    cat "$dir/canonical/eval/novel_views.md"
  else
    why="$(grep -m1 'error:' "$log" | sed 's/.*error: //')"
    echo "[$i/$n] $name: canonical appearance FAILED (${why:-see $log})"
  fi
done
if ! "$t2p" eval-report "${report[@]}"; then
  echo "eval-batch: no subject could be evaluated (logs in $out/*/log.txt)" >&2
  exit 1
fi
# one page per subject, and the batch's page linking to them
pages=()
for entry in "${subjects[@]}"; do
  name="${entry%%=*}"
  rest="${entry#*=}"
  run="${rest%%:*}"
  subject="${rest#*:}"
  [ -f "$out/$name/self/eval/summary.json" ] || continue
  evals=(--eval "self=$out/$name/self/eval")
  [ -f "$out/$name/expression/eval/summary.json" ] && evals+=(--eval "expression=$out/$name/expression/eval")
  [ -f "$out/$name/cross/eval/summary.json" ] && evals+=(--eval "cross=$out/$name/cross/eval")
  [ -f "$out/$name/orbit/eval/summary.json" ] && evals+=(--eval "orbit=$out/$name/orbit/eval")
  [ -f "$out/$name/canonical/eval/summary.json" ] && evals+=(--eval "canonical=$out/$name/canonical/eval")
  if "$t2p" report --subject "$subject" --run "$run" "${evals[@]}" --out "$out/$name/report.html" >>"$out/$name/log.txt" 2>&1; then
    pages+=(--page "$name=$out/$name/report.html")
  else
    echo "eval-batch: $name: the report page failed (see $out/$name/log.txt)" >&2
  fi
done
"$t2p" report-index --table "$out/table.csv" ${pages[@]+"${pages[@]}"} --out "$out/index.html"
