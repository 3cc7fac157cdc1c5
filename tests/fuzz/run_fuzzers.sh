#!/bin/sh
# Builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz/ and runs each for a bounded
# time, nice'd, then prints the executions and the findings of each.
#
#   tests/fuzz/run_fuzzers.sh [SECONDS-PER-TARGET] [TARGET...]     (default: 60 s, every target)
#
# New corpus entries go to build-fuzz/fuzz-corpus/TARGET (the committed seeds in corpus/TARGET
# are only read); crash-, leak-, timeout- and oom- inputs go to build-fuzz/fuzz-findings/TARGET/;
# logs to build-fuzz/fuzz-logs/; every run is appended to build-fuzz/fuzz-logs/history.tsv.
# Exits 1 when some target found something. Builds hold /tmp/gws-build.lock (GWS_BUILD_LOCK);
# GWS_FUZZ_BUILD=0 runs the targets as they are built.
set -eu

seconds=${1:-60}
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build="$source_dir/build-fuzz"
lock=${GWS_BUILD_LOCK:-/tmp/gws-build.lock}
targets=${*:-fuzz_yaml_pipeline fuzz_http1 fuzz_h2 fuzz_tls fuzz_client_hello fuzz_admin}

if [ ! -f "$build/build.ninja" ]; then
    CC=clang CXX=clang++ cmake -S "$source_dir" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGWS_FUZZ=ON
fi
if [ "${GWS_FUZZ_BUILD:-1}" != 0 ]; then
    flock "$lock" cmake --build "$build" -j2 --target fuzzers
fi

# Per-target limits: the YAML inputs are files (16 KB); the rest are a connection's first bytes.
# -timeout: a connection the gateway never closes after the client's half-close is a hang.
options() {
    case "$1" in
        fuzz_yaml_pipeline) echo "-max_len=16384 -timeout=30" ;;
        fuzz_http1|fuzz_h2|fuzz_tls|fuzz_admin) echo "-max_len=4096 -timeout=20" ;;
        *) echo "-max_len=4096 -timeout=10" ;;
    esac
}

mkdir -p "$build/fuzz-logs"
printf '%-20s %8s %12s %8s  %s\n' target seconds executions corpus findings   # seconds actually run
status=0
for target in $targets; do
    corpus="$build/fuzz-corpus/$target"
    findings="$build/fuzz-findings/$target"
    log="$build/fuzz-logs/$target.log"
    mkdir -p "$corpus" "$findings"
    started=$(date +%s)
    # shellcheck disable=SC2046
    nice -n 10 "$build/tests/fuzz/$target" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$findings/" $(options "$target") "$corpus" "$here/corpus/$target" >"$log" 2>&1 || true
    elapsed=$(($(date +%s) - started))
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    [ -n "$executions" ] || executions=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" | tail -n 1)
    found=$(ls "$findings" | grep -E '^(crash|leak|timeout|oom)-' || true)
    entries=$(ls "$corpus" | wc -l)
    printf '%-20s %8s %12s %8s  %s\n' "$target" "$elapsed" "${executions:-?}" "$entries" "$(echo $found)"
    printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$target" "$elapsed" "${executions:-?}" "$(echo $found)" \
        >>"$build/fuzz-logs/history.tsv"
    if grep -q -E '^==[0-9]+==ERROR|^SUMMARY|ALARM: working on the last Unit' "$log"; then
        grep -E '^==[0-9]+==ERROR|^SUMMARY|ALARM' "$log" | head -n 3 | sed 's/^/    /'
        status=1
    fi
done
exit $status
