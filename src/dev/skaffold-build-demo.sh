#!/bin/sh
# Skaffold's custom builder for the generator's own loop (skaffold.yaml at the repository root):
# regenerates the demo job repository from the current archetypes/ and kustomize-base/ into
# target/skaffold-demo, then builds its image with the demo's own Jib configuration, using the
# Maven command line skaffold's Jib builder uses for a job repository. Skaffold sets IMAGE (the tag
# to build), PUSH_IMAGE (true for a remote cluster or a pushing profile) and SKIP_TEST.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
demo="$root/target/skaffold-demo"
next="$root/target/skaffold-demo.next"

rm -rf "$next"
"$root/sparkgen" new demo --output "$next"
# Keep the previous build output (compiled classes, Jib's cache) so a rebuild stays incremental.
if [ -d "$demo/target" ]; then
  mv "$demo/target" "$next/target"
fi
rm -rf "$demo"
mv "$next" "$demo"

goal=dockerBuild
if [ "${PUSH_IMAGE:-false}" = true ]; then
  goal=build
fi
skip_tests=
if [ "${SKIP_TEST:-false}" = true ]; then
  skip_tests=-DskipTests=true
fi

cd "$demo"
# shellcheck disable=SC2086 # $skip_tests is empty or one word
exec ./mvnw --batch-mode jib:_skaffold-fail-if-jib-out-of-date -Djib.requiredVersion=1.4.0 \
  --non-recursive $skip_tests prepare-package "jib:$goal" "-Dimage=$IMAGE"
