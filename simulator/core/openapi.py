"""OpenAPI 3.1 documents from an endpoint catalogue: each vendor (and the control plane) lists
its operations once, with the request schemas its own validation is declared by, and this
module assembles the document a client generator, Postman or Swagger UI reads.

A document is built per request: its `servers` entry is the URL the caller reached dropsim at.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

OPENAPI_VERSION = "3.1.0"
JSON = "application/json"

# Marks what dropsim decided where the vendor's document is silent, in every description.
DROPSIM_DECISION = "**dropsim's decision:**"


@dataclass(frozen=True)
class Operation:
    """One method on one path of an API, as its catalogue declares it."""

    method: str
    path: str  # an OpenAPI path template below the API's prefix: /api/orders/{orderId}
    operation_id: str
    summary: str
    source: str  # the vendor document and section it follows, or dropsim's own decision
    responses: dict[str, dict]  # status -> response object (see json_response, empty)
    parameters: tuple[dict, ...] = ()
    body: dict | None = None  # JSON Schema of a JSON request body
    body_required: bool = True
    description: str = ""
    tag: str | None = None
    security: list | None = None  # None: the document's default; [] for no credentials
    body_example: Any = None


@dataclass(frozen=True)
class Api:
    """What a document says besides its operations."""

    title: str
    prefix: str  # /provet; the servers entry is the caller's base URL plus this
    description: str
    operations: tuple[Operation, ...]
    schemas: dict[str, dict] = field(default_factory=dict)
    security_schemes: dict[str, dict] = field(default_factory=dict)
    security: list[dict] = field(default_factory=list)
    tags: tuple[dict, ...] = ()
    version: str = "1"
    # (credential row: principal, secret, extra) -> what the dashboard's reference page fills
    # in for "try it": {scheme: value}, a value being a string (API key, bearer token),
    # {"username", "password"} (HTTP Basic) or {"token_from": path, "body": ...} (a bearer
    # token the page asks for first).
    try_it: Callable[[dict], dict] | None = None

    def document(self, base_url: str, prefixed: bool = True) -> dict:
        """The OpenAPI document, its server at `base_url` (scheme, host and port) plus the
        prefix (or at the root when `prefixed` is false)."""
        paths: dict[str, dict] = {}
        for op in self.operations:
            paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
        doc = {
            "openapi": OPENAPI_VERSION,
            "info": {"title": f"{self.title} (dropsim sandbox)", "version": self.version,
                     "description": self.description},
            "servers": [{"url": base_url.rstrip("/") + (self.prefix if prefixed else ""),
                         "description": "this dropsim server"}],
            "paths": paths,
            "components": {"schemas": self.schemas, "securitySchemes": self.security_schemes},
        }
        if self.security:
            doc["security"] = self.security
        if self.tags:
            doc["tags"] = list(self.tags)
        return doc


def _operation(op: Operation) -> dict:
    out: dict[str, Any] = {"operationId": op.operation_id, "summary": op.summary,
                           "description": "\n\n".join(p for p in (op.description,
                                                                  f"Source: {op.source}") if p)}
    if op.tag:
        out["tags"] = [op.tag]
    if op.parameters:
        out["parameters"] = list(op.parameters)
    if op.body is not None:
        media: dict[str, Any] = {"schema": op.body}
        if op.body_example is not None:
            media["example"] = op.body_example
        out["requestBody"] = {"required": op.body_required, "content": {JSON: media}}
    out["responses"] = op.responses
    if op.security is not None:
        out["security"] = op.security
    return out


# -- building blocks ---------------------------------------------------------------------
def ref(name: str) -> dict:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def json_response(description: str, schema: dict, *, media_type: str = JSON,
                  links: dict | None = None, headers: dict | None = None) -> dict:
    """A response with a JSON body of `schema`."""
    out: dict[str, Any] = {"description": description,
                           "content": {media_type: {"schema": schema}}}
    if links:
        out["links"] = links
    if headers:
        out["headers"] = headers
    return out


def empty(description: str, headers: dict | None = None) -> dict:
    """A response without a body."""
    out: dict[str, Any] = {"description": description}
    if headers:
        out["headers"] = headers
    return out


def param(name: str, where: str, schema: dict, description: str = "", *,
          required: bool | None = None) -> dict:
    """A path, query or header parameter (path parameters are always required)."""
    out = {"name": name, "in": where, "required": where == "path" if required is None else required,
           "schema": schema}
    if description:
        out["description"] = description
    return out


def nullable(schema: dict) -> dict:
    """`schema` or null (OpenAPI 3.1 writes it as a type list)."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict[str, dict], required: tuple[str, ...] | list[str] = (),
        **extra: Any) -> dict:
    """An object schema; `required` lists its always-present properties."""
    out: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        out["required"] = list(required)
    out.update(extra)
    return out


def array(items: dict, **extra: Any) -> dict:
    """An array schema."""
    return {"type": "array", "items": items, **extra}


STRING, INTEGER, NUMBER, BOOLEAN = ({"type": "string"}, {"type": "integer"}, {"type": "number"},
                                    {"type": "boolean"})
NON_BLANK = r"\S"  # what "required" means for a string in every vendor: not only white space
DATE_TIME = {"type": "string", "format": "date-time"}


# -- control calls (/_sim/ and each vendor's /_sim/<vendor>/) ---------------------------------
CONTROL_DOC = "dropsim's own control plane (docs: Control plane)"
ANY = {}  # a value of any JSON type
CONTROL_ERROR = obj({"error": STRING}, ["error"], description="Every control-plane refusal.")


def error(description: str) -> dict:
    """A control-plane refusal: `{"error": message}`."""
    return json_response(description, ref("Error"))


COMMON = {"400": error("The request is not usable (the message says why)."),
          "401": error("DROPSIM_ADMIN_TOKEN is set and the request lacks it."),
          "503": error("dropsim's database is unavailable.")}
WRITES = {"403": error("A cross-site request from a browser."),
          "413": error("The body is larger than the max_body_bytes setting.")}
NOT_FOUND = {"404": error("No such account, fault, snapshot or object.")}
ACCOUNT = param("account", "query", STRING, "The sandbox account (default: `default`).")


def control_op(method: str, path: str, op_id: str, summary: str, ok: dict, *,
               status: str = "200", body: dict | None = None, params: tuple = (ACCOUNT,),
               extra: dict | None = None, tag: str | None = None, **kw) -> Operation:
    """A control call: its answer, and the refusals every control call may give."""
    responses = {status: ok, **COMMON, **(WRITES if method != "GET" else {}), **(extra or {})}
    if ACCOUNT in params:  # an account that does not exist
        responses.update(NOT_FOUND)
    return Operation(method, path, op_id, summary, kw.pop("source", CONTROL_DOC), responses, params,
                     body, body_required=False, tag=tag, **kw)


