#!/usr/bin/env bash
# Durable ingest over HTTP vs PostgreSQL COPY of the same rows, one command (issue 7):
#
#   ./vigil bench ingest            # 20,000 members, 4 clients (1 FHIR), 60 s measured
#   ./vigil bench ingest --quick    # 2,000 members, 15 s measured: the same figures on a smaller load
#
# Starts `./vigil serve` on a free port with a fresh temp data dir (rate limit off), creates the sim population,
# runs org.vigil.bench.IngestBench (warm-up, measured device API + FHIR transaction load, then COPY of the stored
# rows into bare tables on the same database), stops the server. Prints the figures; the last line is
# `ingest/copy ratio: X.XX`. Result in bench/target/ingest.md; the server's log in bench/target/ingest-server.log.
#
# Knobs (environment): MEMBERS, DAYS, DURATION (s), CLIENTS, FHIR_CLIENTS, BATCH, FHIR_BATCH, SEED,
#   PROFILE=1 (JFR of the server over the measured phase -> bench/target/ingest.jfr), PG_STATS=1 (PostgreSQL's
#   time per statement over the measured phase, pg_stat_statements; each statement then costs a little more),
#   SERVER_JAVA_OPTS,
#   SKIP_BUILD=1, KEEP_DATA=1. Extra arguments go to IngestBench (see --help).
set -euo pipefail
NAME=ingest
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_quick "$@"
if [[ $QUICK == 1 ]]; then
  MEMBERS="${MEMBERS:-2000}"; DAYS="${DAYS:-20}"; DURATION="${DURATION:-15}"
else
  MEMBERS="${MEMBERS:-20000}"; DAYS="${DAYS:-60}"; DURATION="${DURATION:-60}"
fi

build_if_needed
make_workdir
SERVER_ARGS=()
if [[ "${PG_STATS:-0}" == 1 ]]; then SERVER_ARGS=(--vigil.db.statement-stats=true); fi
start_server "$OUT_DIR/ingest-server.log" ${SERVER_ARGS[@]+"${SERVER_ARGS[@]}"}
DRIVER_OPTS=()
if [[ "${PROFILE:-0}" == 1 ]]; then DRIVER_OPTS=(--jfr "$OUT_DIR/ingest.jfr"); fi
if [[ "${PG_STATS:-0}" == 1 ]]; then DRIVER_OPTS+=(--pg-stats true); fi

RESULT="$OUT_DIR/ingest.md"
{
  "$JAVA" -Xmx3g -cp "$BENCH_JAR" org.vigil.bench.IngestBench --url "$URL" --token-file "$TOKEN_FILE" \
    --data-dir "$DATA_DIR/data" --server-pid "$SERVER_PID" --members "$MEMBERS" --days "$DAYS" \
    --duration "$DURATION" --clients "${CLIENTS:-4}" --fhir-clients "${FHIR_CLIENTS:-1}" --batch "${BATCH:-5000}" \
    --fhir-batch "${FHIR_BATCH:-500}" --seed "${SEED:-20260101}" ${DRIVER_OPTS[@]+"${DRIVER_OPTS[@]}"} \
    ${ARGS[@]+"${ARGS[@]}"} >"$RESULT.tmp"
}
{
  echo "Command: \`./vigil bench ingest$([[ $QUICK == 1 ]] && echo ' --quick')\`. Machine: $(machine)."
  echo
  grep -v '^ingest/copy ratio' "$RESULT.tmp"
  [[ "${PROFILE:-0}" == 1 ]] && echo "JFR recording of the server over the measured phase: $OUT_DIR/ingest.jfr" && echo
  grep '^ingest/copy ratio' "$RESULT.tmp"
} >"$RESULT"
rm -f "$RESULT.tmp"
cat "$RESULT"
