#!/usr/bin/env python3
"""Writes the seed corpora of the HTTP/1.1, HTTP/2, TLS, ClientHello and admin fuzz targets into
corpus/<target>/ (the YAML seeds are plain files copied from the templates and test data).
Run it again after changing a seed here; the output is committed."""

import os
import ssl
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    path = os.path.join(HERE, "corpus", target, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("latin-1"))   # \x81 is one byte


def crlf(text):
    return text.replace("\n", "\r\n")


HTTP1 = {
    "get": "GET / HTTP/1.1\nHost: example.com\n\n",
    "post-length": "POST /re/abc/12?q=1 HTTP/1.1\nHost: a\nContent-Length: 5\n\nhello",
    "post-chunked": "POST /rewrite/x HTTP/1.1\nHost: a\nX-Env: canary\nX-Remove: y\nTransfer-Encoding: chunked\n\n"
                    "5\nhello\n0\nTrailer: t\n\n",
    "pipelined": "GET /redirect/a?b=c HTTP/1.1\nHost: a\n\nHEAD /missing HTTP/1.1\nHost: a\n\n"
                 "GET / HTTP/1.0\n\n",
    "mirror-cors": "OPTIONS /mirror HTTP/1.1\nHost: a\nOrigin: https://x.example.com\n"
                   "Access-Control-Request-Method: POST\n\n",
    "websocket": "GET /ws HTTP/1.1\nHost: shop.example.com\nUpgrade: websocket\nConnection: Upgrade\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n\n"
                 "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58",
    "h2c-upgrade": "GET / HTTP/1.1\nHost: example.net\nConnection: Upgrade, HTTP2-Settings\nUpgrade: h2c\n"
                   "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\n\n",
    "expect-continue": "PUT /re/ab/1?q=1 HTTP/1.1\nHost: a\nExpect: 100-continue\nContent-Length: 3\n\nabc",
}

ADMIN = {
    "stats": "GET /stats HTTP/1.1\nHost: admin\n\n",
    "metrics": "GET /metrics HTTP/1.1\nHost: admin\nConnection: close\n\n",
    "pipelined": "HEAD /healthz HTTP/1.1\n\nGET /config HTTP/1.1\n\nGET /nothing?x=1 HTTP/1.0\n\n",
    "post-body": "POST /stats HTTP/1.1\nContent-Length: 4\n\nbody",
}


# HTTP/2 (RFC 9113 §4.1): length (24 bits), type, flags, stream id. HPACK (RFC 7541): indexed
# fields from the static table, literals without Huffman coding.
def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = 0, 1, 3, 4, 6, 7, 8, 9
END_STREAM, END_HEADERS = 0x1, 0x4


def literal(name, value):
    return bytes([0x00, len(name)]) + name.encode() + bytes([len(value)]) + value.encode()


def indexed_name(index, value):   # literal with incremental indexing, name from the static table
    return bytes([0x40 | index, len(value)]) + value.encode()


GET_ROOT = b"\x82\x86\x84" + indexed_name(1, "example.com")
SETTINGS_EMPTY = frame(SETTINGS, 0, 0)
SETTINGS_ACK = frame(SETTINGS, 1, 0)
GRPC_HEADERS = (b"\x83\x86" + indexed_name(4, "/grpc.health.v1.Health/Check") + indexed_name(1, "grpc.example")
                + indexed_name(31, "application/grpc") + literal("te", "trailers"))

