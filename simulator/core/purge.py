"""Deleting what nobody can see any more, after the answer: a reset hides an account's old
rows at once (a vendor keeps a mark past which they are invisible) and a thread deletes them
in small transactions, so that neither the reset nor other writers wait for 100,000 deletes.

Rows a purge had no time to delete (the process ended first) stay invisible; the next purge
of the same account deletes them with the rest."""
from __future__ import annotations

import logging
import threading
from typing import Callable

from .db import connections, transaction

log = logging.getLogger("dropsim")


def later(db, step: Callable[[object], int]) -> threading.Thread:
    """Run `step(db)` in write transactions of a thread of its own, over and over, until it
    deletes nothing more (it returns how many rows it deleted). Started inside a transaction,
    the thread begins once that one has committed (it queues for the write lock)."""

    def run() -> None:
        try:
            own = connections.get(db.options)
            while True:
                with transaction(own):
                    if step(own) == 0:
                        return
        except Exception:  # noqa: BLE001 - what is left stays hidden, and goes next time
            log.exception("could not delete hidden rows")
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="dropsim-purge", daemon=True)
    thread.start()
    return thread
