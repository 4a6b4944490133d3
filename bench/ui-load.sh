#!/usr/bin/env bash
# Workbench pages under load, one command: do the worklist and member pages answer at p99 < 50 ms with 200
# concurrent health managers on demo data?
#
#   bench/ui-load.sh                                   # 2,600 members, 200 managers, 20 s warm-up, 60 s measured
#   MEMBERS=300 MANAGERS=20 DURATION=10 bench/ui-load.sh   # a quick sanity run
#
# It builds if needed (./mvnw -q -o install -DskipTests, online if offline fails), starts
# `./vigil demo --members $MEMBERS` on a free port with a fresh data dir (a temp dir, removed afterwards), waits for
# "demo: history loaded" (up to $READY_TIMEOUT s), runs org.vigil.bench.UiLoad against it, stops the server and
# prints the result (also in bench/target/ui-load.md and .json; the server's log in bench/target/ui-load-server.log).
#
# Knobs (environment):
#   MEMBERS=2600       demo population (one demo manager per 2,600 members, at least two)
#   MANAGERS=200       concurrent virtual managers (users), round-robin over the demo managers
#   WARMUP=20          seconds of load before measuring
#   DURATION=60        seconds measured
#   THINK=0            ms a user pauses between requests (0 = closed loop, as fast as the server answers)
#   LIVE_RATE=20       live demo readings per second while measuring (vigil.demo.readings-per-second)
#   SEED=20260101      demo population seed
#   READY_TIMEOUT=600  seconds to wait for the demo history
#   SERVER_JAVA_OPTS   JVM options for the server (default none: the launcher's defaults)
#   SKIP_BUILD=1       use the jars as they are
#   KEEP_DATA=1        keep the temp data dir (its path is printed)
# Extra arguments go to UiLoad (e.g. --think 100).
set -euo pipefail

export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
JAVA="$JAVA_HOME/bin/java"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MEMBERS="${MEMBERS:-2600}"
MANAGERS="${MANAGERS:-200}"
WARMUP="${WARMUP:-20}"
DURATION="${DURATION:-60}"
THINK="${THINK:-0}"
LIVE_RATE="${LIVE_RATE:-20}"
SEED="${SEED:-20260101}"
READY_TIMEOUT="${READY_TIMEOUT:-600}"
BENCH_JAR="$ROOT/bench/target/vigil-benchmarks.jar"
SERVER_JAR="$ROOT/server/target/vigil-server.jar"
OUT_DIR="$ROOT/bench/target"

