"""The Python floor: a bare WSGI app that answers every request with one constant order body,
served exactly as `dropsim serve` serves dropsim (same server, workers, threads and options),
so dropsim / floor is the cost of dropsim's own work per request.

    python -m bench.floor --port 8090 order.json
"""
from __future__ import annotations

import argparse

from simulator.config import load_config
from simulator.server import run


def make_app(body: bytes):
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]

    def app(environ, start_response):
        stream = environ.get("wsgi.input")
        if stream is not None:  # a POST's body is read, as any server would
            stream.read(int(environ.get("CONTENT_LENGTH") or 0))
        start_response("200 OK", headers)
        return [body]

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("body_file")
    args = parser.parse_args()
    with open(args.body_file, "rb") as handle:
        body = handle.read()
    run(load_config({"port": args.port}), load=lambda: make_app(body))


if __name__ == "__main__":
    main()
