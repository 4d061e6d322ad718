"""RetailOps (dropsim plays RetailOps, the integrator is a dropship vendor), under /retailops."""
from __future__ import annotations

from .. import Vendor
from . import models, rules, seed
from .cli import group as cli_group
from .control import bp as control_bp
from .errors import render_http_error
from .routes import bp, storefront_interval_us


def _on_advance(db, account: str, before_us: int, after_us: int, settings: dict) -> list[dict]:
    # The storefront catches up to the new instant inside the advance's transaction.
    return seed.run_storefront(db, account, settings["seed"], after_us,
                               storefront_interval_us(settings), rules.MAX_SLOTS)


def _describe(creds: list[dict]) -> list[str]:
    return [f"apikey {c['principal']!r}  (vendor {c['extra'].get('vendor_id')})" for c in creds]


VENDOR = Vendor(
    name="retailops",
    title="RetailOps",
    blueprint=bp,
    render_http_error=render_http_error,
    migrations=models.MIGRATIONS,
    seed_shared=seed.seed_shared,
    seed_account=seed.seed_account,
    clear_account=models.clear_account,
    on_advance=_on_advance,
    describe_credentials=_describe,
    control_blueprint=control_bp,
    cli=cli_group,
)
