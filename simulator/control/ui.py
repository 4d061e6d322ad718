"""The dashboard at /_sim/ui: server-rendered pages over the vendors' storage, whose live parts
the browser re-fetches every few seconds (`?partial=1`). Actions call the /_sim/ control plane
from the browser. Guarded by the admin token: a Bearer header, or the cookie its sign-in form
sets."""
from __future__ import annotations

import hmac

from flask import (Blueprint, abort, current_app, redirect, render_template, request,
                   send_from_directory, url_for)
from markupsafe import Markup

from ..core import paging
from ..core.accounts import DEFAULT_ACCOUNT, account_exists, list_accounts
from ..vendors.toolkit import sim as _sim
from . import reference, ui_data
from .routes import ADMIN_COOKIE, has_admin_token

bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")

PUBLIC = {"ui.login", "ui.static", "ui.swagger_ui"}


def _pages(sim) -> list[tuple[str, str]]:
    """(key, title) of every page: the overview, each vendor's, then the sandbox's own."""
    return [("overview", "Overview"),
            *((v.name, v.dashboard.tab) for v in sim.vendors if v.dashboard is not None),
            ("journal", "Journal"), ("faults", "Faults"), ("rules", "Rules"),
            ("api_reference", "API reference")]


def _page_url(sim, key: str, **args) -> str:
    if any(v.name == key for v in sim.vendors):
        return url_for("ui.vendor_page", vendor=key, **args)
    return url_for(f"ui.{key}", **args)


@bp.before_request
def _guard():
    if request.endpoint in PUBLIC or has_admin_token():
        return None
    if request.args.get("partial"):
        return {"error": "sign in again: the admin token is missing"}, 401
    return render_template("login.html", error=None, next=request.full_path.rstrip("?")), 401


@bp.app_template_filter("vtime")
def _vtime(us):
    return ui_data.vtime(us)


@bp.app_template_filter("wrap_points")
def _wrap_points(text, points: str = "/?&"):
    """The text, escaped, with a line-break opportunity after each of `points`: a narrow
    column then breaks a path between its segments rather than inside one."""
    marked = Markup.escape(text or "")
    for point in points:
        escaped = Markup.escape(point)
        marked = marked.replace(escaped, escaped + Markup("<wbr>"))
    return marked


@bp.app_template_filter("money")
def _money(value):
    return "" if value is None else f"{value:,.2f}"


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The admin token form: a correct token is kept in an HttpOnly, SameSite=Strict cookie."""
    token = current_app.config["DROPSIM"]["admin_token"]
    target = request.values.get("next") or ""
    if not target.startswith("/_sim/ui"):
        target = url_for("ui.overview")
    if not token:
        return redirect(target)
    if request.method == "GET":
        return render_template("login.html", error=None, next=target)
    given = request.form.get("token", "")
    if not hmac.compare_digest(given.encode(), token.encode()):
        return render_template("login.html", error="That is not the admin token.", next=target), 401
    response = redirect(target)
    response.set_cookie(ADMIN_COOKIE, given, httponly=True, samesite="Strict", path="/_sim")
    return response


@bp.post("/logout")
def logout():
    """Forget the admin token cookie."""
    response = redirect(url_for("ui.login"))
    response.delete_cookie(ADMIN_COOKIE, path="/_sim")
    return response


def _render(page: str, template: str | None = None, page_data=None, **context):
    """The page, or only its live part when the browser polls with ?partial=1."""
    sim = _sim()
    db = sim.db()
    account = request.args.get("account") or DEFAULT_ACCOUNT
    pages = _pages(sim)

    def page_url(key: str, **args) -> str:
        return _page_url(sim, key, **args)

    if not account_exists(db, account):
        return render_template("missing.html", page=page, pages=pages, page_url=page_url,
                               account=account, accounts=list_accounts(db)), 404
    data = {"account": account, "page": page, "pages": pages, "page_url": page_url,
            "accounts": list_accounts(db),
            "clock": ui_data.clock_info(sim, account), "when": ui_data.when,
            "signed_in": bool(current_app.config["DROPSIM"]["admin_token"]),
            "poll_ms": current_app.config["DROPSIM"]["dashboard_poll_ms"],
            "live_url": url_for(request.endpoint, **{**(request.view_args or {}),
                                                    **request.args.to_dict(),
                                                    "account": account, "partial": 1}),
            "clock_url": url_for("ui.clock", account=account, partial=1),
            "page_link": lambda number: url_for(request.endpoint, **{
                **(request.view_args or {}), **request.args.to_dict(), "account": account,
                "page": number, "partial": None})}
    data.update({k: v(sim, account) if callable(v) else v for k, v in context.items()})
    if page_data is not None:  # (sim, account) -> several context entries at once
        data.update(page_data(sim, account))
    template = template or page
    if request.args.get("partial") or page == "clock":
        return render_template(f"{template}_live.html", **data)
    return render_template(f"{template}.html", **data)


@bp.get("/clock")
def clock():
    """The header's live clock."""
    return _render("clock")


@bp.get("/")
def overview():
    base = request.host_url.rstrip("/")
    return _render("overview", counts=ui_data.status_counts,
                   credentials=lambda sim, account: ui_data.credentials(sim, account, base))


@bp.get("/<vendor>")
def vendor_page(vendor: str):
    """A vendor's own page (Vendor.dashboard), from its templates."""
    found = next((v for v in _sim().vendors if v.name == vendor and v.dashboard), None)
    if found is None:
        abort(404)
    return _render(vendor, f"dashboard/{vendor}", page_data=lambda sim, account:
                   ui_data.vendor_page(sim, found, account, request.args))


@bp.get("/journal")
def journal():
    vendor = request.args.get("vendor") or None
    raw_status = request.args.get("status") or ""
    status = int(raw_status) if raw_status.isdigit() else None
    number, size = paging.window(request.args, _sim().settings)

    def entries(sim, account):
        found = ui_data.journal(sim, account, vendor, status, number, size)
        return {"entries": found["rows"], "paging": found}

    return _render("journal", vendor=vendor, status=status,
                   vendors=[(v.name, v.title) for v in _sim().vendors], page_data=entries)


@bp.get("/faults")
def faults():
    return _render("faults", faults=ui_data.fault_list, presets=ui_data.presets(),
                   vendors=[(v.name, v.title) for v in _sim().vendors])


@bp.get("/rules")
def rules():
    return _render("rules", groups=lambda sim, _account: ui_data.all_rules(sim))


@bp.get("/api")
def api_reference():
    def chosen(sim, account):
        docs = reference.documents(sim, account)
        wanted = request.args.get("doc")
        return next((d for d in docs if d["name"] == wanted), docs[0])

    return _render("api_reference", documents=reference.documents, doc=chosen)


@bp.get("/swagger-ui/<path:name>")
def swagger_ui(name: str):
    """Swagger UI's bundled files (public: the same for everyone, no data)."""
    return send_from_directory(reference.SWAGGER_UI_DIR, name, max_age=86400)
