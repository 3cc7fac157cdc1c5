#!/usr/bin/env python3
"""Writes a large Gateway API topology for benchmarks: a GatewayClass, GATEWAYS Gateways and ROUTES
routes (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute in a 7:1:0.5:0.5 mix), spread over 10 namespaces.

    make_topology.py [--gateways 1000] [--routes 9000] [--out FILE]

Deterministic: the same arguments always give the same bytes.
"""
import argparse
import sys


def gateway(i):
    ns = f"team-{i % 10}"
    return f"""apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw-{i}
  namespace: {ns}
  labels:
    app.kubernetes.io/part-of: shop
spec:
  gatewayClassName: studio
  listeners:
    - name: http
      protocol: HTTP
      port: 80
      hostname: "*.gw-{i}.example.com"
      allowedRoutes:
        namespaces:
          from: All
    - name: https
      protocol: HTTPS
      port: 443
      hostname: "*.gw-{i}.example.com"
      tls:
        mode: Terminate
        certificateRefs:
          - name: gw-{i}-cert
    - name: tls
      protocol: TLS
      port: 8443
      tls:
        mode: Passthrough
"""


def http_route(i, gateways):
    ns = f"team-{i % 10}"
    g = i % gateways
    return f"""apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: route-{i}
  namespace: {ns}
spec:
  parentRefs:
    - name: gw-{g}
      namespace: team-{g % 10}
      sectionName: http
  hostnames:
    - app-{i}.gw-{g}.example.com
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /api/v{i % 3}
          headers:
            - name: x-tenant
              value: tenant-{i % 17}
      filters:
        - type: RequestHeaderModifier
          requestHeaderModifier:
            set:
              - name: x-route
                value: route-{i}
      backendRefs:
        - name: svc-{i}-v1
          port: 8080
          weight: 80
        - name: svc-{i}-v2
          port: 8080
          weight: 20
    - matches:
        - path:
            type: Exact
            value: /health
      backendRefs:
        - name: svc-{i}-v1
          port: 8080
      timeouts:
        request: 5s
"""


def grpc_route(i, gateways):
    g = i % gateways
    return f"""apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: grpc-{i}
  namespace: team-{i % 10}
spec:
  parentRefs:
    - name: gw-{g}
      namespace: team-{g % 10}
  hostnames:
    - grpc-{i}.gw-{g}.example.com
  rules:
    - matches:
        - method:
            service: shop.v1.Catalog
            method: List
      backendRefs:
        - name: grpc-{i}
          port: 9000
"""


def tls_route(i, gateways):
    g = i % gateways
    return f"""apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tls-{i}
  namespace: team-{i % 10}
spec:
  parentRefs:
    - name: gw-{g}
      namespace: team-{g % 10}
      sectionName: tls
  hostnames:
    - db-{i}.example.com
  rules:
    - backendRefs:
        - name: db-{i}
          port: 5432
"""


def tcp_route(i, gateways):
    g = i % gateways
    return f"""apiVersion: gateway.networking.k8s.io/v1
kind: TCPRoute
metadata:
  name: tcp-{i}
  namespace: team-{i % 10}
spec:
  parentRefs:
    - name: gw-{g}
      namespace: team-{g % 10}
  rules:
    - backendRefs:
        - name: tcp-{i}
          port: 6379
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateways", type=int, default=1000)
    parser.add_argument("--routes", type=int, default=9000)
    parser.add_argument("--out", default="-")
    args = parser.parse_args()
    docs = ["apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: studio\n"
            "spec:\n  controllerName: gateway-studio.dev/bench\n"]
    docs += [gateway(i) for i in range(args.gateways)]
    makers = [http_route] * 14 + [grpc_route] * 2 + [tls_route, tcp_route]
    for i in range(args.routes):
        docs.append(makers[i % len(makers)](i, args.gateways))
    text = "---\n".join(docs)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        with open(args.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
