#!/usr/bin/env bash
# The inner loop, phase by phase (issue 13), today's tree (B) side by side with a baseline (A: the
# tree at $BASELINE, extracted with git archive and built), each measurement alternating A, B, A, B:
#
#   new    `./sparkgen new` as users run it (launcher, JVM, render, write) next to a JVM hello-world,
#          and `./sparkgen --version` (launcher, JVM and the root command alone);
#   build  skaffold's Jib build line of the generated demo after a one-line change, with
#          -DskipTests=true (skaffold dev --skip-tests) and without (skaffold's default: tests run),
#          jib:buildTar from a tar:// stand-in for apache/spark in place of jib:dockerBuild;
#   job    the phases of the dev Job as SparkOnKubernetesIT runs it (real SparkSubmit in client mode,
#          Kubernetes backend, executors started from their pod specs), from the driver's log with
#          millisecond times and the test kubelet's pod start/exit times. Needs root and kubectl.
#
#   src/test/bench/inner-loop.sh                       # everything, RUNS=7
#   PARTS="new build" RUNS=9 src/test/bench/inner-loop.sh
#   BASELINE=<commit> ...                              # default: the tree before issue 13
#   PARTS=build C_EDIT='rm .mvn/jvm.config' ...        # adds C: B's demo after that edit (ablation)
#   LINES=skip ...                                     # build lines: skip and/or default
#   PARTS=job JOB_PROPERTIES='k=v\nk2=v2' ...          # adds C: B's dev overlay with these settings
#   PARTS=job JOB_VARIANTS='B C' JOB_PROPERTIES=...     # B against C only (no baseline built)
#
# Prints medians (and min–max) per phase; load averages at start and end. Needs a JDK and python3.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
runs=${RUNS:-7}
parts=${PARTS:-new build job}
baseline=${BASELINE:-e2a815c}
job_rounds=${JOB_ROUNDS:-2}      # IT invocations per variant, alternating
job_runs=${JOB_RUNS:-4}          # job runs per invocation, on one built image
work=$(mktemp -d "${TMPDIR:-/tmp}/inner-loop.XXXXXX")
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT   # KEEP_WORK=1 keeps logs and demos
results=$work/results.txt        # lines: part variant metric milliseconds
: > "$results"

log() { echo "# $*" >&2; }
now() { date +%s%N; }
record() { echo "$1 $2 $3 $4" >> "$results"; }

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"

cd "$root"
log "building today's tree"
./mvnw -q -B -ntp -DskipTests package >&2
job_variants=${JOB_VARIANTS:-A B${JOB_PROPERTIES:+ C}}
if [[ " $parts " == *" new "* || " $parts " == *" build "* || " $job_variants " == *" A "* ]]; then
  log "extracting and building the baseline $baseline"
  mkdir -p "$work/A"
  git archive "$baseline" | tar -x -C "$work/A"
  (cd "$work/A" && ./mvnw -q -B -ntp -Dmaven.test.skip=true package >&2 && touch target/sparkgen.jar)
fi
declare -A jar=([A]="$work/A/target/sparkgen.jar" [B]="$root/target/sparkgen.jar" [C]="$root/target/sparkgen.jar")
declare -A launcher=([A]="$work/A/sparkgen" [B]="$root/sparkgen")

time_ms() { local s e; s=$(now); "$@" >/dev/null 2>&1; e=$(now); echo $(( (e - s) / 1000000 )); }
# "wall cpu" of one run in ms, cpu being user + system time of the command and its children: on
# N cores the wall time of a run cannot go below cpu / N.
wall_cpu_ms() {
  local TIMEFORMAT='%3R %3U %3S' t
  t=$( { time "$@" >/dev/null 2>&1; } 2>&1 )
  awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%d %d\n", a[1] * 1000, (a[2] + a[3]) * 1000 }'
}

# --- new ---
if [[ " $parts " == *" new "* ]]; then
  mkdir -p "$work/hello"
  printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$work/hello/Hello.java"
  javac -d "$work/hello" "$work/hello/Hello.java"
  for v in A B; do "${launcher[$v]}" new warmup --output "$work/new-warmup-$v" >/dev/null; done
  for i in $(seq 1 "$runs"); do
    record new hello java "$(time_ms java -cp "$work/hello" Hello)"
    for v in A B; do
      read -r wall cpu < <(wall_cpu_ms "${launcher[$v]}" new spark-pi-demo --output "$work/new-$v-$i")
      record new "$v" "sparkgen-new" "$wall"
      record new "$v" "sparkgen-new-cpu" "$cpu"
      # The floor under `new` that no change to rendering or writing moves: launcher, JVM, picocli.
      record new "$v" "sparkgen-version" "$(time_ms "${launcher[$v]}" --version)"
    done
    record new hello-after java "$(time_ms java -cp "$work/hello" Hello)"
  done
