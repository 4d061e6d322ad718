"""Who may reach dropsim from a browser: the defences against DNS rebinding and cross-site
requests, for a simulator that developers leave running on their own machine.

- **Host.** Every request must name this server in its `Host` header: a loopback name
  (`localhost`, `*.localhost`, `127.0.0.1`, `::1`), the address it is bound to, or one of the
  `allowed_hosts` setting (for containers and shared machines: `dropsim,ci-runner`, `*` for
  any). A page on a rebinding domain that resolves to 127.0.0.1 sends its own name and is
  refused, so it can neither read nor change anything.
- **Cross-site control calls.** A browser sends some requests to another site without asking
  first: form and plain-text bodies, and bodiless `no-cors` fetches. State-changing calls to
  `/_sim/` are refused when the browser says they come from elsewhere (an `Origin` that is not
  this server's own, or `Sec-Fetch-Site: cross-site`/`same-site`: a page on another port of
  127.0.0.1 is same-site but not same-origin), and form or text bodies are refused unless they
  come from this server's own pages (the dashboard's sign-in form). Clients that are not
  browsers (curl, the CLI, the pytest plugin, test suites) send none of these and are served.
"""
from __future__ import annotations

import functools
import ipaddress
from typing import Any

from flask import Flask, jsonify, request
from werkzeug.exceptions import BadRequest

CHANGES = {"POST", "PUT", "PATCH", "DELETE"}
# What an HTML form or a no-preflight fetch can send to another site.
SIMPLE_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")


class MisdirectedHost(BadRequest):
    """A Host that is not this server's name: rendered in the vendor's own shape."""

    description = "The Host header names another server; see the allowed_hosts setting."


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The name part of a Host header (`[::1]:8080` -> `::1`, `Example:80` -> `example`)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    name, sep, port = header.rpartition(":")
    return name if sep and port.isdigit() and ":" not in name else header


def host_allowed(header: str, settings: dict[str, Any]) -> bool:
    """Whether a Host header names this server."""
    name = host_name(header)
    allowed = settings["allowed_hosts"]
    if "*" in allowed or _is_loopback(name) or name in allowed:
        return True
    bound = settings["host"].lower()
    return bound not in ("0.0.0.0", "::", "") and name == bound


def cross_site_refusal(req) -> str | None:
    """Why a state-changing control call must be refused as cross-site, or None."""
    origin = (req.headers.get("Origin") or "").strip().lower()
    # (this server's own URL only when there is an Origin to compare: werkzeug builds it anew
    # on each access, and most control calls come from clients that send none)
    own = req.host_url.rstrip("/").lower() if origin else None
    if origin and origin != own:
        return f"a cross-site request from {origin} (this server is {own})"
    site = (req.headers.get("Sec-Fetch-Site") or "").lower()
    if site in ("cross-site", "same-site"):
        return f"a {site} request from a browser (Sec-Fetch-Site: {site})"
    simple = (req.mimetype or "") in SIMPLE_TYPES
    if simple and not (origin and origin == own or site == "same-origin"):
        return (f"a {req.mimetype} body, which any web page can send; send JSON "
                "(Content-Type: application/json)")
    return None


_VERDICTS_KEPT = 256  # Host headers whose verdict is remembered (a bound, for odd clients)


def install(app: Flask, settings: dict[str, Any]) -> None:
    """Register the guards, before anything else runs for a request."""

    # Per Host header: a client sends the same one on every request.
    allowed = functools.lru_cache(maxsize=_VERDICTS_KEPT)(
        lambda host: host_allowed(host, settings))

    @app.before_request
    def _guard():
        req = request._get_current_object()
        if not allowed(req.host):
            raise MisdirectedHost()
        if req.method in CHANGES and req.path.startswith("/_sim/"):
            reason = cross_site_refusal(req)
            if reason is not None:
                response = jsonify({"error": f"refused {reason}: control calls that change "
                                             "state must come from this server's own pages or "
                                             "from a client that is not a browser"})
                response.status_code = 403
                return response
        return None
