"""`dropsim serve`'s production server.

granian (an HTTP server written in Rust, with a WSGI interface) runs the app in forked worker
processes, each with a small pool of Python threads. The HTTP parsing and the keep-alive
connections live in granian's own runtime, outside the GIL, so an idle keep-alive connection
holds no Python thread and connections are not pinned to one worker's threads. Under gunicorn's
threaded workers, wrk's 16 keep-alive connections often all landed on one of the two workers,
and a GET order did 540 to 2,100 requests/s from run to run; under granian it did 2,680 to
2,790 (docs/performance.md).

granian binds one address, so when vendor ports are configured (`--vendor-port`), gunicorn
serves instead: it binds the main port and every vendor's port in one set of workers.

Either way the app is built once in the server process and forked (a cold start imports and
migrates once); each worker thread then opens its own SQLite connection on first use.

Every worker dies with its server process, whatever stops that process (even `kill -9`, which
leaves no chance to stop the workers): a worker that outlived it kept the port and answered
from a database nobody else served.
"""
from __future__ import annotations

import ctypes
import errno
import math
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from typing import Any, Callable

from .core.db import connections

THREADS_PER_WORKER = 2  # granian: Python threads per worker (a slow fault holds one of them)
GUNICORN_THREADS_PER_WORKER = 4

AppLoader = Callable[[], Callable]


def _load_dropsim(settings: dict[str, Any]) -> Callable:
    from . import create_app

    return create_app(settings)


class ServeError(RuntimeError):
    """`dropsim serve` cannot start (a port in use, an address not on this machine...)."""


def check_ports(host: str, ports: list[int]) -> None:
    """Raise ServeError unless every port can be bound on `host` right now."""
    # granian's workers bind with SO_REUSEPORT, and so would a second server on the same port:
    # it started without error and the kernel shared the connections out between two servers
    # on two databases. A bind without SO_REUSEPORT fails while anything listens there.
    seen = set()
    for port in ports:
        if port in seen:
            raise ServeError(f"port {port} is given twice (the main port and --vendor-port "
                             "ports must all differ)")
        seen.add(port)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                       flags=socket.AI_PASSIVE)
        except socket.gaierror as exc:
            raise ServeError(f"cannot listen on {host}: {exc.strerror}") from None
        family, kind, proto, _name, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            # SO_REUSEADDR only lets the bind past connections of a stopped server that are
            # still in TIME_WAIT; it never allows a second listener.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                raise ServeError(_bind_problem(host, port, exc)) from None


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    where = f"{host}:{port}"
    if exc.errno == errno.EADDRINUSE:
        return (f"cannot listen on {where}: the address is already in use (another dropsim, or "
                "another program, is serving there; stop it or choose another --port)")
    if exc.errno == errno.EACCES:
        return f"cannot listen on {where}: permission denied (ports below 1024 need privileges)"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {where}: {host} is not an address of this machine"
    return f"cannot listen on {where}: {exc.strerror or exc}"


def die_with_parent(parent: int) -> None:
    """Make the calling process (a worker) exit as soon as process `parent` is gone."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            # SIGKILL, not SIGTERM: a worker left without its server must not wait for a slow
            # request (a fault can hold one for minutes); every acknowledged write is already
            # committed, and SQLite keeps the file consistent whatever stops a process.
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # it died before the call: no signal will come
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_parent, args=(parent,), name="dropsim-parent-watch",
                     daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


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
    master = os.getpid()

    def worker_app(_target):  # granian calls this in each worker, after the fork
        die_with_parent(master)
        return app

    # Workers must be forked from this process to inherit the built app (granian follows
    # multiprocessing's start method, which is not fork everywhere, e.g. Python 3.14).
    multiprocessing.set_start_method("fork", force=True)
    server = Server(
        "dropsim", address=settings["host"], port=settings["port"],
        interface=Interfaces.WSGI, http=HTTPModes.http1, websockets=False,
        workers=max(1, settings["workers"]), blocking_threads=THREADS_PER_WORKER,
        workers_kill_timeout=max(0.001, settings["shutdown_timeout"]),
        log_level=LogLevels.warning)
    server.serve(target_loader=worker_app)


def _run_gunicorn(settings: dict[str, Any], load: AppLoader) -> None:
    from gunicorn.app.base import BaseApplication

    master = os.getpid()

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
                "graceful_timeout": math.ceil(settings["shutdown_timeout"]),
                "keepalive": 5,
                "post_fork": lambda _arbiter, _worker: die_with_parent(master),
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return _preload(load)

    DropsimGunicorn().run()
