#!/usr/bin/env bash
# Re-scoring a city, one command: builds the bench jar and scores 1,666,000 synthetic members (or the number given)
# with every applicable risk equation on all cores. Prints per-model counts and "rescore seconds: N".
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
./mvnw -q -pl bench -am package -DskipTests
"$JAVA_HOME/bin/java" -Xmx6g -cp bench/target/vigil-benchmarks.jar org.vigil.bench.RescoreBenchmark "$@"
