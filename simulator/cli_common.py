"""What every `dropsim` command shares, the vendors' own command groups included: the settings
from options and DROPSIM_* variables, and opening the database file."""
from __future__ import annotations

import os
import sys
from typing import Any

import click

from .config import ConfigError, load_config
from .core.sim import Simulator, location_problem, resolve_db_path


def settings_from(**overrides: Any) -> dict[str, Any]:
    """The effective settings, with the database path made absolute."""
    try:
        settings = load_config(overrides)
    except ConfigError as exc:  # (exit status 1: it may come from a DROPSIM_* variable)
        raise click.ClickException(str(exc)) from None
    settings["db"] = resolve_db_path(settings["db"])
    return settings


def check_location(settings: dict[str, Any]) -> None:
    problem = location_problem(settings["db"])
    if problem:
        raise click.ClickException(problem)


class ProgressBars:
    """Seeding progress as click progress bars, one per label; a label reported without a
    total gets a single line instead."""

    def __init__(self) -> None:
        self.bars: dict[str, Any] = {}

    def __call__(self, label: str, steps: int, total: int | None = None) -> None:
        bar = self.bars.get(label)
        if bar is None:
            if total is None:
                self.bars[label] = False
                click.echo(f"Seeding {label}...", err=True)
                return
            bar = self.bars[label] = click.progressbar(length=total, label=f"Seeding {label}",
                                                       file=sys.stderr, show_pos=True)
            bar.__enter__()
        if bar:
            bar.update(steps)

    def close(self) -> None:
        for bar in self.bars.values():
            if bar:
                bar.__exit__(None, None, None)


def initialise(sim: Simulator) -> bool:
    """Create, migrate and seed the simulator's database as needed, showing progress; True
    when it seeded."""
    progress = ProgressBars()
    try:
        return sim.initialise(progress)
    finally:
        progress.close()


def open_simulator(settings: dict[str, Any], create: bool = False) -> Simulator:
    """A simulator on the settings' database. Only with `create` (init, serve) is a missing
    database created and seeded: every other command refuses one, so that a mistyped --db is
    an error rather than a fresh sandbox. Those commands run the clock rules with the
    intervals the last server on the file recorded."""
    check_location(settings)
    path = settings["db"]
    if not create and not os.path.exists(path):
        raise click.ClickException(
            f"no database at {path} (create one with `dropsim init --db {path}` or "
            "`dropsim serve`, or name an existing one with --db or DROPSIM_DB)")
    sim = Simulator(settings)
    if initialise(sim):
        click.echo(f"Created and seeded {path} (seed {settings['seed']}).", err=True)
    if not create:
        sim.use_server_settings()
    return sim
