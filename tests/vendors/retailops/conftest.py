"""RetailOps test helpers: the guide's apikey (vendor 27) and the second vendor's (31, with
"Change POs after submit")."""
from __future__ import annotations

import pytest

KEY_27 = "YOUR_APIKEY_GOES_HERE"
KEY_31 = "SANDBOX_APIKEY_VENDOR_31"


@pytest.fixture
def ro(client):
    """POST a RetailOps call: ro(path, json_or_raw, key=KEY_27) -> (status, body)."""

    def post(path: str, body=None, key: str | None = KEY_27, **kwargs):
        headers = {"Content-Type": "application/json"}
        if key is not None:
            headers["apikey"] = key
        data = body if isinstance(body, (str, bytes)) else None
        response = client.post(f"/retailops{path}", headers=headers, data=data,
                               json=None if data is not None else body, **kwargs)
        return response.status_code, response.get_json()

    return post


@pytest.fixture
def po_of(sim):
    """The stored PO (with items and packages) of an account, straight from the store."""
    from simulator.vendors.retailops import models

    def get(number: str, account: str = "default"):
        return models.get_po(sim.db(), account, number)

    return get


def submit(ro, number: str, key: str = KEY_27):
    status, body = ro("/Vendor/PO/MarkSubmitted.json", {"records": [{"po": number}]}, key=key)
    assert body["success"] == 1, body
    return body


def ready_po(ro, key: str = KEY_27, vendor: int = 27, items=("ABC123:2",), client=None):
    """Create a fresh ready PO through the control plane; returns its wire form."""
    response = client.post("/_sim/retailops/pos", json={"vendor": vendor, "items": list(items)})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["po"]
