#!/usr/bin/env bash
# Median wall time of `./sparkgen new` as users run it (launcher staleness check, JVM start, render,
# write), over N runs, each into a fresh directory. Usage: src/test/bench/new-wall-time.sh [runs] (default 15).
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs=${1:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

./sparkgen new warmup --output "$work/warmup" >/dev/null   # builds the jar if stale; warms the file cache
times=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  ./sparkgen new spark-pi-demo --output "$work/run-$i" >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(printf '%s\n' "$sorted" | awk -v n="$runs" 'NR == int((n + 1) / 2) { print }')
echo "sparkgen new: median ${median} ms over ${runs} runs (min $(echo "$sorted" | head -1) ms, max $(echo "$sorted" | tail -1) ms)"
