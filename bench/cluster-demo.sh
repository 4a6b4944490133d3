#!/usr/bin/env bash
# Scale-out on Kafka, one command (issue 8, ADR 0016):
#
#   ./vigil cluster-demo            # 3 in-process KRaft brokers, the server in Kafka mode, 2 engine instances; one
#                                   # engine is SIGKILLed mid-stream; prints readings/alerts/lost/duplicated
#   ./vigil cluster-demo --quick    # 1 broker, fewer members
#   ./vigil bench kafka [--quick]   # readings/s through the Kafka path with 1 and 2 engine instances
#
# Runs org.vigil.bench.ClusterDemo from the bench jar with a snapshot of the server jar. The last line on stdout is
# `readings: N, alerts: M, lost: L, duplicated: D`; exit status 1 when any check fails. Result in
# bench/target/cluster-demo.md (or kafka.md); logs of the server and engines under the temp work dir (KEEP_DATA=1
# keeps it). Knobs (environment): BROKERS, PARTITIONS, MEMBERS, DAYS, CLIENTS, BATCH, SEED, SKIP_BUILD=1.
set -euo pipefail
NAME="${NAME:-cluster-demo}"
MODE="${MODE:-demo}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_quick "$@"
if [[ $QUICK == 1 ]]; then
  BROKERS="${BROKERS:-1}"; MEMBERS="${MEMBERS:-100}"; DAYS="${DAYS:-7}"
else
  # Three brokers if the machine allows (they, the server, its PostgreSQL and the engines share it): 2+ cores and
  # 4 GiB available; one otherwise.
  avail_kib="$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)"
  if [[ "$(nproc)" -ge 2 && "${avail_kib:-0}" -ge $((4 * 1024 * 1024)) ]]; then default_brokers=3; else default_brokers=1; fi
  BROKERS="${BROKERS:-$default_brokers}"; MEMBERS="${MEMBERS:-${DEFAULT_MEMBERS:-300}}"; DAYS="${DAYS:-${DEFAULT_DAYS:-14}}"
  [[ "$BROKERS" == 1 && "$default_brokers" == 1 ]] && say "one broker: this machine has $(nproc) core(s) and $((avail_kib / 1024)) MiB available"
fi

build_if_needed
make_workdir
RESULT="$OUT_DIR/$NAME.md"
status=0
"$JAVA" -Xmx2g -cp "$BENCH_JAR" org.vigil.bench.ClusterDemo --mode "$MODE" --jar "$SNAPSHOT/server/target/vigil-server.jar" \
  --work "$DATA_DIR" --token-file "$TOKEN_FILE" --brokers "$BROKERS" --partitions "${PARTITIONS:-6}" \
  --members "$MEMBERS" --days "$DAYS" --clients "${CLIENTS:-2}" --batch "${BATCH:-100}" --seed "${SEED:-20260101}" \
  --out "$RESULT.tmp" ${ARGS[@]+"${ARGS[@]}"} || status=$?
if [[ -f "$RESULT.tmp" ]]; then
  {
    echo "Command: \`./vigil $([[ $MODE == bench ]] && echo 'bench kafka' || echo cluster-demo)$([[ $QUICK == 1 ]] && echo ' --quick')\`. Machine: $(machine)."
    echo
    cat "$RESULT.tmp"
  } >"$RESULT"
  rm -f "$RESULT.tmp"
fi
exit $status
