"""The bridge between granian's asynchronous RSGI interface and dropsim's WSGI app.

granian's own WSGI interface hands each request to a Python thread before the body has
arrived, so a client that sends its body a byte a second holds one of a worker's few threads
for as long as it likes: four of them stopped every answer, `/_sim/health` included. Here the
body is read on the worker's event loop, which holds no thread, with a deadline
(`body_timeout`) and a size limit (`max_body_bytes`); only a complete request reaches a thread
of the pool that runs the app. A request whose body is too large or too late still reaches the
app, with no body and a flag, so that the vendor answers 413 or 408 in its own shape.

Injected delays (`delay_ms` of a fault) are waited for on the event loop too: the app, asked
about a delayed request, answers "wait this long" instead of sleeping in its thread, and the
bridge runs the request again once the delay is over, with the fault already decided. Sixteen
requests held by a 15-second fault take no thread from anyone else.

A body that has not arrived a moment after the headers is not waited for blindly: the app is
asked first, without the body, whether it refuses the caller (wrong credentials), and a
refusal is answered at once; a body is only waited for on behalf of a caller the vendor would
serve (or one whose credentials are in the body, such as Allivet's `/api/Auth`).
"""
from __future__ import annotations

import asyncio
import io
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from .trim import Trimmer

# Keys the bridge and the request pipeline (pipeline.py) share in the WSGI environ.
REFUSE = "dropsim.refuse"  # 408 or 413: the body never arrived whole
DEFER = "dropsim.defer"  # present: the app may ask to be run again after a delay
DELAY = "dropsim.delay"  # set by the app: (seconds to wait, the fault decided)
DECIDED = "dropsim.fault"  # set by the bridge on the second run: the fault to apply
STARTED = "dropsim.started"  # perf_counter() when the request arrived
PRECHECK = "dropsim.precheck"  # present: the app runs without the body, to refuse early
PASSED = "passed"  # PRECHECK's value once the app found nothing to refuse

# Most clients send a small body with its headers; only a body still missing after this long is
# worth the app's look at the credentials first (seconds).
PRECHECK_AFTER = 0.05


class _TooLarge(Exception):
    pass


