"""HTTP load: wrk when it is installed, else a Python load generator in its own process.

Both report the same fields: requests, seconds, rps, p50_ms, p99_ms, non2xx, errors, tool.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

CONNECTIONS = 16


@dataclass
class Request:
    """One request that a scenario repeats."""
    url: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None


def wrk_path() -> str | None:
    """The wrk binary, unless DROPSIM_BENCH_NO_WRK is set (to exercise the fallback)."""
    if os.environ.get("DROPSIM_BENCH_NO_WRK"):
        return None
    return shutil.which("wrk")


def tool(seconds: float) -> str:
    """The load generator of a run of `seconds`: wrk counts its duration in whole seconds."""
    return "wrk" if wrk_path() and seconds == int(seconds) else "python"


def run(request: Request, seconds: float, *, warmup: int = 0,
        connections: int = CONNECTIONS) -> dict:
    """Load `request` for `seconds` after `warmup` seconds of the same load (not counted);
    a fraction of a second is what a smoke run of the harness wants, not a measurement."""
    if tool(seconds) == "wrk":
        if warmup:
            _wrk(request, warmup, connections)
        return _wrk(request, seconds, connections)
    if warmup:
        _python(request, warmup, connections)
    return _python(request, seconds, connections)


# -- wrk ------------------------------------------------------------------------------------
def _lua_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


def _wrk(request: Request, seconds: float, connections: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        script = os.path.join(folder, "request.lua")
        lines = [f"wrk.method = {_lua_string(request.method)}"]
        if request.body is not None:
            lines.append(f"wrk.body = {_lua_string(request.body.decode())}")
        for name, value in request.headers.items():
            lines.append(f"wrk.headers[{_lua_string(name)}] = {_lua_string(value)}")
        with open(script, "w") as handle:
            handle.write("\n".join(lines) + "\n")
        out = subprocess.run(
            [wrk_path(), "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--latency",
             "--timeout", "10s", "-s", script, request.url],
            capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    return parse_wrk(out)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(out: str) -> dict:
    """The figures of `wrk --latency` output."""
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", out)
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.000)?%\s+(\S+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    requests = int(done.group(1))
    seconds = _ms(done.group(2) + done.group(3)) / 1000
    return {"tool": "wrk", "requests": requests, "seconds": round(seconds, 3),
            "rps": round(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), 1),
            "p50_ms": round(_ms(percentiles["50"]), 3), "p99_ms": round(_ms(percentiles["99"]), 3),
            "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "errors": sum(int(n) for n in errors.groups()) if errors else 0}


# -- the Python fallback -----------------------------------------------------------------------
def _python(request: Request, seconds: float, connections: int) -> dict:
    spec = {"url": request.url, "method": request.method, "headers": request.headers,
            "body": None if request.body is None else request.body.decode(),
            "seconds": seconds, "connections": connections}
    out = subprocess.run([sys.executable, "-m", "bench.pyload"], input=json.dumps(spec),
                         capture_output=True, text=True, timeout=seconds + 60, check=True,
                         cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return json.loads(out.stdout)
