#!/usr/bin/env bash
# Performance report on this machine: Tri2plane-J (DJL) next to the same step in Python PyTorch.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
usage() {
  cat <<'EOF'
Performance report on this machine: Tri2plane-J (DJL) next to the same training step in Python
PyTorch (scripts/bench/reference_step.py under Debian's /usr/bin/python3), the CPU's measured
peak, native memory over 1,000 steps, the per-stage split, tracking frames/s and render frames/s
at 512² and 1024². Every figure is a median with min and max. Writes the parts, report.json
(DJL / PyTorch ratios under keys "ratio…") and summary.md into DIR.
  scripts/bench.sh [--quick] --out DIR [--threads N] [--blas-threads N] [--no-python] [--cuda]
  --quick      tiny.json only (about 5 minutes on 2 cores); otherwise paper.json too (about 15 in all)
  --threads N  intra-op threads for both sides (default: the number of cores)
  --blas-threads N  threads of the reference's OpenBLAS (default 1: its workers busy-wait beside
               torch's own; DJL's MKL runs on the intra-op threads, so N = --threads is the
               like-for-like setting; report.json records it)
  --no-python  skip the PyTorch reference (no ratios)
  --cuda       both sides on the first GPU: Tri2plane-J built with the cuda profile, the reference
               with --device cuda (needs a CUDA build of PyTorch for /usr/bin/python3)
EOF
}
out=""
quick=0
no_python=0
cuda=0
threads="$(nproc)"
blas_threads=1
t2p_options --quick?quick --out=out --threads=threads --blas-threads=blas_threads --no-python?no_python --cuda?cuda -- "$@"
t2p_int --threads "$threads"
t2p_int --blas-threads "$blas_threads"
python=$(( 1 - no_python ))
device=$([ "$cuda" = 1 ] && echo cuda || echo cpu)
[ -n "$out" ] || { echo "bench.sh: --out DIR is required (see --help)" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
if [ "$device" = cuda ]; then
  # the launcher rebuilds with the cuda profile (DJL then runs on the first GPU)
  export TRI2PLANE_MAVEN_ARGS="${TRI2PLANE_MAVEN_ARGS:--Pcuda}"
fi
py=/usr/bin/python3
ref="$root/scripts/bench/reference_step.py"
export TRI2PLANE_JAVA_OPTS="${TRI2PLANE_JAVA_OPTS:--Xmx4g}"
# the same intra-op thread count on both sides (OpenBLAS stays at one thread: its spinning workers
# would take the cores from torch's own threads; the reference script sets that itself)
export OMP_NUM_THREADS="$threads"
t_start=$(date +%s)
step() { echo; echo "== bench: $* ($(( $(date +%s) - t_start )) s elapsed)"; }
have() { [ -s "$out/$1" ]; }

if [ "$python" = 1 ]; then
  step "PyTorch reference: checking $py"
  if ! "$py" -c 'import torch' 2>/dev/null; then
    echo "bench.sh: $py has no torch; install Debian's python3-torch (apt-get install python3-torch) or pass --no-python" >&2
    exit 1
  fi
  # Debian's default BLAS is the reference implementation (~30x slower); use OpenBLAS.
  if ! ldconfig -p | grep -q 'libopenblas'; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "installing libopenblas0 (Debian's default reference BLAS would make PyTorch ~30x slower)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q libopenblas0 >/dev/null
    else
      echo "bench.sh: warning: libopenblas0 is not installed; PyTorch will use the slow reference BLAS" >&2
    fi
  fi
fi

step "environment"
cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
torch_version="$([ "$python" = 1 ] && "$py" -c 'import torch; print(torch.__version__)' || echo none)"
cat > "$out/environment.json.tmp" <<JSON
{
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "mode": "$([ "$quick" = 1 ] && echo quick || echo full)",
  "cpu": "$cpu",
  "cores": $(nproc),
  "memoryGiB": $(free -g | awk '/Mem:/{print $2}'),
  "threads": $threads,
  "device": "$device",
  "djl": "0.29.0",
  "pytorchDjl": "2.3.1 (DJL's libtorch, MKL)",
  "pytorchPython": "$torch_version",
  "python": "$([ "$python" = 1 ] && echo "$py $("$py" -c 'import platform; print(platform.python_version())')" || echo none)",
  "java": "$(java -version 2>&1 | head -1 | sed 's/"//g')",
  "malloc": "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1} MALLOC_MMAP_MAX_=${MALLOC_MMAP_MAX_:-0} (scripts/tri2plane defaults) for DJL; glibc defaults for Python",
  "onednn": "ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-AVX2} for DJL (scripts/tri2plane default); unset for Python"
}
JSON
mv "$out/environment.json.tmp" "$out/environment.json"
cat "$out/environment.json"

configs=(tiny)
[ "$quick" = 0 ] && configs+=(paper)
for c in "${configs[@]}"; do
  if [ "$c" = tiny ]; then
    jargs=(--warmup 10 --steps 1000 --inference-runs 5 --memory-every 50 --peak)
    pargs=(--warmup 10 --steps 100 --inference-runs 5 --peak)
  else
    jargs=(--warmup 1 --steps 3 --inference-runs 2 --memory-every 1)
    pargs=(--warmup 1 --steps 3 --inference-runs 2)
  fi
  step "Tri2plane-J training step, $c.json (${jargs[*]})"
  if have "djl-$c.json"; then echo "already measured: $out/djl-$c.json"; else
    "$t2p" bench-step --config "$root/configs/$c.json" --threads "$threads" "${jargs[@]}" --out "$out/djl-$c.json"
  fi
  if [ "$python" = 1 ]; then
    step "PyTorch reference training step, $c.json (${pargs[*]})"
    if have "python-$c.json"; then echo "already measured: $out/python-$c.json"; else
      # exit 3: a valid config the reference does not model yet (it names the keys); the report
      # then shows Tri2plane-J alone for it, with that reason, instead of a ratio of unlike steps
      rc=0
      "$py" "$ref" --config "$root/configs/$c.json" --device "$device" --threads "$threads" \
        --openblas-threads "$blas_threads" --stages "${pargs[@]}" \
        --out "$out/python-$c.json" 2> >(tee "$out/python-$c.err" >&2) || rc=$?
      if [ "$rc" = 3 ]; then
        grep 'does not model' "$out/python-$c.err" | sed 's/^reference_step.py: //' > "$out/python-$c.skipped"
        echo "not compared: $(cat "$out/python-$c.skipped")"
      elif [ "$rc" != 0 ]; then
        echo "bench.sh: the PyTorch reference failed on $c.json (exit $rc); see $out/python-$c.err" >&2
        exit 1
      fi
    fi
  fi
done

step "tracking frames/s"
if have track.json; then echo "already measured: $out/track.json"; else
  "$root/scripts/bench-track.sh" --frames "$([ "$quick" = 1 ] && echo 100 || echo 200)" --out "$out"
fi

render() { # name config frames resolution
  step "render frames/s: $1"
  if have "render-$1.json"; then echo "already measured: $out/render-$1.json"; else
    "$t2p" bench-render --config "$root/configs/$2" --warmup 1 --frames "$3" --resolution "$4" --out "$out/render-$1.json"
  fi
}
render tiny-512 tiny.json 50 512
render tiny-1024 tiny.json 50 1024
if [ "$quick" = 0 ]; then
  render paper-512 paper.json 3 512
  render paper1024-1024 paper-1024.json 3 1024
fi

step "report"
"$t2p" bench-report --dir "$out"
echo "bench: done in $(( $(date +%s) - t_start )) s; $out/report.json, $out/summary.md"
