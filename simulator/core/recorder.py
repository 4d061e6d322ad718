"""Journal entries leave the request path: each process queues them in memory and one
background thread per process stores them in batches.

Writing an entry inline cost a GET a write transaction of its own (the writers' lock, BEGIN,
the ring's sequence number, INSERT, COMMIT): about 180 us of a 700 us request, and every
request of every worker queued on the same lock. Queued, a request only appends to a list.
The thread stores what has gathered once requests pause for `QUIET` (a test's calls are in
the file moments after the last one), or once the oldest entry is `MAX_AGE` old under steady
load, so that a batch holds many entries: one commit for all, and entries that would fall out
of an account's ring before anyone read them are never written (journal.py).

Nothing waits on the journal: the queue is bounded (`journal_queue_limit`), and when it is
full the oldest entry is dropped and counted (`GET /_sim/health` shows the count). Readers of
the journal never see it behind: a reader first stores its own process's queue, then asks the
other processes to store theirs and waits (at most `SETTLE_TIMEOUT`) until they have. Each
process keeps its count in a slot of a small file beside the journal that every process maps
(a server's workers, its vendor ports, a CLI command on the same database), and the file holds
the readers' requests too, so any of them can tell and ask.

What is lost: entries still queued when a process is killed with `kill -9` (at most
`MAX_AGE`'s worth, half a second). A journal entry is a debugging aid, not acknowledged
vendor data.
"""
from __future__ import annotations

import fcntl
import logging
import mmap
import os
import struct
import threading
import time
import weakref
from collections import deque
from typing import Callable

from .db import connections

log = logging.getLogger("dropsim")

SETTLE_TIMEOUT = 0.5  # seconds a reader waits for other processes' queues, at most
IDLE_EXIT = 2.0  # seconds without entries after which a process's journal thread ends
POLL = 0.01  # seconds between the thread's looks at its queue and at readers' requests
# Stored once no entry came for QUIET seconds, or the oldest is MAX_AGE old, or the queue
# holds DUE_BYTES of bodies or half its limit. Under load a batch then holds half a second's
# entries, and the ring's share of them is all that is written: a journalled GET's CPU
# in-process went from 450 us (a batch every 25 ms) to 345 us (270-330 us with no journal).
# Held longer, the queue costs memory: half a second of GETs is about 1 MB per worker.
QUIET = 0.025
MAX_AGE = 0.5
DUE_BYTES = 1024 * 1024
_SLOTS = 128  # processes that can share a board (a server's workers and vendor ports)
_SLOT = struct.Struct("qqq")  # pid, entries held (queued or being stored), entries dropped


