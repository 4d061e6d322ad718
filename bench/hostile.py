"""Normal traffic beside hostile traffic: the latency of a Provet GET (wrk, 4 connections)
alone, then beside 64 clients trickling their headers or bodies, then beside 16 requests held
by one account's 15-second delay fault. The target: p99 under 100 ms in each case.

    python -m bench.hostile [--seconds 5]
"""
from __future__ import annotations

import argparse
import base64
import json
import socket
import tempfile
import threading
import time
import urllib.request

from . import load, servers

BASIC = "Basic " + base64.b64encode(b"sandbox:sandbox").decode()


def _post(base: str, path: str, body: dict) -> dict:
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _slow_clients(port: int, count: int, stop: threading.Event) -> threading.Thread:
    """`count` connections sending a request a byte every half second until `stop`."""
    socks = []
    for n in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        if n % 2:  # headers that never end
            sock.sendall(b"GET /provet/api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: ")
        else:  # a body that never ends
            sock.sendall(b"POST /provet/api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Content-Type: application/json\r\nContent-Length: 100000\r\n"
                         + f"Authorization: {BASIC}\r\n\r\n".encode())
        socks.append(sock)

    def trickle():
        while not stop.wait(0.5):
            for sock in socks:
                try:
                    sock.sendall(b"x")
                except OSError:
                    pass
        for sock in socks:
            sock.close()

    thread = threading.Thread(target=trickle)
    thread.start()
    return thread


def _delayed(base: str, other: dict, count: int) -> list[threading.Thread]:
    _post(base, "/_sim/faults", {"account": other["account"], "vendor": "provet",
                                 "delay_ms": 15000, "path": "/api/orders*"})
    creds = other["credentials"]["provet"]
    auth = "Basic " + base64.b64encode(f"{creds['username']}:{creds['password']}".encode()).decode()

    def held():
        request = urllib.request.Request(base + "/provet/api/orders", headers={"Authorization": auth})
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()

    threads = [threading.Thread(target=held) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        port = servers.free_port()
        server = servers.start_dropsim(f"{folder}/hostile.db", port,
                                       env={"DROPSIM_BODY_TIMEOUT": "60",
                                            "DROPSIM_HEADER_TIMEOUT": "60"})
        try:
            server.wait_ready()
            base = f"http://127.0.0.1:{port}"
            normal = load.Request(f"{base}/provet/api/products?pageSize=1",
                                  headers={"Authorization": BASIC})
            rows = [("alone", load.run(normal, args.seconds, warmup=1, connections=4))]
            stop = threading.Event()
            trickler = _slow_clients(port, 64, stop)
            time.sleep(0.5)
            rows.append(("beside 64 slow clients", load.run(normal, args.seconds, connections=4)))
            stop.set()
            trickler.join()
            other = _post(base, "/_sim/accounts", {})
            held = _delayed(base, other, 16)
            time.sleep(0.5)
            rows.append(("beside 16 delayed requests", load.run(normal, min(args.seconds, 10),
                                                                 connections=4)))
            for thread in held:
                thread.join()
        finally:
            server.stop()
    print("| normal traffic (Provet GET products, 4 connections) | requests/s | p50 ms | p99 ms | "
          "errors |")
    print("| --- | --- | --- | --- | --- |")
    for name, figures in rows:
        print(f"| {name} | {figures['rps']:.0f} | {figures['p50_ms']:.2f} | "
              f"{figures['p99_ms']:.2f} | {figures['non2xx'] + figures['errors']} |")
    worst = max(figures["p99_ms"] for _name, figures in rows)
    print(f"\nworst p99 {worst:.1f} ms (target < 100 ms): {'met' if worst < 100 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
