"""Allivet vets: search combinations, the docs' Anne Peddon, create with limits, get by id."""
from __future__ import annotations

import pytest

from .conftest import count

# allivet-rest-api.txt, New Vet: request and response samples.
VET_SAMPLE = {"vetName": "Anne Peddon", "clinicName": "BOSSIER ANIMAL HOSPITAL",
              "vetAddress": "3308 INDUSTRIAL DRIVE", "vetCity": "GENESEO", "vetState": "NY",
              "vetPostalCode": "14454", "vetPhone": "4245689898"}
VET_RESPONSE = {"vetId": 1545, **VET_SAMPLE, "dateCreated": "2020-12-20T04:18:43.0000000",
                "dateModified": "2020-12-20T04:18:43.0000000"}


def test_docs_sample_create_returns_the_documented_vet(api, sim):
    before = count(sim, "allivet_vets")
    assert api.post("/api/Vets", VET_SAMPLE) == VET_RESPONSE
    assert count(sim, "allivet_vets") == before


@pytest.mark.parametrize("query", ["vetName=Anne%20PEDEN&vetState=NY", "vetPhone=4245689898",
                                   "vetPhone=(424)%20568-9898", "vetPostalCode=14454",
                                   "VETNAME=anne&vetstate=ny"])
def test_search_combinations_find_anne_peddon(api, query):
    assert VET_RESPONSE in api.get(f"/api/Vets?{query}")


@pytest.mark.parametrize("query", ["", "vetName=Anne", "vetState=NY", "vetName=Anne&vetPhone=1",
                                   "vetPhone=4245689898&vetPostalCode=14454"])
def test_other_combinations_are_400(api, query):
    assert "query" in api.get(f"/api/Vets?{query}", expect=400)["errors"]


def test_search_without_match_is_empty(api):
    assert api.get("/api/Vets?vetName=Nobody%20Atall&vetState=NY") == []


def test_get_by_id(api):
    assert api.get("/api/Vets/1545") == VET_RESPONSE
    assert api.get("/api/Vets/1", expect=404)["statusCode"] == 404
    api.get("/api/Vets/abc", expect=404)
    api.get("/api/Vets/99999999999", expect=404)


def test_create_new_vet_and_find_it(api, sim):
    body = {**VET_SAMPLE, "vetName": "Carl Barks", "vetPhone": "5551234567",
            "vetPostalCode": "10001"}
    created = api.post("/api/Vets", body)
    assert created["vetId"] >= 20000 and created["vetName"] == "Carl Barks"
    assert created["dateCreated"].count(".") == 1 and len(created["dateCreated"]) == 27
    assert api.get(f"/api/Vets/{created['vetId']}") == created
    assert api.get("/api/Vets?vetPhone=5551234567") == [created]


@pytest.mark.parametrize("field, limit", [("vetName", 100), ("clinicName", 100),
                                          ("vetAddress", 200), ("vetCity", 50), ("vetState", 2),
                                          ("vetPostalCode", 10), ("vetPhone", 50)])
def test_field_limits(api, sim, field, limit):
    before = count(sim, "allivet_vets")
    api.post("/api/Vets", {**VET_SAMPLE, "vetName": "Limit Test", field: "N" * limit})
    body = api.post("/api/Vets", {**VET_SAMPLE, field: "N" * (limit + 1)}, expect=400)
    assert body["errors"][field] == [f"The field {field[0].upper() + field[1:]} must be a string "
                                     f"with a maximum length of {limit}."]
    assert count(sim, "allivet_vets") == before + 1


@pytest.mark.parametrize("field", ["vetName", "clinicName", "vetCity", "vetState",
                                   "vetPostalCode", "vetPhone"])
def test_required_fields(api, field):
    body = {k: v for k, v in VET_SAMPLE.items() if k != field}
    assert field in api.post("/api/Vets", body, expect=400)["errors"]
    assert field in api.post("/api/Vets", {**VET_SAMPLE, field: " "}, expect=400)["errors"]


def test_vet_address_is_optional_and_numbers_are_not_strings(api):
    body = {k: v for k, v in VET_SAMPLE.items() if k != "vetAddress"}
    api.post("/api/Vets", {**body, "vetName": "No Address"})
    assert "vetPhone" in api.post("/api/Vets", {**VET_SAMPLE, "vetPhone": 4245689898},
                                  expect=400)["errors"]


def test_created_vets_belong_to_their_account(api, client, sim):
    from simulator.core import accounts
    from simulator.core.db import transaction
    from .conftest import Api, get_token

    with transaction(sim.db()) as db:
        accounts.ensure_account(db, "other", 0)
        accounts.add_credential(db, "allivet", "other-client", "other-secret", "other",
                                {"apiScope": "api:dropship", "storeKey": "other-store"})
    created = api.post("/api/Vets", {**VET_SAMPLE, "vetName": "Private Vet", "vetPhone": "1112223333"})
    other = Api(client, {"Authorization": "Bearer " + get_token(client, {
        "clientID": "other-client", "clientSecretKey": "other-secret",
        "apiScope": "api:dropship", "storeKey": "other-store"})})
    other.get(f"/api/Vets/{created['vetId']}", expect=404)
    assert other.get("/api/Vets?vetPhone=1112223333") == []
    assert other.get("/api/Vets/1545") == VET_RESPONSE  # the directory is shared
