#!/usr/bin/env bash
# Fault injection: kills, resumes and full disks under train, track and render; JSON out.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
usage() {
  cat <<'EOF'
Fault injection. Writes OUT/faults.json.
1. Training: a short run with frequent checkpoints straight through, then the same run killed
   with SIGKILL (kill -9) at N random moments, each time resumed with --resume; compares the
   parameters (model.params), the optimiser state (optimizer.bin), the training log (every
   logged value but the timings) and stale temporary folders beside the checkpoint.
2. Tracking: the same for `track` on 80 frames of the sample video (params.jsonl,
   landmarks.jsonl, every frame, mask and condition PNG, the morphable model; stale folders).
3. Full disks (root only: small tmpfs mounts): train, track and render each write to a disk
   too small for them; checks the exit code, that the message names the cause and what to do,
   that nothing temporary is left and that the last good checkpoint resumes to the same result.
  scripts/faults.sh [--out DIR] [--kills N] [--steps N] [--seed S]
  --out DIR    output folder (default faults-out/)
  --kills N    kills to survive per command (default 5)
  --steps N    steps of the training run, one checkpoint every 4 (default 160)
  --seed S     seed of the random kill moments (default 1)
EOF
}
out="$root/faults-out"
kills=5
steps=160
seed=1
t2p_options --out=out --kills=kills --steps=steps --seed=seed -- "$@"
t2p_int --kills "$kills"
t2p_int --steps "$steps"
t2p_int --seed "$seed"
subject="$root/tri2plane-train/src/test/resources/subjects/franck-2"
config="$root/tri2plane-train/src/test/resources/configs/overfit.json"
sets=(--set "training.steps=$steps" --set training.checkpointEvery=4)
rm -rf "$out"
mkdir -p "$out"
"$t2p" --version >/dev/null   # build once, outside the timed runs

echo "== straight run of $steps steps"
"$t2p" train --subject "$subject" --config "$config" "${sets[@]}" --out "$out/straight" > "$out/straight.log" 2>&1

echo "== the same run killed with SIGKILL $kills times"
RANDOM=$seed
survived=0
for ((k = 1; k <= kills; k++)); do
  resume=""
  [ -f "$out/killed/checkpoint/checkpoint.json" ] && resume="--resume"
  delay="$(awk -v r=$RANDOM 'BEGIN { printf "%.1f", 3.5 + 5 * r / 32767 }')"
  "$t2p" train --subject "$subject" --config "$config" "${sets[@]}" --out "$out/killed" $resume >> "$out/killed.log" 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -0 "$pid" 2>/dev/null; then
    pkill -KILL -P "$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    survived=$((survived + 1))
    step="$(t2p_json "$out/killed/checkpoint/checkpoint.json" /step 2>/dev/null || echo none)"
    echo "   kill $k after ${delay} s (checkpoint at step ${step:-none})"
  else
    wait "$pid" || true
    echo "   run $k finished before its kill at ${delay} s"
    break
  fi
done
resume=""
[ -f "$out/killed/checkpoint/checkpoint.json" ] && resume="--resume"
if [ "$(t2p_json "$out/killed/checkpoint/checkpoint.json" /step 2>/dev/null)" != "$steps" ]; then
  "$t2p" train --subject "$subject" --config "$config" "${sets[@]}" --out "$out/killed" $resume >> "$out/killed.log" 2>&1
fi

same() { cmp -s "$out/straight/checkpoint/$1" "$out/killed/checkpoint/$1" && echo true || echo false; }
params="$(same model.params)"
optimizer="$(same optimizer.bin)"
# the log without its timings (seconds, rssMb); a resumed run drops the lines after its checkpoint
logs() { t2p_json "$1" --all-lines --drop seconds --drop rssMb; }
if [ "$(logs "$out/straight/train_log.jsonl")" = "$(logs "$out/killed/train_log.jsonl")" ]; then log=true; else log=false; fi
stale="$(find "$out/killed" -maxdepth 1 -name '.checkpoint.*' | wc -l | tr -d ' ')"

echo "== tracking, straight and killed with SIGKILL $kills times"
"$t2p" fetch-assets >/dev/null
assets="$(t2p_assets_dir)"
track_frames=80
track_args=(--video "$assets/franck.mp4" --settings "$root/tri2plane-cli/src/test/resources/e2e/tracking.json" --fps 8 --max-frames "$track_frames")
"$t2p" track "${track_args[@]}" --out "$out/track-straight/franck" > "$out/track-straight.log" 2>&1
mkdir -p "$out/track-killed"
tracked="$out/track-killed/franck"
track_survived=0
for ((k = 1; k <= kills; k++)); do
  resume=""
  [ -d "$out/track-killed/.franck.partial" ] && resume="--resume"
  delay="$(awk -v r=$RANDOM 'BEGIN { printf "%.1f", 3 + 7 * r / 32767 }')"
  "$t2p" track "${track_args[@]}" --out "$tracked" $resume >> "$out/track-killed.log" 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -0 "$pid" 2>/dev/null; then
    pkill -KILL -P "$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    track_survived=$((track_survived + 1))
    done_lines="$(wc -l < "$out/track-killed/.franck.partial/track.jsonl" 2>/dev/null || echo 0)"
    echo "   kill $k after ${delay} s (${done_lines// /} frames' landmarks kept)"
  else
    wait "$pid" || true
    echo "   run $k finished before its kill at ${delay} s"
    break
  fi
