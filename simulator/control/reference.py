"""The dashboard's API reference page: each OpenAPI document rendered by Swagger UI, bundled
by the flask-swagger-ui package (served from this server, no CDN), with "try it" signed in as
the account (its first credential of each vendor)."""
from __future__ import annotations

from pathlib import Path

import flask_swagger_ui

from ..core.accounts import credentials_of

# Swagger UI's own files (swagger-ui-bundle.js, swagger-ui.css), as the package ships them.
SWAGGER_UI_DIR = Path(flask_swagger_ui.__file__).with_name("dist")
CONTROL = {"name": "_sim", "title": "Control plane", "url": "/_sim/openapi.json",
           "authorize": {}}


def _preferred(creds: list[dict]) -> dict | None:
    # The documented defaults first: a full-scope Allivet client, RetailOps' vendor 27.
    def rank(cred: dict) -> tuple:
        extra = cred["extra"]
        return (extra.get("apiScope", "api:dropship") != "api:dropship",
                str(extra.get("vendor_id", 27)) != "27", cred["principal"])

    return min(creds, key=rank) if creds else None


def documents(sim, account: str) -> list[dict]:
    """Per document: name, title, URL, and the credentials "try it" starts with."""
    by_vendor: dict[str, list[dict]] = {}
    for cred in credentials_of(sim.db(), account):
        by_vendor.setdefault(cred["vendor"], []).append(cred)
    out = []
    for vendor in sim.vendors:
        if vendor.openapi is None:
            continue
        api = vendor.openapi(sim.settings)
        cred = _preferred(by_vendor.get(vendor.name, []))
        out.append({"name": vendor.name, "title": vendor.title,
                    "url": f"/{vendor.name}/openapi.json",
                    "authorize": api.try_it(cred) if cred and api.try_it else {}})
    return out + [CONTROL]
