"""A new account's state is copied from a plan of it: the copy must be what seeding the account
for real gives, under its own name, at its own time, with ids of its own."""
from __future__ import annotations

from simulator.core import clock
from simulator.core.db import select, transaction
from simulator.vendors.allivet import seed as allivet_seed
from simulator.vendors.retailops import seed as retailops_seed

TABLES = [(allivet_seed, t) for t in allivet_seed._ACCOUNT_TABLES] + \
         [(retailops_seed, t) for t in retailops_seed._ACCOUNT_TABLES]


def _state(db, account: str, now: int) -> dict:
    """Every copied table's rows, ids and times made relative, sorted."""
    out = {}
    for _module, t in TABLES:
        rows = select(db, f"SELECT * FROM {t.table} WHERE {t.where}", [account])
        ids = {c: sorted({r[c] for r in rows if r[c] is not None})
               for c in [t.id_column, *t.refs] if c}
        norm = []
        for row in rows:
            norm.append(tuple(sorted(
                (k, v - now if k.endswith("_us") and isinstance(v, int) else
                 ids[k].index(v) if k in ids and v is not None else
                 v.replace(account, "<account>") if isinstance(v, str) else v)
                for k, v in row.items()
                if k not in ("account", "sales_order_code", "sales_order_date"))))
        out[t.table] = sorted(norm, key=repr)
    return out


def test_a_copied_account_is_what_real_seeding_gives(client, sim):
    first = client.post("/_sim/accounts", json={}).get_json()["account"]  # makes the plans
    copied = client.post("/_sim/accounts", json={}).get_json()["account"]
    db = sim.db()
    now = clock.real_now_us()
    with transaction(db):
        db.execute("INSERT INTO accounts (id, created_at_us) VALUES ('real', ?)", [now])
        allivet_seed._seed_account(db, "real", sim.settings["seed"], now)
        retailops_seed._seed_account(db, "real", sim.settings["seed"], now)
    real = _state(db, "real", now)
    assert sum(len(rows) for rows in real.values()) > 100
    for account in (first, copied):
        # create_account seeds at the instant it records as the account's creation.
        created = db.execute("SELECT created_at_us FROM accounts WHERE id = ?",
                             [account]).fetchone()[0]
        assert _state(db, account, created) == real, account


def test_copies_get_ids_and_codes_of_their_own(client, sim):
    accounts = [client.post("/_sim/accounts", json={}).get_json()["account"] for _ in range(3)]
    db = sim.db()
    rows = select(db, "SELECT id, account, sales_order_code, client_order_id FROM allivet_orders")
    assert len({r["id"] for r in rows}) == len(rows)
    assert all(r["sales_order_code"] == f"SO-{r['id']}" for r in rows)
    mine = [r for r in rows if r["account"] == accounts[2]]
    assert mine and all(r["client_order_id"].startswith(f"SEED-{accounts[2]}-") for r in mine)
    details = select(db, "SELECT d.order_id, d.prescription_id, p.order_id AS rx_order "
                         "FROM allivet_order_details d LEFT JOIN allivet_prescriptions p "
                         "ON p.id = d.prescription_id")
    assert all(d["prescription_id"] is None or d["rx_order"] == d["order_id"] for d in details)
    from simulator.core.wire import format_dotnet_unspecified

    dated = select(db, "SELECT sales_order_date, created_us FROM allivet_orders")
    assert all(d["sales_order_date"] == format_dotnet_unspecified(d["created_us"]) for d in dated)
