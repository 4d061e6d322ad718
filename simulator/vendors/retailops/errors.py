"""RetailOps errors: `{"success":0,"ERROR":...,"ERRORCODE":...}` (docs/design.md, RetailOps).

RetailOps answers business errors with HTTP 200 and `success: 0`, which is what real clients
check; only a bad or missing apikey is a 401 (same envelope).
"""
from __future__ import annotations

from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

from ...core.errors import VendorError

# Error codes, documented in docs/retailops.md (Errors).
AUTH_REQUIRED = "AUTH_REQUIRED"
INVALID_APIKEY = "INVALID_APIKEY"
INVALID_JSON = "INVALID_JSON"
INVALID_REQUEST = "INVALID_REQUEST"
TOO_MANY_RECORDS = "TOO_MANY_RECORDS"
VENDOR_MISMATCH = "VENDOR_MISMATCH"
VENDOR_NOT_FOUND = "VENDOR_NOT_FOUND"
VPC_NOT_FOUND = "VPC_NOT_FOUND"
PO_NOT_FOUND = "PO_NOT_FOUND"
PO_ITEM_NOT_FOUND = "PO_ITEM_NOT_FOUND"
INVALID_STATUS = "INVALID_STATUS"
DATE_SUBMIT_IN_FUTURE = "DATE_SUBMIT_IN_FUTURE"
INELIGIBLE = "INELIGIBLE"
QUANTITY_MISMATCH = "QUANTITY_MISMATCH"
OVER_SHIPMENT = "OVER_SHIPMENT"
INVALID_SHIP_CLASS = "INVALID_SHIP_CLASS"
PARTIAL_FAILURE = "PARTIAL_FAILURE"
NOT_FOUND = "NOT_FOUND"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
INTERNAL_ERROR = "INTERNAL_ERROR"


class RetailOpsError(VendorError):
    """An error answered in the RetailOps envelope; HTTP 200 unless told otherwise."""

    status = 200

    def __init__(self, code: str, message: str, *, status: int | None = None) -> None:
        super().__init__(message, status=status)
        self.code = code


class RecordError(Exception):
    """One record of a batch failed; the others are still processed (see routes.batch)."""

    def __init__(self, code: str, message: str, rule: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.rule = rule


def envelope(code: str, message: str) -> dict:
    """The error envelope as a dict."""
    return {"success": 0, "ERROR": message, "ERRORCODE": code}


def render(error: RetailOpsError) -> Response:
    """The one renderer of RetailOps errors."""
    response = jsonify(envelope(error.code, error.message))
    response.status_code = error.status
    return response


def render_http_error(exc: HTTPException) -> Response:
    """Routing and server errors under /retailops in the RetailOps envelope."""
    if exc.code == 404:
        error = RetailOpsError(NOT_FOUND, f"No API call at '{request.path}'. Calls look like "
                               "POST /retailops/Vendor/PO/Fetch.json", status=404)
    elif exc.code == 405:
        error = RetailOpsError(METHOD_NOT_ALLOWED, f"{request.method} is not allowed: every "
                               "RetailOps call is a POST with a JSON body", status=405)
    elif exc.code is not None and exc.code < 500:
        error = RetailOpsError(INVALID_REQUEST, exc.description or exc.name, status=exc.code)
    elif exc.code in (502, 503, 504):  # an injected outage or a storage failure
        error = RetailOpsError(INTERNAL_ERROR, f"The RetailOps sandbox is unavailable "
                               f"({exc.code} {exc.name})", status=exc.code)
    else:
        error = RetailOpsError(INTERNAL_ERROR, "Internal error in the RetailOps sandbox",
                               status=500)
    return render(error)
