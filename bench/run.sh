#!/bin/sh
# Benchmarks rlhf-bounds against numpy on one generated instance, interleaved (Java, numpy, Java,
# numpy, ...), and prints medians, spreads (min..max) and ratios, with the load (uptime) before
# and after. From a clean clone:   bench/run.sh            (M = n = 20000, K = 8, d = 128, 5 rounds)
#                                  bench/run.sh M K d ROUNDS
# Needs java 17+, python3 with numpy, and Maven for the first build (bin/rlhf-bounds builds the jar
# once when it is missing). Instances go to bench/out/ (ignored by git), reused when present.
set -e
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/.." && pwd -P)
m=${1:-20000}
k=${2:-8}
d=${3:-128}
rounds=${4:-5}
steps=${STEPS:-100}
cli=$root/bin/rlhf-bounds
jar=$root/target/rlhf-bounds.jar
out=$here/out/m$m-k$k-d$d
py=${PYTHON:-python3}

"$py" -c 'import numpy' || { echo "bench/run.sh: python3 with numpy is required" >&2; exit 2; }
if [ ! -f "$out/instance.json" ]; then
  mkdir -p "$here/out"
  "$cli" generate --family sphere --prompts "$m" --candidates "$k" --dim "$d" --beta 1 --seed 1 \
    --sample-size "$m" --sample-seed 2 --out "$out" --force >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { "$py" -c 'import time; print(time.perf_counter())'; }
# wall-clock seconds of a whole command, output discarded
wall() {
  t0=$(now)
  "$@" >/dev/null 2>&1
  t1=$(now)
  "$py" -c "print($t1 - $t0)"
}

echo "machine: $(nproc) cores, $(uname -m), $(java -version 2>&1 | head -1), numpy $("$py" -c 'import numpy; print(numpy.__version__)')"
echo "instance: M = n = $m, K = $k, d = $d, float64 ($(du -h "$out/features.npy" | cut -f1)); $rounds interleaved rounds"
echo "load before: $(uptime)"
r=1
while [ "$r" -le "$rounds" ]; do
  echo "java_ga_process $(wall "$cli" train --instance "$out/instance.json" --sample "$out/sample.json" --algorithm ga --steps "$steps" --eta auto)" >>"$tmp/all"
  "$py" "$here/numpy_baseline.py" ga "$steps" "$out" 2>/dev/null | sed 's/^ga_process/numpy_ga_process/' >>"$tmp/all"
  echo "java_ga1_process $(wall "$cli" train --instance "$out/instance.json" --sample "$out/sample.json" --algorithm ga --steps 1 --eta auto)" >>"$tmp/all"
  "$py" "$here/numpy_baseline.py" ga 1 "$out" 2>/dev/null | sed 's/^ga_process/numpy_ga1_process/' >>"$tmp/all"
  java -cp "$jar" "$here/KernelBench.java" "$out" 5 | sed 's/^/java_/' >>"$tmp/all"
  "$py" "$here/numpy_baseline.py" gradient 5 "$out" | sed 's/^/numpy_/' >>"$tmp/all"
  "$py" "$here/numpy_baseline.py" sigma 5 "$out" | sed 's/^/numpy_/' >>"$tmp/all"
  r=$((r + 1))
done
echo "load after:  $(uptime)"
"$py" - "$tmp/all" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, value = line.split()
    runs.setdefault(name, []).append(float(value))
def cell(name):
    v = runs.get(name)
    if not v:
        return None, "-"
    return statistics.median(v), "%.3f (%.3f..%.3f)" % (statistics.median(v), min(v), max(v))
pairs = [
    ("GA 100 steps, whole process", "java_ga_process", "numpy_ga_process"),
    ("GA 1 step, whole process", "java_ga1_process", "numpy_ga1_process"),
    ("full gradient Sigma_S(w) u", "java_gradient", "numpy_gradient"),
    ("objective F_S(w)", "java_objective", None),
    ("streaming read of the features", "java_read", "numpy_read"),
    ("Sigma_S(0) assembly", "java_sigma", "numpy_sigma"),
    ("eigenvalues (EJML vs eigvalsh)", "java_eigen", "numpy_eigvalsh"),
    ("eigenvalues + vectors (EJML)", "java_eigen_vectors", "numpy_eigvalsh"),
]
print("%-34s %-26s %-26s %s" % ("seconds: median (min..max)", "rlhf-bounds", "numpy", "ratio"))
for label, j, n in pairs:
    mj, cj = cell(j)
    mn, cn = cell(n) if n else (None, "-")
    ratio = "%.2f" % (mj / mn) if mj and mn else "-"
    print("%-34s %-26s %-26s %s" % (label, cj, cn, ratio))
PY
