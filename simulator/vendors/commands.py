"""What every vendor's command group (Vendor.cli, `dropsim <vendor> ...`) shares: opening the
simulator on a database file, created and seeded when new."""
from __future__ import annotations

import click

from ..config import load_config
from ..core.sim import Simulator, resolve_db_path
from . import all_vendors


def open_simulator(db_path: str | None) -> Simulator:
    """The simulator on `db_path` (default: the db setting). Under `dropsim` the group's own
    opener is used (it reports bad settings and folders as usage errors); a group invoked on
    its own opens every registered vendor."""
    root = click.get_current_context().find_root().obj or {}
    if "open_simulator" in root:
        return root["open_simulator"](db_path)
    settings = load_config({"db": db_path})
    settings["db"] = resolve_db_path(settings["db"])
    sim = Simulator(settings, all_vendors())
    sim.initialise()
    return sim