fi

# --- build ---
if [[ " $parts " == *" build "* ]]; then
  base=$work/stand-in-spark.tar
  java -cp target/test-classes dev.sparkgen.jib.StandInSparkImage "$base" >/dev/null
  variants="A B"
  for v in A B; do java -jar "${jar[$v]}" new demo --output "$work/demo-$v" >/dev/null; done
  if [ -n "${C_EDIT:-}" ]; then  # ablation: C is B's demo after this shell command, run in it
    variants="A B C"
    java -jar "${jar[B]}" new demo --output "$work/demo-C" >/dev/null
    (cd "$work/demo-C" && sh -c "$C_EDIT")
  fi
  build() { # variant, extra Maven arguments
    (cd "$work/demo-$1" && ./mvnw --batch-mode -ntp -q jib:_skaffold-fail-if-jib-out-of-date -Djib.requiredVersion=1.4.0 \
        --non-recursive $2 prepare-package jib:buildTar "-Djib.from.image=tar://$base" -Dimage=demo:bench >&2)
  }
  change() { # variant, run: a one-line change in a message no test reads
    local f; f=$(find "$work/demo-$1/src/main/java" -name SparkPi.java)
    sed -i -E "s/a positive integer( \(run [0-9a-z]+\))?,/a positive integer (run $2),/" "$f"
    grep -q "a positive integer (run $2)," "$f" || { echo "the one-line change did not apply" >&2; exit 1; }
  }
  for v in $variants; do build "$v" -DskipTests=true; build "$v" ""; done   # caches warm
  for i in $(seq 1 "$runs"); do
    for line in ${LINES:-skip default}; do
      for v in $variants; do
        change "$v" "$line$i"
        if [ "$line" = skip ]; then args=-DskipTests=true; else args=; fi
        s=$(now); build "$v" "$args"; e=$(now)
        record build "$v" "$line" $(( (e - s) / 1000000 ))
      done
    done
  done
fi

# --- job ---
if [[ " $parts " == *" job "* ]]; then
  for r in $(seq 1 "$job_rounds"); do
    for v in $job_variants; do
      log "SparkOnKubernetesIT, variant $v, round $r ($job_runs job runs)"
      props=; [ "$v" = C ] && props=${JOB_PROPERTIES:-}
      SPARKGEN_IT_DEV_PROPERTIES="$props" \
      SPARKGEN_IT_SPARK=${JOB_SPARK:-4.2.0} SPARKGEN_IT_JAR="${jar[$v]}" SPARKGEN_IT_RUNS=$job_runs \
        SPARKGEN_IT_KEEP="$work/job-$v-$r" ./mvnw -q -B -ntp verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
        -Dit.test=SparkOnKubernetesIT >&2 || log "SparkOnKubernetesIT failed (variant $v, round $r): its completed runs still count"
    done
  done
  python3 - "$work" "$results" <<'PY'
import glob, os, re, sys
work, results = sys.argv[1], sys.argv[2]
def events(log):
    out = []
    for line in open(log, errors="replace"):
        m = re.match(r"^(\d{13}) (\w+) (\S+): (.*)", line)
        if m:
            out.append((int(m.group(1)), m.group(3), m.group(4)))
    return out
def first(ev, pattern):
    return next((t for t, _, msg in ev if re.search(pattern, msg)), None)
def last(ev, pattern):
    ts = [t for t, _, msg in ev if re.search(pattern, msg)]
    return ts[-1] if ts else None
def ms(path):
    return int(open(path).read().strip())
