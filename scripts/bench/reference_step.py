#!/usr/bin/env python3
"""PyTorch reference of the Tri2plane-J training step (the `tri2plane bench-step` benchmark).

Mirrors org.tri2plane.train.bench.StepBenchmark and the model it drives (Tri2PlaneModel,
nn/*, render/*, geometry/*, optim/Adam) op for op, so that the project can report
"DJL time / PyTorch time" for the same step on the same machine. Standard library + torch only.

Run with Debian's interpreter (python3-torch):

  /usr/bin/python3 scripts/bench/reference_step.py --config configs/tiny.json \
      --warmup 3 --steps 30 --threads 2 --out bench-out/reference-tiny.json

Options: --stages (per-stage split of the forward), --tile-points N (no-grad SR tiles grouped
into passes of at most N sample points, exactly as Java's Tri2PlaneModel.srInput; default 2^19 as
in Java; 0: one tile per pass), --batched-tiles (all no-grad tiles in one pass), --no-inference, --inference-runs N, --peak (matmul and
conv GFLOP/s), --count-only (parameter counts, no step), --sampler gather (the Java gather
lookup instead of grid_sample). See --help.

Threads: torch runs --threads intra-op (OpenMP) threads. Debian's torch calls the pthread build
of OpenBLAS for GEMMs (convolutions go through oneDNN on the OpenMP threads); OpenBLAS's own
workers busy-wait after each call and slow every op that follows, so the steps run with ONE
OpenBLAS thread unless --openblas-threads or $OPENBLAS_NUM_THREADS says otherwise (tiny.json on a
2-core EPYC, back to back: 0.23 s/step with 1, 0.40 s with 2; paper.json: 45.9 s vs 47.7 s). --peak runs its
matmul with --threads OpenBLAS threads. On a 2-core machine any other busy process makes these
timings several times slower (OpenMP barriers): measure on an idle machine.

Timing follows StepBenchmark: forward = synthetic batch + training forward + loss.item(),
backward = loss.backward(), optimizer = Adam step + in-place zeroing of the gradients (+ freeing
the step's tensors), step = all of it. Adam is torch.optim.Adam (foreach=False, single-tensor,
bias-corrected: the same update as optim/Adam.java).

Model features beyond the paper (tiny.json, gpu.json) are modelled as StepBenchmark drives them:
canonical planes, generator.usedPlanes, aligned conditioning (encoder.alignedChannels,
globalCondition), the expression warp (StepBenchmark's still-head field, zero but computed on the host
every step, read before every tri-plane lookup, with the aligned features read at the unwarped
point), rendering.emptyOpacity (no-grad SR-tile rays traced only near the Φ128 opacity, the others
filled in as empty; at random initialisation every ray is kept, on both sides), superResolution.
trainingTiles, and the geometry terms (a head-sized sphere as each frame's face, rasterised on every
window's ray grid; depth, front and distortion on the three scale renders; the turned view with its
depth, front and silhouette terms; per-window seeded jitter). What Java computes in host loops
(rasterising, the warp field, the ray selection, the seeded draws) runs here as torch CPU ops on
the same data; the report's noGradTileRays says how many no-grad tile rays were traced.

GPU: --device cuda (default cpu) runs the same step on the first visible CUDA GPU; it needs a
CUDA build of PyTorch (Debian's python3-torch is CPU-only: use e.g. a venv with the pip wheel,
`python -c 'import torch; print(torch.version.cuda, torch.cuda.is_available())'`), and exits 2
when torch has no CUDA or sees no GPU. Parameters, batch, rays, samples and constants are all
created on the device (ray math stays float64); every clock reading (step, forward, backward,
optimizer, inference, --stages marks, --peak) first calls torch.cuda.synchronize(), so a
stage split measures GPU work rather than kernel launches, at the cost of serialising the
stages. The report adds "gpu" and "cudaPeakMemoryMb" (torch.cuda.max_memory_allocated); RSS stays
host memory, and the OpenBLAS settings and BLAS report only concern the host's CPU ops. Random
draws come from the CUDA generator, so losses differ from a CPU run with the same seed.
"""

import argparse
import collections
import json
import math
import os
import platform
import random
import re
import resource
import sys
import time
import types
import warnings

SCRIPT = "reference_step.py"


def fail(message):
    print(f"{SCRIPT}: error: {message}", file=sys.stderr)
    sys.exit(2)


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(
        prog=SCRIPT,
        description="PyTorch reference of the Tri2plane-J training step (mirror of StepBenchmark).",
        epilog="GPU: --device cuda runs the same step on the first visible CUDA GPU. It needs a CUDA "
               "build of PyTorch (Debian's python3-torch has none; check with python -c 'import torch; "
               "print(torch.version.cuda, torch.cuda.is_available())') and exits 2 without one. All "
               "tensors (parameters, batch, rays, samples, constants) are created on the GPU; every "
               "timing (steps, --stages marks, inference, --peak) first calls torch.cuda.synchronize(). "
               "The report adds the GPU name and cudaPeakMemoryMb; RSS is host memory and the OpenBLAS "
               "options only affect host CPU ops.")
    p.add_argument("--config", required=True, help="model config JSON (configs/tiny.json, configs/paper.json)")
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu",
                   help="where the step runs (default cpu; cuda: the first visible GPU, needs a CUDA "
                        "build of PyTorch, see below)")
    p.add_argument("--warmup", type=int, default=3, help="untimed steps first (default 3)")
    p.add_argument("--steps", type=int, default=30, help="timed steps (default 30; 0: none)")
    p.add_argument("--threads", type=int, default=2,
                   help="torch intra-op threads (default 2; on cuda they only run host-side CPU ops)")
    p.add_argument("--openblas-threads", type=int, default=None,
                   help="threads of Debian's pthread OpenBLAS during the steps (default: "
                        "$OPENBLAS_NUM_THREADS if set, else 1: its workers busy-wait beside torch's OpenMP "
                        "threads; --peak always runs its GEMM with --threads OpenBLAS threads; no effect on "
                        "cuda GPU work)")
    p.add_argument("--frames", type=int, default=8,
                   help="rows of the γ table (StepBenchmark uses 8 training frames)")
    p.add_argument("--no-inference", action="store_true", help="skip the inference frame")
    p.add_argument("--inference-runs", type=int, default=3,
                   help="timed inference frames after one warm-up frame (default 3)")
    p.add_argument("--tile-points", type=int, default=1 << 19,
                   help="sample points per no-grad SR-tile pass, grouped exactly like Java's "
                        "Tri2PlaneModel.srInput (TILE_POINTS_PER_PASS, -Dtri2plane.tilePoints; default "
                        "2^19: tiny renders its pending tiles in one pass, paper one tile per pass; 0: one by one)")
    p.add_argument("--batched-tiles", action="store_true",
                   help="render all no-grad SR tiles in one pass whatever their size (overrides --tile-points)")
    p.add_argument("--sampler", choices=["grid_sample", "gather"], default="grid_sample",
                   help="tri-plane lookup: F.grid_sample (default, idiomatic PyTorch) or the Java "
                        "layout (one embedding gather of the 12 corner rows + batched matmul)")
    p.add_argument("--stages", action="store_true", help="time each stage of the forward pass")
    p.add_argument("--peak", action="store_true",
                   help="also measure achieved GFLOP/s of a large matmul and a large 3x3 conv (on --device)")
    p.add_argument("--peak-only", action="store_true", help="only the --peak measurement (no steps)")
    p.add_argument("--count-only", action="store_true", help="print parameter counts and exit")
    p.add_argument("--check-config", action="store_true",
                   help="only check the config (no torch needed): exit 0 when the reference models it, "
                        f"{EXIT_NOT_MODELLED} naming the keys it does not model yet, 2 when it is invalid")
    p.add_argument("--seed", type=int, default=None,
                   help="seed of the Python generator for windows/poses/layouts (default: training.seed)")
    p.add_argument("--out", default=None, help="write the JSON report here (atomically)")
    a = p.parse_args(argv)
    if a.threads < 1:
        p.error("--threads must be >= 1")
    if a.warmup < 0 or a.steps < 0:
        p.error("--warmup and --steps must be >= 0")
    if a.frames < 1:
        p.error("--frames must be >= 1")
    if a.tile_points < 0:
        p.error("--tile-points must be >= 0")
    if a.inference_runs < 1:
        p.error("--inference-runs must be >= 1")
    return a


# --------------------------------------------------------------------------------------------
# Config (same keys as the Java records; unknown keys are refused like ConfigLoader does)
# --------------------------------------------------------------------------------------------

SCHEMA = {
    "name": None,
    "frame": ["frameSize", "windowSize"],
    "condition": ["channels", "size", "noiseStd"],
    "latents": ["gammaDim", "expressionDim"],
    "encoder": ["channels", "pooledSize", "embeddingDim", "alignedChannels", "globalCondition"],
    "mapping": ["layers", "hiddenDim", "styleDim", "lrMultiplier"],
    "generator": ["channelBase", "channelMax", "convsPerBlock", "planeResolutions", "planeChannels",
                  "planeSkip", "crossPlaneSteps", "canonicalPlanes", "usedPlanes"],
    "field": ["hiddenDim", "featureChannels", "viewFrequencies", "densityNoiseStd"],
    "rendering": ["samplesPerRay", "emptyOpacity", "expressionWarp", "boxMin", "boxMax", "near", "far", "background"],
    "superResolution": ["channels", "outputResolution", "trainingTiles"],
    "loss": ["rgbWeights", "lambdaPerceptual", "lambdaMask", "srL1Weight", "regionWeight"],
    "training": ["learningRate", "blockLearningRates", "schedule", "adamBeta1", "adamBeta2", "adamEpsilon",
                 "batchSize", "seed", "steps", "checkpointEvery", "previewEvery", "validationEvery",
                 "validationFrames", "slidingWindow", "meanGammaProbability", "regionPatchProbability"],
    "geometry": ["depthWeight", "frontWeight", "distortionWeight", "surfaceMargin", "turnedViewDegrees",
                 "emptyWeight"],
}
NULLABLE = {("rendering", "near"), ("rendering", "far")}

# Keys the reference accepts but whose active values it does not model: (section, key) → the value
# that leaves the step as the reference computes it. A config that sets another value is valid but
# cannot be compared (exit 3; bench.sh then reports Tri2plane-J alone for it). Every key of the shipped
# configs is modelled today, so the table is empty; a new model feature that the reference does not
# follow yet goes here until it does.
#
# Keys that change no work the benchmarked step does are accepted with any value:
#   training.schedule, blockLearningRates: the learning rate's schedule and per-block multipliers
#     (the timed step runs Adam at the base rate; a multiplier scales the same update);
#   training.slidingWindow, regionPatchProbability: which window offset / patch is drawn, all of
#     equal cost;
#   training.meanGammaProbability: Trainer swaps some frames' γ_t for the mean code γ̄; StepBenchmark
#     draws no such swap (its γ are table rows), so the step it times has none;
#   loss.regionWeight: weights the real loss's L1 maps; StepBenchmark's synthetic loss has none
#     (the geometry terms it does add are modelled below).
NOT_MODELLED = {}
EXIT_NOT_MODELLED = 3


def not_modelled(cfg):
    """The keys of `cfg` set to values the reference does not model, as 'section.key=value'."""
    out = []
    for (section, key), off in NOT_MODELLED.items():
        v = cfg[section][key]
        if v != off:
            out.append(f"{section}.{key}={json.dumps(v)}")
    return out


