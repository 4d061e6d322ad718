"""Every OpenAPI document against a live `dropsim serve`, by schemathesis: every operation of
every document, with generated requests (valid and invalid), the documents' examples and, where
a document links operations (create an order, then read it), its stateful phase. A 5xx, a status
the document does not list or a body that breaks its schema fails the run.

One test per document, each with its own server and database: the control plane's resets and
deletions cannot pull accounts away from a vendor's run, and xdist spreads the five over its
workers. Bounded: a fixed seed and a few examples per operation keep each document under two
minutes on a 2-core machine."""
from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from . import procs
from .live import Servers, call, request

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_schema_conformance")
EXAMPLES = 6
BUDGET_S = 120


def _schemathesis(base: str, document: str, headers: dict[str, str],
                  tmp_path: Path) -> subprocess.Popen:
    st = Path(sys.executable).with_name("st")
    argv = [str(st if st.exists() else shutil.which("st")), "run", f"{base}/{document}",
            "--checks", CHECKS, "--max-examples", str(EXAMPLES), "--seed", "14",
            "--workers", "1", "--request-timeout", "20", "--no-color",
            "--suppress-health-check", "all", "--warnings", "off"]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            cwd=tmp_path, start_new_session=True)


def _finish(proc: subprocess.Popen, deadline: float) -> str | None:
    """The output of the run when it failed, else None; the run is stopped by the deadline.
    Prints the run's figures (shown with -s)."""
    try:
        out, _ = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        procs.stop(proc)
        out, _ = proc.communicate()
        return f"still running after {BUDGET_S} s\n{out[-3000:]}"
    print("; ".join(re.findall(r"Selected: \d+/\d+|\d+ generated, [^\n]*", out)))
    return out[-8000:] if proc.returncode != 0 else None


def _vendor_headers(base: str, creds: dict) -> dict[str, dict[str, str]]:
    provet = creds["provet"]
    basic = base64.b64encode(f"{provet['username']}:{provet['password']}".encode()).decode()
    connect = creds["provet-connect"]
    allivet = creds["allivet"]
    _, token, _ = call(f"{base}/allivet/api/Auth", allivet, headers={"Authorization": ""})
    return {
        "provet/openapi.json": {"Authorization": f"Basic {basic}"},
        "provet-connect/openapi.json": {
            "User-Auth": connect["User-Auth"], "Client-Auth": connect["Client-Auth"],
            "Accept": "application/json", "Api-Version": "1", "Client": "schemathesis 4",
            "Practice": "Test Practice", "User": "tester"},
        "allivet/openapi.json": {"Authorization": f"Bearer {token['value']}"},
        "retailops/openapi.json": {"apikey": creds["retailops"]["apikey"]},
        "_sim/openapi.json": {},
    }


DOCUMENTS = ["provet/openapi.json", "provet-connect/openapi.json", "allivet/openapi.json",
             "retailops/openapi.json", "_sim/openapi.json"]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_document_holds_against_the_live_server(document, tmp_path):
    servers = Servers(tmp_path)
    try:
        base, _ = servers.start("--db", str(tmp_path / "live.db"))
        account = request(f"{base}/_sim/accounts", {})
        started = time.monotonic()
        headers = _vendor_headers(base, account["credentials"])[document]
        failed = _finish(_schemathesis(base, document, headers, tmp_path), started + BUDGET_S)
        took = time.monotonic() - started
    finally:
        servers.stop_all()
    assert failed is None, failed
    assert took < BUDGET_S, f"schemathesis took {took:.0f} s"
