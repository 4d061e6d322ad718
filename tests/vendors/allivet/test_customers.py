"""Allivet salesforce customers: the docs' samples in sequence, uniqueness, addresses with
primary handling, vets, pets with their enumerations and limits, prescriptions."""
from __future__ import annotations

import pytest

from .conftest import count

# allivet-rest-api.txt request samples, verbatim.
REGISTER = {"email": "johndoe@gmail.com", "clientCustomerNo": "ACS-123456",
            "clientAutoshipId": "437451", "clientRxId": "7451", "clientReorderId": "4374",
            "clientCustomerId": "56437", "firstName": "John", "middleName": "Mid",
            "lastName": "Doe", "customerName": "John Doe", "billToAddressId": "123456",
            "billToAddress": "23200 Summer Glenn", "billToCity": "Harbor City",
            "billToState": "CA", "billToPostalCode": "90717", "billToCountry": "US",
            "billToPhone": "4245673448", "customerShipTo": [], "password": "Abcdef123456",
            "isOkToReceiveEmail": "Y", "perksIDNumber": "9587854712"}
UPDATE = {"firstName": "John", "lastName": "Doe", "telephone": "4245673448",
          "email": "johndoe@gmail.com", "clientAutoshipId": "437451", "clientRxId": "7451",
          "clientReorderId": "4374", "clientCustomerId": "56437451", "mobile": "4245673448",
          "isOkToReceiveEmail": "Y", "perksIDNumber": "9587854712"}
ADDRESS = {"addressType": "Billing", "isPrimary": "Y", "addressId": "123456", "name": "John Doe",
           "address": "23200 Summer Glenn", "city": "Harbor City", "state": "CA",
           "postalCode": "90717", "country": "US", "phone": "4245673448"}
VET = {"clientVetId": "89742", "vetName": "Anne Peddon", "clinicName": "BOSSIER ANIMAL HOSPITAL",
       "vetPhone": "4245689898", "vetCity": "GENESEO", "vetState": "NY", "vetPostalCode": "14454",
       "cbExternalCode": ""}
PET = {"clientPetId": "123456", "petName": "Lovely", "petOwner": "John Doe", "petType": "Bird",
       "petBreed": "Labrador Retriever Dog", "specialType": "Alligators", "petGender": "F",
       "petAge": "6-7 years", "petDateOfBirth": "03/09/2009", "petWeight": 95.5,
       "medicalAllergies": "Sentinel made her have skin lesions and caused behavior. Doctor is aware of this.",
       "medicationIsTaking": "Prednisone Tabs 5mg, Methocarbamol Tabs 500mg.",
       "medicalConditions": "Antibiotic for stomach issue; medicated shampoo for skin irritation.",
       "isPregnant": "Y", "isDeceased": "N", "image": ""}
C = "/api/salesforce/Customers"
CUSTOMER_KEYS = ["customerGuid", "email", "clientCustomerNo", "clientAutoshipId", "clientRxId",
                 "clientReorderId", "clientCustomerId", "firstName", "middleName", "lastName",
                 "customerName", "mobile", "isOkToReceiveEmail", "perksIDNumber", "dateCreated",
                 "dateModified", "customerBilling", "customerShipTo", "warnings", "statusCode"]


@pytest.fixture
def customer(api):
    return api.post(C, REGISTER)


