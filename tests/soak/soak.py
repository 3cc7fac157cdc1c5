#!/usr/bin/env python3
"""Soak test: `gateway-studio serve` under mixed traffic with configuration reloads.

Serves one Gateway with an HTTP, an HTTPS (dev certificate) and a TCP listener, each in front of
built-in echo backends, and for --minutes (default 10) runs:

  - HTTP/1.1 clients on keep-alive connections (GET and POST with a body) to an 80/20 split,
  - HTTPS clients (TLS 1.3, a new connection every few requests, so handshakes are part of it),
  - TCP clients (connect, PING and a line echoed back, close),
  - a reload every --reload-seconds (the split's weights change; the file is rewritten in place).

It reports the requests served by kind, the errors by cause, and the serve process's resident
memory (VmRSS) at the start (after a warm-up) and at the end; it fails (exit 1) when memory grew by
more than --rss-growth-mb or when errors exceed --max-error-rate. Everything binds loopback only;
the serve process is stopped at the end, also on errors and Ctrl-C.

    tests/soak/soak.py [--build build] [--minutes 10] [--clients 2] [--reload-seconds 10]

Run it nice'd on a shared machine:  nice -n 10 tests/soak/soak.py
"""
import argparse
import collections
import http.client
import json
import os
import random
import re
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

TOPOLOGY = """\
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {{name: soak}}
spec: {{controllerName: gateway-studio.dev/soak}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: soak, namespace: soak}}
spec:
  gatewayClassName: soak
  listeners:
    - {{name: http, protocol: HTTP, port: 80}}
    - name: https
      protocol: HTTPS
      port: 81
      hostname: soak.example.com
      tls: {{certificateRefs: [{{name: soak-tls}}]}}
    - {{name: tcp, protocol: TCP, port: 82}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: split, namespace: soak}}
spec:
  parentRefs: [{{name: soak, sectionName: http}}, {{name: soak, sectionName: https}}]
  rules:
    - backendRefs: [{{name: stable, port: 8080, weight: {stable}}}, {{name: canary, port: 8080, weight: {canary}}}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {{name: raw, namespace: soak}}
spec:
  parentRefs: [{{name: soak, sectionName: tcp}}]
  rules: [{{backendRefs: [{{name: tcp-echo, port: 3000}}]}}]
---
apiVersion: v1
kind: Service
metadata: {{name: stable, namespace: soak}}
spec: {{ports: [{{port: 8080}}]}}
---
apiVersion: v1
kind: Service
metadata: {{name: canary, namespace: soak}}
spec: {{ports: [{{port: 8080}}]}}
---
apiVersion: v1
kind: Service
metadata: {{name: tcp-echo, namespace: soak}}
spec:
  selector: {{app: tcp-echo}}
  ports: [{{port: 3000}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: tcp-echo, namespace: soak}}
spec:
  replicas: 1
  selector: {{matchLabels: {{app: tcp-echo}}}}
  template:
    metadata: {{labels: {{app: tcp-echo}}}}
    spec:
      containers:
        - name: echo
          image: registry.k8s.io/gateway-api/echo-basic
          env: [{{name: TCP_ECHO_SERVER, value: "1"}}]
"""

WEIGHTS = [(80, 20), (50, 50), (90, 10), (20, 80)]


