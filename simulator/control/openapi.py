"""The control plane's OpenAPI document (/_sim/openapi.json): the calls of routes.py and
sandbox.py, and each vendor's own control calls (Vendor.control_openapi), under /_sim. The
dashboard (/_sim/ui/) is pages for a browser, not an API: it is left out."""
from __future__ import annotations

from dataclasses import replace

from ..core import faults
from ..core.openapi import (ACCOUNT, ANY, BOOLEAN, CONTROL_ERROR, DATE_TIME, INTEGER, NOT_FOUND,
                            NUMBER, STRING, Api, Operation, array, control_op, error,
                            json_response, nullable, obj, param, ref)

CLOCK = obj({"account": STRING, "now": DATE_TIME, "frozen": BOOLEAN,
             "offset_seconds": NUMBER}, ["account", "now", "frozen", "offset_seconds"])
SCHEMAS = {
    "Error": CONTROL_ERROR,
    "Clock": CLOCK,
    "Fault": obj({"id": STRING, "vendor": STRING, "status": nullable(INTEGER),
                  "delay_ms": INTEGER, "times": nullable(INTEGER)}, ["id", "vendor"]),
    "Snapshot": obj({"name": STRING, "bytes": INTEGER, "saved_at": DATE_TIME},
                    ["name", "bytes", "saved_at"]),
    "JournalEntry": obj({"id": INTEGER, "account": STRING, "time": DATE_TIME,
                         "virtual_time": nullable(DATE_TIME), "vendor": STRING, "method": STRING,
                         "path": STRING, "query": nullable(STRING), "status": INTEGER,
                         "duration_ms": NUMBER, "request": {"type": "object"},
                         "response": {"type": "object"}, "rules": array(STRING),
                         "fault": nullable(STRING)}, ["id", "account", "vendor", "status"]),
}
FAULT_BODY = obj({name: ANY for name in faults.FIELDS} | {"account": STRING}, ["vendor"],
                 additionalProperties=False,
                 description="vendor, and a status, a delay_ms or a preset "
                             f"({', '.join(faults.PRESETS)}).")
ADVANCE = obj({unit: {"type": "number", "minimum": 0} for unit in
               ("seconds", "minutes", "hours", "days")} | {"account": STRING},
              description="How far to move the account's clock (at least one unit).")
ACCOUNT_BODY = obj({"account": STRING})


def _deleted(kind: dict) -> dict:
    return json_response("What was deleted.", obj({"deleted": kind}, ["deleted"]))


