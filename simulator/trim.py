"""Memory a worker freed, handed back to the system once the worker falls quiet.

A burst of requests leaves a worker's allocator holding what it freed: SQLite's page caches,
the journal's queue, each request's objects, spread over one glibc arena per thread. glibc gives
the top of an arena back by itself, but not the free pages inside it, so a worker that served a
burst kept its peak for as long as it ran. `malloc_trim(0)` returns them; it walks every arena
under its locks (well under a millisecond for a worker's heap), so it runs at most once per
look, every 2 seconds, and only when the worker has served requests since the last trim and
has none in flight at that moment: a worker under concurrent load is never trimmed. Where the
C library has no `malloc_trim` (musl, macOS) nothing runs.
"""
from __future__ import annotations

import ctypes
import threading
from typing import Callable

CHECK_EVERY = 2.0  # seconds between looks at the worker's activity


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


class Trimmer:
    """A thread that trims the allocator after each burst `activity()` reports: it returns
    (requests finished, requests in flight)."""

    def __init__(self, activity: Callable[[], tuple[int, int]],
                 every: float = CHECK_EVERY) -> None:
        self.activity, self.every = activity, every
        self._stop = threading.Event()
        self._trim = _malloc_trim()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._trim is None:
            return
        self._thread = threading.Thread(target=self._run, name="dropsim-trim", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        trimmed_after = 0
        while not self._stop.wait(self.every):
            finished, in_flight = self.activity()
            if finished != trimmed_after and in_flight == 0:
                self._trim(0)
                trimmed_after = finished