class Tally:
    """Counts shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.served = collections.Counter()
        self.errors = collections.Counter()

    def ok(self, kind):
        with self.lock:
            self.served[kind] += 1

    def error(self, kind, cause):
        with self.lock:
            self.errors[f"{kind}: {cause}"] += 1


def cause_of(exc):
    if isinstance(exc, socket.timeout):
        return "timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    if isinstance(exc, ssl.SSLError):
        return "TLS error " + (exc.reason or "")
    if isinstance(exc, http.client.RemoteDisconnected):
        return "closed without an answer"
    return type(exc).__name__


def free_ports(count):
    """The first of `count` consecutive loopback ports free now, below the kernel's ephemeral range
    (32768 and up), where the echo backends' own ports are taken from."""
    while True:
        base = random.randrange(20000, 32000 - count)
        try:
            for port in range(base, base + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class LoopbackHTTPS(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 that sends and verifies the listener's hostname (SNI) instead."""

    def __init__(self, hostname, port, **kwargs):
        super().__init__(hostname, port, **kwargs)

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def http_client(stop, tally, port, kind, context=None):
    """Keep-alive requests; a new connection every 20 requests (HTTPS: every 5, for handshakes)."""
    per_connection = 5 if context else 20
    body = b"x" * 2048
    while not stop.is_set():
        try:
            if context:
                conn = LoopbackHTTPS("soak.example.com", port, timeout=10, context=context)
            else:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            for i in range(per_connection):
                if stop.is_set():
                    break
                host = "soak.example.com"
                if i % 4 == 3:
                    conn.request("POST", "/upload", body=body, headers={"Host": host})
                else:
                    conn.request("GET", f"/item/{i}?q=1", headers={"Host": host})
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    tally.ok(kind)
                else:
                    tally.error(kind, f"HTTP {response.status}")
            conn.close()
        except Exception as exc:  # every failure is counted by cause; the client goes on
            tally.error(kind, cause_of(exc))
            time.sleep(0.05)


def tcp_client(stop, tally, port):
    greeting = b"Gateway API Test TCP Server\n"
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(b"PING\nsoak\n")
                want = greeting + b"PONG\nsoak\n"
                got = b""
                while len(got) < len(want):
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    got += chunk
            if got == want:
                tally.ok("tcp")
            else:
                tally.error("tcp", "wrong echo")
        except Exception as exc:
            tally.error("tcp", cause_of(exc))
            time.sleep(0.05)


def start_serve(binary, topology_file, offset):
    process = subprocess.Popen(
        [binary, "serve", topology_file, "--dev-certs", "--address", "127.0.0.1", "--port-offset", str(offset),
         "--admin", "127.0.0.1:0", "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ports, admin = {}, None
    deadline = time.time() + 30
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        m = re.match(r"listener \S+/(\w+) \w+://[\d.]+:(\d+)", line)
        if m:
            ports[m.group(1)] = int(m.group(2))
        m = re.match(r"admin http://([\d.]+:\d+)", line)
        if m:
            admin = m.group(1)
        if line.strip() == "ready":
            break
    # Keep draining its output so that it never blocks on a full pipe.
    for stream in (process.stdout, process.stderr):
        threading.Thread(target=lambda s=stream: [None for _ in s], daemon=True).start()
    return process, ports, admin


def admin_stats(admin):
    conn = http.client.HTTPConnection(admin, timeout=10)
    conn.request("GET", "/stats")
    return json.loads(conn.getresponse().read())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--build", default=os.path.join(here, "..", "..", "build"))
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clients", type=int, default=2, help="clients of each kind")
    parser.add_argument("--reload-seconds", type=float, default=10)
    parser.add_argument("--warmup-seconds", type=float, default=30)
    parser.add_argument("--rss-growth-mb", type=float, default=10)
    parser.add_argument("--max-error-rate", type=float, default=0.001)
    args = parser.parse_args()

    binary = os.path.join(args.build, "app", "gateway-studio")
    workdir = tempfile.mkdtemp(prefix="gws-soak-")
    topology_file = os.path.join(workdir, "soak.yaml")
    with open(topology_file, "w") as f:
        f.write(TOPOLOGY.format(stable=80, canary=20))
    for attempt in range(5):   # listeners at ports 80-82 + offset, next to a port found free
        process, ports, admin = start_serve(binary, topology_file, free_ports(3) - 80)
        if set(ports) == {"http", "https", "tcp"} and admin:
            break
        process.kill()
        process.wait()
    else:
        sys.exit(f"soak: serve did not start: listeners {ports}, admin {admin}")

    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    tally = Tally()
    ca_file = os.path.join(workdir, ".gateway-studio", "dev-certs", "dev-ca.crt")
    threads = []
    for _ in range(args.clients):
        threads.append(threading.Thread(target=http_client, args=(stop, tally, ports["http"], "http")))
        threads.append(threading.Thread(target=https_client, args=(stop, tally, ports["https"], ca_file)))
        threads.append(threading.Thread(target=tcp_client, args=(stop, tally, ports["tcp"])))
    for t in threads:
        t.start()

    started = time.time()
    end = started + args.minutes * 60
    rss_start = rss_max = 0
    reloads = 0
    next_reload = started + args.reload_seconds
    try:
        while time.time() < end and not stop.is_set() and process.poll() is None:
            time.sleep(1)
            rss = rss_kb(process.pid)
            if not rss_start and time.time() - started >= min(args.warmup_seconds, args.minutes * 30):
                rss_start = rss
            rss_max = max(rss_max, rss)
            if time.time() >= next_reload:
                reloads += 1
                stable, canary = WEIGHTS[reloads % len(WEIGHTS)]
                with open(topology_file, "w") as f:
                    f.write(TOPOLOGY.format(stable=stable, canary=canary))
                next_reload += args.reload_seconds
    finally:
        stop.set()
        for t in threads:
            t.join()
        crashed = process.poll() is not None
        rss_end = 0 if crashed else rss_kb(process.pid)
        stats = None if crashed else admin_stats(admin)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()

    elapsed = time.time() - started
    served = sum(tally.served.values())
    errors = sum(tally.errors.values())
    print(f"soak: {elapsed / 60:.1f} min, {reloads} reloads, {args.clients} clients of each kind")
    print(f"served: {served} ({served / elapsed:.0f}/s): " + ", ".join(f"{k} {v}" for k, v in sorted(tally.served.items())))
    print(f"errors: {errors}" + "".join(f"\n  {cause}: {n}" for cause, n in tally.errors.most_common()))
    if stats:
        for b in stats.get("backends", []):
            print(f"gateway stats: {b['name']}: {b.get('requests', 0)} requests, {b.get('connectFailures', 0)} connect "
                  f"failures, {b.get('resets', 0)} resets, {b.get('timeouts', 0)} timeouts")
    print(f"rss: start {rss_start / 1024:.1f} MB (after warm-up), end {rss_end / 1024:.1f} MB, max {rss_max / 1024:.1f} MB")
    failed = []
    if crashed:
        failed.append("serve exited during the run")
    if rss_end - rss_start > args.rss_growth_mb * 1024:
        failed.append(f"memory grew by {(rss_end - rss_start) / 1024:.1f} MB")
    if served == 0 or errors / max(served + errors, 1) > args.max_error_rate:
        failed.append(f"error rate {errors / max(served + errors, 1):.4%}")
    print("result: " + ("FAILED: " + "; ".join(failed) if failed else "ok"))
    sys.exit(1 if failed else 0)


def https_client(stop, tally, port, ca_file):
    """HTTPS with the dev certificate verified against the dev CA (by its hostname, sent as SNI)."""
    context = ssl.create_default_context(cafile=ca_file)
    http_client(stop, tally, port, "https", context)


if __name__ == "__main__":
    main()
