#!/usr/bin/env bash
# Soak, one command (issue 7):
#
#   ./vigil bench soak            # one hour at 20,000 readings/s, 50,000 members, a row per minute
#   ./vigil bench soak --quick    # one minute, 5,000 members, a row per 10 s
#
# Starts `./vigil serve` on a free port with a fresh temp data dir (rate limit off) and runs org.vigil.bench.SoakBench:
# device API batches paced to RATE from 4 gateways; per interval it reports readings/s, request latency, failed
# requests, the server's heap (jcmd GC.heap_info), old generation (jstat -gc), RSS and the database size. Flat memory
# is the goal. Result in bench/target/soak.md; the server's log in bench/target/soak-server.log.
#
# Knobs (environment): RATE, MEMBERS, BATCH, GATEWAYS, DURATION (s), INTERVAL (s), SEED, SERVER_JAVA_OPTS (e.g.
#   -Xmx2g to make a leak show sooner), SKIP_BUILD=1, KEEP_DATA=1. Extra arguments go to SoakBench (see --help).
set -euo pipefail
NAME=soak
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_quick "$@"
if [[ $QUICK == 1 ]]; then
  MEMBERS="${MEMBERS:-5000}"; DURATION="${DURATION:-60}"; INTERVAL="${INTERVAL:-10}"
else
  MEMBERS="${MEMBERS:-50000}"; DURATION="${DURATION:-3600}"; INTERVAL="${INTERVAL:-60}"
fi

build_if_needed
make_workdir
start_server "$OUT_DIR/soak-server.log"
RESULT="$OUT_DIR/soak.md"
"$JAVA" -Xmx2g -cp "$BENCH_JAR" org.vigil.bench.SoakBench --url "$URL" --token-file "$TOKEN_FILE" \
  --server-pid "$SERVER_PID" --data-dir "$DATA_DIR/data" --members "$MEMBERS" --rate "${RATE:-20000}" \
  --batch "${BATCH:-1000}" --gateways "${GATEWAYS:-4}" --duration "$DURATION" --interval "$INTERVAL" \
  --seed "${SEED:-20260101}" ${ARGS[@]+"${ARGS[@]}"} >"$RESULT.tmp"
{
  echo "Command: \`./vigil bench soak$([[ $QUICK == 1 ]] && echo ' --quick')\`$([[ -n "${RATE:-}" ]] && echo " with RATE=$RATE"). Machine: $(machine)."
  echo
  cat "$RESULT.tmp"
} >"$RESULT"
rm -f "$RESULT.tmp"
cat "$RESULT"
