"""Seeded Faker instances for the vendors' generated data.

Faker is imported on first use rather than at start-up: a server on an existing database
never needs it until it generates something, and importing it costs about 70 ms of every
cold start.
"""
from __future__ import annotations

import threading
from typing import Any


def seeded_faker(locale: str, seed: Any):
    """A new Faker for `locale`, seeded with `seed` (its own generator: no global state)."""
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


_per_thread = threading.local()


def reseeded_faker(locale: str, seed: Any):
    """This thread's one Faker for `locale`, re-seeded with `seed`: for values derived many
    times at request time, where building a Faker each time would cost more than the value.
    One per thread, so that concurrent requests never re-seed each other's generator."""
    fakers = _per_thread.__dict__.setdefault("fakers", {})
    fake = fakers.get(locale)
    if fake is None:
        from faker import Faker

        fake = fakers[locale] = Faker(locale)
    fake.seed_instance(seed)
    return fake