with open(results, "a") as out:
    for run in sorted(glob.glob(os.path.join(work, "job-*-*/*/*"))):
        variant = os.path.basename(os.path.dirname(os.path.dirname(run))).split("-")[1]
        pods = [p for p in glob.glob(os.path.join(run, "*")) if os.path.isdir(p)]
        driver = next(p for p in pods if re.search(r"-driver-[a-z0-9]{5}$", p))
        executors = [p for p in pods if p != driver]
        ev = events(os.path.join(driver, "log.txt"))
        t = {
            "pod": ms(os.path.join(driver, "started.ms")),
            "jvm": ev[0][0] if ev else None,
            "context": first(ev, r"Running Spark version"),
            "requested": first(ev, r"[Rr]equest(ing)? \d+ executors?"),
            "started": max(ms(os.path.join(e, "started.ms")) for e in executors) if executors else None,
            "registered1": first(ev, r"Registered executor"),
            "registered": last(ev, r"Registered executor"),
            "ready": first(ev, r"SchedulerBackend is ready for scheduling"),
            "result": first(ev, r"Job 0 finished"),
            "stopped": first(ev, r"Successfully stopped SparkContext"),
            "exit": ms(os.path.join(driver, "exited.ms")),
        }
        # Times since the test kubelet started the driver pod's container.
        phases = [("t1 first driver log line (JVM and spark-submit up)", "jvm"),
                  ("t2 SparkContext starting (Running Spark version)", "context"),
                  ("t3 executors requested", "requested"),
                  ("t4 last executor pod started (test kubelet polls every 200 ms)", "started"),
                  ("t5 first executor registered", "registered1"),
                  ("t6 all executors registered", "registered"),
                  ("t7 scheduling starts (registration wait over)", "ready"),
                  ("t8 result (Job 0 finished)", "result"),
                  ("t9 SparkContext stopped", "stopped"),
                  ("t10 driver process exited", "exit")]
        for name, b in phases:
            if t[b] is not None:
                out.write(f"job {variant} {name.replace(' ', '_')} {t[b] - t['pod']}\n")
        # Per-run differences: what the settings act on, less exposed to the machine's load.
        for name, a, b in [("d registration wait (t7 - t5)", "registered1", "ready"),
                           ("d first executor registered -> result (t8 - t5)", "registered1", "result")]:
            if t[a] is not None and t[b] is not None:
                out.write(f"job {variant} {name.replace(' ', '_')} {t[b] - t[a]}\n")
PY
fi

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" "$baseline" <<'PY'
import os, statistics, sys
from collections import defaultdict
rows = defaultdict(list)
order = []
for line in open(sys.argv[1]):
    part, variant, metric, value = line.split()
    key = (part, metric)
    if key not in order:
        order.append(key)
    rows[(part, metric, variant)].append(int(value))
def cell(values):
    if not values:
        return "-"
    return f"{statistics.median(values):.0f} ({min(values)}-{max(values)}, n={len(values)})"
has_c = any(k[2] == "C" for k in rows)
print(f"| part | metric | A: baseline {sys.argv[2]} (ms) | B: today's tree (ms) | B/A |" + (" C: B + C_EDIT or JOB_PROPERTIES (ms) | C/B |" if has_c else ""))
print("| --- | --- | --- | --- | --- |" + (" --- | --- |" if has_c else ""))
for part, metric in order:
    if part == "new" and metric == "java":
        hello = rows[(part, metric, "hello")] + rows[(part, metric, "hello-after")]
        print(f"| new | JVM hello-world (java -cp . Hello) | {cell(hello)} | | |")
        continue
    a, b = rows[(part, metric, "A")], rows[(part, metric, "B")]
    ratio = f"{statistics.median(b) / statistics.median(a):.2f}" if a and b and statistics.median(a) else ""
    line = f"| {part} | {metric.replace('_', ' ')} | {cell(a)} | {cell(b)} | {ratio} |"
    c = rows[(part, metric, "C")]
    if has_c:
        line += f" {cell(c)} | " + (f"{statistics.median(c) / statistics.median(b):.2f} |" if b and c and statistics.median(b) else " |")
    print(line)
hello = rows[("new", "java", "hello")] + rows[("new", "java", "hello-after")]
if hello:
    h = statistics.median(hello)
    for v in "AB":
        for metric in ("new", "version"):
            if rows[("new", "sparkgen-" + metric, v)]:
                print(f"sparkgen {metric} {v}: {statistics.median(rows[('new', 'sparkgen-' + metric, v)]) / h:.1f}x the JVM hello-world")
        cpu = rows[("new", "sparkgen-new-cpu", v)]
        if cpu:
            floor = statistics.median(cpu) / os.cpu_count()
            print(f"sparkgen new {v}: {statistics.median(cpu):.0f} ms of CPU, so at least {floor:.0f} ms on {os.cpu_count()} cores even if every thread ran in parallel: {floor / h:.1f}x the JVM hello-world")
PY
