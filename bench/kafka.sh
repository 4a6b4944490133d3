#!/usr/bin/env bash
# Readings/s through the Kafka path with one and two engine instances (issue 8): `./vigil bench kafka [--quick]`.
# See cluster-demo.sh; result in bench/target/kafka.md.
set -euo pipefail
export NAME=kafka MODE=bench DEFAULT_MEMBERS="${DEFAULT_MEMBERS:-5000}" DEFAULT_DAYS="${DEFAULT_DAYS:-30}" CLIENTS="${CLIENTS:-4}" BATCH="${BATCH:-500}"
exec "$(dirname "${BASH_SOURCE[0]}")/cluster-demo.sh" "$@"
