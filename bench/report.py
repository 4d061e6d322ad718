"""Ratios, targets and the markdown table of a bench run.

The targets are the project's speed targets (docs: performance): a Provet GET order at 0.8x
the stateful floor or better and at WireMock's rate or better, p99 within 10 ms, a POST at 0.7x
a GET, accounts created and deleted in 3 ms, a reset of 100,000 orders in 50 ms, cold starts
of 400 ms (fresh) and 300 ms (existing database), and 120 MB of PSS after 100,000 requests.
Allivet's product and RetailOps' fetch are compared with the stateful floor's GET, whose ratio
in the run before the current round is kept in BASELINE_VS_STATEFUL: the target is twice it."""
from __future__ import annotations


def _find(rows: list[dict], name: str) -> dict | None:
    return next((r for r in rows if r["name"] == name), None)


def _ratio(a: dict | None, b: dict | None) -> float | None:
    if not a or not b or not b.get("rps"):
        return None
    return round(a["rps"] / b["rps"], 2)


# dropsim / stateful floor GET, requests per second, measured before this round's speed work
# (same run, same machine); the targets are twice these. From the run of 2026-12-03, before
# the request path changed: Allivet 252.8/s and RetailOps 117.7/s against the stateful floor's
# 1,976.5 GET/s.
BASELINE_VS_STATEFUL = {"allivet GET product (bearer)": 0.128,
                        "retailops fetch 100 POs with items": 0.06}


def ratios(results: dict) -> dict:
    """dropsim / floors and dropsim / WireMock, in requests per second."""
    rows = results["scenarios"]
    get = _find(rows, "provet GET order")
    post = _find(rows, "provet POST order")
    ref = results["reference"]
    stateful = _find(ref, "stateful floor GET order")
    return {"get_vs_floor": _ratio(get, _find(ref, "floor GET order")),
            "post_vs_floor": _ratio(post, _find(ref, "floor POST order")),
            "get_vs_stateful": _ratio(get, stateful),
            "post_vs_stateful": _ratio(post, _find(ref, "stateful floor POST order")),
            "post_vs_get": _ratio(post, get),
            "allivet_vs_stateful": _ratio(_find(rows, "allivet GET product (bearer)"), stateful),
            "retailops_vs_stateful": _ratio(_find(rows, "retailops fetch 100 POs with items"),
                                            stateful),
            "get_vs_wiremock": _ratio(get, _find(ref, "wiremock GET order")),
            "get_vs_wiremock_warm": _ratio(get, _find(ref, "wiremock GET order, long warm-up")),
            "post_vs_wiremock": _ratio(post, _find(ref, "wiremock POST order"))}


def targets(results: dict) -> list[dict]:
    """Each target of issue 7 with the measured value and whether it is met (None: not
    measured in this run)."""
    r = results["ratios"]
    get = _find(results["scenarios"], "provet GET order") or {}
    listing = next((s for s in results["scenarios"] if s["name"].startswith("provet list")), {})
    cold = results.get("cold_start", {})
    costs = results.get("costs", [])
    out = []

    def target(name: str, value, limit: float | None, at_least: bool, unit: str = "") -> None:
        met = None if value is None or limit is None else (
            value >= limit if at_least else value <= limit)
        out.append({"target": name, "value": value, "limit": limit, "unit": unit,
                    "comparison": ">=" if at_least else "<=", "met": met})

    target("GET order / stateful floor GET", r["get_vs_stateful"], 0.8, True, "x")
    target("GET order / WireMock GET", r["get_vs_wiremock"], 1.0, True, "x")
    target("GET order p99", get.get("p99_ms"), 10.0, False, "ms")
    target("POST order / GET order", r["post_vs_get"], 0.7, True, "x")
    for key, name in (("allivet_vs_stateful", "allivet GET product (bearer)"),
                      ("retailops_vs_stateful", "retailops fetch 100 POs with items")):
        before = BASELINE_VS_STATEFUL[name]
        target(f"{name.split(' (')[0]} / stateful floor GET", r[key],
               round(2 * before, 3) if before else None, True, "x")
    target("list Status filter p50", listing.get("p50_ms"), 50.0, False, "ms")
    cycle = results.get("account_cycle", {})
    target("account create + delete p50", cycle.get("p50_ms"), 3.0, False, "ms")
    large = costs[-1] if costs and costs[-1]["orders"] >= 100_000 else {}
    target("reset of an account with 100,000 orders", large.get("reset_account_ms"), 50.0,
           False, "ms")
    target("cold start, fresh database", cold.get("fresh_ms"), 400.0, False, "ms")
    target("cold start, existing database", cold.get("existing_ms"), 300.0, False, "ms")
    dropsim = results.get("dropsim", {})
    enough = dropsim.get("requests", 0) >= 100_000
    target("PSS after 100,000 requests (all processes), at once",
           dropsim.get("pss_mb") if enough else None, 120.0, False, "MB")
    target(f"PSS after 100,000 requests (all processes), {dropsim.get('rest_s', 5)} s later",
           dropsim.get("pss_rest_mb") if enough else None, 120.0, False, "MB")
    if len(costs) == 2:
        small, large = costs
        for key, label in (("advance_1min_ms", "clock advance"),
                           ("snapshot_restore_ms", "snapshot restore"),
                           ("reset_account_ms", "reset")):
            # "independent of the number of orders": at most 2x apart, or within 20 ms
            grows = round(large[key] / max(small[key], 0.1), 2)
            target(f"{label}: {large['orders']:,} / {small['orders']:,} orders", grows,
                   2.0, False, "x")
            if large[key] - small[key] <= 20:
                out[-1]["met"] = True
    return out