done
if [ ! -f "$tracked/subject.json" ]; then
  resume=""
  [ -d "$out/track-killed/.franck.partial" ] && resume="--resume"
  "$t2p" track "${track_args[@]}" --out "$tracked" $resume >> "$out/track-killed.log" 2>&1
fi
# every file of the subject but the reports (they hold timings and the resumed run's log)
subject_same=true
for f in $(cd "$out/track-straight/franck" && find . -type f ! -name 'report.*' | sort); do
  cmp -s "$out/track-straight/franck/$f" "$tracked/$f" || { subject_same=false; echo "   differs: $f"; }
done
[ "$(cd "$out/track-straight/franck" && find . -type f | sort)" = "$(cd "$tracked" && find . -type f | sort)" ] || subject_same=false
track_stale="$(find "$out/track-killed" -maxdepth 1 -name '.franck.*' | wc -l | tr -d ' ')"

echo "== full disks"
full_train=skipped; full_track=skipped; full_render=skipped; full_note="needs root to mount small tmpfs file systems"
mnt="$out/full-disk"
cleanup() { for d in "$mnt"/*; do mountpoint -q "$d" 2>/dev/null && umount "$d"; done; true; }
trap cleanup EXIT
small() { mkdir -p "$mnt/$1"; mount -t tmpfs -o "size=$2" tmpfs "$mnt/$1" 2>/dev/null; }
expect() { # $1 name, $2 exit code, $3 log, then patterns the message must hold: prints true/false
  local name="$1" code="$2" log="$3" ok=true; shift 3
  [ "$code" = 1 ] || { ok=false; echo "   $name: exit $code, expected 1" >&2; }
  for pat in "$@"; do grep -q -- "$pat" "$log" || { ok=false; echo "   $name: message lacks '$pat'" >&2; }; done
  echo "$ok"
}
if [ "$(id -u)" = 0 ] && small probe 64k; then
  full_note="tmpfs mounts: train 1.5 x one checkpoint, track 200 KB, render 64 KB"
  # train: room for the first checkpoint (step 4) but not for two at once (the save at step 8)
  "$t2p" train --subject "$subject" --config "$config" --set training.steps=8 --set training.checkpointEvery=4 \
    --out "$out/full-straight" > "$out/full-straight.log" 2>&1
  ckpt_kb=$(( $(du -sk "$out/full-straight/checkpoint" | cut -f1) ))
  small train "$(( ckpt_kb * 3 / 2 + 256 ))k"
  set +e
  "$t2p" train --subject "$subject" --config "$config" --set training.steps=8 --set training.checkpointEvery=4 \
    --out "$mnt/train/run" > "$out/full-train.log" 2>&1
  code=$?
  set -e
  full_train="$(expect train $code "$out/full-train.log" "No space left on device" "step 4 there is intact" "--resume")"
  [ -z "$(find "$mnt/train/run" -maxdepth 1 -name '.*')" ] || { full_train=false; echo "   train: temporary files left" >&2; }
  cp -r "$mnt/train/run" "$out/full-resumed"
  "$t2p" train --subject "$subject" --config "$config" --set training.steps=8 --set training.checkpointEvery=4 \
    --out "$out/full-resumed" --resume >> "$out/full-train.log" 2>&1
  cmp -s "$out/full-straight/checkpoint/model.params" "$out/full-resumed/checkpoint/model.params" \
    || { full_train=false; echo "   train: the run resumed from the intact checkpoint differs from a straight one" >&2; }
  # track: the landmarks of the frames do not fit in 200 KB
  small track 200k
  set +e
  "$t2p" track "${track_args[@]}" --out "$mnt/track/franck" > "$out/full-track.log" 2>&1
  code=$?
  set -e
  full_track="$(expect track $code "$out/full-track.log" "No space left on device" "--resume")"
  # render: a 64 KB disk for the video and its PNG frames
  small render 64k
  set +e
  "$t2p" render --checkpoint "$out/straight" --subject "$subject" --mode orbit --views 8 --out "$mnt/render/self.mp4" \
    --png-dir "$mnt/render/png" > "$out/full-render.log" 2>&1
  code=$?
  set -e
  full_render="$(expect render $code "$out/full-render.log" "No space left on device" "half-written")"
  [ -z "$(ls -A "$mnt/render")" ] || { full_render=false; echo "   render: left $(ls -A "$mnt/render")" >&2; }
fi
for v in $full_train $full_track $full_render; do echo "   full disk: $v"; done

cat > "$out/faults.json" <<JSON
{
  "machine": "$(t2p_machine)",
  "steps": $steps,
  "checkpointEvery": 4,
  "killsSurvived": $survived,
  "identicalParameters": $params,
  "identicalOptimizerState": $optimizer,
  "identicalLog": $log,
  "staleTemporaryFolders": $stale,
  "tracking": {
    "frames": $track_frames,
    "killsSurvived": $track_survived,
    "identicalSubject": $subject_same,
    "staleTemporaryFolders": $track_stale
  },
  "fullDisk": {
    "how": "$full_note",
    "train": "$full_train",
    "track": "$full_track",
    "render": "$full_render"
  }
}
JSON
cat "$out/faults.json"
[ "$params" = true ] && [ "$optimizer" = true ] && [ "$log" = true ] && [ "$stale" = 0 ] \
  && [ "$subject_same" = true ] && [ "$track_stale" = 0 ] \
  && [ "$full_train" != false ] && [ "$full_track" != false ] && [ "$full_render" != false ]