stale() {  # true when a jar is missing or older than any pom or main source
  local jar
  for jar in "$BENCH_JAR" "$SERVER_JAR"; do
    [[ -f "$jar" ]] || return 0
    [[ -z "$(find "$ROOT" -path "$ROOT/.git" -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$jar" \
      -type f -print -quit)" ]] || return 0
  done
  return 1
}

if [[ "${SKIP_BUILD:-0}" != 1 ]] && stale; then
  echo "ui-load: building (./mvnw -q -o install -DskipTests)..." >&2
  ./mvnw -q -o install -DskipTests || ./mvnw -q install -DskipTests
fi
mkdir -p "$OUT_DIR"

free_port() {
  local p
  for p in $(shuf -i 20000-40000 -n 50); do
    if ! ss -Htln "sport = :$p" | grep -q .; then echo "$p"; return; fi
  done
  echo "ui-load: no free port found" >&2; exit 1
}
PORT="$(free_port)"
DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/vigil-ui-load.XXXXXX")"
LOG="$OUT_DIR/ui-load-server.log"
SERVER_PID=""

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "ui-load: stopping the server (process group $SERVER_PID)..." >&2
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
  fi
  # The embedded PostgreSQL normally stops with the server; if it outlived it, stop it by its pid file.
  local pidfile="$DATA_DIR/data/postgres/postmaster.pid"
  if [[ -f "$pidfile" ]]; then
    local pgpid
    pgpid="$(head -1 "$pidfile")"
    if [[ -n "$pgpid" ]] && kill -0 "$pgpid" 2>/dev/null; then
      kill -INT "$pgpid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pgpid" 2>/dev/null || break; sleep 0.5; done
    fi
  fi
  if [[ "${KEEP_DATA:-0}" == 1 ]]; then
    echo "ui-load: data kept in $DATA_DIR" >&2
  else
    rm -rf "$DATA_DIR"
  fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# The launcher and the server jar run from a snapshot (in the temp dir), so a build started by someone else during the
# run cannot replace the jar under the running server; the snapshot holds no sources, so the launcher does not rebuild.
SNAPSHOT="$DATA_DIR/vigil"
mkdir -p "$SNAPSHOT/server/target"
cp "$ROOT/vigil" "$SNAPSHOT/vigil"
cp "$SERVER_JAR" "$SNAPSHOT/server/target/vigil-server.jar"
cp "$BENCH_JAR" "$SNAPSHOT/vigil-benchmarks.jar"
BENCH_JAR="$SNAPSHOT/vigil-benchmarks.jar"

echo "ui-load: starting ./vigil demo --members $MEMBERS --port $PORT --data-dir $DATA_DIR/data (log: $LOG)" >&2
# setsid: the server (and anything it starts) gets its own process group, stopped as one on exit.
JAVA_OPTS="${SERVER_JAVA_OPTS:-}" setsid "$SNAPSHOT/vigil" demo --members "$MEMBERS" --seed "$SEED" --port "$PORT" \
  --data-dir "$DATA_DIR/data" -- --vigil.demo.readings-per-second="$LIVE_RATE" >"$LOG" 2>&1 &
SERVER_PID=$!

started=$SECONDS
until grep -q "demo: history loaded" "$LOG"; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "ui-load: the server exited before the history was loaded; last lines of $LOG:" >&2
    tail -30 "$LOG" >&2
    exit 1
  fi
  if (( SECONDS - started > READY_TIMEOUT )); then
    echo "ui-load: no 'demo: history loaded' after $READY_TIMEOUT s; last lines of $LOG:" >&2
    tail -30 "$LOG" >&2
    exit 1
  fi
  sleep 2
done
echo "ui-load: $(grep -m1 'demo: history loaded' "$LOG") (after $((SECONDS - started)) s)" >&2

ticks_of() {  # utime + stime + cutime + cstime of a process, in clock ticks (0 when gone)
  if [[ -r "/proc/$1/stat" ]]; then awk '{sub(/^.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$1/stat"; else echo 0; fi
}
pg_ticks() {  # the embedded PostgreSQL: the postmaster (with its exited children) and its live backends
  local pg total=0 pid
  [[ -f "$DATA_DIR/data/postgres/postmaster.pid" ]] || { echo 0; return; }
  pg="$(head -1 "$DATA_DIR/data/postgres/postmaster.pid")"
  for pid in "$pg" $(cat "/proc/$pg/task/$pg/children" 2>/dev/null); do total=$((total + $(ticks_of "$pid"))); done
  echo "$total"
}
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }

HZ="$(getconf CLK_TCK)"
jvm0="$(ticks_of "$SERVER_PID")"; pg0="$(pg_ticks)"; busy0="$(busy_ticks)"; me0="$(ticks_of $$)"; t0=$SECONDS
"$JAVA" -Xmx2g -cp "$BENCH_JAR" org.vigil.bench.UiLoad --url "http://localhost:$PORT" --managers "$MANAGERS" \
  --warmup "$WARMUP" --duration "$DURATION" --think "$THINK" \
  --out "$OUT_DIR/ui-load.md" --json "$OUT_DIR/ui-load.json" "$@"
# Failed requests: keep the server's thread stacks (virtual threads included) for a look at what it was waiting on.
if grep -q '"failures": [1-9]' "$OUT_DIR/ui-load.json" 2>/dev/null; then
  rm -f "$OUT_DIR/ui-load-threads.json"
  "$JAVA_HOME/bin/jcmd" "$SERVER_PID" Thread.dump_to_file -format=json "$OUT_DIR/ui-load-threads.json" >/dev/null 2>&1 \
    && echo "ui-load: requests failed; the server's threads are in $OUT_DIR/ui-load-threads.json" >&2 || true
fi
jvm1="$(ticks_of "$SERVER_PID")"; pg1="$(pg_ticks)"; busy1="$(busy_ticks)"; me1="$(ticks_of $$)"; t1=$SECONDS
{
  echo
  echo "Setup: $MEMBERS demo members (seed $SEED), live stream $LIVE_RATE readings/s, $(nproc) cores" \
    "($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
    "server, embedded PostgreSQL and load driver on the same machine."
  # The load driver is this script's child: its CPU shows in the script's cutime/cstime once it has exited.
  awk -v j="$((jvm1 - jvm0))" -v p="$((pg1 - pg0))" -v d="$((me1 - me0))" -v b="$((busy1 - busy0))" -v hz="$HZ" \
    -v s="$((t1 - t0))" -v n="$(nproc)" 'BEGIN {
      printf "CPU during warm-up + measurement (%d s; cores in use, of %d): whole machine %.2f = server JVM %.2f +", s, n, b / hz / s, j / hz / s
      printf " embedded PostgreSQL %.2f + load driver %.2f + other processes %.2f.\n", p / hz / s, d / hz / s, (b - j - p - d) / hz / s }'
} | tee -a "$OUT_DIR/ui-load.md"
