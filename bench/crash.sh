#!/usr/bin/env bash
# Crash safety, one command (issue 7):
#
#   ./vigil bench crash            # 20 trials: load, SIGKILL the server JVM, restart, check the database
#   ./vigil bench crash --quick    # 3 trials
#
# Runs org.vigil.bench.CrashBench, which starts the packaged server (a snapshot of server/target/vigil-server.jar)
# itself on a fresh temp data dir, kills it with SIGKILL in the middle of a device API load (kill -9 of the java
# process; its embedded PostgreSQL is left running, as after the OOM killer), restarts it on the same data dir,
# re-sends the requests whose answers were lost, and checks that every acknowledged reading is stored exactly once and
# that no alert is duplicated or lost. Exit status 1 when any check fails. Result in bench/target/crash.md; the
# server's output (all starts) in bench/target/crash-server.log.
#
# Knobs (environment): TRIALS, MEMBERS, CLIENTS, BATCH, KILL_AFTER (ms; the kill comes between it and twice it),
#   SEED, SKIP_BUILD=1, KEEP_DATA=1. Extra arguments go to CrashBench (see --help).
set -euo pipefail
NAME=crash
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_quick "$@"
if [[ $QUICK == 1 ]]; then TRIALS="${TRIALS:-3}"; else TRIALS="${TRIALS:-20}"; fi

build_if_needed
make_workdir
LOG="$OUT_DIR/crash-server.log"
rm -f "$LOG"
RESULT="$OUT_DIR/crash.md"
status=0
"$JAVA" -Xmx1g -cp "$BENCH_JAR" org.vigil.bench.CrashBench --jar "$SNAPSHOT/server/target/vigil-server.jar" \
  --data-dir "$DATA_DIR/data" --token-file "$TOKEN_FILE" --trials "$TRIALS" --members "${MEMBERS:-200}" \
  --clients "${CLIENTS:-4}" --batch "${BATCH:-200}" --kill-after "${KILL_AFTER:-2000}" --seed "${SEED:-20260101}" \
  --log "$LOG" ${ARGS[@]+"${ARGS[@]}"} >"$RESULT.tmp" || status=$?
{
  echo "Command: \`./vigil bench crash$([[ $QUICK == 1 ]] && echo ' --quick')\`. Machine: $(machine)."
  echo
  cat "$RESULT.tmp"
} >"$RESULT"
rm -f "$RESULT.tmp"
cat "$RESULT"
exit $status
