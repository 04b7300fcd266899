# [=app.name]'s CI: on every pull request and push to main, build and test the job, check k8s/ and
# skaffold.yaml with `sparkgen validate` (inside ./mvnw verify: KubernetesManifestsTest), and build
# the image as a tar. Nothing is pushed: deploying is `skaffold run -p ENV` (README.md).
# Actions are pinned to commit SHAs (the comment names the release); update both together.
name: ci

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  build:
    runs-on: ubuntu-24.04
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
      - uses: actions/setup-java@b6effb05e454b25005698d916606bdc6ffcbf961 # v5.7.0
        with:
          distribution: temurin
          java-version: "[=java.release]"
          cache: maven
      # sparkgen is not on a public registry: your platform team publishes its jar and sets the
      # repository or organization variable SPARKGEN_JAR_URL. kubectl is on GitHub's Ubuntu runners.
      - name: Install sparkgen
        env:
          SPARKGEN_JAR_URL: ${{ vars.SPARKGEN_JAR_URL }}
        run: |
          if [ -z "$SPARKGEN_JAR_URL" ]; then
            echo "::error::Set the variable SPARKGEN_JAR_URL to the sparkgen.jar your platform team publishes."
            exit 1
          fi
          curl --fail --silent --show-error --location "$SPARKGEN_JAR_URL" --output "$RUNNER_TEMP/sparkgen.jar"
          echo "SPARKGEN=$RUNNER_TEMP/sparkgen.jar" >> "$GITHUB_ENV"
          kubectl version --client
      - name: Build, test and validate
        run: ./mvnw -B -ntp verify
      - name: Build the image without pushing it
        run: ./mvnw -B -ntp package jib:buildTar -DskipTests