def operations() -> tuple[Operation, ...]:
    name = param("name", "path", STRING, "The snapshot's name.")
    return (
        control_op("GET", "/health", "health", "Health", json_response("dropsim is up.", obj({
            "status": {"const": "ok"}, "version": STRING, "vendors": array({"type": "object"}),
            "database": STRING, "accounts": INTEGER,
            "journal": obj({"queued": INTEGER, "dropped": INTEGER}, ["queued", "dropped"])},
            ["status", "version", "vendors"])),
            params=(), security=[], tag="Server"),
        control_op("POST", "/reset", "reset", "Reset one account or all", json_response(
            "What was reset.", obj({"reset": ANY}, ["reset"])), body=ACCOUNT_BODY,
            extra=NOT_FOUND, tag="Server"),
        control_op("GET", "/clock", "getClock", "An account's virtual clock",
                   json_response("The clock.", ref("Clock")), extra=NOT_FOUND, tag="Clock"),
        control_op("POST", "/clock/advance", "advanceClock", "Move the clock forward",
                   json_response("The move and the transitions it caused.", obj({
                       "account": STRING, "before": DATE_TIME, "after": DATE_TIME,
                       "advanced_seconds": NUMBER, "transitions": array({"type": "object"})},
                       ["account", "before", "after", "transitions"])),
                   body=ADVANCE, extra=NOT_FOUND, tag="Clock"),
        control_op("POST", "/clock/freeze", "freezeClock", "Freeze the clock",
                   json_response("The clock.", ref("Clock")), body=ACCOUNT_BODY,
                   extra=NOT_FOUND, tag="Clock"),
        control_op("POST", "/clock/resume", "resumeClock", "Let the clock run again",
                   json_response("The clock.", ref("Clock")), body=ACCOUNT_BODY,
                   extra=NOT_FOUND, tag="Clock"),
        control_op("POST", "/accounts", "createAccount", "Create an account",
                   json_response("The account and its credentials for every vendor.", obj({
                       "account": STRING, "credentials": {"type": "object"}},
                       ["account", "credentials"])), status="201", body=ACCOUNT_BODY,
                   extra={"409": error("The account exists.")}, tag="Accounts"),
        control_op("GET", "/accounts", "listAccounts", "List accounts", json_response(
            "Every account.", obj({"accounts": array(ANY)}, ["accounts"])), params=(),
            tag="Accounts"),
        control_op("DELETE", "/accounts/{account}", "deleteAccount", "Delete an account",
                   _deleted(STRING), params=(param("account", "path", STRING),),
                   extra=NOT_FOUND, tag="Accounts"),
        control_op("GET", "/requests", "listRequests", "The request journal", json_response(
            "Journal entries, oldest first.", obj({"requests": array(ref("JournalEntry"))},
                                                  ["requests"])),
            params=(ACCOUNT, param("vendor", "query", STRING), param("method", "query", STRING),
                    param("path", "query", STRING), param("status", "query", INTEGER),
                    param("after", "query", INTEGER, "Entries after this id."),
                    param("limit", "query", INTEGER)), extra=NOT_FOUND, tag="Journal"),
        control_op("DELETE", "/requests", "clearRequests", "Clear the journal",
                   _deleted(INTEGER), tag="Journal"),
        control_op("POST", "/faults", "addFault", "Inject a fault",
                   json_response("The fault as stored.", ref("Fault")), status="201",
                   body=FAULT_BODY, extra=NOT_FOUND, tag="Faults"),
        control_op("GET", "/faults", "listFaults", "List faults", json_response(
            "The account's faults.", obj({"faults": array(ref("Fault"))}, ["faults"])),
            extra=NOT_FOUND, tag="Faults"),
        control_op("DELETE", "/faults/{faultId}", "deleteFault", "Remove a fault",
                   _deleted(STRING), params=(param("faultId", "path", STRING), ACCOUNT),
                   extra=NOT_FOUND, tag="Faults"),
        control_op("DELETE", "/faults", "clearFaults", "Remove every fault",
                   _deleted(INTEGER), tag="Faults"),
        control_op("GET", "/rules", "listRules", "The sandbox rules", json_response(
            "Every vendor's rules.", obj({"rules": array(obj({
                "id": STRING, "vendor": STRING, "trigger": STRING, "effect": STRING,
                "source": STRING}, ["id", "vendor", "trigger", "effect", "source"]))},
                ["rules"])), params=(param("vendor", "query", STRING),), tag="Rules"),
        control_op("POST", "/snapshots", "saveSnapshot", "Save a snapshot",
                   json_response("The snapshot.", ref("Snapshot")), status="201",
                   body=obj({"name": STRING, "replace": BOOLEAN}), params=(),
                   extra={"409": error("A snapshot of that name exists.")}, tag="Snapshots"),
        control_op("GET", "/snapshots", "listSnapshots", "List snapshots", json_response(
            "The snapshots.", obj({"snapshots": array(ref("Snapshot"))}, ["snapshots"])),
            params=(), tag="Snapshots"),
        control_op("POST", "/snapshots/{name}/restore", "restoreSnapshot", "Restore a snapshot",
                   json_response("The snapshot restored.", obj({"restored": ref("Snapshot")},
                                                                ["restored"])),
                   params=(name,), extra=NOT_FOUND, tag="Snapshots"),
        control_op("DELETE", "/snapshots/{name}", "deleteSnapshot", "Delete a snapshot",
                   _deleted(STRING), params=(name,), extra=NOT_FOUND, tag="Snapshots"),
    )


def api(vendors: list, settings: dict) -> Api:
    """The control plane's document, with every vendor's control calls under /<vendor>."""
    own = operations()
    theirs = tuple(replace(op, path=f"/{v.name}{op.path}", tag=op.tag or v.title)
                   for v in vendors for op in v.control_openapi(settings))
    return Api(
        title="dropsim control plane", prefix="/_sim", version="1",
        description=(
            "The control plane of the dropsim sandbox: virtual clock, accounts, faults, the "
            "request journal, resets, snapshots and each vendor's own test calls. Everything "
            "here is dropsim's own design. When DROPSIM_ADMIN_TOKEN is set, every call but "
            "GET /health needs `Authorization: Bearer <token>`."),
        operations=own + theirs,
        schemas=SCHEMAS,
        security_schemes={"adminToken": {"type": "http", "scheme": "bearer", "description":
                                         "DROPSIM_ADMIN_TOKEN, when the server has one."}},
        security=[{}, {"adminToken": []}],
        tags=tuple({"name": n} for n in ("Server", "Clock", "Accounts", "Journal", "Faults",
                                         "Rules", "Snapshots")))