def _fmt(value, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def markdown(results: dict) -> str:
    load = results["load"]
    lines = [f"load: {load['tool']} -t{load['threads']} -c{load['connections']}, "
             f"{load['seconds']} s per scenario after {load['warmup_seconds']} s of warm-up"
             + (" (quick run)" if results["quick"] else ""), "",
             "| scenario | req/s | p50 ms | p99 ms | non-2xx | RSS MB after |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for row in results["scenarios"] + results["reference"]:
        label = row["name"] if "server" in row else f"dropsim {row['name']}"
        extra = f" ({row['returned']} returned)" if "returned" in row else ""
        lines.append(f"| {label}{extra} | {_fmt(row['rps'], 0)} | {_fmt(row['p50_ms'], 2)} | "
                     f"{_fmt(row['p99_ms'], 2)} | {row['non2xx'] + row.get('errors', 0)} | "
                     f"{_fmt(row['rss_mb'])} |")
    r = results["ratios"]
    lines += ["", "| ratio (req/s) | value |", "| --- | ---: |",
              f"| dropsim GET / floor GET | {_fmt(r['get_vs_floor'], 2)} |",
              f"| dropsim POST / floor POST | {_fmt(r['post_vs_floor'], 2)} |",
              f"| dropsim GET / stateful floor GET | {_fmt(r['get_vs_stateful'], 2)} |",
              f"| dropsim POST / stateful floor POST | {_fmt(r['post_vs_stateful'], 2)} |",
              f"| dropsim POST / dropsim GET | {_fmt(r['post_vs_get'], 2)} |",
              f"| allivet GET product / stateful floor GET | {_fmt(r['allivet_vs_stateful'], 2)} |",
              f"| retailops fetch 100 / stateful floor GET | {_fmt(r['retailops_vs_stateful'], 2)} |",
              f"| dropsim GET / WireMock GET | {_fmt(r['get_vs_wiremock'], 2)} |",
              f"| dropsim GET / WireMock GET after a long warm-up | "
              f"{_fmt(r.get('get_vs_wiremock_warm'), 2)} |",
              f"| dropsim POST / WireMock POST | {_fmt(r['post_vs_wiremock'], 2)} |"]
    cold = results["cold_start"]
    lines += ["", "| cold start (spawn to first answer, median) | ms |", "| --- | ---: |",
              f"| fresh database (copy of the seeded template) | {_fmt(cold['fresh_ms'])} |",
              f"| existing database | {_fmt(cold['existing_ms'])} |"]
    if "first_seeding_ms" in cold:
        lines.append(f"| first start ever (seeds, keeps the template; one run) | "
                     f"{_fmt(cold['first_seeding_ms'])} |")
    if "wiremock_cold_start_ms" in results:
        lines.append(f"| WireMock (one run) | {_fmt(results['wiremock_cold_start_ms'])} |")
    if results["costs"]:
        lines += ["", "| control plane (median ms) | " +
                  " | ".join(f"{c['orders']:,} orders ({c['db_mb']} MB db)"
                             for c in results["costs"]) + " |",
                  "| --- |" + " ---: |" * len(results["costs"])]
        for key, label in (("advance_1min_ms", "clock advance 1 min"),
                           ("snapshot_save_ms", "snapshot save"),
                           ("snapshot_restore_ms", "snapshot restore"),
                           ("reset_account_ms", "reset the account")):
            lines.append(f"| {label} | " +
                         " | ".join(_fmt(c[key]) for c in results["costs"]) + " |")
    journal = results["journal"]
    lines += ["", f"journal: {journal['record_us']} us per request queued, "
                  f"{journal.get('stored_us', 'n/a')} us per entry stored in batches of 50 "
                  f"(ring of {journal['ring']}); dropsim served "
                  f"{results.get('dropsim', {}).get('requests', 0):,} requests, RSS after: "
                  f"{_fmt(results.get('dropsim', {}).get('rss_mb'))} MB, PSS after: "
                  f"{_fmt(results.get('dropsim', {}).get('pss_mb'))} MB, "
                  f"{_fmt(results.get('dropsim', {}).get('pss_rest_mb'))} MB at rest"]
    if "account_cycle" in results:
        cycle = results["account_cycle"]
        lines += ["", f"account create + delete ({cycle['pairs']} pairs): p50 "
                      f"{cycle['p50_ms']} ms, p90 {cycle['p90_ms']} ms"]
    lines += ["", "| target | measured | limit | met |", "| --- | ---: | ---: | --- |"]
    for t in results["targets"]:
        met = "n/a" if t["met"] is None else ("yes" if t["met"] else "**no**")
        lines.append(f"| {t['target']} | {_fmt(t['value'], 2)} {t['unit']} | "
                     f"{t['comparison']} {_fmt(t['limit'], 2)} {t['unit']} | {met} |")
    if results["skipped"]:
        lines += ["", "skipped: " + "; ".join(results["skipped"])]
    return "\n".join(lines)
