"""Processes started by tests: finding them and stopping them, from /proc (Linux).

Every process a test starts inherits the environment variable MARK with this run's id (set in
tests/conftest.py), so a server that outlives its test is found even after its parent is gone
and it was handed to init.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time

MARK = "TESTS_DROPSIM_RUN"  # not DROPSIM_*: the pytest plugin drops those from its server's env


def alive(pid: int) -> bool:
    """Whether process `pid` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def children(pid: int) -> list[int]:
    """The live child processes of `pid`."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def descendants(pid: int) -> list[int]:
    """The live child processes of `pid`, their children, and so on."""
    found, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def _ancestors() -> set[int]:
    pid, found = os.getpid(), set()
    while pid > 1:
        found.add(pid)
        try:
            with open(f"/proc/{pid}/stat") as handle:
                pid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            break
    return found


def marked(run_id: str) -> dict[int, str]:
    """Live processes carrying this run's mark, but this one and its ancestors: {pid: command}."""
    wanted = f"{MARK}={run_id}".encode()
    mine = _ancestors()
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in mine:
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as handle:
                if wanted not in handle.read().split(b"\0"):
                    continue
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                command = handle.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        if alive(int(entry)):
            found[int(entry)] = command
    return found


def leftovers(run_id: str, grace: float = 5.0) -> dict[int, str]:
    """Marked processes still running after `grace` seconds (they may be on their way out)."""
    deadline = time.monotonic() + grace
    while True:
        found = marked(run_id)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def stop(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    """Stop a server started with start_new_session=True, and everything in its session:
    SIGTERM to the server, then SIGKILL to the whole group if anything is left."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # workers, whatever became of their server
    except (ProcessLookupError, PermissionError):
        pass
    if proc.poll() is None:
        proc.wait(timeout=5)
