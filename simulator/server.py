"""`dropsim serve`'s production server.

granian (an HTTP server written in Rust, with a WSGI interface) runs the app in forked worker
processes, each with a small pool of Python threads. The HTTP parsing and the keep-alive
connections live in granian's own runtime, outside the GIL, so an idle keep-alive connection
holds no Python thread and connections are not pinned to one worker's threads. Under gunicorn's
threaded workers, wrk's 16 keep-alive connections often all landed on one of the two workers,
and a GET order did 540 to 2,100 requests/s from run to run; under granian it did 2,680 to
2,790 (README, Performance).

granian binds one address, so when vendor ports are configured (`--vendor-port`), gunicorn
serves instead: it binds the main port and every vendor's port in one set of workers.

Either way the app is built once in the server process and forked (a cold start imports and
migrates once); each worker thread then opens its own SQLite connection on first use.
"""
from __future__ import annotations

import multiprocessing
from typing import Any, Callable

from .core.db import connections

THREADS_PER_WORKER = 2  # granian: Python threads per worker (a slow fault holds one of them)
GUNICORN_THREADS_PER_WORKER = 4

AppLoader = Callable[[], Callable]


def _load_dropsim(settings: dict[str, Any]) -> Callable:
    from . import create_app

    return create_app(settings)


def _preload(load: AppLoader) -> Callable:
    app = load()
    connections.close_all()  # never carry a SQLite connection across fork
    return app


def run(settings: dict[str, Any], load: AppLoader | None = None) -> None:
    """Serve the app `load` builds (dropsim's own by default) until interrupted."""
    load = load or (lambda: _load_dropsim(settings))
    if settings["vendor_ports"]:
        _run_gunicorn(settings, load)
    else:
        _run_granian(settings, load)


def _run_granian(settings: dict[str, Any], load: AppLoader) -> None:
    from granian.constants import HTTPModes, Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    app = _preload(load)
    # Workers must be forked from this process to inherit the built app (granian follows
    # multiprocessing's start method, which is not fork everywhere, e.g. Python 3.14).
    multiprocessing.set_start_method("fork", force=True)
    server = Server(
        "dropsim", address=settings["host"], port=settings["port"],
        interface=Interfaces.WSGI, http=HTTPModes.http1, websockets=False,
        workers=max(1, settings["workers"]), blocking_threads=THREADS_PER_WORKER,
        log_level=LogLevels.warning)
    server.serve(target_loader=lambda _target: app)


def _run_gunicorn(settings: dict[str, Any], load: AppLoader) -> None:
    from gunicorn.app.base import BaseApplication

    class DropsimGunicorn(BaseApplication):
        """gunicorn configured from dropsim settings instead of its own command line."""

        def load_config(self) -> None:
            host = settings["host"]
            ports = [settings["port"], *settings["vendor_ports"].values()]
            options = {
                "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
                         for port in ports],
                "workers": max(1, settings["workers"]),
                "worker_class": "gthread",
                "threads": GUNICORN_THREADS_PER_WORKER,
                "preload_app": True,
                "loglevel": "warning",
                "accesslog": None,
                "timeout": 60,
                "graceful_timeout": 5,
                "keepalive": 5,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return _preload(load)

    DropsimGunicorn().run()
