"""A clock advance racing order placement reports every transition exactly once (before: 160
of 6,309 orders' transitions were missed, the order's time being read outside its write
transaction). The clock is frozen, so that only the advances move it: each order's reported
transitions must then chain from the status it was created in to the status it has now."""
from __future__ import annotations

import threading
from collections import defaultdict

from tests.live import call
from tests.vendors.allivet.conftest import DEFAULT_CLIENT, order_body
from tests.vendors.provet.test_orders import DOCS_SAMPLE

ADVANCES = 40  # one minute each: within the life of an Allivet token (60 virtual minutes)


def _chains(reports: list[dict], vendor: str) -> dict:
    steps = defaultdict(list)
    for report in reports:
        for t in report["transitions"]:
            if t["vendor"] == vendor and t["object"] == "order":
                steps[str(t["id"])].append((t["from"], t["to"]))
    return steps


def _check(created: dict, now: dict, steps: dict) -> None:
    """`created` and `now`: order id -> status; every order's steps chain from one to the other."""
    assert set(now) == set(created)
    moved = 0
    for order_id, first in created.items():
        chain = steps.get(order_id, [])
        status = first
        for old, new in chain:
            assert old == status, (order_id, first, chain, now[order_id])
            status = new
        assert status == now[order_id], (order_id, first, chain)
        moved += bool(chain)
    assert moved > len(created) // 2  # the check above is not empty


def test_advances_racing_orders_report_each_transition_once(serve, tmp_path):
    base, _proc = serve("--db", str(tmp_path / "race.db"), "--status-interval", "60")
    assert call(f"{base}/_sim/clock/freeze", {})[0] == 200
    token = call(f"{base}/allivet/api/Auth", DEFAULT_CLIENT)[1]["value"]
    bearer = {"Authorization": f"Bearer {token}"}
    provet, allivet, reports = {}, {}, []
    done = threading.Event()

    def place_provet():
        while not done.is_set():
            status, order, _ = call(f"{base}/provet/api/orders", DOCS_SAMPLE)
            assert status == 200, order
            provet[str(order["id"])] = order["status"]

    def place_allivet(worker: int):
        n = 0
        while not done.is_set():
            n += 1
            body = order_body(clientOrderId=f"race-{worker}-{n}")
            status, order, _ = call(f"{base}/allivet/api/Orders", body, headers=bearer)
            assert status == 200, order
            allivet[order["salesOrderCode"]] = order["orderStatus"]

    def advance():
        try:
            for _ in range(ADVANCES):
                status, report, _ = call(f"{base}/_sim/clock/advance", {"minutes": 1})
                assert status == 200, report
                reports.append(report)
        finally:
            done.set()

    threads = [threading.Thread(target=place_provet), threading.Thread(target=place_provet),
               threading.Thread(target=place_allivet, args=(1,)),
               threading.Thread(target=place_allivet, args=(2,)),
               threading.Thread(target=advance)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(reports) == ADVANCES and len(provet) > 20 and len(allivet) > 20

    now_provet = {}
    page = 1
    while True:
        listed = call(f"{base}/provet/api/orders?pageSize=100&page={page}")[1]
        now_provet.update({str(o["id"]): o["status"] for o in listed})
        if len(listed) < 100:
            break
        page += 1
    _check(provet, now_provet, _chains(reports, "provet"))
    now_allivet = {code: call(f"{base}/allivet/api/Orders/{code}", headers=bearer)[1]["orderStatus"]
                   for code in allivet}
    _check(allivet, now_allivet, _chains(reports, "allivet"))
