#!/usr/bin/env python3
"""The report of ../shared/tools/validate_k8s.py --json (read from stdin), printed for CI.

Every manifest the validator failed fails here too, except one whose only error is that its kind has no CRD in
../shared/crds and whose kind is in CHECKED_BY_TESTS: those are listed by name as "NO CRD", with the test that
checks their structure instead (cargo test runs it later in .ci/run), and counted apart, never as passed.
Exit status: 1 when a manifest failed, else 0. The last line is the count of each outcome.
"""
import json
import re
import sys

# Kinds konductor renders that ../shared/crds has no CRD for: the test that checks each one's structure.
CHECKED_BY_TESTS = {
    ("argoproj.io/v1alpha1", "AnalysisTemplate"):
        "konductor-aws/tests/rollout.rs::analysis_template_follows_the_argo_rollouts_v1alpha1_spec",
}
NO_SCHEMA = re.compile(r"^no schema for (\S+) in (\S+)(;|$)")


def label(r):
    return f"{r['source']} {r.get('apiVersion', '?')} {r.get('kind', '?')}/{r.get('name') or '?'} [{r.get('construct_path') or '-'}]"


def main():
    report = json.load(sys.stdin)
    counts = {"passed": 0, "failed": 0, "skipped": 0, "no CRD": 0}
    for r in report["results"]:
        status = r["status"]
        test = CHECKED_BY_TESTS.get((r.get("apiVersion"), r.get("kind")))
        no_crd = status == "failed" and test and all(
            e["path"] == "apiVersion" and NO_SCHEMA.match(e["message"]) for e in r["errors"])
        if no_crd:
            counts["no CRD"] += 1
            print(f"NO CRD  {label(r)}: no CRD in the CRDs given; its structure is checked by {test}")
            continue
        counts[status] += 1
        if status == "failed":
            print(f"FAILED  {label(r)}")
            for e in r["errors"]:
                print(f"    error   {e['path']}: {e['message']}")
        elif status == "skipped":
            print(f"SKIPPED {label(r)}: {r.get('reason')}")
    for p in report.get("problems", []):
        print(f"note: {p}")
    print("k8s-manifests: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