class Bridge:
    """An RSGI application serving a WSGI app from a pool of threads."""

    def __init__(self, wsgi_app: Callable, threads: int, max_body_bytes: int,
                 body_timeout: float, precheck: bool = False,
                 on_exit: Callable[[], None] | None = None) -> None:
        # `precheck`: the app understands PRECHECK (dropsim's does, through pipeline.py); any
        # other WSGI app would answer the body-less trial run as if it were the request.
        # `on_exit`: run in each worker as it stops (dropsim stores its queued journal).
        self.wsgi_app = wsgi_app
        self.on_exit = on_exit
        self.precheck = precheck
        self.threads = max(1, threads)
        self.max_body = max_body_bytes
        self.body_timeout = body_timeout
        self.pool: ThreadPoolExecutor | None = None
        self.finished = self.in_flight = 0  # requests (counted on the event loop's thread)
        self.trimmer: Trimmer | None = None

    @classmethod
    def for_app(cls, app) -> "Bridge":
        """The bridge for a dropsim app, with the app's own settings."""
        settings = app.config["DROPSIM"]
        return cls(app, settings["threads"], settings["max_body_bytes"], settings["body_timeout"],
                   precheck=True, on_exit=app.extensions["dropsim"].journal.recorder.flush)

    def __rsgi_init__(self, loop) -> None:
        # Called in each worker after the fork: threads never cross a fork.
        self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix="dropsim")
        self.trimmer = Trimmer(lambda: (self.finished, self.in_flight))
        self.trimmer.start()

    def __rsgi_del__(self, loop) -> None:
        if self.trimmer is not None:
            self.trimmer.stop()
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        if self.on_exit is not None:
            self.on_exit()

    async def __rsgi__(self, scope, protocol) -> None:
        if scope.proto != "http":
            return
        started = time.perf_counter()
        environ = self._environ(scope)
        environ[STARTED] = started
        loop = asyncio.get_running_loop()
        if self.pool is None:
            self.__rsgi_init__(loop)
        self.in_flight += 1
        try:
            await self._serve(scope, protocol, environ, loop)
        finally:
            self.in_flight -= 1
            self.finished += 1

    async def _serve(self, scope, protocol, environ: dict, loop) -> None:
        body, refusal = await self._body(scope, protocol, environ, loop)
        if refusal is not None:
            protocol.response_bytes(*refusal)
            return
        environ["wsgi.input"] = io.BytesIO(body)
        # The body is whole and de-chunked here: werkzeug reads a chunked request only when
        # told its input ends, and would otherwise see none.
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ["wsgi.input_terminated"] = True
        while True:
            await loop.run_in_executor(self.pool, self._answer, environ, protocol)
            delay = environ.pop(DELAY, None)
            if delay is None:
                return
            seconds, fault = delay
            await asyncio.sleep(seconds)
            environ[DECIDED] = fault
            environ["wsgi.input"] = io.BytesIO(body)

    def _answer(self, environ: dict, protocol) -> None:
        """Run the app in a thread of the pool and send its answer from there, unless the app
        asked for a delay first. (granian's protocol hands the answer to its own threads under
        a lock, from any thread; sent from the loop instead, each answer waited for the loop to
        wake and take the GIL: 100-150 us of every request.)"""
        status, headers, payload = self._call(environ)
        if DELAY not in environ:
            protocol.response_bytes(status, headers, payload)

    async def _body(self, scope, protocol, environ: dict, loop) -> tuple[bytes, tuple | None]:
        """The whole body, or the app's answer when it refuses the caller before the body."""
        length = environ.get("CONTENT_LENGTH", "")
        chunked = "chunked" in (scope.headers.get("transfer-encoding") or "").lower()
        if not chunked and (not length or length == "0"):
            return b"", None
        if length.isdigit() and int(length) > self.max_body:
            environ[REFUSE] = 413  # refused before a byte of it is read
            return b"", None
        deadline = loop.time() + self.body_timeout
        # A body of a declared length (within the limit, checked above) is read whole by
        # granian in one step; a chunked one a chunk at a time, counting towards the limit.
        # (Whole, a POST's body reached the app 150 us sooner than chunk by chunk.)
        declared = not chunked and length.isdigit()
        reading = asyncio.ensure_future(protocol() if declared else self._read(protocol))
        try:
            done, _pending = await asyncio.wait({reading}, timeout=PRECHECK_AFTER)
            if done:
                return reading.result(), None
            if self.precheck:
                refusal = await loop.run_in_executor(self.pool, self._precheck, environ)
                if refusal is not None:
                    reading.cancel()
                    return b"", refusal
            return await asyncio.wait_for(reading, max(0.0, deadline - loop.time())), None
        except _TooLarge:
            environ[REFUSE] = 413
        except (asyncio.TimeoutError, TimeoutError):
            environ[REFUSE] = 408
        except Exception:  # the client went away mid-body: answer as if it sent nothing
            environ[REFUSE] = 408
        return b"", None

    def _precheck(self, environ: dict) -> tuple | None:
        """The app's answer to the request without its body, or None if it would serve it."""
        trial = {**environ, PRECHECK: True, "wsgi.input": io.BytesIO(b""), "CONTENT_LENGTH": "0"}
        answer = self._call(trial)
        return None if trial.get(PRECHECK) == PASSED else answer

    async def _read(self, protocol) -> bytes:
        parts, size = [], 0
        async for chunk in protocol:
            size += len(chunk)
            if size > self.max_body:
                raise _TooLarge()
            parts.append(chunk)
        return b"".join(parts)

    def _call(self, environ: dict) -> tuple[int, list[tuple[str, str]], bytes]:
        captured: dict[str, Any] = {}

        def start_response(status: str, headers: list, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: captured.setdefault("written", []).append(data)

        result = self.wsgi_app(environ, start_response)
        try:
            payload = b"".join(captured.pop("written", [])) + b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return int(captured["status"].split(" ", 1)[0]), list(captured["headers"]), payload

    @staticmethod
    def _environ(scope) -> dict:
        server, _, port = scope.server.rpartition(":")
        client, _, client_port = scope.client.rpartition(":")
        environ = {
            "REQUEST_METHOD": scope.method,
            "SCRIPT_NAME": "",
            # WSGI carries the path as the latin-1 reading of its UTF-8 bytes.
            "PATH_INFO": scope.path.encode("utf-8", "surrogateescape").decode("latin-1"),
            "QUERY_STRING": scope.query_string,
            "SERVER_NAME": server.strip("[]"),
            "SERVER_PORT": port,
            "SERVER_PROTOCOL": f"HTTP/{scope.http_version}",
            "REMOTE_ADDR": client.strip("[]"),
            "REMOTE_PORT": client_port,
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": scope.scheme,
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            DEFER: True,
        }
        for name, value in scope.headers.items():
            if name == "content-type":
                environ["CONTENT_TYPE"] = value
            elif name == "content-length":
                environ["CONTENT_LENGTH"] = value
            else:
                key = "HTTP_" + name.upper().replace("-", "_")
                environ[key] = f"{environ[key]}, {value}" if key in environ else value
        return environ
