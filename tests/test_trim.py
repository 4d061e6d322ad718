"""A worker hands the memory it freed back to the system after each burst of requests, and
never while one is in flight."""
from __future__ import annotations

import time

from simulator import trim


def _wait_for(condition, seconds=2.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.005)
    return condition()


def test_one_trim_per_burst_and_none_while_a_request_is_in_flight(monkeypatch):
    calls = []
    monkeypatch.setattr(trim, "_malloc_trim", lambda: lambda pad: calls.append(pad) or 1)
    activity = {"finished": 0, "in_flight": 0}
    trimmer = trim.Trimmer(lambda: (activity["finished"], activity["in_flight"]), every=0.01)
    trimmer.start()
    try:
        time.sleep(0.1)
        assert calls == []  # nothing served yet: nothing to give back
        activity.update(finished=40, in_flight=3)
        time.sleep(0.1)
        assert calls == []  # busy: the allocator's locks are left to the requests
        activity.update(finished=43, in_flight=0)
        assert _wait_for(lambda: calls == [0])
        time.sleep(0.1)
        assert calls == [0]  # quiet and nothing new: no second trim
        activity.update(finished=44)
        assert _wait_for(lambda: calls == [0, 0])
    finally:
        trimmer.stop()


def test_a_c_library_without_malloc_trim_starts_no_thread(monkeypatch):
    monkeypatch.setattr(trim, "_malloc_trim", lambda: None)
    trimmer = trim.Trimmer(lambda: (1, 0), every=0.01)
    trimmer.start()
    assert trimmer._thread is None


def test_the_real_malloc_trim_is_found_on_glibc():
    import platform
    if platform.libc_ver()[0] == "glibc":
        assert trim._malloc_trim() is not None
