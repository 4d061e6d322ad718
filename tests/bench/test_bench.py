"""The benchmark harness keeps working: `python -m bench --quick` runs end to end (with wrk
and WireMock when installed, else the Python load generator and without WireMock)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import load
from tests import procs

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8080/provet/api/orders/464
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.10ms    1.20ms  31.02ms   90.00%
    Req/Sec     3.90k   150.00     4.10k    70.00%
  Latency Distribution
     50%    3.95ms
     75%    4.50ms
     90%    5.20ms
     99%   12.40ms
  38812 requests in 10.01s, 25.10MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 7
Requests/sec:   3877.40
Transfer/sec:      2.51MB
"""


def test_wrk_output_is_read():
    assert load.parse_wrk(WRK_OUTPUT) == {
        "tool": "wrk", "requests": 38812, "seconds": 10.01, "rps": 3877.4, "p50_ms": 3.95,
        "p99_ms": 12.4, "non2xx": 7, "errors": 3}


@pytest.mark.slow
def test_python_load_generator(monkeypatch):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            body = b"{}" if self.path == "/ok" else b"no"
            self.send_response(200 if self.path == "/ok" else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("DROPSIM_BENCH_NO_WRK", "1")
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        ok = load.run(load.Request(base + "/ok"), 0.3, connections=2)
        missing = load.run(load.Request(base + "/missing"), 0.3, connections=2)
    finally:
        server.shutdown()
    assert ok["tool"] == "python" and ok["requests"] > 10 and ok["non2xx"] == 0
    assert missing["requests"] == missing["non2xx"] > 10


@pytest.mark.slow
def test_quick_run(tmp_path):
    out = tmp_path / "quick.json"
    # In its own session: should it hang, it goes with every server it started.
    # A quarter of a second per scenario (the Python load generator) keeps the run short:
    # the figures do not matter here, only that every step of the harness works.
    proc = subprocess.Popen([sys.executable, "-m", "bench", "--quick", "--seconds", "0.25",
                             "--out", str(out)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=300)
    finally:
        procs.stop(proc, timeout=0)
    done = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(out.read_text())
    assert [s["name"] for s in results["scenarios"]] == [
        "provet GET order", "provet POST order", "provet list Status=Sent of 10,000",
        "allivet GET product (bearer)", "retailops fetch 100 POs with items"]
    for row in results["scenarios"] + results["reference"]:
        # A one-second run on a busy CI machine may see a stray failure; the harness must
        # count them, and they stay rare (a broken scenario fails every request).
        assert row["requests"] > 0 and row["rss_mb"] > 0, row
        assert row["non2xx"] + row["errors"] <= max(2, row["requests"] // 50), row
    assert results["scenarios"][2]["returned"] == 25  # the 'Sent' page of recent orders
    assert results["scenarios"][4]["pos_total"] >= 100
    assert {r["server"] for r in results["reference"]} >= {"floor"}
    assert results["cold_start"]["fresh_ms"] > 0 and len(results["costs"]) == 2
    assert "| target | measured | limit | met |" in done.stdout
    print(done.stdout)  # what was measured and skipped, in pytest -s