def test_docs_samples_in_sequence(api, customer):
    assert list(customer) == CUSTOMER_KEYS
    assert customer["clientCustomerNo"] == "ACS-123456" and customer["mobile"] == "4245673448"
    assert customer["statusCode"] == 200 and customer["warnings"] == {}
    assert [a["addressId"] for a in customer["customerBilling"]] == ["123456"]
    assert api.get(f"{C}/ACS-123456") == customer
    updated = api.put(f"{C}?clientCustomerNo=ACS-123456", UPDATE)
    assert updated["clientCustomerId"] == "56437451" and updated["middleName"] == "Mid"
    # New Address with the docs' own id brings the registered billing address 123456 up to date.
    same = api.post(f"{C}/ACS-123456/Address", {**ADDRESS, "name": "Johnny Doe"})
    assert [(a["addressId"], a["name"], a["isPrimary"]) for a in same["address"]] == [
        ("123456", "Johnny Doe", "Y")]
    assert same["address"][0]["dateCreated"] == customer["customerBilling"][0]["dateCreated"]
    body = api.post(f"{C}/ACS-123456/Address", {**ADDRESS, "addressId": "777", "addressType": "Shipping"})
    assert list(body) == ["clientCustomerNo", "address"] and len(body["address"]) == 2
    update = {k: v for k, v in ADDRESS.items() if k != "addressId"}
    assert api.put(f"{C}/ACS-123456/Address/123456", {**update, "city": "Torrance"})[
        "address"][0]["city"] == "Torrance"
    assert len(api.delete(f"{C}/ACS-123456/Address/777")["address"]) == 1
    linked = api.post(f"{C}/ACS-123456/Vet", VET)
    assert linked["customerVet"]["clientVetId"] == "89742" and linked["statusCode"] == 200
    assert api.put(f"{C}/ACS-123456/Vet/89742/Remove")["customerVet"]["vetName"] == "Anne Peddon"
    pets = api.post(f"{C}/ACS-123456/Pet", PET)
    assert pets["customerPet"][0]["petName"] == "Lovely" and pets["statusCode"] == 200
    changed = api.put(f"{C}/ACS-123456/Pet/clientPetId?clientPetId=123456",
                      {**{k: v for k, v in PET.items() if k != "clientPetId"}, "petName": "Lola"})
    assert changed["customerPet"][0]["petName"] == "Lola"
    deleted = api.delete(f"{C}/ACS-123456/Pet/123456")
    assert deleted["customerPet"]["clientPetId"] == "123456"
    assert api.post(f"{C}/ACS-123456/Pet", PET)["customerPet"][0]["petName"] == "Lovely"


def test_register_uniqueness_stores_nothing(api, sim, customer):
    before = count(sim, "allivet_customers")
    dup_no = api.post(C, {**REGISTER, "email": "other@example.com"}, expect=400)
    assert "clientCustomerNo" in dup_no["warnings"]
    dup_email = api.post(C, {**REGISTER, "clientCustomerNo": "ACS-9", "email": "JohnDoe@Gmail.com"},
                         expect=400)
    assert list(dup_email["warnings"]) == ["email"]
    assert count(sim, "allivet_customers") == before


def test_register_with_ship_to_list(api):
    body = api.post(C, {**REGISTER, "customerShipTo": [
        {"shipToAddressId": "S1", "shipToAddress": "1 Main St", "shipToCity": "Albany",
         "shipToState": "NY", "shipToPostalCode": "12207", "shipToCountry": "US"},
        {"shipToAddressId": "S2", "shipToAddress": "2 Main St", "shipToCity": "Albany",
         "shipToState": "NY", "shipToPostalCode": "12207", "shipToCountry": "US", "isPrimary": "Y"}]})
    ship = {a["addressId"]: a["isPrimary"] for a in body["customerShipTo"]}
    assert ship == {"S1": "N", "S2": "Y"}
    assert body["customerShipTo"][0]["name"] == "John Doe"


@pytest.mark.parametrize("field, limit", [("email", 100), ("clientCustomerNo", 100),
                                          ("clientCustomerId", 30), ("middleName", 50),
                                          ("billToPostalCode", 10), ("billToCountry", 2),
                                          ("password", 12), ("perksIDNumber", 50)])
def test_register_limits(api, sim, field, limit):
    value = ("x" * (limit - 10) + "@gmail.com") if field == "email" else "1" * limit
    api.post(C, {**REGISTER, field: value})
    over = ("x" * (limit - 9) + "@gmail.com") if field == "email" else "1" * (limit + 1)
    before = count(sim, "allivet_customers")
    assert field in api.post(C, {**REGISTER, field: over, "clientCustomerNo": "X2",
                                 "email": "x2@example.com"} | ({field: over}), expect=400)["errors"]
    assert count(sim, "allivet_customers") == before


