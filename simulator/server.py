"""`dropsim serve`'s production server.

granian (an HTTP server written in Rust) runs the app in forked worker processes through its
asynchronous RSGI interface and dropsim's bridge (rsgi.py). HTTP parsing, keep-alive
connections, request bodies and injected delays all live on each worker's event loop, outside
the GIL and outside the small pool of Python threads that run the app: a client that trickles
its headers or its body, or a request held by a delay fault, holds no thread anyone else needs.
Headers must arrive within `header_timeout`, bodies within `body_timeout` and under
`max_body_bytes` (docs/safety.md).

granian binds one address per server, so each `--vendor-port` gets a granian server of its own,
in a child process of `dropsim serve` with its own workers; all of them serve the same app and
the same database, and they stop together.

Either way the app is built once in the server process and forked (a cold start imports and
migrates once); each worker thread then opens its own SQLite connection on first use.

Every worker dies with its server process, whatever stops that process (even `kill -9`, which
leaves no chance to stop the workers): a worker that outlived it kept the port and answered
from a database nobody else served.
"""
from __future__ import annotations

import ctypes
import errno
import gc
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from typing import Any, Callable

from .core.db import connections

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
    # The app's objects live as long as the server: moved out of the garbage collector's
    # reach, its passes no longer write to their pages in each worker, and the pages stay
    # shared with the parent after the fork (PSS after 29,000 requests: 88.7 MB -> 69.4 MB).
    # No collection first: it would take 25 ms of a cold start to find some 5,000 objects of
    # import-time garbage, which stay frozen instead.
    gc.freeze()
    return app


def run(settings: dict[str, Any], load: AppLoader | None = None) -> None:
    """Serve the app `load` builds (dropsim's own by default) until interrupted."""
    load = load or (lambda: _load_dropsim(settings))
    app = _preload(load)
    ports = [settings["port"], *settings["vendor_ports"].values()]
    if len(ports) == 1:
        _serve_port(settings, app, settings["port"])
        return
    _serve_ports(settings, app, ports)


def _bridge(app: Callable, settings: dict[str, Any]):
    from .rsgi import Bridge

    # dropsim's own app refuses a caller before its body; another app (the benchmark's floors)
    # gets plain WSGI.
    if "DROPSIM" in getattr(app, "config", {}):
        return Bridge.for_app(app)
    return Bridge(app, settings["threads"], settings["max_body_bytes"], settings["body_timeout"])


def _serve_port(settings: dict[str, Any], app: Callable, port: int) -> None:
    """One granian server on `port`, its workers forked from this process."""
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings
    from granian.log import LogLevels
    from granian.server import Server

    master = os.getpid()
    bridge = _bridge(app, settings)

    def worker_app(_target):  # granian calls this in each worker, after the fork
        die_with_parent(master)
        return bridge

    # Workers must be forked from this process to inherit the built app (granian follows
    # multiprocessing's start method, which is not fork everywhere, e.g. Python 3.14).
    multiprocessing.set_start_method("fork", force=True)
    server = Server(
        "dropsim", address=settings["host"], port=port,
        interface=Interfaces.RSGI, http=HTTPModes.http1, websockets=False,
        workers=max(1, settings["workers"]),
        http1_settings=HTTP1Settings(
            header_read_timeout=max(1, round(settings["header_timeout"] * 1000))),
        workers_kill_timeout=max(0.001, settings["shutdown_timeout"]),
        log_level=LogLevels.warning)
    server.serve(target_loader=worker_app)


def _wait_listening(host: str, ports: list[int], timeout: float = 30.0) -> None:
    """Return once every port accepts connections (or `timeout` has passed)."""
    deadline = time.monotonic() + timeout
    for port in ports:
        while time.monotonic() < deadline:
            try:
                socket.create_connection((host, port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.02)


def _serve_ports(settings: dict[str, Any], app: Callable, ports: list[int]) -> None:
    """A granian server per port, each in a child process; when one ends, all end."""
    parent = os.getpid()
    children: list[int] = []
    # The main port last, once every vendor port listens: whoever waits for the main port to
    # answer (a test suite, a health check) then finds them all.
    main, *vendor_ports = ports
    for port in [*vendor_ports, main]:
        if port == main:
            _wait_listening(settings["host"], vendor_ports)
        pid = os.fork()
        if pid == 0:  # the child: serve one port, die with the parent
            status = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                die_with_parent(parent)
                _serve_port(settings, app, port)
            except BaseException:  # noqa: BLE001 - the parent reports the failure
                status = 1
            finally:
                os._exit(status)
        children.append(pid)

    def stop(_signum=None, _frame=None) -> None:
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    status = 0
    try:
        _pid, status = os.wait()  # the first server to end (a stop signal ends them all)
    except ChildProcessError:
        pass
    finally:
        stop()
        for child in children:
            try:
                os.waitpid(child, 0)
            except ChildProcessError:
                pass
    if os.waitstatus_to_exitcode(status) not in (0, -signal.SIGTERM):
        sys.exit(1)
