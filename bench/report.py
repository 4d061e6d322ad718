"""Ratios, targets (from issue 7) and the markdown table of a bench run."""
from __future__ import annotations


def _find(rows: list[dict], name: str) -> dict | None:
    return next((r for r in rows if r["name"] == name), None)


def _ratio(a: dict | None, b: dict | None) -> float | None:
    if not a or not b or not b.get("rps"):
        return None
    return round(a["rps"] / b["rps"], 2)


def ratios(results: dict) -> dict:
    """dropsim / floor and dropsim / WireMock, in requests per second."""
    get = _find(results["scenarios"], "provet GET order")
    post = _find(results["scenarios"], "provet POST order")
    ref = results["reference"]
    return {"get_vs_floor": _ratio(get, _find(ref, "floor GET order")),
            "post_vs_floor": _ratio(post, _find(ref, "floor POST order")),
            "get_vs_wiremock": _ratio(get, _find(ref, "wiremock GET order")),
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

    def target(name: str, value, limit: float, at_least: bool, unit: str = "") -> None:
        met = None if value is None else (value >= limit if at_least else value <= limit)
        out.append({"target": name, "value": value, "limit": limit, "unit": unit,
                    "comparison": ">=" if at_least else "<=", "met": met})

    target("GET order / WireMock GET", r["get_vs_wiremock"], 1.0, True, "x")
    target("GET order / floor GET", r["get_vs_floor"], 0.7, True, "x")
    target("GET order p99", get.get("p99_ms"), 10.0, False, "ms")
    target("POST order / WireMock POST", r["post_vs_wiremock"], 0.7, True, "x")
    target("list Status filter p50", listing.get("p50_ms"), 50.0, False, "ms")
    target("cold start, fresh database", cold.get("fresh_ms"), 600.0, False, "ms")
    target("cold start, existing database", cold.get("existing_ms"), 400.0, False, "ms")
    dropsim = results.get("dropsim", {})
    rss_value = dropsim.get("rss_mb") if dropsim.get("requests", 0) >= 100_000 else None
    target("RSS after 100,000 requests", rss_value, 150.0, False, "MB")
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
              f"| dropsim GET / WireMock GET | {_fmt(r['get_vs_wiremock'], 2)} |",
              f"| dropsim POST / WireMock POST | {_fmt(r['post_vs_wiremock'], 2)} |"]
    cold = results["cold_start"]
    lines += ["", "| cold start (spawn to first answer, median) | ms |", "| --- | ---: |",
              f"| fresh database (seeding included) | {_fmt(cold['fresh_ms'])} |",
              f"| existing database | {_fmt(cold['existing_ms'])} |"]
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
    lines += ["", f"journal: {journal['record_us']} us per request recorded "
                  f"(ring of {journal['ring']}); dropsim served "
                  f"{results.get('dropsim', {}).get('requests', 0):,} requests, RSS after: "
                  f"{_fmt(results.get('dropsim', {}).get('rss_mb'))} MB"]
    lines += ["", "| target | measured | limit | met |", "| --- | ---: | ---: | --- |"]
    for t in results["targets"]:
        met = "n/a" if t["met"] is None else ("yes" if t["met"] else "**no**")
        lines.append(f"| {t['target']} | {_fmt(t['value'], 2)} {t['unit']} | "
                     f"{t['comparison']} {_fmt(t['limit'], 2)} {t['unit']} | {met} |")
    if results["skipped"]:
        lines += ["", "skipped: " + "; ".join(results["skipped"])]
    return "\n".join(lines)
