"""Every OpenAPI document against a live `dropsim serve`, by schemathesis: every operation of
every document, with generated requests (valid and invalid), the documents' examples and, where
a document links operations (create an order, then read it), its stateful phase. A 5xx, a status
the document does not list or a body that breaks its schema fails the run.

Bounded: a fixed seed and a few examples per operation keep all documents together under two
minutes on a 2-core machine."""
from __future__ import annotations

import base64
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .live import Servers, call, request

pytestmark = pytest.mark.reliability

CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_schema_conformance")
EXAMPLES = 12
BUDGET_S = 120


def _schemathesis(base: str, document: str, headers: dict[str, str], tmp_path: Path,
                  examples: int = EXAMPLES) -> subprocess.CompletedProcess:
    st = Path(sys.executable).with_name("st")
    argv = [str(st if st.exists() else shutil.which("st")), "run", f"{base}/{document}",
            "--checks", CHECKS, "--max-examples", str(examples), "--seed", "14",
            "--workers", "2", "--request-timeout", "20", "--no-color",
            "--report-dir", str(tmp_path / "report"), "--suppress-health-check", "all"]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    return subprocess.run(argv, capture_output=True, text=True, timeout=BUDGET_S, cwd=tmp_path)


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
        # Last: its resets, deletions and restores would pull the vendors' account away.
        "_sim/openapi.json": {},
    }


def test_every_document_holds_against_the_live_server(tmp_path):
    servers = Servers(tmp_path)
    try:
        base, _ = servers.start("--db", str(tmp_path / "live.db"))
        account = request(f"{base}/_sim/accounts", {})
        started = time.monotonic()
        failed = {}
        for document, headers in _vendor_headers(base, account["credentials"]).items():
            run = _schemathesis(base, document, headers, tmp_path)
            if run.returncode != 0:
                failed[document] = run.stdout[-6000:] + run.stderr[-2000:]
        took = time.monotonic() - started
    finally:
        servers.stop_all()
    assert not failed, "\n\n".join(f"== {d}\n{out}" for d, out in failed.items())
    assert took < BUDGET_S, f"schemathesis took {took:.0f} s"
