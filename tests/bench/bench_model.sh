#!/usr/bin/env bash
# Model benchmark: validate, export and status (translation) of a generated topology of 10,000
# objects (1,000 Gateways, 9,000 routes, plus their GatewayClass). Prints the median wall time of
# RUNS runs of each command.
#
#   tests/bench/bench_model.sh [BUILD_DIR]      (RUNS=7 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${1:-build}
RUNS=${RUNS:-7}
BIN="$BUILD_DIR/app/gateway-studio"
OUT=tests/bench/out
mkdir -p "$OUT"
python3 tests/bench/make_topology.py --gateways 1000 --routes 9000 --out "$OUT/topology-10k.yaml"
echo "input: $(grep -c '^kind:' "$OUT/topology-10k.yaml") objects, $(wc -c < "$OUT/topology-10k.yaml") bytes, $(wc -l < "$OUT/topology-10k.yaml") lines"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() {
  local label=$1; shift
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%-10s median %.3f s  (runs: %s)\n' "$label" "$(printf '%s\n' "${times[@]}" | median)" \
    "$(printf '%.3f ' "${times[@]}")"
}

measure validate "$BIN" validate -q "$OUT/topology-10k.yaml"
measure export "$BIN" export "$OUT/topology-10k.yaml" -o "$OUT/exported.yaml"
measure status sh -c "'$BIN' status -o json '$OUT/topology-10k.yaml' > /dev/null; test \$? -le 3"
echo "phases, in one process (tests/bench/bench_translate.cpp):"
"$BUILD_DIR/tests/bench/bench_translate" "$OUT/topology-10k.yaml" "$RUNS"
/usr/bin/time -f 'peak RSS of export: %M KB' "$BIN" export "$OUT/topology-10k.yaml" -o /dev/null 2>&1 >/dev/null | tail -1
