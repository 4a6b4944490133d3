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
#         deploy/validate-k8s.sh --self-test   also plants one mistake at a time in a copy of the rendered
#                                               manifests and requires the check meant for it to fail
# Needs:  kubectl (any recent one: its built-in kustomize must know `labels`), Node.js >= 20 and npm (the first run
#         installs the two packages into deploy/validate/node_modules).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SELF_TEST=0
if [[ "${1:-}" == --self-test ]]; then SELF_TEST=1; shift; fi
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

[[ $SELF_TEST -eq 1 ]] || exit 0
# Each line: a sed expression that breaks the rendered manifests | a piece of the failure expected.
fails=0
while IFS='|' read -r expr expect; do
  sed -e "$expr" "$OUT" >"$OUT.broken"
  if cmp -s "$OUT" "$OUT.broken"; then
    echo "validate-k8s: self-test: '$expr' changed nothing" >&2; fails=$((fails + 1)); continue
  fi
  if out="$(node "$HERE/validate/validate-k8s.mjs" "$OUT.broken" 2>&1)"; then
    echo "validate-k8s: self-test: '$expr' was not caught" >&2; fails=$((fails + 1))
  elif ! grep -qF -- "$expect" <<<"$out"; then
    echo "validate-k8s: self-test: '$expr' failed, but not with '$expect':" >&2; echo "$out" >&2; fails=$((fails + 1))
  else
    echo "validate-k8s: self-test: caught $(grep -F -- "$expect" <<<"$out" | head -1 | sed 's/^validate-k8s: FAIL //')"
  fi
done <<'CASES'
s/containerPort: 8080/containerPort: "8080"/|containerPort must be integer
0,/periodSeconds: 10/s//periodSecond: 10/|unknown field .spec.template.spec.containers[0].livenessProbe.periodSecond
s/readinessProbe:/readinesProbe:/|unknown field .spec.template.spec.containers[0].readinesProbe
s/key: search-key/key: search-kee/|no vigil-secrets/search-kee
0,/runAsUser: 10001/s//runAsUser: 0/|must run as 10001:10001
s/readOnlyRootFilesystem: true/readOnlyRootFilesystem: false/|readOnlyRootFilesystem must be true
s/clusterIP: None/clusterIP: 10.0.0.1/|must be headless
s/- \$(POD_INDEX)/- $(POD_IDX)/|$(POD_IDX) is not in its env
s/CHANGE-ME-db-password/hunter2/|db-password is not a CHANGE-ME placeholder
s/mountPath: \/tmp/mountPath: \/scratch/|/tmp must be a volume
0,/image: vigil:/s//image: other:/|server and engine must run one image
CASES
rm -f "$OUT.broken"
[[ $fails -eq 0 ]] || { echo "validate-k8s: self-test: $fails case(s) not caught" >&2; exit 1; }
echo "validate-k8s: self-test passed"
