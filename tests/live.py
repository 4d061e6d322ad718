"""`dropsim serve` in a subprocess, as a user runs it, for the tests whose point is the server.

Each server starts in its own session (process group), so that stopping it also stops every
worker it forked, even when the test failed half-way or the server did not stop by itself.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from base64 import b64encode

from . import procs

AUTH = "Basic " + b64encode(b"sandbox:sandbox").decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(url: str, body=None, method: str | None = None, headers: dict | None = None,
         raw: bytes | None = None):
    """(status, parsed JSON body or text, headers) of a request; HTTP errors are answers."""
    data = raw if raw is not None else None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": AUTH, "Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            status, text, got = response.status, response.read(), response.headers
    except urllib.error.HTTPError as exc:
        status, text, got = exc.code, exc.read(), exc.headers
    try:
        return status, json.loads(text) if text else None, got
    except ValueError:
        return status, text.decode(errors="replace"), got


def request(url: str, body=None, method: str | None = None):
    """The JSON answer of a request that must succeed."""
    status, answer, _ = call(url, body, method)
    assert 200 <= status < 300, (status, answer)
    return answer


def serve_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "simulator", "serve", *args]


def run_serve(*args: str, cwd, timeout: float = 60) -> subprocess.CompletedProcess:
    """`dropsim serve` expected to exit by itself (start-up refused); stopped if it does not."""
    proc = subprocess.Popen(serve_argv(*args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, cwd=cwd, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        procs.stop(proc)
        out, _ = proc.communicate()
        raise AssertionError(f"dropsim serve {' '.join(args)} kept running:\n{out}") from None
    finally:
        procs.stop(proc)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out)


class Servers:
    """The servers one test started; `stop_all` stops each and its workers."""

    def __init__(self, cwd) -> None:
        self.cwd = cwd
        self.procs: list[subprocess.Popen] = []

    def start(self, *args: str, port: int | None = None, ready: str = "/_sim/health"):
        """Start `dropsim serve --port PORT *args`; (base URL, process) once it answers."""
        port = port or free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen(serve_argv("--port", str(port), *args), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, env=env, cwd=self.cwd,
                                start_new_session=True)
        self.procs.append(proc)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + ready, timeout=5):
                    return base, proc
            except urllib.error.HTTPError:
                return base, proc  # it answers
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError(proc.stdout.read())
                time.sleep(0.05)
        raise AssertionError("server did not answer in 60 s")

    def stop_all(self) -> None:
        for proc in self.procs:
            procs.stop(proc)
            if proc.stdout:
                proc.stdout.close()
