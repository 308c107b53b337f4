#!/usr/bin/env bash
# Runs vectorgrad's JMH benchmarks (short settings) and the PyTorch/OpenBLAS anchors on this machine in one go,
# alternating anchor and JMH so that both see the same load, and prints tables with the ratios (>1: vectorgrad faster).
#
# Usage: perf/compare.sh                  (all parts: gemm, conv, elementwise)
#   PARTS="conv elementwise" perf/compare.sh
#   PARTS=gemm SIZES="256 1024" THREADS="1" perf/compare.sh
#   PARTS=conv LAYERS="conv2 pool1" THREADS=2 perf/compare.sh
# Parts:
#   gemm         GemmBenchmark.sgemm against shared/anchors/gemm_anchor.py (OpenBLAS and PyTorch), n in SIZES x THREADS
#   conv         ConvBenchmark (forward, forwardBackward) against perf/conv_anchor.py (PyTorch), LAYERS x THREADS
#   elementwise  ElementwiseBenchmark.add/mul, UnaryBenchmark.into (EXP, TANH), ReduceBenchmark.sum/softmax against
#                shared/anchors/elementwise_anchor.py (numpy add, PyTorch for the rest), 16K/1M/4M elements, 1 thread
# Environment:
#   PARTS               the parts to run (default "gemm conv elementwise"); ELEMENTWISE=0 drops elementwise (old switch)
#   SIZES, THREADS      gemm sizes (default "128 256 512 1024 2048") and thread counts for gemm and conv (default "1 2")
#   LAYERS              conv layers (default "conv1 conv2 pool1 pool2")
#   ANCHOR_MALLOC       "keep" (default): the conv anchor runs with glibc malloc keeping freed memory
#                       (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_), as vectorgrad's buffer pool and a caching
#                       allocator do; otherwise PyTorch page-faults conv1's 5.5 MB output afresh on every call, which
#                       made its forward 3x slower here. "default": glibc's defaults.
#   VECTORGRAD_ANCHORS  the anchors folder (default: ../../shared/anchors from this script, i.e. shared/ beside the repo)
#   PYTHON              the interpreter that sees python3-torch (default /usr/bin/python3)
#   JMH_OPTS            JMH settings (default "-wi 4 -w 1 -i 5 -r 1 -f 1"; keep 3+ warm-up iterations: some kernels
#                       need more than a second to reach C2)
#   BUILD=0             reuse perf/target/benchmarks.jar
# Needs: apt-get install -y python3-torch python3-numpy libopenblas0-pthread
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$HERE")"
ANCHORS="${VECTORGRAD_ANCHORS:-$HERE/../../shared/anchors}"
PYTHON="${PYTHON:-/usr/bin/python3}"
PARTS="${PARTS:-gemm conv elementwise}"
[ "${ELEMENTWISE:-1}" = 0 ] && PARTS="$(echo "$PARTS" | sed 's/elementwise//')"
SIZES="${SIZES:-128 256 512 1024 2048}"
THREADS="${THREADS:-1 2}"
LAYERS="${LAYERS:-conv1 conv2 pool1 pool2}"
JMH_OPTS="${JMH_OPTS:--wi 4 -w 1 -i 5 -r 1 -f 1}"
JAR="$HERE/target/benchmarks.jar"
ELEMENTWISE_SIZES="16384,1048576,4194304" # those of elementwise_anchor.py

for part in $PARTS; do
  case "$part" in gemm | conv | elementwise) ;; *) echo "unknown part '$part' in PARTS (gemm, conv, elementwise)" >&2; exit 1 ;; esac
