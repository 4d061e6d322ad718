"""One documented request per endpoint of every vendor and of the control plane: the vendor
document's own sample where it has one, else the example values it gives. The fuzzer mutates
these; `test_every_endpoint_has_a_sample` keeps the list complete as endpoints are added."""
from __future__ import annotations

from tests.vendors.allivet.test_document_samples import (CUSTOMER_VET, NEW_ADDRESS, NEW_PET,
                                                          NEW_VET, REGISTER, UPDATE_CUSTOMER,
                                                          UPDATE_PET)
from tests.vendors.allivet.conftest import DEFAULT_CLIENT, order_body
from tests.vendors.provet.test_orders import DOCS_SAMPLE
from tests.vendors.retailops.test_guide_samples import SAMPLES as RETAILOPS_GUIDE

# (auth kind, method, path with query, JSON body or None)
PROVET = [
    ("provet", "POST", "/provet/api/orders", DOCS_SAMPLE),
    ("provet", "GET", "/provet/api/orders?page=1&pageSize=20&status=Ordered", None),
    ("provet", "GET", "/provet/api/orders/464", None),
    ("provet", "GET", "/provet/api/products?page=1&pageSize=20", None),
    ("provet", "GET", "/provet/api/products/FRON%2001", None),
    ("provet", "GET", "/provet/products?pageSize=5", None),
    ("provet", "GET", "/provet/products/FRON%2001", None),
    ("none", "GET", "/provet/Content/images/products/FRON01.png", None),
    ("none", "GET", "/provet/openapi.json", None),
    ("none", "GET", "/Content/images/products/FRON01.png", None),
]
CONNECT = [
    ("connect", "GET", "/provet-connect/api/products?Search=front&ResultLimit=20"
                       "&UpdatedAfter=2020-01-01&CreatedAfter=2020-01-01", None),
    ("connect", "GET", "/provet-connect/api/products/FRON%2001", None),
    ("connect", "GET", "/provet-connect/products?ResultLimit=5", None),
    ("connect", "GET", "/provet-connect/products/FRON%2001", None),
    ("none", "GET", "/provet-connect/media/products/FRON%2001.svg", None),
    ("none", "GET", "/provet-connect/openapi.json", None),
    ("none", "GET", "/provet-connect/site/products/FRON%2001/infoSheet", None),
]
ALLIVET = [
    ("none", "POST", "/allivet/api/Auth", DEFAULT_CLIENT),
    ("none", "GET", "/allivet/openapi.json", None),
    ("allivet", "POST", "/allivet/api/Overview", {}),
    ("allivet", "GET", "/allivet/api/Products?pageno=1", None),
    ("allivet", "GET", "/allivet/api/Products/10012-05", None),
    ("allivet", "GET", "/allivet/api/Products/10012-05/availability", None),
    ("allivet", "GET", "/allivet/api/Vets?vetName=Anne&vetState=NY", None),
    ("allivet", "POST", "/allivet/api/Vets", NEW_VET),
    ("allivet", "GET", "/allivet/api/Vets/1545", None),
    ("allivet", "POST", "/allivet/api/Orders", order_body(clientOrderId="fuzz-1")),
    ("allivet", "PUT", "/allivet/api/Orders", order_body(clientOrderId="fuzz-1")),
    ("allivet", "GET", "/allivet/api/Orders/fuzz-1", None),
    ("allivet", "PUT", "/allivet/api/Orders/fuzz-1/cancel", None),
    ("allivet", "POST", "/allivet/api/salesforce/Customers", REGISTER),
    ("allivet", "PUT", "/allivet/api/salesforce/Customers?clientCustomerNo=ACS-123456",
     UPDATE_CUSTOMER),
    ("allivet", "GET", "/allivet/api/salesforce/Customers/ACS-123456", None),
    ("allivet", "POST", "/allivet/api/salesforce/Customers/ACS-123456/Address", NEW_ADDRESS),
    ("allivet", "PUT", "/allivet/api/salesforce/Customers/ACS-123456/Address/123456",
     {k: v for k, v in NEW_ADDRESS.items() if k != "addressId"}),
    ("allivet", "DELETE", "/allivet/api/salesforce/Customers/ACS-123456/Address/123456", None),
    ("allivet", "POST", "/allivet/api/salesforce/Customers/ACS-123456/Pet", NEW_PET),
    ("allivet", "PUT", "/allivet/api/salesforce/Customers/ACS-123456/Pet/123456", UPDATE_PET),
    ("allivet", "DELETE", "/allivet/api/salesforce/Customers/ACS-123456/Pet/123456", None),
    ("allivet", "POST", "/allivet/api/salesforce/Customers/ACS-123456/Vet", CUSTOMER_VET),
    ("allivet", "PUT", "/allivet/api/salesforce/Customers/ACS-123456/Vet/89742/Remove", None),
    ("allivet", "GET", "/allivet/api/customer/ACS-123456/CustomerRx/Approved", None),
]
RETAILOPS = [("retailops", "POST", "/retailops" + path, body) for path, body in RETAILOPS_GUIDE
             if "UpdateEstShipDate" not in path] + [
    ("retailops", "POST", "/retailops/Vendor/PO/UpdateEstShipDate.json",
     '{"records": [{"po": "D123", "estimated_ship_date": "2015-07-02T14:47:47Z", '
     '"items": [{"po_item_id": 456, "quantity": 1}]}]}'),
    ("retailops", "POST", "/retailops/Vendor/PO/Fetch~1.json",
     {"status": ["open", "ready"], "with_items": 1}),
    ("retailops", "POST", "/retailops/product/sku/get~1.json", {"sku_string": "10123"}),
    ("none", "GET", "/retailops/openapi.json", None),
]
CONTROL = [
    ("none", "GET", "/_sim/health", None),
    ("none", "GET", "/_sim/openapi.json", None),
    ("none", "GET", "/_sim/", None),
    ("none", "POST", "/_sim/accounts", {}),
    ("none", "GET", "/_sim/accounts", None),
    ("none", "DELETE", "/_sim/accounts/nobody", None),
    ("none", "GET", "/_sim/clock?account=default", None),
    ("none", "POST", "/_sim/clock/advance", {"minutes": 10}),
    ("none", "POST", "/_sim/clock/freeze", {}),
    ("none", "POST", "/_sim/clock/resume", {}),
    ("none", "POST", "/_sim/faults", {"vendor": "provet", "status": 503, "times": 1,
                                      "path": "/api/orders", "headers": {"Retry-After": "1"}}),
    ("none", "GET", "/_sim/faults", None),
    ("none", "DELETE", "/_sim/faults/flt_000000000000", None),
    ("none", "DELETE", "/_sim/faults", None),
    ("none", "GET", "/_sim/requests?vendor=provet&limit=5", None),
    ("none", "DELETE", "/_sim/requests", None),
    ("none", "POST", "/_sim/reset", {"account": "default"}),
    ("none", "GET", "/_sim/rules", None),
    ("none", "POST", "/_sim/snapshots", {"name": "fuzz", "replace": True}),
    ("none", "GET", "/_sim/snapshots", None),
    ("none", "POST", "/_sim/snapshots/fuzz/restore", {}),
    ("none", "DELETE", "/_sim/snapshots/fuzz", None),
    ("none", "GET", "/_sim/provet/products/FRON%2001", None),
    ("none", "POST", "/_sim/provet/products/FRON%2001", {"quantityOnHand": 0, "price": 40}),
    ("none", "DELETE", "/_sim/provet/products/FRON%2001", None),
    ("none", "GET", "/_sim/allivet/orders/fuzz-1", None),
    ("none", "POST", "/_sim/allivet/prescriptions/1/approve", {}),
    ("none", "POST", "/_sim/allivet/prescriptions/1/deny", {}),
    ("none", "POST", "/_sim/retailops/pos", {"vendor_id": 27}),
    ("none", "GET", "/_sim/retailops/pos/D123", None),
    ("none", "POST", "/_sim/retailops/pos/D123/change", {"action": "cancel_item"}),
]
VENDORS = {"provet": PROVET, "provet-connect": CONNECT, "allivet": ALLIVET,
           "retailops": RETAILOPS, "control": CONTROL}