class Board:
    """Per-process counts of journal entries not stored yet, in a small file beside the journal
    that every process on it maps: a server's workers, and a CLI reading the same file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._mapped: tuple[int, int, mmap.mmap] | None = None  # (pid, slot, memory)

    def _memory(self) -> tuple[int, mmap.mmap] | None:
        pid = os.getpid()
        if self._mapped is not None and self._mapped[0] == pid:
            return self._mapped[1], self._mapped[2]
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)  # claiming a slot
                if os.fstat(fd).st_size < _SIZE:
                    os.ftruncate(fd, _SIZE)
                memory = mmap.mmap(fd, _SIZE)
                slot = _claim(memory, pid)
            finally:
                # (unlocked by hand: the mapping holds a duplicate of the descriptor, which
                # would keep the lock for as long as it lives)
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
        except OSError:
            return None  # (e.g. a read-only folder: readers then settle their own process only)
        self._mapped = (pid, slot, memory)
        return slot, memory

    def set_held(self, held: int, dropped_now: int = 0) -> None:
        """This process holds `held` entries not stored yet, and has just dropped some."""
        mapped = self._memory()
        if mapped is None:
            return
        slot, memory = mapped
        pid, _held, dropped = _SLOT.unpack_from(memory, slot * _SLOT.size)
        _SLOT.pack_into(memory, slot * _SLOT.size, pid, held, dropped + dropped_now)

    def _rows(self) -> list[tuple[int, int, int]]:
        mapped = self._memory()
        if mapped is None:
            return []
        # All slots in one unpack: a reader looks at them on every settle (each account
        # deletion and reset), and 128 unpacks cost it tens of microseconds.
        values = _ALL_SLOTS.unpack_from(mapped[1], 0)
        return [values[n:n + 3] for n in range(0, len(values), 3) if values[n]]

    def ask(self) -> None:
        """Ask every process to store what it holds now (a reader is waiting)."""
        mapped = self._memory()
        if mapped is not None:
            at = _SLOTS * _SLOT.size
            _ASKED.pack_into(mapped[1], at, _ASKED.unpack_from(mapped[1], at)[0] + 1)

    def asked(self) -> int:
        """A number that changes each time a reader asks (see `ask`)."""
        mapped = self._memory()
        return 0 if mapped is None else _ASKED.unpack_from(mapped[1], _SLOTS * _SLOT.size)[0]

    def others_holding(self) -> bool:
        """Whether another live process holds entries not stored yet."""
        me = os.getpid()
        return any(pid and pid != me and held > 0 and _alive(pid)
                   for pid, held, _dropped in self._rows())

    def totals(self) -> dict[str, int]:
        """Entries queued and dropped, summed over the live processes."""
        rows = [(held, dropped) for pid, held, dropped in self._rows() if pid and _alive(pid)]
        return {"queued": sum(r[0] for r in rows), "dropped": sum(r[1] for r in rows)}


_ALL_SLOTS = struct.Struct(_SLOT.format * _SLOTS)
_ASKED = struct.Struct("q")  # after the slots: how many times readers asked for a store
_SIZE = _SLOTS * _SLOT.size + _ASKED.size


def _claim(memory: mmap.mmap, pid: int) -> int:
    """The slot of `pid`: its own, else a free one or one of a process that is gone."""
    free = None
    for n in range(_SLOTS):
        owner = _SLOT.unpack_from(memory, n * _SLOT.size)[0]
        if owner == pid:
            return n
        if free is None and (owner == 0 or not _alive(owner)):
            free = n
    if free is None:  # more processes than slots: share the last one
        free = _SLOTS - 1
    _SLOT.pack_into(memory, free * _SLOT.size, pid, 0, 0)
    return free


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Recorder:
    """A bounded queue of entries and the thread that stores them with `store(batch)`."""

    def __init__(self, store: Callable[[list[dict]], None], limit: int, board: str) -> None:
        """`board`: the path of the file the processes on this journal share their counts in."""
        self.store = store
        self.limit = max(1, limit)
        self.board = Board(board)
        self._lock = threading.Lock()  # the queue and the held count
        self._storing = threading.Lock()  # one batch at a time, in order
        self._queue: deque = deque()  # (entry, size)
        self._in_flight = 0
        self._bytes = 0  # of bodies the queue holds on to
        self._first_at = self._last_at = 0.0  # when the oldest and the newest were queued
        self._pid: int | None = None
        self._running = False  # whether this process's thread is alive
        mine = weakref.ref(self)
        # A lock another thread held at the fork would stay held in the child forever.
        os.register_at_fork(after_in_child=lambda: (r := mine()) is not None and r._forked())

    def _forked(self) -> None:
        self._lock = threading.Lock()
        self._storing = threading.Lock()
        self._pid = None
        self._running = False

    def put(self, entry, size: int = 0) -> None:
        """Queue an entry (`size`: the bytes of body it holds on to); returns at once."""
        now = time.monotonic()
        with self._lock:
            if self._pid != os.getpid():  # first entry of this process (a forked worker)
                self._pid = os.getpid()
                self._queue, self._in_flight, self._bytes = deque(), 0, 0
            if not self._running:
                self._running = True
                threading.Thread(target=self._run, name="dropsim-journal", daemon=True).start()
            dropped = 0
            if len(self._queue) >= self.limit:
                self._bytes -= self._queue.popleft()[1]
                dropped = 1
            if not self._queue:
                self._first_at = now
            self._last_at = now
            self._queue.append((entry, size))
            self._bytes += size
            self.board.set_held(len(self._queue) + self._in_flight, dropped)

    def _due(self, now: float) -> bool:
        with self._lock:
            if not self._queue:
                return False
            return (now - self._last_at >= QUIET or now - self._first_at >= MAX_AGE
                    or self._bytes >= DUE_BYTES or len(self._queue) * 2 >= self.limit)

    def _run(self) -> None:
        # Ends when idle, so that an app that is done with (a test's) leaves no thread behind.
        asked = self.board.asked()
        while True:
            time.sleep(POLL)
            now = time.monotonic()
            if self.board.asked() != asked:
                asked = self.board.asked()
                self.flush()
            elif self._due(now):
                self.flush()
            with self._lock:
                if not self._queue and now - self._last_at >= IDLE_EXIT:
                    self._running = False
                    connections.close_all()  # this thread's journal connection
                    return

    def flush(self) -> None:
        """Store every entry this process has queued, before returning."""
        with self._storing:
            with self._lock:
                if self._pid != os.getpid() or not self._queue:
                    return
                batch = [entry for entry, _size in self._queue]
                self._queue.clear()
                self._bytes = 0
                self._in_flight = len(batch)
            try:
                self.store(batch)
            except Exception as exc:  # noqa: BLE001 - the journal never costs a request
                log.error("could not journal %d request(s): %s", len(batch), exc)
            finally:
                with self._lock:
                    self._in_flight = 0
                    self.board.set_held(len(self._queue))

    def settle(self, timeout: float = SETTLE_TIMEOUT) -> None:
        """Store this process's entries and wait until the other processes have stored theirs
        (or `timeout` has passed): what a reader of the journal calls first."""
        self.flush()
        if not self.board.others_holding():
            return
        self.board.ask()
        deadline = time.monotonic() + timeout
        while self.board.others_holding() and time.monotonic() < deadline:
            time.sleep(0.001)


_recorders: "weakref.WeakValueDictionary[tuple[int, str], Recorder]" = weakref.WeakValueDictionary()
_registry_lock = threading.Lock()


def recorder_for(journal: str, store: Callable[[list[dict]], None], limit: int) -> Recorder:
    """The one recorder of this process for the journal file `journal`: every Simulator on the
    file in a process (an app, a CLI command run beside it) shares it, so that a reader's
    settling covers what any of them queued."""
    key = (os.getpid(), journal)
    with _registry_lock:
        found = _recorders.get(key)
        if found is None:
            found = _recorders[key] = Recorder(store, limit, journal + "-board")
        return found
