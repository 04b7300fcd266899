#!/usr/bin/env bash
# Measures the image Jib builds for the generated demo job repository (issue 4):
#   1. each layer Jib adds on top of the base image (compressed bytes as pushed, uncompressed bytes),
#   2. the bytes that change after a one-line code change (the layers whose digest changes),
#   3. the median wall time of a rebuild after such a change, caches warm.
# Builds use skaffold's own Jib command line (pkg/skaffold/build/jib/maven.go) with jib:buildTar in
# place of jib:dockerBuild (no Docker engine needed) and a stand-in for apache/spark as a tar://
# base image (the test helper dev.sparkgen.jib.StandInSparkImage). Layer sizes do not depend on the
# base; set BASE_TAR to a `docker save` of the real apache/spark image to time against it.
#
#   src/test/bench/jib-rebuild.sh            # RUNS=5 rebuilds with -DskipTests=true (skaffold dev --skip-tests)
#   RUNS=7 WITH_TESTS=1 src/test/bench/jib-rebuild.sh   # skaffold dev's default line, tests included
#
# Needs: a JDK, python3 (to read the image tar). Prints a report on standard output.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
runs=${RUNS:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/jib-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

cd "$root"
./mvnw -q -B -ntp -DskipTests package >&2
base=${BASE_TAR:-$work/stand-in-spark.tar}
if [ -z "${BASE_TAR:-}" ]; then
  java -cp target/test-classes dev.sparkgen.jib.StandInSparkImage "$base" >/dev/null
fi
java -jar target/sparkgen.jar new demo --output "$work/demo" >/dev/null
demo=$work/demo
source_file=$(find "$demo/src/main/java" -name SparkPi.java)

skip=-DskipTests=true
if [ -n "${WITH_TESTS:-}" ]; then
  skip=
fi

build() {
  # shellcheck disable=SC2086
  (cd "$demo" && ./mvnw --batch-mode -ntp -q jib:_skaffold-fail-if-jib-out-of-date -Djib.requiredVersion=1.4.0 \
      --non-recursive $skip prepare-package jib:buildTar "-Djib.from.image=tar://$base" -Dimage=demo:bench >&2)
}

layers() {
  # One line per layer: diffID compressedBytes uncompressedBytes history-comment first-files
  python3 - "$1" <<'PY'
import gzip, hashlib, io, json, sys, tarfile
with tarfile.open(sys.argv[1]) as image:
    manifest = json.load(image.extractfile("manifest.json"))[0]
    config = json.load(image.extractfile(manifest["Config"]))
    history = [h for h in config.get("history", []) if not h.get("empty_layer")]
    for i, name in enumerate(manifest["Layers"]):
        stored = image.extractfile(name).read()
        raw = gzip.decompress(stored) if stored[:2] == b"\x1f\x8b" else stored
        with tarfile.open(fileobj=io.BytesIO(raw)) as layer:
            files = [m.name for m in layer.getmembers() if m.isfile()]
        comment = history[i].get("comment") or history[i].get("created_by", "") if i < len(history) else ""
        print("sha256:" + hashlib.sha256(raw).hexdigest(), len(stored), len(raw),
              comment.replace(" ", "_"), ",".join(files[:3]) + (",..." if len(files) > 3 else ""))
PY
}

build  # cold: fills the Maven and Jib caches
build  # warm, unchanged
layers "$demo/target/jib-image.tar" > "$work/before.txt"

echo "# Jib image of the generated demo (base: ${BASE_TAR:-stand-in for apache/spark})"
echo "## Layers Jib adds on top of the base (compressed = bytes pushed; uncompressed = bytes in the image)"
tail -n +2 "$work/before.txt" | while read -r digest compressed size comment files; do
  printf '  %-14s compressed %9d B  uncompressed %9d B  %s  %s\n' "$comment" "$compressed" "$size" "${digest:0:19}" "$files"
done

times=()
for i in $(seq 1 "$runs"); do
  # A one-line change, different from the previous run's, in a message no test reads.
  sed -i -E "s/a positive integer( \(run [0-9]+\))?,/a positive integer (run $i),/" "$source_file"
  grep -q "a positive integer (run $i)," "$source_file" || { echo "the one-line change did not apply" >&2; exit 1; }
  start=$(date +%s%N)
  build
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
  layers "$demo/target/jib-image.tar" > "$work/after.txt"
  changed=$(paste -d' ' "$work/before.txt" "$work/after.txt" | awk '$1 != $6 { n++; c += $7; u += $8; what = what $9 " " } END { printf "%d layer(s) changed: %s, %d B compressed, %d B uncompressed", n, what, c, u }')
  echo "## Rebuild $i after a one-line change: ${times[-1]} ms; $changed"
  cp "$work/after.txt" "$work/before.txt"
done

median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }')
echo "## Median rebuild after a one-line change over $runs runs (${skip:-tests included}): $median ms"
