#!/usr/bin/env bash
# The Kubernetes manifests of every synthesized example, checked against the CRDs in ../shared/crds
# (Karpenter v1, Argo Rollouts) with ../shared/tools/validate_k8s.py: the templates of local Helm charts
# (stack assets) and the manifests inside each cdk.tf.json. Usage: scripts/validate-k8s.sh [OUT_DIR]
# (default target/ci-out). Skips, saying why, when the validator or its Python modules are missing. Kinds with
# no CRD there fail, except those a test checks (scripts/k8s-report.py says which, and names the test).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SHARED="${SHARED:-../shared}"
OUT="${1:-target/ci-out}"
PYTHON="${K8S_PYTHON:-python3}"
if [ ! -f "$SHARED/tools/validate_k8s.py" ] || [ ! -d "$SHARED/crds" ]; then
  echo "k8s manifests: $SHARED/tools/validate_k8s.py or $SHARED/crds not found: skipped"
  exit 0
fi
if ! "$PYTHON" -c 'import yaml, jsonschema' 2>/dev/null; then
  echo "k8s manifests: $PYTHON lacks PyYAML or jsonschema (pip install pyyaml jsonschema): skipped"
  exit 0
fi
mapfile -t inputs < <(find "$OUT" -path '*/assets/*/templates' -type d | sort)
mapfile -t -O "${#inputs[@]}" inputs < <(find "$OUT" -name 'cdk.tf.json' | sort)
if [ "${#inputs[@]}" -eq 0 ]; then
  echo "k8s manifests: nothing under $OUT"
  exit 0
fi
# The validator's JSON report, printed by scripts/k8s-report.py: a kind without a CRD there fails unless a
# test of ours checks its structure (the Argo Rollouts AnalysisTemplate), and is then listed as such.
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
set +e
"$PYTHON" "$SHARED/tools/validate_k8s.py" --crds "$SHARED/crds" --json "${inputs[@]}" > "$report" 2> /dev/null
set -e
"$PYTHON" scripts/k8s-report.py < "$report"
