"""Every sample of the Allivet REST API document, in the document's order, against one fresh
app: each request as the document prints it (its request sample, or for a call without one the
document's `Example:` values), with the status and key fields of the documented answer.

Two samples cannot work as given, and get the documented refusal: the New Order and Update
Order samples collapse their line items to `[ ]` (an empty list: 400), and filled with the
document's own CLOVITE item they ship to CA, which CLOVITE's stateRestricted forbids (400).
Auth comes first, with the default credentials (the document's sample holds placeholders).
"""
from __future__ import annotations

import copy
import json

from .conftest import DEFAULT_CLIENT, count

# -- the document's request samples, verbatim ------------------------------------------------
AUTH = {"clientID": "client-id", "clientSecretKey": "client/sercrEt%Key", "apiScope": "api:<scope>",
        "storeKey": "store id<string>"}
NEW_VET = {"vetName": "Anne Peddon", "clinicName": "BOSSIER ANIMAL HOSPITAL",
           "vetAddress": "3308 INDUSTRIAL DRIVE", "vetCity": "GENESEO", "vetState": "NY",
           "vetPostalCode": "14454", "vetPhone": "4245689898"}
ORDER = {
    "clientId": "DropshipClient", "clientOrderId": "26849758", "customerId": "johndoe@gmail.com",
    "customerKeyId": "ac11JDiERGcI32X3ILwjahBAYM", "salesOrderDate": "2014-02-23T20:01:08-08:00",
    "shippingMethod": "GRND", "billToName": "John Doe", "billToAddress": "23200 Summer Glenn",
    "billToCity": "Harbor City", "billToState": "CA", "billToPostalCode": "90717",
    "billToCountry": "US", "billToPhone": "4245673448",
    "shipToAddressId": "ac1aJDiERGcI32X3ILwjahBAYM", "shipToName": "John Doe",
    "shipToAddress": "23200 Summer Glenn", "shipToCity": "Harbor City", "shipToState": "CA",
    "shipToPostalCode": "90717", "shipToCountry": "US", "shipToPhone": "4245673448",
    "isAutoship": "N", "isReship": "N", "reasonCode": "0", "originalClientOrderId": "0",
    "customerSalesOrderDetail": []}
REGISTER = {
    "email": "johndoe@gmail.com", "clientCustomerNo": "ACS-123456", "clientAutoshipId": "437451",
    "clientRxId": "7451", "clientReorderId": "4374", "clientCustomerId": "56437",
    "firstName": "John", "middleName": "Mid", "lastName": "Doe", "customerName": "John Doe",
    "billToAddressId": "123456", "billToAddress": "23200 Summer Glenn", "billToCity": "Harbor City",
    "billToState": "CA", "billToPostalCode": "90717", "billToCountry": "US",
    "billToPhone": "4245673448", "customerShipTo": [], "password": "Abcdef123456",
    "isOkToReceiveEmail": "Y", "perksIDNumber": "9587854712"}
UPDATE_CUSTOMER = {
    "firstName": "John", "lastName": "Doe", "telephone": "4245673448", "email": "johndoe@gmail.com",
    "clientAutoshipId": "437451", "clientRxId": "7451", "clientReorderId": "4374",
    "clientCustomerId": "56437451", "mobile": "4245673448", "isOkToReceiveEmail": "Y",
    "perksIDNumber": "9587854712"}
NEW_ADDRESS = {"addressType": "Billing", "isPrimary": "Y", "addressId": "123456", "name": "John Doe",
               "address": "23200 Summer Glenn", "city": "Harbor City", "state": "CA",
               "postalCode": "90717", "country": "US", "phone": "4245673448"}
SET_PRIMARY_ADDRESS = {k: v for k, v in NEW_ADDRESS.items() if k != "addressId"}
CUSTOMER_VET = {"clientVetId": "89742", "vetName": "Anne Peddon",
                "clinicName": "BOSSIER ANIMAL HOSPITAL", "vetPhone": "4245689898",
                "vetCity": "GENESEO", "vetState": "NY", "vetPostalCode": "14454",
                "cbExternalCode": ""}
