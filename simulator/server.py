"""`dropsim serve`'s production server: gunicorn with pre-forked threaded workers.

The app is built once in the master (preload) and forked, so a cold start imports and
migrates once; each worker thread then opens its own SQLite connection on first use.
"""
from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from .core.db import connections

THREADS_PER_WORKER = 4


class DropsimServer(BaseApplication):
    """gunicorn configured from dropsim settings instead of its own command line."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        host = self.settings["host"]
        ports = [self.settings["port"], *self.settings["vendor_ports"].values()]
        binds = [f"[{host}]:{port}" if ":" in host else f"{host}:{port}" for port in ports]
        options = {
            "bind": binds,
            "workers": max(1, self.settings["workers"]),
            "worker_class": "gthread",
            "threads": THREADS_PER_WORKER,
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
        from . import create_app

        app = create_app(self.settings)
        connections.close_all()  # never carry a SQLite connection across fork
        return app


def run(settings: dict[str, Any]) -> None:
    """Serve until interrupted."""
    DropsimServer(settings).run()
