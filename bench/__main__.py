"""Benchmarks of dropsim against its reference points, in one run.

    python -m bench [--quick] [--out bench/results/latest.json]

Starts `dropsim serve` as a user would (fresh database, default workers), loads it from a
separate process with wrk (or a Python load generator when wrk is not installed), 16
connections, and measures the scenarios, cold start, the control plane's costs at two data
sizes and the journal's overhead; then the same order body from a bare WSGI app under the same
server (the Python floor) and from WireMock (when installed). Prints a markdown table and
writes the figures as JSON. `--quick` runs each scenario for a second with smaller data, to
check that the harness works.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import urllib.request

from simulator.core.db import close as close_db

from . import data, load, report, servers

ROOT = servers.ROOT
BASIC = "Basic " + base64.b64encode(b"sandbox:sandbox").decode()
RETAILOPS_KEY = "YOUR_APIKEY_GOES_HERE"
ORDER = {"CustomerName": "Joe Smith", "AddressLine1": "123 Address Street", "Suburb": "Suburb",
         "State": "NSW", "Postcode": "2222", "Country": "Australia",
         "CustomerEmail": "joe.smith@email.com", "CustomerPhone": "0412345678",
         "OrderLines": [{"ProductCode": "FRON 01", "Quantity": 4}]}
REST_S = 5  # seconds after the last request at which memory is read again
LONG_WARMUP_S = 30  # WireMock's second GET run: after its GETs, POSTs and this much more

ALLIVET_AUTH = {"clientID": "sandbox", "clientSecretKey": "sandbox-secret",
                "apiScope": "api:dropship", "storeKey": "sandbox-store"}


def call(base: str, method: str, path: str, body=None, headers=None):
    """One JSON request; the decoded answer."""
    data_ = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data_, method=method,
                                     headers={"Content-Type": "application/json",
                                              **(headers or {})})
    with urllib.request.urlopen(request, timeout=120) as response:
        text = response.read()
    return json.loads(text) if text else None


def timed_ms(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def median_ms(fn, repeat: int, between=None) -> float:
    times = []
    for _ in range(repeat):
        if between:
            between()
        times.append(timed_ms(fn))
    return round(statistics.median(times), 1)


# -- cold start ------------------------------------------------------------------------------
def cold_start(folder: str, repeat: int) -> dict:
    """Spawn to first answered request, median of `repeat`: a fresh database (copied from the
    seeded template the first start made, as every start after a user's first is), then the
    same database again. The very first start, which seeds and keeps the template, is reported
    on its own. The package's bytecode is compiled first, as an installed package has it (a
    checkout run with PYTHONDONTWRITEBYTECODE set compiles every module at every start)."""
    import compileall

    import simulator

    compileall.compile_dir(os.path.dirname(simulator.__file__), quiet=1)
    env = {"DROPSIM_TEMPLATE_DIR": os.path.join(folder, "templates")}

    def start(db: str) -> float:
        server = servers.start_dropsim(os.path.join(folder, db), servers.free_port(), env=env)
        try:
            return server.wait_ready() * 1000
        finally:
            server.stop()

    first = start("cold-first.db")
    fresh, existing = [], []
    for n in range(repeat):
        fresh.append(start(f"cold-{n}.db"))
        existing.append(start(f"cold-{n}.db"))
    return {"fresh_ms": round(statistics.median(fresh), 1),
            "existing_ms": round(statistics.median(existing), 1),
            "first_seeding_ms": round(first, 1),
            "fresh_runs_ms": [round(t, 1) for t in fresh],
            "existing_runs_ms": [round(t, 1) for t in existing]}


# -- set-up of the scenarios -----------------------------------------------------------------
def make_account(base: str, db_path: str, name: str, orders: int) -> dict:
    """A fresh account with a frozen clock and `orders` Provet orders loaded directly."""
    created = call(base, "POST", "/_sim/accounts", {"account": name})
    call(base, "POST", "/_sim/clock/freeze", {"account": name})
    load_orders(db_path, name, orders)
    provet = created["credentials"]["provet"]
    return {"account": name, "orders": orders,
            "auth": "Basic " + base64.b64encode(
                f"{provet['username']}:{provet['password']}".encode()).decode()}


def load_orders(db_path: str, account: str, orders: int) -> dict:
    db = data.open_db(db_path)
    try:
        return data.add_provet_orders(db, account, orders)
    finally:
        close_db(db)


def control_costs(base: str, db_path: str, account: dict, repeat: int) -> dict:
    """Clock advance, snapshot save and restore, and reset, on an account of a given size.
    Reset empties the account, so its orders are loaded again after each one (not timed)."""
    name, orders = account["account"], account["orders"]
    db_mb = os.path.getsize(db_path) / 1e6
    advance = median_ms(lambda: call(base, "POST", "/_sim/clock/advance",
                                     {"account": name, "minutes": 1}), repeat)
    snap = f"bench-{name}"
    save = median_ms(lambda: call(base, "POST", "/_sim/snapshots",
                                  {"name": snap, "replace": True}), repeat)
    restore = median_ms(lambda: call(base, "POST", f"/_sim/snapshots/{snap}/restore", {}), repeat)
    call(base, "DELETE", f"/_sim/snapshots/{snap}")

    def refill():
        # A reset hides a long history and a thread deletes it afterwards: wait for that
        # (not timed), so that every timed reset meets `orders` orders in sight.
        db = data.open_db(db_path)
        try:
            # The mark goes once nothing is left below it (orders loaded before would be hidden).
            marked = "SELECT count(*) FROM provet_resets WHERE account = ?"
            deadline = time.monotonic() + 120
            while db.execute(marked, [name]).fetchone()[0] and time.monotonic() < deadline:
                time.sleep(0.05)
            held = db.execute("SELECT count(*) FROM provet_orders WHERE account = ?",
                              [name]).fetchone()[0]
        finally:
            close_db(db)
        if held < orders:
            call(base, "POST", "/_sim/clock/freeze", {"account": name})
            load_orders(db_path, name, orders - held)

    reset = median_ms(lambda: call(base, "POST", "/_sim/reset", {"account": name}), repeat,
                      between=refill)
    refill()
    return {"orders": orders, "db_mb": round(db_mb, 1), "advance_1min_ms": advance,
            "snapshot_save_ms": save, "snapshot_restore_ms": restore, "reset_account_ms": reset}


def account_cycle(base: str, repeat: int) -> dict:
    """What the pytest plugin does around every test, with the plugin's own client: create an
    account, then delete it (milliseconds per pair, p50 and p90)."""
    from simulator.pytest_plugin import DropsimServer

    server = DropsimServer(base)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        made = server.call("POST", "/accounts", {})
        server.call("DELETE", f"/accounts/{made['account']}")
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"pairs": repeat, "p50_ms": round(statistics.median(times), 2),
            "p90_ms": round(times[int(0.9 * (len(times) - 1))], 2)}


def journal_overhead_us(repeat: int) -> dict:
    """What recording one request in the journal costs, measured in-process: queuing it (what
    a request waits for) and storing it in batches (what the journal's thread spends)."""
    from simulator.core.db import connections
    from simulator.core.journal import Journal
    from simulator.core.redact import NONE

    with tempfile.TemporaryDirectory() as folder:
        journal = Journal(os.path.join(folder, "j.db"), 1000, 16384, repeat + 1000)
        entry = {"account": "default", "real_us": 0, "virtual_us": 0, "vendor": "provet",
                 "method": "GET", "path": "/provet/api/orders/464", "query": "",
                 "status": 200, "duration_ms": 0.5, "request_content_type": None,
                 "request_body": None, "response_content_type": "application/json",
                 "response_body": b"x" * 600, "rules": [], "fault": None}
        journal._store([(dict(entry), NONE) for _ in range(200)])
        queued = []
        for _ in range(repeat):
            started = time.perf_counter()
            journal.record(dict(entry))
            queued.append((time.perf_counter() - started) * 1e6)
        journal.settle()
        batches = []
        for _ in range(20):  # batches of 50, as a loaded server gathers them
            batch = [(dict(entry), NONE) for _ in range(50)]
            started = time.perf_counter()
            journal._store(batch)
            batches.append((time.perf_counter() - started) * 1e6 / len(batch))
        connections.close_all()
    return {"record_us": round(statistics.median(queued), 1),
            "stored_us": round(statistics.median(batches), 1), "ring": 1000}


def prepare_retailops(base: str, want: int) -> int:
    """At least `want` POs for vendor 27 in the default account; returns how many it holds."""
    fetch = lambda: call(base, "POST", "/retailops/Vendor/PO/Fetch.json",  # noqa: E731
                         {"limit": 1}, {"apikey": RETAILOPS_KEY})["total"]
    total = fetch()
    for _ in range(max(0, want - total)):
        call(base, "POST", "/_sim/retailops/pos", {"vendor": 27, "items": ["ABC123:2"]})
    return fetch()


# -- the run ---------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="1 s per scenario, smaller data, one cold start each: a smoke run")
    parser.add_argument("--out", help="JSON result file (default bench/results/latest.json, "
                                      "or bench/results/quick.json with --quick)")
    parser.add_argument("--seconds", type=float,
                        help="seconds per scenario (default 10, quick 1); a fraction of a "
                             "second uses the Python load generator (wrk counts whole seconds)")
    parser.add_argument("--no-reference", action="store_true",
                        help="skip the floor app and WireMock")
    args = parser.parse_args(argv)
    quick = args.quick
    seconds = args.seconds or (1 if quick else 10)
    warmup = 0 if quick else 3
    big = 10_000 if quick else 100_000
    repeat = 1 if quick else 5
    out = args.out or os.path.join(ROOT, "bench", "results",
                                   "quick.json" if quick else "latest.json")
    results: dict = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "quick": quick,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "load": {"tool": load.tool(seconds), "connections": load.CONNECTIONS,
                 "threads": 1, "seconds": seconds, "warmup_seconds": warmup},
        "skipped": [], "scenarios": [], "reference": [], "costs": [],
    }
    if not load.wrk_path():
        results["skipped"].append("wrk not installed (apt-get install wrk): used the Python "
                                  "load generator, whose figures are lower")
    elif load.tool(seconds) != "wrk":
        results["skipped"].append("wrk (a fraction of a second per scenario): used the Python "
                                  "load generator, whose figures are lower")

    def log(message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    def scenario(target: list, proc, name: str, request: load.Request,
                 warmup_s: int | None = None, **extra) -> dict:
        warm = warmup if warmup_s is None else warmup_s
        log(f"{name} ({seconds} s after {warm} s of warm-up)")
        figures = load.run(request, seconds, warmup=warm)
        figures.update({"name": name, "rss_mb": proc.rss_mb(), **extra})
        target.append(figures)
        return figures

    with tempfile.TemporaryDirectory(prefix="dropsim-bench-") as folder:
        log("cold start")
        results["cold_start"] = cold_start(folder, 1 if quick else 5)
        results["journal"] = journal_overhead_us(500 if quick else 5000)

        db_path = os.path.join(folder, "dropsim.db")
        port = servers.free_port()
        base = f"http://127.0.0.1:{port}"
        server = servers.start_dropsim(db_path, port)
        try:
            server.wait_ready()
            log("account create + delete")
            results["account_cycle"] = account_cycle(base, 20 if quick else 200)
            log("set-up")
            small = make_account(base, db_path, "bench-1k", 1_000)
            results["costs"].append(control_costs(base, db_path, small, repeat))
            large = make_account(base, db_path, f"bench-{big // 1000}k", big)
            results["costs"].append(control_costs(base, db_path, large, repeat))

            order = call(base, "POST", "/provet/api/orders", ORDER, {"Authorization": BASIC})
            order_body = json.dumps(call(base, "GET", f"/provet/api/orders/{order['id']}",
                                         headers={"Authorization": BASIC}),
                                    separators=(",", ":")).encode()
            token = call(base, "POST", "/allivet/api/Auth", ALLIVET_AUTH)["value"]
            pos = prepare_retailops(base, 100)

            rows = results["scenarios"]
            scenario(rows, server, "provet GET order", load.Request(
                f"{base}/provet/api/orders/{order['id']}", headers={"Authorization": BASIC}))
            scenario(rows, server, "provet POST order", load.Request(
                f"{base}/provet/api/orders", "POST",
                {"Authorization": BASIC, "Content-Type": "application/json"},
                json.dumps(ORDER).encode()))
            sent = call(base, "GET", "/provet/api/orders?Status=Sent&pageSize=25",
                        headers={"Authorization": large["auth"]})
            scenario(rows, server, f"provet list Status=Sent of {big:,}", load.Request(
                f"{base}/provet/api/orders?Status=Sent&pageSize=25", headers={"Authorization": large["auth"]}),
                returned=len(sent))
            scenario(rows, server, "allivet GET product (bearer)", load.Request(
                f"{base}/allivet/api/Products/10012", headers={"Authorization": f"Bearer {token}"}))
            scenario(rows, server, "retailops fetch 100 POs with items", load.Request(
                f"{base}/retailops/Vendor/PO/Fetch.json", "POST",
                {"apikey": RETAILOPS_KEY, "Content-Type": "application/json"},
                json.dumps({"limit": 100, "with_items": 1}).encode()), pos_total=pos)
            served = sum(r["requests"] for r in rows)
            if not quick:  # RSS after 100,000 requests with the journal on: top up with GETs
                for _ in range(15):
                    if served >= 100_000:
                        break
                    log(f"more GETs until 100,000 requests ({served:,} so far)")
                    served += load.run(load.Request(
                        f"{base}/provet/api/orders/{order['id']}",
                        headers={"Authorization": BASIC}), 10)["requests"]
            results["dropsim"] = {"requests": served, "rss_mb": server.rss_mb(),
                                  "pss_mb": server.pss_mb(), "workers": "default"}
            if not quick:  # the same once the load is over: a quiet worker gives back what
                # it freed (simulator/trim.py looks every 2 s) and its journal thread ends
                time.sleep(REST_S)
                results["dropsim"].update(pss_rest_mb=server.pss_mb(), rest_s=REST_S)
        finally:
            server.stop()

        body_file = os.path.join(folder, "order.json")
        with open(body_file, "wb") as handle:
            handle.write(order_body)
        if args.no_reference:
            results["skipped"].append("reference points (--no-reference)")
        else:
            run_reference(results, folder, body_file, order_body, scenario, log,
                          stateful=(db_path, order["id"]),
                          long_warmup=0 if quick else LONG_WARMUP_S)

    results["ratios"] = report.ratios(results)
    results["targets"] = report.targets(results)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as handle:
        json.dump(results, handle, indent=2)
        handle.write("\n")
    print(report.markdown(results))
    log(f"wrote {out}")
    return 0


def run_reference(results: dict, folder: str, body_file: str, order_body: bytes,
                  scenario, log, stateful: tuple[str, int], long_warmup: int = 0) -> None:
    def get_and_post(server, label: str, base: str, order_id: int = 464) -> None:
        rows = results["reference"]
        scenario(rows, server, f"{label} GET order", load.Request(
            f"{base}/provet/api/orders/{order_id}", headers={"Authorization": BASIC}),
            server=label)
        scenario(rows, server, f"{label} POST order", load.Request(
            f"{base}/provet/api/orders", "POST",
            {"Authorization": BASIC, "Content-Type": "application/json"},
            json.dumps(ORDER).encode()), server=label)

    port = servers.free_port()
    floor = servers.start_floor(body_file, port)
    try:
        floor.wait_ready()
        get_and_post(floor, "floor", f"http://127.0.0.1:{port}")
    finally:
        floor.stop()

    # The stateful floor works on the database dropsim just served (dropsim has stopped).
    db_path, order_id = stateful
    port = servers.free_port()
    floor = servers.start_stateful_floor(db_path, port)
    try:
        floor.wait_ready()
        get_and_post(floor, "stateful floor", f"http://127.0.0.1:{port}", order_id)
    finally:
        floor.stop()

    missing = servers.wiremock_missing()
    if missing:
        results["skipped"].append(f"WireMock: {missing}")
        return
    root = os.path.join(folder, "wiremock")
    os.makedirs(os.path.join(root, "mappings"))
    os.makedirs(os.path.join(root, "__files"))
    stub = {"status": 200, "body": order_body.decode(),
            "headers": {"Content-Type": "application/json"}}
    with open(os.path.join(root, "mappings", "orders.json"), "w") as handle:
        json.dump({"mappings": [
            {"request": {"method": "GET", "urlPathPattern": "/provet/api/orders/[0-9]+"},
             "response": stub},
            {"request": {"method": "POST", "urlPath": "/provet/api/orders"}, "response": stub},
        ]}, handle)
    port = servers.free_port()
    wiremock = servers.start_wiremock(root, port)
    try:
        results["wiremock_cold_start_ms"] = round(wiremock.wait_ready(120) * 1000, 1)
        get_and_post(wiremock, "wiremock", f"http://127.0.0.1:{port}")
        if long_warmup:  # WireMock's JIT keeps warming long after the harness's warm-up
            scenario(results["reference"], wiremock, "wiremock GET order, long warm-up",
                     load.Request(f"http://127.0.0.1:{port}/provet/api/orders/464",
                                  headers={"Authorization": BASIC}),
                     warmup_s=long_warmup, server="wiremock")
    finally:
        wiremock.stop()


if __name__ == "__main__":
    sys.exit(main())