@pytest.mark.parametrize("change, field", [({"email": "not-an-email"}, "email"),
                                           ({"isOkToReceiveEmail": "Yes"}, "isOkToReceiveEmail"),
                                           ({"isOkToReceiveEmail": "X"}, "isOkToReceiveEmail"),
                                           ({"firstName": None}, "firstName"),
                                           ({"clientRxId": ""}, "clientRxId"),
                                           ({"customerShipTo": [{}]}, "customerShipTo[0].shipToAddressId")])
def test_register_validation(api, change, field):
    assert field in api.post(C, {**REGISTER, **change}, expect=400)["errors"]


def test_customer_not_found_and_update_errors(api, customer):
    assert api.get(f"{C}/NOPE", expect=404)["statusCode"] == 404
    api.put(f"{C}?clientCustomerNo=NOPE", UPDATE, expect=404)
    assert "clientCustomerNo" in api.put(C, UPDATE, expect=400)["errors"]
    assert "telephone" in api.put(f"{C}?clientCustomerNo=ACS-123456",
                                  {**UPDATE, "telephone": None}, expect=400)["errors"]
    api.post(C, {**REGISTER, "clientCustomerNo": "ACS-2", "email": "two@example.com"})
    taken = api.put(f"{C}?clientCustomerNo=ACS-2", UPDATE, expect=400)
    assert "email" in taken["warnings"]
    assert api.get(f"{C}/ACS-2")["email"] == "two@example.com"


def test_primary_address_handling(api, customer):
    base = {**ADDRESS, "addressType": "Shipping"}
    api.post(f"{C}/ACS-123456/Address", {**base, "addressId": "A", "isPrimary": "N"})
    api.post(f"{C}/ACS-123456/Address", {**base, "addressId": "B", "isPrimary": "N"})
    prim = lambda: {a["addressId"]: a["isPrimary"] for a in api.get(f"{C}/ACS-123456")["customerShipTo"]}
    assert prim() == {"A": "Y", "B": "N"}  # the first of a type becomes primary
    api.post(f"{C}/ACS-123456/Address", {**base, "addressId": "C", "isPrimary": "Y"})
    assert prim() == {"A": "N", "B": "N", "C": "Y"}
    api.delete(f"{C}/ACS-123456/Address/C")
    assert prim() == {"A": "N", "B": "Y"}  # the newest remaining one is promoted
    api.put(f"{C}/ACS-123456/Address/NOPE", {k: v for k, v in base.items() if k != "addressId"},
            expect=404)
    api.delete(f"{C}/ACS-123456/Address/NOPE", expect=404)
    assert "addressType" in api.post(f"{C}/ACS-123456/Address", {**base, "addressType": "Home"},
                                     expect=400)["errors"]
    assert "country" in api.post(f"{C}/ACS-123456/Address", {**base, "country": "USA"},
                                 expect=400)["errors"]


def test_vet_link_errors(api, customer):
    api.put(f"{C}/ACS-123456/Vet/89742/Remove", expect=404)
    assert "vetState" in api.post(f"{C}/ACS-123456/Vet", {**VET, "vetState": "NYC"}, expect=400)["errors"]
    assert "clientVetId" in api.post(f"{C}/ACS-123456/Vet", {**VET, "clientVetId": "1" * 201},
                                     expect=400)["errors"]
    api.post(f"{C}/ACS-123456/Vet", {**VET, "clientVetId": "1" * 200})
    api.post(f"{C}/NOPE/Vet", VET, expect=404)


