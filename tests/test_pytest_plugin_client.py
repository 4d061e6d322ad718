"""The plugin's control-plane client: one kept-alive connection, and a connection the server
closed while idle is replaced without the call failing or being sent twice."""
from __future__ import annotations

import http.server
import json
import threading

import pytest

from simulator.pytest_plugin import DropsimError, DropsimServer


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


def _serve(close_after_each: bool):
    seen = []  # (connection, method, path) of every request the server read

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen.append((self.client_address[1], self.command, self.path, body))
            status = 404 if self.path.endswith("/nope") else 200
            payload = json.dumps({"path": self.path}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            # Closed without saying so, as a server does once a kept-alive connection idles.
            self.close_connection = close_after_each

        do_GET = do_POST = do_DELETE = _answer

        def log_message(self, *args):
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


@pytest.mark.parametrize("closing", [False, True])
def test_calls_share_a_connection_and_survive_an_idle_close(closing):
    server, seen = _serve(close_after_each=closing)
    try:
        client = DropsimServer(f"http://127.0.0.1:{server.server_address[1]}/prefix")
        assert client.call("POST", "/accounts", {"a": 1}) == {"path": "/prefix/_sim/accounts"}
        assert client.call("GET", "/clock", query={"account": "x", "skip": None}) == {
            "path": "/prefix/_sim/clock?account=x"}
        with pytest.raises(DropsimError, match="GET /nope: 404"):
            client.call("GET", "/nope")
    finally:
        server.shutdown()
        server.server_close()
    assert [(m, p, b) for _c, m, p, b in seen] == [  # each call sent once
        ("POST", "/prefix/_sim/accounts", b'{"a": 1}'), ("GET", "/prefix/_sim/clock?account=x", b""),
        ("GET", "/prefix/_sim/nope", b"")]
    connections = {c for c, *_ in seen}
    assert len(connections) == (3 if closing else 1)
