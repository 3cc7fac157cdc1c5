#!/usr/bin/env python3
"""Proxy benchmark: Gateway Studio's `serve` against nginx (Debian's), driven by wrk, alternately.

Both proxies sit in front of the same two backends (`gateway-studio echo`, the built-in echo
server) and split traffic 80/20 between them with upstream keep-alive; nginx runs with the access
log off and as many worker processes as `serve` has workers. Each variant runs ROUNDS pairs of
A B A B ... so the noise of this shared machine falls on both. Everything binds loopback only and
everything started is stopped at the end, also on errors and Ctrl-C.

    tests/bench/bench_proxy.py [--build build] [--rounds 3] [--duration 10] [--connections 50]
                               [--variants plain1,plain2,https2,routes10k,routes10k2,reload,idle10k]

routes10k2 is the shape a platform team runs: 10,000 HTTPRoutes on a Gateway with an HTTP and an
HTTPS listener, every route attached to both (nginx: each server block listening on both ports);
the load goes to the HTTP port, the start time and RSS are the point.

Needs wrk and nginx-light (apt-get install wrk nginx-light); not part of CI.
"""
import argparse
import json
import os
import re
import resource
import shutil
import socket
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ECHO_PORTS = (19001, 19002)
STUDIO_OFFSET = 20000          # the Gateway's port 80 is served at 20080
STUDIO_PORT = 80 + STUDIO_OFFSET
STUDIO_TLS_PORT = 443 + STUDIO_OFFSET
NGINX_PORT = 20180
NGINX_TLS_PORT = 20543


def indent(pem):
    return "|\n" + "".join("    " + line + "\n" for line in pem.strip().splitlines())


def topology(routes, tls=None, both=False):
    """One Gateway, `routes` HTTPRoutes, each on its own hostname (r<i>.bench.test) when
    routes > 1, each splitting 80/20 between the two bound backends. With `tls` (certificate,
    key) the listener is HTTPS (Terminate) with that certificate; with `both` as well, the Gateway
    has the HTTP and the HTTPS listener and every route attaches to both."""
    docs = ["""apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: bench}
spec: {controllerName: gateway-studio.dev/bench}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: bench, namespace: default}
spec:
  gatewayClassName: bench
  listeners: [{name: http, protocol: HTTP, port: 80}]
"""]
    if tls:
        https = "{name: https, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: bench-tls}]}}"
        docs[0] = docs[0].replace("[{name: http, protocol: HTTP, port: 80}]",
                                  "[{name: http, protocol: HTTP, port: 80}, " + https + "]" if both else "[" + https + "]")
        docs.append("apiVersion: v1\nkind: Secret\nmetadata: {name: bench-tls, namespace: default}\ntype: kubernetes.io/tls\n"
                    f"stringData:\n  tls.crt: {indent(tls[0])}  tls.key: {indent(tls[1])}")
    for i in range(routes):
        hostnames = f"\n  hostnames: [r{i}.bench.test]" if routes > 1 else ""
        docs.append(f"""apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: split-{i}, namespace: default}}
spec:
  parentRefs: [{{name: bench}}]{hostnames}
  rules:
    - backendRefs: [{{name: v1, port: 80, weight: 80}}, {{name: v2, port: 80, weight: 20}}]
""")
    return "---\n".join(docs)


# What serve sends upstream besides the client's request (the client's Host, X-Forwarded-For, -Host
# and -Proto), set on nginx the way a reverse proxy in front of services is usually configured, so
# that both proxies send the backends the same request and get the same answer back.
PROXY_HEADERS = ('proxy_set_header Connection \"\"; proxy_set_header Host $http_host; '
                 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; proxy_set_header X-Forwarded-Host $http_host; '
                 'proxy_set_header X-Forwarded-Proto $scheme;')


