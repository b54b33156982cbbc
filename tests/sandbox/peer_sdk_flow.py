"""Bandwidth's V2 Python SDK driving the sandbox (run by test_peer_sdk in the SDK's venv).

Usage: python peer_sdk_flow.py V2_BASE_URL   (e.g. http://127.0.0.1:PORT/api)

Uses PyPI ``bandwidth-numbers-sdk`` 1.2.0 (package ``bandwidth_numbers``) as its README
shows a user, with nothing patched: ``Client(url=..., account_id=..., username=...,
password=...)`` and ``Account(client=client)``. Walks the seed guide's flow — sites, SIP
peers, search (plain and ``enableTNDetail``), an ExistingTelephoneNumber order polled to
its end, an NPANXX search-and-order, the in-service list and totals, a disconnect polled
to its end — then provokes errors. Prints one JSON object on stdout for the test to
check. Standard library + the SDK only: this file runs in a venv that holds nothing else.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any
from xml.etree import ElementTree

from bandwidth_numbers import Account, Client
from bandwidth_numbers.utils.rest import RestError
from requests.exceptions import HTTPError

ACCOUNT, USER, PASSWORD, SITE = "9900000", "demo", "demo", "100"
FINAL = {"COMPLETE", "PARTIAL", "FAILED", "BACKORDERED"}


def poll(get: Any, limit: float = 20.0) -> tuple[Any, list[str]]:
    """Call ``get()`` until its ``order_status`` is final (the SDK has no wait helper);
    returns the last response and every status seen."""
    seen: list[str] = []
    deadline = time.monotonic() + limit
    while True:
        response = get()
        seen.append(response.order_status)
        if response.order_status in FINAL or time.monotonic() > deadline:
            return response, seen
        time.sleep(0.1)


def error_of(call: Any) -> dict[str, Any]:
    """What the SDK raises for ``call()``: its class and message (or that nothing was)."""
    try:
        call()
    except (RestError, HTTPError) as exc:
        return {"raised": type(exc).__name__, "message": str(exc)}
    return {"raised": None, "message": None}


def in_service(account: Any) -> list[str]:
    return list(account.in_service_numbers.list({"page": 1, "size": 5000}).items)


def main(v2_url: str) -> dict[str, Any]:
    client = Client(url=v2_url, account_id=ACCOUNT, username=USER, password=PASSWORD)
    account = Account(client=client)
    out: dict[str, Any] = {}

    # Sites and SIP peers.
    sites = account.sites.list()
    out["sites"] = [{"id": s.id, "name": s.name} for s in sites.items]
    site = next(s for s in sites.items if s.id == SITE)
    out["sip_peers"] = [
        {"peer_id": p.peer_id, "peer_name": p.peer_name, "is_default_peer": p.is_default_peer}
        for p in site.sip_peers.list().items
    ]

    # Search: plain (a list of strings) and with details (model objects). The SDK only
    # returns the detail list when enableTNDetail is the string "true".
    out["search_plain"] = list(
        account.available_numbers.list({"areaCode": "919", "quantity": 5}).items
    )
    detail = account.available_numbers.list(
        {"areaCode": "919", "quantity": 5, "enableTNDetail": "true"}
    )
    out["search_detail"] = [
        {k: getattr(d, k) for k in ("full_number", "city", "state", "rate_center", "lata", "tier")}
        for d in detail.items
    ]

    numbers = out["search_plain"][:2]
    out["in_service_before"] = [n for n in numbers if n in in_service(account)]

    # An ExistingTelephoneNumber order for two of the numbers found, polled to its end.
    order = account.orders.create(
        {
            "name": "peer SDK order",
            "site_id": SITE,
            "customer_order_id": "peer-sdk-1",
            "existing_telephone_number_order_type": {
                "telephone_number_list": {"telephone_number": numbers}
            },
        }
    )
    out["order_id"] = order.id
    out["order_created_status"] = order.order_status
    response, seen = poll(lambda: account.orders.get(order.id))
    out["order_statuses"] = seen
    out["order_final"] = {
        "status": response.order_status,
        "completed": list(response.completed_numbers.telephone_number.items),
        "completed_quantity": response.completed_quantity,
        "failed_quantity": response.failed_quantity,
        "site_id": response.order.site_id,
        "name": response.order.name,
        "customer_order_id": response.order.customer_order_id,
    }

    # A search-and-order type the SDK spells its own way: its camel-casing sends
    # <NpanxxSearchAndOrderType> and <EnableLca>, not the documented NPANXX…/EnableLCA
    # (v2 notes §8.1). The sandbox accepts the element-name case variants published SDKs
    # send (issue 2), so this order goes through unchanged.
    npanxx_request = {
        "name": "peer SDK NPANXX order",
        "site_id": SITE,
        "npanxx_search_and_order_type": {
            "npa_nxx": numbers[0][:6],
            "quantity": "1",
            "enable_lca": "false",
        },
    }
    # What save() will put on the wire (the same object's serialiser; nothing is sent).
    wire = ElementTree.fromstring(account.orders.create(npanxx_request, save=False)._serialize())
    out["npanxx_wire_names"] = [el.tag for el in wire.iter()]
    npanxx = account.orders.create(npanxx_request)
    nresponse, nseen = poll(lambda: account.orders.get(npanxx.id))
    out["npanxx_statuses"] = nseen
    out["npanxx_final"] = {
        "status": nresponse.order_status,
        "completed": list(nresponse.completed_numbers.telephone_number.items),
    }
    bought = numbers + out["npanxx_final"]["completed"]

    out["in_service_after_order"] = [n for n in bought if n in in_service(account)]
    out["in_service_total_after_order"] = account.in_service_numbers.totals.get().count

    # A disconnect for everything bought, polled to its end.
    disconnect = account.disconnects.create(
        {
            "name": "peer SDK disconnect",
            "customer_order_id": "peer-sdk-disc-1",
            "disconnect_telephone_number_order_type": {
                "telephone_number_list": {"telephone_number": bought}
            },
        }
    )
    out["disconnect_id"] = disconnect.id
    out["disconnect_created_status"] = disconnect.order_status
    dresponse, dseen = poll(lambda: account.disconnects.get(disconnect.id))
    out["disconnect_statuses"] = dseen
    out["disconnect_final"] = {"status": dresponse.order_status}
    out["in_service_after_disconnect"] = [n for n in bought if n in in_service(account)]
    out["in_service_total_after_disconnect"] = account.in_service_numbers.totals.get().count

    # Errors. An order for a site that does not exist: 400, <OrderResponse><ErrorList>.
    out["error_bad_site"] = error_of(
        lambda: account.orders.create(
            {
                "name": "bad site",
                "site_id": "999999",
                "existing_telephone_number_order_type": {
                    "telephone_number_list": {"telephone_number": [numbers[0]]}
                },
            }
        )
    )
    # A search with an invalid area code: 400, <SearchResult><Error>.
    out["error_search"] = error_of(
        lambda: account.available_numbers.list({"areaCode": "19", "quantity": 1})
    )
    # An order id that does not exist: 404, <ErrorResponse><ResponseStatus>.
    out["error_unknown_order"] = error_of(lambda: account.orders.get("no-such-order"))
    # A wrong password: 401 with an empty body.
    bad = Account(client=Client(url=v2_url, account_id=ACCOUNT, username=USER, password="x"))
    out["error_auth"] = error_of(lambda: bad.sites.list())
    # Why the SDK's error parser gives up on bodies without a top-level ErrorList.
    out["etree_has_getchildren"] = hasattr(ElementTree.Element, "getchildren")
    out["python"] = sys.version.split()[0]
    return out


if __name__ == "__main__":
    json.dump(main(sys.argv[1]), sys.stdout)
