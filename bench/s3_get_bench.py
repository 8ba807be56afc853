#!/usr/bin/python3
"""S3 GetObject throughput over loopback: one 1 GiB object, read whole by a raw HTTP/1.1 client.

Starts `millrace server` (build/src/server/millrace, or $MILLRACE_BIN) on a scratch data dir,
uploads the object with PutObject (streamed), reads it --runs times and prints GB/s per run
(1 GB = 1e9 bytes). The client reads with recv_into into one reused buffer, so the figure is the
server's sending rate rather than the client's. Usage: bench/s3_get_bench.py [--size-mib N] [--runs N]
"""

import argparse
import http.client
import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
from harness import MillraceServer  # noqa: E402


def put_object(host, port, path, size):
    conn = http.client.HTTPConnection(host, port, timeout=600)
    conn.putrequest("PUT", path)
    conn.putheader("Content-Length", str(size))
    conn.endheaders()
    block = os.urandom(1 << 20)
    sent = 0
    while sent < size:
        n = min(len(block), size - sent)
        conn.send(block[:n])
        sent += n
    r = conn.getresponse()
    r.read()
    if r.status != 200:
        raise RuntimeError(f"PutObject answered {r.status}")


def get_object(host, port, path):
    s = socket.create_connection((host, port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    buf = bytearray(4 << 20)
    view = memoryview(buf)
    head = b""
    while b"\r\n\r\n" not in head:
        head += s.recv(65536)
    header, _, rest = head.partition(b"\r\n\r\n")
    length = int([l for l in header.split(b"\r\n") if l.lower().startswith(b"content-length")][0]
                 .split(b":")[1])
    got = len(rest)
    start = time.perf_counter()
    while got < length:
        n = s.recv_into(view)
        if n == 0:
            raise RuntimeError("connection closed early")
        got += n
    seconds = time.perf_counter() - start
    s.close()
    return got, seconds


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size-mib", type=int, default=1024)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    size = args.size_mib << 20
    with MillraceServer() as server:
        host, port = server.edge_host, server.edge_port
        conn = http.client.HTTPConnection(host, port)
        conn.request("PUT", "/bench")
        conn.getresponse().read()
        put_object(host, port, "/bench/object", size)
        rates = []
        for i in range(args.runs):
            got, seconds = get_object(host, port, "/bench/object")
            assert got == size
            rates.append(got / seconds / 1e9)
            print(f"run {i + 1}: {got} bytes in {seconds:.3f} s = {rates[-1]:.2f} GB/s")
        rates.sort()
        print(f"GetObject {args.size_mib} MiB over loopback: median {rates[len(rates) // 2]:.2f} "
              f"GB/s, best {rates[-1]:.2f} GB/s")


if __name__ == "__main__":
    main()
