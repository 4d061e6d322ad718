"""Allivet errors, rendered as an ASP.NET Core API does (docs/design.md, Allivet).

- model validation: 400 RFC 7807 problem details with `errors` (field -> messages);
- business rules: the documented envelope, `warnings` plus a `statusCode` other than 200;
- authentication: 401 with an empty body and `WWW-Authenticate: Bearer`; scope: 403, empty;
- routing: problem details with the status (404, 405).
"""
from __future__ import annotations

import uuid

from flask import Response, jsonify
from werkzeug.exceptions import HTTPException

from ...core.errors import VendorError

_TYPES = {400: "https://tools.ietf.org/html/rfc7231#section-6.5.1",
          404: "https://tools.ietf.org/html/rfc7231#section-6.5.4",
          405: "https://tools.ietf.org/html/rfc7231#section-6.5.5",
          415: "https://tools.ietf.org/html/rfc7231#section-6.5.13",
          500: "https://tools.ietf.org/html/rfc7231#section-6.6.1",
          502: "https://tools.ietf.org/html/rfc7231#section-6.6.3",
          503: "https://tools.ietf.org/html/rfc7231#section-6.6.4",
          504: "https://tools.ietf.org/html/rfc7231#section-6.6.5"}
_TITLES = {404: "Not Found", 405: "Method Not Allowed", 415: "Unsupported Media Type",
           500: "An error occurred while processing your request.",
           502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


def trace_id() -> str:
    """A W3C trace id as ASP.NET Core puts in problem details (not domain data)."""
    return f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-00"


def problem(status: int, title: str | None = None, errors: dict | None = None) -> dict:
    """An RFC 7807 problem details body."""
    body = {"type": _TYPES.get(status, _TYPES[400]), "title": title or _TITLES.get(status, "Error"),
            "status": status, "traceId": trace_id()}
    if errors is not None:
        body["errors"] = errors
    return body


class AllivetError(VendorError):
    """Base of Allivet errors."""

    def body(self) -> dict | None:
        return problem(self.status, self.message or None)

    def headers(self) -> dict:
        return {}


class ValidationProblem(AllivetError):
    """400: one or more validation errors, keyed by the offending JSON property."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("One or more validation errors occurred.", status=400)
        self.errors = errors

    def body(self) -> dict:
        return problem(400, self.message, self.errors)


class BusinessError(AllivetError):
    """A documented business rule refused the request: `{"warnings", "statusCode"}`."""

    def __init__(self, warnings: dict[str, list[str]], status: int = 400,
                 extra: dict | None = None) -> None:
        super().__init__("; ".join(m for ms in warnings.values() for m in ms), status=status)
        self.warnings = warnings
        self.extra = extra or {}

    def body(self) -> dict:
        return {**self.extra, "warnings": self.warnings, "statusCode": self.status}


def not_found(field: str, message: str, extra: dict | None = None) -> BusinessError:
    """A 404 in the business envelope."""
    return BusinessError({field: [message]}, 404, extra)


class CancelError(AllivetError):
    """Cancel Order's own envelope: errormessage, statuscode (a string), statusmessage."""

    def body(self) -> dict:
        return {"errormessage": self.message, "statuscode": str(self.status),
                "statusmessage": None}


class Unauthorized(AllivetError):
    """401, empty body, a Bearer challenge (JwtBearer's behaviour)."""

    status = 401

    def __init__(self, expired: bool = False, description: str | None = None) -> None:
        super().__init__("unauthorized")
        self.expired, self.description = expired, description

    def body(self) -> None:
        return None

    def headers(self) -> dict:
        if self.expired:
            return {"WWW-Authenticate": 'Bearer error="invalid_token", '
                                        f'error_description="{self.description}"'}
        if self.description:
            return {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        return {"WWW-Authenticate": "Bearer"}


class Forbidden(AllivetError):
    """403, empty body: the token's scope does not cover the endpoint."""

    status = 403

    def body(self) -> None:
        return None


class UnsupportedMediaType(AllivetError):
    """415 problem details for a body that is not JSON."""

    status = 415


def render(error: AllivetError) -> Response:
    """The one renderer of Allivet errors."""
    body = error.body()
    if body is None:
        response = Response(b"", status=error.status)
        del response.headers["Content-Type"]
    else:
        response = jsonify(body)
        response.status_code = error.status
        if "title" in body and "traceId" in body:
            response.mimetype = "application/problem+json"
    response.headers.update(error.headers())
    return response


def render_http_error(exc: HTTPException) -> Response:
    """Routing and server errors under /allivet as ASP.NET Core problem details."""
    # A 5xx keeps its own status (an injected 503, a storage failure); its reason stays in the
    # server log, as ASP.NET Core keeps exception details out of problem details.
    code = exc.code if exc.code and (exc.code < 500 or exc.code in _TITLES) else 500
    response = render(AllivetError(_TITLES.get(code, exc.name), status=code))
    if exc.code == 405:
        allowed = exc.get_response().headers.get("Allow")
        if allowed:
            response.headers["Allow"] = allowed
    return response