NEW_PET = {
    "clientPetId": "123456", "petName": "Lovely", "petOwner": "John Doe", "petType": "Bird",
    "petBreed": "Labrador Retriever Dog", "specialType": "Alligators", "petGender": "F",
    "petAge": "6-7 years", "petDateOfBirth": "03/09/2009", "petWeight": 95.5,
    "medicalAllergies": "Sentinel made her have skin lesions and caused behavior. Doctor is aware of this.",
    "medicationIsTaking": "Prednisone Tabs 5mg, Methocarbamol Tabs 500mg.",
    "medicalConditions": "Antibiotic for stomach issue; medicated shampoo for skin irritation.",
    "isPregnant": "Y", "isDeceased": "N", "image": ""}
UPDATE_PET = {k: v for k, v in NEW_PET.items() if k != "clientPetId"}

# -- the document's response samples, as far as dropsim answers them verbatim ------------------
VET_1545 = {"vetId": 1545, **NEW_VET, "dateCreated": "2020-12-20T04:18:43.0000000",
            "dateModified": "2020-12-20T04:18:43.0000000"}
PRODUCT_KEYS = ["itemName", "brand", "manufacturer", "itemType", "itemDescription",
                "showBuyButton", "asByPass", "active", "isRxItem", "isColdItem",
                "isDangerousGoods", "isMap", "isP65", "metaData", "productAttribute",
                "matrixItem", "bundleComponent"]
CLOVITE_10_LBS = {"itemName": "10012-05", "upcCode": "1877527745411",
                  "itemDescription": "CLOVITE 10 lbs", "itemType": "Matrix Item",
                  "allivetPrice": 55.99, "mapPrice": 56.77, "showBuyButton": "Y",
                  "weightInPounds": 5, "lengthInInches": 2, "heightInInches": 2.2,
                  "widthInInches": 2, "active": "A", "asByPass": "N",
                  "isShippingRestricted": "Y", "stateRestricted": ["CA", "CT", "GA", "IN"]}
PAGINATOR_KEYS = ["current_page", "data", "from", "last_page", "next_page_url", "path",
                  "per_page", "prev_page_url", "to", "total"]
CUSTOMER_KEYS = ["customerGuid", "email", "clientCustomerNo", "clientAutoshipId", "clientRxId",
                 "clientReorderId", "clientCustomerId", "firstName", "middleName", "lastName",
                 "customerName", "mobile", "isOkToReceiveEmail", "perksIDNumber", "dateCreated",
                 "dateModified", "customerBilling", "customerShipTo", "warnings", "statusCode"]
C = "/allivet/api/salesforce/Customers"


class Walk:
    """Calls in sequence on one client, each asserting its documented status."""

    def __init__(self, client) -> None:
        self.client, self.headers = client, {}

    def __call__(self, sample: str, method: str, path: str, expect: int, body=None, **kw):
        response = self.client.open(path, method=method, headers=self.headers, json=body, **kw)
        assert response.status_code == expect, (sample, response.get_data(as_text=True))
        return response.get_json(silent=True)


