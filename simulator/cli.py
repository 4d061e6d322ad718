"""The `dropsim` command line. Every command but `serve` works on the database file directly,
so it works the same with or without a running server; all but `init` and `serve` need the
database to exist already."""
from __future__ import annotations

import functools
import ipaddress
import os
import traceback
from typing import Any

import click

from .cli_common import check_location, initialise, open_simulator, settings_from
from .config import SETTINGS_BY_NAME, ConfigError, parse_duration
from .core import accounts
from .core.db import connections, storage_problem
from .core.errors import ControlError
from .core.sim import Simulator
from .core.wire import format_iso_micro


def _help(name: str) -> str:
    setting = SETTINGS_BY_NAME[name]
    default = setting.default if setting.default is not None else "unset"
    return f"{setting.help} [env {setting.env_var}; default {default}]"


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
def main() -> None:
    """dropsim: local sandboxes of the Provet Dropship, Allivet and RetailOps APIs."""


@main.command()
@click.option("--host", default=None, help=_help("host"))
@click.option("--port", type=int, default=None, help=_help("port"))
@db_option
@click.option("--seed", type=int, default=None, help=_help("seed"))
@click.option("--workers", type=int, default=None, help=_help("workers"))
@click.option("--status-interval", default=None, help=_help("provet_status_interval"))
@click.option("--admin-token", default=None, help=_help("admin_token"))
@click.option("--vendor-port", "vendor_ports", multiple=True, metavar="VENDOR=PORT",
              help=_help("vendor_ports") + " Repeatable.")
def serve(host, port, db, seed, workers, status_interval, admin_token, vendor_ports) -> None:
    """Run the simulator with a production WSGI server."""
    from .server import ServeError, check_ports, run

    settings = settings_from(host=host, port=port, db=db, seed=seed, workers=workers,
                         provet_status_interval=status_interval, admin_token=admin_token,
                         vendor_ports=",".join(vendor_ports) or None)
    unknown = set(settings["vendor_ports"]) - {v.name for v in Simulator(settings).vendors}
    if unknown:
        raise click.BadParameter(f"unknown vendor(s): {', '.join(sorted(unknown))}",
                                 param_hint="--vendor-port")
    ports = [settings["port"], *settings["vendor_ports"].values()]
    try:
        # Before anything is created, and again after seeding (which takes a few seconds on
        # a new database) in case another server took a port meanwhile.
        check_ports(settings["host"], ports)
        check_location(settings)
        _initialise_apart(settings)
        check_ports(settings["host"], ports)
    except ServeError as exc:
        raise click.ClickException(str(exc)) from None
    sim = Simulator(settings)
    _print_banner(sim, settings)
    connections.close_all()  # workers are forked: each opens its own connection
    run(settings)


def _initialise_apart(settings: dict[str, Any]) -> None:
    """Create, migrate and seed the database in a short-lived forked child, so that the server
    process (and the workers forked from it) never hold Faker or seeding's garbage: summed
    over master and workers, that was about 50 MB of resident memory."""
    if not hasattr(os, "fork"):
        open_simulator(settings, create=True)
        return
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            open_simulator(settings, create=True)
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
    settings = settings_from(db=db, seed=seed)
    check_location(settings)
    seeded = initialise(Simulator(settings))
    click.echo(f"{'Created and seeded' if seeded else 'Already initialised:'} {settings['db']}")


@main.command()
@db_option
@click.option("--seed", type=int, default=None, help=_help("seed"))
@click.option("--account", default=None, help="Reset only this account (default: all).")
@control_errors
def reset(db, seed, account) -> None:
    """Put every account (or one) back to its seeded state."""
    done = open_simulator(settings_from(db=db, seed=seed)).reset(account)
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
    _echo_clock(open_simulator(settings_from(db=db)).clock_state(account))


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
    result = open_simulator(settings_from(db=db)).advance(account, seconds)
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
    _echo_clock(open_simulator(settings_from(db=db)).freeze(account))


@clock.command("resume")
@db_option
@account_option
@control_errors
def clock_resume(db, account) -> None:
    """Let the account's clock run again from where it stopped."""
    _echo_clock(open_simulator(settings_from(db=db)).resume(account))


def _add_vendor_groups() -> None:
    from .control.cli import register
    from .vendors import all_vendors

    register(main, lambda db: open_simulator(settings_from(db=db)), db_option, account_option, control_errors)
    for vendor in all_vendors():
        if vendor.cli is not None:
            main.add_command(vendor.cli, vendor.name)


_add_vendor_groups()
