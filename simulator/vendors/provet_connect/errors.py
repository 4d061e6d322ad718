"""Provet Connect errors. Connect runs on the same ASP.NET Web API platform as Provet Dropship,
so its errors have the same shapes (`{"message"}`, a ModelState 400, an empty 404); what differs
is its token authentication (Provet Connect's API Details page: "If you do not provide the
correct token(s) with each request, you will be returned a 401 Unauthorized")."""
from __future__ import annotations

from flask import Response
from werkzeug.exceptions import HTTPException

from ..provet.errors import InvalidRequest, NotFound, ProvetError, render, web_api_http_error

__all__ = ["ConnectError", "InvalidRequest", "NotFound", "NotAuthorized", "NotAcceptable",
           "render", "render_http_error"]

ConnectError = ProvetError


class NotAuthorized(ConnectError):
    """401 in Web API's words for a request its [Authorize] filter refuses."""

    status = 401

    def __init__(self) -> None:
        super().__init__("Authorization has been denied for this request.")


class NotAcceptable(ConnectError):
    """406: the client accepts only XML, which dropsim does not produce."""

    status = 406

    def __init__(self) -> None:
        super().__init__("dropsim serves Provet Connect as application/json only; send "
                         "'Accept: application/json'.")


def render_http_error(exc: HTTPException) -> Response:
    """Routing and server errors under /provet-connect in Web API's words."""
    return web_api_http_error(exc)
