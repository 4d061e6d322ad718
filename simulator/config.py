"""Every dropsim setting, declared once: name, type, default and a help line.

A setting is read, in increasing priority, from its default, a `DROPSIM_<NAME>` environment
variable, and an explicit override (the `config` argument of `create_app`, or a CLI option).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any, Callable

ENV_PREFIX = "DROPSIM_"


class ConfigError(ValueError):
    """A setting was given a value of the wrong type or form."""


def parse_duration(value: Any) -> float:
    """Seconds from `90`, `"90"`, `"90s"`, `"10m"`, `"2h"`, `"1d"` or `"1h30m"`."""
    if isinstance(value, bool):
        raise ConfigError(f"not a duration: {value!r}")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        text = str(value).strip().lower()
        if re.fullmatch(r"\d+(\.\d+)?", text):
            seconds = float(text)
        else:
            parts = re.findall(r"(\d+(?:\.\d+)?)\s*([smhd])", text)
            if not parts or re.sub(r"(\d+(?:\.\d+)?)\s*([smhd])", "", text).strip():
                raise ConfigError(f"not a duration: {value!r} (use e.g. 30s, 10m, 2h, 1d)")
            unit = {"s": 1, "m": 60, "h": 3600, "d": 86400}
            seconds = sum(float(n) * unit[u] for n, u in parts)
    if seconds < 0:
        raise ConfigError(f"a duration cannot be negative: {value!r}")
    return seconds


def _parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ConfigError(f"not an integer: {value!r}")
    try:
        return int(str(value).strip())
    except ValueError:
        raise ConfigError(f"not an integer: {value!r}") from None


def _parse_port(value: Any) -> int:
    number = _parse_int(value)
    if not 0 < number < 65536:
        raise ConfigError(f"not a port: {value!r} (a port is a number from 1 to 65535)")
    return number


def _parse_poll_ms(value: Any) -> int:
    number = _parse_int(value)
    if number < 100:
        raise ConfigError(f"a poll interval is at least 100 ms, not {value!r}")
    return number


def _parse_optional_str(value: Any) -> str | None:
    return None if value is None or str(value) == "" else str(value)


def _parse_hosts(value: Any) -> frozenset[str]:
    if isinstance(value, (list, tuple, set, frozenset)):
        items = value
    else:
        items = str(value).replace(";", ",").split(",")
    return frozenset(str(item).strip().lower() for item in items if str(item).strip())


def _parse_synchronous(value: Any) -> str:
    text = str(value).strip().upper()
    if text not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
        raise ConfigError(f"sqlite_synchronous must be OFF, NORMAL, FULL or EXTRA, not {value!r}")
    return text


def _parse_vendor_ports(value: Any) -> dict[str, int]:
    if isinstance(value, dict):
        pairs = list(value.items())
    else:
        pairs = []
        for item in str(value).replace(";", ",").split(","):
            if item.strip():
                name, sep, port = item.partition("=")
                if not sep:
                    raise ConfigError(f"vendor_ports takes vendor=port pairs, not {item!r}")
                pairs.append((name, port))
    return {str(name).strip().lower(): _parse_port(port) for name, port in pairs}


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    parse: Callable[[Any], Any]
    help: str

    @property
    def env_var(self) -> str:
        return ENV_PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "./dropsim.db", str,
            "SQLite database file; ':memory:' for a throwaway temporary file removed at exit."),
    Setting("seed", 42, _parse_int,
            "Seed of the generated catalogues and fixture data; same seed, same database."),
    Setting("template_dir", "auto", str,
            "Folder of seeded templates: a fresh database is a copy of the one seeded before "
            "with the same seed and code ('auto': ~/.cache/dropsim/templates, or under "
            "$XDG_CACHE_HOME; empty: always seed)."),
    Setting("host", "127.0.0.1", str, "Address `dropsim serve` binds."),
    Setting("port", 8080, _parse_port, "Port `dropsim serve` binds (1 to 65535)."),
    Setting("workers", 2, _parse_int, "Worker processes of `dropsim serve`."),
    Setting("threads", 4, _parse_int,
            "Python threads per worker process that run requests; bodies and injected delays "
            "are waited for without one."),
    Setting("max_body_bytes", 1_048_576, _parse_int,
            "Largest request body accepted; a larger one is a 413 in the vendor's own error "
            "shape, refused before it is read."),
    Setting("json_max_depth", 64, _parse_int,
            "Deepest nesting of arrays and objects a JSON request body may have; deeper is a "
            "400 in the vendor's own error shape."),
    Setting("header_timeout", 10.0, parse_duration,
            "How long a request's headers may take to arrive (seconds or 10s-style); the "
            "connection of a slower client is closed."),
    Setting("body_timeout", 10.0, parse_duration,
            "How long a request body may take to arrive (seconds or 10s-style); a slower one is "
            "a 408 in the vendor's own error shape."),
    Setting("shutdown_timeout", 5.0, parse_duration,
            "How long a stopping `dropsim serve` lets its workers finish the requests in "
            "flight before it kills them; seconds or 10s-style."),
    Setting("max_delay_ms", 600_000, _parse_int,
            "Longest delay a fault may inject (delay_ms), in milliseconds; a delayed request "
            "waits without holding a thread."),
    Setting("dashboard_page_size", 50, _parse_int,
            "Rows per page of the dashboard's lists (orders, customers, POs, the journal)."),
    Setting("admin_token", None, _parse_optional_str,
            "When set, every /_sim/ call except GET /_sim/health needs "
            "'Authorization: Bearer <token>'."),
    Setting("allowed_hosts", "", _parse_hosts,
            "Host names requests may name besides loopback names and the bound address "
            "(DNS-rebinding defence), comma-separated, e.g. 'dropsim,ci-runner'; '*' allows any."),
    Setting("provet_status_interval", 600.0, parse_duration,
            "Virtual time between Provet order status steps (Ordered, Sent, Picking, Shipped); "
            "seconds or 10m-style."),
    Setting("allivet_status_interval", 600.0, parse_duration,
            "Virtual time between Allivet order and prescription status steps (Rx hold, vet "
            "approval, shipping); seconds or 10m-style."),
    Setting("provet_max_page_size", 100, _parse_int,
            "Largest pageSize Provet Dropship's paged lists (products, orders) accept; a larger "
            "one is a 400."),
    Setting("retailops_storefront_interval", 3600.0, parse_duration,
            "Virtual time between RetailOps storefront purchase slots (a simulated shopper may "
            "buy once per vendor per slot); seconds or 1h-style; 0 turns the schedule off."),
    Setting("sqlite_synchronous", "NORMAL", _parse_synchronous,
            "SQLite synchronous pragma. NORMAL (with WAL) keeps every acknowledged write "
            "through a kill -9 of any or all dropsim processes; FULL also through power loss, "
            "at an fsync per write."),
    Setting("busy_timeout_ms", 5000, _parse_int,
            "How long a request waits for another process's write lock before failing."),
    Setting("journal_limit", 1000, _parse_int,
            "Requests the journal keeps per account; older ones are dropped."),
    Setting("journal_body_limit", 16384, _parse_int,
            "Bytes of each request and response body the journal keeps."),
    Setting("journal_queue_limit", 10000, _parse_int,
            "Journal entries a worker holds in memory before they are stored; when it is full "
            "the oldest is dropped and counted (GET /_sim/health)."),
    Setting("dashboard_poll_ms", 2500, _parse_poll_ms,
            "How often the dashboard re-fetches the live parts of its pages, in milliseconds "
            "(at least 100)."),
    Setting("vendor_ports", "", _parse_vendor_ports,
            "Also serve vendors at the root of their own ports, e.g. 'provet=8081,retailops=8083'."),
)

SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}


def load_config(overrides: dict[str, Any] | None = None,
                environ: dict[str, str] | None = None) -> dict[str, Any]:
    """The effective settings: defaults, then DROPSIM_* variables, then `overrides`."""
    environ = os.environ if environ is None else environ
    overrides = {k.lower(): v for k, v in (overrides or {}).items() if v is not None}
    unknown = set(overrides) - set(SETTINGS_BY_NAME)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = setting.default
        source = "default"
        if setting.env_var in environ:
            raw, source = environ[setting.env_var], setting.env_var
        if setting.name in overrides:
            raw, source = overrides[setting.name], "override"
        try:
            values[setting.name] = None if raw is None else setting.parse(raw)
        except (ConfigError, ValueError) as exc:
            raise ConfigError(f"{setting.name} (from {source}): {exc}") from None
    return values
