#!/bin/bash
# CPU cost per proxied request, for `serve --workers 1` and nginx (one worker) on the 80/20 split
# of bench_proxy.py, plain HTTP keep-alive, wrk -t1 -c50. Counts rather than rates, so that a busy
# machine does not change them: user-space instructions per request (callgrind over a wrk run
# after a warm-up), system calls per request (strace -c) and malloc calls per request (a perf
# uprobe on libc's malloc). Everything binds loopback, on ports of its own (bench_proxy.py may run
# beside it), and is stopped at the end.
#
#     tests/bench/proxy_cost.sh [BUILD_DIR] [studio|nginx|both]
#
# Needs valgrind, strace, perf (root, for the uprobe), wrk and nginx-light; not part of CI.
set -u
BUILD=$(realpath "${1:-build}")
WHICH=${2:-both}
BIN=$BUILD/app/gateway-studio
HERE=$(dirname "$(realpath "$0")")
WORK=$(mktemp -d /tmp/gws-cost-XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK"/{body,proxy,fastcgi,uwsgi,scgi}
python3 - "$HERE" "$WORK" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import bench_proxy as b
w = sys.argv[2]
b.ECHO_PORTS, b.NGINX_PORT = (19101, 19102), 21180
open(f"{w}/topology.yaml", "w").write(b.topology(1))
open(f"{w}/nginx.conf", "w").write(b.nginx_conf(w, 1, 1).replace("daemon off;", "daemon off;\nmaster_process off;"))
PY
LIBC=$(ldd "$BIN" | awk '/libc.so.6/ {print $3}')
perf probe -q -x "$LIBC" malloc 2>/dev/null   # exists already after a first run: fine

for i in 1 2; do
    "$BIN" echo --listen 127.0.0.1:1910$i --service v$i --pod v$i-0000000000-0000$i >/dev/null 2>&1 &
    PIDS+=($!)
done

requests() { grep -o '[0-9]* requests in' "$1" | cut -d' ' -f1; }

# Starts the proxy (under `$1`, a command prefix, possibly empty); sets PID and PORT.
start() {
    local prefix=$1 which=$2
    PORT=$([ "$which" = studio ] && echo 21080 || echo 21180)
    if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
        echo "port $PORT is taken by another process: not measured" >&2
        exit 1
    fi
    if [ "$which" = studio ]; then
        $prefix "$BIN" serve "$WORK/topology.yaml" --address 127.0.0.1 --port-offset 21000 --workers 1 \
            --admin 127.0.0.1:0 --bind default/v1:80=127.0.0.1:19101 --bind default/v2:80=127.0.0.1:19102 \
            >"$WORK/proxy.log" 2>&1 &
    else
        $prefix nginx -c "$WORK/nginx.conf" -p "$WORK" -e "$WORK/nginx-error.log" >"$WORK/proxy.log" 2>&1 &
    fi
    PID=$!
    PIDS+=($PID)
    for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
    wrk -t1 -c50 -d2s "http://127.0.0.1:$PORT/" >/dev/null   # warm-up: pooled connections, caches
}

stop() { kill "$PID"; wait "$PID" 2>/dev/null; }

measure() {
    local which=$1
    start "valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=$WORK/$which.cg" "$which"
    callgrind_control -i on "$PID" >/dev/null 2>&1
    wrk -t1 -c50 -d6s "http://127.0.0.1:$PORT/" >"$WORK/wrk-cg.txt"
    callgrind_control -i off "$PID" >/dev/null 2>&1
    callgrind_control -d "$PID" >/dev/null 2>&1
    sleep 1
    stop
    local ir n
    ir=$(callgrind_annotate "$(ls "$WORK/$which.cg".* | sort -V | tail -1)" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}')
    n=$(requests "$WORK/wrk-cg.txt")

    start "" "$which"
    perf stat -x, -e probe_libc:malloc -p "$PID" -o "$WORK/perf.txt" &
    local perf=$!
    sleep 0.2
    wrk -t1 -c50 -d5s "http://127.0.0.1:$PORT/" >"$WORK/wrk-perf.txt"
    kill -INT $perf; wait $perf 2>/dev/null
    strace -c -f -p "$PID" -o "$WORK/strace.txt" 2>/dev/null &
    local st=$!
    sleep 0.5
    wrk -t1 -c50 -d3s "http://127.0.0.1:$PORT/" >"$WORK/wrk-strace.txt"
    kill -INT $st; wait $st 2>/dev/null
    stop
    local mallocs m s
    mallocs=$(awk -F, '/probe_libc:malloc/ {print $1}' "$WORK/perf.txt")
    m=$(requests "$WORK/wrk-perf.txt")
    s=$(requests "$WORK/wrk-strace.txt")
    printf '%s: %d instructions (user) per request (%d requests under callgrind); %.1f mallocs per request\n' \
        "$which" $((ir / n)) "$n" "$(echo "$mallocs / $m" | bc -l)"
    awk -v n="$s" '$NF != "syscall" && $NF != "total" && $1 !~ /^-/ && NF >= 5 {c = $4; if (c / n >= 0.01) printf "    %-12s %5.2f per request\n", $NF, c / n}
                   $NF == "total" {printf "    %-12s %5.2f system calls per request\n", "all", $4 / n}' "$WORK/strace.txt"
    grep -h "Non-2xx" "$WORK"/wrk-*.txt
}

[ "$WHICH" = nginx ] || measure studio
[ "$WHICH" = studio ] || measure nginx
