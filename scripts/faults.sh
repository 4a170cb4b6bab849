#!/usr/bin/env bash
# Fault injection for training: trains a short run with frequent checkpoints straight through,
# then the same run killed with SIGKILL (kill -9) at N random moments, each time resumed with
# --resume, and compares the two: the parameters (model.params), the optimiser state
# (optimizer.bin), the training log (every logged value but the timings) and stale temporary
# folders left beside the checkpoint. Writes OUT/faults.json.
#   scripts/faults.sh [--out DIR] [--kills N] [--steps N] [--seed S]
#   --out DIR    output folder (default faults-out/)
#   --kills N    kills to survive (default 5)
#   --steps N    steps of the run, one checkpoint every 4 (default 160)
#   --seed S     seed of the random kill moments (default 1)
# Tracking's interruption (Ctrl-C, resume = straight run) is covered by its tests
# (TrackingPipelineTest.resumingAnInterruptedRunGivesTheSameSubject); it is not killed here yet.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/faults-out"
kills=5
steps=160
seed=1
usage() { sed -n '2,13p' "$0"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift ;;
    --kills) kills="$2"; shift ;;
    --steps) steps="$2"; shift ;;
    --seed) seed="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "faults.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$kills$steps$seed" in *[!0-9]*) echo "faults.sh: --kills, --steps and --seed take whole numbers" >&2; exit 2 ;; esac
t2p="$root/scripts/tri2plane"
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
    step="$(grep -o '"step" : [0-9]*' "$out/killed/checkpoint/checkpoint.json" 2>/dev/null | grep -o '[0-9]*$' || echo none)"
    echo "   kill $k after ${delay} s (checkpoint at step ${step:-none})"
  else
    wait "$pid" || true
    echo "   run $k finished before its kill at ${delay} s"
    break
  fi
done
resume=""
[ -f "$out/killed/checkpoint/checkpoint.json" ] && resume="--resume"
if ! grep -q "\"step\" : $steps," "$out/killed/checkpoint/checkpoint.json" 2>/dev/null; then
  "$t2p" train --subject "$subject" --config "$config" "${sets[@]}" --out "$out/killed" $resume >> "$out/killed.log" 2>&1
fi

same() { cmp -s "$out/straight/checkpoint/$1" "$out/killed/checkpoint/$1" && echo true || echo false; }
params="$(same model.params)"
optimizer="$(same optimizer.bin)"
# the log without its timings (seconds, rssMb): a killed step is logged again when it is redone
logs() { # last line logged for each step, timings removed
  awk '{ line = $0; gsub(/"seconds":[^,}]*,?/, "", line); gsub(/"rssMb":[^,}]*,?/, "", line)
         if (match($0, /"step":[0-9]+/)) { s = substr($0, RSTART + 7, RLENGTH - 7) + 0; rows[s] = line; if (s > max) max = s } }
       END { for (i = 1; i <= max; i++) if (i in rows) print rows[i] }' "$1"
}
if [ "$(logs "$out/straight/train_log.jsonl")" = "$(logs "$out/killed/train_log.jsonl")" ]; then log=true; else log=false; fi
stale="$(find "$out/killed" -maxdepth 1 -name '.checkpoint.*' | wc -l | tr -d ' ')"
cat > "$out/faults.json" <<JSON
{
  "machine": "$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores",
  "steps": $steps,
  "checkpointEvery": 4,
  "killsSurvived": $survived,
  "identicalParameters": $params,
  "identicalOptimizerState": $optimizer,
  "identicalLog": $log,
  "staleTemporaryFolders": $stale
}
JSON
cat "$out/faults.json"
[ "$params" = true ] && [ "$optimizer" = true ] && [ "$log" = true ] && [ "$stale" = 0 ]
