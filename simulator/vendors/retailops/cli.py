"""`dropsim retailops ...`: the storefront on demand, straight on the database file (no server
needed)."""
from __future__ import annotations

import json

import click

from ...core import clock
from ...core.accounts import DEFAULT_ACCOUNT, account_exists
from ...core.db import transaction
from ...core.wire import WireError, parse_datetime
from ..commands import open_simulator
from . import models, schemas, storefront


def _run(db_path: str | None, account: str, operation) -> None:
    sim = open_simulator(db_path)
    db = sim.db()
    if not account_exists(db, account):
        raise click.ClickException(f"unknown account '{account}'")
    try:
        with transaction(db):
            po = operation(db, sim.settings["seed"], clock.now_us(db, account))
    except storefront.StorefrontError as exc:
        raise click.ClickException(str(exc)) from None
    classes = {c["id"]: c["name"] for c in models.carrier_classes(db)}
    wire = schemas.po_to_wire(po, classes, True, clock.now_us(db, account))
    click.echo(json.dumps({"account": account, "po": wire}, indent=2))


_db = click.option("--db", "db_path", default=None, help="SQLite database file (default: the "
                   "db setting, ./dropsim.db).")
_account = click.option("--account", default=DEFAULT_ACCOUNT, show_default=True,
                        help="Sandbox account.")


@click.group("retailops")
def group() -> None:
    """RetailOps: simulate the storefront's customers."""


@group.command("po")
@click.option("--vendor", "vendor_id", type=int, required=True, help="RetailOps vendor id, e.g. 27.")
@click.option("--item", "items", multiple=True, required=True, help="VPC:QUANTITY, repeatable.")
@click.option("--date-submit", default=None, help="ISO 8601 date_submit (default: now).")
@_db
@_account
def create_po(vendor_id: int, items: tuple[str, ...], date_submit: str | None,
              db_path: str | None, account: str) -> None:
    """A customer buys now: create a ready PO for the vendor."""
    try:
        submit_us = None if date_submit is None else parse_datetime(date_submit)[0]
        specs = storefront.parse_item_specs(list(items))
    except (WireError, storefront.StorefrontError) as exc:
        raise click.BadParameter(str(exc)) from None
    _run(db_path, account, lambda db, s, now: storefront.order_now(db, account, s, vendor_id, specs,
                                                             now, submit_us))


@group.command("change-po")
@click.argument("po")
@click.option("--item", "items", multiple=True, required=True,
              help="PO_ITEM_ID:QUANTITY or VPC:QUANTITY, repeatable.")
@_db
@_account
def change_po(po: str, items: tuple[str, ...], db_path: str | None, account: str) -> None:
    """Change a submitted PO's quantities (vendors with 'Change POs after submit')."""
    try:
        specs = storefront.parse_item_specs(list(items))
    except storefront.StorefrontError as exc:
        raise click.BadParameter(str(exc)) from None
    _run(db_path, account, lambda db, _s, now: storefront.change_po(db, account, po, specs, now))