def load_config(path):
    try:
        with open(path, "r", encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        fail(f"cannot read config file {path}: {e.strerror or e}")
    try:
        cfg = json.loads(text)
    except json.JSONDecodeError as e:
        fail(f"{path}: not valid JSON: {e}")
    if not isinstance(cfg, dict):
        fail(f"{path}: the config must be a JSON object")
    for key in cfg:
        if key not in SCHEMA:
            fail(f"{path}: unknown/unsupported key '{key}' (known: {sorted(SCHEMA)})")
    for section, keys in SCHEMA.items():
        if section not in cfg:
            fail(f"{path}: missing key '{section}'")
        if keys is None:
            continue
        val = cfg[section]
        if not isinstance(val, dict):
            fail(f"{path}: '{section}' must be an object")
        for k in val:
            if k not in keys:
                fail(f"{path}: unknown/unsupported key '{section}.{k}' (known: {keys})")
        for k in keys:
            if k not in val:
                fail(f"{path}: missing key '{section}.{k}'")
            if val[k] is None and (section, k) not in NULLABLE:
                fail(f"{path}: '{section}.{k}' must not be null")
    g = cfg["generator"]
    fr = cfg["frame"]
    if len(g["planeResolutions"]) != 3:
        fail(f"{path}: generator.planeResolutions must list exactly three resolutions")
    prev = 4
    for r in g["planeResolutions"]:
        if r <= prev or (r & (r - 1)) != 0:
            fail(f"{path}: generator.planeResolutions must be increasing powers of two above 4")
        prev = r
    if fr["windowSize"] % 16 != 0 or fr["frameSize"] < fr["windowSize"] \
            or (fr["frameSize"] - fr["windowSize"]) % 2 != 0:
        fail(f"{path}: frame.windowSize must be a multiple of 16 inside frameSize with an even margin")
    sr = cfg["superResolution"]["outputResolution"]
    if sr not in (fr["windowSize"], 2 * fr["windowSize"]):
        fail(f"{path}: superResolution.outputResolution must be frame.windowSize or twice it")
    if fr["windowSize"] % (1 << (len(cfg["superResolution"]["channels"]) - 1)) != 0:
        fail(f"{path}: frame.windowSize must be divisible by 2^(superResolution levels - 1)")
    if cfg["field"]["featureChannels"] != g["planeChannels"]:
        fail(f"{path}: field.featureChannels must equal generator.planeChannels")
    if cfg["field"]["featureChannels"] < 3:
        fail(f"{path}: field.featureChannels must be >= 3")
    if cfg["condition"]["size"] >> len(cfg["encoder"]["channels"]) < cfg["encoder"]["pooledSize"]:
        fail(f"{path}: encoder.pooledSize exceeds condition.size halved per encoder block")
    if g["convsPerBlock"] < 1 or cfg["mapping"]["layers"] < 1:
        fail(f"{path}: generator.convsPerBlock and mapping.layers must be >= 1")
    if g["usedPlanes"] not in (1, 2, 3):
        fail(f"{path}: generator.usedPlanes must be 1, 2 or 3")
    if cfg["superResolution"]["trainingTiles"] not in (1, 2, 3, 4):
        fail(f"{path}: superResolution.trainingTiles must be 1..4")
    r = cfg["rendering"]
    if not (0 <= r["emptyOpacity"] < 1) or not (0 <= r["expressionWarp"] <= 1):
        fail(f"{path}: rendering.emptyOpacity must be in [0, 1) and rendering.expressionWarp in [0, 1]")
    if cfg["encoder"]["alignedChannels"] < 0:
        fail(f"{path}: encoder.alignedChannels must be >= 0")
    geo = cfg["geometry"]
    if not (0 <= geo["turnedViewDegrees"] <= 90):
        fail(f"{path}: geometry.turnedViewDegrees must be in [0, 90]")
    if geo["emptyWeight"] > 0 and geo["turnedViewDegrees"] <= 0:
        fail(f"{path}: geometry.emptyWeight needs geometry.turnedViewDegrees > 0")
    return cfg


def channels_at(g, res):
    """GeneratorConfig.channelsAt."""
    return max(1, min(g["channelBase"] // res, g["channelMax"]))


def forward_gflops(cfg):
    """ModelSummary.forwardGflops (the Java formula, so GFLOP/s figures are comparable)."""
    b = cfg["training"]["batchSize"]
    w = cfg["frame"]["windowSize"]
    r = w // 4
    n = r * r
    samples = cfg["rendering"]["samplesPerRay"]
    f = cfg["field"]["featureChannels"]
    c = cfg["generator"]["planeChannels"]
    h = cfg["field"]["hiddenDim"]

    def conv(cin, cout, k, hw):
        return 2.0 * cin * cout * k * k * hw

    enc = 0.0
    size = cfg["condition"]["size"]
    cin = cfg["condition"]["channels"]
    for ch in cfg["encoder"]["channels"]:
        enc += conv(cin, ch, 3, float(size) * size)
        size //= 2
        enc += conv(ch, ch, 3, float(size) * size)
        cin = ch
    enc *= b

    g = cfg["generator"]
    gen = 0.0
    prev = channels_at(g, 4)
    gen += conv(prev, prev, 3, 16)
    res = 8
    while res <= g["planeResolutions"][-1]:
        ch = channels_at(g, res)
        for i in range(g["convsPerBlock"]):
            gen += conv(prev if i == 0 else ch, ch, 3, float(res) * res)
        if res in g["planeResolutions"]:
            gen += conv(ch, 3.0 * g["planeChannels"], 1, float(res) * res)
            gen += g["crossPlaneSteps"] * 3 * conv(3.0 * g["planeChannels"], g["planeChannels"], 3,
                                                   float(res) * res)
        prev = ch
        res *= 2
    gen *= b

    per_point = 2.0 * (c * h + h + h * f) + 12.0 * c * 2
    if cfg["field"]["viewFrequencies"] > 0:
        per_point += 2.0 * (h + 3 + 6 * cfg["field"]["viewFrequencies"]) * h
    k = cfg["superResolution"]["trainingTiles"]
    render = per_point * b * (3.0 * n * samples + (k * k - 1.0) * n * samples)  # scales + no-grad SR tiles

    chs = cfg["superResolution"]["channels"]
    hw = (w * k / 4.0) ** 2  # the k x k tiles a training step super-resolves
    srf = 0.0
    prev = f
    for l, ch in enumerate(chs):
        area = hw / 4 ** l
        srf += conv(prev, ch, 3, area) + conv(ch, ch, 3, area)
        prev = ch
    for l in range(len(chs) - 2, -1, -1):
        area = hw / 4 ** l
        srf += conv(prev + chs[l], chs[l], 3, area) + conv(chs[l], chs[l], 3, area)
        prev = chs[l]
    if cfg["superResolution"]["outputResolution"] == 2 * w:
        srf += 2 * conv(prev, prev, 3, 4 * hw)
    srf *= b
    return (enc + gen + render + srf) / 1e9


# --------------------------------------------------------------------------------------------
# System helpers
# --------------------------------------------------------------------------------------------

def rss_mb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(re.sub(r"[^0-9]", "", line)) // 1024
    except OSError:
        pass
    return -1


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # KB on Linux


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip() + " x" + str(os.cpu_count())
    except OSError:
        pass
    return platform.machine()


def loaded_libraries(pattern):
    out = []
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 6 and parts[5].startswith("/"):
                    path = parts[5]
                    if re.search(pattern, os.path.basename(path)) and path not in out:
                        out.append(path)
    except OSError:
        pass
    return out


def openblas_lib(paths=None):
    """ctypes handle of the loaded OpenBLAS (for openblas_{get,set}_num_threads), or None."""
    import ctypes
    if paths is None:
        paths = loaded_libraries(r"^(libblas|libopenblas)")
    for p in paths:
        try:
            lib = ctypes.CDLL(p)
            lib.openblas_get_num_threads()
            return lib
        except (OSError, AttributeError):
            continue
    return None


def blas_report(torch):
    """Which BLAS the process really loaded (after a matmul), and the build's BLAS_INFO."""
    a = torch.randn(64, 64)
    (a @ a).sum().item()
    paths = loaded_libraries(r"^(libblas|libcblas|libopenblas|libmkl|libblis|libflexiblas)")
    kinds = []
    for p in paths:
        low = p.lower()
        if "openblas" in low:
            k = "openblas"
        elif "mkl" in low:
            k = "mkl"
        elif "blis" in low:
            k = "blis"
        elif "flexiblas" in low:
            k = "flexiblas"
        else:
            k = "reference-blas"
        if k not in kinds:
            kinds.append(k)
    label = "/".join(kinds) if kinds else "unknown"
    blas = f"{label} ({', '.join(paths)})" if paths else "none found in /proc/self/maps"
    lib = openblas_lib(paths)
    openblas_threads = int(lib.openblas_get_num_threads()) if lib is not None else None
    build = ""
    try:
        cfg = torch.__config__.show()
        m = re.search(r"BLAS_INFO=([^,\s]+)", cfg)
        build = "BLAS_INFO=" + m.group(1) if m else ""
        if "MKL-DNN" in cfg or "oneDNN" in cfg:
            line = [x.strip() for x in cfg.splitlines() if "MKL-DNN" in x or "oneDNN" in x]
            build += ("; " if build else "") + line[0].lstrip("- ")
    except Exception:  # noqa: BLE001 - informational only
        pass
    return {
        "blas": blas,
        "blasLibraries": paths,
        "openblasThreads": openblas_threads,
        "torchBuild": build,
        "onednn": loaded_libraries(r"^libdnnl"),
        "openmp": loaded_libraries(r"^(libgomp|libiomp|libomp)"),
    }


def stats(values):
    if not values:
        return {"median": None, "min": None, "max": None}
    v = sorted(values)
    n = len(v)
    med = v[n // 2] if n % 2 == 1 else (v[n // 2 - 1] + v[n // 2]) / 2
    return {"median": med, "min": v[0], "max": v[-1]}


def write_json_atomic(path, obj):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    tmp = os.path.join(d, "." + os.path.basename(path) + f".tmp{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# The clock of every timing in this script. On cpu it is time.perf_counter itself (no extra
# call); use_device(torch, "cuda") replaces it with one that first waits for the GPU's queued
# work (torch.cuda.synchronize), so that the readings measure kernels, not their launches.
now = time.perf_counter


def use_device(torch, device):
    """Set the module's clock `now` for `device` (once, from the command line)."""
    global now
    if device == "cuda":
        synchronize = torch.cuda.synchronize
        perf_counter = time.perf_counter

        def cuda_now():
            synchronize()
            return perf_counter()

        now = cuda_now
    else:
        now = time.perf_counter


class StageTimer:
    """Accumulates clock time since the previous mark into the named stage."""

    def __init__(self):
        self.totals = {}
        self.last = now()

    def start(self):
        self.last = now()

    def mark(self, stage):
        t = now()
        self.totals[stage] = self.totals.get(stage, 0.0) + (t - self.last)
        self.last = t


STAGES = ["data", "generator", "sampling", "mlp", "compositing", "sr", "loss", "backward", "optimizer"]


# --------------------------------------------------------------------------------------------
# Everything that needs torch
# --------------------------------------------------------------------------------------------

def build(torch, device="cpu"):
    """The model classes and the loss; every parameter and constant is created on `device`."""
    nn = torch.nn
    F = torch.nn.functional
    SQRT2 = math.sqrt(2.0)
    dev = torch.device(device)

    def activation(x, kind):
        if kind == "lrelu":  # Activation.LRELU: leaky ReLU(0.2) · √2
            return F.leaky_relu(x, 0.2) * SQRT2
        if kind == "softplus":
            return F.softplus(x)
        return x

    def upsample2x(x):  # Resample.upsample2x: bilinear, align_corners = false, size-based
        return F.interpolate(x, size=(x.shape[2] * 2, x.shape[3] * 2), mode="bilinear", align_corners=False)

    class DenseLayer(nn.Module):
        """Equalised-lr linear with a learning-rate multiplier m (StyleGAN2's mapping): W ~ N(0, 1/m²)
        scaled by m/√in at run time, bias stored /m and scaled by m."""

        def __init__(self, i, o, act, bias_init=0.0, lr_multiplier=1.0):
            super().__init__()
            self.weight = nn.Parameter(torch.randn(o, i, device=dev) / lr_multiplier)
            self.bias = nn.Parameter(torch.full((o,), float(bias_init) / lr_multiplier, device=dev))
            self.gain = lr_multiplier / math.sqrt(i)
            self.bias_gain = lr_multiplier
            self.act = act

        def forward(self, x):
            b = self.bias if self.bias_gain == 1.0 else self.bias * self.bias_gain
            return activation(F.linear(x, self.weight * self.gain, b), self.act)

    class ConvLayer(nn.Module):
        """Equalised-lr conv (ConvLayer.java): W ~ N(0, 1) (zero with `zero_init`, an output added as a
        residual that starts as the identity), scaled by 1/√(in·k²) at run time."""

        def __init__(self, i, o, k, stride, act, zero_init=False):
            super().__init__()
            self.weight = nn.Parameter(torch.zeros(o, i, k, k, device=dev) if zero_init
                                       else torch.randn(o, i, k, k, device=dev))
            self.bias = nn.Parameter(torch.zeros(o, device=dev))
            self.gain = 1.0 / math.sqrt(i * k * k)
            self.stride = stride
            self.pad = k // 2
            self.act = act

        def forward(self, x):
            return activation(F.conv2d(x, self.weight * self.gain, self.bias, self.stride, self.pad), self.act)

    class ModulatedConv2d(nn.Module):
        """StyleGAN2 modulated (+ demodulated) conv as one grouped conv, one group per sample."""

        def __init__(self, style_dim, i, o, k, demodulate, act):
            super().__init__()
            self.affine = DenseLayer(style_dim, i, "none", 1.0)
            self.weight = nn.Parameter(torch.randn(o, i, k, k, device=dev))
            self.bias = nn.Parameter(torch.zeros(o, device=dev))
            self.i, self.o, self.k = i, o, k
            self.gain = 1.0 / math.sqrt(i * k * k)
            self.demodulate = demodulate
            self.act = act

        def forward(self, x, w):
            b, _, h, wd = x.shape
            styles = self.affine(w)  # [B, in]
            wgt = (styles.reshape(b, 1, self.i, 1, 1) * self.gain) * self.weight  # [B, out, in, k, k]
            if self.demodulate:
                d = (wgt.square().sum(dim=(2, 3, 4)) + 1e-8).pow(-0.5)  # [B, out]
                wgt = wgt * d.reshape(b, self.o, 1, 1, 1)
            y = F.conv2d(x.reshape(1, b * self.i, h, wd), wgt.reshape(b * self.o, self.i, self.k, self.k),
                         None, 1, self.k // 2, 1, b).reshape(b, self.o, h, wd)
            y = y + self.bias.reshape(1, self.o, 1, 1)
            return activation(y, self.act)

    class ConditionEncoder(nn.Module):
        def __init__(self, cfg):
            super().__init__()
            c = cfg["condition"]["channels"]
            layers = []
            for out in cfg["encoder"]["channels"]:
                layers.append(ConvLayer(c, out, 3, 1, "lrelu"))
                layers.append(ConvLayer(out, out, 3, 2, "lrelu"))
                c = out
            self.convs = nn.ModuleList(layers)
            self.pooled = cfg["encoder"]["pooledSize"]
            self.project = DenseLayer(c * self.pooled * self.pooled, cfg["encoder"]["embeddingDim"], "lrelu")

        def forward(self, x):
            for conv in self.convs:
                x = conv(x)
            size = x.shape[2]
            if size != self.pooled:
                f = size // self.pooled
                x = F.avg_pool2d(x, f, f, 0, False, True)
            return self.project(x.reshape(x.shape[0], -1))

    class MappingNetwork(nn.Module):
        def __init__(self, in_dim, m):
            super().__init__()
            layers = []
            d = in_dim
            for i in range(m["layers"]):
                out = m["styleDim"] if i == m["layers"] - 1 else m["hiddenDim"]
                layers.append(DenseLayer(d, out, "lrelu", 0.0, m["lrMultiplier"]))
                d = out
            self.layers = nn.ModuleList(layers)

        def forward(self, x):
            for layer in self.layers:
                x = layer(x)
            return x

    class CrossPlaneStep(nn.Module):
        """Released code's cross-plane step (planes XY, XZ, ZY); residual modulated conv 3C → C."""

        def __init__(self, style_dim, channels):
            super().__init__()
            self.c = channels
            self.conv = ModulatedConv2d(style_dim, 3 * channels, channels, 3, True, "none")

        def forward(self, planes, w):
            b, _, c, r, _ = planes.shape
            full = (b, c, r, r)
            xy, xz, zy = planes[:, 0], planes[:, 1], planes[:, 2]
            for_xy = torch.cat([xy, xz.mean(2, keepdim=True).expand(full),
                                zy.mean(3, keepdim=True).expand(full)], 1)
            for_xz = torch.cat([xz, xy.mean(2, keepdim=True).expand(full),
                                zy.mean(2, keepdim=True).transpose(2, 3).expand(full)], 1)
            for_zy = torch.cat([zy, xy.mean(3, keepdim=True).expand(full),
                                xz.mean(3, keepdim=True).transpose(2, 3).expand(full)], 1)
            stacked = torch.stack([for_xy, for_xz, for_zy], 1).reshape(b * 3, 3 * c, r, r)
            delta = self.conv(stacked, w.repeat_interleave(3, 0)).reshape(b, 3, c, r, r)
            return planes + delta

    class TriPlaneHead(nn.Module):
        def __init__(self, style_dim, trunk, plane_channels, cross_steps):
            super().__init__()
            self.c = plane_channels
            self.to_planes = ModulatedConv2d(style_dim, trunk, 3 * plane_channels, 1, False, "none")
            self.steps = nn.ModuleList([CrossPlaneStep(style_dim, plane_channels) for _ in range(cross_steps)])

        def forward(self, x, w):
            b, _, r, _ = x.shape
            planes = self.to_planes(x, w).reshape(b, 3, self.c, r, r)
            for step in self.steps:
                planes = step(planes, w)
            return planes

    class TriPlaneGenerator(nn.Module):
        def __init__(self, style_dim, g):
            super().__init__()
            self.g = g
            c4 = channels_at(g, 4)
            self.c4 = c4
            self.start = DenseLayer(style_dim, c4 * 16, "lrelu")
            self.conv4 = ModulatedConv2d(style_dim, c4, c4, 3, True, "lrelu")
            blocks = []
            heads = []
            prev = c4
            res = 8
            while res <= g["planeResolutions"][-1]:
                c = channels_at(g, res)
                blocks.append(nn.ModuleList([
                    ModulatedConv2d(style_dim, prev if i == 0 else c, c, 3, True, "lrelu")
                    for i in range(g["convsPerBlock"])]))
                if res in g["planeResolutions"]:
                    heads.append(TriPlaneHead(style_dim, c, g["planeChannels"], g["crossPlaneSteps"]))
                prev = c
                res *= 2
            self.blocks = nn.ModuleList(blocks)
            self.heads = nn.ModuleList(heads)

        def forward(self, w, canonical=None):
            """w [B, S] → Φ_0, Φ_1, Φ_2; `canonical` (CanonicalPlanes, [1, 3, C, R_k, R_k] each) is added
            to each head's output before the skip."""
            b = w.shape[0]
            x = self.start(w).reshape(b, self.c4, 4, 4)
            x = self.conv4(x, w)
            planes = []
            previous = None
            res = 4
            head = 0
            for convs in self.blocks:
                res *= 2
                x = upsample2x(x)
                for conv in convs:
                    x = conv(x, w)
                if res in self.g["planeResolutions"]:
                    phi = self.heads[head](x, w)
                    if canonical is not None:
                        phi = phi + canonical[head]
                    head += 1
                    if self.g["planeSkip"] and previous is not None:
                        # TriPlaneGenerator.upsamplePlanes: align_corners = true, the sampler's convention
                        s = previous.shape
                        up = F.interpolate(previous.reshape(s[0], s[1] * s[2], s[3], s[4]), size=(res, res),
                                           mode="bilinear", align_corners=True)
                        phi = phi + up.reshape(s[0], s[1], s[2], res, res)
                    planes.append(phi)
                    previous = phi
            return planes

    class SharedNerfMlp(nn.Module):
        def __init__(self, in_channels, field):
            super().__init__()
            h = field["hiddenDim"]
            self.field = field
            self.trunk = DenseLayer(in_channels, h, "softplus")
            self.density = DenseLayer(h, 1, "none")
            self.freqs = field["viewFrequencies"]
            self.view = DenseLayer(h + 3 + 6 * self.freqs, h, "softplus") if self.freqs > 0 else None
            self.features = DenseLayer(h, field["featureChannels"], "none")

        def forward(self, x, dirs, training):
            h = self.trunk(x)
            raw = self.density(h)
            if training and self.field["densityNoiseStd"] > 0:
                raw = raw + torch.randn_like(raw) * self.field["densityNoiseStd"]
            sigma = F.softplus(raw - 1)
            c = h
            if self.view is not None:
                parts = [dirs]
                for k in range(self.freqs):
                    a = dirs * (math.pi * (1 << k))
                    parts.append(a.sin())
                    parts.append(a.cos())
                c = self.view(torch.cat([h, torch.cat(parts, 1)], 1))
            feats = torch.sigmoid(self.features(c)) * (1 + 2e-3) - 1e-3
            return sigma, feats

    class SuperResolution(nn.Module):
        def __init__(self, in_channels, window, src):
            super().__init__()
            ch = src["channels"]
            prev = in_channels
            enc = []
            for l, c in enumerate(ch):
                enc.append(nn.ModuleList([ConvLayer(prev, c, 3, 1 if l == 0 else 2, "lrelu"),
                                          ConvLayer(c, c, 3, 1, "lrelu")]))
                prev = c
            dec = []
            for l in range(len(ch) - 2, -1, -1):
                c = ch[l]
                dec.append(nn.ModuleList([ConvLayer(prev + c, c, 3, 1, "lrelu"), ConvLayer(c, c, 3, 1, "lrelu")]))
                prev = c
            self.encoder = nn.ModuleList(enc)
            self.decoder = nn.ModuleList(dec)
            # to_rgb / up_rgb start at zero, as in SuperResolution.java (an untrained SR is the identity)
            self.to_rgb = ConvLayer(prev, 3, 1, 1, "none", zero_init=True)
            self.doubles = src["outputResolution"] == 2 * window
            if self.doubles:
                self.up = nn.ModuleList([ConvLayer(prev, prev, 3, 1, "lrelu"), ConvLayer(prev, prev, 3, 1, "lrelu")])
                self.up_rgb = ConvLayer(prev, 3, 1, 1, "none", zero_init=True)

        def forward(self, inp):
            skips = []
            x = inp
            for a, b in self.encoder:
                x = b(a(x))
                skips.append(x)
            skip = len(skips) - 2
            for a, b in self.decoder:
                x = torch.cat([upsample2x(x), skips[skip]], 1)
                skip -= 1
                x = b(a(x))
            rgb = inp[:, 0:3] + self.to_rgb(x)
            if self.doubles:
                y = upsample2x(x)
                y = self.up[1](self.up[0](y))
                rgb = upsample2x(rgb) + self.up_rgb(y)
            return rgb

    class FrameLatents(nn.Module):
        def __init__(self, frames, dim):
            super().__init__()
            self.gamma = nn.Parameter(torch.zeros(frames, max(dim, 1), device=dev))

        def forward(self, rows):
            return F.embedding(rows, self.gamma)

    class CanonicalPlanes(nn.Module):
        """CanonicalPlanes.java (generator.canonicalPlanes): one learned tri-plane [1, 3, C, R_k, R_k]
        per scale shared by every frame, zero at initialisation, which the generator adds to the
        tri-planes it generates from the style."""

        def __init__(self, channels, resolutions):
            super().__init__()
            self.phi = nn.ParameterList([nn.Parameter(torch.zeros(1, 3, channels, r, r, device=dev))
                                         for r in resolutions])

        def forward(self):
            return list(self.phi)

    def placement(r, s, f0, f1, b0, b1):
        """AlignedCondition.placement: the bilinear resampling matrix [r, s] along one axis: plane row
        i (align_corners = true over [b0, b1]) samples the s condition pixels whose centres span
        [f0, f1]; weight on a pixel outside [0, s) is dropped. Built on every forward, as in Java."""
        i = torch.arange(r, dtype=torch.float64)
        coord = torch.full((r,), (b0 + b1) / 2, dtype=torch.float64) if r == 1 else b0 + i * ((b1 - b0) / (r - 1))
        u = (coord - f0) / (f1 - f0) * s - 0.5
        lo = u.floor()
        frac = u - lo
        lo = lo.long()
        w = torch.zeros(r, s, dtype=torch.float64)
        rows = torch.arange(r)
        for col, val in ((lo, 1 - frac), (lo + 1, frac)):
            ok = (col >= 0) & (col < s)
            w.index_put_((rows[ok], col[ok]), val[ok], accumulate=True)
        return w.float().to(dev)

    class AlignedCondition(nn.Module):
        """AlignedCondition.java (encoder.alignedChannels): two 3x3 convs over I_t, per plane resolution
        a zero-initialised 1x1 conv to the planes' C channels, resampled onto the R_k² grid of the
        box's XY extent (Ay · F · Axᵀ) → [B, C, R_k, R_k] per resolution."""

        def __init__(self, cond_channels, channels, plane_channels, resolutions, box_min, box_max):
            super().__init__()
            self.trunk = nn.ModuleList([ConvLayer(cond_channels, channels, 3, 1, "lrelu"),
                                        ConvLayer(channels, channels, 3, 1, "lrelu")])
            self.heads = nn.ModuleList([ConvLayer(channels, plane_channels, 1, 1, "none", zero_init=True)
                                        for _ in resolutions])
            self.resolutions = list(resolutions)
            self.box_min = list(box_min)
            self.box_max = list(box_max)

        def forward(self, cond, framing):
            x = cond
            for conv in self.trunk:
                x = conv(x)
            s = x.shape[2]
            out = []
            for k, r in enumerate(self.resolutions):
                f = self.heads[k](x)  # [B, C, S, S]
                ax = placement(r, s, framing[0], framing[2], self.box_min[0], self.box_max[0])
                ay = placement(r, s, framing[1], framing[3], self.box_min[1], self.box_max[1])
                out.append(torch.matmul(torch.matmul(ay, f), ax.t()))  # rows Ay·F, columns ·Axᵀ
            return out

    # ---------------------------------------------------------------------------- rendering

    PLANE_U = (0, 0, 2)  # TriPlaneSampler: plane 0 XY, 1 XZ, 2 ZY (u = column, v = row)
    PLANE_V = (1, 2, 1)
    MASK64 = (1 << 64) - 1

    # A tri-plane prepared for rendering (Tri2PlaneModel.table): the planes, and with
    # rendering.expressionWarp the batch's warp field and the aligned features read before it (front
    # views, one plane each), else None. Each is what Renderer.lookup reads: [B, P, C, R, R] for
    # grid_sample, the Java row table for --sampler gather.
    Table = collections.namedtuple("Table", "planes warp observed")
    # A selection of the rays of equal stride-1 windows (RaySelection): per element the kept rays as
    # window · window_rays + ray codes, padded to n by repeating the first, and how many are kept.
    Selection = collections.namedtuple("Selection", "codes counts n window_rays")

    def window_key(window):
        """Tri2PlaneModel.key: the jitter key of a square window (x0, y0, size, stride)."""
        x0, y0, size, stride = window
        return ((((x0 * 31 + y0) * 31 + size) * 31 + size) * 31) + stride

    def jitter_generator(seed, key):
        """StratifiedSampler.generator: the stream of one batch element's seed and one window's key."""
        g = torch.Generator()
        g.manual_seed((seed * 0x9E3779B97F4A7C15 + key) & MASK64)
        return g

    def window_pixels(windows):
        """Pixel coordinates (u, v) [1, N] of the rays of `windows`, window after window, row-major."""
        us, vs = [], []
        for (x0, y0, size, stride) in windows:
            n1 = size // stride
            idx = torch.arange(n1, dtype=torch.float64, device=dev) * stride + stride / 2.0
            us.append((x0 + idx).repeat(n1))
            vs.append((y0 + idx).repeat_interleave(n1))
        return torch.cat(us).unsqueeze(0), torch.cat(vs).unsqueeze(0)

    def selected_pixels(windows, sel):
        """Pixel coordinates [B, n] of a selection's bundle (RayGenerator.generate with a RaySelection)."""
        codes = sel.codes
        g = torch.div(codes, sel.window_rays, rounding_mode="floor")
        ray = codes - g * sel.window_rays
        stride = windows[0][3]
        cols = windows[0][2] // stride
        x0 = torch.tensor([w[0] for w in windows], dtype=torch.float64)[g]
        y0 = torch.tensor([w[1] for w in windows], dtype=torch.float64)[g]
        u = x0 + torch.remainder(ray, cols) * stride + stride / 2.0
        v = y0 + torch.div(ray, cols, rounding_mode="floor") * stride + stride / 2.0
        return u.to(dev), v.to(dev)

    def select_rays(opacity, probe, windows, threshold):
        """RaySelection.of: the rays of stride-1 `windows` within one probe ray of a probe ray whose
        opacity (`opacity` [B, 1, rows, cols] on the host, the Φ128 render of `probe`) is at least
        `threshold` (a 3x3 dilation); None when every ray is kept (keepsAll: a full render)."""
        b = opacity.shape[0]
        px0, py0, _, pstride = probe
        occupied = F.max_pool2d((opacity >= threshold).to(torch.float32), 3, 1, 1)[:, 0] > 0
        keep = []
        for (x0, y0, size, stride) in windows:
            n1 = size // stride
            pr = torch.div(y0 + torch.arange(n1) - py0, pstride, rounding_mode="floor")
            pc = torch.div(x0 + torch.arange(n1) - px0, pstride, rounding_mode="floor")
            keep.append(occupied[:, pr][:, :, pc].reshape(b, n1 * n1))
        keep = torch.stack(keep, 1).reshape(b, -1)  # [B, windows · window_rays]
        if bool(keep.all()):
            return None
        counts = keep.sum(1).tolist()
        n = max(max(counts), 1)
        codes = []
        for i in range(b):
            c = keep[i].nonzero().reshape(-1)
            first = int(c[0]) if len(c) else 0
            codes.append(torch.cat([c, torch.full((n - len(c),), first, dtype=torch.int64)]))
        return Selection(torch.stack(codes), counts, n, keep.shape[1] // len(windows))

    def sphere_mesh(c, r, rings, segments):
        """FaceMesh.sphere: a closed lat-long sphere, (rings + 1)·segments vertices [V, 3] (float64) and
        2·rings·segments triangles [T, 3]; 18 x 26 is a tracked face's size (the benchmark's face)."""
        theta = math.pi * torch.arange(rings + 1, dtype=torch.float64).reshape(-1, 1) / rings
        phi = 2 * math.pi * torch.arange(segments, dtype=torch.float64).reshape(1, -1) / segments
        v = torch.stack([c[0] + r * theta.sin() * phi.cos(), (c[1] + r * theta.cos()).expand(-1, segments),
                         c[2] + r * theta.sin() * phi.sin()], -1).reshape(-1, 3)
        i = torch.arange(rings).reshape(-1, 1)
        j = torch.arange(segments).reshape(1, -1)
        a, bb = i * segments + j, i * segments + (j + 1) % segments
        d, e = (i + 1) * segments + j, (i + 1) * segments + (j + 1) % segments
        return v, torch.stack([a, bb, d, bb, e, d], -1).reshape(-1, 3)

    WARP_RESOLUTION = 64  # ExpressionWarp.RESOLUTION
    WARP_CUTOFF = 4.25

    def warp_field(mean, basis, beta, box_min, box_max, radius):
        """ExpressionWarp.field on the host: [3, R, R] Σ w_i Δ_i / max(1, Σ w_i) in normalised box units,
        w_i = exp(−r_i²/2ρ²) over the grid points within the cutoff of each (moved) vertex, visited
        through each vertex's bounding box of grid points as Java's loops do."""
        moved = mean.clone()
        for k in range(min(len(beta), len(basis))):
            moved += beta[k] * basis[k]
        delta = moved - mean
        r = WARP_RESOLUTION
        x0, y0 = box_min[0], box_min[1]
        dx = (box_max[0] - x0) / (r - 1)
        dy = (box_max[1] - y0) / (r - 1)
        reach = WARP_CUTOFF * radius
        px, py = moved[:, 0], moved[:, 1]
        c0 = ((px - reach - x0) / dx).ceil().clamp(min=0).long()
        c1 = ((px + reach - x0) / dx).floor().clamp(max=r - 1).long()
        r0 = ((py - reach - y0) / dy).ceil().clamp(min=0).long()
        r1 = ((py + reach - y0) / dy).floor().clamp(max=r - 1).long()
        cols = c0.unsqueeze(1) + torch.arange(int(2 * reach / dx) + 2)  # [V, nc]
        rows = r0.unsqueeze(1) + torch.arange(int(2 * reach / dy) + 2)  # [V, nr]
        ex = x0 + cols * dx - px.unsqueeze(1)
        ey = y0 + rows * dy - py.unsqueeze(1)
        d2 = ey.square().unsqueeze(2) + ex.square().unsqueeze(1)  # [V, nr, nc]
        ok = (rows <= r1.unsqueeze(1)).unsqueeze(2) & (cols <= c1.unsqueeze(1)).unsqueeze(1) & (d2 <= reach * reach)
        w = torch.where(ok, (-d2 / (2 * radius * radius)).exp(), torch.zeros_like(d2))
        p = (rows.unsqueeze(2) * r + cols.unsqueeze(1)).clamp(max=r * r - 1).reshape(-1)
        weight = torch.zeros(r * r, dtype=torch.float64).index_add_(0, p, w.reshape(-1))
        sums = torch.zeros(3, r * r, dtype=torch.float64)
        for c in range(3):
            sums[c].index_add_(0, p, (w * delta[:, c].reshape(-1, 1, 1)).reshape(-1))
        scale = torch.tensor([2 / (box_max[c] - box_min[c]) for c in range(3)], dtype=torch.float64).reshape(3, 1)
        return (sums / weight.clamp(min=1) * scale).reshape(3, r, r).float()

    def still_head_fields(cfg, b):
        """ExpressionWarp.stillHead(...).fields of b frames: a head-sized sphere of a tracked face's
        vertex count with no expression components (a zero field that costs what a tracked face's does)."""
        r = cfg["rendering"]
        mean, _ = sphere_mesh((0.0, 0.0, 0.0), 0.9, 18, 26)
        return torch.stack([warp_field(mean, [], [], r["boxMin"], r["boxMax"], r["expressionWarp"])
                            for _ in range(b)]).to(dev)

    def surface_distances(mesh, fx, fy, cx, cy, rot, trans, window):
        """SurfaceDepth.rayDistances: the mesh posed (R·v + T), projected with the window camera and
        rasterised on the window's ray grid (Rasterizer: pixel centres, top-left rule, nearest depth
        wins, either winding), the nearest triangle's depth interpolated perspective-correctly and
        turned into the distance along the unit ray; 0 where a ray misses. Host, float64; each
        triangle visits the cells of its bounding box, as Java's loops do. → [rows · cols] float32."""
        verts, tris = mesh
        x0, y0, size, stride = window
        n1 = size // stride
        cam = verts @ rot.t() + trans
        cz = cam[:, 2]
        if not bool((cz > 0).all()):
            raise ValueError("the face is not in front of the camera")
        gx = (fx * cam[:, 0] / cz + cx - x0) / stride
        gy = (fy * cam[:, 1] / cz + cy - y0) / stride
        xs, ys, zs = gx[tris], gy[tris], cz[tris]  # [T, 3]
        area = (xs[:, 1] - xs[:, 0]) * (ys[:, 2] - ys[:, 0]) - (xs[:, 2] - xs[:, 0]) * (ys[:, 1] - ys[:, 0])
        order = torch.where((area < 0).unsqueeze(1), torch.tensor([0, 2, 1]), torch.tensor([0, 1, 2]))
        xs, ys, zs = xs.gather(1, order), ys.gather(1, order), zs.gather(1, order)  # positive winding
        area = area.abs()
        lo_x = (xs.amin(1) - 0.5).floor().clamp(min=0).long()
        hi_x = (xs.amax(1) - 0.5).ceil().clamp(max=n1 - 1).long()
        lo_y = (ys.amin(1) - 0.5).floor().clamp(min=0).long()
        hi_y = (ys.amax(1) - 0.5).ceil().clamp(max=n1 - 1).long()
        wide = (hi_x - lo_x + 1).clamp(min=0)
        count = torch.where(area >= 1e-12, wide * (hi_y - lo_y + 1).clamp(min=0), torch.zeros_like(wide))
        tri = torch.repeat_interleave(torch.arange(len(count)), count)
        offset = torch.arange(len(tri)) - (torch.cumsum(count, 0) - count)[tri]
        px = lo_x[tri] + torch.remainder(offset, wide[tri])
        py = lo_y[tri] + torch.div(offset, wide[tri], rounding_mode="floor")
        qx, qy = px + 0.5, py + 0.5
        x, y, z = xs[tri], ys[tri], zs[tri]
        inside = torch.ones(len(tri), dtype=torch.bool)
        ws = []
        for a, bb in ((1, 2), (2, 0), (0, 1)):  # the weight of the vertex opposite each edge a → b
            ex, ey = x[:, bb] - x[:, a], y[:, bb] - y[:, a]
            w = ex * (qy - y[:, a]) - ey * (qx - x[:, a])
            top_left = ((ey == 0) & (ex > 0)) | (ey < 0)
            inside &= (w > 0) | ((w == 0) & top_left)
            ws.append(w / area[tri])
        lam = torch.stack(ws, 1)
        depth = (lam * z).sum(1)
        pixel = py * n1 + px
        with warnings.catch_warnings():  # torch 1.13 calls scatter_reduce beta
            warnings.simplefilter("ignore")
            nearest = torch.full((n1 * n1,), math.inf, dtype=torch.float64).scatter_reduce(
                0, pixel[inside], depth[inside], "amin")
        win = inside & (depth <= nearest[pixel])
        inverse = (lam / z).sum(1)
        win &= inverse > 0
        ddx = (x0 + px * stride + stride / 2.0 - cx) / fx
        ddy = (y0 + py * stride + stride / 2.0 - cy) / fy
        out = torch.zeros(n1 * n1, dtype=torch.float32)
        out[pixel[win]] = ((ddx * ddx + ddy * ddy + 1).sqrt() / inverse)[win].float()
        return out

    class Renderer:
        """RayGenerator + StratifiedSampler + TriPlaneSampler + SharedNerfMlp + VolumeRenderer (PlaneRenderer)."""

        def __init__(self, cfg, mlp, sampler):
            r = cfg["rendering"]
            self.samples = r["samplesPerRay"]
            self.box_min64 = torch.tensor(r["boxMin"], dtype=torch.float64, device=dev)
            self.box_max64 = torch.tensor(r["boxMax"], dtype=torch.float64, device=dev)
            self.near = r["near"]
            self.far = r["far"]
            self.box_min = torch.tensor(r["boxMin"], dtype=torch.float32, device=dev)
            self.box_scale = torch.tensor([2.0 / (hi - lo) for lo, hi in zip(r["boxMin"], r["boxMax"])],
                                          dtype=torch.float32, device=dev)
            self.background = torch.tensor(r["background"], dtype=torch.float32, device=dev)
            self.mlp = mlp
            self.sampler = sampler

        def rays(self, cam, u, v):
            """RayGenerator: the rays through pixel coordinates (u, v) [B or 1, N] of each element's
            window camera and pose: origins −RᵀT, directions Rᵀ·d_cam, box range (slab method) and
            optional near/far; float64 until the end, as Java's doubles."""
            fx, fy, cx, cy, rot, trans = cam
            x = (u - cx.reshape(-1, 1)) / fx.reshape(-1, 1)
            y = (v - cy.reshape(-1, 1)) / fy.reshape(-1, 1)
            x, y = torch.broadcast_tensors(x, y)
            nrm = torch.sqrt(x * x + y * y + 1)
            d_cam = torch.stack([x / nrm, y / nrm, 1 / nrm], -1)  # [B, N, 3]
            d = torch.einsum("bnj,bji->bni", d_cam, rot)  # Rᵀ·d
            o = -torch.einsum("bj,bji->bi", trans, rot).unsqueeze(1)  # −Rᵀ T, [B, 1, 3]
            small = d.abs() < 1e-12
            dsafe = torch.where(small, torch.ones_like(d), d)
            a = (self.box_min64 - o) / dsafe
            bb = (self.box_max64 - o) / dsafe
            lo = torch.where(small, torch.full_like(a, -math.inf), torch.minimum(a, bb))
            hi = torch.where(small, torch.full_like(a, math.inf), torch.maximum(a, bb))
            outside = (o < self.box_min64) | (o > self.box_max64)
            miss_axis = (small & outside).any(-1)
            t0 = lo.amax(-1).clamp(min=0.0)
            t1 = hi.amin(-1)
            hit = (t1 > t0) & ~miss_axis
            if self.near is not None:
                t0 = t0.clamp(min=float(self.near))
            if self.far is not None:
                t1 = t1.clamp(max=float(self.far))
            t1 = torch.where(t1 > t0, t1, t0)
            zero = torch.zeros_like(t0)
            t0 = torch.where(hit, t0, zero)
            t1 = torch.where(hit, t1, zero)
            n = d.shape[1]
            origins = o.expand(-1, n, 3).float()
            return origins, d.float(), t0.unsqueeze(-1).float(), t1.unsqueeze(-1).float()

        def offsets(self, b, n, stratified, seeds, keys, sel):
            """StratifiedSampler's offsets inside the bins [B or 1, N, S, 1]: bin centres; uniform draws of
            the engine's generator; or, with per-element seeds, each window's draws from its own
            stream mix(seed, key) drawn on the host (with a selection: the whole window's, then the
            kept rays' rows), exactly as if the window were rendered alone."""
            s = self.samples
            if not stratified:
                return torch.full((1, 1, s, 1), 0.5, device=dev)
            if seeds is None:
                return torch.rand(b, n, s, 1, device=dev)
            if sel is None:
                per = n // len(keys) * s
                u = torch.cat([torch.rand(per, generator=jitter_generator(seeds[i], key))
                               for i in range(b) for key in keys])
            else:
                parts = []
                for i in range(b):
                    draws = torch.cat([torch.rand(sel.window_rays * s, generator=jitter_generator(seeds[i], key))
                                       for key in keys]).reshape(-1, s)
                    parts.append(draws[sel.codes[i]])
                u = torch.cat(parts)
            return u.reshape(b, n, s, 1).to(dev)

        def lookup(self, planes, points):
            """planes [B, P, C, R, R] (or the Java table), points [B, M, 3] in [-1, 1] → [B, M, C]: the
            sum over the P planes (3: a tri-plane; 1: a front view read at (x, y))."""
            if self.sampler == "gather":
                return self.lookup_gather(planes, points)
            b, p, c, r, _ = planes.shape
            m = points.shape[1]
            grid = torch.stack([torch.stack([points[..., PLANE_U[k]], points[..., PLANE_V[k]]], -1)
                                for k in range(p)], 1)  # [B, P, M, 2]
            out = F.grid_sample(planes.reshape(b * p, c, r, r), grid.reshape(b * p, 1, m, 2),
                                mode="bilinear", padding_mode="zeros", align_corners=True)  # [B*P, C, 1, M]
            out = out.reshape(b, p, c, m)
            return (out.sum(1) if p > 1 else out[:, 0]).transpose(1, 2)

        def sample_warped(self, table, points):
            """TriPlaneSampler.sampleWarped: the planes at the points moved back by the warp (when the
            table has one), plus the observed front-view features at the points themselves."""
            moved = points if table.warp is None else points - self.lookup(table.warp, points)
            features = self.lookup(table.planes, moved)
            return features if table.observed is None else features + self.lookup(table.observed, points)

        @staticmethod
        def table(planes):
            """TriPlaneSampler.table / frontTable: [B, P, C, R, R] → rows [B·P·R·R, C]."""
            b, p, c, r, _ = planes.shape
            return (planes.permute(0, 1, 3, 4, 2).reshape(b * p * r * r, c), b, c, r, p)

        @staticmethod
        def lookup_gather(table, points):
            rows_t, b, c, r, p = table
            m = points.shape[1]
            uv = torch.stack([torch.stack([points[..., PLANE_U[k]] for k in range(p)], 2),
                              torch.stack([points[..., PLANE_V[k]] for k in range(p)], 2)], 3)
            uv = (uv + 1) * ((r - 1) / 2.0)  # [B, M, P, 2]
            pu, pv = uv[..., 0], uv[..., 1]
            u0, v0 = pu.floor(), pv.floor()
            fu, fv = pu - u0, pv - v0
            gu, gv = 1 - fu, 1 - fv
            u1, v1 = u0 + 1, v0 + 1
            hi = float(r - 1)

            def inside(u, v):
                return ((u >= 0) & (u <= hi) & (v >= 0) & (v <= hi)).to(u.dtype)

            weights = torch.stack([gu * gv * inside(u0, v0), fu * gv * inside(u1, v0),
                                   gu * fv * inside(u0, v1), fu * fv * inside(u1, v1)], 3)  # [B, M, P, 4]
            base = (torch.arange(b * p, dtype=torch.int64, device=points.device) * (r * r)).reshape(b, 1, p)
            iu0 = u0.clamp(0, r - 1).long()
            iu1 = u1.clamp(0, r - 1).long()
            iv0 = v0.clamp(0, r - 1).long() * r + base
            iv1 = v1.clamp(0, r - 1).long() * r + base
            index = torch.stack([iv0 + iu0, iv0 + iu1, iv1 + iu0, iv1 + iu1], 3)
            rows = F.embedding(index.reshape(-1), rows_t)
            return torch.bmm(weights.reshape(b * m, 1, 4 * p), rows.reshape(b * m, 4 * p, c)).reshape(b, m, c)

        def render(self, table, batch, windows, training, stratified, tm, seeds=None, faces=None, sel=None,
                   cam=None, host=None):
            """PlaneRenderer.render (renderSelected with `sel`) of the rays of `windows`, stacked → per
            ray (composited features [B, N, F], mask [B, N, 1], depth [B, N, 1], rays): `rays` (with
            `faces`, one mesh per element) holds the samples' weights [B, N, S], distances t [B, N, S],
            bin width [B, N, 1], the face's ray distances [B, N, 1], origins and directions, for the
            geometry terms. `cam`/`host`: the device/host camera tuples (default the batch's)."""
            cam = batch["cam"] if cam is None else cam
            host = batch["host"] if host is None else host
            b = cam[0].shape[0]
            keys = [window_key(w) for w in windows]
            u, v = window_pixels(windows) if sel is None else selected_pixels(windows, sel)
            origins, dirs, near, far = self.rays(cam, u, v)
            surface = None
            if faces is not None:
                fx, fy, cx, cy, rot, trans = host
                surface = torch.stack([torch.cat([surface_distances(faces[i], float(fx[i]), float(fy[i]), float(cx[i]),
                                                                    float(cy[i]), rot[i], trans[i], w) for w in windows])
                                       for i in range(b)]).reshape(b, -1, 1).to(dev)
            n = dirs.shape[1]
            s = self.samples
            delta = (far - near) / s  # [B, N, 1]
            k = torch.arange(s, dtype=torch.float32, device=dev).reshape(1, 1, s, 1)
            offset = self.offsets(b, n, stratified, seeds, keys, sel)
            t = (k + offset) * delta.unsqueeze(2) + near.unsqueeze(2)  # [B, N, S, 1]
            points = dirs.unsqueeze(2) * t + origins.unsqueeze(2)
            normalised = (points - self.box_min) * self.box_scale - 1
            feats = self.sample_warped(table, normalised.reshape(b, n * s, 3))
            c = feats.shape[2]
            if tm is not None:
                tm.mark("sampling")
            view = None
            if self.mlp.view is not None:
                view = dirs.unsqueeze(2).expand(b, n, s, 3).reshape(b * n * s, 3)
            sigma, f = self.mlp(feats.reshape(b * n * s, c), view, training)
            if tm is not None:
                tm.mark("mlp")
            sigma = sigma.reshape(b, n, s, 1)
            fdim = f.shape[1]
            f = f.reshape(b, n, s, fdim)
            # VolumeRenderer.composite
            tau = sigma * delta.unsqueeze(2)
            inclusive = tau.cumsum(2)
            transmittance = (-(inclusive - tau)).exp()
            weights = transmittance * (1 - (-tau).exp())
            rgbf = (weights * f).sum(2)
            mask = weights.sum(2)
            depth = (weights * t).sum(2)
            rgb = rgbf[:, :, 0:3] + (1 - mask) * self.background
            composited = torch.cat([rgb, rgbf[:, :, 3:]], 2) if fdim > 3 else rgb
            rays = None
            if faces is not None:
                rays = {"weights": weights.squeeze(3), "t": t.squeeze(3), "delta": delta, "surface": surface,
                        "origins": origins, "dirs": dirs}
            if tm is not None:
                tm.mark("compositing")
            if sel is not None:
                composited, mask, depth = self.spread(composited, mask, depth, sel, len(windows))
            return composited, mask, depth, rays

        def spread(self, composited, mask, depth, sel, windows):
            """PlaneRenderer.renderSelected's second half: the traced rays' rows, after a first row for
            the empty ray (background colour, other features 0, mask 0, depth 0), gathered into every
            ray of the stacked windows → [B, windows · window_rays, ·]."""
            b, n, f = composited.shape
            per_ray = torch.cat([composited, mask, depth], 2).reshape(b * n, f + 2)
            empty = torch.zeros(1, f + 2, device=dev)
            empty[0, 0:min(3, f)] = self.background[0:min(3, f)]
            table = torch.cat([empty, per_ray], 0)
            index = torch.zeros(b, windows * sel.window_rays, dtype=torch.int64)
            for i in range(b):
                kept = sel.counts[i]
                index[i, sel.codes[i, :kept]] = 1 + i * n + torch.arange(kept)
            rows = F.embedding(index.to(dev), table)  # [B, full, F + 2]
            return rows[:, :, 0:f], rows[:, :, f:f + 1], rows[:, :, f + 1:]

    def to_image(per_ray, rows, cols):
        """[B, N, K] → [B, K, rows, cols]."""
        b, _, k = per_ray.shape
        return per_ray.transpose(1, 2).reshape(b, k, rows, cols)

    # ------------------------------------------------------------------------------- layout

    def layout_windows(window, quadrant, tile):
        """PatchLayout: scale 0 whole window /4, scale 1 a quadrant /2, scale 2 a tile /1."""
        half = window // 2
        size = window // 4
        return [(0, 0, window, 4),
                ((quadrant % 2) * half, (quadrant // 2) * half, half, 2),
                ((tile % 4) * size, (tile // 4) * size, size, 1)]

    def tile_window(window, t):
        size = window // 4
        return ((t % 4) * size, (t // 4) * size, size, 1)

    def sr_tiles(quadrant, tile, k):
        """PatchLayout.srTiles: the k x k tiles of the SR input, row-major: the block holding the tile,
        moved left (up) by one when the quadrant's column (row) is 1 and there is room."""
        tx, ty = tile % 4, tile // 4
        x = max(0, min(tx - (quadrant % 2 if k > 1 else 0), 4 - k))
        y = max(0, min(ty - (quadrant // 2 if k > 1 else 0), 4 - k))
        return [(y + i // k) * 4 + x + i % k for i in range(k * k)]

    # -------------------------------------------------------------------------------- model

    class Tri2PlaneModel(nn.Module):
        BLOCKS = ("encoder", "mapping", "generator", "canonical", "mlp", "sr", "latents", "aligned")

        def __init__(self, cfg, frames, sampler, batched_tiles, tile_points=1 << 19):
            super().__init__()
            self.cfg = cfg
            lat = cfg["latents"]
            g = cfg["generator"]
            r = cfg["rendering"]
            # children in the Java order (encoder, mapping, generator, canonical, mlp, sr, latents, aligned)
            self.encoder = ConditionEncoder(cfg)
            self.mapping = MappingNetwork(cfg["encoder"]["embeddingDim"] + lat["expressionDim"] + lat["gammaDim"],
                                          cfg["mapping"])
            self.generator = TriPlaneGenerator(cfg["mapping"]["styleDim"], g)
            self.canonical = CanonicalPlanes(g["planeChannels"], g["planeResolutions"]) if g["canonicalPlanes"] else None
            self.mlp = SharedNerfMlp(g["planeChannels"], cfg["field"])
            self.sr = SuperResolution(cfg["field"]["featureChannels"], cfg["frame"]["windowSize"],
                                      cfg["superResolution"])
            self.latents = FrameLatents(frames, lat["gammaDim"])
            a = cfg["encoder"]["alignedChannels"]
            self.aligned = AlignedCondition(cfg["condition"]["channels"], a, g["planeChannels"], g["planeResolutions"],
                                            r["boxMin"], r["boxMax"]) if a > 0 else None
            self.renderer = Renderer(cfg, self.mlp, sampler)
            self.sampler = sampler
            self.batched_tiles = batched_tiles
            self.tile_points = tile_points
            self.window = cfg["frame"]["windowSize"]
            self.warp_radius = r["expressionWarp"]
            self.empty_opacity = r["emptyOpacity"]
            self.used_planes = g["usedPlanes"]
            self.training_tiles = cfg["superResolution"]["trainingTiles"]
            self.tile_rays = {"traced": 0, "all": 0}  # no-grad SR-tile rays (rendering.emptyOpacity leaves some out)

        def parameter_counts(self):
            out = {}
            for name in self.BLOCKS:
                block = getattr(self, name)
                if block is not None:
                    out[name] = sum(p.numel() for p in block.parameters())
            out["total"] = sum(out.values())
            return out

        def style(self, cond, beta, gamma):
            """Tri2PlaneModel.style + MappingNetwork: [embedding scaled to unit second moment, β, γ] → w;
            without encoder.globalCondition the embedding and β are zeroed (still computed)."""
            glob = self.cfg["encoder"]["globalCondition"]
            e = self.encoder(cond)
            if not glob:
                e = e * 0
            parts = [e * (e.square().mean(-1, keepdim=True) + 1e-8).rsqrt()]
            if self.cfg["latents"]["expressionDim"] > 0:
                parts.append(beta if glob else beta * 0)
            if self.cfg["latents"]["gammaDim"] > 0:
                parts.append(gamma)
            return self.mapping(torch.cat(parts, 1))

        def planes(self, batch):
            """Tri2PlaneModel.planes: Φ_0..Φ_2 (+ canonical planes); with aligned conditioning its
            features are added to the XY planes, or, with rendering.expressionWarp, follow as three more
            entries [B, C, R_k, R_k] (read before the warp)."""
            w = self.style(batch["cond"], batch["beta"], batch["gamma"])
            planes = self.generator(w, self.canonical() if self.canonical is not None else None)
            if self.aligned is None:
                return planes
            xy = self.aligned(batch["cond"], batch["framing"])
            if self.warp_radius > 0:
                return planes + xy
            out = []
            for phi, f in zip(planes, xy):  # AlignedCondition.addToXyPlanes
                s = phi.shape
                rest = torch.zeros(s[0], 2, s[2], s[3], s[4], dtype=f.dtype, device=dev)
                out.append(phi + torch.cat([f.unsqueeze(1), rest], 1))
            return out

        def plane_of_scale(self, s):
            """GeneratorConfig.planeOfScale (generator.usedPlanes)."""
            return min(s, self.used_planes - 1)

        def prepared(self, planes):
            return Renderer.table(planes) if self.sampler == "gather" else planes

        def table(self, planes, index, batch):
            """Tri2PlaneModel.table: tri-plane `index` laid out, with the batch's warp and the aligned
            features read before it (front views) when the config warps."""
            t = self.prepared(planes[index])
            if self.warp_radius <= 0:
                return Table(t, None, None)
            observed = self.prepared(planes[3 + index].unsqueeze(1)) if len(planes) > 3 else None
            return Table(t, self.prepared(batch["warp"].unsqueeze(1)), observed)

        def training_forward(self, batch, quadrant, tile, stratified, tm):
            planes = self.planes(batch)
            if tm is not None:
                tm.mark("generator")
            windows = layout_windows(self.window, quadrant, tile)
            scales = []
            finest = None
            finest_plane = -1
            for s in range(3):
                plane = self.plane_of_scale(s)
                if plane != finest_plane:  # scales that share a tri-plane (usedPlanes < 3) share its layout
                    finest = self.table(planes, plane, batch)
                    finest_plane = plane
                comp, mask, depth, rays = self.renderer.render(finest, batch, [windows[s]], True, stratified, tm,
                                                               seeds=batch["seeds"], faces=batch["faces"])
                n1 = windows[s][2] // windows[s][3]
                scales.append((to_image(comp, n1, n1), to_image(mask, n1, n1), to_image(depth, n1, n1), rays))
            sr_in = self.sr_input(finest, batch, quadrant, tile, self.training_tiles, tile, scales[2][0], stratified, tm,
                                  scales[0][1])
            sr = self.sr(sr_in)
            if tm is not None:
                tm.mark("sr")
            return planes, scales, sr_in, sr

        def sr_input(self, finest, batch, quadrant, tile, k, active_tile, active_features, stratified, tm, coarse_mask):
            """SrInput.render: the [B, F, kW/4, kW/4] SR input of the k x k tiles of PatchLayout.srTiles
            (k = 4: the whole window) at stride 1; tile `active_tile` is `active_features`, the others
            are rendered under no_grad, grouped like Java's passes; with rendering.emptyOpacity and the
            window's Φ128 opacity `coarse_mask` [B, 1, W/4, W/4], only their rays near opacity are traced."""
            n1 = self.window // 4
            ids = sr_tiles(quadrant, tile, k)
            pending = [t for t in ids if t != active_tile]
            b = batch["cond"].shape[0]
            if self.batched_tiles:
                per_pass = max(1, len(pending))
            else:  # SrInput: max(1, min(pending, TILE_POINTS_PER_PASS / pointsPerTile))
                points_per_tile = b * n1 * n1 * self.renderer.samples
                per_pass = max(1, min(len(pending), self.tile_points // points_per_tile))
            opacity = None
            if self.empty_opacity > 0 and coarse_mask is not None:
                opacity = coarse_mask.detach().cpu()  # Java: coarseMask.toFloatArray()
            tiles = {}
            for start in range(0, len(pending), per_pass):
                group = pending[start:start + per_pass]
                wins = [tile_window(self.window, t) for t in group]
                sel = None if opacity is None else select_rays(opacity, (0, 0, self.window, 4), wins, self.empty_opacity)
                self.tile_rays["all"] += b * len(group) * n1 * n1
                self.tile_rays["traced"] += b * (len(group) * n1 * n1 if sel is None else sel.n)
                with torch.no_grad():
                    comp, _, _, _ = self.renderer.render(finest, batch, wins, False, stratified, tm,
                                                         seeds=batch["seeds"], sel=sel)
                    comp = comp.reshape(b, len(group), n1 * n1, comp.shape[2])
                    for i, t in enumerate(group):
                        tiles[t] = to_image(comp[:, i], n1, n1)
            if active_tile >= 0:
                tiles[active_tile] = active_features
            rows = [torch.cat([tiles[ids[ty * k + tx]] for tx in range(k)], 3) if k > 1 else tiles[ids[ty * k]]
                    for ty in range(k)]
            return torch.cat(rows, 2) if k > 1 else rows[0]

        def render_image(self, batch, tm):
            """Inference (Tri2PlaneModel.renderImage via Avatar.renderTensor), no grad: planes; with
            rendering.emptyOpacity the Φ128 render of the whole window at bin centres; all 16 tiles of
            the finest plane at bin centres (the selected rays); SR; clipped to [0, 1]."""
            with torch.no_grad():
                planes = self.planes(batch)
                if tm is not None:
                    tm.mark("generator")
                coarse = None
                if self.empty_opacity > 0:
                    probe = (0, 0, self.window, 4)
                    _, mask, _, _ = self.renderer.render(self.table(planes, self.plane_of_scale(0), batch), batch,
                                                         [probe], False, False, tm)
                    coarse = to_image(mask, self.window // 4, self.window // 4)
                sr_in = self.sr_input(self.table(planes, self.plane_of_scale(2), batch), batch, 0, 0, 4, -1, None, False,
                                      tm, coarse)
                out = self.sr(sr_in).clamp(0, 1)
                if tm is not None:
                    tm.mark("sr")
                return out

    def synthetic_loss(sr, scales):
        """StepBenchmark.syntheticLoss: L1 of SR and each scale's RGB to 0.5 + 0.1·mean (mask − 1)²."""
        total = (sr - 0.5).abs().mean()
        for feats, mask, _, _ in scales:
            total = total + (feats[:, 0:3] - 0.5).abs().mean() + ((mask - 1).square().mean() * 0.1)
        return total

    # ------------------------------------------------------------------------------ geometry

    MIN_OPACITY = 0.1  # GeometryLoss.MIN_OPACITY

    def face_of(r):
        return (r["surface"] > 0).to(torch.float32)

    def depth_term(image):
        """GeometryLoss.depth: mean over the face's rays of |Σ w t / max(Σ w, 0.1) − d|."""
        _, mask, depth, r = image
        b, n = r["surface"].shape[0], r["surface"].shape[1]
        expected = depth.reshape(b, n, 1) / mask.reshape(b, n, 1).clamp(min=MIN_OPACITY)
        face = face_of(r)
        return ((expected - r["surface"]).abs() * face).sum() / face.sum().clamp(min=1.0)

    def front_term(image, margin):
        """GeometryLoss.front: mean over the face's rays of the weight more than `margin` before the face."""
        r = image[3]
        face = face_of(r)
        limit = (r["surface"] - margin) * face
        before = (r["t"] < limit).to(r["weights"].dtype)
        return ((r["weights"] * before).sum(2, keepdim=True) * face).sum() / face.sum().clamp(min=1.0)

    def distortion_term(image):
        """GeometryLoss.distortion: Mip-NeRF 360's distortion per ray, mean over all rays."""
        r = image[3]
        s_count = r["t"].shape[2]
        span = r["delta"].clamp(min=1e-6) * s_count
        s = (r["t"] / span).unsqueeze(3)
        w = r["weights"].unsqueeze(3)
        pairs = (w * w.transpose(2, 3) * (s - s.transpose(2, 3)).abs()).sum((2, 3))
        own = r["weights"].square().sum(2) * (1.0 / (3 * s_count))
        return (pairs + own).mean()

    def silhouette_term(image):
        """GeometryLoss.silhouette: mean over the face's rays of (1 − opacity)²."""
        r = image[3]
        face = face_of(r)
        mask = image[1].reshape(face.shape)
        return ((1 - mask).square() * face).sum() / face.sum().clamp(min=1.0)

    def empty_term(image, centre, radii, y_max):
        """GeometryLoss.empty: mean over all rays of the weight outside the head proxy, above the chin."""
        r = image[3]
        p = r["dirs"].unsqueeze(2) * r["t"].unsqueeze(3) + r["origins"].unsqueeze(2)  # RayWeights.points
        c = torch.tensor(centre, dtype=torch.float32, device=dev)
        inv = torch.tensor([1 / x for x in radii], dtype=torch.float32, device=dev)
        q = ((p - c) * inv).square().sum(3)
        outside = ((q > 1) & (p[:, :, :, 1] <= y_max)).to(r["weights"].dtype)
        return (r["weights"] * outside).sum(2).mean()

    def head_proxy(verts, margin):
        """HeadExtent.of([face], margin): proxy centre, radii and largest y."""
        lo = verts.amin(0).tolist()
        hi = verts.amax(0).tolist()
        width = hi[0] - lo[0]
        hi[2] = max(hi[2], lo[2] + 1.45 * width)  # HeadExtent.BACK
        lo[1] = min(lo[1], lo[1] - 0.34 * width)  # HeadExtent.CROWN
        lo = [x - margin for x in lo]
        hi = [x + margin for x in hi]
        return ([(a + b) / 2 for a, b in zip(lo, hi)], [1.2 * (b - a) / 2 for a, b in zip(lo, hi)], hi[1])

    TURN_STREAM = 0x7475726e65645677  # TurnedView.STREAM

    def turned_view(model, planes, batch, tm):
        """TurnedView.render: each frame's pose turned about the canonical origin by a yaw within
        ±turnedViewDegrees and a pitch within ± half of it (from the sample's seed), rendered from a
        fresh layout of the finest tri-plane as 16 x 16 rays over the window, with gradient and
        jitter, against the frame's face."""
        cfg = model.cfg
        top = math.radians(cfg["geometry"]["turnedViewDegrees"])
        fx, fy, cx, cy, rot, trans = batch["host"]
        rots = []
        for i, seed in enumerate(batch["seeds"]):
            rnd = random.Random(seed ^ TURN_STREAM)
            yaw = top * (2 * rnd.random() - 1)
            pitch = 0.5 * top * (2 * rnd.random() - 1)
            cy_, sy = math.cos(yaw), math.sin(yaw)
            cp, sp = math.cos(pitch), math.sin(pitch)
            ry = torch.tensor([[cy_, 0.0, sy], [0.0, 1.0, 0.0], [-sy, 0.0, cy_]], dtype=torch.float64)
            rx = torch.tensor([[1.0, 0.0, 0.0], [0.0, cp, -sp], [0.0, sp, cp]], dtype=torch.float64)
            u, _, vh = torch.linalg.svd(rx @ ry @ rot[i])  # Rotation.orthonormalise: the nearest rotation
            rots.append(u @ vh)
        turned = torch.stack(rots)
        host = (fx, fy, cx, cy, turned, trans)
        cam = tuple(x.to(dev) for x in host)
        w = model.window
        grid = (0, 0, w, w // 16)  # TurnedView.RAYS = 16
        finest = model.table(planes, model.plane_of_scale(2), batch)
        comp, mask, depth, rays = model.renderer.render(finest, batch, [grid], True, True, tm, seeds=batch["seeds"],
                                                        faces=batch["faces"], cam=cam, host=host)
        return (to_image(comp, 16, 16), to_image(mask, 16, 16), to_image(depth, 16, 16), rays)

    def geometry_loss(model, planes, scales, batch, tm):
        """StepBenchmark.geometryLoss: depth, front and distortion on every scale render and, with
        geometry.turnedViewDegrees, depth, front and silhouette (weighted by loss.lambdaMask) of the
        turned view, plus its empty-space term when geometry.emptyWeight > 0. Every term is computed
        and multiplied by its weight, as in Java, whatever the weight."""
        cfg = model.cfg
        geo = cfg["geometry"]
        total = None
        for image in scales:
            g = (depth_term(image) * geo["depthWeight"] + front_term(image, geo["surfaceMargin"]) * geo["frontWeight"]
                 + distortion_term(image) * geo["distortionWeight"])
            total = g if total is None else total + g
        if geo["turnedViewDegrees"] > 0:
            t = turned_view(model, planes, batch, tm)
            total = (total + depth_term(t) * geo["depthWeight"] + front_term(t, geo["surfaceMargin"]) * geo["frontWeight"]
                     + silhouette_term(t) * cfg["loss"]["lambdaMask"])
            if geo["emptyWeight"] > 0:
                centre, radii, y_max = head_proxy(sphere_mesh((0.0, 0.0, 0.0), 0.9, 18, 26)[0], 0.1)
                total = total + empty_term(t, centre, radii, y_max) * geo["emptyWeight"]
        return total

    return types.SimpleNamespace(Tri2PlaneModel=Tri2PlaneModel, synthetic_loss=synthetic_loss,
                                 geometry_loss=geometry_loss, sphere_mesh=sphere_mesh,
                                 still_head_fields=still_head_fields, select_rays=select_rays,
                                 surface_distances=surface_distances, warp_field=warp_field)


TYPICAL_FRAMING = (-1.25, -1.2, 1.25, 1.3)  # AlignedCondition.typicalFraming


def uses_face(cfg):
    """GeometryConfig.usesFace: whether a step needs the frames' faces (any geometry term on)."""
    g = cfg["geometry"]
    return g["depthWeight"] > 0 or g["frontWeight"] > 0 or g["distortionWeight"] > 0 or g["turnedViewDegrees"] > 0


def camera_tuples(torch, dev, fx, fy, cx, cy, rots, trans):
    """(device tuple, host tuple) of float64 tensors: fx, fy, cx, cy [B], R [B, 3, 3], T [B, 3]."""
    d = torch.float64
    host = (torch.tensor(fx, dtype=d), torch.tensor(fy, dtype=d), torch.tensor(cx, dtype=d),
            torch.tensor(cy, dtype=d), torch.tensor(rots, dtype=d), torch.tensor(trans, dtype=d))
    return tuple(x.to(dev) for x in host), host


def yaw_rotation(a):
    c, sn = math.cos(a), math.sin(a)
    return [[c, 0.0, sn], [0.0, 1.0, 0.0], [-sn, 0.0, c]]  # Pose.yaw


def make_batch(torch, model, cfg, b, rnd, tools):
    """StepBenchmark.batch: condition U(0,1), β ~ N(0,1), γ rows of the table, window camera
    (focal 1.1·F, centred principal point, random sliding-window offset), yaw pose in ±0.3 at z=5,
    the typical condition framing; with rendering.expressionWarp each frame's still-head warp field;
    with geometry terms a jitter seed and a head-sized sphere as the face per frame. On the model's device."""
    dev = model.latents.gamma.device
    s = cfg["condition"]["size"]
    cond = torch.rand(b, cfg["condition"]["channels"], s, s, device=dev)
    beta = torch.randn(b, cfg["latents"]["expressionDim"], device=dev)
    f = cfg["frame"]["frameSize"]
    w = cfg["frame"]["windowSize"]
    m = (f - w) // 2
    rows, fx, fy, cx, cy, rots, trans = [], [], [], [], [], [], []
    for _ in range(b):
        rows.append(rnd.randrange(model.latents.gamma.shape[0]))
        dx, dy = rnd.randint(-m, m), rnd.randint(-m, m)
        fx.append(1.1 * f)
        fy.append(1.1 * f)
        cx.append(f / 2.0 - (m + dx))  # Camera.window: principal point minus the window's top-left
        cy.append(f / 2.0 - (m + dy))
        rots.append(yaw_rotation(rnd.uniform(-0.3, 0.3)))
        trans.append([0.0, 0.0, 5.0])
    gamma = model.latents(torch.tensor(rows, dtype=torch.int64, device=dev))
    cam, host = camera_tuples(torch, dev, fx, fy, cx, cy, rots, trans)
    batch = {"cond": cond, "beta": beta, "gamma": gamma, "cam": cam, "host": host, "framing": TYPICAL_FRAMING,
             "warp": tools.still_head_fields(cfg, b) if cfg["rendering"]["expressionWarp"] > 0 else None,
             "seeds": None, "faces": None}
    if uses_face(cfg):
        batch["seeds"] = [rnd.getrandbits(64) for _ in range(b)]
        batch["faces"] = [tools.sphere_mesh((0.0, 0.0, 0.0), 0.9, 18, 26) for _ in range(b)]
    return batch


def draw_view(torch, cfg, rnd):
    """StepBenchmark.inferenceView (host draws, untimed): condition U(0,1), β U(−1,1), a yaw in ±0.3."""
    s = cfg["condition"]["size"]
    cond = torch.rand(1, cfg["condition"]["channels"], s, s)
    beta = [rnd.uniform(-1, 1) for _ in range(cfg["latents"]["expressionDim"])]
    return cond, beta, rnd.uniform(-0.3, 0.3)


def view_batch(torch, model, cfg, view, mean_gamma, tools):
    """Avatar.renderTensor's batch of one view (timed, as in Java): the condition and β as arrays,
    the mean code γ̄, the centred window camera, the framing and, with a warp, the view's field."""
    dev = model.latents.gamma.device
    cond, beta, yaw = view
    f = cfg["frame"]["frameSize"]
    w = cfg["frame"]["windowSize"]
    m = (f - w) // 2
    cam, host = camera_tuples(torch, dev, [1.1 * f], [1.1 * f], [f / 2.0 - m], [f / 2.0 - m], [yaw_rotation(yaw)],
                              [[0.0, 0.0, 5.0]])
    return {"cond": cond.to(dev), "beta": torch.tensor([beta], dtype=torch.float32, device=dev),
            "gamma": mean_gamma, "cam": cam, "host": host, "framing": TYPICAL_FRAMING,
            "warp": tools.still_head_fields(cfg, 1) if cfg["rendering"]["expressionWarp"] > 0 else None,
            "seeds": None, "faces": None}


def measure_peak(torch, threads, runs=5, device="cpu"):
    """Achieved GFLOP/s of a 2048³ matmul (OpenBLAS, run with `threads` OpenBLAS threads whatever
    the step used) and a [1,128,256,256] 3x3 conv (oneDNN, torch's `threads` OpenMP threads).
    On cuda both run on the GPU (cuBLAS, cuDNN) and OpenBLAS is left alone."""
    F = torch.nn.functional
    lib = openblas_lib() if device == "cpu" else None
    before = int(lib.openblas_get_num_threads()) if lib is not None else None
    if lib is not None:
        lib.openblas_set_num_threads(threads)
    blas_threads = int(lib.openblas_get_num_threads()) if lib is not None else None

    def timed(fn):
        fn()
        ts = []
        for _ in range(runs):
            t0 = now()
            fn()
            ts.append(now() - t0)
        return stats(ts)["median"]

    n = 2048
    a = torch.randn(n, n, device=device)
    b = torch.randn(n, n, device=device)
    t_mm = timed(lambda: torch.mm(a, b))
    if lib is not None:
        lib.openblas_set_num_threads(before)
    mm_flops = 2.0 * n ** 3
    x = torch.randn(1, 128, 256, 256, device=device)
    w = torch.randn(128, 128, 3, 3, device=device)
    t_conv = timed(lambda: F.conv2d(x, w, None, 1, 1))
    conv_flops = 2.0 * 128 * 128 * 9 * 256 * 256
    return {
        "runs": runs,
        "device": device,
        "torchThreads": torch.get_num_threads(),
        "matmulOpenblasThreads": blas_threads,
        "matmul": {"shape": f"{n}x{n} @ {n}x{n}", "gflop": mm_flops / 1e9, "seconds": t_mm,
                   "gflops": mm_flops / 1e9 / t_mm},
        "conv3x3": {"shape": "[1,128,256,256] * [128,128,3,3], padding 1", "gflop": conv_flops / 1e9,
                    "seconds": t_conv, "gflops": conv_flops / 1e9 / t_conv},
    }


def tiles_per_pass(cfg, args):
    """No-grad SR tiles per render pass in training (trainingTiles² − 1 pending) and inference (16 pending)."""
    n1 = cfg["frame"]["windowSize"] // 4
    out = {}
    k = cfg["superResolution"]["trainingTiles"]
    for name, b, pending in (("training", cfg["training"]["batchSize"], k * k - 1), ("inference", 1, 16)):
        if args.batched_tiles:
            out[name] = pending
        else:
            out[name] = max(1, min(pending, args.tile_points // (b * n1 * n1 * cfg["rendering"]["samplesPerRay"])))
        out[name] = max(1, min(pending, out[name]))
    return out


def main(argv):
    args = parse_args(argv)
    cfg = load_config(args.config)
    missing = not_modelled(cfg)
    if missing:
        print(f"{SCRIPT}: {args.config}: the reference does not model " + ", ".join(missing)
              + " yet; Tri2plane-J's step cannot be compared with it for this config", file=sys.stderr)
        sys.exit(EXIT_NOT_MODELLED)
    if args.check_config:
        print(f"{args.config}: ok")
        return 0
    # Debian's OpenBLAS is the pthread build: its own pool, beside torch's OpenMP threads. It must
    # be sized before torch (and with it libopenblas) is loaded.
    if args.openblas_threads is not None:
        os.environ["OPENBLAS_NUM_THREADS"] = str(args.openblas_threads)
    else:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        import torch
    except ImportError:
        fail("PyTorch is not importable by " + sys.executable +
             "; run with /usr/bin/python3 (Debian python3-torch)")
    if args.device == "cuda" and not torch.cuda.is_available():
        fail("--device cuda: this PyTorch has no CUDA (torch.version.cuda is None) or no GPU is visible "
             f"(torch {torch.__version__} from {os.path.dirname(torch.__file__)}, "
             f"torch.version.cuda = {torch.version.cuda})")
    use_device(torch, args.device)
    rss_start = rss_mb()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    tools = build(torch, args.device)
    model = tools.Tri2PlaneModel(cfg, args.frames, args.sampler, args.batched_tiles, args.tile_points)
    counts = model.parameter_counts()
    print(f"parameter counts ({cfg['name']}, {args.frames} latent rows): "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()), file=sys.stderr)
    report = {
        "tool": "scripts/bench/reference_step.py",
        "config": cfg["name"],
        "configPath": args.config,
        "device": args.device,
        "trainingFrames": args.frames,
        "parameterCounts": counts,
    }
    if args.count_only:
        print(json.dumps(report, indent=2))
        if args.out:
            write_json_atomic(args.out, report)
        return 0

    env = blas_report(torch)
    report.update({
        "torch": torch.__version__,
        "python": platform.python_version(),
        "pythonExecutable": sys.executable,
        "threads": torch.get_num_threads(),
        "cpu": cpu_model(),
        **env,
        "options": {"warmup": args.warmup, "steps": args.steps, "batchedTiles": args.batched_tiles,
                    "tilePointsPerPass": args.tile_points,
                    "noGradTilesPerPass": tiles_per_pass(cfg, args),
                    "sampler": args.sampler, "stages": args.stages,
                    "openblasNumThreadsEnv": os.environ.get("OPENBLAS_NUM_THREADS"), "inference": not args.no_inference,
                    "inferenceRuns": args.inference_runs, "batchSize": cfg["training"]["batchSize"]},
        "forwardGflops": forward_gflops(cfg),
    })
    # On cuda the BLAS fields above describe the host's CPU ops only (blas_report's probe matmul
    # runs on the CPU on purpose); the GPU is described here.
    if args.device == "cuda":
        report.update({
            "gpu": torch.cuda.get_device_name(0),
            "gpuMemoryMb": torch.cuda.get_device_properties(0).total_memory // (1024 * 1024),
            "cudaVersion": torch.version.cuda,
            "cudnnVersion": torch.backends.cudnn.version(),
            "tf32": {"matmul": torch.backends.cuda.matmul.allow_tf32, "cudnn": torch.backends.cudnn.allow_tf32},
        })
    print(f"torch {torch.__version__}, python {platform.python_version()}, {torch.get_num_threads()} threads, "
          f"BLAS {env['blas']}", file=sys.stderr)
    if args.device == "cuda":
        print(f"device cuda: {report['gpu']} ({report['gpuMemoryMb']} MiB), CUDA {report['cudaVersion']}, "
              f"cuDNN {report['cudnnVersion']}, TF32 matmul {report['tf32']['matmul']} / "
              f"cudnn {report['tf32']['cudnn']}", file=sys.stderr)

    run_steps = not args.peak_only
    if run_steps:
        tr = cfg["training"]
        opt = torch.optim.Adam(model.parameters(), lr=tr["learningRate"], betas=(tr["adamBeta1"], tr["adamBeta2"]),
                               eps=tr["adamEpsilon"], weight_decay=0.0, amsgrad=False, foreach=False)
        rnd = random.Random(tr["seed"] if args.seed is None else args.seed)
        b = tr["batchSize"]
        step_t, fwd_t, bwd_t, opt_t = [], [], [], []
        stage_rows = []
        total = args.warmup + args.steps
        losses = []
        for i in range(total):
            tm = StageTimer() if args.stages else None
            t0 = now()
            if tm is not None:
                tm.start()
            batch = make_batch(torch, model, cfg, b, rnd, tools)
            quadrant, tile = rnd.randrange(4), rnd.randrange(16)  # PatchLayout.random
            if tm is not None:
                tm.mark("data")
            planes, scales, _, sr = model.training_forward(batch, quadrant, tile, True, tm)
            loss = tools.synthetic_loss(sr, scales)
            if uses_face(cfg):  # StepBenchmark: the geometry terms and the turned view
                loss = loss + tools.geometry_loss(model, planes, scales, batch, tm)
            lv = loss.item()
            t1 = now()
            if tm is not None:
                tm.mark("loss")
            loss.backward()
            t2 = now()
            if tm is not None:
                tm.mark("backward")
            opt.step()
            opt.zero_grad(set_to_none=False)  # Java zeroes the gradients in place after the update
            del batch, planes, scales, sr, loss
            t3 = now()
            if tm is not None:
                tm.mark("optimizer")
            losses.append(lv)
            if i >= args.warmup:
                step_t.append(t3 - t0)
                fwd_t.append(t1 - t0)
                bwd_t.append(t2 - t1)
                opt_t.append(t3 - t2)
                if tm is not None:
                    stage_rows.append(tm.totals)
            print(f"step {i + 1}/{total} {t3 - t0:.3f} s (loss {lv:.4f})"
                  + (" warm-up" if i < args.warmup else ""), file=sys.stderr, flush=True)
        report["times"] = {"forward": stats(fwd_t), "backward": stats(bwd_t), "optimizer": stats(opt_t),
                           "step": stats(step_t)}
        report["stepTimes"] = step_t
        report["losses"] = losses
        fwd_med = report["times"]["forward"]["median"]
        report["achievedGflopsForward"] = report["forwardGflops"] / fwd_med if fwd_med else None
        if args.stages and stage_rows:
            report["stages"] = {k: stats([r.get(k, 0.0) for r in stage_rows])["median"] for k in STAGES}

        # rays of the no-grad SR tiles traced and in all (fewer traced only with rendering.emptyOpacity)
        report["noGradTileRays"] = {"training": dict(model.tile_rays)}
        model.tile_rays = {"traced": 0, "all": 0}
        if not args.no_inference:
            # StepBenchmark.inferenceFrames: a new random view per frame with the mean code γ̄ (Avatar
            # computes it once), the first frame untimed; the timed part is Avatar.renderTensor
            with torch.no_grad():
                mean_gamma = model.latents.gamma.mean(0).reshape(1, -1)
            its = []
            irows = []
            for run in range(args.inference_runs + 1):
                view = draw_view(torch, cfg, rnd)
                tm = StageTimer() if args.stages and run > 0 else None
                t0 = now()
                if tm is not None:
                    tm.start()
                model.render_image(view_batch(torch, model, cfg, view, mean_gamma, tools), tm)[0, 0, 0, 0].item()
                if run > 0:
                    its.append(now() - t0)
                if tm is not None:
                    irows.append(tm.totals)
            report["noGradTileRays"]["inference"] = dict(model.tile_rays)
            report["inference"] = {**stats(its), "runs": its}
            if irows:
                report["inferenceStages"] = {k: stats([r.get(k, 0.0) for r in irows])["median"]
                                             for k in ("generator", "sampling", "mlp", "compositing", "sr")}
            print(f"inference frame median {report['inference']['median']:.3f} s", file=sys.stderr)

    # CUDA memory peak of the steps and inference frames (taken before --peak allocates its operands)
    cuda_peak = torch.cuda.max_memory_allocated() if args.device == "cuda" and run_steps else None
    if args.peak or args.peak_only:
        report["peak"] = measure_peak(torch, args.threads, device=args.device)
        print(f"peak: matmul {report['peak']['matmul']['gflops']:.1f} GFLOP/s, "
              f"conv3x3 {report['peak']['conv3x3']['gflops']:.1f} GFLOP/s", file=sys.stderr)

    report["rss"] = {"startMb": rss_start, "endMb": rss_mb(), "peakMb": peak_rss_mb()}
    if args.device == "cuda":
        report["cudaPeakMemoryMb"] = (cuda_peak if cuda_peak is not None
                                      else torch.cuda.max_memory_allocated()) // (1024 * 1024)
    if args.out:
        write_json_atomic(args.out, report)
    summary = [f"{cfg['name']}:"]
    if "times" in report:
        t = report["times"]
        summary.append(f"step {t['step']['median']:.3f} s (fwd {t['forward']['median']:.3f}, "
                       f"bwd {t['backward']['median']:.3f}, opt {t['optimizer']['median']:.3f}; "
                       f"{args.steps} steps)" if t["step"]["median"] is not None else "no timed steps")
    if "inference" in report:
        summary.append(f"inference {report['inference']['median']:.3f} s")
    if "peak" in report:
        summary.append(f"peak mm {report['peak']['matmul']['gflops']:.1f} / conv "
                       f"{report['peak']['conv3x3']['gflops']:.1f} GFLOP/s")
    summary.append(f"peak RSS {report['rss']['peakMb']} MB, {torch.get_num_threads()} threads, torch "
                   f"{torch.__version__}, {env['blas'].split(' ')[0]}")
    if args.device == "cuda":
        summary.append(f"on {report['gpu']}, peak CUDA memory {report['cudaPeakMemoryMb']} MB")
    if args.out:
        summary.append(f"-> {args.out}")
    print(" ".join(summary), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