def nginx_conf(workdir, workers, routes, tls=False, both=False):
    servers = []
    names = " ".join(f"r{i}.bench.test" for i in range(routes)) if routes > 1 else "_"
    https = (f"listen 127.0.0.1:{NGINX_TLS_PORT} ssl; ssl_certificate {workdir}/cert.pem; "
             f"ssl_certificate_key {workdir}/key.pem; ") if both else ""
    if routes > 1:
        # One server block per hostname, as 10,000 HTTPRoutes would be written for nginx.
        for i in range(routes):
            servers.append(f"  server {{ listen 127.0.0.1:{NGINX_PORT}; {https}server_name r{i}.bench.test; "
                           f"location / {{ proxy_pass http://split; proxy_http_version 1.1; "
                           f"{PROXY_HEADERS} }} }}")
    elif tls:
        servers.append(f"  server {{ listen 127.0.0.1:{NGINX_TLS_PORT} ssl; server_name _; "
                       f"ssl_certificate {workdir}/cert.pem; ssl_certificate_key {workdir}/key.pem; "
                       f"location / {{ proxy_pass http://split; proxy_http_version 1.1; "
                       f"{PROXY_HEADERS} }} }}")
    else:
        servers.append(f"  server {{ listen 127.0.0.1:{NGINX_PORT}; server_name {names}; "
                       f"location / {{ proxy_pass http://split; proxy_http_version 1.1; "
                       f"{PROXY_HEADERS} }} }}")
    return f"""worker_processes {workers};
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 20000; }}
worker_rlimit_nofile 40000;
http {{
  access_log off;
  client_body_temp_path {workdir}/body;
  proxy_temp_path {workdir}/proxy;
  fastcgi_temp_path {workdir}/fastcgi;
  uwsgi_temp_path {workdir}/uwsgi;
  scgi_temp_path {workdir}/scgi;
  server_names_hash_max_size 65536;
  server_names_hash_bucket_size 128;
  upstream split {{
    server 127.0.0.1:{ECHO_PORTS[0]} weight=4;
    server 127.0.0.1:{ECHO_PORTS[1]} weight=1;
    keepalive 128;
  }}
{chr(10).join(servers)}
}}
"""


class Processes:
    """Starts processes and stops every one of them, whatever happens."""

    def __init__(self):
        self.running = []

    def start(self, args, **kwargs):
        p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
        self.running.append(p)
        return p

    def stop(self, p):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        if p in self.running:
            self.running.remove(p)

    def stop_all(self):
        for p in list(self.running):
            self.stop(p)


def wait_for_line(p, prefix, timeout=60):
    """Reads p's stdout until a line starting with prefix (bounded by timeout)."""
    deadline = time.time() + timeout
    result = {}

    def reader():
        for line in p.stdout:
            if line.startswith(prefix):
                result["line"] = line.strip()
                return

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    t.join(max(0.0, deadline - time.time()))
    if "line" not in result:
        raise RuntimeError(f"{p.args[0]}: no '{prefix}' line within {timeout} s; stderr: {p.stderr.read(2000) if p.poll() is not None else ''}")
    return result["line"]


def wait_for_port(port, timeout=30, scheme="http"):
    import ssl
    context = ssl._create_unverified_context()
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{scheme}://127.0.0.1:{port}/", timeout=1, context=context).read()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port} after {timeout} s")


def rss_kb(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def nginx_pids(master):
    out = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True).stdout.split()
    return [master.pid] + [int(x) for x in out]


WRK_LUA_HOSTS = """
local n = {routes}
local i = 0
request = function()
  i = (i + 7919) % n  -- 7919 is prime to n: every route gets requests, in a scattered order
  return wrk.format("GET", "/", {{ Host = "r" .. i .. ".bench.test" }})
end
"""


def run_wrk(port, args, workdir, routes, scheme="http"):
    cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency", "--timeout", "5s"]
    if routes > 1:
        script = os.path.join(workdir, "hosts.lua")
        with open(script, "w") as f:
            f.write(WRK_LUA_HOSTS.format(routes=routes))
        cmd += ["-s", script]
    cmd.append(f"{scheme}://127.0.0.1:{port}/")
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.duration + 60).stdout
    return parse_wrk(out)


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(out):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": rps, "p50": p50, "p99": p99, "requests": requests,
            "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "errors": sum(int(x) for x in errors.groups()) if errors else 0}


def start_studio(procs, binary, config, workers):
    started = time.time()
    p = procs.start([binary, "serve", config, "--address", "127.0.0.1", "--port-offset", str(STUDIO_OFFSET),
                     "--workers", str(workers), "--admin", "127.0.0.1:0",
                     "--bind", f"default/v1:80=127.0.0.1:{ECHO_PORTS[0]}",
                     "--bind", f"default/v2:80=127.0.0.1:{ECHO_PORTS[1]}"])
    admin = wait_for_line(p, "admin ").split()[1]
    wait_for_line(p, "ready")
    return p, time.time() - started, admin


