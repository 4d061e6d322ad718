"""Small helpers shared by tests (fixtures live in conftest.py)."""
from __future__ import annotations

import base64

from simulator.core import accounts
from simulator.core.db import connections, transaction


def basic_auth(username: str, password: str) -> dict:
    """An HTTP Basic Authorization header."""
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def add_account(sim, account: str, credentials: list[tuple[str, str, str | None, dict | None]]) -> None:
    """Create a second sandbox account with (vendor, principal, secret, extra) credentials."""
    db = sim.db()
    with transaction(db):
        accounts.ensure_account(db, account, 0)
        for vendor, principal, secret, extra in credentials:
            accounts.add_credential(db, vendor, principal, secret, account, extra)


def close_app(app) -> None:
    """End a test's app: store its queued journal entries while its folder is still there
    (tmp_path_retention_policy removes a passed test's folder; a late store would log an
    error into the next test), then close this thread's connections."""
    sim = app.extensions["dropsim"]
    sim.journal.settle()
    connections.close(sim.options)