done
has() { case " $PARTS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
[ -f "$ANCHORS/gemm_anchor.py" ] || { echo "anchors not found at $ANCHORS (set VECTORGRAD_ANCHORS)" >&2; exit 1; }
"$PYTHON" -c "import numpy, torch" 2>/dev/null || {
  echo "$PYTHON cannot import numpy and torch: apt-get install -y python3-torch python3-numpy libopenblas0-pthread" >&2
  exit 1
}

# A JDK >= 25, found as the Maven wrapper finds it.
jdk_major() { [ -f "$1/release" ] && sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1 || echo 0; }
JDK="${JAVA_HOME:-}"
if [ -z "$JDK" ] || [ "$(jdk_major "$JDK")" -lt 25 ] 2>/dev/null; then
  JDK="" best=0
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$c/bin/java" ] || continue
    m="$(jdk_major "$c")"
    if [ "${m:-0}" -gt "$best" ] 2>/dev/null; then JDK="$c" best="$m"; fi
  done
  [ "$best" -ge 25 ] || { echo "no JDK >= 25 found (set JAVA_HOME)" >&2; exit 1; }
fi
JAVA="$JDK/bin/java"

if [ "${BUILD:-1}" = 1 ] || [ ! -f "$JAR" ]; then
  (cd "$REPO" && ./mvnw -B -q -pl perf -am package -DskipTests)
fi

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
# The anchors' numpy links OpenBLAS: run it with its own kernel choice (no OPENBLAS_CORETYPE/L2_SIZE override).
anchor() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$1" "$PYTHON" "${@:2}"; }
if [ "${ANCHOR_MALLOC:-keep}" = keep ]; then
  keep_malloc() { MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=4294967296 "$@"; }
else
  keep_malloc() { "$@"; }
fi
# One JMH run: a benchmark regex, the JSON file, then JMH arguments. JMH's machine-wide lock is ignored: on a shared
# machine another benchmark may hold it, and both sides are measured under the same load.
jmh() {
  "$JAVA" -Djmh.ignoreLock=true -jar "$JAR" "$1" "${@:3}" $JMH_OPTS -rf json -rff "$2" > "$OUT/jmh.log" 2>&1 \
    || { cat "$OUT/jmh.log" >&2; exit 1; }
  grep -E '^[A-Za-z]+Benchmark\.' "$OUT/jmh.log" >&2 || true
}

# Both sides report their best repetition: the anchors their best timing loop, JMH its fastest measurement iteration.
if has gemm; then
  for t in $THREADS; do
    for n in $SIZES; do
      echo "== sgemm n=$n threads=$t ==" >&2
      anchor "$t" "$ANCHORS/gemm_anchor.py" "$t" "$n" | tee -a "$OUT/anchor_$t.txt" >&2
      jmh 'GemmBenchmark.sgemm$' "$OUT/jmh_${t}_$n.json" -p n="$n" -p threads="$t"
    done
  done
fi
if has conv; then
  # PyTorch on torch threads = t, OpenBLAS single-threaded (its best setting here, see shared/anchors/README.md).
  for t in $THREADS; do
    for layer in $LAYERS; do
      echo "== conv $layer threads=$t ==" >&2
      keep_malloc anchor 1 "$HERE/conv_anchor.py" "$t" "$layer" | tee -a "$OUT/conv_anchor_$t.txt" >&2
      jmh 'ConvBenchmark' "$OUT/conv_${t}_$layer.json" -p layer="$layer" -p threads="$t"
    done
  done
fi
if has elementwise; then
  # The anchor measures all sizes in one go: it runs before and after JMH, and each cell takes its better run.
  echo "== elementwise ==" >&2
  anchor 1 "$ANCHORS/elementwise_anchor.py" | tee "$OUT/anchor_elem_1.txt" >&2
  jmh '(ElementwiseBenchmark\.(add|mul)|UnaryBenchmark\.into|ReduceBenchmark\.(sum|softmax))$' "$OUT/jmh_elem.json" \
    -p n="$ELEMENTWISE_SIZES" -p threads=1 -p op=EXP,TANH
  anchor 1 "$ANCHORS/elementwise_anchor.py" | tee "$OUT/anchor_elem_2.txt" >&2
fi

echo
echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "$("$JAVA" -version 2>&1 | head -n 1)"
"$PYTHON" - "$OUT" "$THREADS" "$LAYERS" <<'EOF'
import glob, json, os, re, sys
out, threads, layers = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
nan = float("nan")

def jmh(pattern):
    """(Class.method, params) -> best time per op over the measurement iterations (in the benchmark's unit)."""
    rows = {}
    for path in sorted(glob.glob(os.path.join(out, pattern))):
        for r in json.load(open(path)):
            raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
            name = ".".join(r["benchmark"].rsplit(".", 2)[1:])
            rows[(name, tuple(sorted(r.get("params", {}).items())))] = min(raw)
    return rows

def ratio(ours, anchor):
    return f"{ours / anchor:.2f}x" if ours == ours and anchor == anchor and anchor > 0 else "n/a"

if glob.glob(os.path.join(out, "jmh_*_*.json")):
    print()
    print("| sgemm n | threads | vectorgrad GFLOP/s | OpenBLAS GFLOP/s | PyTorch GFLOP/s | vs OpenBLAS | vs best anchor |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for t in threads:
        anchors = {}
        path = os.path.join(out, f"anchor_{t}.txt")
        for line in open(path) if os.path.exists(path) else []:
            m = re.search(r"n=(\d+) threads=\d+ openblas_gflops=([\d.]+) torch_gflops=([\d.]+)", line)
            if m:
                anchors[m.group(1)] = (float(m.group(2)), float(m.group(3)))
        for (name, params), best in sorted(jmh(f"jmh_{t}_*.json").items(), key=lambda kv: int(dict(kv[0][1])["n"])):
            n = dict(params)["n"]
            gflops = 2 * int(n) ** 3 / (best * 1e3)
            ob, tc = anchors.get(n, (nan, nan))
            print(f"| {n} | {t} | {gflops:.1f} | {ob:.1f} | {tc:.1f} | {ratio(gflops, ob)} | {ratio(gflops, max(ob, tc))} |")

if glob.glob(os.path.join(out, "conv_*_*.json")):
    print()
    print("Conv and max-pool layers of cnn_b64 (batch 64), ms per call, best repetition on each side;")
    print("ratio = PyTorch time / vectorgrad time (>1: vectorgrad is faster).")
    print()
    print("| layer | threads | vectorgrad fwd ms | PyTorch fwd ms | fwd ratio | vectorgrad fwd+bwd ms | PyTorch fwd+bwd ms | fwd+bwd ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for t in threads:
        anchors = {}
        path = os.path.join(out, f"conv_anchor_{t}.txt")
        for line in open(path) if os.path.exists(path) else []:
            m = re.search(r"^(\w+) threads=\d+ forward_ms=([\d.]+) forward_backward_ms=([\d.]+)", line)
            if m:
                anchors[m.group(1)] = (float(m.group(2)), float(m.group(3)))
        ours = jmh(f"conv_{t}_*.json")
        for layer in layers:
            key = (("layer", layer), ("threads", t))
            f = ours.get(("ConvBenchmark.forward", key), nan) / 1e3   # us -> ms
            fb = ours.get(("ConvBenchmark.forwardBackward", key), nan) / 1e3
            af, afb = anchors.get(layer, (nan, nan))
            if f == f or af == af:
                print(f"| {layer} | {t} | {f:.2f} | {af:.2f} | {ratio(af, f)} | {fb:.2f} | {afb:.2f} | {ratio(afb, fb)} |")

if os.path.exists(os.path.join(out, "jmh_elem.json")):
    anchors = {}  # (n, key) -> best over the anchor runs
    for path in sorted(glob.glob(os.path.join(out, "anchor_elem_*.txt"))):
        for line in open(path):
            m = re.match(r"n=(\d+) (.*)", line)
            if m:
                for key, value in re.findall(r"(\w+)=([\d.]+)", m.group(2)):
                    cell = (m.group(1), key)
                    anchors[cell] = max(anchors.get(cell, 0.0), float(value))
    # Our benchmark -> (label, anchor key, unit, work per element: bytes for GB/s, 1 for G elements/s).
    rows = [(("ElementwiseBenchmark.add", None), "add", "numpy_add_GBps", "GB/s", 12),
            (("ElementwiseBenchmark.mul", None), "mul (vs numpy add)", "numpy_add_GBps", "GB/s", 12),
            (("UnaryBenchmark.into", "EXP"), "exp", "torch_exp_Gelem_s", "G elements/s", 1),
            (("UnaryBenchmark.into", "TANH"), "tanh", "torch_tanh_Gelem_s", "G elements/s", 1),
            (("ReduceBenchmark.sum", None), "sum", "torch_sum_GBps", "GB/s", 4),
            (("ReduceBenchmark.softmax", None), "softmax (rows of 1024)", "torch_softmax_rows1024_Gelem_s",
             "G elements/s", 1)]
    ours = {}
    for (name, params), best in jmh("jmh_elem.json").items():
        p = dict(params)
        ours[(name, p.get("op"), p["n"])] = best  # ns per op
    print()
    print("Elementwise and reductions, float32, 1 thread, best repetition on each side; anchor: numpy for add,")
    print("PyTorch for the rest; ratio = vectorgrad / anchor throughput = anchor time / vectorgrad time (>1: vectorgrad is faster).")
    print()
    print("| op | n | unit | vectorgrad | anchor | ratio |")
    print("|---|---:|---|---:|---:|---:|")
    for (name, op), label, key, unit, per in rows:
        for n in sorted({k[2] for k in ours}, key=int):
            if (name, op, n) not in ours:
                continue
            value = per * int(n) / ours[(name, op, n)]
            anchor = anchors.get((n, key), nan)
            print(f"| {label} | {n} | {unit} | {value:.2f} | {anchor:.2f} | {ratio(value, anchor)} |")
EOF
