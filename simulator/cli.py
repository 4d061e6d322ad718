"""The `dropsim` command line. Every command but `serve` works on the database file directly,
so it works the same with or without a running server; all but `init` and `serve` need the
database to exist already."""
from __future__ import annotations

import functools
import ipaddress
import os
import sys
import traceback
from typing import Any

import click

from .config import SETTINGS_BY_NAME, ConfigError, load_config, parse_duration
from .core import accounts
from .core.db import connections, storage_problem
from .core.errors import ControlError
from .core.sim import Simulator, location_problem, resolve_db_path
from .control.cli import register as register_control
from .core.wire import format_iso_micro
from .vendors import all_vendors


def _help(name: str) -> str:
    setting = SETTINGS_BY_NAME[name]
    default = setting.default if setting.default is not None else "unset"
    return f"{setting.help} [env {setting.env_var}; default {default}]"


def _settings(**overrides: Any) -> dict[str, Any]:
    try:
        settings = load_config(overrides)
    except ConfigError as exc:  # (exit status 1: it may come from a DROPSIM_* variable)
        raise click.ClickException(str(exc)) from None
    settings["db"] = resolve_db_path(settings["db"])
    return settings


def _assigned(assignments: tuple[str, ...]) -> dict[str, str]:
    """`--set NAME=VALUE` options as overrides (load_config names an unknown NAME)."""
    values = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        if not equals or not name.strip():
            raise click.BadParameter(f"{assignment!r} is not NAME=VALUE", param_hint="--set")
        values[name.strip().lower().replace("-", "_")] = value
    return values


def _check_location(settings: dict[str, Any]) -> None:
    problem = location_problem(settings["db"])
    if problem:
        raise click.ClickException(problem)


class _ProgressBars:
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


def _simulator(settings: dict[str, Any]) -> Simulator:
    """A simulator of every installed vendor on the settings' database (not opened yet)."""
    return Simulator(settings, all_vendors())


def _require_database(settings: dict[str, Any]) -> None:
    """Every command but init and serve works on an existing database: a mistyped --db is an
    error, not a freshly seeded sandbox."""
    _check_location(settings)
    path = settings["db"]
    if not os.path.exists(path):
        raise click.ClickException(
            f"no database at {path} (create one with `dropsim init --db {path}` or "
            "`dropsim serve`, or name an existing one with --db or DROPSIM_DB)")


def _open(settings: dict[str, Any], announce: bool = True, create: bool = False) -> Simulator:
    """A simulator on the settings' database; only with `create` (init, serve) is a missing one
    created and seeded. Other commands run the clock rules with the intervals the last server
    on the file recorded, so they report the transitions that server would."""
    if create:
        _check_location(settings)
    else:
        _require_database(settings)
    sim = _simulator(settings)
    progress = _ProgressBars()
    try:
        seeded = sim.initialise(progress)
    finally:
        progress.close()
    if seeded and announce:
        click.echo(f"Created and seeded {settings['db']} (seed {settings['seed']}).", err=True)
    if not create:
        sim.use_server_settings()
    return sim


