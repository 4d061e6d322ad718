"""Allivet customer routes (allivet-rest-api.txt, salesforce Customers, Address, Vet, Pet and
CustomerRx), registered on the Allivet blueprint; thin like the rest of the routes."""
from __future__ import annotations

import uuid

from flask import g, jsonify, request

from ..toolkit import sim, writing
from . import customers, models, rules, schemas
from .errors import BusinessError, ValidationProblem, not_found
from .web import bp, read_body, scoped, status_interval_us


# -- customers (salesforce) ----------------------------------------------------------------------
def _customer(db, customer_no: str | None) -> dict:
    if not (customer_no or "").strip():
        raise ValidationProblem({"clientCustomerNo": ["The clientCustomerNo field is required."]})
    customer = customers.get_customer(db, g.account, customer_no)
    if customer is None:
        raise not_found("clientCustomerNo", f"Customer '{customer_no}' not found.")
    return customer


def _customer_response(db, customer: dict):
    customer = customers.customer_by_row(db, g.account, customer["id"])
    return jsonify(schemas.customer_to_wire(customer, customers.children(db, customers.ADDRESSES, customer["id"])))


@bp.get("/api/salesforce/Customers/<customer_no>")
@scoped("customers")
def get_customer(customer_no: str):
    db = sim().db()
    return _customer_response(db, _customer(db, customer_no))


@bp.post("/api/salesforce/Customers")
@scoped("customers")
def register_customer():
    values, ship_to = schemas.parse_customer(read_body("CustomerCreateRequest"))
    with writing() as db:
        warnings = {}
        if customers.get_customer(db, g.account, values["client_customer_no"]):
            warnings["clientCustomerNo"] = [
                f"Customer '{values['client_customer_no']}' is already registered."]
        if customers.email_taken(db, g.account, values["email"]):
            warnings["email"] = [f"Email '{values['email']}' is already registered."]
        ids = [s["ship_to_address_id"] for s in ship_to] + [values["bill_to_address_id"]]
        if len({i for i in ids if i}) < len([i for i in ids if i]):
            warnings["customerShipTo"] = ["Address ids must be unique per customer."]
        if warnings:
            raise BusinessError(warnings)
        customer = customers.register_customer(db, g.account, values, ship_to, g.now_us,
                                            str(uuid.uuid4()))
        return _customer_response(db, customer)


@bp.put("/api/salesforce/Customers")
@scoped("customers")
def update_customer():
    customer_no = schemas.query_args(request.args).get("clientCustomerNo")
    with writing() as db:
        customer = _customer(db, customer_no)
        values = schemas.parse(read_body("CustomerUpdateRequest"), schemas.CUSTOMER_UPDATE,
                               "CustomerUpdateRequest")
        if customers.email_taken(db, g.account, values["email"], other_than=customer["id"]):
            raise BusinessError({"email": [f"Email '{values['email']}' is already registered."]})
        changes = {k: v for k, v in values.items() if v is not None}
        changes["customer_name"] = f"{values['first_name']} {values['last_name']}"
        customers.update_customer(db, g.account, customer["id"], changes, g.now_us)
        return _customer_response(db, customer)


def _addresses_response(db, customer: dict):
    return jsonify({"clientCustomerNo": customer["client_customer_no"],
                    "address": [schemas.address_to_wire(a)
                                for a in customers.children(db, customers.ADDRESSES, customer["id"])]})


@bp.post("/api/salesforce/Customers/<customer_no>/Address")
@scoped("customers")
def create_address(customer_no: str):
    with writing() as db:
        customer = _customer(db, customer_no)
        address = schemas.parse(read_body("CustomerAddressRequest"), schemas.ADDRESS,
                                "CustomerAddressRequest")
        # Address ids are the client's own (as shipToAddressId on orders): a New Address with
        # an id the customer already has brings that address up to date, like Set Primary
        # Address, so the Register sample's billToAddressId 123456 does not refuse the New
        # Address sample that follows it.
        customers.save_address(db, g.account, customer["id"], address, g.now_us)
        return _addresses_response(db, customer)


def _address(db, customer: dict, address_id: str) -> dict:
    address = customers.get_child(db, customers.ADDRESSES, customer["id"], address_id)
    if address is None:
        raise not_found("addressId", "The Customer address not found.")
    return address


@bp.put("/api/salesforce/Customers/<customer_no>/Address/<address_id>")
@scoped("customers")
def update_address(customer_no: str, address_id: str):
    with writing() as db:
        customer = _customer(db, customer_no)
        _address(db, customer, address_id)
        address = schemas.parse(read_body("CustomerAddressRequest"), schemas.ADDRESS_UPDATE,
                                "CustomerAddressRequest")
        customers.save_address(db, g.account, customer["id"], {**address, "address_id": address_id},
                            g.now_us)
        return _addresses_response(db, customer)