def start_nginx(procs, workdir, workers, routes, tls=False, both=False):
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(nginx_conf(workdir, workers, routes, tls and not both, both))
    for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        os.makedirs(os.path.join(workdir, d), exist_ok=True)
    started = time.time()
    p = procs.start(["nginx", "-c", conf, "-p", workdir, "-e", os.path.join(workdir, "nginx-error.log")])
    secure = tls and not both
    wait_for_port(NGINX_TLS_PORT if secure else NGINX_PORT, timeout=120, scheme="https" if secure else "http")
    return p, time.time() - started


def reloader(config, stop, counter):
    """Rewrites the topology with alternating weights (80/20, 50/50) every 0.1 s until stopped."""
    text = open(config).read()
    variants = [text, text.replace("weight: 80", "weight: 50").replace("weight: 20", "weight: 50")]
    while not stop.is_set() and counter[0] < 100:
        tmp = config + ".tmp"
        with open(tmp, "w") as f:
            f.write(variants[(counter[0] + 1) % 2])
        os.replace(tmp, config)
        counter[0] += 1
        stop.wait(max(0.05, 1.0 * 8 / 100))


def cpu_seconds(pids):
    """User and system CPU time the processes have used so far (their threads included)."""
    ticks = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def fmt(r):
    cpu = f"  {r['cpu_us']:5.1f} µs CPU/req" if "cpu_us" in r else ""
    return (f"{r['rps']:>9.0f} rps  p50 {r['p50']:6.2f} ms  p99 {r['p99']:6.2f} ms  non-2xx {r['non2xx']}  "
            f"errors {r['errors']}{cpu}")


def make_certificate(workdir):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-subj", "/CN=bench.test", "-days", "30", "-keyout", os.path.join(workdir, "key.pem"),
                    "-out", os.path.join(workdir, "cert.pem")], check=True, capture_output=True)
    return (open(os.path.join(workdir, "cert.pem")).read(), open(os.path.join(workdir, "key.pem")).read())


IDLE_CONNECTIONS = 10000


def hold_idle(port, count):
    """Opens `count` connections, sends one keep-alive request on each and reads its answer, and
    returns the open sockets (idle keep-alive connections) and how many answered 200."""
    held, ok = [], 0
    request = b"GET / HTTP/1.1\r\nHost: bench.test\r\n\r\n"
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(request)
        answer = s.recv(65536)
        ok += answer.startswith(b"HTTP/1.1 200")
        held.append(s)
    return held, ok


def run_idle(args, binary, procs, workdir):
    """10,000 idle keep-alive connections held by each proxy (2 workers): RSS with them open, and
    whether they still serve a request afterwards."""
    config = os.path.join(workdir, "studio", "idle10k.yaml")   # apart from nginx's files (run_variant)
    os.makedirs(os.path.dirname(config), exist_ok=True)
    with open(config, "w") as f:
        f.write(topology(1, None))
    studio, _, _ = start_studio(procs, binary, config, 2)
    nginx, _ = start_nginx(procs, workdir, 2, 1, False)
    print(f"\n== idle10k: {IDLE_CONNECTIONS} idle keep-alive connections, 2 workers")
    for who, port, pids in (("studio", STUDIO_PORT, lambda: [studio.pid]), ("nginx", NGINX_PORT, lambda: nginx_pids(nginx))):
        before = rss_kb(pids())
        held, ok = hold_idle(port, IDLE_CONNECTIONS)
        time.sleep(1)
        during = rss_kb(pids())
        still = 0
        for s in held[::100]:   # every 100th connection is still served
            s.sendall(b"GET / HTTP/1.1\r\nHost: bench.test\r\n\r\n")
            still += s.recv(65536).startswith(b"HTTP/1.1 200")
        for s in held:
            s.close()
        print(f"  {who:6} RSS {before // 1024} MB idle → {during // 1024} MB with {len(held)} connections "
              f"({(during - before) / len(held):.1f} KB each); answered {ok}/{len(held)}, "
              f"later {still}/{len(held[::100])}", flush=True)
    procs.stop(studio)
    procs.stop(nginx)