def control_errors(command):
    """Report a ControlError (unknown account, bad snapshot name...) as a clean CLI error."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ControlError as exc:
            raise click.ClickException(exc.message) from None
    return run


db_option = click.option("--db", default=None, help=_help("db"))
account_option = click.option("--account", default=accounts.DEFAULT_ACCOUNT, show_default=True,
                              help="Sandbox account to act on.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dropship-simulator", prog_name="dropsim")
@click.pass_context
def main(ctx: click.Context) -> None:
    """dropsim: local sandboxes of the Provet Dropship, Allivet and RetailOps APIs."""
    # Vendor command groups open the database through this (see Vendor.cli).
    ctx.obj = {"open_simulator": _open_quietly}


@main.command()
@click.option("--host", default=None, help=_help("host"))
@click.option("--port", type=int, default=None, help=_help("port"))
@db_option
@click.option("--seed", type=int, default=None, help=_help("seed"))
@click.option("--workers", type=int, default=None, help=_help("workers"))
@click.option("--status-interval", default=None, help=_help("provet_status_interval"))
@click.option("--allivet-status-interval", default=None, help=_help("allivet_status_interval"))
@click.option("--admin-token", default=None, help=_help("admin_token"))
@click.option("--vendor-port", "vendor_ports", multiple=True, metavar="VENDOR=PORT",
              help=_help("vendor_ports") + " Repeatable.")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Any setting by its name, e.g. --set body_timeout=30 (the Settings table "
                   "lists them); wins over its DROPSIM_* variable. Repeatable.")
def serve(host, port, db, seed, workers, status_interval, allivet_status_interval, admin_token,
          vendor_ports, assignments) -> None:
    """Run the simulator with a production server."""
    from .server import ServeError, check_ports, run

    flags = dict(host=host, port=port, db=db, seed=seed, workers=workers,
                 provet_status_interval=status_interval,
                 allivet_status_interval=allivet_status_interval, admin_token=admin_token,
                 vendor_ports=",".join(vendor_ports) or None)
    settings = _settings(**{**_assigned(assignments),
                            **{k: v for k, v in flags.items() if v is not None}})
    unknown = set(settings["vendor_ports"]) - {v.name for v in _simulator(settings).vendors}
    if unknown:
        raise click.BadParameter(f"unknown vendor(s): {', '.join(sorted(unknown))}",
                                 param_hint="--vendor-port")
    ports = [settings["port"], *settings["vendor_ports"].values()]
    try:
        # Before anything is created, and again after seeding (which takes a few seconds on
        # a new database) in case another server took a port meanwhile.
        check_ports(settings["host"], ports)
        _check_location(settings)
        _initialise_apart(settings)
        check_ports(settings["host"], ports)
    except ServeError as exc:
        raise click.ClickException(str(exc)) from None
    sim = _simulator(settings)
    _print_banner(sim, settings)
    connections.close_all()  # workers are forked: each opens its own connection
    run(settings)


def _initialise_apart(settings: dict[str, Any]) -> None:
    """Create, migrate and seed the database in a short-lived forked child, so that the server
    process (and the workers forked from it) never hold Faker or seeding's garbage: summed
    over master and workers, that was about 50 MB of resident memory."""
    if not hasattr(os, "fork"):
        _open(settings, create=True)
        return
    sim = _simulator(settings)
    current = sim.is_current()  # (then the server's own initialise creates nothing)
    connections.close_all()
    if current:
        return
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            _open(settings, create=True)
            connections.close_all()
            code = 0
        except click.ClickException as exc:
            exc.show()
        except BaseException as exc:
            if storage_problem(exc):
                click.echo(f"Error: {exc}", err=True)
            else:
                traceback.print_exc()
        finally:
            os._exit(code)
    _pid, status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise click.ClickException(f"could not create or seed {settings['db']} (see above)")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _print_banner(sim: Simulator, settings: dict[str, Any]) -> None:
    shown_host = "127.0.0.1" if settings["host"] in ("0.0.0.0", "::") else settings["host"]
    base = f"http://{shown_host}:{settings['port']}"
    creds = accounts.credentials_of(sim.db(), accounts.DEFAULT_ACCOUNT)
    click.echo(f"dropsim serving on {base}  (database {settings['db']})")
    for vendor in sim.vendors:
        own = settings["vendor_ports"].get(vendor.name)
        also = f"  and http://{shown_host}:{own}" if own else ""
        click.echo(f"  {vendor.title:<16} {base}/{vendor.name}{also}")
        for line in vendor.describe_credentials([c for c in creds if c["vendor"] == vendor.name]):
            click.echo(f"  {'':<16}   {line}")
    click.echo(f"  {'Dashboard':<16} {base}/_sim/ui/")
    click.echo(f"  {'Control plane':<16} {base}/_sim   (try {base}/_sim/health)")
    if not settings["admin_token"] and not _is_loopback(settings["host"]):
        click.echo(f"WARNING: bound to {settings['host']} without an admin token: anyone who "
                   "can reach it can reset or move the clock. Set DROPSIM_ADMIN_TOKEN.", err=True)


@main.command()
@db_option
@click.option("--seed", type=int, default=None, help=_help("seed"))
def init(db, seed) -> None:
    """Create and seed the database (nothing to do when it exists)."""
    settings = _settings(db=db, seed=seed)
    sim = _simulator(settings)
    progress = _ProgressBars()
    try:
        seeded = sim.initialise(progress)
    finally:
        progress.close()
    click.echo(f"{'Created and seeded' if seeded else 'Already initialised:'} {settings['db']}")


@main.command()
@db_option
@click.option("--seed", type=int, default=None, help=_help("seed"))
@click.option("--account", default=None, help="Reset only this account (default: all).")
@control_errors
def reset(db, seed, account) -> None:
    """Put every account (or one) back to its seeded state."""
    done = _open(_settings(db=db, seed=seed), announce=False).reset(account)
    click.echo(f"Reset {', '.join(done)}.")


@main.group()
def clock() -> None:
    """Show or move an account's virtual clock."""


