#!/usr/bin/env bash
# Validates the Kubernetes manifests in deploy/k8s offline: no cluster, no API server, no kubeconfig is used.
#   1. `kubectl kustomize` renders deploy/k8s (the kustomization must build; it never contacts a cluster) into
#      deploy/target/k8s-rendered.yaml;
#   2. deploy/validate/validate-k8s.mjs (Node.js, npm packages kubernetes-models and yaml, pinned in
#      deploy/validate/package-lock.json) checks every rendered object against the Kubernetes JSON schemas, rejects
#      fields the API types do not have (typos), and checks Vigil's own rules (non-root 10001, read-only root file
#      system, writable /tmp, /data and /state, probes, resources, references between the objects, placeholder-only
#      secrets). See the header of validate-k8s.mjs for the full list.
# What this cannot check: admission by a real API server (defaulting, immutable fields, quotas, policies), the
# StorageClass, the image in a registry, Kafka and PostgreSQL being reachable. `kubectl apply --dry-run=client`
# is no help offline: kubectl still asks the API server for its resource list and schema.
#
# Usage:  deploy/validate-k8s.sh [K8S_DIR]     (default deploy/k8s)
# Needs:  kubectl (any recent one: its built-in kustomize must know `labels`), Node.js >= 20 and npm (the first run
#         installs the two packages into deploy/validate/node_modules).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIR="${1:-$HERE/k8s}"
OUT="$HERE/target/k8s-rendered.yaml"

command -v kubectl >/dev/null || { echo "validate-k8s: kubectl not found" >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "validate-k8s: node and npm are needed" >&2; exit 1; }

mkdir -p "$(dirname "$OUT")"
# An empty kubeconfig: kustomize needs none, and nothing may reach for a cluster.
KUBECONFIG=/dev/null kubectl kustomize "$DIR" >"$OUT"
echo "validate-k8s: kubectl kustomize $DIR -> $OUT ($(grep -c '^kind:' "$OUT") objects; kubectl $(KUBECONFIG=/dev/null kubectl version --client -o json | sed -n 's/.*"gitVersion": "\([^"]*\)".*/\1/p' | head -1))"

if [[ ! -d "$HERE/validate/node_modules/kubernetes-models" ]]; then
  (cd "$HERE/validate" && npm ci --no-audit --no-fund --loglevel=error)
fi
node "$HERE/validate/validate-k8s.mjs" "$OUT"
