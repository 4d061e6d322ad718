"""dropsim: a local sandbox of the Provet Dropship, Allivet and RetailOps dropship APIs."""
from __future__ import annotations

import functools
import logging
import sqlite3
from typing import Any

from flask import Flask, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from .config import load_config
from .control.routes import bp as control_bp
from .control.routes import render_control_error, require_admin_token, screen_control_body
from .control.sandbox import bp as sandbox_bp
from .control.ui import bp as ui_bp
from .core.db import StoreGone, storage_problem
from .core.errors import ControlError
from .core.sim import Simulator, resolve_db_path
from .guard import install as install_guard
from .jsonenc import FastJSONProvider
from .pipeline import install as install_pipeline
from .ports import VendorPorts
from .url_rules import LazyBuilderRule
from .vendors import all_vendors, vendor_for_path
from .version import __version__

log = logging.getLogger("dropsim")


class _App(Flask):
    """Flask, asking once per function whether it is a coroutine function: it otherwise asks
    `inspect` for every hook and view of every request (eight times for a vendor GET)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (bounded: hooks and views stay in it; a per-request callback passes through)
        self.ensure_sync = functools.lru_cache(maxsize=1024)(super().ensure_sync)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The one dropsim WSGI app: every vendor under its prefix, the control plane under /_sim/.
    Creates, migrates and seeds the database when needed."""
    settings = load_config(config)
    settings["db"] = resolve_db_path(settings["db"])
    app = _App(__name__)
    app.url_rule_class = LazyBuilderRule  # (most of an app's construction time otherwise)
    app.config["DROPSIM"] = settings
    app.json = FastJSONProvider(app)  # (keeps the vendors' documented key order)
    install_guard(app, settings)  # first: DNS rebinding and cross-site control calls

    sim = Simulator(settings, all_vendors())
    sim.initialise()
    sim.record_server_settings()  # the CLI computes transitions with this server's intervals
    app.extensions["dropsim"] = sim
    # First of all: a database file removed or replaced under the server answers 503 from
    # then on, reads included, instead of serving and acknowledging into a file nobody sees.
    app.before_request(sim.check_store)

    for vendor in sim.vendors:
        app.register_blueprint(vendor.blueprint, url_prefix=f"/{vendor.name}")
        if vendor.openapi is not None:
            _serve_document(app, vendor.name, vendor.openapi(settings),
                            settings["vendor_ports"].get(vendor.name))

    app.register_blueprint(control_bp, url_prefix="/_sim")
    app.register_blueprint(sandbox_bp, url_prefix="/_sim")
    app.register_blueprint(ui_bp, url_prefix="/_sim/ui")
    app.register_error_handler(ControlError, render_control_error)
    for vendor in sim.vendors:
        if vendor.control_blueprint is not None:
            app.register_blueprint(vendor.control_blueprint, url_prefix=f"/_sim/{vendor.name}")
        if vendor.site_blueprint is not None:
            app.register_blueprint(vendor.site_blueprint)
    # The control plane's checks run first on its own blueprints only, not on every vendor
    # request: bodies no handler could use are refused, and vendor control calls, part of
    # /_sim/, need the admin token too.
    vendor_controls = [v.control_blueprint.name for v in sim.vendors if v.control_blueprint]
    for name in [control_bp.name, sandbox_bp.name, ui_bp.name, *vendor_controls]:
        first = [screen_control_body] + ([require_admin_token] if name in vendor_controls else [])
        app.before_request_funcs[name] = first + app.before_request_funcs.get(name, [])

    unknown = set(settings["vendor_ports"]) - {v.name for v in sim.vendors}
    if unknown:
        raise ValueError(f"vendor_ports names unknown vendor(s): {', '.join(sorted(unknown))}")
    if settings["vendor_ports"]:
        app.wsgi_app = VendorPorts(app.wsgi_app, settings["vendor_ports"])

    install_pipeline(app, sim)

    @app.get("/")
    def index():
        base = request.host_url.rstrip("/")
        links = {"name": "dropsim", "version": __version__,
                 "vendors": {v.name: f"{base}/{v.name}" for v in sim.vendors},
                 "control": f"{base}/_sim", "dashboard": f"{base}/_sim/ui/"}
        if request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html":
            return render_template("index.html", links=links, vendors=sim.vendors)
        return jsonify(links)

    @app.get("/_sim")
    @app.get("/_sim/")
    def control_home():
        # Where a person lands who follows the banner's control plane URL in a browser.
        return redirect(url_for("ui.overview"))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        vendor = vendor_for_path(sim.vendors, request.path)
        if vendor is not None:
            return vendor.render_http_error(exc)
        response = jsonify({"error": exc.description or exc.name})
        response.status_code = exc.code or 500
        if exc.code == 405:
            response.headers["Allow"] = exc.get_response().headers.get("Allow", "")
        return response

    def unavailable(message: str):
        """503: the store failed; in the vendor's error shape under its prefix."""
        vendor = vendor_for_path(sim.vendors, request.path)
        if vendor is None:
            response = jsonify({"error": message})
        else:
            response = vendor.render_http_error(ServiceUnavailable(message))
        response.status_code = 503
        return response

    @app.errorhandler(StoreGone)
    def store_gone(exc: StoreGone):
        log.error("%s %s: %s", request.method, request.path, exc)
        return unavailable(str(exc))

    @app.errorhandler(sqlite3.DatabaseError)
    def store_failed(exc: sqlite3.DatabaseError):
        if not storage_problem(exc):
            return unexpected(exc)
        log.error("%s %s: the database failed: %s", request.method, request.path, exc)
        return unavailable(f"dropsim could not use its database: {exc}")

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return http_error(InternalServerError())

    return app


def _serve_document(app: Flask, name: str, api, own_port: int | None) -> None:
    """GET /<name>/openapi.json, without credentials; its server is the URL it was read at
    (the port's root on the vendor's own port, see ports.py)."""

    def document():
        on_own_port = own_port is not None and request.environ.get("SERVER_PORT") == str(own_port)
        return jsonify(api.document(request.host_url, prefixed=not on_own_port))

    app.add_url_rule(f"/{name}/openapi.json", f"openapi_{name.replace('-', '_')}", document)
