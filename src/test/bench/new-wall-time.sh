#!/usr/bin/env bash
# Median wall time of `sparkgen new` (JVM start to repository on disk), over N runs of the packaged
# jar, each into a fresh directory. Usage: src/test/bench/new-wall-time.sh [runs] (default 15).
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs=${1:-15}
[ -f target/sparkgen.jar ] || ./mvnw -q -B -ntp package -Dmaven.test.skip=true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

java -jar target/sparkgen.jar new warmup --output "$work/warmup" >/dev/null   # file cache warm
times=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  java -jar target/sparkgen.jar new spark-pi-demo --output "$work/run-$i" >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(printf '%s\n' "$sorted" | awk -v n="$runs" 'NR == int((n + 1) / 2) { print }')
echo "sparkgen new: median ${median} ms over ${runs} runs (min $(echo "$sorted" | head -1) ms, max $(echo "$sorted" | tail -1) ms)"
