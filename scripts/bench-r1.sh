#!/usr/bin/env bash
# Times the whole `r1` process (examples/r1.rs, release build) against the same stack in cdktf 0.21
# (../shared/reference/cdktf-r1/main.js) and in cdktn 0.24, cdktf's continuation (../shared/reference/cdktn-r1),
# for the same N, and prints a markdown table: wall time and peak RSS of each, and both ratios.
#
#   scripts/bench-r1.sh               # N = 1 10 100 1000
#   scripts/bench-r1.sh 100 1000      # chosen N
#   RUNS=1 scripts/bench-r1.sh        # one round instead of the median of 3
#   PEERS=cdktn scripts/bench-r1.sh   # one peer only (default: "cdktf cdktn")
#
# Paired runs: every round runs konductor right before each peer (konductor, cdktf, konductor, cdktn), so each
# ratio compares two runs taken a moment apart, under the same load; a ratio printed is the median of the
# rounds' ratios, and the wall and RSS figures are the medians of the runs. After a peer's run the script waits
# SETTLE seconds (default 2), so the next konductor run does not pay for the kernel reclaiming the ~900 MiB
# node just released. The load (`uptime`) before and after is printed below the table.
#
# Needs GNU time (/usr/bin/time) and node; the peers are installed where their run.sh puts them
# (CDKTF_BASELINE_DIR, default /tmp/cdktf-baseline; CDKTN_BASELINE_DIR, default /tmp/cdktn-baseline): the
# script runs each run.sh once to install it when it is missing (npm). Each peer takes about 20 s at N=1000.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED_DIR:-$ROOT/../shared}"
RUNS="${RUNS:-3}"
SETTLE="${SETTLE:-2}"
read -r -a PEER_LIST <<<"${PEERS:-cdktf cdktn}"
if [ "$#" -gt 0 ]; then NS=("$@"); else NS=(1 10 100 1000); fi

TIME_BIN=/usr/bin/time
if ! "$TIME_BIN" -f %M true >/dev/null 2>&1; then
  echo "GNU time is missing: install it with \`apt-get install -y time\` (Debian/Ubuntu)" >&2
  exit 1
fi
command -v node >/dev/null || { echo "node is missing: the peers cannot run" >&2; exit 1; }

# Where each peer's reference program and installed packages are, and the package that says it is installed.
declare -A REF BASE PKG
REF[cdktf]="${CDKTF_R1_DIR:-$SHARED/reference/cdktf-r1}"
BASE[cdktf]="${CDKTF_BASELINE_DIR:-/tmp/cdktf-baseline}"
PKG[cdktf]=cdktf
REF[cdktn]="${CDKTN_R1_DIR:-$SHARED/reference/cdktn-r1}"
BASE[cdktn]="${CDKTN_BASELINE_DIR:-/tmp/cdktn-baseline}"
PKG[cdktn]=cdktn
for p in "${PEER_LIST[@]}"; do
  [ -n "${REF[$p]:-}" ] || { echo "unknown peer \`$p\` (PEERS takes cdktf and cdktn)" >&2; exit 1; }
  [ -f "${REF[$p]}/main.js" ] || { echo "no $p reference at ${REF[$p]}" >&2; exit 1; }
  if [ ! -d "${BASE[$p]}/node_modules/${PKG[$p]}" ]; then
    echo "installing $p into ${BASE[$p]} (once) ..." >&2
    var="$(echo "$p" | tr a-z A-Z)_BASELINE_DIR"
    env "$var=${BASE[$p]}" "${REF[$p]}/run.sh" 1 >&2
  fi
done

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

konductor() { run "$WORK/k" "$BIN" --n "$1" --out "$WORK/k"; }
peer() {
  local p="$1" n="$2"
  (cd "${BASE[$p]}" && run "$WORK/$p" env N="$n" CDKTF_OUTDIR="$WORK/$p" NODE_PATH="${BASE[$p]}/node_modules" \
    node "${REF[$p]}/main.js")
}

# The median of a column of numbers.
median() {
  sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

LOAD_BEFORE="$(uptime)"
"$BIN" --n 1 --out "$WORK/warmup" >/dev/null # loads the binary into the page cache
# Per N: the runs of konductor ("wall rss" lines), of each peer, and the ratios of each pair.
declare -A KW KR PW PR SPEED MEM RES
for n in "${NS[@]}"; do
  : >"$WORK/k.$n"
  for p in "${PEER_LIST[@]}"; do : >"$WORK/$p.$n"; : >"$WORK/$p.$n.ratios"; done
  for _ in $(seq "$RUNS"); do
    for p in "${PEER_LIST[@]}"; do
      read -r kw kr <<<"$(konductor "$n")"
      read -r pw pr <<<"$(peer "$p" "$n")"
      echo "$kw $kr" >>"$WORK/k.$n"
      echo "$pw $pr" >>"$WORK/$p.$n"
      awk -v kw="$kw" -v kr="$kr" -v pw="$pw" -v pr="$pr" 'BEGIN { print pw / kw, pr / kr }' >>"$WORK/$p.$n.ratios"
      sleep "$SETTLE"
    done
  done
  RES[$n]=$(grep -c '"uniqueId"' "$WORK/k/stacks/r1/cdk.tf.json")
  KW[$n]=$(cut -d' ' -f1 "$WORK/k.$n" | median)
  KR[$n]=$(cut -d' ' -f2 "$WORK/k.$n" | median)
  for p in "${PEER_LIST[@]}"; do
    PW[$p.$n]=$(cut -d' ' -f1 "$WORK/$p.$n" | median)
    PR[$p.$n]=$(cut -d' ' -f2 "$WORK/$p.$n" | median)
    SPEED[$p.$n]=$(cut -d' ' -f1 "$WORK/$p.$n.ratios" | median)
    MEM[$p.$n]=$(cut -d' ' -f2 "$WORK/$p.$n.ratios" | median)
  done
done
LOAD_AFTER="$(uptime)"

header="| N | resources | konductor wall s | konductor peak RSS MiB |"
rule="|---|---|---|---|"
for p in "${PEER_LIST[@]}"; do
  header+=" $p wall s | $p peak RSS MiB |"
  rule+="---|---|"
done
for p in "${PEER_LIST[@]}"; do
  header+=" speedup vs $p | memory ratio vs $p |"
  rule+="---|---|"
done
echo "$header"
echo "$rule"
for n in "${NS[@]}"; do
  line="$(awk -v n="$n" -v r="${RES[$n]}" -v kw="${KW[$n]}" -v kr="${KR[$n]}" \
    'BEGIN { printf "| %d | %d | %.3f | %.1f |", n, r, kw, kr / 1024 }')"
  for p in "${PEER_LIST[@]}"; do
    line+="$(awk -v w="${PW[$p.$n]}" -v r="${PR[$p.$n]}" 'BEGIN { printf " %.2f | %.0f |", w, r / 1024 }')"
  done
  for p in "${PEER_LIST[@]}"; do
    line+="$(awk -v s="${SPEED[$p.$n]}" -v m="${MEM[$p.$n]}" 'BEGIN { printf " %.0fx | %.1fx |", s, m }')"
  done
  echo "$line"
done
echo
echo "$RUNS paired round(s) per N; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
echo "load before: ${LOAD_BEFORE#*load average: }; after: ${LOAD_AFTER#*load average: }"
