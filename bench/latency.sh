#!/usr/bin/env bash
# Reading -> alert latency under a steady background load, one command (issue 7):
#
#   ./vigil bench latency            # 10,000 members streaming at 10,000 readings/s, 5 probes/s, 15 s + 60 s
#   ./vigil bench latency --quick    # 4,000 members, 10 s warm-up + 20 s measured
#
# Starts `./vigil serve` on a free port with a fresh temp data dir (rate limit off), runs org.vigil.bench.LatencyBench
# (background device API batches paced to RATE; crisis probes on fresh members timed from the ingest call until the
# alert shows on GET /api/v1/worklist?patient=ID), stops the server. Result in bench/target/latency.md.
#
# Knobs (environment): RATE (readings/s, default 10000), MEMBERS, BATCH, GATEWAYS, PROBES (per s), WARMUP,
#   DURATION, SEED, PROFILE=1 (JFR of the server while measuring -> bench/target/latency.jfr), SERVER_JAVA_OPTS, SKIP_BUILD=1, KEEP_DATA=1. Extra arguments go to LatencyBench (see --help).
set -euo pipefail
NAME=latency
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_quick "$@"
if [[ $QUICK == 1 ]]; then
  MEMBERS="${MEMBERS:-4000}"; WARMUP="${WARMUP:-10}"; DURATION="${DURATION:-20}"
else
  MEMBERS="${MEMBERS:-10000}"; WARMUP="${WARMUP:-15}"; DURATION="${DURATION:-60}"
fi

build_if_needed
make_workdir
start_server "$OUT_DIR/latency-server.log"
RESULT="$OUT_DIR/latency.md"
JFR=()
if [[ "${PROFILE:-0}" == 1 ]]; then JFR=(--jfr "$OUT_DIR/latency.jfr"); fi
"$JAVA" -Xmx2g -cp "$BENCH_JAR" org.vigil.bench.LatencyBench --url "$URL" --token-file "$TOKEN_FILE" \
  --server-pid "$SERVER_PID" --data-dir "$DATA_DIR/data" --members "$MEMBERS" --rate "${RATE:-10000}" \
  --batch "${BATCH:-500}" --gateways "${GATEWAYS:-4}" --probes "${PROBES:-5}" --warmup "$WARMUP" \
  --duration "$DURATION" --seed "${SEED:-20260101}" ${JFR[@]+"${JFR[@]}"} ${ARGS[@]+"${ARGS[@]}"} >"$RESULT.tmp"
{
  echo "Command: \`./vigil bench latency$([[ $QUICK == 1 ]] && echo ' --quick')\`$([[ -n "${RATE:-}" ]] && echo " with RATE=$RATE"). Machine: $(machine)."
  echo
  cat "$RESULT.tmp"
} >"$RESULT"
rm -f "$RESULT.tmp"
cat "$RESULT"
