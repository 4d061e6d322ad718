"""Seeded Faker instances: the same seed gives the same values, threads never share one."""
from __future__ import annotations

import threading

from simulator.core.fake import reseeded_faker, seeded_faker


def test_seeded_faker_is_deterministic_and_independent():
    first = [seeded_faker("en_US", 7).name() for _ in range(3)]
    assert first == [seeded_faker("en_US", 7).name() for _ in range(3)]
    a, b = seeded_faker("en_US", 7), seeded_faker("en_US", 7)
    assert a is not b and a.address() == b.address()


def test_reseeded_faker_is_one_per_thread():
    mine = reseeded_faker("en_US", "x")
    assert reseeded_faker("en_US", "y") is mine
    assert reseeded_faker("en_US", "k").street_address() == reseeded_faker("en_US", "k").street_address()
    other = []
    thread = threading.Thread(target=lambda: other.append(reseeded_faker("en_US", "x")))
    thread.start()
    thread.join()
    assert other[0] is not mine