@pytest.mark.parametrize("field, good, bad", [
    ("petType", "Guinea Pig", "Dinosaur"), ("petType", "Other", "Dogs"),
    ("petGender", "M", "X"), ("petAge", "10+ years", "11 years"), ("petAge", "Unknown", "old"),
    ("petDateOfBirth", "1-2-2020", "2020-01-02"), ("petDateOfBirth", "12/31/2019", "12/31/19"),
    ("petWeight", 0, -0.01), ("petWeight", 99999999.99, 100000000), ("petWeight", "12.5", "heavy"),
    ("isPregnant", "N", "Maybe"), ("isDeceased", "Y", ""), ("petName", "x" * 100, "x" * 101),
    ("petBreed", "x" * 40, "x" * 41), ("specialType", "x" * 10, "x" * 11),
    ("medicalAllergies", "x" * 400, "x" * 401), ("image", "x" * 40, "x" * 41),
])
def test_pet_enumerations_and_limits(api, sim, customer, field, good, bad):
    api.post(f"{C}/ACS-123456/Pet", {**PET, "clientPetId": "good", field: good})
    before = count(sim, "allivet_pets")
    body = api.post(f"{C}/ACS-123456/Pet", {**PET, "clientPetId": "bad", field: bad}, expect=400)
    assert field in body["errors"]
    assert count(sim, "allivet_pets") == before


def test_pet_errors(api, customer):
    api.post(f"{C}/ACS-123456/Pet", PET)
    assert "clientPetId" in api.post(f"{C}/ACS-123456/Pet", PET, expect=400)["warnings"]
    upd = {k: v for k, v in PET.items() if k != "clientPetId"}
    api.put(f"{C}/ACS-123456/Pet/nope", upd, expect=404)
    assert api.put(f"{C}/ACS-123456/Pet/123456", {**upd, "petType": "cat"})["customerPet"][0][
        "petType"] == "Cat"
    api.delete(f"{C}/ACS-123456/Pet/nope", expect=404)
    api.post(f"{C}/NOPE/Pet", PET, expect=404)


def test_prescriptions_by_status_of_seeded_customer(api):
    body = api.get("/api/customer/ACS-100001/CustomerRx/Valid")
    assert list(body) == ["ClientId", "CustomerId", "Data"]
    assert body["ClientId"] == "sandbox" and body["CustomerId"] == "ACS-100001"
    assert all(p["RxStatus"] == "Valid" for p in body["Data"]) and body["Data"]
    api.get("/api/customer/ACS-100001/CustomerRx/WaitingVetApproval", expect=404)
    assert "rxStatus" in api.get("/api/customer/ACS-100001/CustomerRx/Pending", expect=400)["errors"]
    api.get("/api/customer/NOPE/CustomerRx/Valid", expect=404)


def test_seeded_customers_have_pets_vets_and_orders(sim):
    db = sim.db()
    assert db.execute("SELECT count(*) FROM allivet_customers WHERE account='default'").fetchone()[0] >= 5
    for table in ("allivet_pets", "allivet_customer_vets", "allivet_orders", "allivet_addresses"):
        assert count(sim, table) >= 5, table


def test_new_address_with_a_known_id_updates_it_and_bad_input_changes_nothing(api, sim, customer):
    stored = lambda: sim.db().execute("SELECT * FROM allivet_addresses ORDER BY rowid").fetchall()
    before = stored()
    refused = api.post(f"{C}/ACS-123456/Address", {**ADDRESS, "city": "x" * 51}, expect=400)
    assert list(refused["errors"]) == ["city"]
    assert stored() == before
    # The same id as a Shipping address: it moves type; Billing is left without one.
    moved = api.post(f"{C}/ACS-123456/Address", {**ADDRESS, "addressType": "Shipping",
                                                 "isPrimary": "N"})
    assert [(a["addressId"], a["addressType"], a["isPrimary"]) for a in moved["address"]] == [
        ("123456", "Shipping", "Y")]
    again = api.get(f"{C}/ACS-123456")
    assert again["customerBilling"] == [] and len(again["customerShipTo"]) == 1
