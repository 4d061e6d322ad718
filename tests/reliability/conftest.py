"""The reliability suite: a real `dropsim serve` per test, pushed the way a hostile network, a
busy CI runner or a crash would push it. Every test here is marked `reliability` (and `slow`)."""
from __future__ import annotations

import math
import socket
import time

import pytest

from tests.live import AUTH, call


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/reliability/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.reliability)
            item.add_marker(pytest.mark.slow)


def raw_connection(base: str, head: bytes) -> socket.socket:
    """A connection that has sent `head` (part of a request) and nothing more yet."""
    host, port = base.rsplit("//", 1)[1].split(":")
    sock = socket.create_connection((host, int(port)), timeout=30)
    sock.sendall(head)
    return sock


def post_head(path: str, length: int, auth: str | None = AUTH) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
             f"Content-Length: {length}"]
    if auth:
        lines.append(f"Authorization: {auth}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def answer_of(sock: socket.socket) -> tuple[int, bytes]:
    """Status and raw bytes of what the server sent back on `sock`."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data


def timed_calls(url: str, count: int, **kwargs) -> list[float]:
    """Milliseconds each of `count` sequential calls took; each must succeed."""
    took = []
    for _ in range(count):
        started = time.perf_counter()
        status, body, _ = call(url, **kwargs)
        took.append((time.perf_counter() - started) * 1000)
        assert status == 200, (status, body)
    return took


def p99(values: list[float]) -> float:
    """The nearest-rank 99th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]
