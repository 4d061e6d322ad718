"""Provet Dropship errors, rendered as ASP.NET Web API does: `{"message"}`, a ModelState for
invalid requests, an empty body for 401 and 404."""
from __future__ import annotations

from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

from ...core.errors import VendorError
from ..toolkit import fire

REALM = "Provet Dropship Sandbox"


class ProvetError(VendorError):
    """Base of Provet errors: `{"message": ...}` with the error's status."""

    def body(self) -> dict | None:
        return {"message": self.message}

    def headers(self) -> dict:
        return {}


class InvalidRequest(ProvetError):
    """400 with a ModelState: one key per offending field, e.g. `order.CustomerName`."""

    def __init__(self, model_state: dict[str, list[str]]) -> None:
        super().__init__("The request is invalid.", status=400)
        self.model_state = model_state

    def body(self) -> dict:
        return {"message": self.message, "modelState": self.model_state}


class NotFound(ProvetError):
    """404 with an empty body, as the docs say for an unknown order id or product code."""

    status = 404

    def body(self) -> None:
        return None


class Unauthorized(ProvetError):
    """401 with an empty body and a Basic challenge."""

    status = 401

    def body(self) -> None:
        return None

    def headers(self) -> dict:
        return {"WWW-Authenticate": f'Basic realm="{REALM}"'}


class UnsupportedMediaType(ProvetError):
    """415 for a body that is not JSON."""

    status = 415

    def __init__(self, media_type: str) -> None:
        super().__init__(f"The request entity's media type '{media_type}' is not supported "
                         "for this resource.")


def render(error: ProvetError) -> Response:
    """The one renderer of Provet errors."""
    body = error.body()
    response = jsonify(body) if body is not None else Response(b"", content_type=None)
    if body is None:
        del response.headers["Content-Type"]
    response.status_code = error.status
    response.headers.update(error.headers())
    return response


def render_http_error(exc: HTTPException) -> Response:
    """Routing and server errors under /provet in Web API's words."""
    if exc.code == 405 and request.method == "DELETE":
        fire("provet.no-client-cancel")
    return web_api_http_error(exc)


def web_api_http_error(exc: HTTPException) -> Response:
    """A routing or server error as ASP.NET Web API words it (Provet Dropship and Connect)."""
    if exc.code == 404:
        error = ProvetError("No HTTP resource was found that matches the request URI "
                            f"'{request.url}'.", status=404)
    elif exc.code == 405:
        error = ProvetError("The requested resource does not support http method "
                            f"'{request.method}'.", status=405)
    elif exc.code is not None and exc.code != 500:
        error = ProvetError(exc.description or exc.name, status=exc.code)
    else:
        error = ProvetError("An error has occurred.", status=500)
    response = render(error)
    if exc.code == 405:
        allowed = exc.get_response().headers.get("Allow")
        if allowed:
            response.headers["Allow"] = allowed
    return response
