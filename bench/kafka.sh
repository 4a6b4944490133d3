#!/usr/bin/env bash
# Readings/s through the Kafka path with one and two engine instances (issue 8): `./vigil bench kafka [--quick]`.
# See cluster-demo.sh; result in bench/target/kafka.md.
set -euo pipefail
export NAME=kafka MODE=bench DEFAULT_MEMBERS="${DEFAULT_MEMBERS:-2000}"
exec "$(dirname "${BASH_SOURCE[0]}")/cluster-demo.sh" "$@"
