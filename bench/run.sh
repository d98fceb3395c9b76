#!/bin/sh
# Benchmarks rlhf-bounds against numpy on one generated instance, interleaved (Java, numpy, Java,
# numpy, ...), and prints medians, spreads (min..max) and ratios, with the load (uptime) before
# and after. From a clean clone:   bench/run.sh            (M = n = 20000, K = 8, d = 128, 5 rounds)
#                                  bench/run.sh M K d ROUNDS
# Environment: STEPS (GA steps of the long run, default 100); FLOAT32=1 runs on a float32 copy of
# the features (featureBound raised by 1e-6 relative, since rounding to float32 can lift a vector
# of norm B just above B; numpy widens to float64, as rlhf-bounds computes in double); PARTS, a
# subset of "ga ga1 kernels" (default all three); ORDER, "interleaved" (default: Java, numpy, Java,
# numpy, ... within each round) or "grouped" (all rounds of one side, then all of the other, part
# by part: each side timed as if alone); JAR, the jar to run (default target/); with
# EXTRA_CP, more class path (e.g. JAR=target/classes EXTRA_CP=<the dependencies>).
# Every whole-process run also records its peak RSS (GNU time's maximum resident set size).
# Needs java 17+, python3 with numpy, GNU time at /usr/bin/time, and Maven for the first build
# (bin/rlhf-bounds builds the jar once when it is missing). Instances go to bench/out/ (ignored by
# git), reused when present.
set -e
here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/.." && pwd -P)
m=${1:-20000}
k=${2:-8}
d=${3:-128}
rounds=${4:-5}
steps=${STEPS:-100}
parts=${PARTS:-ga ga1 kernels}
order=${ORDER:-interleaved}
case "$order" in
  interleaved | grouped) ;;
  *) echo "bench/run.sh: ORDER must be interleaved or grouped, got '$order'" >&2; exit 2 ;;
esac
jar=${JAR:-$root/target/rlhf-bounds.jar}
cp=$jar${EXTRA_CP:+:$EXTRA_CP}
# the launcher's JVM options (bin/jvm-options), as a user of bin/rlhf-bounds gets them
jvm_opts=$(sh "$root/bin/jvm-options")
out=$here/out/m$m-k$k-d$d
py=${PYTHON:-python3}
[ -f "$jar" ] || [ -d "$jar" ] || "$root/bin/rlhf-bounds" --help >/dev/null
cli() {
  # shellcheck disable=SC2086
  java $jvm_opts ${JAVA_OPTS:-} -cp "$cp" org.rlhfbounds.cli.Main "$@"
}

"$py" -c 'import numpy' || { echo "bench/run.sh: python3 with numpy is required" >&2; exit 2; }
if [ ! -f "$out/instance.json" ]; then
  mkdir -p "$here/out"
  cli generate --family sphere --prompts "$m" --candidates "$k" --dim "$d" --beta 1 --seed 1 \
    --sample-size "$m" --sample-seed 2 --out "$out" --force >/dev/null
fi
dtype=float64
if [ "${FLOAT32:-0}" = 1 ]; then
  dtype=float32
  if [ ! -f "$out-f32/instance.json" ]; then
    mkdir -p "$out-f32"
    cp "$out/sample.json" "$out-f32/"
    "$py" - "$out" "$out-f32" <<'PY'
import json, os, sys
import numpy as np
src, dst = sys.argv[1], sys.argv[2]
inst = json.load(open(os.path.join(src, "instance.json")))
x = np.load(os.path.join(src, inst["features"]))
np.save(os.path.join(dst, inst["features"]), x.astype(np.float32))
inst["featureBound"] = float(inst["featureBound"]) * (1 + 1e-6)
if "featuresSha256" in inst:
    import hashlib
    with open(os.path.join(dst, inst["features"]), "rb") as fh:
        inst["featuresSha256"] = hashlib.sha256(fh.read()).hexdigest()
json.dump(inst, open(os.path.join(dst, "instance.json"), "w"))
PY
  fi
  out=$out-f32
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# nanoseconds of the monotonic-enough wall clock, from coreutils date (a few ms to start; a Python
# one-liner here takes about 0.35 s to start, and its start fell inside every interval it closed)
now() { date +%s%N; }
# "NAME seconds" and "NAME_rss megabytes" of a whole command (output discarded) into the results
wall() {
  name=$1
  shift
  t0=$(now)
  /usr/bin/time -f "%M" -o "$tmp/rss" "$@" >/dev/null 2>&1
  t1=$(now)
  echo "$name $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')" >>"$tmp/all"
  echo "${name}_rss $(awk -v k="$(tail -1 "$tmp/rss")" 'BEGIN { printf "%.3f", k / 1024 }')" >>"$tmp/all"
}
has() { case " $parts " in *" $1 "*) return 0 ;; esac; return 1; }

