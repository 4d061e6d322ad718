"""A small closed-loop HTTP load generator, used when wrk is not installed: one thread per
keep-alive connection, for a bounded time and a bounded count. Slower than wrk (it shares the
machine's cores with the server under test and holds the GIL), so its figures are a floor.

    echo '{"url": ..., "method": "GET", "headers": {}, "body": null, "seconds": 1,
           "connections": 16}' | python -m bench.pyload
"""
from __future__ import annotations

import http.client
import json
import statistics
import sys
import threading
import time
from urllib.parse import urlsplit

MAX_REQUESTS = 2_000_000  # bound on the loop, whatever the duration


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    spec = json.loads(sys.stdin.read())
    url = urlsplit(spec["url"])
    path = url.path + (f"?{url.query}" if url.query else "")
    body = None if spec["body"] is None else spec["body"].encode()
    headers = dict(spec["headers"])
    deadline = time.perf_counter() + spec["seconds"]
    per_thread = MAX_REQUESTS // spec["connections"]
    latencies: list[list[float]] = []
    counts = {"non2xx": 0, "errors": 0}
    lock = threading.Lock()

    def worker() -> None:
        mine: list[float] = []
        non2xx = errors = 0
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        while time.perf_counter() < deadline and len(mine) < per_thread:
            started = time.perf_counter()
            try:
                conn.request(spec["method"], path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            if not 200 <= response.status < 400:  # as wrk counts "Non-2xx or 3xx"
                non2xx += 1
        conn.close()
        with lock:
            latencies.append(mine)
            counts["non2xx"] += non2xx
            counts["errors"] += errors

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(spec["connections"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    every = [v for mine in latencies for v in mine]
    print(json.dumps({"tool": "python", "requests": len(every), "seconds": round(elapsed, 3),
                      "rps": round(len(every) / elapsed, 1),
                      "p50_ms": round(statistics.median(every), 3) if every else 0.0,
                      "p99_ms": round(_percentile(every, 0.99), 3), **counts}))


if __name__ == "__main__":
    main()
