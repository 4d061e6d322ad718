"""Shared test fixtures: every test gets its own freshly seeded database file.

Seeding runs once per session into a template file; each test copies it (a few milliseconds)
so tests stay isolated without paying for seeding each time. The template is never written
after it is made.
"""
from __future__ import annotations

import shutil

import pytest

from simulator import create_app
from simulator.core.db import connections

from .helpers import basic_auth

pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("template") / "seeded.db")
    app = create_app({"db": path})
    sim = app.extensions["dropsim"]
    sim.db().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connections.close(sim.options)
    return path


@pytest.fixture
def db_path(template_db, tmp_path) -> str:
    path = str(tmp_path / "dropsim.db")
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def make_app(db_path):
    """Build an app on this test's database with extra settings."""
    made = []

    def make(**settings):
        app = create_app({"db": db_path, **settings})
        made.append(app)
        return app

    yield make
    for app in made:
        connections.close(app.extensions["dropsim"].options)


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def sim(app):
    """The app's Simulator, for reading stored state directly."""
    return app.extensions["dropsim"]


@pytest.fixture
def frozen(client):
    """Freeze the default account's clock so status steps fall exactly on advances."""
    response = client.post("/_sim/clock/freeze")
    assert response.status_code == 200
    return response.get_json()


@pytest.fixture
def advance(client):
    def move(account: str = "default", **amount) -> dict:
        response = client.post(f"/_sim/clock/advance?account={account}", json=amount)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    return move


@pytest.fixture
def provet_auth() -> dict:
    """The documented default Provet credentials (fixtures/credentials.json)."""
    return basic_auth("sandbox", "sandbox")
