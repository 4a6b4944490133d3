# Shared by the end-to-end benchmark scripts (bench/ingest.sh, latency.sh, crash.sh, soak.sh); sourced, not run.
# Builds when the jars are stale (package only: never `mvn install`), starts `./vigil serve` from a snapshot of the
# jars on a free port with a fresh temp data dir, mints an operator token, stops the server and its PostgreSQL on
# exit. The caller sets NAME (used in messages and file names) before sourcing.

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[[ -x "$JAVA_HOME/bin/java" ]] || export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
JAVA="$JAVA_HOME/bin/java"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_JAR="$ROOT/bench/target/vigil-benchmarks.jar"
SERVER_JAR="$ROOT/server/target/vigil-server.jar"
OUT_DIR="$ROOT/bench/target"
READY_TIMEOUT="${READY_TIMEOUT:-300}"
SERVER_PID=""
DATA_DIR=""
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

say() { echo "$NAME: $*" >&2; }

parse_quick() {  # sets QUICK (1 with --quick) and ARGS (every other argument, for the driver)
  QUICK=0
  ARGS=()
  local a
  for a in "$@"; do
    if [[ "$a" == --quick ]]; then QUICK=1; else ARGS+=("$a"); fi
  done
}

stale() {  # true when a jar is missing or older than any pom or main source
  local jar
  for jar in "$BENCH_JAR" "$SERVER_JAR"; do
    [[ -f "$jar" ]] || return 0
    [[ -z "$(find "$ROOT" -path "$ROOT/.git" -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$jar" \
      -type f -print -quit)" ]] || return 0
  done
  return 1
}

build_if_needed() {
  if [[ "${SKIP_BUILD:-0}" != 1 ]] && stale; then
    say "building (./mvnw -q -o -DskipTests -pl server,bench -am package)..."
    (cd "$ROOT" && { ./mvnw -q -o -DskipTests -pl server,bench -am package \
      || ./mvnw -q -DskipTests -pl server,bench -am package; })
  fi
  mkdir -p "$OUT_DIR"
}

free_port() {
  local p
  for p in $(shuf -i 20000-40000 -n 50); do
    if ! ss -Htln "sport = :$p" | grep -q .; then echo "$p"; return; fi
  done
  say "no free port found"; exit 1
}

# A temp dir with a snapshot of the launcher and the jars (a build started by someone else during the run cannot
# replace the jar under the running server; the snapshot holds no sources, so the launcher does not rebuild).
make_workdir() {
  DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-$NAME.XXXXXX")"
  SNAPSHOT="$DATA_DIR/vigil"
  mkdir -p "$SNAPSHOT/server/target"
  cp "$ROOT/vigil" "$SNAPSHOT/vigil"
  cp "$SERVER_JAR" "$SNAPSHOT/server/target/vigil-server.jar"
  cp "$BENCH_JAR" "$SNAPSHOT/vigil-benchmarks.jar"
  BENCH_JAR="$SNAPSHOT/vigil-benchmarks.jar"
  TOKEN_FILE="$DATA_DIR/token"
  # The local issuer's key is created under the data dir when missing; the server then signs and checks with it.
  "$SNAPSHOT/vigil" token --subject "bench-$NAME" --role operator --ttl PT24H --data-dir "$DATA_DIR/data" \
    >"$TOKEN_FILE" 2>/dev/null
  chmod 600 "$TOKEN_FILE"
}

# start_server LOG [extra Spring Boot args...]: `./vigil serve` on a free port, rate limit off; waits until ready.
start_server() {
  local log="$1"
  shift
  PORT="$(free_port)"
  URL="http://localhost:$PORT"
  say "starting ./vigil serve --port $PORT --data-dir $DATA_DIR/data (log: $log)"
  : >"$log"  # emptied before the start, so an earlier run's "ready" line is never read as this one's
  # setsid: the server gets its own process group. The launcher execs java, so $! is the server JVM's pid.
  JAVA_OPTS="${SERVER_JAVA_OPTS:-}" setsid "$SNAPSHOT/vigil" serve --port "$PORT" --data-dir "$DATA_DIR/data" \
    -- --vigil.security.rate-limit.enabled=false "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  local started=$SECONDS
  until grep -q "Vigil is ready at" "$log"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      say "the server exited before it was ready; last lines of $log:"; tail -30 "$log" >&2; exit 1
    fi
    if (( SECONDS - started > READY_TIMEOUT )); then
      say "not ready after $READY_TIMEOUT s; last lines of $log:"; tail -30 "$log" >&2; exit 1
    fi
    sleep 1
  done
  say "ready after $((SECONDS - started)) s (server JVM pid $SERVER_PID)"
}

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    say "stopping the server..."
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
  fi
  # The embedded PostgreSQL normally stops with the server; if it outlived it, stop it by its pid file.
  local pidfile="$DATA_DIR/data/postgres/postmaster.pid"
  if [[ -n "$DATA_DIR" && -f "$pidfile" ]]; then
    local pgpid
    pgpid="$(head -1 "$pidfile")"
    if [[ -n "$pgpid" ]] && kill -0 "$pgpid" 2>/dev/null; then
      kill -INT "$pgpid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pgpid" 2>/dev/null || break; sleep 0.5; done
    fi
  fi
}

cleanup() {
  stop_server
  if [[ -n "$DATA_DIR" ]]; then
    if [[ "${KEEP_DATA:-0}" == 1 ]]; then say "data kept in $DATA_DIR"; else rm -rf "$DATA_DIR"; fi
  fi
}

machine() {
  echo "$(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}')" \
    "GiB, $(uname -sr), $("$JAVA" -version 2>&1 | head -1); server, embedded PostgreSQL and load driver on the same" \
    "machine, shared with other work (load average before the run: $LOAD_BEFORE)"
}

trap cleanup EXIT
trap 'exit 130' INT TERM
