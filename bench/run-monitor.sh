#!/usr/bin/env bash
# The monitor benchmark, one command: builds the bench jar, runs MonitorBenchmark (JMH; results also in
# bench/target/monitor.json), then StateFootprint (bytes of state per member). Extra arguments go to JMH,
# e.g. a quick run:  bench/run-monitor.sh -f 1 -wi 2 -i 3     allocation per reading:  bench/run-monitor.sh -prof gc
set -euo pipefail

cd "$(dirname "$0")/.."

java_major() {
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

JAVA=java
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"
fi
if ! command -v "$JAVA" >/dev/null 2>&1 || (( $(java_major "$JAVA") < 25 )); then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  JAVA="$JAVA_HOME/bin/java"
fi
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")}"
echo "Using $("$JAVA" -version 2>&1 | head -1) (JAVA_HOME=$JAVA_HOME)"

./mvnw -q -pl bench -am package -DskipTests

"$JAVA" -jar bench/target/vigil-benchmarks.jar MonitorBenchmark -rf json -rff bench/target/monitor.json "$@"

"$JAVA" -cp bench/target/vigil-benchmarks.jar org.vigil.bench.StateFootprint
