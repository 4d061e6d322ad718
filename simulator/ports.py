"""Per-vendor ports: `dropsim serve --vendor-port provet=8081` also serves Provet at the root
of port 8081, for clients whose base URL cannot carry a path. Requests arriving on a vendor's
own port get that vendor's prefix added in front of their path; /_sim/ stays where it is."""
from __future__ import annotations

from typing import Any, Callable


class VendorPorts:
    """WSGI middleware mapping a vendor's own port to its URL prefix."""

    def __init__(self, app: Callable, ports: dict[str, int]) -> None:
        self.app = app
        self.prefix_by_port = {str(port): f"/{vendor}" for vendor, port in ports.items()}

    def __call__(self, environ: dict[str, Any], start_response: Callable):
        prefix = self.prefix_by_port.get(str(environ.get("SERVER_PORT", "")))
        path = environ.get("PATH_INFO", "")
        if prefix and not path.startswith("/_sim") and not (
                path == prefix or path.startswith(prefix + "/")):
            environ["PATH_INFO"] = prefix + (path if path.startswith("/") else "/" + path)
        return self.app(environ, start_response)