echo "machine: $(nproc) cores, $(uname -m), $(java -version 2>&1 | head -1), numpy $("$py" -c 'import numpy; print(numpy.__version__)')"
echo "instance: M = n = $m, K = $k, d = $d, $dtype ($(du -h "$out/features.npy" | cut -f1)); $rounds rounds, order $order"
echo "load before: $(uptime)"
# one side of one part: SIDE PART
side() {
  case "$1 $2" in
    "java ga")
      # shellcheck disable=SC2086
      wall java_ga_process java $jvm_opts ${JAVA_OPTS:-} -cp "$cp" org.rlhfbounds.cli.Main train --instance "$out/instance.json" --sample "$out/sample.json" --algorithm ga --steps "$steps" --eta auto ;;
    "numpy ga") wall numpy_ga_process "$py" "$here/numpy_baseline.py" ga "$steps" "$out" ;;
    "java ga1")
      # shellcheck disable=SC2086
      wall java_ga1_process java $jvm_opts ${JAVA_OPTS:-} -cp "$cp" org.rlhfbounds.cli.Main train --instance "$out/instance.json" --sample "$out/sample.json" --algorithm ga --steps 1 --eta auto ;;
    "numpy ga1") wall numpy_ga1_process "$py" "$here/numpy_baseline.py" ga 1 "$out" ;;
    "java kernels") java $jvm_opts -cp "$cp" "$here/KernelBench.java" "$out" 5 | sed 's/^/java_/' >>"$tmp/all" ;;
    "numpy kernels")
      "$py" "$here/numpy_baseline.py" gradient 5 "$out" | sed 's/^/numpy_/' >>"$tmp/all"
      "$py" "$here/numpy_baseline.py" sigma 5 "$out" | sed 's/^/numpy_/' >>"$tmp/all" ;;
  esac
}
if [ "$order" = interleaved ]; then
  r=1
  while [ "$r" -le "$rounds" ]; do
    for part in ga ga1 kernels; do
      if has "$part"; then side java "$part"; side numpy "$part"; fi
    done
    r=$((r + 1))
  done
else
  for part in ga ga1 kernels; do
    if has "$part"; then
      for s in java numpy; do
        r=1
        while [ "$r" -le "$rounds" ]; do side "$s" "$part"; r=$((r + 1)); done
      done
    fi
  done
fi
echo "load after:  $(uptime)"
echo "feature bytes: $(stat -c %s "$out/features.npy")"
"$py" - "$tmp/all" "$steps" <<'PY'
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
    ("GA %s steps, whole process" % sys.argv[2], "java_ga_process", "numpy_ga_process"),
    ("  peak RSS (MB)", "java_ga_process_rss", "numpy_ga_process_rss"),
    ("GA 1 step, whole process", "java_ga1_process", "numpy_ga1_process"),
    ("  peak RSS (MB)", "java_ga1_process_rss", "numpy_ga1_process_rss"),
    ("full gradient Sigma_S(w) u", "java_gradient", "numpy_gradient"),
    ("objective F_S(w)", "java_objective", None),
    ("read, one sum (latency-bound)", "java_read", "numpy_read"),
    ("read, 8 sums a thread (memory)", "java_read_parallel", "numpy_read"),
    ("Sigma_S(0) assembly", "java_sigma", "numpy_sigma"),
    ("eigenvalues (EJML vs eigvalsh)", "java_eigen", "numpy_eigvalsh"),
    ("eigen + vectors (EJML vs eigh)", "java_eigen_vectors", "numpy_eigh"),
    ("coverage decision (vs eigvalsh)", "java_coverage", "numpy_eigvalsh"),
]
print("%-34s %-26s %-26s %s" % ("seconds: median (min..max)", "rlhf-bounds", "numpy", "ratio"))
for label, j, n in pairs:
    mj, cj = cell(j)
    mn, cn = cell(n) if n else (None, "-")
    ratio = "%.2f" % (mj / mn) if mj and mn else "-"
    print("%-34s %-26s %-26s %s" % (label, cj, cn, ratio))
PY