H2 = {
    "get": SETTINGS_EMPTY + frame(HEADERS, END_STREAM | END_HEADERS, 1, GET_ROOT),
    "post-data": SETTINGS_EMPTY + SETTINGS_ACK
                 + frame(HEADERS, END_HEADERS, 1, b"\x83\x86" + indexed_name(4, "/re/abc/1?q=1") + indexed_name(1, "a"))
                 + frame(DATA, 0, 1, b"hello ") + frame(DATA, END_STREAM, 1, b"world"),
    "grpc": SETTINGS_EMPTY + frame(HEADERS, END_HEADERS, 1, GRPC_HEADERS)
            + frame(DATA, END_STREAM, 1, b"\x00\x00\x00\x00\x00"),
    "continuation": SETTINGS_EMPTY + frame(HEADERS, END_STREAM, 3, b"\x82\x86")
                    + frame(CONTINUATION, END_HEADERS, 3, indexed_name(4, "/mirror") + indexed_name(1, "a")),
    "control": SETTINGS_EMPTY + frame(PING, 0, 0, b"12345678") + frame(WINDOW_UPDATE, 0, 0, struct.pack(">I", 1000))
               + frame(HEADERS, END_HEADERS, 5, GET_ROOT) + frame(RST_STREAM, 0, 5, struct.pack(">I", 8))
               + frame(GOAWAY, 0, 0, struct.pack(">II", 0, 0)),
    "two-streams": SETTINGS_EMPTY + frame(HEADERS, END_STREAM | END_HEADERS, 1, GET_ROOT)
                   + frame(HEADERS, END_STREAM | END_HEADERS, 3, b"\x82\x86" + indexed_name(4, "/redirect/x")
                           + indexed_name(1, "shop.example.com") + literal("x-env", "canary")),
}


def client_hello(server_name, maximum=None):
    """The first flight of Python's (OpenSSL's) TLS client, through memory."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    if maximum:
        context.maximum_version = maximum
    context.set_alpn_protocols(["h2", "http/1.1"])
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = context.wrap_bio(incoming, outgoing, server_hostname=server_name)
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


def split_records(hello, at):
    """The same handshake message carried by two records."""
    body = hello[5:]
    head = hello[:3]
    return (head + struct.pack(">H", at) + body[:at]) + (head + struct.pack(">H", len(body) - at) + body[at:])


# fuzz_tls: the first byte picks the mode (fuzz_tls.cpp): 0 HTTP/1.1 over TLS, 1 HTTP/2 over TLS
# (after the preface), 2 raw bytes to the TLS port without a handshake.
TLS_HTTP1, TLS_H2, TLS_RAW = b"\x00", b"\x01", b"\x02"


def tls_seeds():
    seeds = {"http1-" + name: TLS_HTTP1 + crlf(HTTP1[name]).encode("latin-1")
             for name in ("get", "post-chunked", "pipelined", "expect-continue")}
    seeds.update({"h2-" + name: TLS_H2 + H2[name] for name in ("get", "post-data", "grpc", "two-streams")})
    hello = client_hello("fuzz.example.com")
    seeds["raw-client-hello"] = TLS_RAW + hello
    seeds["raw-client-hello-cut"] = TLS_RAW + hello[:60]
    seeds["raw-not-tls"] = TLS_RAW + b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
    seeds["raw-alert"] = TLS_RAW + b"\x15\x03\x03\x00\x02\x02\x28"            # fatal handshake_failure
    seeds["raw-oversized-record"] = TLS_RAW + b"\x16\x03\x01\xff\xff" + hello[5:]   # length past 2^14 + 256
    return seeds


def main():
    for name, text in HTTP1.items():
        write("fuzz_http1", name, crlf(text) if name != "websocket" else crlf(text.split("\n\n")[0]) + "\r\n\r\n"
              + text.split("\n\n", 1)[1])
    for name, text in ADMIN.items():
        write("fuzz_admin", name, crlf(text))
    for name, data in H2.items():
        write("fuzz_h2", name, data)
    for name, data in tls_seeds().items():
        write("fuzz_tls", name, data)
    write("fuzz_client_hello", "sni", client_hello("shop.example.com"))
    write("fuzz_client_hello", "no-sni", client_hello(None))
    write("fuzz_client_hello", "tls12-uppercase-sni", client_hello("Passthrough.Example", ssl.TLSVersion.TLSv1_2))
    write("fuzz_client_hello", "two-records", split_records(client_hello("tls.example"), 40))


if __name__ == "__main__":
    main()
