"""`dropsim openapi VENDOR` prints the document the server answers; the dashboard's API
reference page renders each document with Swagger UI from this server, credentials filled in."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from simulator.cli import main


@pytest.mark.parametrize("name, path", [("provet", "/provet"), ("allivet", "/allivet"),
                                        ("provet-connect", "/provet-connect"),
                                        ("retailops", "/retailops"), ("control", "/_sim")])
def test_the_cli_prints_the_document_the_server_answers(client, name, path):
    result = CliRunner().invoke(main, ["openapi", name, "--server", "http://localhost"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == client.get(f"{path}/openapi.json").get_json()


def test_the_cli_names_the_configured_server_and_refuses_an_unknown_vendor():
    printed = CliRunner().invoke(main, ["openapi", "retailops"], env={"DROPSIM_PORT": "9123"})
    unknown = CliRunner().invoke(main, ["openapi", "acme"])

    assert json.loads(printed.output)["servers"][0]["url"] == "http://127.0.0.1:9123/retailops"
    assert unknown.exit_code == 2 and "'acme' is not one of" in unknown.output


def test_the_reference_page_serves_swagger_ui_itself_and_signs_in_as_the_account(client):
    page = client.get("/_sim/ui/api?doc=provet").get_data(as_text=True)

    scripts = re.findall(r'<script src="([^"]+)"', page) + re.findall(r'href="([^"]+\.css)"', page)
    assert scripts and all(s.startswith("/_sim/ui/") for s in scripts)  # nothing from a CDN
    for asset in scripts:
        assert client.get(asset).status_code == 200, asset
    authorize = json.loads(re.search(r"data-authorize='([^']*)'", page).group(1))
    assert authorize == {"basic": {"username": "sandbox", "password": "sandbox"}}
    assert 'data-spec="/provet/openapi.json"' in page


def test_the_reference_page_fills_in_each_vendors_credentials(client):
    def authorize(doc: str) -> dict:
        page = client.get(f"/_sim/ui/api?doc={doc}").get_data(as_text=True)
        return json.loads(re.search(r"data-authorize='([^']*)'", page).group(1))

    allivet = authorize("allivet")["bearer"]
    token = client.post("/allivet" + allivet["token_from"], json=allivet["body"])
    assert token.status_code == 200 and token.get_json()["value"]
    assert authorize("retailops") == {"apikey": "YOUR_APIKEY_GOES_HERE"}
    connect = authorize("provet-connect")
    assert set(connect) == {"userAuth", "clientAuth"}
    assert authorize("_sim") == {}


def test_the_reference_page_needs_the_admin_token_but_swagger_ui_files_do_not(make_app):
    client = make_app(admin_token="s3cret").test_client()

    assert client.get("/_sim/ui/api").status_code == 401
    assert client.get("/_sim/ui/swagger-ui/swagger-ui-bundle.js").status_code == 200