def test_every_sample_in_the_documents_order(client, sim):
    call = Walk(client)

    # Auth: the sample's placeholders are no client (the documented 401); the default client's
    # credentials, sent as a real client sends them (json-patch+json), get the token.
    refused = call("Auth sample", "POST", "/allivet/api/Auth", 401, AUTH)
    assert refused == {"warnings": {"credentials": [
        "Scope is not provided or credentials invalid: clientID, clientSecretKey and storeKey "
        "do not match a client."]}, "statusCode": 401}
    token = call("Auth", "POST", "/allivet/api/Auth", 200, data=json.dumps(DEFAULT_CLIENT),
                 content_type="application/json-patch+json")
    assert list(token) == ["validTo", "value"] and token["value"].count(".") == 2
    call.headers = {"Authorization": f"Bearer {token['value']}"}

    # Overview (no sample body): the caller and what it may call.
    overview = call("Overview", "POST", "/allivet/api/Overview", 200)
    assert overview["clientID"] == "sandbox" and overview["apiScope"] == "api:dropship"

    # Products: Get Product By Id, Get Product List (pageno=1), Product Stock Availability.
    product = call("Get Product By Id", "GET", "/allivet/api/Products/10012", 200)
    assert list(product) == PRODUCT_KEYS
    assert (product["itemName"], product["brand"], product["manufacturer"], product["isRxItem"]) \
        == ("10012", "CLOVITE", "Zoetis", "Y")
    assert product["metaData"]["seoData"]["seTitle"] == "CLOVITE"
    assert product["productAttribute"]["category"] == "HorseSupplements"
    item = product["matrixItem"][0]
    assert {k: item[k] for k in CLOVITE_10_LBS} == CLOVITE_10_LBS
    assert product["bundleComponent"][0]["showBuyButton"] == "\u0000"
    assert product["bundleComponent"][0]["itemName"] is None
    page = call("Get Product List", "GET", "/allivet/api/Products?pageno=1", 200)
    assert list(page) == PAGINATOR_KEYS
    assert (page["current_page"], page["from"], page["per_page"], page["prev_page_url"]) == \
        (1, 1, 100, None)
    assert page["data"][0] == product and page["to"] == len(page["data"]) == 100
    stock = call("Product Stock Availability", "GET", "/allivet/api/Products/10012/availability",
                 200)
    assert stock["itemName"] == "10012" and stock["matrixItem"][0]["itemName"] == "10012-05"

    # Vets: Search Vets by each documented combination (its Example values), New Vet, Vet By Id.
    for query in ("vetName=Anne PEDEN&vetState=NY", "vetPhone=4245689898",
                  "vetPostalCode=14454"):
        found = call(f"Search Vets {query}", "GET", f"/allivet/api/Vets?{query}", 200)
        assert VET_1545 in found, query
    assert call("New Vet", "POST", "/allivet/api/Vets", 200, NEW_VET) == VET_1545
    assert call("Vet By Id", "GET", "/allivet/api/Vets/1545", 200) == VET_1545

    # Orders: Get Order (Example 55503648: no such order yet), New Order, Update Order,
    # Cancel Order (Example 55503648).
    missing = call("Get Order", "GET", "/allivet/api/Orders/55503648", 404)
    assert missing["statusCode"] == 404 and "OrderId" in missing["warnings"]
    before = (count(sim, "allivet_orders"), count(sim, "allivet_customers"))
    empty = call("New Order", "POST", "/allivet/api/Orders", 400, ORDER)
    assert empty["title"] == "One or more validation errors occurred."
    assert list(empty["errors"]) == ["customerSalesOrderDetail"]
    clovite = copy.deepcopy(ORDER)
    clovite["customerSalesOrderDetail"] = [{"itemName": "10012-05", "quantity": 1}]
    restricted = call("New Order with CLOVITE", "POST", "/allivet/api/Orders", 400, clovite)
    warning = restricted["warnings"]["customerSalesOrderDetail[0].itemName"][0]
    assert "cannot be shipped to CA" in warning and "CA, CT, GA, IN" in warning
    empty = call("Update Order", "PUT", "/allivet/api/Orders", 400, ORDER)
    assert list(empty["errors"]) == ["customerSalesOrderDetail"]
    call("Update Order with CLOVITE", "PUT", "/allivet/api/Orders", 404, clovite)
    assert (count(sim, "allivet_orders"), count(sim, "allivet_customers")) == before
    cancel = call("Cancel Order", "PUT", "/allivet/api/Orders/55503648/cancel", 404)
    assert cancel == {"errormessage": "The Order not found.", "statuscode": "404",
                      "statusmessage": None}

    # Customers: Get Customer (Example ACS-123456: not registered yet), Register, Update.
    unknown = call("Get Customer", "GET", f"{C}/ACS-123456", 404)
    assert unknown["statusCode"] == 404
    customer = call("Register Customer", "POST", C, 200, REGISTER)
    assert list(customer) == CUSTOMER_KEYS
    assert {k: customer[k] for k in ("email", "clientCustomerNo", "clientAutoshipId",
                                     "clientRxId", "clientReorderId", "firstName", "middleName",
                                     "lastName", "customerName", "mobile", "isOkToReceiveEmail",
                                     "perksIDNumber", "warnings", "statusCode")} == {
        "email": "johndoe@gmail.com", "clientCustomerNo": "ACS-123456",
        "clientAutoshipId": "437451", "clientRxId": "7451", "clientReorderId": "4374",
        "firstName": "John", "middleName": "Mid", "lastName": "Doe", "customerName": "John Doe",
        "mobile": "4245673448", "isOkToReceiveEmail": "Y", "perksIDNumber": "9587854712",
        "warnings": {}, "statusCode": 200}
    assert [a["addressId"] for a in customer["customerBilling"]] == ["123456"]
    assert call("Get Customer, registered", "GET", f"{C}/ACS-123456", 200) == customer
    updated = call("Update Customer", "PUT", f"{C}?clientCustomerNo=ACS-123456", 200,
                   UPDATE_CUSTOMER)
    assert updated["clientCustomerId"] == "56437451" and updated["middleName"] == "Mid"

    # Addresses: New Address (the id Register gave the billing address: brought up to date),
    # Set Primary Address, Delete Primary Address (Example 123456).
    added = call("New Address", "POST", f"{C}/ACS-123456/Address", 200, NEW_ADDRESS)
    assert list(added) == ["clientCustomerNo", "address"]
    assert [(a["addressId"], a["addressType"], a["isPrimary"], a["city"])
            for a in added["address"]] == [("123456", "Billing", "Y", "Harbor City")]
    primary = call("Set Primary Address", "PUT", f"{C}/ACS-123456/Address/123456", 200,
                   SET_PRIMARY_ADDRESS)
    assert [(a["addressId"], a["isPrimary"]) for a in primary["address"]] == [("123456", "Y")]
    deleted = call("Delete Primary Address", "DELETE", f"{C}/ACS-123456/Address/123456", 200)
    assert deleted == {"clientCustomerNo": "ACS-123456", "address": []}

    # The customer's vet: New Vet, Remove Vet (Example 89742).
    linked = call("Customer New Vet", "POST", f"{C}/ACS-123456/Vet", 200, CUSTOMER_VET)
    assert list(linked) == ["clientCustomerNo", "customerVet", "warnings", "statusCode"]
    assert linked["customerVet"]["clientVetId"] == "89742" and linked["statusCode"] == 200
    removed = call("Remove Vet", "PUT", f"{C}/ACS-123456/Vet/89742/Remove", 200)
    assert removed["customerVet"]["vetName"] == "Anne Peddon" and removed["statusCode"] == 200

    # Pets: New Customer Pet; Update Customer Pet on the document's literal path
    # `.../Pet/clientPetId` with the id as a query parameter (the pet the New Pet sample made;
    # the document's Example 12345 names no pet, the documented 404); Delete Customer Pet.
    pets = call("New Customer Pet", "POST", f"{C}/ACS-123456/Pet", 200, NEW_PET)
    assert list(pets) == ["clientCustomerNo", "customerPet", "warnings", "statusCode"]
    assert [(p["clientPetId"], p["petName"], p["petDateOfBirth"]) for p in pets["customerPet"]] \
        == [("123456", "Lovely", "03/09/2009")]
    call("Update Customer Pet, Example 12345", "PUT",
         f"{C}/ACS-123456/Pet/clientPetId?clientPetId=12345", 404, UPDATE_PET)
    changed = call("Update Customer Pet", "PUT",
                   f"{C}/ACS-123456/Pet/clientPetId?clientPetId=123456", 200, UPDATE_PET)
    assert changed["customerPet"][0]["petAge"] == "6-7 years"
    gone = call("Delete Customer Pet", "DELETE", f"{C}/ACS-123456/Pet/123456", 200)
    assert gone["customerPet"]["clientPetId"] == "123456" and gone["statusCode"] == 200

    # Get Customer Prescriptions (Example ACS-123456): no order went through, so none is Valid.
    none = call("Get Customer Prescriptions", "GET", "/allivet/api/customer/ACS-123456/CustomerRx/Valid",
                404)
    assert none["warnings"] == {"rxStatus": ["The Customer prescription not found."]}

    # What the walk left behind: the customer, its linked vet gone, no address, no pet, no order.
    final = call("Get Customer, at the end", "GET", f"{C}/ACS-123456", 200)
    assert final["customerBilling"] == [] and final["customerShipTo"] == []
    assert count(sim, "allivet_orders") == before[0]
