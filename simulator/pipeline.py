"""What happens around every vendor request, whatever the vendor: a body that was too large or
too slow is refused, the request is attributed to its account, the account's faults get their
chance to answer first (or to delay it), the sandbox rules it triggered are named in
`X-Dropsim-Rules`, and it is recorded in the account's journal."""
from __future__ import annotations

import json
import logging
import time

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge, RequestTimeout

from .core import clock, faults, memo
from .core.db import StoreGone
from .core.journal import ANONYMOUS
from .rsgi import DECIDED, DEFER, DELAY, PASSED, PRECHECK, REFUSE, STARTED
from .vendors import vendor_for_path

log = logging.getLogger("dropsim")


class _FaultStatus(HTTPException):
    """An injected status rendered by the vendor's own error renderer."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code


def _fault_response(vendor, fault: dict) -> Response:
    if fault["body"] is not None:
        body = fault["body"]
        response = (Response(body, mimetype="text/plain") if isinstance(body, str)
                    else Response(json.dumps(body), mimetype="application/json"))
        response.status_code = fault["status"]
    else:
        description = {429: "Too many requests: rate limit exceeded.",
                       503: "The service is temporarily unavailable for maintenance."}.get(
            fault["status"], "Injected fault.")
        response = vendor.render_http_error(_FaultStatus(fault["status"], description))
        response.status_code = fault["status"]
    response.headers.update(fault["headers"])
    response.headers["X-Dropsim-Fault"] = fault["id"]
    return response


def _precheck_passed() -> Response:
    request.environ[PRECHECK] = PASSED
    return Response(status=204)


def install(app: Flask, sim) -> None:
    """Register the request pipeline on the app."""

    limit = sim.settings["max_body_bytes"]

    @app.before_request
    def _attribute_and_inject():
        # (request and g bound once: each use of the proxies looks them up again)
        req, ctx = request._get_current_object(), g._get_current_object()
        vendor = vendor_for_path(sim.vendors, req.path)
        environ = req.environ
        if vendor is not None:
            ctx.sim_vendor = vendor  # (vendors keep their own g.vendor)
            ctx.started = environ.get(STARTED) or time.perf_counter()
        refused = environ.get(REFUSE)
        if refused == 408:
            raise RequestTimeout(f"The request body did not arrive within "
                                 f"{sim.settings['body_timeout']:g} seconds.")
        if refused == 413 or (req.content_length or 0) > limit:
            raise RequestEntityTooLarge(f"The request body is larger than {limit} bytes "
                                        "(setting max_body_bytes).")
        if vendor is None:
            return _precheck_passed() if PRECHECK in environ else None
        db = ctx.memo_db = sim.db()
        memo.begin(db)  # (closed by _close_memo)
        # Once per request: the vendor's handler reads the answer (vendors/toolkit.identity).
        ctx.identity = vendor.identify(db, req)
        account = ctx.account_hint = ctx.identity.account
        if account is None:
            return None  # (in a precheck, the vendor refuses the caller, or the view passes it)
        if PRECHECK in environ:
            return _precheck_passed()
        fault = environ.get(DECIDED)
        if fault is None:
            below = req.path[len(vendor.name) + 1:] or "/"
            fault = faults.match(db, account, vendor.name, req.method, below)
            if fault is None:
                return None
            if fault["delay_ms"]:
                if DEFER in environ:
                    # Served through the RSGI bridge: it waits on its event loop, holding no
                    # thread, and runs the request again with this fault decided.
                    environ[DELAY] = (fault["delay_ms"] / 1000, fault)
                    ctx.deferred = True
                    return Response(status=204)
                time.sleep(fault["delay_ms"] / 1000)  # real latency, as a slow vendor adds
        ctx.fault = fault
        if fault["status"] is None:
            return None  # latency only: the vendor answers as usual
        return _fault_response(vendor, fault)

    view = app.dispatch_request

    def dispatch_request():
        # A precheck that gets as far as the view found nothing to refuse (a route that needs
        # no credentials, or reads them from the body): the bridge reads the body and runs it.
        if PRECHECK in request.environ:
            return _precheck_passed()
        return view()

    app.dispatch_request = dispatch_request
    app.teardown_request(_close_memo)

    @app.after_request
    def _name_rules_and_record(response: Response) -> Response:
        req, ctx = request._get_current_object(), g._get_current_object()
        vendor = ctx.get("sim_vendor")
        if vendor is None or ctx.get("deferred") or req.environ.get(PRECHECK) == PASSED:
            return response
        fault = ctx.get("fault")
        if fault is not None:  # a delay-only fault marks the vendor's own answer too
            response.headers.setdefault("X-Dropsim-Fault", fault["id"])
        rules = list(dict.fromkeys(ctx.get("rules_fired") or []))
        if rules:
            response.headers["X-Dropsim-Rules"] = ", ".join(rules)
        try:
            _record(sim, vendor, req, ctx, response, rules)
        except StoreGone as exc:  # one line: it repeats for every request until a restart
            log.error("could not journal %s %s: %s", req.method, req.path, exc)
        except Exception:  # the journal must never cost the client its answer
            log.exception("could not journal %s %s", req.method, req.path)
        return response


def _body_of(req) -> bytes:
    """The request's body; a request that declares none (no length, or 0, and no transfer
    encoding: most GETs) is not read, which spares building werkzeug's input stream (5 us)."""
    environ = req.environ
    if environ.get("CONTENT_LENGTH") in (None, "", "0") and \
            "HTTP_TRANSFER_ENCODING" not in environ:
        return b""
    return req.get_data(cache=True)


def _close_memo(error=None) -> None:
    db = g.get("memo_db")
    if db is not None:
        memo.end(db)


def _record(sim, vendor, req, ctx, response: Response, rules: list[str]) -> None:
    account = ctx.get("account") or ctx.get("account_hint") or ANONYMOUS
    virtual = ctx.get("now_us")
    if virtual is None and account != ANONYMOUS:
        virtual = clock.now_us(sim.db(), account)
    fault = ctx.get("fault")
    sim.journal.record({
        "account": account,
        "real_us": clock.real_now_us(),
        "virtual_us": virtual,
        "vendor": vendor.name,
        "method": req.method,
        "path": req.path,
        "query": req.query_string.decode("latin-1"),
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - ctx.started) * 1000, 3),
        "request_content_type": req.environ.get("CONTENT_TYPE"),  # (req.content_type's value)
        "request_body": _body_of(req),
        "response_content_type": response.content_type,
        "response_body": response.get_data(),
        "rules": rules,
        "fault": fault["id"] if fault else None,
    }, vendor.secrets)
