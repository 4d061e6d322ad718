"""`dropsim provet ...`: an account's view of a catalogue product, straight on the database file
(no server needed), like `POST /_sim/provet/products/{code}`."""
from __future__ import annotations

import json

import click

from ...core import clock
from ...core.accounts import DEFAULT_ACCOUNT, account_exists
from ...core.db import transaction
from ...core.errors import ControlError
from ..commands import open_simulator
from . import catalogue, schemas


@click.group("provet")
def group() -> None:
    """Provet: an account's stock, prices and discontinued flags."""


@group.command("product")
@click.argument("code")
@click.option("--quantity-on-hand", "quantity_on_hand", type=int, default=None,
              help="The account's quantity on hand (orders then take from it).")
@click.option("--price", type=float, default=None, help="The account's price.")
@click.option("--rrp", type=float, default=None, help="The account's recommended retail price.")
@click.option("--discontinued/--not-discontinued", default=None,
              help="Mark the product discontinued for the account (or not).")
@click.option("--clear", is_flag=True, help="Drop the account's override: back to the catalogue.")
@click.option("--db", "db_path", default=None, help="SQLite database file (default: the db "
              "setting, ./dropsim.db).")
@click.option("--account", default=DEFAULT_ACCOUNT, show_default=True, help="Sandbox account.")
def product(code, quantity_on_hand, price, rrp, discontinued, clear, db_path, account) -> None:
    """Show, override or clear the account's view of product CODE (prints JSON)."""
    given = {k: v for k, v in (("quantityOnHand", quantity_on_hand), ("price", price),
                               ("rrp", rrp), ("discontinued", discontinued)) if v is not None}
    if clear and given:
        raise click.UsageError("--clear drops the override; give it alone")
    try:
        changes = schemas.parse_override(given) if given else None
    except ControlError as exc:
        raise click.BadParameter(exc.message) from None
    sim = open_simulator(db_path)
    db = sim.db()
    if not account_exists(db, account):
        raise click.ClickException(f"unknown account '{account}'")
    with transaction(db):
        view = catalogue.view(db, account, clock.now_us(db, account))
        if clear or changes:
            found = catalogue.override(db, view, code, changes)
        else:
            found = catalogue.product(db, view, code)
    if found is None:
        raise click.ClickException(f"no product '{code}' in the account's catalogue today")
    click.echo(json.dumps(schemas.stock_view_to_wire(account, found, view), indent=2))
