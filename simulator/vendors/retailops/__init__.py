"""RetailOps (dropsim plays RetailOps, the integrator is a dropship vendor), under /retailops."""
from __future__ import annotations

from ...core import accounts
from ...core.redact import Secrets
from .. import Dashboard, Vendor, toolkit
from . import dashboard, models, openapi, rules, seed, storefront
from .cli import group as cli_group
from .control import bp as control_bp
from .errors import render_http_error
from .routes import bp, identify


def _on_advance(db, account: str, before_us: int, after_us: int, settings: dict) -> list[dict]:
    # The storefront catches up to the new instant inside the advance's transaction; then
    # every open PO whose date_submit the clock passed (new ones included) turns ready.
    found = storefront.run_storefront(
        db, account, settings["seed"], after_us,
        toolkit.interval_us("retailops_storefront_interval", settings), rules.MAX_SLOTS)
    return found + [{"vendor": "retailops", "object": "po", "id": po["po"], "from": rules.OPEN,
                     "to": rules.READY, "at_us": po["date_submit_us"],
                     "rule": rules.RULE_FUTURE_SUBMIT}
                    for po in models.coming_due(db, account, before_us, after_us)]


def _new_credentials(db, account: str, token: str) -> None:
    # One key per vendor, like the default account's.
    for vendor_id in models.vendor_ids(db):
        accounts.add_credential(db, "retailops", f"ro-{vendor_id}-{token}", None, account,
                                {"vendor_id": vendor_id})


def _show_credentials(rows: list[dict]) -> dict:
    # The first key is the lowest vendor id's (the guide's vendor 27), then every key.
    keys = sorted(({"apikey": r["principal"], "vendor_id": r["extra"].get("vendor_id")}
                   for r in rows), key=lambda k: (k["vendor_id"], k["apikey"]))
    return {**keys[0], "apikeys": keys} if keys else {}


def _describe(creds: list[dict]) -> list[str]:
    return [f"apikey {c['principal']!r}  (vendor {c['extra'].get('vendor_id')})" for c in creds]


def _first_call(creds: dict) -> dict:
    return {"method": "POST", "path": "/retailops/Vendor/PO/Fetch.json", "json": {},
            "headers": {"apikey": creds["apikey"]}}


VENDOR = Vendor(
    name="retailops",
    title="RetailOps",
    blueprint=bp,
    render_http_error=render_http_error,
    migrations=models.MIGRATIONS,
    seed_shared=seed.seed_shared,
    seed_account=seed.seed_account,
    renew=seed.renew,
    clear_account=models.clear_account,
    on_advance=_on_advance,
    describe_credentials=_describe,
    control_blueprint=control_bp,
    cli=cli_group,
    identify=identify,
    first_call=_first_call,
    credential_fields=dashboard.credential_fields,
    dashboard=Dashboard(tab="RetailOps", counted="RetailOps POs", counts=dashboard.counts,
                        page=dashboard.page),
    new_credentials=_new_credentials,
    show_credentials=_show_credentials,
    rules=rules.RULES,
    openapi=openapi.api,
    control_openapi=openapi.control_operations,
    secrets=Secrets.of((), ("apikey",)),  # a key sent in the query string
)