@bp.delete("/api/salesforce/Customers/<customer_no>/Address/<address_id>")
@scoped("customers")
def delete_address(customer_no: str, address_id: str):
    with writing() as db:
        customer = _customer(db, customer_no)
        customers.delete_address(db, customer["id"], _address(db, customer, address_id), g.now_us)
        return _addresses_response(db, customer)


@bp.post("/api/salesforce/Customers/<customer_no>/Vet")
@scoped("customers")
def link_vet(customer_no: str):
    with writing() as db:
        customer = _customer(db, customer_no)
        vet = schemas.parse(read_body("CustomerVetRequest"), schemas.CUSTOMER_VET, "CustomerVetRequest")
        linked = customers.put_child(db, customers.VETS, g.account, customer["id"], vet, g.now_us)
    return jsonify(schemas.ok({"clientCustomerNo": customer["client_customer_no"],
                               "customerVet": schemas.customer_vet_to_wire(linked)}))


@bp.put("/api/salesforce/Customers/<customer_no>/Vet/<client_vet_id>/Remove")
@scoped("customers")
def remove_vet(customer_no: str, client_vet_id: str):
    with writing() as db:
        customer = _customer(db, customer_no)
        vet = customers.get_child(db, customers.VETS, customer["id"], client_vet_id)
        if vet is None:
            raise not_found("clientVetId", "The Customer vet not found.")
        customers.delete_child(db, customers.VETS, customer["id"], client_vet_id)
    return jsonify(schemas.ok({"clientCustomerNo": customer["client_customer_no"],
                               "customerVet": schemas.customer_vet_to_wire(vet)}))


def _pets_response(db, customer: dict, pet: dict | None = None):
    shown = schemas.pet_to_wire(pet) if pet is not None else [
        schemas.pet_to_wire(p) for p in customers.children(db, customers.PETS, customer["id"])]
    return jsonify(schemas.ok({"clientCustomerNo": customer["client_customer_no"],
                               "customerPet": shown}))


@bp.post("/api/salesforce/Customers/<customer_no>/Pet")
@scoped("customers")
def create_pet(customer_no: str):
    with writing() as db:
        customer = _customer(db, customer_no)
        pet = schemas.parse(read_body("CustomerPetRequest"), schemas.PET, "CustomerPetRequest")
        if customers.get_child(db, customers.PETS, customer["id"], pet["client_pet_id"]):
            raise BusinessError({"clientPetId": [
                f"Pet '{pet['client_pet_id']}' already exists for this customer."]})
        customers.put_child(db, customers.PETS, g.account, customer["id"], pet, g.now_us)
        return _pets_response(db, customer)


def _pet(db, customer: dict, pet_id: str) -> dict:
    pet = customers.get_child(db, customers.PETS, customer["id"], pet_id)
    if pet is None:
        raise not_found("clientPetId", "The Customer Pet not found.")
    return pet


@bp.put("/api/salesforce/Customers/<customer_no>/Pet/<pet_id>")
@scoped("customers")
def update_pet(customer_no: str, pet_id: str):
    # The docs write the path with a literal 'clientPetId' segment and the id as a query
    # parameter; either form is accepted.
    pet_id = schemas.query_args(request.args).get("clientPetId") or pet_id
    with writing() as db:
        customer = _customer(db, customer_no)
        _pet(db, customer, pet_id)
        pet = schemas.parse(read_body("CustomerPetRequest"), schemas.PET_UPDATE, "CustomerPetRequest")
        customers.put_child(db, customers.PETS, g.account, customer["id"], {**pet, "client_pet_id": pet_id}, g.now_us)
        return _pets_response(db, customer)


@bp.delete("/api/salesforce/Customers/<customer_no>/Pet/<pet_id>")
@scoped("customers")
def delete_pet(customer_no: str, pet_id: str):
    with writing() as db:
        customer = _customer(db, customer_no)
        pet = _pet(db, customer, pet_id)
        customers.delete_child(db, customers.PETS, customer["id"], pet_id)
        return _pets_response(db, customer, pet)


@bp.get("/api/customer/<customer_id>/CustomerRx/<rx_status>")
@scoped("customers")
def customer_prescriptions(customer_id: str, rx_status: str):
    status = next((s for s in rules.RX_STATUSES if s.lower() == rx_status.strip().lower()), None)
    if status is None:
        raise ValidationProblem({"rxStatus": [f"The value '{rx_status}' is not valid; use one of "
                                              f"{', '.join(rules.RX_STATUSES)}."]})
    db = sim().db()
    customer = customers.find_customer(db, g.account, customer_id)
    if customer is None:
        raise not_found("customerid", f"Customer '{customer_id}' not found.")
    found = models.customer_prescriptions(db, g.account, customer["id"], status, g.now_us,
                                          status_interval_us())
    if not found:
        raise not_found("rxStatus", "The Customer prescription not found.")
    return jsonify({"ClientId": g.client, "CustomerId": customer["client_customer_no"],
                    "Data": [schemas.prescription_to_wire(p, g.now_us, status_interval_us())
                             for p in found]})