def run_variant(name, args, binary, procs, workdir):
    if name == "idle10k":
        return run_idle(args, binary, procs, workdir)
    workers = 2 if name in ("plain2", "routes10k", "routes10k2", "reload", "https2") else 1
    routes = 10000 if name.startswith("routes10k") else 1
    both = name == "routes10k2"  # an HTTP and an HTTPS listener; the load on HTTP
    tls = make_certificate(workdir) if name.startswith("https") or both else None
    # A folder of its own, away from what nginx writes into workdir while it starts (serve
    # reloads only for its own files, but keeps the two proxies' files apart all the same).
    config = os.path.join(workdir, "studio", f"{name}.yaml")
    os.makedirs(os.path.dirname(config), exist_ok=True)
    with open(config, "w") as f:
        f.write(topology(routes, tls, both))
    studio, studio_start, admin = start_studio(procs, binary, config, workers)
    nginx, nginx_start = start_nginx(procs, workdir, workers, routes, tls is not None, both)
    studio_rss = rss_kb([studio.pid])
    nginx_rss = rss_kb(nginx_pids(nginx))
    print(f"\n== {name}: {workers} worker(s), {routes} route(s); start: studio {studio_start:.2f} s "
          f"({studio_rss // 1024} MB RSS), nginx {nginx_start:.2f} s ({nginx_rss // 1024} MB RSS)")
    results = {"studio": [], "nginx": []}
    for rnd in range(args.rounds):
        secure = tls and not both
        ports = (("studio", STUDIO_TLS_PORT), ("nginx", NGINX_TLS_PORT)) if secure else (("studio", STUDIO_PORT), ("nginx", NGINX_PORT))
        for who, port in ports:
            stop, counter, t = threading.Event(), [0], None
            if name == "reload" and who == "studio":
                t = threading.Thread(target=reloader, args=(config, stop, counter))
                t.start()
            # The proxy's own CPU per request: less noisy than req/s, which the other processes
            # on these two cores share.
            pids = [studio.pid] if who == "studio" else nginx_pids(nginx)
            cpu_before = cpu_seconds(pids)
            r = run_wrk(port, args, workdir, routes, "https" if secure else "http")
            if r["requests"]:
                r["cpu_us"] = (cpu_seconds(pids) - cpu_before) * 1e6 / r["requests"]
            if t:
                stop.set()
                t.join()
                r["reloads"] = counter[0]
            results[who].append(r)
            extra = f"  reloads {r['reloads']}" if "reloads" in r else ""
            print(f"  round {rnd + 1} {who:6} {fmt(r)}{extra}", flush=True)
    summary = {}
    for who in results:
        rs = results[who]
        summary[who] = {"rps": statistics.median(r["rps"] for r in rs), "p50": statistics.median(r["p50"] for r in rs),
                        "cpu_us": statistics.median(r.get("cpu_us", 0.0) for r in rs),
                        "p99": statistics.median(r["p99"] for r in rs), "non2xx": sum(r["non2xx"] for r in rs),
                        "errors": sum(r["errors"] for r in rs)}
    ratios = [s["rps"] / n["rps"] for s, n in zip(results["studio"], results["nginx"])]
    print(f"  median studio {fmt(summary['studio'])}")
    print(f"  median nginx  {fmt(summary['nginx'])}")
    print(f"  ratio studio/nginx per pair: {' '.join(f'{x:.2f}' for x in ratios)}; median {statistics.median(ratios):.2f}")
    if name.startswith("routes10k"):
        print(f"  RSS after load: studio {rss_kb([studio.pid]) // 1024} MB, nginx {rss_kb(nginx_pids(nginx)) // 1024} MB")
    procs.stop(studio)
    procs.stop(nginx)
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--variants", default="plain1,plain2,https2,routes10k,reload,idle10k")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    binary = os.path.join(root, args.build, "app", "gateway-studio")
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not os.path.exists(f"/usr/sbin/{tool}"):
            sys.exit(f"{tool} is missing: apt-get install wrk nginx-light")
    os.environ["PATH"] += ":/usr/sbin"
    # 10,000 client sockets here, as many in each proxy (the proxies inherit the limit).
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    procs = Processes()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    workdir = tempfile.mkdtemp(prefix="gws-bench-")
    try:
        for i, port in enumerate(ECHO_PORTS):
            echo = procs.start([binary, "echo", "--listen", f"127.0.0.1:{port}", "--service", f"v{i + 1}",
                                "--pod", f"v{i + 1}-0000000000-0000{i}"])
            wait_for_line(echo, "echo ")
        print(f"machine: {os.cpu_count()} cores; wrk -t2 -c{args.connections} -d{args.duration}s; "
              f"{args.rounds} rounds, alternating")
        for name in args.variants.split(","):
            run_variant(name, args, binary, procs, workdir)
    finally:
        procs.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
