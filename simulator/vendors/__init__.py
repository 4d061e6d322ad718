"""The simulated vendors. Each is a package with the same modules (routes, schemas, models,
rules, errors, seed) and exposes a `VENDOR`: everything the rest of dropsim needs from it goes
through that object. Adding a vendor is adding its package and a line to VENDOR_PACKAGES."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable

from ..core.db import Migration
from ..core.redact import NONE, Secrets
from .toolkit import NOBODY, Identity

# Import order is registration order: prefixes, migrations and seeding follow it.
VENDOR_PACKAGES = ("provet", "provet_connect", "allivet", "retailops")


def _nothing(*_args: Any, **_kwargs: Any) -> list:
    return []


@dataclass(frozen=True)
class Dashboard:
    """The vendor's part of the dashboard: a page at /_sim/ui/<name> and a chart of counts on
    the overview. Its templates are `dashboard/<name>.html` and `dashboard/<name>_live.html`
    (the part the browser re-fetches), in the vendor blueprint's template folder."""

    tab: str  # the page's name in the navigation
    counted: str  # what the overview's chart counts, e.g. "Provet orders"
    # (db, account, now_us, settings) -> [(status, count)] of the account's objects now.
    counts: Callable[..., list]
    # (db, account, now_us, settings, args) -> the page's template context; `args` are the
    # request's query arguments (filters).
    page: Callable[..., dict]


@dataclass(frozen=True)
class Vendor:
    """How one vendor plugs into dropsim: its routes, schema, seed data, clock hooks, identity,
    credentials, rules and dashboard."""

    name: str
    title: str
    blueprint: Any
    render_http_error: Callable[[Any], Any]
    migrations: list[Migration] = field(default_factory=list)
    # (db, seed, progress) -> None: the shared data (catalogues), same for every account;
    # progress(label, steps, total) reports seeding progress.
    seed_shared: Callable[..., None] = _nothing
    # (db, account, seed, now_us) -> None: an account's own fixture state (orders, customers).
    seed_account: Callable[..., None] = _nothing
    # (db, now_us, by_us) -> None: what a database copied from a seeded template makes afresh
    # (core/template.py): per-database secrets, the date its catalogue hangs on, and the
    # default account's instants moved by `by_us`, the time since the template was seeded.
    renew: Callable[..., None] = _nothing
    # (db, account) -> None: delete everything the account owns in this vendor.
    clear_account: Callable[..., None] = _nothing
    # (db, account) -> None: clear the account before a reset reseeds it; may hide rows and
    # delete them later (core/purge.py). None: `clear_account`.
    reset_account: Callable[..., None] | None = None
    # (db, account, before_us, after_us, settings) -> list of transitions the move caused.
    on_advance: Callable[..., list] = _nothing
    # (creds: list of credential rows) -> lines describing how to sign in, for `dropsim serve`.
    describe_credentials: Callable[[list[dict]], list[str]] = _nothing
    # (creds: list of credential rows) -> per client, [(label, value)] to copy into an
    # integration, the documented default client first (the dashboard's Connect card).
    credential_fields: Callable[[list[dict]], list[list[tuple[str, str]]]] = _nothing
    # Optional Flask blueprint of vendor-specific control calls, served under /_sim/<name>/
    # behind the admin token like the rest of the control plane.
    control_blueprint: Any = None
    # Optional Flask blueprint of routes the vendor also serves at the site root (outside its
    # prefix), e.g. site-relative media URLs its documents hand out.
    site_blueprint: Any = None
    # Optional click group, added to the CLI as `dropsim <name> ...`; its commands find the
    # Simulator opener in click's context object (the `dropsim` group puts it there).
    cli: Any = None
    # (db, request) -> Identity: whose request this is, from its credentials alone, once per
    # request (the request pipeline asks, the vendor's handler reads the answer): lets faults
    # and the journal act before the handler runs. Only credentials that hold name an account.
    identify: Callable[..., Identity] = lambda _db, _request: NOBODY
    # (db, account, token) -> None: register fresh credentials of this vendor for a new
    # account (`token` is a random string to build them from).
    new_credentials: Callable[..., None] = lambda _db, _account, _token: None
    # (an account's credential rows of this vendor) -> dict: them as POST /_sim/accounts and
    # GET /_sim/accounts show them, secrets included (the sandbox's own credentials).
    show_credentials: Callable[[list[dict]], dict] = lambda _rows: {}
    # What its requests and responses carry that the journal must not keep (core/redact.py).
    secrets: Secrets = NONE
    # The vendor's sandbox rules: [{"id", "trigger", "effect", "source"}] for GET /_sim/rules.
    rules: list[dict] = field(default_factory=list)
    dashboard: Dashboard | None = None
    # (credentials as POST /_sim/accounts returns them) -> {"method", "path", "headers",
    # "json"}: a read-only call the vendor answers for their holder, its first call a client
    # makes (the vendor contract test runs every vendor through it).
    first_call: Callable[[dict], dict] | None = None
    # (settings) -> core.openapi.Api: the vendor's API as an OpenAPI document, served at
    # /<name>/openapi.json and built from the declarations its validation uses.
    openapi: Callable[[dict], Any] | None = None
    # (settings) -> operations of its control blueprint, for the control plane's document.
    control_openapi: Callable[[dict], tuple] = lambda _settings: ()


def all_vendors() -> list[Vendor]:
    """Every installed vendor, in registration order."""
    return [importlib.import_module(f"{__name__}.{name}").VENDOR for name in VENDOR_PACKAGES]


def vendor_for_path(vendors: list[Vendor], path: str) -> Vendor | None:
    """The vendor whose URL prefix `path` falls under."""
    for vendor in vendors:
        prefix = f"/{vendor.name}"
        if path == prefix or path.startswith(prefix + "/"):
            return vendor
    return None
