#!/usr/bin/env bash
# Runs vectorgrad's JMH benchmarks (short settings) and the PyTorch/OpenBLAS anchors on this machine in one go,
# size by size, and prints a table of GFLOP/s (GB/s for elementwise) with the ratios.
#
# Usage: perf/compare.sh                  (sgemm n=128..2048 at 1 and 2 threads, then float32 add/mul)
#   SIZES="256 1024" THREADS="1" perf/compare.sh
# Environment:
#   VECTORGRAD_ANCHORS  the anchors folder (default: ../../shared/anchors from this script, i.e. shared/ beside the repo)
#   PYTHON              the interpreter that sees python3-torch (default /usr/bin/python3)
#   JMH_OPTS            JMH settings (default "-wi 4 -w 1 -i 5 -r 1 -f 1")
#   ELEMENTWISE=0       skip the elementwise part;  BUILD=0  reuse perf/target/benchmarks.jar
# Needs: apt-get install -y python3-torch python3-numpy libopenblas0-pthread
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$HERE")"
ANCHORS="${VECTORGRAD_ANCHORS:-$HERE/../../shared/anchors}"
PYTHON="${PYTHON:-/usr/bin/python3}"
SIZES="${SIZES:-128 256 512 1024 2048}"
THREADS="${THREADS:-1 2}"
JMH_OPTS="${JMH_OPTS:--wi 4 -w 1 -i 5 -r 1 -f 1}"
JAR="$HERE/target/benchmarks.jar"

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

# Size by size, the anchor and then the JMH run, so that both see the same load; both sides report their best
# repetition (the anchor its best of 3 timings, JMH its fastest measurement iteration). JMH's machine-wide lock
# is ignored: on a shared machine another benchmark may hold it, and both sides are measured under the same load.
for t in $THREADS; do
  for n in $SIZES; do
    echo "== sgemm n=$n threads=$t ==" >&2
    anchor "$t" "$ANCHORS/gemm_anchor.py" "$t" "$n" | tee -a "$OUT/anchor_$t.txt" >&2
    "$JAVA" -Djmh.ignoreLock=true -jar "$JAR" 'GemmBenchmark.sgemm$' -p n="$n" -p threads="$t" $JMH_OPTS \
      -rf json -rff "$OUT/jmh_${t}_$n.json" > "$OUT/jmh.log" 2>&1 || { cat "$OUT/jmh.log" >&2; exit 1; }
    grep -E '^GemmBenchmark' "$OUT/jmh.log" >&2 || true
  done
done
if [ "${ELEMENTWISE:-1}" = 1 ]; then
  echo "== elementwise ==" >&2
  anchor 1 "$ANCHORS/elementwise_anchor.py" | tee "$OUT/anchor_elem.txt" >&2
  "$JAVA" -Djmh.ignoreLock=true -jar "$JAR" 'ElementwiseBenchmark' $JMH_OPTS -rf json -rff "$OUT/jmh_elem.json" > "$OUT/jmh.log" 2>&1 \
    || { cat "$OUT/jmh.log" >&2; exit 1; }
  grep -E '^ElementwiseBenchmark' "$OUT/jmh.log" >&2 || true
fi

echo
echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $("$JAVA" -version 2>&1 | head -n 1)"
"$PYTHON" - "$OUT" "$THREADS" <<'EOF'
import glob, json, os, re, sys
out, threads = sys.argv[1], sys.argv[2].split()

def jmh(pattern):
    """(benchmark, n) -> (best, mean) time per op over the measurement iterations."""
    rows = {}
    for path in sorted(glob.glob(os.path.join(out, pattern))):
        for r in json.load(open(path)):
            raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
            rows[(r["benchmark"].rsplit(".", 1)[1], r["params"]["n"])] = (min(raw), r["primaryMetric"]["score"])
    return rows

print()
print("| sgemm n | threads | vectorgrad GFLOP/s | OpenBLAS GFLOP/s | PyTorch GFLOP/s | vs OpenBLAS | vs best anchor |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for t in threads:
    anchors = {}
    for line in open(os.path.join(out, f"anchor_{t}.txt")):
        m = re.search(r"n=(\d+) threads=\d+ openblas_gflops=([\d.]+) torch_gflops=([\d.]+)", line)
        if m:
            anchors[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    for (name, n), (best, mean) in sorted(jmh(f"jmh_{t}_*.json").items(), key=lambda kv: int(kv[0][1])):
        gflops = 2 * int(n) ** 3 / (best * 1e3)
        ob, tc = anchors.get(n, (float("nan"), float("nan")))
        print(f"| {n} | {t} | {gflops:.1f} | {ob:.1f} | {tc:.1f} | {gflops / ob:.2f}x | {gflops / max(ob, tc):.2f}x |")

if os.path.exists(os.path.join(out, "jmh_elem.json")):
    numpy_add = None
    for line in open(os.path.join(out, "anchor_elem.txt")):
        m = re.search(r"n=(\d+) numpy_add_GBps=([\d.]+)", line)
        if m and m.group(1) == "4194304":
            numpy_add = float(m.group(2))
    print()
    print("| float32, 4M elements, 1 thread | vectorgrad GB/s | numpy add GB/s | ratio |")
    print("|---|---:|---:|---:|")
    for (name, n), (best, mean) in sorted(jmh("jmh_elem.json").items()):
        gbs = 12 * int(n) / best
        ratio = f"{gbs / numpy_add:.2f}x" if numpy_add else "n/a"
        print(f"| {name} | {gbs:.1f} | {numpy_add or float('nan'):.1f} | {ratio} |")
EOF
