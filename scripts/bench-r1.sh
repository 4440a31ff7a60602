#!/usr/bin/env bash
# Times the whole `r1` process (examples/r1.rs, release build) against cdktf's main.js for the same N, and
# prints a markdown table: wall time and peak RSS of each, and the ratios.
#
#   scripts/bench-r1.sh               # N = 1 10 100 1000
#   scripts/bench-r1.sh 100 1000      # chosen N
#   RUNS=1 scripts/bench-r1.sh        # one run of each instead of the median of 3
#
# Needs GNU time (/usr/bin/time) and, for cdktf, node with cdktf 0.21.0 installed where
# ../shared/reference/cdktf-r1/run.sh puts it (CDKTF_BASELINE_DIR, default /tmp/cdktf-baseline); the script
# runs run.sh once to install it when it is missing. cdktf takes about 22 s at N=1000.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REF="${CDKTF_R1_DIR:-$ROOT/../shared/reference/cdktf-r1}"
BASELINE="${CDKTF_BASELINE_DIR:-/tmp/cdktf-baseline}"
RUNS="${RUNS:-3}"
if [ "$#" -gt 0 ]; then NS=("$@"); else NS=(1 10 100 1000); fi

TIME_BIN=/usr/bin/time
if ! "$TIME_BIN" -f %M true >/dev/null 2>&1; then
  echo "GNU time is missing: install it with \`apt-get install -y time\` (Debian/Ubuntu)" >&2
  exit 1
fi
command -v node >/dev/null || { echo "node is missing: cdktf's side cannot run" >&2; exit 1; }
[ -f "$REF/main.js" ] || { echo "no cdktf reference at $REF (set CDKTF_R1_DIR)" >&2; exit 1; }
if [ ! -d "$BASELINE/node_modules/cdktf" ]; then
  echo "installing cdktf into $BASELINE (once) ..." >&2
  CDKTF_BASELINE_DIR="$BASELINE" "$REF/run.sh" 1 >&2
fi

echo "building: cargo build --release --example r1" >&2
(cd "$ROOT" && cargo build --quiet --release --example r1)
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
BIN="$TARGET/release/examples/r1"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# run OUTDIR CMD...: runs CMD under GNU time, prints "wall_seconds peak_rss_kib".
run() {
  local out="$1"
  shift
  rm -rf "$out"
  local start end
  start=$EPOCHREALTIME
  "$TIME_BIN" -f %M -o "$WORK/rss" "$@" >/dev/null
  end=$EPOCHREALTIME
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }') $(tail -n 1 "$WORK/rss")"
}

# median of the first field, with the second field of the same line: "wall rss"
median() {
  sort -n | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'
}

# konductor first, for every N, then cdktf: a measurement right after a cdktf run at large N pays for the
# kernel reclaiming the ~900 MiB that node just released.
"$BIN" --n 1 --out "$WORK/warmup" >/dev/null # loads the binary into the page cache
declare -A K C R
for n in "${NS[@]}"; do
  K[$n]=$(for _ in $(seq "$RUNS"); do run "$WORK/k" "$BIN" --n "$n" --out "$WORK/k"; done | median)
  R[$n]=$(grep -c '"uniqueId"' "$WORK/k/stacks/r1/cdk.tf.json")
done
for n in "${NS[@]}"; do
  C[$n]=$(for _ in $(seq "$RUNS"); do
    (cd "$BASELINE" && run "$WORK/c" env N="$n" CDKTF_OUTDIR="$WORK/c" NODE_PATH="$BASELINE/node_modules" node "$REF/main.js")
  done | median)
done

echo "| N | resources | konductor wall s | konductor peak RSS MiB | cdktf wall s | cdktf peak RSS MiB | speedup | memory ratio |"
echo "|---|---|---|---|---|---|---|---|"
for n in "${NS[@]}"; do
  read -r kw kr <<<"${K[$n]}"
  read -r cw cr <<<"${C[$n]}"
  awk -v n="$n" -v r="${R[$n]}" -v kw="$kw" -v kr="$kr" -v cw="$cw" -v cr="$cr" 'BEGIN {
    printf "| %d | %d | %.3f | %.1f | %.2f | %.0f | %.0fx | %.1fx |\n", n, r, kw, kr / 1024, cw, cr / 1024, cw / kw, cr / kr
  }'
done