def _echo_clock(state: dict) -> None:
    frozen = " (frozen)" if state["frozen"] else ""
    click.echo(f"{state['account']}: {format_iso_micro(state['now_us'])}{frozen}, "
               f"offset {state['offset_seconds']:g} s")


@clock.command("show")
@db_option
@account_option
@control_errors
def clock_show(db, account) -> None:
    """Print the account's virtual now."""
    _echo_clock(_open(_settings(db=db)).clock_state(account))


@clock.command("advance")
@click.argument("duration")
@db_option
@account_option
@control_errors
def clock_advance(duration, db, account) -> None:
    """Move the clock forward by DURATION (e.g. 30m, 2h, 1d, 90s)."""
    try:
        seconds = parse_duration(duration)
    except ConfigError as exc:
        raise click.BadParameter(str(exc), param_hint="DURATION") from None
    result = _open(_settings(db=db)).advance(account, seconds)
    click.echo(f"{account}: {format_iso_micro(result['before_us'])} -> "
               f"{format_iso_micro(result['after_us'])}")
    for t in result["transitions"]:
        click.echo(f"  {format_iso_micro(t['at_us'])}  {t['vendor']} {t['object']} {t['id']}: "
                   f"{t['from']} -> {t['to']}")
    click.echo(f"{len(result['transitions'])} transition(s).")


@clock.command("freeze")
@db_option
@account_option
@control_errors
def clock_freeze(db, account) -> None:
    """Stop the account's clock."""
    _echo_clock(_open(_settings(db=db)).freeze(account))


@clock.command("resume")
@db_option
@account_option
@control_errors
def clock_resume(db, account) -> None:
    """Let the account's clock run again from where it stopped."""
    _echo_clock(_open(_settings(db=db)).resume(account))


OPENAPI_NAMES = ("provet", "provet-connect", "allivet", "retailops", "control")


@main.command("openapi")
@click.argument("vendor", type=click.Choice(OPENAPI_NAMES))
@click.option("--server", default=None, metavar="URL",
              help="The base URL the document's `servers` names (default: this machine's "
                   "dropsim at the configured host and port), e.g. http://localhost:8000.")
def openapi_document(vendor, server) -> None:
    """Print a vendor's (or the control plane's) OpenAPI 3.1 document as JSON; the same
    document the server answers at /VENDOR/openapi.json (/_sim/openapi.json for control)."""
    import json

    from .control.openapi import api as control_api
    from .vendors import all_vendors

    settings = _settings()
    if server is None:
        host = settings["host"] if settings["host"] not in ("0.0.0.0", "::", "") else "127.0.0.1"
        server = f"http://{host}:{settings['port']}"
    vendors = all_vendors()
    api = (control_api(vendors, settings) if vendor == "control" else
           next(v for v in vendors if v.name == vendor).openapi(settings))
    click.echo(json.dumps(api.document(server), indent=2))


def _open_quietly(db: str | None) -> Simulator:
    """For vendor commands, whose output is JSON: no progress bars or notices."""
    settings = _settings(db=db)
    _require_database(settings)
    sim = _simulator(settings)
    sim.initialise()
    sim.use_server_settings()
    return sim


def _add_vendor_groups() -> None:
    from .control.cli import register
    from .vendors import all_vendors


def _add_vendor_groups() -> None:
    register_control(main, lambda db: _open(_settings(db=db)), db_option, account_option,
                     control_errors)
    for vendor in all_vendors():
        if vendor.cli is not None:
            main.add_command(vendor.cli, vendor.name)


_add_vendor_groups()
